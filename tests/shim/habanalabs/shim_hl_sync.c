// SPDX-License-Identifier: MIT
/*
 * habanalabs sync streams, encapsulated signals and engine commands, after
 * common/command_submission.c (cs_ioctl_signal_wait, cs_ioctl_reserve_
 * signals, cs_ioctl_unreserve_signals, hl_cs_signal_sob_wraparound_handler,
 * cs_ioctl_engine_cores, cs_ioctl_engines), common/hw_queue.c
 * (init_signal_cs, init_wait_cs) and gaudi2/gaudi2.c of Linux 7.2.
 *
 * Gaudi2's answers: every H/W queue but the NIC ones and the CPU queue
 * supports sync streams; no queue is a collective master, so
 * COLLECTIVE_WAIT is refused; get_sob_addr() answers 0, so the SOB
 * address a SIGNAL or a reservation reports is 0; without staged
 * submission no CS ever owns a reservation, so a WAIT with ENCAP_SIGNALS
 * finds no handle and is treated as already signalled.
 *
 * The kernel's bookkeeping is kept: per queue the two reserved SOBs, the
 * next signal value, the switch to the other SOB before the value reaches
 * 2^15 (refused while the other is in use) and the reservations. The
 * packets the kernel would queue are not executed: a SIGNAL completes
 * when the work before it on its queue does, a WAIT when its signal CS
 * and the work before it on its queue do. A signal CS's reference on its
 * SOB is counted while it is in flight; the kernel's put of an old SOB by
 * the last CS that signalled it before a switch is not modelled.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shim_hl.h"

#define HL_MAX_SOB_VAL		(1u << 15)
#define GAUDI2_NUM_ENGINE_CORES	69	/* CPU_ID_MAX */

static bool queue_has_sync_stream(const struct hl_model *m, uint32_t q)
{
	return q < m->cpu_pq &&
	       !(q >= GAUDI2_QUEUE_ID_NIC_0_0 && q <= GAUDI2_QUEUE_ID_NIC_23_3);
}

static struct hl_sync_stream *stream(struct hl_ctx *ctx, uint32_t q)
{
	struct hl_sync_stream *s;

	if (!ctx->streams) {
		ctx->streams = calloc(ctx->m->max_queues, sizeof(*ctx->streams));
		if (!ctx->streams)
			return NULL;
	}
	s = &ctx->streams[q];
	if (!s->next_sob_val) {
		s->next_sob_val = 1;	/* sync_stream_queue_init() */
		s->refs[0] = s->refs[1] = 1;
	}
	return s;
}

/* kref_read() of a SOB: its own references and the CSs holding it */
static uint32_t sob_refs(struct hl_ctx *ctx, struct hl_sync_stream *s, uint32_t q, int sob)
{
	int64_t now = shim_now_ns();
	uint32_t n = s->refs[sob];
	int i;

	for (i = 0; i < HL_MAX_PENDING_CS; i++) {
		const struct hl_cs_rec *r = &ctx->pending[i];

		if (r->seq && r->sob == sob && r->sob_q == q && r->done_at > now)
			n++;
	}
	return n;
}

/* hw_sob_put(): the last reference resets the SOB (hl_sob_reset) */
static void sob_put(struct hl_sync_stream *s, int sob)
{
	if (--s->refs[sob])
		return;
	s->refs[sob] = 1;
	s->value[sob] = 0;
	s->need_reset[sob] = false;
}

/*
 * hl_cs_signal_sob_wraparound_handler(): takes a reference on the current
 * SOB (a signal CS's is counted while it is in flight instead), gives it
 * back when the value would reach 2^15 and switches to the other SOB
 */
static int sob_wraparound(struct hl_ctx *ctx, uint32_t q, uint32_t count, bool encaps)
{
	struct hl_sync_stream *s = stream(ctx, q);
	int other;

	if (encaps)
		s->refs[s->curr]++;
	if (s->next_sob_val + count < HL_MAX_SOB_VAL) {
		s->next_sob_val += count;
		return 0;
	}
	if (encaps)
		s->refs[s->curr]--;	/* hw_sob_put_err() */
	other = (s->curr + 1) % 2;
	if (sob_refs(ctx, s, q, other) != 1)
		return -EINVAL;	/* "Cannot switch SOBs" */
	s->next_sob_val = encaps ? count + 1 : count;
	if (s->need_reset[other])
		sob_put(s, other);
	if (encaps) {
		s->need_reset[s->curr] = true;
		s->refs[other]++;
	}
	s->curr = (uint8_t)other;
	return 0;
}

