// SPDX-License-Identifier: MIT
// verify_presigned_url: the S3 documentation example, round trips of everything the presigner
// emits (and single-character tampering of each part), the validity window to the second,
// scope checks, malformed URLs, signed headers, non-canonical wire encodings, lookups, work
// areas, and the regression inputs found by fuzzing.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

namespace {

using presign::errc;

constexpr std::int64_t doc_time = 1369353600;  // 20130524T000000Z
constexpr std::string_view doc_akid = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view doc_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
// The AWS S3 documentation's presigned URL ("Authenticating Requests: Using Query
// Parameters", example), an external vector: not produced by our code.
constexpr std::string_view doc_url =
    "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

// --- compile time: the documentation example verifies as a constant expression.
constexpr errc constexpr_verify(std::string_view url, std::int64_t now) {
  presign::verify_request req;
  req.url = url;
  req.now = now;
  req.region = "us-east-1";
  std::array<char, 2048> work{};
  return presign::verify_presigned_url(req, presign::single_secret{doc_akid, doc_secret}, work)
      .error();
}
static_assert(constexpr_verify(doc_url, doc_time) == errc::ok);
static_assert(constexpr_verify(doc_url, doc_time + 86400) == errc::ok);
static_assert(constexpr_verify(doc_url, doc_time + 86401) == errc::expired);
static_assert(presign::verify_reason(errc::ok) == "valid");
static_assert(presign::verify_reason(errc::not_yet_valid) == "not_yet_valid");

struct verify_args {
  std::string_view method = "GET";
  std::int64_t now = doc_time;
  std::int64_t max_skew = presign::default_max_clock_skew;
  std::string_view region = "us-east-1";
  std::string_view service = "s3";
  std::vector<presign::http_header> headers{};
  std::string_view akid = doc_akid;
  std::string_view secret = doc_secret;
};

presign::result<presign::verified_url> verify_full(std::string_view url, const verify_args& a = {}) {
  presign::verify_request req;
  req.url = url;
  req.method = a.method;
  req.now = a.now;
  req.max_skew = a.max_skew;
  req.region = a.region;
  req.service = a.service;
  req.headers = a.headers;
  return presign::verify_presigned_url(req, presign::single_secret{a.akid, a.secret});
}

errc verify(std::string_view url, const verify_args& a = {}) { return verify_full(url, a).error(); }

std::string name_of(errc e) { return std::string(presign::verify_reason(e)); }

// A small deterministic generator (splitmix64), so failures reproduce.
struct rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

// Keys users trip over (DESIGN.md pitfalls) plus random ones.
const std::vector<std::string> tricky_keys = {
    "test.txt", "with space.txt", "plus+sign.txt", "percent%literal%20not-an-escape",
    "tilde~file", "equals=sign", "amp&ersand", "question?mark", "hash#tag",
    ";:,*!()$@'\"", "caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC/\xE8\xAA\x9E.txt",
    "emoji \xF0\x9F\x98\x80", "tab\there", "/leading-slash", "double//slash",
    "dot/./segment", "dotdot/../segment", "../dotdot-first", "trailing/", "a", "%2F",
    "back\\slash", "ctrl\x01\x7F", std::string(1024, 'k')};

std::string random_text(rng& r, std::size_t max_len, bool utf8_only) {
  static constexpr std::string_view alphabet =
      "abcXYZ019-_.~ !\"#$%&'()*+,/:;<=>?@[\\]^`{|}\t";
  std::string s;
  const std::size_t n = 1 + r.below(max_len);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t pick = r.below(10);
    if (pick == 0 && !utf8_only) {
      s += static_cast<char>(0x80 + r.below(0x80));  // a raw high byte
    } else if (pick == 1) {
      s += "\xC3\xA9";  // é
    } else {
      s += alphabet[r.below(alphabet.size())];
    }
  }
  return s;
}

struct generated {
  std::string url;
  std::string method;
  std::vector<presign::http_header> headers;  // the headers the client sends
  std::string akid;
  std::string secret;
  std::int64_t signed_at = 0;
  std::int64_t expires_in = 0;
  std::string region;
};

// Presigns one generated request with basic_presigner; the strings live in `g`/`store`.
struct generator {
  rng r{0x5eed};
  std::vector<std::string> store;  // keeps query/header texts alive (reserved: no moves)

  generator() { store.reserve(100000); }

  std::string_view keep(std::string s) {
    store.push_back(std::move(s));
    return store.back();
  }

