// SPDX-License-Identifier: MIT
// An upload slot with the Content-Type bound: the server presigns a PUT for one key and one
// content type; the uploader must send exactly that Content-Type (it is a signed header, so S3
// refuses the upload otherwise) and cannot choose another key. Prints the URL, the headers to
// send and the equivalent curl command. Deterministic (fixed clock, documentation keys).
#include <presign/presign.hpp>

#include <array>
#include <cstdio>

int main() {
  presign::presigner_options options;
  options.region = "us-east-1";
  const presign::basic_presigner presigner(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE",
                                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      presign::fixed_clock{1369353600}, options);  // 2013-05-24T00:00:00Z

  // readme: begin upload_slot
  const std::array<presign::request_header, 1> headers = {{{"Content-Type", "image/png"}}};
  presign::presign_request request;
  request.method = "PUT";
  request.bucket = "examplebucket";
  request.key = "uploads/user-42/avatar.png";
  request.headers = headers;
  request.expires_in = 600;
  std::array<char, 2048> buffer{};
  const auto slot = presigner.presign(request, buffer);
  if (!slot) return 1;
  // Hand the uploader the method, the URL and the headers it must send with it.
  std::printf("%.*s %.*s\n", static_cast<int>(slot->method.size()), slot->method.data(),
              static_cast<int>(slot->url.size()), slot->url.data());
  for (const presign::http_header h : slot->headers) {
    std::printf("%.*s: %.*s\n", static_cast<int>(h.name.size()), h.name.data(),
                static_cast<int>(h.value.size()), h.value.data());
  }
  // readme: end
  std::printf("expires at %lld (unix seconds)\n", static_cast<long long>(slot->expires_at));
  std::printf("curl -X PUT -T avatar.png -H 'Content-Type: image/png' '%.*s'\n",
              static_cast<int>(slot->url.size()), slot->url.data());
}
