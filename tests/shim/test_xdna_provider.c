// SPDX-License-Identifier: MIT
/*
 * The amdxdna provider through libaccel's generic API and amdxdnadv.h, on
 * the emulated Strix NPU (tests/shim/amdxdna): description, domains and
 * engines, BOs, a hardware context made by the dv constructor, submission,
 * waits, job status from the ERT state, sync_file export, the 4-in-flight
 * limit, and the dv queries.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accel/amdxdnadv.h>

#include "accel_shim_xdna.h"
#include "shim_test.h"

static struct accel_device **devs;

static struct accel_device *npu_device(void)
{
	int i, n;

	devs = accel_get_device_list(&n);
	assert_non_null(devs);
	for (i = 0; devs[i]; i++)
		if (!strcmp(accel_device_driver(devs[i]), "amdxdna"))
			return devs[i];
	fail_msg("no emulated amdxdna device");
	return NULL;
}

static struct accel_context *npu_open(void)
{
	struct accel_context *ctx = accel_open_device(npu_device());

	if (!ctx)
		fail_msg("accel_open_device: %s (%s)", strerror(errno), accel_last_error());
	return ctx;
}

static void npu_close(struct accel_context *ctx)
{
	assert_int_equal(accel_close_device(ctx), 0);
	accel_free_device_list(devs);
	devs = NULL;
}

/* a CU whose configuration names the emulated kernel */
static struct accel_bo *cu_config(struct accel_context *ctx, uint32_t kernel)
{
	struct accel_bo *bo = amdxdnadv_bo_alloc(ctx, AMDXDNADV_BO_DEV, 4096);
	uint32_t *p;

	assert_non_null(bo);
	p = accel_bo_map(bo);
	assert_non_null(p);
	p[0] = kernel;
	assert_int_equal(accel_bo_cpu_fini(bo), 0);
	return bo;
}

static struct accel_queue *hwctx(struct accel_context *ctx, struct accel_bo *cu)
{
	struct amdxdnadv_cu cus[1] = { { .cu_bo = cu } };
	struct amdxdnadv_hwctx_attr a = { .priority = 0, .num_cus = 1, .cus = cus };
	struct accel_queue *q = amdxdnadv_hwctx_create(ctx, &a, sizeof(a));

	if (!q)
		fail_msg("amdxdnadv_hwctx_create: %s (%s)", strerror(errno), accel_last_error());
	return q;
}

/* a START_CU packet in a new command BO: FILL of out with value */
static struct accel_bo *fill_packet(struct accel_context *ctx, struct accel_bo *out,
				    uint32_t value, uint32_t bytes, uint64_t *size)
{
	struct accel_bo_alloc_args a = { .size = 4096, .usage = ACCEL_BO_USAGE_COMMAND };
	struct accel_bo *cmd = accel_bo_alloc_ex(ctx, &a, sizeof(a));
	uint64_t addr = accel_bo_device_addr(out);
	uint32_t regs[4] = { (uint32_t)addr, (uint32_t)(addr >> 32), value, bytes };

	assert_non_null(cmd);
	*size = amdxdnadv_ert_start_cu(accel_bo_map(cmd), 4096, 1, regs, 4);
	assert_int_equal(*size, 24);
	return cmd;
}

static int submit(struct accel_queue *q, struct accel_bo *cmd, uint64_t size,
		  struct accel_bo *out, uint64_t *seqno)
{
	struct accel_bo_ref ref = { .bo = out, .access = ACCEL_ACCESS_WRITE };
	struct accel_submit s = { .cmd_bo = cmd, .cmd_size = size, .bos = &ref, .num_bos = 1 };

	return accel_submit(q, &s, seqno);
}

