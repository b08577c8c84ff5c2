# SPDX-License-Identifier: MIT
# The presign CLI (examples/cli), built as `presign`.
add_executable(presign_cli cli/main.cpp)
set_target_properties(presign_cli PROPERTIES OUTPUT_NAME presign)
target_link_libraries(presign_cli PRIVATE presign::presign presign_strict_warnings)
# Installed with the package when it has been built (`cmake --build B --target presign_cli`
# or the default build), as the component `presign_cli`: `cmake --install B --component
# presign_cli` installs only the tool. OPTIONAL: a header-only install (configure, then
# install, no build) skips it.
if(PRESIGN_INSTALL)
  install(TARGETS presign_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT presign_cli
          OPTIONAL)
endif()
