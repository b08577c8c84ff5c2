// SPDX-License-Identifier: MIT
// Presigned POST: the AWS POST example (from tests/data), the builder's policy against texts
// made by Python's json.dumps, field order, hosts, session tokens, credential expiry, buffer
// sizes and refusals.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <presign/presign.hpp>

namespace {

constexpr std::string_view aws_akid = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view aws_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view aws_signature =
    "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e";
constexpr std::int64_t aws_time = 1451347200;  // 20151229T000000Z

std::string read_data(const char* name) {
  std::ifstream f(std::string(PRESIGN_TEST_DATA_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

presign::presigner_options options(std::string_view region = "us-east-1") {
  presign::presigner_options o;
  o.region = region;
  return o;
}

auto aws_signer(std::string_view token = {}, std::int64_t expiration = presign::no_expiration,
                presign::presigner_options o = options()) {
  return presign::basic_post_signer(
      presign::static_credentials(aws_akid, aws_secret, token, expiration),
      presign::fixed_clock{aws_time}, o);
}

std::vector<std::string> names_of(const presign::presigned_post& p) {
  std::vector<std::string> v;
  for (const auto& f : p.fields()) v.emplace_back(f.name);
  return v;
}

}  // namespace

TEST_CASE("post: the AWS POST example policy signs to the documented signature") {
  const std::string policy = read_data("s3_post_example.policy.json");
  const std::string b64 = read_data("s3_post_example.policy.b64");
  REQUIRE(policy.size() == 648);
  std::string b64_trimmed = b64;
  while (!b64_trimmed.empty() && (b64_trimmed.back() == '\n' || b64_trimmed.back() == '\r'))
    b64_trimmed.pop_back();
  REQUIRE(b64_trimmed.size() == 864);

  std::array<char, 1024> buf{};
  const auto r = presign::sign_post_policy(policy, aws_secret, "20151229", "us-east-1", buf);
  REQUIRE(r);
  CHECK(r->policy == b64_trimmed);
  CHECK(r->signature == aws_signature);

  // A buffer one short: nothing but the size needed.
  const auto small =
      presign::sign_post_policy(policy, aws_secret, "20151229", "us-east-1",
                                std::span<char>(buf.data(), 864 + 63));
  CHECK(small.error() == presign::errc::buffer_too_small);
  CHECK(small.required_size() == 864 + 64);

  // Another region or date or secret gives another signature.
  CHECK(presign::sign_post_policy(policy, aws_secret, "20151230", "us-east-1", buf)->signature !=
        aws_signature);
  CHECK(presign::sign_post_policy(policy, aws_secret, "20151229", "us-west-2", buf)->signature !=
        aws_signature);
}

TEST_CASE("post: sign_policy sends a caller's policy verbatim with the example's form") {
  const std::string policy = read_data("s3_post_example.policy.json");
  const auto signer = aws_signer();
  const std::array<presign::post_field, 6> fields = {{
      {"acl", "public-read"},
      {"success_action_redirect",
       "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html"},
      {"Content-Type", "image/jpeg"},
      {"x-amz-meta-uuid", "14365123651274"},
      {"x-amz-server-side-encryption", "AES256"},
      {"x-amz-meta-tag", ""},
  }};
  presign::post_request req;
  req.bucket = "sigv4examplebucket";
  req.key = "user/user1/${filename}";
  req.fields = fields;
  std::vector<char> buf(4096);
  const auto r = signer.sign_policy(req, policy, buf);
  REQUIRE(r);
  CHECK(r->signature == aws_signature);
  CHECK(r->policy_json == policy);
  CHECK(r->url == "https://sigv4examplebucket.s3.us-east-1.amazonaws.com/");
  CHECK(r->field("x-amz-credential") == "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request");
  CHECK(r->field("x-amz-date") == "20151229T000000Z");
  CHECK(r->field("x-amz-signature") == aws_signature);
  CHECK(r->expires_at == 0);
  CHECK(names_of(*r) ==
        std::vector<std::string>{"key", "acl", "success_action_redirect", "Content-Type",
                                 "x-amz-meta-uuid", "x-amz-server-side-encryption",
                                 "x-amz-meta-tag", "policy", "x-amz-algorithm",
                                 "x-amz-credential", "x-amz-date", "x-amz-signature"});
  // A policy that is not UTF-8 is refused.
  CHECK(signer.sign_policy(req, "{\"k\": \"\xff\"}", buf).error() ==
        presign::errc::invalid_policy);
  CHECK(signer.sign_policy(req, "", buf).error() == presign::errc::invalid_policy);
}

TEST_CASE("post: the builder writes what json.dumps writes, and signs it") {
  // Expected policy and signature made with Python's json.dumps, base64 and hmac.
  constexpr std::string_view expected =
      R"({"expiration": "2015-12-30T12:00:00.000Z", "conditions": [{"acl": "public-read"}, )"
      R"({"success_action_redirect": "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html"}, )"
      R"({"x-amz-meta-uuid": "14365123651274"}, {"x-amz-server-side-encryption": "AES256"}, )"
      R"(["starts-with", "$Content-Type", "image/"], ["starts-with", "$x-amz-meta-tag", ""], )"
      R"({"bucket": "sigv4examplebucket"}, ["starts-with", "$key", "user/user1/"], )"
      R"({"x-amz-algorithm": "AWS4-HMAC-SHA256"}, )"
      R"({"x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"}, )"
      R"({"x-amz-date": "20151229T000000Z"}]})";
  const auto signer = aws_signer();
  const std::array<presign::post_field, 6> fields = {{
      {"acl", "public-read"},
      {"success_action_redirect",
       "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html"},
      {"x-amz-meta-uuid", "14365123651274"},
      {"x-amz-server-side-encryption", "AES256"},
      {"Content-Type", "image/jpeg", false},
      {"x-amz-meta-tag", "", false},
  }};
  const std::array<presign::post_condition, 2> conditions = {
      presign::post_condition::starts_with("Content-Type", "image/"),
      presign::post_condition::starts_with("x-amz-meta-tag", ""),
  };
  presign::post_request req;
  req.bucket = "sigv4examplebucket";
  req.key = "user/user1/${filename}";
  req.fields = fields;
  req.conditions = conditions;
  req.expires_in = 129600;
  std::vector<char> buf(4096);
  const auto r = signer.presign_post(req, buf);
  REQUIRE(r);
  CHECK(r->policy_json == expected);
  CHECK(r->signature == "3aaf47542fae5187c01def05bec350fde46579bf1fda8bbb033f33c30533f8f8");
  CHECK(r->expires_at == aws_time + 129600);
  CHECK(r->signed_at == aws_time);
  std::vector<char> decoded(2048);
  const auto n = presign::base64_decode(r->policy, decoded);
  REQUIRE(n);
  CHECK(std::string_view(decoded.data(), *n) == expected);
  CHECK(names_of(*r) ==
        std::vector<std::string>{"key", "acl", "success_action_redirect", "x-amz-meta-uuid",
                                 "x-amz-server-side-encryption", "Content-Type",
                                 "x-amz-meta-tag", "policy", "x-amz-algorithm",
                                 "x-amz-credential", "x-amz-date", "x-amz-signature"});
  CHECK(r->field("key") == "user/user1/${filename}");
  CHECK(r->field("Content-Type") == "image/jpeg");

  // The same policy through sign_post_policy gives the same signature.
  std::vector<char> buf2(4096);
  const auto again =
      presign::sign_post_policy(r->policy_json, aws_secret, "20151229", "us-east-1", buf2);
  REQUIRE(again);
  CHECK(again->signature == r->signature);
  CHECK(again->policy == r->policy);
}

TEST_CASE("post: JSON escaping as json.dumps(ensure_ascii=False), session token, path style") {
  constexpr std::string_view expected =
      R"({"expiration": "2013-05-24T01:00:00.000Z", "conditions": [)"
      "{\"x-amz-meta-s\": \"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0000\\u001f\x7f caf\xc3\xa9 "
      "\xe6\x97\xa5\xf0\x9f\x98\x80 \xe2\x80\xa8\"}, "
      R"(["eq", "$Content-Disposition", "attachment; filename=\"x y.txt\""], )"
      R"(["content-length-range", 1, 10485760], {"bucket": "my-bucket"}, )"
      "{\"key\": \"dir/caf\xc3\xa9 \\\"q\\\".txt\"}, "
      R"({"x-amz-algorithm": "AWS4-HMAC-SHA256"}, )"
      R"({"x-amz-credential": "AKIDEXAMPLE/20130524/eu-west-1/s3/aws4_request"}, )"
      R"({"x-amz-date": "20130524T000000Z"}, {"x-amz-security-token": "token/with+chars="}]})";
  presign::presigner_options o = options("eu-west-1");
  o.endpoint.style = presign::addressing_style::path;
  const presign::basic_post_signer signer(
      presign::static_credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                  "token/with+chars="),
      presign::fixed_clock{1369353600}, o);
  const std::string meta(
      "q\"b\\s/\b\f\n\r\t\0\x1f\x7f caf\xc3\xa9 \xe6\x97\xa5\xf0\x9f\x98\x80 \xe2\x80\xa8", 32);
  const std::array<presign::post_field, 2> fields = {{
      {"x-amz-meta-s", meta},
      {"Content-Disposition", "attachment; filename=\"x y.txt\"", false},
  }};
  const std::array<presign::post_condition, 2> conditions = {
      presign::post_condition::eq("Content-Disposition", "attachment; filename=\"x y.txt\""),
      presign::post_condition::content_length_range(1, 10485760),
  };
  presign::post_request req;
  req.bucket = "my-bucket";
  req.key = "dir/caf\xc3\xa9 \"q\".txt";
  req.fields = fields;
  req.conditions = conditions;
  std::vector<char> buf(4096);
  const auto r = signer.presign_post(req, buf);
  REQUIRE(r);
  CHECK(r->policy_json == expected);
  CHECK(r->signature == "d01920cbd972adec5023ba94313bf3697c2ba2cde6fcde31cf51dbaca09116e1");
  CHECK(r->url == "https://s3.eu-west-1.amazonaws.com/my-bucket/");
  CHECK(r->field("x-amz-security-token") == "token/with+chars=");
  CHECK(r->field("x-amz-meta-s") == meta);  // sent raw, escaped only in the policy
  CHECK(names_of(*r) == std::vector<std::string>{"key", "x-amz-meta-s", "Content-Disposition",
                                                 "policy", "x-amz-algorithm",
                                                 "x-amz-credential", "x-amz-date",
                                                 "x-amz-security-token", "x-amz-signature"});
}

