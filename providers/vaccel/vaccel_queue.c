// SPDX-License-Identifier: MIT
/*
 * vaccel provider: queues, submission and completion.
 *
 * A queue is one engine of the device (accel_queue_attr.instance, one
 * engine class) and one timeline syncobj of the file. accel_submit() is
 * one SUBMIT: the command BO in the soft command format (softdv.h), the
 * submission's BOs with their access, its dependencies as in-syncobjs,
 * and one out point: the job's seqno on the queue's timeline. Jobs of an
 * engine run in submission order, so a queue completes in seqno order.
 *
 * Dependencies are the kernel's to wait for, never the CPU's where the
 * kernel can take them:
 * - a wait point of a queue of this context: (its syncobj, seqno);
 * - a wait point of any other queue: its sync_file, imported into a
 *   temporary syncobj (a driver that makes no sync_file, such as soft,
 *   is waited for on the CPU here);
 * - an in-fence sync_file: imported into a temporary syncobj.
 * SUBMIT takes the fences it names, so the temporaries go right after.
 * Implicit sync also orders the job after the writers of the BOs it
 * reads, and after every user of the BOs it writes.
 *
 * Completion: fence_wait is SYNCOBJ_TIMELINE_WAIT on the job's point
 * until the deadline. The job's status is its fence's error, read from
 * the point's sync_file (the timeline wait does not report errors).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vaccel.h"

int vaccel_query_engines(struct accel_context *c, struct accel_engine_info *e,
			 uint32_t max)
{
	if (max < 1)
		return 1;
	e->id = 0;
	e->flags = ACCEL_ENGINE_IN_ORDER | ACCEL_ENGINE_CMD_BUFFER;
	snprintf(e->name, sizeof(e->name), "exec");
	e->count = to_vaccel_ctx(c)->num_engines;
	e->max_bos = DRM_VACCEL_MAX_BOS;
	return 1;
}

/* the core has checked engine, instance and priority against the list */
struct accel_queue *vaccel_queue_create(struct accel_context *ctx,
					const struct accel_queue_attr *attr)
{
	struct vaccel_queue *q;
	int ret;

	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	/* attr is NULL for a default queue (accel_queue_create(ctx, NULL)) */
	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_INSTANCE))
		q->engine = attr->instance;
	/* the same syncobj takes timeline points: DRIVER_SYNCOBJ_TIMELINE */
	ret = accel_drm_syncobj_create(ctx->fd, 0, &q->syncobj);
	if (ret) {
		free(q);
		errno = -accel_set_reason(ret, "vaccel: SYNCOBJ_CREATE: %s", strerror(-ret));
		return NULL;
	}
	accel_init_queue(&q->base, ctx, attr);
	q->base.in_order = true;
	return &q->base;
}

/* the core has waited for every job of the queue */
void vaccel_queue_destroy(struct accel_queue *queue)
{
	struct vaccel_queue *q = to_vaccel_queue(queue);

	accel_drm_syncobj_destroy(queue->ctx->fd, q->syncobj);
	free(q);
}

/* The in-syncobjs of one SUBMIT, and which of them are temporaries */
struct deps {
	struct drm_vaccel_sync in[DRM_VACCEL_MAX_SYNCS];
	uint32_t n;
	uint32_t tmp[DRM_VACCEL_MAX_SYNCS];
	uint32_t ntmp;
};

/* a sync_file as a temporary binary syncobj (point 0) */
static int dep_sync_file(int fd, struct deps *d, int sync_fd)
{
	uint32_t h;
	int ret;

	ret = accel_drm_syncobj_create(fd, 0, &h);
	if (ret)
		return ret;
	ret = accel_drm_syncobj_import_sync_file(fd, h, sync_fd);
	if (ret) {
		accel_drm_syncobj_destroy(fd, h);
		return ret;
	}
	d->tmp[d->ntmp++] = h;
	d->in[d->n++] = (struct drm_vaccel_sync){ .handle = h };
	return 0;
}

