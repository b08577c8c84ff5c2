# SPDX-License-Identifier: MIT
# The "cross" pass of tools/run_tests.sh (sourced there: uses its step, $root, $build_root,
# $jobs): presign where its users run, proven under emulation with Debian's cross toolchains.
#   aarch64  the unit suite under qemu-aarch64: -cpu max must run the ARMv8 SHA2 back end
#            (detected at run time), and with AT_HWCAP's SHA2 bit cleared the portable one
#   armhf    the same under qemu-arm (32-bit, GCC's AArch32 back end): -cpu max takes it,
#            -cpu cortex-a15 (no SHA2: the instructions raise SIGILL there) must not
#   s390x    the unit suite under qemu-s390x (big-endian)
#   mingw    the CLI built with MinGW-w64 (posix and win32 threads), run under wine on the S3
#            documentation example and on a %USERPROFILE%\.aws\credentials file; the home
#            directory and back-end tests built for Windows and run there too
#   woa      Windows on Arm with clang: compiled and inspected, not run
# Each suite states the back end it must see (PRESIGN_EXPECT_SHA256, checked by
# tests/unit/test_sha256_dispatch.cpp), and QEMU's translation log (-d in_asm) shows whether a
# sha256h instruction was ever executed. Release builds at -O1 without the compile-time TUs
# (PRESIGN_SUITE_STATIC_TESTS=OFF: the host passes check those with the same g++ 12).

cross_flags="-O1 -Wno-restrict -Wno-maybe-uninitialized"

# cross_build NAME TRIPLE: the unit suite, cross-compiled with TRIPLE-g++.
cross_build() {
  local name=$1 triple=$2
  cmake -S "$root" -B "$build_root/cross-$name" -DPRESIGN_WERROR=ON -DCMAKE_SYSTEM_NAME=Linux \
    -DCMAKE_SYSTEM_PROCESSOR="${triple%%-*}" -DCMAKE_CXX_COMPILER="$triple-g++" \
    -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=$cross_flags" -DPRESIGN_SUITE_STATIC_TESTS=OFF \
    -DPRESIGN_BUILD_FUZZERS=OFF -DPRESIGN_BUILD_EXAMPLES=OFF >/dev/null &&
    cmake --build "$build_root/cross-$name" -j "$jobs" --target presign_tests
}

# cross_run NAME QEMU CPU EXPECTED [QEMU ARGS...]: the suite on one emulated CPU, which must
# run the EXPECTED back end; the translation log must show sha256h exactly when it is arm_sha2.
cross_run() {
  local name=$1 qemu=$2 cpu=$3 expected=$4
  shift 4
  local log="$build_root/cross-$name/in_asm-$cpu.log"
  local sysroot="/usr/${cross_triple[$name]}"
  PRESIGN_EXPECT_SHA256=$expected "$qemu" -L "$sysroot" -cpu "$cpu" -d in_asm -D "$log" "$@" \
    "$build_root/cross-$name/tests/presign_tests" || return 1
  local executed
  executed=$(grep -c 'sha256h' "$log" || true)
  rm -f "$log"
  echo "run_tests: $name -cpu $cpu: back end $expected, sha256h instructions translated: $executed"
  if [[ $expected == arm_sha2 ]]; then ((executed > 0)); else ((executed == 0)); fi
}

declare -A cross_triple=([aarch64]=aarch64-linux-gnu [armhf]=arm-linux-gnueabihf
                         [s390x]=s390x-linux-gnu)

step "cross aarch64: build unit suite" cross_build aarch64 aarch64-linux-gnu
step "cross aarch64: hwcap shim" aarch64-linux-gnu-g++ -std=c++20 -O1 -shared -fPIC \
  -Wall -Wextra -Werror -o "$build_root/cross-aarch64/hwcap_without_sha2.so" \
  "$root/tests/support/hwcap_without_sha2.cpp" -ldl
