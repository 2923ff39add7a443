// SPDX-License-Identifier: MIT
/*
 * The core's model of work, proved against testdrv's pretend hardware: a
 * job completes when the test writes its status word (testdrv.h). Seqnos,
 * the error contract of accel_wait() and accel_job_status(), deadlines,
 * completion order, BO lifetime across a free, queue teardown, wait
 * points across queues, the queue fd, allocation with initial contents,
 * CPU brackets, and the userspace backend (testdrv's bare variant,
 * completed here with accel_queue_signal()).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accel_provider.h"
#include "providers/testdrv.h"
#include "unit.h"

#define MS 1000000LL

static struct fake_sys fs;
static struct accel_device **list;
static struct accel_context *ctx, *barectx;
static struct accel_bo *cmd;	/* one status word per job: slot i at 8 * i */
static uint64_t *words;

static int setup(void **state)
{
	unit_open_testdrv_and_bare(&fs, &list, &ctx, &barectx);
	cmd = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	assert_non_null(cmd);
	words = accel_bo_map(cmd);
	assert_non_null(words);
	return 0;
}

/* Every job a test left running is finished, so the close cannot hang */
static int teardown(void **state)
{
	int i;

	for (i = 0; i < 4096 / 8; i++)
		if (!__atomic_load_n(&words[i], __ATOMIC_ACQUIRE))
			testdrv_complete(&words[i], TESTDRV_DONE);
	if (!cmd)
		free(words);	/* a test freed cmd and left a stand-in */
	accel_close_device(ctx);
	accel_close_device(barectx);
	accel_free_device_list(list);
	fake_sys_fini(&fs);
	return 0;
}

static struct accel_queue *queue_on(uint32_t engine)
{
	struct accel_queue_attr attr = {
		.comp_mask = ACCEL_QUEUE_ATTR_ENGINE,
		.engine = engine,
	};
	struct accel_queue *q = accel_queue_create(ctx, &attr);

	assert_non_null(q);
	return q;
}

/* submit a job whose status word is slot; returns its seqno */
static uint64_t submit_ex(struct accel_queue *q, unsigned int slot,
			  const struct accel_bo_ref *bos, uint32_t nbos,
			  const struct accel_fence_point *wp, uint32_t nwp)
{
	struct accel_submit s = {
		.comp_mask = nwp ? ACCEL_SUBMIT_WAIT : 0,
		.cmd_bo = cmd,
		.cmd_offset = 8 * slot,
		.cmd_size = 8,
		.bos = bos,
		.num_bos = nbos,
		.wait_points = wp,
		.num_wait_points = nwp,
	};
	uint64_t seq = 0;

	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_true(seq > 0);
	return seq;
}

static uint64_t submit_slot(struct accel_queue *q, unsigned int slot)
{
	return submit_ex(q, slot, NULL, 0, NULL, 0);
}

static void complete(unsigned int slot, int64_t value)
{
	testdrv_complete(&words[slot], value);
}

static uint64_t mem_free(struct accel_context *c)
{
	struct accel_device_attr attr;

	assert_int_equal(accel_query_device(c, &attr, sizeof(attr)), 0);
	return attr.mem_free;
}

/* The device, late: writes a status word after a delay, in a thread */
struct later {
	pthread_t thread;
	unsigned int slot;
	int64_t value;
	int delay_ms;
	atomic_bool done;
};

static void *later_main(void *arg)
{
	struct later *l = arg;
	struct timespec ts = { l->delay_ms / 1000, (l->delay_ms % 1000) * MS };

	nanosleep(&ts, NULL);
	atomic_store(&l->done, true);
	complete(l->slot, l->value);
	return NULL;
}

static void later_start(struct later *l, unsigned int slot, int64_t value,
			int delay_ms)
{
	l->slot = slot;
	l->value = value;
	l->delay_ms = delay_ms;
	atomic_init(&l->done, false);
	assert_int_equal(pthread_create(&l->thread, NULL, later_main, l), 0);
}

