// SPDX-License-Identifier: MIT
/*
 * The last CS items of the habanalabs uAPI on the emulated Gaudi2: command
 * buffers by handle (CB without MAP, a chunk on a kernel CB), staged
 * submission, FORCE_RESTORE, the multi-CS wait (refused as Gaudi2 refuses
 * it, and the kernel's common path with the capability turned on), and
 * HL_MEM_SHARED allocations. Each refusal is checked for the kernel's
 * errno, its order among the kernel's checks, what it costs (a sequence
 * number, a drop counter) and the reason the library gives.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <accel/hldv.h>
#include <uapi/drm/habanalabs_accel.h>

#include "accel_shim_hl.h"
#include "shim_test.h"

#define Q_PDMA0 GAUDI2_QUEUE_ID_PDMA_0_0
#define Q_PDMA1 GAUDI2_QUEUE_ID_PDMA_0_1
#define Q_TPC0 GAUDI2_QUEUE_ID_DCORE0_TPC_0_0

static struct accel_queue *pdma_queue(struct accel_context *ctx)
{
	struct accel_queue_attr attr = {
		.comp_mask = ACCEL_QUEUE_ATTR_ENGINE | ACCEL_QUEUE_ATTR_INSTANCE,
		.engine = HLDV_ENGINE_PDMA,
	};
	struct accel_queue *q = accel_queue_create(ctx, &attr);

	assert_non_null(q);
	return q;
}

/* a default CS of one chunk on H/W queue qi; its kernel sequence */
static int submit1(struct accel_queue *q, struct accel_bo *cb, uint32_t qi, uint32_t flags,
		   uint64_t *kseq, uint64_t *seqno)
{
	struct hldv_cs_chunk c = { .cb = cb, .size = 64, .queue_index = qi };
	struct hldv_submit_cs t = { .flags = flags, .out_kernel_seq = kseq };
	uint64_t dummy;

	return hldv_submit_ex(q, &c, 1, &t, NULL, seqno ? seqno : &dummy);
}

static uint64_t validation_drops(struct accel_context *ctx)
{
	struct hldv_cs_counters c = { 0 };

	assert_int_equal(hldv_query_cs_counters(ctx, &c, sizeof(c)), 0);
	return c.ctx_validation_drop_cnt;
}

