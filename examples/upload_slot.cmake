# SPDX-License-Identifier: MIT
# examples/upload_slot.cpp (output checked against examples/expected/upload_slot.txt)
add_executable(example_upload_slot upload_slot.cpp)
target_link_libraries(example_upload_slot PRIVATE presign::presign presign_strict_warnings)
