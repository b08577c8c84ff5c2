# SPDX-License-Identifier: MIT
# Runs PROGRAM and compares its standard output with the file EXPECTED, byte for byte
# (cmake -DPROGRAM=... -DEXPECTED=... -P compare_output.cmake). Fails on a non-zero exit too.
execute_process(COMMAND "${PROGRAM}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${rc}\n--- stdout:\n${out}\n--- stderr:\n${err}")
endif()
file(READ "${EXPECTED}" want)
if(NOT out STREQUAL want)
  file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/actual-output.txt" "${out}")
  message(FATAL_ERROR "${PROGRAM}: output differs from ${EXPECTED}\n--- got:\n${out}\n"
                      "--- expected:\n${want}\n(diff ${EXPECTED} ${CMAKE_CURRENT_BINARY_DIR}/actual-output.txt)")
endif()
message(STATUS "${PROGRAM}: output equals ${EXPECTED}")
