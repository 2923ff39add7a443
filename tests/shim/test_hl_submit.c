// SPDX-License-Identifier: MIT
/*
 * The habanalabs provider's queues: accel_submit / accel_wait and
 * hldv_submit on the emulated Gaudi2, with completion, a wait that times
 * out, device-side timeout, abort, reset, and the bad submissions; the
 * engines and memory domains it describes; a two-queue pipeline; BOs
 * freed while a CS lists them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include <accel/hldv.h>
#include <uapi/drm/habanalabs_accel.h>

#include "shim_test.h"
#include "hl_submit_tests.h"

#define MS 1000000ll
#define DRAM_PAGE (768ull << 20)

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

void test_engines(void **state)
{
	static const struct {
		const char *name;
		uint32_t count;
	} want[] = {
		[HLDV_ENGINE_PDMA] = { "pdma", 2 * 4 },
		[HLDV_ENGINE_EDMA] = { "edma", 8 * 4 },	/* edma_enabled_mask 0xff */
		[HLDV_ENGINE_MME] = { "mme", 4 * 4 },
		[HLDV_ENGINE_TPC] = { "tpc", 24 * 4 },	/* 0xffffff: TPC 24 binned */
		[HLDV_ENGINE_ROT] = { "rot", 2 * 4 },	/* rotator_enabled_mask 0x3 */
	};
	struct accel_engine_info e[8];
	struct accel_queue_attr qa = {
		.comp_mask = ACCEL_QUEUE_ATTR_ENGINE | ACCEL_QUEUE_ATTR_INSTANCE,
	};
	struct accel_submit s = { 0 };
	struct accel_queue *q;
	struct fixture f;
	uint64_t seq;
	int i, n;

	setup(&f);
	n = accel_query_engines(f.ctx, e, 8, sizeof(e[0]));
	assert_int_equal(n, 5);
	s.cmd_bo = f.cb;
	s.cmd_size = 64;
	for (i = 0; i < n; i++) {
		assert_int_equal(e[i].id, i);
		assert_string_equal(e[i].name, want[i].name);
		assert_int_equal(e[i].count, want[i].count);
		assert_int_equal(e[i].flags, ACCEL_ENGINE_IN_ORDER | ACCEL_ENGINE_CMD_BUFFER);
		assert_int_equal(e[i].min_priority, 0);
		assert_int_equal(e[i].max_priority, 0);
		assert_int_equal(e[i].max_in_flight, 64);
		assert_int_equal(e[i].max_bos, HL_MAX_JOBS_PER_CS);
		/* every instance below count takes work: try the last one */
		qa.engine = e[i].id;
		qa.instance = e[i].count - 1;
		q = accel_queue_create(f.ctx, &qa);
		assert_non_null(q);
		assert_int_equal(accel_submit(q, &s, &seq), 0);
		assert_int_equal(seq, 1);
		assert_int_equal(accel_wait(q, seq, -1), 0);
		assert_int_equal(accel_queue_destroy(q), 0);
		qa.instance = e[i].count;
		assert_fails_null(accel_queue_create(f.ctx, &qa), EINVAL);
	}
	/* a short array: the number there are */
	assert_int_equal(accel_query_engines(f.ctx, e, 1, sizeof(e[0])), 5);
	teardown(&f);
}