  generated make(std::size_t i) {
    generated g;
    static constexpr std::array<std::string_view, 6> methods = {"GET", "PUT", "HEAD",
                                                                "DELETE", "POST", "PATCH"};
    static constexpr std::array<std::string_view, 4> regions = {"us-east-1", "eu-west-1",
                                                                "ap-southeast-2", "cn-north-1"};
    g.method = std::string(methods[r.below(methods.size())]);
    g.region = std::string(regions[r.below(regions.size())]);
    g.akid = r.below(4) == 0 ? "AKID/WITH+ODD%CHARS" : "AKIA" + std::to_string(r.next() % 100000);
    g.secret = r.below(2) == 0 ? std::string(doc_secret) : std::string(100, 's');
    std::string token_text = "FQoGZXIvYXdzE+/=token " + random_text(r, 40, true);
    for (char& c : token_text) {
      if (c == '\t') c = ' ';  // session tokens have no control characters
    }
    const std::string_view token = r.below(3) == 0 ? keep(token_text) : "";
    g.signed_at = doc_time + static_cast<std::int64_t>(r.below(1000000));
    g.expires_in = 1 + static_cast<std::int64_t>(r.below(604800));

    presign::presigner_options o;
    o.region = g.region;
    switch (r.below(5)) {
      case 0: o.endpoint.style = presign::addressing_style::path; break;
      case 1: o.endpoint.style = presign::addressing_style::virtual_hosted; break;
      case 2:
        o.endpoint.endpoint_url = "http://127.0.0.1:9000";
        o.endpoint.style = presign::addressing_style::path;
        break;
      case 3:
        o.endpoint.endpoint_url = "https://localhost:8443";
        o.endpoint.style = presign::addressing_style::virtual_hosted;
        break;
      default: o.endpoint.host_override = "cdn.example.com"; break;
    }
    const presign::basic_presigner p(presign::static_credentials(g.akid, g.secret, token),
                                     presign::fixed_clock{g.signed_at}, o);
    presign::presign_request req;
    req.method = g.method;
    req.bucket = r.below(2) == 0 ? "examplebucket" : "my-bucket-2";
    req.key = i < tricky_keys.size() ? std::string_view(tricky_keys[i])
                                     : keep(random_text(r, 60, true));
    req.expires_in = g.expires_in;
    std::vector<presign::query_param> query;
    const std::size_t nq = r.below(4);
    for (std::size_t q = 0; q < nq; ++q) {
      std::string name = random_text(r, 12, false);
      for (char& c : name) {
        if (c == '\r' || c == '\n') c = 'n';
      }
      if (presign::detail::is_reserved_query_name(name)) name += "x";
      query.push_back({keep(name), keep(r.below(3) == 0 ? "" : random_text(r, 30, false))});
    }
    if (r.below(3) == 0) query.push_back({"response-content-disposition", "attachment; filename=\"x y.txt\""});
    if (r.below(4) == 0) req.version_id = "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo";
    req.query = query;
    std::vector<presign::request_header> headers;
    if (r.below(3) == 0) headers.push_back({"Content-Type", keep("text/plain;  charset=" + std::to_string(i))});
    if (r.below(4) == 0) headers.push_back({"x-amz-meta-Note", keep("  spaced   out  " + random_text(r, 10, true) + " ")});
    if (r.below(4) == 0) headers.push_back({"x-amz-request-payer", "requester", true});  // hoisted
    req.headers = headers;

    std::array<char, 16384> buf{};
    const auto signed_url = p.presign(req, buf);
    REQUIRE_MESSAGE(signed_url, name_of(signed_url.error()));
    g.url = std::string(signed_url->url);
    for (const presign::http_header h : signed_url->headers) g.headers.push_back(h);
    return g;
  }
};

verify_args args_for(const generated& g) {
  verify_args a;
  a.method = g.method;
  a.now = g.signed_at;
  a.region = g.region;
  a.headers = g.headers;
  a.akid = g.akid;
  a.secret = g.secret;
  return a;
}

// Another character of the same kind, so the URL stays parseable where it can: a different
// hex digit for a hex digit (never just a case change), a different letter otherwise.
char other_char(char c) {
  if (c >= '0' && c <= '9') return c == '9' ? '0' : static_cast<char>(c + 1);
  if (c >= 'a' && c <= 'f') return c == 'f' ? 'a' : static_cast<char>(c + 1);
  if (c >= 'A' && c <= 'F') return c == 'F' ? 'A' : static_cast<char>(c + 1);
  return c == 'Z' ? 'Y' : 'Z';
}

// A path-style presigner with the documentation's credentials at the documentation's time.
presign::basic_presigner<presign::static_credentials, presign::fixed_clock> doc_path_presigner() {
  presign::presigner_options o;
  o.region = "us-east-1";
  o.endpoint.style = presign::addressing_style::path;
  return {presign::static_credentials(doc_akid, doc_secret), presign::fixed_clock{doc_time}, o};
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

}  // namespace

TEST_CASE("the S3 documentation example verifies, at run time too") {
  const auto r = verify_full(doc_url);
  REQUIRE_MESSAGE(r, name_of(r.error()));
  CHECK(r->access_key_id() == doc_akid);
  CHECK(r->signed_at == doc_time);
  CHECK(r->expires_at == doc_time + 86400);
  CHECK_FALSE(r->has_session_token);
  // The example uses the global endpoint; nothing in the check depends on the host name but
  // the signature: another host is a mismatch.
  CHECK(verify(replace_all(std::string(doc_url), "examplebucket.s3", "examplebucket.s4")) ==
        errc::signature_mismatch);
}

TEST_CASE("the validity window, to the second") {
  // Valid while now <= X-Amz-Date + X-Amz-Expires (errc::expired documents now > date +
  // expires); not before X-Amz-Date - max_skew.
  verify_args a;
  a.now = doc_time + 86400;
  CHECK(verify(doc_url, a) == errc::ok);
  a.now = doc_time + 86401;
  CHECK(verify(doc_url, a) == errc::expired);
  a.now = doc_time - 900;
  CHECK(verify(doc_url, a) == errc::ok);
  a.now = doc_time - 901;
  CHECK(verify(doc_url, a) == errc::not_yet_valid);
  a.max_skew = 0;
  a.now = doc_time;
  CHECK(verify(doc_url, a) == errc::ok);
  a.now = doc_time - 1;
  CHECK(verify(doc_url, a) == errc::not_yet_valid);
  a.max_skew = 3600;
  a.now = doc_time - 3600;
  CHECK(verify(doc_url, a) == errc::ok);
  a.now = doc_time - 3601;
  CHECK(verify(doc_url, a) == errc::not_yet_valid);
  // Far future and the epoch.
  a.now = INT64_MAX;
  CHECK(verify(doc_url, a) == errc::expired);
  a.now = INT64_MIN;
  CHECK(verify(doc_url, a) == errc::not_yet_valid);

  // With presigner URLs of 1 s and 604800 s.
  for (const std::int64_t expires : {std::int64_t{1}, std::int64_t{604800}}) {
    presign::presigner_options o;
    o.region = "us-east-1";
    const presign::basic_presigner p(presign::static_credentials(doc_akid, doc_secret),
                                     presign::fixed_clock{doc_time}, o);
    presign::presign_request req;
    req.bucket = "examplebucket";
    req.key = "k";
    req.expires_in = expires;
    std::array<char, 1024> buf{};
    const auto u = p.presign(req, buf);
    REQUIRE(u);
    verify_args b;
    b.now = doc_time + expires;
    CHECK(verify(u->url, b) == errc::ok);
    b.now = doc_time + expires + 1;
    CHECK(verify(u->url, b) == errc::expired);
  }
}

