// SPDX-License-Identifier: MIT
/*
 * qaic provider: DBCs as queues, submission and the per-BO wait backend.
 *
 * A queue is one DMA Bridge Channel, activated through the firmware
 * (MANAGE ACTIVATE, qaicdv_dbc_activate) since it needs a loaded network:
 * the one engine class is flagged ACCEL_ENGINE_NEEDS_PROGRAM and the core
 * refuses accel_queue_create(). A submission has no command buffer: it is
 * EXECUTE_BO (PARTIAL_EXECUTE_BO with qaicdv_submit_partial) of its BO
 * list in order. The kernel does not read an entry's dir: the direction
 * is the one the BO was sliced with, so the provider checks the listed
 * access against it (READ to the device, WRITE from it).
 *
 * Completion is per BO: a job is done when WAIT_BO says each of its
 * from-device BOs is (all its BOs when it has none). WAIT_BO takes
 * relative ms with 0 meaning the module default (5 s), so each call asks
 * at least 1 ms and the wait loops to the deadline: a poll blocks for up
 * to 1 ms. A BO executed again by a later job has finished the earlier
 * transfer (the kernel refuses to queue a queued BO), which exec_gen
 * tells without a wait.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qaic.h"

int qaic_query_engines(struct accel_context *c, struct accel_engine_info *e, uint32_t max)
{
	(void)c;
	if (max < 1)
		return 1;
	memset(e, 0, sizeof(*e));
	e->id = 0;
	e->flags = ACCEL_ENGINE_NEEDS_PROGRAM;
	snprintf(e->name, sizeof(e->name), "dbc");
	e->count = QAIC_NUM_DBC;
	return 1;
}

/* ------------------------------------------------------------------------ */
/* DBCs                                                                     */
/* ------------------------------------------------------------------------ */

static int deactivate(struct qaic_queue *q)
{
	struct qaicdv_msg msg;
	int ret;

	qaicdv_msg_init(&msg);
	qaicdv_msg_add_deactivate(&msg, q->dbc_id);
	ret = qaic_manage_msg(q->base.ctx, &msg);
	/*
	 * Done, or refused before the firmware (EPERM: not ours any more).
	 * Either way the kernel's slicing on the DBC is gone or not ours.
	 */
	if (ret != -ECANCELED) {
		q->deactivated = true;
		atomic_fetch_add(&to_qaic_ctx(q->base.ctx)->dbc_gen[q->dbc_id], 1);
	}
	return ret;
}

void qaic_queue_destroy(struct accel_queue *queue)
{
	struct qaic_queue *q = to_qaic_queue(queue);
	int ret;

	/* the core has waited for every job */
	if (!q->deactivated) {
		ret = deactivate(q);
		if (ret)
			accel_warn("qaic: deactivating DBC %u: %s", q->dbc_id, strerror(-ret));
	}
	free(q);
}

static struct accel_queue *publish(struct accel_context *ctx, uint32_t dbc_id)
{
	struct accel_queue_attr attr = { .comp_mask = ACCEL_QUEUE_ATTR_INSTANCE,
					 .instance = dbc_id };
	struct qaic_queue *q;

	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	accel_init_queue(&q->base, ctx, &attr);
	q->dbc_id = dbc_id;
	q->gen = atomic_fetch_add(&to_qaic_ctx(ctx)->dbc_gen[dbc_id], 1) + 1;
	return accel_queue_publish(ctx, &q->base);
}

/* the ACTIVATE answer of msg: 0 and the DBC, or -errno */
static int activate_answer(const struct qaicdv_msg *msg, uint32_t *dbc_id)
{
	const struct qaic_manage_trans_activate_from_dev *a;
	uint32_t off = 0, type, len;
	const void *payload;

	while (qaicdv_msg_next(msg, &off, &type, &payload, &len) == 1) {
		if (type != QAIC_TRANS_ACTIVATE_FROM_DEV || len + sizeof(a->hdr) < sizeof(*a))
			continue;
		a = (const void *)((const char *)payload - sizeof(a->hdr));
		*dbc_id = a->dbc_id;
		return 0;
	}
	return -EPROTO;
}

