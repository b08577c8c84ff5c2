// SPDX-License-Identifier: MIT
// A custom credentials source and a custom clock. Credentials come from a callback (in real
// life STS AssumeRole, a vault, IMDS...) that returns keys valid for 15 minutes;
// refreshing_credentials caches them and calls again 5 minutes before they expire. The clock
// is our own type (here a simulated timeline, so the output is reproducible). A URL must not
// outlive its credentials: by default such a request is refused; clamp shortens the URL.
#include <presign/presign.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>

namespace {

// readme: begin custom_clock
// A clock is any type with `std::int64_t now() const` (unix seconds, UTC), thread-safe.
struct timeline_clock {
  const std::atomic<std::int64_t>* time;
  [[nodiscard]] std::int64_t now() const noexcept { return time->load(); }
};
// readme: end

std::atomic<std::int64_t> simulated_now{1369353600};  // 2013-05-24T00:00:00Z
int fetches = 0;

// Stands in for a call to STS or a vault: new keys, valid for 15 minutes from now.
presign::result<presign::owned_credentials> fetch_from_vault() {
  ++fetches;
  const std::int64_t now = simulated_now.load();
  return presign::owned_credentials{"ASIAEXAMPLEKEY" + std::to_string(fetches),
                                    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                    "session-token-" + std::to_string(fetches), now + 900};
}

template <class Presigner>
void show(const Presigner& presigner, const char* label, std::int64_t expires_in) {
  presign::presign_request request;
  request.bucket = "examplebucket";
  request.key = "reports/today.csv";
  request.expires_in = expires_in;
  std::array<char, 2048> buffer{};
  const auto url = presigner.presign(request, buffer);
  if (!url) {
    std::printf("%s: error: %s (fetches so far: %d)\n", label,
                presign::to_string(url.error()).data(), fetches);
    return;
  }
  std::printf("%s: fetches so far: %d, expires at %lld\n%.*s\n", label, fetches,
              static_cast<long long>(url->expires_at), static_cast<int>(url->url.size()),
              url->url.data());
}

}  // namespace

int main() {
  // readme: begin custom_credentials
  presign::refreshing_credentials credentials(fetch_from_vault, /*refresh_ahead_seconds=*/300,
                                              /*now=*/[] { return simulated_now.load(); });
  presign::presigner_options options;
  options.region = "us-east-1";
  const presign::basic_presigner presigner(std::move(credentials), timeline_clock{&simulated_now},
                                           options);
  // readme: end

  show(presigner, "t+0s, first use", 600);  // fetches keys #1 (valid until t+900)
  simulated_now += 300;
  show(presigner, "t+300s, cached", 300);  // keys #1 again
  simulated_now += 300;
  show(presigner, "t+600s, refreshed", 600);               // within 300 s of expiry: keys #2
  show(presigner, "t+600s, URL outlives the keys", 3600);  // refused by default

  // readme: begin credential_expiry_clamp
  presign::presigner_options clamping = options;
  clamping.credential_expiry = presign::credential_expiry_policy::clamp;
  // readme: end
  const presign::basic_presigner clamped(
      presign::refreshing_credentials(fetch_from_vault, 300, [] { return simulated_now.load(); }),
      timeline_clock{&simulated_now}, clamping);
  show(clamped, "t+600s, clamped to the keys' lifetime", 3600);
}
