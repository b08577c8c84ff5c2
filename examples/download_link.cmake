# SPDX-License-Identifier: MIT
# examples/download_link.cpp (output checked against examples/expected/download_link.txt)
add_executable(example_download_link download_link.cpp)
target_link_libraries(example_download_link PRIVATE presign::presign presign_strict_warnings)
