# cmake --install exports weft as a CMake package:
#
#   find_package(weft 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE weft::weft)
#
# Installed: lib/libweft.so*, include/weft/** and lib/cmake/weft/{weftConfig,
# weftConfigVersion,weftTargets*}.cmake. Eigen3 and Threads are PUBLIC dependencies
# of weft, so weftConfig.cmake finds them for the consumer; LLVM and libpng are
# PRIVATE to libweft.so and consumers never need their development files. The
# DLPack header is found in /usr/include by installed consumers.
# tests/install checks all of this on a scratch prefix.

include(CMakePackageConfigHelpers)

set(WEFT_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/weft
  CACHE STRING "Where to install weft's CMake package files, relative to the prefix")

install(TARGETS weft EXPORT weftTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/weft
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT weftTargets
  NAMESPACE weft::
  FILE weftTargets.cmake
  DESTINATION ${WEFT_INSTALL_CMAKEDIR})

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/weftConfig.cmake.in
  ${PROJECT_BINARY_DIR}/weftConfig.cmake
  INSTALL_DESTINATION ${WEFT_INSTALL_CMAKEDIR}
  NO_SET_AND_CHECK_MACRO NO_CHECK_REQUIRED_COMPONENTS_MACRO)
# 0.x releases: a minor version bump may break the API.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/weftConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
    ${PROJECT_BINARY_DIR}/weftConfig.cmake
    ${PROJECT_BINARY_DIR}/weftConfigVersion.cmake
  DESTINATION ${WEFT_INSTALL_CMAKEDIR})
