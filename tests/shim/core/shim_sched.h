/* SPDX-License-Identifier: MIT */
/*
 * An in-order job queue for backends on the DRM scheduler (rocket,
 * ethosu): one entity, jobs run first-in first-out once their
 * dependencies signalled, after an emulated run time, unless a test holds
 * the queue. Everything runs under shim_lock; the worker starts with the
 * first job.
 */
#ifndef SHIM_SCHED_H
#define SHIM_SCHED_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct shim_fence;

/* the first member of a backend's job */
struct shim_sched_job {
	struct shim_sched_job *next;
	struct shim_fence **deps;	/* waited for before the job runs */
	uint32_t ndeps;
	struct shim_fence *fence;	/* signalled when it has run */
};

struct shim_sched {
	/* executes the job (under shim_lock), then the core signals and frees */
	void (*run)(struct shim_sched_job *job);
	void (*free)(struct shim_sched_job *job);
	uint64_t delay_ns;		/* emulated run time of each job */
	/* below: the core's */
	struct shim_sched_job *head, **tail;
	pthread_cond_t cond;
	bool started, held;
};

/* start the worker before fences go out (shim_lock held); 0 or -errno */
int shim_sched_start(struct shim_sched *s);
/* queue a job on a started scheduler (shim_lock held) */
void shim_sched_push(struct shim_sched *s, struct shim_sched_job *job);
/* test controls; take shim_lock themselves */
void shim_sched_hold(struct shim_sched *s, bool hold);
void shim_sched_set_delay(struct shim_sched *s, uint64_t ns);

#endif
