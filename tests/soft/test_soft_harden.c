// SPDX-License-Identifier: MIT
/*
 * Description: what a careless or hostile program finds (issue 17):
 * foreign pointers passed as objects, accel_bo_map() racing
 * accel_bo_free(), fork() with inherited objects and with threads inside
 * the library, BOs past what the host can back, and memory kept by the
 * job caches after a burst.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
/* the sanitizers' allocator (their header is not always installed) */
size_t __sanitizer_get_current_allocated_bytes(void);
#define HEAP_BYTES() ((size_t)__sanitizer_get_current_allocated_bytes())
#else
static size_t heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}
#define HEAP_BYTES() heap_bytes()
#endif

#include "soft_test.h"

/* ------------------------------------------------------------------------ */
/* Foreign pointers                                                         */
/* ------------------------------------------------------------------------ */

/* Fill the registry with tombstones, where a foreign key once crashed it */
static void churn_registry(struct accel_context *ctx, int n)
{
	struct accel_bo *bo[400];
	int i;

	for (i = 0; i < n; i++) {
		bo[i] = accel_bo_alloc(ctx, 4096, 0);
		assert_non_null(bo[i]);
	}
	for (i = 0; i < n; i++)
		assert_int_equal(accel_bo_free(bo[i]), 0);
}

