// SPDX-License-Identifier: MIT
/*
 * habanalabs command submission and waiting, after
 * common/command_submission.c and context.c of Linux 7.2, for Gaudi2
 * semantics: every user queue is a H/W queue that takes user-allocated CBs
 * only (HL_CS_CHUNK_FLAGS_USER_ALLOC_CB with a device VA), the CPU queue
 * is the driver's, 64 CSs may be in flight, sequence numbers start at 1.
 *
 * Execution model: a CS is "executed" when submitted. It completes at
 * submit time plus the device's configured delay (accel_shim.h), or hangs,
 * or is timed out by the device's TDR, or is aborted, as configured. A CB
 * address outside every range the device reaches is refused at submit
 * (gaudi2_validate_cb_address); one inside the MMU ranges that the context
 * has not mapped faults the device MMU: that CS is aborted, as the reset
 * that follows such a fault would abort it.
 *
 * Staged submission answers EPERM and MULTI_CS waits EPERM, as on Gaudi2;
 * a test may give the card the multi-CS capability, and the wait then
 * follows hl_multi_cs_wait_ioctl() (stream masters: the PDMA queues).
 * FORCE_RESTORE runs its restore chunks as a CS of their own and waits
 * for it, as hl_cs_ctx_switch() does on an ASIC without context switch.
 * Sync streams, reserved signals and engine commands live in
 * shim_hl_sync.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shim_hl.h"

/* hdev->timeout_jiffies: the timeout_locked module parameter's 30 s */
#define HL_DEVICE_TIMEOUT_NS	(30ll * 1000000000)
/* GAUDI_STREAM_MASTER_ARR_SIZE: 8 queues, here PDMA_0_0..PDMA_1_3 */
#define HL_STREAM_MASTERS	8
#define MULTI_CS_MAX_USER_CTX	2

static void sleep_until(int64_t t);

#define HL_CS_FLAGS_TYPE_MASK						\
	(HL_CS_FLAGS_SIGNAL | HL_CS_FLAGS_WAIT | HL_CS_FLAGS_COLLECTIVE_WAIT |	\
	 HL_CS_FLAGS_RESERVE_SIGNALS_ONLY | HL_CS_FLAGS_UNRESERVE_SIGNALS_ONLY |	\
	 HL_CS_FLAGS_ENGINE_CORE_COMMAND | HL_CS_FLAGS_ENGINES_COMMAND |	\
	 HL_CS_FLAGS_FLUSH_PCI_HBW_WRITES)

bool hl_cs_idle(struct hl_ctx *ctx)
{
	int64_t now = shim_now_ns();
	int i;

	for (i = 0; i < HL_MAX_PENDING_CS; i++)
		if (ctx->pending[i].seq && ctx->pending[i].done_at > now)
			return false;
	return true;
}

/* cs_timedout(): the first timeout since the open is captured */
void hl_cs_tick(struct shim_device *d)
{
	int64_t now = shim_now_ns();
	struct hl_ctx *ctx;
	int i;

	for (ctx = hl_contexts; ctx; ctx = ctx->next) {
		if (ctx->dev != d)
			continue;
		for (i = 0; i < HL_MAX_PENDING_CS; i++) {
			struct hl_cs_rec *r = &ctx->pending[i];

			if (r->seq && r->outcome == HL_CS_TIMEDOUT && !r->tdr_seen &&
			    r->done_at <= now) {
				r->tdr_seen = true;
				hl_capture_cs_timeout(d, r->seq, r->done_at);
			}
		}
	}
}

/* hl_cs_sanity_checks() for Gaudi2 (sync stream, no staged submission) */
static int cs_sanity(struct shim_file *f, struct hl_cs_in *in)
{
	uint32_t type = in->cs_flags & HL_CS_FLAGS_TYPE_MASK;
	bool sync_stream;
	size_t i;

	for (i = 0; i < sizeof(in->pad); i++)
		if (in->pad[i])
			return -EINVAL;
	if (!hl_operational(f->dev))
		return -EBUSY;
	if (in->cs_flags & HL_CS_FLAGS_STAGED_SUBMISSION)
		return -EPERM;	/* "staged submission not supported" */
	if (type & (type - 1))
		return -EINVAL;	/* "CS type flags are mutually exclusive" */
	sync_stream = type & (HL_CS_FLAGS_SIGNAL | HL_CS_FLAGS_WAIT |
			      HL_CS_FLAGS_COLLECTIVE_WAIT);
	if (!type && !in->num_chunks_execute)
		return -EINVAL;	/* "Got execute CS with 0 chunks" */
	if (sync_stream && in->num_chunks_execute != 1)
		return -EINVAL;	/* "Sync stream CS mandates one chunk only" */
	return 0;
}

