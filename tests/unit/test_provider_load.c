// SPDX-License-Identifier: MIT
/*
 * Provider loading from .driver files: a good provider loads, a provider
 * of another private ABI is refused (by the dynamic linker under the right
 * file name, by the file name otherwise), missing and empty plugins are
 * reported, and all of it reaches the scan report without a word on
 * stderr unless logging is asked for.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

static struct fake_sys fs;

/* accel0: testdrv; accel1: baddrv (only the wrong-ABI provider knows it) */
static int setup(void **state)
{
	struct fake_dev d = fake_testdrv();

	fake_sys_init(&fs);
	fake_add_accel(&fs, 0, &d);
	d.driver = "baddrv";
	d.device = 0xbad;
	fake_add_accel(&fs, 1, &d);
	unit_setenv("ACCEL_CONFIG_DIR", fs.etc);
	return 0;
}

static int teardown(void **state)
{
	fake_sys_fini(&fs);
	return 0;
}

static void driver_file(const char *file, const char *text)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "etc/%s", file);
	fake_write(&fs, rel, text);
}

static struct accel_device **scan(int expect)
{
	struct accel_device **list;
	int n = -1;

	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, expect);
	return list;
}

static void test_driver_file_absolute(void **state)
{
	struct accel_device **list;

	/* the build tree's form: an absolute path without the suffix */
	driver_file("testdrv.driver", "driver " UNIT_PROVIDER_DIR "/libtestdrv\n");
	list = scan(1);
	assert_string_equal(accel_device_provider(list[0]), "testdrv");
	assert_non_null(strstr(unit_report(), "accel1: no provider for driver 'baddrv'"));
	accel_free_device_list(list);
}

static void test_driver_file_by_name(void **state)
{
	struct accel_device **list;
	struct accel_context *ctx;

	/* the installed form: a name, looked up in the provider directory */
	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	driver_file("testdrv.driver", "driver testdrv\n");
	list = scan(1);
	assert_string_equal(accel_device_provider(list[0]), "testdrv");
	ctx = accel_open_device(list[0]);
	assert_non_null(ctx);
	assert_int_equal(accel_close_device(ctx), 0);
	accel_free_device_list(list);
}

static void test_wrong_abi_refused(void **state)
{
	struct accel_device **list;
	const char *report;

	/* libbadabi-accelv1.so: the right name, built for ABI 99 */
	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	driver_file("badabi.driver", "driver badabi\n");
	driver_file("testdrv.driver", "driver testdrv\n");
	list = scan(1);
	assert_string_equal(accel_device_name(list[0]), "accel0");
	report = unit_report();
	assert_non_null(strstr(report, "provider 'badabi': ABI mismatch"));
	assert_non_null(strstr(report, "ACCEL_PRIVATE_99"));
	/* and its device stays unclaimed, with the reason next to it */
	assert_non_null(strstr(report, "accel1: no provider for driver 'baddrv'"));
	accel_free_device_list(list);
}

static void test_other_abi_file_reported(void **state)
{
	struct accel_device **list;
	const char *report;

	/* only libotherabi-accelv99.so exists */
	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	driver_file("otherabi.driver", "driver otherabi\n");
	list = scan(0);
	report = unit_report();
	assert_non_null(strstr(report, "provider 'otherabi': ABI mismatch"));
	assert_non_null(strstr(report, "libotherabi-accelv99.so"));
	assert_non_null(strstr(report, "needs provider ABI " TEST_PABI_STRING));
	accel_free_device_list(list);
}

static void test_missing_provider_reported(void **state)
{
	struct accel_device **list;
	const char *report;

	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	driver_file("nosuch.driver", "driver nosuch\n");
	driver_file("gone.driver", "driver /nonexistent/dir/libgone\n");
	list = scan(0);
	report = unit_report();
	assert_non_null(strstr(report, "provider 'nosuch': " UNIT_PROVIDER_DIR
				       "/libnosuch" TEST_PROVIDER_SUFFIX " not found"));
	assert_non_null(strstr(report, "provider 'gone': cannot load"));
	assert_non_null(strstr(report, "accel0: no provider for driver 'testdrv'"));
	accel_free_device_list(list);
}

static void test_plugin_without_provider(void **state)
{
	struct accel_device **list;

	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	driver_file("noreg.driver", "driver noreg\n");
	list = scan(0);
	assert_non_null(strstr(unit_report(), "provider 'noreg':"));
	assert_non_null(strstr(unit_report(), "registered no provider"));
	accel_free_device_list(list);
}

