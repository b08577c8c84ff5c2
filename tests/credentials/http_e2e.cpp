// SPDX-License-Identifier: MIT
// The built-in plain-http transport end to end, against the strict loopback fakes of
// tests/credentials/fake_endpoints.py (which runs this program with PRESIGN_FAKE_PORT set).
#include <presign/presign.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) ++failures;
}

std::string base_url(std::string_view mode) {
  const char* port = std::getenv("PRESIGN_FAKE_PORT");
  return "http://127.0.0.1:" + std::string{port == nullptr ? "0" : port} + "/" + std::string{mode};
}

presign::result<presign::owned_credentials> imds(std::string_view mode, presign::plain_http_transport& t) {
  auto o = presign::imds_options::from_values("", base_url(mode), "");
  if (!o) return o.error();
  return presign::fetch_imds_credentials(t, *o);
}

}  // namespace

int main() {
  if (std::getenv("PRESIGN_FAKE_PORT") == nullptr) {
    std::puts("run me through tests/credentials/fake_endpoints.py");
    return 2;
  }
  presign::plain_http_transport::options opt;
  opt.connect_timeout_ms = 1000;
  opt.read_timeout_ms = 500;
  opt.max_response_bytes = 64 * 1024;
  presign::plain_http_transport t{opt};

  {
    const auto c = imds("imds", t);
    check(c && c->access_key_id == "ASIAFAKEIMDS" && c->secret_access_key == "fake/imds/secret" &&
              c->session_token == "fake-session-token" &&
              c->expiration == *presign::parse_expiration_time("2099-01-01T00:00:00Z"),
          "IMDSv2: token, role, credentials over the built-in transport");
    // The credentials sign a URL (the presigner accepts them as they are).
    if (c) {
      const presign::static_credentials creds{c->access_key_id, c->secret_access_key, c->session_token,
                                              c->expiration};
      check(static_cast<bool>(creds.get()), "the fetched credentials are valid presign credentials");
    }
  }
  check(static_cast<bool>(imds("expiring", t)), "IMDSv2: an expired token (401) is replaced once");
  check(static_cast<bool>(imds("close", t)), "no Content-Length: the body ends at the close");
  check(imds("truncated", t).error() == presign::errc::malformed_response,
        "a body shorter than Content-Length is malformed_response");
  check(imds("oversized", t).error() == presign::errc::malformed_response,
        "a 1 MiB answer over the 64 KiB limit is malformed_response");
  check(imds("chunked", t).error() == presign::errc::malformed_response, "a chunked answer is refused");
  check(imds("slow", t).error() == presign::errc::credentials_unavailable,
        "an answer slower than the read timeout is credentials_unavailable");
  {
    // The raw protocol: no TTL header is 400, a GET without a token is 401.
    presign::http_request r;
    r.host = "127.0.0.1";
    r.port = static_cast<std::uint16_t>(std::atoi(std::getenv("PRESIGN_FAKE_PORT")));
    r.method = "PUT";
    r.path = "/imds/latest/api/token";
    auto a = t(r);
    check(a && a->status == 400, "the fake refuses a token PUT without the TTL header (400)");
    r.method = "GET";
    r.path = "/imds/latest/meta-data/iam/security-credentials/";
    a = t(r);
    check(a && a->status == 401, "the fake refuses a GET without a token (401)");
    r.path = "/imds/bad\r\npath";
    check(t(r).error() == presign::errc::invalid_header, "CR/LF in the path is refused before sending");
    r.path = "/imds/";
    r.add_header("x-evil", "a\r\nb: c");
    check(t(r).error() == presign::errc::invalid_header, "CR/LF in a header value is refused");
    r.header_count = 0;
    r.scheme = "https";
    check(t(r).error() == presign::errc::invalid_endpoint, "https is the user's transport's job");
  }
  {
    auto o = presign::container_options::from_values("", base_url("ecs") + "/creds", "ecs-secret-token", "");
    const auto c = o ? presign::fetch_container_credentials(t, *o) : presign::result<presign::owned_credentials>{o.error()};
    check(c && c->access_key_id == "ASIAFAKEECS" && c->session_token == "fake-ecs-token",
          "container endpoint with its Authorization token");
    o = presign::container_options::from_values("", base_url("ecs") + "/creds", "", "");
    check(o && presign::fetch_container_credentials(t, *o).error() == presign::errc::unexpected_http_status,
          "container endpoint without the token: 401 is unexpected_http_status");
  }
  {
    // A port where nothing listens (tcpmux, port 1, is closed on any test machine).
    auto o = presign::imds_options::from_values("", "http://127.0.0.1:1/", "");
    check(o && presign::fetch_imds_credentials(t, *o).error() == presign::errc::credentials_unavailable,
          "connection refused is credentials_unavailable");
  }
  std::printf("%d failure(s)\n", failures);
  return failures == 0 ? 0 : 1;
}
