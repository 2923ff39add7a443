// SPDX-License-Identifier: MIT
/*
 * BO and queue calls: the core's argument checks and lifetime rules, and
 * its dispatch to the provider, with EOPNOTSUPP for every op a provider
 * lacks (testdrv has alloc, queues and submit; testmin has nothing).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

static struct fake_sys fs;
static struct accel_device **list;
static struct accel_context *ctx, *ctx2, *minctx;

static int setup(void **state)
{
	struct fake_dev d = fake_testdrv();
	int n = 0;

	fake_sys_init(&fs);
	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	d.driver = "testmin";
	fake_add_accel(&fs, 2, &d);
	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, 3);
	ctx = accel_open_device(list[0]);
	ctx2 = accel_open_device(list[1]);
	minctx = accel_open_device(list[2]);
	assert_non_null(ctx);
	assert_non_null(ctx2);
	assert_non_null(minctx);
	return 0;
}

static int teardown(void **state)
{
	/* contexts may be closed by the test already */
	accel_close_device(ctx);
	accel_close_device(ctx2);
	accel_close_device(minctx);
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

	errno = 0;
	assert_null(accel_bo_alloc(ctx, 0, 0));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(accel_bo_alloc(ctx, UINT64_MAX, 0));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(accel_bo_alloc(ctx, 4096, 1u << 31));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(accel_bo_alloc(ctx, 4096, ACCEL_BO_UNCACHED << 1));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(accel_bo_alloc(NULL, 4096, 0));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(accel_bo_alloc((struct accel_context *)junk, 4096, 0));
	assert_int_equal(errno, ESTALE);
	errno = 0;
	assert_null(accel_bo_alloc((struct accel_context *)list[0], 4096, 0));
	assert_int_equal(errno, ESTALE);
	assert_int_equal(accel_close_device(ctx), 0);
	errno = 0;
	assert_null(accel_bo_alloc(ctx, 4096, 0));
	assert_int_equal(errno, ESTALE);
}

static void test_bo_alloc_provider_error(void **state)
{
	/* testdrv has 1 MiB: its ENOMEM comes through */
	errno = 0;
	assert_null(accel_bo_alloc(ctx, (1 << 20) + 1, 0));
	assert_int_equal(errno, ENOMEM);
}

static void test_bo_free_bad_args(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);

	assert_non_null(bo);
	assert_int_equal(accel_bo_free(NULL), -EINVAL);
	assert_int_equal(accel_bo_free((struct accel_bo *)ctx), -ESTALE);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_bo_free(bo), -ESTALE);
}

static void test_bo_getters_freed(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);

	assert_non_null(bo);
	assert_int_equal(accel_bo_free(bo), 0);
	errno = 0;
	assert_int_equal(accel_bo_size(bo), 0);
	assert_int_equal(errno, ESTALE);
	errno = 0;
	assert_int_equal(accel_bo_device_addr(bo), 0);
	assert_int_equal(errno, ESTALE);
	errno = 0;
	assert_null(accel_bo_context(bo));
	assert_int_equal(errno, ESTALE);
	errno = 0;
	assert_null(accel_bo_map(bo));
	assert_int_equal(errno, ESTALE);
	assert_int_equal(accel_bo_unmap(bo), -ESTALE);
	assert_int_equal(accel_bo_export_dmabuf(bo, O_CLOEXEC), -ESTALE);
	errno = 0;
	assert_int_equal(accel_bo_size(NULL), 0);
	assert_int_equal(errno, EINVAL);
}

static void test_bo_ops_not_supported(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);
	int fds[2];

	assert_non_null(bo);
	errno = 0;
	assert_null(accel_bo_map(bo));
	assert_int_equal(errno, EOPNOTSUPP);
	/* nothing mapped: nothing to unmap */
	assert_int_equal(accel_bo_unmap(bo), -EINVAL);
	assert_int_equal(accel_bo_export_dmabuf(bo, O_CLOEXEC | O_RDWR), -EOPNOTSUPP);
	/* flags are checked first */
	assert_int_equal(accel_bo_export_dmabuf(bo, O_NONBLOCK), -EINVAL);
	assert_int_equal(pipe(fds), 0);
	errno = 0;
	assert_null(accel_bo_import_dmabuf(ctx, fds[0]));
	assert_int_equal(errno, EOPNOTSUPP);
	close(fds[0]);
	close(fds[1]);
	assert_int_equal(accel_bo_free(bo), 0);
}

