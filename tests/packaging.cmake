# SPDX-License-Identifier: MIT
# Packaging tests: presign consumed the ways C++ users consume libraries, each by a throw-away
# project that builds, runs and prints the S3 documentation's example URL (tests/packaging/).
# Also: the examples' output against committed expected output, the README's code against the
# examples, and the CHANGELOG against the version. Label: packaging.
set(_pkg_dir ${CMAKE_CURRENT_SOURCE_DIR}/packaging)
set(_pkg_work ${CMAKE_CURRENT_BINARY_DIR}/packaging)
set(_pkg_prefix ${_pkg_work}/prefix)
find_program(PRESIGN_GXX NAMES g++ g++-12)
find_program(PRESIGN_CLANGXX NAMES clang++ clang++-14)
find_program(PRESIGN_MAKE NAMES make gmake)
find_program(PRESIGN_PKG_CONFIG NAMES pkg-config pkgconf)

function(presign_packaging_test name mode)
  add_test(NAME packaging_${name}
           COMMAND ${CMAKE_COMMAND} -DMODE=${mode} -DPRESIGN_SOURCE_DIR=${PROJECT_SOURCE_DIR}
                   -DWORK_DIR=${_pkg_work}/${name} -DPREFIX=${_pkg_prefix}
                   -DBUILD_DIR=${PROJECT_BINARY_DIR} -DGENERATOR=${CMAKE_GENERATOR}
                   -DCTEST=${CMAKE_CTEST_COMMAND} -DPKG_CONFIG=${PRESIGN_PKG_CONFIG}
                   -DMAKE=${PRESIGN_MAKE} ${ARGN} -P ${_pkg_dir}/run.cmake)
  set_tests_properties(packaging_${name} PROPERTIES LABELS packaging TIMEOUT 180)
endfunction()

# cmake --install into a temporary prefix; find_package and pkg-config use that install.
if(PRESIGN_INSTALL)
  if(TARGET presign_cli)
    presign_packaging_test(install install -DCLI=ON)
  else()
    presign_packaging_test(install install)
  endif()
  set_tests_properties(packaging_install PROPERTIES FIXTURES_SETUP presign_installed)
  presign_packaging_test(find_package find_package -DCXX=${CMAKE_CXX_COMPILER})
  presign_packaging_test(pkg_config pkg_config -DCXX=${CMAKE_CXX_COMPILER})
  set_tests_properties(packaging_find_package packaging_pkg_config PROPERTIES
                       FIXTURES_REQUIRED presign_installed)
endif()
# The README's install command on a machine without the tests' dependencies.
presign_packaging_test(install_without_test_deps install_without_test_deps
                       -DCXX=${CMAKE_CXX_COMPILER})
presign_packaging_test(add_subdirectory add_subdirectory -DCXX=${CMAKE_CXX_COMPILER})
presign_packaging_test(fetchcontent_url fetch_url -DCXX=${CMAKE_CXX_COMPILER})
presign_packaging_test(fetchcontent_source_dir fetch_source_dir -DCXX=${CMAKE_CXX_COMPILER})
# Below C++20: one #error line naming the requirement, then the build stops (g++; clang 14 and
# 16 print the same line, then crash on presign's constexpr destructors in C++17 mode, with or
# without the check).
presign_packaging_test(below_cxx20 below_cxx20 -DCXX=${PRESIGN_GXX})
# The single header alone, with both compilers whatever this build uses.
presign_packaging_test(single_header_gxx single_header -DCXX=${PRESIGN_GXX})
presign_packaging_test(single_header_clangxx single_header -DCXX=${PRESIGN_CLANGXX})

# The CHANGELOG has an entry for the version in include/presign/version.hpp.
add_test(NAME packaging_changelog
         COMMAND ${CMAKE_COMMAND} -DPRESIGN_SOURCE_DIR=${PROJECT_SOURCE_DIR}
                 -P ${_pkg_dir}/check_changelog.cmake)
set_tests_properties(packaging_changelog PROPERTIES LABELS packaging)

# Every README code block marked as coming from an example is that example's code.
add_test(NAME packaging_readme_snippets
         COMMAND ${Python3_EXECUTABLE} ${_pkg_dir}/check_readme_snippets.py ${PROJECT_SOURCE_DIR})
set_tests_properties(packaging_readme_snippets PROPERTIES LABELS packaging)

# Examples (examples/NAME.cpp, target example_NAME or presign_NAME): a deterministic example's
# output must equal examples/expected/NAME.txt. Another example joins by committing its
# expected output there (run without arguments, with no AWS_* variables set).
file(GLOB _expected_outputs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/examples/expected/*.txt)
foreach(expected IN LISTS _expected_outputs)
  get_filename_component(name ${expected} NAME_WE)
  set(_target "")
  foreach(candidate example_${name} presign_${name})
    if(NOT _target AND TARGET ${candidate})
      set(_target ${candidate})
    endif()
  endforeach()
  if(_target)
    add_test(NAME example_${name}
             COMMAND ${CMAKE_COMMAND} -E env --unset=AWS_ACCESS_KEY_ID
                     --unset=AWS_SECRET_ACCESS_KEY --unset=AWS_SESSION_TOKEN --unset=AWS_REGION
                     --unset=AWS_DEFAULT_REGION --unset=AWS_PROFILE
                     ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${_target}>
                     -DEXPECTED=${expected} -P ${_pkg_dir}/compare_output.cmake)
    set_tests_properties(example_${name} PROPERTIES LABELS "packaging;examples")
  endif()
endforeach()
# The quick start reads the environment and the clock: check the shape of its URL.
if(TARGET example_quick_start)
  add_test(NAME example_quick_start COMMAND example_quick_start)
  set_tests_properties(example_quick_start PROPERTIES
    LABELS "packaging;examples"
    ENVIRONMENT "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE;AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY;AWS_SESSION_TOKEN=;AWS_SECURITY_TOKEN=;AWS_CREDENTIAL_EXPIRATION="
    PASS_REGULAR_EXPRESSION "^https://my-bucket\\.s3\\.eu-west-1\\.amazonaws\\.com/photos/2024/some%20file%2Bname\\.jpg\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F[0-9]+%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=[0-9]+T[0-9]+Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]+\n$")
  add_test(NAME example_quick_start_no_credentials COMMAND example_quick_start)
  set_tests_properties(example_quick_start_no_credentials PROPERTIES
    LABELS "packaging;examples"
    ENVIRONMENT "AWS_ACCESS_KEY_ID=;AWS_SECRET_ACCESS_KEY="
    WILL_FAIL TRUE)
endif()

# The committed expected outputs are real vectors: botocore re-signs every URL in them.
set(_botocore_python /usr/bin/python3)
if(DEFINED PRESIGN_BOTOCORE_PYTHON)
  set(_botocore_python ${PRESIGN_BOTOCORE_PYTHON})
endif()
add_test(NAME packaging_examples_match_botocore
         COMMAND ${_botocore_python} ${_pkg_dir}/check_examples_botocore.py ${PROJECT_SOURCE_DIR})
set_tests_properties(packaging_examples_match_botocore PROPERTIES LABELS "packaging;examples")
