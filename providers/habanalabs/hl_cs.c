// SPDX-License-Identifier: MIT
/*
 * habanalabs provider: engines, queues, command submission and the
 * CS-sequence wait backend.
 *
 * A libaccel queue is one Gaudi2 H/W queue, named by (engine class,
 * instance) from the engines HW_IP_INFO's enabled masks leave usable
 * (enum hldv_engine). accel_submit() sends one CS with one chunk: the
 * command bytes are executed in place from the command BO's device address
 * (cmd_bo's device VA + cmd_offset, cmd_size bytes) as a user-allocated CB
 * (HL_CS_CHUNK_FLAGS_USER_ALLOC_CB), which is what Gaudi2's queues take.
 * hldv_submit() chains struct hldv_submit_chunks for a multi-chunk CS.
 *
 * The core owns seqnos, BO lifetime and dependencies (resolved by a CPU
 * wait in accel_submit(): the kernel takes none). The kernel's CS
 * sequence, per context, stays in job->kernel_seq; fence_wait waits for it
 * with HL_WAIT_CS, whose timeout the kernel truncates to 32 bits of µs
 * (usecs_to_jiffies() takes an unsigned int), so each call is clamped to
 * U32_MAX µs and the wait loops until the deadline.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "hl.h"

#define HL_MAX_SCHEDULE_TIMEOUT 0x7fffffffffffffffull	/* LONG_MAX */

/* enum gaudi2_queue_id: stream 0 of each engine */
#define G2_PDMA(e) (0 + 4 * (e))		/* PDMA_0_0, PDMA_1_0 */
static const uint16_t g2_edma_base[4] = { 8, 48, 84, 120 };	/* DCOREn_EDMA_0_0 */
static const uint16_t g2_mme[4] = { 16, 56, 92, 128 };		/* DCOREn_MME_0_0 */
static const uint16_t g2_tpc_base[4] = { 20, 60, 96, 132 };	/* DCOREn_TPC_0_0 */
#define G2_TPC_DCORE0_6 44			/* DCORE0_TPC_6_0, mask bit 24 */
#define G2_ROT(r) (252 + 4 * (r))		/* ROT_0_0, ROT_1_0 */
#define G2_NIC_FIRST GAUDI2_QUEUE_ID_NIC_0_0
#define G2_NIC_LAST GAUDI2_QUEUE_ID_NIC_23_3

static const char *const engine_names[HL_NUM_ENGINE_CLASSES] = {
	[HLDV_ENGINE_PDMA] = "pdma",
	[HLDV_ENGINE_EDMA] = "edma",
	[HLDV_ENGINE_MME] = "mme",
	[HLDV_ENGINE_TPC] = "tpc",
	[HLDV_ENGINE_ROT] = "rot",
};

static uint64_t tpc_mask(const struct hl_info_hw_ip_info *hw)
{
	return hw->tpc_enabled_mask_ext ? hw->tpc_enabled_mask_ext : hw->tpc_enabled_mask;
}

/* the enabled mask a class comes from, for the reasons we give */
static uint64_t engine_mask(const struct hl_context *ctx, uint32_t cls)
{
	switch (cls) {
	case HLDV_ENGINE_EDMA:
		return ctx->hw.edma_enabled_mask;
	case HLDV_ENGINE_TPC:
		return tpc_mask(&ctx->hw);
	case HLDV_ENGINE_ROT:
		return ctx->hw.rotator_enabled_mask;
	default:
		return (1ull << ctx->num_engines[cls]) - 1;	/* never binned */
	}
}

static void add_engine(struct hl_context *ctx, uint32_t cls, uint16_t q)
{
	if (ctx->num_engines[cls] < HL_MAX_ENGINES)
		ctx->engine_q[cls][ctx->num_engines[cls]++] = q;
}

/*
 * The usable engines from HW_IP_INFO (call after ctx->hw is read). Bit i
 * of edma_enabled_mask is EDMA i % 2 of DCORE i / 2; bits 0-23 of the TPC
 * mask are TPC i % 6 of DCORE i / 6, bit 24 DCORE0's seventh TPC.
 */
void hl_init_engines(struct hl_context *ctx)
{
	const struct hl_info_hw_ip_info *hw = &ctx->hw;
	uint64_t tpc = tpc_mask(hw);
	uint32_t i;

	memset(ctx->num_engines, 0, sizeof(ctx->num_engines));
	if (hw->device_id != HL_GAUDI2_ID)
		return;	/* Goya and Gaudi queues are not described */
	for (i = 0; i < 2; i++)
		add_engine(ctx, HLDV_ENGINE_PDMA, G2_PDMA(i));
	for (i = 0; i < 8; i++)
		if (hw->edma_enabled_mask & (1u << i))
			add_engine(ctx, HLDV_ENGINE_EDMA,
				   g2_edma_base[i / 2] + 4 * (i % 2));
	for (i = 0; i < 4; i++)
		add_engine(ctx, HLDV_ENGINE_MME, g2_mme[i]);
	for (i = 0; i < 24; i++)
		if (tpc & (1ull << i))
			add_engine(ctx, HLDV_ENGINE_TPC,
				   g2_tpc_base[i / 6] + 4 * (i % 6));
	if (tpc & (1ull << 24))
		add_engine(ctx, HLDV_ENGINE_TPC, G2_TPC_DCORE0_6);
	for (i = 0; i < 2; i++)
		if (hw->rotator_enabled_mask & (1u << i))
			add_engine(ctx, HLDV_ENGINE_ROT, G2_ROT(i));
}