void test_mem_domains(void **state)
{
	struct accel_bo_alloc_args args = { 0 };
	struct accel_mem_domain d[4];
	struct accel_bo *bo;
	struct fixture f;
	int n;

	setup(&f);
	n = accel_query_mem_domains(f.ctx, d, 4, sizeof(d[0]));
	assert_int_equal(n, 3);
	assert_string_equal(d[0].name, "dram");
	assert_int_equal(d[0].flags, ACCEL_DOMAIN_DEVICE_LOCAL | ACCEL_DOMAIN_EXPORTABLE);
	assert_int_equal(d[0].granule, DRAM_PAGE);
	assert_int_equal(d[0].total, 127 * DRAM_PAGE);
	assert_string_equal(d[1].name, "host");
	assert_true(d[1].flags & ACCEL_DOMAIN_HOST_VISIBLE);
	assert_false(d[1].flags & (ACCEL_DOMAIN_EXPORTABLE | ACCEL_DOMAIN_DEVICE_LOCAL));
	assert_string_equal(d[2].name, "cb");
	assert_true(d[2].flags & ACCEL_DOMAIN_COMMAND);
	assert_true(d[2].flags & ACCEL_DOMAIN_HOST_VISIBLE);
	assert_false(d[2].flags & ACCEL_DOMAIN_EXPORTABLE);
	assert_int_equal(d[2].max_bo_size, HL_MAX_CB_SIZE);

	/* a command BO comes from the CB domain */
	args.size = 4096;
	args.usage = ACCEL_BO_USAGE_COMMAND;
	bo = accel_bo_alloc_ex(f.ctx, &args, sizeof(args));
	assert_non_null(bo);
	assert_true(hldv_cb_handle(bo) != 0);
	assert_non_null(accel_bo_map(bo));
	assert_int_equal(accel_bo_free(bo), 0);
	/* a named domain */
	args.usage = ACCEL_BO_USAGE_DATA;
	args.comp_mask = ACCEL_BO_ALLOC_DOMAIN;
	args.domain = d[1].id;
	bo = accel_bo_alloc_ex(f.ctx, &args, sizeof(args));
	assert_non_null(bo);
	assert_int_equal(hldv_cb_handle(bo), 0);
	assert_non_null(accel_bo_map(bo));
	assert_int_equal(accel_bo_free(bo), 0);
	args.domain = 3;
	assert_fails_null(accel_bo_alloc_ex(f.ctx, &args, sizeof(args)), EINVAL);
	/* DRAM has no CPU mapping to write initial contents through */
	args.domain = d[0].id;
	args.comp_mask |= ACCEL_BO_ALLOC_INIT;
	args.init_data = &args;
	args.init_size = 8;
	assert_fails_null(accel_bo_alloc_ex(f.ctx, &args, sizeof(args)), EOPNOTSUPP);
	/* the flags the provider does not honour */
	assert_fails_null(accel_bo_alloc(f.ctx, 4096, ACCEL_BO_UNCACHED), EINVAL);
	assert_fails_null(accel_bo_alloc(f.ctx, 4096,
					 ACCEL_BO_HOST_VISIBLE | ACCEL_BO_CONTIGUOUS), EINVAL);
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
	assert_fails(accel_wait(f.q, seq, 0), -ETIMEDOUT);
	assert_fails(accel_wait(f.q, seq, 1), -ETIMEDOUT);	/* 1 ns: not a poll */
	assert_fails(accel_wait(f.q, seq, 5 * MS), -ETIMEDOUT);
	assert_int_equal(accel_queue_completed(f.q, &done), 0);
	assert_int_equal(done, 0);
	assert_int_equal(accel_wait(f.q, seq, INT64_MAX), 0);
	assert_int_equal(accel_queue_completed(f.q, &done), 0);
	assert_int_equal(done, seq);
	teardown(&f);
}

/*
 * What the kernel's TDR does to hung CSs: a reset aborts them. Destroying
 * a queue waits for its CSs (their BOs are held until then), and the
 * kernel cannot cancel a CS, so a test ends its hung ones this way.
 */
static void tdr(struct fixture *f)
{
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
}

/*
 * The kernel truncates WAIT_CS's timeout to 32 bits of µs (S7): a single
 * WAIT_CS of 2^32 µs is a poll there, 2^32 µs + 1 s a one-second wait. The
 * provider hands it at most U32_MAX µs a call and loops, so these long
 * waits see a 300 ms CS through. (The emulator truncates like the kernel
 * once S7 is fixed; before, this guards the overflow paths only.)
 */
