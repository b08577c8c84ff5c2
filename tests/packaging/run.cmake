# SPDX-License-Identifier: MIT
# Driver of the packaging tests (cmake -P). Each MODE consumes presign the way a user would, in
# a throw-away project under WORK_DIR, builds it, runs it and compares what it prints with
# EXPECTED (the S3 documentation's example URL).
#
#   cmake -DMODE=<mode> -DPRESIGN_SOURCE_DIR=... -DWORK_DIR=... [-DCXX=...] [-DGENERATOR=...]
#         [-DBUILD_DIR=...] [-DPREFIX=...] [-DPKG_CONFIG=...] [-DMAKE=...] [-DCTEST=...]
#         [-DEXPECTED=...]
#         -P run.cmake
#
# Modes:
#   install           cmake --install BUILD_DIR --prefix PREFIX; checks the installed file set
#   install_without_test_deps  configure without doctest and Python (tests skipped), install
#   find_package      find_package(presign 0.1 CONFIG REQUIRED) against PREFIX
#   add_subdirectory  add_subdirectory(PRESIGN_SOURCE_DIR) in a consumer project
#   fetch_url         FetchContent from a release-like tarball by file:// URL, hash checked
#   fetch_source_dir  FetchContent with FETCHCONTENT_SOURCE_DIR_PRESIGN (a local checkout)
#   pkg_config        a Makefile that uses `pkg-config --cflags presign` against PREFIX
#   single_header     only single_include/presign/presign.hpp copied, plain `CXX -std=c++20`
cmake_minimum_required(VERSION 3.21)

