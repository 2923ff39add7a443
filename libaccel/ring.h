/* SPDX-License-Identifier: MIT */
/*
 * The per-queue submission ring: every submission from accel_submit()
 * until it retires, in seqno order, with the references it holds.
 */
#ifndef ACCEL_RING_H
#define ACCEL_RING_H

#include "accel_internal.h"

struct accel_job_rec {
	struct accel_job job;		/* the provider's view */
	struct accel_job_rec *next;	/* in the ring, or the free cache */
	uint32_t state;			/* enum accel_job_state */
	uint32_t pins;			/* threads in fence_wait on it */
	struct accel_bo_ref *bos;	/* references held until retirement */
	uint32_t nbos, bos_cap;
	struct accel_queue **deps;	/* queues of its wait points, held */
	uint32_t ndeps, deps_cap;
};

/* What is remembered of a failed job once it has retired */
struct accel_failure {
	uint64_t seqno;
	int32_t error;
	int32_t device_error;
	uint64_t provider_status;
	char reason[128];
};

#define ACCEL_RING_FAILURES 64

struct accel_ring {
	pthread_mutex_t submit_lock;	/* one submission at a time: seqno order */
	pthread_mutex_t lock;		/* everything below */
	pthread_cond_t done;		/* a job completed (waiter thread, teardown) */
	/*
	 * accel_wait() sleeps on this futex word, bumped on every completion:
	 * a condvar would leave ring->lock marked contended after each wait,
	 * one more system call per round trip.
	 */
	atomic_uint done_gen;
	/*
	 * The lowest seqno a thread sleeping on done_gen waits for
	 * (UINT64_MAX: none): a completion below it wakes nobody, so a
	 * waiter for the last of a batch is not woken by every job of it.
	 */
	_Atomic uint64_t wake_at;
	uint64_t last;			/* last seqno handed out */
	struct accel_job_rec *head, *tail; /* unretired jobs, by seqno */
	uint32_t nflight;
	struct accel_job_rec *cache;	/* retired records for reuse */
	uint32_t ncache;
	size_t cache_bytes;		/* what the cached records keep allocated */
	struct accel_failure fails[ACCEL_RING_FAILURES];
	uint32_t nfails;		/* total ever; index = n % size */
	int efd;			/* the queue fd, -1 until asked for */
	pthread_t waiter;		/* makes kernel waits pollable */
	bool waiter_running;
	bool stopping;			/* the queue is going away */
	bool shut_down;			/* queue_shutdown has been called */
};

int accel_ring_create(struct accel_queue *q);
/* wait for and retire every job of a kernel backend */
void accel_ring_quiesce(struct accel_queue *q);
/* at release: stop the waiter thread, then quiesce */
void accel_ring_drain(struct accel_queue *q);
void accel_ring_free(struct accel_ring *ring);

/* a job record with room for n BOs and d dependencies, or NULL */
struct accel_job_rec *accel_ring_job_get(struct accel_ring *ring, uint32_t n,
					 uint32_t d);
/* a record that never reached the provider: drop its references */
void accel_ring_job_abandon(struct accel_ring *ring, struct accel_job_rec *rec);
/* into the ring, pinned, before the provider sees it */
void accel_ring_push(struct accel_ring *ring, struct accel_job_rec *rec);
/* the provider took it: its seqno counts as submitted */
void accel_ring_commit(struct accel_queue *q, struct accel_job_rec *rec);
/* the provider refused it */
void accel_ring_unpush(struct accel_ring *ring, struct accel_job_rec *rec);

/* the core's wait: 0, -ETIMEDOUT, -EIO, -ENOTRECOVERABLE, -EINVAL */
int accel_ring_wait(struct accel_queue *q, uint64_t seqno, int64_t abs_deadline_ns);
/* poll jobs from the oldest on; used before a submit, status and completed */
void accel_ring_poll(struct accel_queue *q);
int accel_ring_status(struct accel_queue *q, uint64_t seqno,
		      struct accel_job_status *st);
int accel_ring_completed(struct accel_queue *q, uint64_t *seqno);
int accel_ring_export(struct accel_queue *q, uint64_t seqno);
int accel_ring_get_fd(struct accel_queue *q);
/*
 * Wait for the jobs of q that use bo in a way that conflicts with CPU
 * access: those that write it for a READ, all of them for a WRITE.
 */
int accel_ring_wait_bo(struct accel_queue *q, const struct accel_bo *bo,
		       uint32_t access, int64_t abs_deadline_ns);

#endif