TEST_CASE("round trip: every URL the presigner emits verifies; tampering fails for the right reason") {
  generator gen;
  std::size_t urls = 0;
  std::size_t tampered = 0;
  for (std::size_t i = 0; i < 200; ++i) {
    const generated g = gen.make(i);
    const verify_args a = args_for(g);
    INFO("url: " << g.url << " method " << g.method);
    const auto ok = verify_full(g.url, a);
    REQUIRE_MESSAGE(ok, name_of(ok.error()));
    CHECK(ok->access_key_id() == g.akid);
    CHECK(ok->expires_at == g.signed_at + g.expires_in);
    ++urls;
    // At the last valid second and one after.
    verify_args edge = a;
    edge.now = g.signed_at + g.expires_in;
    CHECK(verify(g.url, edge) == errc::ok);
    edge.now += 1;
    CHECK(verify(g.url, edge) == errc::expired);

    const std::size_t query_at = g.url.find('?');
    const std::size_t path_at = g.url.find('/', g.url.find("://") + 3);
    const std::size_t sig_at = g.url.find("&X-Amz-Signature=") + 17;
    REQUIRE(query_at != std::string::npos);

    // Every character of the signature.
    for (std::size_t k = sig_at; k < g.url.size(); ++k) {
      std::string t = g.url;
      t[k] = other_char(t[k]);
      CHECK(verify(t, a) == errc::signature_mismatch);
      ++tampered;
    }
    // Every character of the path (bucket and key): the decoded path changes.
    for (std::size_t k = path_at; k < query_at; ++k) {
      std::string t = g.url;
      t[k] = other_char(t[k]);
      INFO("path char " << k << ": " << t);
      if (k == path_at) {
        // The first '/' joins the path to the host: another host, or (past 320 bytes, the
        // signer's limit) one that is not a host at all.
        const errc e = verify(t, a);
        CHECK((e == errc::signature_mismatch || e == errc::malformed_url));
      } else {
        CHECK(verify(t, a) == errc::signature_mismatch);
      }
      ++tampered;
    }
    // Every character of every query parameter but the signature (names and values): never
    // valid. The caller's own parameters and the token are plain signature mismatches.
    std::size_t seg = query_at + 1;
    while (seg < sig_at - 17) {
      std::size_t end = g.url.find('&', seg);
      if (end == std::string::npos || end > sig_at - 17) end = sig_at - 17;
      const std::string_view segment = std::string_view(g.url).substr(seg, end - seg);
      const bool auth = segment.starts_with("X-Amz-");
      const bool token = segment.starts_with("X-Amz-Security-Token=");
      for (std::size_t k = seg; k < end; ++k) {
        std::string t = g.url;
        t[k] = other_char(t[k]);
        INFO("query char " << k << ": " << t);
        const errc e = verify(t, a);
        CHECK(e != errc::ok);
        if ((!auth || token) && k > seg + (token ? 20 : 0)) {
          // Inside a name or value (past "X-Amz-Security-Token="): the decoded bytes change,
          // a plain mismatch; unless the change makes an escape decode to NUL, CR or LF,
          // which the signer refuses to sign, so the URL cannot be canonicalised.
          const std::string_view around = std::string_view(t).substr(k - 2 < seg ? seg : k - 2, 5);
          const bool unsignable = around.find("%00") != std::string_view::npos ||
                                  around.find("%0A") != std::string_view::npos ||
                                  around.find("%0D") != std::string_view::npos;
          CHECK(e == (unsignable ? errc::malformed_url : errc::signature_mismatch));
        }
        ++tampered;
      }
      seg = end + 1;
    }
    // The method.
    for (std::string_view m : {"GET", "PUT", "HEAD", "DELETE", "POST", "PATCH"}) {
      verify_args b = a;
      b.method = m;
      CHECK(verify(g.url, b) == (m == g.method ? errc::ok : errc::signature_mismatch));
      ++tampered;
    }
    {  // A lowercase method is no S3 method (validate_http_method): refused as such.
      verify_args b = a;
      b.method = "get";
      CHECK(verify(g.url, b) == errc::invalid_method);
      ++tampered;
    }
    // An extra unsigned parameter, and a removed signed one.
    CHECK(verify(g.url + "&x-extra=1", a) == errc::signature_mismatch);
  }
  MESSAGE(urls << " generated URLs verified; " << tampered << " tampered variants refused");
}

TEST_CASE("tampering with each X-Amz-* parameter gives its own reason") {
  const std::string url(doc_url);
  const auto with = [&](std::string_view from, std::string_view to) {
    REQUIRE(url.find(from) != std::string::npos);
    return replace_all(url, from, to);
  };
  CHECK(verify(with("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA257")) == errc::unsupported_algorithm);
  CHECK(verify(with("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256")) == errc::unsupported_algorithm);
  CHECK(verify(with("AKIAIOSFODNN7EXAMPLE%2F", "AKIAIOSFODNN7EXAMPLF%2F")) ==
        errc::unknown_access_key);
  CHECK(verify(with("%2F20130524%2F", "%2F20130525%2F")) == errc::invalid_scope);
  CHECK(verify(with("%2Fus-east-1%2F", "%2Fus-east-2%2F")) == errc::wrong_region);
  CHECK(verify(with("%2Fs3%2F", "%2Fs4%2F")) == errc::wrong_service);
  CHECK(verify(with("aws4_request", "aws4_requesu")) == errc::invalid_scope);
  CHECK(verify(with("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20130524T000001Z")) ==
        errc::signature_mismatch);
  CHECK(verify(with("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20130525T000000Z")) ==
        errc::invalid_scope);
  CHECK(verify(with("X-Amz-Expires=86400", "X-Amz-Expires=86401")) == errc::signature_mismatch);
  CHECK(verify(with("X-Amz-Expires=86400", "X-Amz-Expires=86300")) == errc::signature_mismatch);
  CHECK(verify(with("X-Amz-Expires=86400", "X-Amz-Expires=0")) == errc::invalid_expiry);
  CHECK(verify(with("X-Amz-Expires=86400", "X-Amz-Expires=604801")) == errc::invalid_expiry);
  CHECK(verify(with("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=hosu")) == errc::malformed_url);
  CHECK(verify(with("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Bx-a")) ==
        errc::missing_signed_header);
  verify_args a;
  a.headers = {{"X-A", "1"}};
  CHECK(verify(with("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Bx-a"), a) ==
        errc::signature_mismatch);
  // A token added after signing: it is signed for S3, so the signature no longer matches.
  CHECK(verify(url + "&X-Amz-Security-Token=abc") == errc::signature_mismatch);
}

