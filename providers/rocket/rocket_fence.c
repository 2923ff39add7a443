// SPDX-License-Identifier: MIT
/*
 * rocket provider: sync_files out and in, through implicit sync.
 *
 * Out: a job's fence sits on its out BOs as a WRITE fence, so the BO's
 * dma-buf hands it out with DMA_BUF_IOCTL_EXPORT_SYNC_FILE (READ: the
 * writers). The sync_file covers every writer of that BO at export time,
 * so it may signal later than the job, never earlier. A retired job gets
 * the stub fence of an idle scratch BO (signalled).
 *
 * In: the kernel takes implicit dependencies on a job's in and out BOs
 * (drm_sched_job_add_implicit_dependencies()), so a sync_file imported
 * into the first BO of the first job as a WRITE fence
 * (DMA_BUF_IOCTL_IMPORT_SYNC_FILE) holds the submission back without a
 * CPU wait. The fence stays on that BO until it signals: CPU prep and
 * other jobs touching the BO wait for it too.
 */
#include <errno.h>
#include <string.h>

#include "rocket.h"

/* an idle BO of the context, made once, for retired jobs' sync_files */
static int scratch_handle(struct rocket_context *rc, uint32_t *handle)
{
	struct drm_rocket_create_bo c = { .size = (uint32_t)rc->page_size };
	int ret = 0;

	pthread_mutex_lock(&rc->lock);
	if (!rc->scratch) {
		ret = accel_ioctl(rc->base.fd, DRM_IOCTL_ROCKET_CREATE_BO, &c);
		if (!ret)
			rc->scratch = c.handle;
	}
	*handle = rc->scratch;
	pthread_mutex_unlock(&rc->lock);
	return ret;
}

int rocket_fence_export_sync_file(struct accel_queue *queue, struct accel_job *job)
{
	struct rocket_context *rc = to_rocket_ctx(queue->ctx);
	uint32_t handle;
	int ret;

	if (job) {
		handle = (uint32_t)job->kernel_seq;
	} else {
		ret = scratch_handle(rc, &handle);
		if (ret)
			return accel_set_reason(ret, "rocket: a BO for a signalled sync_file: %s",
						strerror(-ret));
	}
	return accel_gem_export_write_fence(queue->ctx->fd, handle);
}

int rocket_import_in_fences(struct accel_context *ctx, uint32_t handle,
			    const struct accel_submit *s)
{
	if (!(s->comp_mask & ACCEL_SUBMIT_IN_FENCE))
		return 0;
	return accel_gem_import_fences(ctx->fd, handle, s->in_fence_fds,
				       s->num_in_fences);
}
