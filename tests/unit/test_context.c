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

	assert_null_reason(accel_open_device(NULL), EINVAL);
	assert_null_reason(accel_open_device((struct accel_device *)junk), ESTALE);
	/* a list is not a device */
	assert_null_reason(accel_open_device((struct accel_device *)list), ESTALE);
}

static void test_close_bad_args(void **state)
{
	struct accel_context *ctx = accel_open_device(list[0]);

	assert_non_null(ctx);
	assert_fail_reason(accel_close_device(NULL), -EINVAL);
	assert_fail_reason(accel_close_device((struct accel_context *)list[0]), -ESTALE);
	assert_int_equal(accel_close_device(ctx), 0);
	assert_fail_reason(accel_close_device(ctx), -ESTALE);
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
	/*
	 * caps follow the ops testdrv has: submit and map; the core adds a
	 * queue fd (its waiter) and in-fences (waited on the CPU)
	 */
	assert_int_equal(attr.caps, ACCEL_CAP_SUBMIT | ACCEL_CAP_HOST_MAP |
			 ACCEL_CAP_QUEUE_FD | ACCEL_CAP_FENCE_IMPORT);
	assert_int_equal(attr.mem_total, 1 << 20);
	assert_int_equal(attr.mem_free, 1 << 20);
	/* the counts come from the list queries */
	assert_int_equal(attr.num_engines, 2);
	assert_int_equal(attr.num_mem_domains, 2);
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
	assert_int_equal(attr.num_engines, 0);
	assert_int_equal(attr.num_mem_domains, 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_query_bad_args(void **state)
{
	struct accel_context *ctx = accel_open_device(list[0]);
	struct accel_device_attr attr;
	char junk[8192] = { 0 };
	size_t sz;

	assert_non_null(ctx);
	assert_fail_reason(accel_query_device(ctx, NULL, sizeof(attr)), -EINVAL);
	assert_fail_reason(accel_query_device(NULL, &attr, sizeof(attr)), -EINVAL);
	assert_fail_reason(accel_query_device((struct accel_context *)junk, &attr,
					      sizeof(attr)), -ESTALE);
	for (sz = 0; sz < sizeof(attr.comp_mask); sz++) {
		memset(&attr, 0xa5, sizeof(attr));
		assert_fail_reason(accel_query_device(ctx, &attr, sz), -EINVAL);
		assert_int_equal((unsigned char)attr.driver[0], 0xa5);
	}
	assert_int_equal(accel_close_device(ctx), 0);
	assert_fail_reason(accel_query_device(ctx, &attr, sizeof(attr)), -ESTALE);
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
	assert_int_equal(big.attr.num_engines, 2);
	for (i = 0; i < sizeof(big.tail); i++)
		assert_int_equal(big.tail[i], 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_context_device_bad_args(void **state)
{
	struct accel_context *ctx = accel_open_device(list[1]);

	assert_non_null(ctx);
	assert_ptr_equal(accel_context_device(ctx), list[1]);
	assert_null_reason(accel_context_device(NULL), EINVAL);
	assert_null_reason(accel_context_device((struct accel_context *)list[1]), ESTALE);
	assert_int_equal(accel_close_device(ctx), 0);
	assert_null_reason(accel_context_device(ctx), ESTALE);
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
	assert_fail_reason(accel_query_device(a, &attr, sizeof(attr)), -ESTALE);
	assert_int_equal(accel_close_device(b), 0);
}

/* a bigger entry than ours: what a newer caller passes */
struct big_domain {
	struct accel_mem_domain d;
	uint8_t tail[24];
};

static void test_mem_domains(void **state)
{
	struct accel_context *ctx = accel_open_device(list[0]);
	struct accel_mem_domain d[4];
	struct big_domain big[2];
	size_t i;

	assert_non_null(ctx);
	/* max 0: the count alone, the array untouched (may be NULL) */
	assert_int_equal(accel_query_mem_domains(ctx, NULL, 0, sizeof(d[0])), 2);
	memset(d, 0xa5, sizeof(d));
	assert_int_equal(accel_query_mem_domains(ctx, d, 0, sizeof(d[0])), 2);
	assert_int_equal(d[0].id, 0xa5a5a5a5);
	/* more room than entries: the rest is not written */
	assert_int_equal(accel_query_mem_domains(ctx, d, 4, sizeof(d[0])), 2);
	assert_int_equal(d[0].id, 0);
	assert_string_equal(d[0].name, "host");
	assert_true(d[0].flags & ACCEL_DOMAIN_COMMAND);
	assert_true(d[0].flags & ACCEL_DOMAIN_HOST_VISIBLE);
	assert_int_equal(d[0].granule, 4096);
	assert_int_equal(d[1].id, 1);
	assert_string_equal(d[1].name, "device");
	assert_true(d[1].flags & ACCEL_DOMAIN_DEVICE_LOCAL);
	assert_int_equal(d[1].free, 1 << 20);
	assert_int_equal(d[2].id, 0xa5a5a5a5);
	/* less room: one entry, still the full count */
	memset(d, 0xa5, sizeof(d));
	assert_int_equal(accel_query_mem_domains(ctx, d, 1, sizeof(d[0])), 2);
	assert_int_equal(d[0].id, 0);
	assert_int_equal(d[1].id, 0xa5a5a5a5);
	/* an older, smaller entry: only its bytes, packed at its stride */
	memset(d, 0xa5, sizeof(d));
	assert_int_equal(accel_query_mem_domains(ctx, d, 2,
				offsetof(struct accel_mem_domain, name)), 2);
	assert_int_equal(d[0].id, 0);
	assert_int_equal(*(uint32_t *)((char *)d +
			 offsetof(struct accel_mem_domain, name)), 1);
	/* a newer, larger entry: ours, then zeros */
	memset(big, 0xa5, sizeof(big));
	assert_int_equal(accel_query_mem_domains(ctx, &big[0].d, 2, sizeof(big[0])), 2);
	assert_string_equal(big[0].d.name, "host");
	assert_string_equal(big[1].d.name, "device");
	for (i = 0; i < sizeof(big[0].tail); i++)
		assert_int_equal(big[0].tail[i] | big[1].tail[i], 0);
	/* bad arguments */
	assert_fail_reason(accel_query_mem_domains(ctx, NULL, 1, sizeof(d[0])), -EINVAL);
	assert_fail_reason(accel_query_mem_domains(ctx, d, 1, 3), -EINVAL);
	assert_fail_reason(accel_query_mem_domains(NULL, d, 1, sizeof(d[0])), -EINVAL);
	assert_fail_reason(accel_query_mem_domains((struct accel_context *)list[0], d, 1,
						   sizeof(d[0])), -ESTALE);
	assert_int_equal(accel_close_device(ctx), 0);
	assert_fail_reason(accel_query_mem_domains(ctx, d, 1, sizeof(d[0])), -ESTALE);
}

static void test_engines(void **state)
{
	struct accel_context *ctx = accel_open_device(list[0]);
	struct accel_engine_info e[3];
	struct {
		struct accel_engine_info e;
		uint32_t tail[3];
	} big[2];

	assert_non_null(ctx);
	assert_int_equal(accel_query_engines(ctx, NULL, 0, sizeof(e[0])), 2);
	memset(e, 0xa5, sizeof(e));
	assert_int_equal(accel_query_engines(ctx, e, 3, sizeof(e[0])), 2);
	assert_string_equal(e[0].name, "inorder");
	assert_int_equal(e[0].flags, ACCEL_ENGINE_IN_ORDER | ACCEL_ENGINE_CMD_BUFFER);
	assert_int_equal(e[0].count, 2);
	assert_int_equal(e[0].min_priority, -1);
	assert_int_equal(e[0].max_priority, 1);
	assert_string_equal(e[1].name, "anyorder");
	assert_int_equal(e[1].id, 1);
	assert_int_equal(e[1].flags, ACCEL_ENGINE_CMD_BUFFER);
	assert_int_equal(e[2].id, 0xa5a5a5a5);
	memset(e, 0xa5, sizeof(e));
	assert_int_equal(accel_query_engines(ctx, e, 2, sizeof(uint32_t)), 2);
	/* two ids packed at a stride of 4 bytes */
	assert_int_equal(((uint32_t *)e)[0], 0);
	assert_int_equal(((uint32_t *)e)[1], 1);
	assert_int_equal(((uint32_t *)e)[2], 0xa5a5a5a5);
	memset(big, 0xa5, sizeof(big));
	assert_int_equal(accel_query_engines(ctx, &big[0].e, 2, sizeof(big[0])), 2);
	assert_string_equal(big[1].e.name, "anyorder");
	assert_int_equal(big[0].tail[0] | big[0].tail[2] | big[1].tail[1], 0);
	assert_fail_reason(accel_query_engines(ctx, NULL, 2, sizeof(e[0])), -EINVAL);
	assert_fail_reason(accel_query_engines(ctx, e, 2, 0), -EINVAL);
	assert_int_equal(accel_close_device(ctx), 0);
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
	cmocka_unit_test_setup_teardown(test_mem_domains, setup, teardown),
	cmocka_unit_test_setup_teardown(test_engines, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
