// SPDX-License-Identifier: MIT
/*
 * ivpu provider: engines, queues, submission and completion.
 *
 * One engine class, compute (DRM_IVPU_ENGINE_COPY is deprecated). Under
 * OS scheduling a queue is a priority: SUBMIT names it and the kernel
 * keeps one job queue per priority and file. Under hardware scheduling
 * (GET_PARAM(CAPABILITIES, MANAGE_CMDQ)) a queue is a CMDQ_CREATE command
 * queue and jobs go through CMDQ_SUBMIT.
 *
 * A submission lists every BO it touches with the command BO first: the
 * kernel maps a BO into the NPU MMU only when a submission lists it
 * (ivpu_job_prepare_bos_for_submit()). The job's fence lands on the
 * command BO alone, so completion is BO_WAIT on it (absolute ns), and the
 * job_status BO_WAIT reports is the command BO's last job's: it is read
 * before the next job on that BO can overwrite it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ivpu.h"

int ivpu_query_engines(struct accel_context *c, struct accel_engine_info *e,
		       uint32_t max)
{
	struct ivpu_context *ctx = to_ivpu_ctx(c);

	if (max < 1)
		return 1;
	memset(e, 0, sizeof(*e));
	e->id = 0;
	/* a kernel job queue is a ring the firmware runs in order */
	e->flags = ACCEL_ENGINE_IN_ORDER | ACCEL_ENGINE_CMD_BUFFER;
	snprintf(e->name, sizeof(e->name), "%s", ctx->hws ? "compute-hws" : "compute");
	e->count = 1;
	/* IDLE, NORMAL, FOCUS, REALTIME */
	e->min_priority = -1;
	e->max_priority = 2;
	e->max_in_flight = IVPU_MAX_IN_FLIGHT;
	e->max_bos = IVPU_MAX_BUFFERS - 1;	/* the command BO is one */
	return 1;
}

uint32_t ivpu_job_priority(int32_t priority)
{
	if (priority < 0)
		return DRM_IVPU_JOB_PRIORITY_IDLE;
	if (priority == 0)
		return DRM_IVPU_JOB_PRIORITY_NORMAL;
	if (priority == 1)
		return DRM_IVPU_JOB_PRIORITY_FOCUS;
	return DRM_IVPU_JOB_PRIORITY_REALTIME;
}

struct ivpu_queue *ivpu_cmdq_new(struct accel_context *c,
				 const struct accel_queue_attr *attr,
				 uint32_t priority, uint32_t flags)
{
	struct drm_ivpu_cmdq_create cr = { .priority = priority, .flags = flags };
	struct ivpu_queue *q;
	int ret;

	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	ret = ivpu_ioctl(c->fd, DRM_IOCTL_IVPU_CMDQ_CREATE, &cr);
	if (ret) {
		free(q);
		errno = -accel_set_reason(ret, "ivpu: CMDQ_CREATE (priority %u, flags 0x%x): %s%s",
					  priority, flags, strerror(-ret),
					  ret == -ENODEV ? " (no hardware scheduling)" : "");
		return NULL;
	}
	accel_init_queue(&q->base, c, attr);
	q->cmdq_id = cr.cmdq_id;
	q->priority = priority;
	q->base.in_order = true;
	return q;
}

struct accel_queue *ivpu_queue_create(struct accel_context *c,
				      const struct accel_queue_attr *attr)
{
	struct ivpu_context *ctx = to_ivpu_ctx(c);
	int32_t prio = 0;
	struct ivpu_queue *q;

	/* the core has checked engine, instance and priority range */
	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_PRIORITY))
		prio = attr->priority;
	if (ctx->hws) {
		q = ivpu_cmdq_new(c, attr, ivpu_job_priority(prio), 0);
		return q ? &q->base : NULL;
	}
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	accel_init_queue(&q->base, c, attr);
	q->priority = ivpu_job_priority(prio);
	q->base.in_order = true;
	return &q->base;
}