static struct hl_encaps *find_encaps(struct hl_ctx *ctx, uint32_t id)
{
	struct hl_encaps *e;

	for (e = ctx->encaps; e; e = e->next)
		if (e->id == id)
			return e;
	return NULL;
}

int hl_cs_reserve(struct hl_ctx *ctx, uint32_t q_idx, uint32_t count, uint32_t *handle,
		  uint32_t *sob_addr, uint32_t *signals)
{
	struct hl_sync_stream *s;
	struct hl_encaps *e;
	int ret;

	if (count >= HL_MAX_SOB_VAL)
		return -EINVAL;	/* "exceeds the max SOB value" */
	if (q_idx >= ctx->m->max_queues)
		return -EINVAL;
	if (!queue_has_sync_stream(ctx->m, q_idx))
		return -EINVAL;	/* "does not support sync stream operations" */
	s = stream(ctx, q_idx);
	e = calloc(1, sizeof(*e));
	if (!s || !e) {
		free(e);
		return -ENOMEM;
	}
	/* idr_alloc(&mgr->handles, handle, 1, 0): the lowest free id from 1 */
	e->id = 1;
	while (find_encaps(ctx, e->id))
		e->id++;
	ret = sob_wraparound(ctx, q_idx, count, true);
	if (ret) {
		free(e);
		return -EINVAL;	/* "Failed to switch SOB" */
	}
	e->q_idx = q_idx;
	e->count = count;
	e->sob = s->curr;
	e->pre_sob_val = s->next_sob_val - count;
	e->cs_seq = ~0ull;
	e->next = ctx->encaps;
	ctx->encaps = e;
	*signals = s->next_sob_val;
	*sob_addr = 0;		/* gaudi2_get_sob_addr() */
	*handle = e->id;
	return 0;
}

int hl_cs_unreserve(struct hl_ctx *ctx, uint32_t handle)
{
	struct hl_encaps **pp, *e;
	struct hl_sync_stream *s;

	for (pp = &ctx->encaps; (e = *pp); pp = &e->next)
		if (e->id == handle)
			break;
	if (!e)
		return -EINVAL;	/* "cannot find handler" */
	s = stream(ctx, e->q_idx);
	/* "SOB val ran out of sync": signals came in between */
	if (e->pre_sob_val + e->count != s->next_sob_val)
		return -EINVAL;
	s->next_sob_val -= e->count;
	sob_put(s, s->curr);
	*pp = e->next;
	free(e);
	return 0;
}

/* cs_ioctl_extract_signal_seq() */
static int signal_seq_of(struct hl_ctx *ctx, const struct hl_cs_chunk *c, bool encaps,
			 uint64_t *seq)
{
	if (encaps) {
		*seq = c->encaps_signal_seq;
		return 0;
	}
	if (c->num_signal_seq_arr != 1) {
		hl_cs_drop(ctx, HL_DROP_VALIDATION);
		return -EINVAL;	/* "supports only one signal CS seq" */
	}
	if (shim_copy_from_user(seq, c->signal_seq_arr, sizeof(*seq))) {
		hl_cs_drop(ctx, HL_DROP_VALIDATION);
		return -EFAULT;
	}
	return 0;
}