enum cb_range { CB_INVALID, CB_PHYS, CB_MMU };

/*
 * gaudi2_validate_cb_address() (hl_mem_area_inside_range: an empty CB is
 * inside nothing); the PCI/MMU capabilities are all initialized. SRAM and
 * the DRAM's physical range need no MMU mapping.
 */
static enum cb_range cb_address_range(const struct hl_model *m, uint64_t va, uint32_t size)
{
	const struct {
		uint64_t start, end;
	} r[] = {
		{ m->sram_base, m->sram_base + m->sram_size },
		{ m->dram_phys_base + m->dram_page_size, m->dram_phys_base + m->dram_total },
		{ hl_dmmu_start(m), hl_dmmu_end(m) },
		{ m->host_va_start, m->host_va_end },
		{ m->host_hpage_va_start, m->host_hpage_va_end },
	};
	uint64_t end = va + size;
	size_t i;

	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (va >= r[i].start && end <= r[i].end && end > va)
			return i < 2 ? CB_PHYS : CB_MMU;
	return CB_INVALID;
}

/* validate_queue_index() for Gaudi2's queue properties */
static int check_chunk(struct hl_ctx *ctx, const struct hl_cs_chunk *c)
{
	if (c->queue_index >= ctx->m->max_queues)
		return -EINVAL;
	if (c->queue_index == ctx->m->cpu_pq)
		return -EINVAL;	/* "restricted for the kernel driver" */
	if (!(c->cs_chunk_flags & HL_CS_CHUNK_FLAGS_USER_ALLOC_CB))
		return -EINVAL;	/* "doesn't support kernel CB" */
	return 0;
}

/* a rejected CS counts for the context and for the device */
static void drop(struct hl_ctx *ctx, enum hl_drop what)
{
	ctx->drops.cnt[what]++;
	shim_shared_lock();
	ctx->dev->sh->drops[what]++;
	shim_shared_unlock();
}

/* hl_push_cs_outcome(): a full store forgets its oldest entry */
static void push_outcome(struct hl_ctx *ctx, const struct hl_cs_rec *r)
{
	struct hl_outcome *o = &ctx->outcomes[ctx->outcome_next];

	ctx->outcome_next = (ctx->outcome_next + 1) % HL_CS_OUTCOME_HISTORY_LEN;
	o->seq = r->seq;
	o->ts = r->outcome == HL_CS_NOT_SUBMITTED ? 0 : r->done_at;
	o->outcome = r->outcome;
}

/* hl_pop_cs_outcome(): found once, then forgotten */
static bool pop_outcome(struct hl_ctx *ctx, uint64_t seq, struct hl_outcome *out)
{
	int i;

	for (i = 0; i < HL_CS_OUTCOME_HISTORY_LEN; i++) {
		if (ctx->outcomes[i].seq != seq)
			continue;
		*out = ctx->outcomes[i];
		ctx->outcomes[i].seq = 0;
		return true;
	}
	return false;
}

void hl_cs_drop(struct hl_ctx *ctx, int what)
{
	drop(ctx, (enum hl_drop)what);
}

/* allocate_cs(): the next sequence's slot, whose previous CS must be done */
struct hl_cs_rec *hl_cs_allocate(struct hl_ctx *ctx, const struct hl_cs_in *in, int *err)
{
	struct hl_cs_rec *rec = &ctx->pending[ctx->cs_sequence & (HL_MAX_PENDING_CS - 1)];
	int64_t now = shim_now_ns();

