// SPDX-License-Identifier: MIT
// A whole presign as a constant expression: the S3 documentation's example URL is computed by
// the compiler and checked with static_assert (a wrong signature is a build failure), then
// printed. Works with static_credentials and fixed_clock; nothing is left for run time.
#include <presign/presign.hpp>

#include <array>
#include <cstddef>
#include <cstdio>
#include <string_view>

// readme: begin compile_time
struct presigned_text {
  std::array<char, 512> bytes{};
  std::size_t size = 0;
  [[nodiscard]] constexpr std::string_view view() const { return {bytes.data(), size}; }
};

constexpr presigned_text presign_doc_example() {
  presign::presigner_options options;
  options.region = "us-east-1";
  options.endpoint.use_global_endpoint = true;
  const presign::basic_presigner presigner(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE",
                                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      presign::fixed_clock{1369353600}, options);  // 2013-05-24T00:00:00Z
  presign::presign_request request;
  request.bucket = "examplebucket";
  request.key = "test.txt";
  request.expires_in = 86400;
  presigned_text out;
  const auto url = presigner.presign(request, out.bytes);
  if (url) out.size = url->url.size();
  return out;
}

constexpr presigned_text doc_url = presign_doc_example();
// The signature in the S3 API reference, "Authenticating Requests: Using Query Parameters".
static_assert(doc_url.view().ends_with(
    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
// readme: end

int main() { std::printf("%.*s\n", static_cast<int>(doc_url.size), doc_url.bytes.data()); }
