// SPDX-License-Identifier: MIT
/*
 * habanalabs: interrupt waits (HL_WAIT_CS_FLAGS_INTERRUPT, on host memory
 * or on a kernel CQ in a command buffer) and timestamp buffers
 * (HL_MEM_OP_TS_ALLOC, HL_WAIT_CS_FLAGS_REGISTER_INTERRUPT).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hl.h"

struct hldv_ts_buffer {
	struct accel_context *ctx;	/* a reference */
	uint64_t handle;
	void *map;
	size_t len;
};

static uint32_t irq_flags(uint32_t id)
{
	return HL_WAIT_CS_FLAGS_INTERRUPT | (id << 20);
}

static int interrupt_wait(struct accel_context *ctx, union hl_wait_cs_args *a,
			  int64_t *timestamp_ns, const char *fn)
{
	int ret;

	ret = hl_ioctl(ctx->fd, DRM_IOCTL_HL_WAIT_CS, a);
	if (ret == -EBUSY)
		return accel_set_reason(-EIO, "%s: the device is not operational", fn);
	if (ret)
		return accel_set_reason(ret, "%s: HL_IOCTL_WAIT_CS: %s", fn, strerror(-ret));
	if (timestamp_ns)
		*timestamp_ns = a->out.flags & HL_WAIT_CS_STATUS_FLAG_TIMESTAMP_VLD ?
					a->out.timestamp_nsec : 0;
	switch (a->out.status) {
	case HL_WAIT_CS_STATUS_COMPLETED:
		return 0;
	case HL_WAIT_CS_STATUS_BUSY:
		return accel_set_reason(-ETIMEDOUT, "%s: the counter is not at the target", fn);
	default:
		return accel_set_reason(-EIO, "%s: aborted by a device reset", fn);
	}
}

HLDV_EXPORT int hldv_wait_interrupt(struct accel_context *ctx, uint32_t interrupt_id,
				    const volatile uint64_t *counter, uint64_t target,
				    uint64_t timeout_us, int64_t *timestamp_ns)
{
	union hl_wait_cs_args a = { 0 };
	int ret;

	if (!ctx || !counter || interrupt_id > 0xFFF)
		return accel_set_reason(-EINVAL,
					"hldv_wait_interrupt: NULL context or counter, or interrupt %u > 0xFFF",
					interrupt_id);
	ret = hl_check_ctx(&ctx);
	if (ret)
		return ret;
	a.in.flags = irq_flags(interrupt_id);
	a.in.addr = (uintptr_t)counter;
	a.in.target = target;
	a.in.interrupt_timeout_us = timeout_us;
	ret = interrupt_wait(ctx, &a, timestamp_ns, "hldv_wait_interrupt");
	accel_context_put(ctx);
	return ret;
}

/* the kernel's handle of a command buffer BO of ctx */
static int cq_handle(struct accel_context *ctx, struct accel_bo *cq, uint64_t *handle,
		     const char *fn)
{
	/* cq is the application's handle: ask the core whose it is */
	if (!cq || accel_bo_context(cq) != accel_object_handle(ctx))
		return accel_set_reason(-EINVAL, "%s: no CQ BO, or one of another context", fn);
	*handle = hldv_cb_handle(cq);
	if (!*handle)
		return accel_set_reason(-EINVAL, "%s: the CQ BO is not a command buffer", fn);
	return 0;
}

HLDV_EXPORT int hldv_wait_interrupt_cq(struct accel_context *ctx, uint32_t interrupt_id,
				       struct accel_bo *cq, uint64_t index, uint64_t target,
				       uint64_t timeout_us, int64_t *timestamp_ns)
{
	union hl_wait_cs_args a = { 0 };
	uint64_t h;
	int ret;

	if (!ctx || interrupt_id > 0xFFF)
		return accel_set_reason(-EINVAL,
					"hldv_wait_interrupt_cq: NULL context, or interrupt %u > 0xFFF",
					interrupt_id);
	ret = hl_check_ctx(&ctx);
	if (ret)
		return ret;
	ret = cq_handle(ctx, cq, &h, "hldv_wait_interrupt_cq");
	if (!ret) {
		a.in.flags = irq_flags(interrupt_id) | HL_WAIT_CS_FLAGS_INTERRUPT_KERNEL_CQ;
		a.in.cq_counters_handle = h;
		a.in.cq_counters_offset = index;
		a.in.target = target;
		a.in.interrupt_timeout_us = timeout_us;
		ret = interrupt_wait(ctx, &a, timestamp_ns, "hldv_wait_interrupt_cq");
	}
	accel_context_put(ctx);
	return ret;
}