	if (rec->seq && rec->done_at > now) {
		drop(ctx, HL_DROP_MAX_CS_IN_FLIGHT);
		*err = -EAGAIN;
		return NULL;
	}
	if (rec->seq && rec->timestamp)
		push_outcome(ctx, rec);
	memset(rec, 0, sizeof(*rec));
	rec->seq = ctx->cs_sequence++;
	rec->timestamp = in->cs_flags & HL_CS_FLAGS_TIMESTAMP;
	rec->skip_reset = in->cs_flags & HL_CS_FLAGS_SKIP_RESET_ON_TIMEOUT;
	rec->outcome = HL_CS_OK;
	rec->sob = -1;
	rec->done_at = now;
	return rec;
}

/* when the last CS with a job on H/W queue q is done (queues run in order) */
int64_t hl_cs_queue_tail(struct hl_ctx *ctx, uint32_t q)
{
	int64_t tail = 0;
	int i;

	for (i = 0; i < HL_MAX_PENDING_CS; i++) {
		const struct hl_cs_rec *r = &ctx->pending[i];

		if (r->seq && r->outcome != HL_CS_NOT_SUBMITTED &&
		    (r->qmask[q / 64] & (1ull << (q % 64))) && r->done_at > tail)
			tail = r->done_at;
	}
	return tail;
}

/*
 * The CS is on its queues: it completes as the device is configured to
 * (accel_shim.h), not before `after`. A CUSTOM_TIMEOUT CS that would hang
 * is timed out by its TDR after the given seconds (cs_timedout()).
 */
void hl_cs_finish(struct shim_file *f, struct hl_cs_rec *rec, const struct hl_cs_in *in,
		  int64_t after, bool fault)
{
	int64_t now = rec->done_at;
	struct shim_shared_dev sh;

	shim_shared_lock();
	sh = *f->dev->sh;
	shim_shared_unlock();
	switch (fault ? SHIM_CS_ABORT : sh.cs_mode) {
	case SHIM_CS_COMPLETE:
		rec->done_at = now + (int64_t)sh.cs_delay_us * 1000;
		break;
	case SHIM_CS_HANG:
		rec->done_at = INT64_MAX;
		if ((in->cs_flags & HL_CS_FLAGS_CUSTOM_TIMEOUT) && in->timeout) {
			rec->done_at = now + (int64_t)in->timeout * 1000000000;
			rec->outcome = HL_CS_TIMEDOUT;
		}
		break;
	case SHIM_CS_TIMEOUT:
		rec->done_at = now + (int64_t)sh.cs_delay_us * 1000;
		rec->outcome = HL_CS_TIMEDOUT;
		break;
	case SHIM_CS_ABORT:
	default:
		rec->outcome = HL_CS_ABORTED;
		break;
	}
	if (rec->done_at < after && rec->outcome != HL_CS_ABORTED)
		rec->done_at = after;
}

/*
 * cs_ioctl_default(): the chunk array is copied first; the CS then takes
 * its sequence number (allocate_cs), so a chunk rejected after that burns
 * the number, and a wait for it finds a completed (never submitted) CS.
 */
