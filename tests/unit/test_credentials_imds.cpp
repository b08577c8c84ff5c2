// SPDX-License-Identifier: MIT
// EC2 IMDSv2 credentials through a fake transport that implements the protocol strictly:
// the token PUT needs the TTL header, the GETs need the token, tokens can be made to expire.
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

using presign::errc;

namespace {

constexpr std::string_view doc =
    R"({"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds/secret",)"
    R"("Token":"imds-token","Expiration":"2030-01-01T00:00:00Z"})";

struct fake_imds {
  std::string role = "my-role\n";
  std::string document{doc};
  int token_status = 200;
  int list_status = 200;
  int creds_status = 200;
  int expire_tokens = 0;  // this many issued tokens are already expired when used
  std::vector<std::string> log;  // "METHOD host:port path"
  int tokens_issued = 0;
  std::string answer;

  presign::result<presign::http_response> operator()(const presign::http_request& r) {
    log.push_back(std::string{r.method} + " " + std::string{r.host} + ":" + std::to_string(r.port) + " " +
                  std::string{r.path});
    auto header = [&r](std::string_view name) -> std::string_view {
      for (const auto& h : r.headers()) {
        if (h.name == name) return h.value;
      }
      return {};
    };
    auto reply = [this](int status, std::string body) -> presign::result<presign::http_response> {
      answer = std::move(body);
      return presign::http_response{status, answer};
    };
    if (r.path == "/latest/api/token") {
      if (r.method != "PUT") return reply(405, "");
      if (header("x-aws-ec2-metadata-token-ttl-seconds") != "21600") return reply(400, "");
      if (token_status != 200) return reply(token_status, "");
      ++tokens_issued;
      return reply(200, "token-" + std::to_string(tokens_issued));
    }
    if (r.method != "GET") return reply(405, "");
    const std::string_view tok = header("x-aws-ec2-metadata-token");
    const int n = tokens_issued;
    if (tok != "token-" + std::to_string(n) || n <= expire_tokens) return reply(401, "");
    constexpr std::string_view base = "/latest/meta-data/iam/security-credentials/";
    if (r.path == base) return reply(list_status, list_status == 200 ? role : "");
    if (r.path.substr(0, base.size()) == base && r.path.substr(base.size()) == "my-role") {
      return reply(creds_status, document);
    }
    return reply(404, "");
  }
};

presign::imds_options options() { return *presign::imds_options::from_values("", "", ""); }

}  // namespace

TEST_CASE("imds: token, role name, credentials from the IPv4 endpoint") {
  fake_imds t;
  const auto c = presign::fetch_imds_credentials(t, options());
  REQUIRE(c);
  CHECK(c->access_key_id == "ASIAIMDS");
  CHECK(c->secret_access_key == "imds/secret");
  CHECK(c->session_token == "imds-token");
  CHECK(c->expiration == *presign::parse_expiration_time("2030-01-01T00:00:00Z"));
  REQUIRE(t.log.size() == 3);
  CHECK(t.log[0] == "PUT 169.254.169.254:80 /latest/api/token");
  CHECK(t.log[1] == "GET 169.254.169.254:80 /latest/meta-data/iam/security-credentials/");
  CHECK(t.log[2] == "GET 169.254.169.254:80 /latest/meta-data/iam/security-credentials/my-role");
}

TEST_CASE("imds: IPv6 mode, endpoint override, disabled") {
  fake_imds t;
  auto o = presign::imds_options::from_values("", "", "IPv6");
  REQUIRE(o);
  REQUIRE(presign::fetch_imds_credentials(t, *o));
  CHECK(t.log[0] == "PUT fd00:ec2::254:80 /latest/api/token");

  fake_imds t2;
  o = presign::imds_options::from_values("false", "http://127.0.0.1:1338/", "ipv4");
  REQUIRE(o);
  REQUIRE(presign::fetch_imds_credentials(t2, *o));
  CHECK(t2.log[0] == "PUT 127.0.0.1:1338 /latest/api/token");

  fake_imds t3;
  o = presign::imds_options::from_values("TRUE", "", "");
  REQUIRE(o);
  CHECK(o->disabled);
  CHECK(presign::fetch_imds_credentials(t3, *o).error() == errc::credentials_unavailable);
  CHECK(t3.log.empty());

  CHECK(presign::imds_options::from_values("", "", "IPv5").error() == errc::invalid_option);
  CHECK(presign::imds_options::from_values("", "169.254.169.254", "").error() == errc::invalid_endpoint);
}