static void test_minimal_provider_not_supported(void **state)
{
	errno = 0;
	assert_null(accel_bo_alloc(minctx, 4096, 0));
	assert_int_equal(errno, EOPNOTSUPP);
	errno = 0;
	assert_null(accel_bo_import_dmabuf(minctx, 0));
	assert_int_equal(errno, EOPNOTSUPP);
	errno = 0;
	assert_null(accel_queue_create(minctx, NULL));
	assert_int_equal(errno, EOPNOTSUPP);
	/* argument errors still come before EOPNOTSUPP */
	errno = 0;
	assert_null(accel_bo_alloc(minctx, 0, 0));
	assert_int_equal(errno, EINVAL);
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
	assert_int_equal(accel_queue_destroy(q1), -ESTALE);
	assert_int_equal(accel_queue_destroy(NULL), -EINVAL);
	assert_int_equal(accel_queue_destroy((struct accel_queue *)ctx), -ESTALE);
	assert_int_equal(accel_queue_destroy(q2), 0);
}

static void test_queue_create_bad_attr(void **state)
{
	struct accel_queue_attr attr = { .comp_mask = 1u << 7 };

	errno = 0;
	assert_null(accel_queue_create(ctx, &attr));
	assert_int_equal(errno, EINVAL);
	attr.comp_mask = 0;
	attr.flags = 1;
	errno = 0;
	assert_null(accel_queue_create(ctx, &attr));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(accel_queue_create(NULL, NULL));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(accel_queue_create((struct accel_context *)list[0], NULL));
	assert_int_equal(errno, ESTALE);
}

static void test_queue_ops_not_supported(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	uint64_t seq = 0;

	assert_non_null(q);
	assert_int_equal(accel_wait(q, 1, 0), -EOPNOTSUPP);
	assert_int_equal(accel_queue_get_fd(q), -EOPNOTSUPP);
	assert_int_equal(accel_queue_completed(q, &seq), -EOPNOTSUPP);
	assert_int_equal(accel_queue_completed(q, NULL), -EINVAL);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_wait(q, 1, 0), -ESTALE);
	assert_int_equal(accel_queue_get_fd(q), -ESTALE);
	assert_int_equal(accel_queue_completed(q, &seq), -ESTALE);
	assert_int_equal(accel_wait(NULL, 1, 0), -EINVAL);
	assert_int_equal(accel_queue_get_fd(NULL), -EINVAL);
}

/* a submission that testdrv takes */
static struct accel_submit good_submit(struct accel_bo *cmd)
{
	struct accel_submit s = {
		.cmd_bo = cmd,
		.cmd_offset = 0,
		.cmd_size = 64,
		.in_fence_fd = -1,
	};

	return s;
}

static void test_submit_dispatch(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = accel_bo_alloc(ctx, 4096, 0);
	struct accel_bo *data = accel_bo_alloc(ctx, 4096, 0);
	struct accel_bo *bos[2] = { data, cmd };
	struct accel_submit s = good_submit(cmd);
	uint64_t seq = 0;

	assert_non_null(q);
	assert_non_null(cmd);
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
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
	assert_int_equal(accel_bo_free(data), 0);
}

static void test_submit_bad_args(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = accel_bo_alloc(ctx, 4096, 0);
	struct accel_submit s;
	uint64_t seq;

	assert_non_null(q);
	assert_non_null(cmd);
	s = good_submit(cmd);
	assert_int_equal(accel_submit(NULL, &s, &seq), -EINVAL);
	assert_int_equal(accel_submit((struct accel_queue *)cmd, &s, &seq), -ESTALE);
	assert_int_equal(accel_submit(q, NULL, &seq), -EINVAL);
	s.comp_mask = 1u << 9;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	s = good_submit(cmd);
	s.flags = 1;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	s = good_submit(NULL);
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	s = good_submit(cmd);
	s.cmd_size = 0;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	s = good_submit(cmd);
	s.num_bos = 1;	/* and no array */
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	/* nothing above reached the provider */
	s = good_submit(cmd);
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_submit(q, &s, &seq), -ESTALE);
	assert_int_equal(accel_bo_free(cmd), 0);
}

