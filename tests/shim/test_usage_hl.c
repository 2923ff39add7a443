// SPDX-License-Identifier: MIT
/*
 * accel_device_usage() on the emulated Gaudi2: the habanalabs provider
 * reads the control node (HL_INFO power, energy, clocks, utilization,
 * DRAM, reset counts), so it answers while this or another process holds
 * the compute node.
 */
#include <errno.h>
#include <string.h>

#include <uapi/drm/habanalabs_accel.h>

#include "accel_shim_hl.h"
#include "shim_test.h"

static void test_usage_hl_power(void **state)
{
	struct accel_device *dev = shim_hl_device(0);
	struct accel_context *ctx;
	struct accel_usage u, u2;
	const uint64_t want = ACCEL_USAGE_UTILIZATION | ACCEL_USAGE_CLOCK |
			      ACCEL_USAGE_CLOCK_MAX | ACCEL_USAGE_POWER |
			      ACCEL_USAGE_ENERGY | ACCEL_USAGE_MEM_USED |
			      ACCEL_USAGE_MEM_TOTAL | ACCEL_USAGE_RESETS;

	(void)state;
	memset(&u, 0xff, sizeof(u));
	assert_int_equal(accel_device_usage(dev, &u, sizeof(u)), 0);
	assert_int_equal(u.present & want, want);
	assert_int_equal(u.power_uw, 60000000);	/* DC power, idle */
	assert_int_equal(u.utilization, 0);
	assert_int_equal(u.clock_mhz, 1000);
	assert_int_equal(u.clock_max_mhz, 1650);
	assert_true(u.mem_total > 0);
	assert_true(u.mem_used <= u.mem_total);
	assert_int_equal(u.resets, 0);
	/* the compute node held: the control node still answers */
	ctx = shim_hl_open(0);
	assert_int_equal(accel_device_usage(dev, &u2, sizeof(u2)), 0);
	assert_int_equal(u2.present & want, want);
	assert_true(u2.energy_uj >= u.energy_uj);
	assert_true(u2.timestamp_ns > u.timestamp_ns);
	/* in reset the firmware's sensors are silent; DRAM and resets answer */
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	assert_int_equal(accel_device_usage(dev, &u2, sizeof(u2)), 0);
	assert_false(u2.present & ACCEL_USAGE_POWER);
	assert_false(u2.present & ACCEL_USAGE_CLOCK);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	assert_int_equal(accel_close_device(ctx), 0);
	shim_put_devices();
}

SHIM_TEST_LIST(cmocka_unit_test(test_usage_hl_power));
