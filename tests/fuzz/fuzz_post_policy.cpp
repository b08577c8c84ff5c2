// SPDX-License-Identifier: MIT
// libFuzzer target: the presigned POST policy builder and its JSON escaping. Any key, fields
// and conditions: a documented error, or a policy that is strict RFC 8259 JSON, valid
// UTF-8 without raw control characters, whose decoded strings include every value we asked for byte for byte (the escaping
// round-trips), whose `policy` field is its base64 and whose signature is 64 hex digits, equal to an
// independent recomputation (expected_signature).
//
// Input: 2 control bytes (which pairs are fields or conditions, condition kinds), then fields
// separated by 0xFE: bucket, key, key prefix, then name/value pairs.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

namespace {

[[noreturn]] void fail(const char* what, int line) {
  (void)std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, line, what);
  std::abort();
}
#define FUZZ_REQUIRE(cond) ((cond) ? (void)0 : fail(#cond, __LINE__))

// A strict JSON parser (RFC 8259) that keeps the decoded strings, as UTF-8.
class json_checker {
 public:
  explicit json_checker(std::string_view s) : s_(s) {}
  bool parse() {
    ws();
    if (!value(0)) return false;
    ws();
    return i_ == s_.size();
  }
  std::vector<std::string> strings;

 private:
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool literal(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  bool value(int depth) {
    if (depth > 64 || i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': {
        std::string out;
        if (!string(out)) return false;
        strings.push_back(std::move(out));
        return true;
      }
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
    }
  }
  bool object(int depth) {
    ++i_;
    ws();
    if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
    for (;;) {
      ws();
      std::string key;
      if (i_ >= s_.size() || s_[i_] != '"' || !string(key)) return false;
      strings.push_back(std::move(key));
      ws();
      if (i_ >= s_.size() || s_[i_++] != ':') return false;
      ws();
      if (!value(depth + 1)) return false;
      ws();
      if (i_ >= s_.size()) return false;
      if (s_[i_] == '}') return ++i_, true;
      if (s_[i_++] != ',') return false;
    }
  }
  bool array(int depth) {
    ++i_;
    ws();
    if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
    for (;;) {
      ws();
      if (!value(depth + 1)) return false;
      ws();
      if (i_ >= s_.size()) return false;
      if (s_[i_] == ']') return ++i_, true;
      if (s_[i_++] != ',') return false;
    }
  }
  bool number() {
    const std::size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ >= s_.size()) return false;
    if (s_[i_] == '0') {
      ++i_;
    } else if (s_[i_] >= '1' && s_[i_] <= '9') {
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    } else {
      return false;
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      const std::size_t f = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      if (i_ == f) return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      const std::size_t e = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      if (i_ == e) return false;
    }
    return i_ > start;
  }
  bool hex4(std::uint32_t& v) {
    if (s_.size() - i_ < 4) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }
  static void utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  bool string(std::string& out) {
    ++i_;  // '"'
    while (i_ < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[i_++]);
      if (c == '"') return true;
      if (c < 0x20) return false;  // control characters must be escaped
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (i_ >= s_.size()) return false;
      const char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t u = 0;
          if (!hex4(u)) return false;
          if (u >= 0xDC00 && u <= 0xDFFF) return false;  // a lone low surrogate
          if (u >= 0xD800 && u <= 0xDBFF) {
            std::uint32_t low = 0;
            if (s_.substr(i_, 2) != "\\u") return false;
            i_ += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
          }
          utf8(out, u);
          break;
        }
        default: return false;
      }
    }
    return false;
  }
  std::string_view s_;
  std::size_t i_ = 0;
};

constexpr std::string_view akid = "AKIDFUZZEXAMPLE";
constexpr std::string_view secret = "fuzzSecretKey/EXAMPLEKEY+abcdefghijklmn";

// The signature recomputed by the SigV4 definition (HMAC chain from "AWS4" + secret over the
// date, region, service, "aws4_request", then over the base64 policy), independently of
// derive_signing_key, the post signer's key cache and its fast paths.
std::string expected_signature(std::string_view policy) {
  const std::string first = std::string("AWS4") + std::string(secret);
  presign::sha256_digest k = presign::hmac_sha256(std::string_view(first)).sign(std::string_view("20130524"));
  for (const std::string_view part : {std::string_view("us-east-1"), std::string_view("s3"),
                                      std::string_view("aws4_request")})
    k = presign::hmac_sha256(k).sign(part);
  const presign::sha256_digest sig = presign::hmac_sha256(k).sign(policy);
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  for (const std::uint8_t byte : sig) {
    hex.push_back(digits[byte >> 4]);
    hex.push_back(digits[byte & 15]);
  }
  return hex;
}

