# SPDX-License-Identifier: MIT
# The presign CLI (examples/cli), built as `presign`.
add_executable(presign_cli cli/main.cpp)
set_target_properties(presign_cli PROPERTIES OUTPUT_NAME presign)
target_link_libraries(presign_cli PRIVATE presign::presign presign_strict_warnings)
