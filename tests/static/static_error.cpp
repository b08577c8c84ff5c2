// SPDX-License-Identifier: MIT
// Compile-time tests for error.hpp and fixed_string: a wrong answer fails the build.
#include <presign/presign.hpp>

namespace {
using presign::errc;

constexpr presign::result<int> half(int x) {
  if (x % 2 != 0) return errc::invalid_encoding;
  return x / 2;
}
static_assert(half(8).value() == 4);
static_assert(half(7).error() == errc::invalid_encoding);
static_assert(presign::to_string(errc::signature_mismatch) == "signature mismatch");

constexpr bool fixed_string_works() {
  presign::detail::fixed_string<3> s;
  return s.append("ab") && !s.append("cd") && s.push_back('c') && s.view() == "abc";
}
static_assert(fixed_string_works());
}  // namespace
