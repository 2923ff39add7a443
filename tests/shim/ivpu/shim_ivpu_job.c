// SPDX-License-Identifier: MIT
/*
 * ivpu emulation: command queues, jobs and BO_WAIT, after
 * drivers/accel/ivpu/ivpu_job.c and ivpu_gem.c (ivpu_bo_wait_ioctl) of
 * Linux 7.2.
 *
 * SUBMIT and CMDQ_SUBMIT check in the kernel's order (engine, priority,
 * buffer count, preemption index, offset alignment, MMU-fault poisoning:
 * EBADFD), then look every handle up (ENOENT) and bind it, refuse a busy
 * command BO (EBUSY) and an offset past it (EINVAL), check a preemption
 * buffer (size, not MAPPABLE), lock each reservation once (a handle listed
 * twice: EALREADY), find the command queue (SUBMIT's per-priority legacy
 * queue, made on first use; CMDQ_SUBMIT's by id: EINVAL when missing),
 * register its doorbell (per-uid limit: EBUSY) and push the job (62 in
 * flight per queue: EBUSY). The job's fence lands on the command BO only,
 * so BO_WAIT on any other BO does not wait for it.
 *
 * Jobs run a small subset of the firmware's commands (shim_ivpu_exec.c)
 * when submitted and end after a delay (1 ms unless a test says otherwise,
 * see accel_shim_ivpu.h), with the status the commands gave or one a test
 * chose. A job a test marks as faulting poisons its file: every job
 * of the file is aborted (DRM_IVPU_JOB_STATUS_ABORTED) and later
 * submissions answer EBADFD. Deviations: the per-context job-id space and
 * the firmware's consumption of the queue are not modelled (a queue is
 * full with 62 unfinished jobs); BO_WAIT's jiffy rounding is one 4 ms
 * jiffy (CONFIG_HZ=250). npu_busy_time_us (ivpu_sysfs.c: time with jobs
 * at the firmware) counts the union of the jobs' runs, each counted whole
 * when submitted; an aborted job keeps its full run.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accel_shim_ivpu.h"
#include "shim_ivpu.h"

/* VPU_JOB_SCHEDULING_PRIORITY_BAND_NORMAL */
#define IVPU_BAND_NORMAL 1
#define IVPU_MAX_DB 255

struct ivpu_job_mode ivpu_job_mode = { .delay_ns = 1000000 };

/* npu_busy_time_us per device (by minor): busy time and the busy period's end */
static struct {
	int64_t total_ns, until_ns;
} busy[64];

static void account_busy(struct shim_file *f, int64_t start, int64_t end)
{
	int i = f->dev->index & 63;

	if (end == INT64_MAX)
		return;	/* a hung job: the kernel counts it while it hangs */
	if (start >= busy[i].until_ns)
		busy[i].total_ns += end - start;
	else if (end > busy[i].until_ns)
		busy[i].total_ns += end - busy[i].until_ns;
	if (end > busy[i].until_ns)
		busy[i].until_ns = end;
	shim_write_file(f->dev->sysfs_pci, "npu_busy_time_us", "%lld\n",
			(long long)(busy[i].total_ns / 1000));
}

/* ivpu_job_to_jsm_priority() */
static uint32_t jsm_priority(uint32_t p)
{
	return p == DRM_IVPU_JOB_PRIORITY_DEFAULT ? IVPU_BAND_NORMAL : p - 1;
}

static bool job_done(const struct ivpu_job *j, int64_t now)
{
	return j->done_at <= now;
}

/* ivpu_job_signal_and_destroy() with ABORTED, now */
static void abort_job(struct ivpu_job *j, int64_t now)
{
	j->done_at = now;
	j->status = DRM_IVPU_JOB_STATUS_ABORTED;
	j->faults = false;
	shim_fence_signal(j->fence, 0);
}

/* ivpu_context_abort_locked(): every job of the file ends ABORTED */
static void abort_all(struct ivpu_ctx *ctx, int64_t now)
{
	struct ivpu_job *j;

	for (j = ctx->jobs; j; j = j->next)
		if (j->done_at > now)
			abort_job(j, now);
}

static void job_free(struct ivpu_job *j)
{
	/* a job never ends without its fence (the kernel aborts it) */
	shim_fence_signal(j->fence, 0);
	shim_fence_put(j->fence);
	free(j);
}

/*
 * Retire what has ended, in the order it ended: the command BO takes
 * the job's status (ivpu_job_signal_and_destroy()); a faulting job
 * poisons the file first.
 */
