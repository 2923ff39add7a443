// SPDX-License-Identifier: MIT
/* Queues, submission and waiting: checks, lifetime, dispatch. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "accel_internal.h"
#include "ctx.h"

#define ACCEL_QUEUE_KNOWN_MASK (ACCEL_QUEUE_ATTR_PRIORITY | ACCEL_QUEUE_ATTR_ENGINE)
#define ACCEL_SUBMIT_KNOWN_MASK (ACCEL_SUBMIT_IN_FENCE | ACCEL_SUBMIT_OUT_FENCE)

static void queue_release(struct accel_object *obj)
{
	struct accel_queue *q = container_of(obj, struct accel_queue, obj);
	struct accel_context *ctx = q->ctx;

	if (ctx->ops->queue_destroy)
		ctx->ops->queue_destroy(q);
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
}

static struct accel_queue *queue_get(struct accel_queue *q, int *err)
{
	struct accel_object *obj = accel_obj_get(q, ACCEL_OBJ_QUEUE, err);

	return obj ? container_of(obj, struct accel_queue, obj) : NULL;
}

static void queue_put(struct accel_queue *q)
{
	accel_obj_put(&q->obj);
}

ACCEL_EXPORT int accel_queue_lookup(struct accel_queue *queue)
{
	int err;

	return queue_get(queue, &err) ? 0 : err;
}

ACCEL_EXPORT void accel_queue_put(struct accel_queue *queue)
{
	if (queue)
		queue_put(queue);
}

ACCEL_EXPORT struct accel_queue *accel_queue_create(struct accel_context *ctx,
						    const struct accel_queue_attr *attr)
{
	struct accel_queue *q = NULL;
	struct accel_context *c;
	int err;

	c = accel_ctx_get(ctx, &err);
	if (!c)
		goto fail;
	err = -EINVAL;
	if (attr && ((attr->comp_mask & ~ACCEL_QUEUE_KNOWN_MASK) || attr->flags))
		goto put;
	err = -EOPNOTSUPP;
	if (!ctx->ops->queue_create)
		goto put;
	errno = 0;
	q = ctx->ops->queue_create(ctx, attr);
	if (!q) {
		err = errno ? -errno : -ENOMEM;
		goto put;
	}
	accel_obj_ref(&ctx->obj);
	q->ctx = ctx;
	if (accel_obj_add(q, &q->obj, ACCEL_OBJ_QUEUE, queue_release)) {
		queue_release(&q->obj);
		q = NULL;
		err = -ENOMEM;
		goto put;
	}
	pthread_mutex_lock(&ctx->lock);
	if (ctx->closing) {
		pthread_mutex_unlock(&ctx->lock);
		accel_obj_remove(q, ACCEL_OBJ_QUEUE);
		queue_put(q);
		q = NULL;
		err = -ESTALE;
		goto put;
	}
	accel_list_add(&ctx->queues, &q->link);
	pthread_mutex_unlock(&ctx->lock);
	err = 0;
put:
	accel_ctx_put(c);
fail:
	if (err) {
		errno = -err;
		return NULL;
	}
	return q;
}

int accel_queue_kill(struct accel_queue *q)
{
	struct accel_context *ctx;
	int ret;

	ret = accel_obj_remove(q, ACCEL_OBJ_QUEUE);
	if (ret)
		return ret;
	ctx = q->ctx;
	pthread_mutex_lock(&ctx->lock);
	accel_list_del(&q->link);
	pthread_mutex_unlock(&ctx->lock);
	if (ctx->ops->queue_shutdown)
		ctx->ops->queue_shutdown(q);
	queue_put(q);
	return 0;
}

ACCEL_EXPORT int accel_queue_destroy(struct accel_queue *queue)
{
	if (!queue)
		return -EINVAL;
	return accel_queue_kill(queue);
}

static void put_bos(struct accel_bo *const *bos, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		accel_bo_put(bos[i]);
}

/*
 * Everything the core can check is checked before the provider sees the
 * submission; the BOs are held for the call so a concurrent free cannot
 * pull them away while the provider validates and queues the work.
 */
ACCEL_EXPORT int accel_submit(struct accel_queue *queue,
			      const struct accel_submit *submit, uint64_t *seqno)
{
	struct accel_context *ctx;
	struct accel_queue *q;
	uint64_t end;
	uint32_t i = 0;
	int ret;

	q = queue_get(queue, &ret);
	if (!q)
		return ret;
	ctx = q->ctx;
	ret = -EINVAL;
	if (!submit || (submit->comp_mask & ~ACCEL_SUBMIT_KNOWN_MASK) ||
	    submit->flags || !submit->cmd_bo || !submit->cmd_size ||
	    (submit->num_bos && !submit->bos))
		goto put_q;
	if ((submit->comp_mask & ACCEL_SUBMIT_OUT_FENCE) && !submit->out_fence_fd)
		goto put_q;
	if (submit->comp_mask & ACCEL_SUBMIT_IN_FENCE) {
		ret = -EBADF;
		if (submit->in_fence_fd < 0 ||
		    fcntl(submit->in_fence_fd, F_GETFD) < 0)
			goto put_q;
	}
	ret = -EOPNOTSUPP;
	if (!ctx->ops->submit)
		goto put_q;

	ret = accel_bo_lookup(ctx, submit->cmd_bo);
	if (ret)
		goto put_q;
	if (__builtin_add_overflow(submit->cmd_offset, submit->cmd_size, &end) ||
	    end > submit->cmd_bo->size) {
		ret = -EINVAL;
		goto put_cmd;
	}
	for (i = 0; i < submit->num_bos; i++) {
		ret = accel_bo_lookup(ctx, submit->bos[i]);
		if (ret)
			goto put_bos;
	}
	ret = ctx->ops->submit(q, submit, seqno);
put_bos:
	put_bos(submit->bos, i);
put_cmd:
	accel_bo_put(submit->cmd_bo);
put_q:
	queue_put(q);
	return ret;
}

ACCEL_EXPORT int accel_wait(struct accel_queue *queue, uint64_t seqno,
			    int64_t timeout_ns)
{
	struct accel_queue *q;
	int ret;

	q = queue_get(queue, &ret);
	if (!q)
		return ret;
	ret = q->ctx->ops->wait ? q->ctx->ops->wait(q, seqno, timeout_ns) :
				  -EOPNOTSUPP;
	queue_put(q);
	return ret;
}

ACCEL_EXPORT int accel_queue_get_fd(struct accel_queue *queue)
{
	struct accel_queue *q;
	int ret;

	q = queue_get(queue, &ret);
	if (!q)
		return ret;
	ret = q->ctx->ops->queue_get_fd ? q->ctx->ops->queue_get_fd(q) :
					  -EOPNOTSUPP;
	queue_put(q);
	return ret;
}

ACCEL_EXPORT int accel_queue_completed(struct accel_queue *queue, uint64_t *seqno)
{
	struct accel_queue *q;
	int ret;

	q = queue_get(queue, &ret);
	if (!q)
		return ret;
	if (!seqno)
		ret = -EINVAL;
	else
		ret = q->ctx->ops->queue_completed ?
			      q->ctx->ops->queue_completed(q, seqno) :
			      -EOPNOTSUPP;
	queue_put(q);
	return ret;
}
