// SPDX-License-Identifier: MIT
/*
 * BO and queue calls: the core's argument checks and lifetime rules, and
 * its dispatch to the provider, with EOPNOTSUPP for every op a provider
 * lacks (testdrv has alloc, map, queues, submit and fence_wait but no
 * dma-buf or sync_file; its "bare" variant cannot map; testmin has
 * nothing). Every refusal leaves a reason (assert_fail_reason).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "providers/testdrv.h"
#include "unit.h"

static struct fake_sys fs;
static struct accel_device **list;
static struct accel_context *ctx, *ctx2, *minctx, *barectx;

static int setup(void **state)
{
	struct fake_dev d = fake_testdrv();
	int n = 0;

	fake_sys_init(&fs);
	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	d.driver = "testmin";
	fake_add_accel(&fs, 2, &d);
	d.driver = "testbare";
	d.device = 0x5679;	/* not testdrv's PCI id: the driver name decides */
	fake_add_accel(&fs, 3, &d);
	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, 4);
	ctx = accel_open_device(list[0]);
	ctx2 = accel_open_device(list[1]);
	minctx = accel_open_device(list[2]);
	barectx = accel_open_device(list[3]);
	assert_non_null(ctx);
	assert_non_null(ctx2);
	assert_non_null(minctx);
	assert_non_null(barectx);
	return 0;
}

static int teardown(void **state)
{
	/* contexts may be closed by the test already */
	accel_close_device(ctx);
	accel_close_device(ctx2);
	accel_close_device(minctx);
	accel_close_device(barectx);
	accel_free_device_list(list);
	list = NULL;
	fake_sys_fini(&fs);
	return 0;
}

static void test_bo_alloc_free(void **state)
{
	struct accel_bo *a, *b;

	a = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	b = accel_bo_alloc(ctx, 100, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(accel_bo_size(a), 4096);
	assert_int_equal(accel_bo_size(b), 100);
	assert_int_equal(accel_bo_device_addr(a), 0x100000);
	assert_int_equal(accel_bo_device_addr(b), 0x101000);
	assert_ptr_equal(accel_bo_context(a), ctx);
	assert_int_equal(accel_bo_free(a), 0);
	assert_int_equal(accel_bo_free(b), 0);
}

static void test_bo_alloc_bad_args(void **state)
{
	char junk[8192] = { 0 };

	assert_null_reason(accel_bo_alloc(ctx, 0, 0), EINVAL);
	assert_null_reason(accel_bo_alloc(ctx, UINT64_MAX, 0), EINVAL);
	assert_null_reason(accel_bo_alloc(ctx, 4096, 1u << 31), EINVAL);
	assert_null_reason(accel_bo_alloc(ctx, 4096, ACCEL_BO_UNCACHED << 1), EINVAL);
	/* known flags testdrv does not declare in ops.bo_flags */
	assert_null_reason(accel_bo_alloc(ctx, 4096, ACCEL_BO_CONTIGUOUS), EINVAL);
	assert_null_reason(accel_bo_alloc(ctx, 4096, ACCEL_BO_UNCACHED |
					  ACCEL_BO_HOST_VISIBLE), EINVAL);
	assert_null_reason(accel_bo_alloc(NULL, 4096, 0), EINVAL);
	assert_null_reason(accel_bo_alloc((struct accel_context *)junk, 4096, 0), ESTALE);
	assert_null_reason(accel_bo_alloc((struct accel_context *)list[0], 4096, 0), ESTALE);
	assert_int_equal(accel_close_device(ctx), 0);
	assert_null_reason(accel_bo_alloc(ctx, 4096, 0), ESTALE);
}

static void test_bo_alloc_provider_error(void **state)
{
	/* testdrv has 1 MiB: its ENOMEM and its reason come through */
	assert_null_reason(accel_bo_alloc(ctx, (1 << 20) + 1, 0), ENOMEM);
	assert_non_null(strstr(accel_last_error(), "testdrv"));
}

static void test_bo_free_bad_args(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);

	assert_non_null(bo);
	assert_fail_reason(accel_bo_free(NULL), -EINVAL);
	assert_fail_reason(accel_bo_free((struct accel_bo *)ctx), -ESTALE);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_fail_reason(accel_bo_free(bo), -ESTALE);
}