int hl_check_hw_queue(struct hl_context *ctx, uint32_t qi, const char *what)
{
	uint32_t c, e;

	if (ctx->hw.device_id != HL_GAUDI2_ID)
		return 0;	/* the kernel decides */
	for (c = 0; c < HL_NUM_ENGINE_CLASSES; c++)
		for (e = 0; e < ctx->num_engines[c]; e++)
			if (qi - (uint32_t)ctx->engine_q[c][e] < (uint32_t)HL_STREAMS)
				return 0;
	if (qi == GAUDI2_QUEUE_ID_CPU_PQ)
		return accel_set_reason(-EINVAL, "%s: H/W queue %u is the driver's CPU queue",
					what, qi);
	if (qi >= GAUDI2_QUEUE_ID_SIZE)
		return accel_set_reason(-EINVAL, "%s: no H/W queue %u on Gaudi2 (%u queues)",
					what, qi, GAUDI2_QUEUE_ID_SIZE);
	if (qi >= G2_NIC_FIRST && qi <= G2_NIC_LAST)
		return accel_set_reason(-EINVAL, "%s: H/W queue %u is a NIC queue", what, qi);
	return accel_set_reason(-EINVAL,
				"%s: H/W queue %u belongs to an engine HW_IP_INFO's enabled masks leave out (binned)",
				what, qi);
}

int hl_query_engines(struct accel_context *c, struct accel_engine_info *engines,
		     uint32_t max)
{
	struct hl_context *ctx = to_hl_ctx(c);
	uint32_t i;

	if (ctx->hw.device_id != HL_GAUDI2_ID)
		return 0;
	for (i = 0; i < HL_NUM_ENGINE_CLASSES && i < max; i++) {
		struct accel_engine_info *e = &engines[i];

		memset(e, 0, sizeof(*e));
		e->id = i;
		e->flags = ACCEL_ENGINE_IN_ORDER | ACCEL_ENGINE_CMD_BUFFER;
		snprintf(e->name, sizeof(e->name), "%s", engine_names[i]);
		e->count = ctx->num_engines[i] * HL_STREAMS;
		/* the limit is per context: all queues share the 64 */
		e->max_in_flight = HL_MAX_PENDING_CS;
		e->max_bos = HL_MAX_JOBS_PER_CS;
	}
	return HL_NUM_ENGINE_CLASSES;
}

struct accel_queue *hl_queue_create(struct accel_context *c,
				    const struct accel_queue_attr *attr)
{
	struct hl_context *ctx = to_hl_ctx(c);
	uint32_t cls = HLDV_ENGINE_PDMA, inst = 0, n;
	struct hl_queue *q;

	if (ctx->hw.device_id != HL_GAUDI2_ID) {
		errno = -accel_set_reason(-EOPNOTSUPP,
					  "habanalabs: queues of device 0x%x are not described (Gaudi2 only)",
					  ctx->hw.device_id);
		return NULL;
	}
	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_PRIORITY) && attr->priority) {
		errno = -accel_set_reason(-EINVAL,
					  "habanalabs: priority %d: H/W queues have one priority, 0",
					  attr->priority);
		return NULL;
	}
	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_ENGINE))
		cls = attr->engine;
	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_INSTANCE))
		inst = attr->instance;
	if (cls >= HL_NUM_ENGINE_CLASSES) {
		errno = -accel_set_reason(-EINVAL,
					  "habanalabs: engine %u: Gaudi2's classes are 0..%u (enum hldv_engine)",
					  cls, HL_NUM_ENGINE_CLASSES - 1);
		return NULL;
	}
	n = ctx->num_engines[cls] * HL_STREAMS;
	if (inst >= n) {
		errno = -accel_set_reason(-EINVAL,
					  "habanalabs: %s instance %u: %u queues usable (enabled mask 0x%llx)",
					  engine_names[cls], inst, n,
					  (unsigned long long)engine_mask(ctx, cls));
		return NULL;
	}
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	accel_init_queue(&q->base, c, attr);
	q->queue_index = ctx->engine_q[cls][inst / HL_STREAMS] + inst % HL_STREAMS;
	/* a H/W queue runs its CSs in order */
	q->base.in_order = true;
	return &q->base;
}

void hl_queue_destroy(struct accel_queue *queue)
{
	free(to_hl_queue(queue));
}

/*
 * The kernel refused work because the device is not operational: a reset
 * in progress loses the work (-EIO); a device that needs a reset or
 * malfunctions takes nothing more from this context (-ENOTRECOVERABLE).
 */
static int not_operational(struct accel_context *ctx, const char *what)
{
	struct hl_info_device_status st = { 0 };

	if (hl_info(ctx->fd, HL_INFO_DEVICE_STATUS, 0, &st, sizeof(st)) ||
	    st.status == HL_DEVICE_STATUS_MALFUNCTION ||
	    st.status == HL_DEVICE_STATUS_NEEDS_RESET)
		return accel_set_reason(-ENOTRECOVERABLE,
					"habanalabs: %s: the device needs a reset; close the context",
					what);
	return accel_set_reason(-EIO, "habanalabs: %s: the device is in reset (status %u)",
				what, st.status);
}

