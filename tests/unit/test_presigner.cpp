// SPDX-License-Identifier: MIT
// basic_presigner: the S3 documentation example and its variants, hosts, headers to send,
// hoisting, credential expiry, the signing-key cache and bad input.
#include <doctest/doctest.h>

#include <array>
#include <atomic>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <presign/presign.hpp>

namespace {

constexpr std::int64_t doc_time = 1369353600;  // 20130524T000000Z
constexpr std::string_view doc_akid = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view doc_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

presign::presigner_options doc_options() {
  presign::presigner_options o;
  o.region = "us-east-1";
  o.endpoint.use_global_endpoint = true;
  return o;
}

auto doc_presigner(std::string_view token = {}) {
  return presign::basic_presigner(presign::static_credentials(doc_akid, doc_secret, token),
                                  presign::fixed_clock{doc_time}, doc_options());
}

std::string signature_of(std::string_view url) {
  const auto at = url.find("X-Amz-Signature=");
  return at == std::string_view::npos ? std::string() : std::string(url.substr(at + 16));
}

template <class P>
std::string url_of(const P& p, const presign::presign_request& req) {
  std::array<char, 4096> buf{};
  const auto r = p.presign(req, buf);
  REQUIRE_MESSAGE(r, presign::to_string(r.error()));
  return std::string(r->url);
}

presign::presign_request doc_request(std::string_view method = "GET") {
  presign::presign_request req;
  req.method = method;
  req.bucket = "examplebucket";
  req.key = "test.txt";
  req.expires_in = 86400;
  return req;
}

}  // namespace

