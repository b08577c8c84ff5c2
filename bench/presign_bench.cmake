# SPDX-License-Identifier: MIT
# Presigned URLs per second against an OpenSSL-based reference presigner (benchmark only).
# Picked up by bench/CMakeLists.txt with the other bench/*.cmake files.
add_executable(presign_bench_presign ${CMAKE_CURRENT_LIST_DIR}/bench_presign.cpp)
target_link_libraries(presign_bench_presign PRIVATE
  presign::presign presign_strict_warnings benchmark::benchmark OpenSSL::Crypto)
