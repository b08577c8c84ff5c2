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
