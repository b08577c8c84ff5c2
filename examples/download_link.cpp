// SPDX-License-Identifier: MIT
// A download link for a web app: the object is private; the app hands the browser a link that
// works for 15 minutes and makes it save the file under a friendly name (S3 answers with the
// Content-Disposition and Content-Type given in the signed query: response-* parameters).
// Deterministic (fixed clock, the AWS documentation's example keys); a server uses
// presign::system_clock{} and real credentials.
#include <presign/presign.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <string_view>

// readme: begin download_link
// One presigner for the whole app: presign() is const and thread-safe.
template <class Presigner>
std::string download_link(const Presigner& presigner, std::string_view key,
                          std::string_view content_disposition, std::string_view content_type) {
  const std::array<presign::query_param, 2> response_headers = {{
      {"response-content-disposition", content_disposition},
      {"response-content-type", content_type},
  }};
  presign::presign_request request;
  request.bucket = "my-app-files";
  request.key = key;
  request.query = response_headers;
  request.expires_in = 15 * 60;
  std::array<char, 4096> buffer{};
  const auto url = presigner.presign(request, buffer);
  return url ? std::string(url->url) : std::string();  // "": log url.error(), answer 500
}
// readme: end

int main() {
  presign::presigner_options options;
  options.region = "eu-west-1";
  const presign::basic_presigner presigner(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE",
                                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      presign::fixed_clock{1369353600}, options);  // 2013-05-24T00:00:00Z

  const std::string link =
      download_link(presigner, "reports/2013/q2-4f1c.pdf", "attachment; filename=\"Q2 report.pdf\"",
                    "application/pdf");
  if (link.empty()) return 1;
  std::printf("%s\n", link.c_str());
}
