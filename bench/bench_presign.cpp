// SPDX-License-Identifier: MIT
// Presigned URLs per second: basic_presigner (hardware and portable SHA-256, with and without a
// session token, one and two threads sharing a presigner) against a careful OpenSSL-based
// presigner in the same process. See bench/README.md ("Presign") for how to run and read it.
#include <benchmark/benchmark.h>

#include <presign/presign.hpp>

#include "reference_openssl_presigner.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view akid = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view region = "us-east-1";
constexpr std::string_view bucket = "examplebucket";
constexpr std::string_view key = "photos/2024/some file+name.jpg";
constexpr std::int64_t expires = 3600;

// A 336-character STS-like session token: base64 text (with '+', '/' and '=' to encode).
const std::string& session_token() {
  static const std::string token = [] {
    constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string t = "IQoJb3JpZ2luX2VjE";
    std::uint32_t x = 0x2545F491u;
    while (t.size() < 334) {
      x = x * 1664525u + 1013904223u;
      t.push_back(alphabet[x >> 26]);
    }
    t += "==";
    return t;
  }();
  return token;
}

presign::presigner_options options() {
  presign::presigner_options o;
  o.region = region;  // regional host: examplebucket.s3.us-east-1.amazonaws.com
  return o;
}

using presigner_t = presign::basic_presigner<presign::static_credentials, presign::system_clock>;

presigner_t make_presigner(std::string_view token) {
  return presigner_t(presign::static_credentials(akid, secret, token), presign::system_clock{},
                     options());
}

presign::presign_request request() {
  presign::presign_request r;
  r.bucket = bucket;
  r.key = key;
  r.expires_in = expires;
  return r;
}

// Selects presign's SHA-256 back end for one benchmark and restores the default afterwards.
class backend_scope {
 public:
  explicit backend_scope(bool portable) { presign::sha256_force_portable(portable); }
  ~backend_scope() { presign::sha256_force_portable(false); }
  backend_scope(const backend_scope&) = delete;
  backend_scope& operator=(const backend_scope&) = delete;
};

void run_presign(benchmark::State& state, bool portable, std::string_view token) {
  const backend_scope scope(portable);
  const presigner_t p = make_presigner(token);
  const presign::presign_request req = request();
  std::array<char, 2048> buf{};
  for (auto _ : state) {
    auto r = p.presign(req, buf);
    if (!r) {
      state.SkipWithError("presign failed");
      break;
    }
    benchmark::DoNotOptimize(r);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetLabel(std::string(presign::to_string(presign::sha256_active_implementation())));
}

void run_reference(benchmark::State& state, std::string_view token) {
  presign_bench::openssl_reference_presigner ref(akid, secret, token, region);
  std::array<char, 2048> buf{};
  for (auto _ : state) {
    const std::size_t n =
        ref.presign_get(bucket, key, expires, static_cast<std::int64_t>(std::time(nullptr)),
                        buf.data(), buf.size());
    benchmark::DoNotOptimize(n);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void bm_presign_hardware(benchmark::State& state) { run_presign(state, false, {}); }
void bm_presign_portable(benchmark::State& state) { run_presign(state, true, {}); }
void bm_presign_hardware_token(benchmark::State& state) {
  run_presign(state, false, session_token());
}
void bm_presign_portable_token(benchmark::State& state) {
  run_presign(state, true, session_token());
}
void bm_openssl_reference(benchmark::State& state) { run_reference(state, {}); }
void bm_openssl_reference_token(benchmark::State& state) { run_reference(state, session_token()); }

// One presigner shared by every benchmark thread: the signing-key cache must not serialise them.
void bm_presign_shared(benchmark::State& state) {
  static const presigner_t shared = make_presigner({});
  const presign::presign_request req = request();
  std::array<char, 2048> buf{};
  for (auto _ : state) {
    auto r = shared.presign(req, buf);
    benchmark::DoNotOptimize(r);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// The machine's own scaling for the same work, as a yardstick for bm_presign_shared: one
// OpenSSL reference per thread, nothing shared at all.
// (run_reference makes its reference inside the benchmark function: one per thread.)
void bm_openssl_reference_per_thread(benchmark::State& state) { run_reference(state, {}); }

// The benchmark is meaningless unless both sides produce the very same URL: checked once at
// start-up for both request shapes, at the same second (retried if the clock ticks over).
bool same_url(std::string_view token) {
  const presigner_t p = make_presigner(token);
  presign_bench::openssl_reference_presigner ref(akid, secret, token, region);
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::array<char, 2048> a{};
    std::array<char, 2048> b{};
    const auto before = static_cast<std::int64_t>(std::time(nullptr));
    const auto r = p.presign(request(), a);
    const std::size_t n = ref.presign_get(bucket, key, expires, before, b.data(), b.size());
    const auto after = static_cast<std::int64_t>(std::time(nullptr));
    if (before != after) continue;
    if (!r || n == 0) return false;
    const std::string_view ours = r->url;
    const std::string_view theirs(b.data(), n);
    if (ours != theirs) {
      std::fprintf(stderr, "URL mismatch:\n presign: %.*s\n openssl: %.*s\n",
                   static_cast<int>(ours.size()), ours.data(), static_cast<int>(theirs.size()),
                   theirs.data());
      return false;
    }
    return true;
  }
  return false;
}

}  // namespace

BENCHMARK(bm_presign_hardware);
BENCHMARK(bm_openssl_reference);
BENCHMARK(bm_presign_portable);
BENCHMARK(bm_presign_hardware_token);
BENCHMARK(bm_openssl_reference_token);
BENCHMARK(bm_presign_portable_token);
BENCHMARK(bm_presign_shared)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(bm_openssl_reference_per_thread)->Threads(1)->Threads(2)->UseRealTime();

int main(int argc, char** argv) {
  if (!same_url({}) || !same_url(session_token())) {
    std::fprintf(stderr, "presign and the OpenSSL reference disagree: benchmark aborted\n");
    std::abort();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
