// SPDX-License-Identifier: MIT
/* ACCEL_PROVIDERS and ACCEL_PROVIDER_PATH: the environment's provider list. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static struct fake_sys fs;

/* accel0: testdrv; accel1: testmin */
static int setup(void **state)
{
	struct fake_dev d = fake_testdrv();

	fake_sys_init(&fs);
	fake_add_accel(&fs, 0, &d);
	d.driver = "testmin";
	fake_add_accel(&fs, 1, &d);
	unit_setenv("ACCEL_CONFIG_DIR", fs.etc);
	return 0;
}

static int teardown(void **state)
{
	fake_sys_fini(&fs);
	return 0;
}

static void test_env_list(void **state)
{
	struct accel_device **list;
	int n = -1;

	/* both separators; a missing name does not stop the others */
	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	unit_setenv("ACCEL_PROVIDERS", "nosuch2;testdrv:testmin");
	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, 2);
	assert_string_equal(accel_device_provider(list[0]), "testdrv");
	assert_string_equal(accel_device_provider(list[1]), "testmin");
	assert_non_null(strstr(unit_report(), "provider 'nosuch2'"));
	accel_free_device_list(list);
}

static void test_env_adds_to_driver_files(void **state)
{
	struct accel_device **list;
	char path[PATH_MAX + 32];
	int n = -1;

	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	unit_setenv("ACCEL_PROVIDERS", "testmin");
	snprintf(path, sizeof(path), "%s/testdrv.driver", fs.etc);
	unit_write_file(path, "driver testdrv\n");
	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, 2);
	assert_string_equal(accel_device_provider(list[0]), "testdrv");
	assert_string_equal(accel_device_provider(list[1]), "testmin");
	assert_int_equal(accel_get_scan_report(NULL, 0), 0);
	accel_free_device_list(list);
}

static void test_env_absolute_path(void **state)
{
	struct accel_device **list;
	int n = -1;

	unit_setenv("ACCEL_PROVIDERS", UNIT_PROVIDER_DIR "/libtestmin");
	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, 1);
	assert_string_equal(accel_device_name(list[0]), "accel1");
	assert_string_equal(accel_device_provider(list[0]), "testmin");
	accel_free_device_list(list);
}

static void test_provider_path_elsewhere(void **state)
{
	struct accel_device **list;
	int n = -1;

	/* the providers are not where ACCEL_PROVIDER_PATH says */
	unit_setenv("ACCEL_PROVIDER_PATH", fs.etc);
	unit_setenv("ACCEL_PROVIDERS", "testdrv");
	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, 0);
	assert_non_null(strstr(unit_report(), "provider 'testdrv':"));
	assert_non_null(strstr(unit_report(), "not found"));
	accel_free_device_list(list);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_env_list, setup, teardown),
	cmocka_unit_test_setup_teardown(test_env_adds_to_driver_files, setup, teardown),
	cmocka_unit_test_setup_teardown(test_env_absolute_path, setup, teardown),
	cmocka_unit_test_setup_teardown(test_provider_path_elsewhere, setup, teardown),
};

UNIT_MAIN(tests, NULL)
