// SPDX-License-Identifier: MIT
// A throw-away consumer of presign, shared by every packaging test (find_package,
// add_subdirectory, FetchContent, pkg-config, the single header copied alone): it prints the
// S3 documentation's example URL, which the test compares with the URL in the documentation.
#include "presign/presign.hpp"

#include <array>
#include <cstdio>
#include <string_view>

// The version macros agree with each other ...
#define CONSUMER_STR(x) #x
#define CONSUMER_XSTR(x) CONSUMER_STR(x)
static_assert(std::string_view(PRESIGN_VERSION_STRING) ==
                  CONSUMER_XSTR(PRESIGN_VERSION_MAJOR) "." CONSUMER_XSTR(
                      PRESIGN_VERSION_MINOR) "." CONSUMER_XSTR(PRESIGN_VERSION_PATCH),
              "PRESIGN_VERSION_STRING disagrees with PRESIGN_VERSION_MAJOR/MINOR/PATCH");
// ... and with the version of the CMake package that was found (find_package consumer only).
#if defined(CONSUMER_PACKAGE_VERSION)
static_assert(std::string_view(PRESIGN_VERSION_STRING) == CONSUMER_PACKAGE_VERSION,
              "the CMake package version differs from the header's");
#endif

int main() {
  // "Authenticating Requests: Using Query Parameters", S3 API reference: the example keys,
  // 2013-05-24T00:00:00Z, 86400 s, the global endpoint.
  presign::presigner_options options;
  options.region = "us-east-1";
  options.endpoint.use_global_endpoint = true;
  const presign::basic_presigner presigner(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE",
                                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      presign::fixed_clock{1369353600}, options);
  presign::presign_request request;
  request.bucket = "examplebucket";
  request.key = "test.txt";
  request.expires_in = 86400;
  std::array<char, 1024> buffer{};
  const auto url = presigner.presign(request, buffer);
  if (!url) {
    std::fprintf(stderr, "presign failed: %.*s\n",
                 static_cast<int>(presign::to_string(url.error()).size()),
                 presign::to_string(url.error()).data());
    return 1;
  }
  std::printf("%.*s\n", static_cast<int>(url->url.size()), url->url.data());
  return 0;
}