static void test_seqnos_per_queue(void **state)
{
	struct accel_queue *a = queue_on(TESTDRV_ENGINE_IN_ORDER);
	struct accel_queue *b = queue_on(TESTDRV_ENGINE_ANY_ORDER);
	int i;

	for (i = 0; i < 8; i++)
		complete(i, TESTDRV_DONE);
	/* per queue, from 1, increasing, whatever the other queue does */
	assert_int_equal(submit_slot(a, 0), 1);
	assert_int_equal(submit_slot(b, 1), 1);
	assert_int_equal(submit_slot(a, 2), 2);
	assert_int_equal(submit_slot(a, 3), 3);
	assert_int_equal(submit_slot(b, 4), 2);
	/* a refused submission takes no number */
	assert_fail_reason(accel_submit(a, NULL, NULL), -EINVAL);
	assert_int_equal(submit_slot(a, 5), 4);
	assert_int_equal(accel_wait(a, 4, -1), 0);
	assert_int_equal(accel_wait(b, 2, -1), 0);
	/* retired jobs still answer */
	assert_int_equal(accel_wait(a, 1, 0), 0);
	assert_int_equal(accel_queue_destroy(a), 0);
	assert_int_equal(accel_queue_destroy(b), 0);
}

static void test_wait_poll_then_done(void **state)
{
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_IN_ORDER);
	struct accel_job_status st;
	uint64_t s = submit_slot(q, 0);

	assert_fail_reason(accel_wait(q, s, 0), -ETIMEDOUT);
	memset(&st, 0xa5, sizeof(st));
	assert_int_equal(accel_job_status(q, s, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_PENDING);
	complete(0, TESTDRV_DONE);
	assert_int_equal(accel_wait(q, s, 0), 0);
	assert_int_equal(accel_wait(q, s, -1), 0);
	memset(&st, 0xa5, sizeof(st));
	assert_int_equal(accel_job_status(q, s, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_DONE);
	assert_int_equal(st.error, 0);
	/* a status struct of only the state */
	memset(&st, 0xa5, sizeof(st));
	assert_int_equal(accel_job_status(q, s, &st, sizeof(st.state)), 0);
	assert_int_equal(st.state, ACCEL_JOB_DONE);
	assert_int_equal(st.error, (int32_t)0xa5a5a5a5);
	assert_fail_reason(accel_job_status(q, s, &st, 2), -EINVAL);
	assert_fail_reason(accel_job_status(q, s, NULL, sizeof(st)), -EINVAL);
	assert_int_equal(accel_queue_destroy(q), 0);
}

static void test_wait_failed_job(void **state)
{
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_ANY_ORDER);
	struct accel_job_status st;
	uint64_t s = submit_slot(q, 0);
	uint64_t s2;

	complete(0, -ETIME);
	assert_fail_reason(accel_wait(q, s, -1), -EIO);
	/* the caller's reason is the job's */
	assert_non_null(strstr(accel_last_error(), "testdrv: job 1 failed"));
	memset(&st, 0, sizeof(st));
	assert_int_equal(accel_job_status(q, s, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_FAILED);
	assert_int_equal(st.error, -EIO);
	assert_int_equal(st.device_error, -ETIME);
	assert_int_equal(st.provider_status, (uint64_t)(int64_t)-ETIME);
	assert_non_null(strstr(st.reason, "testdrv: job 1 failed"));
	/* remembered after it retired, and asked again */
	assert_fail_reason(accel_wait(q, s, 0), -EIO);
	/* one failed job does not lose the context */
	s2 = submit_slot(q, 1);
	assert_int_equal(s2, 2);
	complete(1, TESTDRV_DONE);
	assert_int_equal(accel_wait(q, s2, -1), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
}

static void test_wait_context_lost(void **state)
{
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_IN_ORDER);
	struct accel_queue *q2 = queue_on(TESTDRV_ENGINE_ANY_ORDER);
	struct accel_job_status st;
	struct accel_submit sub = {
		.cmd_bo = cmd, .cmd_offset = 8, .cmd_size = 8,
	};
	uint64_t s = submit_slot(q, 0), seq;

	complete(0, TESTDRV_LOST);
	assert_fail_reason(accel_wait(q, s, -1), -ENOTRECOVERABLE);
	assert_int_equal(accel_job_status(q, s, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_FAILED);
	assert_int_equal(st.error, -ENOTRECOVERABLE);
	assert_int_equal(st.device_error, -ENODEV);
	/* the whole context is lost: no queue of it takes work */
	assert_fail_reason(accel_submit(q, &sub, &seq), -ENOTRECOVERABLE);
	assert_fail_reason(accel_submit(q2, &sub, &seq), -ENOTRECOVERABLE);
	/* but it closes */
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_queue_destroy(q2), 0);
}

static void test_wait_bad_seqno(void **state)
{
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_IN_ORDER);
	struct accel_job_status st;
	uint64_t s;

	complete(0, TESTDRV_DONE);
	s = submit_slot(q, 0);
	assert_fail_reason(accel_wait(q, s + 1, 0), -EINVAL);
	assert_fail_reason(accel_wait(q, s + 1, -1), -EINVAL);
	assert_fail_reason(accel_wait(q, UINT64_MAX, -1), -EINVAL);
	assert_fail_reason(accel_job_status(q, s + 1, &st, sizeof(st)), -EINVAL);
	assert_fail_reason(accel_job_status(q, 0, &st, sizeof(st)), -EINVAL);
	assert_int_equal(accel_wait(q, s, -1), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
}

static void test_wait_timeouts(void **state)
{
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_IN_ORDER);
	uint64_t s = submit_slot(q, 0);
	struct later l;
	int64_t t0, dt;

	/* a finite timeout ends at its deadline, not much later */
	t0 = accel_now_ns();
	assert_fail_reason(accel_wait(q, s, 50 * MS), -ETIMEDOUT);
	dt = accel_now_ns() - t0;
	assert_true(dt >= 50 * MS);
	assert_true(dt < 2000 * MS);
	assert_non_null(strstr(accel_last_error(), "in time"));
	/*
	 * The largest timeouts do not overflow into the past (which would
	 * answer -ETIMEDOUT at once): they wait for the device.
	 */
	later_start(&l, 0, TESTDRV_DONE, 100);
	assert_int_equal(accel_wait(q, s, INT64_MAX), 0);
	assert_true(atomic_load(&l.done));
	pthread_join(l.thread, NULL);
	s = submit_slot(q, 1);
	later_start(&l, 1, TESTDRV_DONE, 100);
	assert_int_equal(accel_wait(q, s, INT64_MAX - 1), 0);
	assert_true(atomic_load(&l.done));
	pthread_join(l.thread, NULL);
	s = submit_slot(q, 2);
	later_start(&l, 2, TESTDRV_DONE, 100);
	assert_int_equal(accel_wait(q, s, INT64_MIN), 0);
	assert_true(atomic_load(&l.done));
	pthread_join(l.thread, NULL);
	assert_int_equal(accel_queue_destroy(q), 0);
}