void ivpu_queue_destroy(struct accel_queue *queue)
{
	struct ivpu_queue *q = to_ivpu_queue(queue);
	struct drm_ivpu_cmdq_destroy d = { .cmdq_id = q->cmdq_id };

	/* every job has finished: the core waited for them */
	if (q->cmdq_id)
		ivpu_ioctl(queue->ctx->fd, DRM_IOCTL_IVPU_CMDQ_DESTROY, &d);
	if (q->preempt_bo)
		accel_bo_put(q->preempt_bo);
	free(q);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * [0] the command BO, then every other BO once: two BOs may share a
 * handle (a re-import), and the kernel locks each reservation once.
 * Returns the count, or -errno.
 */
static int build_handles(const struct accel_submit *s, struct ivpu_bo *cmd,
			 struct accel_bo *preempt, uint32_t *h,
			 uint32_t *preempt_index)
{
	uint32_t n = 1, i, out;

	h[0] = cmd->handle;
	for (i = 0; i < s->num_bos; i++)
		h[n++] = to_ivpu_bo(s->bos[i].bo)->handle;
	if (preempt)
		h[n++] = to_ivpu_bo(preempt)->handle;
	qsort(h + 1, n - 1, sizeof(*h), cmp_u32);
	for (i = 1, out = 1; i < n; i++) {
		if (h[i] == h[0] || (out > 1 && h[i] == h[out - 1]))
			continue;
		h[out++] = h[i];
	}
	*preempt_index = 0;
	if (preempt) {
		for (i = 1; i < out; i++)
			if (h[i] == to_ivpu_bo(preempt)->handle)
				*preempt_index = i;
	}
	return (int)out;
}

/*
 * The previous job on this command BO: read its job_status now (a poll),
 * before a new job overwrites it. Busy: the kernel would refuse (EBUSY).
 */
static int settle_last_job(struct accel_context *c, struct ivpu_bo *cmd)
{
	struct ivpu_job_rec *rec = cmd->last_job;
	struct drm_ivpu_bo_wait w = { .handle = cmd->handle };
	int ret;

	if (!rec || rec->done)
		return 0;
	ret = ivpu_ioctl(c->fd, DRM_IOCTL_IVPU_BO_WAIT, &w);
	if (ret == -ETIMEDOUT)
		return accel_set_reason(-EAGAIN,
					"ivpu: the command BO still runs an earlier job (the kernel answers EBUSY): wait for it or use another command BO");
	if (ret)
		return accel_set_reason(ret, "ivpu: BO_WAIT on the command BO: %s",
					strerror(-ret));
	rec->done = true;
	rec->job_status = w.job_status;
	return 0;
}

static int submit_ioctl(struct accel_queue *queue, uint32_t *h, uint32_t n,
			uint32_t offset, uint32_t preempt_index)
{
	struct ivpu_queue *q = to_ivpu_queue(queue);

	if (q->cmdq_id) {
		struct drm_ivpu_cmdq_submit a = {
			.buffers_ptr = (uintptr_t)h,
			.buffer_count = n,
			.cmdq_id = q->cmdq_id,
			.commands_offset = offset,
			.preempt_buffer_index = preempt_index,
		};

		return ivpu_ioctl(queue->ctx->fd, DRM_IOCTL_IVPU_CMDQ_SUBMIT, &a);
	} else {
		struct drm_ivpu_submit a = {
			.buffers_ptr = (uintptr_t)h,
			.buffer_count = n,
			.engine = DRM_IVPU_ENGINE_COMPUTE,
			.commands_offset = offset,
			.priority = q->priority,
		};

		return ivpu_ioctl(queue->ctx->fd, DRM_IOCTL_IVPU_SUBMIT, &a);
	}
}

static int submit_error(int ret)
{
	switch (ret) {
	case -EBUSY:
		/* busy command BO, full job queue, doorbells or job ids */
		return accel_set_reason(-EAGAIN,
					"ivpu: the kernel is busy (EBUSY: command BO in use, job queue full or no doorbell free); wait for a job and retry");
	case -EBADFD:
		return accel_set_reason(-ENOTRECOVERABLE,
					"ivpu: the context had an NPU MMU fault (EBADFD): only closing it is left");
	case -ENOENT:
		return accel_set_reason(ret, "ivpu: a listed BO has no handle on this file");
	default:
		return accel_set_reason(ret, "ivpu: submit: %s", strerror(-ret));
	}
}

int ivpu_submit(struct accel_queue *queue, const struct accel_submit *s,
		struct accel_job *job)
{
	struct ivpu_context *ctx = to_ivpu_ctx(queue->ctx);
	struct ivpu_queue *q = to_ivpu_queue(queue);
	struct ivpu_job_rec *rec;
	uint32_t *h, preempt_index;
	struct ivpu_bo *cmd;
	int n, ret;

	if (!s->cmd_bo)
		return accel_set_reason(-EINVAL, "ivpu: a job needs a command BO");
	if (s->cmd_offset % IVPU_CMD_ALIGN || s->cmd_offset > UINT32_MAX)
		return accel_set_reason(-EINVAL,
					"ivpu: cmd_offset %llu: the kernel takes an 8-byte aligned 32-bit offset",
					(unsigned long long)s->cmd_offset);
	if (s->num_bos > IVPU_MAX_BUFFERS - 2)
		return accel_set_reason(-EINVAL, "ivpu: %u BOs: at most %u besides the command BO",
					s->num_bos, IVPU_MAX_BUFFERS - 2);
	cmd = to_ivpu_bo(s->cmd_bo);
	rec = calloc(1, sizeof(*rec));
	h = calloc((size_t)s->num_bos + 2, sizeof(*h));
	if (!rec || !h) {
		ret = accel_set_reason(-ENOMEM, "ivpu: no memory for the BO list");
		goto out_free;
	}
	n = build_handles(s, cmd, q->preempt_bo, h, &preempt_index);
	if (n > (int)IVPU_MAX_BUFFERS) {
		ret = accel_set_reason(-EINVAL, "ivpu: %d BOs: at most %u", n,
				       IVPU_MAX_BUFFERS);
		goto out_free;
	}
	pthread_mutex_lock(&ctx->job_lock);
	ret = settle_last_job(queue->ctx, cmd);
	if (!ret)
		ret = submit_ioctl(queue, h, (uint32_t)n, (uint32_t)s->cmd_offset,
				   preempt_index);
	if (!ret) {
		rec->cmd = cmd;
		cmd->last_job = rec;
		job->priv = rec;
		rec = NULL;
	} else if (ret != -EAGAIN) {
		ret = submit_error(ret);
	}
	pthread_mutex_unlock(&ctx->job_lock);
out_free:
	free(h);
	free(rec);
	return ret;
}

int ivpu_fence_wait(struct accel_queue *queue, struct accel_job *job,
		    int64_t deadline)
{
	struct ivpu_context *ctx = to_ivpu_ctx(queue->ctx);
	struct ivpu_job_rec *rec = job->priv;
	struct drm_ivpu_bo_wait w = { .handle = rec->cmd->handle };
	uint32_t status;
	int ret = 0;

	pthread_mutex_lock(&ctx->job_lock);
	if (!rec->done) {
		pthread_mutex_unlock(&ctx->job_lock);
		/* absolute CLOCK_MONOTONIC ns, as the core's deadline */
		w.timeout_ns = deadline;
		ret = ivpu_ioctl(queue->ctx->fd, DRM_IOCTL_IVPU_BO_WAIT, &w);
		pthread_mutex_lock(&ctx->job_lock);
		/*
		 * A later job on the command BO may have been submitted (and
		 * awaited) meanwhile: then ours was settled first, and the
		 * status BO_WAIT gave is that job's.
		 */
		if (!ret && !rec->done) {
			rec->done = true;
			rec->job_status = w.job_status;
		}
	}
	status = rec->job_status;
	pthread_mutex_unlock(&ctx->job_lock);
	if (ret == -ETIMEDOUT)
		return accel_set_reason(-ETIMEDOUT, "ivpu: job %llu still running at the deadline",
					(unsigned long long)job->seqno);
	if (ret)
		return accel_set_reason(ret, "ivpu: BO_WAIT: %s", strerror(-ret));
	if (status == DRM_IVPU_JOB_STATUS_SUCCESS)
		return 0;
	if (status == DRM_IVPU_JOB_STATUS_ABORTED)
		return accel_job_fail(job, -EIO, -EIO, status,
				      "ivpu: job aborted (MMU fault, device reset or its queue destroyed)");
	return accel_job_fail(job, -EIO, -EIO, status,
			      "ivpu: the firmware ended the job with status 0x%x", status);
}

void ivpu_job_retire(struct accel_queue *queue, struct accel_job *job)
{
	struct ivpu_context *ctx = to_ivpu_ctx(queue->ctx);
	struct ivpu_job_rec *rec = job->priv;

	if (!rec)
		return;
	pthread_mutex_lock(&ctx->job_lock);
	if (rec->cmd->last_job == rec)
		rec->cmd->last_job = NULL;
	pthread_mutex_unlock(&ctx->job_lock);
	free(rec);
	job->priv = NULL;
}

/* a BO of the file that no job lists, exported: its sync_file is signalled */
static int idle_dmabuf(struct accel_context *c)
{
	struct ivpu_context *ctx = to_ivpu_ctx(c);
	struct drm_ivpu_bo_create cr = { .size = IVPU_PAGE_SIZE };
	int ret;

	if (ctx->idle_dmabuf >= 0)
		return ctx->idle_dmabuf;
	ret = ivpu_ioctl(c->fd, DRM_IOCTL_IVPU_BO_CREATE, &cr);
	if (ret)
		return ret;
	/* the dma-buf holds the object; the handle goes with the file */
	ret = accel_gem_export_dmabuf(c->fd, cr.handle, O_CLOEXEC);
	if (ret >= 0)
		ctx->idle_dmabuf = ret;
	return ret;
}

/*
 * The job's fence is on its command BO alone (WRITE usage), so its
 * sync_file is the command BO's dma-buf's EXPORT_SYNC_FILE for readers.
 * A later job on the same command BO can only have been submitted after
 * this one ended, so the sync_file never signals before the job is done.
 */
int ivpu_fence_export_sync_file(struct accel_queue *queue, struct accel_job *job)
{
	struct ivpu_context *ctx = to_ivpu_ctx(queue->ctx);
	struct ivpu_job_rec *rec = job ? job->priv : NULL;
	int fd, sync_fd = -1, ret = 0;

	pthread_mutex_lock(&ctx->job_lock);
	if (!rec || rec->done) {
		fd = idle_dmabuf(queue->ctx);
	} else {
		if (rec->cmd->dmabuf < 0) {
			ret = accel_gem_export_dmabuf(queue->ctx->fd, rec->cmd->handle,
						      O_CLOEXEC);
			if (ret >= 0)
				rec->cmd->dmabuf = ret;
		}
		fd = rec->cmd->dmabuf >= 0 ? rec->cmd->dmabuf : ret;
	}
	ret = fd < 0 ? fd : accel_dmabuf_export_sync_file(fd, DMA_BUF_SYNC_READ, &sync_fd);
	pthread_mutex_unlock(&ctx->job_lock);
	if (ret)
		return accel_set_reason(ret, "ivpu: a sync_file of the command BO: %s",
					strerror(-ret));
	return sync_fd;
}
