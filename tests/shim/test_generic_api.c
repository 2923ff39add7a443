// SPDX-License-Identifier: MIT
/*
 * The checks every provider passes through the generic API alone, run on
 * the driver ACCEL_TEST_DRIVER names (soft, or an emulated one): refusals
 * with reasons, BO alloc/map/free, a BO freed while a job listing it
 * runs, a done job's status, accel_queue_completed(), the queue fd, and a
 * wait point across two queues.
 *
 * Jobs are built by the example's encoders (examples/accel_encoders.h);
 * where a driver's emulator runs nothing (habanalabs) a job is a command
 * buffer of zeroes listing the BO, and data is not checked. Jobs are held
 * back by each backend's control, or by the device itself on soft (a
 * WAIT_VALUE on a word the CPU writes).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>

#include "accel_encoders.h"
#include "accel_shim_ivpu.h"
#include "accel_shim_xdna.h"
#include "shim_ethosu.h"
#include "shim_rocket.h"
#include "shim_test.h"

#define SEC 1000000000LL
#define SIZE 65536u
#define PATTERN 0xc0ffee11u

struct fx {
	const char *driver;
	struct accel_device **list;
	struct enc_dev d;
	struct accel_bo *gate;		/* soft: the word held jobs wait on */
	int held;
	struct enc_job jobs[8];
	int njobs;
};

static struct fx f;

static int is(const char *driver)
{
	return !strcmp(f.driver, driver);
}

static void fx_open(void)
{
	int i, n = 0;

	memset(&f, 0, sizeof(f));
	f.driver = getenv("ACCEL_TEST_DRIVER");
	if (!f.driver) {
		printf("ACCEL_TEST_DRIVER is not set: no driver under test\n");
		skip();
	}
	f.list = accel_get_device_list(&n);
	assert_non_null(f.list);
	for (i = 0; f.list[i]; i++)
		if (!strcmp(accel_device_driver(f.list[i]), f.driver))
			break;
	if (!f.list[i])
		fail_msg("no %s device", f.driver);
	f.d.enc = enc_find(f.driver);
	if (!f.d.enc)
		fail_msg("no encoder for %s", f.driver);
	f.d.ctx = accel_open_device(f.list[i]);
	if (!f.d.ctx)
		fail_msg("accel_open_device: %s (%s)", strerror(errno), accel_last_error());
}

static void fx_close(void)
{
	assert_int_equal(accel_close_device(f.d.ctx), 0);
	accel_free_device_list(f.list);
	f.list = NULL;
}

static struct accel_queue *queue(struct enc_dev *d)
{
	/* stage 0: a queue that runs FILL (amdxdna: a FILL CU) */
	struct accel_queue *q = d->enc->make_queue(d, 0);

	if (!q)
		fail_msg("make_queue: %s (%s)", strerror(errno), accel_last_error());
	return q;
}

static struct accel_bo *bo_alloc(struct accel_context *ctx)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, SIZE, ACCEL_BO_HOST_VISIBLE);

	if (!bo)
		fail_msg("accel_bo_alloc: %s (%s)", strerror(errno), accel_last_error());
	return bo;
}

/* ------------------------------------------------------------------ */
/* holding jobs back                                                  */
/* ------------------------------------------------------------------ */

/*
 * Jobs submitted while held do not complete until release(). ivpu, qaic
 * and habanalabs have a delay rather than a hold: their jobs take 300 ms.
 */
static void hold(void)
{
	f.held = 1;
	if (is("soft")) {
		f.gate = bo_alloc(f.d.ctx);
		memset(accel_bo_map(f.gate), 0, 8);
	} else if (is("intel_vpu")) {
		accel_shim_ivpu_set_job_delay(300000000);
	} else if (is("amdxdna")) {
		assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_HOLD), 0);
	} else if (is("qaic")) {
		assert_int_equal(accel_shim_qaic_set_xfer(0, 300000, 0), 0);
	} else if (is("rocket")) {
		accel_shim_rocket_hold(true);
	} else if (is("ethosu")) {
		accel_shim_ethosu_hold(true);
	} else if (is("habanalabs")) {
		assert_int_equal(accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 300000), 0);
	}
}

