// SPDX-License-Identifier: MIT
/* Queues, submission and waiting: checks, lifetime, dispatch. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accel_internal.h"
#include "ctx.h"
#include "ring.h"

#define ACCEL_QUEUE_KNOWN_MASK \
	(ACCEL_QUEUE_ATTR_PRIORITY | ACCEL_QUEUE_ATTR_ENGINE | ACCEL_QUEUE_ATTR_INSTANCE)
#define ACCEL_SUBMIT_KNOWN_MASK \
	(ACCEL_SUBMIT_IN_FENCE | ACCEL_SUBMIT_OUT_FENCE | ACCEL_SUBMIT_WAIT)
/* past this many unretired jobs, a submit first looks for finished ones */
#define ACCEL_REAP_THRESHOLD 16

static void queue_release(struct accel_object *obj)
{
	struct accel_queue *q = container_of(obj, struct accel_queue, obj);
	struct accel_context *ctx = q->ctx;
	struct accel_ring *ring = q->ring;

	if (ring)
		accel_ring_drain(q);
	if (ctx->ops->queue_destroy)
		ctx->ops->queue_destroy(q);
	if (ring)
		accel_ring_free(ring);
	accel_ctx_put(ctx);
}

ACCEL_EXPORT void accel_init_queue(struct accel_queue *queue,
				   struct accel_context *ctx,
				   const struct accel_queue_attr *attr)
{
	queue->ctx = ctx;
	memset(&queue->attr, 0, sizeof(queue->attr));
	if (attr)
		queue->attr = *attr;
	queue->link.next = queue->link.prev = NULL;
	queue->in_order = false;
	queue->ring = NULL;
}

static struct accel_queue *queue_get(struct accel_queue *q, int *err)
{
	struct accel_object *obj = accel_obj_get(q, ACCEL_OBJ_QUEUE, err);

	/* -ECHILD (inherited across fork) has its reason already */
	if (!obj && *err != -ECHILD)
		accel_set_reason(*err, *err == -ESTALE ? "not a live queue" :
				 "queue is NULL");
	return obj ? container_of(obj, struct accel_queue, obj) : NULL;
}

static void queue_put(struct accel_queue *q)
{
	accel_obj_put(&q->obj);
}

ACCEL_EXPORT int accel_queue_lookup(struct accel_queue **queue)
{
	struct accel_queue *q;
	int err;

	q = queue_get(*queue, &err);
	if (!q)
		return err;
	*queue = q;
	return 0;
}

ACCEL_EXPORT int accel_queue_lookup_prov(struct accel_queue **queue,
					 const struct accel_provider *prov)
{
	struct accel_queue *q;
	int err;

	q = queue_get(*queue, &err);
	if (!q)
		return err;
	if (q->ctx->dev->provider != prov) {
		queue_put(q);
		return accel_set_reason(-EOPNOTSUPP, "a queue of the %s provider, not %s",
					q->ctx->dev->provider->name, prov->name);
	}
	*queue = q;
	return 0;
}

ACCEL_EXPORT void accel_queue_put(struct accel_queue *queue)
{
	if (queue)
		queue_put(queue);
}

/*
 * Make a provider's new queue public: the ring, the registry, the
 * context's list. Shared by accel_queue_create() and dv constructors.
 */
ACCEL_EXPORT struct accel_queue *accel_queue_publish(struct accel_context *ctx,
						     struct accel_queue *q)
{
	struct accel_queue *handle;
	int err;

