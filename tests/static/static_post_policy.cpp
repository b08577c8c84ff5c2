// SPDX-License-Identifier: MIT
// Presigned POST at compile time: the AWS POST example's signature, a whole form built with a
// fixed clock and static credentials, JSON escaping and refusals, all as static_asserts.
#include <presign/presign.hpp>

#include <array>
#include <string_view>

namespace {

// The policy of AWS's "Example: Browser-Based Upload using HTTP POST (Using AWS Signature
// Version 4)", byte for byte (tests/data/s3_post_example.policy.json: CRLF line ends, no final
// newline, 648 bytes), and its signature for scope 20151229/us-east-1/s3/aws4_request.
constexpr std::string_view aws_policy =
    "{ \"expiration\": \"2015-12-30T12:00:00.000Z\",\r\n"
    "  \"conditions\": [\r\n"
    "    {\"bucket\": \"sigv4examplebucket\"},\r\n"
    "    [\"starts-with\", \"$key\", \"user/user1/\"],\r\n"
    "    {\"acl\": \"public-read\"},\r\n"
    "    {\"success_action_redirect\": "
    "\"http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html\"},\r\n"
    "    [\"starts-with\", \"$Content-Type\", \"image/\"],\r\n"
    "    {\"x-amz-meta-uuid\": \"14365123651274\"},\r\n"
    "    {\"x-amz-server-side-encryption\": \"AES256\"},\r\n"
    "    [\"starts-with\", \"$x-amz-meta-tag\", \"\"],\r\n"
    "\r\n"
    "    {\"x-amz-credential\": \"AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request\"},\r\n"
    "    {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"},\r\n"
    "    {\"x-amz-date\": \"20151229T000000Z\" }\r\n"
    "  ]\r\n"
    "}";
static_assert(aws_policy.size() == 648);
constexpr std::string_view aws_signature =
    "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e";
constexpr std::string_view aws_akid = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view aws_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::int64_t aws_time = 1451347200;  // 20151229T000000Z

// sign_post_policy: the vector, and the base64 begins as the example's .b64 file does.
constexpr bool aws_example_signs() {
  std::array<char, 1024> buf{};
  const auto r = presign::sign_post_policy(aws_policy, aws_secret, "20151229", "us-east-1", buf);
  return r && r->signature == aws_signature && r->policy.size() == 864 &&
         r->policy.starts_with("eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0K");
}
static_assert(aws_example_signs());

// The same through post_policy_signature with a derived key.
constexpr bool aws_example_signs_with_key() {
  std::array<char, 864> b64{};
  const auto n = presign::base64_encode(aws_policy, b64);
  if (!n || *n != 864) return false;
  const auto sig = presign::post_policy_signature(
      presign::derive_signing_key(aws_secret, "20151229", "us-east-1", "s3"),
      std::string_view(b64.data(), b64.size()));
  return std::string_view(sig.data(), sig.size()) == aws_signature;
}
static_assert(aws_example_signs_with_key());

constexpr presign::presigner_options us_east_1() {
  presign::presigner_options o;
  o.region = "us-east-1";
  return o;
}

// The example's form through basic_post_signer::sign_policy (caller's policy, verbatim).
constexpr bool aws_example_form() {
  const presign::basic_post_signer signer(presign::static_credentials(aws_akid, aws_secret),
                                          presign::fixed_clock{aws_time}, us_east_1());
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
  std::array<char, 2048> buf{};
  const auto r = signer.sign_policy(req, aws_policy, buf);
  if (!r) return false;
  const auto f = r->fields();
  return r->signature == aws_signature && f.size() == 12 && f[0].name == "key" &&
         f[0].value == "user/user1/${filename}" && f[1].name == "acl" &&
         f[7].name == "policy" && f[8].name == "x-amz-algorithm" &&
         f[8].value == "AWS4-HMAC-SHA256" && f[9].name == "x-amz-credential" &&
         f[9].value == "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request" &&
         f[10].name == "x-amz-date" && f[10].value == "20151229T000000Z" &&
         f[11].name == "x-amz-signature" && f[11].value == aws_signature &&
         r->url == "https://sigv4examplebucket.s3.us-east-1.amazonaws.com/" &&
         r->policy_json == aws_policy;
}
static_assert(aws_example_form());

// The builder: the example's conditions, in botocore's layout. Expected text and signature
// from Python's json.dumps and hmac/hashlib (independent of this library).
constexpr std::string_view built_policy =
    R"({"expiration": "2015-12-30T12:00:00.000Z", "conditions": [{"acl": "public-read"}, )"
    R"({"success_action_redirect": "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html"}, )"
    R"({"x-amz-meta-uuid": "14365123651274"}, {"x-amz-server-side-encryption": "AES256"}, )"
    R"(["starts-with", "$Content-Type", "image/"], ["starts-with", "$x-amz-meta-tag", ""], )"
    R"({"bucket": "sigv4examplebucket"}, ["starts-with", "$key", "user/user1/"], )"
    R"({"x-amz-algorithm": "AWS4-HMAC-SHA256"}, )"
    R"({"x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"}, )"
    R"({"x-amz-date": "20151229T000000Z"}]})";
constexpr std::string_view built_signature =
    "3aaf47542fae5187c01def05bec350fde46579bf1fda8bbb033f33c30533f8f8";

