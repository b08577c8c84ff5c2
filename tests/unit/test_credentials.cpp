// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

using presign::credentials_view;
using presign::errc;
using presign::validate_credentials;

namespace {
constexpr std::string_view akid = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

// The message for an error must never carry the secret (to_string has no caller data).
void check_no_secret_in_message(errc e, std::string_view s) {
  const std::string_view message = presign::to_string(e);
  CHECK(message.find(s) == std::string_view::npos);
  CHECK(message.find(akid) == std::string_view::npos);
}
}  // namespace

TEST_CASE("validate_credentials accepts the AWS documentation example keys") {
  CHECK(validate_credentials({akid, secret}) == errc::ok);
  CHECK(validate_credentials({akid, secret, "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+/="}) == errc::ok);
  // Every printable, non-space ASCII byte is allowed in a key id and a secret.
  std::string all_printable;
  for (int c = 0x21; c < 0x7F; ++c) all_printable.push_back(static_cast<char>(c));
  CHECK(validate_credentials({all_printable, all_printable, all_printable}) == errc::ok);
}

TEST_CASE("validate_credentials: empty key id or secret is missing_credentials") {
  CHECK(validate_credentials({}) == errc::missing_credentials);
  CHECK(validate_credentials({"", secret}) == errc::missing_credentials);
  CHECK(validate_credentials({akid, ""}) == errc::missing_credentials);
  CHECK(validate_credentials({"", "", "token"}) == errc::missing_credentials);
}

TEST_CASE("validate_credentials refuses a space, control byte or DEL anywhere in key id and secret") {
  for (int c = 0; c <= 0x20; ++c) {
    for (const std::size_t pos : {std::size_t{0}, std::size_t{7}, secret.size()}) {
      std::string bad_secret{secret};
      bad_secret.insert(pos, 1, static_cast<char>(c));
      CAPTURE(c);
      CAPTURE(pos);
      const errc e = validate_credentials({akid, bad_secret});
      CHECK(e == errc::invalid_credentials);
      check_no_secret_in_message(e, bad_secret);
      std::string bad_akid{akid};
      bad_akid.insert(std::min(pos, bad_akid.size()), 1, static_cast<char>(c));
      CHECK(validate_credentials({bad_akid, secret}) == errc::invalid_credentials);
    }
  }
  CHECK(validate_credentials({akid, std::string{secret} + "\x7F"}) == errc::invalid_credentials);
  CHECK(validate_credentials({"\x7F" + std::string{akid}, secret}) == errc::invalid_credentials);
}

TEST_CASE("validate_credentials refuses whitespace-only fields") {
  for (std::string_view ws : {" ", "   ", "\t", "\r\n", " \t "}) {
    CHECK(validate_credentials({ws, secret}) == errc::invalid_credentials);
    CHECK(validate_credentials({akid, ws}) == errc::invalid_credentials);
    CHECK(validate_credentials({akid, secret, ws}) == errc::invalid_credentials);
  }
}

TEST_CASE("validate_credentials refuses control characters in the session token") {
  for (int c = 0; c < 0x20; ++c) {
    std::string token = "FwoGZXIvYXdz";
    token.insert(4, 1, static_cast<char>(c));
    CAPTURE(c);
    CHECK(validate_credentials({akid, secret, token}) == errc::invalid_credentials);
  }
  CHECK(validate_credentials({akid, secret, "FwoG\x7FZX"}) == errc::invalid_credentials);
  CHECK(validate_credentials({akid, secret, "token\r\nX-Injected: yes"}) == errc::invalid_credentials);
}

TEST_CASE("the expiration does not affect validation") {
  CHECK(validate_credentials({akid, secret, {}, 0}) == errc::ok);
  CHECK(validate_credentials({akid, secret, {}, -5}) == errc::ok);
}

TEST_CASE("static_credentials views its strings and validates on get()") {
  const std::string a{akid};
  const std::string s{secret};
  const presign::static_credentials creds{a, s, "tok", 1369440000};
  const auto r = creds.get();
  REQUIRE(r.has_value());
  CHECK(r->access_key_id.data() == a.data());  // a view, not a copy
  CHECK(r->secret_access_key == secret);
  CHECK(r->session_token == "tok");
  CHECK(r->expiration == 1369440000);
  CHECK(r->view() == *r);

  const presign::static_credentials spaces{akid, "   "};
  CHECK(spaces.get().error() == errc::invalid_credentials);
  check_no_secret_in_message(spaces.get().error(), "   ");
  const presign::static_credentials empty{"", ""};
  CHECK(empty.get().error() == errc::missing_credentials);
}

TEST_CASE("parse_expiration_time reads what STS, IMDS and credential_process emit") {
  // STS AssumeRole / GetSessionToken XML and JSON use the RFC 3339 UTC form.
  CHECK(presign::parse_expiration_time("2011-07-15T23:28:33.359Z").value() == 1310772513);
  // IMDS security-credentials uses whole seconds with Z.
  CHECK(presign::parse_expiration_time("2012-04-27T22:39:16Z").value() == 1335566356);
  CHECK(presign::parse_expiration_time("2012-04-28T00:39:16+02:00").value() == 1335566356);
  CHECK(presign::parse_expiration_time("2012-04-27T17:39:16-05:00").value() == 1335566356);
  CHECK(presign::parse_expiration_time("2012-04-27T22:39:16").value() == 1335566356);
  for (std::string_view bad : {"", "Z", "2012-04-27", "2012-04-27T22:39", "2012-04-27T22:39:16Q",
                               "2012-04-27T22:39:16 Z", "20120427T223916Z", "2012-00-27T22:39:16Z",
                               "2012-04-31T22:39:16Z", "2012-04-27T22:60:16Z", "2012-04-27T22:39:61Z",
                               "2012-04-27T22:39:16+24:00", "1969-07-20T20:17:40Z", "2012-04-27T22:39:16.Z",
                               "2012-04-27T22:39:16+01:30:00"}) {
    CAPTURE(bad);
    CHECK(presign::parse_expiration_time(bad).error() == errc::invalid_time);
  }
}
