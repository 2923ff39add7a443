// SPDX-License-Identifier: MIT
/*
 * Cross-queue waits between an amdxdna hardware context (the emulated
 * NPU) and a soft queue: a soft job that waits for an NPU job runs only
 * after it (the soft worker waits for the point), and an NPU job that
 * waits for a soft one is submitted after it (the core's CPU wait: the
 * amdxdna provider takes no wait points).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <accel/amdxdnadv.h>
#include <accel/softdv.h>

#include "accel_shim_xdna.h"
#include "shim_test.h"

static struct accel_device **devs;

static struct accel_context *open_driver(const char *driver)
{
	struct accel_context *ctx;
	int i, n;

	if (!devs)
		devs = accel_get_device_list(&n);
	assert_non_null(devs);
	for (i = 0; devs[i]; i++) {
		if (strcmp(accel_device_driver(devs[i]), driver))
			continue;
		ctx = accel_open_device(devs[i]);
		assert_non_null(ctx);
		return ctx;
	}
	fail_msg("no %s device", driver);
	return NULL;
}

static struct accel_bo *cmd_bo(struct accel_context *ctx)
{
	struct accel_bo_alloc_args a = { .size = 4096, .usage = ACCEL_BO_USAGE_COMMAND };
	struct accel_bo *bo = accel_bo_alloc_ex(ctx, &a, sizeof(a));

	assert_non_null(bo);
	assert_non_null(accel_bo_map(bo));
	return bo;
}

struct npu {
	struct accel_context *ctx;
	struct accel_queue *q;
	struct accel_bo *out, *cmd, *cu;
	uint64_t size;
};

static void npu_up(struct npu *n, uint32_t value)
{
	struct amdxdnadv_cu cus[1];
	struct amdxdnadv_hwctx_attr a = { .num_cus = 1, .cus = cus };
	uint64_t addr;
	uint32_t *p;

	n->ctx = open_driver("amdxdna");
	n->cu = amdxdnadv_bo_alloc(n->ctx, AMDXDNADV_BO_DEV, 4096);
	assert_non_null(n->cu);
	p = accel_bo_map(n->cu);
	p[0] = SHIM_XDNA_KERNEL_FILL;
	cus[0] = (struct amdxdnadv_cu){ .cu_bo = n->cu };
	n->q = amdxdnadv_hwctx_create(n->ctx, &a, sizeof(a));
	assert_non_null(n->q);
	n->out = accel_bo_alloc(n->ctx, 4096, 0);
	assert_non_null(n->out);
	n->cmd = cmd_bo(n->ctx);
	addr = accel_bo_device_addr(n->out);
	n->size = amdxdnadv_ert_start_cu(accel_bo_map(n->cmd), 4096, 1,
					 (uint32_t[]){ (uint32_t)addr, (uint32_t)(addr >> 32),
						       value, 4096 },
					 4);
	assert_int_not_equal(n->size, 0);
}

static int submit(struct accel_queue *q, struct accel_bo *cmd, uint64_t size,
		  struct accel_bo *out, const struct accel_fence_point *after, uint64_t *seqno)
{
	struct accel_bo_ref ref = { .bo = out, .access = ACCEL_ACCESS_WRITE };
	struct accel_submit s = { .cmd_bo = cmd, .cmd_size = size, .bos = &ref, .num_bos = 1 };

	if (after) {
		s.comp_mask = ACCEL_SUBMIT_WAIT;
		s.wait_points = after;
		s.num_wait_points = 1;
	}
	return accel_submit(q, &s, seqno);
}

static void test_xdna_cross_soft_after_npu(void **state)
{
	struct accel_context *soft;
	struct accel_queue *sq;
	struct accel_bo *sout, *scmd;
	struct accel_fence_point after;
	struct npu n;
	uint64_t a, b;
	uint32_t len, *p;

	(void)state;
	npu_up(&n, 0x11111111);
	soft = open_driver("soft");
	sq = accel_queue_create(soft, NULL);
	assert_non_null(sq);
	sout = accel_bo_alloc(soft, 4096, 0);
	assert_non_null(sout);
	scmd = cmd_bo(soft);
	len = softdv_emit_fill(accel_bo_map(scmd), accel_bo_device_addr(sout), 4096, 0x22222222);
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_HOLD), 0);
	assert_int_equal(submit(n.q, n.cmd, n.size, n.out, NULL, &a), 0);
	after = (struct accel_fence_point){ .queue = n.q, .seqno = a };
	assert_int_equal(submit(sq, scmd, len, sout, &after, &b), 0);
	assert_int_equal(accel_wait(sq, b, 50000000), -ETIMEDOUT);
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_RUN), 1);
	assert_int_equal(accel_wait(sq, b, 5000000000ll), 0);
	assert_int_equal(accel_wait(n.q, a, 0), 0);
	p = accel_bo_map(sout);
	assert_int_equal(p[1023], 0x22222222);
	assert_int_equal(accel_bo_cpu_prep(n.out, ACCEL_ACCESS_READ, -1), 0);
	p = accel_bo_map(n.out);
	assert_int_equal(p[1023], 0x11111111);
	assert_int_equal(accel_queue_destroy(sq), 0);
	assert_int_equal(accel_close_device(soft), 0);
	assert_int_equal(accel_queue_destroy(n.q), 0);
	assert_int_equal(accel_close_device(n.ctx), 0);
	accel_free_device_list(devs);
	devs = NULL;
}

static void test_xdna_cross_npu_after_soft(void **state)
{
	struct accel_context *soft;
	struct accel_queue *sq;
	struct accel_bo *sout, *scmd;
	struct accel_fence_point after;
	struct npu n;
	uint64_t a, b;
	uint32_t len;

	(void)state;
	npu_up(&n, 0x33333333);
	soft = open_driver("soft");
	sq = accel_queue_create(soft, NULL);
	sout = accel_bo_alloc(soft, 4096, 0);
	scmd = cmd_bo(soft);
	len = softdv_emit_fill(accel_bo_map(scmd), accel_bo_device_addr(sout), 4096, 0x44);
	assert_int_equal(submit(sq, scmd, len, sout, NULL, &a), 0);
	after = (struct accel_fence_point){ .queue = sq, .seqno = a };
	assert_int_equal(submit(n.q, n.cmd, n.size, n.out, &after, &b), 0);
	assert_int_equal(accel_wait(n.q, b, 5000000000ll), 0);
	assert_int_equal(accel_wait(sq, a, 0), 0);
	assert_int_equal(accel_queue_destroy(sq), 0);
	assert_int_equal(accel_close_device(soft), 0);
	assert_int_equal(accel_queue_destroy(n.q), 0);
	assert_int_equal(accel_close_device(n.ctx), 0);
	accel_free_device_list(devs);
	devs = NULL;
}

SHIM_TEST_LIST(cmocka_unit_test(test_xdna_cross_soft_after_npu),
	       cmocka_unit_test(test_xdna_cross_npu_after_soft));
