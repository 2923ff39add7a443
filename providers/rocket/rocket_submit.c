// SPDX-License-Identifier: MIT
/*
 * rocket provider: submission and completion.
 *
 * A submission becomes one DRM_IOCTL_ROCKET_SUBMIT:
 * - accel_submit() with cmd_bo: one job of one task, the register commands
 *   at cmd_bo's NPU address + cmd_offset, cmd_size / 8 of them;
 * - ROCKETDV_SUBMIT_EXT_TASKS: one job of the given tasks;
 * - ROCKETDV_SUBMIT_EXT_JOBS: several jobs, each naming its BOs by index.
 * A BO with WRITE access (or slot ROCKETDV_SLOT_OUT) is an out BO, one
 * with READ access alone an in BO; cmd_bo is an in BO.
 *
 * rocket_ioctl_submit() copies the jobs, then submits each one and drops
 * the answer: a job the kernel refuses is lost while SUBMIT answers 0. So
 * every rule of rocket_ioctl_submit_job() that userspace can know is
 * checked here first: tasks 1.., regcmd_count > 0, no BO twice in a job
 * (drm_gem_lock_reservations() would fail with EALREADY).
 *
 * Completion: the kernel adds the job's fence to its out BOs only, and the
 * file's jobs run in order (one entity). The submission is complete when
 * its last job is: PREP_BO on an out BO of the last job waits for it (and
 * for any later writer of that BO, which only waits longer). The last job
 * must thus have an out BO. PREP_BO also syncs the BO's CPU caches, which
 * a correct program does not notice (the CPU leaves a BO alone while the
 * NPU writes it). The kernel tells no job status (a job that
 * times out is reset and its fence signalled all the same), so a wait
 * never answers -EIO. Sync_files in and out: rocket_fence.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rocket.h"

/* one kernel job being built */
struct rk_job {
	uint32_t *in, *out;	/* handles */
	uint32_t nin, nout;
	struct drm_rocket_task *tasks;
};

struct rk_submit {
	struct drm_rocket_job *kjobs;
	struct rk_job *jobs;
	uint32_t njobs;
};

static int ref_is_out(const struct accel_bo_ref *r)
{
	return (r->access & ACCEL_ACCESS_WRITE) || r->slot == ROCKETDV_SLOT_OUT;
}

/* add the BO of ref to job j, once: out wins over in */
static void add_ref(struct rk_job *j, const struct accel_bo_ref *r)
{
	uint32_t h = to_rocket_bo(r->bo)->handle, i;

	for (i = 0; i < j->nout; i++)
		if (j->out[i] == h)
			return;
	for (i = 0; i < j->nin; i++)
		if (j->in[i] == h)
			break;
	if (ref_is_out(r)) {
		if (i < j->nin)		/* was an in BO: move it */
			j->in[i] = j->in[--j->nin];
		j->out[j->nout++] = h;
	} else if (i == j->nin) {
		j->in[j->nin++] = h;
	}
}

static int check_tasks(const struct rocketdv_task *t, uint32_t n, const char *what)
{
	uint32_t i;

	if (!t || !n)
		return accel_set_reason(-EINVAL, "rocket: %s: a job needs 1 or more tasks", what);
	for (i = 0; i < n; i++)
		if (!t[i].regcmd_count)
			return accel_set_reason(-EINVAL,
						"rocket: %s: tasks[%u]: regcmd_count is 0", what, i);
	return 0;
}

static int check_refs(const struct accel_submit *s)
{
	uint32_t i;

	for (i = 0; i < s->num_bos; i++) {
		if (s->bos[i].slot > ROCKETDV_SLOT_OUT)
			return accel_set_reason(-EINVAL,
						"rocket: bos[%u]: slot %u (0, or ROCKETDV_SLOT_OUT)",
						i, s->bos[i].slot);
	}
	return 0;
}

static void free_submit(struct rk_submit *k)
{
	uint32_t i;

	for (i = 0; k->jobs && i < k->njobs; i++) {
		free(k->jobs[i].in);
		free(k->jobs[i].out);
		free(k->jobs[i].tasks);
	}
	free(k->jobs);
	free(k->kjobs);
}

static int alloc_job(struct rk_job *j, uint32_t nbos, uint32_t ntasks)
{
	j->in = calloc(nbos ? nbos : 1, sizeof(*j->in));
	j->out = calloc(nbos ? nbos : 1, sizeof(*j->out));
	j->tasks = calloc(ntasks, sizeof(*j->tasks));
	if (!j->in || !j->out || !j->tasks)
		return accel_set_reason(-ENOMEM, "rocket: no memory for a job");
	return 0;
}

static void copy_tasks(struct rk_job *j, const struct rocketdv_task *t, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		j->tasks[i].regcmd = t[i].regcmd;
		j->tasks[i].regcmd_count = t[i].regcmd_count;
	}
}

