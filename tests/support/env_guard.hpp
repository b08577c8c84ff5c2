// SPDX-License-Identifier: MIT
// Test helper: sets and unsets environment variables, restoring every one at scope exit.
// POSIX setenv/unsetenv, or the C runtime's _putenv_s on Windows (where an empty value unsets).
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace presign_test {

class env_guard {
 public:
  env_guard() = default;
  env_guard(const env_guard&) = delete;
  env_guard& operator=(const env_guard&) = delete;
  ~env_guard() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) {
        put(it->first, *it->second);
      } else {
        remove(it->first);
      }
    }
  }
  void set(const std::string& name, const std::string& value) {
    save(name);
    put(name, value);
  }
  void unset(const std::string& name) {
    save(name);
    remove(name);
  }

 private:
  static void put(const std::string& name, const std::string& value) {
#if defined(_WIN32)
    (void)_putenv_s(name.c_str(), value.c_str());
#else
    (void)::setenv(name.c_str(), value.c_str(), 1);
#endif
  }
  static void remove(const std::string& name) {
#if defined(_WIN32)
    (void)_putenv_s(name.c_str(), "");
#else
    (void)::unsetenv(name.c_str());
#endif
  }
  void save(const std::string& name) {
    const char* old = std::getenv(name.c_str());
    saved_.emplace_back(name, old ? std::optional<std::string>{old} : std::nullopt);
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

}  // namespace presign_test