static void test_xdna_prov_describe(void **state)
{
	struct accel_device_attr attr = { 0 };
	struct accel_mem_domain d[4];
	struct accel_engine_info e[2];
	struct accel_context *ctx;
	struct accel_device *dev;

	(void)state;
	dev = npu_device();
	assert_string_equal(accel_device_provider(dev), "amdxdna");
	assert_int_equal(accel_describe_device(dev, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.card_name, "RyzenAI-npu4");
	assert_string_equal(attr.fw_version, "1.1.0.0");
	accel_free_device_list(devs);
	ctx = npu_open();
	memset(&attr, 0, sizeof(attr));
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.driver, "amdxdna");
	assert_string_equal(attr.provider, "amdxdna");
	assert_string_equal(attr.card_name, "RyzenAI-npu4");
	assert_string_equal(attr.fw_version, "1.1.0.0");
	assert_int_equal(attr.driver_version_minor, 10);
	assert_int_equal(attr.pci_vendor_id, 0x1022);
	assert_int_equal(attr.pci_device_id, 0x17f0);
	assert_int_equal(attr.max_queues, 16);
	assert_int_equal(attr.state, ACCEL_STATE_OPERATIONAL);
	assert_true(attr.caps & ACCEL_CAP_CPU_PREP);
	assert_true(attr.caps & ACCEL_CAP_FENCE_EXPORT);
	assert_true(attr.caps & ACCEL_CAP_SUBMIT);
	assert_true(attr.caps & ACCEL_CAP_DMABUF_EXPORT);
	assert_int_equal(attr.num_mem_domains, 3);
	assert_int_equal(attr.num_engines, 1);
	assert_int_equal(accel_query_mem_domains(ctx, d, 4, sizeof(d[0])), 3);
	assert_string_equal(d[0].name, "share");
	assert_true(d[0].flags & ACCEL_DOMAIN_EXPORTABLE);
	assert_false(d[0].flags & ACCEL_DOMAIN_COHERENT);
	assert_true(d[1].flags & ACCEL_DOMAIN_COMMAND);
	assert_string_equal(d[2].name, "dev");
	assert_false(d[2].flags & ACCEL_DOMAIN_EXPORTABLE);
	assert_int_equal(d[2].va_start, 0x4000000);
	assert_int_equal(accel_query_engines(ctx, e, 2, sizeof(e[0])), 1);
	assert_true(e[0].flags & ACCEL_ENGINE_NEEDS_PROGRAM);
	assert_int_equal(e[0].max_in_flight, 4);
	/* a context needs its CUs: only the dv constructor makes queues */
	assert_null(accel_queue_create(ctx, NULL));
	assert_int_equal(errno, EOPNOTSUPP);
	npu_close(ctx);
}

static void test_xdna_prov_generic_flow(void **state)
{
	struct accel_context *ctx;
	struct accel_bo *out, *dev, *cmd, *cu;
	struct accel_queue *q;
	struct accel_job_status st = { 0 };
	struct pollfd pfd;
	uint64_t size, seqno, s2;
	uint32_t *data;
	int fd;

	(void)state;
	ctx = npu_open();
	out = accel_bo_alloc(ctx, 8192, ACCEL_BO_HOST_VISIBLE);
	assert_non_null(out);
	assert_int_not_equal(accel_bo_device_addr(out), 0);
	dev = accel_bo_alloc(ctx, 4096, ACCEL_BO_DEVICE_LOCAL);
	assert_non_null(dev);
	assert_true(accel_bo_device_addr(dev) >= 0x4000000);
	fd = accel_bo_export_dmabuf(out, 0);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(accel_bo_export_dmabuf(dev, 0), -EOPNOTSUPP);
	cu = cu_config(ctx, SHIM_XDNA_KERNEL_FILL);
	q = hwctx(ctx, cu);
	cmd = fill_packet(ctx, out, 0x5a5a5a5a, 8192, &size);
	assert_int_equal(submit(q, cmd, size, out, &seqno), 0);
	assert_int_equal(seqno, 1);
	assert_int_equal(accel_wait(q, seqno, -1), 0);
	assert_int_equal(accel_job_status(q, seqno, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_DONE);
	assert_int_equal(accel_bo_cpu_prep(out, ACCEL_ACCESS_READ, -1), 0);
	data = accel_bo_map(out);
	assert_int_equal(data[0], 0x5a5a5a5a);
	assert_int_equal(data[2047], 0x5a5a5a5a);
	assert_int_equal(amdxdnadv_ert_state(accel_bo_map(cmd)), AMDXDNADV_ERT_STATE_COMPLETED);
	/* a sync_file of the finished point */
	fd = accel_fence_export_sync_file(q, seqno);
	assert_true(fd >= 0);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	assert_int_equal(poll(&pfd, 1, 1000), 1);
	close(fd);
	/* free a busy BO: the job keeps it until it retires */
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_HOLD), 0);
	amdxdnadv_ert_start_cu(accel_bo_map(cmd), 4096, 1,
			       (uint32_t[]){ (uint32_t)accel_bo_device_addr(out),
					     (uint32_t)(accel_bo_device_addr(out) >> 32), 7, 16 },
			       4);
	assert_int_equal(submit(q, cmd, size, out, &s2), 0);
	assert_int_equal(accel_wait(q, s2, 0), -ETIMEDOUT);
	fd = accel_fence_export_sync_file(q, s2);
	assert_true(fd >= 0);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	assert_int_equal(poll(&pfd, 1, 0), 0);
	assert_int_equal(accel_bo_free(out), 0);
	assert_int_equal(accel_shim_xdna_release(0, 1), 1);
	assert_int_equal(accel_wait(q, s2, 1000000000), 0);
	assert_int_equal(poll(&pfd, 1, 1000), 1);
	close(fd);
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_RUN), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
	assert_int_equal(accel_bo_free(cu), 0);
	assert_int_equal(accel_bo_free(dev), 0);
	npu_close(ctx);
}

