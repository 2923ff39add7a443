// SPDX-License-Identifier: MIT
/*
 * Description: the soft command format: each opcode does what
 * accel_soft(7) says, and every kind of invalid stream fails the submit
 * with -EINVAL before any of its commands runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "soft_test.h"

struct fixture {
	struct accel_context *ctx;
	struct accel_queue *q;
	struct accel_bo *a, *b, *unlisted;
	unsigned char *pa, *pb;
	uint64_t da, db;
	struct st_cs cs;
};

#define BO_SIZE (64 * 1024)

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	void *p;

	f->ctx = st_open_soft();
	f->q = accel_queue_create(f->ctx, NULL);
	assert_non_null(f->q);
	f->a = st_alloc_mapped(f->ctx, BO_SIZE, &p);
	f->pa = p;
	f->b = st_alloc_mapped(f->ctx, BO_SIZE, &p);
	f->pb = p;
	f->unlisted = accel_bo_alloc(f->ctx, BO_SIZE, 0);
	assert_non_null(f->unlisted);
	f->da = accel_bo_device_addr(f->a);
	f->db = accel_bo_device_addr(f->b);
	st_cs_init(&f->cs, f->ctx);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(accel_close_device(f->ctx), 0);
	free(f);
	return 0;
}

static void test_nop(void **state)
{
	struct fixture *f = *state;
	struct softdv_cmd_header pad = { SOFTDV_OP_NOP, 24, 0 };
	uint64_t s1, s2;

	f->cs.len += softdv_emit_nop(f->cs.p);
	/* a NOP of any multiple of 8 is padding; its payload is ignored */
	memcpy(f->cs.p + f->cs.len, &pad, sizeof(pad));
	memset(f->cs.p + f->cs.len + 8, 0xee, 16);
	f->cs.len += 24;
	assert_int_equal(st_cs_submit(f->q, &f->cs, &s1, NULL), 0);
	assert_int_equal(st_cs_submit(f->q, &f->cs, &s2, NULL), 0);
	assert_int_equal(s2, s1 + 1);
	assert_int_equal(accel_wait(f->q, s2, 10 * SEC_NS), 0);
	assert_int_equal(accel_wait(f->q, s1, 0), 0);
}

static void test_fill(void **state)
{
	struct fixture *f = *state;
	uint32_t w;
	size_t i;

	memset(f->pa, 0x11, BO_SIZE);
	/* a byte pattern, and one that is not */
	f->cs.len += softdv_emit_fill(f->cs.p, f->da + 16, 4096, 0x7b7b7b7b);
	f->cs.len += softdv_emit_fill(f->cs.p + f->cs.len, f->da + 8192,
				      BO_SIZE - 8192, 0xdeadbeef);
	/* 4-aligned only, and a tail shorter than the 64-byte step */
	f->cs.len += softdv_emit_fill(f->cs.p + f->cs.len, f->da + 4204, 100,
				      0x01234567);
	/* past the rep stosq threshold: 4 bytes to 8-alignment, a 4-byte tail */
	f->cs.len += softdv_emit_fill(f->cs.p + f->cs.len, f->da + 4308, 2056,
				      0x89abcdef);
	assert_int_equal(st_cs_run(f->q, &f->cs, f->a, NULL), 0);
	for (i = 4304; i < 4308; i++)
		assert_int_equal(f->pa[i], 0x11);
	for (i = 4308; i < 4308 + 2056; i += 4) {
		memcpy(&w, f->pa + i, 4);
		assert_int_equal(w, 0x89abcdef);
	}
	assert_int_equal(f->pa[4308 + 2056], 0x11);
	assert_int_equal(f->pa[4203], 0x11);
	for (i = 4204; i < 4304; i += 4) {
		memcpy(&w, f->pa + i, 4);
		assert_int_equal(w, 0x01234567);
	}
	for (i = 0; i < 16; i++)
		assert_int_equal(f->pa[i], 0x11);
	for (i = 16; i < 16 + 4096; i++)
		assert_int_equal(f->pa[i], 0x7b);
	assert_int_equal(f->pa[16 + 4096], 0x11);
	for (i = 8192; i < BO_SIZE; i += 4) {
		memcpy(&w, f->pa + i, 4);
		assert_int_equal(w, 0xdeadbeef);
	}
}

