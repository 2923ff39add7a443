// SPDX-License-Identifier: MIT
/*
 * The ivpu provider on the emulated NPUs, through the generic API and
 * ivpudv.h: accel0 is a Meteor Lake under OS scheduling, accel1 a Lunar
 * Lake under hardware scheduling (ACCEL_SHIM_DEVICES=mtl,lnl).
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <accel/ivpudv.h>
#include <uapi/drm/ivpu_accel.h>

#include "accel_shim_ivpu.h"
#include "shim_test.h"

#define PAGE 4096ull
#define SEC 1000000000ll

static struct accel_device **devs;

static struct accel_context *open_npu(int minor)
{
	struct accel_context *ctx;
	char name[16];
	int i, n;

	if (!devs)
		devs = accel_get_device_list(&n);
	assert_non_null(devs);
	snprintf(name, sizeof(name), "accel%d", minor);
	for (i = 0; devs[i]; i++) {
		if (strcmp(accel_device_name(devs[i]), name))
			continue;
		assert_string_equal(accel_device_driver(devs[i]), "intel_vpu");
		assert_string_equal(accel_device_provider(devs[i]), "ivpu");
		ctx = accel_open_device(devs[i]);
		if (!ctx)
			fail_msg("accel_open_device: %s", strerror(errno));
		return ctx;
	}
	fail_msg("no emulated NPU %s", name);
	return NULL;
}

static void put_devs(void)
{
	accel_free_device_list(devs);
	devs = NULL;
}

static struct accel_bo *alloc(struct accel_context *ctx, uint64_t size, uint32_t usage)
{
	struct accel_bo_alloc_args a = { .size = size, .usage = usage };
	struct accel_bo *bo = accel_bo_alloc_ex(ctx, &a, sizeof(a));

	assert_non_null(bo);
	return bo;
}

/* a command BO with a firmware program of one BARRIER at 0 and at 64 */
static struct accel_bo *cmd_alloc(struct accel_context *ctx)
{
	struct ivpudv_cmd_buffer_header h = {
		.cmd_buffer_size = sizeof(h) + sizeof(struct ivpudv_cmd_barrier),
		.cmd_offset = sizeof(h),
	};
	struct ivpudv_cmd_barrier b = { .header = { IVPUDV_CMD_BARRIER, sizeof(b) } };
	struct accel_bo *bo = alloc(ctx, PAGE, ACCEL_BO_USAGE_COMMAND);
	uint8_t *p = accel_bo_map(bo);
	int off;

	assert_non_null(p);
	for (off = 0; off <= 64; off += 64) {
		memcpy(p + off, &h, sizeof(h));
		memcpy(p + off + sizeof(h), &b, sizeof(b));
	}
	return bo;
}

static int submit(struct accel_queue *q, struct accel_bo *cmd, uint64_t off,
		  struct accel_bo *data, uint64_t *seq)
{
	struct accel_bo_ref ref = { .bo = data, .access = ACCEL_ACCESS_RW };
	struct accel_submit s = {
		.cmd_bo = cmd, .cmd_offset = off, .cmd_size = 64,
		.bos = data ? &ref : NULL, .num_bos = data ? 1 : 0,
	};

	return accel_submit(q, &s, seq);
}

static void test_ivpu_query(void **state)
{
	struct accel_context *ctx = open_npu(0);
	struct accel_device_attr attr;
	struct accel_mem_domain d[8];
	struct accel_engine_info e[2];

	(void)state;
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.driver, "intel_vpu");
	assert_string_equal(attr.provider, "ivpu");
	assert_string_equal(attr.card_name, "Intel NPU (Meteor Lake)");
	assert_non_null(strstr(attr.fw_version, "JSM API 3.34"));
	assert_int_equal(attr.pci_vendor_id, 0x8086);
	assert_int_equal(attr.pci_device_id, 0x7d1d);
	assert_true(attr.caps & ACCEL_CAP_SUBMIT);
	assert_true(attr.caps & ACCEL_CAP_HOST_MAP);
	assert_int_equal(attr.bo_align, PAGE);
	assert_int_equal(accel_query_mem_domains(ctx, d, 8, sizeof(d[0])), 6);
	assert_string_equal(d[0].name, "user-cached");
	assert_int_equal(d[0].va_start, 0xa0000000ull);
	assert_true(d[0].flags & ACCEL_DOMAIN_COMMAND);
	assert_false(d[2].flags & ACCEL_DOMAIN_COMMAND);	/* SHAVE range */
	assert_true(d[1].flags & ACCEL_DOMAIN_WRITE_COMBINED);
	assert_int_equal(accel_query_engines(ctx, e, 2, sizeof(e[0])), 1);
	assert_string_equal(e[0].name, "compute");
	assert_int_equal(e[0].max_in_flight, 62);
	assert_int_equal(e[0].min_priority, -1);
	assert_int_equal(e[0].max_priority, 2);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

