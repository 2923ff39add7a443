// SPDX-License-Identifier: MIT
/*
 * The soft device's command processor: a validator that turns a whole
 * command stream into resolved operations before anything runs (so a bad
 * stream fails the submit and executes nothing), and the executor the
 * queue workers call. The format is specified in accel_soft(7).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "soft.h"

/*
 * Host address of [addr, addr + len) if one BO of the list holds all of
 * it and the job may touch it that way; else NULL and *why says which
 * rule the range broke.
 */
static void *soft_resolve(const struct soft_job_bo *bos, uint32_t nbos,
			  uint64_t addr, uint64_t len, bool write,
			  const char **why)
{
	uint32_t i;

	if (!len) {
		*why = "zero length";
		return NULL;
	}
	if (addr + len < addr) {
		*why = "address range overflows 64 bits";
		return NULL;
	}
	for (i = 0; i < nbos; i++) {
		const struct soft_bo *bo = bos[i].bo;
		uint64_t start = bo->base.device_addr, size = bo->base.size;

		if (addr < start || addr - start >= size ||
		    len > size - (addr - start))
			continue;
		if (write && !(bos[i].access & ACCEL_ACCESS_WRITE)) {
			*why = "writes a BO the submission lists without ACCEL_ACCESS_WRITE";
			return NULL;
		}
		if (!write && !(bos[i].access & ACCEL_ACCESS_READ)) {
			*why = "reads a BO the submission lists without ACCEL_ACCESS_READ";
			return NULL;
		}
		if (write && bo->readonly) {
			*why = "writes a read-only dma-buf import";
			return NULL;
		}
		return (char *)bo->mem + (addr - start);
	}
	*why = "address range not inside one BO of the submission";
	return NULL;
}

static bool soft_ranges_overlap(uint64_t a, uint64_t b, uint64_t len)
{
	return a < b + len && b < a + len;
}

/* Validate one command and fill op; NULL, or the rule it broke */
static const char *soft_cmd_decode(const unsigned char *p, uint32_t size,
				   const struct soft_job_bo *bos, uint32_t nbos,
				   struct soft_op *op)
{
	struct softdv_cmd_header hdr;
	const char *why = NULL;

	memcpy(&hdr, p, sizeof(hdr));
	memset(op, 0, sizeof(*op));
	op->opcode = hdr.opcode;

	switch (hdr.opcode) {
	case SOFTDV_OP_NOP:
		return NULL;
	case SOFTDV_OP_COPY: {
		struct softdv_cmd_copy c;

		if (size != sizeof(c))
			return "COPY size is not 32";
		memcpy(&c, p, sizeof(c));
		if (c.dst + c.size < c.dst || c.src + c.size < c.src)
			return "COPY range overflows 64 bits";
		if (soft_ranges_overlap(c.dst, c.src, c.size))
			return "COPY ranges overlap";
		op->src = soft_resolve(bos, nbos, c.src, c.size, false, &why);
		if (op->src)
			op->dst = soft_resolve(bos, nbos, c.dst, c.size, true, &why);
		op->size = c.size;
		break;
	}
	case SOFTDV_OP_FILL: {
		struct softdv_cmd_fill c;

		if (size != sizeof(c))
			return "FILL size is not 32";
		memcpy(&c, p, sizeof(c));
		if (c.reserved)
			return "FILL reserved field is not 0";
		if ((c.dst | c.size) & 3)
			return "FILL dst or size not a multiple of 4";
		op->dst = soft_resolve(bos, nbos, c.dst, c.size, true, &why);
		op->size = c.size;
		op->pattern = c.pattern;
		op->src = op->dst;	/* only dst matters */
		break;
	}
	case SOFTDV_OP_WRITE_VALUE: {
		struct softdv_cmd_write_value c;

		if (size != sizeof(c))
			return "WRITE_VALUE size is not 24";
		memcpy(&c, p, sizeof(c));
		if (c.dst & 7)
			return "WRITE_VALUE dst not 8-byte aligned";
		op->dst = soft_resolve(bos, nbos, c.dst, 8, true, &why);
		op->value = c.value;
		op->src = op->dst;
		break;
	}
	case SOFTDV_OP_WAIT_VALUE: {
		struct softdv_cmd_wait_value c;

		if (size != sizeof(c))
			return "WAIT_VALUE size is not 48";
		memcpy(&c, p, sizeof(c));
		if (c.reserved)
			return "WAIT_VALUE reserved field is not 0";
		if (c.addr & 7)
			return "WAIT_VALUE addr not 8-byte aligned";
		if (c.cmp > SOFTDV_WAIT_LT)
			return "WAIT_VALUE cmp unknown";
		op->src = soft_resolve(bos, nbos, c.addr, 8, false, &why);
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
			return "TIMESTAMP size is not 16";
		memcpy(&c, p, sizeof(c));
		if (c.dst & 7)
			return "TIMESTAMP dst not 8-byte aligned";
		op->dst = soft_resolve(bos, nbos, c.dst, 8, true, &why);
		op->src = op->dst;
		break;
	}
	default:
		return "unknown opcode";
	}
	/* every address must lie in a BO of the submit */
	return op->dst && op->src ? NULL : why;
}

/*
 * *ops and *ops_cap are the caller's array, reused across jobs: it grows
 * here when a stream needs more room and is never freed here.
 */
