# SPDX-License-Identifier: MIT
# Zero heap allocations per presign, counted by replacing operator new and malloc (glibc,
# outside sanitizer builds). The replacement lives in a program of its own: it would otherwise
# apply to the whole unit-test binary. The same source runs in the unit suites without the
# counting (its buffer-bounds test does not need it).
add_executable(presign_no_alloc_test main.cpp unit/test_no_alloc.cpp)
target_include_directories(presign_no_alloc_test PRIVATE
  ${PROJECT_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_features(presign_no_alloc_test PRIVATE cxx_std_20)
target_compile_definitions(presign_no_alloc_test PRIVATE PRESIGN_TEST_COUNT_ALLOCATIONS=1)
target_link_libraries(presign_no_alloc_test PRIVATE
  doctest::doctest presign_strict_warnings Threads::Threads)
add_test(NAME no_heap_allocations_per_presign COMMAND presign_no_alloc_test)