HLDV_EXPORT struct hldv_ts_buffer *hldv_ts_buffer_alloc(struct accel_context *ctx, uint32_t num)
{
	union hl_mem_args a = { 0 };
	struct hldv_ts_buffer *ts;
	int ret;

	if (!ctx || !num || num > TS_MAX_ELEMENTS_NUM) {
		errno = -accel_set_reason(-EINVAL,
					  "hldv_ts_buffer_alloc: NULL context, or %u records (1..%u)",
					  num, TS_MAX_ELEMENTS_NUM);
		return NULL;
	}
	ret = hl_check_ctx(&ctx);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	ts = calloc(1, sizeof(*ts));
	if (!ts) {
		ret = -ENOMEM;
		goto err_put;
	}
	a.in.op = HL_MEM_OP_TS_ALLOC;
	a.in.num_of_elements = num;
	ret = hl_ioctl(ctx->fd, DRM_IOCTL_HL_MEMORY, &a);
	if (ret) {
		accel_set_reason(ret, "hldv_ts_buffer_alloc: HL_MEM_OP_TS_ALLOC: %s",
				 strerror(-ret));
		goto err_free;
	}
	ts->handle = a.out.handle;
	ts->len = (size_t)num * sizeof(uint64_t);
	ts->map = mmap(NULL, ts->len, PROT_READ, MAP_SHARED, ctx->fd, (off_t)ts->handle);
	if (ts->map == MAP_FAILED) {
		ret = accel_set_reason(-errno, "hldv_ts_buffer_alloc: mmap: %s", strerror(errno));
		goto err_free;
	}
	ts->ctx = ctx;	/* keeps the reference */
	return ts;

err_free:
	free(ts);
err_put:
	accel_context_put(ctx);
	errno = -ret;
	return NULL;
}

HLDV_EXPORT const volatile uint64_t *hldv_ts_buffer_records(const struct hldv_ts_buffer *ts)
{
	return ts ? ts->map : NULL;
}

HLDV_EXPORT void hldv_ts_buffer_free(struct hldv_ts_buffer *ts)
{
	if (!ts)
		return;
	munmap(ts->map, ts->len);
	accel_context_put(ts->ctx);
	free(ts);
}

HLDV_EXPORT int hldv_ts_register(struct hldv_ts_buffer *ts, uint32_t index,
				 uint32_t interrupt_id, struct accel_bo *cq, uint64_t cq_index,
				 uint64_t target)
{
	union hl_wait_cs_args a = { 0 };
	uint64_t h;
	int ret;

	if (!ts || interrupt_id > 0xFFF)
		return accel_set_reason(-EINVAL, "hldv_ts_register: NULL buffer, or interrupt %u",
					interrupt_id);
	ret = cq_handle(ts->ctx, cq, &h, "hldv_ts_register");
	if (ret)
		return ret;
	a.in.flags = irq_flags(interrupt_id) | HL_WAIT_CS_FLAGS_INTERRUPT_KERNEL_CQ |
		     HL_WAIT_CS_FLAGS_REGISTER_INTERRUPT;
	a.in.cq_counters_handle = h;
	a.in.cq_counters_offset = cq_index;
	a.in.target = target;
	a.in.timestamp_handle = ts->handle;
	a.in.timestamp_offset = index;
	ret = hl_ioctl(ts->ctx->fd, DRM_IOCTL_HL_WAIT_CS, &a);
	if (ret)
		return accel_set_reason(ret, "hldv_ts_register: HL_WAIT_CS_FLAGS_REGISTER_INTERRUPT: %s",
					strerror(-ret));
	return 0;
}