void test_wait_beyond_u32_us(void **state)
{
	const int64_t us32 = (int64_t)1 << 32;
	const int64_t timeouts[] = { us32 * 1000, (us32 + 1000000) * 1000, INT64_MAX - 1 };
	struct fixture f;
	uint64_t seq;
	size_t i;

	setup(&f);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 300000);
	for (i = 0; i < sizeof(timeouts) / sizeof(timeouts[0]); i++) {
		assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
		assert_int_equal(accel_wait(f.q, seq, timeouts[i]), 0);
	}
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
	assert_fails(submit(&f, f.cb, 0, 64, NULL), -EAGAIN);
	assert_reason_has("in flight");
	assert_fails(accel_wait(f.q, seq, 2 * MS), -ETIMEDOUT);
	tdr(&f);
	teardown(&f);
}

/* the 64 are the context's: two queues of 32 fill them too */
void test_in_flight_limit_two_queues(void **state)
{
	struct accel_queue_attr qa = { .comp_mask = ACCEL_QUEUE_ATTR_ENGINE,
				       .engine = HLDV_ENGINE_EDMA };
	struct accel_queue *q2;
	struct accel_submit s = { 0 };
	struct fixture f;
	uint64_t seq;
	int i;

	setup(&f);
	q2 = accel_queue_create(f.ctx, &qa);
	assert_non_null(q2);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_HANG, 0);
	s.cmd_bo = f.cb;
	s.cmd_size = 64;
	for (i = 0; i < 32; i++) {
		assert_int_equal(accel_submit(f.q, &s, &seq), 0);
		assert_int_equal(accel_submit(q2, &s, &seq), 0);
	}
	assert_int_equal(seq, 32);	/* per queue, from the core */
	assert_fails(accel_submit(q2, &s, &seq), -EAGAIN);
	assert_reason_has("in flight");
	assert_fails(accel_submit(f.q, &s, &seq), -EAGAIN);
	tdr(&f);
	assert_int_equal(accel_queue_destroy(q2), 0);
	teardown(&f);
}

/* a CS the device failed: -EIO, and the job status says how */
static void check_failed(struct accel_queue *q, uint64_t seq, int device_error,
			 uint32_t wait_status)
{
	struct accel_job_status st;

	memset(&st, 0xff, sizeof(st));
	assert_int_equal(accel_job_status(q, seq, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_FAILED);
	assert_int_equal(st.error, -EIO);
	assert_int_equal(st.device_error, device_error);
	if (wait_status != UINT32_MAX)
		assert_int_equal(HLDV_JOB_WAIT_STATUS(st.provider_status), wait_status);
	assert_true(st.reason[0] != 0);
}

void test_wait_abort(void **state)
{
	struct accel_job_status st;
	struct fixture f;
	uint64_t seq;

	setup(&f);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_ABORT, 0);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_fails(accel_wait(f.q, seq, -1), -EIO);
	assert_reason_has("abort");
	check_failed(f.q, seq, -EIO, HL_WAIT_CS_STATUS_ABORTED);
	/* the device's own timeout is a failed CS, not an expired wait */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_TIMEOUT, 1000);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_fails(accel_wait(f.q, seq, -1), -EIO);
	assert_reason_has("timed out");
	check_failed(f.q, seq, -ETIMEDOUT, HL_WAIT_CS_STATUS_TIMEDOUT);
	/* a failed job stays failed */
	assert_fails(accel_wait(f.q, seq, 0), -EIO);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);
	assert_int_equal(accel_job_status(f.q, seq, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_DONE);
	assert_int_equal(st.error, 0);
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
	assert_fails(accel_wait(f.q, seq, -1), -EIO);
	/* the kernel refused the wait itself: no WAIT_CS status */
	check_failed(f.q, seq, -EBUSY, UINT32_MAX);
	assert_fails(submit(&f, f.cb, 0, 64, NULL), -EIO);
	assert_reason_has("reset");
	assert_fails_null(accel_bo_alloc(f.ctx, 4096, 0), EBUSY);
	assert_int_equal(hldv_device_status(f.ctx), HLDV_STATUS_IN_RESET);
	/* describing the device still works */
	assert_int_equal(accel_query_device(f.ctx, &attr, sizeof(attr)), 0);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	/* the reset aborted the CS for good */
	assert_fails(accel_wait(f.q, seq, 0), -EIO);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);
	teardown(&f);
}

