# SPDX-License-Identifier: MIT
# libFuzzer targets: every tests/fuzz/*.cpp (encoders, time, endpoints, presigner, profile
# parser, POST policy, the verifier's URL parser and round trip), built only with clang and
# only when -fsanitize=fuzzer links (Debian: clang + libclang-rt-14-dev). Each runs under ctest
# for PRESIGN_FUZZ_SECONDS (label `fuzz`) with tests/fuzz/corpus/<target>/ as read-only seeds;
# new inputs and crash artifacts go to the build tree, never to the source tree. Off by
# default (-DPRESIGN_BUILD_FUZZERS=ON); with g++, nothing. Long campaigns (minutes per target,
# corpora merged back into tests/fuzz/corpus/): tools/fuzz_long.sh.
option(PRESIGN_BUILD_FUZZERS "Build the libFuzzer targets (clang only; the asan pass of tools/run_tests.sh turns them on)" OFF)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND PRESIGN_BUILD_FUZZERS)
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_FLAGS "-fsanitize=fuzzer,address,undefined")
  set(CMAKE_REQUIRED_LINK_OPTIONS "-fsanitize=fuzzer,address,undefined")
  check_cxx_source_compiles(
    "#include <cstddef>\n#include <cstdint>\nextern \"C\" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }"
    PRESIGN_HAVE_LIBFUZZER)
  unset(CMAKE_REQUIRED_FLAGS)
  unset(CMAKE_REQUIRED_LINK_OPTIONS)

  if(PRESIGN_HAVE_LIBFUZZER)
    set(PRESIGN_FUZZ_SECONDS 15 CACHE STRING "Seconds each fuzz target runs under ctest")
    file(GLOB PRESIGN_FUZZ_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/*.cpp)
    foreach(source IN LISTS PRESIGN_FUZZ_SOURCES)
      get_filename_component(target ${source} NAME_WE)
      add_executable(${target} ${source})
      target_link_libraries(${target} PRIVATE presign::presign presign_strict_warnings)
      target_compile_features(${target} PRIVATE cxx_std_20)
      target_compile_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined
                                               -fno-sanitize-recover=all -g)
      target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
      set(_work ${CMAKE_CURRENT_BINARY_DIR}/fuzz/${target})
      file(MAKE_DIRECTORY ${_work}/corpus ${_work}/artifacts)
      # First directory: where libFuzzer adds new inputs; second: the committed seeds (read).
      add_test(NAME ${target}
               COMMAND ${target} -max_total_time=${PRESIGN_FUZZ_SECONDS} -timeout=10
                       -rss_limit_mb=2048 -print_final_stats=1
                       -artifact_prefix=${_work}/artifacts/
                       ${_work}/corpus ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${target})
      set_tests_properties(${target} PROPERTIES LABELS fuzz
                           TIMEOUT 120 ENVIRONMENT "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
    endforeach()
  endif()
endif()