static void assert_reason(const char *what)
{
	const char *r = accel_last_error();

	if (!r || !strstr(r, what))
		fail_msg("reason '%s' does not say '%s'", r ? r : "(none)", what);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------------ */
/* CB without MAP: a chunk on a kernel CB                                   */
/* ------------------------------------------------------------------------ */

static void test_kernel_cb(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_queue *q = pdma_queue(ctx);
	struct accel_bo *cb = hldv_cb_alloc(ctx, 4096);
	struct accel_bo *kcb = hldv_cb_alloc_kernel(ctx, 4096);
	struct hldv_cs_chunk c = { .cb = kcb, .size = 64, .queue_index = Q_PDMA0 };
	struct accel_bo_ref ref = { .bo = kcb, .access = ACCEL_ACCESS_READ };
	struct accel_submit s = { .bos = &ref, .num_bos = 1, .cmd_bo = kcb, .cmd_size = 64 };
	uint64_t k1 = 0, k3 = 0, drops, seq;
	uint32_t *p = NULL;

	(void)state;
	assert_non_null(cb);
	assert_non_null(kcb);
	/* no device VA, a handle, CPU-mapped */
	assert_int_equal(accel_bo_device_addr(kcb), 0);
	assert_true(accel_bo_device_addr(cb) != 0);
	assert_true(hldv_cb_handle(kcb) != 0);
	p = accel_bo_map(kcb);
	assert_non_null(p);
	p[0] = 0xdeadbeef;
	assert_int_equal(accel_bo_unmap(kcb), 0);

	assert_int_equal(submit1(q, cb, Q_PDMA0, 0, &k1, NULL), 0);
	drops = validation_drops(ctx);
	/* Gaudi2's H/W queues take user CBs only: validate_queue_index() */
	assert_int_equal(hldv_submit(q, &c, 1, &seq), -EINVAL);
	assert_reason("user CBs only");
	assert_int_equal(validation_drops(ctx), drops + 1);
	/* the same as the cmd_bo of a plain submission */
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	assert_reason("user CBs only");
	assert_int_equal(validation_drops(ctx), drops + 2);
	/* each refused CS burnt the sequence allocate_cs() gave it */
	assert_int_equal(submit1(q, cb, Q_PDMA0, 0, &k3, &seq), 0);
	assert_int_equal(k3, k1 + 3);
	assert_int_equal(accel_wait(q, seq, 5000000000ll), 0);

	/* a CB by handle runs from its start, 8 bytes at least: refused here */
	c.offset = 8;
	assert_int_equal(hldv_submit(q, &c, 1, &seq), -EINVAL);
	assert_reason("from its start");
	c.offset = 0;
	c.size = 4;
	assert_int_equal(hldv_submit(q, &c, 1, &seq), -EINVAL);
	c.size = 8192;
	assert_int_equal(hldv_submit(q, &c, 1, &seq), -EINVAL);
	assert_int_equal(validation_drops(ctx), drops + 2);

	errno = 0;
	assert_null(hldv_cb_alloc_kernel(NULL, 4096));
	assert_int_equal(errno, EINVAL);
	assert_null(hldv_cb_alloc_kernel(ctx, 0));
	assert_null(hldv_cb_alloc_kernel(ctx, HL_MAX_CB_SIZE + 1));
	assert_int_equal(errno, EINVAL);

	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(kcb), 0);
	assert_int_equal(accel_bo_free(cb), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	shim_put_devices();
}

/* the uAPI itself: an unmapped CB has no device VA to ask for */
static void test_kernel_cb_uapi(void **state)
{
	int fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);
	union hl_cb_args a = { 0 };
	uint64_t handle;

	(void)state;
	assert_true(fd >= 0);
	a.in.op = HL_CB_OP_CREATE;
	a.in.cb_size = 4096;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_CB, &a), 0);
	handle = a.out.cb_handle;
	memset(&a, 0, sizeof(a));
	a.in.op = HL_CB_OP_INFO;
	a.in.cb_handle = handle;
	a.in.flags = HL_CB_FLAGS_GET_DEVICE_VA;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_CB, &a), -1);
	assert_int_equal(errno, EINVAL);
	/* its usage count answers */
	memset(&a, 0, sizeof(a));
	a.in.op = HL_CB_OP_INFO;
	a.in.cb_handle = handle;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_CB, &a), 0);
	assert_int_equal(a.out.usage_cnt, 0);
	close(fd);
}

/* ------------------------------------------------------------------------ */
/* Staged submission: Gaudi2 refuses it                                     */
/* ------------------------------------------------------------------------ */

static void test_staged(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_queue *q = pdma_queue(ctx);
	struct accel_bo *cb = hldv_cb_alloc(ctx, 4096);
	struct hldv_cs_chunk c = { .cb = cb, .size = 64, .queue_index = Q_PDMA0 };
	struct hldv_submit_cs t = { .flags = HLDV_CS_STAGED | HLDV_CS_STAGED_FIRST };
	uint64_t k1 = 0, k2 = 0, drops, seq;

	(void)state;
	assert_int_equal(submit1(q, cb, Q_PDMA0, 0, &k1, NULL), 0);
	drops = validation_drops(ctx);
	/* hl_cs_sanity_checks(): EPERM before any sequence is taken */
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, NULL, &seq), -EPERM);
	assert_reason("staged");
	t.flags = HLDV_CS_STAGED | HLDV_CS_STAGED_LAST;
	t.signal_seq = k1;
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, NULL, &seq), -EPERM);
	assert_int_equal(validation_drops(ctx), drops);
	assert_int_equal(submit1(q, cb, Q_PDMA0, 0, &k2, &seq), 0);
	assert_int_equal(k2, k1 + 1);
	assert_int_equal(accel_wait(q, seq, 5000000000ll), 0);
	/* the device's state is checked first: in reset, no EPERM */
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	t.flags = HLDV_CS_STAGED | HLDV_CS_STAGED_FIRST;
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, NULL, &seq), -EIO);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	/* a signal CS with the flag: refused the same */
	t.type = HLDV_CS_SIGNAL;
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, NULL, &seq), -EINVAL);
	{
		struct hldv_submit_cs st = {
			.ext = { .type = HLDV_SUBMIT_EXT_CS, .size = sizeof(st) },
			.type = HLDV_CS_SIGNAL,
			.flags = HLDV_CS_STAGED | HLDV_CS_STAGED_FIRST,
		};
		struct accel_submit s = { .ext = &st.ext };

		assert_int_equal(accel_submit(q, &s, &seq), -EPERM);
	}
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(cb), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	shim_put_devices();
}