QAICDV_EXPORT struct accel_queue *qaicdv_dbc_activate(struct accel_context *ctx,
						      const struct qaicdv_dbc_attr *uattr,
						      size_t attr_size)
{
	struct qaicdv_dbc_attr attr = { 0 };
	struct accel_queue *queue = NULL;
	struct qaicdv_msg msg;
	uint32_t dbc_id;
	int ret;

	if (!uattr || attr_size < offsetof(struct qaicdv_dbc_attr, pre)) {
		errno = -accel_set_reason(-EINVAL, "%s: attr is NULL or too small", __func__);
		return NULL;
	}
	memcpy(&attr, uattr, attr_size < sizeof(attr) ? attr_size : sizeof(attr));
	if (attr.comp_mask & ~(QAICDV_DBC_ATTR_OPTIONS | QAICDV_DBC_ATTR_PRE)) {
		errno = -accel_set_reason(-EINVAL, "%s: unknown comp_mask bits 0x%x", __func__,
					  attr.comp_mask);
		return NULL;
	}
	ret = accel_context_lookup_prov(&ctx, &qaic_provider);
	if (ret) {
		errno = -accel_set_reason(ret, "%s: not a live qaic context", __func__);
		return NULL;
	}
	qaicdv_msg_init(&msg);
	if ((attr.comp_mask & QAICDV_DBC_ATTR_PRE) && attr.pre)
		msg = *attr.pre;
	ret = qaicdv_msg_add_activate(&msg, attr.queue_size,
				      attr.comp_mask & QAICDV_DBC_ATTR_OPTIONS ? attr.options : 0);
	if (ret)
		goto out;
	ret = qaic_manage_msg(ctx, &msg);
	if ((attr.comp_mask & QAICDV_DBC_ATTR_PRE) && attr.pre &&
	    (!ret || ret == -ECANCELED))
		*attr.pre = msg;
	switch (ret) {
	case 0:
		break;
	case -ECANCELED:
		ret = accel_set_reason(ret, "%s: the firmware refused the activation", __func__);
		goto out;
	case -EINVAL:
		ret = accel_set_reason(ret, "%s: MANAGE refused the message (queue_size %u must be > 0)",
				       __func__, attr.queue_size);
		goto out;
	default:
		ret = accel_set_reason(ret, "%s: MANAGE: %s", __func__, strerror(-ret));
		goto out;
	}
	ret = activate_answer(&msg, &dbc_id);
	if (ret || dbc_id >= QAIC_NUM_DBC) {
		ret = accel_set_reason(-EPROTO, "%s: no ACTIVATE answer with a DBC", __func__);
		goto out;
	}
	queue = publish(ctx, dbc_id);
	if (!queue)
		ret = -errno;
out:
	accel_context_put(ctx);
	if (ret)
		errno = -ret;
	return queue;
}

QAICDV_EXPORT struct accel_queue *qaicdv_dbc_attach(struct accel_context *ctx, uint32_t dbc_id)
{
	struct accel_queue *queue;
	int ret;

	if (dbc_id >= QAIC_NUM_DBC) {
		errno = -accel_set_reason(-EINVAL, "%s: DBC %u: a device has %u", __func__, dbc_id,
					  QAIC_NUM_DBC);
		return NULL;
	}
	ret = accel_context_lookup_prov(&ctx, &qaic_provider);
	if (ret) {
		errno = -accel_set_reason(ret, "%s: not a live qaic context", __func__);
		return NULL;
	}
	queue = publish(ctx, dbc_id);
	ret = queue ? 0 : errno;
	accel_context_put(ctx);
	errno = ret;
	return queue;
}

QAICDV_EXPORT int qaicdv_dbc_id(struct accel_queue *queue)
{
	int ret = accel_queue_lookup_prov(&queue, &qaic_provider);

	if (ret)
		return accel_set_reason(ret, "%s: not a live qaic queue", __func__);
	ret = (int)to_qaic_queue(queue)->dbc_id;
	accel_queue_put(queue);
	return ret;
}

