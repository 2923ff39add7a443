// SPDX-License-Identifier: MIT
/*
 * Queues of the soft device: one worker thread each, running jobs in
 * seqno order. The core owns seqnos, job status, waiting and the
 * pollable fd; the worker completes every job from userspace with
 * accel_queue_signal(), failed or not.
 *
 * Dependencies are deferred: accel_submit() only validates and queues,
 * and the worker (not the submitter) waits for the job's in-fence
 * sync_files and its wait points on any queue before it runs the
 * commands. A dependency that fails fails the job.
 *
 * Destroying a queue (or closing its context) drains it: jobs already
 * submitted still run, but WAIT_VALUE commands and dependency waits are
 * aborted (-ECANCELED), so a wait that will never be satisfied cannot
 * hang the teardown.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/syscall.h>

#include "soft.h"

/* dependency waits wake this often to notice an abort */
#define SOFT_DEP_SLICE_NS 10000000
#define SOFT_JOB_CACHE 256		/* retired jobs kept per queue */
/*
 * ... and the bytes their arrays may keep: a burst of maximal jobs
 * (4 MiB of commands each) would otherwise stay allocated until the
 * queue is destroyed. Ordinary jobs (a few KiB) still recycle whole.
 */
#define SOFT_JOB_CACHE_BYTES (1u << 20)
#define SOFT_REASON_LEN sizeof(((struct accel_job *)0)->reason)

static void soft_job_free(struct soft_job *job)
{
	free(job->points);
	free(job->in_fences);
	free(job->bos);
	free(job->ops);
	free(job->stream);
	free(job);
}

/* What a cached job keeps allocated */
static uint64_t soft_job_bytes(const struct soft_job *job)
{
	return sizeof(*job) + (uint64_t)job->ops_cap * sizeof(*job->ops) +
	       (uint64_t)job->bos_cap * sizeof(*job->bos) + job->stream_cap +
	       (uint64_t)job->in_fences_cap * sizeof(*job->in_fences) +
	       (uint64_t)job->points_cap * sizeof(*job->points);
}

/* Give the arrays back, keep the job itself */
static void soft_job_trim(struct soft_job *job)
{
	free(job->points);
	free(job->in_fences);
	free(job->bos);
	free(job->ops);
	free(job->stream);
	job->points = NULL;
	job->in_fences = NULL;
	job->bos = NULL;
	job->ops = NULL;
	job->stream = NULL;
	job->points_cap = job->in_fences_cap = job->bos_cap = job->ops_cap = 0;
	job->stream_cap = 0;
}

