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

	attr.comp_mask = ACCEL_QUEUE_ATTR_PRIORITY | ACCEL_QUEUE_ATTR_ENGINE;
	attr.priority = 5;
	q = accel_queue_create(ctx, &attr);
	assert_non_null(q);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_queue_destroy(q), -ESTALE);
	assert_int_equal(accel_queue_destroy(NULL), -EINVAL);

	/* one engine only */
	attr.engine = 1;
	errno = 0;
	assert_null(accel_queue_create(ctx, &attr));
	assert_int_equal(errno, EINVAL);
	attr.engine = 0;
	attr.flags = 1;
	errno = 0;
	assert_null(accel_queue_create(ctx, &attr));
	assert_int_equal(errno, EINVAL);
	attr.flags = 0;
	attr.comp_mask = 1u << 9;
	errno = 0;
	assert_null(accel_queue_create(ctx, &attr));
	assert_int_equal(errno, EINVAL);
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

	open_gate(g);
	assert_int_equal(accel_wait(q, 2, -1), 0);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 2);
	assert_int_equal(accel_wait(q, 1, 0), 0);

	assert_int_equal(accel_queue_completed(q, NULL), -EINVAL);
	assert_int_equal(accel_queue_completed(NULL, &done), -EINVAL);
	assert_int_equal(accel_wait(NULL, 1, 0), -EINVAL);
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
 * (-ECANCELED) and the work behind it still runs.
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
	assert_int_equal(st_cs_submit(q, &cs, &s, NULL), -ESTALE);
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
		assert_int_equal(w.ret, -ECANCELED);
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
		assert_int_equal(w.ret, -ECANCELED);
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
	struct accel_bo *a = st_alloc_mapped(ctx, 8192, (void **)&pa);
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
	open_gate(g);
	assert_int_equal(accel_wait(q, s, 10 * SEC_NS), 0);
	assert_int_equal(pb[0], 0x6e);
	assert_int_equal(pb[8191], 0x6e);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