static void test_bo_getters_freed(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);

	assert_non_null(bo);
	assert_int_equal(accel_bo_free(bo), 0);
	unit_reason_reset();
	errno = 0;
	assert_int_equal(accel_bo_size(bo), 0);
	assert_int_equal(errno, ESTALE);
	unit_assert_reason("accel_bo_size", __FILE__, __LINE__);
	unit_reason_reset();
	errno = 0;
	assert_int_equal(accel_bo_device_addr(bo), 0);
	assert_int_equal(errno, ESTALE);
	unit_assert_reason("accel_bo_device_addr", __FILE__, __LINE__);
	assert_null_reason(accel_bo_context(bo), ESTALE);
	assert_null_reason(accel_bo_map(bo), ESTALE);
	assert_fail_reason(accel_bo_unmap(bo), -ESTALE);
	assert_fail_reason(accel_bo_export_dmabuf(bo, O_CLOEXEC), -ESTALE);
	assert_fail_reason(accel_bo_cpu_prep(bo, ACCEL_ACCESS_READ, 0), -ESTALE);
	assert_fail_reason(accel_bo_cpu_fini(bo), -ESTALE);
	unit_reason_reset();
	errno = 0;
	assert_int_equal(accel_bo_size(NULL), 0);
	assert_int_equal(errno, EINVAL);
	unit_assert_reason("accel_bo_size", __FILE__, __LINE__);
}

static void test_bo_ops_not_supported(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);
	struct accel_bo *bare = accel_bo_alloc(barectx, 4096, 0);
	int fds[2];

	assert_non_null(bo);
	assert_non_null(bare);
	/* the bare variant has no bo_map */
	assert_null_reason(accel_bo_map(bare), EOPNOTSUPP);
	/* nothing mapped: nothing to unmap */
	assert_fail_reason(accel_bo_unmap(bare), -EINVAL);
	assert_fail_reason(accel_bo_unmap(bo), -EINVAL);
	assert_fail_reason(accel_bo_export_dmabuf(bo, O_CLOEXEC | O_RDWR), -EOPNOTSUPP);
	/* flags are checked first */
	assert_fail_reason(accel_bo_export_dmabuf(bo, O_NONBLOCK), -EINVAL);
	assert_int_equal(pipe(fds), 0);
	assert_null_reason(accel_bo_import_dmabuf(ctx, fds[0]), EOPNOTSUPP);
	close(fds[0]);
	close(fds[1]);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_bo_free(bare), 0);
}

static void test_bo_map(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	uint8_t *p, *p2;

	assert_non_null(bo);
	p = accel_bo_map(bo);
	assert_non_null(p);
	/* testdrv's memory starts zeroed; a second map is the same mapping */
	assert_int_equal(p[0] | p[4095], 0);
	p[10] = 0x5a;
	p2 = accel_bo_map(bo);
	assert_ptr_equal(p, p2);
	assert_int_equal(accel_bo_unmap(bo), 0);
	assert_fail_reason(accel_bo_unmap(bo), -EINVAL);
	p = accel_bo_map(bo);
	assert_non_null(p);
	assert_int_equal(p[10], 0x5a);
	/* free unmaps */
	assert_int_equal(accel_bo_free(bo), 0);
}

static void test_minimal_provider_not_supported(void **state)
{
	struct accel_mem_domain dom;
	struct accel_engine_info eng;

	assert_null_reason(accel_bo_alloc(minctx, 4096, 0), EOPNOTSUPP);
	assert_null_reason(accel_bo_import_dmabuf(minctx, 0), EOPNOTSUPP);
	assert_null_reason(accel_queue_create(minctx, NULL), EOPNOTSUPP);
	/* argument errors still come before EOPNOTSUPP */
	assert_null_reason(accel_bo_alloc(minctx, 0, 0), EINVAL);
	/* flags: testmin declares none */
	assert_null_reason(accel_bo_alloc(minctx, 4096, ACCEL_BO_HOST_VISIBLE), EINVAL);
	/* a provider that lists nothing has nothing */
	assert_int_equal(accel_query_mem_domains(minctx, &dom, 1, sizeof(dom)), 0);
	assert_int_equal(accel_query_engines(minctx, &eng, 1, sizeof(eng)), 0);
}