static void test_xdna_prov_job_fail(void **state)
{
	struct accel_job_status st = { 0 };
	struct accel_context *ctx;
	struct accel_bo *out, *cmd, *cu;
	struct accel_queue *q;
	uint64_t size, seqno;

	(void)state;
	ctx = npu_open();
	out = accel_bo_alloc(ctx, 4096, 0);
	assert_non_null(out);
	cu = cu_config(ctx, SHIM_XDNA_KERNEL_FAIL);
	q = hwctx(ctx, cu);
	cmd = fill_packet(ctx, out, 1, 16, &size);
	assert_int_equal(submit(q, cmd, size, out, &seqno), 0);
	assert_int_equal(accel_wait(q, seqno, -1), -EIO);
	assert_int_equal(accel_job_status(q, seqno, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_FAILED);
	assert_int_equal(st.error, -EIO);
	assert_int_equal(st.device_error, -EIO);
	assert_int_equal(st.provider_status, AMDXDNADV_ERT_STATE_ERROR);
	assert_non_null(strstr(st.reason, "ERROR"));
	/* the TDR's timeout */
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_HOLD), 0);
	assert_int_equal(submit(q, cmd, size, out, &seqno), 0);
	assert_int_equal(accel_shim_xdna_timeout(0), 1);
	assert_int_equal(accel_wait(q, seqno, -1), -EIO);
	assert_int_equal(accel_job_status(q, seqno, &st, sizeof(st)), 0);
	assert_int_equal(st.provider_status, AMDXDNADV_ERT_STATE_TIMEOUT);
	assert_int_equal(st.device_error, -ETIME);
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_RUN), 0);
	/* the provider's refusals */
	assert_int_equal(accel_submit(q, &(struct accel_submit){ 0 }, &seqno), -EINVAL);
	assert_int_equal(accel_submit(q, &(struct accel_submit){ .cmd_bo = cmd, .cmd_size = 8,
								.cmd_offset = 8 }, &seqno),
			 -EINVAL);
	assert_int_equal(accel_queue_destroy(q), 0);
	npu_close(ctx);
}

struct blocked {
	struct accel_queue *q;
	struct accel_bo *cmd, *out;
	uint64_t size, seqno;
	int ret;
};

static void *submit_thread(void *arg)
{
	struct blocked *b = arg;

	b->ret = submit(b->q, b->cmd, b->size, b->out, &b->seqno);
	return NULL;
}

