// SPDX-License-Identifier: MIT
// libFuzzer target: basic_presigner with arbitrary method, bucket, key, region, endpoint,
// session token, query and header bytes. It must answer a URL or a documented error. A URL
// must be printable ASCII, the same on a second call, refused (with the right size and no
// write past the end) in a buffer one byte short, and it must verify with the verifier
// (verify_presigned_url, the same secret, at the signing time); one flipped signature digit
// must then be a signature_mismatch.
//
// Input: 12 control bytes (flags, pair kinds, hoist bits, expiry choice, 8 bytes of time),
// then fields separated by 0xFE: method, bucket, key, region, endpoint_url, host_override,
// session token, version id, then up to 8 name/value pairs (query parameters or headers).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

#include <presign/presign.hpp>

namespace {

[[noreturn]] void fail(const char* what, int line) {
  (void)std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, line, what);
  std::abort();
}
#define FUZZ_REQUIRE(cond) ((cond) ? (void)0 : fail(#cond, __LINE__))

constexpr std::string_view akid = "AKIDFUZZEXAMPLE";
constexpr std::string_view secret = "fuzzSecretKey/EXAMPLEKEY+abcdefghijklmn";
constexpr std::int64_t doc_time = 1369353600;  // 20130524T000000Z

struct input {
  std::array<std::uint8_t, 12> control{};
  std::vector<std::string_view> fields;
};

input split(const std::uint8_t* data, std::size_t size) {
  input in;
  const std::size_t n = size < in.control.size() ? size : in.control.size();
  std::memcpy(in.control.data(), data, n);
  std::string_view rest(reinterpret_cast<const char*>(data) + n, size - n);
  while (in.fields.size() < 8 + 16) {
    const std::size_t sep = rest.find('\xFE');
    in.fields.push_back(rest.substr(0, sep));
    if (sep == std::string_view::npos) break;
    rest.remove_prefix(sep + 1);
  }
  while (in.fields.size() < 8) in.fields.emplace_back();
  return in;
}

