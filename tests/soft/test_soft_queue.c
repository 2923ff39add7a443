// SPDX-License-Identifier: MIT
/*
 * Description: soft queues: creation attributes, the seqno timeline,
 * accel_wait timeouts, the pollable fd, cross-queue WAIT_VALUE, teardown
 * with work in flight, and BOs kept alive by work in flight.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "soft_test.h"

static void test_create_attrs(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue_attr attr = { 0 };
	struct accel_queue *q;

	errno = 0;
	assert_null(accel_queue_create(NULL, NULL));
	assert_int_equal(errno, EINVAL);
	st_assert_reason(NULL);

	attr.comp_mask = ACCEL_QUEUE_ATTR_PRIORITY | ACCEL_QUEUE_ATTR_ENGINE;
	/* the core holds a priority to the engine's range, 0..0 on soft */
	attr.priority = 5;
	errno = 0;
	assert_null(accel_queue_create(ctx, &attr));
	assert_int_equal(errno, EINVAL);
	st_assert_reason("outside 0..0");
	attr.priority = 0;
	q = accel_queue_create(ctx, &attr);
	assert_non_null(q);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_queue_destroy(q), -ESTALE);
	st_assert_reason(NULL);
	assert_int_equal(accel_queue_destroy(NULL), -EINVAL);
	st_assert_reason(NULL);

	/* one engine only */
	attr.engine = 1;
	errno = 0;
	assert_null(accel_queue_create(ctx, &attr));
	assert_int_equal(errno, EINVAL);
	st_assert_reason(NULL);
	attr.engine = 0;
	attr.flags = 1;
	errno = 0;
	assert_null(accel_queue_create(ctx, &attr));
	assert_int_equal(errno, EINVAL);
	st_assert_reason(NULL);
	attr.flags = 0;
	attr.comp_mask = 1u << 9;
	errno = 0;
	assert_null(accel_queue_create(ctx, &attr));
	assert_int_equal(errno, EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_close_device(ctx), 0);
}

/* A job that waits for the CPU to write 1 at gate's first word */
static uint64_t submit_gated(struct accel_queue *q, struct accel_context *ctx,
			     struct accel_bo *gate, int64_t timeout)
{
	struct st_cs cs;
	uint64_t seqno;

	st_cs_init(&cs, ctx);
	cs.len += softdv_emit_wait_value(cs.p, accel_bo_device_addr(gate), 1,
					 ~0ull, SOFTDV_WAIT_EQ, (uint64_t)timeout);
	assert_int_equal(st_cs_submit(q, &cs, &seqno, gate, NULL), 0);
	st_cs_fini(&cs);	/* the job holds the command BO */
	return seqno;
}

static void open_gate(uint64_t *gate)
{
	__atomic_store_n(gate, 1, __ATOMIC_RELEASE);
}

static void test_timeline(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	uint64_t *g, s, done;
	struct accel_bo *gate = st_alloc_mapped(ctx, 4096, (void **)&g);
	struct st_cs cs;

	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 0);
	/* nothing submitted: seqno 0 is done, 1 does not exist */
	assert_int_equal(accel_wait(q, 0, 0), 0);
	assert_int_equal(accel_wait(q, 1, 0), -EINVAL);
	st_assert_reason(NULL);

	s = submit_gated(q, ctx, gate, 0);
	assert_int_equal(s, 1);
	st_cs_init(&cs, ctx);
	cs.len += softdv_emit_nop(cs.p);
	assert_int_equal(st_cs_submit(q, &cs, &s, NULL), 0);
	assert_int_equal(s, 2);

	/* blocked: a poll and a short wait both time out */
	assert_int_equal(accel_wait(q, 2, 0), -ETIMEDOUT);
	assert_int_equal(accel_wait(q, 1, 20000000), -ETIMEDOUT);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 0);
	assert_int_equal(accel_wait(q, 3, -1), -EINVAL);
	st_assert_reason(NULL);

	open_gate(g);
	assert_int_equal(accel_wait(q, 2, -1), 0);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 2);
	assert_int_equal(accel_wait(q, 1, 0), 0);

	assert_int_equal(accel_queue_completed(q, NULL), -EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_queue_completed(NULL, &done), -EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_wait(NULL, 1, 0), -EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_queue_fd(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	uint64_t *g, s, done, cnt;
	struct accel_bo *gate = st_alloc_mapped(ctx, 4096, (void **)&g);
	struct pollfd p;
	int fd;

	fd = accel_queue_get_fd(q);
	assert_true(fd >= 0);
	/* the fd belongs to the queue and stays the same */
	assert_int_equal(accel_queue_get_fd(q), fd);
	p.fd = fd;
	p.events = POLLIN;
	assert_int_equal(poll(&p, 1, 0), 0);

	s = submit_gated(q, ctx, gate, 0);
	assert_int_equal(poll(&p, 1, 10), 0);
	open_gate(g);
	/* an event loop: poll, read the count, ask what completed */
	assert_int_equal(poll(&p, 1, 10000), 1);
	assert_true(p.revents & POLLIN);
	assert_int_equal(read(fd, &cnt, sizeof(cnt)), sizeof(cnt));
	assert_true(cnt >= 1);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, s);
	assert_int_equal(poll(&p, 1, 0), 0);
	assert_int_equal(accel_queue_get_fd(NULL), -EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_close_device(ctx), 0);
}