static void test_xdna_prov_in_flight(void **state)
{
	struct accel_context *ctx;
	struct accel_bo *out, *cmd[5], *cu;
	struct accel_queue *q;
	struct blocked b;
	pthread_t t;
	uint64_t size, seqno, done = 0;
	int i;

	(void)state;
	ctx = npu_open();
	out = accel_bo_alloc(ctx, 4096, 0);
	cu = cu_config(ctx, SHIM_XDNA_KERNEL_FILL);
	q = hwctx(ctx, cu);
	for (i = 0; i < 5; i++)
		cmd[i] = fill_packet(ctx, out, (uint32_t)i, 16, &size);
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_HOLD), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(submit(q, cmd[i], size, out, &seqno), 0);
	b = (struct blocked){ .q = q, .cmd = cmd[4], .out = out, .size = size, .ret = 1 };
	assert_int_equal(pthread_create(&t, NULL, submit_thread, &b), 0);
	for (i = 0; i < 500 && accel_shim_xdna_pending(0) < 5; i++)
		usleep(2000);
	/* the kernel holds the 5th submitter; waits go on meanwhile */
	assert_int_equal(accel_shim_xdna_pending(0), 5);
	assert_int_equal(accel_wait(q, 1, 0), -ETIMEDOUT);
	assert_int_equal(accel_shim_xdna_release(0, 2), 2);
	pthread_join(t, NULL);
	assert_int_equal(b.ret, 0);
	assert_int_equal(b.seqno, 5);
	assert_int_equal(accel_wait(q, 2, 1000000000), 0);
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_RUN), 3);
	assert_int_equal(accel_wait(q, 5, 1000000000), 0);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 5);
	assert_int_equal(accel_queue_destroy(q), 0);
	npu_close(ctx);
}

static void test_xdna_prov_dv(void **state)
{
	struct amdxdnadv_device_info info = { 0 };
	struct amdxdnadv_hwctx_entry e[4];
	struct amdxdnadv_bo_usage u;
	struct amdxdnadv_async_error err;
	struct amdxdnadv_bo_info bi;
	struct amdxdnadv_cu bad_cu[1];
	struct amdxdnadv_hwctx_attr a = { .num_cus = 1, .cus = bad_cu };
	struct amdxdna_ver { uint32_t major, minor; } ver;
	struct accel_context *ctx;
	struct accel_bo *cu, *share, *dbg;
	struct accel_queue *q;
	uint32_t handle, syncobj, size;

	(void)state;
	ctx = npu_open();
	assert_int_equal(amdxdnadv_query_device(ctx, &info, sizeof(info)), 0);
	assert_int_equal(info.aie_major, 2);
	assert_int_equal(info.cols, 8);
	assert_int_equal(info.core_rows, 4);
	assert_int_equal(info.npu_task_max, 16);
	assert_int_equal(info.device_type, 0);
	assert_string_equal(info.vbnv, "RyzenAI-npu4");
	size = sizeof(ver);
	assert_int_equal(amdxdnadv_get_info(ctx, AMDXDNADV_QUERY_AIE_VERSION, &ver, &size), 0);
	assert_int_equal(ver.minor, 1);
	assert_int_equal(amdxdnadv_get_info(ctx, 77, &ver, &size), -EOPNOTSUPP);
	assert_null(amdxdnadv_bo_alloc(ctx, AMDXDNADV_BO_DEV_HEAP, 64 << 20));
	assert_int_equal(errno, EINVAL);
	share = amdxdnadv_bo_alloc(ctx, AMDXDNADV_BO_SHARE, 4096);
	assert_non_null(share);
	bad_cu[0] = (struct amdxdnadv_cu){ .cu_bo = share };
	assert_null(amdxdnadv_hwctx_create(ctx, &a, sizeof(a)));
	assert_int_equal(errno, EINVAL);
	cu = cu_config(ctx, SHIM_XDNA_KERNEL_FILL);
	assert_int_equal(amdxdnadv_bo_info(cu, &bi, sizeof(bi)), 0);
	assert_int_equal(bi.type, AMDXDNADV_BO_DEV);
	assert_int_equal(bi.map_offset, ~0ull);
	assert_int_equal(bi.xdna_addr, accel_bo_device_addr(cu));
	q = hwctx(ctx, cu);
	assert_int_equal(amdxdnadv_hwctx_handle(q, &handle, &syncobj), 0);
	assert_int_equal(handle, 1);
	assert_int_not_equal(syncobj, 0);
	assert_int_equal(amdxdnadv_query_hwctx(ctx, e, 4), 1);
	assert_int_equal(e[0].context_id, handle);
	assert_int_equal(e[0].priority, AMDXDNADV_QOS_NORMAL);
	assert_int_equal(amdxdnadv_query_bo_usage(ctx, 0, &u), 0);
	assert_int_equal(u.internal_usage, 64 << 20);
	assert_int_equal(u.total_usage, (64 << 20) + 4096);
	assert_int_equal(amdxdnadv_query_last_error(ctx, &err), 0);
	assert_int_equal(amdxdnadv_bo_sync(share, AMDXDNADV_SYNC_TO_DEVICE, 0, 4096), 0);
	assert_int_equal(amdxdnadv_bo_sync(share, AMDXDNADV_SYNC_FROM_DEVICE, 0, 4096), -EINVAL);
	assert_int_equal(amdxdnadv_wait_cmd(q, 1, 0), -EINVAL);	/* never submitted */
	dbg = amdxdnadv_bo_alloc(ctx, AMDXDNADV_BO_DEV, 8192);
	assert_non_null(dbg);
	assert_int_equal(amdxdnadv_hwctx_debug_bo(q, share, 1), -EINVAL);
	assert_int_equal(amdxdnadv_hwctx_debug_bo(q, dbg, 1), 0);
	assert_int_equal(amdxdnadv_hwctx_debug_bo(q, dbg, 1), -EBUSY);
	assert_int_equal(amdxdnadv_bo_sync(dbg, AMDXDNADV_SYNC_FROM_DEVICE, 0, 8192), 0);
	assert_int_equal(amdxdnadv_hwctx_debug_bo(q, dbg, 0), 0);
	if (!geteuid()) {
		assert_int_equal(amdxdnadv_set_power_mode(ctx, AMDXDNADV_POWER_TURBO), 0);
		assert_int_equal(amdxdnadv_query_device(ctx, &info, sizeof(info)), 0);
		assert_int_equal(info.power_mode, AMDXDNADV_POWER_TURBO);
	}
	assert_int_equal(amdxdnadv_set_power_mode(ctx, 9), -EINVAL);
	assert_string_equal(amdxdnadv_ert_state_str(AMDXDNADV_ERT_STATE_TIMEOUT), "TIMEOUT");
	assert_int_equal(accel_queue_destroy(q), 0);
	npu_close(ctx);
}

