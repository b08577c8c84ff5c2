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
    // Short-lived credentials (inside the refresh window but valid) are used, and kept for half
    // their remaining life (see the next test).
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
    CHECK(calls == 1);
  }
}

TEST_CASE("refreshing_credentials: credentials arriving inside the refresh window are kept a while") {
  // A vault or IMDS near rotation hands out credentials with less life left than refresh_ahead.
  // The rule: next refresh at max(expiration - refresh_ahead, fetch time + min(60, (expiration -
  // fetch time) / 2)).
  manual_clock clock;
  const std::int64_t t0 = clock.t.load();
  rotating_fetcher fetch{&clock, 120};  // 2-minute credentials, refresh_ahead 300
  const presign::refreshing_credentials source{fetch.fn(), 300, clock.fn()};
  for (int i = 0; i < 100; ++i) REQUIRE(source.get().has_value());
  CHECK(fetch.calls == 1);

  // 8 threads, 100 get() each, same instant: still the one fetch.
  std::vector<std::thread> pool;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    pool.emplace_back([&] {
      for (int k = 0; k < 100; ++k) {
        if (const auto r = source.get(); r && r->view().access_key_id == "AKID1") ok.fetch_add(1);
      }
    });
  }
  for (auto& t : pool) t.join();
  CHECK(ok == 800);
  CHECK(fetch.calls == 1);

  clock.t = t0 + 59;  // min(60, 120 / 2) = 60 s after the fetch
  CHECK(source.get()->view().access_key_id == "AKID1");
  CHECK(fetch.calls == 1);
  clock.t = t0 + 60;
  CHECK(source.get()->view().access_key_id == "AKID2");  // expires t0 + 180; next at t0 + 120
  CHECK(fetch.calls == 2);
  clock.t = t0 + 119;
  CHECK(source.get()->view().access_key_id == "AKID2");
  clock.t = t0 + 120;
  CHECK(source.get()->view().access_key_id == "AKID3");
  CHECK(fetch.calls == 3);

  // 30 s of life left: kept for 15 s.
  rotating_fetcher short_fetch{&clock, 30};
  const presign::refreshing_credentials short_source{short_fetch.fn(), 300, clock.fn()};
  const std::int64_t t1 = clock.t.load();
  for (int i = 0; i < 10; ++i) REQUIRE(short_source.get().has_value());
  clock.t = t1 + 14;
  CHECK(short_source.get()->view().access_key_id == "AKID1");
  clock.t = t1 + 15;
  CHECK(short_source.get()->view().access_key_id == "AKID2");
  CHECK(short_fetch.calls == 2);

  // Long-lived credentials: expiration - refresh_ahead is the later time, as before.
  rotating_fetcher long_fetch{&clock, 1000};
  const presign::refreshing_credentials long_source{long_fetch.fn(), 300, clock.fn()};
  const std::int64_t t2 = clock.t.load();
  REQUIRE(long_source.get().has_value());
  clock.t = t2 + 699;
  CHECK(long_source.get()->view().access_key_id == "AKID1");
  clock.t = t2 + 700;
  CHECK(long_source.get()->view().access_key_id == "AKID2");
  CHECK(long_fetch.calls == 2);
}

TEST_CASE("refreshing_credentials: threads that waited for a successful fetch use its result") {
  // The fetch does not return before the 7 other threads have read the clock, i.e. have found
  // nothing cached and are about to wait (they hold the lock from that read until they wait).
  for (const std::int64_t lifetime : {std::int64_t{120}, std::int64_t{1}}) {
    CAPTURE(lifetime);
    const std::int64_t t0 = 1700000000;
    std::atomic<int> clock_reads{0};
    std::atomic<int> calls{0};
    std::atomic<bool> entered{false};
    const presign::refreshing_credentials source{
        [&]() -> result<owned_credentials> {
          const int n = ++calls;
          entered = true;
          const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
          while (n == 1 && clock_reads.load() < 8 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
          // With 1 s of life left the credentials are due for refresh at once, yet the threads
          // that waited for this fetch must take them rather than fetch again, one by one.
          return owned_credentials{"AKID" + std::to_string(n), "secret", "", t0 + lifetime};
        },
        300, [&] {
          clock_reads.fetch_add(1);
          return t0;
        }};
    std::atomic<int> got_first{0};
    const auto use = [&] {
      if (const auto r = source.get(); r && r->view().access_key_id == "AKID1") got_first.fetch_add(1);
    };
    std::thread first{use};
    while (!entered) std::this_thread::yield();
    std::vector<std::thread> waiters;
    for (int i = 0; i < 7; ++i) waiters.emplace_back(use);
    first.join();
    for (auto& t : waiters) t.join();
    CHECK(clock_reads.load() >= 8);  // the setup worked: all 8 were in get() during the fetch
    CHECK(got_first == 8);
    CHECK(calls == 1);
  }
}

TEST_CASE("refreshing_credentials uses the system clock by default") {
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  int calls = 0;
  // Expired 10 s ago by the system clock (valid by any clock that lags far behind): refused.
  const presign::refreshing_credentials source{[now, &calls] {
    ++calls;
    return result<owned_credentials>{owned_credentials{"AKID", "secret", "", now - 10}};
  }};
  CHECK(source.get().error() == errc::credentials_unavailable);
  CHECK(calls == 1);
  const presign::refreshing_credentials long_lived{[now, &calls] {
    ++calls;
    return result<owned_credentials>{owned_credentials{"AKID", "secret", "", now + 3600}};
  }};
  CHECK(long_lived.get().has_value());
  CHECK(long_lived.get().has_value());
  CHECK(calls == 2);
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
  std::atomic<int> started{0};  // waiters about to call get()
  const presign::refreshing_credentials source{[&]() -> result<owned_credentials> {
    ++calls;
    entered = true;
    // The fetch lasts until every waiter has started (bounded, so a broken waiter cannot hang
    // the test), then long enough for them to reach get(): under QEMU on a loaded machine,
    // starting 7 threads alone took longer than a fixed 200 ms fetch.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (started < 7 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
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
      started.fetch_add(1);
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