static void test_completed_any_order(void **state)
{
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_ANY_ORDER);
	uint64_t done = 99;

	assert_int_equal(submit_slot(q, 0), 1);
	assert_int_equal(submit_slot(q, 1), 2);
	assert_int_equal(submit_slot(q, 2), 3);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 0);
	/* on this queue the newest done says nothing of the others */
	complete(2, TESTDRV_DONE);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 0);
	assert_fail_reason(accel_wait(q, 2, 0), -ETIMEDOUT);
	/* 2 and 3 finish first: 1 still runs, so nothing is complete */
	complete(1, TESTDRV_DONE);
	complete(2, TESTDRV_DONE);
	assert_int_equal(accel_wait(q, 2, -1), 0);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 0);
	assert_fail_reason(accel_wait(q, 1, 0), -ETIMEDOUT);
	complete(0, TESTDRV_DONE);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 3);
	assert_int_equal(accel_queue_destroy(q), 0);
}

static void test_completed_in_order(void **state)
{
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_IN_ORDER);
	struct accel_job_status st;
	uint64_t done = 99;

	assert_int_equal(submit_slot(q, 0), 1);
	assert_int_equal(submit_slot(q, 1), 2);
	assert_int_equal(submit_slot(q, 2), 3);
	/*
	 * On an in-order queue, 2 done means 1 is done: the core asks the
	 * backend about 2 only (testdrv never sets 1's word here).
	 */
	complete(1, TESTDRV_DONE);
	assert_int_equal(accel_wait(q, 2, -1), 0);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 2);
	assert_int_equal(accel_job_status(q, 1, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_DONE);
	assert_int_equal(accel_wait(q, 1, 0), 0);
	assert_fail_reason(accel_wait(q, 3, 0), -ETIMEDOUT);
	/* and a poll looks at the newest first: 4 done covers 3 */
	assert_int_equal(submit_slot(q, 3), 4);
	complete(3, TESTDRV_DONE);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 4);
	assert_int_equal(accel_wait(q, 3, 0), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
}