/* q1 waits for q2's WRITE_VALUE, then copies what q2 filled */
static void test_cross_queue(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q1 = accel_queue_create(ctx, NULL);
	struct accel_queue *q2 = accel_queue_create(ctx, NULL);
	unsigned char *pd;
	void *tmp;
	struct accel_bo *flag = st_alloc_mapped(ctx, 4096, &tmp);
	struct accel_bo *src = st_alloc_mapped(ctx, 65536, &tmp);
	struct accel_bo *dst = st_alloc_mapped(ctx, 65536, (void **)&pd);
	uint64_t df = accel_bo_device_addr(flag), s1, s2;
	struct st_cs c1, c2;
	int i;

	st_cs_init(&c1, ctx);
	st_cs_init(&c2, ctx);
	for (i = 1; i <= 3; i++) {
		c1.len = softdv_emit_wait_value(c1.p, df, (uint64_t)i, ~0ull,
						SOFTDV_WAIT_GTE, 0);
		c1.len += softdv_emit_copy(c1.p + c1.len,
					   accel_bo_device_addr(dst),
					   accel_bo_device_addr(src), 65536);
		assert_int_equal(st_cs_submit(q1, &c1, &s1, flag, src, dst, NULL), 0);
		/* q1 is stalled behind the wait */
		assert_int_equal(accel_wait(q1, s1, 1000000), -ETIMEDOUT);

		c2.len = softdv_emit_fill(c2.p, accel_bo_device_addr(src), 65536,
					  0x01010101u * (uint32_t)i);
		c2.len += softdv_emit_write_value(c2.p + c2.len, df, (uint64_t)i);
		assert_int_equal(st_cs_submit(q2, &c2, &s2, flag, src, NULL), 0);
		assert_int_equal(accel_wait(q1, s1, 10 * SEC_NS), 0);
		assert_int_equal(accel_wait(q2, s2, 10 * SEC_NS), 0);
		assert_int_equal(pd[0], i);
		assert_int_equal(pd[65535], i);
	}
	assert_int_equal(accel_close_device(ctx), 0);
}

/*
 * Destroying a queue drains it: a wait that would never end is aborted
 * (the job fails with -ECANCELED) and the work behind it still runs.
 */
