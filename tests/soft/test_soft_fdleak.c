// SPDX-License-Identifier: MIT
/*
 * Description: a whole open/alloc/map/export/import/submit/wait/close
 * cycle, and its error paths, leave the process with the fds it had.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "soft_test.h"

static void cycle(void)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_submit bad = { 0 };
	struct accel_bo *a, *b, *imp;
	struct st_cs cs;
	void *pa, *pb;
	int fd, pfd[2];

	a = st_alloc_mapped(ctx, 1 << 16, &pa);
	b = st_alloc_mapped(ctx, 1 << 16, &pb);
	assert_true(accel_queue_get_fd(q) >= 0);
	fd = accel_bo_export_dmabuf(a, O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		imp = accel_bo_import_dmabuf(ctx, fd);
		assert_non_null(imp);
		close(fd);
	} else {
		assert_int_equal(fd, -EOPNOTSUPP);
	}
	st_cs_init(&cs, ctx);
	cs.len += softdv_emit_fill(cs.p, accel_bo_device_addr(a), 1 << 16, 1);
	cs.len += softdv_emit_copy(cs.p + cs.len, accel_bo_device_addr(b),
				   accel_bo_device_addr(a), 1 << 16);
	assert_int_equal(st_cs_run(q, &cs, a, b, NULL), 0);

	/* error paths */
	assert_int_equal(pipe2(pfd, O_CLOEXEC), 0);
	assert_null(accel_bo_import_dmabuf(ctx, pfd[0]));
	st_assert_reason(NULL);
	bad.comp_mask = ACCEL_SUBMIT_IN_FENCE;
	bad.in_fence_fds = &pfd[0];
	bad.num_in_fences = 1;
	bad.cmd_bo = cs.bo;
	bad.cmd_size = cs.len;
	assert_int_equal(accel_submit(q, &bad, NULL), -EINVAL);
	st_assert_reason(NULL);
	close(pfd[0]);
	close(pfd[1]);
	cs.len += 8;	/* a zeroed header: invalid */
	assert_int_equal(st_cs_run(q, &cs, a, b, NULL), -EINVAL);
	st_assert_reason(NULL);
	assert_null(accel_bo_alloc(ctx, 0, 0));
	st_assert_reason(NULL);

	/* a second queue left with work queued, all freed by the close */
	q = accel_queue_create(ctx, NULL);
	cs.len -= 8;
	assert_int_equal(st_cs_submit(q, &cs, NULL, a, b, NULL), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_no_fd_leak(void **state)
{
	int before, i;

	before = st_count_fds();
	for (i = 0; i < 5; i++)
		cycle();
	assert_int_equal(st_count_fds(), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_fd_leak),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
