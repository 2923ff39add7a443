// SPDX-License-Identifier: MIT
/*
 * libaccel_verbs' refusals, which need no RDMA device: NULL arguments,
 * unknown flags, a BO that is freed, of a closed context, not a BO at all
 * or the parent's after fork(), a range outside the BO, and the dma-buf
 * and host paths refused by a provider that cannot export (testdrv) or
 * map (testbare). Each fails with its errno and a reason that names the
 * call (assert_null_reason). The registrations themselves need a NIC:
 * rxe in the vm tier (tests/vm/verbs_*.c).
 *
 * No NIC means no real protection domain: a zeroed one stands in where
 * the call must get past the NULL check. Every case here is refused
 * before libibverbs is called, which would crash on it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <accel/accel_verbs.h>

#include "unit.h"

static struct fake_sys fs;
static struct accel_device **list;
static struct accel_context *ctx, *barectx;
static struct ibv_pd no_nic_pd;

static int setup(void **state)
{
	unit_open_testdrv_and_bare(&fs, &list, &ctx, &barectx);
	return 0;
}

static int teardown(void **state)
{
	accel_close_device(ctx);
	accel_close_device(barectx);
	accel_free_device_list(list);
	list = NULL;
	fake_sys_fini(&fs);
	return 0;
}

static void test_reg_null_args(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);

	assert_non_null(bo);
	assert_null_reason(accel_verbs_reg_bo(NULL, bo, 0, 0, 0, 0), EINVAL);
	assert_non_null(strstr(accel_last_error(), "pd"));
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, NULL, 0, 0, 0, 0), EINVAL);
	assert_non_null(strstr(accel_last_error(), "bo"));
	assert_int_equal(accel_bo_free(bo), 0);
}

static void test_reg_bad_flags(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);

	assert_non_null(bo);
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, bo, 0, 0, 0, 1u << 2),
			   EINVAL);
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, bo, 0, 0, 0,
					      ACCEL_VERBS_REG_HOST_FALLBACK | 1u << 31),
			   EINVAL);
	assert_non_null(strstr(accel_last_error(), "0x80000000"));
	assert_int_equal(accel_bo_free(bo), 0);
}

static void test_reg_dead_bo(void **state)
{
	struct accel_bo *freed = accel_bo_alloc(ctx, 4096, 0);
	struct accel_bo *orphan = accel_bo_alloc(barectx, 4096, 0);
	long not_a_bo = 0;

	assert_non_null(freed);
	assert_non_null(orphan);
	assert_int_equal(accel_bo_free(freed), 0);
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, freed, 0, 0, 0, 0), ESTALE);
	/* its context closed: the BO went with it */
	assert_int_equal(accel_close_device(barectx), 0);
	barectx = NULL;
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, orphan, 0, 0, 0,
					      ACCEL_VERBS_REG_HOST_ONLY), ESTALE);
	/* an address is never a handle */
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, (struct accel_bo *)&not_a_bo,
					      0, 0, 0, 0), ESTALE);
}

static void test_reg_parent_bo(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);
	int status;
	pid_t pid;

	assert_non_null(bo);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		/* cmocka's asserts end the child, which the parent then sees */
		assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, bo, 0, 0, 0, 0),
				   ECHILD);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(accel_bo_free(bo), 0);
}

static void test_reg_range(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);

	assert_non_null(bo);
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, bo, 4096, 0, 0, 0), EINVAL);
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, bo, 0, 4097, 0, 0), EINVAL);
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, bo, 4095, 2, 0, 0), EINVAL);
	/* offset + length wraps around: still outside */
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, bo, 1, UINT64_MAX, 0, 0),
			   EINVAL);
	assert_non_null(strstr(accel_last_error(), "4096"));
	assert_int_equal(accel_bo_free(bo), 0);
}

/* testdrv cannot export a dma-buf: no fallback asked, no registration */
static void test_reg_no_dmabuf_no_fallback(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, 0);

	assert_non_null(bo);
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, bo, 0, 0, 0, 0), EOPNOTSUPP);
	/* says which step refused, and what would have helped */
	assert_non_null(strstr(accel_last_error(), "accel_bo_export_dmabuf"));
	assert_non_null(strstr(accel_last_error(), "ACCEL_VERBS_REG_HOST_FALLBACK"));
	assert_int_equal(accel_bo_free(bo), 0);
}

/* testbare can neither export nor map: both host paths end at the map */
static void test_reg_host_unmappable(void **state)
{
	struct accel_bo *bo = accel_bo_alloc(barectx, 4096, 0);

	assert_non_null(bo);
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, bo, 0, 0, 0,
					      ACCEL_VERBS_REG_HOST_ONLY), EOPNOTSUPP);
	assert_non_null(strstr(accel_last_error(), "accel_bo_map"));
	assert_null_reason(accel_verbs_reg_bo(&no_nic_pd, bo, 0, 0, 0,
					      ACCEL_VERBS_REG_HOST_FALLBACK), EOPNOTSUPP);
	assert_non_null(strstr(accel_last_error(), "accel_bo_map"));
	assert_int_equal(accel_bo_free(bo), 0);
}

static void test_dereg_null(void **state)
{
	assert_fail_reason(accel_verbs_dereg_mr(NULL), -EINVAL);
}

static void test_path_str(void **state)
{
	assert_string_equal(accel_verbs_path_str(ACCEL_VERBS_PATH_DMABUF), "dmabuf");
	assert_string_equal(accel_verbs_path_str(ACCEL_VERBS_PATH_HOST), "host");
	assert_string_equal(accel_verbs_path_str(0), "none");
	assert_string_equal(accel_verbs_path_str(UINT32_MAX), "none");
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_reg_null_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_reg_bad_flags, setup, teardown),
	cmocka_unit_test_setup_teardown(test_reg_dead_bo, setup, teardown),
	cmocka_unit_test_setup_teardown(test_reg_parent_bo, setup, teardown),
	cmocka_unit_test_setup_teardown(test_reg_range, setup, teardown),
	cmocka_unit_test_setup_teardown(test_reg_no_dmabuf_no_fallback, setup, teardown),
	cmocka_unit_test_setup_teardown(test_reg_host_unmappable, setup, teardown),
	cmocka_unit_test(test_dereg_null),
	cmocka_unit_test(test_path_str),
};

UNIT_MAIN(tests, unit_env_test_providers)
