// SPDX-License-Identifier: MIT
/*
 * The soft device's command processor: a validator that turns a whole
 * command stream into resolved operations before anything runs (so a bad
 * stream fails the submit and executes nothing), and the executor the
 * queue workers call. The format is specified in accel_soft(7).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "soft.h"

/* Host address of [addr, addr + len) if one BO of the list holds all of it */
static void *soft_resolve(struct soft_bo *const *bos, uint32_t nbos,
			  uint64_t addr, uint64_t len, bool write)
{
	uint32_t i;

	if (!len || addr + len < addr)
		return NULL;
	for (i = 0; i < nbos; i++) {
		const struct soft_bo *bo = bos[i];
		uint64_t start = bo->base.device_addr, size = bo->base.size;

		if (addr < start || addr - start >= size ||
		    len > size - (addr - start))
			continue;
		if (write && bo->readonly)
			return NULL;
		return (char *)bo->mem + (addr - start);
	}
	return NULL;
}

static bool soft_ranges_overlap(uint64_t a, uint64_t b, uint64_t len)
{
	return a < b + len && b < a + len;
}

/* Validate one command and fill op; 0 or -EINVAL */
static int soft_cmd_decode(const unsigned char *p, uint32_t size,
			   struct soft_bo *const *bos, uint32_t nbos,
			   struct soft_op *op)
{
	struct softdv_cmd_header hdr;

	memcpy(&hdr, p, sizeof(hdr));
	memset(op, 0, sizeof(*op));
	op->opcode = hdr.opcode;

	switch (hdr.opcode) {
	case SOFTDV_OP_NOP:
		return 0;
	case SOFTDV_OP_COPY: {
		struct softdv_cmd_copy c;

		if (size != sizeof(c))
			return -EINVAL;
		memcpy(&c, p, sizeof(c));
		if (c.dst + c.size < c.dst || c.src + c.size < c.src ||
		    soft_ranges_overlap(c.dst, c.src, c.size))
			return -EINVAL;
		op->dst = soft_resolve(bos, nbos, c.dst, c.size, true);
		op->src = soft_resolve(bos, nbos, c.src, c.size, false);
		op->size = c.size;
		break;
	}
	case SOFTDV_OP_FILL: {
		struct softdv_cmd_fill c;

		if (size != sizeof(c))
			return -EINVAL;
		memcpy(&c, p, sizeof(c));
		if (c.reserved || (c.dst | c.size) & 3)
			return -EINVAL;
		op->dst = soft_resolve(bos, nbos, c.dst, c.size, true);
		op->size = c.size;
		op->pattern = c.pattern;
		op->src = op->dst;	/* only dst matters */
		break;
	}
	case SOFTDV_OP_WRITE_VALUE: {
		struct softdv_cmd_write_value c;

		if (size != sizeof(c))
			return -EINVAL;
		memcpy(&c, p, sizeof(c));
		if (c.dst & 7)
			return -EINVAL;
		op->dst = soft_resolve(bos, nbos, c.dst, 8, true);
		op->value = c.value;
		op->src = op->dst;
		break;
	}
	case SOFTDV_OP_WAIT_VALUE: {
		struct softdv_cmd_wait_value c;

		if (size != sizeof(c))
			return -EINVAL;
		memcpy(&c, p, sizeof(c));
		if (c.reserved || c.addr & 7 || c.cmp > SOFTDV_WAIT_LT)
			return -EINVAL;
		op->src = soft_resolve(bos, nbos, c.addr, 8, false);
		op->dst = (void *)op->src;
		op->value = c.value;
		op->mask = c.mask;
		op->cmp = c.cmp;
		op->timeout_ns = c.timeout_ns;
		break;
	}
	case SOFTDV_OP_TIMESTAMP: {
		struct softdv_cmd_timestamp c;

		if (size != sizeof(c))
			return -EINVAL;
		memcpy(&c, p, sizeof(c));
		if (c.dst & 7)
			return -EINVAL;
		op->dst = soft_resolve(bos, nbos, c.dst, 8, true);
		op->src = op->dst;
		break;
	}
	default:
		return -EINVAL;
	}
	/* every address must lie in a BO of the submit */
	return op->dst && op->src ? 0 : -EINVAL;
}

/*
 * *ops and *ops_cap are the caller's array, reused across jobs: it grows
 * here when a stream needs more room and is never freed here.
 */