#define EXPECT_ERR(call)                                                     \
	do {                                                                 \
		int _r = (call);                                             \
		if (_r != -ESTALE)                                           \
			fail_msg("%s on %s: %d, not -ESTALE", #call, what, _r); \
	} while (0)
#define EXPECT_NULL(call)                                                    \
	do {                                                                 \
		errno = 0;                                                   \
		if ((call) || errno != ESTALE)                               \
			fail_msg("%s on %s: not NULL/ESTALE (errno %d)", #call, \
				 what, errno);                               \
	} while (0)
#define EXPECT_ZERO(call)                                                    \
	do {                                                                 \
		errno = 0;                                                   \
		if ((call) || errno != ESTALE)                               \
			fail_msg("%s on %s: not 0/ESTALE (errno %d)", #call,  \
				 what, errno);                               \
	} while (0)

/* Every public call that takes an object, given p in its place */
static void poke_all(void *p, const char *what, struct accel_queue *live_q,
		     struct accel_bo *live_bo)
{
	struct accel_bo_ref ref = { .bo = p, .access = ACCEL_ACCESS_RW };
	struct accel_fence_point pt = { .queue = p, .seqno = 1 };
	struct accel_submit s = { 0 };
	struct accel_device_info info;
	struct accel_device_attr attr;
	struct accel_mem_domain dom;
	struct accel_engine_info eng;
	struct accel_job_status st;
	struct accel_monitor_event ev;
	struct accel_bo_alloc_args args = { .size = 4096 };
	uint64_t seq;

	/* devices and lists */
	EXPECT_NULL(accel_device_name(p));
	EXPECT_NULL(accel_device_driver(p));
	EXPECT_NULL(accel_device_node(p));
	EXPECT_NULL(accel_device_provider(p));
	EXPECT_NULL(accel_device_bus_id(p));
	EXPECT_ERR(accel_device_get_info(p, &info, sizeof(info)));
	EXPECT_ERR(accel_describe_device(p, &attr, sizeof(attr)));
	EXPECT_NULL(accel_open_device(p));
	accel_free_device_list(p);	/* void: must only not crash */
	/* contexts */
	EXPECT_ERR(accel_close_device(p));
	EXPECT_NULL(accel_context_device(p));
	EXPECT_ERR(accel_query_device(p, &attr, sizeof(attr)));
	EXPECT_ERR(accel_query_mem_domains(p, &dom, 1, sizeof(dom)));
	EXPECT_ERR(accel_query_engines(p, &eng, 1, sizeof(eng)));
	EXPECT_NULL(accel_bo_alloc(p, 4096, 0));
	EXPECT_NULL(accel_bo_alloc_ex(p, &args, sizeof(args)));
	EXPECT_NULL(accel_bo_import_dmabuf(p, 0));
	EXPECT_NULL(accel_queue_create(p, NULL));
	/* BOs */
	EXPECT_ERR(accel_bo_free(p));
	EXPECT_NULL(accel_bo_map(p));
	EXPECT_ERR(accel_bo_unmap(p));
	EXPECT_ZERO(accel_bo_size(p));
	EXPECT_ZERO(accel_bo_device_addr(p));
	EXPECT_NULL(accel_bo_context(p));
	EXPECT_ERR(accel_bo_cpu_prep(p, ACCEL_ACCESS_READ, 0));
	EXPECT_ERR(accel_bo_cpu_fini(p));
	EXPECT_ERR(accel_bo_export_dmabuf(p, O_CLOEXEC));
	/* queues */
	EXPECT_ERR(accel_queue_destroy(p));
	s.cmd_bo = live_bo;
	s.cmd_size = 8;
	EXPECT_ERR(accel_submit(p, &s, &seq));
	EXPECT_ERR(accel_wait(p, 1, 0));
	EXPECT_ERR(accel_queue_get_fd(p));
	EXPECT_ERR(accel_queue_completed(p, &seq));
	EXPECT_ERR(accel_job_status(p, 1, &st, sizeof(st)));
	EXPECT_ERR(accel_fence_export_sync_file(p, 1));
	/* ... and inside a submission on a live queue */
	s.cmd_bo = p;
	EXPECT_ERR(accel_submit(live_q, &s, &seq));
	s.cmd_bo = live_bo;
	s.bos = &ref;
	s.num_bos = 1;
	EXPECT_ERR(accel_submit(live_q, &s, &seq));
	s.bos = NULL;
	s.num_bos = 0;
	s.comp_mask = ACCEL_SUBMIT_WAIT;
	s.wait_points = &pt;
	s.num_wait_points = 1;
	EXPECT_ERR(accel_submit(live_q, &s, &seq));
	/* monitors */
	EXPECT_ERR(accel_monitor_destroy(p));
	EXPECT_ERR(accel_monitor_get_fd(p));
	EXPECT_ERR(accel_monitor_receive(p, &ev, sizeof(ev)));
}

static void test_foreign_pointers(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q;
	struct accel_device **list;
	struct accel_bo *bo;
	long on_stack[8] = { 0 };
	int n;

	(void)state;
	/*
	 * The registry's deleted slots once had the key (void *)1: sweep
	 * through fill levels so that some lookup meets one.
	 */
	for (n = 0; n < 40; n++) {
		const char *what = "(void *)1 among deleted slots";

		churn_registry(ctx, 20 + n * 9);
		EXPECT_ERR(accel_bo_free((void *)1));
		EXPECT_NULL(accel_device_name((void *)1));
	}
	q = accel_queue_create(ctx, NULL);
	assert_non_null(q);
	bo = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	assert_non_null(bo);
	list = accel_get_device_list(&n);
	assert_non_null(list);

	poke_all((void *)1, "(void *)1", q, bo);
	poke_all((void *)-1, "(void *)-1", q, bo);
	poke_all((void *)16, "(void *)16", q, bo);
	poke_all(on_stack, "a stack address", q, bo);
	/* every object as every other type: each call checks the type */
	{
		const char *what = "objects of the wrong type";

		EXPECT_ERR(accel_bo_free((struct accel_bo *)ctx));
		EXPECT_ERR(accel_bo_free((struct accel_bo *)q));
		EXPECT_ERR(accel_queue_destroy((struct accel_queue *)bo));
		EXPECT_ERR(accel_queue_destroy((struct accel_queue *)list));
		EXPECT_ERR(accel_close_device((struct accel_context *)bo));
		EXPECT_ERR(accel_close_device((struct accel_context *)list[0]));
		EXPECT_NULL(accel_open_device((struct accel_device *)ctx));
		EXPECT_NULL(accel_device_name((struct accel_device *)list));
		EXPECT_NULL(accel_bo_map((struct accel_bo *)list[0]));
		EXPECT_ERR(accel_wait((struct accel_queue *)ctx, 1, 0));
		EXPECT_ERR(accel_monitor_destroy((struct accel_monitor *)q));
		EXPECT_NULL(accel_queue_create((struct accel_context *)q, NULL));
	}
	/* the real objects still work */
	assert_non_null(accel_bo_map(bo));
	accel_free_device_list(list);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

/*
 * A freed device list's address never comes back for a new list (malloc
 * would hand it out again at once), so a stale free frees nothing live.
 */
#define STALE_LISTS 32
static void test_stale_device_list(void **state)
{
	struct accel_device **old, **lists[STALE_LISTS];
	int i, n;

	(void)state;
	old = accel_get_device_list(&n);
	assert_non_null(old);
	assert_true(n > 0);
	accel_free_device_list(old);
	for (i = 0; i < STALE_LISTS; i++) {
		lists[i] = accel_get_device_list(NULL);
		assert_non_null(lists[i]);
		assert_ptr_not_equal(lists[i], old);
	}
	accel_free_device_list(old);	/* stale: touches no new list */
	for (i = 0; i < STALE_LISTS; i++) {
		assert_non_null(lists[i][0]);
		assert_non_null(accel_device_name(lists[i][0]));
		accel_free_device_list(lists[i]);
	}
}

/* ------------------------------------------------------------------------ */
/* Stale handles                                                            */
/* ------------------------------------------------------------------------ */

#define STALE_BOS 64
#define STALE_QUEUES 8

/*
 * Free objects, make many more of the same kinds (malloc hands the old
 * addresses out again), then use every old value: each answers -ESTALE,
 * and every new object is still whole. With objects named by their
 * addresses a stale free destroyed a new object here.
 */
static void test_stale_handles(void **state)
{
	struct accel_bo *old[STALE_BOS], *bo[4 * STALE_BOS];
	struct accel_queue *oldq[STALE_QUEUES], *q[4 * STALE_QUEUES];
	struct accel_context *ctx = st_open_soft(), *oldctx, *ctx2;
	const char *what = "a freed BO";
	struct accel_job_status st;
	uint64_t seq;
	int i;

	(void)state;
	for (i = 0; i < STALE_BOS; i++) {
		old[i] = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
		assert_non_null(old[i]);
	}
	for (i = 0; i < STALE_QUEUES; i++) {
		oldq[i] = accel_queue_create(ctx, NULL);
		assert_non_null(oldq[i]);
	}
	for (i = 0; i < STALE_BOS; i++)
		assert_int_equal(accel_bo_free(old[i]), 0);
	for (i = 0; i < STALE_QUEUES; i++)
		assert_int_equal(accel_queue_destroy(oldq[i]), 0);
	for (i = 0; i < 4 * STALE_BOS; i++) {
		bo[i] = accel_bo_alloc(ctx, 4096 * (uint64_t)(1 + i % 3),
				       ACCEL_BO_HOST_VISIBLE);
		assert_non_null(bo[i]);
	}
	for (i = 0; i < 4 * STALE_QUEUES; i++) {
		q[i] = accel_queue_create(ctx, NULL);
		assert_non_null(q[i]);
	}
	/* twice: a stale free must not succeed the first time either */
	for (i = 0; i < 2 * STALE_BOS; i++) {
		struct accel_bo *b = old[i % STALE_BOS];

		EXPECT_ERR(accel_bo_free(b));
		EXPECT_ZERO(accel_bo_size(b));
		EXPECT_NULL(accel_bo_map(b));
		EXPECT_NULL(accel_bo_context(b));
	}
	what = "a destroyed queue";
	for (i = 0; i < 2 * STALE_QUEUES; i++) {
		EXPECT_ERR(accel_queue_destroy(oldq[i % STALE_QUEUES]));
		EXPECT_ERR(accel_wait(oldq[i % STALE_QUEUES], 1, 0));
		EXPECT_ERR(accel_job_status(oldq[i % STALE_QUEUES], 1, &st, sizeof(st)));
	}
	/* nothing new was touched */
	for (i = 0; i < 4 * STALE_BOS; i++) {
		assert_int_equal(accel_bo_size(bo[i]), 4096 * (uint64_t)(1 + i % 3));
		assert_non_null(accel_bo_map(bo[i]));
		assert_ptr_equal(accel_bo_context(bo[i]), ctx);
	}
	for (i = 0; i < 4 * STALE_QUEUES; i++) {
		assert_int_equal(accel_queue_completed(q[i], &seq), 0);
		assert_int_equal(accel_queue_destroy(q[i]), 0);
	}
	for (i = 0; i < 4 * STALE_BOS; i++)
		assert_int_equal(accel_bo_free(bo[i]), 0);

	/* a closed context, then a new one: the old value closes nothing */
	oldctx = ctx;
	assert_int_equal(accel_close_device(oldctx), 0);
	ctx2 = st_open_soft();
	what = "a closed context";
	EXPECT_ERR(accel_close_device(oldctx));
	EXPECT_NULL(accel_bo_alloc(oldctx, 4096, 0));
	bo[0] = accel_bo_alloc(ctx2, 4096, 0);
	assert_non_null(bo[0]);
	assert_int_equal(accel_bo_free(bo[0]), 0);
	assert_int_equal(accel_close_device(ctx2), 0);
}

/* ------------------------------------------------------------------------ */
/* accel_bo_map() racing accel_bo_free()                                    */
/* ------------------------------------------------------------------------ */

/*
 * soft BOs are memfds named accel-soft-bo, small ones ranges of a shared
 * one (mapped once while it lives): count the process's mappings
 */
static int count_bo_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "accel-soft-bo"))
			n++;
	fclose(f);
	return n;
}

