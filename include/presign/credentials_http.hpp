// SPDX-License-Identifier: MIT
// presign: the sans-I/O core of the credentials endpoints (IMDS, ECS/EKS container, later STS).
// presign builds each request (views into caller memory, no heap), a user-supplied transport
// sends it, and presign parses the answer. A strict reader for the small flat JSON objects
// these endpoints return turns the answer into owned_credentials, all fields or none.
// Opt-in (presign.hpp, not core.hpp): no sockets here; see credentials_http_posix.hpp for a
// built-in transport.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "presign/config.hpp"
#include "presign/credentials.hpp"
#include "presign/credentials_env.hpp"
#include "presign/detail/guarded_call.hpp"
#include "presign/error.hpp"
#include "presign/hex.hpp"
#include "presign/sigv4.hpp"

namespace presign::inline v0 {

/// A request to a credentials endpoint. Every string is a view (of presign's literals or of the
/// provider's fixed buffers) valid during the transport call only. `host` is a name or an IP
/// literal without brackets ("fd00:ec2::254"); the transport writes the Host header.
struct http_request {
  static constexpr std::size_t max_headers = 4;

  std::string_view scheme = "http";  ///< "http" or "https"
  std::string_view method = "GET";
  std::string_view host;
  std::uint16_t port = 80;
  std::string_view path = "/";       ///< origin-form, already percent-encoded
  std::array<http_header, max_headers> header_storage{};
  std::size_t header_count = 0;
  std::string_view body;

  /// The headers to send (besides Host, and Content-Length when there is a body).
  [[nodiscard]] constexpr std::span<const http_header> headers() const noexcept {
    return {header_storage.data(), header_count};
  }
  /// Adds a header; false (nothing added) when max_headers are there already.
  constexpr bool add_header(std::string_view name, std::string_view value) noexcept {
    if (header_count == max_headers) return false;
    header_storage[header_count++] = http_header{name, value};
    return true;
  }
};

/// A transport's answer. `body` views memory the transport owns, valid until its next call.
struct http_response {
  int status = 0;
  std::string_view body;
};

/// Sends a request and returns the answer: a non-2xx status is an answer, not an error; errors
/// are for requests that got no answer (credentials_unavailable for refused, timed out, too
/// large...). Called from one thread at a time by a provider. A transport that throws is
/// caught (send_request): the exception becomes errc::credentials_unavailable.
template <class T>
concept transport = requires(T& t, const http_request& r) {
  { t(r) } -> std::convertible_to<result<http_response>>;
};

/// Calls `t(r)`; an exception (a user transport's, bad_alloc) becomes credentials_unavailable.
template <transport T>
[[nodiscard]] result<http_response> send_request(T& t, const http_request& r) noexcept {
  return detail::call_or<result<http_response>>([&t, &r]() { return t(r); },
                                                errc::credentials_unavailable);
}

namespace detail {

// A strict reader for one flat JSON object (RFC 8259): `{ "name": value, ... }` where a value
// is a string, a number, true, false or null; nested objects and arrays, duplicate names,
// trailing commas and anything after the closing brace are malformed. Built for the credential
// documents (IMDS, ECS, credential_process), which are exactly that. Names are compared raw
// (no escapes in the names we look for); string values are decoded on request.
class flat_json {
 public:
  enum class kind : std::uint8_t { string, number, literal };
  struct member {
    std::string_view name;   // raw, between the quotes
    std::string_view value;  // raw: a string's text between the quotes, else the token
    kind type = kind::literal;
  };
  static constexpr std::size_t max_members = 32;

  /// Parses `text`; malformed_response when it is not such an object (or has > max_members).
  [[nodiscard]] static constexpr result<flat_json> parse(std::string_view text) noexcept {
    flat_json j;
    std::size_t i = 0;
    skip_ws(text, i);
    if (i >= text.size() || text[i] != '{') return errc::malformed_response;
    ++i;
    skip_ws(text, i);
    if (i < text.size() && text[i] == '}') {
      ++i;
    } else {
      for (;;) {
        member m;
        skip_ws(text, i);
        if (!read_string(text, i, m.name)) return errc::malformed_response;
        skip_ws(text, i);
        if (i >= text.size() || text[i] != ':') return errc::malformed_response;
        ++i;
        skip_ws(text, i);
        if (i >= text.size()) return errc::malformed_response;
        if (text[i] == '"') {
          if (!read_string(text, i, m.value)) return errc::malformed_response;
          m.type = kind::string;
        } else if (!read_scalar(text, i, m)) {
          return errc::malformed_response;
        }
        for (std::size_t k = 0; k < j.count_; ++k) {
          if (j.members_[k].name == m.name) return errc::malformed_response;  // duplicate
        }
        if (j.count_ == max_members) return errc::malformed_response;
        j.members_[j.count_++] = m;
        skip_ws(text, i);
        if (i >= text.size()) return errc::malformed_response;
        if (text[i] == ',') { ++i; continue; }
        if (text[i] == '}') { ++i; break; }
        return errc::malformed_response;
      }
    }
    skip_ws(text, i);
    if (i != text.size()) return errc::malformed_response;
    return j;
  }