int soft_cmd_parse(const void *stream, uint64_t size, struct soft_bo *const *bos,
		   uint32_t nbos, struct soft_op **ops_out, uint32_t *ops_cap,
		   uint32_t *nops_out)
{
	const unsigned char *p = stream;
	struct softdv_cmd_header hdr;
	struct soft_op *ops = *ops_out, op;
	uint32_t nops = 0, cap = *ops_cap;
	uint64_t off = 0;
	int ret;

	if (size % 8 || size > SOFTDV_MAX_CMD_SIZE)
		return -EINVAL;
	while (off < size) {
		ret = -EINVAL;
		if (size - off < sizeof(hdr))
			goto err;	/* truncated */
		memcpy(&hdr, p + off, sizeof(hdr));
		if (hdr.flags || hdr.size < sizeof(hdr) || hdr.size % 8 ||
		    hdr.size > size - off)
			goto err;
		ret = soft_cmd_decode(p + off, hdr.size, bos, nbos, &op);
		if (ret)
			goto err;
		off += hdr.size;
		if (op.opcode == SOFTDV_OP_NOP)
			continue;
		if (nops == cap) {
			struct soft_op *n;

			cap = cap ? cap * 2 : 8;
			n = realloc(ops, cap * sizeof(*ops));
			if (!n) {
				ret = -ENOMEM;
				goto err;
			}
			ops = n;
			*ops_out = ops;
			*ops_cap = cap;
		}
		ops[nops++] = op;
	}
	*nops_out = nops;
	return 0;
err:
	*nops_out = 0;
	return ret;
}

/* WAIT_VALUE wake-ups: WRITE_VALUE and aborts bump the generation */
static pthread_mutex_t soft_mem_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t soft_mem_cond;
static pthread_once_t soft_mem_once = PTHREAD_ONCE_INIT;
static _Atomic uint64_t soft_mem_gen;

static void soft_mem_init(void)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&soft_mem_cond, &attr);
	pthread_condattr_destroy(&attr);
}

void soft_mem_kick(void)
{
	pthread_once(&soft_mem_once, soft_mem_init);
	pthread_mutex_lock(&soft_mem_lock);
	atomic_fetch_add(&soft_mem_gen, 1);
	pthread_cond_broadcast(&soft_mem_cond);
	pthread_mutex_unlock(&soft_mem_lock);
}

static bool soft_wait_done(const struct soft_op *op, uint64_t v)
{
	v &= op->mask;
	switch (op->cmp) {
	case SOFTDV_WAIT_EQ:
		return v == op->value;
	case SOFTDV_WAIT_NEQ:
		return v != op->value;
	case SOFTDV_WAIT_GTE:
		return v >= op->value;
	default:
		return v < op->value;
	}
}

/*
 * Device writes (WRITE_VALUE on any queue) wake the waiter at once; CPU
 * writes through a mapping are seen by polling, at most 1 ms late.
 */
static int soft_wait_value(struct soft_queue *q, const struct soft_op *op)
{
	int64_t now = accel_now_ns(), backoff = 1000, deadline = INT64_MAX;
	const uint64_t *addr = op->src;
	struct timespec ts;
	uint64_t gen;

	pthread_once(&soft_mem_once, soft_mem_init);
	if (op->timeout_ns && op->timeout_ns < (uint64_t)(INT64_MAX - now))
		deadline = now + (int64_t)op->timeout_ns;
	for (;;) {
		gen = atomic_load(&soft_mem_gen);
		if (soft_wait_done(op, __atomic_load_n(addr, __ATOMIC_ACQUIRE)))
			return 0;
		if (atomic_load(&q->abort_waits))
			return -ECANCELED;
		now = accel_now_ns();
		if (now >= deadline)
			return -ETIME;
		now += backoff < deadline - now ? backoff : deadline - now;
		ts.tv_sec = now / 1000000000;
		ts.tv_nsec = now % 1000000000;
		pthread_mutex_lock(&soft_mem_lock);
		if (atomic_load(&soft_mem_gen) == gen)
			pthread_cond_timedwait(&soft_mem_cond, &soft_mem_lock, &ts);
		pthread_mutex_unlock(&soft_mem_lock);
		if (atomic_load(&soft_mem_gen) != gen)
			backoff = 1000;
		else if (backoff < 1000000)
			backoff *= 2;
	}
}

static void soft_fill(void *dst, uint64_t size, uint32_t pattern)
{
	uint32_t *p = dst;
	uint64_t i;

	if ((pattern & 0xff) * 0x01010101u == pattern) {
		memset(dst, pattern & 0xff, size);
		return;
	}
	for (i = 0; i < size / 4; i++)
		p[i] = pattern;
}

int soft_cmd_run(struct soft_queue *q, const struct soft_op *op)
{
	switch (op->opcode) {
	case SOFTDV_OP_COPY:
		memcpy(op->dst, op->src, op->size);
		return 0;
	case SOFTDV_OP_FILL:
		soft_fill(op->dst, op->size, op->pattern);
		return 0;
	case SOFTDV_OP_WRITE_VALUE:
		__atomic_store_n((uint64_t *)op->dst, op->value, __ATOMIC_RELEASE);
		soft_mem_kick();
		return 0;
	case SOFTDV_OP_TIMESTAMP:
		__atomic_store_n((uint64_t *)op->dst, (uint64_t)accel_now_ns(),
				 __ATOMIC_RELEASE);
		return 0;
	case SOFTDV_OP_WAIT_VALUE:
		return soft_wait_value(q, op);
	default:
		return 0;
	}
}
