# SPDX-License-Identifier: MIT
# No freed heap block holds a secret: operator delete replaced by a scanner (glibc's
# malloc_usable_size), in a program of its own as it would otherwise apply to the whole unit
# suite. Not with sanitizers (they own the allocator).
if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND NOT CMAKE_CXX_FLAGS MATCHES "sanitize")
  add_executable(presign_freed_secrets_test main.cpp heap/freed_secrets.cpp)
  target_include_directories(presign_freed_secrets_test PRIVATE
    ${PROJECT_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR})
  target_compile_features(presign_freed_secrets_test PRIVATE cxx_std_20)
  target_link_libraries(presign_freed_secrets_test PRIVATE
    doctest::doctest presign_strict_warnings Threads::Threads)
  add_test(NAME no_secret_in_freed_heap COMMAND presign_freed_secrets_test)
endif()
