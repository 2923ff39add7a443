// SPDX-License-Identifier: MIT
/*
 * Thread safety of the core: scans, opens and allocations from several
 * threads at once, and races on the same object (two frees, two closes,
 * a free against a submit), where exactly one caller must win and the
 * others get -ESTALE, never a crash or a leak; submit, wait and free on one
 * queue and across queues with wait points, against testdrv's fence_wait
 * backend; reasons kept per thread; the BO struct a thread keeps for its
 * next BO is freed when the thread exits. Run under ASan in the unit tier and
 * under TSan (label stress-tsan). No assertion is about time.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/testdrv.h"
#include "accel_provider.h"
#include "unit.h"

#define NTHREADS 4

static struct fake_sys fs;
static struct accel_device **list;
static pthread_barrier_t barrier;

static int setup(void **state)
{
	struct fake_dev d = fake_testdrv();
	int n = 0;

	fake_sys_init(&fs);
	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, 2);
	pthread_barrier_init(&barrier, NULL, 2);
	return 0;
}

static int teardown(void **state)
{
	pthread_barrier_destroy(&barrier);
	accel_free_device_list(list);
	fake_sys_fini(&fs);
	return 0;
}

static atomic_int errors;

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
			atomic_fetch_add(&errors, 1);                       \
		}                                                           \
	} while (0)

static void *scan_open_worker(void *arg)
{
	int i;

	for (i = 0; i < 100; i++) {
		struct accel_device **l = accel_get_device_list(NULL);
		struct accel_device_attr attr;
		struct accel_context *ctx;
		struct accel_bo *bo;

		CHECK(l && l[0] && l[1] && !l[2]);
		if (!l)
			continue;
		/* the same device object in every list */
		CHECK(l[0] == list[0] && l[1] == list[1]);
		ctx = accel_open_device(l[i % 2]);
		CHECK(ctx);
		if (ctx) {
			CHECK(accel_query_device(ctx, &attr, sizeof(attr)) == 0);
			bo = accel_bo_alloc(ctx, 4096, 0);
			CHECK(bo);
			CHECK(accel_bo_free(bo) == 0);
			CHECK(accel_close_device(ctx) == 0);
		}
		accel_free_device_list(l);
	}
	return NULL;
}

static void test_scan_open_in_threads(void **state)
{
	pthread_t t[NTHREADS];
	int i;

	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, scan_open_worker, NULL), 0);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(atomic_load(&errors), 0);
}

static void *free_bo(void *arg)
{
	pthread_barrier_wait(&barrier);
	return (void *)(intptr_t)accel_bo_free(arg);
}

static void test_racing_bo_free(void **state)
{
	struct accel_context *ctx = accel_open_device(list[0]);
	int i;

	assert_non_null(ctx);
	for (i = 0; i < 300; i++) {
		struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);
		pthread_t t;
		void *r;
		int mine;

		assert_non_null(bo);
		assert_int_equal(pthread_create(&t, NULL, free_bo, bo), 0);
		pthread_barrier_wait(&barrier);
		mine = accel_bo_free(bo);
		pthread_join(t, &r);
		/* one winner, one -ESTALE */
		assert_true((mine == 0 && (intptr_t)r == -ESTALE) ||
			    (mine == -ESTALE && (intptr_t)r == 0));
	}
	assert_int_equal(accel_close_device(ctx), 0);
}

static void *close_ctx(void *arg)
{
	pthread_barrier_wait(&barrier);
	return (void *)(intptr_t)accel_close_device(arg);
}

static void test_racing_close(void **state)
{
	int i;

	for (i = 0; i < 200; i++) {
		struct accel_context *ctx = accel_open_device(list[i % 2]);
		pthread_t t;
		void *r;
		int mine;

		assert_non_null(ctx);
		/* children the closes must take down exactly once */
		assert_non_null(accel_bo_alloc(ctx, 4096, 0));
		assert_non_null(accel_queue_create(ctx, NULL));
		assert_int_equal(pthread_create(&t, NULL, close_ctx, ctx), 0);
		pthread_barrier_wait(&barrier);
		mine = accel_close_device(ctx);
		pthread_join(t, &r);
		assert_true((mine == 0 && (intptr_t)r == -ESTALE) ||
			    (mine == -ESTALE && (intptr_t)r == 0));
	}
}

struct alloc_race {
	struct accel_context *ctx;
	int allocated, refused;
	struct accel_bo *kept[50];	/* left for the close to free */
	int nkept;
};

