// SPDX-License-Identifier: MIT
// presign: "~" in the shared credentials/config file paths, as the AWS CLI expands it
// (Python's os.path.expanduser) on POSIX systems and on Windows.
#pragma once

#include <string>
#include <string_view>

#include "presign/credentials_env.hpp"

namespace presign::inline v0::detail {

/// Whose rules find the home directory: POSIX (HOME; "~/") or Windows (USERPROFILE, else
/// HOMEDRIVE + HOMEPATH; "~/" and "~\"). Both are always compiled, so both are tested
/// everywhere; a program uses its platform's (native_home_convention).
enum class home_convention : unsigned char { posix, windows };

#if defined(_WIN32)
inline constexpr home_convention native_home_convention = home_convention::windows;
#else
inline constexpr home_convention native_home_convention = home_convention::posix;
#endif

/// The home directory under `convention`, from the environment; empty when it names none.
/// Empty variables count as unset. Windows: Python 3.8+'s ntpath.expanduser, which botocore
/// and the AWS CLI use (USERPROFILE, else HOMEDRIVE joined with HOMEPATH; HOME is not read).
[[nodiscard]] inline std::string home_directory(home_convention convention) {
  if (convention == home_convention::posix) return std::string{getenv_view("HOME")};
  if (const std::string_view profile = getenv_view("USERPROFILE"); !profile.empty()) {
    return std::string{profile};
  }
  const std::string_view path = getenv_view("HOMEPATH");
  if (path.empty()) return {};
  // ntpath.join(HOMEDRIVE, HOMEPATH) for what Windows sets: "C:" + "\Users\name", or a UNC
  // share "\\server\share" + "\".
  std::string home{getenv_view("HOMEDRIVE")};
  home.append(path);
  return home;
}

/// "~" alone or followed by a separator ('/'; on Windows '/' or '\') becomes the home
/// directory; "~user" and every other path are returned unchanged. An empty result means
/// "no such file" (no home directory known).
[[nodiscard]] inline std::string expand_home(std::string_view path,
                                             home_convention convention = native_home_convention) {
  if (path.empty() || path[0] != '~') return std::string{path};
  if (path.size() > 1) {
    const char next = path[1];
    const bool separator = next == '/' || (convention == home_convention::windows && next == '\\');
    if (!separator) return std::string{path};
  }
  std::string out = home_directory(convention);
  if (out.empty()) return {};
  out.append(path.substr(1));
  return out;
}

}  // namespace presign::inline v0::detail
