// SPDX-License-Identifier: MIT
// The std::string conveniences over the buffer API.
#include <doctest/doctest.h>

#include <string>

#include <presign/presign.hpp>

TEST_CASE("presign_to_string gives the same URL as the buffer API, with debug text") {
  presign::presigner_options o;
  o.region = "us-east-1";
  o.endpoint.use_global_endpoint = true;
  const presign::basic_presigner p(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      presign::fixed_clock{1369353600}, o);
  presign::presign_request req;
  req.method = "PUT";
  req.bucket = "examplebucket";
  const std::string long_key(1000, 'k');  // makes the URL longer than the first 1 KiB guess
  req.key = long_key;
  const presign::request_header h[] = {{"Content-Type", "image/png"}};
  req.headers = h;
  req.expires_in = 86400;
  const auto s = presign::presign_to_string(p, req, true);
  REQUIRE(s);
  std::array<char, 4096> buf{};
  const auto b = p.presign(req, buf);
  REQUIRE(b);
  CHECK(s->url == b->url);
  CHECK(s->url.size() > 1024);  // the string path had to grow past its first guess
  CHECK(s->method == "PUT");
  REQUIRE(s->headers.size() == 1);
  CHECK(s->headers[0].first == "Content-Type");
  CHECK(s->headers[0].second == "image/png");
  CHECK(s->expires_at == 1369353600 + 86400);
  CHECK(s->canonical_request.starts_with("PUT\n/" + long_key + "\n"));
  CHECK(s->string_to_sign.starts_with("AWS4-HMAC-SHA256\n20130524T000000Z\n"));

  req.bucket = "Invalid";
  CHECK(presign::presign_to_string(p, req).error() == presign::errc::invalid_bucket_name);
}
