// SPDX-License-Identifier: MIT
// The presign command-line tool: presigned S3 URLs from the shell, with aws-cli habits.
#include <cstdio>
#include <string_view>

#include <presign/presign.hpp>

#include "args.hpp"
#include "presign_command.hpp"

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
  }
  return presign_cli::run_presign(args);
}
