// SPDX-License-Identifier: MIT
// Multipart upload part URLs: the server starts a multipart upload (here: a presigned POST
// ?uploads, which a client can call as well), then hands the uploader one presigned PUT per
// part (partNumber, uploadId are signed query parameters), and finally the presigned POST
// ?uploadId that completes it (the client sends the part list with the ETags S3 returned).
// Deterministic (fixed clock, the AWS documentation's example keys, an example upload id).
#include <presign/presign.hpp>

#include <array>
#include <charconv>
#include <cstdio>
#include <string_view>

namespace {

template <class Presigner>
bool print_presigned(const Presigner& presigner, const presign::presign_request& request) {
  std::array<char, 2048> buffer{};
  const auto url = presigner.presign(request, buffer);
  if (!url) {
    std::fprintf(stderr, "presign: %s\n", presign::to_string(url.error()).data());
    return false;
  }
  std::printf("%.*s %.*s\n", static_cast<int>(url->method.size()), url->method.data(),
              static_cast<int>(url->url.size()), url->url.data());
  return true;
}

}  // namespace

int main() {
  presign::presigner_options options;
  options.region = "us-west-2";
  const presign::basic_presigner presigner(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE",
                                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      presign::fixed_clock{1369353600}, options);  // 2013-05-24T00:00:00Z
  constexpr std::string_view key = "videos/2013/holiday.mp4";
  // What CreateMultipartUpload returned (an example id).
  constexpr std::string_view upload_id =
      "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA";

  // CreateMultipartUpload: POST /KEY?uploads (a parameter without a value).
  const std::array<presign::query_param, 1> create = {{{"uploads", ""}}};
  presign::presign_request start;
  start.method = "POST";
  start.bucket = "examplebucket";
  start.key = key;
  start.query = create;
  if (!print_presigned(presigner, start)) return 1;

  // readme: begin multipart_parts
  // UploadPart: one PUT URL per part, each valid for an hour.
  for (int part = 1; part <= 3; ++part) {
    std::array<char, 8> digits{};
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), part).ptr;
    const std::string_view part_number(digits.data(),
                                       static_cast<std::size_t>(end - digits.data()));
    const std::array<presign::query_param, 2> query = {{
        {"partNumber", part_number},
        {"uploadId", upload_id},
    }};
    presign::presign_request request;
    request.method = "PUT";
    request.bucket = "examplebucket";
    request.key = key;
    request.query = query;
    if (!print_presigned(presigner, request)) return 1;
  }
  // readme: end

  // CompleteMultipartUpload: POST /KEY?uploadId=... (the body lists the parts' ETags).
  const std::array<presign::query_param, 1> complete = {{{"uploadId", upload_id}}};
  presign::presign_request finish;
  finish.method = "POST";
  finish.bucket = "examplebucket";
  finish.key = key;
  finish.query = complete;
  if (!print_presigned(presigner, finish)) return 1;
}