static void test_bo_free_while_busy(void **state)
{
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_IN_ORDER);
	struct accel_bo *data = accel_bo_alloc(ctx, 65536, 0);
	struct accel_bo_ref ref = { data, ACCEL_ACCESS_WRITE, 0 };
	uint64_t before, s, s2;

	assert_non_null(data);
	before = mem_free(ctx);
	s = submit_ex(q, 0, &ref, 1, NULL, 0);
	/* the free returns at once; the BO is gone for the API */
	assert_int_equal(accel_bo_free(data), 0);
	assert_fail_reason(accel_bo_free(data), -ESTALE);
	assert_null_reason(accel_bo_map(data), ESTALE);
	unit_reason_reset();
	errno = 0;
	assert_int_equal(accel_bo_size(data), 0);
	assert_int_equal(errno, ESTALE);
	unit_assert_reason("accel_bo_size", __FILE__, __LINE__);
	/* ... and for new work */
	{
		struct accel_submit sub = {
			.cmd_bo = cmd, .cmd_offset = 8, .cmd_size = 8,
			.bos = &ref, .num_bos = 1,
		};
		uint64_t seq;

		assert_fail_reason(accel_submit(q, &sub, &seq), -ESTALE);
	}
	/* but the job still holds its memory */
	assert_int_equal(mem_free(ctx), before);
	assert_fail_reason(accel_wait(q, s, 0), -ETIMEDOUT);
	assert_int_equal(mem_free(ctx), before);
	complete(0, TESTDRV_DONE);
	assert_int_equal(accel_wait(q, s, -1), 0);
	/* retired: the memory is back */
	assert_int_equal(mem_free(ctx), before + 65536);

	/* the same through a poll, and for the command BO itself */
	data = accel_bo_alloc(ctx, 65536, 0);
	assert_non_null(data);
	ref.bo = data;
	s2 = submit_ex(q, 1, &ref, 1, NULL, 0);
	assert_int_equal(accel_bo_free(data), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
	assert_int_equal(mem_free(ctx), before);
	/* the device writes the word of a freed cmd BO the job still holds */
	complete(1, TESTDRV_DONE);
	{
		uint64_t done;

		assert_int_equal(accel_queue_completed(q, &done), 0);
		assert_int_equal(done, s2);
	}
	assert_int_equal(mem_free(ctx), before + 65536 + 4096);
	assert_int_equal(accel_queue_destroy(q), 0);
	/* teardown must not touch the freed cmd BO's words */
	cmd = NULL;
	words = calloc(4096, 1);
	assert_non_null(words);
}

static void test_queue_destroy_waits(void **state)
{
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_ANY_ORDER);
	struct accel_bo *data = accel_bo_alloc(ctx, 65536, 0);
	struct accel_bo_ref ref = { data, ACCEL_ACCESS_READ, 0 };
	uint64_t before;
	struct later l;

	assert_non_null(data);
	before = mem_free(ctx);
	submit_ex(q, 0, &ref, 1, NULL, 0);
	submit_ex(q, 1, &ref, 1, NULL, 0);
	assert_int_equal(accel_bo_free(data), 0);
	complete(1, TESTDRV_DONE);
	/* the device is still using data: destroy waits for it */
	later_start(&l, 0, TESTDRV_DONE, 150);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_true(atomic_load(&l.done));
	pthread_join(l.thread, NULL);
	assert_int_equal(mem_free(ctx), before + 65536);
}

/* accel_submit() in a thread, to see it block */
struct bg_submit {
	pthread_t thread;
	struct accel_queue *q;
	struct accel_submit s;
	int ret;
	uint64_t seq;
	atomic_bool returned;
};

