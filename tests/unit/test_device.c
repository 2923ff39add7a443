// SPDX-License-Identifier: MIT
/*
 * Bad input to the device calls: NULL, foreign and freed pointers, freed
 * lists, and the extensible accel_device_info at every size.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static struct fake_sys fs;
static struct accel_device **list;

static int setup(void **state)
{
	struct fake_dev d = fake_testdrv();
	int n = 0;

	fake_sys_init(&fs);
	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, 2);
	return 0;
}

static int teardown(void **state)
{
	accel_free_device_list(list);
	list = NULL;
	fake_sys_fini(&fs);
	return 0;
}

typedef const char *(*getter_fn)(const struct accel_device *);

static const getter_fn getters[] = {
	accel_device_name, accel_device_driver, accel_device_node,
	accel_device_provider, accel_device_bus_id,
};

static void test_getters_null(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(getters) / sizeof(getters[0]); i++) {
		errno = 0;
		assert_null(getters[i](NULL));
		assert_int_equal(errno, EINVAL);
	}
}

static void test_getters_foreign_pointer(void **state)
{
	/* not a device: a stack object, and a live object of another type */
	char junk[8192] = { 0 };
	const struct accel_device *bad[] = {
		(const struct accel_device *)junk,
		(const struct accel_device *)list,
	};
	size_t i, j;

	for (j = 0; j < 2; j++) {
		for (i = 0; i < sizeof(getters) / sizeof(getters[0]); i++) {
			errno = 0;
			assert_null(getters[i](bad[j]));
			assert_int_equal(errno, ESTALE);
		}
	}
}

static void test_getters_valid(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(getters) / sizeof(getters[0]); i++)
		assert_non_null(getters[i](list[1]));
	assert_string_equal(accel_device_name(list[1]), "accel1");
}

static void test_info_bad_args(void **state)
{
	struct accel_device_info info;
	char junk[8192] = { 0 };

	assert_int_equal(accel_device_get_info(list[0], NULL, sizeof(info)), -EINVAL);
	assert_int_equal(accel_device_get_info(NULL, &info, sizeof(info)), -EINVAL);
	assert_int_equal(accel_device_get_info((struct accel_device *)junk, &info,
					       sizeof(info)), -ESTALE);
	assert_int_equal(accel_device_get_info((struct accel_device *)list, &info,
					       sizeof(info)), -ESTALE);
}

static void test_info_size_too_small(void **state)
{
	struct accel_device_info info;
	size_t sz;

	for (sz = 0; sz < sizeof(info.flags); sz++) {
		memset(&info, 0xa5, sizeof(info));
		assert_int_equal(accel_device_get_info(list[0], &info, sz), -EINVAL);
		assert_int_equal(info.flags, 0xa5a5a5a5);
	}
}

static void test_info_size_smaller(void **state)
{
	struct accel_device_info info;
	size_t sz = offsetof(struct accel_device_info, pci_device_id);

	/* an old caller's shorter struct: the rest is not written */
	memset(&info, 0xa5, sizeof(info));
	assert_int_equal(accel_device_get_info(list[0], &info, sz), 0);
	assert_int_equal(info.flags, 0);
	assert_int_equal(info.pci_vendor_id, 0x1ded);
	assert_int_equal(info.pci_device_id, 0xa5a5a5a5);
	assert_int_equal((unsigned char)info.modalias[0], 0xa5);
}

static void test_info_size_bigger(void **state)
{
	struct {
		struct accel_device_info info;
		unsigned char tail[256];
	} big;
	size_t i;

	/* a newer caller's longer struct: the fields we do not know are 0 */
	memset(&big, 0xa5, sizeof(big));
	assert_int_equal(accel_device_get_info(list[1], &big.info, sizeof(big)), 0);
	assert_int_equal(big.info.minor, 1);
	assert_int_equal(big.info.pci_device_id, 0x1234);
	for (i = 0; i < sizeof(big.tail); i++)
		assert_int_equal(big.tail[i], 0);
}

static void test_free_list_null_and_foreign(void **state)
{
	struct accel_device *fake[2] = { list[0], NULL };

	accel_free_device_list(NULL);
	/* an array the library did not hand out: ignored, nothing released */
	accel_free_device_list(fake);
	accel_free_device_list((struct accel_device **)list[0]);
	assert_string_equal(accel_device_name(list[0]), "accel0");
	assert_string_equal(accel_device_name(list[1]), "accel1");
}

static void test_free_list_twice(void **state)
{
	struct accel_device **l2;
	int n = 0;

	l2 = accel_get_device_list(&n);
	assert_non_null(l2);
	assert_int_equal(n, 2);
	accel_free_device_list(l2);
	/* the second free is a no-op that touches nothing */
	accel_free_device_list(l2);
	assert_string_equal(accel_device_name(list[0]), "accel0");
	assert_string_equal(accel_device_name(list[1]), "accel1");
}

static void test_lists_are_independent(void **state)
{
	struct accel_device **l2, **l3;
	struct accel_context *ctx;

	l2 = accel_get_device_list(NULL);
	l3 = accel_get_device_list(NULL);
	assert_non_null(l2);
	assert_non_null(l3);
	accel_free_device_list(list);
	list = NULL;
	accel_free_device_list(l2);
	ctx = accel_open_device(l3[1]);
	assert_non_null(ctx);
	assert_int_equal(accel_close_device(ctx), 0);
	list = l3;
}

static void test_scan_report_args(void **state)
{
	struct fake_dev other = fake_testdrv();
	struct accel_device **l2;
	char small[12], buf[1024];
	int full;

	other.driver = "otherdrv";
	other.device = 0x9999;
	fake_add_accel(&fs, 2, &other);
	l2 = accel_get_device_list(NULL);
	assert_non_null(l2);
	accel_free_device_list(l2);

	assert_fail_reason(accel_get_scan_report(NULL, 5), -EINVAL);
	full = accel_get_scan_report(NULL, 0);
	assert_true(full > (int)sizeof(small));
	assert_int_equal(accel_get_scan_report(buf, sizeof(buf)), full);
	assert_int_equal(strlen(buf), (size_t)full);
	assert_non_null(strstr(buf, "accel2: no provider for driver 'otherdrv'"));
	/* truncated like snprintf: terminated, the full length returned */
	memset(small, 'x', sizeof(small));
	assert_int_equal(accel_get_scan_report(small, sizeof(small)), full);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, buf, sizeof(small) - 1);
}

static void test_version(void **state)
{
	const char *v = accel_version();
	unsigned int maj, min, pat;

	assert_non_null(v);
	assert_int_equal(sscanf(v, "%u.%u.%u", &maj, &min, &pat), 3);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_getters_null, setup, teardown),
	cmocka_unit_test_setup_teardown(test_getters_foreign_pointer, setup, teardown),
	cmocka_unit_test_setup_teardown(test_getters_valid, setup, teardown),
	cmocka_unit_test_setup_teardown(test_info_bad_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_info_size_too_small, setup, teardown),
	cmocka_unit_test_setup_teardown(test_info_size_smaller, setup, teardown),
	cmocka_unit_test_setup_teardown(test_info_size_bigger, setup, teardown),
	cmocka_unit_test_setup_teardown(test_free_list_null_and_foreign, setup, teardown),
	cmocka_unit_test_setup_teardown(test_free_list_twice, setup, teardown),
	cmocka_unit_test_setup_teardown(test_lists_are_independent, setup, teardown),
	cmocka_unit_test_setup_teardown(test_scan_report_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_version, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
