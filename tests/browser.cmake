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
