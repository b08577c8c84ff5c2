// SPDX-License-Identifier: MIT
// ECS / EKS Pod Identity container credentials through a fake transport: the URL rules, the
// allowed-host rule, the authorization token and token file, every error path.
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <cstdio>
#include <random>
#include <string>
#include <string_view>

using presign::errc;

namespace {

constexpr std::string_view doc =
    R"({"AccessKeyId":"ASIAECS","SecretAccessKey":"ecs-secret","Token":"ecs-token",)"
    R"("Expiration":"2030-01-01T00:00:00Z","RoleArn":"arn:aws:iam::123456789012:role/r"})";

struct fake_endpoint {
  int status = 200;
  std::string body{doc};
  std::string seen_url;
  std::string seen_authorization;
  int calls = 0;
  presign::result<presign::http_response> operator()(const presign::http_request& r) {
    ++calls;
    seen_url = std::string{r.scheme} + "://" + std::string{r.host} + ":" + std::to_string(r.port) +
               std::string{r.path};
    seen_authorization.clear();
    for (const auto& h : r.headers()) {
      if (h.name == "Authorization") seen_authorization = std::string{h.value};
    }
    return presign::http_response{status, body};
  }
};

// A file that removes itself.
struct temp_file {
  std::string path;
  explicit temp_file(std::string_view content) {
    std::random_device rd;
    path = "/tmp/presign-container-token-" + std::to_string(rd());
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
  }
  ~temp_file() { std::remove(path.c_str()); }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
};

}  // namespace

TEST_CASE("container: the relative URI goes to 169.254.170.2 and wins over the full URI") {
  auto o = presign::container_options::from_values("/v2/credentials/abc", "http://127.0.0.1:9/x", "", "");
  REQUIRE(o);
  fake_endpoint t;
  const auto c = presign::fetch_container_credentials(t, *o);
  REQUIRE(c);
  CHECK(c->access_key_id == "ASIAECS");
  CHECK(c->session_token == "ecs-token");
  CHECK(t.seen_url == "http://169.254.170.2:80/v2/credentials/abc");
  CHECK(t.seen_authorization.empty());
  CHECK(presign::container_options::from_values("v2/no-slash", "", "", "").error() == errc::invalid_endpoint);
  CHECK(presign::container_options::from_values("", "", "tok", "").error() == errc::credentials_unavailable);
}

TEST_CASE("container: the allowed-host rule for plain-http full URIs") {
  for (std::string_view ok : {"http://169.254.170.2/c", "http://169.254.170.23/v1/credentials",
                              "http://[fd00:ec2::23]/v1/credentials", "http://[FD00:EC2::23]:80/c",
                              "http://127.0.0.1:8080/c", "http://127.1.2.3/c", "http://[::1]/c",
                              "http://localhost:1/c", "https://creds.example.com/c"}) {
    CAPTURE(ok);
    CHECK(presign::container_options::from_values("", ok, "", ""));
  }
  for (std::string_view bad : {"http://169.254.170.3/c", "http://example.com/c", "http://128.0.0.1/c",
                               "http://127.0.0/c", "http://127.0.0.256/c", "http://127.0.0.1.5/c",
                               "http://[fd00:ec2::254]/c", "http://10.0.0.1/c", "ftp://127.0.0.1/c"}) {
    CAPTURE(bad);
    CHECK(presign::container_options::from_values("", bad, "", "").error() == errc::invalid_endpoint);
  }
  // Options built by hand are checked at fetch time too.
  presign::container_options o;
  o.url = "http://evil.example.com/creds";
  fake_endpoint t;
  CHECK(presign::fetch_container_credentials(t, o).error() == errc::invalid_endpoint);
  CHECK(t.calls == 0);
}

TEST_CASE("container: authorization from the token, or from the token file (which wins)") {
  fake_endpoint t;
  auto o = presign::container_options::from_values("", "http://169.254.170.23/v1/credentials", "env-token", "");
  REQUIRE(o);
  REQUIRE(presign::fetch_container_credentials(t, *o));
  CHECK(t.seen_authorization == "env-token");

  const temp_file file{"file-token\n"};
  o = presign::container_options::from_values("", "http://169.254.170.23/v1/credentials", "env-token", file.path);
  REQUIRE(o);
  REQUIRE(presign::fetch_container_credentials(t, *o));
  CHECK(t.seen_authorization == "file-token");  // trailing newline stripped

  const temp_file injected{"tok\r\nX-Evil: 1\n"};
  o->authorization_token_file = injected.path;
  CHECK(presign::fetch_container_credentials(t, *o).error() == errc::invalid_header);
  const temp_file empty{"\n"};
  o->authorization_token_file = empty.path;
  CHECK(presign::fetch_container_credentials(t, *o).error() == errc::invalid_header);
  o->authorization_token_file = "/nonexistent/presign/token";
  CHECK(presign::fetch_container_credentials(t, *o).error() == errc::credentials_unavailable);
  o->authorization_token_file.clear();
  o->authorization_token = "a\nb";
  CHECK(presign::fetch_container_credentials(t, *o).error() == errc::invalid_header);
}

TEST_CASE("container: bad answers") {
  auto o = presign::container_options::from_values("/creds", "", "", "");
  REQUIRE(o);
  fake_endpoint t;
  t.status = 403;
  CHECK(presign::fetch_container_credentials(t, *o).error() == errc::unexpected_http_status);
  t.status = 200;
  t.body = "<html>not json</html>";
  CHECK(presign::fetch_container_credentials(t, *o).error() == errc::malformed_response);
  t.body = R"({"AccessKeyId":"a","SecretAccessKey":"s","Token":"t"})";
  CHECK(presign::fetch_container_credentials(t, *o).error() == errc::missing_field);
  auto refused = [](const presign::http_request&) -> presign::result<presign::http_response> {
    return errc::credentials_unavailable;
  };
  CHECK(presign::fetch_container_credentials(refused, *o).error() == errc::credentials_unavailable);
}

#if PRESIGN_HAS_THREADS
TEST_CASE("container: make_container_credentials caches") {
  auto o = presign::container_options::from_values("/creds", "", "", "");
  REQUIRE(o);
  int calls = 0;
  auto counting = [&calls, inner = fake_endpoint{}](const presign::http_request& r) mutable {
    ++calls;
    return inner(r);
  };
  std::int64_t now = *presign::parse_expiration_time("2029-01-01T00:00:00Z");  // not const: clang says a const need not be captured
  const auto source = presign::make_container_credentials(counting, *o, 300, [&now] { return now; });
  REQUIRE(source.get());
  const auto again = source.get();
  REQUIRE(again);
  CHECK(again->view().secret_access_key == "ecs-secret");
  CHECK(calls == 1);
}
#endif
