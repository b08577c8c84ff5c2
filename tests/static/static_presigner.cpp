// SPDX-License-Identifier: MIT
// A whole presign as a constant expression: the S3 documentation example, checked at compile
// time with a fixed clock and static credentials.
#include <presign/presign.hpp>

#include <array>
#include <string_view>

namespace {

constexpr std::string_view expected_doc_url =
    "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

constexpr bool doc_example_presigns() {
  presign::presigner_options options;
  options.region = "us-east-1";
  options.endpoint.use_global_endpoint = true;
  const presign::basic_presigner p(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      presign::fixed_clock{1369353600}, options);
  presign::presign_request req;
  req.bucket = "examplebucket";
  req.key = "test.txt";
  req.expires_in = 86400;
  std::array<char, 512> buf{};
  const auto r = p.presign(req, buf);
  return r && r->url == expected_doc_url && r->expires_at == 1369353600 + 86400;
}
static_assert(doc_example_presigns());

constexpr bool bad_bucket_is_refused() {
  presign::presigner_options options;
  options.region = "us-east-1";
  const presign::basic_presigner p(presign::static_credentials("AKID", "secret"),
                                   presign::fixed_clock{0}, options);
  presign::presign_request req;
  req.bucket = "a";
  req.key = "k";
  std::array<char, 512> buf{};
  return p.presign(req, buf).error() == presign::errc::invalid_bucket_name;
}
static_assert(bad_bucket_is_refused());

// Policies are checked by concepts.
struct no_now {};
struct wrong_now {
  double now() const { return 0; }
};
static_assert(presign::clock_source<presign::fixed_clock>);
static_assert(!presign::clock_source<no_now>);
static_assert(!presign::clock_source<wrong_now>);
static_assert(presign::credentials_source<presign::static_credentials>);
static_assert(!presign::credentials_source<no_now>);

}  // namespace