static int dep_point(struct accel_queue *queue, struct deps *d, uint32_t i,
		     const struct accel_fence_point *p)
{
	int fd = queue->ctx->fd, sync_fd, ret;

	/* the core holds p->queue and has checked that seqno was submitted */
	if (p->queue->ctx == queue->ctx) {
		d->in[d->n++] = (struct drm_vaccel_sync){
			.handle = to_vaccel_queue(p->queue)->syncobj,
			.point = p->seqno,
		};
		return 0;
	}
	/* p->queue is an object: the public call takes its handle */
	sync_fd = accel_fence_export_sync_file(accel_object_handle(p->queue), p->seqno);
	if (sync_fd >= 0) {
		ret = dep_sync_file(fd, d, sync_fd);
		close(sync_fd);
		if (ret)
			return accel_set_reason(ret, "vaccel: wait_points[%u] as a syncobj: %s",
						i, strerror(-ret));
		return 0;
	}
	if (sync_fd != -EOPNOTSUPP)
		return accel_set_reason(sync_fd, "vaccel: wait_points[%u] (seqno %llu): no sync_file: %s",
					i, (unsigned long long)p->seqno, strerror(-sync_fd));
	/* its driver makes no sync_file (soft): the CPU waits */
	ret = accel_fence_point_wait(p, ACCEL_DEADLINE_NEVER);
	if (ret)
		return accel_set_reason(ret == -ENOTRECOVERABLE ? -EIO : ret,
					"vaccel: wait_points[%u] (seqno %llu) failed: %s", i,
					(unsigned long long)p->seqno, strerror(-ret));
	return 0;
}

static void deps_fini(int fd, struct deps *d)
{
	uint32_t i;

	for (i = 0; i < d->ntmp; i++)
		accel_drm_syncobj_destroy(fd, d->tmp[i]);
}

static int deps_init(struct accel_queue *queue, const struct accel_submit *s,
		     struct deps *d)
{
	uint32_t nfences = 0, npoints = 0, i;
	int ret;