TEST_CASE("imds: an expired token is replaced once, not forever") {
  fake_imds t;
  t.expire_tokens = 1;
  REQUIRE(presign::fetch_imds_credentials(t, options()));
  CHECK(t.tokens_issued == 2);
  fake_imds t2;
  t2.expire_tokens = 100;
  CHECK(presign::fetch_imds_credentials(t2, options()).error() == errc::unexpected_http_status);
  CHECK(t2.tokens_issued == 2);
}

TEST_CASE("imds: every failing step has its error") {
  {
    fake_imds t;
    t.token_status = 403;  // IMDS turned off for this instance
    CHECK(presign::fetch_imds_credentials(t, options()).error() == errc::unexpected_http_status);
  }
  {
    fake_imds t;
    t.list_status = 404;  // no instance profile
    CHECK(presign::fetch_imds_credentials(t, options()).error() == errc::unexpected_http_status);
  }
  {
    fake_imds t;
    t.creds_status = 500;
    CHECK(presign::fetch_imds_credentials(t, options()).error() == errc::unexpected_http_status);
  }
  {
    fake_imds t;
    t.role = "bad/role";
    CHECK(presign::fetch_imds_credentials(t, options()).error() == errc::malformed_response);
  }
  {
    fake_imds t;
    t.role = "";
    CHECK(presign::fetch_imds_credentials(t, options()).error() == errc::malformed_response);
  }
  {
    fake_imds t;
    t.document = "{\"Code\":\"Success\"";
    CHECK(presign::fetch_imds_credentials(t, options()).error() == errc::malformed_response);
  }
  {
    fake_imds t;
    t.document = R"({"Code":"Success","AccessKeyId":"a","SecretAccessKey":"s","Expiration":"2030-01-01T00:00:00Z"})";
    CHECK(presign::fetch_imds_credentials(t, options()).error() == errc::missing_field);
  }
  {
    auto no_answer = [](const presign::http_request&) -> presign::result<presign::http_response> {
      return errc::credentials_unavailable;
    };
    CHECK(presign::fetch_imds_credentials(no_answer, options()).error() == errc::credentials_unavailable);
  }
  {
    std::string huge(2000, 'x');  // a "token" longer than any IMDS issues
    auto big_token = [&huge](const presign::http_request&) -> presign::result<presign::http_response> {
      return presign::http_response{200, huge};
    };
    CHECK(presign::fetch_imds_credentials(big_token, options()).error() == errc::malformed_response);
  }
  {
    fake_imds t;
    auto o = options();
    o.token_ttl_seconds = 0;
    CHECK(presign::fetch_imds_credentials(t, o).error() == errc::invalid_option);
    CHECK(t.log.empty());
  }
}

#if PRESIGN_HAS_THREADS
TEST_CASE("imds: make_imds_credentials caches and refreshes ahead of expiry") {
  std::int64_t now = *presign::parse_expiration_time("2029-12-31T23:00:00Z");  // 1 h left
  int calls = 0;
  auto counting = [&calls, inner = fake_imds{}](const presign::http_request& r) mutable {
    if (r.method == "PUT") ++calls;
    return inner(r);
  };
  const auto source = presign::make_imds_credentials(counting, options(), 300, [&now] { return now; });
  REQUIRE(source.get());
  REQUIRE(source.get());
  CHECK(calls == 1);
  now += 3600 - 299;  // inside the 300 s refresh window
  const auto again = source.get();
  REQUIRE(again);
  CHECK(again->view().access_key_id == "ASIAIMDS");
  CHECK(calls == 2);
}

TEST_CASE("imds: a move-only transport is accepted") {
  struct move_only {
    std::unique_ptr<fake_imds> inner = std::make_unique<fake_imds>();
    presign::result<presign::http_response> operator()(const presign::http_request& r) { return (*inner)(r); }
  };
  static_assert(!std::is_copy_constructible_v<move_only>);
  const auto source = presign::make_imds_credentials(move_only{}, options());
  const auto c = source.get();
  REQUIRE(c);
  CHECK(c->view().access_key_id == "ASIAIMDS");
}
#endif
