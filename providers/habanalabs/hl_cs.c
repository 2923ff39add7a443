// SPDX-License-Identifier: MIT
/*
 * habanalabs provider: queues, command submission and waiting.
 *
 * A libaccel queue names one H/W queue (ACCEL_QUEUE_ATTR_ENGINE, default
 * queue 0, GAUDI2_QUEUE_ID_PDMA_0_0). accel_submit() sends one CS with one
 * chunk: the command bytes are executed in place from the command BO's
 * device address (cmd_bo's device VA + cmd_offset, cmd_size bytes) as a
 * user-allocated CB (HL_CS_CHUNK_FLAGS_USER_ALLOC_CB), which is what
 * Gaudi2's queues take. Any BO of the context has a device VA: device
 * memory, host memory, or a command buffer from hldv_cb_alloc(). Sequence
 * numbers are the kernel's, per context; accel_wait() converts its ns
 * timeout to HL_WAIT_CS's microseconds (rounded up, so a short wait does
 * not become a poll).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "hl.h"

struct accel_queue *hl_queue_create(struct accel_context *c,
				    const struct accel_queue_attr *attr)
{
	struct hl_context *ctx = to_hl_ctx(c);
	uint32_t qi = 0;
	struct hl_queue *q;

	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_PRIORITY) && attr->priority) {
		errno = EOPNOTSUPP;	/* habanalabs queues have no priority */
		return NULL;
	}
	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_ENGINE))
		qi = attr->engine;
	/* the CPU queue and past it are the driver's */
	if (ctx->hw.device_id == 0x1020 && qi >= GAUDI2_QUEUE_ID_CPU_PQ) {
		errno = EINVAL;
		return NULL;
	}
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	accel_init_queue(&q->base, c, attr);
	q->queue_index = qi;
	pthread_mutex_init(&q->lock, NULL);
	return &q->base;
}

void hl_queue_destroy(struct accel_queue *queue)
{
	struct hl_queue *q = to_hl_queue(queue);

	pthread_mutex_destroy(&q->lock);
	free(q);
}

static int cs_submit(struct hl_queue *q, struct hl_cs_chunk *chunks, uint32_t num,
		     uint64_t *seqno)
{
	union hl_cs_args a = { 0 };
	int ret;

	a.in.chunks_execute = (uintptr_t)chunks;
	a.in.num_chunks_execute = num;
	ret = hl_ioctl(q->base.ctx->fd, DRM_IOCTL_HL_CS, &a);
	if (ret)
		return ret == -EBUSY ? -EIO : ret;	/* EBUSY: device in reset */
	pthread_mutex_lock(&q->lock);
	if (a.out.seq > q->last_seq)
		q->last_seq = a.out.seq;
	pthread_mutex_unlock(&q->lock);
	if (seqno)
		*seqno = a.out.seq;
	return 0;
}

int hl_submit(struct accel_queue *queue, const struct accel_submit *s, uint64_t *seqno)
{
	struct hl_queue *q = to_hl_queue(queue);
	struct hl_cs_chunk chunk = { 0 };

	if (s->comp_mask & (ACCEL_SUBMIT_IN_FENCE | ACCEL_SUBMIT_OUT_FENCE))
		return -EOPNOTSUPP;	/* habanalabs has no sync_file fences */
	if (!s->cmd_size || s->cmd_size > UINT32_MAX || !s->cmd_bo->device_addr)
		return -EINVAL;
	chunk.cb_handle = s->cmd_bo->device_addr + s->cmd_offset;
	chunk.cb_size = (uint32_t)s->cmd_size;
	chunk.queue_index = q->queue_index;
	chunk.cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;
	return cs_submit(q, &chunk, 1, seqno);
}

/* one HL_WAIT_CS: 1 complete, 0 busy, or -errno */
static int wait_once(int fd, uint64_t seq, uint64_t timeout_us)
{
	union hl_wait_cs_args a = { 0 };
	int ret;

	a.in.seq = seq;
	a.in.timeout_us = timeout_us;
	ret = ioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a) < 0 ? -errno : 0;
	switch (ret) {
	case 0:
		return a.out.status == HL_WAIT_CS_STATUS_COMPLETED;
	case -ETIMEDOUT:	/* the device timed the CS out */
	case -EIO:		/* aborted by a reset */
		return -EIO;
	case -EBUSY:		/* device in reset: the CS will not complete */
		accel_err("habanalabs: device not operational, CS %llu lost",
			  (unsigned long long)seq);
		return -EIO;
	default:
		return ret;	/* EINTR, EINVAL (never submitted), ENODEV */
	}
}

