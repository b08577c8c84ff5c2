// SPDX-License-Identifier: MIT
// Parsing AWS profile files near the size limit (max_config_file_size, 1 MiB): the shapes that
// were quadratic before (issue 17, item 4): many sections, many keys in one section, and long
// continuation values. The goal is well under 50 ms per 1 MiB file at -O2; an
// ordinary 3-section file is the yardstick of the same run. Not a test: nothing is checked
// against a threshold here (numbers go to bench/README.md).
#include <benchmark/benchmark.h>

#include <string>

#include <presign/presign.hpp>

namespace {

std::string many_sections() {
  std::string s;
  for (int i = 0; s.size() < presign::max_config_file_size - 64; ++i)
    s += "[p" + std::to_string(i) + "]\nregion = eu-west-1\n";
  return s;
}

std::string many_keys() {
  std::string s = "[default]\n";
  for (int i = 0; s.size() < presign::max_config_file_size - 64; ++i)
    s += "k" + std::to_string(i) + " = v\n";
  return s;
}

std::string long_continuation() {
  std::string s = "[default]\naws_access_key_id = AKID\naws_secret_access_key = s\nnote =\n";
  while (s.size() < presign::max_config_file_size - 64) s += "  more text on a continuation line\n";
  return s;
}

std::string ordinary() {
  return "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n"
         "[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = secret2\nregion = eu-west-1\n"
         "[other]\nregion = us-east-1\n";
}

void parse(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    presign::detail::ini_section target;
    const auto err = presign::detail::parse_ini(
        text, [&](std::string_view name) { return name == "default" ? &target : nullptr; });
    benchmark::DoNotOptimize(err);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
}

void BM_profile_many_sections(benchmark::State& state) { parse(state, many_sections()); }
void BM_profile_many_keys(benchmark::State& state) { parse(state, many_keys()); }
void BM_profile_long_continuation(benchmark::State& state) { parse(state, long_continuation()); }
void BM_profile_ordinary(benchmark::State& state) { parse(state, ordinary()); }

}  // namespace

BENCHMARK(BM_profile_many_sections)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_profile_many_keys)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_profile_long_continuation)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_profile_ordinary)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