/* the order of hl_cs_sanity_checks(): the padding first */
static void test_staged_uapi_order(void **state)
{
	int fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);
	union hl_cs_args a = { 0 };

	(void)state;
	assert_true(fd >= 0);
	a.in.cs_flags = HL_CS_FLAGS_STAGED_SUBMISSION | HL_CS_FLAGS_SIGNAL | HL_CS_FLAGS_WAIT;
	a.in.pad[3] = 1;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_CS, &a), -1);
	assert_int_equal(errno, EINVAL);
	/* the answer overwrote the arguments (out.status) */
	assert_int_equal((int)a.out.status, -EINVAL);
	/* EPERM before the type flags' exclusivity */
	memset(&a, 0, sizeof(a));
	a.in.cs_flags = HL_CS_FLAGS_STAGED_SUBMISSION | HL_CS_FLAGS_SIGNAL | HL_CS_FLAGS_WAIT;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_CS, &a), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal((int)a.out.status, -EPERM);
	assert_int_equal(a.out.seq, ~0ull);
	close(fd);
}

/* ------------------------------------------------------------------------ */
/* FORCE_RESTORE                                                            */
/* ------------------------------------------------------------------------ */

static void test_force_restore(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_queue *q = pdma_queue(ctx);
	struct accel_bo *cb = hldv_cb_alloc(ctx, 4096);
	struct accel_bo *rcb = hldv_cb_alloc(ctx, 4096);
	struct accel_bo *kcb = hldv_cb_alloc_kernel(ctx, 4096);
	struct hldv_cs_chunk c = { .cb = cb, .size = 64, .queue_index = Q_PDMA0 };
	struct hldv_cs_chunk rc = { .cb = rcb, .size = 64, .queue_index = Q_PDMA1 };
	struct hldv_submit_restore r = { .chunks = &rc, .num = 1 };
	struct hldv_submit_cs t = { 0 };
	uint64_t k0 = 0, k = 0, seq, drops;
	int64_t t0;

	(void)state;
	t.out_kernel_seq = &k;
	assert_int_equal(submit1(q, cb, Q_PDMA0, 0, &k0, NULL), 0);
	/* the restore CS takes a sequence of its own, before the CS */
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, &r, &seq), 0);
	assert_int_equal(k, k0 + 2);
	assert_int_equal(accel_wait(q, seq, 5000000000ll), 0);
	/* no restore chunks: the flag alone costs nothing */
	r.num = 0;
	k0 = k;
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, &r, &seq), 0);
	assert_int_equal(k, k0 + 1);
	/* the kernel waits for the restore CS before it takes the CS */
	r.num = 1;
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 150000);
	t0 = now_ms();
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, &r, &seq), 0);
	assert_true(now_ms() - t0 >= 140);
	assert_int_equal(accel_wait(q, seq, 5000000000ll), 0);
	/* a restore CS that fails on the device: ENOEXEC, the CS not sent */
	k0 = k;
	accel_shim_hl_set_cs_mode(0, SHIM_CS_ABORT, 0);
	k = 0;
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, &r, &seq), -ENOEXEC);
	assert_reason("restore CS failed");
	assert_int_equal(k, 0);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, NULL, &seq), 0);
	assert_int_equal(k, k0 + 2);
	/* a restore CS the kernel refuses: its errno, one drop, one sequence */
	drops = validation_drops(ctx);
	rc.cb = kcb;
	k0 = k;
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, &r, &seq), -EINVAL);
	assert_int_equal(validation_drops(ctx), drops + 1);
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, NULL, &seq), 0);
	assert_int_equal(k, k0 + 2);
	/* checked by the library: the restore CB must be held, the list sane */
	{
		struct hldv_submit_chunks x = {
			.ext = { .type = HLDV_SUBMIT_EXT_CHUNKS, .size = sizeof(x) },
			.chunks = &c,
			.num = 1,
		};
		struct hldv_submit_restore rx = {
			.ext = { .type = HLDV_SUBMIT_EXT_RESTORE, .size = sizeof(rx) },
			.chunks = &rc,
			.num = 1,
		};
		struct accel_bo_ref ref = { .bo = cb, .access = ACCEL_ACCESS_READ };
		struct accel_submit s = { .bos = &ref, .num_bos = 1, .ext = &x.ext };

		rc.cb = rcb;
		x.ext.next = &rx.ext;
		assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
		assert_reason("restore[0]: its cb is not in the submission's bos");
		rx.num = HL_MAX_JOBS_PER_CS + 1;
		assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	}
	r.chunks = NULL;
	assert_int_equal(hldv_submit_ex(q, &c, 1, &t, &r, &seq), -EINVAL);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(kcb), 0);
	assert_int_equal(accel_bo_free(rcb), 0);
	assert_int_equal(accel_bo_free(cb), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	shim_put_devices();
}