int soft_cmd_parse(const void *stream, uint64_t size,
		   const struct soft_job_bo *bos, uint32_t nbos,
		   struct soft_op **ops_out, uint32_t *ops_cap,
		   uint32_t *nops_out)
{
	const unsigned char *p = stream;
	struct softdv_cmd_header hdr;
	struct soft_op *ops = *ops_out, op;
	uint32_t nops = 0, cap = *ops_cap, index = 0;
	const char *why;
	uint64_t off = 0;
	int ret;

	*nops_out = 0;
	if (size % 8)
		return accel_set_reason(-EINVAL, "soft: cmd_size %llu is not a multiple of 8",
					(unsigned long long)size);
	if (size > SOFTDV_MAX_CMD_SIZE)
		return accel_set_reason(-EINVAL, "soft: cmd_size %llu is above SOFTDV_MAX_CMD_SIZE",
					(unsigned long long)size);
	for (; off < size; index++) {
		if (size - off < sizeof(hdr)) {
			why = "truncated header";
			goto bad;
		}
		memcpy(&hdr, p + off, sizeof(hdr));
		if (hdr.flags)
			why = "header flags are not 0";
		else if (hdr.size < sizeof(hdr))
			why = "size below 8";
		else if (hdr.size % 8)
			why = "size not a multiple of 8";
		else if (hdr.size > size - off)
			why = "runs past the end of the stream";
		else
			why = soft_cmd_decode(p + off, hdr.size, bos, nbos, &op);
		if (why)
			goto bad;
		off += hdr.size;
		if (op.opcode == SOFTDV_OP_NOP)
			continue;
		if (nops == cap) {
			struct soft_op *n;

			cap = cap ? cap * 2 : 8;
			n = realloc(ops, cap * sizeof(*ops));
			if (!n) {
				ret = accel_set_reason(-ENOMEM, "soft: no memory for %u commands",
						       cap);
				return ret;
			}
			ops = n;
			*ops_out = ops;
			*ops_cap = cap;
		}
		op.index = index;
		ops[nops++] = op;
	}
	*nops_out = nops;
	return 0;
bad:
	return accel_set_reason(-EINVAL, "soft: cmd %u at offset %llu: %s", index,
				(unsigned long long)off, why);
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

/*
 * fork(): hold the lock across it; the child gets a fresh condition,
 * since its waiters (worker threads) do not exist there and glibc's
 * broadcast could wait for them.
 */
static void soft_mem_prepare(void)
{
	pthread_once(&soft_mem_once, soft_mem_init);
	pthread_mutex_lock(&soft_mem_lock);
}

static void soft_mem_parent(void)
{
	pthread_mutex_unlock(&soft_mem_lock);
}

static void soft_mem_child(void)
{
	soft_mem_init();
	pthread_mutex_unlock(&soft_mem_lock);
}

static void __attribute__((constructor)) soft_mem_atfork(void)
{
	/* glibc drops these handlers when the plugin is unloaded */
	pthread_atfork(soft_mem_prepare, soft_mem_parent, soft_mem_child);
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
static int soft_wait_value(struct soft_queue *q, const struct soft_op *op,
			   char *reason, size_t len)
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
		if (soft_queue_aborting(q)) {
			snprintf(reason, len, "cmd %u WAIT_VALUE aborted: queue destroyed or context closed",
				 op->index);
			return -ECANCELED;
		}
		now = accel_now_ns();
		if (now >= deadline) {
			snprintf(reason, len, "cmd %u WAIT_VALUE timed out after %llu ns",
				 op->index, (unsigned long long)op->timeout_ns);
			return -ETIME;
		}
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

/* 16 bytes of pattern: GCC lowers it to one vector store where there is one */
typedef uint64_t soft_v2u64 __attribute__((vector_size(16)));

#ifdef __x86_64__
/* glibc's memset turns to rep stosb from this size (rep_stosb_threshold) */
#define SOFT_FILL_REP 2048

/*
 * rep stosq: fast-string stores write whole lines without reading them
 * first, where ordinary stores of lines not in the cache read each one
 * (read for ownership). 16 MiB, one thread, alternating: the 16-byte
 * loop took 1.13-1.17x memset's time, rep stosq 1.00x. dst is 4-aligned
 * and the pattern has a period of 4, so after at most one 4-byte store
 * every aligned 8 bytes are the same two copies.
 */
static void soft_fill_rep(char *d, uint64_t size, uint64_t pat)
{
	uint64_t n;

	if ((uintptr_t)d & 4) {
		memcpy(d, &pat, 4);
		d += 4;
		size -= 4;
	}
	n = size / 8;
	__asm__ volatile("rep stosq" : "+D"(d), "+c"(n) : "a"(pat) : "memory");
	if (size & 4)
		memcpy(d, &pat, 4);
}
#endif

/*
 * FILL as memset does it: 64 bytes a step in 16-byte stores. The plain
 * 32-bit loop is not vectorised at -O2 (the flags distributions build
 * with) and ran at a third of memset's speed. dst and size are
 * multiples of 4 (soft_cmd_parse()).
 */
static void soft_fill(void *dst, uint64_t size, uint32_t pattern)
{
	uint64_t pat = (uint64_t)pattern << 32 | pattern, i = 0;
	soft_v2u64 v = { pat, pat };
	char *d = dst;

	if ((pattern & 0xff) * 0x01010101u == pattern) {
		memset(dst, pattern & 0xff, size);
		return;
	}
#ifdef __x86_64__
	if (size >= SOFT_FILL_REP) {
		soft_fill_rep(dst, size, pat);
		return;
	}
#endif
	for (; i + 64 <= size; i += 64) {
		memcpy(d + i, &v, 16);
		memcpy(d + i + 16, &v, 16);
		memcpy(d + i + 32, &v, 16);
		memcpy(d + i + 48, &v, 16);
	}
	for (; i < size; i += 4)
		memcpy(d + i, &pattern, 4);
}

int soft_cmd_run(struct soft_queue *q, const struct soft_op *op,
		 char *reason, size_t reason_len)
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
		return soft_wait_value(q, op, reason, reason_len);
	default:
		return 0;
	}
}