TEST_CASE("scope: wrong region, wrong service, unknown key") {
  verify_args a;
  a.region = "eu-west-1";
  CHECK(verify(doc_url, a) == errc::wrong_region);
  a = {};
  a.service = "execute-api";
  CHECK(verify(doc_url, a) == errc::wrong_service);
  a = {};
  a.akid = "AKIAOTHER";
  CHECK(verify(doc_url, a) == errc::unknown_access_key);
  a = {};
  a.secret = "wrong-secret";
  CHECK(verify(doc_url, a) == errc::signature_mismatch);
  // The caller's own input.
  a = {};
  a.method = "G ET";
  CHECK(verify(doc_url, a) == errc::invalid_method);
  a = {};
  a.region = "";
  CHECK(verify(doc_url, a) == errc::invalid_region);
  a = {};
  a.service = "S3";
  CHECK(verify(doc_url, a) == errc::invalid_service);
  a = {};
  a.max_skew = -1;
  CHECK(verify(doc_url, a) == errc::invalid_option);
}

TEST_CASE("malformed URLs get malformed_url or the specific reason") {
  const std::string url(doc_url);
  const std::string q = url.substr(url.find('?'));
  const std::string sig = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
  struct row {
    std::string url;
    errc want;
  };
  const std::vector<row> rows = {
      {"", errc::malformed_url},
      {"https://examplebucket.s3.amazonaws.com/test.txt", errc::malformed_url},  // no query
      {"https://examplebucket.s3.amazonaws.com/test.txt?", errc::malformed_url},
      {"examplebucket.s3.amazonaws.com/test.txt" + q, errc::malformed_url},  // no scheme
      {"ftp://examplebucket.s3.amazonaws.com/test.txt" + q, errc::malformed_url},
      {"https:///test.txt" + q, errc::malformed_url},  // no host
      {"https://user@examplebucket.s3.amazonaws.com/test.txt" + q, errc::malformed_url},
      {url + "#fragment", errc::malformed_url},
      {replace_all(url, "test.txt", "te st.txt"), errc::malformed_url},  // raw space
      {replace_all(url, "test.txt", "te\xC3\xA9st.txt"), errc::malformed_url},  // raw UTF-8
      {replace_all(url, "test.txt", "te%2st.txt"), errc::malformed_url},  // bad escape
      {replace_all(url, "test.txt", "test%"), errc::malformed_url},
      {url + "&X-Amz-Signature=" + sig, errc::malformed_url},  // duplicate signature
      {url + "&X-Amz-Date=20130524T000000Z", errc::malformed_url},
      {url + "&x-amz-signature=" + sig, errc::malformed_url},  // case variant: ambiguous
      {url + "&&a=1", errc::malformed_url},
      {url + "&", errc::malformed_url},
      {url + "&=value", errc::malformed_url},
      {replace_all(url, sig, "AEEED9BBCCD4D02EE5C0109B86D86835F995330DA4C265957D157751F604D404"),
       errc::malformed_url},  // uppercase hex
      {replace_all(url, sig, sig.substr(1)), errc::malformed_url},  // 63 digits
      {replace_all(url, sig, sig + "0"), errc::malformed_url},
      {replace_all(url, sig, std::string("g").append(sig, 1)), errc::malformed_url},
      {replace_all(url, sig, ""), errc::malformed_url},
      {replace_all(url, "&X-Amz-Signature=" + sig, ""), errc::malformed_url},
      {replace_all(url, "X-Amz-Algorithm=AWS4-HMAC-SHA256&", ""), errc::malformed_url},
      {replace_all(url, "&X-Amz-Date=20130524T000000Z", ""), errc::malformed_url},
      {replace_all(url, "&X-Amz-Expires=86400", ""), errc::malformed_url},
      {replace_all(url, "&X-Amz-SignedHeaders=host", ""), errc::malformed_url},
      {replace_all(url, "X-Amz-Credential=", "X-Amz-Credentials="), errc::malformed_url},
      {replace_all(url, "20130524T000000Z", "20130532T000000Z"), errc::malformed_url},
      {replace_all(url, "20130524T000000Z", "20130524T240000Z"), errc::malformed_url},
      {replace_all(url, "20130524T000000Z", "2013-05-24T00:00:00Z"), errc::malformed_url},
      {replace_all(url, "20130524T000000Z", "20130524T000000"), errc::malformed_url},
      {replace_all(url, "20130524T000000Z", ""), errc::malformed_url},
      {replace_all(url, "X-Amz-Expires=86400", "X-Amz-Expires=999999999999999999999"),
       errc::malformed_url},  // huge
      {replace_all(url, "X-Amz-Expires=86400", "X-Amz-Expires=999999999999999999"),
       errc::invalid_expiry},  // 18 digits: a number, out of range
      {replace_all(url, "X-Amz-Expires=86400", "X-Amz-Expires=-1"), errc::malformed_url},
      {replace_all(url, "X-Amz-Expires=86400", "X-Amz-Expires=%2B86400"), errc::malformed_url},
      {replace_all(url, "X-Amz-Expires=86400", "X-Amz-Expires=086400"), errc::malformed_url},
      {replace_all(url, "X-Amz-Expires=86400", "X-Amz-Expires="), errc::malformed_url},
      {replace_all(url, "X-Amz-Expires=86400", "X-Amz-Expires=1e5"), errc::malformed_url},
      {replace_all(url, "X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1"),
       errc::unsupported_algorithm},
      {replace_all(url, "X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm="),
       errc::unsupported_algorithm},
      {replace_all(url, "AKIAIOSFODNN7EXAMPLE%2F", ""), errc::invalid_scope},  // 3 slashes
      {replace_all(url, "AKIAIOSFODNN7EXAMPLE%2F", "%2F"), errc::invalid_scope},  // empty key
      {replace_all(url, "%2Faws4_request", "%2Faws4_request%2F"), errc::invalid_scope},
      {replace_all(url, "%2Fus-east-1%2F", "%2FUS-EAST-1%2F"), errc::invalid_scope},
      {replace_all(url, "%2Fus-east-1%2F", "%2F%2F"), errc::invalid_scope},
      {replace_all(url, "%2F20130524%2F", "%2F2013052%2F"), errc::invalid_scope},
      {replace_all(url, "X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=Host"), errc::malformed_url},
      {replace_all(url, "X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=x-a%3Bhost"),
       errc::malformed_url},  // not sorted
      {replace_all(url, "X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Bhost"),
       errc::malformed_url},  // duplicate
      {replace_all(url, "X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3B"), errc::malformed_url},
      {replace_all(url, "X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders="), errc::malformed_url},
      {url + "&X-Amz-Security-Token=", errc::malformed_url},  // empty token
      {url + "&X-Amz-Security-Token=a%0Ab", errc::malformed_url},  // control byte
      {url + "&a=%0D%0A", errc::malformed_url},  // CR LF: the signer cannot sign it
      {"https://examplebucket.s3.amazonaws.com/" + std::string(9000, 'a') + q, errc::malformed_url},
  };
  for (const row& r : rows) {
    INFO(r.url.substr(0, 300));
    CHECK(name_of(verify(r.url)) == name_of(r.want));
  }
  // 49 parameters besides the X-Amz-* ones: one over max_query_parameters.
  std::string many = url;
  for (int i = 0; i < 49; ++i) many += "&p" + std::to_string(i) + "=v";
  CHECK(verify(many) == errc::malformed_url);
}