void test_submit_bad(void **state)
{
	const struct accel_submit_ext bogus = { .type = 0x1234, .size = sizeof(bogus) };
	struct accel_queue_attr qa = { 0 };
	struct accel_submit s = { 0 };
	struct fixture f;
	int32_t fence = -1;
	uint64_t seq;

	setup(&f);
	/* never submitted */
	assert_fails(accel_wait(f.q, 1000, 0), -EINVAL);
	/* out of the command BO */
	assert_fails(submit(&f, f.cb, 4096 - 8, 64, NULL), -EINVAL);
	assert_fails(submit(&f, f.cb, 0, 0, NULL), -EINVAL);
	/* a CS executes a command buffer */
	assert_fails(submit(&f, NULL, 0, 64, NULL), -EINVAL);
	s.cmd_bo = f.cb;
	s.cmd_size = 64;
	s.comp_mask = ACCEL_SUBMIT_OUT_FENCE;
	s.out_fence_fd = &fence;
	assert_fails(accel_submit(f.q, &s, &seq), -EOPNOTSUPP);
	s.comp_mask = 0;
	s.ext = &bogus;
	assert_fails(accel_submit(f.q, &s, &seq), -EINVAL);
	/* queues: classes of enum hldv_engine, enabled instances, no priorities */
	qa.comp_mask = ACCEL_QUEUE_ATTR_ENGINE;
	qa.engine = HLDV_ENGINE_ROT + 1;
	assert_fails_null(accel_queue_create(f.ctx, &qa), EINVAL);
	/* the emulated Gaudi2 bins DCORE0's seventh TPC: 24 TPCs of 4 queues */
	qa.comp_mask = ACCEL_QUEUE_ATTR_ENGINE | ACCEL_QUEUE_ATTR_INSTANCE;
	qa.engine = HLDV_ENGINE_TPC;
	qa.instance = 24 * 4;
	assert_fails_null(accel_queue_create(f.ctx, &qa), EINVAL);
	assert_reason_has("instances");
	qa.comp_mask = ACCEL_QUEUE_ATTR_PRIORITY;
	qa.priority = 1;
	assert_fails_null(accel_queue_create(f.ctx, &qa), EINVAL);
	teardown(&f);
}

