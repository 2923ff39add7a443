// SPDX-License-Identifier: MIT
/*
 * ethosu provider: sync_files out and in, through implicit sync.
 *
 * Out: a job's fence sits on its output region BOs as a WRITE fence, so
 * such a BO's dma-buf hands it out with DMA_BUF_IOCTL_EXPORT_SYNC_FILE
 * (READ: the writers). The sync_file covers every writer of that BO at
 * export time, so it may signal later than the job, never earlier. A
 * retired job gets the stub fence of an idle scratch BO (signalled).
 *
 * In: the kernel takes implicit dependencies on a job's region BOs
 * (drm_sched_job_add_implicit_dependencies()), so a sync_file imported as
 * a WRITE fence (DMA_BUF_IOCTL_IMPORT_SYNC_FILE) into the output region
 * BO the job is waited on by holds it back without a CPU wait. The fence
 * stays on that BO until it signals: CPU access and other jobs touching
 * the BO wait for it too.
 */
#include <errno.h>
#include <string.h>

#include "ethosu.h"

/* an idle BO of the context, made once, for retired jobs' sync_files */
static int scratch_handle(struct ethosu_context *ec, uint32_t *handle)
{
	struct drm_ethosu_bo_create c = { .size = ec->page_size };
	int ret = 0;

	pthread_mutex_lock(&ec->lock);
	if (!ec->scratch) {
		ret = accel_ioctl(ec->base.fd, DRM_IOCTL_ETHOSU_BO_CREATE, &c);
		if (!ret)
			ec->scratch = c.handle;
	}
	*handle = ec->scratch;
	pthread_mutex_unlock(&ec->lock);
	return ret;
}

int ethosu_fence_export_sync_file(struct accel_queue *queue, struct accel_job *job)
{
	struct ethosu_context *ec = to_ethosu_ctx(queue->ctx);
	uint32_t handle;
	int ret;

	if (job) {
		handle = (uint32_t)job->kernel_seq;
	} else {
		ret = scratch_handle(ec, &handle);
		if (ret)
			return accel_set_reason(ret, "ethosu: a BO for a signalled sync_file: %s",
						strerror(-ret));
	}
	return accel_gem_export_write_fence(queue->ctx->fd, handle);
}

int ethosu_import_in_fences(struct accel_context *ctx, uint32_t handle,
			    const struct accel_submit *s)
{
	if (!(s->comp_mask & ACCEL_SUBMIT_IN_FENCE))
		return 0;
	return accel_gem_import_fences(ctx->fd, handle, s->in_fence_fds,
				       s->num_in_fences);
}
