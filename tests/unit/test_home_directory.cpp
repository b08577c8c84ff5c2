// SPDX-License-Identifier: MIT
// "~" in the shared-file paths: POSIX (HOME) and Windows (USERPROFILE, else HOMEDRIVE+HOMEPATH,
// "~\" as well as "~/") rules, both run on every platform with the variables set here. The
// expected answers are Python 3.8+'s posixpath/ntpath.expanduser (what botocore calls), worked
// out by hand from their source; empty variables count as unset, as everywhere in presign.
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <initializer_list>
#include <string>

#include "support/env_guard.hpp"

namespace {

using presign::detail::expand_home;
using presign::detail::home_convention;
using presign_test::env_guard;

void clear_home_variables(env_guard& env) {
  for (const char* name : {"HOME", "USERPROFILE", "HOMEDRIVE", "HOMEPATH"}) env.unset(name);
}

}  // namespace

TEST_CASE("expand_home, POSIX: HOME, '~' and '~/' only") {
  env_guard env;
  clear_home_variables(env);
  env.set("HOME", "/home/tester");
  env.set("USERPROFILE", "C:\\Users\\ignored");  // not read on POSIX
  CHECK(expand_home("~/.aws/credentials", home_convention::posix) ==
        "/home/tester/.aws/credentials");
  CHECK(expand_home("~", home_convention::posix) == "/home/tester");
  CHECK(expand_home("~\\.aws\\config", home_convention::posix) == "~\\.aws\\config");
  CHECK(expand_home("~other/.aws/config", home_convention::posix) == "~other/.aws/config");
  CHECK(expand_home("/etc/aws/config", home_convention::posix) == "/etc/aws/config");
  CHECK(expand_home("", home_convention::posix).empty());
  env.unset("HOME");
  CHECK(expand_home("~/.aws/config", home_convention::posix).empty());  // no home: no file
  env.set("HOME", "");
  CHECK(expand_home("~/.aws/config", home_convention::posix).empty());
}

TEST_CASE("expand_home, Windows: USERPROFILE first, '~/' and '~\\'") {
  env_guard env;
  clear_home_variables(env);
  env.set("USERPROFILE", "C:\\Users\\tester");
  env.set("HOMEDRIVE", "D:");
  env.set("HOMEPATH", "\\Other");
  env.set("HOME", "/c/Users/msys");  // Python 3.8+ no longer reads HOME on Windows
  CHECK(expand_home("~\\.aws\\credentials", home_convention::windows) ==
        "C:\\Users\\tester\\.aws\\credentials");
  CHECK(expand_home("~/.aws/config", home_convention::windows) == "C:\\Users\\tester/.aws/config");
  CHECK(expand_home("~", home_convention::windows) == "C:\\Users\\tester");
  CHECK(expand_home("~other\\x", home_convention::windows) == "~other\\x");
  CHECK(expand_home("C:\\aws\\config", home_convention::windows) == "C:\\aws\\config");
}

TEST_CASE("expand_home, Windows: HOMEDRIVE + HOMEPATH without USERPROFILE") {
  env_guard env;
  clear_home_variables(env);
  env.set("HOMEDRIVE", "C:");
  env.set("HOMEPATH", "\\Users\\tester");
  CHECK(expand_home("~\\.aws\\credentials", home_convention::windows) ==
        "C:\\Users\\tester\\.aws\\credentials");
  env.set("USERPROFILE", "");  // empty counts as unset
  CHECK(expand_home("~\\.aws\\config", home_convention::windows) ==
        "C:\\Users\\tester\\.aws\\config");
  env.set("HOMEDRIVE", "\\\\server\\share");  // a home on a network share
  env.set("HOMEPATH", "\\");
  CHECK(expand_home("~\\.aws\\config", home_convention::windows) ==
        "\\\\server\\share\\\\.aws\\config");
  env.unset("HOMEDRIVE");  // ntpath joins an absent drive as ""
  env.set("HOMEPATH", "\\Users\\tester");
  CHECK(expand_home("~\\x", home_convention::windows) == "\\Users\\tester\\x");
  env.unset("HOMEPATH");  // HOMEDRIVE alone names no home
  env.set("HOMEDRIVE", "C:");
  CHECK(expand_home("~\\.aws\\config", home_convention::windows).empty());
  env.set("HOME", "/home/tester");
  CHECK(expand_home("~\\.aws\\config", home_convention::windows).empty());
}

TEST_CASE("default_aws_config_paths finds the home directory by this platform's rules") {
  env_guard env;
  clear_home_variables(env);
  for (const char* name : {"AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"}) env.unset(name);
#if defined(_WIN32)
  CHECK(presign::detail::native_home_convention == home_convention::windows);
  env.set("USERPROFILE", "C:\\Users\\tester");
  auto p = presign::default_aws_config_paths();
  CHECK(p.credentials_file == "C:\\Users\\tester/.aws/credentials");
  CHECK(p.config_file == "C:\\Users\\tester/.aws/config");
  env.set("AWS_SHARED_CREDENTIALS_FILE", "~\\keys\\creds");
  CHECK(presign::default_aws_config_paths().credentials_file == "C:\\Users\\tester\\keys\\creds");
#else
  CHECK(presign::detail::native_home_convention == home_convention::posix);
  env.set("USERPROFILE", "C:\\Users\\tester");
  CHECK(presign::default_aws_config_paths().credentials_file.empty());  // HOME is unset
  env.set("HOME", "/home/tester");
  CHECK(presign::default_aws_config_paths().credentials_file == "/home/tester/.aws/credentials");
#endif
}
