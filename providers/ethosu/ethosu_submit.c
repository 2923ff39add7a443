// SPDX-License-Identifier: MIT
/*
 * ethosu provider: submission and completion.
 *
 * One accel_submit() is one DRM_IOCTL_ETHOSU_SUBMIT of one job: cmd_bo is
 * the command stream BO (the whole stream runs: cmd_offset 0), every
 * accel_bo_ref binds its BO to region slot (0..7), and an ethosudv
 * extension gives sram_size. The kernel's own refusals
 * (ethosu_ioctl_submit_job()) are checked here first where userspace can
 * know them, so they come with a reason: region 2 and SRAM together, more
 * SRAM than the NPU has, a region bound twice, a BO in two regions
 * (drm_gem_lock_reservations(): EALREADY). The regions the stream uses
 * without a BO, and region sizes, stay the kernel's checks (EINVAL,
 * ENOENT, EOVERFLOW).
 *
 * An ethosudv_submit_jobs extension makes it a SUBMIT of several jobs:
 * ethosu_jobs.c.
 *
 * Completion: the job's fence goes on the BOs of the stream's output
 * regions only; BO_WAIT (absolute deadline) on one of them waits for it.
 * The file's jobs run in order (one entity, one NPU). A job with no output
 * region bound to a BO has nothing to wait on and is refused (EINVAL).
 * The kernel tells no job status: a wait never answers -EIO. Sync_files
 * in and out: ethosu_fence.c.
 */
#include <errno.h>
#include <string.h>

#include "ethosu.h"

/* at most one extension of each kind, and not both */
static int find_ext(const struct accel_submit *s, uint32_t *sram_size,
		    const struct ethosudv_submit_jobs **jobs)
{
	const struct ethosudv_submit_sram *sram = NULL;
	const struct accel_submit_ext *x;

	*sram_size = 0;
	*jobs = NULL;
	for (x = s->ext; x; x = x->next) {
		if (x->type == ETHOSUDV_SUBMIT_EXT_SRAM && !sram && !*jobs) {
			sram = (const void *)x;
			if (x->size < sizeof(*sram) || sram->reserved)
				return accel_set_reason(-EINVAL,
							"ethosu: ethosudv_submit_sram: size %u < %zu or reserved not 0",
							x->size, sizeof(*sram));
			*sram_size = sram->sram_size;
		} else if (x->type == ETHOSUDV_SUBMIT_EXT_JOBS && !sram && !*jobs) {
			*jobs = (const void *)x;
			if (x->size < sizeof(**jobs) || (*jobs)->reserved)
				return accel_set_reason(-EINVAL,
							"ethosu: ethosudv_submit_jobs: size %u < %zu or reserved not 0",
							x->size, sizeof(**jobs));
		} else {
			return accel_set_reason(-EINVAL,
						"ethosu: submit extension 0x%x is not one of ethosudv.h's, or a second one (ethosudv_submit_jobs carries each job's sram_size)",
						x->type);
		}
	}
	return 0;
}

int ethosu_submit_ioctl(struct accel_context *ctx, const struct drm_ethosu_job *kj,
			uint32_t count)
{
	struct drm_ethosu_submit args;
	int ret;

	memset(&args, 0, sizeof(args));
	args.jobs = (uintptr_t)kj;
	args.job_count = count;
	ret = accel_ioctl(ctx->fd, DRM_IOCTL_ETHOSU_SUBMIT, &args);
	switch (ret) {
	case 0:
		return 0;
	case -EOVERFLOW:
		return accel_set_reason(ret,
					"ethosu: SUBMIT: the stream reaches past the end of a region's BO");
	case -ENOENT:
		return accel_set_reason(ret,
					"ethosu: SUBMIT: the stream uses a region bound to no BO");
	case -EINVAL:
		return accel_set_reason(ret,
					"ethosu: SUBMIT: refused (a BO bound to a region the stream does not use, or SRAM use past sram_size)");
	default:
		return accel_set_reason(ret, "ethosu: SUBMIT: %s", strerror(-ret));
	}
}