constexpr bool builder_matches_json_dumps() {
  const presign::basic_post_signer signer(presign::static_credentials(aws_akid, aws_secret),
                                          presign::fixed_clock{aws_time}, us_east_1());
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
  req.expires_in = 129600;  // 36 h: 2015-12-30T12:00:00Z, the example's expiration
  std::array<char, 4096> buf{};
  const auto r = signer.presign_post(req, buf);
  if (!r || r->policy_json != built_policy || r->signature != built_signature) return false;
  // The base64 field decodes to the policy text.
  std::array<char, 2048> decoded{};
  const auto n = presign::base64_decode(r->policy, decoded);
  if (!n || std::string_view(decoded.data(), *n) != built_policy) return false;
  // A buffer one char short is refused with the exact size, the exact size works.
  const std::size_t used = static_cast<std::size_t>(r->signature.data() + 64 - buf.data());
  const auto shorter = signer.presign_post(req, std::span<char>(buf.data(), used - 1));
  const auto exact = signer.presign_post(req, std::span<char>(buf.data(), used));
  return shorter.error() == presign::errc::buffer_too_small && shorter.required_size() == used &&
         exact && exact->expires_at == aws_time + 129600 && exact->signed_at == aws_time;
}
static_assert(builder_matches_json_dumps());

// Escaping as Python's json.dumps(ensure_ascii=False): quote, backslash, \b \f \n \r \t, other
// controls as \u00xx, DEL and non-ASCII UTF-8 copied; a session token adds
// its field and condition. Path style puts the bucket in the URL.
constexpr std::string_view escaped_policy =
    R"({"expiration": "2013-05-24T01:00:00.000Z", "conditions": [)"
    "{\"x-amz-meta-s\": \"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0000\\u001f\x7f caf\xc3\xa9 "
    "\xe6\x97\xa5\xf0\x9f\x98\x80 \xe2\x80\xa8\"}, "
    R"(["eq", "$Content-Disposition", "attachment; filename=\"x y.txt\""], )"
    R"(["content-length-range", 1, 10485760], {"bucket": "my-bucket"}, )"
    "{\"key\": \"dir/caf\xc3\xa9 \\\"q\\\".txt\"}, "
    R"({"x-amz-algorithm": "AWS4-HMAC-SHA256"}, )"
    R"({"x-amz-credential": "AKIDEXAMPLE/20130524/eu-west-1/s3/aws4_request"}, )"
    R"({"x-amz-date": "20130524T000000Z"}, {"x-amz-security-token": "token/with+chars="}]})";

constexpr char meta_chars[] =
    "q\"b\\s/\b\f\n\r\t\0\x1f\x7f caf\xc3\xa9 \xe6\x97\xa5\xf0\x9f\x98\x80 \xe2\x80\xa8";
constexpr std::string_view meta(meta_chars, sizeof meta_chars - 1);  // with the NUL inside

constexpr bool escapes_like_json_dumps() {
  presign::presigner_options o;
  o.region = "eu-west-1";
  o.endpoint.style = presign::addressing_style::path;
  const presign::basic_post_signer signer(
      presign::static_credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                  "token/with+chars="),
      presign::fixed_clock{1369353600}, o);
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
  std::array<char, 4096> buf{};
  const auto r = signer.presign_post(req, buf);
  return r && r->policy_json == escaped_policy &&
         r->signature == "d01920cbd972adec5023ba94313bf3697c2ba2cde6fcde31cf51dbaca09116e1" &&
         r->url == "https://s3.eu-west-1.amazonaws.com/my-bucket/" &&
         r->field("x-amz-security-token") == "token/with+chars=" &&
         r->fields()[r->fields().size() - 2].name == "x-amz-security-token";
}
static_assert(escapes_like_json_dumps());

// Refusals.
constexpr presign::errc post_error(std::string_view value, std::string_view name = "acl",
                                   std::int64_t expires_in = 60, std::string_view key = "k") {
  const presign::basic_post_signer signer(presign::static_credentials("AKID", "secret"),
                                          presign::fixed_clock{aws_time}, us_east_1());
  const std::array<presign::post_field, 1> fields = {{{name, value}}};
  presign::post_request req;
  req.bucket = "bucket";
  req.key = key;
  req.fields = fields;
  req.expires_in = expires_in;
  std::array<char, 1024> buf{};
  const auto r = signer.presign_post(req, buf);
  return r ? presign::errc::ok : r.error();
}
static_assert(post_error("public-read") == presign::errc::ok);
static_assert(post_error("\xff") == presign::errc::invalid_policy);          // not UTF-8
static_assert(post_error("\xed\xa0\x80") == presign::errc::invalid_policy);  // a surrogate
static_assert(post_error("x", "policy") == presign::errc::invalid_policy);
static_assert(post_error("x", "X-Amz-Signature") == presign::errc::invalid_policy);
static_assert(post_error("x", "file") == presign::errc::invalid_policy);
static_assert(post_error("x", "bad name") == presign::errc::invalid_policy);
static_assert(post_error("x", "acl", 0) == presign::errc::invalid_expiry);
static_assert(post_error("x", "acl", 604800) == presign::errc::ok);
static_assert(post_error("x", "acl", 604801) == presign::errc::invalid_expiry);
static_assert(post_error("x", "acl", 60, "") == presign::errc::invalid_key);

constexpr bool caller_policy_must_be_utf8() {
  std::array<char, 256> buf{};
  return presign::sign_post_policy("{\"a\": \"\xc0\xaf\"}", aws_secret, "20151229", "us-east-1",
                                   buf)
             .error() == presign::errc::invalid_policy &&
         presign::sign_post_policy("{}", aws_secret, "2015122", "us-east-1", buf).error() ==
             presign::errc::invalid_time;
}
static_assert(caller_policy_must_be_utf8());

}  // namespace
