// SPDX-License-Identifier: MIT
/*
 * ethosu provider: a SUBMIT of several jobs (struct ethosudv_submit_jobs).
 *
 * Each ethosudv_job becomes one drm_ethosu_job of one
 * DRM_IOCTL_ETHOSU_SUBMIT. The core holds only cmd_bo and the bos list
 * until the submission retires, so every BO a job names must be in one of
 * them; bos' slots mean nothing here and must be 0.
 *
 * Order: ethosu_ioctl_submit() (ethosu_job.c) hands jobs[] to
 * ethosu_ioctl_submit_job() in array order, each pushed with
 * drm_sched_entity_push_job() on the file's one entity, a FIFO; the
 * scheduler has credit_limit 1 (ethosu_job_init()), so a job starts only
 * after the one before it finished on the NPU. A job reading a BO an
 * earlier job writes also takes that write fence as an implicit
 * dependency. Hence the submission is complete when the last job with an
 * output region bound to a BO is: the provider waits on that BO. A job
 * after it writes no memory the process can see (only SRAM, or nothing).
 *
 * The kernel stops at the first job it refuses and does not undo the jobs
 * queued before it; the reason says so. In-fences go, as WRITE fences,
 * onto a region BO of the first job, which every later job follows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ethosu.h"

/* bo is the application's handle; the submission holds objects */
static struct accel_bo *held(const struct accel_submit *s, const struct accel_bo *bo)
{
	uint32_t i;

	if (s->cmd_bo && accel_object_handle(s->cmd_bo) == bo)
		return s->cmd_bo;
	for (i = 0; i < s->num_bos; i++)
		if (accel_object_handle(s->bos[i].bo) == bo)
			return s->bos[i].bo;
	return NULL;
}

/* one job's checks, as ethosu_submit()'s; *out: an output BO or 0 */
static int job_translate(const struct ethosu_context *ec, const struct accel_submit *s,
			 uint32_t i, const struct ethosudv_job *uj,
			 struct drm_ethosu_job *kj, uint32_t *out, uint32_t *any)
{
	struct accel_bo *obj;
	const struct ethosu_bo *cmd;
	uint32_t r, k;

	*out = 0;
	*any = 0;
	if (uj->reserved)
		return accel_set_reason(-EINVAL, "ethosu: jobs[%u]: reserved is not 0", i);
	obj = uj->cmdstream ? held(s, uj->cmdstream) : NULL;
	if (!obj)
		return accel_set_reason(-EINVAL,
					"ethosu: jobs[%u]: the command stream must be the submit's cmd_bo or in its bos (the core holds only those)",
					i);
	cmd = to_ethosu_bo(obj);
	if (!cmd->cmdstream)
		return accel_set_reason(-EINVAL,
					"ethosu: jobs[%u]: cmdstream is not a command stream BO", i);
	if (uj->sram_size > ec->npu.sram_size)
		return accel_set_reason(-EINVAL,
					"ethosu: jobs[%u]: sram_size %u: the NPU has %u bytes of SRAM",
					i, uj->sram_size, ec->npu.sram_size);
	kj->cmd_bo = cmd->handle;
	kj->sram_size = uj->sram_size;
	for (r = 0; r < ETHOSU_MAX_REGIONS; r++) {
		const struct ethosu_bo *bo;

		if (!uj->regions[r])
			continue;
		obj = held(s, uj->regions[r]);
		if (!obj)
			return accel_set_reason(-EINVAL,
						"ethosu: jobs[%u]: the BO of region %u is not in the submit's bos (the core holds only those)",
						i, r);
		bo = to_ethosu_bo(obj);
		if (bo->cmdstream)
			return accel_set_reason(-EINVAL,
						"ethosu: jobs[%u]: a command stream BO cannot be region %u",
						i, r);
		if (r == ETHOSU_SRAM_REGION && uj->sram_size)
			return accel_set_reason(-EINVAL,
						"ethosu: jobs[%u]: region 2 is the SRAM when sram_size is not 0",
						i);
		for (k = 0; k < r; k++)
			if (kj->region_bo_handles[k] == bo->handle)
				return accel_set_reason(-EINVAL,
							"ethosu: jobs[%u]: region %u's BO is already region %u (one BO, one region)",
							i, r, k);
		kj->region_bo_handles[r] = bo->handle;
		if (!*any)
			*any = bo->handle;
		if ((cmd->outputs & (1u << r)) && !*out)
			*out = bo->handle;
	}
	return 0;
}

int ethosu_submit_jobs(struct accel_queue *queue, const struct accel_submit *s,
		       const struct ethosudv_submit_jobs *x, struct accel_job *job)
{
	struct ethosu_context *ec = to_ethosu_ctx(queue->ctx);
	uint32_t i, out, any, wait = 0, first = 0;
	struct drm_ethosu_job *kj;
	int ret;

	if (!x->jobs || !x->num_jobs)
		return accel_set_reason(-EINVAL, "ethosu: ethosudv_submit_jobs: no jobs");
	if (s->cmd_bo && !to_ethosu_bo(s->cmd_bo)->cmdstream)
		return accel_set_reason(-EINVAL,
					"ethosu: cmd_bo must be a command stream BO or NULL");
	if (s->cmd_offset)
		return accel_set_reason(-EINVAL,
					"ethosu: cmd_offset %llu: each job's whole command stream runs (0)",
					(unsigned long long)s->cmd_offset);
	for (i = 0; i < s->num_bos; i++)
		if (s->bos[i].slot)
			return accel_set_reason(-EINVAL,
						"ethosu: bos[%u]: slot %u: with ethosudv_submit_jobs the regions are the jobs' (slot 0)",
						i, s->bos[i].slot);
	kj = calloc(x->num_jobs, sizeof(*kj));
	if (!kj)
		return accel_set_reason(-ENOMEM, "ethosu: %u jobs", x->num_jobs);
	for (i = 0; i < x->num_jobs; i++) {
		ret = job_translate(ec, s, i, &x->jobs[i], &kj[i], &out, &any);
		if (ret)
			goto out;
		if (out)
			wait = out;
		if (!i)
			first = any;
	}
	if (!wait) {
		ret = accel_set_reason(-EINVAL,
				       "ethosu: no job binds a BO to a region its stream writes: the kernel fences only those, so there is nothing to wait on");
		goto out;
	}
	if ((s->comp_mask & ACCEL_SUBMIT_IN_FENCE) && s->num_in_fences && !first) {
		ret = accel_set_reason(-EINVAL,
				       "ethosu: in-fences need a region BO in jobs[0] to hold it back");
		goto out;
	}
	ret = ethosu_import_in_fences(queue->ctx, first, s);
	if (ret)
		goto out;
	ret = ethosu_submit_ioctl(queue->ctx, kj, x->num_jobs);
	if (ret && x->num_jobs > 1)
		accel_set_reason(ret,
				 "ethosu: SUBMIT of %u jobs: one was refused; the jobs before it are queued and run (the kernel does not undo them)",
				 x->num_jobs);
	if (!ret)
		job->kernel_seq = wait;
out:
	free(kj);
	return ret;
}