TEST_CASE("the S3 documentation example, byte for byte") {
  CHECK(url_of(doc_presigner(), doc_request()) ==
        "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
        "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST_CASE("variants of the documentation example (signatures from the issue, checked by botocore)") {
  CHECK(signature_of(url_of(doc_presigner(), doc_request("PUT"))) ==
        "f4db56459304dafaa603a99a23c6bea8821890259a65c18ff503a4a72a80efd9");

  auto get = doc_request();
  const std::array<presign::query_param, 1> rct{{{"response-content-type", "text/plain"}}};
  get.query = rct;
  CHECK(signature_of(url_of(doc_presigner(), get)) ==
        "9cee3ba363b3a52fed152d18bb250d52a459d0905600d9b032825a3794ffd2cb");

  auto part = doc_request("PUT");
  const std::array<presign::query_param, 2> mp{{{"partNumber", "1"}, {"uploadId", "abcd"}}};
  part.query = mp;
  CHECK(signature_of(url_of(doc_presigner(), part)) ==
        "d2ed12e1e116c88a79cd6d1726f5fe75c99db8a0292ba000f97ecc309a9303f8");

  const auto with_token = url_of(doc_presigner("oej5cie4uctureturdtuc5dctd"), doc_request());
  CHECK(signature_of(with_token) ==
        "bf77b83a7135594046c90a7e7e10cf1a4c8f8ecc1d541d0f42bea6b7670870c7");
  CHECK(with_token.find("&X-Amz-Security-Token=oej5cie4uctureturdtuc5dctd&") != std::string::npos);
}

TEST_CASE("regional virtual-hosted host by default, in every region") {
  auto o = doc_options();
  o.endpoint.use_global_endpoint = false;
  o.region = "eu-west-1";
  const presign::basic_presigner p(presign::static_credentials(doc_akid, doc_secret),
                                   presign::fixed_clock{doc_time}, o);
  const auto url = url_of(p, doc_request());
  CHECK(url.starts_with("https://examplebucket.s3.eu-west-1.amazonaws.com/test.txt?"));
  CHECK(url.find("%2Feu-west-1%2Fs3%2Faws4_request") != std::string::npos);
}

TEST_CASE("keys are used verbatim: leading slash, //, dot segments, spaces, plus, unicode") {
  auto req = doc_request();
  req.key = "/a//b/./../c d+e~%.txt\xE6\x97\xA5";
  const auto url = url_of(doc_presigner(), req);
  CHECK(url.starts_with(
      "https://examplebucket.s3.amazonaws.com//a//b/./../c%20d%2Be~%25.txt%E6%97%A5?"));
}

TEST_CASE("path style puts the bucket in the path") {
  auto o = doc_options();
  o.endpoint.use_global_endpoint = false;
  o.endpoint.style = presign::addressing_style::path;
  const presign::basic_presigner p(presign::static_credentials(doc_akid, doc_secret),
                                   presign::fixed_clock{doc_time}, o);
  CHECK(url_of(p, doc_request()).starts_with(
      "https://s3.us-east-1.amazonaws.com/examplebucket/test.txt?"));
  auto list = doc_request();
  list.key = {};
  list.bucket_operation = true;
  const std::array<presign::query_param, 1> lt{{{"list-type", "2"}}};
  list.query = lt;
  CHECK(url_of(p, list).starts_with("https://s3.us-east-1.amazonaws.com/examplebucket?"));
}

TEST_CASE("signed headers are returned as headers to send; hoisted ones go to the query") {
  auto req = doc_request("PUT");
  const std::array<presign::request_header, 4> h{{
      {"Content-Type", "text/plain"},
      {"x-amz-server-side-encryption", "AES256", true},  // S3 ignores it in a query: stays
      {"x-amz-expected-bucket-owner", "111122223333", true},
      {"x-amz-meta-owner", "me"},
  }};
  req.headers = h;
  std::array<char, 4096> buf{};
  const auto r = doc_presigner().presign(req, buf);
  REQUIRE(r);
  std::vector<std::string> sent;
  for (const auto& hh : r->headers) sent.push_back(std::string(hh.name) + ": " + std::string(hh.value));
  CHECK(sent == std::vector<std::string>{"Content-Type: text/plain",
                                         "x-amz-server-side-encryption: AES256",
                                         "x-amz-meta-owner: me"});
  CHECK(r->headers.size() == 3);
  CHECK(r->url.find("x-amz-expected-bucket-owner=111122223333") != std::string_view::npos);
  CHECK(r->url.find(
            "X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-meta-owner%3Bx-amz-server-side-"
            "encryption&") != std::string_view::npos);
  CHECK(r->expires_at == doc_time + 86400);
  CHECK(r->signed_at == doc_time);
  CHECK(r->method == "PUT");
  CHECK(presign::is_hoistable_header("X-Amz-Request-Payer"));
  CHECK_FALSE(presign::is_hoistable_header("x-amz-acl"));
  CHECK_FALSE(presign::is_hoistable_header("content-type"));
}

// Regression (issue 7): hoisting skipped the header checks, so bad names and duplicates were
// signed into the query; and reserved names were invalid_query_parameter when hoisted but
// accepted when signed. Now one check for both, also in constant evaluation.
namespace {
constexpr presign::errc hoisted_error(presign::request_header a, presign::request_header b) {
  presign::presigner_options o;
  o.region = "us-east-1";
  const presign::basic_presigner p(presign::static_credentials(doc_akid, doc_secret),
                                   presign::fixed_clock{doc_time}, o);
  presign::presign_request req;
  req.bucket = "examplebucket";
  req.key = "test.txt";
  const std::array<presign::request_header, 2> h{{a, b}};
  req.headers = h;
  std::array<char, 1024> buf{};
  const auto r = p.presign(req, buf);
  return r ? presign::errc::ok : r.error();
}
static_assert(hoisted_error({"x-amz-foo", "1", true}, {"X-Amz-Foo", "2", true}) ==
              presign::errc::invalid_header);
static_assert(hoisted_error({"x-amz-foo bar", "1", true}, {"content-type", "a"}) ==
              presign::errc::invalid_header);
}  // namespace

TEST_CASE("hoisted headers get the same checks as signed ones") {
  using presign::errc;
  CHECK(hoisted_error({"x-amz-foo", "1", true}, {"x-amz-bar", "2", true}) == errc::ok);
  CHECK(hoisted_error({"x-amz-foo", "1", true}, {"x-amz-bar", "2"}) == errc::ok);
  CHECK(hoisted_error({"x-amz-foo", "1", true}, {"x-amz-foo", "2", true}) ==
        errc::invalid_header);
  CHECK(hoisted_error({"x-amz-foo", "1", true}, {"X-AMZ-FOO", "2"}) == errc::invalid_header);
  CHECK(hoisted_error({"x-amz-foo:", "1", true}, {"x-amz-bar", "2"}) == errc::invalid_header);
  CHECK(hoisted_error({"x-amz-foo", "1\n", true}, {"x-amz-bar", "2"}) == errc::invalid_header);
  CHECK(hoisted_error({"x-amz-date", "20130524T000000Z", true}, {"x-amz-bar", "2"}) ==
        errc::invalid_header);
  CHECK(hoisted_error({"x-amz-date", "20130524T000000Z"}, {"x-amz-bar", "2"}) ==
        errc::invalid_header);
  CHECK(presign::detail::validate_request_headers({}) == errc::ok);
}

TEST_CASE("debug output: canonical request and string to sign") {
  std::array<char, 2048> buf{}, creq{}, sts{};
  const auto r = doc_presigner().presign(doc_request(), buf, {creq, sts});
  REQUIRE(r);
  // The S3 documentation shows this canonical request for the example.
  CHECK(r->canonical_request ==
        "GET\n/test.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE"
        "%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires="
        "86400&X-Amz-SignedHeaders=host\nhost:examplebucket.s3.amazonaws.com\n\nhost\n"
        "UNSIGNED-PAYLOAD");
  CHECK(r->string_to_sign ==
        "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
        "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");
}

TEST_CASE("credentials that expire before the URL: refused by default, clamped on request") {
  const auto creds = presign::static_credentials(doc_akid, doc_secret, "tok", doc_time + 600);
  std::array<char, 4096> buf{};
  const presign::basic_presigner refuse(creds, presign::fixed_clock{doc_time}, doc_options());
  CHECK(refuse.presign(doc_request(), buf).error() == presign::errc::credentials_expire_too_soon);
  auto o = doc_options();
  o.credential_expiry = presign::credential_expiry_policy::clamp;
  const presign::basic_presigner clamp(creds, presign::fixed_clock{doc_time}, o);
  const auto r = clamp.presign(doc_request(), buf);
  REQUIRE(r);
  CHECK(r->expires_at == doc_time + 600);
  CHECK(r->url.find("X-Amz-Expires=600&") != std::string_view::npos);
  const presign::basic_presigner late(creds, presign::fixed_clock{doc_time + 600}, o);
  CHECK(late.presign(doc_request(), buf).error() == presign::errc::credentials_expire_too_soon);
}

TEST_CASE("bad input: a clear error for each") {
  std::array<char, 4096> buf{};
  const auto p = doc_presigner();
  const auto err = [&](presign::presign_request r) {
    const auto res = p.presign(r, buf);
    return res ? presign::errc::ok : res.error();
  };
  auto r = doc_request();
  r.bucket = "Bad_Bucket";
  CHECK(err(r) == presign::errc::invalid_bucket_name);
  r = doc_request();
  r.key = "";
  CHECK(err(r) == presign::errc::invalid_key);
  r.key = std::string_view("\xC3\x28", 2);
  CHECK(err(r) == presign::errc::invalid_key);
  const std::string long_key(1025, 'k');
  r.key = long_key;
  CHECK(err(r) == presign::errc::invalid_key);
  r = doc_request();
  r.expires_in = 604801;
  CHECK(err(r) == presign::errc::invalid_expiry);
  r.expires_in = 0;
  CHECK(err(r) == presign::errc::invalid_expiry);
  r = doc_request();
  r.region = "us east";
  CHECK(err(r) == presign::errc::invalid_region);
  const std::array<presign::request_header, 1> crlf{{{"x-amz-meta-a", "1\r\nX: y"}}};
  r = doc_request();
  r.headers = crlf;
  CHECK(err(r) == presign::errc::invalid_header);

  const presign::basic_presigner no_creds(presign::static_credentials("", ""),
                                          presign::fixed_clock{doc_time}, doc_options());
  CHECK(no_creds.presign(doc_request(), buf).error() == presign::errc::missing_credentials);
  presign::presigner_options no_region;
  const presign::basic_presigner nr(presign::static_credentials(doc_akid, doc_secret),
                                    presign::fixed_clock{doc_time}, no_region);
  CHECK(nr.presign(doc_request(), buf).error() == presign::errc::invalid_region);

  std::array<char, 10> tiny{};
  const auto small = p.presign(doc_request(), tiny);
  CHECK(small.error() == presign::errc::buffer_too_small);
  CHECK(small.required_size() == url_of(p, doc_request()).size());
}

TEST_CASE("the signing-key cache gives the same signatures across days, regions and threads") {
  struct stepping_clock {
    std::atomic<std::int64_t>* t;
    std::int64_t now() const noexcept { return t->load(); }
  };
  std::atomic<std::int64_t> t{doc_time};
  auto o = doc_options();
  o.endpoint.use_global_endpoint = false;
  const presign::basic_presigner cached(presign::static_credentials(doc_akid, doc_secret),
                                        stepping_clock{&t}, o);
  const auto uncached_url = [&](std::int64_t when, std::string_view region) {
    auto oo = o;
    oo.region = region;
    const presign::basic_presigner fresh(presign::static_credentials(doc_akid, doc_secret),
                                         presign::fixed_clock{when}, oo);
    return url_of(fresh, doc_request());
  };
  for (std::int64_t day = 0; day < 3; ++day) {
    t = doc_time + day * 86400 + 5;
    for (std::string_view region : {"us-east-1", "eu-west-1", "ap-south-1", "us-west-2", "sa-east-1"}) {
      auto req = doc_request();
      req.region = region;
      for (int repeat = 0; repeat < 2; ++repeat) {
        auto oo = o;
        oo.region = region;
        CHECK(url_of(cached, req) == uncached_url(t.load(), region));
      }
    }
  }
  // Threads share the presigner: every URL equals the single-threaded one.
  t = doc_time;
  const std::string expected = url_of(cached, doc_request());
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      std::array<char, 1024> buf{};
      for (int n = 0; n < 2000; ++n) {
        const auto r = cached.presign(doc_request(), buf);
        if (!r || r->url != expected) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mismatches.load() == 0);
}

TEST_CASE("max_expiry has a ceiling the signer and the verifier share (issue 17, item 3)") {
  static_assert(presign::max_expiry_limit >= presign::default_max_expiry);
  static_assert(presign::max_expiry_limit < 1000000000);  // X-Amz-Expires stays 9 digits
  presign::presign_request req;
  req.bucket = "examplebucket";
  req.key = "k";
  std::array<char, 2048> buf{};
  // Over the ceiling: every presign fails with invalid_option (decided at construction).
  for (const std::int64_t too_big : {presign::max_expiry_limit + 1, std::int64_t{INT64_MAX}}) {
    presign::presigner_options o;
    o.region = "us-east-1";
    o.max_expiry = too_big;
    const presign::basic_presigner p(presign::static_credentials("AKIDEXAMPLE", "secret"),
                                     presign::fixed_clock{1700000000}, o);
    req.expires_in = 3600;
    CHECK(p.presign(req, buf).error() == presign::errc::invalid_option);
    req.expires_in = INT64_MAX;
    CHECK(p.presign(req, buf).error() == presign::errc::invalid_option);
    const presign::basic_post_signer post(presign::static_credentials("AKIDEXAMPLE", "secret"),
                                          presign::fixed_clock{1700000000}, o);
    presign::post_request preq;
    preq.bucket = "examplebucket";
    preq.key = "k";
    std::array<char, 4096> pbuf{};
    CHECK(post.presign_post(preq, pbuf).error() == presign::errc::invalid_option);
  }
  // At the ceiling: what the presigner signs, the verifier accepts with the same ceiling.
  presign::presigner_options o;
  o.region = "us-east-1";
  o.max_expiry = presign::max_expiry_limit;
  const presign::basic_presigner p(presign::static_credentials("AKIDEXAMPLE", "secret"),
                                   presign::fixed_clock{1700000000}, o);
  req.expires_in = presign::max_expiry_limit;
  const auto u = p.presign(req, buf);
  REQUIRE(u);
  presign::verify_request v;
  v.url = u->url;
  v.now = 1700000000;
  v.region = "us-east-1";
  v.max_expiry = presign::max_expiry_limit;
  CHECK(presign::verify_presigned_url(v, presign::single_secret{"AKIDEXAMPLE", "secret"}).error() ==
        presign::errc::ok);
  v.max_expiry = presign::max_expiry_limit + 1;
  CHECK(presign::verify_presigned_url(v, presign::single_secret{"AKIDEXAMPLE", "secret"}).error() ==
        presign::errc::invalid_option);
  // The signing core refuses an options ceiling past the limit the same way.
  presign::sigv4_query_request s;
  const std::array<std::string_view, 1> path = {"/k"};
  s.host = "examplebucket.s3.us-east-1.amazonaws.com";
  s.path = path;
  s.region = "us-east-1";
  s.signing_time = 1700000000;
  s.expires_in = 3600;
  presign::sigv4_options so;
  so.max_expiry = presign::max_expiry_limit + 1;
  const presign::credentials_view c{"AKIDEXAMPLE", "secret", {}, presign::no_expiration};
  CHECK(presign::sigv4_presign(s, c, so, buf).error() == presign::errc::invalid_option);
}

TEST_CASE("the presigner refuses a query parameter name given twice (issue 17, item 8)") {
  presign::presigner_options o;
  o.region = "us-east-1";
  const presign::basic_presigner p(presign::static_credentials("AKIDEXAMPLE", "secret"),
                                   presign::fixed_clock{1700000000}, o);
  presign::presign_request req;
  req.bucket = "examplebucket";
  req.key = "k";
  std::array<char, 2048> buf{};
  const std::array<presign::query_param, 3> q = {presign::query_param{"response-content-type", "a"},
                                                 presign::query_param{"x", "1"},
                                                 presign::query_param{"response-content-type", "b"}};
  req.query = q;
  CHECK(p.presign(req, buf).error() == presign::errc::invalid_query_parameter);
  // Names are case-sensitive in a query: these are two parameters.
  const std::array<presign::query_param, 2> q2 = {presign::query_param{"a", "1"},
                                                  presign::query_param{"A", "1"}};
  req.query = q2;
  CHECK(p.presign(req, buf));
  // versionId given both ways.
  const std::array<presign::query_param, 1> q3 = {presign::query_param{"versionId", "v1"}};
  req.query = q3;
  req.version_id = "v2";
  CHECK(p.presign(req, buf).error() == presign::errc::invalid_query_parameter);
}