bool contains(const std::vector<std::string>& strings, std::string_view s) {
  for (const std::string& x : strings) {
    if (x == s) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::array<std::uint8_t, 2> control{};
  const std::size_t n = size < control.size() ? size : control.size();
  std::memcpy(control.data(), data, n);
  std::string_view rest(reinterpret_cast<const char*>(data) + n, size - n);
  std::vector<std::string_view> f;
  while (f.size() < 3 + 2 * 8) {
    const std::size_t sep = rest.find('\xFE');
    f.push_back(rest.substr(0, sep));
    if (sep == std::string_view::npos) break;
    rest.remove_prefix(sep + 1);
  }
  while (f.size() < 3) f.emplace_back();

  std::vector<presign::post_field> fields;
  std::vector<presign::post_condition> conditions;
  for (std::size_t i = 3, pair = 0; i + 1 < f.size(); i += 2, ++pair) {
    const unsigned bit = (control[0] >> (pair % 8)) & 1u;
    const unsigned kind = (control[1] >> (2 * (pair % 4))) & 3u;
    if (bit != 0) {
      fields.push_back({f[i], f[i + 1], kind != 3});
    } else if (kind == 0) {
      conditions.push_back(presign::post_condition::exact(f[i], f[i + 1]));
    } else if (kind == 1) {
      conditions.push_back(presign::post_condition::eq(f[i], f[i + 1]));
    } else if (kind == 2) {
      conditions.push_back(presign::post_condition::starts_with(f[i], f[i + 1]));
    } else {
      conditions.push_back(presign::post_condition::content_length_range(
          static_cast<std::int64_t>(f[i].size()) - 1, static_cast<std::int64_t>(f[i + 1].size())));
    }
  }
  presign::presigner_options options;
  options.region = "us-east-1";
  const presign::basic_post_signer signer(
      presign::static_credentials(akid, secret, (control[1] & 0x80) != 0 ? "FQoGZXIvYXdzEXAMPLE" : ""),
      presign::fixed_clock{1369353600}, options);
  presign::post_request req;
  req.bucket = f[0].empty() ? std::string_view("examplebucket") : f[0];
  req.key = f[1];
  req.key_prefix = f[2];
  req.key_rule = static_cast<presign::post_key_rule>(control[0] % 3);
  req.fields = fields;
  req.conditions = conditions;

  std::vector<char> buf(8192);
  auto r = signer.presign_post(req, buf);
  if (!r && r.error() == presign::errc::buffer_too_small) {
    buf.assign(r.required_size(), '\0');
    r = signer.presign_post(req, buf);
    FUZZ_REQUIRE(r.has_value());
  }
  if (!r) {
    const presign::errc e = r.error();
    FUZZ_REQUIRE(e == presign::errc::invalid_policy || e == presign::errc::invalid_key ||
            e == presign::errc::invalid_bucket_name);
    return 0;
  }
  const std::string_view json = r->policy_json;
  // Valid UTF-8 (non-ASCII is copied, as JSON.stringify does) with no raw control character.
  FUZZ_REQUIRE(presign::detail::is_valid_utf8(json));
  for (char c : json) FUZZ_REQUIRE(static_cast<unsigned char>(c) >= 0x20);
  json_checker checker(json);
  if (!checker.parse()) {
    (void)std::fprintf(stderr, "not JSON: %.*s\n", static_cast<int>(json.size()), json.data());
    std::abort();
  }
  // The escaping round-trips: every value we asked for is one of the decoded strings.
  for (const presign::post_field& pf : fields) {
    if (pf.add_condition) FUZZ_REQUIRE(contains(checker.strings, pf.value));
  }
  for (const presign::post_condition& c : conditions) {
    if (c.kind != presign::post_condition_kind::content_length_range)
      FUZZ_REQUIRE(contains(checker.strings, c.value));
  }
  FUZZ_REQUIRE(contains(checker.strings, req.bucket));
  // The policy field is the base64 of the JSON, and the signature is hex.
  std::vector<char> b64(presign::base64_encoded_size(json.size()));
  const auto e = presign::base64_encode(json, b64);
  FUZZ_REQUIRE(e.has_value() && std::string_view(b64.data(), *e) == r->policy);
  FUZZ_REQUIRE(r->signature.size() == 64);
  for (char c : r->signature) FUZZ_REQUIRE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  FUZZ_REQUIRE(r->signature == expected_signature(r->policy));
  FUZZ_REQUIRE(r->field("x-amz-signature") == r->signature);
  FUZZ_REQUIRE(r->field("policy") == r->policy && r->field("key") == req.key);
  return 0;
}