static int cs_default(struct shim_file *f, struct hl_cs_in *in, uint64_t *seq)
{
	struct hl_ctx *ctx = f->priv;
	uint32_t i, n = in->num_chunks_execute;
	struct hl_cs_chunk *chunks;
	struct hl_cs_rec *rec;
	enum cb_range range;
	bool fault = false;
	int ret = 0;

	*seq = ~0ull;
	if (n > HL_MAX_JOBS_PER_CS) {
		drop(ctx, HL_DROP_VALIDATION);
		return -EINVAL;
	}
	chunks = calloc(n, sizeof(*chunks));
	if (!chunks)
		return -ENOMEM;
	if (shim_copy_from_user(chunks, in->chunks_execute, n * sizeof(*chunks))) {
		drop(ctx, HL_DROP_VALIDATION);
		ret = -EFAULT;
		goto out;
	}
	rec = hl_cs_allocate(ctx, in, &ret);
	if (!rec)
		goto out;
	for (i = 0; i < n; i++) {
		ret = check_chunk(ctx, &chunks[i]);
		if (ret) {
			/* cs_rollback(): done, never submitted */
			drop(ctx, HL_DROP_VALIDATION);
			rec->outcome = HL_CS_NOT_SUBMITTED;
			goto out;
		}
		/* cs_parser(): a parsing failure rejects the CS */
		range = cb_address_range(ctx->m, chunks[i].cb_handle, chunks[i].cb_size);
		if (range == CB_INVALID) {
			drop(ctx, HL_DROP_PARSING);
			rec->outcome = HL_CS_NOT_SUBMITTED;
			ret = -EFAULT;
			goto out;
		}
		if (range == CB_MMU && !fault &&
		    !hl_va_mapped(ctx, chunks[i].cb_handle, chunks[i].cb_size)) {
			fault = true;
			/* the QMAN fetching the CB faults in the PMMU/DMMU */
			hl_capture_page_fault(ctx, chunks[i].cb_handle,
					      GAUDI2_ENGINE_ID_PDMA_0);
		}
	}
	for (i = 0; i < n; i++) {
		rec->qmask[chunks[i].queue_index / 64] |= 1ull << (chunks[i].queue_index % 64);
		/* get_stream_master_qid_mask() */
		if (chunks[i].queue_index < HL_STREAM_MASTERS)
			rec->smask |= 1u << chunks[i].queue_index;
	}
	hl_cs_finish(f, rec, in, 0, fault);
	*seq = rec->seq;
out:
	free(chunks);
	return ret;
}

/*
 * hl_cs_ctx_switch() on Gaudi2, which has no context switch: only a forced
 * restore runs (gaudi2_restore_phase_topology() does nothing), its chunks
 * as a CS of their own (flags 0, the device's timeout), then a wait for it
 * up to the device timeout: an error of that CS is ENOEXEC, a CS still
 * running at the timeout is let be. *seq is the restore CS's.
 */
static int cs_restore(struct shim_file *f, const struct hl_cs_in *in, uint64_t *seq)
{
	struct hl_ctx *ctx = f->priv;
	struct hl_cs_in r = { 0 };
	struct hl_cs_rec *rec;
	int64_t deadline;
	int ret;

	if (!(in->cs_flags & HL_CS_FLAGS_FORCE_RESTORE) || !in->num_chunks_restore)
		return 0;	/* "restore CS is empty" */
	r.chunks_execute = in->chunks_restore;
	r.num_chunks_execute = in->num_chunks_restore;
	ret = cs_default(f, &r, seq);
	if (ret)
		return ret;	/* "Failed to submit restore CS" */
	/* _hl_cs_wait_ioctl(.., jiffies_to_usecs(hdev->timeout_jiffies)) */
	rec = &ctx->pending[*seq & (HL_MAX_PENDING_CS - 1)];
	deadline = shim_now_ns() + HL_DEVICE_TIMEOUT_NS;
	while (rec->seq == *seq && rec->done_at > shim_now_ns() && shim_now_ns() < deadline)
		sleep_until(rec->done_at < deadline ? rec->done_at : deadline);
	if (rec->seq == *seq && rec->done_at <= shim_now_ns() &&
	    (rec->outcome == HL_CS_TIMEDOUT || rec->outcome == HL_CS_ABORTED))
		return -ENOEXEC;	/* "Restore CS for context %d failed to complete" */
	return 0;
}

