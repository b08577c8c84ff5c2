// SPDX-License-Identifier: MIT
// Many threads presigning with one shared presigner whose credentials come from a
// refreshing_credentials source that rotates keys while they run. Every URL must be exactly
// what a single-threaded presign computes with the credentials of its rotation (found from the
// access key id in the URL) and verify with that rotation's secret: a torn signing-key cache
// entry, a key of another rotation or a data race would show up as a wrong signature. Built
// into the unit suite, and on its own under ThreadSanitizer (tests/hardening.cmake).
#include <doctest/doctest.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <presign/presign.hpp>

namespace {

constexpr std::int64_t doc_time = 1369353600;  // 20130524T000000Z
constexpr std::int64_t day = 86400;

std::string rotation_akid(int i) { return "AKIDROTATION" + std::to_string(1000 + i); }
std::string rotation_secret(int i) {
  // Secrets of different lengths, some over one SHA-256 block with "AWS4" (hashed first).
  return "secret/" + std::to_string(i) + "/" + std::string(static_cast<std::size_t>(i % 70), 'k');
}
std::string rotation_token(int i) { return i % 2 == 0 ? std::string() : "token+" + std::to_string(i); }

// The rotation whose access key id a URL carries, or -1.
int rotation_of(std::string_view url) {
  constexpr std::string_view marker = "X-Amz-Credential=AKIDROTATION";
  const auto at = url.find(marker);
  if (at == std::string_view::npos) return -1;
  int n = 0;
  for (std::size_t i = at + marker.size(); i < url.size() && url[i] >= '0' && url[i] <= '9'; ++i)
    n = n * 10 + (url[i] - '0');
  return n - 1000;
}

// Shared time: the credentials source's clock, moved on by every presign.
std::atomic<std::int64_t> ticks{0};

// The presigner's clock: three different days, so several (secret, date) keys are live in the
// signing-key cache at once.
struct stepping_clock {
  std::atomic<std::int64_t>* counter;
  [[nodiscard]] std::int64_t now() const noexcept {
    return doc_time + (counter->fetch_add(1, std::memory_order_relaxed) % 3) * day;
  }
};

struct signed_url {
  std::string url;
  std::int64_t signed_at;
  std::size_t request;
};

}  // namespace

TEST_SUITE("concurrency") {
TEST_CASE("threads share one presigner while refreshing_credentials rotates the keys") {
  std::atomic<int> rotations{0};
  ticks = 0;
  // Each fetch is a new rotation, valid for 10 days + 40 ticks; with refresh_ahead of 10 days
  // the source fetches again 40 ticks (presigns) later.
  presign::refreshing_credentials source(
      [&rotations]() -> presign::result<presign::owned_credentials> {
        const int i = rotations.fetch_add(1);
        return presign::owned_credentials{rotation_akid(i), rotation_secret(i), rotation_token(i),
                                          doc_time + ticks.load() + 10 * day + 40};
      },
      10 * day, [] { return doc_time + ticks.load(); });

  presign::presigner_options options;
  options.region = "eu-west-1";
  std::atomic<std::int64_t> clock_counter{0};
  const presign::basic_presigner presigner(std::move(source), stepping_clock{&clock_counter}, options);

  // A few different requests (another region too: different cache keys).
  const std::array<presign::request_header, 1> content_type{{{"Content-Type", "text/plain"}}};
  const std::array<presign::query_param, 1> response_type{{{"response-content-type", "a b"}}};
  std::vector<presign::presign_request> requests(4);
  requests[0].bucket = "examplebucket";
  requests[0].key = "test.txt";
  requests[1].method = "PUT";
  requests[1].bucket = "upload-bucket";
  requests[1].key = "photos/2013/a b+c.jpg";
  requests[1].headers = content_type;
  requests[2].bucket = "my.dotted.bucket";
  requests[2].key = "caf\xC3\xA9/\xE2\x82\xAC";
  requests[2].query = response_type;
  requests[3].bucket = "examplebucket";
  requests[3].key = "other-region";
  requests[3].region = "us-west-2";

  constexpr int threads = 8;
  constexpr int per_thread = 250;
  std::vector<std::vector<signed_url>> results(threads);
  std::vector<int> failures(threads, 0);
  {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        std::array<char, 2048> buf{};
        for (int i = 0; i < per_thread; ++i) {
          const std::size_t which = static_cast<std::size_t>(t + i) % requests.size();
          const auto r = presigner.presign(requests[which], buf);
          ticks.fetch_add(1);
          if (!r) {
            ++failures[static_cast<std::size_t>(t)];
            continue;
          }
          results[static_cast<std::size_t>(t)].push_back({std::string(r->url), r->signed_at, which});
        }
      });
    }
    for (std::thread& w : workers) w.join();
  }

  for (int f : failures) CHECK(f == 0);
  CHECK(rotations.load() >= 10);  // the keys really did rotate during the run

  // Single-threaded recomputation with the credentials of each URL's rotation.
  std::size_t checked = 0;
  std::vector<int> used(static_cast<std::size_t>(rotations.load()), 0);
  std::array<char, 2048> buf{};
  std::vector<char> work(presign::verify_work_size(2048, 256));
  for (const auto& per : results) {
    for (const signed_url& s : per) {
      const int rot = rotation_of(s.url);
      REQUIRE(rot >= 0);
      REQUIRE(rot < rotations.load());
      ++used[static_cast<std::size_t>(rot)];
      const std::string akid = rotation_akid(rot);
      const std::string secret = rotation_secret(rot);
      const std::string token = rotation_token(rot);
      const presign::basic_presigner single(presign::static_credentials(akid, secret, token),
                                            presign::fixed_clock{s.signed_at}, options);
      const auto expected = single.presign(requests[s.request], buf);
      REQUIRE(expected);
      if (expected->url != s.url) {
        CHECK(expected->url == s.url);  // reported once per mismatch
        continue;
      }
      presign::verify_request v;
      v.url = s.url;
      v.method = requests[s.request].method;
      std::vector<presign::http_header> sent;
      for (const presign::request_header& h : requests[s.request].headers) sent.push_back({h.name, h.value});
      v.headers = sent;
      v.now = s.signed_at;
      v.region = requests[s.request].region.empty() ? options.region : requests[s.request].region;
      const auto verdict = presign::verify_presigned_url(v, presign::single_secret{akid, secret}, work);
      if (!verdict) {
        CHECK(presign::verify_reason(verdict.error()) == "valid");
        continue;
      }
      ++checked;
    }
  }
  CHECK(checked == static_cast<std::size_t>(threads * per_thread));
  std::size_t rotations_seen = 0;
  for (int n : used) rotations_seen += n > 0 ? 1 : 0;
  CHECK(rotations_seen >= 5);
  MESSAGE("URLs checked: " << checked << ", rotations: " << rotations.load()
                           << ", rotations seen in URLs: " << rotations_seen);
}
}  // TEST_SUITE
