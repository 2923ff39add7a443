// SPDX-License-Identifier: MIT
/*
 * Description: the number of soft devices comes from ACCEL_SOFT_DEVICES
 * or from soft_devices in soft.conf; the environment wins; bad values
 * fall back to one device.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "soft_test.h"

static int count_soft(void)
{
	struct accel_device **list;
	int i, n, soft = 0;
	char want[16];

	list = accel_get_device_list(&n);
	assert_non_null(list);
	for (i = 0; i < n; i++) {
		if (strcmp(accel_device_driver(list[i]), "soft"))
			continue;
		/* soft devices are named in order */
		snprintf(want, sizeof(want), "soft%d", soft);
		assert_string_equal(accel_device_name(list[i]), want);
		soft++;
	}
	accel_free_device_list(list);
	return soft;
}

static void test_env(void **state)
{
	static const struct { const char *val; int n; } cases[] = {
		{ "3", 3 }, { "0", 0 }, { "64", 64 }, { "1", 1 },
		{ "65", 1 }, { "-1", 1 }, { "abc", 1 }, { "3x", 1 },
		{ " ", 1 }, { "99999999999999999999", 1 },
	};
	struct accel_context *ctx;
	char report[4096];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setenv("ACCEL_SOFT_DEVICES", cases[i].val, 1);
		if (count_soft() != cases[i].n)
			fail_msg("ACCEL_SOFT_DEVICES=%s", cases[i].val);
	}
	/* an empty list says why */
	setenv("ACCEL_SOFT_DEVICES", "0", 1);
	assert_int_equal(count_soft(), 0);
	assert_true(accel_get_scan_report(report, sizeof(report)) > 0);
	if (!strstr(report, "soft: no soft device: ACCEL_SOFT_DEVICES"))
		fail_msg("scan report: %s", report);

	setenv("ACCEL_SOFT_DEVICES", "3", 1);
	ctx = st_open_named("soft2");
	assert_non_null(ctx);
	assert_non_null(accel_bo_alloc(ctx, 4096, 0));
	assert_int_equal(accel_close_device(ctx), 0);
	setenv("ACCEL_SOFT_DEVICES", "1", 1);
}

static char conf_dir[PATH_MAX];

static void write_conf(const char *text)
{
	char path[PATH_MAX + 16];
	FILE *f;

	snprintf(path, sizeof(path), "%s/soft.conf", conf_dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_config_file(void **state)
{
	char path[PATH_MAX + 16];

	const char *tmp = getenv("TMPDIR");

	snprintf(conf_dir, sizeof(conf_dir), "%s/accel-soft-conf-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(conf_dir));
	/* providers are loaded by then; only soft.conf is read from here */
	assert_true(count_soft() >= 0);
	setenv("ACCEL_CONFIG_DIR", conf_dir, 1);
	unsetenv("ACCEL_SOFT_DEVICES");

	assert_int_equal(count_soft(), 1);	/* no file: one device */
	write_conf("# two devices\n\nsoft_devices 2\n");
	assert_int_equal(count_soft(), 2);
	write_conf("  soft_devices\t4  \n");
	assert_int_equal(count_soft(), 4);
	write_conf("soft_devices 2\nsoft_devices 5\n");	/* the last wins */
	assert_int_equal(count_soft(), 5);
	write_conf("soft_devices lots\n");
	assert_int_equal(count_soft(), 1);
	write_conf("soft_devices 0\n");
	assert_int_equal(count_soft(), 0);
	/* a FIFO in its place: refused and reported, never waited on */
	snprintf(path, sizeof(path), "%s/soft.conf", conf_dir);
	unlink(path);
	assert_int_equal(mkfifo(path, 0600), 0);
	alarm(20);
	assert_int_equal(count_soft(), 1);
	alarm(0);
	{
		char report[4096];

		assert_true(accel_get_scan_report(report, sizeof(report)) > 0);
		if (!strstr(report, "soft.conf is not a regular file: ignored"))
			fail_msg("scan report: %s", report);
	}
	/* the environment wins over the file */
	setenv("ACCEL_SOFT_DEVICES", "2", 1);
	assert_int_equal(count_soft(), 2);

	unlink(path);
	rmdir(conf_dir);
}

/* A FIFO at /dev/dma_heap/system: allocating refuses, does not block */
static void test_heap_fifo(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	const char *tmp = getenv("TMPDIR");
	struct accel_context *ctx;

	snprintf(dir, sizeof(dir), "%s/accel-soft-dev-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/dma_heap", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/dma_heap/system", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	setenv("ACCEL_DEV_PATH", dir, 1);
	setenv("ACCEL_SOFT_MEMORY", "dma-heap", 1);
	setenv("ACCEL_SOFT_DEVICES", "1", 1);

	alarm(20);
	ctx = st_open_soft();
	errno = 0;
	assert_null(accel_bo_alloc(ctx, 4096, 0));
	assert_int_equal(errno, ENODEV);
	st_assert_reason(NULL);
	alarm(0);
	assert_int_equal(accel_close_device(ctx), 0);

	unsetenv("ACCEL_SOFT_MEMORY");
	unsetenv("ACCEL_DEV_PATH");
	unlink(path);
	snprintf(path, sizeof(path), "%s/dma_heap", dir);
	rmdir(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_config_file),
		cmocka_unit_test(test_heap_fifo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
