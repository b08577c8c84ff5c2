# SPDX-License-Identifier: MIT
# examples/compile_time.cpp: its static_assert is checked by building it; its output against
# examples/expected/compile_time.txt.
add_executable(example_compile_time compile_time.cpp)
target_link_libraries(example_compile_time PRIVATE presign::presign presign_strict_warnings)
