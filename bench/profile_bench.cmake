# SPDX-License-Identifier: MIT
# AWS profile file parsing near the 1 MiB limit (benchmark only; bench/bench_profile.cpp).
add_executable(presign_bench_profile ${CMAKE_CURRENT_LIST_DIR}/bench_profile.cpp)
target_link_libraries(presign_bench_profile PRIVATE
  presign::presign presign_strict_warnings benchmark::benchmark)