bool is_presign_error(presign::errc e) {
  using presign::errc;
  switch (e) {
    case errc::invalid_bucket_name: case errc::invalid_key: case errc::invalid_region:
    case errc::invalid_method: case errc::invalid_expiry: case errc::invalid_header:
    case errc::invalid_query_parameter: case errc::invalid_endpoint: case errc::invalid_option:
    case errc::missing_credentials: case errc::invalid_credentials:
    case errc::credentials_expire_too_soon: case errc::invalid_time:
      return true;
    default:
      return false;
  }
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  constexpr std::int64_t hi = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  if (b > 0 && a > hi - b) return hi;
  if (b < 0 && a < lo - b) return lo;
  return a + b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const input in = split(data, size);
  const std::uint8_t flags = in.control[0];
  const std::uint8_t kinds = in.control[1];
  const std::uint8_t hoists = in.control[2];
  const std::uint8_t expiry_choice = in.control[3];
  std::int64_t raw_time = 0;
  std::memcpy(&raw_time, in.control.data() + 4, sizeof raw_time);

  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  constexpr std::array<std::int64_t, 12> expiries = {1, 60, 3600, 86400, 604800, 604801, 0, -1,
                                                     max, std::numeric_limits<std::int64_t>::min(),
                                                     900, 7 * 86400 - 1};
  // Mostly sensible times, sometimes anything at all.
  const std::int64_t now =
      (flags & 0x40) != 0 ? raw_time : doc_time + (raw_time % (400LL * 365 * 86400));

  presign::presigner_options options;
  options.region = (flags & 0x01) != 0 ? in.fields[3] : std::string_view("us-east-1");
  if ((flags & 0x02) != 0) options.endpoint.endpoint_url = in.fields[4];
  if ((flags & 0x04) != 0) options.endpoint.host_override = in.fields[5];
  options.endpoint.style = static_cast<presign::addressing_style>((flags >> 3) % 3);
  options.endpoint.dualstack = (expiry_choice & 0x80) != 0;
  options.endpoint.fips = (expiry_choice & 0x40) != 0;
  options.endpoint.accelerate = (expiry_choice & 0x20) != 0;
  if ((flags & 0x20) != 0) options.max_expiry = max;
  options.credential_expiry = (hoists & 0x80) != 0 ? presign::credential_expiry_policy::clamp
                                                   : presign::credential_expiry_policy::refuse;
  const std::string_view token = (flags & 0x80) != 0 ? in.fields[6] : std::string_view{};
  // Credentials that expire some time around the URL's end, or at any instant at all (the
  // expiry check once overflowed for one far in the past).
  std::int64_t expiration = presign::no_expiration;
  if ((kinds & 0x80) != 0) {
    expiration = (kinds & 0x40) != 0
                     ? raw_time ^ static_cast<std::int64_t>(std::uint64_t{1} << 63)
                     : saturating_add(now, static_cast<std::int64_t>(raw_time & 0xFFFFF));
  }
  const presign::basic_presigner presigner(presign::static_credentials(akid, secret, token, expiration),
                                           presign::fixed_clock{now}, options);

  std::vector<presign::query_param> query;
  std::vector<presign::request_header> headers;
  for (std::size_t i = 8, pair = 0; i + 1 < in.fields.size(); i += 2, ++pair) {
    if (((kinds >> (pair % 7)) & 1) != 0) {
      headers.push_back({in.fields[i], in.fields[i + 1], ((hoists >> (pair % 7)) & 1) != 0});
    } else {
      query.push_back({in.fields[i], in.fields[i + 1]});
    }
  }
  presign::presign_request req;
  req.method = (flags & 0x08) != 0 ? in.fields[0] : std::string_view("GET");
  req.bucket = in.fields[1];
  req.key = in.fields[2];
  req.bucket_operation = (hoists & 0x40) != 0 && in.fields[2].empty();
  req.version_id = in.fields[7];
  req.query = query;
  req.headers = headers;
  req.expires_in = expiries[expiry_choice % expiries.size()];
  if ((hoists & 0x20) != 0) req.region = in.fields[3];

  std::vector<char> buf(4096);
  auto r = presigner.presign(req, buf);
  if (!r && r.error() == presign::errc::buffer_too_small) {
    FUZZ_REQUIRE(r.required_size() > buf.size());
    buf.assign(r.required_size(), '\0');
    r = presigner.presign(req, buf);
    FUZZ_REQUIRE(r.has_value());
  }
  if (!r) {
    FUZZ_REQUIRE(is_presign_error(r.error()));
    FUZZ_REQUIRE(presign::to_string(r.error()) != "unknown error");
    return 0;
  }
  const std::string_view url = r->url;
  FUZZ_REQUIRE(url.starts_with("https://") || url.starts_with("http://"));
  for (char c : url) FUZZ_REQUIRE(c > 0x20 && c < 0x7F);
  FUZZ_REQUIRE(r->signed_at == now && r->expires_at > now && r->expires_at - now <= req.expires_in);

  // Deterministic (the signing-key cache is warm now), and exact about its size.
  {
    std::vector<char> again(url.size() + 8, '\x5A');
    const auto r2 = presigner.presign(req, {again.data(), url.size()});
    FUZZ_REQUIRE(r2.has_value() && r2->url == url);
    for (std::size_t i = url.size(); i < again.size(); ++i) FUZZ_REQUIRE(again[i] == '\x5A');
    std::vector<char> small(url.size() - 1 + 8, '\x5A');
    const auto r3 = presigner.presign(req, {small.data(), url.size() - 1});
    FUZZ_REQUIRE(r3.error() == presign::errc::buffer_too_small && r3.required_size() == url.size());
    for (std::size_t i = url.size() - 1; i < small.size(); ++i) FUZZ_REQUIRE(small[i] == '\x5A');
  }

  // It verifies.
  std::vector<presign::http_header> sent;
  std::size_t headers_size = 0;
  for (const presign::http_header h : r->headers) {
    sent.push_back(h);
    headers_size += h.name.size() + h.value.size() + 1;
  }
  presign::verify_request v;
  v.url = url;
  v.method = r->method;
  v.headers = sent;
  v.now = now;
  v.region = req.region.empty() ? options.region : req.region;
  v.max_expiry = options.max_expiry;
  std::vector<char> work(presign::verify_work_size(url.size(), headers_size));
  const presign::single_secret lookup{akid, secret};
  const auto verdict = presign::verify_presigned_url(v, lookup, work);
  if (!verdict) {
    // Say why before dying: the reproducer is easier to read with the verdict.
    const auto why = presign::verify_reason(verdict.error());
    (void)std::fprintf(stderr, "verify: %.*s\nurl: %.*s\n", static_cast<int>(why.size()),
                       why.data(), static_cast<int>(url.size()), url.data());
  }
  FUZZ_REQUIRE(verdict.has_value());
  FUZZ_REQUIRE(verdict->access_key_id() == akid && verdict->expires_at == r->expires_at);

  // A flipped signature digit must not verify.
  std::vector<char> tampered(url.begin(), url.end());
  char& last = tampered.back();
  last = last == '0' ? '1' : '0';
  v.url = std::string_view(tampered.data(), tampered.size());
  const auto bad = presign::verify_presigned_url(v, lookup, work);
  FUZZ_REQUIRE(bad.error() == presign::errc::signature_mismatch);
  return 0;
}
