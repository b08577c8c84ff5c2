// SPDX-License-Identifier: MIT
// The verifier's refusals must not tell an unknown access key from a known key with a wrong
// signature by their time (issue 17, item 7). Times verify_presigned_url on the S3
// documentation's URL: valid, one signature digit flipped (known key), and an unknown key.
// Not a test: the ratio unknown/wrong-signature is read from the output (bench/README.md).
#include <benchmark/benchmark.h>

#include <array>
#include <string>

#include <presign/presign.hpp>

namespace {

constexpr std::string_view doc_url =
    "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

void run(benchmark::State& state, std::string_view url, std::string_view known_akid,
         presign::errc expected) {
  presign::verify_request req;
  req.url = url;
  req.now = 1369353600;
  req.region = "us-east-1";
  const presign::single_secret lookup{known_akid, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};
  std::array<char, 4096> work{};
  if (presign::verify_presigned_url(req, lookup, work).error() != expected) {
    state.SkipWithError("unexpected verdict");
    return;
  }
  for (auto _ : state) {
    auto r = presign::verify_presigned_url(req, lookup, work);
    benchmark::DoNotOptimize(r);
  }
}

std::string flipped() {
  std::string u(doc_url);
  u.back() = u.back() == '4' ? '5' : '4';
  return u;
}

void BM_verify_valid(benchmark::State& s) {
  run(s, doc_url, "AKIAIOSFODNN7EXAMPLE", presign::errc::ok);
}
void BM_verify_wrong_signature(benchmark::State& s) {
  const std::string u = flipped();
  run(s, u, "AKIAIOSFODNN7EXAMPLE", presign::errc::signature_mismatch);
}
void BM_verify_unknown_key(benchmark::State& s) {
  run(s, doc_url, "AKIDSOMEONEELSE00000", presign::errc::unknown_access_key);
}

}  // namespace

BENCHMARK(BM_verify_valid);
BENCHMARK(BM_verify_wrong_signature);
BENCHMARK(BM_verify_unknown_key);
BENCHMARK_MAIN();
