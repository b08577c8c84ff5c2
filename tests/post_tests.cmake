# SPDX-License-Identifier: MIT
# Presigned POST against botocore's generate_presigned_post (Debian python3-botocore, run with
# Debian's /usr/bin/python3): the AWS POST example vector, then the differential cases.
set(PRESIGN_BOTOCORE_PYTHON /usr/bin/python3 CACHE FILEPATH "Python with Debian's botocore")
if(TARGET presign_cli)
  add_test(NAME oracle_botocore_post_vector
           COMMAND ${PRESIGN_BOTOCORE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/oracle/botocore_post.py
                   --self-test --cli $<TARGET_FILE:presign_cli>)
  add_test(NAME oracle_differential_botocore_post
           COMMAND ${PRESIGN_BOTOCORE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/oracle/botocore_post.py
                   --cli $<TARGET_FILE:presign_cli> --jobs 2)
  set_tests_properties(oracle_botocore_post_vector oracle_differential_botocore_post
                       PROPERTIES LABELS oracle TIMEOUT 300)
endif()