foreach(var MODE PRESIGN_SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run.cmake: ${var} is required")
  endif()
endforeach()
# Tools found at configure time: a missing one fails the test with a clear message (it is
# never skipped: tools/run_tests.sh installs them all).
foreach(tool CXX PKG_CONFIG MAKE)
  if(DEFINED ${tool} AND "${${tool}}" MATCHES "NOTFOUND$")
    message(FATAL_ERROR "run.cmake: ${tool} was not found when the build was configured "
                        "(install clang, pkg-config and make: see tools/run_tests.sh)")
  endif()
endforeach()
set(here "${CMAKE_CURRENT_LIST_DIR}")
if(NOT DEFINED EXPECTED)
  set(EXPECTED "${here}/consumer/expected.txt")
endif()

file(STRINGS "${PRESIGN_SOURCE_DIR}/include/presign/version.hpp" _version_line
     REGEX "#define PRESIGN_VERSION_STRING ")
string(REGEX MATCH "\"([0-9.]+)\"" _ "${_version_line}")
set(version "${CMAKE_MATCH_1}")

# Runs a command in `dir`; on failure prints its output and stops the test.
function(run dir)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${dir}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "FAILED (${rc}): ${cmd}\n--- stdout:\n${out}\n--- stderr:\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

# Runs the consumer program and compares its output with EXPECTED.
function(check_consumer program)
  run("${WORK_DIR}" "${program}")
  file(READ "${EXPECTED}" want)
  if(NOT run_output STREQUAL want)
    message(FATAL_ERROR "${program} printed\n${run_output}but the expected output is\n${want}")
  endif()
  message(STATUS "${program} printed the expected URL")
endfunction()

# Configures and builds the CMake consumer project `project_dir` in WORK_DIR/build.
function(build_cmake_consumer project_dir)
  set(args -S "${project_dir}" -B "${WORK_DIR}/build")
  if(GENERATOR)
    list(APPEND args -G "${GENERATOR}")
  endif()
  if(CXX)
    list(APPEND args "-DCMAKE_CXX_COMPILER=${CXX}")
  endif()
  # Nothing from the user's or the system's package registries: only what the test names.
  list(APPEND args -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
                   -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
                   "-DCMAKE_INSTALL_PREFIX=${WORK_DIR}/consumer-prefix" ${ARGN})
  run("${WORK_DIR}" "${CMAKE_COMMAND}" ${args})
  set(configure_output "${run_output}" PARENT_SCOPE)
  run("${WORK_DIR}" "${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
endfunction()

# For the subproject modes: the consumer's build tree holds only the consumer's own test, and
# installing the consumer installs nothing of presign.
function(check_subproject_build_tree)
  run("${WORK_DIR}/build" "${CTEST}" -N)
  if(NOT run_output MATCHES "Total Tests: 1\n" OR NOT run_output MATCHES "consumer_runs")
    message(FATAL_ERROR "the consumer's build tree has tests besides its own:\n${run_output}")
  endif()
  run("${WORK_DIR}" "${CMAKE_COMMAND}" --install "${WORK_DIR}/build")
  file(GLOB_RECURSE installed RELATIVE "${WORK_DIR}/consumer-prefix" "${WORK_DIR}/consumer-prefix/*")
  if(NOT installed MATCHES "^bin/consumer(\\.exe)?$")
    message(FATAL_ERROR "installing the consumer installed more than the consumer: ${installed}")
  endif()
  message(STATUS "consumer build tree: no presign tests or targets, nothing of presign installed")
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# Installs the configured build tree `build_dir` into `prefix` and checks the installed file
# set: the headers, the CMake package, presign.pc, plus `extra` files.
function(install_and_check build_dir prefix extra)
  file(REMOVE_RECURSE "${prefix}")
  run("${WORK_DIR}" "${CMAKE_COMMAND}" --install "${build_dir}" --prefix "${prefix}")
  file(GLOB_RECURSE installed RELATIVE "${prefix}" "${prefix}/*")
  file(GLOB_RECURSE headers RELATIVE "${PRESIGN_SOURCE_DIR}/include"
       "${PRESIGN_SOURCE_DIR}/include/*.hpp")
  set(want ${headers} share/cmake/presign/presign-config.cmake
      share/cmake/presign/presign-config-version.cmake share/cmake/presign/presign-targets.cmake
      share/pkgconfig/presign.pc share/doc/presign/LICENSE ${extra})
  list(TRANSFORM want REPLACE "^presign/" "include/presign/")
  list(SORT want)
  list(SORT installed)
  if(NOT installed STREQUAL want)
    message(FATAL_ERROR "installed files differ from the expected set\n"
                        "installed: ${installed}\nexpected:  ${want}")
  endif()
  # The license installed is the repository's, and it is the MIT license the SPDX lines name.
  file(READ "${prefix}/share/doc/presign/LICENSE" installed_license)
  file(READ "${PRESIGN_SOURCE_DIR}/LICENSE" source_license)
  if(NOT installed_license STREQUAL source_license OR NOT installed_license MATCHES "^MIT License\n")
    message(FATAL_ERROR "the installed LICENSE is not the repository's MIT license")
  endif()
  list(LENGTH installed n)
  message(STATUS "installed ${n} files into ${prefix}: ${installed}")
endfunction()

if(MODE STREQUAL "install")
  # The CLI comes with the package when the build tree has built it (component presign_cli).
  set(extra "")
  if(CLI)
    set(extra "bin/presign${CMAKE_EXECUTABLE_SUFFIX}")
  endif()
  install_and_check("${BUILD_DIR}" "${PREFIX}" "${extra}")
  if(CLI)
    run("${WORK_DIR}" "${PREFIX}/bin/presign" --version)
    if(NOT run_output STREQUAL "presign ${version}\n")
      message(FATAL_ERROR "the installed CLI says '${run_output}', not 'presign ${version}'")
    endif()
    # The component alone installs the tool and nothing else.
    file(REMOVE_RECURSE "${WORK_DIR}/cli-only")
    run("${WORK_DIR}" "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${WORK_DIR}/cli-only"
        --component presign_cli)
    file(GLOB_RECURSE cli_only RELATIVE "${WORK_DIR}/cli-only" "${WORK_DIR}/cli-only/*")
    if(NOT cli_only STREQUAL "${extra}")
      message(FATAL_ERROR "--component presign_cli installed '${cli_only}'")
    endif()
  endif()

elseif(MODE STREQUAL "install_without_test_deps")
  # A packager's machine: a compiler, cmake and make, no doctest, no Python. The README's
  # install command must configure (tests skipped with a message) and install without a build.
  set(args -S "${PRESIGN_SOURCE_DIR}" -B "${WORK_DIR}/build" -DCMAKE_BUILD_TYPE=Release
           -DCMAKE_DISABLE_FIND_PACKAGE_doctest=ON -DCMAKE_DISABLE_FIND_PACKAGE_Python3=ON)
  if(GENERATOR)
    list(APPEND args -G "${GENERATOR}")
  endif()
  if(CXX)
    list(APPEND args "-DCMAKE_CXX_COMPILER=${CXX}")
  endif()
  run("${WORK_DIR}" "${CMAKE_COMMAND}" ${args})
  if(NOT run_output MATCHES "presign: tests are not built: doctest \\(Debian: doctest-dev\\) and Python 3")
    message(FATAL_ERROR "no clear message about the skipped tests:\n${run_output}")
  endif()
  if(EXISTS "${WORK_DIR}/build/tests")
    message(FATAL_ERROR "tests were configured although their dependencies are missing")
  endif()
  install_and_check("${WORK_DIR}/build" "${WORK_DIR}/prefix" "")
  # Asked for explicitly, the missing dependency is an error.
  execute_process(COMMAND "${CMAKE_COMMAND}" -S "${PRESIGN_SOURCE_DIR}" -B "${WORK_DIR}/build-on"
                          -DPRESIGN_BUILD_TESTS=ON -DCMAKE_DISABLE_FIND_PACKAGE_doctest=ON
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT err MATCHES "doctest")
    message(FATAL_ERROR "PRESIGN_BUILD_TESTS=ON without doctest configured (${rc}):\n${err}")
  endif()
  message(STATUS "PRESIGN_BUILD_TESTS=ON without doctest fails the configure step, naming doctest")

elseif(MODE STREQUAL "find_package")
  build_cmake_consumer("${here}/find_package" "-DCMAKE_PREFIX_PATH=${PREFIX}")
  if(NOT configure_output MATCHES "found presign ${version} in ${PREFIX}/")
    message(FATAL_ERROR "the consumer did not find presign ${version} in ${PREFIX}:\n${configure_output}")
  endif()
  check_consumer("${WORK_DIR}/build/consumer")

elseif(MODE STREQUAL "add_subdirectory")
  build_cmake_consumer("${here}/add_subdirectory" "-DPRESIGN_SOURCE_DIR=${PRESIGN_SOURCE_DIR}")
  check_subproject_build_tree()
  check_consumer("${WORK_DIR}/build/consumer")

elseif(MODE STREQUAL "fetch_url")
  # A release-like tarball: the files a source release ships (no .git, no build trees).
  set(stage "${WORK_DIR}/stage/presign-${version}")
  file(MAKE_DIRECTORY "${stage}")
  foreach(item CMakeLists.txt cmake include single_include examples tests README.md CHANGELOG.md LICENSE)
    if(EXISTS "${PRESIGN_SOURCE_DIR}/${item}")
      file(COPY "${PRESIGN_SOURCE_DIR}/${item}" DESTINATION "${stage}"
           PATTERN "__pycache__" EXCLUDE)
    endif()
  endforeach()
  set(tarball "${WORK_DIR}/presign-${version}.tar.gz")
  run("${WORK_DIR}/stage" "${CMAKE_COMMAND}" -E tar czf "${tarball}" "presign-${version}")
  file(SHA256 "${tarball}" hash)
  build_cmake_consumer("${here}/fetchcontent" "-DPRESIGN_URL=file://${tarball}"
                       "-DPRESIGN_SHA256=${hash}")
  check_subproject_build_tree()
  check_consumer("${WORK_DIR}/build/consumer")

elseif(MODE STREQUAL "fetch_source_dir")
  build_cmake_consumer("${here}/fetchcontent" "-DFETCHCONTENT_SOURCE_DIR_PRESIGN=${PRESIGN_SOURCE_DIR}")
  check_subproject_build_tree()
  check_consumer("${WORK_DIR}/build/consumer")

elseif(MODE STREQUAL "pkg_config")
  file(COPY "${here}/pkg_config/Makefile" "${here}/consumer/main.cpp" DESTINATION "${WORK_DIR}")
  # PKG_CONFIG_LIBDIR replaces the default search path: only the test's install is seen.
  set(env "${CMAKE_COMMAND}" -E env "PKG_CONFIG_LIBDIR=${PREFIX}/share/pkgconfig" --unset=PKG_CONFIG_PATH)
  run("${WORK_DIR}" ${env} "${PKG_CONFIG}" --modversion presign)
  string(STRIP "${run_output}" pc_version)
  if(NOT pc_version STREQUAL version)
    message(FATAL_ERROR "pkg-config says presign ${pc_version}, the header says ${version}")
  endif()
  run("${WORK_DIR}" ${env} "${PKG_CONFIG}" --cflags presign)
  if(run_output MATCHES "-std")
    message(FATAL_ERROR "presign.pc sets the language standard: ${run_output}")
  endif()
  # The README's Makefile lines as they are: PKG_CONFIG is not given (found on PATH).
  get_filename_component(pkg_config_dir "${PKG_CONFIG}" DIRECTORY)
  set(path_env "PATH=${pkg_config_dir}:$ENV{PATH}")
  run("${WORK_DIR}" ${env} "${path_env}" "${MAKE}" -C "${WORK_DIR}" "CXX=${CXX}")
  message(STATUS "make: ${run_output}")
  check_consumer("${WORK_DIR}/consumer")
  # A C++23 project keeps its standard (g++ 12 and clang 14 spell it c++2b).
  file(REMOVE "${WORK_DIR}/consumer")
  run("${WORK_DIR}" ${env} "${path_env}" "${MAKE}" -C "${WORK_DIR}" "CXX=${CXX}" "CXXSTD=-std=c++2b")
  if(NOT run_output MATCHES "-std=c\\+\\+2b" OR run_output MATCHES "-std=c\\+\\+20")
    message(FATAL_ERROR "the C++23 build did not keep its standard:\n${run_output}")
  endif()
  check_consumer("${WORK_DIR}/consumer")

elseif(MODE STREQUAL "single_header")
  # Only the generated header, as a user would drop it into a project; no -I, no CMake.
  file(COPY "${PRESIGN_SOURCE_DIR}/single_include/presign/presign.hpp" DESTINATION "${WORK_DIR}/presign")
  file(COPY "${here}/consumer/main.cpp" DESTINATION "${WORK_DIR}")
  run("${WORK_DIR}" "${CXX}" -std=c++20 -Wall -Wextra -Wpedantic -Werror main.cpp -o consumer)
  check_consumer("${WORK_DIR}/consumer")

elseif(MODE STREQUAL "below_cxx20")
  # Below C++20 the user gets one line naming the requirement, and the build stops there.
  file(COPY "${here}/consumer/main.cpp" DESTINATION "${WORK_DIR}")
  execute_process(COMMAND "${CXX}" -std=c++17 -I "${PRESIGN_SOURCE_DIR}/include" -fsyntax-only
                          main.cpp
                  WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE rc ERROR_VARIABLE err)
  string(REGEX MATCHALL "error:" errors "${err}")
  list(LENGTH errors n)
  string(REGEX MATCH "error:[^\n]*" first "${err}")
  if(rc EQUAL 0 OR NOT first MATCHES "presign needs C\\+\\+20 or later" OR n GREATER 2)
    message(FATAL_ERROR "-std=c++17: exit ${rc}, ${n} errors, the first: '${first}'\n${err}")
  endif()
  message(STATUS "-std=c++17: ${n} error lines, the first: ${first}")

else()
  message(FATAL_ERROR "run.cmake: unknown MODE '${MODE}'")
endif()