TEST_CASE("post: key rules") {
  const auto signer = aws_signer();
  std::vector<char> buf(4096);
  presign::post_request req;
  req.bucket = "bucket";

  req.key = "a/b.txt";
  CHECK(signer.presign_post(req, buf)->policy_json.find(R"({"key": "a/b.txt"})") !=
        std::string_view::npos);
  req.key = "up/${filename}";
  CHECK(signer.presign_post(req, buf)->policy_json.find(R"(["starts-with", "$key", "up/"])") !=
        std::string_view::npos);
  req.key_rule = presign::post_key_rule::exact;
  CHECK(signer.presign_post(req, buf)->policy_json.find(R"({"key": "up/${filename}"})") !=
        std::string_view::npos);
  req.key_rule = presign::post_key_rule::prefix;
  req.key_prefix = "";
  CHECK(signer.presign_post(req, buf)->policy_json.find(R"(["starts-with", "$key", ""])") !=
        std::string_view::npos);
  req.key_prefix = "up/";
  CHECK(signer.presign_post(req, buf));
  req.key_prefix = "down/";  // the key itself would break its own policy
  CHECK(signer.presign_post(req, buf).error() == presign::errc::invalid_policy);
}

TEST_CASE("post: hosts follow the presigner's rules") {
  std::vector<char> buf(4096);
  presign::post_request req;
  req.key = "k";
  {
    presign::presigner_options o = options();
    o.endpoint.endpoint_url = "http://127.0.0.1:9000";
    req.bucket = "bucket";
    CHECK(aws_signer({}, presign::no_expiration, o).presign_post(req, buf)->url ==
          "http://127.0.0.1:9000/bucket/");
  }
  {
    presign::presigner_options o = options();
    o.endpoint.endpoint_url = "http://localhost:8000";
    o.endpoint.style = presign::addressing_style::virtual_hosted;
    CHECK(aws_signer({}, presign::no_expiration, o).presign_post(req, buf)->url ==
          "http://bucket.localhost:8000/");
  }
  {
    req.bucket = "dotted.bucket.name";  // automatic: path style over https
    CHECK(aws_signer().presign_post(req, buf)->url ==
          "https://s3.us-east-1.amazonaws.com/dotted.bucket.name/");
  }
  {
    presign::presigner_options o = options("cn-north-1");
    req.bucket = "bucket";
    CHECK(aws_signer({}, presign::no_expiration, o).presign_post(req, buf)->url ==
          "https://bucket.s3.cn-north-1.amazonaws.com.cn/");
  }
  {
    req.region = "eu-central-1";  // the request's region wins, in the URL and the scope
    const auto r = aws_signer().presign_post(req, buf);
    REQUIRE(r);
    CHECK(r->url == "https://bucket.s3.eu-central-1.amazonaws.com/");
    CHECK(r->field("x-amz-credential") ==
          "AKIAIOSFODNN7EXAMPLE/20151229/eu-central-1/s3/aws4_request");
    req.region = {};
  }
  req.bucket = "Bad_Bucket";
  CHECK(aws_signer().presign_post(req, buf).error() == presign::errc::invalid_bucket_name);
}

