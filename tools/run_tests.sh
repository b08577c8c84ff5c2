#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what presign's tests need (Debian packages only) and runs every test: the unit,
# compile-time, single-header, ODR and packaging tests, the botocore differential test and the
# integration tests against a real Ceph RADOS Gateway, and the hardening builds (issue 7):
#   gcc        g++ 12, Debug: everything, the real-server and browser tests included; the embedded
#              profile, secure_wipe, include-cost, constexpr-limit and CLI-secret checks; the
#              firmware tests (arm-none-eabi for Cortex-M0+/M3/M4 under qemu-system-arm)
#   gccrelease g++ 12, Release (-O3, as a packager builds): the unit suite and its
#              no-exceptions build (g++ warns at -O3 where it does not at -O0: -Werror=restrict, say)
#   clang      clang 14 + libstdc++, Release, with _GLIBCXX_ASSERTIONS (bounds checks)
#   clang16    clang 16 + libc++, Debug, with _LIBCPP_ENABLE_ASSERTIONS
#   asan       clang 14, AddressSanitizer + UndefinedBehaviorSanitizer (no recovery): the
#              unit suite and the CLI-driven tests, then each libFuzzer target for
#              PRESIGN_FUZZ_SECONDS (label fuzz)
#   tsan       clang 14, ThreadSanitizer: the concurrency test
#   cross      the unit suite under qemu-aarch64 (ARMv8 SHA2 taken, and not taken without it),
#              qemu-arm (32-bit) and qemu-s390x (big-endian); the CLI built with MinGW-w64
#              and run under wine (tools/run_tests_cross.sh)
# Our own code builds with -Wall -Wextra -Wpedantic -Werror -Wconversion -Wsign-conversion
# -Wshadow everywhere (presign_strict_warnings; -Werror because this script passes
# -DPRESIGN_WERROR=ON, which is off for packagers). PRESIGN_PASSES="gcc asan" runs only some.
# This is the README's test command and what CI (.ci/run) calls. Run it as root on Debian 12.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_root=${PRESIGN_BUILD_ROOT:-$root/build}

# Everything the tests use, from Debian. dpkg first, so a machine that has them all does not
# touch the network.
packages=(g++ clang cmake make python3 doctest-dev python3-botocore curl
          radosgw ceph-mon ceph-osd ceph-common uuid-runtime python3-rados
          pkg-config
          # compiler matrix, sanitizers, fuzzing, embedded .text size (issue 7)
          clang-16 libc++-16-dev libc++abi-16-dev libclang-rt-14-dev binutils
          # the browser test (issue 20): headless Chromium driven by playwright-core from npm
          chromium nodejs
          # firmware tests: Cortex-M builds run under QEMU (issue 12, tests/firmware.cmake)
          gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
          qemu-system-arm
          # cross pass: ARM, big-endian and Windows under emulation (issue 12)
          qemu-user g++-aarch64-linux-gnu g++-arm-linux-gnueabihf g++-s390x-linux-gnu
          g++-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-win32 wine64 llvm-14)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "run_tests: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs=$(nproc)
started=$SECONDS
status=0
summary=()
passes=${PRESIGN_PASSES:-gcc gccrelease clang clang16 asan tsan cross}
fuzz_seconds=${PRESIGN_FUZZ_SECONDS:-15}
# Only the asan pass builds fuzzers (tests/fuzz.cmake).
no_fuzz=(-DPRESIGN_BUILD_FUZZERS=OFF)