  /// The member called `name`, or nullptr.
  [[nodiscard]] constexpr const member* find(std::string_view name) const noexcept {
    for (std::size_t k = 0; k < count_; ++k) {
      if (members_[k].name == name) return &members_[k];
    }
    return nullptr;
  }

  /// Decodes the string member `name` into `out` (replacing it). missing_field when absent
  /// (a null counts as absent, as botocore reads it), wrong_field_type when not a string.
  /// May throw bad_alloc (out grows), unless built without exceptions.
  [[nodiscard]] errc get_string(std::string_view name, std::string& out) const {
    const member* m = find(name);
    if (m == nullptr || (m->type == kind::literal && m->value == "null")) return errc::missing_field;
    if (m->type != kind::string) return errc::wrong_field_type;
    out.clear();
    out.reserve(m->value.size());
    const std::string_view v = m->value;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] != '\\') { out.push_back(v[i]); continue; }
      const char e = v[++i];  // read_string checked that an escape is complete
      switch (e) {
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          std::uint32_t cp = hex4(v, i + 1);
          i += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate: read_string checked its pair
            const std::uint32_t lo = hex4(v, i + 3);
            i += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default: out.push_back(e); break;  // " \ /
      }
    }
    return errc::ok;
  }

 private:
  std::array<member, max_members> members_{};
  std::size_t count_ = 0;

  static constexpr void skip_ws(std::string_view t, std::size_t& i) noexcept {
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) ++i;
  }
  // The 4 hex digits at t[pos..]; 0x110000 (no code point) when they are not.
  static constexpr std::uint32_t hex4(std::string_view t, std::size_t pos) noexcept {
    if (pos > t.size() || t.size() - pos < 4) return 0x110000;
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int d = hex_digit_value(t[pos + k]);
      if (d < 0) return 0x110000;
      v = v * 16 + static_cast<std::uint32_t>(d);
    }
    return v;
  }
  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  // A string at t[i] == '"': its raw text in `raw`, i past the closing quote. Checks escapes
  // (surrogates paired) and refuses raw control characters.
  static constexpr bool read_string(std::string_view t, std::size_t& i, std::string_view& raw) noexcept {
    if (i >= t.size() || t[i] != '"') return false;
    const std::size_t start = ++i;
    while (i < t.size()) {
      const char c = t[i];
      if (c == '"') {
        raw = t.substr(start, i - start);
        ++i;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') { ++i; continue; }
      if (++i >= t.size()) return false;
      const char e = t[i];
      if (e == 'u') {
        const std::uint32_t cp = hex4(t, i + 1);
        if (cp > 0xFFFF || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
        i += 5;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (i + 1 >= t.size() || t[i] != '\\' || t[i + 1] != 'u') return false;
          const std::uint32_t lo = hex4(t, i + 2);
          if (lo < 0xDC00 || lo > 0xDFFF) return false;
          i += 6;
        }
        continue;
      }
      if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
        return false;
      }
      ++i;
    }
    return false;
  }
  // A number (RFC 8259 grammar) or true/false/null at t[i].
  static constexpr bool read_scalar(std::string_view t, std::size_t& i, member& m) noexcept {
    for (std::string_view lit : {std::string_view{"true"}, std::string_view{"false"}, std::string_view{"null"}}) {
      if (t.substr(i, lit.size()) == lit) {
        m.value = t.substr(i, lit.size());
        m.type = kind::literal;
        i += lit.size();
        return true;
      }
    }
    const std::size_t start = i;
    auto digit = [&t](std::size_t k) { return k < t.size() && t[k] >= '0' && t[k] <= '9'; };
    if (i < t.size() && t[i] == '-') ++i;
    if (!digit(i)) return false;
    if (t[i] == '0') {
      ++i;
    } else {
      while (digit(i)) ++i;
    }
    if (i < t.size() && t[i] == '.') {
      ++i;
      if (!digit(i)) return false;
      while (digit(i)) ++i;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
      ++i;
      if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
      if (!digit(i)) return false;
      while (digit(i)) ++i;
    }
    m.value = t.substr(start, i - start);
    m.type = kind::number;
    return true;
  }
};

}  // namespace detail

/// Names of the fields of a credentials document (they differ between sources: IMDS and the
/// container endpoint say Token, credential_process says SessionToken).
struct credentials_json_fields {
  std::string_view access_key_id = "AccessKeyId";
  std::string_view secret_access_key = "SecretAccessKey";
  std::string_view session_token = "Token";
  std::string_view expiration = "Expiration";
  bool session_token_required = true;
  bool expiration_required = true;
};

