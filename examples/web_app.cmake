# SPDX-License-Identifier: MIT
# examples/web_app: the browser example's back end (a tiny loopback HTTP server over presign)
# and its page (static/). tests/browser drives it with Chromium against Ceph RGW.
find_package(Threads REQUIRED)
add_executable(presign_web_app web_app/main.cpp)
target_link_libraries(presign_web_app PRIVATE presign::presign presign_strict_warnings
                      Threads::Threads)
target_compile_definitions(presign_web_app PRIVATE
  PRESIGN_WEB_APP_STATIC_DIR="${CMAKE_CURRENT_SOURCE_DIR}/web_app/static")
