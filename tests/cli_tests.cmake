# SPDX-License-Identifier: MIT
# Tests that drive the presign CLI: the botocore differential test (Debian python3-botocore,
# run with Debian's /usr/bin/python3) and the real-server tests against Ceph RADOS Gateway.
set(PRESIGN_BOTOCORE_PYTHON /usr/bin/python3 CACHE FILEPATH "Python with Debian's botocore")
if(TARGET presign_cli)
  add_test(NAME cli_behaviour
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli/cli_test.py $<TARGET_FILE:presign_cli>)
  add_test(NAME oracle_botocore_vectors
           COMMAND ${PRESIGN_BOTOCORE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/oracle/botocore_presign.py --self-test)
  add_test(NAME oracle_differential_botocore
           COMMAND ${PRESIGN_BOTOCORE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/oracle/differential.py
                   --cli $<TARGET_FILE:presign_cli> --jobs 2)
  set_tests_properties(oracle_differential_botocore PROPERTIES TIMEOUT 300)
  # The same cases against botocore 1.43 (`python3` on the CI machine), which is the reference
  # for the addressing cases (tests/oracle/generate_cases.py: cat_addressing).
  find_program(PRESIGN_BOTOCORE_NEW_PYTHON NAMES python3 DOC "Python with botocore 1.43 or newer")
  add_test(NAME oracle_differential_botocore_143
           COMMAND ${PRESIGN_BOTOCORE_NEW_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/oracle/differential.py
                   --cli $<TARGET_FILE:presign_cli> --jobs 2 --require-botocore 1.43)
  set_tests_properties(oracle_differential_botocore_143 PROPERTIES TIMEOUT 300)
  # aws-cli's settings (AWS_ENDPOINT_URL[_S3], endpoint_url, services sections,
  # s3.addressing_style, FIPS, dual-stack, accelerate, region precedence) mean the same to our
  # CLI as to botocore 1.43 and to aws-cli itself.
  find_program(PRESIGN_AWS_CLI NAMES aws DOC "aws-cli (the oracle of cli_aws_config_parity)")
  if(PRESIGN_AWS_CLI)
    set(_aws_cli_args --aws ${PRESIGN_AWS_CLI})
  else()
    set(_aws_cli_args --no-aws)
    message(STATUS "presign: aws-cli not found: cli_aws_config_parity compares with botocore only")
  endif()
  add_test(NAME cli_aws_config_parity
           COMMAND ${PRESIGN_BOTOCORE_NEW_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/cli/aws_config_oracle.py
                   --cli $<TARGET_FILE:presign_cli> ${_aws_cli_args})
  set_tests_properties(cli_aws_config_parity PROPERTIES TIMEOUT 300)

  # One RGW for every real-server test (integration_rgw, browser_chromium): ctest starts it
  # before the first and stops it after the last (fixture `rgw`; tests/integration/rgw_fixture.sh).
  add_test(NAME rgw_server_start
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/rgw_fixture.sh start
                   ${PRESIGN_RGW_FIXTURE_DIR})
  add_test(NAME rgw_server_stop
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/rgw_fixture.sh stop
                   ${PRESIGN_RGW_FIXTURE_DIR})
  set_tests_properties(rgw_server_start PROPERTIES
    FIXTURES_SETUP rgw LABELS integration TIMEOUT 700)
  set_tests_properties(rgw_server_stop PROPERTIES
    FIXTURES_CLEANUP rgw LABELS integration TIMEOUT 120)

  add_test(NAME integration_rgw
           COMMAND ${PRESIGN_BOTOCORE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/integration/run_integration.py
                   --cli $<TARGET_FILE:presign_cli> --server-dir ${PRESIGN_RGW_FIXTURE_DIR})
  set_tests_properties(integration_rgw PROPERTIES
    LABELS integration
    FIXTURES_REQUIRED rgw
    TIMEOUT 900
    SKIP_REGULAR_EXPRESSION "SKIPPED: integration suite not run")
endif()