static void *bg_submit_main(void *arg)
{
	struct bg_submit *b = arg;

	b->ret = accel_submit(b->q, &b->s, &b->seq);
	atomic_store(&b->returned, true);
	return NULL;
}

static void test_wait_points_block_submit(void **state)
{
	struct accel_queue *a = queue_on(TESTDRV_ENGINE_IN_ORDER);
	struct accel_queue *b = queue_on(TESTDRV_ENGINE_ANY_ORDER);
	struct accel_fence_point wp;
	struct bg_submit bg = { .q = b };
	struct timespec ts = { 0, 150 * MS };
	uint64_t sa = submit_slot(a, 0);

	wp = (struct accel_fence_point){ a, sa };
	bg.s = (struct accel_submit){
		.comp_mask = ACCEL_SUBMIT_WAIT,
		.cmd_bo = cmd, .cmd_offset = 8, .cmd_size = 8,
		.wait_points = &wp, .num_wait_points = 1,
	};
	atomic_init(&bg.returned, false);
	assert_int_equal(pthread_create(&bg.thread, NULL, bg_submit_main, &bg), 0);
	/* testdrv takes no wait points: the core waits on the CPU */
	nanosleep(&ts, NULL);
	assert_false(atomic_load(&bg.returned));
	complete(0, TESTDRV_DONE);
	pthread_join(bg.thread, NULL);
	assert_int_equal(bg.ret, 0);
	assert_int_equal(bg.seq, 1);
	/* a point already done does not block */
	complete(1, TESTDRV_DONE);
	complete(2, TESTDRV_DONE);
	assert_int_equal(submit_ex(b, 2, NULL, 0, &wp, 1), 2);
	/* a point on the same queue, and many points */
	{
		struct accel_fence_point two[2] = { { a, sa }, { b, 2 } };

		assert_int_equal(submit_ex(b, 2, NULL, 0, two, 2), 3);
	}
	assert_int_equal(accel_wait(b, 3, -1), 0);
	assert_int_equal(accel_queue_destroy(a), 0);
	assert_int_equal(accel_queue_destroy(b), 0);
}