static void release(void)
{
	f.held = 0;
	if (is("soft")) {
		uint64_t one = 1;

		memcpy(accel_bo_map(f.gate), &one, 8);
	} else if (is("intel_vpu")) {
		accel_shim_ivpu_set_job_delay(1000000);
	} else if (is("amdxdna")) {
		assert_true(accel_shim_xdna_set_mode(0, SHIM_XDNA_RUN) >= 0);
	} else if (is("qaic")) {
		assert_int_equal(accel_shim_qaic_set_xfer(0, 1000, 0), 0);
	} else if (is("rocket")) {
		accel_shim_rocket_hold(false);
	} else if (is("ethosu")) {
		accel_shim_ethosu_hold(false);
	} else if (is("habanalabs")) {
		assert_int_equal(accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0), 0);
	}
}

/* ------------------------------------------------------------------ */
/* jobs                                                               */
/* ------------------------------------------------------------------ */

/* soft, held: WAIT_VALUE on the gate word, then FILL */
static int soft_held_fill(struct enc_dev *d, struct enc_job *j, struct accel_bo *dst)
{
	uint8_t *cs = enc_cmd_begin(d, j, 4096);
	uint32_t n;

	if (!cs)
		return -errno;
	n = softdv_emit_wait_value(cs, accel_bo_device_addr(f.gate), 1, ~0ull,
				   SOFTDV_WAIT_EQ, 0);
	n += softdv_emit_fill(cs + n, accel_bo_device_addr(dst), SIZE, PATTERN);
	enc_ref(j, f.gate, ACCEL_ACCESS_READ, 0);
	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 0);
	return enc_cmd_end(j, n);
}

/* a command buffer of zeroes listing dst: for a device that runs nothing */
static int nop_job(struct enc_dev *d, struct enc_job *j, struct accel_bo *dst)
{
	void *p = enc_cmd_begin(d, j, 4096);

	if (!p)
		return -errno;
	memset(p, 0, 64);
	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 0);
	return enc_cmd_end(j, 64);
}

/* a job that writes PATTERN over dst, on q; its seqno */
static uint64_t write_job(struct enc_dev *d, struct accel_queue *q, struct accel_bo *dst,
			  const struct accel_fence_point *after)
{
	struct enc_job *j = &f.jobs[f.njobs++];
	uint64_t seq = 0;
	int ret;

	assert_true(f.njobs <= 8);
	if (!d->enc->fill)
		ret = nop_job(d, j, dst);
	else if (is("soft") && f.held)
		ret = soft_held_fill(d, j, dst);
	else
		ret = d->enc->fill(d, j, q, dst, SIZE, PATTERN);
	if (ret)
		fail_msg("encoding: %s (%s)", strerror(-ret), accel_last_error());
	if (after) {
		j->s.comp_mask |= ACCEL_SUBMIT_WAIT;
		j->s.wait_points = after;
		j->s.num_wait_points = 1;
	}
	ret = accel_submit(q, &j->s, &seq);
	if (ret)
		fail_msg("accel_submit: %s (%s)", strerror(-ret), accel_last_error());
	return seq;
}

static void check_data(struct accel_bo *bo)
{
	uint32_t *w = accel_bo_map(bo);
	uint32_t i;

	if (!f.d.enc->fill)
		return;	/* nothing ran */
	assert_non_null(w);
	assert_int_equal(accel_bo_cpu_prep(bo, ACCEL_ACCESS_READ, -1), 0);
	for (i = 0; i < SIZE / 4; i++)
		if (w[i] != PATTERN)
			fail_msg("word %u: 0x%08x", i, w[i]);
	assert_int_equal(accel_bo_cpu_fini(bo), 0);
}

static void check_done(struct accel_queue *q, uint64_t seq)
{
	struct accel_job_status st;

	memset(&st, 0xff, sizeof(st));
	assert_int_equal(accel_job_status(q, seq, &st, sizeof(st)), 0);
	if (st.state != ACCEL_JOB_DONE)
		fail_msg("job %llu: state %u error %d: %s", (unsigned long long)seq,
			 st.state, st.error, st.reason);
	assert_int_equal(st.error, 0);
}