void test_hldv_submit(void **state)
{
	struct hldv_cs_chunk c[3];
	struct hldv_submit_chunks x = {
		.ext = { .type = HLDV_SUBMIT_EXT_CHUNKS, .size = sizeof(x) },
	};
	struct accel_bo_ref ref = { 0 };
	struct accel_submit s = { 0 };
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
	/* a seqno of the queue, from the core, like accel_submit's */
	assert_int_equal(seq, 1);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);
	assert_int_equal(submit(&f, f.cb, 0, 64, &seq), 0);
	assert_int_equal(seq, 2);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);

	c[1].queue_index = GAUDI2_QUEUE_ID_CPU_PQ;
	assert_fails(hldv_submit(f.q, c, 3, &seq), -EINVAL);
	assert_reason_has("CPU queue");
	c[1].queue_index = GAUDI2_QUEUE_ID_SIZE;
	assert_fails(hldv_submit(f.q, c, 3, &seq), -EINVAL);
	c[1].queue_index = GAUDI2_QUEUE_ID_NIC_0_0;
	assert_fails(hldv_submit(f.q, c, 3, &seq), -EINVAL);
	c[1].queue_index = 44;	/* DCORE0_TPC_6_0: binned on the emulated part */
	assert_fails(hldv_submit(f.q, c, 3, &seq), -EINVAL);
	c[1].queue_index = 0;
	c[1].offset = 8192;
	assert_fails(hldv_submit(f.q, c, 3, &seq), -EINVAL);
	c[1].offset = 0;
	c[1].cb = NULL;
	assert_fails(hldv_submit(f.q, c, 3, &seq), -EINVAL);
	assert_fails(hldv_submit(f.q, c, 0, &seq), -EINVAL);
	assert_fails(hldv_submit(f.q, c, HL_MAX_JOBS_PER_CS + 1, &seq), -EINVAL);
	assert_fails(hldv_submit(NULL, c, 1, &seq), -EINVAL);

	/* by hand: the chunks' CBs must be listed, so the core holds them */
	x.chunks = c;
	x.num = 1;
	s.ext = &x.ext;
	assert_fails(accel_submit(f.q, &s, &seq), -EINVAL);
	assert_reason_has("bos");
	ref = (struct accel_bo_ref){ .bo = f.cb, .access = ACCEL_ACCESS_READ };
	s.bos = &ref;
	s.num_bos = 1;
	assert_int_equal(accel_submit(f.q, &s, &seq), 0);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);
	/* the chunks are the commands: no cmd_bo besides */
	s.cmd_bo = f.cb;
	s.cmd_size = 64;
	assert_fails(accel_submit(f.q, &s, &seq), -EINVAL);
	assert_int_equal(accel_bo_free(host), 0);
	teardown(&f);
}

/*
 * A two-queue pipeline: "fill" work on an EDMA queue, then "copy" work on
 * a PDMA queue that waits for it. The kernel takes no dependency, so the
 * core waits on the CPU in accel_submit(): when it returns, the fill is
 * done.
 */
void test_pipeline(void **state)
{
	struct accel_queue_attr qa = { .comp_mask = ACCEL_QUEUE_ATTR_ENGINE,
				       .engine = HLDV_ENGINE_EDMA };
	struct accel_queue_attr qb = {
		.comp_mask = ACCEL_QUEUE_ATTR_ENGINE | ACCEL_QUEUE_ATTR_INSTANCE,
		.engine = HLDV_ENGINE_PDMA, .instance = 4,
	};
	struct accel_bo_ref fill_bos[1], copy_bos[2];
	struct accel_submit fill = { 0 }, copy = { 0 };
	struct accel_fence_point dep;
	struct accel_queue *a, *b;
	struct accel_bo *dram, *host;
	uint64_t sa = 0, sb = 0;
	struct fixture f;

	setup(&f);
	a = accel_queue_create(f.ctx, &qa);
	b = accel_queue_create(f.ctx, &qb);
	assert_non_null(a);
	assert_non_null(b);
	dram = accel_bo_alloc(f.ctx, 4096, 0);
	host = accel_bo_alloc(f.ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	assert_non_null(dram);
	assert_non_null(host);
	/* the device takes 200 ms for each CS */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 200000);

	fill_bos[0] = (struct accel_bo_ref){ .bo = dram, .access = ACCEL_ACCESS_WRITE };
	fill.cmd_bo = f.cb;
	fill.cmd_size = 64;
	fill.bos = fill_bos;
	fill.num_bos = 1;
	assert_int_equal(accel_submit(a, &fill, &sa), 0);
	assert_fails(accel_wait(a, sa, 0), -ETIMEDOUT);

	copy_bos[0] = (struct accel_bo_ref){ .bo = dram, .access = ACCEL_ACCESS_READ };
	copy_bos[1] = (struct accel_bo_ref){ .bo = host, .access = ACCEL_ACCESS_WRITE };
	dep = (struct accel_fence_point){ .queue = a, .seqno = sa };
	copy.comp_mask = ACCEL_SUBMIT_WAIT;
	copy.cmd_bo = f.cb;
	copy.cmd_offset = 64;
	copy.cmd_size = 64;
	copy.bos = copy_bos;
	copy.num_bos = 2;
	copy.wait_points = &dep;
	copy.num_wait_points = 1;
	assert_int_equal(accel_submit(b, &copy, &sb), 0);
	/* each queue counts its own */
	assert_int_equal(sa, 1);
	assert_int_equal(sb, 1);
	/* the copy went to the device after the fill was done */
	assert_int_equal(accel_wait(a, sa, 0), 0);
	assert_int_equal(accel_wait(b, sb, -1), 0);

	/* a wait point on a failed fill fails the copy's submission */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_ABORT, 0);
	assert_int_equal(accel_submit(a, &fill, &sa), 0);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	dep.seqno = sa;
	assert_true(accel_submit(b, &copy, &sb) < 0);
	assert_reason();

	assert_int_equal(accel_bo_free(dram), 0);
	assert_int_equal(accel_bo_free(host), 0);
	assert_int_equal(accel_queue_destroy(a), 0);
	assert_int_equal(accel_queue_destroy(b), 0);
	teardown(&f);
}

