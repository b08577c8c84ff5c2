// SPDX-License-Identifier: MIT
// The presign CLI: a minimal JSON writer (objects of strings and nested objects, in the order
// written), enough for --output json.
#pragma once

#include <string>
#include <string_view>

namespace presign_cli {

/// Appends `s` as a JSON string literal (RFC 8259 §7: quote, backslash and control characters
/// escaped; other bytes, UTF-8 included, copied).
inline void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (b < 0x20 || b == 0x7F) {
          out += "\\u00";
          out += hex[b >> 4];
          out += hex[b & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

/// Writes one JSON object member at a time, with commas in the right places.
class json_object {
 public:
  explicit json_object(std::string& out) : out_(out) { out_ += '{'; }
  void string(std::string_view name, std::string_view value) {
    key(name);
    append_json_string(out_, value);
  }
  void number(std::string_view name, long long value) {
    key(name);
    out_ += std::to_string(value);
  }
  /// Starts a nested object; write its members through the returned writer, then close() it.
  json_object object(std::string_view name) {
    key(name);
    return json_object(out_);
  }
  void close() { out_ += '}'; }

 private:
  void key(std::string_view name) {
    if (!first_) out_ += ", ";
    first_ = false;
    append_json_string(out_, name);
    out_ += ": ";
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace presign_cli