static void retire(struct ivpu_ctx *ctx)
{
	int64_t now = shim_now_ns();
	struct ivpu_job **pp, *j;
	bool again = true;

	while (again) {
		again = false;
		for (j = ctx->jobs; j; j = j->next) {
			if (j->faults && job_done(j, now)) {
				j->faults = false;
				j->status = DRM_IVPU_JOB_STATUS_ABORTED;
				ctx->has_mmu_faults = true;
				abort_all(ctx, j->done_at);
				again = true;
				break;
			}
		}
	}
	pp = &ctx->jobs;
	while ((j = *pp)) {
		if (!job_done(j, now)) {
			pp = &j->next;
			continue;
		}
		j->cmd->job_status = j->status;
		*pp = j->next;
		job_free(j);
	}
}


static struct ivpu_cmdq *cmdq_find(struct ivpu_ctx *ctx, uint32_t id)
{
	struct ivpu_cmdq *q;

	for (q = ctx->cmdqs; q; q = q->next)
		if (q->id == id)
			return q;
	return NULL;
}

/* ivpu_cmdq_create(): an id by xa_alloc_cyclic() in 1..255, or NULL */
static struct ivpu_cmdq *cmdq_create(struct ivpu_ctx *ctx, uint32_t prio, uint32_t flags)
{
	struct ivpu_cmdq *q;
	uint32_t i, id = 0;

	for (i = 0; i < IVPU_CMDQ_MAX_ID; i++) {
		uint32_t c = ctx->cmdq_id_next + i;

		if (c > IVPU_CMDQ_MAX_ID)
			c -= IVPU_CMDQ_MAX_ID;
		if (!cmdq_find(ctx, c)) {
			id = c;
			break;
		}
	}
	if (!id)
		return NULL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	q->id = id;
	q->priority = prio;
	q->flags = flags;
	ctx->cmdq_id_next = id == IVPU_CMDQ_MAX_ID ? IVPU_CMDQ_MIN_ID : id + 1;
	q->next = ctx->cmdqs;
	ctx->cmdqs = q;
	return q;
}

/* doorbells registered by this process's files, for the per-uid limit */
static uint32_t doorbells(void)
{
	struct ivpu_ctx *c;
	struct ivpu_cmdq *q;
	uint32_t n = 0;

	for (c = ivpu_contexts; c; c = c->next)
		for (q = c->cmdqs; q; q = q->next)
			n += q->registered;
	return n;
}

static uint32_t cmdq_in_flight(struct ivpu_ctx *ctx, uint32_t id)
{
	struct ivpu_job *j;
	uint32_t n = 0;

	for (j = ctx->jobs; j; j = j->next)
		n += j->cmdq_id == id;
	return n;
}