static void test_wait_points_bad(void **state)
{
	struct accel_queue *a = queue_on(TESTDRV_ENGINE_IN_ORDER);
	struct accel_queue *b = queue_on(TESTDRV_ENGINE_ANY_ORDER);
	struct accel_queue *gone = queue_on(TESTDRV_ENGINE_ANY_ORDER);
	struct accel_fence_point wp = { a, 1 };
	struct accel_submit s = {
		.comp_mask = ACCEL_SUBMIT_WAIT,
		.cmd_bo = cmd, .cmd_offset = 8, .cmd_size = 8,
		.wait_points = &wp, .num_wait_points = 1,
	};
	uint64_t seq;

	complete(0, TESTDRV_DONE);
	complete(1, TESTDRV_DONE);
	/* a never-submitted seqno */
	assert_fail_reason(accel_submit(b, &s, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "wait_points[0]"));
	submit_slot(a, 0);
	wp.seqno = 2;
	assert_fail_reason(accel_submit(b, &s, &seq), -EINVAL);
	/* not a live queue */
	assert_int_equal(accel_queue_destroy(gone), 0);
	wp = (struct accel_fence_point){ gone, 1 };
	assert_fail_reason(accel_submit(b, &s, &seq), -ESTALE);
	wp = (struct accel_fence_point){ NULL, 1 };
	assert_fail_reason(accel_submit(b, &s, &seq), -EINVAL);
	s.wait_points = NULL;
	assert_fail_reason(accel_submit(b, &s, &seq), -EINVAL);
	/* without the mask bit the points are not looked at */
	s.comp_mask = 0;
	assert_int_equal(accel_submit(b, &s, &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(accel_queue_destroy(a), 0);
	assert_int_equal(accel_queue_destroy(b), 0);
}

static void test_wait_point_failed(void **state)
{
	struct accel_queue *a = queue_on(TESTDRV_ENGINE_IN_ORDER);
	struct accel_queue *b = queue_on(TESTDRV_ENGINE_ANY_ORDER);
	struct accel_fence_point wp = { a, 0 };
	struct accel_submit s = {
		.comp_mask = ACCEL_SUBMIT_WAIT,
		.cmd_bo = cmd, .cmd_offset = 8, .cmd_size = 8,
		.wait_points = &wp, .num_wait_points = 1,
	};
	uint64_t seq;

	wp.seqno = submit_slot(a, 0);
	complete(0, -EFAULT);
	assert_fail_reason(accel_submit(b, &s, &seq), -EIO);
	assert_non_null(strstr(accel_last_error(), "wait_points[0]"));
	/* the refused submission took no seqno */
	complete(1, TESTDRV_DONE);
	assert_int_equal(submit_slot(b, 1), 1);
	assert_int_equal(accel_queue_destroy(a), 0);
	assert_int_equal(accel_queue_destroy(b), 0);
}

static void test_queue_fd(void **state)
{
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_IN_ORDER);
	struct pollfd p = { .events = POLLIN };
	uint64_t s;

	p.fd = accel_queue_get_fd(q);
	assert_true(p.fd >= 0);
	/* the same fd each time, and nothing to read yet */
	assert_int_equal(accel_queue_get_fd(q), p.fd);
	assert_true(fcntl(p.fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(poll(&p, 1, 0), 0);
	s = submit_slot(q, 0);
	assert_int_equal(poll(&p, 1, 50), 0);
	/* testdrv has no queue_get_fd: the core's waiter thread sees it */
	complete(0, TESTDRV_DONE);
	assert_int_equal(poll(&p, 1, 5000), 1);
	assert_true(p.revents & POLLIN);
	assert_int_equal(accel_wait(q, s, 0), 0);
	/* the queue goes, and its waiter with it */
	assert_int_equal(accel_queue_destroy(q), 0);
}

static void test_fence_export_not_supported(void **state)
{
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_IN_ORDER);
	uint64_t s;

	complete(0, TESTDRV_DONE);
	s = submit_slot(q, 0);
	assert_fail_reason(accel_fence_export_sync_file(q, s), -EOPNOTSUPP);
	assert_non_null(strstr(accel_last_error(), "testdrv"));
	assert_fail_reason(accel_fence_export_sync_file(NULL, s), -EINVAL);
	assert_int_equal(accel_queue_destroy(q), 0);
}

static void test_bo_alloc_ex(void **state)
{
	static const char text[] = "initial contents";
	struct accel_bo_alloc_args a = {
		.comp_mask = ACCEL_BO_ALLOC_INIT,
		.flags = ACCEL_BO_HOST_VISIBLE,
		.size = 4096,
		.init_data = text,
		.init_size = sizeof(text),
	};
	struct {
		struct accel_bo_alloc_args a;
		uint64_t tail[2];
	} big;
	struct accel_bo *bo;
	char *p;

	/* initial contents, written by the core through a mapping */
	bo = accel_bo_alloc_ex(ctx, &a, sizeof(a));
	assert_non_null(bo);
	p = accel_bo_map(bo);
	assert_non_null(p);
	assert_string_equal(p, text);
	assert_int_equal(p[sizeof(text)], 0);
	assert_int_equal(accel_bo_free(bo), 0);
	/* a domain instead of flags */
	a.comp_mask = ACCEL_BO_ALLOC_DOMAIN;
	a.flags = 0;
	a.domain = 1;
	a.usage = ACCEL_BO_USAGE_COMMAND;
	bo = accel_bo_alloc_ex(ctx, &a, sizeof(a));
	assert_non_null(bo);
	assert_int_equal(accel_bo_free(bo), 0);
	a.domain = 7;
	assert_null_reason(accel_bo_alloc_ex(ctx, &a, sizeof(a)), EINVAL);
	a.domain = 0;
	a.usage = 2;
	assert_null_reason(accel_bo_alloc_ex(ctx, &a, sizeof(a)), EINVAL);
	a.usage = 0;
	a.comp_mask = 1u << 5;
	assert_null_reason(accel_bo_alloc_ex(ctx, &a, sizeof(a)), EINVAL);
	/* flags outside ops.bo_flags */
	a.comp_mask = 0;
	a.flags = ACCEL_BO_CONTIGUOUS;
	assert_null_reason(accel_bo_alloc_ex(ctx, &a, sizeof(a)), EINVAL);
	assert_non_null(strstr(accel_last_error(), "does not honour"));
	a.flags = 0;
	/* contents past the BO, or no contents */
	a.comp_mask = ACCEL_BO_ALLOC_INIT;
	a.size = 8;
	assert_null_reason(accel_bo_alloc_ex(ctx, &a, sizeof(a)), EINVAL);
	a.size = 4096;
	a.init_data = NULL;
	assert_null_reason(accel_bo_alloc_ex(ctx, &a, sizeof(a)), EINVAL);
	a.init_data = text;
	/* a provider that cannot map cannot take contents from the core */
	assert_null_reason(accel_bo_alloc_ex(barectx, &a, sizeof(a)), EOPNOTSUPP);
	/* args: NULL, too small, larger with zero or nonzero tail */
	assert_null_reason(accel_bo_alloc_ex(ctx, NULL, sizeof(a)), EINVAL);
	assert_null_reason(accel_bo_alloc_ex(ctx, &a,
			   offsetof(struct accel_bo_alloc_args, size)), EINVAL);
	memset(&big, 0, sizeof(big));
	big.a = a;
	bo = accel_bo_alloc_ex(ctx, &big.a, sizeof(big));
	assert_non_null(bo);
	assert_int_equal(accel_bo_free(bo), 0);
	big.tail[1] = 1;
	assert_null_reason(accel_bo_alloc_ex(ctx, &big.a, sizeof(big)), EINVAL);
	/* an older caller's struct, up to usage: no contents */
	a.comp_mask = 0;
	bo = accel_bo_alloc_ex(ctx, &a, offsetof(struct accel_bo_alloc_args, init_data));
	assert_non_null(bo);
	assert_int_equal(accel_bo_size(bo), 4096);
	assert_int_equal(accel_bo_free(bo), 0);
}

static void test_cpu_prep_coherent(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);

	assert_non_null(bo);
	/* testdrv is coherent: the brackets are no-ops that succeed */
	assert_int_equal(accel_bo_cpu_prep(bo, ACCEL_ACCESS_READ, 0), 0);
	assert_int_equal(accel_bo_cpu_prep(bo, ACCEL_ACCESS_WRITE, -1), 0);
	assert_int_equal(accel_bo_cpu_prep(bo, ACCEL_ACCESS_RW, INT64_MAX), 0);
	assert_int_equal(accel_bo_cpu_fini(bo), 0);
	assert_fail_reason(accel_bo_cpu_prep(bo, 0, 0), -EINVAL);
	assert_fail_reason(accel_bo_cpu_prep(bo, ACCEL_ACCESS_RW << 1, 0), -EINVAL);
	assert_fail_reason(accel_bo_cpu_prep(NULL, ACCEL_ACCESS_READ, 0), -EINVAL);
	assert_fail_reason(accel_bo_cpu_fini(NULL), -EINVAL);
	assert_int_equal(accel_bo_free(bo), 0);
}

/* Before the CPU looks, the work that writes the BO (or, to write, uses it) ends */
static void test_cpu_prep_waits_for_users(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);
	struct accel_queue *q = queue_on(TESTDRV_ENGINE_ANY_ORDER);
	struct accel_bo_ref rd = { bo, ACCEL_ACCESS_READ, 0 };
	struct accel_bo_ref wr = { bo, ACCEL_ACCESS_WRITE, 0 };

	assert_non_null(bo);
	/* a job that only reads it: the CPU may read, not write */
	submit_ex(q, 40, &rd, 1, NULL, 0);
	assert_int_equal(accel_bo_cpu_prep(bo, ACCEL_ACCESS_READ, 0), 0);
	assert_fail_reason(accel_bo_cpu_prep(bo, ACCEL_ACCESS_WRITE, 0), -ETIMEDOUT);
	assert_fail_reason(accel_bo_cpu_prep(bo, ACCEL_ACCESS_RW, 10 * MS), -ETIMEDOUT);
	complete(40, TESTDRV_DONE);
	assert_int_equal(accel_bo_cpu_prep(bo, ACCEL_ACCESS_WRITE, 0), 0);

	/* a job that writes it: not even reading until it is done, or failed */
	submit_ex(q, 41, &wr, 1, NULL, 0);
	assert_fail_reason(accel_bo_cpu_prep(bo, ACCEL_ACCESS_READ, 0), -ETIMEDOUT);
	complete(41, -EFAULT);
	assert_int_equal(accel_bo_cpu_prep(bo, ACCEL_ACCESS_READ, -1), 0);
	assert_int_equal(accel_bo_cpu_fini(bo), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(bo), 0);
}