static uint32_t cs_flags(const struct hldv_submit_cs *x)
{
	static const uint32_t type_flag[] = {
		[HLDV_CS_DEFAULT] = 0,
		[HLDV_CS_SIGNAL] = HL_CS_FLAGS_SIGNAL,
		[HLDV_CS_WAIT] = HL_CS_FLAGS_WAIT,
		[HLDV_CS_COLLECTIVE_WAIT] = HL_CS_FLAGS_COLLECTIVE_WAIT,
	};

	if (!x)
		return 0;
	return type_flag[x->type] |
	       (x->flags & HLDV_CS_TIMESTAMP ? HL_CS_FLAGS_TIMESTAMP : 0) |
	       (x->flags & HLDV_CS_CUSTOM_TIMEOUT ? HL_CS_FLAGS_CUSTOM_TIMEOUT : 0) |
	       (x->flags & HLDV_CS_SKIP_RESET ? HL_CS_FLAGS_SKIP_RESET_ON_TIMEOUT : 0) |
	       (x->flags & HLDV_CS_ENCAP_SIGNALS ? HL_CS_FLAGS_ENCAP_SIGNALS : 0) |
	       (x->flags & HLDV_CS_STAGED ? HL_CS_FLAGS_STAGED_SUBMISSION : 0) |
	       (x->flags & HLDV_CS_STAGED_FIRST ? HL_CS_FLAGS_STAGED_SUBMISSION_FIRST : 0) |
	       (x->flags & HLDV_CS_STAGED_LAST ? HL_CS_FLAGS_STAGED_SUBMISSION_LAST : 0);
}

/* what a CS carries besides its execute chunks */
struct cs_extra {
	struct hl_cs_chunk *restore;	/* FORCE_RESTORE, when have_restore */
	uint32_t num_restore;
	bool have_restore;
	bool kernel_cb;			/* a chunk names a CB by handle */
};

static const struct cs_extra no_extra;

static int cs_ioctl(struct accel_queue *queue, struct hl_cs_chunk *chunks, uint32_t num,
		    const struct hldv_submit_cs *x, const struct cs_extra *e, uint64_t *kernel_seq)
{
	union hl_cs_args a = { 0 };
	uint32_t flags;
	int ret;

	a.in.chunks_execute = (uintptr_t)chunks;
	a.in.num_chunks_execute = num;
	a.in.cs_flags = cs_flags(x);
	if (x)
		a.in.timeout = x->timeout_s;
	/* hl_cs_ioctl(): a staged part but the first names its submission */
	if (x && (x->flags & HLDV_CS_STAGED) && !(x->flags & HLDV_CS_STAGED_FIRST))
		a.in.seq = x->signal_seq;
	if (e->have_restore) {
		a.in.cs_flags |= HL_CS_FLAGS_FORCE_RESTORE;
		a.in.chunks_restore = (uintptr_t)e->restore;
		a.in.num_chunks_restore = e->num_restore;
	}
	flags = a.in.cs_flags;	/* the answer overwrites the arguments */
	/* hl_ioctl retries EINTR only: EAGAIN is the in-flight limit */
	ret = hl_ioctl(queue->ctx->fd, DRM_IOCTL_HL_CS, &a);
	switch (ret) {
	case 0:
		*kernel_seq = a.out.seq;
		if (x && x->out_kernel_seq)
			*x->out_kernel_seq = a.out.seq;
		if (x && x->out_sob_count)
			*x->out_sob_count = a.out.sob_count_before_submission;
		return 0;
	case -EAGAIN:
		return accel_set_reason(-EAGAIN,
					"habanalabs: %u CSs in flight on the context (the kernel's limit): wait for one",
					HL_MAX_PENDING_CS);
	case -EBUSY:
		return not_operational(queue->ctx, "CS refused");
	case -ENODEV:
		return accel_set_reason(-ENOTRECOVERABLE,
					"habanalabs: the device is gone (ENODEV); close the context");
	case -EPERM:
		if (flags & HL_CS_FLAGS_STAGED_SUBMISSION)
			return accel_set_reason(-EPERM,
						"habanalabs: staged submission: the device does not support it (Gaudi2: hdev->supports_staged_submission is false)");
		break;
	case -ENOEXEC:
		if (e->have_restore)
			return accel_set_reason(-ENOEXEC,
						"habanalabs: the restore CS failed on the device (hl_cs_ctx_switch); the CS was not submitted");
		break;
	case -EINVAL:
		if (e->kernel_cb && to_hl_ctx(queue->ctx)->hw.device_id == HL_GAUDI2_ID)
			return accel_set_reason(-EINVAL,
						"habanalabs: HL_IOCTL_CS refused the CS: Gaudi2's H/W queues take user CBs only, not a CB by handle (validate_queue_index)");
		break;
	default:
		break;
	}
	return accel_set_reason(ret, "habanalabs: HL_IOCTL_CS refused the CS: %s", strerror(-ret));
}