/* a refusal: the errno, and a reason that says something */
#define assert_refused(ret, err)						\
	do {									\
		assert_int_equal((ret), -(err));				\
		assert_non_null(accel_last_error());				\
		assert_true(strlen(accel_last_error()) > 0);			\
		printf("refused as expected: %s\n", accel_last_error());	\
	} while (0)

#define assert_refused_null(ptr, err)						\
	do {									\
		errno = 0;							\
		assert_null(ptr);						\
		assert_refused(-errno, err);					\
	} while (0)

/* ------------------------------------------------------------------ */
/* the checks                                                         */
/* ------------------------------------------------------------------ */

static void test_api_bad_args(void **state)
{
	struct accel_job_status st;
	struct accel_submit s = { 0 };
	struct accel_queue *q;
	uint64_t seq;

	(void)state;
	fx_open();
	q = queue(&f.d);
	assert_refused_null(accel_bo_alloc(f.d.ctx, 0, 0), EINVAL);
	assert_refused_null(accel_bo_alloc(NULL, 4096, 0), EINVAL);
	assert_refused_null(accel_bo_alloc(f.d.ctx, 4096, 1u << 31), EINVAL);
	assert_refused_null(accel_queue_create(NULL, NULL), EINVAL);
	assert_refused(accel_submit(q, NULL, &seq), EINVAL);
	assert_refused(accel_submit(NULL, &s, &seq), EINVAL);
	s.num_bos = 1;	/* bos NULL */
	assert_refused(accel_submit(q, &s, &seq), EINVAL);
	s.num_bos = 0;
	s.comp_mask = ACCEL_SUBMIT_WAIT;
	s.num_wait_points = 1;	/* wait_points NULL */
	assert_refused(accel_submit(q, &s, &seq), EINVAL);
	assert_refused(accel_wait(NULL, 1, 0), EINVAL);
	assert_refused(accel_job_status(q, 1, &st, 1), EINVAL);
	assert_refused(accel_job_status(q, 1, NULL, sizeof(st)), EINVAL);
	assert_refused(accel_queue_get_fd(NULL), EINVAL);
	assert_refused(accel_queue_completed(q, NULL), EINVAL);
	assert_refused(accel_bo_free(NULL), EINVAL);
	assert_refused_null(accel_bo_map(NULL), EINVAL);
	/* nothing was submitted: seqno 1 is not the queue's yet */
	assert_refused(accel_wait(q, 1, 0), EINVAL);
	fx_close();
}

static void test_api_bo(void **state)
{
	struct accel_bo *bo;
	uint8_t *p;
	uint32_t i;

	(void)state;
	fx_open();
	bo = bo_alloc(f.d.ctx);
	assert_true(accel_bo_size(bo) >= SIZE);
	p = accel_bo_map(bo);
	assert_non_null(p);
	/* mapping again gives the same mapping */
	assert_ptr_equal(accel_bo_map(bo), p);
	assert_int_equal(accel_bo_cpu_prep(bo, ACCEL_ACCESS_WRITE, -1), 0);
	for (i = 0; i < SIZE; i++)
		p[i] = (uint8_t)(i * 7);
	assert_int_equal(accel_bo_cpu_fini(bo), 0);
	assert_int_equal(accel_bo_unmap(bo), 0);
	p = accel_bo_map(bo);
	assert_non_null(p);
	assert_int_equal(accel_bo_cpu_prep(bo, ACCEL_ACCESS_READ, -1), 0);
	for (i = 0; i < SIZE; i++)
		if (p[i] != (uint8_t)(i * 7))
			fail_msg("byte %u changed", i);
	assert_int_equal(accel_bo_cpu_fini(bo), 0);
	assert_int_equal(accel_bo_free(bo), 0);
	fx_close();
}

/*
 * Import refusals keep their errnos once a real dma-buf has been seen (the
 * core then tells dma-bufs apart by the st_dev that one had): a memfd
 * and a pipe are EINVAL, a closed fd EBADF, and a dma-buf still imports.
 */