/* ivpu_submit(), ivpu_job_prepare_bos_for_submit(), ivpu_job_submit() */
static int do_submit(struct shim_file *f, uint32_t cmdq_id, uint32_t count,
		     uint64_t buffers_ptr, uint32_t offset, uint32_t preempt_index,
		     uint32_t priority)
{
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);
	struct ivpu_sbo **bos = NULL, *cmd;
	struct ivpu_cmdq *q;
	uint32_t *h, i, k;
	struct ivpu_job *job;
	bool fault;
	int ret;

	h = calloc(count, sizeof(*h));
	bos = calloc(count, sizeof(*bos));
	if (!h || !bos) {
		ret = -ENOMEM;
		goto out;
	}
	ret = shim_copy_from_user(h, buffers_ptr, (size_t)count * sizeof(*h));
	if (ret)
		goto out;
	for (i = 0; i < count; i++) {
		ret = ivpu_sbo_lookup(f, h[i], &bos[i]);
		if (ret)
			goto out;
		bos[i]->mmu_mapped = true;	/* ivpu_bo_bind() */
	}
	cmd = bos[0];
	/* any fence a READ wait sees: a job's, or an imported sync_file's */
	if (!shim_gem_test_signaled(cmd->obj, SHIM_RESV_READ)) {
		ret = -EBUSY;
		goto out;
	}
	if (offset >= cmd->obj->size) {
		ret = -EINVAL;
		goto out;
	}
	if (preempt_index) {
		struct ivpu_sbo *p = bos[preempt_index];

		if (p->obj->size < ctx->m->preempt_buf_size ||
		    (p->flags & DRM_IVPU_BO_MAPPABLE)) {
			ret = -EINVAL;
			goto out;
		}
	}
	/* drm_gem_lock_reservations(): a second lock of one resv */
	for (i = 1; i < count; i++) {
		for (k = 0; k < i; k++) {
			if (bos[k] == bos[i]) {
				ret = -EALREADY;
				goto out;
			}
		}
	}
	if (cmdq_id == 0) {
		/* ivpu_cmdq_acquire_legacy(): one queue per priority band */
		for (q = ctx->cmdqs; q; q = q->next)
			if (q->is_legacy && q->priority == priority)
				break;
		if (!q) {
			q = cmdq_create(ctx, priority, 0);
			if (q)
				q->is_legacy = true;
		}
	} else {
		q = cmdq_find(ctx, cmdq_id);
	}
	if (!q) {
		ret = -EINVAL;
		goto out;
	}
	if (!q->registered) {
		/* ivpu_register_db(): half the doorbells for a non-root uid */
		if (doorbells() + 1 > (getuid() ? IVPU_MAX_DB / 2 : IVPU_MAX_DB)) {
			ret = -EBUSY;
			goto out;
		}
		q->registered = true;
	}
	/* ivpu_cmdq_push_job(): the ring keeps one entry free */
	if (cmdq_in_flight(ctx, q->id) >= IVPU_CMDQ_ENTRIES - 1) {
		ret = -EBUSY;
		goto out;
	}
	job = calloc(1, sizeof(*job));
	if (job)
		job->fence = shim_fence_create();
	if (!job || !job->fence) {
		free(job);
		ret = -ENOMEM;
		goto out;
	}
	/* the command BO WRITE, the others BOOKKEEP (reserved before) */
	for (i = 0; i < count; i++)
		shim_gem_add_fence(bos[i]->obj, job->fence,
				   i ? SHIM_RESV_BOOKKEEP : SHIM_RESV_WRITE);
	job->cmd = cmd;
	job->cmdq_id = q->id;
	job->done_at = ivpu_job_mode.hang ? INT64_MAX :
					      shim_now_ns() + ivpu_job_mode.delay_ns;
	/* the firmware runs it now; a test's status or fault wins */
	job->status = ivpu_exec(ctx, cmd, offset, &fault);
	if (ivpu_job_mode.fail_status)
		job->status = ivpu_job_mode.fail_status;
	job->faults = ivpu_job_mode.fault_next || fault;
	ivpu_job_mode.fault_next = false;
	if (!ivpu_job_mode.hang)
		shim_fence_signal_at(job->fence, job->done_at, 0);
	account_busy(f, job->done_at - ivpu_job_mode.delay_ns, job->done_at);
	job->next = ctx->jobs;
	ctx->jobs = job;
	ret = 0;
out:
	free(h);
	free(bos);
	return ret;
}

/* ivpu_submit_ioctl() */
int ivpu_submit_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_submit *a = data;
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);

	retire(ctx);
	if (a->engine != DRM_IVPU_ENGINE_COMPUTE)
		return -EINVAL;
	if (a->priority > DRM_IVPU_JOB_PRIORITY_REALTIME)
		return -EINVAL;
	if (a->buffer_count == 0 || a->buffer_count > IVPU_JOB_MAX_BUFFER_COUNT)
		return -EINVAL;
	if (a->commands_offset % 8)
		return -EINVAL;
	if (ctx->has_mmu_faults)
		return -EBADFD;
	/* flags are "reserved, must be zero" but never checked in 7.2 */
	return do_submit(f, 0, a->buffer_count, a->buffers_ptr, a->commands_offset, 0,
			 jsm_priority(a->priority));
}

/* ivpu_cmdq_submit_ioctl() */
int ivpu_cmdq_submit_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_cmdq_submit *a = data;
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);

	retire(ctx);
	if (!ctx->m->hws)
		return -ENODEV;
	if (a->cmdq_id < IVPU_CMDQ_MIN_ID || a->cmdq_id > IVPU_CMDQ_MAX_ID)
		return -EINVAL;
	if (a->buffer_count == 0 || a->buffer_count > IVPU_JOB_MAX_BUFFER_COUNT)
		return -EINVAL;
	if (a->preempt_buffer_index >= a->buffer_count)
		return -EINVAL;
	if (a->commands_offset % 8)
		return -EINVAL;
	if (ctx->has_mmu_faults)
		return -EBADFD;
	return do_submit(f, a->cmdq_id, a->buffer_count, a->buffers_ptr, a->commands_offset,
			 a->preempt_buffer_index, 0);
}