TEST_CASE("post: credentials that expire before the policy") {
  std::vector<char> buf(4096);
  presign::post_request req;
  req.bucket = "bucket";
  req.key = "k";
  req.expires_in = 3600;
  CHECK(aws_signer("tok", aws_time + 600).presign_post(req, buf).error() ==
        presign::errc::credentials_expire_too_soon);
  presign::presigner_options o = options();
  o.credential_expiry = presign::credential_expiry_policy::clamp;
  const auto r = aws_signer("tok", aws_time + 600, o).presign_post(req, buf);
  REQUIRE(r);
  CHECK(r->expires_at == aws_time + 600);
  CHECK(r->policy_json.starts_with(R"({"expiration": "2015-12-29T00:10:00.000Z")"));
  CHECK(aws_signer("tok", aws_time, o).presign_post(req, buf).error() ==
        presign::errc::credentials_expire_too_soon);
}

TEST_CASE("post: refusals") {
  const auto signer = aws_signer();
  std::vector<char> buf(4096);
  presign::post_request req;
  req.bucket = "bucket";
  req.key = "k";
  const auto error_with = [&](std::initializer_list<presign::post_field> f,
                              std::initializer_list<presign::post_condition> c = {}) {
    const std::vector<presign::post_field> fv(f);
    const std::vector<presign::post_condition> cv(c);
    presign::post_request r = req;
    r.fields = fv;
    r.conditions = cv;
    const auto out = signer.presign_post(r, buf);
    return out ? presign::errc::ok : out.error();
  };
  using presign::errc;
  using presign::post_condition;
  CHECK(error_with({{"acl", "private"}}) == errc::ok);
  CHECK(error_with({{"acl", "private"}, {"ACL", "public-read"}}) == errc::invalid_policy);
  CHECK(error_with({{"Key", "other"}}) == errc::invalid_policy);
  CHECK(error_with({{"x-amz-date", "x"}}) == errc::invalid_policy);
  CHECK(error_with({{"", "x"}}) == errc::invalid_policy);
  CHECK(error_with({{"a\"b", "x"}}) == errc::invalid_policy);
  CHECK(error_with({{"acl", "\xc3"}}) == errc::invalid_policy);  // truncated UTF-8
  // A field without a condition of its own must be named by one.
  CHECK(error_with({{"Content-Type", "image/png", false}}) == errc::invalid_policy);
  CHECK(error_with({{"Content-Type", "image/png", false}},
                   {post_condition::starts_with("content-type", "image/")}) == errc::ok);
  CHECK(error_with({{"x-ignore-me", "1", false}}) == errc::ok);
  CHECK(error_with({}, {post_condition::content_length_range(10, 9)}) == errc::invalid_policy);
  CHECK(error_with({}, {post_condition::content_length_range(-1, 9)}) == errc::invalid_policy);
  CHECK(error_with({}, {post_condition::content_length_range(0, 0)}) == errc::ok);
  CHECK(error_with({}, {post_condition::starts_with("$$key", "x")}) == errc::invalid_policy);
  CHECK(error_with({}, {post_condition::starts_with("a b", "x")}) == errc::invalid_policy);
  {
    const std::array<post_condition, 1> c = {post_condition::starts_with("$key", "")};
    presign::post_request r = req;
    r.conditions = c;
    CHECK(signer.presign_post(r, buf)->policy_json.find(R"(["starts-with", "$key", ""])") !=
          std::string_view::npos);
  }
  CHECK(error_with({}, {post_condition::exact("acl", "\xff")}) == errc::invalid_policy);

  std::vector<presign::post_field> many(presign::max_post_fields + 1);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < many.size(); ++i) names.push_back("x-amz-meta-" + std::to_string(i));
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = {names[i], "v"};
  presign::post_request r = req;
  r.fields = many;
  CHECK(signer.presign_post(r, buf).error() == errc::invalid_policy);
  r.fields = std::span<const presign::post_field>(many.data(), presign::max_post_fields);
  const auto full = signer.presign_post(r, buf);
  REQUIRE(full);
  CHECK(full->fields().size() == presign::max_post_fields + 6);

  r = req;
  r.expires_in = 0;
  CHECK(signer.presign_post(r, buf).error() == errc::invalid_expiry);
  r.expires_in = 604801;
  CHECK(signer.presign_post(r, buf).error() == errc::invalid_expiry);
  r.expires_in = 60;
  r.key = std::string(1025, 'k');
  CHECK(signer.presign_post(r, buf).error() == errc::invalid_key);
  r.key = "\xff";
  CHECK(signer.presign_post(r, buf).error() == errc::invalid_key);

  const presign::basic_post_signer no_secret(presign::static_credentials("AKID", ""),
                                             presign::fixed_clock{aws_time}, options());
  CHECK(no_secret.presign_post(req, buf).error() == errc::missing_credentials);
  const presign::basic_post_signer no_region(presign::static_credentials("AKID", "s"),
                                             presign::fixed_clock{aws_time}, options(""));
  CHECK(no_region.presign_post(req, buf).error() == errc::invalid_region);
  const presign::basic_post_signer far_future(presign::static_credentials("AKID", "s"),
                                              presign::fixed_clock{253402300000}, options());
  CHECK(far_future.presign_post(req, buf).error() == errc::invalid_time);
}

