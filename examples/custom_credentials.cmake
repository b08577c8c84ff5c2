# SPDX-License-Identifier: MIT
# examples/custom_credentials.cpp (output checked against examples/expected/custom_credentials.txt)
add_executable(example_custom_credentials custom_credentials.cpp)
target_link_libraries(example_custom_credentials PRIVATE presign::presign presign_strict_warnings)