/* the generic form: cmd_bo's range is one task's register commands */
static int build_cmd(const struct accel_submit *s, struct rk_job *j)
{
	const struct accel_bo *cb = s->cmd_bo;
	struct accel_bo_ref cref = { .bo = s->cmd_bo, .access = ACCEL_ACCESS_READ };
	struct rocketdv_task t;
	uint64_t addr;
	uint32_t i;
	int ret;

	if (!cb)
		return accel_set_reason(-EINVAL,
					"rocket: no cmd_bo and no rocketdv.h extension: nothing to run");
	/* the first BO of a file may well sit at NPU address 0 */
	if (cb->imported)
		return accel_set_reason(-EINVAL,
					"rocket: cmd_bo is imported: it has no address in this file's NPU space");
	if (s->cmd_size % 8 || s->cmd_size / 8 > UINT32_MAX)
		return accel_set_reason(-EINVAL,
					"rocket: cmd_size %llu: a whole number of 64-bit register commands, fewer than 2^32",
					(unsigned long long)s->cmd_size);
	addr = cb->device_addr + s->cmd_offset;
	if (addr > UINT32_MAX)
		return accel_set_reason(-EINVAL,
					"rocket: the commands' NPU address 0x%llx does not fit drm_rocket_task.regcmd (32 bits)",
					(unsigned long long)addr);
	t.regcmd = (uint32_t)addr;
	t.regcmd_count = (uint32_t)(s->cmd_size / 8);
	ret = alloc_job(j, s->num_bos + 1, 1);
	if (ret)
		return ret;
	copy_tasks(j, &t, 1);
	for (i = 0; i < s->num_bos; i++)
		add_ref(j, &s->bos[i]);
	add_ref(j, &cref);
	return 0;
}

static int build_tasks(const struct accel_submit *s,
		       const struct rocketdv_submit_tasks *x, struct rk_job *j)
{
	uint32_t i;
	int ret;

	if (x->ext.size < sizeof(*x) || x->reserved)
		return accel_set_reason(-EINVAL,
					"rocket: rocketdv_submit_tasks: size %u < %zu or reserved not 0",
					x->ext.size, sizeof(*x));
	ret = check_tasks(x->tasks, x->num_tasks, "rocketdv_submit_tasks");
	if (!ret)
		ret = alloc_job(j, s->num_bos, x->num_tasks);
	if (ret)
		return ret;
	copy_tasks(j, x->tasks, x->num_tasks);
	for (i = 0; i < s->num_bos; i++)
		add_ref(j, &s->bos[i]);
	return 0;
}

static int build_jobs(const struct accel_submit *s,
		      const struct rocketdv_submit_jobs *x, struct rk_submit *k)
{
	char what[32];
	uint32_t i, r;
	int ret;

	if (x->ext.size < sizeof(*x) || x->reserved)
		return accel_set_reason(-EINVAL,
					"rocket: rocketdv_submit_jobs: size %u < %zu or reserved not 0",
					x->ext.size, sizeof(*x));
	if (!x->jobs || !x->num_jobs || x->num_jobs > ROCKETDV_MAX_JOBS)
		return accel_set_reason(-EINVAL, "rocket: %u jobs (1..%u, not NULL)",
					x->num_jobs, ROCKETDV_MAX_JOBS);
	k->jobs = calloc(x->num_jobs, sizeof(*k->jobs));
	if (!k->jobs)
		return accel_set_reason(-ENOMEM, "rocket: no memory for %u jobs", x->num_jobs);
	k->njobs = x->num_jobs;
	for (i = 0; i < x->num_jobs; i++) {
		const struct rocketdv_job *dj = &x->jobs[i];

		snprintf(what, sizeof(what), "jobs[%u]", i);
		ret = check_tasks(dj->tasks, dj->num_tasks, what);
		if (ret)
			return ret;
		if (dj->num_bo_refs && !dj->bo_refs)
			return accel_set_reason(-EINVAL, "rocket: %s: num_bo_refs %u with bo_refs NULL",
						what, dj->num_bo_refs);
		ret = alloc_job(&k->jobs[i], dj->num_bo_refs, dj->num_tasks);
		if (ret)
			return ret;
		copy_tasks(&k->jobs[i], dj->tasks, dj->num_tasks);
		for (r = 0; r < dj->num_bo_refs; r++) {
			if (dj->bo_refs[r] >= s->num_bos)
				return accel_set_reason(-EINVAL,
							"rocket: %s: bo_refs[%u] = %u, past the %u bos",
							what, r, dj->bo_refs[r], s->num_bos);
			add_ref(&k->jobs[i], &s->bos[dj->bo_refs[r]]);
		}
	}
	return 0;
}

