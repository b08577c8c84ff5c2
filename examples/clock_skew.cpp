// SPDX-License-Identifier: MIT
// Clock skew: a machine whose clock is 10 minutes slow makes URLs that S3 refuses ("Request is
// not yet valid" / RequestTimeTooSkewed). Correct the clock with the server's Date header:
// atomic_offset_clock keeps an offset that any thread may update while others sign, and
// clock_ref lets several presigners share that one clock. Deterministic: the "local clock"
// here is a fixed clock 600 s behind 2013-05-24T00:00:00Z.
#include <presign/presign.hpp>

#include <array>
#include <cstdio>

int main() {
  const presign::fixed_clock slow_local_clock{1369353600 - 600};

  // readme: begin clock_skew
  presign::atomic_offset_clock<presign::fixed_clock> clock(slow_local_clock);
  presign::presigner_options options;
  options.region = "us-east-1";
  const presign::basic_presigner presigner(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE",
                                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      presign::clock_ref(clock), options);
  // ... a response from S3 (any response: HEAD, an error) carried this Date header:
  const auto offset = clock.update_from_http_date("Fri, 24 May 2013 00:00:00 GMT");
  // readme: end
  if (!offset) return 1;
  std::printf("offset: %lld s\n", static_cast<long long>(*offset));

  presign::presign_request request;
  request.bucket = "examplebucket";
  request.key = "test.txt";
  std::array<char, 2048> buffer{};
  const auto url = presigner.presign(request, buffer);
  if (!url) return 1;
  std::printf("%.*s\n", static_cast<int>(url->url.size()), url->url.data());
}
