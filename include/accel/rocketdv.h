/* SPDX-License-Identifier: MIT */
/*
 * rocketdv.h - direct extensions of the rocket provider (Rockchip RK3588
 * NPU, kernel driver "rocket"). Header only: the extensions are chained to
 * struct accel_submit, so accel_submit() keeps doing the validation, the
 * BO references and the completion bookkeeping. See rocketdv(3).
 *
 * What the generic API cannot say for rocket:
 * - work is tasks: register command buffers named by their NPU address
 *   (a BO's accel_bo_device_addr() plus an offset) and a count of 64-bit
 *   register commands, run in order on one NPU core;
 * - one SUBMIT carries several jobs, each with its own tasks and its own
 *   in (read) and out (written) BO lists.
 *
 * In and out: the kernel adds a job's fence to its out BOs only, and a job
 * waits for the earlier writers of its in BOs and for every earlier user
 * of its out BOs. A BO reference with WRITE access (or ROCKETDV_SLOT_OUT)
 * goes to the out list, one with READ access alone to the in list.
 * Completion is waited for on an out BO, so the last job of a submission
 * needs one (a job that writes nothing can name an input ROCKETDV_SLOT_OUT).
 */
#ifndef ACCEL_ROCKETDV_H
#define ACCEL_ROCKETDV_H

#include <stdint.h>
#include <string.h>

#include <accel/accel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* accel_bo_ref.slot: put a READ-only BO in the out list (it gets the fence) */
#define ROCKETDV_SLOT_OUT 1u

/* one task: struct drm_rocket_task */
struct rocketdv_task {
	uint32_t regcmd;	/* NPU address of the register commands */
	uint32_t regcmd_count;	/* 64-bit commands there, > 0 */
};

/* accel_submit_ext.type of struct rocketdv_submit_tasks ("RKTS") */
#define ROCKETDV_SUBMIT_EXT_TASKS 0x524b5453u
/* accel_submit_ext.type of struct rocketdv_submit_jobs ("RKJB") */
#define ROCKETDV_SUBMIT_EXT_JOBS 0x524b4a42u

/*
 * One job of tasks instead of cmd_bo (which must be NULL): its in and out
 * lists are accel_submit.bos. The BOs holding the register commands must
 * be among them, so that they stay alive until the job retires.
 */
struct rocketdv_submit_tasks {
	struct accel_submit_ext ext;	/* type ROCKETDV_SUBMIT_EXT_TASKS */
	const struct rocketdv_task *tasks;
	uint32_t num_tasks;		/* 1.. */
	uint32_t reserved;		/* 0 */
};

/* one job of a multi-job submission */
struct rocketdv_job {
	const struct rocketdv_task *tasks;
	uint32_t num_tasks;		/* 1.. */
	uint32_t num_bo_refs;
	/* indexes into accel_submit.bos: this job's in and out BOs */
	const uint32_t *bo_refs;
};

/*
 * Several jobs in one SUBMIT, cmd_bo NULL. accel_submit.bos lists every
 * BO of every job; each job names its own by index. Jobs run in order
 * (one scheduler entity per file); the submission completes with its last
 * job, which needs an out BO.
 */
struct rocketdv_submit_jobs {
	struct accel_submit_ext ext;	/* type ROCKETDV_SUBMIT_EXT_JOBS */
	const struct rocketdv_job *jobs;
	uint32_t num_jobs;		/* 1..ROCKETDV_MAX_JOBS */
	uint32_t reserved;		/* 0 */
};

/* jobs per submission the provider takes (its own bound, not the kernel's) */
#define ROCKETDV_MAX_JOBS 256u

/*
 * Submit one job of num_tasks tasks on queue, touching bos (in and out as
 * above). Returns accel_submit()'s answer; *seqno the submission's.
 */
static inline int rocketdv_submit_tasks(struct accel_queue *queue,
					const struct rocketdv_task *tasks,
					uint32_t num_tasks,
					const struct accel_bo_ref *bos,
					uint32_t num_bos, uint64_t *seqno)
{
	struct rocketdv_submit_tasks x;
	struct accel_submit s;

	memset(&x, 0, sizeof(x));
	memset(&s, 0, sizeof(s));
	x.ext.type = ROCKETDV_SUBMIT_EXT_TASKS;
	x.ext.size = sizeof(x);
	x.tasks = tasks;
	x.num_tasks = num_tasks;
	s.bos = bos;
	s.num_bos = num_bos;
	s.ext = &x.ext;
	return accel_submit(queue, &s, seqno);
}

/* Submit num_jobs jobs on queue; bos holds every BO the jobs name. */
static inline int rocketdv_submit_jobs(struct accel_queue *queue,
				       const struct rocketdv_job *jobs,
				       uint32_t num_jobs,
				       const struct accel_bo_ref *bos,
				       uint32_t num_bos, uint64_t *seqno)
{
	struct rocketdv_submit_jobs x;
	struct accel_submit s;

	memset(&x, 0, sizeof(x));
	memset(&s, 0, sizeof(s));
	x.ext.type = ROCKETDV_SUBMIT_EXT_JOBS;
	x.ext.size = sizeof(x);
	x.jobs = jobs;
	x.num_jobs = num_jobs;
	s.bos = bos;
	s.num_bos = num_bos;
	s.ext = &x.ext;
	return accel_submit(queue, &s, seqno);
}

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_ROCKETDV_H */
