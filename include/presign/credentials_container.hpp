// SPDX-License-Identifier: MIT
// presign: credentials from the ECS task / EKS Pod Identity container endpoint (opt-in,
// sans-I/O). One GET through a user-supplied transport (credentials_http.hpp), with an
// Authorization header from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read at every fetch: EKS
// rotates it) or AWS_CONTAINER_AUTHORIZATION_TOKEN. The answer is the IMDS-like JSON document.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "presign/config.hpp"
#include "presign/credentials.hpp"
#include "presign/credentials_env.hpp"
#include "presign/credentials_http.hpp"
#include "presign/credentials_refreshing.hpp"
#include "presign/error.hpp"

namespace presign::inline v0 {

/// Where the container endpoint is and how to authenticate to it.
struct container_options {
  std::string url;                  ///< full URL of the credentials endpoint
  std::string authorization_token;  ///< sent as Authorization when not empty
  std::string authorization_token_file;  ///< read at each fetch; wins over the token

  static constexpr std::string_view ecs_host = "169.254.170.2";

  /// Reads AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (wins; http://169.254.170.2 + it),
  /// AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE and
  /// AWS_CONTAINER_AUTHORIZATION_TOKEN. Errors: credentials_unavailable when neither URI is
  /// set, invalid_endpoint for a bad URL or a host the rule refuses (allowed_http_host).
  /// Allocates; may throw bad_alloc unless exceptions are off.
  [[nodiscard]] static result<container_options> from_environment() {
    return from_values(detail::getenv_view("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
                       detail::getenv_view("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                       detail::getenv_view("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
                       detail::getenv_view("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
  }

  /// from_environment() with the four values given (empty = unset).
  [[nodiscard]] static result<container_options> from_values(std::string_view relative_uri,
                                                             std::string_view full_uri,
                                                             std::string_view token,
                                                             std::string_view token_file) {
    container_options o;
    if (!relative_uri.empty()) {
      if (relative_uri.front() != '/') return errc::invalid_endpoint;
      o.url = "http://";
      o.url += ecs_host;
      o.url += relative_uri;
      if (!detail::parse_http_url(o.url)) return errc::invalid_endpoint;
    } else if (!full_uri.empty()) {
      const result<detail::parsed_url> u = detail::parse_http_url(full_uri);
      if (!u) return u.error();
      if (u->scheme == "http" && !allowed_http_host(u->host)) return errc::invalid_endpoint;
      o.url = std::string{full_uri};
    } else {
      return errc::credentials_unavailable;
    }
    o.authorization_token = std::string{token};
    o.authorization_token_file = std::string{token_file};
    return o;
  }

  /// The hosts a plain-http FULL_URI may name (botocore, aws-c-auth): loopback (127.0.0.0/8,
  /// ::1, localhost), the ECS endpoint 169.254.170.2 and EKS Pod Identity's 169.254.170.23
  /// and fd00:ec2::23. IP literals are compared as written (no other spelling of an IPv6
  /// address); https URLs may name any host.
  [[nodiscard]] static constexpr bool allowed_http_host(std::string_view host) noexcept {
    if (host == ecs_host || host == "169.254.170.23" || detail::ascii_iequals(host, "fd00:ec2::23") ||
        host == "::1" || detail::ascii_iequals(host, "localhost")) {
      return true;
    }
    // 127.a.b.c with each part 0..255.
    if (host.substr(0, 4) != "127.") return false;
    int parts = 1;
    std::size_t i = 4;
    while (i <= host.size()) {
      const std::size_t dot = host.find('.', i);
      const std::string_view part = host.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i);
      if (part.empty() || part.size() > 3) return false;
      int v = 0;
      for (char c : part) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
      }
      if (v > 255) return false;
      ++parts;
      if (dot == std::string_view::npos) break;
      i = dot + 1;
    }
    return parts == 4;
  }
};

namespace detail {

// The token file's content without its trailing line end (Kubernetes writes one), or an
// error: credentials_unavailable when it cannot be read, invalid_header when it is empty,
// too large or holds control characters (header injection).
[[nodiscard]] inline errc read_container_token_file(const std::string& path, small_text<8192>& out) noexcept {
  std::FILE* f = std::fopen(path.c_str(), "rb");  // NOLINT: no RAII wrapper worth a header here
  if (f == nullptr) return errc::credentials_unavailable;
  char buf[8193];
  const std::size_t n = std::fread(buf, 1, sizeof buf, f);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return errc::credentials_unavailable;
  std::string_view s{buf, n};
  if (n == sizeof buf) return errc::invalid_header;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return errc::invalid_header;
  }
  if (s.empty() || !out.assign(s)) return errc::invalid_header;
  return errc::ok;
}

}  // namespace detail

/// Asks the container endpoint for credentials through `t`. Errors: invalid_endpoint (bad URL,
/// a refused host), credentials_unavailable (no answer, a throwing transport, an unreadable
/// token file), invalid_header (an empty token file, control characters in the token),
/// unexpected_http_status (a status other than 200), and those of parse_credentials_json.
template <transport T>
[[nodiscard]] result<owned_credentials> fetch_container_credentials(T& t, const container_options& o) {
  const result<detail::parsed_url> u = detail::parse_http_url(o.url);
  if (!u) return u.error();
  if (u->scheme == "http" && !container_options::allowed_http_host(u->host)) return errc::invalid_endpoint;
  http_request req;
  req.scheme = u->scheme;
  req.host = u->host;
  req.port = u->port;
  req.path = u->path;
  detail::small_text<8192> token;
  if (!o.authorization_token_file.empty()) {
    if (const errc e = detail::read_container_token_file(o.authorization_token_file, token); e != errc::ok) {
      return e;
    }
  } else if (!o.authorization_token.empty()) {
    for (char c : o.authorization_token) {
      const auto b = static_cast<unsigned char>(c);
      if (b < 0x20 || b == 0x7F) return errc::invalid_header;
    }
    if (!token.assign(o.authorization_token)) return errc::invalid_header;
  }
  if (!token.empty()) req.add_header("Authorization", token.view());
  const result<http_response> r = send_request(t, req);
  if (!r) return r.error();
  if (r->status != 200) return errc::unexpected_http_status;
  return parse_credentials_json(r->body);
}

#if PRESIGN_HAS_THREADS

/// Container credentials, cached and refreshed ahead of expiry (refreshing_credentials). The
/// transport is called from one thread at a time; it need not be copyable. Allocates.
template <transport T>
[[nodiscard]] refreshing_credentials make_container_credentials(T transport_, container_options options,
                                                                std::int64_t refresh_ahead_seconds = 300,
                                                                std::function<std::int64_t()> now = {}) {
  return refreshing_credentials{
      [t = std::make_shared<T>(std::move(transport_)), o = std::move(options)]() { return fetch_container_credentials(*t, o); },
      refresh_ahead_seconds, std::move(now)};
}

#endif  // PRESIGN_HAS_THREADS

}  // namespace presign::inline v0
