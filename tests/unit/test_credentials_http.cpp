// SPDX-License-Identifier: MIT
// The sans-I/O core of the credentials endpoints: the flat JSON reader, the credentials
// document parser, URL parsing and send_request's exception rule.
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <string>
#include <string_view>

using presign::errc;

namespace {

constexpr std::string_view good_doc = R"({
  "Code" : "Success",
  "LastUpdated" : "2026-12-02T20:00:00Z",
  "Type" : "AWS-HMAC",
  "AccessKeyId" : "ASIAEXAMPLE",
  "SecretAccessKey" : "wJalrXUtnFEMI\/K7MDENG",
  "Token" : "IQoJb3JpZ2luX2VjE\u0041==",
  "Expiration" : "2026-12-02T21:00:00Z"
})";

errc parse_error(std::string_view text) { return presign::parse_credentials_json(text).error(); }

}  // namespace

TEST_CASE("parse_credentials_json: a good IMDS document, escapes decoded") {
  const auto c = presign::parse_credentials_json(good_doc);
  REQUIRE(c);
  CHECK(c->access_key_id == "ASIAEXAMPLE");
  CHECK(c->secret_access_key == "wJalrXUtnFEMI/K7MDENG");
  CHECK(c->session_token == "IQoJb3JpZ2luX2VjEA==");
  CHECK(c->expiration == *presign::parse_expiration_time("2026-12-02T21:00:00Z"));
}

TEST_CASE("parse_credentials_json: malformed JSON is malformed_response") {
  for (std::string_view bad : {
           "", "   ", "[]", "{", "}", "{\"a\":}", "{\"a\" \"b\"}", "{\"a\":\"b\",}", "{,}",
           "{\"a\":\"b\"} x", "{\"a\":{\"b\":\"c\"}}", "{\"a\":[1]}", "{\"a\":\"b\",\"a\":\"c\"}",
           "{\"a\":\"unterminated}", "{\"a\":\"bad \\x escape\"}", "{\"a\":\"\\u12\"}",
           "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"ctl \x01\"}", "{\"a\":01}",
           "{\"a\":1.}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":tru}", "{a:\"b\"}", "{'a':'b'}"}) {
    CAPTURE(bad);
    CHECK(parse_error(bad) == errc::malformed_response);
  }
}

TEST_CASE("parse_credentials_json: each missing or mistyped field has its own error") {
  CHECK(parse_error(R"({"SecretAccessKey":"s","Token":"t","Expiration":"2026-12-02T21:00:00Z"})") ==
        errc::missing_field);
  CHECK(parse_error(R"({"AccessKeyId":"a","Token":"t","Expiration":"2026-12-02T21:00:00Z"})") ==
        errc::missing_field);
  CHECK(parse_error(R"({"AccessKeyId":"a","SecretAccessKey":"s","Expiration":"2026-12-02T21:00:00Z"})") ==
        errc::missing_field);
  CHECK(parse_error(R"({"AccessKeyId":"a","SecretAccessKey":"s","Token":"t"})") == errc::missing_field);
  CHECK(parse_error(R"({"AccessKeyId":null,"SecretAccessKey":"s","Token":"t","Expiration":"2026-12-02T21:00:00Z"})") ==
        errc::missing_field);
  CHECK(parse_error(R"({"AccessKeyId":12,"SecretAccessKey":"s","Token":"t","Expiration":"2026-12-02T21:00:00Z"})") ==
        errc::wrong_field_type);
  CHECK(parse_error(R"({"AccessKeyId":"a","SecretAccessKey":true,"Token":"t","Expiration":"2026-12-02T21:00:00Z"})") ==
        errc::wrong_field_type);
  CHECK(parse_error(R"({"AccessKeyId":"a","SecretAccessKey":"s","Token":"t","Expiration":1700000000})") ==
        errc::wrong_field_type);
  CHECK(parse_error(R"({"Code":5,"AccessKeyId":"a","SecretAccessKey":"s","Token":"t","Expiration":"2026-12-02T21:00:00Z"})") ==
        errc::wrong_field_type);
  CHECK(parse_error(R"({"AccessKeyId":"a","SecretAccessKey":"s","Token":"t","Expiration":"tomorrow"})") ==
        errc::invalid_time);
  CHECK(parse_error(R"({"AccessKeyId":"a","SecretAccessKey":"s","Token":"t","Expiration":"2026-13-02T21:00:00Z"})") ==
        errc::invalid_time);
  CHECK(parse_error(R"({"Code":"AssumeRoleUnauthorizedAccess","AccessKeyId":"a","SecretAccessKey":"s","Token":"t","Expiration":"2026-12-02T21:00:00Z"})") ==
        errc::credentials_unavailable);
  CHECK(parse_error(R"({"AccessKeyId":"a b","SecretAccessKey":"s","Token":"t","Expiration":"2026-12-02T21:00:00Z"})") ==
        errc::invalid_credentials);
  CHECK(parse_error(R"({"AccessKeyId":"a","SecretAccessKey":"s","Token":"t\r\nX: y","Expiration":"2026-12-02T21:00:00Z"})") ==
        errc::invalid_credentials);
  CHECK(parse_error(R"({"AccessKeyId":"","SecretAccessKey":"s","Token":"t","Expiration":"2026-12-02T21:00:00Z"})") ==
        errc::missing_credentials);
}

