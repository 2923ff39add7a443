# accel_provider(NAME SOURCES...)
#   Builds lib<NAME>-accelv<PABI>.so in <build>/lib/libaccel and writes its
#   .driver files (installed one: "driver NAME"; build-tree one: absolute
#   path), or with ACCEL_STATIC_PROVIDERS adds the sources to libaccel.
set(ACCEL_PROVIDER_MAP "${CMAKE_SOURCE_DIR}/cmake/provider.map")
set_property(GLOBAL PROPERTY ACCEL_STATIC_SOURCES "")

function(accel_provider NAME)
	set(srcs ${ARGN})
	if(ACCEL_STATIC_PROVIDERS)
		foreach(s IN LISTS srcs)
			get_filename_component(abs "${s}" ABSOLUTE)
			set_property(GLOBAL APPEND PROPERTY ACCEL_STATIC_SOURCES "${abs}")
		endforeach()
		set_property(GLOBAL APPEND PROPERTY ACCEL_STATIC_DIRS
			"${CMAKE_CURRENT_SOURCE_DIR}")
		return()
	endif()
	set(target accel-prov-${NAME})
	add_library(${target} MODULE ${srcs})
	target_link_libraries(${target} PRIVATE accel Threads::Threads)
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
	file(WRITE "${CMAKE_BINARY_DIR}/etc/libaccel.d/${NAME}.driver"
		"driver ${CMAKE_BINARY_DIR}/lib/libaccel/lib${NAME}\n")
	file(WRITE "${CMAKE_BINARY_DIR}/install-etc/${NAME}.driver"
		"driver ${NAME}\n")
	install(FILES "${CMAKE_BINARY_DIR}/install-etc/${NAME}.driver"
		DESTINATION "${CMAKE_INSTALL_SYSCONFDIR}/libaccel.d")
endfunction()

# Extra libraries a provider needs (static builds link them into libaccel).
function(accel_provider_link NAME)
	if(ACCEL_STATIC_PROVIDERS)
		set_property(GLOBAL APPEND PROPERTY ACCEL_STATIC_LIBS ${ARGN})
	else()
		target_link_libraries(accel-prov-${NAME} PRIVATE ${ARGN})
	endif()
endfunction()

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