	if (s->comp_mask & ACCEL_SUBMIT_IN_FENCE)
		nfences = s->num_in_fences;
	if (s->comp_mask & ACCEL_SUBMIT_WAIT)
		npoints = s->num_wait_points;
	if (nfences > DRM_VACCEL_MAX_SYNCS - npoints || npoints > DRM_VACCEL_MAX_SYNCS)
		return accel_set_reason(-EINVAL, "vaccel: %u in-fences and %u wait points: SUBMIT takes %u in all",
					nfences, npoints, DRM_VACCEL_MAX_SYNCS);
	for (i = 0; i < nfences; i++) {
		ret = dep_sync_file(queue->ctx->fd, d, s->in_fence_fds[i]);
		if (ret)
			return accel_set_reason(ret, "vaccel: in_fence_fds[%u] (%d): SYNCOBJ_FD_TO_HANDLE: %s%s",
						i, s->in_fence_fds[i], strerror(-ret),
						ret == -EINVAL ? " (not a sync_file)" : "");
	}
	for (i = 0; i < npoints; i++) {
		ret = dep_point(queue, d, i, &s->wait_points[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The BO list, one entry per GEM handle (two BOs can share one, see
 * accel_gem.h, and a submission may name a BO twice): accesses merge.
 */
static int bo_list(const struct accel_submit *s, struct drm_vaccel_submit_bo **out,
		   uint32_t *count)
{
	struct drm_vaccel_submit_bo *bos;
	uint32_t n = 0, i, j, h;

	*out = NULL;
	*count = 0;
	if (!s->num_bos)
		return 0;
	bos = calloc(s->num_bos, sizeof(*bos));
	if (!bos)
		return -ENOMEM;
	for (i = 0; i < s->num_bos; i++) {
		if (s->bos[i].slot) {
			free(bos);
			return accel_set_reason(-EINVAL, "vaccel: bos[%u]: slot %u (vaccel has no slots: 0)",
						i, s->bos[i].slot);
		}
		h = to_vaccel_bo(s->bos[i].bo)->handle;
		for (j = 0; j < n && bos[j].handle != h; j++)
			;
		if (j == n)
			bos[n++].handle = h;
		if (s->bos[i].access & ACCEL_ACCESS_READ)
			bos[j].flags |= DRM_VACCEL_BO_READ;
		if (s->bos[i].access & ACCEL_ACCESS_WRITE)
			bos[j].flags |= DRM_VACCEL_BO_WRITE;
	}
	if (n > DRM_VACCEL_MAX_BOS) {
		free(bos);
		return accel_set_reason(-EINVAL, "vaccel: %u BOs: SUBMIT takes %u", n,
					DRM_VACCEL_MAX_BOS);
	}
	*out = bos;
	*count = n;
	return 0;
}

static int check_cmd(const struct accel_submit *s)
{
	if (!s->cmd_bo)
		return accel_set_reason(-EINVAL, "vaccel: a job is a command stream: cmd_bo is required");
	if (s->cmd_offset % 8 || s->cmd_size % 8 || !s->cmd_size ||
	    s->cmd_size > DRM_VACCEL_MAX_CMD_SIZE)
		return accel_set_reason(-EINVAL, "vaccel: commands at offset %llu, %llu bytes: both multiples of 8, from 8 to %u bytes",
					(unsigned long long)s->cmd_offset,
					(unsigned long long)s->cmd_size, DRM_VACCEL_MAX_CMD_SIZE);
	if (s->ext)
		return accel_set_reason(-EINVAL, "vaccel takes no submit extensions");
	return 0;
}

int vaccel_submit(struct accel_queue *queue, const struct accel_submit *s,
		  struct accel_job *job)
{
	struct vaccel_queue *q = to_vaccel_queue(queue);
	struct drm_vaccel_sync out = { .handle = q->syncobj, .point = job->seqno };
	struct drm_vaccel_submit sub = { 0 };
	struct drm_vaccel_submit_bo *bos;
	struct deps d = { .n = 0 };
	int fd = queue->ctx->fd, ret;

	ret = check_cmd(s);
	if (ret)
		return ret;
	ret = bo_list(s, &bos, &sub.bo_count);
	if (ret)
		return ret;
	ret = deps_init(queue, s, &d);
	if (ret)
		goto out;
	sub.cmd_handle = to_vaccel_bo(s->cmd_bo)->handle;
	sub.engine = q->engine;
	sub.cmd_offset = s->cmd_offset;
	sub.cmd_size = (uint32_t)s->cmd_size;
	sub.bos = (uintptr_t)bos;
	sub.in_sync_count = d.n;
	sub.in_syncs = (uintptr_t)d.in;
	/* seqnos grow by one per accepted job: points above the last one */
	sub.out_sync_count = 1;
	sub.out_syncs = (uintptr_t)&out;
	ret = accel_ioctl(fd, DRM_IOCTL_VACCEL_SUBMIT, &sub);
	if (ret == -ENODEV)
		ret = accel_set_reason(-ENOTRECOVERABLE, "vaccel: the device is gone (ENODEV): close the context");
	else if (ret)
		accel_set_reason(ret, "vaccel: SUBMIT on engine %u: %s", q->engine,
				 strerror(-ret));
	else
		job->kernel_seq = job->seqno;
out:
	deps_fini(fd, &d);
	free(bos);
	return ret;
}

/* What a failed job's fence error means (vaccel_accel.h, "Job status") */
static const char *job_error_str(int err)
{
	switch (err) {
	case -EINVAL:
		return "the command stream breaks the format";
	case -EFAULT:
		return "a command touched memory outside the job's BOs, or a BO in a way its listed access does not allow";
	case -ETIME:
		return "timed out (a WAIT_VALUE's timeout_ns, or the scheduler's job timeout)";
	case -ECANCELED:
		return "cancelled: the device was unplugged, or a dependency failed and it did not run";
	case -ESRCH:
		return "dropped: its file was closed before it started";
	default:
		return strerror(-err);
	}
}

/* the signalled point's fence error: 0 or -errno of the reading */
static int point_status(int fd, uint32_t syncobj, uint64_t point, int *status)
{
	int sync_fd, ret;

	ret = accel_drm_syncobj_timeline_export_sync_file(fd, syncobj, point, 0, &sync_fd);
	if (ret)
		return ret;
	ret = accel_sync_file_status(sync_fd, status);
	close(sync_fd);
	return ret;
}

int vaccel_fence_wait(struct accel_queue *queue, struct accel_job *job,
		      int64_t abs_deadline_ns)
{
	struct vaccel_queue *q = to_vaccel_queue(queue);
	int fd = queue->ctx->fd, status = 1, ret;

	ret = accel_drm_syncobj_timeline_wait(fd, &q->syncobj, &job->kernel_seq, 1,
					      abs_deadline_ns, 0, NULL);
	if (!ret)
		ret = point_status(fd, q->syncobj, job->kernel_seq, &status);
	if (ret == -ETIMEDOUT)
		return ret;
	if (ret == -ENODEV)
		return accel_job_fail(job, -ENOTRECOVERABLE, -ENODEV, 0,
				      "vaccel: the device is gone (unplugged): close the context");
	if (ret)
		return accel_set_reason(ret, "vaccel: waiting for seqno %llu: %s",
					(unsigned long long)job->seqno, strerror(-ret));
	if (status < 0)
		return accel_job_fail(job, -EIO, status, 0, "vaccel: engine %u: %s",
				      q->engine, job_error_str(status));
	return 0;
}

int vaccel_fence_export_sync_file(struct accel_queue *queue, struct accel_job *job)
{
	struct vaccel_queue *q = to_vaccel_queue(queue);
	int fd = queue->ctx->fd, sync_fd = -1, ret;

	if (job)
		ret = accel_drm_syncobj_timeline_export_sync_file(fd, q->syncobj,
								  job->kernel_seq, 0,
								  &sync_fd);
	else	/* retired: done, so any signalled fence says it */
		ret = accel_drm_syncobj_signalled_sync_file(fd, &sync_fd);
	if (ret)
		return accel_set_reason(ret, "vaccel: a sync_file for seqno %llu: %s",
					job ? (unsigned long long)job->seqno : 0ULL,
					strerror(-ret));
	return sync_fd;
}
