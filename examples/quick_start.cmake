# SPDX-License-Identifier: MIT
# examples/quick_start.cpp (the README's quick start; tests/packaging.cmake checks its URL's shape)
add_executable(example_quick_start quick_start.cpp)
target_link_libraries(example_quick_start PRIVATE presign::presign presign_strict_warnings)