static void test_api_import_fds(void **state)
{
	struct accel_bo *bo, *imp;
	int fd, bad, pfd[2];

	(void)state;
	fx_open();
	bo = bo_alloc(f.d.ctx);
	fd = accel_bo_export_dmabuf(bo, O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		imp = accel_bo_import_dmabuf(f.d.ctx, fd);
		if (imp) {
			assert_int_equal(accel_bo_size(imp), accel_bo_size(bo));
			assert_int_equal(accel_bo_free(imp), 0);
		} else {
			assert_int_equal(errno, EOPNOTSUPP);
		}
	} else {
		assert_int_equal(fd, -EOPNOTSUPP);
	}
	if (!accel_bo_import_dmabuf(f.d.ctx, -1) && errno == EOPNOTSUPP) {
		/* the provider imports nothing: every fd is refused alike */
		if (fd >= 0)
			close(fd);
		assert_int_equal(accel_bo_free(bo), 0);
		fx_close();
		return;
	}
	bad = memfd_create("not-a-dmabuf", MFD_CLOEXEC);
	assert_true(bad >= 0);
	assert_int_equal(ftruncate(bad, 4096), 0);
	assert_null(accel_bo_import_dmabuf(f.d.ctx, bad));
	assert_int_equal(errno, EINVAL);
	/* the core names it, whether its check or the kernel refused it */
	assert_non_null(strstr(accel_last_error(), "not a dma-buf"));
	close(bad);
	assert_null(accel_bo_import_dmabuf(f.d.ctx, bad));
	assert_int_equal(errno, EBADF);
	assert_int_equal(pipe2(pfd, O_CLOEXEC), 0);
	assert_null(accel_bo_import_dmabuf(f.d.ctx, pfd[0]));
	assert_int_equal(errno, EINVAL);
	close(pfd[0]);
	close(pfd[1]);
	if (fd >= 0) {
		imp = accel_bo_import_dmabuf(f.d.ctx, fd);
		if (imp)
			assert_int_equal(accel_bo_free(imp), 0);
		close(fd);
	}
	assert_int_equal(accel_bo_free(bo), 0);
	fx_close();
}

static void test_api_free_busy_bo(void **state)
{
	struct accel_queue *q;
	struct accel_bo *bo;
	uint64_t seq;

	(void)state;
	fx_open();
	q = queue(&f.d);
	bo = bo_alloc(f.d.ctx);
	hold();
	seq = write_job(&f.d, q, bo, NULL);
	assert_int_equal(accel_wait(q, seq, 0), -ETIMEDOUT);
	/* the job keeps its BO until it retires */
	assert_int_equal(accel_bo_free(bo), 0);
	release();
	/* a wait without a deadline */
	assert_int_equal(accel_wait(q, seq, -1), 0);
	check_done(q, seq);
	fx_close();
}

static void test_api_job_status(void **state)
{
	struct accel_job_status st;
	struct accel_queue *q;
	struct accel_bo *bo;
	uint64_t seq;

	(void)state;
	fx_open();
	q = queue(&f.d);
	bo = bo_alloc(f.d.ctx);
	seq = write_job(&f.d, q, bo, NULL);
	assert_int_equal(seq, 1);
	assert_int_equal(accel_wait(q, seq, 5 * SEC), 0);
	check_done(q, seq);
	check_data(bo);
	/* a seqno the queue has not given out */
	assert_refused(accel_job_status(q, seq + 1, &st, sizeof(st)), EINVAL);
	fx_close();
}

static void test_api_queue_completed(void **state)
{
	struct accel_queue *q;
	struct accel_bo *a, *b;
	uint64_t s1, s2, done = 99;

	(void)state;
	fx_open();
	q = queue(&f.d);
	a = bo_alloc(f.d.ctx);
	b = bo_alloc(f.d.ctx);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 0);
	s1 = write_job(&f.d, q, a, NULL);
	s2 = write_job(&f.d, q, b, NULL);
	assert_int_equal(s2, s1 + 1);
	assert_int_equal(accel_wait(q, s2, 5 * SEC), 0);
	/* waiting for the later job on an in-order queue covers the first */
	assert_int_equal(accel_wait(q, s1, 5 * SEC), 0);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, s2);
	check_data(a);
	check_data(b);
	fx_close();
}