/*
 * [offset, offset + size) of a BO with a device VA, as a user CB chunk; a
 * command buffer without one (hldv_cb_alloc_kernel) by its handle.
 */
static int fill_chunk(struct hl_cs_chunk *hc, const struct accel_bo *bo, uint64_t offset,
		      uint64_t size, uint32_t qi, const char *what)
{
	const struct hl_bo *hb = (const struct hl_bo *)bo;

	if (hb->kind == HL_BO_CB && !bo->device_addr) {
		/* get_cb_from_cs_chunk(): the whole CB, from its start */
		if (offset || size < 8 || size > bo->size)
			return accel_set_reason(-EINVAL,
						"habanalabs: %s: a CB by handle runs from its start: offset %llu (0), size %llu (8..%llu)",
						what, (unsigned long long)offset,
						(unsigned long long)size,
						(unsigned long long)bo->size);
		hc->cb_handle = hb->handle;
		hc->cb_size = (uint32_t)size;
		hc->queue_index = qi;
		hc->cs_chunk_flags = 0;
		return 0;
	}
	if (!size || size > UINT32_MAX)
		return accel_set_reason(-EINVAL, "habanalabs: %s: %llu bytes of commands (1..4 GiB - 1)",
					what, (unsigned long long)size);
	if (offset > bo->size || size > bo->size - offset)
		return accel_set_reason(-EINVAL,
					"habanalabs: %s: bytes %llu..%llu are outside the %llu-byte BO",
					what, (unsigned long long)offset,
					(unsigned long long)(offset + size),
					(unsigned long long)bo->size);
	if (!bo->device_addr)
		return accel_set_reason(-EINVAL, "habanalabs: %s: the BO has no device address",
					what);
	hc->cb_handle = bo->device_addr + offset;
	hc->cb_size = (uint32_t)size;
	hc->queue_index = qi;
	hc->cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;
	return 0;
}

/*
 * The core holds only listed BOs: a chunk's CB (the application's
 * handle) must be one of them (objects); the object, or NULL.
 */
static const struct accel_bo *listed(const struct accel_submit *s, const struct accel_bo *bo)
{
	uint32_t i;

	for (i = 0; bo && i < s->num_bos; i++)
		if (accel_object_handle(s->bos[i].bo) == bo)
			return s->bos[i].bo;
	return NULL;
}

/* the kernel's chunks of num hldv chunks (num may be 0: *out NULL) */
static int build_chunks(struct accel_queue *queue, const struct accel_submit *s,
			const struct hldv_cs_chunk *chunks, uint32_t num, const char *list,
			struct hl_cs_chunk **out, bool *kernel_cb)
{
	struct hl_context *ctx = to_hl_ctx(queue->ctx);
	struct hl_cs_chunk *hc;
	char what[48];
	uint32_t i;
	int ret = 0;

	*out = NULL;
	if (!num)
		return 0;
	hc = calloc(num, sizeof(*hc));
	if (!hc)
		return accel_set_reason(-ENOMEM, "habanalabs: no memory for %u chunks", num);
	for (i = 0; i < num; i++) {
		const struct hldv_cs_chunk *c = &chunks[i];
		const struct accel_bo *cb = listed(s, c->cb);

		snprintf(what, sizeof(what), "%s[%u]", list, i);
		if (!cb) {
			ret = accel_set_reason(-EINVAL,
					       "habanalabs: %s: its cb is not in the submission's bos",
					       what);
			goto err;
		}
		ret = hl_check_hw_queue(ctx, c->queue_index, what);
		if (!ret)
			ret = fill_chunk(&hc[i], cb, c->offset, c->size, c->queue_index, what);
		if (ret)
			goto err;
		if (!(hc[i].cs_chunk_flags & HL_CS_CHUNK_FLAGS_USER_ALLOC_CB))
			*kernel_cb = true;
	}
	*out = hc;
	return 0;
err:
	free(hc);
	return ret;
}

/* HLDV_SUBMIT_EXT_RESTORE: the restore phase's chunks */
static int build_restore(struct accel_queue *queue, const struct accel_submit *s,
			 const struct hldv_submit_restore *r, struct cs_extra *e)
{
	if (!r)
		return 0;
	if (r->ext.size < sizeof(*r))
		return accel_set_reason(-EINVAL, "habanalabs: hldv_submit_restore: size %u < %zu",
					r->ext.size, sizeof(*r));
	if ((r->num && !r->chunks) || r->num > HL_MAX_JOBS_PER_CS)
		return accel_set_reason(-EINVAL,
					"habanalabs: hldv_submit_restore: %u chunks (0..%u, not NULL)",
					r->num, HL_MAX_JOBS_PER_CS);
	e->have_restore = true;
	e->num_restore = r->num;
	return build_chunks(queue, s, r->chunks, r->num, "restore", &e->restore, &e->kernel_cb);
}

