# SPDX-License-Identifier: MIT
# examples/multipart_parts.cpp (output checked against examples/expected/multipart_parts.txt)
add_executable(example_multipart_parts multipart_parts.cpp)
target_link_libraries(example_multipart_parts PRIVATE presign::presign presign_strict_warnings)