static void *alloc_while_closing(void *arg)
{
	struct alloc_race *a = arg;
	int i;

	pthread_barrier_wait(&barrier);
	for (i = 0; i < 50; i++) {
		struct accel_bo *bo = accel_bo_alloc(a->ctx, 4096, 0);
		int r;

		if (bo && i % 2) {
			a->kept[a->nkept++] = bo;
			a->allocated++;
		} else if (bo) {
			a->allocated++;
			/* the close may have taken it already */
			r = accel_bo_free(bo);
			CHECK(r == 0 || r == -ESTALE);
		} else {
			CHECK(errno == ESTALE);
			a->refused++;
		}
	}
	return NULL;
}

static void test_alloc_against_close(void **state)
{
	int i;

	for (i = 0; i < 50; i++) {
		struct alloc_race a = { .ctx = accel_open_device(list[0]) };
		pthread_t t;

		assert_non_null(a.ctx);
		assert_int_equal(pthread_create(&t, NULL, alloc_while_closing, &a), 0);
		pthread_barrier_wait(&barrier);
		assert_int_equal(accel_close_device(a.ctx), 0);
		pthread_join(t, NULL);
		assert_int_equal(a.allocated + a.refused, 50);
		/* the close freed every BO it did not refuse (ASan: no leak) */
		for (int j = 0; j < a.nkept; j++)
			assert_int_equal(accel_bo_free(a.kept[j]), -ESTALE);
	}
	assert_int_equal(atomic_load(&errors), 0);
}

struct submit_race {
	struct accel_queue *q;
	struct accel_bo *cmd, *data;
	int ok, stale;
};

static void *submit_while_freeing(void *arg)
{
	struct submit_race *s = arg;
	struct accel_bo_ref bos[1] = { { s->data, ACCEL_ACCESS_RW, 0 } };
	struct accel_submit sub = {
		.cmd_bo = s->cmd,
		.cmd_size = 64,
		.bos = bos,
		.num_bos = 1,
	};
	int i;

	pthread_barrier_wait(&barrier);
	for (i = 0; i < 100; i++) {
		uint64_t seq;
		int r = accel_submit(s->q, &sub, &seq);

		if (r == 0)
			s->ok++;
		else if (r == -ESTALE)
			s->stale++;
		else
			CHECK(r == 0 || r == -ESTALE);
	}
	return NULL;
}

static void test_submit_against_free(void **state)
{
	struct accel_context *ctx = accel_open_device(list[1]);
	int i;

	assert_non_null(ctx);
	for (i = 0; i < 50; i++) {
		struct submit_race s = {
			.q = accel_queue_create(ctx, NULL),
			.cmd = accel_bo_alloc(ctx, 4096, 0),
			.data = accel_bo_alloc(ctx, 4096, 0),
		};
		uint64_t *word;
		pthread_t t;

		assert_non_null(s.q);
		assert_non_null(s.cmd);
		assert_non_null(s.data);
		/* every job on cmd's first word is done at once */
		word = accel_bo_map(s.cmd);
		assert_non_null(word);
		*word = TESTDRV_DONE;
		assert_int_equal(pthread_create(&t, NULL, submit_while_freeing, &s), 0);
		pthread_barrier_wait(&barrier);
		assert_int_equal(accel_bo_free(s.data), 0);
		pthread_join(t, NULL);
		assert_int_equal(s.ok + s.stale, 100);
		assert_int_equal(accel_queue_destroy(s.q), 0);
		assert_int_equal(accel_bo_free(s.cmd), 0);
	}
	assert_int_equal(accel_close_device(ctx), 0);
	assert_int_equal(atomic_load(&errors), 0);
}

static void *reason_worker(void *arg)
{
	const char *why;

	/* a new thread has no reason, whatever other threads did */
	CHECK(accel_last_error() == NULL);
	CHECK(accel_queue_destroy(NULL) == -EINVAL);
	why = accel_last_error();
	CHECK(why && strstr(why, "accel_queue_destroy"));
	pthread_barrier_wait(&barrier);	/* main fails its own call now */
	pthread_barrier_wait(&barrier);
	why = accel_last_error();
	CHECK(why && strstr(why, "accel_queue_destroy"));
	CHECK(why && !strstr(why, "accel_bo_free"));
	return NULL;
}