int hl_cs_signal_wait(struct shim_file *f, struct hl_cs_in *in, uint32_t type,
		      uint64_t *seq, uint32_t *sob_addr, uint16_t *sob_count)
{
	struct hl_ctx *ctx = f->priv;
	bool encaps = in->cs_flags & HL_CS_FLAGS_ENCAP_SIGNALS;
	struct hl_cs_rec *rec, *sig = NULL;
	struct hl_sync_stream *s;
	struct hl_cs_chunk c;
	uint64_t signal_seq;
	int64_t after;
	uint32_t q;
	int ret;

	*seq = ~0ull;
	/* hl_cs_copy_chunk_array() of the one chunk */
	if (shim_copy_from_user(&c, in->chunks_execute, sizeof(c))) {
		hl_cs_drop(ctx, HL_DROP_VALIDATION);
		return -EFAULT;
	}
	q = c.queue_index;
	if (q >= ctx->m->max_queues || !queue_has_sync_stream(ctx->m, q)) {
		hl_cs_drop(ctx, HL_DROP_VALIDATION);
		return -EINVAL;
	}
	if (type == HL_CS_FLAGS_COLLECTIVE_WAIT) {
		/* no Gaudi2 queue has collective_mode HL_COLLECTIVE_MASTER */
		hl_cs_drop(ctx, HL_DROP_VALIDATION);
		return -EINVAL;
	}
	s = stream(ctx, q);
	if (!s)
		return -ENOMEM;
	if (type == HL_CS_FLAGS_WAIT) {
		ret = signal_seq_of(ctx, &c, encaps, &signal_seq);
		if (ret)
			return ret;
		if (encaps) {
			struct hl_encaps *e;
			bool found = false;

			for (e = ctx->encaps; e; e = e->next)
				if (e->cs_seq == signal_seq) {
					found = true;
					break;
				}
			if (!found)
				return 0;	/* "treat as signal CS already finished" */
			if (c.encaps_signal_offset > e->count)
				return -EINVAL;
		}
		/* hl_ctx_get_fence() */
		if (signal_seq >= ctx->cs_sequence) {
			hl_cs_drop(ctx, HL_DROP_VALIDATION);
			return -EINVAL;
		}
		if (signal_seq + HL_MAX_PENDING_CS < ctx->cs_sequence)
			return 0;	/* gone: done long ago */
		sig = &ctx->pending[signal_seq & (HL_MAX_PENDING_CS - 1)];
		if (sig->kind != HL_CSK_SIGNAL) {
			hl_cs_drop(ctx, HL_DROP_VALIDATION);
			return -EINVAL;	/* "is not of a signal/encaps-signal CS" */
		}
		if (sig->done_at <= shim_now_ns())
			return 0;	/* "signal CS already finished" */
	}
	rec = hl_cs_allocate(ctx, in, &ret);
	if (!rec)
		return ret;
	rec->kind = type == HL_CS_FLAGS_SIGNAL ? HL_CSK_SIGNAL : HL_CSK_WAIT;
	rec->qmask[q / 64] |= 1ull << (q % 64);
	rec->sob_q = (uint16_t)q;
	after = hl_cs_queue_tail(ctx, q);
	if (rec->kind == HL_CSK_SIGNAL) {
		/* init_signal_cs(): this CS signals the current SOB */
		rec->sob = (int8_t)s->curr;
		s->value[s->curr] = s->next_sob_val;
		ret = sob_wraparound(ctx, q, 1, false);
		*sob_addr = 0;
		*sob_count = (uint16_t)(s->next_sob_val - 1);
		if (ret) {
			/* hl_hw_queue_schedule_cs() failed: rolled back */
			rec->outcome = HL_CS_NOT_SUBMITTED;
			rec->sob = -1;
			return ret;
		}
	} else {
		/* init_wait_cs(): it holds the signal's SOB until it is done */
		rec->sob = sig->sob;
		rec->sob_q = sig->sob_q;
		if (sig->done_at > after)
			after = sig->done_at;
	}
	hl_cs_finish(f, rec, in, after, false);
	*seq = rec->seq;
	return 0;
}

