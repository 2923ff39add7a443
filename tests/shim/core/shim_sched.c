// SPDX-License-Identifier: MIT
/* The DRM scheduler as the rocket and ethosu backends need it: see shim_sched.h. */
#include <errno.h>
#include <time.h>

#include "shim.h"
#include "shim_gem.h"
#include "shim_sched.h"

static void sleep_until(struct shim_sched *s, int64_t abs_ns)
{
	struct timespec ts = { abs_ns / 1000000000, abs_ns % 1000000000 };

	while (shim_now_ns() < abs_ns &&
	       pthread_cond_timedwait(&s->cond, &shim_lock, &ts) != ETIMEDOUT)
		;
}

static void *worker(void *arg)
{
	struct shim_sched *s = arg;

	pthread_mutex_lock(&shim_lock);
	for (;;) {
		struct shim_sched_job *j = s->head;
		uint32_t i;

		if (!j || s->held) {
			pthread_cond_wait(&s->cond, &shim_lock);
			continue;
		}
		/* drm_sched: the job runs once its dependencies signalled */
		for (i = 0; i < j->ndeps; i++)
			shim_fence_wait(j->deps[i], INT64_MAX);
		sleep_until(s, shim_now_ns() + (int64_t)s->delay_ns);
		if (s->held)
			continue;
		s->run(j);
		s->head = j->next;
		if (!s->head)
			s->tail = &s->head;
		shim_fence_signal(j->fence, 0);
		s->free(j);
	}
	return NULL;
}

int shim_sched_start(struct shim_sched *s)
{
	pthread_condattr_t ca;
	pthread_t t;
	int ret;

	if (s->started)
		return 0;
	s->head = NULL;
	s->tail = &s->head;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);
	ret = pthread_create(&t, NULL, worker, s);
	if (ret)
		return -ret;
	pthread_detach(t);
	s->started = true;
	return 0;
}

void shim_sched_push(struct shim_sched *s, struct shim_sched_job *job)
{
	job->next = NULL;
	*s->tail = job;
	s->tail = &job->next;
	pthread_cond_broadcast(&s->cond);
}

void shim_sched_hold(struct shim_sched *s, bool hold)
{
	shim_init();
	pthread_mutex_lock(&shim_lock);
	s->held = hold;
	if (s->started)
		pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&shim_lock);
}

void shim_sched_set_delay(struct shim_sched *s, uint64_t ns)
{
	shim_init();
	pthread_mutex_lock(&shim_lock);
	s->delay_ns = ns;
	pthread_mutex_unlock(&shim_lock);
}
