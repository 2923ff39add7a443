// SPDX-License-Identifier: MIT
/*
 * main() of the shim-tier tests: "prog CASE" runs one case, "prog" all of
 * them (ctest runs one case per process).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shim_test.h"

static struct accel_device **list;

struct accel_device *shim_device(const char *name, const char *driver)
{
	int i, n = 0;

	if (!list)
		list = accel_get_device_list(&n);
	assert_non_null(list);
	for (i = 0; list[i]; i++)
		if ((!name || !strcmp(accel_device_name(list[i]), name)) &&
		    (!driver || !strcmp(accel_device_driver(list[i]), driver)))
			return list[i];
	fail_msg("no emulated %s device %s", driver ? driver : "", name ? name : "");
	return NULL;
}

static struct accel_context *open_dev(struct accel_device *dev)
{
	struct accel_context *ctx = accel_open_device(dev);

	if (!ctx)
		fail_msg("accel_open_device: %s", strerror(errno));
	return ctx;
}

struct accel_context *shim_open(const char *name, const char *driver)
{
	return open_dev(shim_device(name, driver));
}

void shim_close(struct accel_context *ctx)
{
	assert_int_equal(accel_close_device(ctx), 0);
	shim_put_devices();
}

struct accel_device *shim_hl_device(int minor)
{
	char name[32];

	snprintf(name, sizeof(name), "accel%d", minor);
	return shim_device(name, "habanalabs");
}

struct accel_context *shim_hl_open(int minor)
{
	return open_dev(shim_hl_device(minor));
}

void shim_put_devices(void)
{
	if (list)
		accel_free_device_list(list);
	list = NULL;
}

const char *shim_node(const char *name)
{
	static __thread char path[512];

	snprintf(path, sizeof(path), "%s/dev/accel/%s", accel_shim_root(), name);
	return path;
}

int main(int argc, char **argv)
{
	size_t i;
	int ret;

	if (argc < 2)
		return _cmocka_run_group_tests("shim", shim_tests, shim_num_tests, NULL, NULL);
	for (i = 0; i < shim_num_tests; i++) {
		if (strcmp(shim_tests[i].name, argv[1]))
			continue;
		ret = _cmocka_run_group_tests(argv[1], &shim_tests[i], 1, NULL, NULL);
		shim_put_devices();
		return ret;
	}
	fprintf(stderr, "%s: no test case '%s'\n", argv[0], argv[1]);
	return 1;
}
