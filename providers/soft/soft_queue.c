// SPDX-License-Identifier: MIT
/*
 * Queues of the soft device: one worker thread each, running jobs in
 * submission order. Every job completes its seqno, failed or not; a
 * failed job's error is kept for accel_wait(). The eventfd is written on
 * every completion, so the queue fd polls readable.
 *
 * Destroying a queue (or closing its context) drains it: jobs already
 * submitted still run, but WAIT_VALUE commands and in-fence waits are
 * aborted (-ECANCELED), so a wait that will never be satisfied cannot
 * hang the teardown.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "soft.h"

#define SOFT_MAX_ERRS 64		/* failed jobs remembered per queue */
#define SOFT_FENCE_SLICE_NS 10000000	/* re-check aborts while fenced */

#define SOFT_JOB_CACHE 32		/* retired jobs kept per queue */

static void soft_job_free(struct soft_job *job)
{
	free(job->err);
	free(job->bos);
	free(job->ops);
	free(job->stream);
	free(job);
}

/* Drop what the job holds; keep its memory for the next submit. */
static void soft_job_retire(struct soft_queue *q, struct soft_job *job)
{
	uint32_t i;

	for (i = 0; i < job->nbos; i++)
		accel_bo_put(&job->bos[i]->base);
	job->nbos = 0;
	job->nops = 0;
	if (job->in_fence_fd >= 0)
		close(job->in_fence_fd);
	job->in_fence_fd = -1;
	pthread_mutex_lock(&q->lock);
	if (q->nfree_jobs < SOFT_JOB_CACHE) {
		job->next = q->free_jobs;
		q->free_jobs = job;
		q->nfree_jobs++;
		job = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	if (job)
		soft_job_free(job);
}

/*
 * A job with room for nbos BOs and a size-byte stream. Once the cache
 * is warm, submitting allocates nothing.
 */
static struct soft_job *soft_job_get(struct soft_queue *q, uint32_t nbos,
				     uint64_t size)
{
	struct soft_job *job;

	pthread_mutex_lock(&q->lock);
	job = q->free_jobs;
	if (job) {
		q->free_jobs = job->next;
		q->nfree_jobs--;
	}
	pthread_mutex_unlock(&q->lock);
	if (!job) {
		job = calloc(1, sizeof(*job));
		if (!job)
			return NULL;
		job->in_fence_fd = -1;
	}
	job->next = NULL;
	if (!job->err)
		job->err = malloc(sizeof(*job->err));
	if (job->bos_cap < nbos) {
		void *n = realloc(job->bos, nbos * sizeof(*job->bos));

		if (n) {
			job->bos = n;
			job->bos_cap = nbos;
		}
	}
	if (job->stream_cap < size) {
		void *n = realloc(job->stream, size);

		if (n) {
			job->stream = n;
			job->stream_cap = size;
		}
	}
	if (!job->err || job->bos_cap < nbos || job->stream_cap < size) {
		soft_job_free(job);
		return NULL;
	}
	return job;
}

static int soft_job_run(struct soft_queue *q, struct soft_job *job)
{
	uint32_t i;
	int ret = 0;

	while (job->in_fence_fd >= 0) {
		ret = accel_sync_file_wait(job->in_fence_fd, SOFT_FENCE_SLICE_NS);
		if (ret != -ETIMEDOUT)
			break;
		if (atomic_load(&q->abort_waits))
			return -ECANCELED;
	}
	if (ret)
		return ret;
	for (i = 0; i < job->nbos; i++)
		soft_bo_access_begin(job->bos[i], true);
	for (i = 0; i < job->nops && !ret; i++)
		ret = soft_cmd_run(q, &job->ops[i]);
	for (i = 0; i < job->nbos; i++)
		soft_bo_access_end(job->bos[i], true);
	return ret;
}

/* Called with q->lock held; takes job->err */
static void soft_record_err(struct soft_queue *q, struct soft_job *job, int err)
{
	struct soft_err *e = job->err, **pp;

	job->err = NULL;
	e->seqno = job->seqno;
	e->err = err;
	e->next = q->errs;
	q->errs = e;
	if (++q->nerrs <= SOFT_MAX_ERRS)
		return;
	for (pp = &q->errs; (*pp)->next; pp = &(*pp)->next)
		;
	free(*pp);
	*pp = NULL;
	q->nerrs--;
}

static void *soft_worker(void *arg)
{
	struct soft_queue *q = arg;
	struct soft_job *job;
	uint64_t one = 1;
	int err;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->head && !q->stopping)
			pthread_cond_wait(&q->work_cond, &q->lock);
		job = q->head;
		if (!job)
			break;
		q->head = job->next;
		if (!q->head)
			q->tail = NULL;
		pthread_mutex_unlock(&q->lock);

		err = soft_job_run(q, job);

		pthread_mutex_lock(&q->lock);
		if (err)
			soft_record_err(q, job, err);
		atomic_store(&q->completed, job->seqno);
		pthread_cond_broadcast(&q->done_cond);
		pthread_mutex_unlock(&q->lock);

		if (write(q->efd, &one, sizeof(one)) < 0)
			accel_dbg("soft: eventfd write: %d\n", errno);
		/* references go outside the lock: a put may destroy the BO */
		soft_job_retire(q, job);
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct accel_queue *soft_queue_create(struct accel_context *actx,
				      const struct accel_queue_attr *attr)
{
	struct accel_queue_attr def = { 0 };
	pthread_condattr_t cattr;
	struct soft_queue *q;
	int ret;

	if (!attr)
		attr = &def;
	/* one engine; priorities are accepted but all queues are equal */
	if (attr->flags ||
	    ((attr->comp_mask & ACCEL_QUEUE_ATTR_ENGINE) && attr->engine))
		return errno = EINVAL, NULL;

	q = calloc(1, sizeof(*q));
	if (!q)
		return errno = ENOMEM, NULL;
	q->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (q->efd < 0) {
		ret = errno;
		goto err_free;
	}
	pthread_mutex_init(&q->lock, NULL);
	pthread_condattr_init(&cattr);
	pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC);
	pthread_cond_init(&q->work_cond, NULL);
	pthread_cond_init(&q->done_cond, &cattr);
	pthread_condattr_destroy(&cattr);
	accel_init_queue(&q->base, actx, attr);

	ret = pthread_create(&q->thread, NULL, soft_worker, q);
	if (ret)
		goto err_destroy;
	return &q->base;

err_destroy:
	pthread_cond_destroy(&q->done_cond);
	pthread_cond_destroy(&q->work_cond);
	pthread_mutex_destroy(&q->lock);
	close(q->efd);
err_free:
	free(q);
	errno = ret;
	return NULL;
}