TEST_CASE("signed headers are taken from the received headers") {
  presign::presigner_options o;
  o.region = "us-east-1";
  const presign::basic_presigner p(presign::static_credentials(doc_akid, doc_secret),
                                   presign::fixed_clock{doc_time}, o);
  presign::presign_request req;
  req.method = "PUT";
  req.bucket = "examplebucket";
  req.key = "typed upload.txt";
  const std::array<presign::request_header, 2> hs = {
      presign::request_header{"Content-Type", "text/plain"},
      presign::request_header{"x-amz-meta-a", "one  two"}};
  req.headers = hs;
  std::array<char, 2048> buf{};
  const auto u = p.presign(req, buf);
  REQUIRE(u);
  const std::string url(u->url);
  CHECK(url.find("X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-meta-a") != std::string::npos);

  verify_args a;
  a.method = "PUT";
  a.headers = {{"Content-Type", "text/plain"}, {"X-Amz-Meta-A", "one  two"}};
  CHECK(verify(url, a) == errc::ok);
  a.headers = {{"x-amz-meta-a", "  one two\t"}, {"content-type", "text/plain"}, {"Other", "x"}};
  CHECK(verify(url, a) == errc::ok);  // canonical values: trimmed, runs collapsed
  a.headers = {{"Content-Type", "text/html"}, {"x-amz-meta-a", "one two"}};
  CHECK(verify(url, a) == errc::signature_mismatch);
  a.headers = {{"x-amz-meta-a", "one two"}};
  CHECK(verify(url, a) == errc::missing_signed_header);
  a.headers = {{"Content-Type", "text/plain"}};
  CHECK(verify(url, a) == errc::missing_signed_header);
  // A repeated field is folded with ',' (RFC 9110 §5.3): "one  two" is not "one,two".
  a.headers = {{"Content-Type", "text/plain"}, {"x-amz-meta-a", "one"}, {"x-amz-meta-a", "two"}};
  CHECK(verify(url, a) == errc::signature_mismatch);
  a.headers = {{"Content-Type", "text/plain"}, {"x-amz-meta-a", "one\n two"}};
  CHECK(verify(url, a) == errc::invalid_header);

  // Host: from the URL unless a Host header is given.
  verify_args b;
  b.headers = {{"Host", "examplebucket.s3.amazonaws.com"}};
  CHECK(verify(doc_url, b) == errc::ok);
  b.headers = {{"host", " examplebucket.s3.amazonaws.com "}};
  CHECK(verify(doc_url, b) == errc::ok);
  b.headers = {{"Host", "examplebucket.s3.amazonaws.com:443"}};
  CHECK(verify(doc_url, b) == errc::signature_mismatch);
  b.headers = {{"Host", "evil.example.com"}};
  CHECK(verify(doc_url, b) == errc::signature_mismatch);
  b.headers = {{"Host", "bad host"}};
  CHECK(verify(doc_url, b) == errc::invalid_header);
  // The URL's authority is what the client saw: a proxy rewriting it is a mismatch.
  CHECK(verify(replace_all(std::string(doc_url), "amazonaws.com/", "amazonaws.com:443/")) ==
        errc::signature_mismatch);
}

