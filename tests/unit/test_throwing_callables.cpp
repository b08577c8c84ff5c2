// SPDX-License-Identifier: MIT
// User-supplied callables that throw (issue 17, item 2): a credentials source, a clock, a
// refreshing_credentials callback or its allocation, a secret lookup. Every one is called from
// noexcept code, where an escaping exception is std::terminate; each must come back as an
// errc instead. (Not in the -fno-exceptions subset: it throws.)
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <presign/presign.hpp>

namespace {

using presign::errc;

constexpr std::int64_t t0 = 1700000000;

struct throwing_source {
  [[nodiscard]] presign::result<presign::owned_credentials> get() const {
    throw std::runtime_error("vault unreachable");
  }
};

struct throwing_clock {
  [[nodiscard]] std::int64_t now() const { throw std::runtime_error("no time"); }
};

presign::presigner_options opts() {
  presign::presigner_options o;
  o.region = "us-east-1";
  return o;
}

presign::presign_request get_request() {
  presign::presign_request r;
  r.bucket = "examplebucket";
  r.key = "k";
  return r;
}

}  // namespace

TEST_CASE("a credentials source that throws: presign returns credentials_unavailable") {
  const presign::basic_presigner p(throwing_source{}, presign::fixed_clock{t0}, opts());
  std::array<char, 2048> buf{};
  CHECK(p.presign(get_request(), buf).error() == errc::credentials_unavailable);
}

TEST_CASE("a clock that throws: presign returns invalid_time (a failed clock)") {
  const presign::basic_presigner p(presign::static_credentials("AKID", "secret"), throwing_clock{},
                                   opts());
  std::array<char, 2048> buf{};
  CHECK(p.presign(get_request(), buf).error() == errc::invalid_time);
  // The clock adapters are noexcept too: a throwing base reads as clock_failure.
  CHECK(presign::offset_clock<throwing_clock>{{}, 0}.now() == presign::clock_failure);
  CHECK(presign::offset_clock<throwing_clock>{{}, 5}.now() < 0);  // still a failed clock
  const throwing_clock c;
  CHECK(presign::clock_ref<throwing_clock>(c).now() == presign::clock_failure);
  presign::atomic_offset_clock<throwing_clock> skewed;
  CHECK(skewed.now() == presign::clock_failure);
  CHECK(skewed.update_from_http_date("Wed, 21 Oct 2015 07:28:00 GMT").error() == errc::invalid_time);
  CHECK(skewed.offset() == 0);
}

TEST_CASE("refreshing_credentials: a callback that throws is a failed fetch") {
  std::int64_t now = t0;
  int calls = 0;
  bool fail = false;
  const presign::refreshing_credentials source(
      [&]() -> presign::result<presign::owned_credentials> {
        ++calls;
        if (fail) throw std::runtime_error("STS down");
        return presign::owned_credentials{"AKID" + std::to_string(calls), "secret", "", now + 3600};
      },
      300, [&] { return now; });
  // Nothing cached: the error, through get() and through a presigner.
  fail = true;
  CHECK(source.get().error() == errc::credentials_unavailable);
  struct by_ref {
    const presign::refreshing_credentials* s;
    [[nodiscard]] presign::result<presign::shared_credentials> get() const { return s->get(); }
  };
  const presign::basic_presigner p(by_ref{&source}, presign::fixed_clock{t0}, opts());
  std::array<char, 2048> buf{};
  CHECK(p.presign(get_request(), buf).error() == errc::credentials_unavailable);
  // The failed fetch ended (no waiter stuck, no refresh flag left set): the next one works.
  fail = false;
  REQUIRE(source.get());
  CHECK(source.get()->view().access_key_id == "AKID3");
  // Cached and still valid: a throwing refresh keeps them, like any failed refresh.
  now += 3600 - 100;
  fail = true;
  REQUIRE(source.get());
  CHECK(source.get()->view().access_key_id == "AKID3");
}

TEST_CASE("refreshing_credentials with no callback at all (an empty std::function)") {
  const presign::refreshing_credentials source(nullptr, 300, [] { return t0; });
  CHECK(source.get().error() == errc::credentials_unavailable);
}

TEST_CASE("the POST signer: a throwing source or clock is an errc too") {
  presign::post_request req;
  req.bucket = "examplebucket";
  req.key = "k";
  std::array<char, 4096> buf{};
  const presign::basic_post_signer a(throwing_source{}, presign::fixed_clock{t0}, opts());
  CHECK(a.presign_post(req, buf).error() == errc::credentials_unavailable);
  const presign::basic_post_signer b(presign::static_credentials("AKID", "secret"), throwing_clock{},
                                     opts());
  CHECK(b.presign_post(req, buf).error() == errc::invalid_time);
}

TEST_CASE("a secret lookup that throws: verify returns credentials_unavailable") {
  const presign::basic_presigner p(presign::static_credentials("AKIDEXAMPLE", "secret"),
                                   presign::fixed_clock{t0}, opts());
  std::array<char, 2048> buf{};
  const auto u = p.presign(get_request(), buf);
  REQUIRE(u);
  presign::verify_request req;
  req.url = u->url;
  req.now = t0;
  req.region = "us-east-1";
  const auto throws = [](std::string_view) -> std::optional<std::string> {
    throw std::runtime_error("database down");
  };
  CHECK(presign::verify_presigned_url(req, throws).error() == errc::credentials_unavailable);
  const auto throws_with_token = [](std::string_view, std::string_view) -> std::optional<std::string> {
    throw 42;  // not even a std::exception
  };
  CHECK(presign::verify_presigned_url(req, throws_with_token).error() ==
        errc::credentials_unavailable);
  // The same URL with a lookup that answers: valid (the URL itself is fine).
  const auto answers = [](std::string_view) -> std::optional<std::string> { return "secret"; };
  CHECK(presign::verify_presigned_url(req, answers).error() == errc::ok);
}
