// SPDX-License-Identifier: MIT
/*
 * The habanalabs provider's queues: accel_submit / accel_wait and
 * hldv_submit on the emulated Gaudi2, with completion, a wait that times
 * out, device-side timeout, abort, reset, and the bad submissions.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include <accel/hldv.h>
#include <uapi/drm/habanalabs_accel.h>

#include "hl_submit_tests.h"
#include "shim_test.h"

#define MS 1000000ll

struct fixture {
	struct accel_context *ctx;
	struct accel_queue *q;
	struct accel_bo *cb;
};

static void setup(struct fixture *f)
{
	uint32_t *p;

	f->ctx = shim_hl_open(0);
	f->q = accel_queue_create(f->ctx, NULL);
	assert_non_null(f->q);
	f->cb = hldv_cb_alloc(f->ctx, 4096);
	assert_non_null(f->cb);
	p = accel_bo_map(f->cb);
	assert_non_null(p);
	memset(p, 0, 64);	/* a few NOP-sized packets' worth */
}

static void teardown(struct fixture *f)
{
	assert_int_equal(accel_bo_free(f->cb), 0);
	assert_int_equal(accel_queue_destroy(f->q), 0);
	assert_int_equal(accel_close_device(f->ctx), 0);
}

static int submit(struct fixture *f, struct accel_bo *cmd, uint64_t off, uint64_t size,
		  uint64_t *seq)
{
	struct accel_submit s = { .cmd_bo = cmd, .cmd_offset = off, .cmd_size = size };

	return accel_submit(f->q, &s, seq);
}

void test_submit_complete(void **state)
{
	struct fixture f;
	uint64_t seq = 0, seq2 = 0, done = 0;

	setup(&f);
	assert_true(hldv_cb_handle(f.cb) != 0);
	assert_true(accel_bo_device_addr(f.cb) != 0);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(accel_wait(f.q, seq, 0), 0);
	assert_int_equal(submit(&f, f.cb, 64, 64, &seq2), 0);
	assert_int_equal(seq2, 2);
	assert_int_equal(accel_wait(f.q, seq2, -1), 0);
	assert_int_equal(accel_queue_completed(f.q, &done), 0);
	assert_int_equal(done, seq2);
	/* long done: still done */
	assert_int_equal(accel_wait(f.q, seq, 10 * MS), 0);
	teardown(&f);
}

void test_submit_from_other_bos(void **state)
{
	struct fixture f;
	struct accel_bo *host, *dram;
	uint64_t seq;

	setup(&f);
	host = accel_bo_alloc(f.ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	dram = accel_bo_alloc(f.ctx, 4096, 0);
	assert_non_null(host);
	assert_non_null(dram);
	/* any BO with a device address holds commands */
	assert_int_equal(submit(&f, host, 128, 256, &seq), 0);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);
	assert_int_equal(submit(&f, dram, 0, 4096, &seq), 0);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);
	assert_int_equal(accel_bo_free(host), 0);
	assert_int_equal(accel_bo_free(dram), 0);
	teardown(&f);
}

void test_wait_timeout(void **state)
{
	struct fixture f;
	uint64_t seq, done = 99;

	setup(&f);
	/* the device takes 300 ms */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 300000);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_int_equal(accel_wait(f.q, seq, 0), -ETIMEDOUT);
	assert_int_equal(accel_wait(f.q, seq, 1), -ETIMEDOUT);	/* 1 ns: not a poll */
	assert_int_equal(accel_wait(f.q, seq, 5 * MS), -ETIMEDOUT);
	assert_int_equal(accel_queue_completed(f.q, &done), 0);
	assert_int_equal(done, 0);
	assert_int_equal(accel_wait(f.q, seq, INT64_MAX), 0);
	assert_int_equal(accel_queue_completed(f.q, &done), 0);
	assert_int_equal(done, seq);
	teardown(&f);
}

void test_wait_hang_and_in_flight_limit(void **state)
{
	struct fixture f;
	uint64_t seq = 0;
	int i;

	setup(&f);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_HANG, 0);
	for (i = 0; i < 64; i++)
		assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	/* 64 in flight: the kernel says try again, the provider passes it on */
	assert_int_equal(submit(&f, f.cb, 0, 64, NULL), -EAGAIN);
	assert_int_equal(accel_wait(f.q, seq, 2 * MS), -ETIMEDOUT);
	teardown(&f);
}