/* cs_ioctl_engine_cores() -> gaudi2_set_engine_cores() */
int hl_cs_engine_cores(struct hl_ctx *ctx, const struct hl_cs_in *in)
{
	uint32_t n = in->num_engine_cores, cmd = in->core_command, *ids, i;

	if (!n || n > GAUDI2_NUM_ENGINE_CORES)
		return -EINVAL;
	if (cmd != HL_ENGINE_CORE_RUN && cmd != HL_ENGINE_CORE_HALT)
		return -EINVAL;
	ids = calloc(n, sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	if (shim_copy_from_user(ids, in->engine_cores, n * sizeof(*ids))) {
		free(ids);
		return -EFAULT;
	}
	/* ids that name no enabled ARC are skipped */
	for (i = 0; i < n; i++) {
		if (ids[i] >= GAUDI2_NUM_ENGINE_CORES)
			continue;
		if (cmd == HL_ENGINE_CORE_HALT)
			ctx->halted_cores[ids[i] / 32] |= 1u << (ids[i] % 32);
		else
			ctx->halted_cores[ids[i] / 32] &= ~(1u << (ids[i] % 32));
	}
	free(ids);
	return 0;
}

static bool engine_has_mode(uint32_t id)
{
	static const struct {
		uint32_t first, last;
	} r[] = {
		{ GAUDI2_DCORE0_ENGINE_ID_TPC_0, GAUDI2_DCORE0_ENGINE_ID_TPC_5 },
		{ GAUDI2_DCORE1_ENGINE_ID_TPC_0, GAUDI2_DCORE1_ENGINE_ID_TPC_5 },
		{ GAUDI2_DCORE2_ENGINE_ID_TPC_0, GAUDI2_DCORE2_ENGINE_ID_TPC_5 },
		{ GAUDI2_DCORE3_ENGINE_ID_TPC_0, GAUDI2_DCORE3_ENGINE_ID_TPC_5 },
		{ GAUDI2_DCORE0_ENGINE_ID_MME, GAUDI2_DCORE0_ENGINE_ID_MME },
		{ GAUDI2_DCORE1_ENGINE_ID_MME, GAUDI2_DCORE1_ENGINE_ID_MME },
		{ GAUDI2_DCORE2_ENGINE_ID_MME, GAUDI2_DCORE2_ENGINE_ID_MME },
		{ GAUDI2_DCORE3_ENGINE_ID_MME, GAUDI2_DCORE3_ENGINE_ID_MME },
		{ GAUDI2_DCORE0_ENGINE_ID_EDMA_0, GAUDI2_DCORE0_ENGINE_ID_EDMA_1 },
		{ GAUDI2_DCORE1_ENGINE_ID_EDMA_0, GAUDI2_DCORE1_ENGINE_ID_EDMA_1 },
		{ GAUDI2_DCORE2_ENGINE_ID_EDMA_0, GAUDI2_DCORE2_ENGINE_ID_EDMA_1 },
		{ GAUDI2_DCORE3_ENGINE_ID_EDMA_0, GAUDI2_DCORE3_ENGINE_ID_EDMA_1 },
	};
	size_t i;

	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (id >= r[i].first && id <= r[i].last)
			return true;
	return false;
}

/* cs_ioctl_engines() -> gaudi2_set_engines() */
int hl_cs_engines(struct hl_ctx *ctx, const struct hl_cs_in *in)
{
	uint32_t n = in->num_engines, cmd = in->engine_command, max, *ids, i;
	struct hl_cs_in cores;
	int ret = 0;

	if (cmd >= HL_ENGINE_COMMAND_MAX)
		return -EINVAL;
	max = GAUDI2_ENGINE_ID_SIZE;
	if (cmd == HL_ENGINE_CORE_RUN || cmd == HL_ENGINE_CORE_HALT)
		max = GAUDI2_NUM_ENGINE_CORES;
	if (!n || n > max)
		return -EINVAL;
	ids = calloc(n, sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	if (shim_copy_from_user(ids, in->engines, n * sizeof(*ids))) {
		free(ids);
		return -EFAULT;
	}
	switch (cmd) {
	case HL_ENGINE_CORE_HALT:
	case HL_ENGINE_CORE_RUN:
		memset(&cores, 0, sizeof(cores));
		cores.engine_cores = in->engines;
		cores.num_engine_cores = n;
		cores.core_command = cmd;
		ret = hl_cs_engine_cores(ctx, &cores);
		break;
	case HL_ENGINE_STALL:
	case HL_ENGINE_RESUME:
		/* gaudi2_set_engine_modes(): stops at the first bad id */
		for (i = 0; i < n; i++) {
			if (!engine_has_mode(ids[i])) {
				ret = -EINVAL;	/* "Invalid engine ID" */
				break;
			}
			if (cmd == HL_ENGINE_STALL)
				ctx->stalled_engines[ids[i] / 64] |= 1ull << (ids[i] % 64);
			else
				ctx->stalled_engines[ids[i] / 64] &= ~(1ull << (ids[i] % 64));
		}
		break;
	default:
		ret = -EINVAL;	/* "failed to execute command id" */
		break;
	}
	free(ids);
	return ret;
}

/* hl_ctx_fini(): release_reserved_encaps_signals() and the streams */
void hl_sync_release(struct hl_ctx *ctx)
{
	while (ctx->encaps) {
		struct hl_encaps *e = ctx->encaps;

		ctx->encaps = e->next;
		free(e);
	}
	free(ctx->streams);
	ctx->streams = NULL;
}
