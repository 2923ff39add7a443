// SPDX-License-Identifier: MIT
/*
 * Completion, owned by the core. Each queue numbers its submissions from
 * 1 and keeps them here until they retire; a job holds every BO it lists
 * and the queues it waits on until then, so freeing a BO that work still
 * uses is safe on every provider. A job completes in one of two ways:
 * the provider's fence_wait backend says so (a kernel object: CS
 * sequence, syncobj point, BO fence), or a userspace backend calls
 * accel_queue_signal(). A completed job retires at once unless a thread
 * is still inside fence_wait on it; the last such thread retires it.
 *
 * Retired jobs are forgotten except for the last ACCEL_RING_FAILURES
 * failures, so accel_wait() on an old seqno answers 0 unless it failed
 * recently.
 */
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ring.h"

#define RING_CACHE 256			/* retired records kept per queue */
/* ... and the bytes their arrays keep (a submission may list any number of BOs) */
#define RING_CACHE_BYTES (256u << 10)
#define RING_SLICE_NS 100000000		/* re-check teardown while waiting */

int accel_ring_create(struct accel_queue *q)
{
	struct accel_ring *ring = calloc(1, sizeof(*ring));
	pthread_condattr_t cattr;

	if (!ring)
		return -ENOMEM;
	pthread_mutex_init(&ring->submit_lock, NULL);
	pthread_mutex_init(&ring->lock, NULL);
	pthread_condattr_init(&cattr);
	pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC);
	pthread_cond_init(&ring->done, &cattr);
	pthread_condattr_destroy(&cattr);
	ring->efd = -1;
	atomic_init(&ring->wake_at, UINT64_MAX);
	q->ring = ring;
	return 0;
}

static void job_free(struct accel_job_rec *rec)
{
	free(rec->bos);
	free(rec->deps);
	free(rec);
}

static size_t rec_bytes(const struct accel_job_rec *rec)
{
	return sizeof(*rec) + (size_t)rec->bos_cap * sizeof(*rec->bos) +
	       (size_t)rec->deps_cap * sizeof(*rec->deps);
}

