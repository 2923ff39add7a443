// SPDX-License-Identifier: MIT
/*
 * Contexts: open and close through the test providers, bad input, and the
 * extensible accel_device_attr at every size.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static struct fake_sys fs;
static struct accel_device **list;

/* accel0, accel1: testdrv; accel2: testmin (open and close only) */
static int setup(void **state)
{
	struct fake_dev d = fake_testdrv();
	int n = 0;

	fake_sys_init(&fs);
	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	d.driver = "testmin";
	d.device = 0x5678;
	fake_add_accel(&fs, 2, &d);
	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, 3);
	return 0;
}

static int teardown(void **state)
{
	accel_free_device_list(list);
	list = NULL;
	fake_sys_fini(&fs);
	return 0;
}

static void test_open_close(void **state)
{
	struct accel_context *ctx = accel_open_device(list[0]);

	assert_non_null(ctx);
	assert_ptr_equal(accel_context_device(ctx), list[0]);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_open_bad_args(void **state)
{
	char junk[8192] = { 0 };

	errno = 0;
	assert_null(accel_open_device(NULL));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(accel_open_device((struct accel_device *)junk));
	assert_int_equal(errno, ESTALE);
	/* a list is not a device */
	errno = 0;
	assert_null(accel_open_device((struct accel_device *)list));
	assert_int_equal(errno, ESTALE);
}

static void test_close_bad_args(void **state)
{
	struct accel_context *ctx = accel_open_device(list[0]);

	assert_non_null(ctx);
	assert_int_equal(accel_close_device(NULL), -EINVAL);
	assert_int_equal(accel_close_device((struct accel_context *)list[0]), -ESTALE);
	assert_int_equal(accel_close_device(ctx), 0);
	assert_int_equal(accel_close_device(ctx), -ESTALE);
}

static void test_provider_gets_the_node(void **state)
{
	struct accel_context *c0, *c1;
	struct accel_device_attr attr;

	/* testdrv reads the fd the core opened: each node has its own text */
	c0 = accel_open_device(list[0]);
	c1 = accel_open_device(list[1]);
	assert_non_null(c0);
	assert_non_null(c1);
	assert_int_equal(accel_query_device(c1, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.fw_version, "fw-accel1");
	assert_int_equal(accel_query_device(c0, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.fw_version, "fw-accel0");
	assert_int_equal(accel_close_device(c0), 0);
	assert_int_equal(accel_close_device(c1), 0);
}

static void test_query_attributes(void **state)
{
	struct accel_context *ctx = accel_open_device(list[0]);
	struct accel_device_attr attr;

	assert_non_null(ctx);
	memset(&attr, 0xa5, sizeof(attr));
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_int_equal(attr.comp_mask, 0);
	assert_string_equal(attr.driver, "testdrv");
	assert_string_equal(attr.provider, "testdrv");
	assert_string_equal(attr.card_name, "driver");
	assert_int_equal(attr.pci_vendor_id, 0x1ded);
	assert_int_equal(attr.pci_device_id, 0x1234);
	/* caps follow the ops testdrv has: submit only */
	assert_int_equal(attr.caps, ACCEL_CAP_SUBMIT);
	assert_int_equal(attr.mem_total, 1 << 20);
	assert_int_equal(attr.max_queues, 4);
	/* a plain file answers no DRM_IOCTL_VERSION */
	assert_int_equal(attr.driver_version_major, 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_query_minimal_provider(void **state)
{
	struct accel_context *ctx = accel_open_device(list[2]);
	struct accel_device_attr attr;

	assert_non_null(ctx);
	memset(&attr, 0xa5, sizeof(attr));
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.driver, "testmin");
	assert_string_equal(attr.provider, "testmin");
	assert_int_equal(attr.pci_device_id, 0x5678);
	assert_int_equal(attr.caps, 0);
	assert_string_equal(attr.fw_version, "");
	assert_int_equal(attr.mem_total, 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_query_bad_args(void **state)
{
	struct accel_context *ctx = accel_open_device(list[0]);
	struct accel_device_attr attr;
	char junk[8192] = { 0 };
	size_t sz;

	assert_non_null(ctx);
	assert_int_equal(accel_query_device(ctx, NULL, sizeof(attr)), -EINVAL);
	assert_int_equal(accel_query_device(NULL, &attr, sizeof(attr)), -EINVAL);
	assert_int_equal(accel_query_device((struct accel_context *)junk, &attr,
					    sizeof(attr)), -ESTALE);
	for (sz = 0; sz < sizeof(attr.comp_mask); sz++) {
		memset(&attr, 0xa5, sizeof(attr));
		assert_int_equal(accel_query_device(ctx, &attr, sz), -EINVAL);
		assert_int_equal((unsigned char)attr.driver[0], 0xa5);
	}
	assert_int_equal(accel_close_device(ctx), 0);
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), -ESTALE);
}

static void test_query_size_smaller(void **state)
{
	struct accel_context *ctx = accel_open_device(list[0]);
	struct accel_device_attr attr;

	assert_non_null(ctx);
	memset(&attr, 0xa5, sizeof(attr));
	assert_int_equal(accel_query_device(ctx, &attr,
					    offsetof(struct accel_device_attr, provider)), 0);
	assert_string_equal(attr.driver, "testdrv");
	assert_int_equal((unsigned char)attr.provider[0], 0xa5);
	assert_int_equal(attr.num_engines, 0xa5a5a5a5);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_query_size_bigger(void **state)
{
	struct accel_context *ctx = accel_open_device(list[1]);
	struct {
		struct accel_device_attr attr;
		unsigned char tail[512];
	} big;
	size_t i;

	assert_non_null(ctx);
	memset(&big, 0xa5, sizeof(big));
	assert_int_equal(accel_query_device(ctx, &big.attr, sizeof(big)), 0);
	assert_string_equal(big.attr.fw_version, "fw-accel1");
	assert_int_equal(big.attr.num_engines, 1);
	for (i = 0; i < sizeof(big.tail); i++)
		assert_int_equal(big.tail[i], 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_context_device_bad_args(void **state)
{
	struct accel_context *ctx = accel_open_device(list[1]);

	assert_non_null(ctx);
	assert_ptr_equal(accel_context_device(ctx), list[1]);
	errno = 0;
	assert_null(accel_context_device(NULL));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(accel_context_device((struct accel_context *)list[1]));
	assert_int_equal(errno, ESTALE);
	assert_int_equal(accel_close_device(ctx), 0);
	errno = 0;
	assert_null(accel_context_device(ctx));
	assert_int_equal(errno, ESTALE);
}

static void test_context_outlives_list(void **state)
{
	struct accel_context *ctx = accel_open_device(list[1]);
	struct accel_device_attr attr;
	struct accel_device *dev;

	assert_non_null(ctx);
	accel_free_device_list(list);
	list = NULL;
	/* the context holds its device */
	dev = accel_context_device(ctx);
	assert_non_null(dev);
	assert_string_equal(accel_device_name(dev), "accel1");
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.fw_version, "fw-accel1");
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_two_contexts_one_device(void **state)
{
	struct accel_context *a = accel_open_device(list[0]);
	struct accel_context *b = accel_open_device(list[0]);
	struct accel_device_attr attr;

	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_int_equal(accel_close_device(a), 0);
	assert_int_equal(accel_query_device(b, &attr, sizeof(attr)), 0);
	assert_int_equal(accel_query_device(a, &attr, sizeof(attr)), -ESTALE);
	assert_int_equal(accel_close_device(b), 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_open_close, setup, teardown),
	cmocka_unit_test_setup_teardown(test_open_bad_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_close_bad_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_provider_gets_the_node, setup, teardown),
	cmocka_unit_test_setup_teardown(test_query_attributes, setup, teardown),
	cmocka_unit_test_setup_teardown(test_query_minimal_provider, setup, teardown),
	cmocka_unit_test_setup_teardown(test_query_bad_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_query_size_smaller, setup, teardown),
	cmocka_unit_test_setup_teardown(test_query_size_bigger, setup, teardown),
	cmocka_unit_test_setup_teardown(test_context_device_bad_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_context_outlives_list, setup, teardown),
	cmocka_unit_test_setup_teardown(test_two_contexts_one_device, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