static int submit_chunks(struct accel_queue *queue, const struct accel_submit *s,
			 const struct hldv_submit_chunks *x, const struct hldv_submit_cs *t,
			 const struct cs_extra *e, struct accel_job *job)
{
	struct cs_extra ex = *e;
	struct hl_cs_chunk *hc;
	int ret;

	if (x->ext.size < sizeof(*x))
		return accel_set_reason(-EINVAL, "habanalabs: hldv_submit_chunks: size %u < %zu",
					x->ext.size, sizeof(*x));
	if (s->cmd_bo)
		return accel_set_reason(-EINVAL,
					"habanalabs: cmd_bo with HLDV_SUBMIT_EXT_CHUNKS: make the command buffer a chunk");
	if (!x->chunks || !x->num || x->num > HL_MAX_JOBS_PER_CS)
		return accel_set_reason(-EINVAL, "habanalabs: %u chunks (1..%u, not NULL)",
					x->num, HL_MAX_JOBS_PER_CS);
	ret = build_chunks(queue, s, x->chunks, x->num, "chunks", &hc, &ex.kernel_cb);
	if (ret)
		return ret;
	ret = cs_ioctl(queue, hc, x->num, t, &ex, &job->kernel_seq);
	free(hc);
	return ret;
}

/* a SIGNAL, WAIT or COLLECTIVE_WAIT: one chunk naming the H/W queue */
static int submit_sync(struct accel_queue *queue, const struct accel_submit *s,
		       const struct hldv_submit_cs *t, const struct cs_extra *e,
		       struct accel_job *job)
{
	uint64_t seq = t->signal_seq;
	struct hl_cs_chunk hc = { 0 };

	if (s->cmd_bo)
		return accel_set_reason(-EINVAL,
					"habanalabs: a signal or wait CS has no cmd_bo (the kernel builds its packets)");
	hc.queue_index = to_hl_queue(queue)->queue_index;
	if (t->type != HLDV_CS_SIGNAL) {
		if (t->flags & HLDV_CS_ENCAP_SIGNALS) {
			hc.encaps_signal_seq = seq;
			hc.encaps_signal_offset = t->encaps_offset;
		} else {
			hc.signal_seq_arr = (uintptr_t)&seq;
			hc.num_signal_seq_arr = 1;
		}
		hc.collective_engine_id = t->collective_engine_id;
	}
	return cs_ioctl(queue, &hc, 1, t, e, &job->kernel_seq);
}

#define HLDV_CS_FLAGS (HLDV_CS_TIMESTAMP | HLDV_CS_CUSTOM_TIMEOUT | HLDV_CS_SKIP_RESET | \
		       HLDV_CS_ENCAP_SIGNALS | HLDV_CS_STAGED | HLDV_CS_STAGED_FIRST | \
		       HLDV_CS_STAGED_LAST)

int hl_submit(struct accel_queue *queue, const struct accel_submit *s, struct accel_job *job)
{
	const struct hldv_submit_chunks *chunks = NULL;
	const struct hldv_submit_restore *restore = NULL;
	const struct hldv_submit_cs *t = NULL;
	const struct accel_submit_ext *x;
	struct hl_cs_chunk hc = { 0 };
	struct cs_extra e = no_extra;
	int ret;

	if (s->comp_mask & ACCEL_SUBMIT_OUT_FENCE)
		return accel_set_reason(-EOPNOTSUPP,
					"habanalabs: the kernel makes no sync_file for a CS");
	for (x = s->ext; x; x = x->next) {
		if (x->type == HLDV_SUBMIT_EXT_CHUNKS && !chunks) {
			chunks = (const struct hldv_submit_chunks *)x;
		} else if (x->type == HLDV_SUBMIT_EXT_RESTORE && !restore) {
			restore = (const struct hldv_submit_restore *)x;
		} else if (x->type == HLDV_SUBMIT_EXT_CS && !t) {
			t = (const struct hldv_submit_cs *)x;
			if (x->size < sizeof(*t))
				return accel_set_reason(-EINVAL,
							"habanalabs: hldv_submit_cs: size %u < %zu",
							x->size, sizeof(*t));
			if (t->type > HLDV_CS_COLLECTIVE_WAIT || (t->flags & ~HLDV_CS_FLAGS))
				return accel_set_reason(-EINVAL,
							"habanalabs: hldv_submit_cs: type %u or flags %#x unknown",
							t->type, t->flags);
		} else {
			return accel_set_reason(-EINVAL,
						"habanalabs: submit extension 0x%x is not one of hldv.h's (or repeated)",
						x->type);
		}
	}
	if (t && t->type != HLDV_CS_DEFAULT && chunks)
		return accel_set_reason(-EINVAL, "habanalabs: a signal or wait CS takes no chunks");
	if (!chunks && !(t && t->type != HLDV_CS_DEFAULT) && !s->cmd_bo)
		return accel_set_reason(-EINVAL,
					"habanalabs: a submission needs cmd_bo: a CS executes a command buffer");
	/* hl_cs_ctx_switch() runs the restore phase before a CS of any type */
	ret = build_restore(queue, s, restore, &e);
	if (ret)
		return ret;
	if (t && t->type != HLDV_CS_DEFAULT)
		ret = submit_sync(queue, s, t, &e, job);
	else if (chunks)
		ret = submit_chunks(queue, s, chunks, t, &e, job);
	else {
		ret = fill_chunk(&hc, s->cmd_bo, s->cmd_offset, s->cmd_size,
				 to_hl_queue(queue)->queue_index, "cmd_bo");
		if (!ret) {
			e.kernel_cb |= !(hc.cs_chunk_flags & HL_CS_CHUNK_FLAGS_USER_ALLOC_CB);
			ret = cs_ioctl(queue, &hc, 1, t, &e, &job->kernel_seq);
		}
	}
	free(e.restore);
	return ret;
}