struct race {
	pthread_barrier_t go, done;
	struct accel_bo *volatile bo;
	unsigned int jitter_map, jitter_free;
	bool stop;
};

/* shift the two threads against each other by a varying few ns */
static void spin(unsigned int n)
{
	volatile unsigned int i;

	for (i = 0; i < n; i++)
		;
}

static void *mapper(void *arg)
{
	struct race *r = arg;

	for (;;) {
		pthread_barrier_wait(&r->go);
		if (r->stop)
			return NULL;
		spin(r->jitter_map);
		/* a pointer while the BO lives, then NULL + ESTALE */
		while (accel_bo_map(r->bo))
			;
		pthread_barrier_wait(&r->done);
	}
}

static void test_map_free_race(void **state)
{
	struct accel_context *ctx = st_open_soft();
	int i, base, iters = getenv("ACCEL_TEST_QUICK") ? 200 : 3000;
	struct race r = { 0 };
	struct accel_bo *keep;
	pthread_t t;
	int base0;

	(void)state;
	base0 = count_bo_mappings();
	/* the shared memfd the BOs below come from, mapped while it lives */
	keep = accel_bo_alloc(ctx, 4096, 0);
	assert_non_null(keep);
	base = count_bo_mappings();
	pthread_barrier_init(&r.go, NULL, 2);
	pthread_barrier_init(&r.done, NULL, 2);
	assert_int_equal(pthread_create(&t, NULL, mapper, &r), 0);
	for (i = 0; i < iters; i++) {
		r.bo = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
		assert_non_null(r.bo);
		r.jitter_map = (unsigned int)rand() % 400;
		r.jitter_free = (unsigned int)rand() % 400;
		pthread_barrier_wait(&r.go);
		spin(r.jitter_free);
		assert_int_equal(accel_bo_free(r.bo), 0);
		pthread_barrier_wait(&r.done);
	}
	r.stop = true;
	pthread_barrier_wait(&r.go);
	pthread_join(t, NULL);
	pthread_barrier_destroy(&r.go);
	pthread_barrier_destroy(&r.done);
	/* no mapping of a freed BO is left, whoever won each race */
	assert_int_equal(count_bo_mappings(), base);
	assert_int_equal(accel_bo_free(keep), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	assert_int_equal(count_bo_mappings(), base0);
}

/* ------------------------------------------------------------------------ */
/* fork()                                                                   */
/* ------------------------------------------------------------------------ */

/* In a child: no cmocka (its jumps lead back into the parent's runner) */
#define CHILD_CHECK(cond)                                                    \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "child: %s:%d: %s\n", __FILE__,       \
				__LINE__, #cond);                            \
			_exit(1);                                            \
		}                                                            \
	} while (0)