static void test_userspace_backend(void **state)
{
	struct accel_bo *c = accel_bo_alloc(barectx, 4096, 0);
	struct accel_bo *data = accel_bo_alloc(barectx, 65536, 0);
	struct accel_bo_ref ref = { data, ACCEL_ACCESS_RW, 0 };
	struct accel_submit s = {
		.cmd_bo = c, .cmd_size = 8, .bos = &ref, .num_bos = 1,
	};
	struct accel_queue *q = accel_queue_create(barectx, NULL);
	struct accel_queue *qo = q;	/* the object, as the provider sees it */
	struct accel_job_status st;
	uint64_t seq, before, done;

	assert_non_null(c);
	assert_non_null(data);
	assert_non_null(q);
	assert_int_equal(accel_queue_lookup(&qo), 0);
	before = mem_free(barectx);
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 2);
	assert_int_equal(accel_bo_free(data), 0);
	assert_fail_reason(accel_wait(q, 1, 0), -ETIMEDOUT);
	assert_fail_reason(accel_wait(q, 1, 20 * MS), -ETIMEDOUT);
	/* the provider's completions, as soft makes them */
	accel_queue_signal(qo, 2, -EFAULT, "bad address in command 3");
	assert_fail_reason(accel_wait(q, 2, -1), -EIO);
	assert_int_equal(accel_job_status(q, 2, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_FAILED);
	assert_int_equal(st.device_error, -EFAULT);
	assert_string_equal(st.reason, "bad address in command 3");
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 0);
	assert_int_equal(mem_free(barectx), before);
	accel_queue_signal(qo, 1, 0, NULL);
	assert_int_equal(accel_wait(q, 1, 0), 0);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 2);
	assert_int_equal(mem_free(barectx), before + 65536);
	/* a signal for nothing is ignored */
	accel_queue_signal(qo, 7, 0, NULL);
	/* a pending job is dropped with the queue */
	assert_int_equal(accel_submit(q, &s, &seq), -ESTALE);
	ref.bo = c;
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	accel_queue_put(qo);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(c), 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_seqnos_per_queue, setup, teardown),
	cmocka_unit_test_setup_teardown(test_wait_poll_then_done, setup, teardown),
	cmocka_unit_test_setup_teardown(test_wait_failed_job, setup, teardown),
	cmocka_unit_test_setup_teardown(test_wait_context_lost, setup, teardown),
	cmocka_unit_test_setup_teardown(test_wait_bad_seqno, setup, teardown),
	cmocka_unit_test_setup_teardown(test_wait_timeouts, setup, teardown),
	cmocka_unit_test_setup_teardown(test_completed_any_order, setup, teardown),
	cmocka_unit_test_setup_teardown(test_completed_in_order, setup, teardown),
	cmocka_unit_test_setup_teardown(test_bo_free_while_busy, setup, teardown),
	cmocka_unit_test_setup_teardown(test_queue_destroy_waits, setup, teardown),
	cmocka_unit_test_setup_teardown(test_wait_points_block_submit, setup, teardown),
	cmocka_unit_test_setup_teardown(test_wait_points_bad, setup, teardown),
	cmocka_unit_test_setup_teardown(test_wait_point_failed, setup, teardown),
	cmocka_unit_test_setup_teardown(test_queue_fd, setup, teardown),
	cmocka_unit_test_setup_teardown(test_fence_export_not_supported, setup, teardown),
	cmocka_unit_test_setup_teardown(test_bo_alloc_ex, setup, teardown),
	cmocka_unit_test_setup_teardown(test_cpu_prep_coherent, setup, teardown),
	cmocka_unit_test_setup_teardown(test_cpu_prep_waits_for_users, setup, teardown),
	cmocka_unit_test_setup_teardown(test_userspace_backend, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