void test_wait_abort(void **state)
{
	struct fixture f;
	uint64_t seq;

	setup(&f);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_ABORT, 0);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_int_equal(accel_wait(f.q, seq, -1), -EIO);
	/* the device's own timeout is a failed CS, not an expired wait */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_TIMEOUT, 1000);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_int_equal(accel_wait(f.q, seq, -1), -EIO);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);
	teardown(&f);
}

void test_reset_while_open(void **state)
{
	struct accel_device_attr attr;
	struct fixture f;
	uint64_t seq;

	setup(&f);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_HANG, 0);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	/* the work is lost; new work and memory are refused */
	assert_int_equal(accel_wait(f.q, seq, -1), -EIO);
	assert_int_equal(submit(&f, f.cb, 0, 64, NULL), -EIO);
	assert_null(accel_bo_alloc(f.ctx, 4096, 0));
	assert_int_equal(errno, EBUSY);
	assert_int_equal(hldv_device_status(f.ctx), HLDV_STATUS_IN_RESET);
	/* describing the device still works */
	assert_int_equal(accel_query_device(f.ctx, &attr, sizeof(attr)), 0);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	/* the reset aborted the CS for good */
	assert_int_equal(accel_wait(f.q, seq, 0), -EIO);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);
	teardown(&f);
}

void test_submit_bad(void **state)
{
	struct accel_queue_attr qa = { 0 };
	struct accel_submit s = { 0 };
	struct fixture f;
	int32_t fence = -1;
	uint64_t seq;

	setup(&f);
	/* never submitted */
	assert_int_equal(accel_wait(f.q, 1000, 0), -EINVAL);
	/* out of the command BO */
	assert_int_equal(submit(&f, f.cb, 4096 - 8, 64, NULL), -EINVAL);
	assert_int_equal(submit(&f, f.cb, 0, 0, NULL), -EINVAL);
	s.cmd_bo = f.cb;
	s.cmd_size = 64;
	s.comp_mask = ACCEL_SUBMIT_OUT_FENCE;
	s.out_fence_fd = &fence;
	assert_int_equal(accel_submit(f.q, &s, &seq), -EOPNOTSUPP);
	/* queues: the CPU queue is the driver's; no priorities */
	qa.comp_mask = ACCEL_QUEUE_ATTR_ENGINE;
	qa.engine = GAUDI2_QUEUE_ID_CPU_PQ;
	assert_null(accel_queue_create(f.ctx, &qa));
	assert_int_equal(errno, EINVAL);
	qa.comp_mask = ACCEL_QUEUE_ATTR_PRIORITY;
	qa.priority = 1;
	assert_null(accel_queue_create(f.ctx, &qa));
	assert_int_equal(errno, EOPNOTSUPP);
	teardown(&f);
}

void test_hldv_submit(void **state)
{
	struct hldv_cs_chunk c[3];
	struct accel_queue_attr qa = { .comp_mask = ACCEL_QUEUE_ATTR_ENGINE,
				       .engine = GAUDI2_QUEUE_ID_ROT_1_3 };
	struct accel_queue *q2;
	struct accel_bo *host;
	struct fixture f;
	uint64_t seq = 0;

	setup(&f);
	host = accel_bo_alloc(f.ctx, 8192, ACCEL_BO_HOST_VISIBLE);
	assert_non_null(host);
	memset(c, 0, sizeof(c));
	c[0] = (struct hldv_cs_chunk){ f.cb, 0, 64, GAUDI2_QUEUE_ID_PDMA_0_0 };
	c[1] = (struct hldv_cs_chunk){ host, 4096, 128, GAUDI2_QUEUE_ID_DCORE0_EDMA_0_0 };
	c[2] = (struct hldv_cs_chunk){ f.cb, 1024, 32, GAUDI2_QUEUE_ID_ROT_1_3 };
	assert_int_equal(hldv_submit(f.q, c, 3, &seq), 0);
	/* one sequence per context: any queue of it waits */
	q2 = accel_queue_create(f.ctx, &qa);
	assert_non_null(q2);
	assert_int_equal(accel_wait(q2, seq, -1), 0);

	c[1].queue_index = GAUDI2_QUEUE_ID_CPU_PQ;
	assert_int_equal(hldv_submit(f.q, c, 3, &seq), -EINVAL);
	c[1].queue_index = GAUDI2_QUEUE_ID_SIZE;
	assert_int_equal(hldv_submit(f.q, c, 3, &seq), -EINVAL);
	c[1].queue_index = 0;
	c[1].offset = 8192;
	assert_int_equal(hldv_submit(f.q, c, 3, &seq), -EINVAL);
	c[1].offset = 0;
	c[1].cb = NULL;
	assert_int_equal(hldv_submit(f.q, c, 3, &seq), -EINVAL);
	assert_int_equal(hldv_submit(f.q, c, 0, &seq), -EINVAL);
	assert_int_equal(hldv_submit(f.q, c, HL_MAX_JOBS_PER_CS + 1, &seq), -EINVAL);
	assert_int_equal(hldv_submit(NULL, c, 1, &seq), -EINVAL);
	assert_int_equal(accel_queue_destroy(q2), 0);
	assert_int_equal(accel_bo_free(host), 0);
	teardown(&f);
}