/*
 * accel_queue_destroy() while another thread still waits on the queue:
 * abort device waits now, so the queued work ends and so does the wait.
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
	struct soft_err *e;

	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	atomic_store(&q->abort_waits, true);
	pthread_cond_signal(&q->work_cond);
	pthread_mutex_unlock(&q->lock);
	soft_mem_kick();
	pthread_join(q->thread, NULL);

	while ((e = q->errs)) {
		q->errs = e->next;
		free(e);
	}
	while ((job = q->free_jobs)) {
		q->free_jobs = job->next;
		soft_job_free(job);
	}
	close(q->efd);
	pthread_cond_destroy(&q->done_cond);
	pthread_cond_destroy(&q->work_cond);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

/* A sync_file is an anon inode named "sync_file" (sync_file_alloc()) */
static int soft_check_sync_file(int fd)
{
	char path[64], link[64];
	ssize_t n;

	if (fd < 0)
		return -EINVAL;
	if (fcntl(fd, F_GETFD) < 0)
		return -EBADF;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	return strcmp(link, "anon_inode:sync_file") ? -EINVAL : 0;
}

/* Copy the commands out, so later CPU writes cannot change a valid stream */
static void soft_snapshot(struct soft_bo *cmd, uint64_t off, uint64_t size,
			  void *buf)
{
	soft_bo_access_begin(cmd, false);
	memcpy(buf, (char *)cmd->mem + off, size);
	soft_bo_access_end(cmd, false);
}

