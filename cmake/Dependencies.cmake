# Finds weft's dependencies. All come from Debian 12 packages (scripts/setup.sh).

# LLVM 19, linked as the one shared libLLVM. llvm-config's cxxflags carry
# -fno-exceptions and -std=c++17, which weft does not want: take only the include
# directories and definitions from LLVM's CMake package.
find_package(LLVM 19.1 REQUIRED CONFIG
  HINTS /usr/lib/llvm-19/lib/cmake/llvm /usr/lib/llvm-19/cmake)
message(STATUS "weft: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")
separate_arguments(WEFT_LLVM_DEFINITIONS NATIVE_COMMAND "${LLVM_DEFINITIONS}")
find_library(WEFT_LIBLLVM NAMES LLVM LLVM-19 HINTS ${LLVM_LIBRARY_DIR} REQUIRED NO_DEFAULT_PATH)

find_package(Threads REQUIRED)
find_package(PNG REQUIRED)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_path(WEFT_DLPACK_INCLUDE_DIR dlpack/dlpack.h REQUIRED)

if(WEFT_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
endif()
if(WEFT_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