int hl_fence_wait(struct accel_queue *queue, struct accel_job *job, int64_t deadline)
{
	unsigned long long seq = job->kernel_seq;
	union hl_wait_cs_args a;
	uint64_t status;
	int ret;

	/* a wait whose signal was done already: the kernel made no CS */
	if (job->kernel_seq == UINT64_MAX)
		return 0;
	for (;;) {
		uint64_t us = deadline == ACCEL_DEADLINE_NEVER ?
				      HL_MAX_SCHEDULE_TIMEOUT :
				      accel_deadline_left_us(deadline, UINT32_MAX);

		memset(&a, 0, sizeof(a));
		a.in.seq = job->kernel_seq;
		a.in.timeout_us = us;
		ret = ioctl(queue->ctx->fd, DRM_IOCTL_HL_WAIT_CS, &a) < 0 ? -errno : 0;
		if (ret == -EINTR)
			continue;
		if (ret || a.out.status != HL_WAIT_CS_STATUS_BUSY)
			break;
		/* busy: the deadline passed, or this call's U32_MAX µs did */
		if (!us || accel_deadline_left_ns(deadline) <= 0)
			return accel_set_reason(-ETIMEDOUT,
						"habanalabs: CS %llu still running at the deadline",
						seq);
	}
	status = (uint64_t)a.out.flags << 32 | a.out.status;
	switch (ret) {
	case 0:
		if (a.out.status == HL_WAIT_CS_STATUS_COMPLETED)
			return 0;	/* also GONE: done long ago */
		return accel_job_fail(job, -EIO, -EIO, status,
				      "habanalabs: CS %llu ended with WAIT_CS status %u", seq,
				      a.out.status);
	case -ETIMEDOUT:
		return accel_job_fail(job, -EIO, -ETIMEDOUT, status,
				      "habanalabs: CS %llu timed out on the device (its TDR fired)",
				      seq);
	case -EIO:
		return accel_job_fail(job, -EIO, -EIO, status,
				      "habanalabs: CS %llu aborted (device reset or MMU fault)", seq);
	case -EBUSY:
		/* not operational: a reset aborts every CS in flight */
		ret = not_operational(queue->ctx, "CS lost");
		return accel_job_fail(job, ret, -EBUSY, status,
				      ret == -EIO ? "habanalabs: CS %llu lost to a device reset" :
						    "habanalabs: CS %llu lost: the device needs a reset",
				      seq);
	case -ENODEV:
		return accel_job_fail(job, -ENOTRECOVERABLE, -ENODEV, status,
				      "habanalabs: CS %llu lost: the device is gone", seq);
	default:
		/* EINVAL: a sequence the kernel never gave; EFAULT... */
		return accel_set_reason(ret, "habanalabs: HL_IOCTL_WAIT_CS for CS %llu: %s", seq,
					strerror(-ret));
	}
}

/* every CB of a chunk list once, appended to refs[*n] */
static int add_refs(struct accel_bo_ref *refs, uint32_t *n, const struct hldv_cs_chunk *chunks,
		    uint32_t num, const char *fn, const char *list)
{
	uint32_t i, j;

	for (i = 0; i < num; i++) {
		if (!chunks[i].cb)
			return accel_set_reason(-EINVAL, "%s: %s[%u]: no cb", fn, list, i);
		for (j = 0; j < *n && refs[j].bo != chunks[i].cb; j++)
			;
		if (j == *n)
			refs[(*n)++] = (struct accel_bo_ref){ .bo = chunks[i].cb,
							      .access = ACCEL_ACCESS_READ };
	}
	return 0;
}

static int submit_dv(struct accel_queue *queue, const struct hldv_cs_chunk *chunks,
		     uint32_t num, const struct hldv_submit_cs *cs,
		     const struct hldv_submit_restore *restore, uint64_t *seqno, const char *fn)
{
	struct hldv_submit_chunks x = {
		.ext = { .type = HLDV_SUBMIT_EXT_CHUNKS, .size = sizeof(x) },
		.chunks = chunks,
		.num = num,
	};
	struct hldv_submit_restore r;
	struct hldv_submit_cs t;
	struct accel_submit s = { 0 };
	struct accel_queue *q = queue;
	struct accel_bo_ref *refs = NULL;
	uint32_t n = 0, nr = restore ? restore->num : 0;
	int ret;

	if (!chunks || !num || num > HL_MAX_JOBS_PER_CS)
		return accel_set_reason(-EINVAL, "%s: %u chunks (1..%u, not NULL)", fn, num,
					HL_MAX_JOBS_PER_CS);
	if (cs && cs->type != HLDV_CS_DEFAULT)
		return accel_set_reason(-EINVAL, "%s: cs type %u: chunks make a default CS", fn,
					cs->type);
	if (restore && ((nr && !restore->chunks) || nr > HL_MAX_JOBS_PER_CS))
		return accel_set_reason(-EINVAL, "%s: %u restore chunks (0..%u, not NULL)", fn, nr,
					HL_MAX_JOBS_PER_CS);
	/* looked up for the check; accel_submit() takes the handle */
	ret = accel_queue_lookup_prov(&q, &hl_provider);
	if (ret)
		return accel_set_reason(ret, "%s: not a live habanalabs queue", fn);
	refs = calloc(num + nr, sizeof(*refs));
	if (!refs) {
		ret = accel_set_reason(-ENOMEM, "%s: no memory for %u chunks", fn, num + nr);
		goto out;
	}
	/* every CB once: the core holds them until the CS retires */
	ret = add_refs(refs, &n, chunks, num, fn, "chunks");
	if (!ret && restore)
		ret = add_refs(refs, &n, restore->chunks, nr, fn, "restore");
	if (ret)
		goto out;
	if (cs) {
		t = *cs;
		t.ext.type = HLDV_SUBMIT_EXT_CS;
		t.ext.size = sizeof(t);
		t.ext.next = x.ext.next;
		x.ext.next = &t.ext;
	}
	if (restore) {
		r = *restore;
		r.ext.type = HLDV_SUBMIT_EXT_RESTORE;
		r.ext.size = sizeof(r);
		r.ext.next = x.ext.next;
		x.ext.next = &r.ext;
	}
	s.bos = refs;
	s.num_bos = n;
	s.ext = &x.ext;
	ret = accel_submit(queue, &s, seqno);
out:
	free(refs);
	accel_queue_put(q);
	return ret;
}

