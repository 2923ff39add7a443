// SPDX-License-Identifier: MIT
/*
 * accel_device_usage() and accel_process_usage() on the emulated Meteor
 * Lake NPU (accel0): the ivpu sysfs attributes, npu_busy_time_us growing
 * with jobs, and this process's own file of the node in /proc.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <accel/ivpudv.h>

#include "shim_test.h"

#define PAGE 4096ull

static struct accel_device **devs;

static struct accel_device *npu0(void)
{
	int i, n;

	devs = accel_get_device_list(&n);
	assert_non_null(devs);
	for (i = 0; devs[i]; i++)
		if (!strcmp(accel_device_name(devs[i]), "accel0"))
			return devs[i];
	fail_msg("no accel0");
	return NULL;
}

/* a command BO holding one BARRIER at 0 */
static struct accel_bo *cmd_alloc(struct accel_context *ctx)
{
	struct ivpudv_cmd_buffer_header h = {
		.cmd_buffer_size = sizeof(h) + sizeof(struct ivpudv_cmd_barrier),
		.cmd_offset = sizeof(h),
	};
	struct ivpudv_cmd_barrier b = { .header = { IVPUDV_CMD_BARRIER, sizeof(b) } };
	struct accel_bo_alloc_args a = { .size = PAGE, .usage = ACCEL_BO_USAGE_COMMAND };
	struct accel_bo *bo = accel_bo_alloc_ex(ctx, &a, sizeof(a));
	uint8_t *p;

	assert_non_null(bo);
	p = accel_bo_map(bo);
	assert_non_null(p);
	memcpy(p, &h, sizeof(h));
	memcpy(p + sizeof(h), &b, sizeof(b));
	return bo;
}

static void run_job(struct accel_queue *q, struct accel_bo *cmd)
{
	struct accel_submit s = { .cmd_bo = cmd, .cmd_size = 64 };
	uint64_t seq;

	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(accel_wait(q, seq, 5000000000ll), 0);
}

static void test_usage_ivpu_busy(void **state)
{
	struct accel_device *dev = npu0();
	struct accel_usage u0, u1, u2;
	struct accel_context *ctx;
	struct accel_queue *q;
	struct accel_bo *cmd;
	const uint64_t want = ACCEL_USAGE_BUSY_TIME | ACCEL_USAGE_MEM_USED |
			      ACCEL_USAGE_CLOCK | ACCEL_USAGE_CLOCK_MAX;

	(void)state;
	assert_int_equal(accel_device_usage(dev, &u0, sizeof(u0)), 0);
	assert_int_equal(u0.present & want, want);
	assert_int_equal(u0.busy_ns, 0);
	assert_int_equal(u0.clock_max_mhz, 1400);
	ctx = accel_open_device(dev);
	assert_non_null(ctx);
	q = accel_queue_create(ctx, NULL);
	assert_non_null(q);
	cmd = cmd_alloc(ctx);
	run_job(q, cmd);
	assert_int_equal(accel_device_usage(dev, &u1, sizeof(u1)), 0);
	/* one 1 ms job, counted in whole microseconds */
	assert_true(u1.busy_ns >= 1000000);
	assert_true(u1.busy_ns <= (uint64_t)(u1.timestamp_ns - u0.timestamp_ns));
	run_job(q, cmd);
	assert_int_equal(accel_device_usage(dev, &u2, sizeof(u2)), 0);
	assert_true(u2.busy_ns >= u1.busy_ns + 1000000);
	assert_int_equal(accel_bo_free(cmd), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	accel_free_device_list(devs);
}

/* the real /proc: this process's fd of accel0, matched by its node path */
static void test_usage_ivpu_process(void **state)
{
	struct accel_device *dev = npu0();
	struct accel_client_usage c[8];
	struct accel_context *ctx;
	int n, i, mine = 0;

	(void)state;
	ctx = accel_open_device(dev);
	assert_non_null(ctx);
	n = accel_process_usage(devs, getpid(), c, 8, sizeof(c[0]));
	assert_true(n >= 1);
	for (i = 0; i < n && i < 8; i++) {
		if (c[i].dev != dev)
			continue;
		mine++;
		assert_int_equal(c[i].pid, getpid());
		assert_int_equal(c[i].uid, getuid());
		assert_string_equal(c[i].driver, "intel_vpu");
		/* the emulated node's fdinfo is a plain file's: no drm-* keys */
		assert_false(c[i].present & ACCEL_CLIENT_DRM_KEYS);
	}
	assert_int_equal(mine, 1);
	/* all processes: ours is among them */
	assert_true(accel_process_usage(devs, 0, NULL, 0, 0) >= 1);
	assert_int_equal(accel_close_device(ctx), 0);
	accel_free_device_list(devs);
}

SHIM_TEST_LIST(cmocka_unit_test(test_usage_ivpu_busy),
	       cmocka_unit_test(test_usage_ivpu_process));
