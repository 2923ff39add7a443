// SPDX-License-Identifier: MIT
/*
 * The rocket provider on the emulated RK3588 NPU, through the generic API
 * and rocketdv.h: matching the platform device, the device's attributes,
 * memory (the 32-bit size, NPU addresses, mapping with CPU prep/fini,
 * export and import), the one queue, submissions in each form, waits, a
 * busy BO freed, and the refusals with their reasons.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accel/rocketdv.h>

#include "shim_test.h"
#include "shim_rocket.h"

#define PAGE 4096u

/* register commands of the shim's copy task in cmd */
static void write_copy(struct accel_bo *cmd, struct accel_bo *src, uint64_t soff,
		       struct accel_bo *dst, uint64_t doff, uint64_t len)
{
	uint64_t *c = accel_bo_map(cmd);

	assert_non_null(c);
	assert_int_equal(accel_bo_cpu_prep(cmd, ACCEL_ACCESS_WRITE, -1), 0);
	c[0] = SHIM_ROCKET_OP_COPY;
	c[1] = accel_bo_device_addr(src) + soff;
	c[2] = accel_bo_device_addr(dst) + doff;
	c[3] = len;
	assert_int_equal(accel_bo_cpu_fini(cmd), 0);
}

static void test_rocket_device(void **state)
{
	struct accel_context *ctx = shim_open(NULL, "rocket");
	struct accel_device *dev = accel_context_device(ctx);
	struct accel_engine_info e[2];
	struct accel_mem_domain d[2];
	struct accel_device_info info;
	struct accel_device_attr a;

	(void)state;
	assert_string_equal(accel_device_provider(dev), "rocket");
	assert_string_equal(accel_device_bus_id(dev), "rknn");
	assert_int_equal(accel_device_get_info(dev, &info, sizeof(info)), 0);
	assert_string_equal(info.modalias, "platform:rknn");
	assert_int_equal(info.pci_vendor_id, 0);
	assert_int_equal(accel_query_device(ctx, &a, sizeof(a)), 0);
	assert_string_equal(a.driver, "rocket");
	assert_true(a.caps & ACCEL_CAP_CPU_PREP);
	assert_true(a.caps & ACCEL_CAP_DMABUF_EXPORT);
	assert_false(a.caps & ACCEL_CAP_DMABUF_IMPORT);
	assert_true(a.caps & ACCEL_CAP_SUBMIT);
	assert_int_equal(a.max_bo_size, UINT64_C(0xffffffff) & ~(uint64_t)(PAGE - 1));
	assert_int_equal(a.max_queues, 1);
	assert_int_equal(accel_query_mem_domains(ctx, d, 2, sizeof(d[0])), 1);
	assert_false(d[0].flags & ACCEL_DOMAIN_COHERENT);
	assert_true(d[0].flags & ACCEL_DOMAIN_COMMAND);
	assert_int_equal(accel_query_engines(ctx, e, 2, sizeof(e[0])), 1);
	assert_true(e[0].flags & ACCEL_ENGINE_IN_ORDER);
	assert_int_equal(e[0].count, 1);
	shim_close(ctx);
}

static void test_rocket_bo(void **state)
{
	struct accel_context *ctx = shim_open(NULL, "rocket");
	struct accel_bo *a, *b, *imp;
	char *p, *q;
	int fd;

	(void)state;
	/* CREATE_BO takes a __u32 size */
	assert_null(accel_bo_alloc(ctx, UINT64_C(1) << 32, 0));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(accel_last_error(), "32-bit size"));
	a = shim_alloc(ctx, 100);
	b = shim_alloc(ctx, PAGE);
	/* the NPU addresses of the file: the first BO sits at 0 */
	assert_int_equal(accel_bo_device_addr(a), 0);
	assert_int_equal(accel_bo_device_addr(b), PAGE);
	p = accel_bo_map(a);
	assert_non_null(p);
	assert_int_equal(accel_bo_cpu_prep(a, ACCEL_ACCESS_WRITE, 0), 0);
	strcpy(p, "npu");
	assert_int_equal(accel_bo_cpu_fini(a), 0);
	/* export, and import it back: the same object */
	fd = accel_bo_export_dmabuf(a, O_RDWR);
	assert_true(fd >= 0);
	imp = accel_bo_import_dmabuf(ctx, fd);
	assert_non_null(imp);
	q = accel_bo_map(imp);
	assert_non_null(q);
	assert_string_equal(q, "npu");
	close(fd);
	assert_int_equal(accel_bo_free(imp), 0);
	assert_int_equal(accel_bo_free(a), 0);
	assert_int_equal(accel_bo_free(b), 0);
	shim_close(ctx);
}