QAICDV_EXPORT int qaicdv_dbc_deactivate(struct accel_queue *queue)
{
	struct accel_queue *handle = queue;
	uint32_t dbc_id;
	int ret;

	ret = accel_queue_lookup_prov(&queue, &qaic_provider);
	if (ret)
		return accel_set_reason(ret, "%s: not a live qaic queue", __func__);
	/* the kernel drops transfers still queued (release_dbc()) */
	dbc_id = to_qaic_queue(queue)->dbc_id;
	ret = deactivate(to_qaic_queue(queue));
	accel_queue_put(queue);
	if (ret == -ECANCELED)
		return accel_set_reason(ret, "%s: the firmware refused to deactivate DBC %u",
					__func__, dbc_id);
	accel_queue_destroy(handle);
	if (ret)
		return accel_set_reason(ret, "%s: MANAGE DEACTIVATE of DBC %u: %s", __func__,
					dbc_id, strerror(-ret));
	return 0;
}

/* ------------------------------------------------------------------------ */
/* submission                                                               */
/* ------------------------------------------------------------------------ */

static int exec_errno(struct qaic_queue *q, int ret)
{
	switch (ret) {
	case -EINVAL:
		/* the provider checked the rest: a listed BO is still queued */
		return accel_set_reason(-EAGAIN,
					"qaic: a listed BO is still queued on DBC %u from an earlier submission: wait for it",
					q->dbc_id);
	case -EAGAIN:
		return accel_set_reason(-EAGAIN, "qaic: DBC %u's request queue is full: wait for a job",
					q->dbc_id);
	case -EPERM:
		return accel_set_reason(-EPERM, "qaic: DBC %u is not this file's any more (deactivated)",
					q->dbc_id);
	case -EPIPE:
		return accel_set_reason(-ENOTRECOVERABLE,
					"qaic: DBC %u went through a subsystem restart (EPIPE); close the context",
					q->dbc_id);
	case -ENODEV:
		return accel_set_reason(-ENOTRECOVERABLE,
					"qaic: the device is gone or offline (ENODEV); close the context");
	default:
		return accel_set_reason(ret, "qaic: EXECUTE_BO: %s", strerror(-ret));
	}
}

static int check_ref(struct qaic_context *ctx, struct qaic_queue *q,
		     const struct accel_submit *s, uint32_t i)
{
	struct qaic_bo *bo = to_qaic_bo(s->bos[i].bo);
	uint32_t want, j;

	if (!qaic_bo_sliced(ctx, bo) || bo->dbc_id != q->dbc_id)
		return accel_set_reason(-EINVAL,
					"qaic: bos[%u] is not sliced onto DBC %u: qaicdv_bo_attach_slices() first",
					i, q->dbc_id);
	want = bo->dir == QAICDV_TO_DEV ? ACCEL_ACCESS_READ : ACCEL_ACCESS_WRITE;
	if (s->bos[i].access != want)
		return accel_set_reason(-EINVAL,
					"qaic: bos[%u] is sliced %s the device: its access must be %s alone",
					i, bo->dir == QAICDV_TO_DEV ? "to" : "from",
					want == ACCEL_ACCESS_READ ? "READ" : "WRITE");
	for (j = 0; j < i; j++)
		if (s->bos[j].bo == s->bos[i].bo)
			return accel_set_reason(-EINVAL,
						"qaic: bos[%u] repeats bos[%u]: a BO is queued once", i, j);
	return 0;
}

