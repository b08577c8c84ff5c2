// SPDX-License-Identifier: MIT
// presign: std::string conveniences over the buffer API (opt-in; allocates). The buffer API
// in presigner.hpp stays the one that signs; this only sizes a string for it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "presign/error.hpp"
#include "presign/presigner.hpp"

namespace presign::inline v0 {

/// A presigned request that owns its strings.
struct presigned_url_string {
  std::string url;
  std::string method;
  std::vector<std::pair<std::string, std::string>> headers;  ///< to send, besides Host
  std::int64_t signed_at = 0;
  std::int64_t expires_at = 0;
  std::string canonical_request;  ///< only with want_debug
  std::string string_to_sign;     ///< only with want_debug
};

/// Presigns into strings: tries a stack buffer first, then exactly the size the presigner
/// reports. Same errors as Presigner::presign (never buffer_too_small). Allocates; may throw
/// std::bad_alloc unless exceptions are off. Thread-safety: that of the presigner.
template <class Presigner>
[[nodiscard]] result<presigned_url_string> presign_to_string(const Presigner& presigner,
                                                             const presign_request& request,
                                                             bool want_debug = false) {
  std::string url(1024, '\0');
  std::string creq(want_debug ? 4096 : 0, '\0');
  std::string sts(want_debug ? 512 : 0, '\0');
  for (int attempt = 0; attempt < 3; ++attempt) {
    const auto r = presigner.presign(request, url, sigv4_debug_buffers{creq, sts});
    if (!r) {
      if (r.error() != errc::buffer_too_small) return r.error();
      url.resize(r.required_size());
      continue;
    }
    if (want_debug && (r->canonical_request.empty() || r->string_to_sign.empty())) {
      // The debug copies did not fit: grow them (the URL bounds the canonical request).
      creq.resize(creq.size() + 2 * url.size() + 4096);
      sts.resize(sts.size() + 512);
      continue;
    }
    presigned_url_string out;
    out.url.assign(r->url);
    out.method.assign(r->method);
    for (const http_header h : r->headers) out.headers.emplace_back(h.name, h.value);
    out.signed_at = r->signed_at;
    out.expires_at = r->expires_at;
    out.canonical_request.assign(r->canonical_request);
    out.string_to_sign.assign(r->string_to_sign);
    return out;
  }
  return errc::buffer_too_small;  // unreachable in practice: sizes only grow
}

}  // namespace presign::inline v0