static void test_queue_create_destroy(void **state)
{
	struct accel_queue_attr attr = {
		.comp_mask = ACCEL_QUEUE_ATTR_PRIORITY | ACCEL_QUEUE_ATTR_ENGINE,
		.priority = 1,
	};
	struct accel_queue *q1, *q2;

	q1 = accel_queue_create(ctx, NULL);
	q2 = accel_queue_create(ctx, &attr);
	assert_non_null(q1);
	assert_non_null(q2);
	assert_int_equal(accel_queue_destroy(q1), 0);
	assert_fail_reason(accel_queue_destroy(q1), -ESTALE);
	assert_fail_reason(accel_queue_destroy(NULL), -EINVAL);
	assert_fail_reason(accel_queue_destroy((struct accel_queue *)ctx), -ESTALE);
	assert_int_equal(accel_queue_destroy(q2), 0);
}

static void test_queue_create_bad_attr(void **state)
{
	struct accel_queue_attr attr = { .comp_mask = 1u << 7 };

	assert_null_reason(accel_queue_create(ctx, &attr), EINVAL);
	attr.comp_mask = 0;
	attr.flags = 1;
	assert_null_reason(accel_queue_create(ctx, &attr), EINVAL);
	assert_null_reason(accel_queue_create(NULL, NULL), EINVAL);
	assert_null_reason(accel_queue_create((struct accel_context *)list[0], NULL), ESTALE);
	/* the provider's refusals: no such engine, instance or priority */
	attr = (struct accel_queue_attr){ .comp_mask = ACCEL_QUEUE_ATTR_ENGINE,
					  .engine = 2 };
	assert_null_reason(accel_queue_create(ctx, &attr), EINVAL);
	attr = (struct accel_queue_attr){ .comp_mask = ACCEL_QUEUE_ATTR_INSTANCE,
					  .instance = 2 };
	assert_null_reason(accel_queue_create(ctx, &attr), EINVAL);
	attr = (struct accel_queue_attr){ .comp_mask = ACCEL_QUEUE_ATTR_PRIORITY,
					  .priority = 2 };
	assert_null_reason(accel_queue_create(ctx, &attr), EINVAL);
}

/* What used to be provider ops is the core's now: wait, fd, completed */
static void test_queue_ops_core(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_job_status st;
	uint64_t seq = 99;
	int fd;

	assert_non_null(q);
	/* nothing submitted: seqno 1 does not exist yet */
	assert_fail_reason(accel_wait(q, 1, 0), -EINVAL);
	assert_fail_reason(accel_job_status(q, 1, &st, sizeof(st)), -EINVAL);
	assert_fail_reason(accel_fence_export_sync_file(q, 1), -EOPNOTSUPP);
	fd = accel_queue_get_fd(q);
	assert_true(fd >= 0);
	assert_int_equal(accel_queue_completed(q, &seq), 0);
	assert_int_equal(seq, 0);
	assert_fail_reason(accel_queue_completed(q, NULL), -EINVAL);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_fail_reason(accel_wait(q, 1, 0), -ESTALE);
	assert_fail_reason(accel_queue_get_fd(q), -ESTALE);
	assert_fail_reason(accel_queue_completed(q, &seq), -ESTALE);
	assert_fail_reason(accel_job_status(q, 1, &st, sizeof(st)), -ESTALE);
	assert_fail_reason(accel_fence_export_sync_file(q, 1), -ESTALE);
	assert_fail_reason(accel_wait(NULL, 1, 0), -EINVAL);
	assert_fail_reason(accel_queue_get_fd(NULL), -EINVAL);
}

/* a command BO whose every status word says done: its jobs complete at once */
static struct accel_bo *done_cmd(struct accel_context *c)
{
	struct accel_bo *bo = accel_bo_alloc(c, 4096, ACCEL_BO_HOST_VISIBLE);
	uint64_t *w;
	int i;

	assert_non_null(bo);
	w = accel_bo_map(bo);
	assert_non_null(w);
	for (i = 0; i < 4096 / 8; i++)
		w[i] = TESTDRV_DONE;
	return bo;
}

/* a submission that testdrv takes */
static struct accel_submit good_submit(struct accel_bo *cmd)
{
	struct accel_submit s = {
		.cmd_bo = cmd,
		.cmd_offset = 0,
		.cmd_size = 64,
	};

	return s;
}