	accel_obj_ref(&ctx->obj);
	q->ctx = ctx;
	err = accel_ring_create(q);
	if (!err && accel_obj_add(&q->obj, ACCEL_OBJ_QUEUE, queue_release))
		err = -ENOMEM;
	if (err) {
		q->obj.release = queue_release;
		queue_release(&q->obj);
		errno = -err;
		return NULL;
	}
	accel_lock(&ctx->lock);
	if (ctx->closing) {
		struct accel_object *obj;

		accel_unlock(&ctx->lock);
		/* never listed nor seen: the table's reference is the last */
		if (!accel_obj_remove(accel_obj_handle(&q->obj), ACCEL_OBJ_QUEUE, &obj))
			queue_put(q);
		accel_set_reason(-ESTALE, "the context is closing");
		errno = ESTALE;
		return NULL;
	}
	/* read before the unlock: a close may destroy it at once after */
	handle = accel_obj_handle(&q->obj);
	accel_list_add(&ctx->queues, &q->link);
	accel_unlock(&ctx->lock);
	return handle;
}

/*
 * Where the provider lists its engines, the core checks a queue's engine,
 * instance and priority against the list, once for every provider.
 */
static int check_engine(struct accel_context *ctx, const struct accel_queue_attr *attr)
{
	struct accel_engine_info *e = NULL;
	uint32_t engine = 0, instance = 0;
	int n, i, ret = 0;

	if (!ctx->ops->query_engines)
		return 0;
	n = ctx->ops->query_engines(ctx, NULL, 0);
	if (n <= 0)
		return n;
	e = calloc((size_t)n, sizeof(*e));
	if (!e)
		return -ENOMEM;
	n = ctx->ops->query_engines(ctx, e, (uint32_t)n);
	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_ENGINE))
		engine = attr->engine;
	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_INSTANCE))
		instance = attr->instance;
	for (i = 0; i < n && e[i].id != engine; i++)
		;
	if (i == n) {
		ret = accel_set_reason(-EINVAL, "no engine %u (accel_query_engines lists them)",
				       engine);
	} else if (e[i].flags & ACCEL_ENGINE_NEEDS_PROGRAM) {
		ret = accel_set_reason(-EOPNOTSUPP,
				       "engine %u (%s) needs a program: the provider's dv call makes its queues",
				       engine, e[i].name);
	} else if (e[i].count && instance >= e[i].count) {
		ret = accel_set_reason(-EINVAL, "engine %u (%s) has %u instances, not %u",
				       engine, e[i].name, e[i].count, instance + 1);
	} else if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_PRIORITY) &&
		   (attr->priority < e[i].min_priority ||
		    attr->priority > e[i].max_priority)) {
		ret = accel_set_reason(-EINVAL, "priority %d is outside %d..%d of engine %u (%s)",
				       attr->priority, e[i].min_priority,
				       e[i].max_priority, engine, e[i].name);
	}
	free(e);
	return ret;
}

ACCEL_EXPORT struct accel_queue *accel_queue_create(struct accel_context *ctx,
						    const struct accel_queue_attr *attr)
{
	struct accel_queue *q = NULL;
	struct accel_context *c;
	int err;

	accel_call_begin();
	c = accel_ctx_get(ctx, &err);
	if (!c)
		goto fail;
	ctx = c;
	if (attr && (attr->comp_mask & ~ACCEL_QUEUE_KNOWN_MASK)) {
		err = accel_set_reason(-EINVAL, "unknown comp_mask bits 0x%x",
				       attr->comp_mask & ~ACCEL_QUEUE_KNOWN_MASK);
		goto put;
	}
	if (attr && attr->flags) {
		err = accel_set_reason(-EINVAL, "flags must be 0");
		goto put;
	}
	err = -EOPNOTSUPP;
	if (!ctx->ops->queue_create) {
		accel_set_reason(err, "the %s provider has no queues",
				 ctx->dev->provider->name);
		goto put;
	}
	err = check_engine(ctx, attr);
	if (err)
		goto put;
	errno = 0;
	q = ctx->ops->queue_create(ctx, attr);
	if (!q) {
		err = errno ? -errno : -ENOMEM;
		goto put;
	}
	q = accel_queue_publish(ctx, q);
	err = q ? 0 : -errno;
put:
	accel_ctx_put(c);
fail:
	if (err)
		return accel_fail_ptr(__func__, err);
	return q;
}