# step NAME COMMAND...: runs and times one step; a failure is recorded and the run goes on.
step() {
  local name=$1 t0=$SECONDS rc=0
  shift
  echo "run_tests: === $name"
  "$@" || rc=$?
  local verdict=ok
  ((rc == 0)) || { verdict="FAILED ($rc)"; status=1; }
  summary+=("$(printf '  %-44s %5d s  %s' "$name" $((SECONDS - t0)) "$verdict")")
  return 0
}
configure_and_build() {  # DIR [cmake args...] [-- build args...]
  local dir=$1
  shift
  local cfg=() bld=()
  while (($#)) && [[ $1 != -- ]]; do cfg+=("$1"); shift; done
  (($#)) && shift
  bld=("$@")
  cmake -S "$root" -B "$build_root/$dir" -DPRESIGN_WERROR=ON "${cfg[@]}" >/dev/null &&
    cmake --build "$build_root/$dir" -j "$jobs" "${bld[@]}"
}
tests() {  # DIR [ctest args...]
  local dir=$1
  shift
  ctest --test-dir "$build_root/$dir" --output-on-failure -j "$jobs" "$@"
}
has_pass() { [[ " $passes " == *" $1 "* ]]; }

# The browser test's one npm package, exactly as locked (playwright-core; no browser download:
# it drives Debian's chromium). npm comes with nodejs from NodeSource, or Debian's npm package.
npm_ci() {
  command -v npm >/dev/null ||
    apt-get install -y -qq --no-install-recommends npm >/dev/null
  (cd "$root/tests/browser" &&
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
}

# g++: the whole suite, integration and browser tests included.
if has_pass gcc; then
  step "npm ci (tests/browser: playwright-core)" npm_ci
  step "g++ 12 Debug: build" configure_and_build gcc \
    -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Debug
  step "g++ 12 Debug: tests (+ real server)" tests gcc
fi

# g++ Release: what a packager's `cmake -DCMAKE_BUILD_TYPE=Release` builds, where g++ warns at
# -O3 and not at -O0 (-Werror=restrict, say): the unit suite (every public header, every test
# source) and its no-exceptions build. The single-header copy is the same code and the rest
# runs in the Debug pass; building every target at -O3 would cost CI's time budget.
if has_pass gccrelease; then
  step "g++ 12 Release: build" configure_and_build gccrelease \
    -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release "${no_fuzz[@]}" \
    -- --target presign_tests presign_tests_no_exceptions
  step "g++ 12 Release: unit tests" tests gccrelease \
    -R "^(presign_tests|unit_tests_no_exceptions)$"
fi

# clang++ 14: everything that depends on the compiler (the real-server run is the same bytes).
if has_pass clang; then
  step "clang 14 Release: build" configure_and_build clang \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS=-D_GLIBCXX_ASSERTIONS "${no_fuzz[@]}"
  step "clang 14 Release: tests" tests clang -LE integration
fi

# clang++ 16 with libc++ (the packaging tests build consumers with the default library: skip).
if has_pass clang16; then
  step "clang 16 libc++ Debug: build" configure_and_build clang16 \
    -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS=-stdlib=libc++ -D_LIBCPP_ENABLE_ASSERTIONS=1" "${no_fuzz[@]}"
  step "clang 16 libc++ Debug: tests" tests clang16 -LE "integration|packaging"
fi

# AddressSanitizer + UndefinedBehaviorSanitizer: the suite, then the fuzzers.
if has_pass asan; then
  export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  step "asan+ubsan: build (suite and fuzzers)" configure_and_build asan \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1" \
    -DPRESIGN_BUILD_FUZZERS=ON -DPRESIGN_FUZZ_SECONDS="$fuzz_seconds" -- --target presign_sanitizer_set
  # The unit suite, the socket transport end to end and everything that drives the CLI (the
  # single-header copy of the suite, the packaging and header-alone checks are compiler
  # matters: the other passes run them).
  step "asan+ubsan: tests" tests asan -R "^(presign_tests|oracle_.*|cli_.*|credentials_http_e2e)$" -LE integration
  step "fuzz: each target ${fuzz_seconds} s" tests asan -L fuzz
  # Executions per target, from libFuzzer's final stats in ctest's log.
  awk '/ Testing: /{name=$3} /stat::number_of_executed_units/{printf "run_tests: fuzz %-24s %10d executions\n", name, $2}' \
    "$build_root/asan/Testing/Temporary/LastTest.log" 2>/dev/null || true
  unset ASAN_OPTIONS UBSAN_OPTIONS
fi

# ThreadSanitizer: many threads, one presigner, rotating credentials.
if has_pass tsan; then
  step "tsan: build" configure_and_build tsan \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS=-fsanitize=thread -O1" -DPRESIGN_BUILD_EXAMPLES=OFF "${no_fuzz[@]}" \
    -- --target presign_concurrency_tests
  step "tsan: concurrency test" tests tsan -L tsan
fi

# ARM, big-endian and Windows, under QEMU and wine.
if has_pass cross; then
  # shellcheck source=tools/run_tests_cross.sh
  source "$root/tools/run_tests_cross.sh"
fi

echo "run_tests: steps"
printf '%s\n' "${summary[@]}"
echo "run_tests: finished in $((SECONDS - started)) s with status $status"
exit $status
