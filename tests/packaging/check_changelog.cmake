# SPDX-License-Identifier: MIT
# CHANGELOG.md has a "## [X.Y.Z]" section for the version in include/presign/version.hpp, and
# that version's macros agree with each other (cmake -DPRESIGN_SOURCE_DIR=... -P this).
file(STRINGS "${PRESIGN_SOURCE_DIR}/include/presign/version.hpp" lines REGEX "#define PRESIGN_VERSION_")
foreach(line IN LISTS lines)
  if(line MATCHES "#define PRESIGN_VERSION_(MAJOR|MINOR|PATCH) ([0-9]+)")
    set(${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
  elseif(line MATCHES "#define PRESIGN_VERSION_STRING \"([^\"]*)\"")
    set(STRING ${CMAKE_MATCH_1})
  endif()
endforeach()
if(NOT "${MAJOR}.${MINOR}.${PATCH}" STREQUAL "${STRING}")
  message(FATAL_ERROR "version.hpp: PRESIGN_VERSION_STRING \"${STRING}\" differs from "
                      "MAJOR.MINOR.PATCH ${MAJOR}.${MINOR}.${PATCH}")
endif()
file(READ "${PRESIGN_SOURCE_DIR}/CHANGELOG.md" changelog)
string(REPLACE "." "\\." escaped "${STRING}")
if(NOT changelog MATCHES "\n## \\[${escaped}\\]")
  message(FATAL_ERROR "CHANGELOG.md has no '## [${STRING}]' section for the current version")
endif()
message(STATUS "CHANGELOG.md has a section for ${STRING}")