static bool grow(void **arr, uint32_t *cap, uint32_t n, size_t elem)
{
	void *p;

	if (*cap >= n)
		return true;
	p = realloc(*arr, (size_t)n * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = n;
	return true;
}

struct accel_job_rec *accel_ring_job_get(struct accel_ring *ring, uint32_t n,
					 uint32_t d)
{
	struct accel_job_rec *rec;

	pthread_mutex_lock(&ring->lock);
	rec = ring->cache;
	if (rec) {
		ring->cache = rec->next;
		ring->ncache--;
		ring->cache_bytes -= rec_bytes(rec);
	}
	pthread_mutex_unlock(&ring->lock);
	if (!rec) {
		rec = calloc(1, sizeof(*rec));
		if (!rec)
			return NULL;
	}
	if (!grow((void **)&rec->bos, &rec->bos_cap, n, sizeof(*rec->bos)) ||
	    !grow((void **)&rec->deps, &rec->deps_cap, d, sizeof(*rec->deps))) {
		job_free(rec);
		return NULL;
	}
	memset(&rec->job, 0, sizeof(rec->job));
	rec->next = NULL;
	rec->state = ACCEL_JOB_PENDING;
	rec->pins = 0;
	rec->nbos = rec->ndeps = 0;
	return rec;
}

static void job_drop_refs(struct accel_job_rec *rec)
{
	uint32_t i;

	for (i = 0; i < rec->nbos; i++)
		accel_bo_put(rec->bos[i].bo);
	for (i = 0; i < rec->ndeps; i++)
		accel_queue_put(rec->deps[i]);
	rec->nbos = rec->ndeps = 0;
}

/* Keep a retired record for reuse, within the count and byte budgets */
static void job_cache(struct accel_ring *ring, struct accel_job_rec *rec)
{
	size_t bytes = rec_bytes(rec);

	pthread_mutex_lock(&ring->lock);
	if (ring->ncache < RING_CACHE &&
	    ring->cache_bytes + bytes <= RING_CACHE_BYTES) {
		rec->next = ring->cache;
		ring->cache = rec;
		ring->ncache++;
		ring->cache_bytes += bytes;
		rec = NULL;
	}
	pthread_mutex_unlock(&ring->lock);
	if (rec)
		job_free(rec);
}

void accel_ring_job_abandon(struct accel_ring *ring, struct accel_job_rec *rec)
{
	job_drop_refs(rec);
	job_cache(ring, rec);
}

/*
 * The job enters the ring before the provider sees it, pinned: a
 * userspace backend may signal it before submit returns. It counts as
 * submitted (ring->last) only once the provider took it.
 */
void accel_ring_push(struct accel_ring *ring, struct accel_job_rec *rec)
{
	pthread_mutex_lock(&ring->lock);
	rec->pins = 1;
	if (ring->tail)
		ring->tail->next = rec;
	else
		ring->head = rec;
	ring->tail = rec;
	ring->nflight++;
	pthread_mutex_unlock(&ring->lock);
}

static void collect(struct accel_queue *q, struct accel_job_rec **out);
static void retire_list(struct accel_queue *q, struct accel_job_rec *list);

void accel_ring_commit(struct accel_queue *q, struct accel_job_rec *rec)
{
	struct accel_ring *ring = q->ring;
	struct accel_job_rec *done = NULL;

	pthread_mutex_lock(&ring->lock);
	ring->last = rec->job.seqno;
	rec->pins--;
	collect(q, &done);
	pthread_mutex_unlock(&ring->lock);
	retire_list(q, done);
}

/* The provider refused it: out of the ring (it is the newest), abandoned */
void accel_ring_unpush(struct accel_ring *ring, struct accel_job_rec *rec)
{
	struct accel_job_rec **pp, *prev = NULL;

	pthread_mutex_lock(&ring->lock);
	for (pp = &ring->head; *pp != rec; pp = &(*pp)->next)
		prev = *pp;
	*pp = rec->next;
	if (ring->tail == rec)
		ring->tail = prev;
	ring->nflight--;
	pthread_mutex_unlock(&ring->lock);
	accel_ring_job_abandon(ring, rec);
}

/* Called with ring->lock held */
static struct accel_job_rec *find(struct accel_ring *ring, uint64_t seqno)
{
	struct accel_job_rec *rec;

	for (rec = ring->head; rec && rec->job.seqno <= seqno; rec = rec->next)
		if (rec->job.seqno == seqno)
			return rec;
	return NULL;
}

/*
 * Called with ring->lock held: the oldest and the newest job still
 * running that the provider has taken (a job being submitted is in the
 * ring already, its kernel handle not yet filled in).
 */
static struct accel_job_rec *first_pending(struct accel_ring *ring)
{
	struct accel_job_rec *rec;

	for (rec = ring->head; rec && rec->job.seqno <= ring->last; rec = rec->next)
		if (rec->state == ACCEL_JOB_PENDING)
			return rec;
	return NULL;
}

static struct accel_job_rec *newest_pending(struct accel_ring *ring)
{
	struct accel_job_rec *rec, *found = NULL;

	for (rec = ring->head; rec && rec->job.seqno <= ring->last; rec = rec->next)
		if (rec->state == ACCEL_JOB_PENDING)
			found = rec;
	return found;
}

/*
 * Called with ring->lock held: the job is done, or failed. True when it
 * changed state: the caller then wakes the waiters with notify() once the
 * lock is dropped, so a woken waiter does not block on it at once.
 */
static bool complete(struct accel_queue *q, struct accel_job_rec *rec, int ret)
{
	struct accel_ring *ring = q->ring;
	struct accel_job_rec *r;

	if (rec->state != ACCEL_JOB_PENDING)
		return false;
	if (ret) {
		rec->state = ACCEL_JOB_FAILED;
		if (!rec->job.error)
			rec->job.error = ret;
		if (rec->job.error == -ENOTRECOVERABLE)
			atomic_store(&q->ctx->lost, true);
	} else {
		rec->state = ACCEL_JOB_DONE;
		/* in order: everything before it is done too */
		if (q->in_order)
			for (r = ring->head; r != rec; r = r->next)
				if (r->state == ACCEL_JOB_PENDING)
					r->state = ACCEL_JOB_DONE;
	}
	return true;
}

/*
 * After complete() of seqno, without ring->lock: wake the waiters if one
 * waits for seqno or an earlier job (a completion is never earlier than
 * the job it settles), and write the queue fd if someone asked for it
 * (efd read under the lock: it only goes from -1 to an fd, and is closed
 * when the ring is freed). The bump of done_gen comes before the read of
 * wake_at, as futex_sleep() publishes wake_at before comparing done_gen:
 * either the sleeper sees the new generation or this sees its seqno.
 */
static void notify(struct accel_ring *ring, int efd, uint64_t seqno)
{
	uint64_t one = 1;

	atomic_fetch_add(&ring->done_gen, 1);
	if (seqno >= atomic_load(&ring->wake_at) &&
	    atomic_exchange(&ring->wake_at, UINT64_MAX) != UINT64_MAX)
		syscall(SYS_futex, &ring->done_gen, FUTEX_WAKE_PRIVATE, INT_MAX,
			NULL, NULL, 0);
	pthread_cond_broadcast(&ring->done);
	if (efd >= 0 && write(efd, &one, sizeof(one)) < 0)
		accel_dbg("queue eventfd: %s", strerror(errno));
}

/* Called with ring->lock held */
static void remember_failure(struct accel_ring *ring, struct accel_job_rec *rec)
{
	struct accel_failure *f = &ring->fails[ring->nfails++ % ACCEL_RING_FAILURES];

	f->seqno = rec->job.seqno;
	f->error = rec->job.error;
	f->device_error = rec->job.device_error;
	f->provider_status = rec->job.provider_status;
	memcpy(f->reason, rec->job.reason, sizeof(f->reason));
}

/*
 * Take every completed, unpinned job out of the ring (with ring->lock
 * held) onto *out; the caller retires them with retire_list() unlocked,
 * since dropping a BO may call into the provider. An in-order queue
 * stops at its first pending job: what follows it is pending too (or
 * retires with it), and walking it on every completion made a batch of
 * n jobs cost n^2/2 steps.
 */
static void collect(struct accel_queue *q, struct accel_job_rec **out)
{
	struct accel_ring *ring = q->ring;
	struct accel_job_rec **pp = &ring->head, *prev = NULL, *rec;

	while ((rec = *pp)) {
		if (rec->state == ACCEL_JOB_PENDING && q->in_order)
			break;
		if (rec->state == ACCEL_JOB_PENDING || rec->pins) {
			prev = rec;
			pp = &rec->next;
			continue;
		}
		*pp = rec->next;
		if (ring->tail == rec)
			ring->tail = prev;
		ring->nflight--;
		if (rec->state == ACCEL_JOB_FAILED)
			remember_failure(ring, rec);
		rec->next = *out;
		*out = rec;
	}
}

static void retire_list(struct accel_queue *q, struct accel_job_rec *list)
{
	struct accel_job_rec *rec;

	while ((rec = list)) {
		list = rec->next;
		if (q->ctx->ops->job_retire)
			q->ctx->ops->job_retire(q, &rec->job);
		job_drop_refs(rec);
		job_cache(q->ring, rec);
	}
}

/* Called with ring->lock held: the status of a seqno no longer in the ring */
static const struct accel_failure *find_failure(struct accel_ring *ring,
						uint64_t seqno)
{
	uint32_t n = ring->nfails < ACCEL_RING_FAILURES ? ring->nfails :
							  ACCEL_RING_FAILURES;
	uint32_t i;

	for (i = 0; i < n; i++)
		if (ring->fails[i].seqno == seqno)
			return &ring->fails[i];
	return NULL;
}

/* Called with ring->lock held: 0, -EIO.. for a finished job; 1 pending */
static int finished_status(struct accel_ring *ring, uint64_t seqno)
{
	const struct accel_failure *f;
	struct accel_job_rec *rec = find(ring, seqno);

	if (rec)
		return rec->state == ACCEL_JOB_PENDING ? 1 :
		       rec->state == ACCEL_JOB_FAILED ? rec->job.error : 0;
	f = find_failure(ring, seqno);
	return f ? f->error : 0;
}

static bool ctx_closing(struct accel_context *ctx)
{
	bool closing;

	accel_lock(&ctx->lock);
	closing = ctx->closing;
	accel_unlock(&ctx->lock);
	return closing;
}

/*
 * A thread blocked on a userspace backend holds a reference, so the
 * provider hears of a destroyed queue or closed context only when it
 * leaves. So a long wait wakes now and then, and on teardown asks the
 * provider to abort what would keep it waiting.
 */
static void shutdown_once(struct accel_queue *q)
{
	struct accel_ring *ring = q->ring;
	bool first;

	pthread_mutex_lock(&ring->lock);
	first = !ring->shut_down;
	ring->shut_down = true;
	pthread_mutex_unlock(&ring->lock);
	if (first && q->ctx->ops->queue_shutdown)
		q->ctx->ops->queue_shutdown(q);
}

/*
 * Sleep until a completion at or past seqno moves done_gen from gen, or
 * the absolute deadline. Waking everyone clears wake_at: whoever still
 * waits publishes its seqno again before sleeping again.
 */
static bool futex_sleep(struct accel_ring *ring, uint64_t seqno,
			unsigned int gen, int64_t until)
{
	struct timespec ts = { until / 1000000000, until % 1000000000 };
	uint64_t cur = atomic_load(&ring->wake_at);
	long ret;

	while (seqno < cur &&
	       !atomic_compare_exchange_weak(&ring->wake_at, &cur, seqno))
		;
	/* FUTEX_WAIT_BITSET: an absolute CLOCK_MONOTONIC time, as accel_now_ns() */
	ret = syscall(SYS_futex, &ring->done_gen, FUTEX_WAIT_BITSET_PRIVATE, gen,
		      &ts, NULL, FUTEX_BITSET_MATCH_ANY);
	return ret < 0 && errno == ETIMEDOUT;
}

static bool ring_shut_down(struct accel_ring *ring)
{
	bool down;

	pthread_mutex_lock(&ring->lock);
	down = ring->shut_down;
	pthread_mutex_unlock(&ring->lock);
	return down;
}

static int wait_signalled(struct accel_queue *q, uint64_t seqno,
			  int64_t abs_deadline_ns)
{
	struct accel_ring *ring = q->ring;
	unsigned int gen;
	int64_t until;
	int ret;

	for (;;) {
		int64_t now;

		pthread_mutex_lock(&ring->lock);
		/* read before the status: a completion after it bumps it */
		gen = atomic_load(&ring->done_gen);
		ret = finished_status(ring, seqno);
		pthread_mutex_unlock(&ring->lock);
		if (ret != 1)
			break;
		now = accel_now_ns();
		if (now >= abs_deadline_ns) {
			ret = -ETIMEDOUT;
			break;
		}
		until = abs_deadline_ns - now > RING_SLICE_NS ?
				now + RING_SLICE_NS : abs_deadline_ns;
		if (futex_sleep(ring, seqno, gen, until) && until != abs_deadline_ns &&
		    !ring_shut_down(ring) && ctx_closing(q->ctx))
			shutdown_once(q);
	}
	return ret;
}

/* One fence_wait on a pinned job; 1 when it is still pending */
static int wait_backend(struct accel_queue *q, struct accel_job_rec *rec,
			int64_t abs_deadline_ns)
{
	struct accel_ring *ring = q->ring;
	struct accel_job_rec *done = NULL;
	uint64_t seqno = rec->job.seqno;
	bool woke = false;
	int efd, ret;

	ret = q->ctx->ops->fence_wait(q, &rec->job, abs_deadline_ns);
	pthread_mutex_lock(&ring->lock);
	rec->pins--;
	if (ret == 0 || ret == -EIO || ret == -ENOTRECOVERABLE)
		woke = complete(q, rec, ret);
	efd = ring->efd;
	if (rec->state == ACCEL_JOB_PENDING && ret == 0)
		ret = 1;
	else if (rec->state != ACCEL_JOB_PENDING)
		ret = rec->state == ACCEL_JOB_FAILED ? rec->job.error : 0;
	collect(q, &done);
	pthread_mutex_unlock(&ring->lock);
	if (woke)
		notify(ring, efd, seqno);
	retire_list(q, done);
	return ret;
}

int accel_ring_wait(struct accel_queue *q, uint64_t seqno, int64_t abs_deadline_ns)
{
	struct accel_ring *ring = q->ring;
	struct accel_job_rec *rec;
	int ret;

	pthread_mutex_lock(&ring->lock);
	if (seqno > ring->last) {
		pthread_mutex_unlock(&ring->lock);
		return accel_set_reason(-EINVAL, "seqno %llu was never submitted (last %llu)",
					(unsigned long long)seqno,
					(unsigned long long)ring->last);
	}
	pthread_mutex_unlock(&ring->lock);
	if (!q->ctx->ops->fence_wait)
		return wait_signalled(q, seqno, abs_deadline_ns);

	for (;;) {
		pthread_mutex_lock(&ring->lock);
		ret = finished_status(ring, seqno);
		rec = ret == 1 ? find(ring, seqno) : NULL;
		if (rec)
			rec->pins++;
		pthread_mutex_unlock(&ring->lock);
		if (!rec)
			return ret;
		ret = wait_backend(q, rec, abs_deadline_ns);
		if (ret != 1)
			break;
	}
	if (ret == -ETIMEDOUT && abs_deadline_ns)
		accel_set_reason(ret, "seqno %llu did not complete in time",
				 (unsigned long long)seqno);
	return ret;
}

/*
 * Learn what completed without blocking: the newest job first when the
 * queue is in order (one answer covers all), else from the oldest on
 * until one is still running.
 */
void accel_ring_poll(struct accel_queue *q)
{
	struct accel_ring *ring = q->ring;
	struct accel_job_rec *rec;
	bool tail_tried = !q->in_order;
	int ret;

	if (!q->ctx->ops->fence_wait)
		return;
	for (;;) {
		pthread_mutex_lock(&ring->lock);
		rec = first_pending(ring);
		if (rec && !tail_tried) {
			struct accel_job_rec *newest = newest_pending(ring);

			if (newest)
				rec = newest;
		}
		if (rec)
			rec->pins++;
		pthread_mutex_unlock(&ring->lock);
		if (!rec)
			return;
		ret = wait_backend(q, rec, 0);
		if (ret == 1 || ret == -ETIMEDOUT) {
			if (tail_tried)
				return;
			tail_tried = true;	/* the newest runs: try the oldest */
			continue;
		}
		if (ret != 0 && ret != -EIO && ret != -ENOTRECOVERABLE)
			return;	/* the backend cannot tell now */
	}
}

int accel_ring_status(struct accel_queue *q, uint64_t seqno,
		      struct accel_job_status *st)
{
	struct accel_ring *ring = q->ring;
	const struct accel_failure *f;
	struct accel_job_rec *rec;

	accel_ring_poll(q);
	pthread_mutex_lock(&ring->lock);
	if (!seqno || seqno > ring->last) {
		pthread_mutex_unlock(&ring->lock);
		return accel_set_reason(-EINVAL, "seqno %llu was never submitted",
					(unsigned long long)seqno);
	}
	rec = find(ring, seqno);
	if (rec) {
		st->state = rec->state;
		if (rec->state == ACCEL_JOB_FAILED) {
			st->error = rec->job.error;
			st->device_error = rec->job.device_error;
			st->provider_status = rec->job.provider_status;
			memcpy(st->reason, rec->job.reason, sizeof(st->reason));
		}
	} else if ((f = find_failure(ring, seqno))) {
		st->state = ACCEL_JOB_FAILED;
		st->error = f->error;
		st->device_error = f->device_error;
		st->provider_status = f->provider_status;
		memcpy(st->reason, f->reason, sizeof(st->reason));
	} else {
		st->state = ACCEL_JOB_DONE;
	}
	pthread_mutex_unlock(&ring->lock);
	if (st->state == ACCEL_JOB_FAILED && !st->reason[0])
		snprintf(st->reason, sizeof(st->reason), "%s",
			 strerror(-(st->device_error ? st->device_error : st->error)));
	return 0;
}

int accel_ring_completed(struct accel_queue *q, uint64_t *seqno)
{
	struct accel_ring *ring = q->ring;
	struct accel_job_rec *rec;

	accel_ring_poll(q);
	pthread_mutex_lock(&ring->lock);
	rec = first_pending(ring);
	*seqno = rec ? rec->job.seqno - 1 : ring->last;
	pthread_mutex_unlock(&ring->lock);
	return 0;
}

int accel_ring_export(struct accel_queue *q, uint64_t seqno)
{
	struct accel_ring *ring = q->ring;
	struct accel_job_rec *rec, *done = NULL;
	int ret;

	if (!q->ctx->ops->fence_export_sync_file)
		return accel_set_reason(-EOPNOTSUPP,
					"the %s driver cannot make a sync_file for its work",
					q->ctx->dev->driver);
	pthread_mutex_lock(&ring->lock);
	if (!seqno || seqno > ring->last) {
		pthread_mutex_unlock(&ring->lock);
		return accel_set_reason(-EINVAL, "seqno %llu was never submitted",
					(unsigned long long)seqno);
	}
	rec = find(ring, seqno);
	if (rec)
		rec->pins++;
	pthread_mutex_unlock(&ring->lock);
	ret = q->ctx->ops->fence_export_sync_file(q, rec ? &rec->job : NULL);
	if (rec) {
		pthread_mutex_lock(&ring->lock);
		rec->pins--;
		collect(q, &done);
		pthread_mutex_unlock(&ring->lock);
		retire_list(q, done);
	}
	return ret;
}

/* Userspace backends: the provider says a job is done. */
ACCEL_EXPORT void accel_queue_signal(struct accel_queue *q, uint64_t seqno,
				     int device_error, const char *reason)
{
	struct accel_ring *ring = q->ring;
	struct accel_job_rec *rec, *done = NULL;
	bool woke = false;
	int efd;

	pthread_mutex_lock(&ring->lock);
	rec = find(ring, seqno);
	if (rec && rec->state == ACCEL_JOB_PENDING) {
		if (device_error) {
			rec->job.device_error = device_error;
			snprintf(rec->job.reason, sizeof(rec->job.reason), "%s",
				 reason ? reason : strerror(-device_error));
		}
		woke = complete(q, rec, device_error ? -EIO : 0);
		collect(q, &done);
	}
	efd = ring->efd;
	pthread_mutex_unlock(&ring->lock);
	/*
	 * Retire before waking: a waiter woken first would run into the
	 * locks the retirement takes (ring, provider cache, its next submit).
	 */
	retire_list(q, done);
	if (woke)
		notify(ring, efd, seqno);
}

ACCEL_EXPORT int accel_job_fail(struct accel_job *job, int error,
				int device_error, uint64_t provider_status,
				const char *fmt, ...)
{
	va_list ap;

	job->error = error;
	job->device_error = device_error;
	job->provider_status = provider_status;
	va_start(ap, fmt);
	vsnprintf(job->reason, sizeof(job->reason), fmt, ap);
	va_end(ap);
	return error;
}

/*
 * The pollable fd of a kernel-backed queue: a thread waits on the oldest
 * running job in slices, so it notices when to stop, and writes the
 * eventfd when jobs complete. Userspace backends write it from
 * accel_queue_signal().
 */
static void *waiter_main(void *arg)
{
	struct accel_queue *q = arg;
	struct accel_ring *ring = q->ring;
	struct accel_job_rec *rec;
	struct timespec ts;
	int64_t until;

	pthread_mutex_lock(&ring->lock);
	while (!ring->stopping) {
		rec = first_pending(ring);
		if (!rec) {
			until = accel_now_ns() + RING_SLICE_NS;
			ts.tv_sec = until / 1000000000;
			ts.tv_nsec = until % 1000000000;
			pthread_cond_timedwait(&ring->done, &ring->lock, &ts);
			continue;
		}
		rec->pins++;
		pthread_mutex_unlock(&ring->lock);
		wait_backend(q, rec, accel_now_ns() + RING_SLICE_NS);
		pthread_mutex_lock(&ring->lock);
	}
	pthread_mutex_unlock(&ring->lock);
	return NULL;
}

int accel_ring_get_fd(struct accel_queue *q)
{
	struct accel_ring *ring = q->ring;
	int ret = 0;

	pthread_mutex_lock(&ring->lock);
	if (ring->efd < 0) {
		ring->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (ring->efd < 0)
			ret = accel_set_reason(-errno, "eventfd: %s", strerror(errno));
	}
	if (!ret && q->ctx->ops->fence_wait && !ring->waiter_running) {
		ret = -pthread_create(&ring->waiter, NULL, waiter_main, q);
		if (ret)
			accel_set_reason(ret, "cannot start the waiter thread");
		else
			ring->waiter_running = true;
	}
	if (!ret)
		ret = ring->efd;
	pthread_mutex_unlock(&ring->lock);
	return ret;
}

/*
 * Wait for every job of a kernel backend and retire it: the device may
 * still read their BOs, and dropping a BO would unmap it. Called when the
 * application destroys the queue (so the references its jobs hold on
 * other queues go then, not never) and again at release. Userspace
 * backends finish their jobs themselves once told to shut down.
 */
void accel_ring_quiesce(struct accel_queue *q)
{
	struct accel_ring *ring = q->ring;
	struct accel_job_rec *rec;
	uint64_t seqno;
	bool woke;
	int efd;

	if (!q->ctx->ops->fence_wait)
		return;
	for (;;) {
		pthread_mutex_lock(&ring->lock);
		rec = first_pending(ring);
		if (rec)
			rec->pins++;
		pthread_mutex_unlock(&ring->lock);
		if (!rec)
			break;
		seqno = rec->job.seqno;
		/* the record may be retired and reused once the wait returns */
		if (wait_backend(q, rec, ACCEL_DEADLINE_NEVER) == 1)
			continue;
		/* a backend that cannot wait any more: give the job up */
		pthread_mutex_lock(&ring->lock);
		rec = find(ring, seqno);
		woke = rec && complete(q, rec, -ECANCELED);
		efd = ring->efd;
		pthread_mutex_unlock(&ring->lock);
		if (woke)
			notify(ring, efd, seqno);
	}
	pthread_mutex_lock(&ring->lock);
	rec = NULL;
	collect(q, &rec);
	pthread_mutex_unlock(&ring->lock);
	retire_list(q, rec);
}

/* The queue's last reference is gone: stop the waiter, finish the jobs. */
void accel_ring_drain(struct accel_queue *q)
{
	struct accel_ring *ring = q->ring;
	bool waiter;

	pthread_mutex_lock(&ring->lock);
	ring->stopping = true;
	waiter = ring->waiter_running;
	ring->waiter_running = false;
	pthread_cond_broadcast(&ring->done);
	pthread_mutex_unlock(&ring->lock);
	if (waiter)
		pthread_join(ring->waiter, NULL);
	accel_ring_quiesce(q);
}

/* After queue_destroy: whatever a userspace backend left is dropped. */
void accel_ring_free(struct accel_ring *ring)
{
	struct accel_job_rec *rec;

	while ((rec = ring->head)) {
		ring->head = rec->next;
		job_drop_refs(rec);
		job_free(rec);
	}
	while ((rec = ring->cache)) {
		ring->cache = rec->next;
		job_free(rec);
	}
	if (ring->efd >= 0)
		close(ring->efd);
	pthread_cond_destroy(&ring->done);
	pthread_mutex_destroy(&ring->lock);
	pthread_mutex_destroy(&ring->submit_lock);
	free(ring);
}

/* Called with ring->lock held: the newest job that conflicts, or NULL */
static struct accel_job_rec *newest_user(struct accel_ring *ring,
					 const struct accel_bo *bo, uint32_t access)
{
	struct accel_job_rec *rec, *found = NULL;
	uint32_t i;

	for (rec = ring->head; rec && rec->job.seqno <= ring->last; rec = rec->next) {
		if (rec->state != ACCEL_JOB_PENDING)
			continue;
		for (i = 0; i < rec->nbos; i++)
			if (rec->bos[i].bo == bo &&
			    ((access & ACCEL_ACCESS_WRITE) ||
			     (rec->bos[i].access & ACCEL_ACCESS_WRITE)))
				found = rec;
	}
	return found;
}

int accel_ring_wait_bo(struct accel_queue *q, const struct accel_bo *bo,
		       uint32_t access, int64_t abs_deadline_ns)
{
	struct accel_ring *ring = q->ring;
	struct accel_job_rec *rec;
	uint64_t seqno;
	int ret;

	/* one at a time from the newest: an in-order queue is done in one */
	for (;;) {
		pthread_mutex_lock(&ring->lock);
		rec = newest_user(ring, bo, access);
		seqno = rec ? rec->job.seqno : 0;
		pthread_mutex_unlock(&ring->lock);
		if (!seqno)
			return 0;
		ret = accel_ring_wait(q, seqno, abs_deadline_ns);
		/* a failed job is over too: the CPU may look at what it left */
		if (ret && ret != -EIO)
			return ret;
	}
}