TEST_CASE("non-canonical wire encodings are judged on the decoded bytes, as S3 does") {
  const auto p = doc_path_presigner();
  presign::presign_request req;
  req.bucket = "examplebucket";
  req.key = "dir/a~b c+d";
  const std::array<presign::query_param, 2> q = {presign::query_param{"p", "x/y+z"},
                                                 presign::query_param{"s", "a b"}};
  req.query = q;
  std::array<char, 2048> buf{};
  const auto u = p.presign(req, buf);
  REQUIRE(u);
  const std::string url(u->url);
  REQUIRE(url.find("/examplebucket/dir/a~b%20c%2Bd?") != std::string::npos);
  REQUIRE(url.find("p=x%2Fy%2Bz") != std::string::npos);
  REQUIRE(url.find("s=a%20b") != std::string::npos);
  CHECK(verify(url) == errc::ok);
  // Lowercase hex digits, encoded unreserved characters, a literal '/' in a query value:
  // the same decoded bytes, so the same signature.
  CHECK(verify(replace_all(url, "%2Fy%2Bz", "%2fy%2bz")) == errc::ok);
  CHECK(verify(replace_all(url, "a~b", "a%7Eb")) == errc::ok);
  CHECK(verify(replace_all(url, "a~b", "%61%7eb")) == errc::ok);
  CHECK(verify(replace_all(url, "p=x%2Fy", "p=x/y")) == errc::ok);
  // A raw '+' has no single meaning: refused (see the '+' test case below).
  CHECK(verify(replace_all(url, "y%2Bz", "y+z")) == errc::malformed_url);
  CHECK(verify(replace_all(url, "c%2Bd", "c+d")) == errc::malformed_url);
  CHECK(verify(replace_all(url, "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE",
                           "X-Amz-Credential=%41KIAIOSFODNN7EXAMPLE")) == errc::ok);
  CHECK(verify(replace_all(url, "%2F20130524%2F", "/20130524/")) == errc::ok);
  CHECK(verify(replace_all(url, "X-Amz-Date", "X-Amz-%44ate")) == errc::ok);
  CHECK(verify(replace_all(url, "s=a%20b", "s=a+b")) == errc::malformed_url);
  CHECK(verify(replace_all(url, "c%2Bd", "c%20d")) == errc::signature_mismatch);
  // "%2F" in the path decodes to '/', which S3 signs as '/': the same key.
  CHECK(verify(replace_all(url, "dir/a", "dir%2Fa")) == errc::ok);
  // The order of the parameters on the wire does not matter: they are sorted when signed.
  const std::size_t qs = url.find('?') + 1;
  const std::size_t first_amp = url.find('&', qs);
  std::string moved = url.substr(0, qs) + url.substr(first_amp + 1);
  moved += '&';  // not "&" + substr: a false -Wrestrict at -O3 (GCC bug 105329)
  moved.append(url, qs, first_amp - qs);
  CHECK(verify(moved) == errc::ok);
}

TEST_CASE("session tokens and the lookup forms") {
  presign::presigner_options o;
  o.region = "us-east-1";
  const presign::basic_presigner p(
      presign::static_credentials("ASIATEMP", "tmp-secret", "IQoJb3JpZ2luX2VjE+/token=="),
      presign::fixed_clock{doc_time}, o);
  presign::presign_request req;
  req.bucket = "examplebucket";
  req.key = "k";
  std::array<char, 2048> buf{};
  const auto u = p.presign(req, buf);
  REQUIRE(u);
  presign::verify_request vr;
  vr.url = u->url;
  vr.now = doc_time;
  vr.region = "us-east-1";

  // (akid, token) lookups see the decoded token.
  std::string seen_token;
  const auto with_token = [&](std::string_view akid,
                              std::string_view token) -> std::optional<std::string> {
    seen_token = std::string(token);
    if (akid == "ASIATEMP" && token == "IQoJb3JpZ2luX2VjE+/token==") return "tmp-secret";
    return std::nullopt;
  };
  const auto r = presign::verify_presigned_url(vr, with_token);
  REQUIRE_MESSAGE(r, name_of(r.error()));
  CHECK(r->has_session_token);
  CHECK(seen_token == "IQoJb3JpZ2luX2VjE+/token==");
  const auto refuse_token = [](std::string_view, std::string_view) -> std::optional<std::string> {
    return std::nullopt;
  };
  CHECK(presign::verify_presigned_url(vr, refuse_token).error() == errc::unknown_access_key);

  // Pointer and result<> lookups; an empty secret is an unknown key.
  const std::string secret = "tmp-secret";
  CHECK(presign::verify_presigned_url(vr, [&](std::string_view) { return &secret; }).error() ==
        errc::ok);
  CHECK(presign::verify_presigned_url(
            vr, [](std::string_view) { return presign::result<std::string_view>(""); })
            .error() == errc::unknown_access_key);
  CHECK(presign::verify_presigned_url(
            vr, [](std::string_view) { return presign::result<std::string_view>("bad secret"); })
            .error() == errc::invalid_credentials);

  // Removing or changing the token breaks the signature (S3 signs it).
  const std::string url(u->url);
  const std::size_t t = url.find("&X-Amz-Security-Token=");
  REQUIRE(t != std::string::npos);
  const std::size_t t_end = url.find('&', t + 1);
  const std::string removed = url.substr(0, t) + url.substr(t_end);
  vr.url = removed;
  CHECK(presign::verify_presigned_url(vr, presign::single_secret{"ASIATEMP", "tmp-secret"})
            .error() == errc::signature_mismatch);
  std::string changed = url;
  changed[t + 23] = other_char(changed[t + 23]);
  vr.url = changed;
  CHECK(presign::verify_presigned_url(vr, presign::single_secret{"ASIATEMP", "tmp-secret"})
            .error() == errc::signature_mismatch);

  static_assert(presign::secret_lookup<decltype(with_token)>);
  static_assert(!presign::secret_lookup<int>);
  static_assert(!presign::secret_lookup<std::string (*)(std::string_view)>);  // no presence test
}