static void test_submit_dispatch(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = done_cmd(ctx);
	struct accel_bo *data = accel_bo_alloc(ctx, 4096, 0);
	struct accel_bo_ref bos[2] = {
		{ data, ACCEL_ACCESS_RW, 0 },
		{ cmd, ACCEL_ACCESS_READ, 1 },
	};
	struct accel_submit s = good_submit(cmd);
	uint64_t seq = 0;

	assert_non_null(q);
	assert_non_null(data);
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 1);
	s.bos = bos;
	s.num_bos = 2;
	s.cmd_offset = 4096 - 64;	/* the very end is in range */
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 2);
	assert_int_equal(accel_submit(q, &s, NULL), 0);
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 4);
	assert_int_equal(accel_wait(q, 4, -1), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
	assert_int_equal(accel_bo_free(data), 0);
}

static void test_submit_bad_args(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = done_cmd(ctx);
	struct accel_bo_ref ref = { cmd, ACCEL_ACCESS_READ, 0 };
	struct accel_submit s;
	uint64_t seq;

	assert_non_null(q);
	s = good_submit(cmd);
	assert_fail_reason(accel_submit(NULL, &s, &seq), -EINVAL);
	assert_fail_reason(accel_submit((struct accel_queue *)cmd, &s, &seq), -ESTALE);
	assert_fail_reason(accel_submit(q, NULL, &seq), -EINVAL);
	s.comp_mask = 1u << 9;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	s = good_submit(cmd);
	s.flags = 1;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	s = good_submit(cmd);
	s.reserved = 1;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	/* testdrv's engines all need a command buffer: its refusal */
	s = good_submit(NULL);
	s.cmd_size = 0;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "testdrv"));
	/* a command range without a BO is the core's */
	s.cmd_size = 64;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	s = good_submit(cmd);
	s.cmd_size = 0;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	s = good_submit(cmd);
	s.num_bos = 1;	/* and no array */
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	/* access flags: none, unknown */
	s = good_submit(cmd);
	s.bos = &ref;
	s.num_bos = 1;
	ref.access = 0;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	ref.access = ACCEL_ACCESS_RW << 1;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	ref.access = ACCEL_ACCESS_WRITE | 0x80;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	/* nothing above reached the provider or took a seqno */
	ref.access = ACCEL_ACCESS_READ;
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_fail_reason(accel_submit(q, &s, &seq), -ESTALE);
	assert_int_equal(accel_bo_free(cmd), 0);
}

static void test_submit_range(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = done_cmd(ctx);
	struct accel_submit s;
	uint64_t seq = 0;

	assert_non_null(q);
	s = good_submit(cmd);
	s.cmd_offset = 4096 - 56;	/* 8 bytes past the end */
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	s.cmd_offset = 0;
	s.cmd_size = 4097;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	/* offset + size wraps around to a small number */
	s.cmd_offset = UINT64_MAX - 7;
	s.cmd_size = 16;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	s.cmd_offset = 4096;
	s.cmd_size = UINT64_MAX;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	s = good_submit(cmd);
	s.cmd_size = 4096;
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
}

static void test_submit_foreign_bos(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = done_cmd(ctx);
	struct accel_bo *mine = accel_bo_alloc(ctx, 4096, 0);
	struct accel_bo *other = accel_bo_alloc(ctx2, 4096, 0);
	struct accel_bo *freed = accel_bo_alloc(ctx, 4096, 0);
	struct accel_bo_ref bos[3] = {
		{ NULL, ACCEL_ACCESS_READ, 0 },
		{ NULL, ACCEL_ACCESS_WRITE, 0 },
		{ NULL, ACCEL_ACCESS_RW, 0 },
	};
	struct accel_submit s;
	uint64_t seq = 0;

	assert_non_null(q);
	assert_non_null(mine);
	assert_non_null(other);
	assert_non_null(freed);
	assert_int_equal(accel_bo_free(freed), 0);

	/* the command buffer */
	s = good_submit(other);
	assert_fail_reason(accel_submit(q, &s, &seq), -EXDEV);
	s = good_submit(freed);
	assert_fail_reason(accel_submit(q, &s, &seq), -ESTALE);
	s = good_submit((struct accel_bo *)ctx);
	assert_fail_reason(accel_submit(q, &s, &seq), -ESTALE);
	/* the BO list, at any position */
	s = good_submit(cmd);
	s.bos = bos;
	s.num_bos = 3;
	bos[0].bo = mine;
	bos[1].bo = mine;
	bos[2].bo = other;
	assert_fail_reason(accel_submit(q, &s, &seq), -EXDEV);
	assert_non_null(strstr(accel_last_error(), "bos[2]"));
	bos[2].bo = freed;
	assert_fail_reason(accel_submit(q, &s, &seq), -ESTALE);
	bos[2].bo = NULL;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	bos[0].bo = other;
	bos[2].bo = mine;
	assert_fail_reason(accel_submit(q, &s, &seq), -EXDEV);
	/* and the references taken for the call were all given back */
	bos[0].bo = mine;
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
	assert_int_equal(accel_bo_free(mine), 0);
	assert_int_equal(accel_bo_free(other), 0);
	assert_fail_reason(accel_bo_free(mine), -ESTALE);
}