int soft_submit(struct accel_queue *queue, const struct accel_submit *s,
		uint64_t *seqno)
{
	struct soft_queue *q = to_soft_queue(queue);
	struct soft_bo *cmd = to_soft_bo(s->cmd_bo);
	struct soft_job *job;
	uint32_t i;
	int ret;

	/* no kernel sync_file can be made in userspace: see accel_soft(7) */
	if (s->comp_mask & ACCEL_SUBMIT_OUT_FENCE)
		return -EOPNOTSUPP;
	if (s->cmd_offset % 8 || s->cmd_size % 8 ||
	    s->cmd_size > SOFTDV_MAX_CMD_SIZE ||
	    s->cmd_offset > cmd->base.size ||
	    s->cmd_size > cmd->base.size - s->cmd_offset)
		return -EINVAL;
	if (s->comp_mask & ACCEL_SUBMIT_IN_FENCE) {
		ret = soft_check_sync_file(s->in_fence_fd);
		if (ret)
			return ret;
	}

	if (s->num_bos == UINT32_MAX)
		return -EINVAL;
	job = soft_job_get(q, s->num_bos + 1, s->cmd_size);
	if (!job)
		return -ENOMEM;
	job->bos[0] = cmd;
	for (i = 0; i < s->num_bos; i++)
		job->bos[i + 1] = to_soft_bo(s->bos[i]);

	soft_snapshot(cmd, s->cmd_offset, s->cmd_size, job->stream);
	ret = soft_cmd_parse(job->stream, s->cmd_size, job->bos, s->num_bos + 1,
			     &job->ops, &job->ops_cap, &job->nops);
	if (ret)
		goto err;

	if (s->comp_mask & ACCEL_SUBMIT_IN_FENCE) {
		job->in_fence_fd = fcntl(s->in_fence_fd, F_DUPFD_CLOEXEC, 0);
		if (job->in_fence_fd < 0) {
			ret = -errno;
			goto err;
		}
	}
	/* the BOs stay alive until the job completes */
	job->nbos = s->num_bos + 1;
	for (i = 0; i < job->nbos; i++)
		accel_bo_get(&job->bos[i]->base);

	pthread_mutex_lock(&q->lock);
	if (q->stopping) {
		pthread_mutex_unlock(&q->lock);
		ret = -ENODEV;
		goto err;
	}
	job->seqno = ++q->last_submitted;
	/* the job is the worker's once queued: it may be freed at once */
	if (seqno)
		*seqno = job->seqno;
	if (q->tail)
		q->tail->next = job;
	else
		q->head = job;
	q->tail = job;
	pthread_cond_signal(&q->work_cond);
	pthread_mutex_unlock(&q->lock);
	return 0;
err:
	/* no reference is held yet unless the queue was stopping */
	soft_job_retire(q, job);
	return ret;
}

static int soft_job_err(struct soft_queue *q, uint64_t seqno)
{
	struct soft_err *e;

	for (e = q->errs; e; e = e->next)
		if (e->seqno == seqno)
			return e->err;
	return 0;
}

/*
 * The core tells a provider about accel_close_device() only when the last
 * reference goes, and a thread blocked here holds one. So a long wait
 * wakes now and then: once the context is closing, the queue's device
 * waits are aborted, as the teardown would, and the wait can end.
 */
static bool soft_ctx_closing(struct accel_context *ctx)
{
	bool closing;

	pthread_mutex_lock(&ctx->lock);
	closing = ctx->closing;
	pthread_mutex_unlock(&ctx->lock);
	return closing;
}

#define SOFT_WAIT_SLICE_NS 100000000

int soft_wait(struct accel_queue *queue, uint64_t seqno, int64_t timeout_ns)
{
	struct soft_queue *q = to_soft_queue(queue);
	int64_t deadline = INT64_MAX, now, until;
	struct timespec ts;
	int ret = 0;

	now = accel_now_ns();
	if (timeout_ns > 0 && timeout_ns < INT64_MAX - now)
		deadline = now + timeout_ns;

	pthread_mutex_lock(&q->lock);
	if (seqno > q->last_submitted) {
		ret = -EINVAL;
		goto out;
	}
	while (atomic_load(&q->completed) < seqno) {
		if (!timeout_ns) {
			ret = -ETIMEDOUT;
			goto out;
		}
		now = accel_now_ns();
		if (now >= deadline) {
			ret = -ETIMEDOUT;
			goto out;
		}
		until = deadline - now > SOFT_WAIT_SLICE_NS ?
			now + SOFT_WAIT_SLICE_NS : deadline;
		ts.tv_sec = until / 1000000000;
		ts.tv_nsec = until % 1000000000;
		if (pthread_cond_timedwait(&q->done_cond, &q->lock, &ts) ==
		    ETIMEDOUT && until != deadline &&
		    !atomic_load(&q->abort_waits) && soft_ctx_closing(queue->ctx)) {
			atomic_store(&q->abort_waits, true);
			soft_mem_kick();
		}
	}
	ret = soft_job_err(q, seqno);
out:
	pthread_mutex_unlock(&q->lock);
	return ret;
}

int soft_queue_get_fd(struct accel_queue *queue)
{
	return to_soft_queue(queue)->efd;
}

int soft_queue_completed(struct accel_queue *queue, uint64_t *seqno)
{
	*seqno = atomic_load(&to_soft_queue(queue)->completed);
	return 0;
}
