// SPDX-License-Identifier: MIT
/*
 * The hldv INFO calls on the emulated Gaudi2: telemetry, error records,
 * counters, PLLs, sync manager, engine status, attestation, firmware
 * requests and device events through an eventfd.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <accel/hldv.h>
#include <uapi/drm/habanalabs_accel.h>

#include "accel_shim_hl.h"
#include "shim_test.h"

static void test_dv_telemetry(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct hldv_telemetry t;

	(void)state;
	assert_int_equal(hldv_query_telemetry(ctx, &t, sizeof(t)), 0);
	assert_int_equal(t.valid, HLDV_TM_IDLE | HLDV_TM_UTILIZATION | HLDV_TM_CLOCKS |
					  HLDV_TM_POWER | HLDV_TM_ENERGY | HLDV_TM_PCI |
					  HLDV_TM_THROTTLE | HLDV_TM_TIME_SYNC |
					  HLDV_TM_DRAM_ROWS);
	assert_int_equal(t.is_idle, 1);
	assert_int_equal(t.power_mw, 60000);
	assert_int_equal(t.utilization, 0);
	assert_int_equal(t.max_clk_mhz, 1650);
	assert_true(t.host_time > 0);
	/* in reset only the throttle state answers */
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	assert_int_equal(hldv_query_telemetry(ctx, &t, sizeof(t)), 0);
	assert_int_equal(t.valid, HLDV_TM_THROTTLE);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	/* a short struct gets its prefix */
	memset(&t, 0xff, sizeof(t));
	assert_int_equal(hldv_query_telemetry(ctx, &t, 8), 0);
	assert_int_equal(t.valid & HLDV_TM_POWER, HLDV_TM_POWER);
	assert_int_equal(t.power_mw, ~0ull);
	assert_int_equal(hldv_query_telemetry(NULL, &t, sizeof(t)), -EINVAL);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_dv_counters(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct hldv_sync_manager sm;
	struct hldv_cs_counters c;
	uint32_t ev[2048];
	uint16_t mhz[4];
	uint64_t mask = 1;
	char buf[4096];
	int n;

	(void)state;
	assert_int_equal(hldv_query_cs_counters(ctx, &c, sizeof(c)), 0);
	assert_int_equal(c.ctx_validation_drop_cnt, 0);
	n = hldv_query_hw_events(ctx, 0, ev, 2048);
	assert_int_equal(n, 1024);
	assert_int_equal(hldv_query_hw_events(ctx, 1, ev, 16), 16);
	assert_int_equal(hldv_query_pll(ctx, HL_GAUDI2_MME_PLL, mhz), 0);
	assert_true(mhz[0] > 0);
	assert_int_equal(hldv_query_pll(ctx, 99, mhz), -EINVAL);
	assert_int_equal(hldv_query_sync_manager(ctx, 0, &sm), 0);
	assert_int_equal(sm.first_sob, 413);
	assert_int_equal(hldv_query_sync_manager(ctx, 8, &sm), -EINVAL);
	assert_int_equal(hldv_query_page_sizes(ctx, &mask), 0);
	assert_int_equal(mask, 0);
	n = hldv_query_engine_status(ctx, buf, sizeof(buf));
	assert_true(n > 0 && n <= (int)sizeof(buf));
	assert_int_equal(hldv_query_engine_status(ctx, buf, 100), -EINVAL);
	assert_int_equal(hldv_fw_request(ctx, HLDV_FW_VERSIONS, buf, 64), 0);
	assert_non_null(strstr(buf, "firmware"));
	assert_int_equal(hldv_fw_request(ctx, 7, buf, 64), -EINVAL);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_dv_attestation(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct hldv_attestation *a = calloc(1, sizeof(*a));
	struct hldv_signed_info *s = calloc(1, sizeof(*s));

	(void)state;
	assert_int_equal(hldv_query_attestation(ctx, 42, a), 0);
	assert_int_equal(a->nonce, 42);
	assert_int_equal(hldv_query_signed_info(ctx, 43, s), 0);
	assert_int_equal(s->nonce, 43);
	free(a);
	free(s);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_dv_events_and_errors(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct hldv_error_records *r = calloc(1, sizeof(*r));
	struct hldv_user_mapping maps[2];
	int efd = eventfd(0, EFD_CLOEXEC);
	struct pollfd pfd = { .fd = efd, .events = POLLIN };
	uint64_t mask;

	(void)state;
	assert_int_equal(hldv_query_errors(ctx, r, sizeof(*r)), 0);
	assert_true(r->last_open_ns > 0);
	assert_int_equal(r->razwi_ns, 0);
	assert_int_equal(hldv_query_user_mappings(ctx, maps, 2), 0);
	assert_int_equal(hldv_event_unregister(ctx), -EINVAL);
	assert_int_equal(hldv_event_register(ctx, efd), 0);
	assert_int_equal(hldv_event_register(ctx, efd), -EINVAL);
	assert_int_equal(poll(&pfd, 1, 0), 0);
	accel_shim_hl_inject(0, SHIM_HL_EV_RAZWI, 0x1000);
	accel_shim_hl_inject(0, SHIM_HL_EV_HW_ERR, 5);
	assert_int_equal(poll(&pfd, 1, 1000), 1);
	assert_int_equal(hldv_get_events(ctx, &mask), 0);
	assert_int_equal(mask, HLDV_EVENT_RAZWI | HLDV_EVENT_CRITICAL_HW_ERR);
	assert_int_equal(hldv_query_errors(ctx, r, sizeof(*r)), 0);
	assert_true(r->razwi_ns > 0);
	assert_int_equal(r->razwi_addr, 0x1000);
	assert_int_equal(r->hw_err_event_id, 5);
	assert_int_equal(r->fw_err_ns, 0);
	assert_int_equal(hldv_event_unregister(ctx), 0);
	free(r);
	close(efd);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_dv_control_node(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_device *dev = shim_hl_device(0);
	struct hldv_error_records *r = calloc(1, sizeof(*r));
	struct hldv_telemetry t;

	(void)state;
	/* the compute node is held; the control node answers the same */
	assert_int_equal(hldv_device_telemetry(dev, &t, sizeof(t)), 0);
	assert_int_equal(t.power_mw, 60000);
	assert_true(t.valid & HLDV_TM_CLOCKS);
	accel_shim_hl_inject(0, SHIM_HL_EV_FW_ERR, HL_INFO_FW_REPORTED_ERR);
	assert_int_equal(hldv_device_errors(dev, r, sizeof(*r)), 0);
	assert_true(r->fw_err_ns > 0);
	assert_int_equal(r->fw_err_type, HL_INFO_FW_REPORTED_ERR);
	assert_int_equal(hldv_device_telemetry(NULL, &t, sizeof(t)), -EINVAL);
	free(r);
	assert_int_equal(accel_close_device(ctx), 0);
	shim_put_devices();
}

SHIM_TEST_LIST(cmocka_unit_test(test_dv_telemetry),
	       cmocka_unit_test(test_dv_counters),
	       cmocka_unit_test(test_dv_attestation),
	       cmocka_unit_test(test_dv_events_and_errors),
	       cmocka_unit_test(test_dv_control_node));
