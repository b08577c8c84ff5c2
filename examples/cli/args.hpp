// SPDX-License-Identifier: MIT
// The presign CLI: command-line parsing. Options take their value as the next argument or
// after '=' (`--region eu-west-1`, `--region=eu-west-1`), as the AWS CLI accepts them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace presign_cli {

/// A usage error: the CLI prints it and exits 2 (or `status`: 1 for a configuration that
/// cannot be used).
struct usage_error {
  std::string message;
  int status = 2;
};

class arg_reader {
 public:
  arg_reader(int argc, char** argv) : args_(argv + 1, argv + argc) {}

  [[nodiscard]] bool done() const { return i_ >= args_.size(); }
  [[nodiscard]] std::string_view peek() const { return args_[i_]; }

  /// If the next argument is the flag `name`, consumes it and returns true.
  bool flag(std::string_view name) {
    if (done() || peek() != name) return false;
    ++i_;
    return true;
  }
  /// If the next argument is option `name`, consumes it with its value. A missing value (the
  /// end of the arguments, or another `--option` where the value should be) is a usage error;
  /// a value that really starts with "--" can be given as `name=--value`.
  std::optional<std::string> option(std::string_view name) {
    if (done()) return std::nullopt;
    const std::string_view a = peek();
    if (a == name) {
      if (i_ + 1 >= args_.size() || args_[i_ + 1].substr(0, 2) == "--") {
        record_missing(name);
        return std::nullopt;
      }
      i_ += 2;
      return std::string(args_[i_ - 1]);
    }
    if (a.size() > name.size() && a.substr(0, name.size()) == name && a[name.size()] == '=') {
      ++i_;
      return std::string(a.substr(name.size() + 1));
    }
    return std::nullopt;
  }
  /// Consumes the next argument as a positional one.
  std::string positional() { return std::string(args_[i_++]); }

  [[nodiscard]] const std::optional<usage_error>& error() const { return error_; }

 private:
  void record_missing(std::string_view name) {
    error_ = usage_error{std::string(name) + " needs a value"};
    i_ = args_.size();
  }
  std::vector<std::string_view> args_;
  std::size_t i_ = 0;
  std::optional<usage_error> error_;
};

/// Parses a whole decimal number in [lo, hi]; nullopt otherwise.
inline std::optional<long long> parse_integer(std::string_view s, long long lo, long long hi) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  long long v = 0;
  bool negative = false;
  std::size_t i = 0;
  if (s[0] == '-') {
    negative = true;
    i = 1;
    if (s.size() == 1) return std::nullopt;
  }
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  if (negative) v = -v;
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

/// Splits "s3://BUCKET/KEY": the key is everything after the bucket's '/', verbatim.
/// "s3://BUCKET" (no slash) names the bucket itself.
struct s3_uri {
  std::string bucket;
  std::string key;
  bool bucket_only = false;
};

inline std::optional<s3_uri> parse_s3_uri(std::string_view uri) {
  constexpr std::string_view scheme = "s3://";
  if (uri.substr(0, scheme.size()) != scheme) return std::nullopt;
  uri.remove_prefix(scheme.size());
  const auto slash = uri.find('/');
  s3_uri out;
  if (slash == std::string_view::npos) {
    out.bucket = std::string(uri);
    out.bucket_only = true;
  } else {
    out.bucket = std::string(uri.substr(0, slash));
    out.key = std::string(uri.substr(slash + 1));
  }
  if (out.bucket.empty()) return std::nullopt;
  return out;
}

}  // namespace presign_cli
