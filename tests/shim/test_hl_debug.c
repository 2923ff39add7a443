// SPDX-License-Identifier: MIT
/*
 * DEBUG on the emulated Gaudi2 through hldv.h: debug mode and the
 * coresight units' rules (common/habanalabs_ioctl.c: hl_debug_ioctl,
 * debug_coresight; gaudi2/gaudi2_coresight.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <accel/hldv.h>
#include <uapi/drm/habanalabs_accel.h>

#include "shim_test.h"

#define HOST_VA 0xFFF0000000100000ull	/* inside Gaudi2's PMMU range */

static void test_debug_units(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct hldv_debug_etr etr = { .buffer_address = HOST_VA, .buffer_size = 1 << 20 };
	struct hldv_debug_etf etf = { 0 };
	struct hldv_debug_spmu spmu = { .event_types_num = 6 };
	struct hldv_debug_stm stm = { 0 };
	struct hldv_debug_bmon bmon = { 0 };
	uint64_t out[9] = { 0 }, wp = 0;

	(void)state;
	/* outside debug mode: EFAULT */
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_FUNNEL, 0, 1, NULL, 0, NULL, 0),
			 -EFAULT);
	assert_int_equal(hldv_debug_set_mode(ctx, 0), -EFAULT);
	assert_int_equal(hldv_debug_set_mode(ctx, 1), 0);
	assert_int_equal(hldv_debug_set_mode(ctx, 1), -EFAULT);

	/* unit ranges */
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_FUNNEL, 140, 1, NULL, 0, NULL, 0), 0);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_FUNNEL, 141, 1, NULL, 0, NULL, 0),
			 -EINVAL);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_STM, 139, 1, &stm, sizeof(stm),
					      NULL, 0), -EINVAL);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_BMON, 384, 1, &bmon, sizeof(bmon),
					      NULL, 0), 0);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_BMON, 385, 1, &bmon, sizeof(bmon),
					      NULL, 0), -EINVAL);
	/* an enable needs its input */
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_STM, 0, 1, NULL, 0, NULL, 0),
			 -EINVAL);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_STM, 0, 0, NULL, 0, NULL, 0), 0);
	/* an ETF already in the state asked for does not look at the input */
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_ETF, 3, 0, NULL, 0, NULL, 0), 0);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_ETF, 3, 1, NULL, 0, NULL, 0),
			 -EINVAL);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_ETF, 3, 1, &etf, sizeof(etf),
					      NULL, 0), 0);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_ETF, 3, 1, NULL, 0, NULL, 0), 0);
	/* the ETR's buffer: a size, inside a device range */
	etr.buffer_size = 0;
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_ETR, 0, 1, &etr, sizeof(etr),
					      NULL, 0), -EINVAL);
	etr.buffer_size = 1 << 20;
	etr.buffer_address = 0x1000;
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_ETR, 0, 1, &etr, sizeof(etr),
					      NULL, 0), -EINVAL);
	etr.buffer_address = HOST_VA;
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_ETR, 0, 1, &etr, sizeof(etr),
					      NULL, 0), 0);
	/* disabling reads the write pointer back */
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_ETR, 0, 0, NULL, 0, &wp, sizeof(wp)),
			 0);
	assert_int_equal(wp, HOST_VA);
	/* SPMU: at most 6 events, and 6 counters read back */
	spmu.event_types_num = 7;
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_SPMU, 0, 1, &spmu, sizeof(spmu),
					      NULL, 0), -EINVAL);
	spmu.event_types_num = 6;
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_SPMU, 0, 1, &spmu, sizeof(spmu),
					      NULL, 0), 0);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_SPMU, 0, 0, NULL, 0, out, 8 * 8),
			 0);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_SPMU, 0, 0, NULL, 0, out, 9 * 8),
			 -EINVAL);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_SPMU, 137, 0, NULL, 0, NULL, 0),
			 -EINVAL);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_TIMESTAMP, 999, 1, NULL, 0, NULL, 0),
			 0);
	/* leaving debug mode halts the ETFs: enabling needs input again */
	assert_int_equal(hldv_debug_set_mode(ctx, 0), 0);
	assert_int_equal(hldv_debug_set_mode(ctx, 1), 0);
	assert_int_equal(hldv_debug_configure(ctx, HLDV_DEBUG_ETF, 3, 1, NULL, 0, NULL, 0),
			 -EINVAL);
	assert_int_equal(hldv_debug_configure(ctx, 7, 0, 1, NULL, 0, NULL, 0), -EINVAL);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_debug_uapi(void **state)
{
	int fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);
	struct hl_debug_args a = { .op = HL_DEBUG_OP_SET_MODE, .enable = 1 };

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_DEBUG, &a), 0);
	/* an input the kernel cannot read */
	a = (struct hl_debug_args){ .op = HL_DEBUG_OP_STM, .enable = 1, .input_ptr = 8,
				    .input_size = 24 };
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_DEBUG, &a), -1);
	assert_int_equal(errno, EFAULT);
	/* an output it cannot write, after a success */
	a = (struct hl_debug_args){ .op = HL_DEBUG_OP_FUNNEL, .output_ptr = 8,
				    .output_size = 8 };
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_DEBUG, &a), -1);
	assert_int_equal(errno, EFAULT);
	a = (struct hl_debug_args){ .op = 8 };
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_DEBUG, &a), -1);
	assert_int_equal(errno, EINVAL);
	close(fd);
}

SHIM_TEST_LIST(cmocka_unit_test(test_debug_units),
	       cmocka_unit_test(test_debug_uapi));
