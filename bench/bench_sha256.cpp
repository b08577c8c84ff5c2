// SPDX-License-Identifier: MIT
// SHA-256 and HMAC-SHA256 throughput: presign's hardware and portable back ends against
// OpenSSL's libcrypto in the same process. See bench/README.md for how to run and read it.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <presign/hmac.hpp>
#include <presign/sha256.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::vector<std::uint8_t> make_input(std::size_t size) {
  std::vector<std::uint8_t> data(size);
  std::uint32_t x = 0x9e3779b9u;
  for (auto& byte : data) {
    x = x * 1664525u + 1013904223u;
    byte = static_cast<std::uint8_t>(x >> 24);
  }
  return data;
}

// Selects presign's back end for one benchmark and restores the default afterwards.
class backend_scope {
 public:
  explicit backend_scope(bool portable) { presign::sha256_force_portable(portable); }
  ~backend_scope() { presign::sha256_force_portable(false); }
  backend_scope(const backend_scope&) = delete;
  backend_scope& operator=(const backend_scope&) = delete;
};

void run_presign_sha256(benchmark::State& state, bool portable) {
  const backend_scope scope(portable);
  if (!portable && !presign::sha256_hardware_available()) {
    state.SkipWithError("no SHA-256 hardware back end on this CPU/build");
    return;
  }
  const auto data = make_input(static_cast<std::size_t>(state.range(0)));
  const std::span<const std::uint8_t> input(data);
  for (auto _ : state) {
    auto digest = presign::sha256_hash(input);
    benchmark::DoNotOptimize(digest);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  state.SetLabel(std::string(presign::to_string(presign::sha256_active_implementation())));
}

void bm_sha256_presign_hardware(benchmark::State& state) { run_presign_sha256(state, false); }
void bm_sha256_presign_portable(benchmark::State& state) { run_presign_sha256(state, true); }

// OpenSSL through EVP with the digest fetched once and the context reused, as a careful caller
// would; libcrypto picks SHA-NI, AVX2, SSSE3 or integer code from OPENSSL_ia32cap / cpuid.
void bm_sha256_openssl(benchmark::State& state) {
  const auto data = make_input(static_cast<std::size_t>(state.range(0)));
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_size = 0;
  for (auto _ : state) {
    EVP_DigestInit_ex2(ctx, md, nullptr);
    EVP_DigestUpdate(ctx, data.data(), data.size());
    EVP_DigestFinal_ex(ctx, out, &out_size);
    benchmark::DoNotOptimize(out);
  }
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

constexpr std::string_view hmac_key = "AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// A cached key: only the message blocks and the outer block are hashed per call (what the
// presigner does with its cached signing key).
void run_presign_hmac_keyed(benchmark::State& state, bool portable) {
  const backend_scope scope(portable);
  const auto data = make_input(static_cast<std::size_t>(state.range(0)));
  const presign::hmac_sha256 mac(hmac_key);
  for (auto _ : state) {
    auto digest = mac.sign(std::span<const std::uint8_t>(data));
    benchmark::DoNotOptimize(digest);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  state.SetLabel(std::string(presign::to_string(presign::sha256_active_implementation())));
}
void bm_hmac_presign_keyed_hardware(benchmark::State& state) { run_presign_hmac_keyed(state, false); }
void bm_hmac_presign_keyed_portable(benchmark::State& state) { run_presign_hmac_keyed(state, true); }

// Key set-up on every call (what one step of the SigV4 key derivation costs).
void bm_hmac_presign_oneshot(benchmark::State& state) {
  const auto data = make_input(static_cast<std::size_t>(state.range(0)));
  const std::string_view message(reinterpret_cast<const char*>(data.data()), data.size());
  for (auto _ : state) {
    auto digest = presign::hmac_sha256_digest(hmac_key, message);
    benchmark::DoNotOptimize(digest);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  state.SetLabel(std::string(presign::to_string(presign::sha256_active_implementation())));
}

// OpenSSL's one-shot HMAC(): key set-up on every call, like bm_hmac_presign_oneshot.
void bm_hmac_openssl_oneshot(benchmark::State& state) {
  const auto data = make_input(static_cast<std::size_t>(state.range(0)));
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_size = 0;
  for (auto _ : state) {
    HMAC(EVP_sha256(), hmac_key.data(), static_cast<int>(hmac_key.size()), data.data(),
         data.size(), out, &out_size);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// With --benchmark_repetitions, also report the fastest repetition ("min" time): on a shared
// machine (two SMT siblings, other jobs) the median wanders with the neighbours' load, while
// the best repetition tracks what the code does on a quiet core.
double fastest(const std::vector<double>& v) {
  double best = v.empty() ? 0.0 : v.front();
  for (double x : v) best = x < best ? x : best;
  return best;
}

}  // namespace

BENCHMARK(bm_sha256_presign_hardware)
    ->Arg(64)
    ->Arg(1024)
    ->Arg(16384)
    ->ComputeStatistics("min", fastest);
BENCHMARK(bm_sha256_presign_portable)
    ->Arg(64)
    ->Arg(1024)
    ->Arg(16384)
    ->ComputeStatistics("min", fastest);
BENCHMARK(bm_sha256_openssl)
    ->Arg(64)
    ->Arg(1024)
    ->Arg(16384)
    ->ComputeStatistics("min", fastest);
BENCHMARK(bm_hmac_presign_keyed_hardware)->Arg(64)->ComputeStatistics("min", fastest);
BENCHMARK(bm_hmac_presign_keyed_portable)->Arg(64)->ComputeStatistics("min", fastest);
BENCHMARK(bm_hmac_presign_oneshot)->Arg(64)->ComputeStatistics("min", fastest);
BENCHMARK(bm_hmac_openssl_oneshot)->Arg(64)->ComputeStatistics("min", fastest);

BENCHMARK_MAIN();
