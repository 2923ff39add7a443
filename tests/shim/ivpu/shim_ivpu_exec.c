// SPDX-License-Identifier: MIT
/*
 * ivpu emulation: a tiny firmware. It runs a job's command buffer (the
 * JSM job command layout of accel/ivpudv.h) when the job is submitted, so
 * its results are in memory before its fence signals:
 *  - NOP, BARRIER: nothing (commands run in order);
 *  - MEMORY_FILL: a 32-bit pattern over size bytes;
 *  - COPY_SYSTEM_TO_SYSTEM, COPY_LOCAL_TO_LOCAL: the descriptors in the
 *    descriptor heap, in the model's layout (37xx or 40xx);
 *  - TIMESTAMP: CLOCK_MONOTONIC ns, 64 bits;
 *  - FENCE_SIGNAL: a 64-bit value at the fence heap base plus offset;
 *    FENCE_WAIT on a value already reached passes.
 * Every address goes through the context's MMU: it must fall inside a BO
 * that a submission has listed (ivpu_bo_bind()), and a write must not hit
 * a READ_ONLY BO; otherwise the job faults the MMU and poisons the file.
 * A malformed buffer or an unknown command ends the job with
 * PARSING_ERR. Not emulated (abort): FENCE_WAIT on a value not reached
 * (it would wait for other work), and the inference, DXIL, metric and
 * other copy commands.
 */
#include <string.h>

#include <accel/ivpudv.h>

#include "shim_ivpu.h"

#define IVPU_COPY_DESC_MAX 4096		/* VPU_CMD_COPY_DESC_COUNT_MAX */

struct exec {
	struct ivpu_ctx *ctx;
	bool fault;
};

/* the MMU: [va, va + len) inside one BO the context has mapped */
static uint8_t *translate(struct exec *x, uint64_t va, uint64_t len, bool write)
{
	struct ivpu_sbo *bo;
	uint8_t *p;

	for (bo = x->ctx->bos; bo; bo = bo->next) {
		if (!bo->mmu_mapped || va < bo->vpu_addr ||
		    va - bo->vpu_addr > bo->obj->size ||
		    len > bo->obj->size - (va - bo->vpu_addr))
			continue;
		if (write && (bo->flags & DRM_IVPU_BO_READ_ONLY))
			break;
		p = shim_gem_vaddr(bo->obj);
		if (!p)
			break;
		return p + (va - bo->vpu_addr);
	}
	x->fault = true;
	return NULL;
}

static uint32_t fill(struct exec *x, const struct ivpudv_cmd_fill *c)
{
	uint8_t *p = translate(x, c->start_address, c->size, true);
	uint64_t i;

	if (!p)
		return 0;
	for (i = 0; i < c->size; i++)
		p[i] = (uint8_t)(c->fill_pattern >> (8 * (i % 4)));
	return 0;
}

static uint32_t copy(struct exec *x, const struct ivpudv_cmd_buffer_header *h,
		     const struct ivpudv_cmd_copy *c)
{
	bool gen37 = x->ctx->m->gen37;
	uint64_t dsz = gen37 ? sizeof(struct ivpudv_copy_desc_37xx) :
			       sizeof(struct ivpudv_copy_desc_40xx);
	const uint8_t *d;
	uint32_t i;

	if (c->desc_count > IVPU_COPY_DESC_MAX)
		return IVPUDV_JOB_STATUS_PARSING_ERR;
	d = translate(x, h->descriptor_heap_base_address + c->desc_start_offset,
		      dsz * c->desc_count, false);
	for (i = 0; d && i < c->desc_count; i++) {
		uint64_t src, dst, size;
		const uint8_t *s;
		uint8_t *t;

		if (gen37) {
			struct ivpudv_copy_desc_37xx e;

			memcpy(&e, d + i * dsz, sizeof(e));
			src = e.src_address;
			dst = e.dst_address;
			size = e.size;
		} else {
			struct ivpudv_copy_desc_40xx e;

			memcpy(&e, d + i * dsz, sizeof(e));
			src = e.src_address;
			dst = e.dst_address;
			size = e.size;
		}
		s = translate(x, src, size, false);
		t = s ? translate(x, dst, size, true) : NULL;
		if (!t)
			return 0;
		memmove(t, s, size);
	}
	return 0;
}

static uint32_t fence(struct exec *x, const struct ivpudv_cmd_buffer_header *h,
		      const struct ivpudv_cmd_fence *c, bool signal)
{
	uint8_t *p = translate(x, h->fence_heap_base_address + c->offset, 8, signal);
	uint64_t v;

	if (!p)
		return 0;
	if (signal) {
		memcpy(p, &c->value, 8);
		return 0;
	}
	memcpy(&v, p, 8);
	if (v < c->value)
		shim_not_emulated("intel_vpu", "VPU_CMD_FENCE_WAIT on a fence not yet reached");
	return 0;
}

