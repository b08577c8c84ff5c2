# SPDX-License-Identifier: MIT
# Verifier refusal times: unknown key vs wrong signature (benchmark only; bench/bench_verify.cpp).
add_executable(presign_bench_verify ${CMAKE_CURRENT_LIST_DIR}/bench_verify.cpp)
target_link_libraries(presign_bench_verify PRIVATE
  presign::presign presign_strict_warnings benchmark::benchmark)