TEST_CASE("parse_credentials_json: optional token and expiration when the fields say so") {
  presign::credentials_json_fields f;
  f.session_token = "SessionToken";
  f.session_token_required = false;
  f.expiration_required = false;
  const auto c = presign::parse_credentials_json(R"({"Version":1,"AccessKeyId":"a","SecretAccessKey":"s"})", f);
  REQUIRE(c);
  CHECK(c->session_token.empty());
  CHECK(c->expiration == presign::no_expiration);
  CHECK(presign::parse_credentials_json(R"({"AccessKeyId":"a","SecretAccessKey":"s","SessionToken":7})", f).error() ==
        errc::wrong_field_type);
}

TEST_CASE("flat_json: numbers, literals, UTF-8 from \\u escapes and surrogate pairs") {
  const auto j = presign::detail::flat_json::parse(R"({"n":-1.5e+3,"z":0,"t":true,"f":false,"s":"\u00e9\ud83d\ude00\n"})");
  REQUIRE(j);
  REQUIRE(j->find("n") != nullptr);
  CHECK(j->find("n")->value == "-1.5e+3");
  CHECK(j->find("missing") == nullptr);
  std::string s;
  CHECK(j->get_string("s", s) == errc::ok);
  CHECK(s == "\xc3\xa9\xf0\x9f\x98\x80\n");
  CHECK(j->get_string("t", s) == errc::wrong_field_type);
  CHECK(presign::detail::flat_json::parse("{}"));
  CHECK(presign::detail::flat_json::parse(" { } \n"));
}

TEST_CASE("parse_http_url: scheme, host, port, path; bad URLs are invalid_endpoint") {
  using presign::detail::parse_http_url;
  auto u = parse_http_url("http://169.254.169.254");
  REQUIRE(u);
  CHECK(u->scheme == "http");
  CHECK(u->host == "169.254.169.254");
  CHECK(u->port == 80);
  CHECK(u->path == "/");
  u = parse_http_url("http://[fd00:ec2::23]:8080/v1/credentials?x=1");
  REQUIRE(u);
  CHECK(u->host == "fd00:ec2::23");
  CHECK(u->port == 8080);
  CHECK(u->path == "/v1/credentials?x=1");
  u = parse_http_url("https://auth.example.com/creds");
  REQUIRE(u);
  CHECK(u->port == 443);
  for (std::string_view bad : {"", "ftp://x", "http://", "http://:80", "http://a:0", "http://a:65536",
                               "http://a:", "http://u@a", "http://[::1", "http://[]", "http://[::1]x",
                               "http://a_b", "http://a/p q", "http://a/p#f", "http://a:8o"}) {
    CAPTURE(bad);
    CHECK(parse_http_url(bad).error() == errc::invalid_endpoint);
  }
}

TEST_CASE("http_request: at most max_headers headers") {
  presign::http_request r;
  for (std::size_t i = 0; i < presign::http_request::max_headers; ++i) CHECK(r.add_header("a", "b"));
  CHECK_FALSE(r.add_header("c", "d"));
  CHECK(r.headers().size() == presign::http_request::max_headers);
}

#if !PRESIGN_NO_EXCEPTIONS
TEST_CASE("send_request: a throwing transport becomes credentials_unavailable") {
  auto thrower = [](const presign::http_request&) -> presign::result<presign::http_response> {
    throw std::string{"network down"};
  };
  CHECK(presign::send_request(thrower, presign::http_request{}).error() == errc::credentials_unavailable);
}
#endif