int accel_queue_kill(const void *handle)
{
	struct accel_context *ctx;
	struct accel_object *obj;
	struct accel_queue *q;
	int ret;

	ret = accel_obj_remove(handle, ACCEL_OBJ_QUEUE, &obj);
	if (ret < 0)
		return ret;
	q = container_of(obj, struct accel_queue, obj);
	if (ret == ACCEL_OBJ_INHERITED) {
		/* a fork child: close its copy of the queue fd, touch nothing else */
		if (q->ring && q->ring->efd >= 0)
			close(q->ring->efd);
		return 0;
	}
	ctx = q->ctx;
	accel_lock(&ctx->lock);
	accel_list_del(&q->link);
	accel_unlock(&ctx->lock);
	if (ctx->ops->queue_shutdown) {
		pthread_mutex_lock(&q->ring->lock);
		q->ring->shut_down = true;
		pthread_mutex_unlock(&q->ring->lock);
		ctx->ops->queue_shutdown(q);
	}
	/* its jobs let go of the BOs and queues they hold */
	accel_ring_quiesce(q);
	queue_put(q);
	return 0;
}

ACCEL_EXPORT int accel_queue_destroy(struct accel_queue *queue)
{
	int ret;

	accel_call_begin();
	ret = queue ? accel_queue_kill(queue) : -EINVAL;
	if (ret == -ESTALE)
		accel_set_reason(ret, "not a live queue");
	return accel_fail(__func__, ret);
}

/* The arguments the core can check, each refusal with its reason. */
static int check_submit(struct accel_context *ctx, const struct accel_submit *s)
{
	uint64_t end;
	uint32_t i;

	if (!s)
		return accel_set_reason(-EINVAL, "submit is NULL");
	if (s->comp_mask & ~ACCEL_SUBMIT_KNOWN_MASK)
		return accel_set_reason(-EINVAL, "unknown comp_mask bits 0x%x",
					s->comp_mask & ~ACCEL_SUBMIT_KNOWN_MASK);
	if (s->flags || s->reserved)
		return accel_set_reason(-EINVAL, "flags and reserved must be 0");
	if (s->num_bos && !s->bos)
		return accel_set_reason(-EINVAL, "num_bos %u with bos NULL", s->num_bos);
	if (s->cmd_bo && !s->cmd_size)
		return accel_set_reason(-EINVAL, "cmd_size is 0");
	if (!s->cmd_bo && (s->cmd_size || s->cmd_offset))
		return accel_set_reason(-EINVAL, "a command range without cmd_bo");
	if (s->cmd_bo && __builtin_add_overflow(s->cmd_offset, s->cmd_size, &end))
		return accel_set_reason(-EINVAL, "cmd_offset + cmd_size overflows");
	for (i = 0; i < s->num_bos; i++) {
		uint32_t a = s->bos[i].access;

		if (!a || (a & ~(uint32_t)ACCEL_ACCESS_RW))
			return accel_set_reason(-EINVAL, "bos[%u]: access 0x%x is not READ, WRITE or both",
						i, a);
	}
	if (s->comp_mask & ACCEL_SUBMIT_OUT_FENCE) {
		if (!s->out_fence_fd)
			return accel_set_reason(-EINVAL, "out_fence_fd is NULL");
		if (!ctx->ops->fence_export_sync_file)
			return accel_set_reason(-EOPNOTSUPP,
						"the %s driver cannot make a sync_file for its work",
						ctx->dev->driver);
	}
	if (s->comp_mask & ACCEL_SUBMIT_IN_FENCE) {
		if (s->num_in_fences && !s->in_fence_fds)
			return accel_set_reason(-EINVAL, "num_in_fences %u with in_fence_fds NULL",
						s->num_in_fences);
		for (i = 0; i < s->num_in_fences; i++)
			if (s->in_fence_fds[i] < 0 ||
			    fcntl(s->in_fence_fds[i], F_GETFD) < 0)
				return accel_set_reason(-EBADF, "in_fence_fds[%u] (%d) is not an open fd",
							i, s->in_fence_fds[i]);
	}
	if ((s->comp_mask & ACCEL_SUBMIT_WAIT) && s->num_wait_points &&
	    !s->wait_points)
		return accel_set_reason(-EINVAL, "num_wait_points %u with wait_points NULL",
					s->num_wait_points);
	return 0;
}