static void test_copy(void **state)
{
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < BO_SIZE; i++)
		f->pa[i] = (unsigned char)(i * 7);
	memset(f->pb, 0, BO_SIZE);
	/* between BOs at odd offsets, and within one BO */
	f->cs.len += softdv_emit_copy(f->cs.p, f->db + 3, f->da + 5, 1000);
	f->cs.len += softdv_emit_copy(f->cs.p + f->cs.len, f->da + 40000,
				      f->da, 20000);
	assert_int_equal(st_cs_run(f->q, &f->cs, f->a, f->b, NULL), 0);
	assert_int_equal(f->pb[2], 0);
	assert_memory_equal(f->pb + 3, f->pa + 5, 1000);
	assert_int_equal(f->pb[1003], 0);
	for (i = 0; i < 20000; i++)
		assert_int_equal(f->pa[40000 + i], (unsigned char)(i * 7));
}

static void test_ordered_stream(void **state)
{
	struct fixture *f = *state;
	uint64_t flag;

	/* FILL, COPY, then WRITE_VALUE: each sees the one before */
	f->cs.len += softdv_emit_fill(f->cs.p, f->da, 4096, 0xa5a5a5a5);
	f->cs.len += softdv_emit_copy(f->cs.p + f->cs.len, f->db, f->da, 4096);
	f->cs.len += softdv_emit_copy(f->cs.p + f->cs.len, f->da + 8192, f->db,
				      4096);
	f->cs.len += softdv_emit_write_value(f->cs.p + f->cs.len,
					     f->db + 8192, 42);
	assert_int_equal(st_cs_run(f->q, &f->cs, f->a, f->b, NULL), 0);
	assert_int_equal(f->pa[8192 + 4095], 0xa5);
	memcpy(&flag, f->pb + 8192, 8);
	assert_int_equal(flag, 42);
}

static void test_cmd_offset(void **state)
{
	struct fixture *f = *state;
	struct accel_submit s = { 0 };
	struct accel_bo_ref bos[] = { { f->a, ACCEL_ACCESS_RW, 0 } };
	uint64_t seqno, v;

	/* garbage first, the real stream at offset 64 */
	memset(f->cs.p, 0xff, 64);
	softdv_emit_write_value(f->cs.p + 64, f->da, 7);
	s.cmd_bo = f->cs.bo;
	s.cmd_offset = 64;
	s.cmd_size = sizeof(struct softdv_cmd_write_value);
	s.bos = bos;
	s.num_bos = 1;
	assert_int_equal(accel_submit(f->q, &s, &seqno), 0);
	assert_int_equal(accel_wait(f->q, seqno, 10 * SEC_NS), 0);
	memcpy(&v, f->pa, 8);
	assert_int_equal(v, 7);
	/* misaligned offset, and one past the end of the BO */
	s.cmd_offset = 60;
	assert_int_equal(accel_submit(f->q, &s, &seqno), -EINVAL);
	st_assert_reason("multiples of 8");
	s.cmd_offset = accel_bo_size(f->cs.bo) - 8;
	assert_int_equal(accel_submit(f->q, &s, &seqno), -EINVAL);
	st_assert_reason(NULL);
	s.cmd_offset = UINT64_MAX - 7;
	assert_int_equal(accel_submit(f->q, &s, &seqno), -EINVAL);
	st_assert_reason(NULL);
}

