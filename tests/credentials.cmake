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

# The example end to end: its URL carries the fake IMDS's credentials and token.
if(UNIX AND TARGET example_service_credentials)
  add_test(NAME credentials_example_imds
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/credentials/fake_endpoints.py
                   env -u AWS_CONTAINER_CREDENTIALS_RELATIVE_URI -u AWS_CONTAINER_CREDENTIALS_FULL_URI
                   -u AWS_EC2_METADATA_DISABLED -u AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE
                   sh -c "AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$PRESIGN_FAKE_PORT/imds exec \"$0\" my-bucket a/key"
                   $<TARGET_FILE:example_service_credentials>)
  set_tests_properties(credentials_example_imds PROPERTIES LABELS credentials TIMEOUT 60
    PASS_REGULAR_EXPRESSION "X-Amz-Credential=ASIAFAKEIMDS%2F[0-9]+%2Fus-east-1%2Fs3%2Faws4_request.*X-Amz-Security-Token=fake-session-token")
endif()
