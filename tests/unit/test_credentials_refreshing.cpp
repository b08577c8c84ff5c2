// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

using presign::errc;
using presign::owned_credentials;
using presign::result;

namespace {

// A clock the test moves by hand.
struct manual_clock {
  std::atomic<std::int64_t> t{1700000000};
  [[nodiscard]] std::function<std::int64_t()> fn() {
    return [this] { return t.load(); };
  }
};

// A callback that issues credentials numbered 1, 2, 3... valid for `lifetime` seconds.
struct rotating_fetcher {
  manual_clock* clock = nullptr;
  std::int64_t lifetime = 3600;
  std::atomic<int> calls{0};
  std::atomic<errc> fail_with{errc::ok};

  [[nodiscard]] std::function<result<owned_credentials>()> fn() {
    return [this]() -> result<owned_credentials> {
      const int n = ++calls;
      if (const errc e = fail_with.load(); e != errc::ok) return e;
      return owned_credentials{"AKID" + std::to_string(n), "secret" + std::to_string(n), "token" + std::to_string(n),
                               clock->t.load() + lifetime};
    };
  }
};

}  // namespace

TEST_CASE("refreshing_credentials fetches once and caches until refresh_ahead before expiry") {
  manual_clock clock;
  rotating_fetcher fetch{&clock};
  const presign::refreshing_credentials source{fetch.fn(), 300, clock.fn()};
  CHECK(fetch.calls == 0);  // nothing fetched before the first get()

  const auto first = source.get();
  REQUIRE(first.has_value());
  CHECK(first->view().access_key_id == "AKID1");
  CHECK(first->view().secret_access_key == "secret1");
  CHECK(first->view().session_token == "token1");
  CHECK(first->view().expiration == 1700000000 + 3600);
  CHECK(fetch.calls == 1);

  CHECK(source.get()->view().access_key_id == "AKID1");
  clock.t = 1700000000 + 3600 - 301;  // one second before the refresh window
  CHECK(source.get()->view().access_key_id == "AKID1");
  CHECK(fetch.calls == 1);

  clock.t = 1700000000 + 3600 - 300;  // the window opens
  const auto second = source.get();
  REQUIRE(second.has_value());
  CHECK(second->view().access_key_id == "AKID2");
  CHECK(fetch.calls == 2);
  // The holder from before the refresh still views the old strings.
  CHECK(first->view().access_key_id == "AKID1");
  CHECK(first->view().secret_access_key == "secret1");
}

TEST_CASE("refreshing_credentials: credentials without expiry are fetched once") {
  int calls = 0;
  const presign::refreshing_credentials source{[&calls]() -> result<owned_credentials> {
    ++calls;
    return owned_credentials{"AKIDSTATIC", "secret"};
  }};
  for (int i = 0; i < 5; ++i) CHECK(source.get()->view().access_key_id == "AKIDSTATIC");
  CHECK(calls == 1);
  source.invalidate();
  CHECK(source.get().has_value());
  CHECK(calls == 2);
}

TEST_CASE("refreshing_credentials: a failing refresh keeps credentials that still work") {
  manual_clock clock;
  rotating_fetcher fetch{&clock};
  const presign::refreshing_credentials source{fetch.fn(), 300, clock.fn()};
  REQUIRE(source.get().has_value());
  fetch.fail_with = errc::credentials_unavailable;
  clock.t += 3600 - 100;  // inside the refresh window, not expired
  const auto r = source.get();
  REQUIRE(r.has_value());
  CHECK(r->view().access_key_id == "AKID1");
  CHECK(fetch.calls == 2);  // it did try
  CHECK(source.get()->view().access_key_id == "AKID1");
  CHECK(fetch.calls == 3);  // and tries again on the next get()

  clock.t += 100;  // now expired, and the callback still fails
  CHECK(source.get().error() == errc::credentials_unavailable);
  fetch.fail_with = errc::ok;
  CHECK(source.get()->view().access_key_id == "AKID5");
}