/* hl_cs_ioctl(): dispatch by type; the out block as each type fills it */
int hl_cs_ioctl(struct shim_file *f, void *data)
{
	union hl_cs_args *args = data;
	struct hl_ctx *ctx = f->priv;
	uint32_t type, sob_addr = 0, handle = 0, count = 0;
	uint16_t sob_count = 0;
	uint64_t seq = ~0ull;
	int ret;

	hl_cs_tick(f->dev);
	type = args->in.cs_flags & HL_CS_FLAGS_TYPE_MASK;
	ret = cs_sanity(f, &args->in);
	if (!ret)
		ret = cs_restore(f, &args->in, &seq);
	if (ret) {
		type = 0;	/* cs_type is still CS_TYPE_DEFAULT */
		goto out;
	}
	switch (type) {
	case HL_CS_FLAGS_SIGNAL:
	case HL_CS_FLAGS_WAIT:
	case HL_CS_FLAGS_COLLECTIVE_WAIT:
		ret = hl_cs_signal_wait(f, &args->in, type, &seq, &sob_addr, &sob_count);
		break;
	case HL_CS_FLAGS_RESERVE_SIGNALS_ONLY:
		ret = hl_cs_reserve(ctx, args->in.encaps_signals_q_idx,
				    args->in.encaps_signals_count, &handle, &sob_addr, &count);
		break;
	case HL_CS_FLAGS_UNRESERVE_SIGNALS_ONLY:
		ret = hl_cs_unreserve(ctx, args->in.encaps_sig_handle_id);
		break;
	case HL_CS_FLAGS_ENGINE_CORE_COMMAND:
		ret = hl_cs_engine_cores(ctx, &args->in);
		break;
	case HL_CS_FLAGS_ENGINES_COMMAND:
		ret = hl_cs_engines(ctx, &args->in);
		break;
	case HL_CS_FLAGS_FLUSH_PCI_HBW_WRITES:
		/* Gaudi2 has hbw_flush_reg: a read of it flushes */
		ret = 0;
		break;
	default:
		ret = cs_default(f, &args->in, &seq);
		break;
	}
out:
	if (ret != -EAGAIN) {
		memset(args, 0, sizeof(*args));
		switch (type) {
		case HL_CS_FLAGS_RESERVE_SIGNALS_ONLY:
			args->out.handle_id = handle;
			args->out.sob_base_addr_offset = sob_addr;
			args->out.count = count;
			break;
		case HL_CS_FLAGS_SIGNAL:
			args->out.sob_base_addr_offset = sob_addr;
			args->out.sob_count_before_submission = sob_count;
			args->out.seq = seq;
			break;
		default:
			args->out.seq = seq;
			break;
		}
		args->out.status = (uint32_t)ret;
	}
	return ret;
}

/* sleep until t (CLOCK_MONOTONIC ns) or for a slice, with the lock dropped */
static void sleep_until(int64_t t)
{
	int64_t now = shim_now_ns(), slice = 2000000;
	struct timespec ts;

	if (t - now < slice)
		slice = t - now;
	if (slice <= 0)
		return;
	ts.tv_sec = slice / 1000000000;
	ts.tv_nsec = slice % 1000000000;
	pthread_mutex_unlock(&shim_lock);
	nanosleep(&ts, NULL);
	pthread_mutex_lock(&shim_lock);
}

/* the answer for a CS that is done: hl_cs_wait_ioctl()'s status mapping */
static int report(union hl_wait_cs_args *args, uint32_t outcome, int64_t ts)
{
	memset(args, 0, sizeof(*args));
	switch (outcome) {
	case HL_CS_TIMEDOUT:
		args->out.status = HL_WAIT_CS_STATUS_TIMEDOUT;
		return -ETIMEDOUT;
	case HL_CS_ABORTED:
		args->out.status = HL_WAIT_CS_STATUS_ABORTED;
		return -EIO;
	default:
		/* OK, or never submitted (its fence error, EBUSY, is not told) */
		args->out.status = HL_WAIT_CS_STATUS_COMPLETED;
		if (ts) {
			args->out.flags = HL_WAIT_CS_STATUS_FLAG_TIMESTAMP_VLD;
			args->out.timestamp_nsec = ts;
		}
		return 0;
	}
}