TEST_CASE("post: buffer sizes are exact and nothing is written past the buffer") {
  const auto signer = aws_signer("session-token");
  const std::array<presign::post_field, 1> fields = {{{"x-amz-meta-name", "caf\xc3\xa9"}}};
  presign::post_request req;
  req.bucket = "bucket";
  req.key = "key";
  req.fields = fields;
  std::vector<char> big(4096);
  const auto full = signer.presign_post(req, big);
  REQUIRE(full);
  const auto used = static_cast<std::size_t>(full->signature.data() + 64 - big.data());
  const std::size_t sizes[] = {0, 10, used / 2, used - 65, used - 64, used - 1};
  for (std::size_t n : sizes) {
    std::vector<char> buf(n + 16, '#');
    const auto r = signer.presign_post(req, std::span<char>(buf.data(), n));
    CHECK(r.error() == presign::errc::buffer_too_small);
    CHECK(r.required_size() == used);
    for (std::size_t i = n; i < buf.size(); ++i) CHECK(buf[i] == '#');
  }
  std::vector<char> exact(used);
  const auto r = signer.presign_post(req, exact);
  REQUIRE(r);
  CHECK(r->signature == full->signature);
}

TEST_CASE("post: one signer from many threads gives the same form") {
  const auto signer = aws_signer();
  presign::post_request req;
  req.bucket = "bucket";
  req.key = "k";
  std::vector<char> ref(2048);
  const std::string want(signer.presign_post(req, ref)->signature);
  std::vector<std::thread> threads;
  std::array<int, 4> bad{};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<char> buf(2048);
      for (int i = 0; i < 200; ++i) {
        const auto r = signer.presign_post(req, buf);
        if (!r || r->signature != want) ++bad[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(bad == std::array<int, 4>{});
}