int qaic_submit(struct accel_queue *queue, const struct accel_submit *s, struct accel_job *job)
{
	struct qaic_context *ctx = to_qaic_ctx(queue->ctx);
	struct qaic_queue *q = to_qaic_queue(queue);
	const struct qaicdv_submit_partial *partial = NULL;
	struct qaic_partial_execute_entry *pe = NULL;
	struct qaic_execute_entry *e = NULL;
	struct qaic_execute x = { 0 };
	struct qaic_job *rec = NULL;
	const struct accel_submit_ext *ext;
	uint32_t i, nout = 0;
	int ret;

	if (s->cmd_bo)
		return accel_set_reason(-EINVAL,
					"qaic: no command buffer: a submission is the list of sliced BOs to transfer");
	if (s->comp_mask & ACCEL_SUBMIT_OUT_FENCE)
		return accel_set_reason(-EOPNOTSUPP, "qaic: the kernel makes no sync_file for a transfer");
	if (q->deactivated)
		return accel_set_reason(-EPERM, "qaic: DBC %u is deactivated", q->dbc_id);
	if (!s->num_bos)
		return accel_set_reason(-EINVAL, "qaic: no BOs: the list is the work");
	for (ext = s->ext; ext; ext = ext->next) {
		if (ext->type != QAICDV_SUBMIT_EXT_PARTIAL || partial)
			return accel_set_reason(-EINVAL,
						"qaic: submit extension 0x%x is not one of qaicdv.h's (or repeated)",
						ext->type);
		partial = (const struct qaicdv_submit_partial *)ext;
		if (ext->size < sizeof(*partial) || partial->num != s->num_bos || !partial->resize)
			return accel_set_reason(-EINVAL,
						"qaic: qaicdv_submit_partial needs one resize per BO (%u)",
						s->num_bos);
	}
	for (i = 0; i < s->num_bos; i++) {
		ret = check_ref(ctx, q, s, i);
		if (ret)
			return ret;
		if (to_qaic_bo(s->bos[i].bo)->dir == QAICDV_FROM_DEV)
			nout++;
		if (partial && partial->resize[i] > s->bos[i].bo->size)
			return accel_set_reason(-EINVAL, "qaic: resize[%u] %llu passes the %llu-byte BO",
						i, (unsigned long long)partial->resize[i],
						(unsigned long long)s->bos[i].bo->size);
	}
	rec = calloc(1, sizeof(*rec) + (nout ? nout : s->num_bos) * sizeof(rec->wait[0]));
	if (partial)
		pe = calloc(s->num_bos, sizeof(*pe));
	else
		e = calloc(s->num_bos, sizeof(*e));
	if (!rec || (!pe && !e)) {
		ret = accel_set_reason(-ENOMEM, "qaic: no memory for %u BOs", s->num_bos);
		goto out;
	}
	for (i = 0; i < s->num_bos; i++) {
		struct qaic_bo *bo = to_qaic_bo(s->bos[i].bo);

		if (pe) {
			pe[i].handle = bo->handle;
			pe[i].dir = bo->dir;
			pe[i].resize = partial->resize[i];
		} else {
			e[i].handle = bo->handle;
			e[i].dir = bo->dir;
		}
	}
	x.hdr.count = s->num_bos;
	x.hdr.dbc_id = q->dbc_id;
	x.data = pe ? (uintptr_t)pe : (uintptr_t)e;
	ret = qaic_ioctl(queue->ctx->fd, pe ? DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO :
					      DRM_IOCTL_QAIC_EXECUTE_BO, &x);
	if (ret) {
		ret = exec_errno(q, ret);
		goto out;
	}
	for (i = 0; i < s->num_bos; i++) {
		struct qaic_bo *bo = to_qaic_bo(s->bos[i].bo);
		uint32_t gen = atomic_fetch_add(&bo->exec_gen, 1) + 1;

		if (nout && bo->dir != QAICDV_FROM_DEV)
			continue;
		rec->wait[rec->num].bo = bo;
		rec->wait[rec->num++].exec_gen = gen;
	}
	job->priv = rec;
	rec = NULL;
out:
	free(rec);
	free(pe);
	free(e);
	return ret;
}

/* WAIT_BO once: relative ms, never 0 (the module default) */
static int wait_bo(int fd, struct qaic_bo *bo, uint32_t dbc_id, uint32_t ms)
{
	struct qaic_wait w = { .handle = bo->handle, .dbc_id = dbc_id, .timeout = ms ? ms : 1 };

	return qaic_ioctl(fd, DRM_IOCTL_QAIC_WAIT_BO, &w);
}