/*
 * Take the references the job keeps until it retires, translating the
 * application's handles into the objects the provider sees in *ts: its
 * command BO, its BO list (in rec) and its wait points (in pts).
 */
static int hold_objects(struct accel_queue *q, const struct accel_submit *s,
			uint32_t npoints, struct accel_job_rec *rec,
			struct accel_submit *ts, struct accel_fence_point *pts)
{
	struct accel_context *ctx = q->ctx;
	uint32_t i;
	int ret;

	if (s->cmd_bo) {
		struct accel_bo *cmd = s->cmd_bo;

		ret = accel_bo_lookup(ctx, &cmd);
		if (ret)
			return accel_set_reason(ret, "cmd_bo: %s", ret == -EXDEV ?
						"a BO of another context" : ret == -ECHILD ?
						"the parent's (inherited across fork())" :
						"not a live BO");
		rec->bos[rec->nbos].bo = cmd;
		rec->bos[rec->nbos].access = ACCEL_ACCESS_READ;
		rec->bos[rec->nbos++].slot = 0;
		ts->cmd_bo = cmd;
		if (s->cmd_offset + s->cmd_size > cmd->size)
			return accel_set_reason(-EINVAL, "the command range ends past cmd_bo (%llu bytes)",
						(unsigned long long)cmd->size);
	}
	if (s->num_bos)
		ts->bos = &rec->bos[rec->nbos];
	for (i = 0; i < s->num_bos; i++) {
		struct accel_bo_ref ref = s->bos[i];

		ret = accel_bo_lookup(ctx, &ref.bo);
		if (ret)
			return accel_set_reason(ret, "bos[%u]: %s", i, ret == -EXDEV ?
						"a BO of another context" : ret == -EINVAL ?
						"NULL" : ret == -ECHILD ?
						"the parent's (inherited across fork())" :
						"not a live BO");
		rec->bos[rec->nbos++] = ref;
	}
	if (npoints)
		ts->wait_points = pts;
	for (i = 0; i < npoints; i++) {
		const struct accel_fence_point *p = &s->wait_points[i];
		struct accel_queue *wq = p->queue;
		uint64_t last;

		/*
		 * Its own queue outlives the job anyway, and a reference
		 * would let a worker thread release the queue it runs on.
		 */
		if (wq == accel_obj_handle(&q->obj)) {
			wq = q;
		} else {
			ret = accel_queue_lookup(&wq);
			if (ret)
				return accel_set_reason(ret, "wait_points[%u]: %s", i,
							ret == -ECHILD ?
							"the parent's queue (inherited across fork())" :
							"not a live queue");
			rec->deps[rec->ndeps++] = wq;
		}
		pts[i] = *p;
		pts[i].queue = wq;
		pthread_mutex_lock(&wq->ring->lock);
		last = wq->ring->last;
		pthread_mutex_unlock(&wq->ring->lock);
		if (p->seqno > last)
			return accel_set_reason(-EINVAL, "wait_points[%u]: seqno %llu was never submitted",
						i, (unsigned long long)p->seqno);
	}
	return 0;
}

