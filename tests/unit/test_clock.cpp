// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <presign/presign.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <ctime>
#include <limits>
#include <string>
#include <thread>
#include <vector>

using presign::errc;

TEST_CASE("system_clock agrees with std::time") {
  const presign::system_clock clock;
  const auto before = static_cast<std::int64_t>(std::time(nullptr));
  const std::int64_t now = clock.now();
  const auto after = static_cast<std::int64_t>(std::time(nullptr));
  CHECK(before <= now);
  CHECK(now <= after);
  CHECK(now > 1577836800);  // after 2020-01-01: the machine has a real clock
}

TEST_CASE("fixed_clock shows its time") {
  CHECK(presign::fixed_clock{1369353600}.now() == 1369353600);
  presign::fixed_clock c;
  CHECK(c.now() == 0);
  c.time = 1440938160;
  CHECK(c.now() == 1440938160);
}

TEST_CASE("offset_clock adds its offset to the base clock") {
  presign::offset_clock<presign::fixed_clock> c{{1440938160}, 0};
  CHECK(c.now() == 1440938160);
  c.offset = -300;
  CHECK(c.now() == 1440937860);
  c.offset = 3600;
  CHECK(c.now() == 1440941760);

  presign::offset_clock<> sys{{}, 86400};
  const auto local = static_cast<std::int64_t>(std::time(nullptr));
  const std::int64_t shifted = sys.now();
  CHECK(shifted >= local + 86400);
  CHECK(shifted <= local + 86400 + 2);
}

TEST_CASE("clock_offset_from_http_date measures the skew against a server's Date header") {
  // RFC 7231 §7.1.1.1: all three forms denote 1994-11-06T08:49:37Z = 784111777.
  constexpr std::int64_t server = 784111777;
  for (const char* date : {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                           "Sun Nov  6 08:49:37 1994"}) {
    CAPTURE(date);
    CHECK(presign::clock_offset_from_http_date(date, server).value() == 0);
    CHECK(presign::clock_offset_from_http_date(date, server - 1200).value() == 1200);  // local is slow
    CHECK(presign::clock_offset_from_http_date(date, server + 45).value() == -45);     // local is fast
  }
  // A slow local clock corrected with the measured offset shows the server's time.
  const presign::fixed_clock local{server - 1200};
  const auto off = presign::clock_offset_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT", local.now());
  REQUIRE(off.has_value());
  CHECK(presign::offset_clock<presign::fixed_clock>{local, *off}.now() == server);

  for (const char* bad : {"", "Sun, 06 Nov 1994 08:49:37 UTC", "Mon, 06 Nov 1994 08:49:37 GMT",
                          "Sun, 06 Nov 1994 08:49:60 GMT", "1994-11-06T08:49:37Z"}) {
    CAPTURE(bad);
    CHECK(presign::clock_offset_from_http_date(bad, server).error() == errc::invalid_time);
  }
}

TEST_CASE("clock_ref reads a shared clock by reference") {
  presign::fixed_clock shared{100};
  const presign::clock_ref<presign::fixed_clock> ref{shared};
  CHECK(ref.now() == 100);
  shared.time = 200;
  CHECK(ref.now() == 200);
}

TEST_CASE("atomic_offset_clock is updated at run time from a server Date header") {
  presign::atomic_offset_clock<presign::fixed_clock> clock{presign::fixed_clock{784111777 - 900}};
  CHECK(clock.offset() == 0);
  CHECK(clock.now() == 784111777 - 900);
  const auto off = clock.update_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
  REQUIRE(off.has_value());
  CHECK(*off == 900);
  CHECK(clock.offset() == 900);
  CHECK(clock.now() == 784111777);
  // A malformed header leaves the offset alone.
  CHECK(clock.update_from_http_date("garbage").error() == errc::invalid_time);
  CHECK(clock.offset() == 900);
  clock.set_offset(-5);
  CHECK(clock.now() == 784111777 - 905);
  // Copies snapshot the offset.
  const auto copy = clock;
  clock.set_offset(0);
  CHECK(copy.offset() == -5);
  CHECK(clock.base().now() == 784111777 - 900);
  // Usable by reference as a clock_source.
  const presign::clock_ref<presign::atomic_offset_clock<presign::fixed_clock>> ref{clock};
  CHECK(ref.now() == 784111777 - 900);
}