static void test_api_queue_fd(void **state)
{
	struct accel_queue *q;
	struct accel_bo *bo;
	struct pollfd pfd;
	uint64_t seq, done = 0;
	int i, readable = 0;

	(void)state;
	fx_open();
	q = queue(&f.d);
	bo = bo_alloc(f.d.ctx);
	pfd.fd = accel_queue_get_fd(q);
	pfd.events = POLLIN;
	assert_true(pfd.fd >= 0);
	hold();
	seq = write_job(&f.d, q, bo, NULL);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 0);
	release();
	/* the fd polls readable once the work completes */
	for (i = 0; i < 100 && done < seq; i++) {
		int n = poll(&pfd, 1, 100);

		assert_true(n >= 0);
		readable |= n == 1;
		assert_int_equal(accel_queue_completed(q, &done), 0);
	}
	assert_int_equal(done, seq);
	assert_true(readable || poll(&pfd, 1, 0) == 1);
	check_done(q, seq);
	check_data(bo);
	fx_close();
}

/* lets held jobs go when told, or after 500 ms if nobody tells it */
static sem_t go;

static void *release_later(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 500000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	while (sem_timedwait(&go, &ts) && errno == EINTR)
		;
	release();
	return NULL;
}

/*
 * B on a second queue waits for A on the first. A provider that takes
 * wait points returns from B's submission at once, and B is not done
 * while A is held; one that does not (ACCEL_PROV_WAIT_POINTS unset) has
 * the core wait for A on the CPU inside accel_submit(), so a thread lets
 * A go. Either way both are done, A first. A device with one queue per
 * context takes the second queue from a second context.
 */
static void test_api_wait_point(void **state)
{
	struct accel_fence_point after;
	struct enc_dev d2 = { 0 };
	struct accel_queue *qa, *qb;
	struct accel_bo *a, *b;
	uint64_t sa, sb;
	pthread_t t;

	(void)state;
	fx_open();
	qa = queue(&f.d);
	d2.ctx = f.d.ctx;
	d2.enc = f.d.enc;
	qb = d2.enc->make_queue(&d2, 0);
	if (!qb && errno == EBUSY) {
		printf("one queue per context (%s): the second from another\n",
		       accel_last_error());
		d2.ctx = accel_open_device(accel_context_device(f.d.ctx));
		if (!d2.ctx)
			fail_msg("second context: %s (%s)", strerror(errno), accel_last_error());
		qb = queue(&d2);
	}
	assert_non_null(qb);
	assert_ptr_not_equal(qa, qb);
	a = bo_alloc(f.d.ctx);
	b = bo_alloc(d2.ctx);
	assert_int_equal(sem_init(&go, 0, 0), 0);
	hold();
	sa = write_job(&f.d, qa, a, NULL);
	assert_int_equal(pthread_create(&t, NULL, release_later, NULL), 0);
	after.queue = qa;
	after.seqno = sa;
	sb = write_job(&d2, qb, b, &after);
	if (accel_wait(qa, sa, 0) == -ETIMEDOUT) {
		printf("wait point taken by the provider: B waits while A is held\n");
		assert_int_equal(accel_wait(qb, sb, 0), -ETIMEDOUT);
	} else {
		printf("wait point resolved on the CPU in accel_submit()\n");
	}
	sem_post(&go);
	assert_int_equal(pthread_join(t, NULL), 0);
	sem_destroy(&go);
	assert_int_equal(accel_wait(qb, sb, 5 * SEC), 0);
	/* B's completion implies A's */
	assert_int_equal(accel_wait(qa, sa, 0), 0);
	check_done(qa, sa);
	check_done(qb, sb);
	check_data(a);
	check_data(b);
	if (d2.ctx != f.d.ctx)
		assert_int_equal(accel_close_device(d2.ctx), 0);
	fx_close();
}

SHIM_TEST_LIST(cmocka_unit_test(test_api_bad_args),
	       cmocka_unit_test(test_api_bo),
	       cmocka_unit_test(test_api_import_fds),
	       cmocka_unit_test(test_api_free_busy_bo),
	       cmocka_unit_test(test_api_job_status),
	       cmocka_unit_test(test_api_queue_completed),
	       cmocka_unit_test(test_api_queue_fd),
	       cmocka_unit_test(test_api_wait_point));