TEST_CASE("work areas: buffer_too_small with a size that suffices, nothing written past") {
  presign::verify_request vr;
  vr.url = doc_url;
  vr.now = doc_time;
  vr.region = "us-east-1";
  const presign::single_secret lookup{doc_akid, doc_secret};
  std::vector<char> work(presign::verify_work_size(doc_url.size(), 0) + 16, '#');
  bool succeeded = false;
  for (std::size_t n = 0; n < work.size() && !succeeded; ++n) {
    const auto r = presign::verify_presigned_url(vr, lookup, std::span<char>(work.data(), n));
    for (std::size_t k = n; k < work.size(); ++k) REQUIRE(work[k] == '#');
    if (r) {
      succeeded = true;
      continue;
    }
    REQUIRE(r.error() == errc::buffer_too_small);
    CHECK(r.required_size() > n);
    CHECK(r.required_size() <= presign::verify_work_size(doc_url.size(), 0));
    std::vector<char> enough(r.required_size());
    CHECK(presign::verify_presigned_url(vr, lookup, enough).error() == errc::ok);
  }
  CHECK(succeeded);
  // The re-signed URL (with the right signature) does not stay in the work area; only the
  // decoded pieces of the URL itself remain.
  std::vector<char> big(4096, '#');
  REQUIRE(presign::verify_presigned_url(vr, lookup, big));
  const std::string_view left(big.data(), big.size());
  CHECK(left.find("X-Amz-Signature=") == std::string_view::npos);
  CHECK(left.find("https://") == std::string_view::npos);

  // A long URL beyond the stack bound verifies with a large enough work area.
  presign::presigner_options o;
  o.region = "us-east-1";
  const presign::basic_presigner p(presign::static_credentials(doc_akid, doc_secret),
                                   presign::fixed_clock{doc_time}, o);
  presign::presign_request req;
  req.bucket = "examplebucket";
  const std::string key(1000, '!');  // each '!' is %21
  req.key = key;
  std::vector<presign::query_param> params;
  std::vector<std::string> values(40, std::string(100, '"'));
  std::vector<std::string> names;
  for (std::size_t i = 0; i < values.size(); ++i) names.push_back(std::string("p").append(std::to_string(i)));
  for (std::size_t i = 0; i < values.size(); ++i) params.push_back({names[i], values[i]});
  req.query = params;
  std::vector<char> out(32768);
  const auto u = p.presign(req, out);
  REQUIRE(u);
  REQUIRE(u->url.size() > presign::max_verified_url_size);
  vr.url = u->url;
  CHECK(presign::verify_presigned_url(vr, lookup).error() == errc::malformed_url);
  std::vector<char> large(presign::verify_work_size(u->url.size(), 0));
  CHECK(presign::verify_presigned_url(vr, lookup, large).error() == errc::ok);
}

TEST_CASE("verify_reason names every errc") {
  CHECK(presign::verify_reason(errc::signature_mismatch) == "signature_mismatch");
  CHECK(presign::verify_reason(errc::malformed_url) == "malformed_url");
  CHECK(presign::verify_reason(errc::expired) == "expired");
  for (int i = 0; i <= static_cast<int>(errc::invalid_policy); ++i) {
    const auto e = static_cast<errc>(i);
    CHECK(presign::verify_reason(e) != "unknown");
  }
}

namespace {

// A URL signed for a key and query values holding '+' and ' ' (issue 17, item 1).
std::string plus_space_url() {
  const auto p = doc_path_presigner();
  presign::presign_request req;
  req.bucket = "examplebucket";
  req.key = "dir/a+b c";
  const std::array<presign::query_param, 2> q = {presign::query_param{"p+q", "x+y"},
                                                 presign::query_param{"s", "a b"}};
  req.query = q;
  std::array<char, 2048> buf{};
  const auto u = p.presign(req, buf);
  REQUIRE(u);
  return std::string(u->url);
}

}  // namespace

TEST_CASE("a raw '+' is refused in the path and the query: decoders disagree on its meaning") {
  // S3 and every form decoder (Python parse_qs, Node URLSearchParams, RGW's query parser) read
  // a raw '+' in a query as a space; RGW reads it in the path as a plus, S3 as a space. A
  // verifier that picks one meaning lets a server behind it pick the other, so a URL with a
  // raw '+' anywhere has no single meaning and is malformed (a signer writes %2B and %20).
  const std::string url = plus_space_url();
  REQUIRE(url.find("/examplebucket/dir/a%2Bb%20c?") != std::string::npos);
  REQUIRE(url.find("p%2Bq=x%2By") != std::string::npos);
  REQUIRE(url.find("s=a%20b") != std::string::npos);
  REQUIRE(verify(url) == errc::ok);
  // %2B swapped for a raw '+': the server behind would read a space.
  CHECK(verify(replace_all(url, "a%2Bb", "a+b")) == errc::malformed_url);
  CHECK(verify(replace_all(url, "x%2By", "x+y")) == errc::malformed_url);
  CHECK(verify(replace_all(url, "p%2Bq", "p+q")) == errc::malformed_url);
  // %20 sent as '+': refused the same way (was signature_mismatch in the query, too).
  CHECK(verify(replace_all(url, "s=a%20b", "s=a+b")) == errc::malformed_url);
  CHECK(verify(replace_all(url, "b%20c", "b+c")) == errc::malformed_url);
  // '+' inside an auth parameter (a session token or credential spelled raw) too.
  CHECK(verify(replace_all(url, "X-Amz-Credential=", "X-Amz-Credential=+")) == errc::malformed_url);
  // Lowercase %2b is still the same plus.
  CHECK(verify(replace_all(url, "x%2By", "x%2by")) == errc::ok);
}

TEST_CASE("the verifier returns the decoded request it verified") {
  const std::string url = plus_space_url();
  presign::verify_request req;
  req.url = url;
  req.now = doc_time;
  req.region = "us-east-1";
  std::vector<char> work(presign::verify_work_size(url.size(), 64));
  auto r = presign::verify_presigned_url(req, presign::single_secret{doc_akid, doc_secret},
                                         std::span<char>(work));
  REQUIRE(r);
  REQUIRE(r->has_request());
  CHECK(r->host() == "s3.us-east-1.amazonaws.com");
  CHECK(r->path() == "/examplebucket/dir/a+b c");
  REQUIRE(r->query().size() == 2);
  CHECK(r->query()[0].name == "p+q");
  CHECK(r->query()[0].value == "x+y");
  CHECK(r->query()[1].name == "s");
  CHECK(r->query()[1].value == "a b");
  CHECK(r->signed_headers().empty());  // host only, reported by host()
  // Wire order, decoded: a re-encoded URL reports the same bytes.
  const std::string moved = replace_all(replace_all(url, "a%2Bb", "a%2bb"), "dir/", "dir%2F");
  req.url = moved;
  r = presign::verify_presigned_url(req, presign::single_secret{doc_akid, doc_secret}, std::span<char>(work));
  REQUIRE(r);
  CHECK(r->path() == "/examplebucket/dir/a+b c");
  // The stack work area is gone when the two-argument overload returns: no views.
  const auto s = verify_full(url);
  REQUIRE(s);
  CHECK_FALSE(s->has_request());
  CHECK(s->path().empty());
  CHECK(s->query().empty());
}