/* hl_cs_wait_ioctl() -> hl_wait_for_fence() */
static int cs_wait(struct shim_file *f, union hl_wait_cs_args *args)
{
	struct hl_ctx *ctx = f->priv;
	uint64_t seq = args->in.seq, timeout_us = args->in.timeout_us;
	struct hl_outcome o;
	struct hl_cs_rec *rec;
	int64_t deadline, now;
	bool done;

	if (seq >= ctx->cs_sequence) {
		memset(args, 0, sizeof(*args));
		return -EINVAL;	/* "Can't wait on CS %llu because current CS is at" */
	}
	if (seq + HL_MAX_PENDING_CS < ctx->cs_sequence) {
		/* the fence is gone: a timestamped CS left its outcome */
		if (pop_outcome(ctx, seq, &o))
			return report(args, o.outcome, o.ts);
		memset(args, 0, sizeof(*args));
		args->out.status = HL_WAIT_CS_STATUS_COMPLETED;
		args->out.flags = HL_WAIT_CS_STATUS_FLAG_GONE;
		return 0;
	}
	rec = &ctx->pending[seq & (HL_MAX_PENDING_CS - 1)];
	now = shim_now_ns();
	/* usecs_to_jiffies() takes an unsigned int: all but
	 * MAX_SCHEDULE_TIMEOUT lose their upper 32 bits */
	if (timeout_us == HL_MAX_SCHEDULE_TIMEOUT)
		deadline = INT64_MAX;
	else
		deadline = now + (int64_t)(uint32_t)timeout_us * 1000;
	for (;;) {
		now = shim_now_ns();
		done = rec->seq == seq && rec->done_at <= now;
		if (done || now >= deadline || rec->seq != seq)
			break;
		sleep_until(rec->done_at < deadline ? rec->done_at : deadline);
	}
	if (rec->seq != seq) {
		/* recycled while we slept: long gone */
		memset(args, 0, sizeof(*args));
		args->out.status = HL_WAIT_CS_STATUS_COMPLETED;
		args->out.flags = HL_WAIT_CS_STATUS_FLAG_GONE;
		return 0;
	}
	if (!done) {
		memset(args, 0, sizeof(*args));
		args->out.status = HL_WAIT_CS_STATUS_BUSY;
		return 0;
	}
	return report(args, rec->outcome,
		      rec->timestamp && rec->outcome != HL_CS_NOT_SUBMITTED ? rec->done_at : 0);
}

/* hl_multi_cs_wait_ioctl()'s state (struct multi_cs_data) */
struct mcs_data {
	const uint64_t *seqs;
	uint8_t len;
	uint8_t map;			/* the completion's stream_master_qid_map */
	bool update_ts;
	uint32_t bitmap;
	int64_t timestamp;
};

/*
 * hl_cs_poll_fences(): every CS of the list once, without sleeping: done
 * ones set their bit; a gone one is done, and from then on no timestamp
 * is taken; the first to complete gives the timestamp (a CS without
 * HL_CS_FLAGS_TIMESTAMP has a zero one, which wins); a CS that failed ends
 * the poll with its error.
 */
static int mcs_poll(struct hl_ctx *ctx, struct mcs_data *m)
{
	int64_t first = INT64_MAX, now = shim_now_ns(), ts;
	struct hl_outcome o;
	struct hl_cs_rec *r;
	int i;

	/* hl_ctx_get_fences(): a sequence not given yet fails them all */
	for (i = 0; i < m->len; i++)
		if (m->seqs[i] >= ctx->cs_sequence)
			return -EINVAL;
	for (i = 0; i < m->len; i++) {
		uint64_t seq = m->seqs[i];

		r = &ctx->pending[seq & (HL_MAX_PENDING_CS - 1)];
		if (seq + HL_MAX_PENDING_CS < ctx->cs_sequence || r->seq != seq || !seq) {
			/* no fence: an outcome left by a timestamped CS, or gone */
			if (pop_outcome(ctx, seq, &o)) {
				if (o.outcome == HL_CS_TIMEDOUT)
					return -ETIMEDOUT;
				if (o.outcome == HL_CS_ABORTED)
					return -EIO;
				m->bitmap |= 1u << i;
				continue;
			}
			m->update_ts = false;
			m->bitmap |= 1u << i;
			continue;
		}
		m->map |= r->smask;
		if (r->done_at > now)
			continue;	/* CS_WAIT_STATUS_BUSY */
		if (r->outcome == HL_CS_TIMEDOUT)
			return -ETIMEDOUT;
		if (r->outcome == HL_CS_ABORTED)
			return -EIO;
		m->bitmap |= 1u << i;
		ts = r->timestamp && r->outcome != HL_CS_NOT_SUBMITTED ? r->done_at : 0;
		if (m->update_ts && ts < first)
			first = ts;
	}
	if (m->update_ts && first != INT64_MAX)
		m->timestamp = first;
	return 0;
}

/*
 * complete_multi_cs(): the next CS of the context, after `since`, whose
 * stream masters overlap the waiter's; its completion time, INT64_MAX if
 * none; *ts its timestamp (0 unless it was a timestamped CS).
 */
