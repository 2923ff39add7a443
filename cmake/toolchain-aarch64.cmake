# Cross-compiling for arm64 (aarch64-linux-gnu) with Debian's cross gcc
# (gcc-aarch64-linux-gnu) against an arm64 sysroot, as the boards that carry
# rocket and ethosu run. buildlib/arm64-sysroot.sh makes such a sysroot from
# Debian's arm64 packages without touching the machine's dpkg architectures.
# install-deps.sh installs the cross gcc without its recommended
# libc6-dev-arm64-cross; where that is installed, gcc reads its headers in
# /usr/aarch64-linux-gnu/include (Linux 6.1.4's uAPI) before the sysroot's.
# Usage:
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64.cmake \
#         -DACCEL_SYSROOT=<sysroot>
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(ACCEL_CROSS_TRIPLE aarch64-linux-gnu)

if(NOT ACCEL_SYSROOT AND DEFINED ENV{ACCEL_SYSROOT})
	set(ACCEL_SYSROOT "$ENV{ACCEL_SYSROOT}")
endif()
if(NOT ACCEL_SYSROOT OR NOT EXISTS "${ACCEL_SYSROOT}/usr/include")
	message(FATAL_ERROR "toolchain-aarch64: set ACCEL_SYSROOT to an arm64 "
		"sysroot (buildlib/arm64-sysroot.sh makes one)")
endif()
# try_compile() projects re-read this file; hand them the sysroot (whole
# test projects, as check_ipo_supported() builds, get no platform
# variables: they find it in the environment of this cmake process).
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES ACCEL_SYSROOT)
set(ENV{ACCEL_SYSROOT} "${ACCEL_SYSROOT}")

set(CMAKE_SYSROOT "${ACCEL_SYSROOT}")
set(CMAKE_C_COMPILER ${ACCEL_CROSS_TRIPLE}-gcc)
set(CMAKE_AR ${ACCEL_CROSS_TRIPLE}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${ACCEL_CROSS_TRIPLE}-ranlib CACHE FILEPATH "")
set(CMAKE_STRIP ${ACCEL_CROSS_TRIPLE}-strip CACHE FILEPATH "")
set(CMAKE_LIBRARY_ARCHITECTURE ${ACCEL_CROSS_TRIPLE})

# Libraries and headers from the sysroot only; programs from the host.
set(CMAKE_FIND_ROOT_PATH "${ACCEL_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config reads the arm64 .pc files and prefixes their paths.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${ACCEL_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR}
	"${ACCEL_SYSROOT}/usr/lib/${ACCEL_CROSS_TRIPLE}/pkgconfig:${ACCEL_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Built programs run only under an emulator, when there is one.
find_program(ACCEL_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(ACCEL_QEMU_AARCH64)
	set(CMAKE_CROSSCOMPILING_EMULATOR "${ACCEL_QEMU_AARCH64};-L;${ACCEL_SYSROOT}")
endif()
