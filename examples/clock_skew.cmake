# SPDX-License-Identifier: MIT
# examples/clock_skew.cpp (output checked against examples/expected/clock_skew.txt)
add_executable(example_clock_skew clock_skew.cpp)
target_link_libraries(example_clock_skew PRIVATE presign::presign presign_strict_warnings)
