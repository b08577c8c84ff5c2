// SPDX-License-Identifier: MIT
// The presign command-line tool: presigned S3 URLs from the shell, with aws-cli habits.
#include <cstdio>
#include <string_view>

#include <presign/presign.hpp>

#include "args.hpp"
#include "presign_command.hpp"
#if __has_include("verify_command.hpp")
#  include "verify_command.hpp"
#  define PRESIGN_CLI_HAS_VERIFY 1
#endif
#if __has_include("post_command.hpp")
#  include "post_command.hpp"
#  define PRESIGN_CLI_HAS_POST 1
#endif

int main(int argc, char** argv) {
  presign_cli::arg_reader args(argc, argv);
  if (!args.done()) {
    const std::string_view first = args.peek();
    if (first == "--help" || first == "-h" || first == "help") {
      std::fputs(presign_cli::presign_usage.data(), stdout);
      return 0;
    }
    if (first == "--version") {
      std::printf("presign %s\n", PRESIGN_VERSION_STRING);
      return 0;
    }
#if defined(PRESIGN_CLI_HAS_VERIFY)
    if (first == "verify") {
      (void)args.positional();
      return presign_cli::run_verify(args);
    }
#endif
#if defined(PRESIGN_CLI_HAS_POST)
    if (first == "post") {
      (void)args.positional();
      return presign_cli::run_post(args);
    }
#endif
  }
  return presign_cli::run_presign(args);
}