/* ------------------------------------------------------------------------ */
/* Multi-CS wait                                                            */
/* ------------------------------------------------------------------------ */

static void test_multi_cs_gaudi2(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_queue *q = pdma_queue(ctx);
	struct accel_bo *cb = hldv_cb_alloc(ctx, 4096);
	struct hldv_multi_cs_wait w;
	uint64_t k[33] = { 0 };

	(void)state;
	assert_int_equal(submit1(q, cb, Q_PDMA0, 0, &k[0], NULL), 0);
	assert_int_equal(hldv_wait_cs_multi(ctx, k, 1, 1000, &w), -EPERM);
	assert_reason("multi-CS");
	/* the library's own checks */
	assert_int_equal(hldv_wait_cs_multi(ctx, k, 0, 1000, &w), -EINVAL);
	assert_int_equal(hldv_wait_cs_multi(ctx, k, 33, 1000, &w), -EINVAL);
	assert_int_equal(hldv_wait_cs_multi(ctx, NULL, 1, 1000, &w), -EINVAL);
	assert_int_equal(hldv_wait_cs_multi(ctx, k, 1, 1000, NULL), -EINVAL);
	assert_int_equal(hldv_wait_cs_multi(NULL, k, 1, 1000, &w), -EINVAL);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(cb), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	shim_put_devices();
}

/* hl_multi_cs_wait_ioctl()'s order: padding, capability, length */
static void test_multi_cs_uapi_order(void **state)
{
	int fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);
	union hl_wait_cs_args a = { 0 };
	uint64_t seqs[40] = { 0 };

	(void)state;
	assert_true(fd >= 0);
	a.in.flags = HL_WAIT_CS_FLAGS_MULTI_CS;
	a.in.seq = (uintptr_t)seqs;
	a.in.seq_arr_len = 40;
	a.in.pad[0] = 1;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a), -1);
	assert_int_equal(errno, EINVAL);
	a.in.pad[0] = 0;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a), -1);
	assert_int_equal(errno, EPERM);
	/* with the capability: the length, then the copy */
	assert_int_equal(accel_shim_hl_set_multi_cs(0, 1), 0);
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a), -1);
	assert_int_equal(errno, EINVAL);
	a.in.seq_arr_len = 2;
	a.in.seq = 8;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a), -1);
	assert_int_equal(errno, EFAULT);
	/* no CS yet (the first gets 1): sequence 5 was never given */
	seqs[0] = 0;
	seqs[1] = 5;
	a.in.seq = (uintptr_t)seqs;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a), -1);
	assert_int_equal(errno, EINVAL);
	/* sequence 0 has no fence: done long ago (GONE), as the kernel says */
	a.in.flags = HL_WAIT_CS_FLAGS_MULTI_CS;
	a.in.seq = (uintptr_t)seqs;
	a.in.seq_arr_len = 1;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a), 0);
	assert_int_equal(a.out.status, HL_WAIT_CS_STATUS_COMPLETED);
	assert_int_equal(a.out.cs_completion_map, 1);
	assert_int_equal(a.out.flags, HL_WAIT_CS_STATUS_FLAG_GONE);
	memset(&a, 0, sizeof(a));
	a.in.flags = HL_WAIT_CS_FLAGS_MULTI_CS;
	/* an empty list: nothing completes, BUSY at once with timeout 0 */
	a.in.seq_arr_len = 0;
	a.in.timeout_us = 0;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a), 0);
	assert_int_equal(a.out.status, HL_WAIT_CS_STATUS_BUSY);
	assert_int_equal(accel_shim_hl_set_multi_cs(0, 0), 0);
	close(fd);
}

