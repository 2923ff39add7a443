// SPDX-License-Identifier: MIT
/*
 * Logging: nothing unless ACCEL_LOG_LEVEL or accel_set_log_level() asks,
 * then to ACCEL_LOG_FILE, stderr or the application's callback, filtered
 * by level; the level set through the API wins over the environment.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
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

/* what the log callback saw */
struct seen {
	int calls;
	enum accel_log_level level;
	char text[4096];
};

static void log_cb(enum accel_log_level level, const char *msg, void *arg)
{
	struct seen *s = arg;
	size_t n = strlen(s->text);

	s->calls++;
	s->level = level;
	snprintf(s->text + n, sizeof(s->text) - n, "%s\n", msg);
}

static void test_log_fn_gets_reasons(void **state)
{
	struct seen seen = { 0 };
	char *err;

	accel_set_log_level(ACCEL_LOG_DEBUG);
	assert_int_equal(accel_get_log_level(), ACCEL_LOG_DEBUG);
	accel_set_log_fn(log_cb, &seen);
	unit_stderr_begin();
	/* a refused call logs its reason at debug, to the callback only */
	assert_int_equal(accel_bo_free(NULL), -EINVAL);
	err = unit_stderr_end();
	assert_string_equal(err, "");
	free(err);
	assert_true(seen.calls > 0);
	assert_int_equal(seen.level, ACCEL_LOG_DEBUG);
	assert_non_null(strstr(seen.text, "accel_bo_free: bo is NULL"));
	/* no trailing newline is handed over */
	assert_null(strstr(seen.text, "\n\n"));
	/* NULL gives stderr back */
	accel_set_log_fn(NULL, NULL);
	seen.calls = 0;
	unit_stderr_begin();
	assert_int_equal(accel_queue_destroy(NULL), -EINVAL);
	err = unit_stderr_end();
	assert_int_equal(seen.calls, 0);
	assert_non_null(strstr(err, "libaccel debug: "));
	assert_non_null(strstr(err, "accel_queue_destroy"));
	free(err);
}

static void test_log_fn_filtered_by_level(void **state)
{
	struct seen seen = { 0 };
	char *err;

	accel_set_log_fn(log_cb, &seen);
	accel_set_log_level(ACCEL_LOG_WARN);
	assert_int_equal(accel_bo_free(NULL), -EINVAL);
	assert_int_equal(seen.calls, 0);
	/* a scan with a warning gets through, to the callback only */
	err = scan_capturing_stderr();
	assert_string_equal(err, "");
	free(err);
	assert_true(seen.calls > 0);
	assert_int_equal(seen.level, ACCEL_LOG_WARN);
	assert_non_null(strstr(seen.text, "no provider for driver 'otherdrv'"));
	assert_null(strstr(seen.text, "loaded provider"));
	accel_set_log_fn(NULL, NULL);
}

/*
 * accel_set_log_fn() hands over only when the old callback is done: a
 * callback still running in another thread when the program swaps it
 * out has returned by the time the swap does, so its argument may go.
 */
struct slow {
	atomic_int entered;
	atomic_int done;
};

static void slow_cb(enum accel_log_level level, const char *msg, void *arg)
{
	struct slow *s = arg;

	(void)level;
	(void)msg;
	if (atomic_fetch_add(&s->entered, 1))
		return;
	usleep(200 * 1000);
	atomic_store(&s->done, 1);
}

static void *log_one(void *arg)
{
	(void)arg;
	accel_bo_free(NULL);	/* logs its reason at debug */
	return NULL;
}

static void swap_cb(enum accel_log_level level, const char *msg, void *arg)
{
	(void)level;
	(void)msg;
	/* from inside a callback: must not wait for itself */
	accel_set_log_fn(NULL, NULL);
	(*(int *)arg)++;
}

static void test_log_fn_swap_waits_for_callbacks(void **state)
{
	struct slow s = { 0 };
	pthread_t t;
	int swapped = 0;

	(void)state;
	accel_set_log_level(ACCEL_LOG_DEBUG);
	accel_set_log_fn(slow_cb, &s);
	assert_int_equal(pthread_create(&t, NULL, log_one, NULL), 0);
	while (!atomic_load(&s.entered))
		usleep(1000);
	accel_set_log_fn(NULL, NULL);
	assert_int_equal(atomic_load(&s.done), 1);
	pthread_join(t, NULL);
	accel_set_log_fn(swap_cb, &swapped);
	unit_stderr_begin();
	assert_int_equal(accel_bo_free(NULL), -EINVAL);
	free(unit_stderr_end());
	assert_int_equal(swapped, 1);
	accel_set_log_level(ACCEL_LOG_NONE);
}

static void test_api_level_wins_over_env(void **state)
{
	struct seen seen = { 0 };
	char *err;

	unit_setenv("ACCEL_LOG_LEVEL", "debug");
	assert_int_equal(accel_get_log_level(), ACCEL_LOG_DEBUG);
	accel_set_log_level(ACCEL_LOG_NONE);
	assert_int_equal(accel_get_log_level(), ACCEL_LOG_NONE);
	accel_set_log_fn(log_cb, &seen);
	err = scan_capturing_stderr();
	assert_string_equal(err, "");
	free(err);
	assert_int_equal(accel_bo_free(NULL), -EINVAL);
	assert_int_equal(seen.calls, 0);
	/* out-of-range levels are clamped */
	accel_set_log_level((enum accel_log_level)42);
	assert_int_equal(accel_get_log_level(), ACCEL_LOG_DEBUG);
	accel_set_log_level((enum accel_log_level)-3);
	assert_int_equal(accel_get_log_level(), ACCEL_LOG_NONE);
	accel_set_log_fn(NULL, NULL);
}

static void test_api_level_turns_on(void **state)
{
	struct seen seen = { 0 };

	unit_setenv("ACCEL_LOG_LEVEL", "none");
	accel_set_log_level(ACCEL_LOG_DEBUG);
	accel_set_log_fn(log_cb, &seen);
	assert_int_equal(accel_bo_free(NULL), -EINVAL);
	assert_true(seen.calls > 0);
	assert_non_null(strstr(seen.text, "bo is NULL"));
	accel_set_log_fn(NULL, NULL);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_silent_by_default, setup, teardown),
	cmocka_unit_test_setup_teardown(test_debug_to_file, setup, teardown),
	cmocka_unit_test_setup_teardown(test_numeric_level, setup, teardown),
	cmocka_unit_test_setup_teardown(test_warn_to_stderr, setup, teardown),
	cmocka_unit_test_setup_teardown(test_level_none, setup, teardown),
	cmocka_unit_test_setup_teardown(test_error_level_filters_warnings, setup, teardown),
	cmocka_unit_test_setup_teardown(test_log_fn_gets_reasons, setup, teardown),
	cmocka_unit_test_setup_teardown(test_log_fn_filtered_by_level, setup, teardown),
	cmocka_unit_test_setup_teardown(test_log_fn_swap_waits_for_callbacks, setup, teardown),
	cmocka_unit_test_setup_teardown(test_api_level_wins_over_env, setup, teardown),
	cmocka_unit_test_setup_teardown(test_api_level_turns_on, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