TEST_CASE("refreshing_credentials: while one thread refreshes, others use still-valid credentials") {
  manual_clock clock;
  std::atomic<int> calls{0};
  std::atomic<bool> entered{false};
  std::atomic<bool> release{false};
  const presign::refreshing_credentials source{
      [&]() -> result<owned_credentials> {
        const int n = ++calls;
        if (n >= 2) {  // the refresh hangs until the test lets it go
          entered = true;
          while (!release) std::this_thread::yield();
        }
        return owned_credentials{"AKID" + std::to_string(n), "secret", "", clock.t.load() + 3600};
      },
      300, clock.fn()};
  REQUIRE(source.get().has_value());
  clock.t += 3600 - 100;  // in the refresh window, still valid
  auto refresher = std::async(std::launch::async, [&] { return std::string{source.get()->view().access_key_id}; });
  while (!entered) std::this_thread::yield();
  auto reader = std::async(std::launch::async, [&] { return std::string{source.get()->view().access_key_id}; });
  const bool reader_did_not_wait = reader.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  release = true;
  CHECK(reader_did_not_wait);
  CHECK(reader.get() == "AKID1");
  CHECK(refresher.get() == "AKID2");
  CHECK(calls == 2);
}

TEST_CASE("refreshing_credentials: callback errors surface when nothing valid is cached") {
  manual_clock clock;
  rotating_fetcher fetch{&clock};
  fetch.fail_with = errc::missing_credentials;
  const presign::refreshing_credentials source{fetch.fn(), 300, clock.fn()};
  CHECK(source.get().error() == errc::missing_credentials);
  CHECK(source.get().error() == errc::missing_credentials);
  CHECK(fetch.calls == 2);
}

TEST_CASE("refreshing_credentials checks what the callback returns") {
  manual_clock clock;
  {
    const presign::refreshing_credentials bad_bytes{
        [] { return result<owned_credentials>{owned_credentials{"AKID", "sec ret"}}; }, 300, clock.fn()};
    CHECK(bad_bytes.get().error() == errc::invalid_credentials);
  }
  {
    const presign::refreshing_credentials empty{[] { return result<owned_credentials>{owned_credentials{}}; }};
    CHECK(empty.get().error() == errc::missing_credentials);
  }
  {
    const std::int64_t now = clock.t.load();
    const presign::refreshing_credentials expired{
        [now] { return result<owned_credentials>{owned_credentials{"AKID", "secret", "", now}}; }, 300, clock.fn()};
    CHECK(expired.get().error() == errc::credentials_unavailable);
  }
  {
    // Short-lived credentials (inside the refresh window but valid) are used, and re-fetched each time.
    int calls = 0;
    const std::int64_t now = clock.t.load();
    const presign::refreshing_credentials short_lived{
        [now, &calls] {
          ++calls;
          return result<owned_credentials>{owned_credentials{"AKIDSHORT", "secret", "", now + 60}};
        },
        300, clock.fn()};
    CHECK(short_lived.get()->view().access_key_id == "AKIDSHORT");
    CHECK(short_lived.get()->view().access_key_id == "AKIDSHORT");
    CHECK(calls == 2);
  }
}

TEST_CASE("refreshing_credentials uses the system clock by default") {
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  int calls = 0;
  const presign::refreshing_credentials source{[now, &calls] {
    ++calls;
    // Expires in 200 s: inside the default 300 s window, so every get() refreshes.
    return result<owned_credentials>{owned_credentials{"AKID", "secret", "", now + 200}};
  }};
  CHECK(source.get().has_value());
  CHECK(source.get().has_value());
  CHECK(calls == 2);
  const presign::refreshing_credentials long_lived{[now, &calls] {
    ++calls;
    return result<owned_credentials>{owned_credentials{"AKID", "secret", "", now + 3600}};
  }};
  CHECK(long_lived.get().has_value());
  CHECK(long_lived.get().has_value());
  CHECK(calls == 3);
}