TEST_CASE("atomic_offset_clock: readers see only offsets that were set, while a writer updates") {
  presign::atomic_offset_clock<presign::fixed_clock> clock{presign::fixed_clock{1000000}};
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        const std::int64_t t = clock.now();
        // The writer sets offsets 0..999 seconds only.
        if (t < 1000000 || t > 1000999) bad.fetch_add(1);
      }
    });
  }
  for (std::int64_t k = 0; k < 20000; ++k) clock.set_offset(k % 1000);
  stop.store(true);
  for (auto& t : readers) t.join();
  CHECK(bad.load() == 0);
}

namespace {

// What system_clock::now() returns when std::time fails (which cannot be forced portably).
struct broken_system_clock {
  [[nodiscard]] std::int64_t now() const noexcept {
    return presign::detail::clock_from_time_t(static_cast<std::time_t>(-1));
  }
};

}  // namespace

TEST_CASE("system_clock: a failed std::time is an impossible time, never 1970") {
  // The regular values pass through.
  CHECK(presign::detail::clock_from_time_t(static_cast<std::time_t>(0)) == 0);
  CHECK(presign::detail::clock_from_time_t(static_cast<std::time_t>(1700000000)) == 1700000000);
  // std::time's (time_t)-1 must not read as a valid date: signing would date the URL 1970.
  const std::int64_t failed = broken_system_clock{}.now();
  CHECK(failed < 0);
  CHECK(presign::format_amz_time(failed).error() == errc::invalid_time);
  // Skew correction must not turn the failure back into a date near 1970.
  for (const std::int64_t offset : {std::int64_t{1}, std::int64_t{3600}, std::int64_t{86400 * 365},
                                    std::int64_t{-3600}, std::numeric_limits<std::int64_t>::max()}) {
    CAPTURE(offset);
    const presign::offset_clock<broken_system_clock> shifted{{}, offset};
    CHECK(presign::format_amz_time(shifted.now()).error() == errc::invalid_time);
  }
}

TEST_CASE("a failing clock makes presign fail with invalid_time") {
  presign::presigner_options options;
  options.region = "us-east-1";
  presign::presign_request request;
  request.bucket = "examplebucket";
  request.key = "test.txt";
  request.expires_in = 3600;
  std::array<char, 2048> out{};
  const presign::basic_presigner broken(presign::static_credentials("AKIAIOSFODNN7EXAMPLE", "secret"),
                                        broken_system_clock{}, options);
  CHECK(broken.presign(request, out).error() == errc::invalid_time);
  const presign::basic_presigner minus_one(presign::static_credentials("AKIAIOSFODNN7EXAMPLE", "secret"),
                                           presign::fixed_clock{-1}, options);
  CHECK(minus_one.presign(request, out).error() == errc::invalid_time);
  // Credentials with an expiry go through the expiry arithmetic first: still invalid_time.
  const presign::basic_presigner expiring(
      presign::static_credentials("AKIAIOSFODNN7EXAMPLE", "secret", "token", 1700000000), broken_system_clock{},
      options);
  CHECK(expiring.presign(request, out).error() == errc::invalid_time);
  // The same presigner with a working clock signs (the failure above is the clock's).
  const presign::basic_presigner working(presign::static_credentials("AKIAIOSFODNN7EXAMPLE", "secret"),
                                         presign::fixed_clock{1369353600}, options);
  CHECK(working.presign(request, out).has_value());
}
