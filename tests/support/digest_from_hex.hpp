// SPDX-License-Identifier: MIT
// Test support: a SHA-256 digest from its 64 lowercase hex digits, independent of presign's
// hex.hpp, so a hex bug cannot hide a hash bug. constexpr, for static_assert tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <presign/presign.hpp>  // (the single-header suite has only this one)

namespace presign_test {

constexpr presign::sha256_digest digest_from_hex(std::string_view hex) {
  constexpr auto nibble = [](char c) {
    return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  };
  presign::sha256_digest out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::uint8_t>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  }
  return out;
}

}  // namespace presign_test