TEST_CASE("the decoded request carries the signed headers, lowercase, values as signed") {
  presign::presigner_options o;
  o.region = "us-east-1";
  const presign::basic_presigner p(presign::static_credentials(doc_akid, doc_secret),
                                   presign::fixed_clock{doc_time}, o);
  presign::presign_request preq;
  preq.bucket = "examplebucket";
  preq.key = "k";
  preq.method = "PUT";
  const std::array<presign::request_header, 2> h = {presign::request_header{"Content-Type", "text/plain"},
                                                    presign::request_header{"x-amz-meta-a", "1"}};
  preq.headers = h;
  std::array<char, 2048> buf{};
  const auto u = p.presign(preq, buf);
  REQUIRE(u);
  const std::array<presign::http_header, 4> received = {
      presign::http_header{"X-Amz-Meta-A", " 1 "}, presign::http_header{"content-type", "text/plain"},
      presign::http_header{"Host", " examplebucket.s3.us-east-1.amazonaws.com"},
      presign::http_header{"X-Unsigned", "ignored"}};
  presign::verify_request req;
  req.url = u->url;
  req.method = "PUT";
  req.now = doc_time;
  req.region = "us-east-1";
  req.headers = received;
  std::vector<char> work(presign::verify_work_size(req.url.size(), 256));
  const auto r = presign::verify_presigned_url(req, presign::single_secret{doc_akid, doc_secret},
                                               std::span<char>(work));
  REQUIRE(r);
  CHECK(r->host() == "examplebucket.s3.us-east-1.amazonaws.com");  // from the Host header, trimmed
  CHECK(r->path() == "/k");
  REQUIRE(r->signed_headers().size() == 2);
  CHECK(r->signed_headers()[0].name == "content-type");
  CHECK(r->signed_headers()[0].value == "text/plain");
  CHECK(r->signed_headers()[1].name == "x-amz-meta-a");
  CHECK(r->signed_headers()[1].value == "1");  // trimmed, as SigV4 signs it
}

TEST_CASE("an unknown access key costs the same work as a wrong signature (issue 17, item 7)") {
  // Timing is a benchmark (bench/bench_verify.cpp); here the deterministic part: both paths
  // re-sign the request into the same bytes of the work area (then wipe them), so a work area
  // filled with a pattern looks the same afterwards whichever way the URL failed.
  std::string url(doc_url);
  const std::size_t sig = url.find("X-Amz-Signature=") + 16;
  url[sig] = url[sig] == '0' ? '1' : '0';
  presign::verify_request req;
  req.url = url;
  req.now = doc_time;
  req.region = "us-east-1";
  const auto run = [&](std::string_view known_akid) {
    std::vector<char> work(presign::verify_work_size(url.size(), 0), '\x5A');
    const auto r = presign::verify_presigned_url(req, presign::single_secret{known_akid, doc_secret},
                                                 std::span<char>(work));
    return std::make_pair(r.error(), work);
  };
  const auto [wrong_sig, wrong_sig_work] = run(doc_akid);
  const auto [unknown, unknown_work] = run("AKIDSOMEONEELSE");
  CHECK(wrong_sig == errc::signature_mismatch);
  CHECK(unknown == errc::unknown_access_key);
  CHECK(wrong_sig_work == unknown_work);
}

TEST_CASE("duplicate query parameters are refused; encoded dot segments are the signed key (issue 17, item 8)") {
  // Signed by presign's presigner before it refused duplicate names (doc credentials, doc
  // time, path style): two response-content-type values. SigV4 sorts them, so the signature
  // holds in either order; but which value a server uses is its own choice (RGW 16.2 answers
  // 403 to this URL in both orders). Refused, like the signer now refuses to sign it.
  const std::string dup =
      "https://s3.us-east-1.amazonaws.com/examplebucket/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
      "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
      "&response-content-type=a&response-content-type=b"
      "&X-Amz-Signature=2894c7a9740627a65d769b2a649ad02a71d4a36995156cf5cee84a398b7a2072";
  CHECK(verify(dup) == errc::malformed_url);
  CHECK(verify(replace_all(dup, "type=a&response-content-type=b", "type=b&response-content-type=a")) ==
        errc::malformed_url);
  // The same name once is fine (the signature then no longer matches: a plain mismatch).
  CHECK(verify(replace_all(dup, "&response-content-type=b", "")) == errc::signature_mismatch);

  // Dot segments: S3 and RGW keep them in the key ("x/../k" is its own object; RGW 16.2
  // serves that object for "..", "%2E%2E" and "%2e." alike). The verifier decodes %2E to '.'
  // and never normalises, so an encoded ".." verifies as the signed ".." and the decoded path
  // says so.
  const auto p = doc_path_presigner();
  presign::presign_request req;
  req.bucket = "examplebucket";
  req.key = "x/../k";
  std::array<char, 2048> buf{};
  const auto u = p.presign(req, buf);
  REQUIRE(u);
  const std::string url(u->url);
  REQUIRE(url.find("/examplebucket/x/../k?") != std::string::npos);
  for (const std::string_view dots : {"..", "%2E%2E", "%2e.", ".%2E"}) {
    const std::string t = replace_all(url, "/x/../", "/x/" + std::string(dots) + "/");
    presign::verify_request v;
    v.url = t;
    v.now = doc_time;
    v.region = "us-east-1";
    std::vector<char> work(presign::verify_work_size(t.size(), 0));
    const auto r = presign::verify_presigned_url(v, presign::single_secret{doc_akid, doc_secret},
                                                 std::span<char>(work));
    REQUIRE(r);
    CHECK(r->path() == "/examplebucket/x/../k");
  }
  // A URL signed for "k" does not verify as "x/../k": nothing is normalised.
  req.key = "k";
  const auto k = p.presign(req, buf);
  REQUIRE(k);
  CHECK(verify(replace_all(std::string(k->url), "/examplebucket/k?", "/examplebucket/x/../k?")) ==
        errc::signature_mismatch);
}