struct worker {
	struct accel_context *ctx;
	struct accel_queue *q;
	struct accel_bo *cb;
	int iters;
	int err;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct accel_submit s = { .cmd_bo = w->cb, .cmd_size = 64 };
	int i;

	for (i = 0; i < w->iters && !w->err; i++) {
		struct accel_bo *bo = accel_bo_alloc(w->ctx, 4096,
						     i % 2 ? ACCEL_BO_HOST_VISIBLE : 0);
		uint64_t seq = 0;
		int fd;

		if (!bo) {
			w->err = -errno;
			break;
		}
		if (!(i % 2)) {
			fd = accel_bo_export_dmabuf(bo, O_RDWR);
			if (fd < 0)
				w->err = fd;
			else
				close(fd);
		}
		if (!w->err)
			w->err = accel_submit(w->q, &s, &seq);
		if (!w->err)
			w->err = accel_wait(w->q, seq, -1);
		if (accel_bo_free(bo) && !w->err)
			w->err = -EIO;
	}
	return NULL;
}

/* objects of one context used from several threads at once */
void test_threads(void **state)
{
	struct worker w[4];
	pthread_t t[4];
	struct fixture f;
	uint64_t done = 0;
	int i;

	setup(&f);
	for (i = 0; i < 4; i++) {
		w[i] = (struct worker){ .ctx = f.ctx, .cb = f.cb, .iters = 50 };
		/* two threads share the fixture's queue, two have their own */
		w[i].q = i < 2 ? f.q : accel_queue_create(f.ctx, NULL);
		assert_non_null(w[i].q);
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].err, 0);
		if (i >= 2)
			assert_int_equal(accel_queue_destroy(w[i].q), 0);
	}
	assert_int_equal(accel_queue_completed(f.q, &done), 0);
	assert_true(done > 0);
	teardown(&f);
}

static int count_fds(void)
{
	struct dirent *d;
	DIR *dir = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(dir);
	while ((d = readdir(dir)))
		n++;
	closedir(dir);
	return n;
}

/* a whole session, then nothing left open: no fd, no DRAM */
void test_no_leaks(void **state)
{
	struct hldv_device_info hi;
	struct fixture f;
	struct accel_bo *bo;
	uint64_t seq;
	int before, fd;

	/* the first scan loads the provider and opens what it keeps */
	assert_non_null(shim_hl_device(0));
	before = count_fds();
	setup(&f);
	bo = accel_bo_alloc(f.ctx, 4096, 0);
	assert_non_null(bo);
	fd = accel_bo_export_dmabuf(bo, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);
	close(fd);
	/* failures leave nothing behind either */
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	assert_null(accel_bo_alloc(f.ctx, 4096, 0));
	assert_null(hldv_cb_alloc(f.ctx, 4096));
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	assert_null(accel_bo_alloc(f.ctx, 200ull << 30, 0));
	teardown(&f);
	assert_int_equal(count_fds(), before);
	assert_int_equal(hldv_device_query(shim_hl_device(0), &hi, sizeof(hi)), 0);
	assert_int_equal(hi.dram_free, hi.dram_size);
	assert_int_equal(hi.compute_ctx_active, 0);
}