static void test_reason_per_thread(void **state)
{
	struct accel_device **l;
	pthread_t t;
	const char *why;

	assert_int_equal(accel_bo_free(NULL), -EINVAL);
	assert_int_equal(pthread_create(&t, NULL, reason_worker, NULL), 0);
	pthread_barrier_wait(&barrier);
	assert_int_equal(accel_bo_free(NULL), -EINVAL);
	pthread_barrier_wait(&barrier);
	pthread_join(t, NULL);
	why = accel_last_error();
	assert_non_null(why);
	assert_non_null(strstr(why, "accel_bo_free: bo is NULL"));
	/* a successful call leaves it */
	l = accel_get_device_list(NULL);
	assert_non_null(l);
	accel_free_device_list(l);
	assert_string_equal(accel_last_error(), why);
	assert_int_equal(atomic_load(&errors), 0);
}

#define JOBS 200

struct job_worker {
	pthread_t thread;
	struct accel_context *ctx;
	struct accel_queue *q;		/* submits here */
	struct accel_queue *peer_q;	/* waits on a peer's work, or NULL */
	_Atomic uint64_t *peer_last;	/* the peer's last published seqno */
	_Atomic uint64_t last;
	struct accel_bo *cmd;
	uint64_t *words;
	uint64_t seqs[JOBS];
};

/*
 * Each job lists a fresh BO that is freed while the job runs; even jobs
 * are done before the wait, odd ones are polled first and then done.
 */
static void *job_worker_main(void *arg)
{
	struct job_worker *w = arg;
	int i;

	pthread_barrier_wait(&barrier);
	for (i = 0; i < JOBS; i++) {
		struct accel_bo *data = accel_bo_alloc(w->ctx, 4096, 0);
		struct accel_bo_ref ref = { data, ACCEL_ACCESS_RW, 0 };
		struct accel_fence_point wp = { w->peer_q, 0 };
		struct accel_submit sub = {
			.cmd_bo = w->cmd,
			.cmd_offset = 8 * (uint64_t)i,
			.cmd_size = 8,
			.bos = &ref,
			.num_bos = 1,
		};
		uint64_t seq = 0;
		int r;

		CHECK(data);
		if (!data)
			continue;
		if (w->peer_q) {
			wp.seqno = atomic_load(w->peer_last);
			if (wp.seqno) {
				sub.comp_mask = ACCEL_SUBMIT_WAIT;
				sub.wait_points = &wp;
				sub.num_wait_points = 1;
			}
		}
		r = accel_submit(w->q, &sub, &seq);
		CHECK(r == 0);
		CHECK(accel_bo_free(data) == 0);
		if (r)
			continue;
		w->seqs[i] = seq;
		atomic_store(&w->last, seq);
		if (i % 2)
			CHECK(accel_wait(w->q, seq, 0) == -ETIMEDOUT);
		testdrv_complete(&w->words[i], TESTDRV_DONE);
		CHECK(accel_wait(w->q, seq, -1) == 0);
		/* and someone else's work, as it goes */
		if (w->peer_q && wp.seqno)
			CHECK(accel_wait(w->peer_q, wp.seqno, -1) == 0);
	}
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Watches a queue while the workers run: completed only grows */
struct watcher {
	pthread_t thread;
	struct accel_queue *q;
	atomic_bool stop;
};

static void *watcher_main(void *arg)
{
	struct watcher *wa = arg;
	uint64_t prev = 0, done;
	int fd = accel_queue_get_fd(wa->q);

	CHECK(fd >= 0);
	while (!atomic_load(&wa->stop)) {
		struct accel_job_status st;

		CHECK(accel_queue_completed(wa->q, &done) == 0);
		CHECK(done >= prev);
		prev = done;
		if (done)
			CHECK(accel_job_status(wa->q, done, &st, sizeof(st)) == 0 &&
			      st.state == ACCEL_JOB_DONE);
	}
	return NULL;
}

static void run_job_workers(bool one_queue)
{
	struct accel_context *ctx = accel_open_device(list[0]);
	struct accel_queue_attr attr = {
		.comp_mask = ACCEL_QUEUE_ATTR_ENGINE,
		.engine = TESTDRV_ENGINE_ANY_ORDER,
	};
	struct job_worker w[NTHREADS];
	struct watcher wa = { 0 };
	struct accel_device_attr dattr;
	uint64_t all[NTHREADS * JOBS];
	uint64_t before;
	int i, j, n = 0;

	assert_non_null(ctx);
	pthread_barrier_destroy(&barrier);
	pthread_barrier_init(&barrier, NULL, NTHREADS);
	memset(w, 0, sizeof(w));
	for (i = 0; i < NTHREADS; i++) {
		w[i].ctx = ctx;
		w[i].q = one_queue && i ? w[0].q : accel_queue_create(ctx, &attr);
		assert_non_null(w[i].q);
		w[i].cmd = accel_bo_alloc(ctx, 8 * JOBS, 0);
		assert_non_null(w[i].cmd);
		w[i].words = accel_bo_map(w[i].cmd);
		assert_non_null(w[i].words);
		atomic_init(&w[i].last, 0);
	}
	for (i = 0; !one_queue && i < NTHREADS; i++) {
		w[i].peer_q = w[(i + 1) % NTHREADS].q;
		w[i].peer_last = &w[(i + 1) % NTHREADS].last;
	}
	assert_int_equal(accel_query_device(ctx, &dattr, sizeof(dattr)), 0);
	before = dattr.mem_free;
	wa.q = w[0].q;
	atomic_init(&wa.stop, false);
	assert_int_equal(pthread_create(&wa.thread, NULL, watcher_main, &wa), 0);
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&w[i].thread, NULL,
						job_worker_main, &w[i]), 0);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(w[i].thread, NULL);
	atomic_store(&wa.stop, true);
	pthread_join(wa.thread, NULL);
	assert_int_equal(atomic_load(&errors), 0);

	/* seqnos: per queue, 1..N with no gap and no repeat */
	for (i = 0; i < NTHREADS; i++) {
		if (!one_queue)
			n = 0;
		for (j = 0; j < JOBS; j++)
			all[n++] = w[i].seqs[j];
		if (one_queue && i < NTHREADS - 1)
			continue;
		qsort(all, n, sizeof(all[0]), cmp_u64);
		for (j = 0; j < n; j++)
			assert_int_equal(all[j], j + 1);
	}
	/*
	 * Every job was waited for, so every freed BO's memory is back once
	 * the queues are gone: a job retires when the last thread inside
	 * fence_wait on it (here the queue fd's waiter) leaves, which may
	 * be just after another thread's accel_wait() returned.
	 */
	for (i = 0; i < NTHREADS; i++)
		if (!one_queue || !i)
			assert_int_equal(accel_queue_destroy(w[i].q), 0);
	assert_int_equal(accel_query_device(ctx, &dattr, sizeof(dattr)), 0);
	assert_int_equal(dattr.mem_free, before);
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(accel_bo_free(w[i].cmd), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	pthread_barrier_destroy(&barrier);
	pthread_barrier_init(&barrier, NULL, 2);
}

