// SPDX-License-Identifier: MIT
// libFuzzer target: the URL parser and verifier on arbitrary bytes. The input is the URL as
// received. Every call must return a verdict (never crash, never read or write out of
// bounds), the stack-work-area and caller-work-area overloads must agree, and a caller work
// area of exactly required_size() bytes must suffice (ASan checks nothing is written past).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <memory>
#include <string_view>

#include <presign/presign.hpp>

namespace {

[[noreturn]] void fail(const char* what, std::string_view url, presign::errc a, presign::errc b) {
  std::fprintf(stderr, "fuzz_verify_url: %s: %s vs %s for %.*s\n", what,
               presign::verify_reason(a).data(), presign::verify_reason(b).data(),
               static_cast<int>(url.size()), url.data());
  std::abort();
}

// Two known keys: the S3 documentation's, and a temporary one whose token is checked.
struct lookup {
  presign::result<std::string_view> operator()(std::string_view akid,
                                               std::string_view token) const noexcept {
    if (akid == "AKIAIOSFODNN7EXAMPLE") return std::string_view("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    if (akid == "ASIATEMP" && token == "IQoJb3JpZ2luX2VjE+/token==") return std::string_view("tmp-secret");
    return presign::errc::unknown_access_key;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view url(reinterpret_cast<const char*>(data), size);
  presign::verify_request req;
  req.url = url;
  req.region = "us-east-1";
  req.now = 1369353600;
  // Check at the URL's own time when it has one, so mutated seeds reach the signature.
  if (const auto at = url.find("X-Amz-Date="); at != std::string_view::npos && size - at >= 27) {
    if (const auto t = presign::parse_amz_timestamp(url.substr(at + 11, 16))) req.now = *t;
  }
  const presign::http_header headers[] = {{"Content-Type", "text/plain"},
                                          {"x-amz-meta-a", " one  two "},
                                          {"X-Amz-Meta-A", "three"}};
  req.headers = headers;
  std::size_t headers_size = 0;
  for (const auto& h : headers) headers_size += h.name.size() + h.value.size() + 1;
  const lookup keys;

  const auto on_stack = presign::verify_presigned_url(req, keys);

  // Ask how much work area is needed, then give exactly that much, on the heap so ASan
  // catches a write past it.
  const auto probe = presign::verify_presigned_url(req, keys, std::span<char>());
  presign::errc with_span = probe.error();
  if (probe.error() == presign::errc::buffer_too_small) {
    const std::size_t n = probe.required_size();
    if (n == 0 || n > presign::verify_work_size(size, headers_size)) fail("required_size", url, probe.error(), probe.error());
    std::unique_ptr<char[]> work(new char[n]);
    const auto second = presign::verify_presigned_url(req, keys, std::span<char>(work.get(), n));
    if (second.error() == presign::errc::buffer_too_small) {
      // A first estimate may be refined once (the signer reports its exact need).
      const std::size_t m = second.required_size();
      if (m <= n) fail("required_size did not grow", url, second.error(), second.error());
      std::unique_ptr<char[]> more(new char[m]);
      with_span = presign::verify_presigned_url(req, keys, std::span<char>(more.get(), m)).error();
    } else {
      with_span = second.error();
    }
  }
  if (with_span == presign::errc::buffer_too_small) fail("never enough", url, with_span, with_span);
  if (size <= presign::max_verified_url_size && on_stack.error() != with_span)
    fail("overloads disagree", url, on_stack.error(), with_span);
  if (on_stack && (on_stack->expires_at < on_stack->signed_at || on_stack->access_key_id().empty()))
    fail("bad verified_url", url, on_stack.error(), on_stack.error());
  return 0;
}
