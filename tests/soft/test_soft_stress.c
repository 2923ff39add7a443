// SPDX-License-Identifier: MIT
/*
 * Description: 8 threads allocate, map, submit, wait and free at once on
 * one context: half share one queue, half have two of their own and run
 * each round as a pipeline (FILL on one, COPY on the other waiting for
 * it), and every result is checked. Also run under ThreadSanitizer
 * (label stress-tsan).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "soft_test.h"

#define THREADS 8

static struct accel_context *ctx;
static struct accel_queue *shared_q;
static int iterations = 150;

struct worker {
	int id;
	unsigned int seed;
	int failures;
};

/* q2 NULL: FILL and COPY in one job on q; else FILL on q, COPY on q2 */
static int one_round(struct worker *w, struct accel_queue *q,
		     struct accel_queue *q2, int i)
{
	struct accel_fence_point pt;
	uint64_t size = 4096 * (1 + rand_r(&w->seed) % 16), seqno;
	uint32_t pattern = (uint32_t)(w->id << 24 | i);
	struct accel_bo *src, *dst, *cmd;
	struct accel_bo_ref bos[2];
	struct accel_submit s = { 0 };
	uint32_t *pd, len = 0;
	unsigned char *cs;
	uint64_t k;
	int ret = -EIO;

	src = accel_bo_alloc(ctx, size, 0);
	dst = accel_bo_alloc(ctx, size, ACCEL_BO_HOST_VISIBLE);
	cmd = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	if (!src || !dst || !cmd)
		goto out;
	cs = accel_bo_map(cmd);
	pd = accel_bo_map(dst);
	if (!cs || !pd)
		goto out;
	len += softdv_emit_fill(cs, accel_bo_device_addr(src), size, pattern);
	if (q2) {
		s.cmd_bo = cmd;
		s.cmd_size = len;
		s.bos = bos;
		s.num_bos = 1;
		bos[0].bo = src;
		bos[0].access = ACCEL_ACCESS_WRITE;
		bos[0].slot = 0;
		if (accel_submit(q, &s, &pt.seqno))
			goto out;
		pt.queue = q;
		s.comp_mask = ACCEL_SUBMIT_WAIT;
		s.wait_points = &pt;
		s.num_wait_points = 1;
		s.cmd_offset = len;
		q = q2;
	}
	len += softdv_emit_copy(cs + len, accel_bo_device_addr(dst),
				accel_bo_device_addr(src), size);
	bos[0].bo = src;
	bos[0].access = ACCEL_ACCESS_RW;
	bos[0].slot = 0;
	bos[1].bo = dst;
	bos[1].access = ACCEL_ACCESS_WRITE;
	bos[1].slot = 0;
	s.cmd_bo = cmd;
	s.cmd_size = len - s.cmd_offset;
	s.bos = bos;
	s.num_bos = 2;
	if (accel_submit(q, &s, &seqno))
		goto out;
	/* every third round: free the source while the work is queued */
	if (i % 3 == 0) {
		accel_bo_free(src);
		src = NULL;
	}
	if (accel_wait(q, seqno, 30 * SEC_NS))
		goto out;
	for (k = 0; k < size / 4; k += 97)
		if (pd[k] != pattern)
			goto out;
	if (pd[size / 4 - 1] != pattern)
		goto out;
	ret = 0;
out:
	if (src)
		accel_bo_free(src);
	if (dst)
		accel_bo_free(dst);
	if (cmd)
		accel_bo_free(cmd);
	return ret;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct accel_queue *own = NULL, *own2 = NULL, *q = shared_q;
	int i;

	if (w->id >= THREADS / 2) {
		own = accel_queue_create(ctx, NULL);
		own2 = accel_queue_create(ctx, NULL);
		if (!own || !own2) {
			w->failures++;
			goto out;
		}
		q = own;
	}
	for (i = 0; i < iterations; i++)
		if (one_round(w, q, own2, i))
			w->failures++;
out:
	if (own && accel_queue_destroy(own))
		w->failures++;
	if (own2 && accel_queue_destroy(own2))
		w->failures++;
	return NULL;
}

static void test_stress(void **state)
{
	struct worker w[THREADS];
	pthread_t t[THREADS];
	uint64_t done;
	int i;

	ctx = st_open_soft();
	shared_q = accel_queue_create(ctx, NULL);
	assert_non_null(shared_q);
	for (i = 0; i < THREADS; i++) {
		w[i].id = i;
		w[i].seed = (unsigned int)i * 7919u + 1;
		w[i].failures = 0;
		assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		if (w[i].failures)
			fail_msg("thread %d: %d failed rounds", i, w[i].failures);
	}
	/* the shared timeline saw every submit of the first half */
	assert_int_equal(accel_queue_completed(shared_q, &done), 0);
	assert_int_equal(done, (uint64_t)iterations * (THREADS / 2));
	assert_int_equal(accel_close_device(ctx), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress),
	};

	if (argc > 1)
		iterations = atoi(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
