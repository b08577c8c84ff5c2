// SPDX-License-Identifier: MIT
// The README's quick start: a presigned GET URL (valid for the default hour) with the
// credentials from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN) and the system clock.
// readme: begin quick_start
#include <presign/presign.hpp>

#include <array>
#include <cstdio>

int main() {
  presign::presigner_options options;
  options.region = "eu-west-1";
  const presign::basic_presigner presigner(presign::environment_credentials{},
                                           presign::system_clock{}, options);
  presign::presign_request request;
  request.bucket = "my-bucket";
  request.key = "photos/2024/some file+name.jpg";
  std::array<char, 2048> buffer{};
  const auto url = presigner.presign(request, buffer);
  if (!url) {
    std::fprintf(stderr, "presign: %s\n", presign::to_string(url.error()).data());
    return 1;
  }
  std::printf("%.*s\n", static_cast<int>(url->url.size()), url->url.data());
}
// readme: end
