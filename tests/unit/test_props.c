// SPDX-License-Identifier: MIT
/*
 * accel_describe_device_props(): what the provider decodes reaches the
 * callback unchanged and grouped, a callback stops the walk, a provider
 * without the op answers EOPNOTSUPP, and bad arguments are refused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static struct fake_sys fs;
static struct accel_device **list;

/* accel0, accel1: testdrv (accel1 with a sysfs property); accel2: testmin */
static int setup(void **state)
{
	struct fake_dev d = fake_testdrv();
	char pci[PATH_MAX], rel[PATH_MAX + 32];
	int n = 0;

	(void)state;
	fake_sys_init(&fs);
	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	fake_pci_dir(1, pci, sizeof(pci));
	snprintf(rel, sizeof(rel), "%s/testdrv_props", pci);
	fake_write(&fs, rel, "hello\n");
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
	(void)state;
	accel_free_device_list(list);
	list = NULL;
	fake_sys_fini(&fs);
	return 0;
}

struct seen {
	int n;
	int stop_at;		/* answer 42 at this property (0: never) */
	char line[8][96];
};

static int collect(const struct accel_prop *p, void *arg)
{
	struct seen *s = arg;
	char *l;

	if (s->n >= 8)
		return -1;
	l = s->line[s->n++];
	if (p->type == ACCEL_PROP_STRING)
		snprintf(l, sizeof(s->line[0]), "%s.%s=%s%s%s", p->group, p->key, p->s,
			 p->unit ? " " : "", p->unit ? p->unit : "");
	else
		snprintf(l, sizeof(s->line[0]), "%s.%s=%llu", p->group, p->key,
			 (unsigned long long)p->u);
	return s->n == s->stop_at ? 42 : 0;
}

static void test_props_values(void **state)
{
	struct accel_device_info info;
	struct seen s = { 0 };
	char want[96];

	(void)state;
	assert_int_equal(accel_device_get_info(list[1], &info, sizeof(info)), 0);
	assert_int_equal(accel_describe_device_props(list[1], collect, &s), 0);
	assert_int_equal(s.n, 4);
	snprintf(want, sizeof(want), "ids.minor=%u", info.minor);
	assert_string_equal(s.line[0], want);
	snprintf(want, sizeof(want), "ids.pci_device=%u", info.pci_device_id);
	assert_string_equal(s.line[1], want);
	snprintf(want, sizeof(want), "text.name=%s", accel_device_name(list[1]));
	assert_string_equal(s.line[2], want);
	assert_string_equal(s.line[3], "text.sysfs=hello text");
	/* accel0 has no sysfs property: one fewer */
	memset(&s, 0, sizeof(s));
	assert_int_equal(accel_describe_device_props(list[0], collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.line[0], "ids.minor=0");
}

static void test_props_stop(void **state)
{
	struct seen s = { .stop_at = 2 };

	(void)state;
	assert_int_equal(accel_describe_device_props(list[1], collect, &s), 42);
	assert_int_equal(s.n, 2);
}

static void test_props_no_op(void **state)
{
	struct seen s = { 0 };

	(void)state;
	assert_fail_reason(accel_describe_device_props(list[2], collect, &s), -EOPNOTSUPP);
	assert_non_null(strstr(accel_last_error(), "testmin"));
	assert_int_equal(s.n, 0);
}

static void test_props_bad_args(void **state)
{
	char junk[64] = { 0 };
	struct seen s = { 0 };

	(void)state;
	assert_fail_reason(accel_describe_device_props(NULL, collect, &s), -EINVAL);
	assert_fail_reason(accel_describe_device_props(list[0], NULL, &s), -EINVAL);
	assert_fail_reason(accel_describe_device_props((struct accel_device *)junk, collect, &s),
			   -ESTALE);
	assert_int_equal(s.n, 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_props_values, setup, teardown),
	cmocka_unit_test_setup_teardown(test_props_stop, setup, teardown),
	cmocka_unit_test_setup_teardown(test_props_no_op, setup, teardown),
	cmocka_unit_test_setup_teardown(test_props_bad_args, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