HLDV_EXPORT int hldv_submit(struct accel_queue *queue, const struct hldv_cs_chunk *chunks,
			    uint32_t num, uint64_t *seqno)
{
	return submit_dv(queue, chunks, num, NULL, NULL, seqno, "hldv_submit");
}

HLDV_EXPORT int hldv_submit_ex(struct accel_queue *queue, const struct hldv_cs_chunk *chunks,
			       uint32_t num, const struct hldv_submit_cs *cs,
			       const struct hldv_submit_restore *restore, uint64_t *seqno)
{
	return submit_dv(queue, chunks, num, cs, restore, seqno, "hldv_submit_ex");
}

/*
 * hl_multi_cs_wait_ioctl(): the first of up to 32 CSs. Gaudi2 answers
 * EPERM (no supports_wait_for_multi_cs); a CS of the list that failed on
 * the device ends the wait with the kernel's -ETIMEDOUT or -EIO, which we
 * answer as -EIO.
 */
HLDV_EXPORT int hldv_wait_cs_multi(struct accel_context *ctx, const uint64_t *kernel_seqs,
				   uint32_t num, uint64_t timeout_us,
				   struct hldv_multi_cs_wait *out)
{
	union hl_wait_cs_args a = { 0 };
	int ret;

	if (!ctx || !kernel_seqs || !out)
		return accel_set_reason(-EINVAL, "hldv_wait_cs_multi: NULL context, sequences or out");
	if (!num || num > HL_WAIT_MULTI_CS_LIST_MAX_LEN)
		return accel_set_reason(-EINVAL, "hldv_wait_cs_multi: %u sequences (1..%u)", num,
					HL_WAIT_MULTI_CS_LIST_MAX_LEN);
	ret = hl_check_ctx(&ctx);
	if (ret)
		return accel_set_reason(ret, "hldv_wait_cs_multi: not a live habanalabs context");
	a.in.seq = (uintptr_t)kernel_seqs;
	a.in.seq_arr_len = (uint8_t)num;
	a.in.timeout_us = timeout_us;
	a.in.flags = HL_WAIT_CS_FLAGS_MULTI_CS;
	ret = hl_ioctl(ctx->fd, DRM_IOCTL_HL_WAIT_CS, &a);
	accel_context_put(ctx);
	switch (ret) {
	case 0:
		memset(out, 0, sizeof(*out));
		if (a.out.status == HL_WAIT_CS_STATUS_COMPLETED) {
			out->completed = a.out.cs_completion_map;
			out->flags = a.out.flags & (HLDV_WAIT_GONE | HLDV_WAIT_TIMESTAMP);
			if (out->flags & HLDV_WAIT_TIMESTAMP)
				out->timestamp_ns = a.out.timestamp_nsec;
		}
		return 0;
	case -EPERM:
		return accel_set_reason(-EPERM,
					"hldv_wait_cs_multi: the device has no multi-CS wait (Gaudi2: hdev->supports_wait_for_multi_cs is false); wait for each job");
	case -ETIMEDOUT:
	case -EIO:
		return accel_set_reason(-EIO,
					"hldv_wait_cs_multi: a CS of the list failed on the device (%s)",
					ret == -ETIMEDOUT ? "its TDR fired" : "aborted");
	case -EBUSY:
		return accel_set_reason(-EBUSY, "hldv_wait_cs_multi: the device is not operational");
	default:
		/* EINVAL: a sequence the kernel never gave; ENOMEM: 2 multi-CS waits already */
		return accel_set_reason(ret, "hldv_wait_cs_multi: HL_IOCTL_WAIT_CS: %s",
					strerror(-ret));
	}
}

