# SPDX-License-Identifier: MIT
# The built-in plain-http transport (credentials_http_posix.hpp) end to end: the IMDSv2 and
# container providers against strict loopback fakes (tests/credentials/fake_endpoints.py,
# 127.0.0.1, a free port). Label `credentials`; about 1-2 s. POSIX only, as the transport.
if(UNIX)
  add_executable(presign_credentials_http_e2e credentials/http_e2e.cpp)
  target_link_libraries(presign_credentials_http_e2e PRIVATE presign::presign presign_strict_warnings)
  add_test(NAME credentials_http_e2e
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/credentials/fake_endpoints.py
                   $<TARGET_FILE:presign_credentials_http_e2e>)
  set_tests_properties(credentials_http_e2e PROPERTIES LABELS credentials TIMEOUT 60)
endif()