/* Dependencies the provider does not take: wait for them here, on the CPU */
static int resolve_deps(struct accel_context *ctx, const struct accel_submit *s,
			uint32_t npoints)
{
	uint32_t caps = ctx->ops->submit_caps, i;
	int ret;

	if (!(caps & ACCEL_PROV_WAIT_POINTS)) {
		for (i = 0; i < npoints; i++) {
			ret = accel_fence_point_wait(&s->wait_points[i],
						     ACCEL_DEADLINE_NEVER);
			if (ret)
				return accel_set_reason(ret == -ENOTRECOVERABLE ? -EIO : ret,
							"wait_points[%u] (seqno %llu) failed: %s", i,
							(unsigned long long)s->wait_points[i].seqno,
							strerror(-ret));
		}
	}
	if ((s->comp_mask & ACCEL_SUBMIT_IN_FENCE) && !(caps & ACCEL_PROV_IN_FENCES)) {
		for (i = 0; i < s->num_in_fences; i++) {
			ret = accel_sync_file_wait(s->in_fence_fds[i], -1);
			if (ret)
				return accel_set_reason(ret, "in_fence_fds[%u]: %s", i,
							strerror(-ret));
		}
	}
	return 0;
}

/*
 * Everything the core can check is checked before the provider sees the
 * submission. The job holds its BOs and the queues it waits on until it
 * retires; the submit lock keeps seqnos in the order the driver saw.
 */
ACCEL_EXPORT int accel_submit(struct accel_queue *queue,
			      const struct accel_submit *submit, uint64_t *seqno)
{
	struct accel_fence_point few[8], *pts = few;
	struct accel_job_rec *rec = NULL;
	struct accel_submit ts;
	struct accel_context *ctx;
	struct accel_ring *ring;
	struct accel_queue *q;
	uint32_t npoints = 0;
	uint64_t seq;
	bool reap;
	int ret;

	accel_call_begin();
	q = queue_get(queue, &ret);
	if (!q)
		goto out;
	ctx = q->ctx;
	ring = q->ring;
	ret = check_submit(ctx, submit);
	if (ret)
		goto put_q;
	if (!ctx->ops->submit) {
		ret = accel_set_reason(-EOPNOTSUPP, "the %s provider takes no submissions",
				       ctx->dev->provider->name);
		goto put_q;
	}
	if (atomic_load(&ctx->lost)) {
		ret = accel_set_reason(-ENOTRECOVERABLE, "the context is lost: close it");
		goto put_q;
	}
	if (submit->comp_mask & ACCEL_SUBMIT_WAIT)
		npoints = submit->num_wait_points;
	if (submit->num_bos > UINT32_MAX - 1) {
		ret = accel_set_reason(-EINVAL, "num_bos %u is too many", submit->num_bos);
		goto put_q;
	}
	if (npoints > ARRAY_SIZE(few)) {
		pts = calloc(npoints, sizeof(*pts));
		if (!pts) {
			ret = -ENOMEM;
			goto put_q;
		}
	}
	rec = accel_ring_job_get(ring, submit->num_bos + 1, npoints);
	if (!rec) {
		ret = -ENOMEM;
		goto put_q;
	}
	/* the provider sees objects, never the application's handles */
	ts = *submit;
	ret = hold_objects(q, submit, npoints, rec, &ts, pts);
	if (ret)
		goto abandon;
	submit = &ts;
	ret = resolve_deps(ctx, submit, npoints);
	if (ret)
		goto abandon;

	/* nflight changes under ring->lock as other threads retire jobs */
	pthread_mutex_lock(&ring->lock);
	reap = ring->nflight >= ACCEL_REAP_THRESHOLD;
	pthread_mutex_unlock(&ring->lock);
	if (reap)
		accel_ring_poll(q);
	pthread_mutex_lock(&ring->submit_lock);
	rec->job.seqno = ring->last + 1;
	accel_ring_push(ring, rec);
	ret = ctx->ops->submit(q, submit, &rec->job);
	if (ret) {
		accel_ring_unpush(ring, rec);
		pthread_mutex_unlock(&ring->submit_lock);
		if (ret == -ENOTRECOVERABLE)
			atomic_store(&ctx->lost, true);
		goto put_q;
	}
	seq = rec->job.seqno;
	/* a fast userspace backend may retire it right here */
	accel_ring_commit(q, rec);
	pthread_mutex_unlock(&ring->submit_lock);
	if (seqno)
		*seqno = seq;
	if (submit->comp_mask & ACCEL_SUBMIT_OUT_FENCE) {
		/* the work is queued either way; the fence is extra */
		ret = accel_ring_export(q, seq);
		*submit->out_fence_fd = ret >= 0 ? ret : -1;
		ret = ret >= 0 ? 0 : ret;
	}
	goto put_q;
abandon:
	accel_ring_job_abandon(ring, rec);
put_q:
	if (pts != few)
		free(pts);
	queue_put(q);
out:
	return accel_fail(__func__, ret);
}