static void test_destroy_drains(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	unsigned char *pb;
	void *tmp;
	struct accel_bo *gate = st_alloc_mapped(ctx, 4096, &tmp);
	struct accel_bo *b = st_alloc_mapped(ctx, 4096, (void **)&pb);
	struct st_cs cs;
	uint64_t s;

	submit_gated(q, ctx, gate, 0);
	st_cs_init(&cs, ctx);
	cs.len += softdv_emit_fill(cs.p, accel_bo_device_addr(b), 4096, 0x3c3c3c3c);
	assert_int_equal(st_cs_submit(q, &cs, &s, b, NULL), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(pb[4095], 0x3c);
	assert_int_equal(accel_wait(q, s, 0), -ESTALE);
	st_assert_reason(NULL);
	assert_int_equal(st_cs_submit(q, &cs, &s, NULL), -ESTALE);
	st_assert_reason(NULL);
	assert_int_equal(accel_close_device(ctx), 0);
}

/* Closing a context with queues blocked and work queued returns */
static void test_close_in_flight(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q[4];
	struct accel_bo *gate, *b;
	struct st_cs cs;
	void *tmp;
	int i, j;

	gate = st_alloc_mapped(ctx, 4096, &tmp);
	st_cs_init(&cs, ctx);
	for (i = 0; i < 4; i++) {
		/* a BO per queue: queues writing one BO at once would race */
		b = st_alloc_mapped(ctx, 1 << 20, &tmp);
		cs.len = softdv_emit_fill(cs.p, accel_bo_device_addr(b), 1 << 20, 7);
		q[i] = accel_queue_create(ctx, NULL);
		assert_non_null(q[i]);
		if (i % 2)
			submit_gated(q[i], ctx, gate, 0);
		for (j = 0; j < 8; j++)
			assert_int_equal(st_cs_submit(q[i], &cs, NULL, b, NULL), 0);
	}
	assert_int_equal(accel_close_device(ctx), 0);
	assert_int_equal(accel_wait(q[0], 1, 0), -ESTALE);
	st_assert_reason(NULL);
}

struct waiter {
	struct accel_queue *q;
	uint64_t seqno;
	int ret;
};

static void *wait_forever(void *arg)
{
	struct waiter *w = arg;

	w->ret = accel_wait(w->q, w->seqno, -1);
	return NULL;
}

/*
 * A thread waiting forever for a job that never finishes does not keep a
 * closed context alive: the close aborts the job and the wait returns.
 */
static void test_close_wakes_waiter(void **state)
{
	int attempt;

	/* the close must come after the wait started: sleep longer each time */
	for (attempt = 1; attempt <= 5; attempt++) {
		struct accel_context *ctx = st_open_soft();
		struct waiter w = { accel_queue_create(ctx, NULL), 0, 1 };
		void *tmp;
		struct accel_bo *gate = st_alloc_mapped(ctx, 4096, &tmp);
		pthread_t t;

		w.seqno = submit_gated(w.q, ctx, gate, 0);
		assert_int_equal(pthread_create(&t, NULL, wait_forever, &w), 0);
		usleep(20000 * attempt);
		assert_int_equal(accel_close_device(ctx), 0);
		pthread_join(t, NULL);
		if (w.ret == -ESTALE)
			continue;	/* the close came first */
		/* the job failed: its WAIT_VALUE was aborted */
		assert_int_equal(w.ret, -EIO);
		return;
	}
	fail_msg("the waiter never got to wait");
}

/* The same for accel_queue_destroy(): the blocked waiter returns */
static void test_destroy_wakes_waiter(void **state)
{
	int attempt;

	for (attempt = 1; attempt <= 5; attempt++) {
		struct accel_context *ctx = st_open_soft();
		struct waiter w = { accel_queue_create(ctx, NULL), 0, 1 };
		void *tmp;
		struct accel_bo *gate = st_alloc_mapped(ctx, 4096, &tmp);
		pthread_t t;

		w.seqno = submit_gated(w.q, ctx, gate, 0);
		assert_int_equal(pthread_create(&t, NULL, wait_forever, &w), 0);
		usleep(20000 * attempt);
		assert_int_equal(accel_queue_destroy(w.q), 0);
		pthread_join(t, NULL);
		assert_int_equal(accel_close_device(ctx), 0);
		if (w.ret == -ESTALE)
			continue;	/* the destroy came first */
		assert_int_equal(w.ret, -EIO);
		return;
	}
	fail_msg("the waiter never got to wait");
}

/* A BO freed by the application lives on while queued work uses it */
static void test_bo_kept_alive(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	unsigned char *pa, *pb;
	uint64_t *g, s;
	struct accel_bo *gate = st_alloc_mapped(ctx, 4096, (void **)&g);
	struct accel_bo *a = st_alloc_mapped(ctx, 4 << 20, (void **)&pa);
	struct accel_bo *b = st_alloc_mapped(ctx, 8192, (void **)&pb);
	struct st_cs cs;

	memset(pa, 0x6e, 8192);
	submit_gated(q, ctx, gate, 0);
	st_cs_init(&cs, ctx);
	cs.len += softdv_emit_copy(cs.p, accel_bo_device_addr(b),
				   accel_bo_device_addr(a), 8192);
	assert_int_equal(st_cs_submit(q, &cs, &s, a, b, NULL), 0);
	assert_int_equal(accel_bo_free(a), 0);
	st_cs_fini(&cs);
	assert_int_equal(accel_bo_free(a), -ESTALE);
	st_assert_reason(NULL);
	open_gate(g);
	assert_int_equal(accel_wait(q, s, 10 * SEC_NS), 0);
	assert_int_equal(pb[0], 0x6e);
	assert_int_equal(pb[8191], 0x6e);
	assert_int_equal(accel_close_device(ctx), 0);
}

static struct accel_bo_ref ref(struct accel_bo *bo, uint32_t access)
{
	struct accel_bo_ref r = { bo, access, 0 };

	return r;
}

/*
 * The two-queue pipeline: FILL on A behind a gate, COPY on B waiting for
 * A's seqno. B must not run before A, and sees all of A's data.
 */
static void test_pipeline(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *qa = accel_queue_create(ctx, NULL);
	struct accel_queue *qb = accel_queue_create(ctx, NULL);
	unsigned char *pd;
	uint64_t *g, sa, sb, done;
	void *tmp;
	struct accel_bo *gate = st_alloc_mapped(ctx, 4096, (void **)&g);
	struct accel_bo *src = st_alloc_mapped(ctx, 1 << 20, &tmp);
	struct accel_bo *dst = st_alloc_mapped(ctx, 1 << 20, (void **)&pd);
	struct accel_bo_ref ra[2] = { ref(gate, ACCEL_ACCESS_READ),
				      ref(src, ACCEL_ACCESS_WRITE) };
	struct accel_bo_ref rb[2] = { ref(src, ACCEL_ACCESS_READ),
				      ref(dst, ACCEL_ACCESS_WRITE) };
	struct accel_fence_point pt;
	struct st_cs ca, cb;

	assert_non_null(qa);
	assert_non_null(qb);
	st_cs_init(&ca, ctx);
	st_cs_init(&cb, ctx);
	ca.len = softdv_emit_wait_value(ca.p, accel_bo_device_addr(gate), 1,
					~0ull, SOFTDV_WAIT_EQ, 0);
	ca.len += softdv_emit_fill(ca.p + ca.len, accel_bo_device_addr(src),
				   1 << 20, 0x5a5a5a5a);
	assert_int_equal(st_cs_submit_ex(qa, &ca, &sa, ra, 2, NULL, 0), 0);

	cb.len = softdv_emit_copy(cb.p, accel_bo_device_addr(dst),
				  accel_bo_device_addr(src), 1 << 20);
	pt.queue = qa;
	pt.seqno = sa;
	assert_int_equal(st_cs_submit_ex(qb, &cb, &sb, rb, 2, &pt, 1), 0);

	/* A is held by the gate, so B has not run */
	assert_int_equal(accel_wait(qb, sb, 50000000), -ETIMEDOUT);
	st_assert_job(qb, sb, ACCEL_JOB_PENDING, 0, NULL);
	assert_int_equal(accel_queue_completed(qb, &done), 0);
	assert_int_equal(done, sb - 1);
	assert_int_equal(pd[0], 0);
	assert_int_equal(pd[(1 << 20) - 1], 0);

	open_gate(g);
	assert_int_equal(accel_wait(qb, sb, 10 * SEC_NS), 0);
	/* B's completion implies A's */
	assert_int_equal(accel_wait(qa, sa, 0), 0);
	st_assert_job(qa, sa, ACCEL_JOB_DONE, 0, NULL);
	st_assert_job(qb, sb, ACCEL_JOB_DONE, 0, NULL);
	assert_int_equal(pd[0], 0x5a);
	assert_int_equal(pd[(1 << 20) - 1], 0x5a);
	st_cs_fini(&ca);
	st_cs_fini(&cb);
	assert_int_equal(accel_close_device(ctx), 0);
}

/* A job whose dependency failed fails too, and says which one */
static void test_failed_dependency(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *qa = accel_queue_create(ctx, NULL);
	struct accel_queue *qb = accel_queue_create(ctx, NULL);
	struct accel_fence_point pts[2];
	uint64_t *g, *pd, sa_ok, sa, sb, sb2;
	struct accel_bo *gate = st_alloc_mapped(ctx, 4096, (void **)&g);
	struct accel_bo *dst = st_alloc_mapped(ctx, 4096, (void **)&pd);
	struct accel_bo_ref rb = ref(dst, ACCEL_ACCESS_WRITE);
	struct st_cs ca, cb;

	st_cs_init(&ca, ctx);
	st_cs_init(&cb, ctx);
	ca.len = softdv_emit_nop(ca.p);
	assert_int_equal(st_cs_submit(qa, &ca, &sa_ok, NULL), 0);
	/* a gate that never opens, with a 10 ms timeout */
	ca.len = softdv_emit_wait_value(ca.p, accel_bo_device_addr(gate), 1,
					~0ull, SOFTDV_WAIT_EQ, 10000000);
	assert_int_equal(st_cs_submit(qa, &ca, &sa, gate, NULL), 0);

	cb.len = softdv_emit_write_value(cb.p, accel_bo_device_addr(dst), 77);
	pts[0].queue = qa;
	pts[0].seqno = sa_ok;
	pts[1].queue = qa;
	pts[1].seqno = sa;
	assert_int_equal(st_cs_submit_ex(qb, &cb, &sb, &rb, 1, pts, 2), 0);
	assert_int_equal(accel_wait(qb, sb, 10 * SEC_NS), -EIO);
	st_assert_reason(NULL);
	assert_int_equal(accel_wait(qa, sa, 0), -EIO);
	st_assert_reason(NULL);
	st_assert_job(qa, sa, ACCEL_JOB_FAILED, -ETIME, "WAIT_VALUE timed out");
	/* the second point failed, and the reason says so and why */
	st_assert_job(qb, sb, ACCEL_JOB_FAILED, -EIO, "wait_points[1]");
	st_assert_job(qb, sb, ACCEL_JOB_FAILED, -EIO, "WAIT_VALUE timed out");
	assert_int_equal(__atomic_load_n(pd, __ATOMIC_ACQUIRE), 0);

	/* the queue goes on: the next job, on a good point, runs */
	pts[0].seqno = sa_ok;
	assert_int_equal(st_cs_submit_ex(qb, &cb, &sb2, &rb, 1, pts, 1), 0);
	assert_int_equal(accel_wait(qb, sb2, 10 * SEC_NS), 0);
	assert_int_equal(__atomic_load_n(pd, __ATOMIC_ACQUIRE), 77);
	st_cs_fini(&ca);
	st_cs_fini(&cb);
	assert_int_equal(accel_close_device(ctx), 0);
}

/* A point that no submission has reached is refused at submit */
static void test_bad_wait_points(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *qa = accel_queue_create(ctx, NULL);
	struct accel_queue *qb = accel_queue_create(ctx, NULL);
	struct accel_fence_point pt = { qa, 1 };
	uint64_t s;
	struct st_cs cs;

	st_cs_init(&cs, ctx);
	cs.len = softdv_emit_nop(cs.p);
	assert_int_equal(st_cs_submit_ex(qb, &cs, &s, NULL, 0, &pt, 1), -EINVAL);
	st_assert_reason(NULL);
	/* a queue cannot wait for its own future */
	pt.queue = qb;
	assert_int_equal(st_cs_submit_ex(qb, &cs, &s, NULL, 0, &pt, 1), -EINVAL);
	st_assert_reason(NULL);
	pt.queue = NULL;
	assert_int_equal(st_cs_submit_ex(qb, &cs, &s, NULL, 0, &pt, 1), -EINVAL);
	st_assert_reason(NULL);
	/* an earlier seqno of the same queue is fine (already in order) */
	assert_int_equal(st_cs_submit(qb, &cs, &s, NULL), 0);
	pt.queue = qb;
	pt.seqno = s;
	assert_int_equal(st_cs_submit_ex(qb, &cs, &s, NULL, 0, &pt, 1), 0);
	assert_int_equal(accel_wait(qb, s, 10 * SEC_NS), 0);
	st_cs_fini(&cs);
	assert_int_equal(accel_close_device(ctx), 0);
}

static int wait_fd_count(int want)
{
	int i, n = st_count_fds();

	/* retirement may finish just after accel_wait() returns */
	for (i = 0; i < 1000 && n != want; i++) {
		usleep(1000);
		n = st_count_fds();
	}
	return n;
}

/*
 * Freeing BOs that in-flight work lists returns at once; the work still
 * runs on them, and their memory goes when it retires: the copy reads
 * the freed source (a pooled command BO and a source of 4 MiB, above
 * the pooled size, so with a memfd of its own that must stay open).
 */
static void test_free_busy(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	unsigned char *pa, *pb;
	uint64_t *g, s;
	struct accel_bo *gate = st_alloc_mapped(ctx, 4096, (void **)&g);
	struct accel_bo *a = st_alloc_mapped(ctx, 4 << 20, (void **)&pa);
	struct accel_bo *b = st_alloc_mapped(ctx, 8192, (void **)&pb);
	struct accel_bo_ref refs[3] = { ref(gate, ACCEL_ACCESS_READ),
					ref(a, ACCEL_ACCESS_READ),
					ref(b, ACCEL_ACCESS_WRITE) };
	struct st_cs cs;
	int n0;

	memset(pa, 0x6e, 8192);
	st_cs_init(&cs, ctx);
	cs.len = softdv_emit_wait_value(cs.p, accel_bo_device_addr(gate), 1,
					~0ull, SOFTDV_WAIT_EQ, 0);
	cs.len += softdv_emit_copy(cs.p + cs.len, accel_bo_device_addr(b),
				   accel_bo_device_addr(a), 8192);
	assert_int_equal(st_cs_submit_ex(q, &cs, &s, refs, 3, NULL, 0), 0);
	n0 = st_count_fds();

	/* the source and the command buffer go while the job waits */
	assert_int_equal(accel_bo_free(a), 0);
	st_cs_fini(&cs);
	assert_int_equal(accel_bo_free(a), -ESTALE);
	st_assert_reason(NULL);
	/* ... but the source's memfd stays while the job holds it */
	assert_int_equal(st_count_fds(), n0);
	assert_int_equal(accel_wait(q, s, 20000000), -ETIMEDOUT);
	assert_int_equal(st_count_fds(), n0);

	open_gate(g);
	assert_int_equal(accel_wait(q, s, 10 * SEC_NS), 0);
	assert_int_equal(pb[0], 0x6e);
	assert_int_equal(pb[8191], 0x6e);
	assert_int_equal(wait_fd_count(n0 - 1), n0 - 1);
	assert_int_equal(accel_close_device(ctx), 0);
}

/* accel_job_status() for done, failed, pending and unknown seqnos */
static void test_job_status(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_job_status st;
	uint64_t *g, s_done, s_fail, s_pend, done;
	struct accel_bo *gate = st_alloc_mapped(ctx, 4096, (void **)&g);
	struct st_cs cs;

	st_cs_init(&cs, ctx);
	cs.len = softdv_emit_nop(cs.p);
	assert_int_equal(st_cs_submit(q, &cs, &s_done, NULL), 0);
	cs.len = softdv_emit_wait_value(cs.p, accel_bo_device_addr(gate), 2,
					~0ull, SOFTDV_WAIT_EQ, 1000000);
	assert_int_equal(st_cs_submit(q, &cs, &s_fail, gate, NULL), 0);
	assert_int_equal(accel_wait(q, s_fail, 10 * SEC_NS), -EIO);
	st_assert_reason(NULL);
	s_pend = submit_gated(q, ctx, gate, 0);

	st_assert_job(q, s_done, ACCEL_JOB_DONE, 0, NULL);
	st_assert_job(q, s_fail, ACCEL_JOB_FAILED, -ETIME, "cmd 0 WAIT_VALUE");
	st_assert_job(q, s_pend, ACCEL_JOB_PENDING, 0, NULL);
	/* failed jobs complete their seqno too */
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, s_fail);

	assert_int_equal(accel_job_status(q, s_pend + 1, &st, sizeof(st)), -EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_job_status(q, s_done, NULL, sizeof(st)), -EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_job_status(NULL, s_done, &st, sizeof(st)), -EINVAL);
	st_assert_reason(NULL);

	open_gate(g);
	assert_int_equal(accel_wait(q, s_pend, 10 * SEC_NS), 0);
	st_assert_job(q, s_pend, ACCEL_JOB_DONE, 0, NULL);
	st_cs_fini(&cs);
	assert_int_equal(accel_close_device(ctx), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_attrs),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_queue_fd),
		cmocka_unit_test(test_cross_queue),
		cmocka_unit_test(test_destroy_drains),
		cmocka_unit_test(test_close_in_flight),
		cmocka_unit_test(test_bo_kept_alive),
		cmocka_unit_test(test_close_wakes_waiter),
		cmocka_unit_test(test_destroy_wakes_waiter),
		cmocka_unit_test(test_pipeline),
		cmocka_unit_test(test_failed_dependency),
		cmocka_unit_test(test_bad_wait_points),
		cmocka_unit_test(test_free_busy),
		cmocka_unit_test(test_job_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