/* ivpu_cmdq_create_ioctl(): flags are not checked; TURBO needs 40xx */
int ivpu_cmdq_create_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_cmdq_create *a = data;
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);
	struct ivpu_cmdq *q;

	if (!ctx->m->hws)
		return -ENODEV;
	if (a->priority > DRM_IVPU_JOB_PRIORITY_REALTIME)
		return -EINVAL;
	q = cmdq_create(ctx, jsm_priority(a->priority), a->flags);
	if (!q)
		return -ENOMEM;
	a->cmdq_id = q->id;
	return 0;
}

/* ivpu_cmdq_destroy_ioctl(): its pending jobs are aborted */
int ivpu_cmdq_destroy_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_cmdq_destroy *a = data;
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);
	struct ivpu_cmdq **pp, *q;
	int64_t now = shim_now_ns();
	struct ivpu_job *j;

	if (!ctx->m->hws)
		return -ENODEV;
	for (pp = &ctx->cmdqs; (q = *pp); pp = &q->next)
		if (q->id == a->cmdq_id)
			break;
	if (!q || q->is_legacy)
		return -ENOENT;
	*pp = q->next;
	for (j = ctx->jobs; j; j = j->next)
		if (j->cmdq_id == q->id && j->done_at > now)
			abort_job(j, now);
	free(q);
	retire(ctx);
	return 0;
}

/*
 * ivpu_bo_wait_ioctl(): EINVAL for an unknown handle (not ENOENT); the
 * absolute timeout becomes jiffies (drm_timeout_abs_to_jiffies(): 0 or a
 * past time is a poll) plus the one jiffy ivpu adds; the wait is at READ
 * usage, so a data BO's BOOKKEEP fences are not waited for; job_status is
 * written only when the wait succeeds.
 */
int ivpu_bo_wait_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_bo_wait *a = data;
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);
	int64_t now = shim_now_ns(), deadline;
	struct shim_gem_object *obj;
	struct ivpu_sbo *bo;
	int ret;

	deadline = a->timeout_ns > now ? a->timeout_ns : now;
	/* drm_timeout_abs_to_jiffies() saturates: so does the jiffy added */
	deadline = deadline > INT64_MAX - IVPU_JIFFY_NS ? INT64_MAX :
							 deadline + IVPU_JIFFY_NS;
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -EINVAL;
	/* the lock drops while it sleeps; the file (and ctx) stay held */
	ret = shim_gem_wait(obj, SHIM_RESV_READ, deadline);
	shim_gem_put(obj);
	if (ret)
		return ret == -ETIME ? -ETIMEDOUT : ret;
	retire(ctx);
	ret = ivpu_sbo_lookup(f, a->handle, &bo);
	if (ret)
		return ret == -ENOENT ? -EINVAL : ret;
	a->job_status = bo->job_status;
	return 0;
}

void ivpu_job_release(struct ivpu_ctx *ctx)
{
	while (ctx->jobs) {
		struct ivpu_job *j = ctx->jobs;

		ctx->jobs = j->next;
		job_free(j);
	}
	while (ctx->cmdqs) {
		struct ivpu_cmdq *q = ctx->cmdqs;

		ctx->cmdqs = q->next;
		free(q);
	}
}

/* ------------------------------------------------------------------------ */
/* test controls                                                            */
/* ------------------------------------------------------------------------ */

/* exported from libaccel_shim.so too, for preloaded programs (accel_bench) */
#define SHIM_IVPU_EXPORT __attribute__((visibility("default")))

SHIM_IVPU_EXPORT void accel_shim_ivpu_set_job_delay(int64_t delay_ns)
{
	shim_init();
	pthread_mutex_lock(&shim_lock);
	ivpu_job_mode.delay_ns = delay_ns;
	ivpu_job_mode.hang = false;
	pthread_mutex_unlock(&shim_lock);
}

SHIM_IVPU_EXPORT void accel_shim_ivpu_set_job_hang(bool hang)
{
	shim_init();
	pthread_mutex_lock(&shim_lock);
	ivpu_job_mode.hang = hang;
	pthread_mutex_unlock(&shim_lock);
}

SHIM_IVPU_EXPORT void accel_shim_ivpu_set_job_status(uint32_t status)
{
	shim_init();
	pthread_mutex_lock(&shim_lock);
	ivpu_job_mode.fail_status = status;
	pthread_mutex_unlock(&shim_lock);
}

SHIM_IVPU_EXPORT void accel_shim_ivpu_fault_next_job(void)
{
	shim_init();
	pthread_mutex_lock(&shim_lock);
	ivpu_job_mode.fault_next = true;
	pthread_mutex_unlock(&shim_lock);
}