/* point->queue is an object the caller's job holds, not a handle */
ACCEL_EXPORT int accel_fence_point_wait(const struct accel_fence_point *point,
					int64_t abs_deadline_ns)
{
	struct accel_queue *q;
	int ret;

	if (!point || !point->queue)
		return -EINVAL;
	q = point->queue;
	if (!accel_obj_live(&q->obj))
		return accel_set_reason(-ESTALE, "the queue waited on was destroyed");
	accel_obj_ref(&q->obj);
	ret = accel_ring_wait(q, point->seqno, abs_deadline_ns);
	queue_put(q);
	return ret;
}

ACCEL_EXPORT int accel_wait(struct accel_queue *queue, uint64_t seqno,
			    int64_t timeout_ns)
{
	int64_t deadline = accel_deadline(timeout_ns);
	struct accel_queue *q;
	int ret;

	accel_call_begin();
	q = queue_get(queue, &ret);
	if (!q)
		goto out;
	ret = accel_ring_wait(q, seqno, deadline);
	if (ret == -EIO || ret == -ENOTRECOVERABLE) {
		struct accel_job_status st = { 0 };

		if (!accel_ring_status(q, seqno, &st))
			accel_set_reason(ret, "seqno %llu failed: %s",
					 (unsigned long long)seqno, st.reason);
	}
	queue_put(q);
out:
	return accel_fail(__func__, ret);
}

ACCEL_EXPORT int accel_job_status(struct accel_queue *queue, uint64_t seqno,
				  struct accel_job_status *status,
				  size_t status_size)
{
	struct accel_job_status full = { 0 };
	struct accel_queue *q;
	int ret;

	accel_call_begin();
	if (!status || status_size < sizeof(status->state)) {
		ret = accel_set_reason(-EINVAL, "status is NULL or too small");
		goto out;
	}
	q = queue_get(queue, &ret);
	if (!q)
		goto out;
	ret = accel_ring_status(q, seqno, &full);
	queue_put(q);
	if (!ret)
		accel_copy_out(status, status_size, &full, sizeof(full));
out:
	return accel_fail(__func__, ret);
}

ACCEL_EXPORT int accel_fence_export_sync_file(struct accel_queue *queue,
					      uint64_t seqno)
{
	struct accel_queue *q;
	int ret;

	accel_call_begin();
	q = queue_get(queue, &ret);
	if (!q)
		goto out;
	ret = accel_ring_export(q, seqno);
	queue_put(q);
out:
	return accel_fail(__func__, ret);
}

ACCEL_EXPORT int accel_queue_get_fd(struct accel_queue *queue)
{
	struct accel_queue *q;
	int ret;

	accel_call_begin();
	q = queue_get(queue, &ret);
	if (!q)
		goto out;
	ret = q->ctx->ops->queue_get_fd ? q->ctx->ops->queue_get_fd(q) :
					  accel_ring_get_fd(q);
	queue_put(q);
out:
	return accel_fail(__func__, ret);
}

ACCEL_EXPORT int accel_queue_completed(struct accel_queue *queue, uint64_t *seqno)
{
	struct accel_queue *q;
	int ret;

	accel_call_begin();
	q = queue_get(queue, &ret);
	if (!q)
		goto out;
	if (!seqno)
		ret = accel_set_reason(-EINVAL, "seqno is NULL");
	else
		ret = accel_ring_completed(q, seqno);
	queue_put(q);
out:
	return accel_fail(__func__, ret);
}