static void test_xdna_prov_wait_cmd(void **state)
{
	struct accel_context *ctx;
	struct accel_bo *out, *cmd, *cu;
	struct accel_queue *q;
	uint64_t size, seqno;

	(void)state;
	ctx = npu_open();
	out = accel_bo_alloc(ctx, 4096, 0);
	cu = cu_config(ctx, SHIM_XDNA_KERNEL_FILL);
	q = hwctx(ctx, cu);
	cmd = fill_packet(ctx, out, 3, 16, &size);
	assert_int_equal(submit(q, cmd, size, out, &seqno), 0);
	/* AIE2 has no WAIT_CMD in 7.2 */
	assert_int_equal(amdxdnadv_wait_cmd(q, seqno, 0), -EOPNOTSUPP);
	assert_int_equal(accel_wait(q, seqno, -1), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	npu_close(ctx);
}

static void test_xdna_prov_import(void **state)
{
	struct accel_context *ctx;
	struct accel_bo *bo, *imp;
	uint32_t *p, *q;
	int fd;

	(void)state;
	ctx = npu_open();
	bo = accel_bo_alloc(ctx, 4096, 0);
	assert_non_null(bo);
	fd = accel_bo_export_dmabuf(bo, O_RDWR);
	assert_true(fd >= 0);
	imp = accel_bo_import_dmabuf(ctx, fd);
	close(fd);
	assert_non_null(imp);
	p = accel_bo_map(bo);
	q = accel_bo_map(imp);
	assert_non_null(q);
	p[1] = 0xfeed;
	assert_int_equal(q[1], 0xfeed);
	/* the same object: the same device address */
	assert_int_equal(accel_bo_device_addr(imp), accel_bo_device_addr(bo));
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(q[1], 0xfeed);
	assert_int_equal(accel_bo_free(imp), 0);
	npu_close(ctx);
}

SHIM_TEST_LIST(cmocka_unit_test(test_xdna_prov_describe),
	       cmocka_unit_test(test_xdna_prov_generic_flow),
	       cmocka_unit_test(test_xdna_prov_job_fail),
	       cmocka_unit_test(test_xdna_prov_in_flight),
	       cmocka_unit_test(test_xdna_prov_dv),
	       cmocka_unit_test(test_xdna_prov_wait_cmd),
	       cmocka_unit_test(test_xdna_prov_import));