int qaic_fence_wait(struct accel_queue *queue, struct accel_job *job, int64_t deadline)
{
	struct qaic_queue *q = to_qaic_queue(queue);
	struct qaic_job *rec = job->priv;
	uint32_t i;
	int ret;

	for (i = 0; rec && i < rec->num; i++) {
		struct qaic_bo *bo = rec->wait[i].bo;

		for (;;) {
			uint32_t ms;

			/* executed again since: this job's transfer is over */
			if (atomic_load(&bo->exec_gen) != rec->wait[i].exec_gen) {
				ret = 0;
				break;
			}
			ms = deadline == ACCEL_DEADLINE_NEVER ?
				     QAIC_WAIT_CHUNK_MS :
				     (uint32_t)accel_deadline_left_ms(deadline, UINT32_MAX);
			ret = wait_bo(queue->ctx->fd, bo, q->dbc_id, ms);
			if (ret != -ETIMEDOUT)
				break;
			if (accel_deadline_left_ns(deadline) <= 0)
				return accel_set_reason(-ETIMEDOUT,
							"qaic: job %llu: BO %u still transferring on DBC %u at the deadline",
							(unsigned long long)job->seqno, bo->handle,
							q->dbc_id);
		}
		switch (ret) {
		case 0:
			continue;
		case -EPIPE:
			return accel_job_fail(job, -ENOTRECOVERABLE, -EPIPE, 0,
					      "qaic: DBC %u went through a subsystem restart; close the context",
					      q->dbc_id);
		case -EPERM:
			return accel_job_fail(job, -EIO, -EPERM, 0,
					      "qaic: DBC %u was deactivated: its transfers were dropped",
					      q->dbc_id);
		case -ENODEV:
			return accel_job_fail(job, -ENOTRECOVERABLE, -ENODEV, 0,
					      "qaic: the device is gone or offline");
		default:
			return accel_set_reason(ret, "qaic: WAIT_BO of BO %u: %s", bo->handle,
						strerror(-ret));
		}
	}
	return 0;
}

void qaic_job_retire(struct accel_queue *queue, struct accel_job *job)
{
	(void)queue;
	free(job->priv);
	job->priv = NULL;
}

/* ------------------------------------------------------------------------ */
/* direct calls                                                             */
/* ------------------------------------------------------------------------ */

QAICDV_EXPORT int qaicdv_execute(struct accel_queue *queue, struct accel_bo *const *bos,
				 const uint64_t *resize, uint32_t count, uint64_t *seqno)
{
	struct qaicdv_submit_partial x = {
		.ext = { .type = QAICDV_SUBMIT_EXT_PARTIAL, .size = sizeof(x) },
		.resize = resize,
		.num = count,
	};
	struct accel_submit s = { 0 };
	struct accel_queue *q = queue;
	struct accel_bo_ref *refs;
	uint32_t i;
	int ret;

	if (!bos || !count)
		return accel_set_reason(-EINVAL, "%s: no BOs", __func__);
	/* looked up for the checks; accel_submit() takes the handles */
	ret = accel_queue_lookup_prov(&q, &qaic_provider);
	if (ret)
		return accel_set_reason(ret, "%s: not a live qaic queue", __func__);
	refs = calloc(count, sizeof(*refs));
	if (!refs) {
		ret = accel_set_reason(-ENOMEM, "%s: no memory for %u BOs", __func__, count);
		goto out;
	}
	for (i = 0; i < count; i++) {
		struct accel_bo *b = bos[i];

		ret = accel_bo_lookup_prov(&b, &qaic_provider);
		if (ret) {
			ret = accel_set_reason(ret, "%s: bos[%u] is not a live qaic BO", __func__, i);
			goto out;
		}
		refs[i].bo = bos[i];
		refs[i].access = to_qaic_bo(b)->dir == QAICDV_FROM_DEV ? ACCEL_ACCESS_WRITE :
									 ACCEL_ACCESS_READ;
		accel_bo_put(b);
	}
	s.bos = refs;
	s.num_bos = count;
	if (resize)
		s.ext = &x.ext;
	ret = accel_submit(queue, &s, seqno);
out:
	free(refs);
	accel_queue_put(q);
	return ret;
}