int hl_wait(struct accel_queue *queue, uint64_t seqno, int64_t timeout_ns)
{
	struct hl_queue *q = to_hl_queue(queue);
	int64_t now = accel_now_ns(), deadline = 0;
	int ret;

	/* a deadline past the clock's range is no deadline */
	if (timeout_ns > 0 && timeout_ns > INT64_MAX - now)
		timeout_ns = -1;
	else if (timeout_ns > 0)
		deadline = now + timeout_ns;

	for (;;) {
		uint64_t us;

		if (timeout_ns == 0) {
			us = 0;
		} else if (timeout_ns < 0) {
			us = 0x7fffffffffffffffull;	/* MAX_SCHEDULE_TIMEOUT */
		} else {
			int64_t left = deadline - accel_now_ns();

			us = left > 0 ? (uint64_t)(left + 999) / 1000 : 0;
		}
		ret = wait_once(queue->ctx->fd, seqno, us);
		if (ret != -EINTR)
			break;
	}
	if (ret < 0)
		return ret;
	if (!ret)
		return -ETIMEDOUT;
	pthread_mutex_lock(&q->lock);
	if (seqno > q->completed && seqno <= q->last_seq)
		q->completed = seqno;
	pthread_mutex_unlock(&q->lock);
	return 0;
}

int hl_queue_completed(struct accel_queue *queue, uint64_t *seqno)
{
	struct hl_queue *q = to_hl_queue(queue);
	uint64_t last, done;
	int ret;

	pthread_mutex_lock(&q->lock);
	last = q->last_seq;
	done = q->completed;
	pthread_mutex_unlock(&q->lock);
	/* a H/W queue runs in order: the last one done means all are */
	if (last > done) {
		ret = wait_once(queue->ctx->fd, last, 0);
		if (ret < 0)
			return ret;
		if (ret) {
			pthread_mutex_lock(&q->lock);
			if (last > q->completed)
				q->completed = last;
			pthread_mutex_unlock(&q->lock);
		}
	}
	pthread_mutex_lock(&q->lock);
	*seqno = q->completed;
	pthread_mutex_unlock(&q->lock);
	return 0;
}

HLDV_EXPORT int hldv_submit(struct accel_queue *queue, const struct hldv_cs_chunk *chunks,
			    uint32_t num, uint64_t *seqno)
{
	struct hl_cs_chunk *hc;
	uint32_t i;
	int ret;

	if (!queue || !chunks || !num || num > HL_MAX_JOBS_PER_CS)
		return -EINVAL;
	/* hold the queue (and so its context) for the whole call */
	ret = accel_queue_lookup(queue);
	if (ret)
		return ret;
	if (!hl_is_ctx(queue->ctx)) {
		accel_queue_put(queue);
		return -EOPNOTSUPP;
	}
	hc = calloc(num, sizeof(*hc));
	if (!hc) {
		accel_queue_put(queue);
		return -ENOMEM;
	}
	for (i = 0; i < num; i++) {
		const struct hldv_cs_chunk *c = &chunks[i];

		ret = c->cb ? accel_bo_lookup(queue->ctx, c->cb) : -EINVAL;
		if (ret)
			goto out;
		if (!c->size || c->offset > c->cb->size || c->size > c->cb->size - c->offset) {
			accel_bo_put(c->cb);
			ret = -EINVAL;
			goto out;
		}
		hc[i].cb_handle = c->cb->device_addr + c->offset;
		hc[i].cb_size = c->size;
		hc[i].queue_index = c->queue_index;
		hc[i].cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;
	}
	ret = cs_submit(to_hl_queue(queue), hc, num, seqno);
out:
	/* drop the references the lookups took */
	while (i-- > 0)
		accel_bo_put(chunks[i].cb);
	free(hc);
	accel_queue_put(queue);
	return ret;
}