/* Drop what the job holds; keep its memory for the next submit. */
static void soft_job_put(struct soft_queue *q, struct soft_job *job)
{
	uint64_t bytes;
	uint32_t i;

	for (i = 0; i < job->nin_fences; i++)
		close(job->in_fences[i]);
	job->nin_fences = 0;
	job->npoints = 0;
	job->nbos = 0;
	job->nops = 0;
	bytes = soft_job_bytes(job);
	pthread_mutex_lock(&q->lock);
	if (q->nfree_jobs < SOFT_JOB_CACHE) {
		/* past the byte budget: the arrays go, the job is kept */
		if (q->free_bytes + bytes > SOFT_JOB_CACHE_BYTES)
			bytes = sizeof(*job);
		job->next = q->free_jobs;
		job->cached_bytes = bytes;
		q->free_jobs = job;
		q->nfree_jobs++;
		q->free_bytes += bytes;
		if (bytes == sizeof(*job))
			soft_job_trim(job);
		job = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	if (job)
		soft_job_free(job);
}

/* Make room for n elements of an array; false when out of memory */
static bool soft_reserve(void **arr, uint32_t *cap, uint64_t n, size_t elem)
{
	void *p;

	if (*cap >= n)
		return true;
	p = realloc(*arr, n * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = (uint32_t)n;
	return true;
}

/*
 * A job with room for nbos BOs, a size-byte stream and its dependencies.
 * Once the cache is warm, submitting allocates nothing.
 */
static struct soft_job *soft_job_get(struct soft_queue *q, uint64_t nbos,
				     uint64_t size, uint32_t nfences,
				     uint32_t npoints)
{
	struct soft_job *job;
	bool ok;

	pthread_mutex_lock(&q->lock);
	job = q->free_jobs;
	if (job) {
		q->free_jobs = job->next;
		q->nfree_jobs--;
		q->free_bytes -= job->cached_bytes;
	}
	pthread_mutex_unlock(&q->lock);
	if (!job) {
		job = calloc(1, sizeof(*job));
		if (!job)
			return NULL;
	}
	job->next = NULL;
	ok = soft_reserve((void **)&job->bos, &job->bos_cap, nbos,
			  sizeof(*job->bos)) &&
	     soft_reserve((void **)&job->in_fences, &job->in_fences_cap,
			  nfences, sizeof(*job->in_fences)) &&
	     soft_reserve((void **)&job->points, &job->points_cap, npoints,
			  sizeof(*job->points));
	if (ok && job->stream_cap < size) {
		void *n = realloc(job->stream, size);

		ok = n;
		if (n) {
			job->stream = n;
			job->stream_cap = size;
		}
	}
	if (!ok) {
		soft_job_free(job);
		return NULL;
	}
	return job;
}

bool soft_queue_aborting(struct soft_queue *q)
{
	return atomic_load(&q->abort_waits);
}

/* Why a wait point failed, with the failed job's own reason if it has one */
static void soft_point_reason(const struct accel_fence_point *pt, uint32_t i,
			      int err, char *reason, size_t len)
{
	struct accel_job_status st = { 0 };

	if (err == -EIO &&
	    !accel_job_status(accel_object_handle(pt->queue), pt->seqno, &st, sizeof(st)) &&
	    st.reason[0]) {
		/* the dependency's own reason, cut to fit one line */
		snprintf(reason, len, "wait_points[%u] (seqno %llu) failed: %.64s",
			 i, (unsigned long long)pt->seqno, st.reason);
		return;
	}
	snprintf(reason, len, "wait_points[%u] (seqno %llu) failed: %s", i,
		 (unsigned long long)pt->seqno, strerror(-err));
}

/*
 * Wait for the job's dependencies, in slices so that an abort ends the
 * wait: 0, or the error and a reason naming the dependency.
 */
static int soft_job_deps(struct soft_queue *q, struct soft_job *job,
			 char *reason, size_t len)
{
	uint32_t i;
	int ret;

	for (i = 0; i < job->nin_fences; i++) {
		while ((ret = accel_sync_file_wait(job->in_fences[i],
						   SOFT_DEP_SLICE_NS)) == -ETIMEDOUT) {
			if (soft_queue_aborting(q)) {
				snprintf(reason, len, "in_fence_fds[%u] wait aborted: queue destroyed or context closed",
					 i);
				return -ECANCELED;
			}
		}
		if (ret) {
			snprintf(reason, len, "in_fence_fds[%u] failed: %s", i,
				 strerror(-ret));
			return ret;
		}
	}
	for (i = 0; i < job->npoints; i++) {
		const struct accel_fence_point *pt = &job->points[i];

		while ((ret = accel_fence_point_wait(pt, accel_now_ns() +
						     SOFT_DEP_SLICE_NS)) == -ETIMEDOUT) {
			if (soft_queue_aborting(q)) {
				snprintf(reason, len, "wait_points[%u] (seqno %llu) wait aborted: queue destroyed or context closed",
					 i, (unsigned long long)pt->seqno);
				return -ECANCELED;
			}
		}
		if (ret) {
			soft_point_reason(pt, i, ret, reason, len);
			return ret;
		}
	}
	return 0;
}

static int soft_job_run(struct soft_queue *q, struct soft_job *job,
			char *reason, size_t len)
{
	int64_t t0;
	uint32_t i;
	int ret;

	ret = soft_job_deps(q, job, reason, len);
	if (ret)
		return ret;
	for (i = 0; i < job->nbos; i++)
		soft_bo_access_begin(job->bos[i].bo,
				     job->bos[i].access & ACCEL_ACCESS_WRITE);
	t0 = accel_now_ns();
	for (i = 0; i < job->nops && !ret; i++)
		ret = soft_cmd_run(q, &job->ops[i], reason, len);
	soft_usage_busy(q, accel_now_ns() - t0);
	for (i = 0; i < job->nbos; i++)
		soft_bo_access_end(job->bos[i].bo,
				   job->bos[i].access & ACCEL_ACCESS_WRITE);
	return ret;
}

/* Wake the worker: after the queue lock is dropped, so it does not block on it */
static void soft_worker_wake(struct soft_queue *q)
{
	atomic_fetch_add(&q->work_gen, 1);
	syscall(SYS_futex, &q->work_gen, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *soft_worker(void *arg)
{
	struct soft_queue *q = arg;
	char reason[SOFT_REASON_LEN];
	struct soft_job *job;
	uint64_t seqno;
	int err;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->head && !q->stopping) {
			/* read under the lock: a submit after it bumps it */
			unsigned int gen = atomic_load(&q->work_gen);

			q->worker_idle = true;
			pthread_mutex_unlock(&q->lock);
			syscall(SYS_futex, &q->work_gen, FUTEX_WAIT_PRIVATE, gen,
				NULL, NULL, 0);
			pthread_mutex_lock(&q->lock);
			q->worker_idle = false;
		}
		job = q->head;
		if (!job)
			break;
		q->head = job->next;
		if (!q->head)
			q->tail = NULL;
		pthread_mutex_unlock(&q->lock);

		reason[0] = '\0';
		err = soft_job_run(q, job, reason, sizeof(reason));
		/*
		 * The core retires the job in this call (job_retire puts it
		 * back in the cache): it is not ours to touch after.
		 */
		seqno = job->seqno;
		accel_queue_signal(&q->base, seqno, err, err ? reason : NULL);

		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct accel_queue *soft_queue_create(struct accel_context *actx,
				      const struct accel_queue_attr *attr)
{
	struct accel_queue_attr def = { 0 };
	struct soft_queue *q;
	int ret;

	if (!attr)
		attr = &def;
	/* one engine class with one instance: see accel_soft(7) */
	if ((attr->comp_mask & ACCEL_QUEUE_ATTR_ENGINE) && attr->engine) {
		errno = -accel_set_reason(-EINVAL, "soft: no engine %u (the device has engine 0 only)",
					  attr->engine);
		return NULL;
	}
	if ((attr->comp_mask & ACCEL_QUEUE_ATTR_INSTANCE) && attr->instance) {
		errno = -accel_set_reason(-EINVAL, "soft: no instance %u (engine 0 has instance 0 only)",
					  attr->instance);
		return NULL;
	}
	if (attr->flags) {
		errno = -accel_set_reason(-EINVAL, "soft: queue flags 0x%x are reserved",
					  attr->flags);
		return NULL;
	}

	q = calloc(1, sizeof(*q));
	if (!q) {
		errno = -accel_set_reason(-ENOMEM, "soft: no memory");
		return NULL;
	}
	pthread_mutex_init(&q->lock, NULL);
	accel_init_queue(&q->base, actx, attr);
	q->base.in_order = true;

	ret = pthread_create(&q->thread, NULL, soft_worker, q);
	if (ret) {
		accel_set_reason(-ret, "soft: cannot start the queue's worker thread: %s",
				 strerror(ret));
		pthread_mutex_destroy(&q->lock);
		free(q);
		errno = ret;
		return NULL;
	}
	return &q->base;
}

/*
 * accel_queue_destroy() or accel_close_device() while another thread still
 * waits on the queue: abort device waits now, so the queued work ends,
 * each job is signalled and so the waits end.
 */
void soft_queue_shutdown(struct accel_queue *queue)
{
	struct soft_queue *q = to_soft_queue(queue);

	atomic_store(&q->abort_waits, true);
	soft_mem_kick();
}

/* Called when the last reference goes: drain, aborting waits, and free */
void soft_queue_destroy(struct accel_queue *queue)
{
	struct soft_queue *q = to_soft_queue(queue);
	struct soft_job *job;

	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	atomic_store(&q->abort_waits, true);
	pthread_mutex_unlock(&q->lock);
	soft_worker_wake(q);
	soft_mem_kick();
	pthread_join(q->thread, NULL);

	while ((job = q->free_jobs)) {
		q->free_jobs = job->next;
		soft_job_free(job);
	}
	pthread_mutex_destroy(&q->lock);
	free(q);
}

/* The core is done with a job the worker signalled: recycle it */
void soft_job_retire(struct accel_queue *queue, struct accel_job *ajob)
{
	if (ajob->priv)
		soft_job_put(to_soft_queue(queue), ajob->priv);
	ajob->priv = NULL;
}

/* A sync_file is an anon inode named "sync_file" (sync_file_alloc()) */
static int soft_check_sync_file(uint32_t i, int fd)
{
	char path[64], link[64];
	ssize_t n;

	if (fd < 0 || fcntl(fd, F_GETFD) < 0)
		return accel_set_reason(-EBADF, "soft: in_fence_fds[%u]: fd %d is not open",
					i, fd);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return accel_set_reason(-errno, "soft: in_fence_fds[%u]: %s: %s",
					i, path, strerror(errno));
	link[n] = '\0';
	if (strcmp(link, "anon_inode:sync_file"))
		return accel_set_reason(-EINVAL, "soft: in_fence_fds[%u]: fd %d is not a sync_file",
					i, fd);
	return 0;
}

/* Copy the commands out, so later CPU writes cannot change a valid stream */
static void soft_snapshot(struct soft_bo *cmd, uint64_t off, uint64_t size,
			  void *buf)
{
	soft_bo_access_begin(cmd, false);
	memcpy(buf, (char *)cmd->mem + off, size);
	soft_bo_access_end(cmd, false);
}

/* What can be refused before any memory is taken */
static int soft_submit_check(struct soft_queue *q, const struct accel_submit *s,
			     const struct accel_job *ajob, uint32_t nfences,
			     uint32_t npoints)
{
	const struct soft_bo *cmd = to_soft_bo(s->cmd_bo);
	uint32_t i;
	int ret;

	if (s->comp_mask & ACCEL_SUBMIT_OUT_FENCE)
		return accel_set_reason(-EOPNOTSUPP, "soft: no out-fence: only a kernel fence signaller can make a sync_file, and the soft device has none");
	if (!cmd)
		return accel_set_reason(-EINVAL, "soft: a submission needs a cmd_bo");
	if (!s->cmd_size)
		return accel_set_reason(-EINVAL, "soft: cmd_size is 0 (a NOP is the smallest job)");
	if (s->cmd_offset % 8 || s->cmd_size % 8)
		return accel_set_reason(-EINVAL, "soft: cmd_offset %llu and cmd_size %llu must be multiples of 8",
					(unsigned long long)s->cmd_offset,
					(unsigned long long)s->cmd_size);
	if (s->cmd_size > SOFTDV_MAX_CMD_SIZE)
		return accel_set_reason(-EINVAL, "soft: cmd_size %llu is above SOFTDV_MAX_CMD_SIZE",
					(unsigned long long)s->cmd_size);
	if (s->cmd_offset > cmd->base.size ||
	    s->cmd_size > cmd->base.size - s->cmd_offset)
		return accel_set_reason(-EINVAL, "soft: commands [%llu, +%llu) run past the end of cmd_bo (%llu bytes)",
					(unsigned long long)s->cmd_offset,
					(unsigned long long)s->cmd_size,
					(unsigned long long)cmd->base.size);
	if (s->num_bos == UINT32_MAX)
		return accel_set_reason(-EINVAL, "soft: too many BOs");
	if ((nfences && !s->in_fence_fds) || (npoints && !s->wait_points))
		return accel_set_reason(-EINVAL, "soft: a dependency count without its array");
	for (i = 0; i < nfences; i++) {
		ret = soft_check_sync_file(i, s->in_fence_fds[i]);
		if (ret)
			return ret;
	}
	/* the worker runs jobs in order: waiting on itself would never end */
	for (i = 0; i < npoints; i++)
		if (s->wait_points[i].queue == &q->base &&
		    s->wait_points[i].seqno >= ajob->seqno)
			return accel_set_reason(-EINVAL, "soft: wait_points[%u]: seqno %llu of this queue is not submitted before this one",
						i, (unsigned long long)s->wait_points[i].seqno);
	return 0;
}

int soft_submit(struct accel_queue *queue, const struct accel_submit *s,
		struct accel_job *ajob)
{
	uint32_t nfences = (s->comp_mask & ACCEL_SUBMIT_IN_FENCE) ? s->num_in_fences : 0;
	uint32_t npoints = (s->comp_mask & ACCEL_SUBMIT_WAIT) ? s->num_wait_points : 0;
	struct soft_queue *q = to_soft_queue(queue);
	struct soft_bo *cmd = to_soft_bo(s->cmd_bo);
	struct soft_job *job;
	bool wake;
	uint32_t i;
	int ret;

	ret = soft_submit_check(q, s, ajob, nfences, npoints);
	if (ret)
		return ret;
	job = soft_job_get(q, (uint64_t)s->num_bos + 1, s->cmd_size, nfences,
			   npoints);
	if (!job)
		return accel_set_reason(-ENOMEM, "soft: no memory for the job");
	/* commands may read and write the command BO itself */
	job->bos[0].bo = cmd;
	job->bos[0].access = ACCEL_ACCESS_RW;
	for (i = 0; i < s->num_bos; i++) {
		job->bos[i + 1].bo = to_soft_bo(s->bos[i].bo);
		job->bos[i + 1].access = s->bos[i].access;
	}
	job->nbos = s->num_bos + 1;

	soft_snapshot(cmd, s->cmd_offset, s->cmd_size, job->stream);
	ret = soft_cmd_parse(job->stream, s->cmd_size, job->bos, job->nbos,
			     &job->ops, &job->ops_cap, &job->nops);
	if (ret)
		goto err;

	/* the caller may close its fds once we return: keep our own */
	for (i = 0; i < nfences; i++) {
		job->in_fences[i] = fcntl(s->in_fence_fds[i], F_DUPFD_CLOEXEC, 0);
		if (job->in_fences[i] < 0) {
			ret = accel_set_reason(-errno, "soft: in_fence_fds[%u]: dup: %s",
					       i, strerror(errno));
			goto err;
		}
		job->nin_fences++;
	}
	/* the core holds these queues until this job retires */
	if (npoints)
		memcpy(job->points, s->wait_points, npoints * sizeof(*job->points));
	job->npoints = npoints;

	pthread_mutex_lock(&q->lock);
	if (q->stopping) {
		pthread_mutex_unlock(&q->lock);
		ret = accel_set_reason(-ENODEV, "soft: the queue is being destroyed");
		goto err;
	}
	job->seqno = ajob->seqno;
	ajob->priv = job;
	/* the job is the worker's once queued: it may retire at once */
	if (q->tail)
		q->tail->next = job;
	else
		q->head = job;
	q->tail = job;
	/* one wake per sleep: a woken worker is not idle, even before it runs */
	wake = q->worker_idle;
	q->worker_idle = false;
	pthread_mutex_unlock(&q->lock);
	if (wake)
		soft_worker_wake(q);
	return 0;
err:
	soft_job_put(q, job);
	return ret;
}