static void test_submit_range(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = accel_bo_alloc(ctx, 4096, 0);
	struct accel_submit s;
	uint64_t seq = 0;

	assert_non_null(q);
	assert_non_null(cmd);
	s = good_submit(cmd);
	s.cmd_offset = 4096 - 63;	/* one byte past the end */
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	s.cmd_offset = 0;
	s.cmd_size = 4097;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	/* offset + size wraps around to a small number */
	s.cmd_offset = UINT64_MAX - 7;
	s.cmd_size = 16;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	s.cmd_offset = 4096;
	s.cmd_size = UINT64_MAX;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
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
	struct accel_bo *cmd = accel_bo_alloc(ctx, 4096, 0);
	struct accel_bo *mine = accel_bo_alloc(ctx, 4096, 0);
	struct accel_bo *other = accel_bo_alloc(ctx2, 4096, 0);
	struct accel_bo *freed = accel_bo_alloc(ctx, 4096, 0);
	struct accel_bo *bos[3];
	struct accel_submit s;
	uint64_t seq = 0;

	assert_non_null(q);
	assert_non_null(cmd);
	assert_non_null(mine);
	assert_non_null(other);
	assert_non_null(freed);
	assert_int_equal(accel_bo_free(freed), 0);

	/* the command buffer */
	s = good_submit(other);
	assert_int_equal(accel_submit(q, &s, &seq), -EXDEV);
	s = good_submit(freed);
	assert_int_equal(accel_submit(q, &s, &seq), -ESTALE);
	s = good_submit((struct accel_bo *)ctx);
	assert_int_equal(accel_submit(q, &s, &seq), -ESTALE);
	/* the BO list, at any position */
	s = good_submit(cmd);
	s.bos = bos;
	s.num_bos = 3;
	bos[0] = mine;
	bos[1] = mine;
	bos[2] = other;
	assert_int_equal(accel_submit(q, &s, &seq), -EXDEV);
	bos[2] = freed;
	assert_int_equal(accel_submit(q, &s, &seq), -ESTALE);
	bos[2] = NULL;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	bos[0] = other;
	bos[2] = mine;
	assert_int_equal(accel_submit(q, &s, &seq), -EXDEV);
	/* and the references taken for the call were all given back */
	bos[0] = mine;
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
	assert_int_equal(accel_bo_free(mine), 0);
	assert_int_equal(accel_bo_free(other), 0);
	assert_int_equal(accel_bo_free(mine), -ESTALE);
}

static void test_submit_fences(void **state)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = accel_bo_alloc(ctx, 4096, 0);
	struct accel_submit s;
	uint64_t seq = 0;
	int fds[2];

	assert_non_null(q);
	assert_non_null(cmd);
	s = good_submit(cmd);
	s.comp_mask = ACCEL_SUBMIT_IN_FENCE;
	s.in_fence_fd = -1;
	assert_int_equal(accel_submit(q, &s, &seq), -EBADF);
	assert_int_equal(pipe(fds), 0);
	close(fds[1]);
	s.in_fence_fd = fds[1];	/* closed */
	assert_int_equal(accel_submit(q, &s, &seq), -EBADF);
	s = good_submit(cmd);
	s.comp_mask = ACCEL_SUBMIT_OUT_FENCE;
	s.out_fence_fd = NULL;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	/* an open fd passes the core; what it is is the provider's business */
	s = good_submit(cmd);
	s.comp_mask = ACCEL_SUBMIT_IN_FENCE;
	s.in_fence_fd = fds[0];
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 1);
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
	assert_int_equal(accel_bo_free(a), -ESTALE);
	errno = 0;
	assert_int_equal(accel_bo_size(b), 0);
	assert_int_equal(errno, ESTALE);
	assert_int_equal(accel_queue_destroy(q), -ESTALE);
	s = good_submit(b);
	assert_int_equal(accel_submit(q, &s, &seq), -ESTALE);
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
	cmocka_unit_test_setup_teardown(test_minimal_provider_not_supported, setup, teardown),
	cmocka_unit_test_setup_teardown(test_queue_create_destroy, setup, teardown),
	cmocka_unit_test_setup_teardown(test_queue_create_bad_attr, setup, teardown),
	cmocka_unit_test_setup_teardown(test_queue_ops_not_supported, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_dispatch, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_bad_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_range, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_foreign_bos, setup, teardown),
	cmocka_unit_test_setup_teardown(test_submit_fences, setup, teardown),
	cmocka_unit_test_setup_teardown(test_close_destroys_children, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
