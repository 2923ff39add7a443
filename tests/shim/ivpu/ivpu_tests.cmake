# The ivpu tests of the shim tier: an emulated Meteor Lake (accel0, OS
# scheduling) and Lunar Lake (accel1, hardware scheduling), the ivpu
# provider alone. Included from tests/shim/CMakeLists.txt.
set(_ivpu_env
	"ACCEL_SHIM_DEVICES=mtl,lnl"
	"ACCEL_PROVIDERS=ivpu"
	"ACCEL_PROVIDER_PATH=${CMAKE_BINARY_DIR}/lib/libaccel"
	"ACCEL_CONFIG_DIR=${_shim_conf}")

# shim_ivpu_test(NAME SRC...): one ctest test per cmocka case, as shim_test()
function(shim_ivpu_test name)
	add_executable(${name} ${ARGN} shim_test_main.c shim_test_util.c
		$<TARGET_OBJECTS:accel_shim_obj>)
	target_include_directories(${name} PRIVATE
		"${CMAKE_SOURCE_DIR}/include" ${_shim_includes})
	target_link_libraries(${name} PRIVATE accel ${CMOCKA_LIB}
		${CMAKE_DL_LIBS} Threads::Threads)
	if(TARGET ivpudv)
		target_link_libraries(${name} PRIVATE ivpudv)
	endif()
	set_target_properties(${name} PROPERTIES ENABLE_EXPORTS ON)
	foreach(src IN LISTS ARGN)
		file(READ "${src}" _text)
		string(REGEX MATCHALL "cmocka_unit_test\\([a-z0-9_]+" _cases "${_text}")
		foreach(c IN LISTS _cases)
			string(REPLACE "cmocka_unit_test(" "" case "${c}")
			add_test(NAME shim.${name}.${case} COMMAND ${name} ${case})
			set_tests_properties(shim.${name}.${case} PROPERTIES
				LABELS shim ENVIRONMENT "${_ivpu_env}" TIMEOUT 60
				SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]")
		endforeach()
	endforeach()
endfunction()

shim_ivpu_test(shim_ivpu_uapi test_ivpu_uapi.c)
if(TARGET ivpudv)
	shim_ivpu_test(shim_ivpu_provider test_ivpu_provider.c)
	# accel_device_usage()/accel_process_usage() on the emulated NPU
	shim_ivpu_test(shim_usage_ivpu test_usage_ivpu.c)
endif()

# accel_devinfo (text and JSON) on the emulated Meteor Lake, via LD_PRELOAD
if(TARGET accel_devinfo AND TARGET ivpudv)
	set(_ivpu_preload_first "")
	if(ENABLE_SANITIZERS MATCHES "address")
		execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
			OUTPUT_VARIABLE _ivpu_preload_first OUTPUT_STRIP_TRAILING_WHITESPACE)
	endif()
	add_test(NAME shim.accel_devinfo_ivpu
		COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/ivpu/devinfo_ivpu.sh"
			$<TARGET_FILE:accel_devinfo> $<TARGET_FILE:accel_shim>
			"${_ivpu_preload_first}")
	set_tests_properties(shim.accel_devinfo_ivpu PROPERTIES
		LABELS shim ENVIRONMENT "${_ivpu_env}" TIMEOUT 60)
endif()
