# SPDX-License-Identifier: MIT
# examples/embedded.cpp: the signing core without exceptions, RTTI or heap (output checked
# against examples/expected/embedded.txt).
add_executable(example_embedded embedded.cpp)
target_link_libraries(example_embedded PRIVATE presign::presign presign_strict_warnings)
target_compile_options(example_embedded PRIVATE -fno-exceptions -fno-rtti)