static void test_report_survives_rescan(void **state)
{
	struct accel_device **list;
	int i;

	/* providers load once; every later scan must still say why */
	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	driver_file("badabi.driver", "driver badabi\n");
	driver_file("nosuch.driver", "driver nosuch\n");
	driver_file("testdrv.driver", "driver testdrv\n");
	for (i = 0; i < 3; i++) {
		const char *report;

		list = scan(1);
		report = unit_report();
		assert_non_null(strstr(report, "provider 'badabi': ABI mismatch"));
		assert_non_null(strstr(report, "provider 'nosuch'"));
		assert_non_null(strstr(report, "accel1: no provider for driver 'baddrv'"));
		/* each reason once */
		assert_null(strstr(strstr(report, "provider 'nosuch'") + 1,
				   "provider 'nosuch'"));
		accel_free_device_list(list);
	}
}

static void test_silent_by_default(void **state)
{
	struct accel_device **list;
	struct accel_context *ctx;
	char *err;

	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	driver_file("badabi.driver", "driver badabi\n");
	driver_file("nosuch.driver", "driver nosuch\n");
	driver_file("otherabi.driver", "driver otherabi\n");
	driver_file("testdrv.driver", "driver testdrv\nbogus line\n");
	fake_unlink(&fs, "dev/accel/accel0");
	unit_stderr_begin();
	list = accel_get_device_list(NULL);
	ctx = list && list[0] ? accel_open_device(list[0]) : NULL;
	err = unit_stderr_end();
	assert_non_null(list);
	assert_null(ctx);
	/* there was plenty to say, all of it in the report */
	assert_true(accel_get_scan_report(NULL, 0) > 0);
	assert_string_equal(err, "");
	free(err);
	accel_free_device_list(list);
}

static void test_driver_file_syntax(void **state)
{
	struct accel_device **list;
	const char *report;

	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	driver_file("testdrv.driver",
		    "# comment\n\n   \t\ndriverx nosuch1\nprovider nosuch2\n"
		    "  driver\ttestdrv   # trailing words are ignored\n");
	/* only *.driver files count, and no hidden ones */
	driver_file("testmin.conf", "driver nosuch3\n");
	driver_file(".hidden.driver", "driver nosuch4\n");
	driver_file("testmin.driver~", "driver nosuch5\n");
	list = scan(1);
	assert_string_equal(accel_device_provider(list[0]), "testdrv");
	report = unit_report();
	assert_null(strstr(report, "nosuch"));
	accel_free_device_list(list);
}

static void test_no_provider_configured(void **state)
{
	struct accel_device **list;

	fake_unlink(&fs, "sys/class/accel/accel0");
	fake_unlink(&fs, "sys/class/accel/accel1");
	list = scan(0);
	assert_non_null(strstr(unit_report(), "no provider is configured"));
	accel_free_device_list(list);
}

/* A FIFO named like a .driver file once blocked the scan in fopen() */
static void test_driver_file_fifo(void **state)
{
	struct accel_device **list;

	fake_mkfifo(&fs, "etc/aaa.driver");
	driver_file("testdrv.driver", "driver testdrv\n");
	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	alarm(20);	/* a hang fails the case instead of the ctest timeout */
	list = scan(1);
	alarm(0);
	assert_string_equal(accel_device_provider(list[0]), "testdrv");
	assert_non_null(strstr(unit_report(), "aaa.driver: a FIFO, not a regular file: ignored"));
	accel_free_device_list(list);
}

static void test_unconfigured_device_reported(void **state)
{
	struct accel_device **list;

	list = scan(0);
	assert_non_null(strstr(unit_report(), "accel0: no provider for driver 'testdrv'"));
	assert_non_null(strstr(unit_report(), "accel1: no provider for driver 'baddrv'"));
	accel_free_device_list(list);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_driver_file_absolute, setup, teardown),
	cmocka_unit_test_setup_teardown(test_driver_file_by_name, setup, teardown),
	cmocka_unit_test_setup_teardown(test_wrong_abi_refused, setup, teardown),
	cmocka_unit_test_setup_teardown(test_other_abi_file_reported, setup, teardown),
	cmocka_unit_test_setup_teardown(test_missing_provider_reported, setup, teardown),
	cmocka_unit_test_setup_teardown(test_plugin_without_provider, setup, teardown),
	cmocka_unit_test_setup_teardown(test_report_survives_rescan, setup, teardown),
	cmocka_unit_test_setup_teardown(test_silent_by_default, setup, teardown),
	cmocka_unit_test_setup_teardown(test_driver_file_syntax, setup, teardown),
	cmocka_unit_test_setup_teardown(test_no_provider_configured, setup, teardown),
	cmocka_unit_test_setup_teardown(test_unconfigured_device_reported, setup, teardown),
	cmocka_unit_test_setup_teardown(test_driver_file_fifo, setup, teardown),
};

/* no environment: each case writes its own .driver files */
UNIT_MAIN(tests, NULL)