static uint32_t timestamp(struct exec *x, const struct ivpudv_cmd_timestamp *c)
{
	uint8_t *p = translate(x, c->timestamp_address, 8, true);
	uint64_t now = (uint64_t)shim_now_ns();

	if (p)
		memcpy(p, &now, 8);
	return 0;
}

/* the command at p (len bytes left), copied out so alignment does not matter */
#define CMD(type, var)                                  \
	type var;                                       \
	if (hdr.size < sizeof(var))                     \
		return IVPUDV_JOB_STATUS_PARSING_ERR;   \
	memcpy(&var, p, sizeof(var))

static uint32_t run_one(struct exec *x, const struct ivpudv_cmd_buffer_header *h,
			const uint8_t *p, struct ivpudv_cmd_header hdr)
{
	switch (hdr.type) {
	case IVPUDV_CMD_NOP:
	case IVPUDV_CMD_BARRIER:
		return 0;
	case IVPUDV_CMD_MEMORY_FILL: {
		CMD(struct ivpudv_cmd_fill, c);
		return fill(x, &c);
	}
	case IVPUDV_CMD_COPY_SYSTEM_TO_SYSTEM:
	case IVPUDV_CMD_COPY_LOCAL_TO_LOCAL: {
		CMD(struct ivpudv_cmd_copy, c);
		return copy(x, h, &c);
	}
	case IVPUDV_CMD_TIMESTAMP: {
		CMD(struct ivpudv_cmd_timestamp, c);
		return timestamp(x, &c);
	}
	case IVPUDV_CMD_FENCE_SIGNAL:
	case IVPUDV_CMD_FENCE_WAIT: {
		CMD(struct ivpudv_cmd_fence, c);
		return fence(x, h, &c, hdr.type == IVPUDV_CMD_FENCE_SIGNAL);
	}
	case 0x0104:	/* METRIC_QUERY_BEGIN */
	case 0x0105:	/* METRIC_QUERY_END */
	case 0x0200:	/* COPY_SYSTEM_TO_LOCAL */
	case 0x0201:	/* COPY_LOCAL_TO_SYSTEM */
	case 0x0300:	/* DXIL */
	case 0x0301:	/* JIT_MAPPED_INFERENCE_EXECUTE */
	case 0x0303:	/* CLEAR_BUFFER */
	case 0x0304:	/* OV_BLOB_INITIALIZE */
	case 0x0305:	/* OV_BLOB_EXECUTE */
	case 0x0306:	/* INFERENCE_EXECUTE */
	case 0x0307:	/* DXIL_COPY */
		shim_not_emulated("intel_vpu", "a firmware command other than NOP, BARRIER, "
				  "MEMORY_FILL, COPY, TIMESTAMP and FENCE");
	default:
		return IVPUDV_JOB_STATUS_PARSING_ERR;
	}
}

uint32_t ivpu_exec(struct ivpu_ctx *ctx, struct ivpu_sbo *cmd, uint32_t offset,
		   bool *fault)
{
	struct exec x = { .ctx = ctx };
	struct ivpudv_cmd_buffer_header h;
	const uint8_t *base;
	uint32_t pos, status = 0;

	*fault = false;
	base = shim_gem_vaddr(cmd->obj);
	if (!base)
		return IVPUDV_JOB_STATUS_PROCESSING_ERR;
	if ((uint64_t)offset + sizeof(h) > cmd->obj->size)
		return IVPUDV_JOB_STATUS_PARSING_ERR;
	memcpy(&h, base + offset, sizeof(h));
	if (h.cmd_offset < sizeof(h) || h.cmd_buffer_size > cmd->obj->size - offset ||
	    h.cmd_offset > h.cmd_buffer_size)
		return IVPUDV_JOB_STATUS_PARSING_ERR;
	for (pos = h.cmd_offset; !status && !x.fault && pos < h.cmd_buffer_size;) {
		struct ivpudv_cmd_header hdr;
		const uint8_t *p = base + offset + pos;

		if (h.cmd_buffer_size - pos < sizeof(hdr))
			return IVPUDV_JOB_STATUS_PARSING_ERR;
		memcpy(&hdr, p, sizeof(hdr));
		if (hdr.size < sizeof(hdr) || hdr.size > h.cmd_buffer_size - pos)
			return IVPUDV_JOB_STATUS_PARSING_ERR;
		status = run_one(&x, &h, p, hdr);
		pos += hdr.size;
	}
	*fault = x.fault;
	return status;
}
