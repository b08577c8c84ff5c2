# SPDX-License-Identifier: MIT
# examples/s3_compatible.cpp (output checked against examples/expected/s3_compatible.txt)
add_executable(example_s3_compatible s3_compatible.cpp)
target_link_libraries(example_s3_compatible PRIVATE presign::presign presign_strict_warnings)