static void test_submit_fences(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = done_cmd(ctx);
	struct accel_submit s;
	uint64_t seq = 0;
	int32_t fd = -1;
	int fds[2];

	assert_non_null(q);
	s = good_submit(cmd);
	s.comp_mask = ACCEL_SUBMIT_IN_FENCE;
	s.num_in_fences = 1;
	s.in_fence_fds = &fd;
	assert_fail_reason(accel_submit(q, &s, &seq), -EBADF);
	assert_int_equal(pipe(fds), 0);
	close(fds[1]);
	fd = fds[1];	/* closed */
	assert_fail_reason(accel_submit(q, &s, &seq), -EBADF);
	s.in_fence_fds = NULL;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	s = good_submit(cmd);
	s.comp_mask = ACCEL_SUBMIT_OUT_FENCE;
	s.out_fence_fd = NULL;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	/* testdrv cannot make sync_files */
	s.out_fence_fd = &fd;
	assert_fail_reason(accel_submit(q, &s, &seq), -EOPNOTSUPP);
	/*
	 * The core waits for in-fences on the CPU since testdrv takes none:
	 * an open fd that is no sync_file (a pipe, which would poll ready or
	 * never) is refused at once, as the kernel's sync_file_fdget() does.
	 */
	s = good_submit(cmd);
	s.comp_mask = ACCEL_SUBMIT_IN_FENCE;
	s.num_in_fences = 1;
	fd = fds[0];
	s.in_fence_fds = &fd;
	assert_fail_reason(accel_submit(q, &s, &seq), -EINVAL);
	close(fds[0]);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
}

static void test_close_destroys_children(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *a = accel_bo_alloc(ctx, 4096, 0);
	struct accel_bo *b = accel_bo_alloc(ctx, 8192, 0);
	struct accel_bo *keep = accel_bo_alloc(ctx2, 4096, 0);
	struct accel_submit s;
	uint64_t seq;

	assert_non_null(q);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(keep);
	assert_int_equal(accel_close_device(ctx), 0);
	/* the context took its BOs and queues with it */
	assert_fail_reason(accel_bo_free(a), -ESTALE);
	unit_reason_reset();
	errno = 0;
	assert_int_equal(accel_bo_size(b), 0);
	assert_int_equal(errno, ESTALE);
	unit_assert_reason("accel_bo_size", __FILE__, __LINE__);
	assert_fail_reason(accel_queue_destroy(q), -ESTALE);
	s = good_submit(b);
	assert_fail_reason(accel_submit(q, &s, &seq), -ESTALE);
	/* another context is untouched */
	assert_int_equal(accel_bo_size(keep), 4096);
	assert_int_equal(accel_bo_free(keep), 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_bo_alloc_free, setup, teardown),
	cmocka_unit_test_setup_teardown(test_bo_alloc_bad_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_bo_alloc_provider_error, setup, teardown),
	cmocka_unit_test_setup_teardown(test_bo_free_bad_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_bo_getters_freed, setup, teardown),
	cmocka_unit_test_setup_teardown(test_bo_ops_not_supported, setup, teardown),
	cmocka_unit_test_setup_teardown(test_bo_map, setup, teardown),
	cmocka_unit_test_setup_teardown(test_minimal_provider_not_supported, setup, teardown),
	cmocka_unit_test_setup_teardown(test_queue_create_destroy, setup, teardown),
	cmocka_unit_test_setup_teardown(test_queue_create_bad_attr, setup, teardown),
	cmocka_unit_test_setup_teardown(test_queue_ops_core, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_dispatch, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_bad_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_range, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_foreign_bos, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_fences, setup, teardown),
	cmocka_unit_test_setup_teardown(test_close_destroys_children, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