/* the generic form: cmd_bo's range is one task; data back through a wait */
static void test_rocket_submit_generic(void **state)
{
	struct accel_context *ctx = shim_open(NULL, "rocket");
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = shim_alloc(ctx, PAGE), *src = shim_alloc(ctx, PAGE),
			*dst = shim_alloc(ctx, PAGE);
	struct accel_bo_ref refs[2] = {
		{ src, ACCEL_ACCESS_READ, 0 },
		{ dst, ACCEL_ACCESS_WRITE, 0 },
	};
	struct accel_submit s = { 0 };
	char *sp = accel_bo_map(src), *dp = accel_bo_map(dst);
	uint64_t seq = 0, done = 0;

	(void)state;
	assert_non_null(q);
	/* one queue per context: the file's scheduler entity */
	assert_null(accel_queue_create(ctx, NULL));
	assert_int_equal(errno, EBUSY);
	strcpy(sp, "through the NPU");
	write_copy(cmd, src, 0, dst, 8, 16);
	s.cmd_bo = cmd;
	s.cmd_size = 4 * 8;
	s.bos = refs;
	s.num_bos = 2;
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(accel_wait(q, seq, -1), 0);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 1);
	assert_int_equal(accel_bo_cpu_prep(dst, ACCEL_ACCESS_READ, 0), 0);
	assert_string_equal(dp + 8, "through the NPU");
	assert_int_equal(accel_bo_cpu_fini(dst), 0);

	/* refusals, each with its reason */
	s.cmd_size = 12;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "64-bit register commands"));
	s.cmd_size = 32;
	refs[1].access = ACCEL_ACCESS_READ;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "no out BO"));
	refs[1].slot = 7;
	assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "slot 7"));
	/* a READ BO named ROCKETDV_SLOT_OUT carries the fence */
	refs[1].slot = ROCKETDV_SLOT_OUT;
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(accel_wait(q, seq, -1), 0);

	assert_int_equal(accel_queue_destroy(q), 0);
	accel_bo_free(cmd);
	accel_bo_free(src);
	accel_bo_free(dst);
	shim_close(ctx);
}

/* rocketdv: one job of tasks, and several jobs with their own lists */
static void test_rocket_submit_dv(void **state)
{
	struct accel_context *ctx = shim_open(NULL, "rocket");
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = shim_alloc(ctx, 2 * PAGE), *a = shim_alloc(ctx, PAGE),
			*b = shim_alloc(ctx, PAGE), *c = shim_alloc(ctx, PAGE);
	struct accel_bo_ref refs[4] = {
		{ cmd, ACCEL_ACCESS_READ, 0 },
		{ a, ACCEL_ACCESS_READ, 0 },
		{ b, ACCEL_ACCESS_RW, 0 },
		{ c, ACCEL_ACCESS_WRITE, 0 },
	};
	uint32_t cmd_addr = (uint32_t)accel_bo_device_addr(cmd);
	struct rocketdv_task t1 = { cmd_addr, 4 }, t2 = { cmd_addr + PAGE, 4 };
	uint32_t j1[] = { 0, 1, 2 }, j2[] = { 0, 2, 3 };
	struct rocketdv_job jobs[2] = {
		{ &t1, 1, 3, j1 },
		{ &t2, 1, 3, j2 },
	};
	uint64_t *cp = accel_bo_map(cmd), seq = 0;
	char *ap = accel_bo_map(a), *cpp = accel_bo_map(c);

	(void)state;
	strcpy(ap, "two jobs");
	/* job 1 copies a -> b, job 2 b -> c: in order on the entity */
	cp[0] = SHIM_ROCKET_OP_COPY;
	cp[1] = accel_bo_device_addr(a);
	cp[2] = accel_bo_device_addr(b);
	cp[3] = 9;
	cp[PAGE / 8 + 0] = SHIM_ROCKET_OP_COPY;
	cp[PAGE / 8 + 1] = accel_bo_device_addr(b);
	cp[PAGE / 8 + 2] = accel_bo_device_addr(c);
	cp[PAGE / 8 + 3] = 9;
	assert_int_equal(rocketdv_submit_jobs(q, jobs, 2, refs, 4, &seq), 0);
	assert_int_equal(accel_wait(q, seq, -1), 0);
	assert_int_equal(accel_bo_cpu_prep(c, ACCEL_ACCESS_READ, -1), 0);
	assert_string_equal(cpp, "two jobs");

	/* one job, two tasks */
	memset(cpp, 0, 16);
	{
		struct rocketdv_task t[2] = { t1, t2 };

		assert_int_equal(rocketdv_submit_tasks(q, t, 2, refs, 4, &seq), 0);
		assert_int_equal(accel_wait(q, seq, -1), 0);
		assert_string_equal(cpp, "two jobs");
	}

	/* refusals */
	assert_int_equal(rocketdv_submit_tasks(q, &t1, 0, refs, 4, &seq), -EINVAL);
	t1.regcmd_count = 0;
	assert_int_equal(rocketdv_submit_tasks(q, &t1, 1, refs, 4, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "regcmd_count is 0"));
	t1.regcmd_count = 4;
	j2[2] = 9;
	assert_int_equal(rocketdv_submit_jobs(q, jobs, 2, refs, 4, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "past the 4 bos"));
	j2[2] = 3;
	jobs[1].num_bo_refs = 2;	/* cmd and b: b is RW, an out BO */
	assert_int_equal(rocketdv_submit_jobs(q, jobs, 2, refs, 4, &seq), 0);
	jobs[1].bo_refs = j1;
	jobs[1].num_bo_refs = 2;	/* cmd and a: reads only */
	assert_int_equal(rocketdv_submit_jobs(q, jobs, 2, refs, 4, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "last job has no out BO"));
	assert_int_equal(rocketdv_submit_jobs(q, jobs, 0, refs, 4, &seq), -EINVAL);

	assert_int_equal(accel_queue_destroy(q), 0);
	accel_bo_free(cmd);
	accel_bo_free(a);
	accel_bo_free(b);
	accel_bo_free(c);
	shim_close(ctx);
}

