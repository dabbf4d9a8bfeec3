# Checks that an installed weft is usable from another CMake project.
#
#   cmake -DWEFT_BUILD_DIR=<built tree> -DCONSUMER_SOURCE_DIR=<project> -DWORK_DIR=<scratch>
#         [-DGENERATOR=Ninja -DMAKE_PROGRAM=... -DCXX_COMPILER=... -DCXX_COMPILER_LAUNCHER=...
#          -DBUILD_TYPE=Release] -P run_consumer.cmake
#
# Steps, each failing with a message that says which one broke:
#  1. cmake --install <built tree> --prefix <scratch>/prefix (the prefix starts empty);
#  2. check the installed files: libweft.so, include/weft/weft.h, lib/cmake/weft/*,
#     and that weftTargets*.cmake asks nothing of LLVM or libpng (private deps);
#  3. configure the consumer with CMAKE_PREFIX_PATH=<prefix>, same generator and
#     compiler, and check that find_package found weft in <prefix>, not elsewhere;
#  4. build it and run it; it must exit 0 and print "weft_consumer: ok".
cmake_minimum_required(VERSION 3.25)

foreach(var WEFT_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "install/consumer: -D${var}=... is required")
  endif()
endforeach()
if(NOT GENERATOR)
  set(GENERATOR Ninja)
endif()
if(NOT BUILD_TYPE)
  set(BUILD_TYPE Release)
endif()

set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/consumer-build)

# Prints the details verbatim (FATAL_ERROR would reflow compiler output), then stops.
function(fail step)
  list(JOIN ARGN "\n" details)
  message(NOTICE "${details}")
  message(FATAL_ERROR "install/consumer: FAILED at step '${step}' (details above)")
endfunction()

# Runs a command, echoing it; on failure reports the step with the command's output.
function(run_step step)
  list(JOIN ARGN " " command)
  message(STATUS "install/consumer: ${step}: ${command}")
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    fail("${step}" "command: ${command}" "exit: ${rc}" "stdout:\n${out}" "stderr:\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# 1. Install.
run_step("install" ${CMAKE_COMMAND} --install ${WEFT_BUILD_DIR} --prefix ${prefix})

# 2. Installed layout. The library directory follows GNUInstallDirs (lib or lib64).
file(GLOB package_dirs LIST_DIRECTORIES true ${prefix}/lib*/cmake/weft)
if(NOT package_dirs)
  fail("layout" "no lib*/cmake/weft under ${prefix}")
endif()
list(GET package_dirs 0 package_dir)
get_filename_component(libdir ${package_dir}/../.. ABSOLUTE)
foreach(file
    ${libdir}/libweft.so
    ${prefix}/include/weft/Type.h
    ${package_dir}/weftConfig.cmake
    ${package_dir}/weftConfigVersion.cmake
    ${package_dir}/weftTargets.cmake)
  if(NOT EXISTS ${file})
    fail("layout" "missing ${file}")
  endif()
endforeach()
file(GLOB target_files ${package_dir}/weftTargets*.cmake)
foreach(file ${target_files})
  file(READ ${file} text)
  if(text MATCHES "LLVM|PNG::|libpng")
    fail("layout" "${file} refers to a private dependency (LLVM or libpng):"
      "consumers must not need their development files")
  endif()
endforeach()

# 3. Configure the consumer against the prefix only (no package registry).
set(configure_args
  -S ${CONSUMER_SOURCE_DIR} -B ${consumer_build} -G ${GENERATOR}
  -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
  -DCMAKE_PREFIX_PATH=${prefix}
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(MAKE_PROGRAM)
  list(APPEND configure_args -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
if(CXX_COMPILER)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
endif()
if(CXX_COMPILER_LAUNCHER)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_COMPILER_LAUNCHER})
endif()
run_step("configure consumer" ${CMAKE_COMMAND} ${configure_args})

file(STRINGS ${consumer_build}/CMakeCache.txt weft_dir_line REGEX "^weft_DIR:")
string(REGEX REPLACE "^weft_DIR:[A-Z]+=" "" weft_dir "${weft_dir_line}")
get_filename_component(weft_dir "${weft_dir}" REALPATH)
get_filename_component(expected_dir "${package_dir}" REALPATH)
if(NOT weft_dir STREQUAL expected_dir)
  fail("configure consumer" "found weft in '${weft_dir}', expected '${expected_dir}'")
endif()

# 4. Build and run.
run_step("build consumer" ${CMAKE_COMMAND} --build ${consumer_build})
run_step("run consumer" ${consumer_build}/weft_consumer)
message(STATUS "install/consumer: program said: ${step_output}")
if(NOT step_output MATCHES "weft_consumer: ok")
  fail("run consumer" "the program exited 0 but did not print ok:\n${step_output}")
endif()
message(STATUS "install/consumer: ok")