static void test_multi_cs_enabled(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_queue *q = pdma_queue(ctx);
	struct accel_bo *cb = hldv_cb_alloc(ctx, 4096);
	struct hldv_multi_cs_wait w;
	uint64_t k[3] = { 0 }, sa, sb, st;
	int64_t t0;

	(void)state;
	assert_int_equal(accel_shim_hl_set_multi_cs(0, 1), 0);
	/* A (PDMA_0_0) completes after B (PDMA_0_1): B wakes the wait */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 400000);
	assert_int_equal(submit1(q, cb, Q_PDMA0, HLDV_CS_TIMESTAMP, &k[0], &sa), 0);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 50000);
	assert_int_equal(submit1(q, cb, Q_PDMA1, HLDV_CS_TIMESTAMP, &k[1], &sb), 0);
	assert_int_equal(hldv_wait_cs_multi(ctx, k, 2, 0, &w), 0);
	assert_int_equal(w.completed, 0);	/* timeout 0: one poll */
	assert_int_equal(hldv_wait_cs_multi(ctx, k, 2, 2000000, &w), 0);
	assert_int_equal(w.completed, 2);
	assert_int_equal(w.flags, HLDV_WAIT_TIMESTAMP);
	assert_true(w.timestamp_ns > 0);
	assert_int_equal(accel_wait(q, sa, 5000000000ll), 0);
	/* both done: both bits, the earlier timestamp */
	{
		int64_t first = w.timestamp_ns;

		assert_int_equal(hldv_wait_cs_multi(ctx, k, 2, 0, &w), 0);
		assert_int_equal(w.completed, 3);
		assert_int_equal(w.timestamp_ns, first);
	}
	/* a CS without HL_CS_FLAGS_TIMESTAMP: no timestamp, reported GONE */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	assert_int_equal(submit1(q, cb, Q_PDMA0, 0, &k[2], NULL), 0);
	assert_int_equal(hldv_wait_cs_multi(ctx, &k[2], 1, 1000000, &w), 0);
	assert_int_equal(w.completed, 1);
	assert_int_equal(w.flags, HLDV_WAIT_GONE);
	/*
	 * A CS on no stream master (a TPC queue) wakes no multi-CS wait: the
	 * wait sleeps to its timeout and answers BUSY, though the CS is done
	 */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 30000);
	assert_int_equal(submit1(q, cb, Q_TPC0, 0, &k[2], &st), 0);
	t0 = now_ms();
	assert_int_equal(hldv_wait_cs_multi(ctx, &k[2], 1, 300000, &w), 0);
	assert_true(now_ms() - t0 >= 290);
	assert_int_equal(w.completed, 0);
	assert_int_equal(hldv_wait_cs_multi(ctx, &k[2], 1, 0, &w), 0);
	assert_int_equal(w.completed, 1);
	/* a CS of the list that failed: -EIO */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_ABORT, 0);
	assert_int_equal(submit1(q, cb, Q_PDMA0, 0, &k[2], &st), 0);
	assert_int_equal(hldv_wait_cs_multi(ctx, &k[2], 1, 1000, &w), -EIO);
	assert_int_equal(accel_wait(q, st, 5000000000ll), -EIO);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	/* a sequence not given yet */
	k[2] += 1000;
	assert_int_equal(hldv_wait_cs_multi(ctx, &k[2], 1, 1000, &w), -EINVAL);
	assert_int_equal(accel_shim_hl_set_multi_cs(0, 0), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(cb), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	shim_put_devices();
}

/* ------------------------------------------------------------------------ */
/* HL_MEM_SHARED                                                            */
/* ------------------------------------------------------------------------ */

static void test_mem_shared(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_bo *bo = hldv_bo_alloc_at(ctx, 4096, 0, HLDV_MEM_SHARED);
	char host[8192] __attribute__((aligned(4096)));
	int fd;

	(void)state;
	assert_non_null(bo);
	assert_true(accel_bo_device_addr(bo) != 0);
	fd = accel_bo_export_dmabuf(bo, O_CLOEXEC);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(accel_bo_free(bo), 0);
	/* an ALLOC flag: host memory is implicitly shared */
	errno = 0;
	assert_null(hldv_bo_from_host_at(ctx, host, sizeof(host), 0, HLDV_MEM_SHARED));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(accel_close_device(ctx), 0);
	shim_put_devices();
}

SHIM_TEST_LIST(cmocka_unit_test(test_kernel_cb), cmocka_unit_test(test_kernel_cb_uapi),
	       cmocka_unit_test(test_staged), cmocka_unit_test(test_staged_uapi_order),
	       cmocka_unit_test(test_force_restore), cmocka_unit_test(test_multi_cs_gaudi2),
	       cmocka_unit_test(test_multi_cs_uapi_order),
	       cmocka_unit_test(test_multi_cs_enabled), cmocka_unit_test(test_mem_shared));