static int64_t mcs_next_wake(struct hl_ctx *ctx, uint8_t map, int64_t since, int64_t *ts)
{
	int64_t t = INT64_MAX;
	int i;

	for (i = 0; i < HL_MAX_PENDING_CS; i++) {
		const struct hl_cs_rec *r = &ctx->pending[i];

		if (!r->seq || !(r->smask & map) || r->done_at <= since || r->done_at >= t ||
		    r->outcome == HL_CS_NOT_SUBMITTED)
			continue;
		t = r->done_at;
		*ts = r->timestamp ? r->done_at : 0;
	}
	return t;
}

/* hl_multi_cs_wait_ioctl(), in its order of checks */
static int multi_cs_wait(struct shim_file *f, union hl_wait_cs_args *args)
{
	struct hl_devstate *s = hl_devstate(f->dev);
	uint64_t timeout_us = args->in.timeout_us;
	struct hl_ctx *ctx = f->priv;
	struct mcs_data m = { 0 };
	int64_t deadline, last, t, ts = 0, now;
	uint64_t seqs[255];
	bool woken;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(args->in.pad); i++)
		if (args->in.pad[i])
			return -EINVAL;
	if (!s->multi_cs)
		return -EPERM;	/* "Wait for multi CS is not supported" */
	m.len = args->in.seq_arr_len;
	if (m.len > HL_WAIT_MULTI_CS_LIST_MAX_LEN)
		return -EINVAL;
	if (shim_copy_from_user(seqs, args->in.seq, m.len * sizeof(seqs[0])))
		return -EFAULT;
	m.seqs = seqs;
	/* hl_wait_multi_cs_completion_init(): two at a time per device */
	if (s->mcs_used >= MULTI_CS_MAX_USER_CTX)
		return -ENOMEM;
	s->mcs_used++;
	/* hl_usecs64_to_jiffies(): no 32-bit truncation here */
	now = shim_now_ns();
	deadline = timeout_us >= (uint64_t)(INT64_MAX - now) / 1000 ? INT64_MAX :
		   now + (int64_t)timeout_us * 1000;
	m.update_ts = true;
	last = shim_now_ns();
	ret = mcs_poll(ctx, &m);
	while (!ret && !m.bitmap && timeout_us) {
		/* wait_for_completion_interruptible_timeout() */
		woken = false;
		for (;;) {
			now = shim_now_ns();
			t = mcs_next_wake(ctx, m.map, last, &ts);
			if (t <= now) {
				woken = true;
				break;
			}
			if (now >= deadline)
				break;
			sleep_until(t < deadline ? t : deadline);
		}
		if (!woken)
			break;	/* timed out: no second poll */
		m.timestamp = ts;	/* mcs_compl->timestamp */
		m.update_ts = false;
		last = shim_now_ns();
		ret = mcs_poll(ctx, &m);
	}
	s->mcs_used--;
	if (ret)
		return ret;
	memset(args, 0, sizeof(*args));
	if (m.bitmap) {
		args->out.status = HL_WAIT_CS_STATUS_COMPLETED;
		args->out.cs_completion_map = m.bitmap;
		if (m.timestamp) {
			args->out.timestamp_nsec = m.timestamp;
			args->out.flags |= HL_WAIT_CS_STATUS_FLAG_TIMESTAMP_VLD;
		} else {
			/* the kernel says GONE whenever it has no timestamp */
			args->out.flags |= HL_WAIT_CS_STATUS_FLAG_GONE;
		}
	} else {
		args->out.status = HL_WAIT_CS_STATUS_BUSY;
	}
	return 0;
}

int hl_wait_ioctl(struct shim_file *f, void *data)
{
	union hl_wait_cs_args *args = data;

	hl_cs_tick(f->dev);
	if (!hl_operational(f->dev))
		return -EBUSY;
	if (args->in.flags & HL_WAIT_CS_FLAGS_INTERRUPT)
		return hl_interrupt_wait(f, args);
	if (args->in.flags & HL_WAIT_CS_FLAGS_MULTI_CS)
		return multi_cs_wait(f, args);
	return cs_wait(f, args);
}