static void test_submit_wait_free_one_queue(void **state)
{
	run_job_workers(true);
}

static void test_submit_wait_across_queues(void **state)
{
	run_job_workers(false);
}

/* a block big enough for its own mmap: counted in mallinfo2().hblkhd */
#define BIG_BO (4u << 20)

static void *zalloc_zfree_exit(void *arg)
{
	void *p = accel_bo_zalloc(BIG_BO);

	(void)arg;
	if (!p)
		return (void *)1;
	/* kept for this thread's next BO of the size, until it exits */
	accel_bo_zfree(p, BIG_BO);
	return NULL;
}

static void test_bo_cache_freed_at_thread_exit(void **state)
{
	size_t before = mallinfo2().hblkhd;
	pthread_t t;
	void *ret;
	int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_create(&t, NULL, zalloc_zfree_exit, NULL), 0);
		assert_int_equal(pthread_join(t, &ret), 0);
		assert_null(ret);
	}
	/* not one 4 MiB block left behind by an exited thread */
	assert_true(mallinfo2().hblkhd < before + BIG_BO);
}

static void test_bo_cache_zeroed(void **state)
{
	unsigned char *p = accel_bo_zalloc(200), *q;
	size_t i;

	(void)state;
	assert_non_null(p);
	memset(p, 0xa5, 200);
	accel_bo_zfree(p, 200);
	/* the same size again: whether or not the block is reused, zeroed */
	q = accel_bo_zalloc(200);
	assert_non_null(q);
	for (i = 0; i < 200; i++)
		assert_int_equal(q[i], 0);
	accel_bo_zfree(q, 200);
	/* another size never gets the kept 200 bytes */
	q = accel_bo_zalloc(4096);
	assert_non_null(q);
	memset(q, 1, 4096);
	free(q);
	accel_bo_zfree(NULL, 64);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_bo_cache_freed_at_thread_exit),
	cmocka_unit_test(test_bo_cache_zeroed),
	cmocka_unit_test_setup_teardown(test_scan_open_in_threads, setup, teardown),
	cmocka_unit_test_setup_teardown(test_racing_bo_free, setup, teardown),
	cmocka_unit_test_setup_teardown(test_racing_close, setup, teardown),
	cmocka_unit_test_setup_teardown(test_alloc_against_close, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_against_free, setup, teardown),
	cmocka_unit_test_setup_teardown(test_reason_per_thread, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_wait_free_one_queue, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_wait_across_queues, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
