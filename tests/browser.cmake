# SPDX-License-Identifier: MIT
# The browser test (label browser): examples/web_app in Debian's Chromium, headless, driven by
# playwright-core (npm, tests/browser/package-lock.json; `npm ci` there, no browser download),
# against the RGW of the `rgw` fixture (tests/cli_tests.cmake). The page's screenshot is kept
# in the build folder: browser-artifacts/browser-page.png.
if(TARGET presign_web_app AND TARGET presign_cli)
  add_test(NAME browser_chromium
           COMMAND ${PRESIGN_BOTOCORE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/browser/run_browser.py
                   --web-app $<TARGET_FILE:presign_web_app>
                   --server-dir ${PRESIGN_RGW_FIXTURE_DIR}
                   --artifacts ${CMAKE_BINARY_DIR}/browser-artifacts)
  # Also labelled integration: the passes that skip the real server (-LE integration) skip it.
  set_tests_properties(browser_chromium PROPERTIES
    LABELS "browser;integration"
    FIXTURES_REQUIRED rgw
    TIMEOUT 300
    SKIP_REGULAR_EXPRESSION "SKIPPED: browser test not run")
endif()

# The back end's bad arguments: a clear message naming the option (no server needed).
if(TARGET presign_web_app)
  foreach(_case "port;--port;70000;--port: 0..65535"
                "size;--post-max-bytes;0;--post-max-bytes: a positive"
                "bucket;--port;0;--bucket: required")
    list(GET _case 0 _name)
    list(GET _case 1 _option)
    list(GET _case 2 _value)
    list(GET _case 3 _expect)
    set(_bucket --bucket b)
    if(_name STREQUAL "bucket")
      set(_bucket)
    endif()
    add_test(NAME web_app_rejects_${_name}
             COMMAND $<TARGET_FILE:presign_web_app> ${_bucket} ${_option} ${_value})
    set_tests_properties(web_app_rejects_${_name} PROPERTIES
      LABELS examples TIMEOUT 10 PASS_REGULAR_EXPRESSION "presign_web_app: ${_expect}")
  endforeach()
  # Hostile HTTP requests: a clear 400/404 each, and the server still up afterwards.
  add_test(NAME web_app_requests
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/browser/web_app_requests.py
                   $<TARGET_FILE:presign_web_app>)
  set_tests_properties(web_app_requests PROPERTIES LABELS examples TIMEOUT 60)
endif()
