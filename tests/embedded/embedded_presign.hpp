// SPDX-License-Identifier: MIT
// The embedded profile's one entry point: presign a GET into `out`, return the URL's length
// (0 on any error). No heap, no exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

struct embedded_request {
  std::string_view access_key_id;
  std::string_view secret;
  std::string_view region;
  std::string_view bucket;
  std::string_view key;
  std::int64_t now = 0;
  std::int64_t expires_in = 0;
  bool global_endpoint = false;
};

std::size_t embedded_presign(const embedded_request& r, char* out, std::size_t size) noexcept;