/// Parses a credentials document (the IMDS and container endpoints' JSON) into credentials,
/// all of them or none. When a `Code` field is present it must be "Success" (IMDS reports a
/// failed role lookup there). Errors: malformed_response (not a flat JSON object),
/// missing_field, wrong_field_type, invalid_time (Expiration not ISO 8601), credentials_unavailable
/// (Code not Success), and the validate_credentials errors. Does not compare the expiration
/// with a clock (refreshing_credentials does). May throw bad_alloc unless exceptions are off.
[[nodiscard]] inline result<owned_credentials> parse_credentials_json(
    std::string_view text, const credentials_json_fields& f = {}) {
  const result<detail::flat_json> doc = detail::flat_json::parse(text);
  if (!doc) return doc.error();
  std::string code;
  if (const errc e = doc->get_string("Code", code); e == errc::wrong_field_type) return e;
  else if (e == errc::ok && code != "Success") return errc::credentials_unavailable;

  owned_credentials c;
  if (const errc e = doc->get_string(f.access_key_id, c.access_key_id); e != errc::ok) return e;
  if (const errc e = doc->get_string(f.secret_access_key, c.secret_access_key); e != errc::ok) return e;
  if (const errc e = doc->get_string(f.session_token, c.session_token);
      e != errc::ok && (e != errc::missing_field || f.session_token_required)) {
    return e;
  }
  std::string expiration;
  if (const errc e = doc->get_string(f.expiration, expiration); e == errc::ok) {
    const result<std::int64_t> t = parse_expiration_time(expiration);
    if (!t) return t.error();
    c.expiration = *t;
  } else if (e != errc::missing_field || f.expiration_required) {
    return e;
  }
  if (const errc e = validate_credentials(c.view()); e != errc::ok) return e;
  return c;
}

namespace detail {

// A small fixed buffer for the strings a provider keeps between two requests (a token, a role
// name, a path): no heap, and an overlong value is an error rather than a truncation.
template <std::size_t N>
class small_text {
 public:
  constexpr bool assign(std::string_view s) noexcept {
    size_ = 0;
    return append(s);
  }
  constexpr bool append(std::string_view s) noexcept {
    if (s.size() > N - size_) return false;
    for (char c : s) data_[size_++] = c;
    return true;
  }
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {data_.data(), size_}; }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }

 private:
  std::array<char, N> data_{};
  std::size_t size_ = 0;
};

// ASCII case-insensitive equality (for the environment's "true", "IPv6"...).
[[nodiscard]] constexpr bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    const char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

// True when s is safe to put in a header value or a path: printable ASCII, no space.
[[nodiscard]] constexpr bool http_token_text(std::string_view s) noexcept {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return false;
  }
  return !s.empty();
}

// http://host[:port][/...] or https://...: scheme, host (brackets removed), port, path ("/" when
// empty). invalid_endpoint for anything else (userinfo, query, fragment, a bad port).
struct parsed_url {
  std::string_view scheme;
  std::string_view host;
  std::uint16_t port = 0;
  std::string_view path;
};
[[nodiscard]] constexpr result<parsed_url> parse_http_url(std::string_view url) noexcept {
  parsed_url u;
  std::string_view rest;
  if (url.substr(0, 7) == "http://") {
    u.scheme = "http";
    u.port = 80;
    rest = url.substr(7);
  } else if (url.substr(0, 8) == "https://") {
    u.scheme = "https";
    u.port = 443;
    rest = url.substr(8);
  } else {
    return errc::invalid_endpoint;
  }
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  u.path = slash == std::string_view::npos ? std::string_view{"/"} : rest.substr(slash);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return errc::invalid_endpoint;
  if (u.path.find_first_of("#") != std::string_view::npos) return errc::invalid_endpoint;
  for (char c : u.path) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F) return errc::invalid_endpoint;
  }
  std::string_view port_text;
  if (authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos || close < 2) return errc::invalid_endpoint;
    u.host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return errc::invalid_endpoint;
      port_text = after.substr(1);
      if (port_text.empty()) return errc::invalid_endpoint;
    }
    for (char c : u.host) {
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.')) {
        return errc::invalid_endpoint;
      }
    }
  } else {
    const std::size_t colon = authority.find(':');
    u.host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return errc::invalid_endpoint;
    }
    if (u.host.empty()) return errc::invalid_endpoint;
    for (char c : u.host) {
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.')) {
        return errc::invalid_endpoint;
      }
    }
  }
  if (!port_text.empty()) {
    std::uint32_t p = 0;
    if (port_text.size() > 5) return errc::invalid_endpoint;
    for (char c : port_text) {
      if (c < '0' || c > '9') return errc::invalid_endpoint;
      p = p * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (p == 0 || p > 65535) return errc::invalid_endpoint;
    u.port = static_cast<std::uint16_t>(p);
  }
  return u;
}

}  // namespace detail

}  // namespace presign::inline v0
