// SPDX-License-Identifier: MIT
/*
 * The hot-plug monitor's contract without a device: lifetime, fds and bad
 * input. Real add/remove events come from the vm tier (vgem). Skipped
 * (exit 77) where no uevent socket can be made.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

static struct accel_monitor *create_or_skip(void)
{
	struct accel_monitor *mon = accel_monitor_create();

	if (!mon) {
		print_message("skipped: no uevent socket: %s\n", strerror(errno));
		exit(77);
	}
	return mon;
}

static void test_create_destroy(void **state)
{
	struct accel_monitor *mon = create_or_skip();
	struct accel_monitor *mon2 = create_or_skip();
	int fd = accel_monitor_get_fd(mon);

	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_not_equal(accel_monitor_get_fd(mon2), fd);
	assert_int_equal(accel_monitor_destroy(mon), 0);
	assert_int_equal(accel_monitor_destroy(mon), -ESTALE);
	assert_int_equal(accel_monitor_get_fd(mon), -ESTALE);
	assert_int_equal(accel_monitor_destroy(mon2), 0);
}

static void test_receive_nothing_pending(void **state)
{
	struct accel_monitor *mon = create_or_skip();
	struct accel_monitor_event ev;
	int i;

	/* no accelerator comes or goes here: 0 and no wait */
	for (i = 0; i < 3; i++)
		assert_int_equal(accel_monitor_receive(mon, &ev, sizeof(ev)), 0);
	assert_int_equal(accel_monitor_destroy(mon), 0);
}

static void test_bad_args(void **state)
{
	struct accel_monitor *mon = create_or_skip();
	struct accel_monitor_event ev;
	char junk[4096] = { 0 };

	assert_int_equal(accel_monitor_destroy(NULL), -EINVAL);
	assert_int_equal(accel_monitor_get_fd(NULL), -EINVAL);
	assert_int_equal(accel_monitor_receive(NULL, &ev, sizeof(ev)), -EINVAL);
	assert_int_equal(accel_monitor_receive(mon, NULL, sizeof(ev)), -EINVAL);
	assert_int_equal(accel_monitor_receive(mon, &ev, 0), -EINVAL);
	assert_int_equal(accel_monitor_receive(mon, &ev, sizeof(ev.type)), -EINVAL);
	assert_int_equal(accel_monitor_get_fd((struct accel_monitor *)junk), -ESTALE);
	assert_int_equal(accel_monitor_destroy((struct accel_monitor *)junk), -ESTALE);
	/* a monitor is no context, and the other way round */
	assert_int_equal(accel_close_device((struct accel_context *)mon), -ESTALE);
	assert_int_equal(accel_monitor_destroy(mon), 0);
	assert_int_equal(accel_monitor_receive(mon, &ev, sizeof(ev)), -ESTALE);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_create_destroy),
	cmocka_unit_test(test_receive_nothing_pending),
	cmocka_unit_test(test_bad_args),
};

UNIT_MAIN(tests, unit_env_test_providers)
