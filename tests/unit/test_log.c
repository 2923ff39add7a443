// SPDX-License-Identifier: MIT
/*
 * Logging: nothing unless ACCEL_LOG_LEVEL asks, then to ACCEL_LOG_FILE or
 * stderr, filtered by level.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

static struct fake_sys fs;
static char log_path[PATH_MAX];

/* accel0: testdrv; accel1: a driver nobody serves (a warning) */
static int setup(void **state)
{
	struct fake_dev d = fake_testdrv();

	fake_sys_init(&fs);
	fake_add_accel(&fs, 0, &d);
	d.driver = "otherdrv";
	d.device = 0x9999;
	fake_add_accel(&fs, 1, &d);
	fake_path(&fs, "accel.log", log_path, sizeof(log_path));
	return 0;
}

static int teardown(void **state)
{
	fake_sys_fini(&fs);
	return 0;
}

/* a scan with something to say, and what went to stderr meanwhile */
static char *scan_capturing_stderr(void)
{
	struct accel_device **list;
	int n = -1;

	unit_stderr_begin();
	list = accel_get_device_list(&n);
	accel_free_device_list(list);
	assert_non_null(list);
	assert_int_equal(n, 1);
	return unit_stderr_end();
}

static char *read_log(void)
{
	char *text = NULL;
	size_t cap = 0;
	FILE *f = fopen(log_path, "r");

	if (!f)
		return NULL;
	if (getdelim(&text, &cap, 0, f) < 0) {
		free(text);
		text = strdup("");
	}
	fclose(f);
	return text;
}

static void test_silent_by_default(void **state)
{
	char *err;

	unit_setenv("ACCEL_LOG_FILE", log_path);
	err = scan_capturing_stderr();
	assert_string_equal(err, "");
	free(err);
	/* a log file alone does not turn logging on */
	assert_int_equal(access(log_path, F_OK), -1);
}

static void test_debug_to_file(void **state)
{
	char *err, *log;

	unit_setenv("ACCEL_LOG_LEVEL", "debug");
	unit_setenv("ACCEL_LOG_FILE", log_path);
	err = scan_capturing_stderr();
	assert_string_equal(err, "");
	free(err);
	log = read_log();
	assert_non_null(log);
	assert_non_null(strstr(log, "libaccel warning: accel1: no provider for driver 'otherdrv'"));
	assert_non_null(strstr(log, "libaccel debug: loaded provider testdrv"));
	free(log);
}

static void test_numeric_level(void **state)
{
	char *err, *log;

	unit_setenv("ACCEL_LOG_LEVEL", "4");
	unit_setenv("ACCEL_LOG_FILE", log_path);
	err = scan_capturing_stderr();
	free(err);
	log = read_log();
	assert_non_null(log);
	assert_non_null(strstr(log, "libaccel debug: "));
	free(log);
}

static void test_warn_to_stderr(void **state)
{
	char *err;

	unit_setenv("ACCEL_LOG_LEVEL", "warn");
	err = scan_capturing_stderr();
	assert_non_null(strstr(err, "libaccel warning: accel1: no provider for driver 'otherdrv'"));
	/* below the level: not shown */
	assert_null(strstr(err, "debug"));
	free(err);
}

static void test_level_none(void **state)
{
	char *err;

	unit_setenv("ACCEL_LOG_LEVEL", "none");
	unit_setenv("ACCEL_LOG_FILE", log_path);
	err = scan_capturing_stderr();
	assert_string_equal(err, "");
	free(err);
	assert_int_equal(access(log_path, F_OK), -1);
}

static void test_error_level_filters_warnings(void **state)
{
	char *err, *log;

	unit_setenv("ACCEL_LOG_LEVEL", "err");
	unit_setenv("ACCEL_LOG_FILE", log_path);
	err = scan_capturing_stderr();
	assert_string_equal(err, "");
	free(err);
	log = read_log();
	/* the file may exist; it holds no warning */
	assert_true(!log || !strstr(log, "warning"));
	free(log);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_silent_by_default, setup, teardown),
	cmocka_unit_test_setup_teardown(test_debug_to_file, setup, teardown),
	cmocka_unit_test_setup_teardown(test_numeric_level, setup, teardown),
	cmocka_unit_test_setup_teardown(test_warn_to_stderr, setup, teardown),
	cmocka_unit_test_setup_teardown(test_level_none, setup, teardown),
	cmocka_unit_test_setup_teardown(test_error_level_filters_warnings, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
