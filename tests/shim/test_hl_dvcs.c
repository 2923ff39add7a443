// SPDX-License-Identifier: MIT
/*
 * hldv's CS types on the emulated Gaudi2: signal and wait CSs as jobs of
 * libaccel queues, reserved signals, engine commands, PCI flushes, and
 * the CS flags of struct hldv_submit_cs.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include <accel/hldv.h>
#include <uapi/drm/habanalabs_accel.h>

#include "accel_shim_hl.h"
#include "shim_test.h"

static struct accel_queue *queue_of(struct accel_context *ctx, uint32_t engine, uint32_t inst)
{
	struct accel_queue_attr attr = {
		.comp_mask = ACCEL_QUEUE_ATTR_ENGINE | ACCEL_QUEUE_ATTR_INSTANCE,
		.engine = engine,
		.instance = inst,
	};
	struct accel_queue *q = accel_queue_create(ctx, &attr);

	assert_non_null(q);
	return q;
}

static void test_dv_signal_wait(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_queue *a = queue_of(ctx, HLDV_ENGINE_EDMA, 0);
	struct accel_queue *b = queue_of(ctx, HLDV_ENGINE_TPC, 0);
	uint64_t s1, s2, k1, k2, w;
	uint16_t cnt = 0;

	(void)state;
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 200000);
	assert_int_equal(hldv_signal(a, &s1, &k1, &cnt), 0);
	assert_int_equal(cnt, 1);
	assert_int_equal(hldv_signal(a, &s2, &k2, &cnt), 0);
	assert_int_equal(cnt, 2);
	assert_int_equal(s2, s1 + 1);
	/* b waits for a's second signal on the device */
	assert_int_equal(hldv_wait_signal(b, k2, &w), 0);
	assert_int_equal(accel_wait(b, w, 0), -ETIMEDOUT);
	assert_int_equal(accel_wait(b, w, 5000000000ll), 0);
	assert_int_equal(accel_wait(a, s2, 0), 0);
	/* the signal is done: the kernel makes no CS, the job is done */
	assert_int_equal(hldv_wait_signal(b, k2, &w), 0);
	assert_int_equal(accel_wait(b, w, 0), 0);
	/* a wait for a CS that is not a signal */
	assert_int_equal(hldv_wait_signal(b, k2 + 100, &w), -EINVAL);
	assert_int_equal(hldv_signal(a, NULL, NULL, NULL), -EINVAL);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	assert_int_equal(accel_queue_destroy(a), 0);
	assert_int_equal(accel_queue_destroy(b), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_dv_cs_flags(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_queue *q = queue_of(ctx, HLDV_ENGINE_PDMA, 0);
	struct accel_job_status js;
	uint64_t kseq = 0, seq;
	struct hldv_submit_cs t = {
		.ext = { .type = HLDV_SUBMIT_EXT_CS, .size = sizeof(t) },
		.type = HLDV_CS_SIGNAL,
		.flags = HLDV_CS_CUSTOM_TIMEOUT | HLDV_CS_SKIP_RESET | HLDV_CS_TIMESTAMP,
		.timeout_s = 1,
		.out_kernel_seq = &kseq,
	};
	struct accel_submit s = { .ext = &t.ext };

	(void)state;
	/* a hung CS with a custom timeout fails when its TDR fires */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_HANG, 0);
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_true(kseq > 0 && kseq != UINT64_MAX);
	assert_int_equal(accel_wait(q, seq, 3000000000ll), -EIO);
	assert_int_equal(accel_job_status(q, seq, &js, sizeof(js)), 0);
	assert_int_equal(js.device_error, -ETIMEDOUT);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	/* unknown type or flags */
	t.type = 7;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	t.type = HLDV_CS_SIGNAL;
	t.flags = 1u << 9;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	/* Gaudi2 has no collective master queue */
	t.flags = 0;
	t.type = HLDV_CS_COLLECTIVE_WAIT;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_dv_reserve(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct hldv_signal_reservation r;

	(void)state;
	assert_int_equal(hldv_reserve_signals(ctx, GAUDI2_QUEUE_ID_PDMA_0_0, 8, &r), 0);
	assert_int_equal(r.handle, 1);
	assert_int_equal(r.next_count, 9);
	assert_int_equal(hldv_unreserve_signals(ctx, r.handle), 0);
	assert_int_equal(hldv_unreserve_signals(ctx, r.handle), -EINVAL);
	assert_int_equal(hldv_reserve_signals(ctx, GAUDI2_QUEUE_ID_NIC_0_0, 8, &r), -EINVAL);
	assert_int_equal(hldv_reserve_signals(ctx, 0, 8, NULL), -EINVAL);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_dv_engines(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	uint32_t cores[1] = { 0 }, tpc[1] = { GAUDI2_DCORE0_ENGINE_ID_TPC_0 };

	(void)state;
	assert_int_equal(hldv_engine_cores(ctx, cores, 1, HL_ENGINE_CORE_HALT), 0);
	assert_int_equal(hldv_engine_cores(ctx, cores, 1, HL_ENGINE_CORE_RUN), 0);
	assert_int_equal(hldv_engine_cores(ctx, cores, 0, HL_ENGINE_CORE_RUN), -EINVAL);
	assert_int_equal(hldv_engines(ctx, tpc, 1, HL_ENGINE_STALL), 0);
	assert_int_equal(hldv_engines(ctx, tpc, 1, HL_ENGINE_RESUME), 0);
	assert_int_equal(hldv_flush_pci_writes(ctx), 0);
	/* in reset: EBUSY, as every CS */
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	assert_int_equal(hldv_flush_pci_writes(ctx), -EBUSY);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	assert_int_equal(accel_close_device(ctx), 0);
}

static volatile uint64_t *raise_ctr;

static void *raise_later(void *arg)
{
	(void)arg;
	usleep(30000);
	*raise_ctr = 7;
	accel_shim_hl_raise_interrupt(0, 50);
	return NULL;
}

static void test_dv_interrupts(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_bo *cq = hldv_cb_alloc(ctx, 4096);
	static volatile uint64_t host_ctr;
	struct hldv_ts_buffer *ts;
	const volatile uint64_t *rec;
	volatile uint64_t *c;
	int64_t when = -1;
	pthread_t t;

	(void)state;
	assert_non_null(cq);
	c = accel_bo_map(cq);
	assert_non_null((void *)c);
	host_ctr = 0;
	assert_int_equal(hldv_wait_interrupt(ctx, 48, &host_ctr, 1, 0, &when), -ETIMEDOUT);
	assert_int_equal(when, 0);
	raise_ctr = &host_ctr;
	assert_int_equal(pthread_create(&t, NULL, raise_later, NULL), 0);
	assert_int_equal(hldv_wait_interrupt(ctx, 50, &host_ctr, 7, 5000000, &when), 0);
	pthread_join(t, NULL);
	assert_true(when > 0);
	raise_ctr = &c[1];
	assert_int_equal(pthread_create(&t, NULL, raise_later, NULL), 0);
	assert_int_equal(hldv_wait_interrupt_cq(ctx, 0xFFF, cq, 1, 7, 5000000, NULL), 0);
	pthread_join(t, NULL);
	assert_int_equal(hldv_wait_interrupt(ctx, 47, &host_ctr, 1, 0, NULL), -EINVAL);

	ts = hldv_ts_buffer_alloc(ctx, 8);
	assert_non_null(ts);
	rec = hldv_ts_buffer_records(ts);
	assert_int_equal(hldv_ts_register(ts, 3, 48, cq, 2, 1), 0);
	assert_int_equal(rec[3], 0);
	c[2] = 1;
	accel_shim_hl_raise_interrupt(0, 48);
	assert_true(rec[3] > 0);
	assert_int_equal(hldv_ts_register(ts, 8, 48, cq, 2, 1), -EINVAL);
	hldv_ts_buffer_free(ts);
	assert_null(hldv_ts_buffer_alloc(ctx, 0));
	assert_int_equal(accel_bo_free(cq), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

SHIM_TEST_LIST(cmocka_unit_test(test_dv_signal_wait),
	       cmocka_unit_test(test_dv_cs_flags),
	       cmocka_unit_test(test_dv_reserve),
	       cmocka_unit_test(test_dv_engines),
	       cmocka_unit_test(test_dv_interrupts));
