// SPDX-License-Identifier: MIT
// presign: credentials from the EC2 instance metadata service, IMDSv2 (opt-in, sans-I/O).
// Three requests through a user-supplied transport (credentials_http.hpp):
//   PUT  /latest/api/token                            x-aws-ec2-metadata-token-ttl-seconds: TTL
//   GET  /latest/meta-data/iam/security-credentials/  x-aws-ec2-metadata-token: TOKEN -> role name
//   GET  /latest/meta-data/iam/security-credentials/ROLE                              -> JSON
// IMDSv2 only: a failed token request is an error, never a fall-back to the unauthenticated
// IMDSv1 (which botocore still tries; AWS recommends requiring v2 on every instance).
#pragma once

#include <cstddef>
#include <cstdint>
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

/// Where and how to ask IMDS. The defaults are the SDKs' (botocore, aws-c-auth).
struct imds_options {
  bool disabled = false;            ///< AWS_EC2_METADATA_DISABLED=true: never ask
  std::string endpoint;             ///< full base URL; empty: chosen by `ipv6`
  bool ipv6 = false;                ///< AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6
  std::int32_t token_ttl_seconds = 21600;  ///< 1..21600 (IMDS refuses other values)

  static constexpr std::string_view ipv4_endpoint = "http://169.254.169.254";
  static constexpr std::string_view ipv6_endpoint = "http://[fd00:ec2::254]";

  /// Reads AWS_EC2_METADATA_DISABLED ("true", any case, disables), AWS_EC2_METADATA_SERVICE_ENDPOINT
  /// and AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE ("IPv4" or "IPv6", any case). Empty values count
  /// as unset. Errors: invalid_option for another mode, invalid_endpoint for a bad endpoint URL.
  /// Allocates (the endpoint); may throw bad_alloc unless exceptions are off.
  [[nodiscard]] static result<imds_options> from_environment() {
    return from_values(detail::getenv_view("AWS_EC2_METADATA_DISABLED"),
                       detail::getenv_view("AWS_EC2_METADATA_SERVICE_ENDPOINT"),
                       detail::getenv_view("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"));
  }

  /// from_environment() with the three values given (testable without the environment).
  [[nodiscard]] static result<imds_options> from_values(std::string_view disabled_value,
                                                        std::string_view endpoint_value,
                                                        std::string_view mode_value) {
    imds_options o;
    o.disabled = detail::ascii_iequals(disabled_value, "true");
    if (!mode_value.empty()) {
      if (detail::ascii_iequals(mode_value, "ipv6")) {
        o.ipv6 = true;
      } else if (!detail::ascii_iequals(mode_value, "ipv4")) {
        return errc::invalid_option;
      }
    }
    if (!endpoint_value.empty()) {
      if (!detail::parse_http_url(endpoint_value)) return errc::invalid_endpoint;
      o.endpoint = std::string{endpoint_value};
    }
    return o;
  }
};

/// Asks IMDS for the instance role's credentials through `t`. Not thread-safe per transport
/// (refreshing_credentials serialises calls). No heap except for the returned credentials.
/// Errors: credentials_unavailable (disabled, no answer, a throwing transport, the document's
/// Code is not Success), unexpected_http_status (any step's status other than 200, e.g. 404 when
/// the instance has no role), malformed_response (a token, role name or path that does not fit
/// or is not printable text; bad JSON), invalid_endpoint, invalid_option (TTL outside 1..21600),
/// and the errors of parse_credentials_json. A 401 on the last two steps (the token expired in
/// between) is retried once with a new token.
template <transport T>
[[nodiscard]] result<owned_credentials> fetch_imds_credentials(T& t, const imds_options& o) {
  if (o.disabled) return errc::credentials_unavailable;
  if (o.token_ttl_seconds < 1 || o.token_ttl_seconds > 21600) return errc::invalid_option;
  const std::string_view base_url =
      o.endpoint.empty() ? (o.ipv6 ? imds_options::ipv6_endpoint : imds_options::ipv4_endpoint)
                         : std::string_view{o.endpoint};
  const result<detail::parsed_url> url = detail::parse_http_url(base_url);
  if (!url) return url.error();
  std::string_view prefix = url->path;  // the endpoint's own path, without its trailing '/'
  while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);

  detail::small_text<12> ttl;
  {
    char digits[12] = {};
    std::size_t n = 0;
    for (std::int32_t v = o.token_ttl_seconds; v > 0; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
    while (n > 0) (void)ttl.append(std::string_view{&digits[--n], 1});
  }
  constexpr std::string_view creds_path = "/latest/meta-data/iam/security-credentials/";

  for (int attempt = 0;; ++attempt) {
    http_request req;
    req.scheme = url->scheme;
    req.host = url->host;
    req.port = url->port;

    // 1. The session token.
    detail::small_text<512> path;
    if (!path.assign(prefix) || !path.append("/latest/api/token")) return errc::malformed_response;
    req.method = "PUT";
    req.path = path.view();
    req.add_header("x-aws-ec2-metadata-token-ttl-seconds", ttl.view());
    result<http_response> r = send_request(t, req);
    if (!r) return r.error();
    if (r->status != 200) return errc::unexpected_http_status;
    detail::small_text<1024> token;
    if (!detail::http_token_text(r->body) || !token.assign(r->body)) return errc::malformed_response;

    // 2. The role name (the first line of the listing).
    req = http_request{};
    req.scheme = url->scheme;
    req.host = url->host;
    req.port = url->port;
    req.add_header("x-aws-ec2-metadata-token", token.view());
    if (!path.assign(prefix) || !path.append(creds_path)) return errc::malformed_response;
    req.path = path.view();
    r = send_request(t, req);
    if (!r) return r.error();
    if (r->status == 401 && attempt == 0) continue;
    if (r->status != 200) return errc::unexpected_http_status;
    std::string_view role = r->body.substr(0, r->body.find('\n'));
    while (!role.empty() && (role.back() == '\r' || role.back() == ' ')) role.remove_suffix(1);
    if (!detail::http_token_text(role) || role.find_first_of("/?#%") != std::string_view::npos ||
        !path.append(role)) {
      return errc::malformed_response;
    }
    req.path = path.view();

    // 3. The credentials.
    r = send_request(t, req);
    if (!r) return r.error();
    if (r->status == 401 && attempt == 0) continue;
    if (r->status != 200) return errc::unexpected_http_status;
    return parse_credentials_json(r->body);
  }
}

#if PRESIGN_HAS_THREADS

/// IMDS credentials, cached and refreshed `refresh_ahead_seconds` before they expire
/// (refreshing_credentials). The transport is moved into the source and called from one
/// thread at a time; it need not be copyable (it is shared, not copied). Allocates.
template <transport T>
[[nodiscard]] refreshing_credentials make_imds_credentials(T transport_, imds_options options,
                                                           std::int64_t refresh_ahead_seconds = 300,
                                                           std::function<std::int64_t()> now = {}) {
  return refreshing_credentials{
      [t = std::make_shared<T>(std::move(transport_)), o = std::move(options)]() { return fetch_imds_credentials(*t, o); },
      refresh_ahead_seconds, std::move(now)};
}

#endif  // PRESIGN_HAS_THREADS

}  // namespace presign::inline v0
