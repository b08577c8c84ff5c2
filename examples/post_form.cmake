# SPDX-License-Identifier: MIT
# examples/post_form.cpp: prints a presigned POST form (an HTML page, or a curl line with --curl).
add_executable(example_post_form post_form.cpp)
target_link_libraries(example_post_form PRIVATE presign::presign presign_strict_warnings)