/* PREP_BO's deadline, a busy BO freed, a poll while the NPU holds the job */
static void test_rocket_busy(void **state)
{
	struct accel_context *ctx = shim_open(NULL, "rocket");
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = shim_alloc(ctx, PAGE), *src = shim_alloc(ctx, PAGE),
			*dst = shim_alloc(ctx, PAGE);
	struct accel_bo_ref refs[2] = {
		{ src, ACCEL_ACCESS_READ, 0 },
		{ dst, ACCEL_ACCESS_WRITE, 0 },
	};
	struct accel_submit s = { .cmd_bo = cmd, .cmd_size = 32, .bos = refs, .num_bos = 2 };
	struct accel_job_status st;
	uint64_t seq = 0;

	(void)state;
	write_copy(cmd, src, 0, dst, 0, 8);
	accel_shim_rocket_hold(true);
	assert_int_equal(accel_submit(q, &s, &seq), 0);
	assert_int_equal(accel_wait(q, seq, 0), -ETIMEDOUT);
	assert_int_equal(accel_wait(q, seq, 10000000), -ETIMEDOUT);
	assert_int_equal(accel_bo_cpu_prep(dst, ACCEL_ACCESS_READ, 10000000), -ETIMEDOUT);
	/* the job keeps its BOs: free them now, they go when it retires */
	assert_int_equal(accel_bo_free(dst), 0);
	assert_int_equal(accel_bo_free(src), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
	accel_shim_rocket_hold(false);
	assert_int_equal(accel_wait(q, seq, -1), 0);
	assert_int_equal(accel_job_status(q, seq, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_DONE);
	assert_int_equal(accel_queue_destroy(q), 0);
	shim_close(ctx);
}

/* sync_files: out of a job, of a retired job, and in to another context */
static void test_rocket_sync_files(void **state)
{
	struct accel_context *ctx = shim_open(NULL, "rocket");
	struct accel_context *ctx2 = accel_open_device(accel_context_device(ctx));
	struct accel_queue *q = accel_queue_create(ctx, NULL), *q2;
	struct accel_bo *cmd = shim_alloc(ctx, PAGE), *src = shim_alloc(ctx, PAGE),
			*dst = shim_alloc(ctx, PAGE), *cmd2, *out2;
	struct accel_bo_ref refs[2] = {
		{ src, ACCEL_ACCESS_READ, 0 },
		{ dst, ACCEL_ACCESS_WRITE, 0 },
	};
	struct accel_submit s = { .cmd_bo = cmd, .cmd_size = 32, .bos = refs, .num_bos = 2 };
	struct accel_bo_ref refs2[1];
	struct accel_submit s2 = { .cmd_size = 8, .bos = refs2, .num_bos = 1 };
	struct accel_device_attr a;

	(void)state;
	assert_non_null(ctx2);
	q2 = accel_queue_create(ctx2, NULL);
	assert_non_null(q2);
	assert_int_equal(accel_query_device(ctx, &a, sizeof(a)), 0);
	assert_true(a.caps & ACCEL_CAP_FENCE_EXPORT);
	cmd2 = shim_alloc(ctx2, PAGE);
	out2 = shim_alloc(ctx2, PAGE);
	write_copy(cmd, src, 0, dst, 0, 8);
	refs2[0] = (struct accel_bo_ref){ out2, ACCEL_ACCESS_WRITE, 0 };
	s2.cmd_bo = cmd2;
	accel_shim_rocket_hold(true);
	shim_check_sync_files(q, &s, q2, &s2, accel_shim_rocket_hold);
	assert_int_equal(accel_queue_destroy(q2), 0);
	accel_bo_free(cmd2);
	accel_bo_free(out2);
	assert_int_equal(accel_close_device(ctx2), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	accel_bo_free(cmd);
	accel_bo_free(src);
	accel_bo_free(dst);
	shim_close(ctx);
}

SHIM_TEST_LIST(
	cmocka_unit_test(test_rocket_device),
	cmocka_unit_test(test_rocket_bo),
	cmocka_unit_test(test_rocket_submit_generic),
	cmocka_unit_test(test_rocket_submit_dv),
	cmocka_unit_test(test_rocket_busy),
	cmocka_unit_test(test_rocket_sync_files),
);