int ethosu_submit(struct accel_queue *queue, const struct accel_submit *s,
		  struct accel_job *job)
{
	struct ethosu_context *ec = to_ethosu_ctx(queue->ctx);
	const struct ethosudv_submit_jobs *jobs;
	struct drm_ethosu_job kj;
	const struct ethosu_bo *cmd;
	uint32_t i, k, wait = 0;
	int ret;

	memset(&kj, 0, sizeof(kj));
	ret = find_ext(s, &kj.sram_size, &jobs);
	if (ret)
		return ret;
	if (jobs)
		return ethosu_submit_jobs(queue, s, jobs, job);
	if (!s->cmd_bo || !to_ethosu_bo(s->cmd_bo)->cmdstream)
		return accel_set_reason(-EINVAL,
					"ethosu: cmd_bo must be a command stream BO (domain cmdstream, usage COMMAND)");
	if (s->cmd_offset)
		return accel_set_reason(-EINVAL,
					"ethosu: cmd_offset %llu: the whole command stream runs (0)",
					(unsigned long long)s->cmd_offset);
	cmd = to_ethosu_bo(s->cmd_bo);
	if (kj.sram_size > ec->npu.sram_size)
		return accel_set_reason(-EINVAL, "ethosu: sram_size %u: the NPU has %u bytes of SRAM",
					kj.sram_size, ec->npu.sram_size);
	kj.cmd_bo = cmd->handle;
	for (i = 0; i < s->num_bos; i++) {
		const struct accel_bo_ref *r = &s->bos[i];
		const struct ethosu_bo *bo = to_ethosu_bo(r->bo);

		if (r->slot >= ETHOSU_MAX_REGIONS)
			return accel_set_reason(-EINVAL, "ethosu: bos[%u]: region %u (0..%u)",
						i, r->slot, ETHOSU_MAX_REGIONS - 1);
		if (bo->cmdstream)
			return accel_set_reason(-EINVAL,
						"ethosu: bos[%u]: a command stream BO cannot be a region",
						i);
		if (kj.region_bo_handles[r->slot])
			return accel_set_reason(-EINVAL, "ethosu: bos[%u]: region %u is bound twice",
						i, r->slot);
		if (r->slot == ETHOSU_SRAM_REGION && kj.sram_size)
			return accel_set_reason(-EINVAL,
						"ethosu: bos[%u]: region 2 is the SRAM when sram_size is not 0",
						i);
		for (k = 0; k < ETHOSU_MAX_REGIONS; k++)
			if (kj.region_bo_handles[k] == bo->handle)
				return accel_set_reason(-EINVAL,
							"ethosu: bos[%u]: the BO is already region %u (one BO, one region)",
							i, k);
		kj.region_bo_handles[r->slot] = bo->handle;
		if ((cmd->outputs & (1u << r->slot)) && !wait)
			wait = bo->handle;
	}
	if (!wait)
		return accel_set_reason(-EINVAL,
					"ethosu: no BO is bound to a region the stream writes (output regions 0x%02x): the kernel fences only those, so there is nothing to wait on",
					cmd->outputs);
	ret = ethosu_import_in_fences(queue->ctx, wait, s);
	if (ret)
		return ret;
	ret = ethosu_submit_ioctl(queue->ctx, &kj, 1);
	if (ret)
		return ret;
	job->kernel_seq = wait;
	return 0;
}

int ethosu_fence_wait(struct accel_queue *queue, struct accel_job *job,
		      int64_t abs_deadline_ns)
{
	struct drm_ethosu_bo_wait w = {
		.handle = (uint32_t)job->kernel_seq,
		.timeout_ns = abs_deadline_ns,
	};
	int ret = accel_ioctl(queue->ctx->fd, DRM_IOCTL_ETHOSU_BO_WAIT, &w);

	/* drm_gem_dma_resv_wait(): ETIME at the deadline */
	if (ret == -ETIME || ret == -ETIMEDOUT)
		return accel_set_reason(-ETIMEDOUT,
					"ethosu: submission %llu still running at the deadline",
					(unsigned long long)job->seqno);
	if (ret)
		return accel_set_reason(ret, "ethosu: BO_WAIT on output BO %u: %s", w.handle,
					strerror(-ret));
	return 0;
}