step "cross aarch64: suite, -cpu max (arm_sha2)" cross_run aarch64 qemu-aarch64 max arm_sha2
step "cross aarch64: suite, no SHA2 in AT_HWCAP" cross_run aarch64 qemu-aarch64 max portable \
  -E "LD_PRELOAD=$build_root/cross-aarch64/hwcap_without_sha2.so"

step "cross armhf: build unit suite" cross_build armhf arm-linux-gnueabihf
step "cross armhf: suite, -cpu max (arm_sha2)" cross_run armhf qemu-arm max arm_sha2
step "cross armhf: suite, -cpu cortex-a15 (no SHA2)" cross_run armhf qemu-arm cortex-a15 portable

step "cross s390x: build unit suite" cross_build s390x s390x-linux-gnu
step "cross s390x: suite (big-endian)" cross_run s390x qemu-s390x max portable

# MinGW-w64 + wine. Wine gives every Windows process USERPROFILE=C:\users\<user> (inside
# WINEPREFIX) and no HOME: the credentials file there is found only through USERPROFILE.
mingw_dir="$build_root/cross-mingw"
mingw_expected="$root/examples/expected/compile_time.txt"  # the S3 documentation's URL
wine_run() { WINEPREFIX="$mingw_dir/wineprefix" WINEDEBUG=-all /usr/lib/wine/wine64 "$@"; }
mingw_build() {  # THREAD_MODEL (posix or win32)
  cmake -S "$root" -B "$mingw_dir/$1" -DPRESIGN_WERROR=ON -DCMAKE_SYSTEM_NAME=Windows \
    -DCMAKE_CXX_COMPILER="x86_64-w64-mingw32-g++-$1" -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_FLAGS=-O1 -DCMAKE_EXE_LINKER_FLAGS=-static -DPRESIGN_BUILD_TESTS=OFF \
    -DPRESIGN_INSTALL=OFF >/dev/null &&
    cmake --build "$mingw_dir/$1" -j "$jobs" --target presign_cli
}
# The home-directory and SHA-256 tests as a Windows program (the rest of the suite uses
# POSIX setenv and a gmtime valid to year 9999, which Windows does not have).
mingw_unit_build() {
  mkdir -p "$mingw_dir/include" && ln -sfn /usr/include/doctest "$mingw_dir/include/doctest" &&
    x86_64-w64-mingw32-g++-posix -std=c++20 -O1 -static -Wall -Wextra -Wpedantic -Werror \
      -Wconversion -Wsign-conversion -Wshadow -I "$root/include" -I "$root/tests" \
      -isystem "$mingw_dir/include" -o "$mingw_dir/windows_tests.exe" "$root/tests/main.cpp" \
      "$root/tests/unit/test_home_directory.cpp" "$root/tests/unit/test_sha256_dispatch.cpp" \
      "$root/tests/unit/test_sha256.cpp"
}
# detail::mutex in the win32 thread model (no std::mutex; doctest then without its own
# threading): a Windows program still has threads, so it must exclude (test_mutex.cpp).
mingw_win32_mutex_build() {
  mkdir -p "$mingw_dir/include" && ln -sfn /usr/include/doctest "$mingw_dir/include/doctest" &&
    x86_64-w64-mingw32-g++-win32 -std=c++20 -O1 -static -DDOCTEST_CONFIG_NO_MULTITHREADING \
      -Wall -Wextra -Wpedantic -Werror -Wconversion -Wsign-conversion -Wshadow \
      -I "$root/include" -I "$root/tests" -isystem "$mingw_dir/include" \
      -o "$mingw_dir/windows_win32_mutex_tests.exe" "$root/tests/main.cpp" \
      "$root/tests/unit/test_mutex.cpp"
}
wine_prefix() { rm -rf "$mingw_dir/wineprefix" && wine_run wineboot -i >/dev/null 2>&1; }
# wine_presign THREAD_MODEL [ENV...]: the documentation example; its URL (CRLF stripped) must be
# the documented one.
wine_presign() {
  local model=$1
  shift
  local out
  out=$(env "$@" WINEPREFIX="$mingw_dir/wineprefix" WINEDEBUG=-all /usr/lib/wine/wine64 \
        "$mingw_dir/$model/examples/presign.exe" --global-endpoint --expires-in 86400 \
        --signing-time 20130524T000000Z s3://examplebucket/test.txt | tr -d '\r') || return 1
  echo "$out"
  [[ $out == "$(cat "$mingw_expected")" ]]
}
wine_profile_file() {  # writes the example key to %USERPROFILE%\.aws\credentials
  local home="$mingw_dir/wineprefix/drive_c/users/$(id -un)"
  [[ -d $home ]] || { echo "no wine profile directory $home"; return 1; }
  mkdir -p "$home/.aws" &&
    printf '[default]\r\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\r\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n' \
      >"$home/.aws/credentials"
}
doc_keys=(AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
          AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY)
no_keys=(-u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE
         -u AWS_SHARED_CREDENTIALS_FILE -u AWS_CONFIG_FILE -u AWS_REGION -u AWS_DEFAULT_REGION)

step "mingw posix: build CLI" mingw_build posix
step "mingw: build home-directory and SHA-256 tests" mingw_unit_build
step "wine: prefix" wine_prefix
step "wine: tests" wine_run "$mingw_dir/windows_tests.exe"
step "wine posix CLI: documentation example" wine_presign posix "${no_keys[@]}" "${doc_keys[@]}"
step "wine: write %USERPROFILE%\\.aws\\credentials" wine_profile_file
step "wine posix CLI: %USERPROFILE% credentials" wine_presign posix "${no_keys[@]}"
# Debian's default MinGW (win32 threads, no std::mutex): the threadless single header.
step "mingw win32: build CLI" mingw_build win32
step "wine win32 CLI: documentation example" wine_presign win32 "${no_keys[@]}" "${doc_keys[@]}"
step "wine win32 CLI: %USERPROFILE% credentials" wine_presign win32 "${no_keys[@]}"
step "mingw win32: build the mutex test" mingw_win32_mutex_build
step "wine win32: mutex test" wine_run "$mingw_dir/windows_win32_mutex_tests.exe"

# Windows on Arm, compiled only (nothing here runs arm64 Windows code): clang for
# aarch64-w64-mingw32 with MinGW-w64's headers. The object must hold the SHA2 compression and
# call IsProcessorFeaturePresent, and <windows.h> must agree with presign's declaration of it.
woa_compile() {
  local dir="$mingw_dir/woa" gxx=/usr/lib/gcc/x86_64-w64-mingw32/12-posix/include/c++
  mkdir -p "$dir" &&
    printf '#include <presign/presign.hpp>\n#include <windows.h>\nint main() {\n  return presign::sha256_hash("abc")[0] + presign::sha256_hardware_available() +\n         IsProcessorFeaturePresent(PF_ARM_V8_CRYPTO_INSTRUCTIONS_AVAILABLE);\n}\n' \
      >"$dir/woa.cpp" &&
    clang++ --target=aarch64-w64-mingw32 -std=c++20 -O1 -c -Wall -Wextra -Wpedantic -Werror \
      -Wconversion -Wsign-conversion -Wshadow -nostdinc++ -isystem "$gxx" \
      -isystem "$gxx/x86_64-w64-mingw32" -isystem /usr/x86_64-w64-mingw32/include \
      -I "$root/single_include" -o "$dir/woa.o" "$dir/woa.cpp" || return 1
  local sha2 calls
  sha2=$(llvm-objdump-14 -d --mattr=+sha2 "$dir/woa.o" | grep -c 'sha256h' || true)
  calls=$(llvm-objdump-14 -r "$dir/woa.o" | grep -c 'IsProcessorFeaturePresent' || true)
  echo "run_tests: Windows on Arm object: $sha2 sha256h/sha256h2, $calls IsProcessorFeaturePresent calls"
  ((sha2 > 0 && calls > 0))
}
step "clang aarch64-w64-mingw32: compiles (not run)" woa_compile