QAICDV_EXPORT int qaicdv_bo_wait(struct accel_bo *abo, uint32_t timeout_ms)
{
	struct qaic_wait w = { 0 };
	struct qaic_bo *bo;
	int ret;

	ret = accel_bo_lookup_prov(&abo, &qaic_provider);
	if (ret)
		return accel_set_reason(ret, "%s: not a live qaic BO", __func__);
	bo = to_qaic_bo(abo);
	w.handle = bo->handle;
	w.dbc_id = bo->dbc_id;
	w.timeout = timeout_ms;
	ret = qaic_ioctl(abo->ctx->fd, DRM_IOCTL_QAIC_WAIT_BO, &w);
	accel_bo_put(abo);
	switch (ret) {
	case 0:
		return 0;
	case -ETIMEDOUT:
		return accel_set_reason(ret, "%s: still transferring after %u ms", __func__,
					timeout_ms);
	case -EPIPE:
		return accel_set_reason(-ENOTRECOVERABLE,
					"%s: DBC %u went through a subsystem restart (EPIPE)", __func__,
					w.dbc_id);
	case -EPERM:
		return accel_set_reason(ret, "%s: DBC %u is not this file's (deactivated)", __func__,
					w.dbc_id);
	default:
		return accel_set_reason(ret, "%s: WAIT_BO: %s", __func__, strerror(-ret));
	}
}

QAICDV_EXPORT int qaicdv_perf_stats(struct accel_queue *queue, struct qaicdv_perf_stats *stats,
				    uint32_t count)
{
	struct qaic_perf_stats_entry *ent = NULL;
	struct qaic_perf_stats p = { 0 };
	struct accel_bo **held = NULL;
	uint32_t i, got = 0;
	int ret;

	if (!stats || !count || count > UINT16_MAX)
		return accel_set_reason(-EINVAL, "%s: 1..65535 entries, not NULL", __func__);
	ret = accel_queue_lookup_prov(&queue, &qaic_provider);
	if (ret)
		return accel_set_reason(ret, "%s: not a live qaic queue", __func__);
	ent = calloc(count, sizeof(*ent));
	held = calloc(count, sizeof(*held));
	if (!ent || !held) {
		ret = accel_set_reason(-ENOMEM, "%s: no memory", __func__);
		goto out;
	}
	for (; got < count; got++) {
		held[got] = stats[got].bo;
		ret = accel_bo_lookup(queue->ctx, &held[got]);
		if (ret) {
			ret = accel_set_reason(ret, "%s: stats[%u].bo is not a live BO of the queue's context",
					       __func__, got);
			goto out;
		}
		ent[got].handle = to_qaic_bo(held[got])->handle;
	}
	p.hdr.count = (uint16_t)count;
	p.hdr.dbc_id = to_qaic_queue(queue)->dbc_id;
	p.data = (uintptr_t)ent;
	ret = qaic_ioctl(queue->ctx->fd, DRM_IOCTL_QAIC_PERF_STATS_BO, &p);
	if (ret) {
		if (ret == -EINVAL)
			ret = accel_set_reason(ret, "%s: a BO is not sliced onto DBC %u", __func__,
					       p.hdr.dbc_id);
		else
			ret = accel_set_reason(ret, "%s: PERF_STATS_BO: %s", __func__,
					       strerror(-ret));
		goto out;
	}
	for (i = 0; i < count; i++) {
		stats[i].queue_level_before = ent[i].queue_level_before;
		stats[i].num_queue_element = ent[i].num_queue_element;
		stats[i].submit_latency_us = ent[i].submit_latency_us;
		stats[i].device_latency_us = ent[i].device_latency_us;
	}
out:
	for (i = 0; i < got; i++)
		accel_bo_put(held[i]);
	free(held);
	free(ent);
	accel_queue_put(queue);
	return ret;
}