TEST_CASE("refreshing_credentials: 8 threads see only consistent pairs while keys rotate") {
  std::atomic<std::int64_t> now{1700000000};
  std::atomic<int> calls{0};
  std::atomic<int> in_flight{0};
  std::atomic<int> overlapping_calls{0};
  const presign::refreshing_credentials source{
      [&]() -> result<owned_credentials> {
        if (in_flight.fetch_add(1) != 0) overlapping_calls.fetch_add(1);
        const int n = ++calls;
        std::this_thread::yield();
        // Each rotation lives 20 "seconds"; the threads advance the clock as they go.
        result<owned_credentials> r = owned_credentials{"AKID" + std::to_string(n), "secret" + std::to_string(n),
                                                        "token" + std::to_string(n), now.load() + 20};
        in_flight.fetch_sub(1);
        return r;
      },
      5, [&] { return now.load(); }};

  constexpr int threads = 8;
  constexpr int iterations = 5000;
  std::atomic<int> inconsistent{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      for (int k = 0; k < iterations; ++k) {
        if ((k + i) % 97 == 0) now.fetch_add(1);
        const auto r = source.get();
        if (!r) {
          errors.fetch_add(1);
          continue;
        }
        const presign::credentials_view v = r->view();
        // Every view must be one rotation's (akid, secret, token): same number in all three.
        const std::string n{v.access_key_id.substr(4)};
        if (v.secret_access_key != "secret" + n || v.session_token != "token" + n) inconsistent.fetch_add(1);
      }
    });
  }
  for (auto& t : pool) t.join();
  CHECK(errors == 0);
  CHECK(inconsistent == 0);
  CHECK(overlapping_calls == 0);  // one fetch at a time
  CHECK(calls > 10);              // the keys really rotated during the run
  MESSAGE("rotations: " << calls.load() << ", clock advanced " << (now.load() - 1700000000) << " s");
}

TEST_CASE("refreshing_credentials: threads wait for the one fetch when nothing is cached") {
  std::atomic<int> calls{0};
  const presign::refreshing_credentials source{[&]() -> result<owned_credentials> {
    ++calls;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return owned_credentials{"AKIDSLOW", "secretslow"};
  }};
  std::atomic<int> ok{0};
  std::vector<std::thread> pool;
  for (int i = 0; i < 8; ++i) {
    pool.emplace_back([&] {
      if (const auto r = source.get(); r && r->view().access_key_id == "AKIDSLOW") ok.fetch_add(1);
    });
  }
  for (auto& t : pool) t.join();
  CHECK(ok == 8);
  CHECK(calls == 1);
}

TEST_CASE("refreshing_credentials: waiters get the error of a failed fetch instead of retrying it") {
  std::atomic<int> calls{0};
  std::atomic<bool> entered{false};
  const presign::refreshing_credentials source{[&]() -> result<owned_credentials> {
    ++calls;
    entered = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return errc::credentials_unavailable;
  }};
  std::atomic<int> failed{0};
  std::thread first{[&] {
    if (source.get().error() == errc::credentials_unavailable) failed.fetch_add(1);
  }};
  while (!entered) std::this_thread::yield();
  std::vector<std::thread> waiters;
  for (int i = 0; i < 7; ++i) {
    waiters.emplace_back([&] {
      if (source.get().error() == errc::credentials_unavailable) failed.fetch_add(1);
    });
  }
  first.join();
  for (auto& t : waiters) t.join();
  CHECK(failed == 8);
  // The 7 waiters started during the one slow fetch; none of them should have called again.
  CHECK(calls == 1);
}

TEST_CASE("shared_credentials: default-constructed views nothing") {
  const presign::shared_credentials empty;
  CHECK(empty.view() == presign::credentials_view{});
  CHECK(presign::validate_credentials(empty.view()) == errc::missing_credentials);
}