static void test_ivpu_alloc_submit_wait(void **state)
{
	struct accel_context *ctx = open_npu(0);
	struct accel_job_status st;
	struct accel_bo *cmd, *data, *wc;
	struct accel_queue *q;
	uint64_t seq = 0, va;
	uint8_t *p;

	(void)state;
	cmd = cmd_alloc(ctx);
	data = alloc(ctx, 3 * PAGE, ACCEL_BO_USAGE_DATA);
	va = accel_bo_device_addr(data);
	assert_true(va >= 0xa0000000ull && va < 0xa0000000ull + (511ull << 20));
	p = accel_bo_map(data);
	assert_non_null(p);
	memset(p, 0xab, 3 * PAGE);
	assert_int_equal(accel_bo_unmap(data), 0);
	/* UNCACHED picks the write-combined domain */
	wc = accel_bo_alloc(ctx, PAGE, ACCEL_BO_UNCACHED);
	assert_non_null(wc);
	q = accel_queue_create(ctx, NULL);
	assert_non_null(q);
	assert_int_equal(submit(q, cmd, 0, data, &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(accel_wait(q, seq, 5 * SEC), 0);
	assert_int_equal(accel_job_status(q, seq, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_DONE);
	/* the command BO is free again once its job is done */
	assert_int_equal(submit(q, cmd, 64, data, &seq), 0);
	assert_int_equal(accel_wait(q, seq, 5 * SEC), 0);
	p = accel_bo_map(data);
	assert_int_equal(p[2 * PAGE], 0xab);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(wc), 0);
	assert_int_equal(accel_bo_free(data), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

static void test_ivpu_busy_cmd_bo(void **state)
{
	struct accel_context *ctx = open_npu(0);
	struct accel_bo *cmd = cmd_alloc(ctx);
	struct accel_bo *other = cmd_alloc(ctx);
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	uint64_t s1, s2;

	(void)state;
	accel_shim_ivpu_set_job_delay(300000000);
	assert_int_equal(submit(q, cmd, 0, NULL, &s1), 0);
	/* the kernel refuses a busy command BO: EAGAIN, with a reason */
	assert_int_equal(submit(q, cmd, 0, NULL, &s2), -EAGAIN);
	assert_non_null(strstr(accel_last_error(), "EBUSY"));
	/* another command BO goes, and a poll says the first still runs */
	assert_int_equal(submit(q, other, 0, NULL, &s2), 0);
	assert_int_equal(accel_wait(q, s1, 0), -ETIMEDOUT);
	assert_int_equal(accel_wait(q, s2, 5 * SEC), 0);
	assert_int_equal(accel_wait(q, s1, 5 * SEC), 0);
	accel_shim_ivpu_set_job_delay(1000000);
	assert_int_equal(submit(q, cmd, 0, NULL, &s2), 0);
	assert_int_equal(accel_wait(q, s2, 5 * SEC), 0);
	/* commands_offset is 8-byte aligned */
	assert_int_equal(submit(q, cmd, 4, NULL, &s2), -EINVAL);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

static void test_ivpu_job_status(void **state)
{
	struct accel_context *ctx = open_npu(0);
	struct accel_bo *cmd = cmd_alloc(ctx);
	struct accel_bo *cmd2 = cmd_alloc(ctx);
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_job_status st;
	uint32_t js = 0;
	uint64_t s1, s2;

	(void)state;
	accel_shim_ivpu_set_job_status(0x1234);
	assert_int_equal(submit(q, cmd, 0, NULL, &s1), 0);
	assert_int_equal(accel_wait(q, s1, 5 * SEC), -EIO);
	assert_int_equal(accel_job_status(q, s1, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_FAILED);
	assert_int_equal(st.provider_status, 0x1234);
	assert_int_equal(ivpudv_job_status(q, s1, &js), 0);
	assert_int_equal(js, 0x1234);
	/*
	 * A job's status outlives the next job on its command BO: the
	 * provider reads it before resubmitting.
	 */
	accel_shim_ivpu_set_job_status(0);
	assert_int_equal(submit(q, cmd2, 0, NULL, &s1), 0);
	accel_shim_ivpu_set_job_status(0x77);
	usleep(20000);
	assert_int_equal(submit(q, cmd2, 0, NULL, &s2), 0);
	assert_int_equal(accel_wait(q, s2, 5 * SEC), -EIO);
	assert_int_equal(accel_wait(q, s1, 5 * SEC), 0);
	accel_shim_ivpu_set_job_status(0);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

static void test_ivpu_mmu_fault(void **state)
{
	struct accel_context *ctx = open_npu(0);
	struct accel_bo *cmd = cmd_alloc(ctx);
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	uint32_t js = 0;
	uint64_t s;

	(void)state;
	accel_shim_ivpu_fault_next_job();
	assert_int_equal(submit(q, cmd, 0, NULL, &s), 0);
	assert_int_equal(accel_wait(q, s, 5 * SEC), -EIO);
	assert_int_equal(ivpudv_job_status(q, s, &js), 0);
	assert_int_equal(js, DRM_IVPU_JOB_STATUS_ABORTED);
	/* EBADFD from now on: the context is lost */
	assert_int_equal(submit(q, cmd, 0, NULL, &s), -ENOTRECOVERABLE);
	assert_non_null(strstr(accel_last_error(), "MMU fault"));
	accel_queue_destroy(q);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

static void test_ivpu_free_busy_bo(void **state)
{
	struct accel_context *ctx = open_npu(0);
	struct accel_bo *cmd = cmd_alloc(ctx);
	struct accel_bo *data = alloc(ctx, PAGE, ACCEL_BO_USAGE_DATA);
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	uint64_t s;

	(void)state;
	accel_shim_ivpu_set_job_delay(100000000);
	assert_int_equal(submit(q, cmd, 0, data, &s), 0);
	/* the core holds both until the job retires */
	assert_int_equal(accel_bo_free(data), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
	assert_int_equal(accel_wait(q, s, 5 * SEC), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

static void test_ivpu_priorities(void **state)
{
	struct accel_context *ctx = open_npu(0);
	struct accel_queue_attr a = { .comp_mask = ACCEL_QUEUE_ATTR_PRIORITY };
	struct accel_bo *cmd = cmd_alloc(ctx);
	struct accel_queue *lo, *hi;
	uint32_t id = 9;
	uint64_t s;

	(void)state;
	a.priority = -1;
	lo = accel_queue_create(ctx, &a);
	a.priority = 2;
	hi = accel_queue_create(ctx, &a);
	assert_non_null(lo);
	assert_non_null(hi);
	a.priority = 3;
	assert_null(accel_queue_create(ctx, &a));
	/* OS scheduling: a queue is a priority, no kernel queue id */
	assert_int_equal(ivpudv_queue_cmdq_id(hi, &id), 0);
	assert_int_equal(id, 0);
	assert_int_equal(submit(hi, cmd, 0, NULL, &s), 0);
	assert_int_equal(accel_wait(hi, s, 5 * SEC), 0);
	assert_int_equal(submit(lo, cmd, 0, NULL, &s), 0);
	assert_int_equal(accel_wait(lo, s, 5 * SEC), 0);
	/* command queues need hardware scheduling */
	assert_null(ivpudv_cmdq_create(ctx, DRM_IVPU_JOB_PRIORITY_NORMAL, 0, NULL));
	assert_int_equal(errno, ENODEV);
	assert_int_equal(accel_queue_destroy(lo), 0);
	assert_int_equal(accel_queue_destroy(hi), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

static void test_ivpu_hws_queues(void **state)
{
	struct accel_context *ctx = open_npu(1);
	struct ivpudv_device_info info;
	struct accel_bo *cmd = cmd_alloc(ctx);
	struct accel_bo *pre;
	struct accel_queue *q, *t;
	uint32_t id = 0, id2 = 0;
	uint64_t s;

	(void)state;
	assert_int_equal(ivpudv_query_device(ctx, &info, sizeof(info)), 0);
	assert_true(info.caps & IVPUDV_CAP_MANAGE_CMDQ);
	q = accel_queue_create(ctx, NULL);
	assert_non_null(q);
	assert_int_equal(ivpudv_queue_cmdq_id(q, &id), 0);
	assert_true(id >= 1);
	assert_int_equal(submit(q, cmd, 0, NULL, &s), 0);
	assert_int_equal(accel_wait(q, s, 5 * SEC), 0);
	/* TURBO and a preemption buffer of the firmware's size, not MAPPABLE */
	pre = ivpudv_bo_create(ctx, info.preempt_buffer_size, 0);
	assert_non_null(pre);
	t = ivpudv_cmdq_create(ctx, DRM_IVPU_JOB_PRIORITY_REALTIME, IVPUDV_CMDQ_TURBO, pre);
	assert_non_null(t);
	assert_int_equal(ivpudv_queue_cmdq_id(t, &id2), 0);
	assert_true(id2 != id);
	assert_int_equal(submit(t, cmd, 0, NULL, &s), 0);
	assert_int_equal(accel_wait(t, s, 5 * SEC), 0);
	assert_int_equal(accel_bo_free(pre), 0);
	assert_int_equal(accel_queue_destroy(t), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

static void test_ivpu_dv(void **state)
{
	struct accel_context *ctx = open_npu(0);
	struct ivpudv_device_info info;
	struct ivpudv_bo_info bi;
	struct accel_bo *hi, *up;
	uint32_t ss = 0, max = 0;
	uint64_t v = 0, n = 1;
	void *mem;

	(void)state;
	assert_int_equal(ivpudv_query_device(ctx, &info, sizeof(info)), 0);
	assert_int_equal(info.device_id, 0x7d1d);
	assert_int_equal(info.core_clock_rate, 1400000000ull);
	assert_int_equal(info.context_base_address, 0xa0000000ull);
	assert_true(info.context_id >= 2);
	assert_int_equal(info.sku, 0x3630);
	assert_int_equal(info.fw_api_version[4], 3 << 16 | 34);
	assert_int_equal(info.caps, IVPUDV_CAP_METRIC_STREAMER | IVPUDV_CAP_DMA_MEMORY_RANGE |
					    IVPUDV_CAP_BO_CREATE_FROM_USERPTR);
	assert_int_equal(ivpudv_get_param(ctx, DRM_IVPU_PARAM_TILE_CONFIG, 0, &v), 0);
	assert_int_equal(ivpudv_get_param(ctx, 99, 0, &v), -EINVAL);
	assert_int_equal(ivpudv_set_param(ctx, DRM_IVPU_PARAM_CONTEXT_PRIORITY, 0, 1), -EINVAL);

	hi = ivpudv_bo_create(ctx, PAGE, DRM_IVPU_BO_HIGH_MEM | DRM_IVPU_BO_WC);
	assert_non_null(hi);
	assert_int_equal(ivpudv_bo_query(hi, &bi, sizeof(bi)), 0);
	assert_int_equal(bi.flags, DRM_IVPU_BO_HIGH_MEM | DRM_IVPU_BO_WC);
	assert_true(bi.vpu_addr >= 0x180000000ull);
	assert_int_equal(accel_bo_device_addr(hi), bi.vpu_addr);
	assert_null(ivpudv_bo_create(ctx, PAGE, DRM_IVPU_BO_UNCACHED));
	assert_int_equal(errno, EINVAL);

	mem = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(mem != MAP_FAILED);
	up = ivpudv_bo_from_userptr(ctx, mem, 2 * PAGE, DRM_IVPU_BO_DMA_MEM);
	assert_non_null(up);
	assert_ptr_equal(accel_bo_map(up), mem);
	assert_int_equal(accel_bo_free(up), 0);
	munmap(mem, 2 * PAGE);

	assert_int_equal(ivpudv_metric_streamer_start(ctx, 1, 10000000, 4, &ss, &max), 0);
	assert_true(ss > 0 && max > 0);
	assert_int_equal(ivpudv_metric_streamer_start(ctx, 1, 10000000, 4, &ss, &max),
			 -EALREADY);
	assert_int_equal(ivpudv_metric_streamer_get_data(ctx, 1, NULL, 0, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(ivpudv_metric_streamer_stop(ctx, 1), 0);
	assert_int_equal(ivpudv_metric_streamer_stop(ctx, 1), -EINVAL);
	assert_int_equal(accel_bo_free(hi), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

/* what a program written for the generic API alone does, as on soft */
static void test_ivpu_generic_flow(void **state)
{
	struct accel_context *ctx = open_npu(0), *ctx2 = open_npu(0);
	struct accel_bo *data, *cmd, *imp, *self, *cmd2;
	struct accel_queue *q, *q2;
	struct accel_job_status st;
	uint8_t *p, *pi;
	uint64_t s1, s2;
	int fd;

	(void)state;
	data = accel_bo_alloc(ctx, 2 * PAGE, ACCEL_BO_HOST_VISIBLE);
	assert_non_null(data);
	p = accel_bo_map(data);
	assert_non_null(p);
	memset(p, 0x3c, 2 * PAGE);
	fd = accel_bo_export_dmabuf(data, O_CLOEXEC | O_RDWR);
	assert_true(fd >= 0);
	/* another context (another open file) imports it: same pages */
	imp = accel_bo_import_dmabuf(ctx2, fd);
	assert_non_null(imp);
	assert_int_equal(accel_bo_size(imp), 2 * PAGE);
	pi = accel_bo_map(imp);
	assert_non_null(pi);
	assert_int_equal(pi[PAGE + 7], 0x3c);
	/* the exporter's own import shares its handle; freeing it is safe */
	self = accel_bo_import_dmabuf(ctx, fd);
	assert_non_null(self);
	assert_int_equal(accel_bo_free(self), 0);
	assert_int_equal(p[0], 0x3c);

	cmd = cmd_alloc(ctx);
	cmd2 = cmd_alloc(ctx2);
	q = accel_queue_create(ctx, NULL);
	q2 = accel_queue_create(ctx2, NULL);
	assert_non_null(q);
	assert_non_null(q2);
	accel_shim_ivpu_set_job_delay(50000000);
	assert_int_equal(submit(q, cmd, 0, data, &s1), 0);
	assert_int_equal(submit(q2, cmd2, 0, imp, &s2), 0);
	/* free busy BOs: the core keeps them until their jobs retire */
	assert_int_equal(accel_bo_free(data), 0);
	assert_int_equal(accel_bo_free(imp), 0);
	assert_int_equal(accel_wait(q, s1, 5 * SEC), 0);
	assert_int_equal(accel_wait(q2, s2, 5 * SEC), 0);
	assert_int_equal(accel_job_status(q2, s2, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_DONE);
	assert_int_equal(st.error, 0);
	close(fd);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_queue_destroy(q2), 0);
	assert_int_equal(accel_close_device(ctx2), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

static bool fd_ready(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

/* the command BO's fence as a sync_file, and a signalled one once retired */
static void test_ivpu_fence_export(void **state)
{
	struct accel_context *ctx = open_npu(0);
	struct accel_bo *cmd = cmd_alloc(ctx);
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_submit s = { .comp_mask = ACCEL_SUBMIT_OUT_FENCE, .cmd_bo = cmd,
				  .cmd_size = 64 };
	struct accel_device_attr attr;
	int32_t out = -1;
	uint64_t seq;
	int fd;

	(void)state;
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_true(attr.caps & ACCEL_CAP_FENCE_EXPORT);
	accel_shim_ivpu_set_job_delay(200000000);
	s.out_fence_fd = &out;
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_true(out >= 0);
	assert_false(fd_ready(out));
	assert_int_equal(accel_wait(q, seq, 5 * SEC), 0);
	assert_true(fd_ready(out));
	close(out);
	/* retired work: an already signalled sync_file */
	fd = accel_fence_export_sync_file(q, seq);
	assert_true(fd >= 0);
	assert_true(fd_ready(fd));
	close(fd);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

/* a firmware program at the start of a command BO, built a command at a time */
struct program {
	uint8_t *base;
	uint32_t pos;
};

static void prog_begin(struct program *pr, struct accel_bo *cmd,
		       struct accel_bo *heap)
{
	struct ivpudv_cmd_buffer_header h = { .cmd_offset = sizeof(h) };

	pr->base = accel_bo_map(cmd);
	assert_non_null(pr->base);
	if (heap) {
		h.descriptor_heap_base_address = accel_bo_device_addr(heap);
		h.fence_heap_base_address = accel_bo_device_addr(heap);
	}
	memcpy(pr->base, &h, sizeof(h));
	pr->pos = sizeof(h);
}

static void prog_add(struct program *pr, const void *c, uint16_t size)
{
	memcpy(pr->base + pr->pos, c, size);
	pr->pos += size;
	/* the header's size covers header and commands */
	memcpy(pr->base, &pr->pos, sizeof(pr->pos));
}

static int run(struct accel_queue *q, struct accel_bo *cmd, struct accel_bo **bos,
	       uint32_t n)
{
	struct accel_bo_ref refs[4];
	struct accel_submit s = { .cmd_bo = cmd, .cmd_size = 64, .bos = refs, .num_bos = n };
	uint64_t seq;
	uint32_t i;
	int ret;

	for (i = 0; i < n; i++)
		refs[i] = (struct accel_bo_ref){ .bo = bos[i], .access = ACCEL_ACCESS_RW };
	ret = accel_submit(q, &s, &seq);
	if (ret)
		return ret;
	return accel_wait(q, seq, 5 * SEC);
}

/* fill, copy, timestamp and fence on either NPU generation */
static void data_path(int minor)
{
	struct accel_context *ctx = open_npu(minor);
	struct accel_bo *cmd = alloc(ctx, PAGE, ACCEL_BO_USAGE_COMMAND);
	struct accel_bo *a = alloc(ctx, 2 * PAGE, 0), *b = alloc(ctx, 2 * PAGE, 0);
	struct accel_bo *heap = alloc(ctx, PAGE, 0);
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct ivpudv_cmd_fill f = { .header = { IVPUDV_CMD_MEMORY_FILL, sizeof(f) } };
	struct ivpudv_cmd_copy c = { .header = { IVPUDV_CMD_COPY_SYSTEM_TO_SYSTEM, sizeof(c) } };
	struct ivpudv_cmd_barrier bar = { .header = { IVPUDV_CMD_BARRIER, sizeof(bar) } };
	struct ivpudv_cmd_timestamp ts = { .header = { IVPUDV_CMD_TIMESTAMP, sizeof(ts) } };
	struct ivpudv_cmd_fence fs = { .header = { IVPUDV_CMD_FENCE_SIGNAL, sizeof(fs) } };
	struct accel_bo *bos[3] = { a, b, heap };
	struct ivpudv_device_info info;
	struct program pr;
	uint8_t *pa, *pb, *ph;
	uint64_t v;

	assert_int_equal(ivpudv_query_device(ctx, &info, sizeof(info)), 0);
	ph = accel_bo_map(heap);
	/* the copy descriptor at heap + 256, in this generation's layout */
	if (info.device_id == 0x7d1d) {
		struct ivpudv_copy_desc_37xx d = { .src_address = accel_bo_device_addr(a),
						   .dst_address = accel_bo_device_addr(b) + PAGE,
						   .size = PAGE };

		memcpy(ph + 256, &d, sizeof(d));
	} else {
		struct ivpudv_copy_desc_40xx d = { .src_address = accel_bo_device_addr(a),
						   .dst_address = accel_bo_device_addr(b) + PAGE,
						   .size = PAGE };

		memcpy(ph + 256, &d, sizeof(d));
	}
	prog_begin(&pr, cmd, heap);
	f.start_address = accel_bo_device_addr(a);
	f.size = PAGE;
	f.fill_pattern = 0xa5a5a5a5;
	prog_add(&pr, &f, sizeof(f));
	prog_add(&pr, &bar, sizeof(bar));
	c.desc_start_offset = 256;
	c.desc_count = 1;
	prog_add(&pr, &c, sizeof(c));
	ts.timestamp_address = accel_bo_device_addr(heap) + 64;
	prog_add(&pr, &ts, sizeof(ts));
	fs.offset = 128;
	fs.value = 7;
	prog_add(&pr, &fs, sizeof(fs));
	assert_int_equal(run(q, cmd, bos, 3), 0);
	pa = accel_bo_map(a);
	pb = accel_bo_map(b);
	assert_int_equal(pa[0], 0xa5);
	assert_int_equal(pa[PAGE - 1], 0xa5);
	assert_int_equal(pa[PAGE], 0);		/* the fill's end */
	assert_int_equal(pb[PAGE], 0xa5);	/* the copy */
	assert_int_equal(pb[0], 0);
	memcpy(&v, ph + 64, 8);
	assert_true(v != 0);
	memcpy(&v, ph + 128, 8);
	assert_int_equal(v, 7);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

static void test_ivpu_data_mtl(void **state)
{
	(void)state;
	data_path(0);
}

static void test_ivpu_data_lnl(void **state)
{
	(void)state;
	data_path(1);
}

/* the NPU's MMU: touching a BO the job does not list faults it */
static void test_ivpu_real_mmu_fault(void **state)
{
	struct accel_context *ctx = open_npu(0);
	struct accel_bo *cmd = alloc(ctx, PAGE, ACCEL_BO_USAGE_COMMAND);
	struct accel_bo *unlisted = alloc(ctx, PAGE, 0);
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct ivpudv_cmd_fill f = { .header = { IVPUDV_CMD_MEMORY_FILL, sizeof(f) } };
	struct accel_job_status st;
	struct program pr;
	uint64_t seq;

	(void)state;
	prog_begin(&pr, cmd, NULL);
	f.start_address = accel_bo_device_addr(unlisted);
	f.size = 64;
	prog_add(&pr, &f, sizeof(f));
	assert_int_equal(submit(q, cmd, 0, NULL, &seq), 0);
	assert_int_equal(accel_wait(q, seq, 5 * SEC), -EIO);
	assert_int_equal(accel_job_status(q, seq, &st, sizeof(st)), 0);
	assert_int_equal(st.provider_status, DRM_IVPU_JOB_STATUS_ABORTED);
	assert_int_equal(submit(q, cmd, 0, NULL, &seq), -ENOTRECOVERABLE);
	accel_queue_destroy(q);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

/* a malformed program: the firmware's PARSING_ERR, the context lives on */
static void test_ivpu_parsing_error(void **state)
{
	struct accel_context *ctx = open_npu(0);
	struct accel_bo *cmd = alloc(ctx, PAGE, ACCEL_BO_USAGE_COMMAND);
	struct accel_bo *ro = ivpudv_bo_create(ctx, PAGE, DRM_IVPU_BO_READ_ONLY);
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct ivpudv_cmd_header bad = { 0x7777, sizeof(bad) };
	struct ivpudv_cmd_fill f = { .header = { IVPUDV_CMD_MEMORY_FILL, sizeof(f) } };
	struct program pr;
	uint32_t js = 0;
	uint64_t seq;

	(void)state;
	assert_non_null(ro);
	prog_begin(&pr, cmd, NULL);
	prog_add(&pr, &bad, sizeof(bad));
	assert_int_equal(submit(q, cmd, 0, NULL, &seq), 0);
	assert_int_equal(accel_wait(q, seq, 5 * SEC), -EIO);
	assert_int_equal(ivpudv_job_status(q, seq, &js), 0);
	assert_int_equal(js, IVPUDV_JOB_STATUS_PARSING_ERR);
	/* a write into a READ_ONLY BO faults, though the job lists it */
	prog_begin(&pr, cmd, NULL);
	f.start_address = accel_bo_device_addr(ro);
	f.size = 64;
	prog_add(&pr, &f, sizeof(f));
	assert_int_equal(submit(q, cmd, 0, ro, &seq), 0);
	assert_int_equal(accel_wait(q, seq, 5 * SEC), -EIO);
	assert_int_equal(ivpudv_job_status(q, seq, &js), 0);
	assert_int_equal(js, DRM_IVPU_JOB_STATUS_ABORTED);
	accel_queue_destroy(q);
	assert_int_equal(accel_close_device(ctx), 0);
	put_devs();
}

SHIM_TEST_LIST(cmocka_unit_test(test_ivpu_query),
	       cmocka_unit_test(test_ivpu_alloc_submit_wait),
	       cmocka_unit_test(test_ivpu_busy_cmd_bo),
	       cmocka_unit_test(test_ivpu_job_status),
	       cmocka_unit_test(test_ivpu_mmu_fault),
	       cmocka_unit_test(test_ivpu_free_busy_bo),
	       cmocka_unit_test(test_ivpu_priorities),
	       cmocka_unit_test(test_ivpu_hws_queues),
	       cmocka_unit_test(test_ivpu_dv),
	       cmocka_unit_test(test_ivpu_generic_flow),
	       cmocka_unit_test(test_ivpu_fence_export),
	       cmocka_unit_test(test_ivpu_data_mtl),
	       cmocka_unit_test(test_ivpu_data_lnl),
	       cmocka_unit_test(test_ivpu_real_mmu_fault),
	       cmocka_unit_test(test_ivpu_parsing_error));
