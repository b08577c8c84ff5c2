// SPDX-License-Identifier: MIT
// libFuzzer target: resolve_endpoint with arbitrary endpoint URL, bucket, region, host
// override and options. Input: a flags byte, then the fields separated by 0xFE (a byte that
// is never valid UTF-8, so no field loses an interesting value): endpoint_url, bucket, region,
// host_override. It must answer a resolved endpoint or one of the documented errors; a
// resolved host is a clean authority (no control bytes, spaces, '/', '?', '#', '@', '\',
// lowercase, at most 384 bytes) that resolves to itself when given back as the endpoint.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <presign/presign.hpp>

namespace {

[[noreturn]] void fail(const char* what, int line) {
  (void)std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, line, what);
  std::abort();
}
#define FUZZ_REQUIRE(cond) ((cond) ? (void)0 : fail(#cond, __LINE__))

struct fields {
  std::array<std::string_view, 4> f{};
  std::uint8_t flags = 0;
};

fields split(const std::uint8_t* data, std::size_t size) {
  fields out;
  if (size == 0) return out;
  out.flags = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (std::size_t i = 0; i < out.f.size(); ++i) {
    const std::size_t sep = rest.find('\xFE');
    out.f[i] = rest.substr(0, sep);
    if (sep == std::string_view::npos) break;
    rest.remove_prefix(sep + 1);
  }
  return out;
}

bool is_clean_authority(std::string_view host) {
  if (host.empty() || host.size() > 384) return false;
  for (char c : host) {
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b >= 0x7F || c == '/' || c == '?' || c == '#' || c == '@' || c == '\\')
      return false;
    if (c >= 'A' && c <= 'Z') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fields in = split(data, size);
  presign::endpoint_options o;
  o.endpoint_url = in.f[0];
  o.host_override = (in.flags & 0x80) != 0 ? in.f[3] : std::string_view{};
  o.style = static_cast<presign::addressing_style>(in.flags % 3);
  o.use_global_endpoint = (in.flags & 0x04) != 0;
  o.dualstack = (in.flags & 0x08) != 0;
  o.accelerate = (in.flags & 0x10) != 0;
  o.fips = (in.flags & 0x20) != 0;
  const std::string_view bucket = in.f[1];
  const std::string_view region = in.f[2];

  const auto r = presign::resolve_endpoint(bucket, region, o);
  if (!r) {
    const presign::errc e = r.error();
    FUZZ_REQUIRE(e == presign::errc::invalid_bucket_name || e == presign::errc::invalid_region ||
            e == presign::errc::invalid_endpoint || e == presign::errc::invalid_option);
    return 0;
  }
  FUZZ_REQUIRE(presign::validate_bucket_name(bucket) == presign::errc::ok);
  FUZZ_REQUIRE(presign::validate_region(region) == presign::errc::ok);
  const std::string_view host = r->host.view();
  FUZZ_REQUIRE(is_clean_authority(host));
  FUZZ_REQUIRE(r->scheme() == "https" || r->scheme() == "http");
  FUZZ_REQUIRE(r->bucket_in_path.empty() || r->bucket_in_path == bucket);
  if (r->bucket_in_path.empty() && o.host_override.empty()) {
    // Virtual-hosted: the bucket is the host's first labels.
    FUZZ_REQUIRE(host.size() > bucket.size() && host.substr(0, bucket.size()) == bucket &&
            host[bucket.size()] == '.');
  }
  if (o.endpoint_url.empty() && o.host_override.empty()) {
    FUZZ_REQUIRE(r->https);
    FUZZ_REQUIRE(host.find(':') == std::string_view::npos);  // AWS hosts never carry a port
  }

  // The authority is canonical: given back as a path-style endpoint it resolves to itself.
  if (!o.endpoint_url.empty() && !r->bucket_in_path.empty() && o.host_override.empty()) {
    std::string again = std::string(r->scheme()) + "://" + std::string(host);
    presign::endpoint_options o2;
    o2.endpoint_url = again;
    o2.style = presign::addressing_style::path;
    const auto r2 = presign::resolve_endpoint(bucket, region, o2);
    FUZZ_REQUIRE(r2.has_value() && r2->host.view() == host && r2->https == r->https);
  }
  return 0;
}