/* what the context's DRAM holds, as the kernel counts it */
static uint64_t ctx_dram(struct accel_context *ctx)
{
	struct hldv_device_info hi;

	assert_int_equal(hldv_query_device(ctx, &hi, sizeof(hi)), 0);
	return hi.dram_used_by_ctx;
}

/*
 * Freeing BOs a CS in flight lists is safe: the handles die at once, the
 * memory (UNMAP and FREE) goes when the CS retires.
 */
void test_free_busy_bo(void **state)
{
	struct accel_bo_ref ref;
	struct accel_submit s = { 0 };
	struct accel_bo *dram, *cb;
	struct fixture f;
	uint64_t seq;

	setup(&f);
	dram = accel_bo_alloc(f.ctx, 4096, 0);
	cb = hldv_cb_alloc(f.ctx, 4096);
	assert_non_null(dram);
	assert_non_null(cb);
	assert_int_equal(ctx_dram(f.ctx), DRAM_PAGE);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 300000);
	ref = (struct accel_bo_ref){ .bo = dram, .access = ACCEL_ACCESS_RW };
	s.cmd_bo = cb;
	s.cmd_size = 64;
	s.bos = &ref;
	s.num_bos = 1;
	assert_int_equal(accel_submit(f.q, &s, &seq), 0);
	assert_int_equal(accel_bo_free(dram), 0);
	assert_int_equal(accel_bo_free(cb), 0);
	/* gone for the caller ... */
	assert_fails(accel_bo_free(dram), -ESTALE);
	assert_int_equal(hldv_cb_handle(cb), 0);
	/* ... but the device still has it */
	assert_int_equal(ctx_dram(f.ctx), DRAM_PAGE);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);
	assert_int_equal(ctx_dram(f.ctx), 0);

	/* hldv_submit holds its chunks' CBs the same way */
	cb = hldv_cb_alloc(f.ctx, 4096);
	assert_non_null(cb);
	{
		struct hldv_cs_chunk c = { cb, 0, 64, GAUDI2_QUEUE_ID_PDMA_0_1 };

		assert_int_equal(hldv_submit(f.q, &c, 1, &seq), 0);
	}
	assert_int_equal(accel_bo_free(cb), 0);
	assert_int_equal(accel_wait(f.q, seq, -1), 0);
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
	assert_fails_null(accel_bo_alloc(f.ctx, 4096, 0), EBUSY);
	assert_fails_null(hldv_cb_alloc(f.ctx, 4096), EBUSY);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	assert_fails_null(accel_bo_alloc(f.ctx, 200ull << 30, 0), ENOMEM);
	teardown(&f);
	assert_int_equal(count_fds(), before);
	assert_int_equal(hldv_device_query(shim_hl_device(0), &hi, sizeof(hi)), 0);
	assert_int_equal(hi.dram_free, hi.dram_size);
	assert_int_equal(hi.compute_ctx_active, 0);
}