/* Wait for a child that must finish within its alarm; 0 when it passed */
static void reap(pid_t pid)
{
	int status;

	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		fail_msg("child killed by signal %d (hung: SIGALRM is %d)",
			 WTERMSIG(status), SIGALRM);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/*
 * The sanitizers' runtimes are not fork-safe with threads: ThreadSanitizer
 * cannot follow a thread started in the child of a multi-threaded process
 * ("dup thread with used id"), and GCC 12's AddressSanitizer does not hold
 * its allocator's locks across fork(), so a new thread of the child can
 * block forever in malloc on a lock a parent thread held. There the child
 * opens the device and uses a BO but makes no queue (a worker thread),
 * and the busy threads below stop outside the library and malloc while
 * the main thread forks: the plain build forks them mid-call.
 */
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define CHILD_MAY_START_THREADS 0
#define FORK_MID_CALL 0
#else
#define CHILD_MAY_START_THREADS 1
#define FORK_MID_CALL 1
#endif

/* In a child: open the soft device anew and run one job on it */
static void child_run_fresh_job(void)
{
	struct accel_device **list;
	struct accel_context *ctx = NULL;
	struct accel_queue *q;
	struct accel_bo *bo, *cmd;
	struct accel_submit s = { 0 };
	struct accel_bo_ref ref;
	uint64_t *v, seq;
	uint32_t len;
	void *p;
	int i, n;

	list = accel_get_device_list(&n);
	CHILD_CHECK(list);
	for (i = 0; i < n && !ctx; i++)
		if (!strcmp(accel_device_driver(list[i]), "soft"))
			ctx = accel_open_device(list[i]);
	accel_free_device_list(list);
	CHILD_CHECK(ctx);
	bo = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	cmd = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	CHILD_CHECK(bo && cmd);
	v = accel_bo_map(bo);
	p = accel_bo_map(cmd);
	CHILD_CHECK(v && p);
	if (!CHILD_MAY_START_THREADS) {
		v[0] = 0xc41d;
		CHILD_CHECK(accel_bo_free(bo) == 0);
		CHILD_CHECK(accel_close_device(ctx) == 0);
		return;
	}
	q = accel_queue_create(ctx, NULL);
	CHILD_CHECK(q);
	len = softdv_emit_write_value(p, accel_bo_device_addr(bo), 0xc41d);
	ref.bo = bo;
	ref.access = ACCEL_ACCESS_WRITE;
	ref.slot = 0;
	s.cmd_bo = cmd;
	s.cmd_size = len;
	s.bos = &ref;
	s.num_bos = 1;
	CHILD_CHECK(accel_submit(q, &s, &seq) == 0);
	CHILD_CHECK(accel_wait(q, seq, 10 * SEC_NS) == 0);
	CHILD_CHECK(v[0] == 0xc41d);
	CHILD_CHECK(accel_close_device(ctx) == 0);
}

static void test_fork_inherited(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *bo;
	struct st_cs cs;
	uint64_t *v, seq;
	pid_t pid;

	(void)state;
	assert_non_null(q);
	bo = st_alloc_mapped(ctx, 4096, (void **)&v);
	st_cs_init(&cs, ctx);
	cs.len += softdv_emit_write_value(cs.p, accel_bo_device_addr(bo), 1);
	assert_int_equal(st_cs_submit(q, &cs, &seq, bo, NULL), 0);
	assert_int_equal(accel_queue_get_fd(q) >= 0, 1);

	pid = fork();
	if (!pid) {
		struct accel_device_attr attr;
		struct accel_submit s = { .cmd_bo = cs.bo, .cmd_size = cs.len };

		alarm(20);
		/* everything the parent opened answers ECHILD at once */
		CHILD_CHECK(accel_wait(q, seq, -1) == -ECHILD);
		CHILD_CHECK(strstr(accel_last_error(), "fork"));
		CHILD_CHECK(accel_submit(q, &s, NULL) == -ECHILD);
		CHILD_CHECK(accel_queue_get_fd(q) == -ECHILD);
		CHILD_CHECK(accel_query_device(ctx, &attr, sizeof(attr)) == -ECHILD);
		errno = 0;
		CHILD_CHECK(!accel_bo_alloc(ctx, 4096, 0) && errno == ECHILD);
		CHILD_CHECK(!accel_queue_create(ctx, NULL) && errno == ECHILD);
		CHILD_CHECK(!accel_bo_map(bo) && errno == ECHILD);
		CHILD_CHECK(accel_bo_size(bo) == 0 && errno == ECHILD);
		CHILD_CHECK(accel_bo_cpu_prep(bo, ACCEL_ACCESS_READ, -1) == -ECHILD);
		/* closing does not wait for the parent's threads */
		CHILD_CHECK(accel_bo_free(bo) == 0);
		CHILD_CHECK(accel_bo_free(bo) == -ESTALE);
		CHILD_CHECK(accel_queue_destroy(q) == 0);
		CHILD_CHECK(accel_close_device(ctx) == 0);
		CHILD_CHECK(accel_close_device(ctx) == -ESTALE);
		/* ... and takes the context's other objects with it */
		CHILD_CHECK(accel_bo_free(cs.bo) == -ESTALE);
		/* the child opens the device afresh */
		child_run_fresh_job();
		_exit(0);
	}
	reap(pid);
	/* the parent's objects are untouched by the child's closes */
	assert_int_equal(accel_wait(q, seq, 10 * SEC_NS), 0);
	assert_int_equal(v[0], 1);
	cs.len = softdv_emit_write_value(cs.p, accel_bo_device_addr(bo), 2);
	assert_int_equal(st_cs_run(q, &cs, bo, NULL), 0);
	assert_int_equal(v[0], 2);

	/* a child that closes the context only */
	pid = fork();
	if (!pid) {
		alarm(20);
		CHILD_CHECK(accel_close_device(ctx) == 0);
		CHILD_CHECK(accel_wait(q, seq, -1) == -ESTALE);
		_exit(0);
	}
	reap(pid);
	assert_int_equal(accel_wait(q, seq, 0), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

struct busy {
	struct accel_context *ctx;
	atomic_bool stop;
	atomic_int jobs;
	atomic_bool hold;	/* the sanitized builds' fork: threads park */
	atomic_int parked;
};

/* Between two calls: park while the main thread forks (!FORK_MID_CALL) */
static void busy_park(struct busy *b)
{
	if (!atomic_load(&b->hold))
		return;
	atomic_fetch_add(&b->parked, 1);
	while (atomic_load(&b->hold))
		sched_yield();
	atomic_fetch_sub(&b->parked, 1);
}

static pid_t busy_fork(struct busy *b, int nthreads)
{
	pid_t pid;

	if (FORK_MID_CALL)
		return fork();
	atomic_store(&b->hold, true);
	while (atomic_load(&b->parked) < nthreads)
		sched_yield();
	pid = fork();
	if (pid)
		atomic_store(&b->hold, false);
	return pid;
}

/* scan and look up in a loop: the library's global locks, taken often */
static void *scan_main(void *arg)
{
	struct busy *b = arg;
	struct accel_bo *bo = accel_bo_alloc(b->ctx, 4096, 0);

	assert_non_null(bo);
	while (!atomic_load(&b->stop)) {
		struct accel_device **list;
		int n;

		list = accel_get_device_list(&n);
		assert_non_null(list);
		accel_free_device_list(list);
		assert_int_equal(accel_bo_size(bo), 4096);
		atomic_fetch_add(&b->jobs, 1);
		busy_park(b);
	}
	assert_int_equal(accel_bo_free(bo), 0);
	return NULL;
}

/* submit and wait in a loop: a fork finds this thread inside the library */
static void *busy_main(void *arg)
{
	struct busy *b = arg;
	struct accel_queue *q = accel_queue_create(b->ctx, NULL);
	struct st_cs cs;
	uint64_t seq;

	assert_non_null(q);
	st_cs_init(&cs, b->ctx);
	cs.len += softdv_emit_nop(cs.p);
	while (!atomic_load(&b->stop)) {
		struct accel_bo *tmp = accel_bo_alloc(b->ctx, 4096, 0);

		assert_int_equal(st_cs_submit(q, &cs, &seq, tmp, NULL), 0);
		assert_int_equal(accel_wait(q, seq, 10 * SEC_NS), 0);
		assert_int_equal(accel_bo_free(tmp), 0);
		atomic_fetch_add(&b->jobs, 1);
		busy_park(b);
	}
	st_cs_fini(&cs);
	assert_int_equal(accel_queue_destroy(q), 0);
	return NULL;
}

static void test_fork_busy_threads(void **state)
{
	struct busy b = { .ctx = st_open_soft() };
	int i, rounds = getenv("ACCEL_TEST_QUICK") ? 10 : 50;
	pthread_t t[4];

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, i % 2 ? scan_main :
					       busy_main, &b), 0);
	for (i = 0; i < rounds; i++) {
		pid_t pid;

		/* let the threads get going between forks */
		while (atomic_load(&b.jobs) < 4 * (i + 1))
			usleep(100);
		pid = busy_fork(&b, 4);
		if (!pid) {
			struct accel_device **list;
			int n;

			alarm(20);
			/* the library's locks are free and its tables whole */
			list = accel_get_device_list(&n);
			CHILD_CHECK(list && n > 0);
			accel_free_device_list(list);
			CHILD_CHECK(!accel_bo_alloc(b.ctx, 4096, 0) && errno == ECHILD);
			CHILD_CHECK(accel_close_device(b.ctx) == 0);
			if (i % 10 == 0)
				child_run_fresh_job();
			_exit(0);
		}
		reap(pid);
	}
	atomic_store(&b.stop, true);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(accel_close_device(b.ctx), 0);
}

/* ------------------------------------------------------------------------ */
/* Memory promises                                                          */
/* ------------------------------------------------------------------------ */

static void test_memory_promise(void **state)
{
	struct accel_context *ctx = st_open_soft();
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), backed;
	struct accel_device_attr attr;
	struct accel_mem_domain dom;
	struct accel_bo *bo;
	struct sysinfo si;

	(void)state;
	assert_int_equal(sysinfo(&si), 0);
	backed = ((uint64_t)si.totalram + si.totalswap) * si.mem_unit;
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_int_equal(accel_query_mem_domains(ctx, &dom, 1, sizeof(dom)), 1);
	/* what is advertised is what the host can back */
	assert_true(attr.max_bo_size <= backed);
	assert_true(attr.max_bo_size + page > (backed < SOFTDV_MAX_BO_SIZE ?
					       backed : SOFTDV_MAX_BO_SIZE));
	assert_int_equal(dom.max_bo_size, attr.max_bo_size);
	assert_int_equal(dom.total, attr.max_bo_size);

	/* past it: ENOMEM up front, with a reason */
	errno = 0;
	assert_null(accel_bo_alloc(ctx, attr.max_bo_size + page, 0));
	if (attr.max_bo_size + page <= SOFTDV_MAX_BO_SIZE) {
		assert_int_equal(errno, ENOMEM);
		st_assert_reason("RAM and swap");
	}
	if (backed * 4 <= SOFTDV_MAX_BO_SIZE) {
		errno = 0;
		assert_null(accel_bo_alloc(ctx, backed * 4, 0));
		assert_int_equal(errno, ENOMEM);
		st_assert_reason("RAM and swap");
	}
	/* the live BOs count together */
	bo = accel_bo_alloc(ctx, attr.max_bo_size / 4 * 3, 0);
	if (bo) {	/* ThreadSanitizer cannot map that much */
		errno = 0;
		assert_null(accel_bo_alloc(ctx, attr.max_bo_size / 2, 0));
		assert_int_equal(errno, ENOMEM);
		st_assert_reason("RAM and swap");
		assert_int_equal(accel_bo_free(bo), 0);
	}
	/* freed memory is available again */
	bo = accel_bo_alloc(ctx, 1 << 20, 0);
	assert_non_null(bo);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

/* ------------------------------------------------------------------------ */
/* Memory kept after a burst                                                */
/* ------------------------------------------------------------------------ */

#define BURST 12
#define BURST_BOS 100000

static void test_burst_memory(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo_ref *refs = calloc(BURST_BOS, sizeof(*refs));
	struct accel_bo *gate, *big, *small;
	struct st_cs cs;
	size_t before, after;
	uint64_t *g, seq = 0, gate_seq;
	uint32_t i, len;
	char *p;

	(void)state;
	assert_non_null(q);
	assert_non_null(refs);
	gate = st_alloc_mapped(ctx, 4096, (void **)&g);
	big = st_alloc_mapped(ctx, SOFTDV_MAX_CMD_SIZE, (void **)&p);
	small = accel_bo_alloc(ctx, 4096, 0);
	assert_non_null(small);
	/* a maximal job: 4 MiB of commands, BURST_BOS BOs */
	for (len = 0; len < SOFTDV_MAX_CMD_SIZE;)
		len += softdv_emit_nop(p + len);
	for (i = 0; i < BURST_BOS; i++) {
		refs[i].bo = small;
		refs[i].access = ACCEL_ACCESS_READ;
	}
	/* warm: a small job through the queue, so its caches exist */
	st_cs_init(&cs, ctx);
	cs.len = softdv_emit_nop(cs.p);
	assert_int_equal(st_cs_run(q, &cs, NULL), 0);
	before = HEAP_BYTES();

	/* the worker waits on the gate while the burst piles up behind it */
	cs.len = softdv_emit_wait_value(cs.p, accel_bo_device_addr(gate), 1,
					~0ull, SOFTDV_WAIT_EQ, 30 * SEC_NS);
	assert_int_equal(st_cs_submit(q, &cs, &gate_seq, gate, NULL), 0);
	for (i = 0; i < BURST; i++) {
		struct accel_submit s = {
			.cmd_bo = big, .cmd_size = len,
			.bos = refs, .num_bos = BURST_BOS,
		};

		assert_int_equal(accel_submit(q, &s, &seq), 0);
	}
	__atomic_store_n(g, 1, __ATOMIC_RELEASE);
	assert_int_equal(accel_wait(q, seq, 60 * SEC_NS), 0);
	assert_int_equal(accel_wait(q, gate_seq, 0), 0);
	/* one more small job, so the last big one has surely retired */
	cs.len = softdv_emit_nop(cs.p);
	assert_int_equal(st_cs_run(q, &cs, NULL), 0);
	after = HEAP_BYTES();
	print_message("heap: %zu bytes before the burst, %zu after\n", before,
		      after);
	/*
	 * Each job took ~40 MiB between the core's record and soft's; the
	 * caches keep at most a few MiB of them.
	 */
	assert_true(after < before + (16u << 20));

	free(refs);
	st_cs_fini(&cs);
	assert_int_equal(accel_close_device(ctx), 0);
}

/* argv[1]: run only the cases whose name matches (cmocka's filter) */
int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_foreign_pointers),
		cmocka_unit_test(test_stale_handles),
		cmocka_unit_test(test_stale_device_list),
		cmocka_unit_test(test_map_free_race),
		cmocka_unit_test(test_fork_inherited),
		cmocka_unit_test(test_fork_busy_threads),
		cmocka_unit_test(test_memory_promise),
		cmocka_unit_test(test_burst_memory),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
