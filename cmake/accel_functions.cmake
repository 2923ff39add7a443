# Build recipes shared by libaccel, its public libraries and its providers.

set(ACCEL_PROVIDER_MAP "${CMAKE_SOURCE_DIR}/cmake/provider.map")
set(ACCEL_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/libaccel")
set_property(GLOBAL PROPERTY ACCEL_STATIC_SOURCES "")

# accel_public_library(<target> EXPORT_NAME <name> PC_NAME <pc>
#                      DESCRIPTION <text> [REQUIRES <pc modules>])
#   Makes <target> an installed public library the same way for all of them
#   (libaccel, libaccel_verbs, each dv library): the CMake target
#   libaccel::<name> (in the tree as an alias, installed through the
#   libaccelTargets export set) and <pc>.pc. Each .pc has the project's
#   version, so one number answers for everything one release installs.
function(accel_public_library target)
	cmake_parse_arguments(A "" "EXPORT_NAME;PC_NAME;DESCRIPTION" "REQUIRES" ${ARGN})
	add_library(libaccel::${A_EXPORT_NAME} ALIAS ${target})
	set_target_properties(${target} PROPERTIES EXPORT_NAME ${A_EXPORT_NAME})
	target_include_directories(${target} PUBLIC
		"$<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}/include>"
		"$<BUILD_INTERFACE:${CMAKE_BINARY_DIR}/include>"
		"$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
	install(TARGETS ${target} EXPORT libaccelTargets
		LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
		ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})

	get_target_property(_lib ${target} OUTPUT_NAME)
	if(NOT _lib)
		set(_lib ${target})
	endif()
	list(JOIN A_REQUIRES " " _requires)
	set(_pc "${CMAKE_BINARY_DIR}/pkgconfig/${A_PC_NAME}.pc")
	set(_description "${A_DESCRIPTION}")
	configure_file("${CMAKE_SOURCE_DIR}/cmake/accel_library.pc.in" "${_pc}" @ONLY)
	install(FILES "${_pc}" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endfunction()

# accel_install_package(): libaccelConfig.cmake, libaccelConfigVersion.cmake
#   and the targets of every accel_public_library(). Called once, after all
#   libraries are defined. SameMajorVersion: find_package(libaccel 1.0)
#   accepts any 1.x at least 1.0, as the soname promises.
function(accel_install_package)
	include(CMakePackageConfigHelpers)
	install(EXPORT libaccelTargets NAMESPACE libaccel::
		DESTINATION "${ACCEL_CMAKE_DIR}")
	configure_package_config_file(
		"${CMAKE_SOURCE_DIR}/libaccel/libaccelConfig.cmake.in"
		"${CMAKE_BINARY_DIR}/libaccelConfig.cmake"
		INSTALL_DESTINATION "${ACCEL_CMAKE_DIR}")
	write_basic_package_version_file(
		"${CMAKE_BINARY_DIR}/libaccelConfigVersion.cmake"
		VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
	install(FILES "${CMAKE_BINARY_DIR}/libaccelConfig.cmake"
		"${CMAKE_BINARY_DIR}/libaccelConfigVersion.cmake"
		DESTINATION "${ACCEL_CMAKE_DIR}")
endfunction()

# accel_provider(<name> SOURCES <src>...
#                [DV_LIBRARY <lib> DV_MAP <map> DV_HEADER <hdr>
#                 [DV_SOURCES <src>...] [DV_VERSION <x.y.z>]]
#                [LINK <lib>...])
#   One provider, in one of two shapes:
#   - plugin only: lib<name>-accelv<PABI>.so, a MODULE exporting nothing
#     (target accel-prov-<name>);
#   - with DV_LIBRARY: a public shared library lib<lib>.so.<major> built from
#     SOURCES and DV_SOURCES, exporting what <map> lists (the API of
#     accel/<hdr>), and the plugin a symlink to it, as rdma-core's libmlx5:
#     a process that links the dv library and has libaccel load the plugin
#     holds one copy. Target <lib>, exported as libaccel::<lib without
#     "accel_">, with lib<lib with _ as ->.pc.
#   Both write <name>.driver (build tree: absolute path; installed: "driver
#   <name>"). With ACCEL_STATIC_PROVIDERS, SOURCES and LINK go into libaccel
#   instead; a dv library is then built from DV_SOURCES alone (they reach
#   the provider through the core), or not at all without DV_SOURCES.
function(accel_provider NAME)
	cmake_parse_arguments(P "" "DV_LIBRARY;DV_MAP;DV_HEADER;DV_VERSION"
		"SOURCES;DV_SOURCES;LINK" ${ARGN})
	if(P_UNPARSED_ARGUMENTS)
		message(FATAL_ERROR "accel_provider(${NAME}): unknown ${P_UNPARSED_ARGUMENTS}")
	endif()
	if(P_DV_LIBRARY AND NOT (P_DV_MAP AND P_DV_HEADER))
		message(FATAL_ERROR "accel_provider(${NAME}): DV_LIBRARY needs DV_MAP and DV_HEADER")
	endif()
	if(NOT P_DV_VERSION)
		set(P_DV_VERSION 1.0.0)
	endif()

	if(ACCEL_STATIC_PROVIDERS)
		foreach(s IN LISTS P_SOURCES)
			get_filename_component(abs "${s}" ABSOLUTE)
			set_property(GLOBAL APPEND PROPERTY ACCEL_STATIC_SOURCES "${abs}")
		endforeach()
		set_property(GLOBAL APPEND PROPERTY ACCEL_STATIC_DIRS
			"${CMAKE_CURRENT_SOURCE_DIR}")
		set_property(GLOBAL APPEND PROPERTY ACCEL_STATIC_LIBS ${P_LINK})
		if(P_DV_LIBRARY AND P_DV_SOURCES)
			_accel_dv_library(${P_DV_LIBRARY} "${P_DV_MAP}" "${P_DV_HEADER}"
				"${P_DV_VERSION}" ${P_DV_SOURCES})
		elseif(P_DV_LIBRARY)
			message(STATUS "${NAME}: static provider, no lib${P_DV_LIBRARY} (${P_DV_HEADER})")
		endif()
		return()
	endif()

	set(_plugin "lib${NAME}${ACCEL_PROVIDER_SUFFIX}")
	if(P_DV_LIBRARY)
		set(target ${P_DV_LIBRARY})
		_accel_dv_library(${target} "${P_DV_MAP}" "${P_DV_HEADER}"
			"${P_DV_VERSION}" ${P_SOURCES} ${P_DV_SOURCES})
		target_link_libraries(${target} PRIVATE Threads::Threads ${P_LINK})
		string(REGEX MATCH "^[0-9]+" _so "${P_DV_VERSION}")
		set(_real "lib${P_DV_LIBRARY}.so.${_so}")
		add_custom_command(TARGET ${target} POST_BUILD
			COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/lib/libaccel"
			COMMAND ${CMAKE_COMMAND} -E create_symlink "../${_real}"
				"${CMAKE_BINARY_DIR}/lib/libaccel/${_plugin}")
		install(CODE "
			file(MAKE_DIRECTORY \"\$ENV{DESTDIR}${ACCEL_PROVIDER_DIR}\")
			file(CREATE_LINK \"../${_real}\"
				\"\$ENV{DESTDIR}${ACCEL_PROVIDER_DIR}/${_plugin}\" SYMBOLIC)")
	else()
		set(target accel-prov-${NAME})
		add_library(${target} MODULE ${P_SOURCES})
		accel_hot_path(${target})
		target_link_libraries(${target} PRIVATE accel Threads::Threads ${P_LINK})
		target_include_directories(${target} PRIVATE
			"${CMAKE_SOURCE_DIR}/libaccel" "${CMAKE_SOURCE_DIR}/include"
			"${CMAKE_CURRENT_SOURCE_DIR}")
		set_target_properties(${target} PROPERTIES
			PREFIX "lib" OUTPUT_NAME "${NAME}" SUFFIX "${ACCEL_PROVIDER_SUFFIX}"
			LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/lib/libaccel"
			LINK_DEPENDS "${ACCEL_PROVIDER_MAP}")
		target_link_options(${target} PRIVATE
			"-Wl,--version-script=${ACCEL_PROVIDER_MAP}" ${ACCEL_NO_UNDEFINED})
		install(TARGETS ${target} LIBRARY DESTINATION "${ACCEL_PROVIDER_DIR}")
	endif()

	file(WRITE "${CMAKE_BINARY_DIR}/etc/libaccel.d/${NAME}.driver"
		"driver ${CMAKE_BINARY_DIR}/lib/libaccel/lib${NAME}\n")
	file(WRITE "${CMAKE_BINARY_DIR}/install-etc/${NAME}.driver"
		"driver ${NAME}\n")
	install(FILES "${CMAKE_BINARY_DIR}/install-etc/${NAME}.driver"
		DESTINATION "${CMAKE_INSTALL_SYSCONFDIR}/libaccel.d")
endfunction()

# The libraries on a BO's hot path (libaccel, the providers, their dv
# libraries): -fno-plt calls another library through its GOT entry at once,
# not through a PLT stub's extra jump; a library's calls to its own exported
# functions (accel_ioctl, accel_bo_put, ...) are bound at link time
# (-Bsymbolic-functions), so the compiler may inline them too
# (-fno-semantic-interposition); LTO when ACCEL_LTO. BENCHMARKS.md "Sixth
# pass" has what each bought.
function(accel_hot_path target)
	target_compile_options(${target} PRIVATE -fno-plt
		-fno-semantic-interposition)
	target_link_options(${target} PRIVATE -Wl,-Bsymbolic-functions)
	if(ACCEL_LTO)
		set_property(TARGET ${target} PROPERTY INTERPROCEDURAL_OPTIMIZATION ON)
	endif()
endfunction()

# The public shared library behind accel/<hdr>: its symbols are exactly
# those of <map>; it uses the core's private API like a plugin does.
function(_accel_dv_library lib map hdr version)
	get_filename_component(map "${map}" ABSOLUTE)
	if(NOT EXISTS "${CMAKE_SOURCE_DIR}/include/accel/${hdr}")
		message(FATAL_ERROR "lib${lib}: no include/accel/${hdr}")
	endif()
	string(REGEX MATCH "^[0-9]+" _so "${version}")
	add_library(${lib} SHARED ${ARGN})
	accel_hot_path(${lib})
	target_link_libraries(${lib} PUBLIC accel)
	target_include_directories(${lib} PRIVATE
		"${CMAKE_SOURCE_DIR}/libaccel" "${CMAKE_CURRENT_SOURCE_DIR}")
	set_target_properties(${lib} PROPERTIES
		VERSION ${version} SOVERSION ${_so}
		LINK_DEPENDS "${map}")
	target_link_options(${lib} PRIVATE
		"-Wl,--version-script=${map}" ${ACCEL_NO_UNDEFINED})
	string(REGEX REPLACE "^accel_" "" _export "${lib}")
	string(REPLACE "_" "-" _pc "lib${lib}")
	accel_public_library(${lib} EXPORT_NAME ${_export} PC_NAME ${_pc}
		DESCRIPTION "libaccel direct API of accel/${hdr}" REQUIRES libaccel)
endfunction()

# Static providers: their sources and libraries go into libaccel.
function(accel_finish_static_providers)
	if(NOT ACCEL_STATIC_PROVIDERS)
		return()
	endif()
	get_property(srcs GLOBAL PROPERTY ACCEL_STATIC_SOURCES)
	get_property(dirs GLOBAL PROPERTY ACCEL_STATIC_DIRS)
	get_property(libs GLOBAL PROPERTY ACCEL_STATIC_LIBS)
	target_sources(accel PRIVATE ${srcs})
	target_include_directories(accel PRIVATE ${dirs})
	if(libs)
		target_link_libraries(accel PRIVATE ${libs})
	endif()
endfunction()