static int submit_ext(struct accel_queue *queue, const struct hldv_submit_cs *t,
		      uint64_t *seqno, const char *fn)
{
	struct accel_submit s = { 0 };
	struct accel_queue *q = queue;
	int ret;

	ret = accel_queue_lookup_prov(&q, &hl_provider);
	if (ret)
		return accel_set_reason(ret, "%s: not a live habanalabs queue", fn);
	s.ext = &t->ext;
	ret = accel_submit(queue, &s, seqno);
	accel_queue_put(q);
	return ret;
}

HLDV_EXPORT int hldv_signal(struct accel_queue *queue, uint64_t *seqno, uint64_t *kernel_seq,
			    uint16_t *sob_count)
{
	struct hldv_submit_cs t = {
		.ext = { .type = HLDV_SUBMIT_EXT_CS, .size = sizeof(t) },
		.type = HLDV_CS_SIGNAL,
		.out_kernel_seq = kernel_seq,
		.out_sob_count = sob_count,
	};

	if (!seqno)
		return accel_set_reason(-EINVAL, "hldv_signal: NULL seqno");
	return submit_ext(queue, &t, seqno, "hldv_signal");
}

HLDV_EXPORT int hldv_wait_signal(struct accel_queue *queue, uint64_t signal_seq,
				 uint64_t *seqno)
{
	struct hldv_submit_cs t = {
		.ext = { .type = HLDV_SUBMIT_EXT_CS, .size = sizeof(t) },
		.type = HLDV_CS_WAIT,
		.signal_seq = signal_seq,
	};

	if (!seqno)
		return accel_set_reason(-EINVAL, "hldv_wait_signal: NULL seqno");
	return submit_ext(queue, &t, seqno, "hldv_wait_signal");
}

/* a CS ioctl that makes no CS: reservations and engine commands */
static int cs_control(struct accel_context *ctx, union hl_cs_args *a, const char *fn)
{
	int ret = hl_check_ctx(&ctx);

	if (ret)
		return accel_set_reason(ret, "%s: not a live habanalabs context", fn);
	ret = hl_ioctl(ctx->fd, DRM_IOCTL_HL_CS, a);
	accel_context_put(ctx);
	if (ret == -EBUSY)
		return accel_set_reason(ret, "%s: the device is not operational", fn);
	if (ret)
		return accel_set_reason(ret, "%s: %s", fn, strerror(-ret));
	return 0;
}

HLDV_EXPORT int hldv_reserve_signals(struct accel_context *ctx, uint32_t hw_queue,
				     uint32_t count, struct hldv_signal_reservation *r)
{
	union hl_cs_args a = { 0 };
	int ret;

	if (!ctx || !r)
		return accel_set_reason(-EINVAL, "hldv_reserve_signals: NULL context or reservation");
	a.in.cs_flags = HL_CS_FLAGS_RESERVE_SIGNALS_ONLY;
	a.in.encaps_signals_q_idx = hw_queue;
	a.in.encaps_signals_count = count;
	ret = cs_control(ctx, &a, "hldv_reserve_signals");
	if (ret)
		return ret;
	r->handle = a.out.handle_id;
	r->sob_addr = a.out.sob_base_addr_offset;
	r->next_count = a.out.count;
	r->reserved = 0;
	return 0;
}

HLDV_EXPORT int hldv_unreserve_signals(struct accel_context *ctx, uint32_t handle)
{
	union hl_cs_args a = { 0 };

	if (!ctx)
		return accel_set_reason(-EINVAL, "hldv_unreserve_signals: NULL context");
	a.in.cs_flags = HL_CS_FLAGS_UNRESERVE_SIGNALS_ONLY;
	a.in.encaps_sig_handle_id = handle;
	return cs_control(ctx, &a, "hldv_unreserve_signals");
}

HLDV_EXPORT int hldv_engine_cores(struct accel_context *ctx, const uint32_t *cores,
				  uint32_t num, uint32_t command)
{
	union hl_cs_args a = { 0 };

	if (!ctx || !cores)
		return accel_set_reason(-EINVAL, "hldv_engine_cores: NULL context or cores");
	a.in.cs_flags = HL_CS_FLAGS_ENGINE_CORE_COMMAND;
	a.in.engine_cores = (uintptr_t)cores;
	a.in.num_engine_cores = num;
	a.in.core_command = command;
	return cs_control(ctx, &a, "hldv_engine_cores");
}

HLDV_EXPORT int hldv_engines(struct accel_context *ctx, const uint32_t *engines, uint32_t num,
			     uint32_t command)
{
	union hl_cs_args a = { 0 };

	if (!ctx || !engines)
		return accel_set_reason(-EINVAL, "hldv_engines: NULL context or engines");
	a.in.cs_flags = HL_CS_FLAGS_ENGINES_COMMAND;
	a.in.engines = (uintptr_t)engines;
	a.in.num_engines = num;
	a.in.engine_command = command;
	return cs_control(ctx, &a, "hldv_engines");
}

HLDV_EXPORT int hldv_flush_pci_writes(struct accel_context *ctx)
{
	union hl_cs_args a = { 0 };

	if (!ctx)
		return accel_set_reason(-EINVAL, "hldv_flush_pci_writes: NULL context");
	a.in.cs_flags = HL_CS_FLAGS_FLUSH_PCI_HBW_WRITES;
	return cs_control(ctx, &a, "hldv_flush_pci_writes");
}
