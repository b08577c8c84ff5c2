#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what presign's tests need (Debian packages only) and runs every test: the unit,
# compile-time, single-header, ODR and packaging tests, the botocore differential test and the
# integration tests against a real Ceph RADOS Gateway, built with g++ and with clang++.
# This is the README's test command and what CI (.ci/run) calls. Run it as root on Debian 12.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_root=${PRESIGN_BUILD_ROOT:-$root/build}

# Everything the tests use, from Debian. dpkg first, so a machine that has them all does not
# touch the network.
packages=(g++ clang cmake make python3 doctest-dev python3-botocore curl
          radosgw ceph-mon ceph-osd ceph-common uuid-runtime python3-rados)
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

# g++: the whole suite, integration tests included.
cmake -S "$root" -B "$build_root/gcc" -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build_root/gcc" -j "$jobs"
ctest --test-dir "$build_root/gcc" --output-on-failure -j "$jobs" || status=1

# clang++: everything that depends on the compiler (the real-server run is the same bytes).
cmake -S "$root" -B "$build_root/clang" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build_root/clang" -j "$jobs"
ctest --test-dir "$build_root/clang" --output-on-failure -j "$jobs" -LE integration || status=1

echo "run_tests: finished in $((SECONDS - started)) s with status $status"
exit $status
