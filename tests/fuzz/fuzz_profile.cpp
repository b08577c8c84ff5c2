// SPDX-License-Identifier: MIT
// libFuzzer target: the AWS shared config/credentials file parser (detail::parse_ini, the
// function profile_credentials runs on the file's bytes), the `[profile NAME]` header rule
// and the credentials taken from a section. Any text: no crash, an error names a line that
// exists and a fixed reason (never bytes of the file: secrets live there); a parsed section's
// credentials are either valid or one of the documented errors. Every 64th input also goes
// through a real file and profile_credentials, whose diagnostic must not contain the secret
// value of the section.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unistd.h>

#include <presign/presign.hpp>

namespace {

[[noreturn]] void fail(const char* what, int line) {
  (void)std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, line, what);
  std::abort();
}
#define FUZZ_REQUIRE(cond) ((cond) ? (void)0 : fail(#cond, __LINE__))

bool points_into(std::string_view inner, std::string_view outer) {
  const auto i = reinterpret_cast<std::uintptr_t>(inner.data());
  const auto o = reinterpret_cast<std::uintptr_t>(outer.data());
  return !inner.empty() && i >= o && i < o + outer.size();
}

std::size_t line_count(std::string_view s) {
  std::size_t n = 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'))) ++n;
  }
  return n;
}

void through_a_file(std::string_view text, const std::string& section_secret) {
  static const std::string path = [] {
    std::string p = "/tmp/presign-fuzz-profile-" + std::to_string(::getpid());
    return p;
  }();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return;
  (void)std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  presign::aws_config_paths paths;
  paths.credentials_file = path;
  paths.profile = "default";
  const presign::profile_credentials source(paths);
  const auto got = source.get();
  if (!got) {
    const presign::errc e = got.error();
    FUZZ_REQUIRE(e == presign::errc::credentials_unavailable || e == presign::errc::missing_credentials ||
            e == presign::errc::invalid_credentials);
  }
  // The diagnostic names files, lines and keys, never values. Only secrets with a byte that
  // no path, profile name or fixed phrase of a diagnostic has can be looked for without false
  // alarms (a secret "file" would be found in "credentials file").
  const bool distinctive =
      section_secret.size() >= 8 &&
      section_secret.find_first_of("=+!@%*~^\x80\xff") != std::string::npos;
  if (distinctive) FUZZ_REQUIRE(source.diagnostic().find(section_secret) == std::string::npos);
  std::remove(path.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static std::size_t calls = 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  presign::detail::ini_section chosen;
  std::string chosen_name;
  const presign::detail::ini_error err = presign::detail::parse_ini(
      text, [&](std::string_view name) -> presign::detail::ini_section* {
        // The first section, or "default"/"profile default" (what the loader asks for).
        const std::string_view profile = presign::detail::config_profile_name(name);
        FUZZ_REQUIRE(profile.size() <= name.size());
        if (chosen_name.empty() || name == "default" || profile == "default") {
          chosen_name = std::string(name);
          return &chosen;
        }
        return nullptr;
      });
  if (err.line != 0) {
    FUZZ_REQUIRE(err.line <= line_count(text));
    FUZZ_REQUIRE(!err.reason.empty() && !points_into(err.reason, text));
  } else {
    FUZZ_REQUIRE(err.reason.empty());
    const auto creds = presign::detail::credentials_from_section(chosen);
    if (creds) {
      FUZZ_REQUIRE(presign::validate_credentials(creds->view()) == presign::errc::ok);
    } else {
      const presign::errc e = creds.error();
      FUZZ_REQUIRE(e == presign::errc::missing_credentials || e == presign::errc::invalid_credentials);
    }
  }
  if (++calls % 64 == 0) {
    const std::string* secret = chosen.find("aws_secret_access_key");
    through_a_file(text, secret != nullptr ? *secret : std::string());
  }
  return 0;
}