static int find_ext(const struct accel_submit *s, const struct accel_submit_ext **out)
{
	const struct accel_submit_ext *x;

	*out = NULL;
	for (x = s->ext; x; x = x->next) {
		if ((x->type != ROCKETDV_SUBMIT_EXT_TASKS &&
		     x->type != ROCKETDV_SUBMIT_EXT_JOBS) || *out)
			return accel_set_reason(-EINVAL,
						"rocket: submit extension 0x%x is not one of rocketdv.h's (or a second one)",
						x->type);
		*out = x;
	}
	if (*out && s->cmd_bo)
		return accel_set_reason(-EINVAL,
					"rocket: cmd_bo with a rocketdv.h extension: name the commands as tasks");
	return 0;
}

int rocket_submit(struct accel_queue *queue, const struct accel_submit *s,
		  struct accel_job *job)
{
	const struct accel_submit_ext *x;
	struct drm_rocket_submit args;
	struct rk_submit k = { 0 };
	struct rk_job *last;
	uint32_t i;
	int ret;

	ret = find_ext(s, &x);
	if (!ret)
		ret = check_refs(s);
	if (ret)
		return ret;
	if (x && x->type == ROCKETDV_SUBMIT_EXT_JOBS) {
		ret = build_jobs(s, (const struct rocketdv_submit_jobs *)x, &k);
	} else {
		k.jobs = calloc(1, sizeof(*k.jobs));
		if (!k.jobs)
			return accel_set_reason(-ENOMEM, "rocket: no memory for a job");
		k.njobs = 1;
		ret = x ? build_tasks(s, (const struct rocketdv_submit_tasks *)x, k.jobs) :
			  build_cmd(s, k.jobs);
	}
	if (ret)
		goto out;
	last = &k.jobs[k.njobs - 1];
	if (!last->nout) {
		ret = accel_set_reason(-EINVAL,
				       "rocket: the last job has no out BO: the kernel fences out BOs only, so there is nothing to wait on (list a written BO, or one with slot ROCKETDV_SLOT_OUT)");
		goto out;
	}
	/* the first job waits for the in-fences; the rest follow it */
	if ((s->comp_mask & ACCEL_SUBMIT_IN_FENCE) && s->num_in_fences &&
	    !k.jobs[0].nout && !k.jobs[0].nin) {
		ret = accel_set_reason(-EINVAL,
				       "rocket: in-fences need a BO in the first job (they wait through its reservation)");
		goto out;
	}
	ret = rocket_import_in_fences(queue->ctx, k.jobs[0].nout ? k.jobs[0].out[0] :
				      k.jobs[0].in[0], s);
	if (ret)
		goto out;
	k.kjobs = calloc(k.njobs, sizeof(*k.kjobs));
	if (!k.kjobs) {
		ret = accel_set_reason(-ENOMEM, "rocket: no memory for %u jobs", k.njobs);
		goto out;
	}
	for (i = 0; i < k.njobs; i++) {
		struct drm_rocket_job *kj = &k.kjobs[i];
		const struct rk_job *j = &k.jobs[i];
		const struct rocketdv_job *dj = NULL;

		if (x && x->type == ROCKETDV_SUBMIT_EXT_JOBS)
			dj = &((const struct rocketdv_submit_jobs *)x)->jobs[i];
		kj->tasks = (uintptr_t)j->tasks;
		kj->task_count = dj ? dj->num_tasks :
			x ? ((const struct rocketdv_submit_tasks *)x)->num_tasks : 1;
		kj->task_struct_size = sizeof(struct drm_rocket_task);
		kj->in_bo_handles = (uintptr_t)j->in;
		kj->in_bo_handle_count = j->nin;
		kj->out_bo_handles = (uintptr_t)j->out;
		kj->out_bo_handle_count = j->nout;
	}
	memset(&args, 0, sizeof(args));
	args.jobs = (uintptr_t)k.kjobs;
	args.job_count = k.njobs;
	args.job_struct_size = sizeof(struct drm_rocket_job);
	ret = accel_ioctl(queue->ctx->fd, DRM_IOCTL_ROCKET_SUBMIT, &args);
	if (ret) {
		accel_set_reason(ret, "rocket: SUBMIT of %u jobs: %s", k.njobs, strerror(-ret));
		goto out;
	}
	/* the BO to wait on; the core holds it until the job retires */
	job->kernel_seq = last->out[0];
out:
	free_submit(&k);
	return ret;
}

int rocket_fence_wait(struct accel_queue *queue, struct accel_job *job,
		      int64_t abs_deadline_ns)
{
	uint32_t handle = (uint32_t)job->kernel_seq;
	int ret = rocket_prep_bo(queue->ctx->fd, handle, abs_deadline_ns);

	if (ret == -ETIMEDOUT)
		return accel_set_reason(ret, "rocket: submission %llu still running at the deadline",
					(unsigned long long)job->seqno);
	if (ret)
		return accel_set_reason(ret, "rocket: PREP_BO on out BO %u: %s", handle,
					strerror(-ret));
	return 0;
}
