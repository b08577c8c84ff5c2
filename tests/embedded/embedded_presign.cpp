// SPDX-License-Identifier: MIT
// The embedded profile's presign code: the single header, built with -fno-exceptions -fno-rtti
// -Os, presigning into a caller's (stack) buffer with static credentials and a clock that
// shows a given time. Kept in a translation unit of its own, so that everything it emits
// (tests/embedded/text_size.py sums it) is the code a firmware pays for presigning.
#include "embedded_presign.hpp"

#include "presign/presign.hpp"

std::size_t embedded_presign(const embedded_request& r, char* out, std::size_t size) noexcept {
  presign::presigner_options options;
  options.region = r.region;
  options.endpoint.use_global_endpoint = r.global_endpoint;
  const presign::basic_presigner presigner(presign::static_credentials(r.access_key_id, r.secret),
                                           presign::fixed_clock{r.now}, options);
  presign::presign_request req;
  req.bucket = r.bucket;
  req.key = r.key;
  req.expires_in = r.expires_in;
  const auto signed_url = presigner.presign(req, std::span<char>(out, size));
  return signed_url ? signed_url->url.size() : 0;
}
