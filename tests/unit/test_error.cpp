// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <presign/presign.hpp>

using presign::errc;
using presign::result;

TEST_CASE("to_string gives a message for every errc and no empty one") {
  for (int i = 0; i <= static_cast<int>(errc::invalid_policy); ++i) {
    auto e = static_cast<errc>(i);
    CHECK_FALSE(presign::to_string(e).empty());
    CHECK(presign::to_string(e) != "unknown error");
  }
  CHECK(presign::to_string(errc::expired) == "expired");
}

TEST_CASE("result carries a value or an error with the required size") {
  result<int> ok = 42;
  CHECK(ok.has_value());
  CHECK(static_cast<bool>(ok));
  CHECK(*ok == 42);
  CHECK(ok.error() == errc::ok);

  result<int> bad{errc::buffer_too_small, 123};
  CHECK_FALSE(bad.has_value());
  CHECK(bad.error() == errc::buffer_too_small);
  CHECK(bad.required_size() == 123);
  CHECK(bad.value_or(7) == 7);

  result<void> fine;
  CHECK(fine.has_value());
  result<void> failed = errc::invalid_key;
  CHECK(failed.error() == errc::invalid_key);
}

TEST_CASE("fixed_string refuses appends past its capacity") {
  presign::detail::fixed_string<4> s;
  CHECK(s.append("ab"));
  CHECK_FALSE(s.append("cde"));
  CHECK(s.view() == "ab");
  CHECK(s.append("cd"));
  CHECK_FALSE(s.push_back('e'));
  CHECK(s.view() == "abcd");
}
