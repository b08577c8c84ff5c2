# SPDX-License-Identifier: MIT
# Included by the add_subdirectory and FetchContent consumers after they have added presign:
# checks that presign, not being the top-level project, brought only its library target (no
# tests, examples, benchmarks, strict-warnings target), no tests and no install rules.

# Every build-system target defined in `dir` and the directories below it.
function(consumer_collect_targets dir out)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    consumer_collect_targets("${sub}" sub_targets)
    list(APPEND targets ${sub_targets})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(consumer_check_presign_not_top_level presign_source_dir)
  consumer_collect_targets("${presign_source_dir}" targets)
  if(NOT targets STREQUAL "presign")
    message(FATAL_ERROR "presign added as a subproject defined targets '${targets}', "
                        "expected only 'presign'")
  endif()
  foreach(option PRESIGN_BUILD_TESTS PRESIGN_BUILD_EXAMPLES PRESIGN_BUILD_BENCHMARKS PRESIGN_INSTALL)
    if(${option})
      message(FATAL_ERROR "${option} is ON in a subproject build")
    endif()
  endforeach()
  get_property(tests DIRECTORY "${presign_source_dir}" PROPERTY TESTS)
  if(tests)
    message(FATAL_ERROR "presign added as a subproject defined tests: ${tests}")
  endif()
  if(NOT TARGET presign::presign)
    message(FATAL_ERROR "presign::presign is missing")
  endif()
  get_target_property(options presign INTERFACE_COMPILE_OPTIONS)
  if(options)
    message(FATAL_ERROR "presign::presign forces compile options on its users: ${options}")
  endif()
  message(STATUS "consumer: presign is a well-behaved subproject (targets: ${targets})")
endfunction()