static void test_timestamp(void **state)
{
	struct fixture *f = *state;
	struct timespec t0, t1;
	uint64_t v, lo, hi;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	f->cs.len += softdv_emit_timestamp(f->cs.p, f->db + 64);
	assert_int_equal(st_cs_run(f->q, &f->cs, f->b, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	memcpy(&v, f->pb + 64, 8);
	lo = (uint64_t)t0.tv_sec * SEC_NS + (uint64_t)t0.tv_nsec;
	hi = (uint64_t)t1.tv_sec * SEC_NS + (uint64_t)t1.tv_nsec;
	assert_in_range(v, lo, hi);
}

static void test_wait_value_cmps(void **state)
{
	struct fixture *f = *state;
	uint64_t v = 0x1234;

	memcpy(f->pa, &v, 8);
	/* each satisfied at once */
	f->cs.len += softdv_emit_wait_value(f->cs.p, f->da, 0x1234, ~0ull,
					    SOFTDV_WAIT_EQ, 0);
	f->cs.len += softdv_emit_wait_value(f->cs.p + f->cs.len, f->da, 0x34,
					    0xff, SOFTDV_WAIT_EQ, 0);
	f->cs.len += softdv_emit_wait_value(f->cs.p + f->cs.len, f->da, 1,
					    ~0ull, SOFTDV_WAIT_NEQ, 0);
	f->cs.len += softdv_emit_wait_value(f->cs.p + f->cs.len, f->da, 0x1234,
					    ~0ull, SOFTDV_WAIT_GTE, 0);
	f->cs.len += softdv_emit_wait_value(f->cs.p + f->cs.len, f->da, 0x1235,
					    ~0ull, SOFTDV_WAIT_LT, 0);
	f->cs.len += softdv_emit_write_value(f->cs.p + f->cs.len, f->db, 1);
	assert_int_equal(st_cs_run(f->q, &f->cs, f->a, f->b, NULL), 0);
	memcpy(&v, f->pb, 8);
	assert_int_equal(v, 1);
}

/* An unsatisfied wait with a timeout fails its job, not the queue */
static void test_wait_value_timeout(void **state)
{
	struct fixture *f = *state;
	uint64_t s1, s2, v;

	f->cs.len += softdv_emit_wait_value(f->cs.p, f->da, 99, ~0ull,
					    SOFTDV_WAIT_EQ, 20000000);
	f->cs.len += softdv_emit_write_value(f->cs.p + f->cs.len, f->db, 5);
	assert_int_equal(st_cs_submit(f->q, &f->cs, &s1, f->a, f->b, NULL), 0);
	f->cs.len = softdv_emit_write_value(f->cs.p, f->db + 8, 6);
	assert_int_equal(st_cs_submit(f->q, &f->cs, &s2, f->b, NULL), 0);
	assert_int_equal(accel_wait(f->q, s1, 10 * SEC_NS), -EIO);
	st_assert_reason(NULL);
	st_assert_job(f->q, s1, ACCEL_JOB_FAILED, -ETIME,
		      "cmd 0 WAIT_VALUE timed out");
	/* the rest of the failed job did not run */
	memcpy(&v, f->pb, 8);
	assert_int_equal(v, 0);
	assert_int_equal(accel_wait(f->q, s2, 10 * SEC_NS), 0);
	memcpy(&v, f->pb + 8, 8);
	assert_int_equal(v, 6);
	/* the error stays with its seqno */
	assert_int_equal(accel_wait(f->q, s1, 0), -EIO);
	st_assert_reason(NULL);
	st_assert_job(f->q, s2, ACCEL_JOB_DONE, 0, NULL);
}

/* The device reads the commands at submit: later CPU writes don't count */
static void test_snapshot(void **state)
{
	struct fixture *f = *state;
	struct st_cs gate;
	uint64_t s1, s2, v;

	st_cs_init(&gate, f->ctx);
	gate.len += softdv_emit_wait_value(gate.p, f->da, 1, ~0ull,
					   SOFTDV_WAIT_EQ, 0);
	assert_int_equal(st_cs_submit(f->q, &gate, &s1, f->a, NULL), 0);
	f->cs.len += softdv_emit_write_value(f->cs.p, f->db, 111);
	assert_int_equal(st_cs_submit(f->q, &f->cs, &s2, f->b, NULL), 0);
	softdv_emit_write_value(f->cs.p, f->db, 222);
	assert_int_equal(accel_wait(f->q, s2, 0), -ETIMEDOUT);
	__atomic_store_n((uint64_t *)f->pa, 1, __ATOMIC_RELEASE);
	assert_int_equal(accel_wait(f->q, s2, 10 * SEC_NS), 0);
	memcpy(&v, f->pb, 8);
	assert_int_equal(v, 111);
	st_cs_fini(&gate);
}

static void emit_raw(struct st_cs *cs, uint16_t op, uint16_t size,
		     uint32_t flags, const uint64_t *payload, unsigned int n)
{
	struct softdv_cmd_header h = { op, size, flags };

	memcpy(cs->p + cs->len, &h, sizeof(h));
	memcpy(cs->p + cs->len + 8, payload, n * 8);
	cs->len += 8 + n * 8;
}

/*
 * Each case: a valid WRITE_VALUE first, then the bad command. The submit
 * must fail with -EINVAL, and the WRITE_VALUE must not have run.
 */
static void test_invalid_streams(void **state)
{
	struct fixture *f = *state;
	const uint64_t da = f->da, db = f->db, end = f->da + BO_SIZE;
	const uint64_t ua = accel_bo_device_addr(f->unlisted);
	struct {
		const char *what;
		uint16_t op, size;
		uint32_t flags;
		uint64_t p[5];
		unsigned int n;
		int32_t cut;	/* bytes to cut off the stream's end */
	} cases[] = {
		{ "unknown opcode", 0x99, 16, 0, { da }, 1, 0 },
		{ "opcode past TIMESTAMP", 6, 16, 0, { da }, 1, 0 },
		{ "header size 0", SOFTDV_OP_NOP, 0, 0, { 0 }, 0, 0 },
		{ "header size 4", SOFTDV_OP_NOP, 4, 0, { 0 }, 0, 0 },
		{ "header size 12", SOFTDV_OP_NOP, 12, 0, { 0 }, 1, 0 },
		{ "header size past the stream", SOFTDV_OP_NOP, 64, 0, { 0 }, 1, 0 },
		{ "header flags", SOFTDV_OP_NOP, 8, 1, { 0 }, 0, 0 },
		{ "truncated COPY", SOFTDV_OP_COPY, 32, 0, { db, da, 8 }, 3, 8 },
		{ "COPY too short", SOFTDV_OP_COPY, 24, 0, { db, da }, 2, 0 },
		{ "COPY too long", SOFTDV_OP_COPY, 40, 0, { db, da, 8, 0 }, 4, 0 },
		{ "COPY size 0", SOFTDV_OP_COPY, 32, 0, { db, da, 0 }, 3, 0 },
		{ "COPY dst 0", SOFTDV_OP_COPY, 32, 0, { 0, da, 8 }, 3, 0 },
		{ "COPY src unmapped", SOFTDV_OP_COPY, 32, 0, { db, 0x1000, 8 }, 3, 0 },
		{ "COPY src not in the submit", SOFTDV_OP_COPY, 32, 0, { db, ua, 8 }, 3, 0 },
		{ "COPY past the BO", SOFTDV_OP_COPY, 32, 0, { db, end - 8, 9 }, 3, 0 },
		{ "COPY in the guard page", SOFTDV_OP_COPY, 32, 0, { db, end, 8 }, 3, 0 },
		{ "COPY overlapping", SOFTDV_OP_COPY, 32, 0, { da + 8, da, 16 }, 3, 0 },
		{ "COPY onto itself", SOFTDV_OP_COPY, 32, 0, { da, da, 16 }, 3, 0 },
		{ "COPY dst overflow", SOFTDV_OP_COPY, 32, 0, { UINT64_MAX - 7, da, 16 }, 3, 0 },
		{ "COPY size overflow", SOFTDV_OP_COPY, 32, 0, { db, da, UINT64_MAX }, 3, 0 },
		{ "FILL misaligned dst", SOFTDV_OP_FILL, 32, 0, { da + 2, 8, 0 }, 3, 0 },
		{ "FILL size % 4", SOFTDV_OP_FILL, 32, 0, { da, 6, 0 }, 3, 0 },
		{ "FILL reserved", SOFTDV_OP_FILL, 32, 0, { da, 8, 1ull << 32 }, 3, 0 },
		{ "FILL past the BO", SOFTDV_OP_FILL, 32, 0, { da, BO_SIZE + 4, 0 }, 3, 0 },
		{ "FILL size 0", SOFTDV_OP_FILL, 32, 0, { da, 0, 0 }, 3, 0 },
		{ "WRITE_VALUE misaligned", SOFTDV_OP_WRITE_VALUE, 24, 0, { da + 4, 1 }, 2, 0 },
		{ "WRITE_VALUE outside", SOFTDV_OP_WRITE_VALUE, 24, 0, { end, 1 }, 2, 0 },
		{ "WRITE_VALUE last word + 4", SOFTDV_OP_WRITE_VALUE, 24, 0, { end - 4, 1 }, 2, 0 },
		{ "WAIT_VALUE cmp", SOFTDV_OP_WAIT_VALUE, 48, 0, { da, 0, ~0ull, 4, 0 }, 5, 0 },
		{ "WAIT_VALUE reserved", SOFTDV_OP_WAIT_VALUE, 48, 0, { da, 0, ~0ull, 1ull << 32, 0 }, 5, 0 },
		{ "WAIT_VALUE misaligned", SOFTDV_OP_WAIT_VALUE, 48, 0, { da + 1, 0, ~0ull, 0, 0 }, 5, 0 },
		{ "WAIT_VALUE not in the submit", SOFTDV_OP_WAIT_VALUE, 48, 0, { ua, 0, ~0ull, 0, 0 }, 5, 0 },
		{ "TIMESTAMP outside", SOFTDV_OP_TIMESTAMP, 16, 0, { 8 }, 1, 0 },
		{ "TIMESTAMP misaligned", SOFTDV_OP_TIMESTAMP, 16, 0, { db + 12 }, 1, 0 },
	};
	uint64_t seqno, v;
	size_t i;

	memset(f->pb, 0, BO_SIZE);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f->cs.len = softdv_emit_write_value(f->cs.p, db, i + 1);
		emit_raw(&f->cs, cases[i].op, cases[i].size, cases[i].flags,
			 cases[i].p, cases[i].n);
		f->cs.len -= (uint32_t)cases[i].cut;
		if (st_cs_submit(f->q, &f->cs, &seqno, f->a, f->b, NULL) != -EINVAL)
			fail_msg("case '%s' was accepted", cases[i].what);
		/* the reason names the bad command: index 1, after 24 bytes */
		st_assert_reason("cmd 1 at offset 24: ");
	}
	/* a stream whose size is not a multiple of 8 */
	f->cs.len = softdv_emit_write_value(f->cs.p, db, 1000) + 4;
	assert_int_equal(st_cs_submit(f->q, &f->cs, &seqno, f->a, f->b, NULL),
			 -EINVAL);
	st_assert_reason("multiples of 8");

	/* nothing of all that ran: a good job completes, b is untouched */
	f->cs.len = softdv_emit_nop(f->cs.p);
	assert_int_equal(st_cs_run(f->q, &f->cs, NULL), 0);
	memcpy(&v, f->pb, 8);
	assert_int_equal(v, 0);
}

static void test_stream_too_big(void **state)
{
	struct fixture *f = *state;
	struct accel_submit s = { 0 };
	struct accel_bo *big;
	unsigned char *p;
	uint64_t off;

	big = st_alloc_mapped(f->ctx, SOFTDV_MAX_CMD_SIZE + 4096, (void **)&p);
	for (off = 0; off + 8 <= SOFTDV_MAX_CMD_SIZE + 8; off += 8)
		softdv_emit_nop(p + off);
	s.cmd_bo = big;
	s.cmd_size = SOFTDV_MAX_CMD_SIZE;
	assert_int_equal(accel_submit(f->q, &s, NULL), 0);
	s.cmd_size = SOFTDV_MAX_CMD_SIZE + 8;
	assert_int_equal(accel_submit(f->q, &s, NULL), -EINVAL);
	st_assert_reason("SOFTDV_MAX_CMD_SIZE");
	assert_int_equal(accel_bo_free(big), 0);
}

static void test_bad_submits(void **state)
{
	struct fixture *f = *state;
	struct accel_submit s = { 0 };
	int out = -1, pfd[2], fd;

	f->cs.len = softdv_emit_nop(f->cs.p);
	s.cmd_bo = f->cs.bo;
	s.cmd_size = f->cs.len;
	assert_int_equal(accel_submit(NULL, &s, NULL), -EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_submit(f->q, NULL, NULL), -EINVAL);
	st_assert_reason(NULL);
	s.flags = 1;
	assert_int_equal(accel_submit(f->q, &s, NULL), -EINVAL);
	st_assert_reason(NULL);
	s.flags = 0;
	s.comp_mask = 1u << 7;
	assert_int_equal(accel_submit(f->q, &s, NULL), -EINVAL);
	st_assert_reason(NULL);
	s.comp_mask = 0;
	s.cmd_size = 0;
	assert_int_equal(accel_submit(f->q, &s, NULL), -EINVAL);
	st_assert_reason(NULL);
	s.cmd_size = f->cs.len;
	s.num_bos = 1;
	assert_int_equal(accel_submit(f->q, &s, NULL), -EINVAL);
	st_assert_reason(NULL);
	s.num_bos = 0;
	s.cmd_bo = NULL;
	assert_int_equal(accel_submit(f->q, &s, NULL), -EINVAL);
	st_assert_reason(NULL);
	s.cmd_bo = f->cs.bo;

	/* no sync_file can be made in userspace */
	s.comp_mask = ACCEL_SUBMIT_OUT_FENCE;
	s.out_fence_fd = &out;
	assert_int_equal(accel_submit(f->q, &s, NULL), -EOPNOTSUPP);
	st_assert_reason(NULL);
	assert_int_equal(out, -1);
	assert_int_equal(accel_fence_export_sync_file(f->q, 0), -EOPNOTSUPP);
	st_assert_reason(NULL);

	/* an in-fence must be a sync_file */
	s.comp_mask = ACCEL_SUBMIT_IN_FENCE;
	s.num_in_fences = 1;
	assert_int_equal(pipe2(pfd, O_CLOEXEC), 0);
	fd = pfd[0];
	s.in_fence_fds = &fd;
	assert_int_equal(accel_submit(f->q, &s, NULL), -EINVAL);
	st_assert_reason("in_fence_fds[0]");
	close(pfd[0]);
	close(pfd[1]);
	assert_int_equal(accel_submit(f->q, &s, NULL), -EBADF);
	st_assert_reason("in_fence_fds[0]");
	fd = -1;
	assert_int_equal(accel_submit(f->q, &s, NULL), -EBADF);
	st_assert_reason("in_fence_fds[0]");
}

/* A BO listed read-only is not written, one listed write-only not read */
static void test_access_rules(void **state)
{
	struct fixture *f = *state;
	struct accel_bo_ref refs[2] = {
		{ f->a, ACCEL_ACCESS_READ, 0 },
		{ f->b, ACCEL_ACCESS_WRITE, 0 },
	};
	uint64_t seqno;

	memset(f->pa, 0x11, 4096);
	/* the allowed direction works */
	f->cs.len = softdv_emit_copy(f->cs.p, f->db, f->da, 4096);
	assert_int_equal(st_cs_submit_ex(f->q, &f->cs, &seqno, refs, 2, NULL, 0), 0);
	assert_int_equal(accel_wait(f->q, seqno, 10 * SEC_NS), 0);
	assert_int_equal(f->pb[4095], 0x11);
	/* the other does not */
	f->cs.len = softdv_emit_copy(f->cs.p, f->da, f->db, 4096);
	assert_int_equal(st_cs_submit_ex(f->q, &f->cs, &seqno, refs, 2, NULL, 0),
			 -EINVAL);
	st_assert_reason("cmd 0 at offset 0: reads a BO");
	f->cs.len = softdv_emit_nop(f->cs.p);
	f->cs.len += softdv_emit_fill(f->cs.p + f->cs.len, f->da, 8, 0);
	assert_int_equal(st_cs_submit_ex(f->q, &f->cs, &seqno, refs, 2, NULL, 0),
			 -EINVAL);
	st_assert_reason("cmd 1 at offset 8: writes a BO");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ordered_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cmd_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timestamp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_value_cmps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_value_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_streams, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_too_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_submits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_rules, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
