# SPDX-License-Identifier: MIT
# examples/service_credentials.cpp: credentials from the container endpoint or IMDSv2 (built
# only: its output depends on where it runs; tests/credentials covers the providers).
add_executable(example_service_credentials service_credentials.cpp)
target_link_libraries(example_service_credentials PRIVATE presign::presign presign_strict_warnings)
