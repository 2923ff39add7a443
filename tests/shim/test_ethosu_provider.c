// SPDX-License-Identifier: MIT
/*
 * The ethosu provider on the emulated Ethos-U65 (accel0) and Ethos-U85
 * (accel1), through the generic API and ethosudv.h: matching by the
 * device tree, the NPU info as attributes and through ethosudv, the
 * memory domains, command streams from data, submissions with region
 * slots and SRAM, waits on output regions, and the refusals' reasons.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accel/ethosudv.h>

#include "shim_test.h"
#include "shim_ethosu.h"
#include "ethosu_stream.h"

#define PAGE 4096u

static void test_ethosu_device(void **state)
{
	struct accel_context *ctx = shim_open("accel0", "ethosu");
	struct accel_device *dev = accel_context_device(ctx);
	struct ethosudv_npu_info npu;
	struct accel_mem_domain d[4];
	struct accel_engine_info e;
	struct accel_device_info info;
	struct accel_device_attr a;

	(void)state;
	assert_string_equal(accel_device_provider(dev), "ethosu");
	assert_string_equal(accel_device_driver(dev), "ethosu");
	assert_string_equal(accel_device_bus_id(dev), "4a900000.npu");
	assert_int_equal(accel_device_get_info(dev, &info, sizeof(info)), 0);
	assert_string_equal(info.modalias, "of:NnpuT(null)Carm,ethos-u65");
	assert_int_equal(accel_query_device(ctx, &a, sizeof(a)), 0);
	assert_non_null(strstr(a.card_name, "Ethos-U65"));
	assert_int_equal(a.mem_total, 256 << 10);
	assert_false(a.caps & ACCEL_CAP_DMABUF_IMPORT);
	assert_false(a.caps & ACCEL_CAP_CPU_PREP);
	assert_int_equal(a.max_queues, 1);
	assert_int_equal(accel_query_mem_domains(ctx, d, 4, sizeof(d[0])), 4);
	assert_string_equal(d[0].name, "cma");
	assert_true(d[0].flags & ACCEL_DOMAIN_CONTIGUOUS);
	assert_true(d[1].flags & ACCEL_DOMAIN_INIT_ONLY);
	assert_false(d[1].flags & ACCEL_DOMAIN_HOST_VISIBLE);
	assert_int_equal(d[2].total, 256 << 10);
	assert_string_equal(d[3].name, "cma-nomap");
	assert_int_equal(d[3].id, ETHOSUDV_DOMAIN_CMA_NOMAP);
	assert_false(d[3].flags & ACCEL_DOMAIN_HOST_VISIBLE);
	assert_int_equal(accel_query_engines(ctx, &e, 1, sizeof(e)), 1);
	assert_int_equal(e.max_bos, 8);
	assert_int_equal(ethosudv_query_npu_info(ctx, &npu, sizeof(npu)), 0);
	assert_int_equal(ETHOSUDV_ARCH_MAJOR(npu.id), 1);
	assert_int_equal(ETHOSUDV_VERSION_MAJOR(npu.id), 1);
	assert_int_equal(ETHOSUDV_CONFIG_MACS_PER_CC(npu.config), 256);
	assert_int_equal(npu.sram_size, 256 << 10);
	assert_int_equal(ethosudv_query_npu_info(ctx, NULL, sizeof(npu)), -EINVAL);
	shim_close(ctx);
}

static void test_ethosu_cmdstream_alloc(void **state)
{
	struct accel_context *ctx = shim_open("accel0", "ethosu");
	struct eu_stream s = { .n = 0 };
	struct accel_bo_alloc_args a = { 0 };
	struct accel_bo *cmd;
	uint32_t size;

	(void)state;
	eu_dma(&s, 0, 0, 1, 0, 16);
	size = eu_stop(&s);
	cmd = ethosudv_cmdstream_alloc(ctx, s.w, size);
	assert_non_null(cmd);
	/* NO_MMAP: the provider says so before the kernel would */
	assert_null(accel_bo_map(cmd));
	assert_non_null(strstr(accel_last_error(), "NO_MMAP"));
	assert_int_equal(accel_bo_free(cmd), 0);
	/* the generic form: usage COMMAND picks the cmdstream domain */
	a.comp_mask = ACCEL_BO_ALLOC_INIT;
	a.usage = ACCEL_BO_USAGE_COMMAND;
	a.size = size;
	a.init_data = s.w;
	a.init_size = size;
	cmd = accel_bo_alloc_ex(ctx, &a, sizeof(a));
	assert_non_null(cmd);
	assert_int_equal(accel_bo_free(cmd), 0);
	/* refusals with reasons */
	a.comp_mask = 0;
	assert_null(accel_bo_alloc_ex(ctx, &a, sizeof(a)));
	assert_non_null(strstr(accel_last_error(), "made from data"));
	a.comp_mask = ACCEL_BO_ALLOC_INIT;
	a.init_size = size - 4;	/* no STOP */
	assert_null(accel_bo_alloc_ex(ctx, &a, sizeof(a)));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(accel_last_error(), "does not end with STOP"));
	s.n = 0;
	eu_cmd(&s, EU_SET_DMA0_SRC_REGION, 0);
	eu_cmd(&s, EU_SET_DMA0_DST_REGION, 1);
	eu_cmd(&s, EU_OP_DMA_START, 0);	/* no length: the kernel refuses */
	size = eu_stop(&s);
	assert_null(ethosudv_cmdstream_alloc(ctx, s.w, size));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(accel_last_error(), "validator"));
	a.comp_mask = ACCEL_BO_ALLOC_DOMAIN;
	a.domain = ETHOSUDV_DOMAIN_SRAM;
	a.usage = ACCEL_BO_USAGE_DATA;
	assert_null(accel_bo_alloc_ex(ctx, &a, sizeof(a)));
	assert_non_null(strstr(accel_last_error(), "SRAM is not allocated"));
	shim_close(ctx);
}

/* the same generic program as elsewhere: alloc, map, submit, wait, read */
static void test_ethosu_submit_generic(void **state)
{
	struct accel_context *ctx = shim_open("accel1", "ethosu");
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *src = shim_alloc(ctx, PAGE), *dst = shim_alloc(ctx, PAGE), *cmd;
	struct accel_bo_ref refs[2] = {
		{ src, ACCEL_ACCESS_READ, 0 },
		{ dst, ACCEL_ACCESS_WRITE, 5 },
	};
	struct eu_stream s = { .n = 0 };
	struct accel_submit sub = { 0 };
	char *sp = accel_bo_map(src), *dp = accel_bo_map(dst);
	uint64_t seq = 0;
	uint32_t size;
	int fd;

	(void)state;
	assert_non_null(q);
	assert_null(accel_queue_create(ctx, NULL));
	assert_int_equal(errno, EBUSY);
	strcpy(sp, "ethos generic");
	eu_dma(&s, 0, 0, 5, 64, 14);
	size = eu_stop(&s);
	cmd = ethosudv_cmdstream_alloc(ctx, s.w, size);
	assert_non_null(cmd);
	sub.cmd_bo = cmd;
	sub.cmd_size = size;
	sub.bos = refs;
	sub.num_bos = 2;
	assert_int_equal(accel_submit(q, &sub, &seq), 0);
	assert_int_equal(accel_wait(q, seq, -1), 0);
	assert_int_equal(accel_bo_cpu_prep(dst, ACCEL_ACCESS_READ, 0), 0);
	assert_string_equal(dp + 64, "ethos generic");
	assert_int_equal(accel_bo_cpu_fini(dst), 0);
	/* export works; the kernel takes its own object back */
	fd = accel_bo_export_dmabuf(dst, O_RDWR);
	assert_true(fd >= 0);
	close(fd);

	/* refusals */
	refs[1].slot = 6;	/* the output region has no BO */
	assert_int_equal(accel_submit(q, &sub, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "nothing to wait on"));
	refs[1].slot = 0;
	assert_int_equal(accel_submit(q, &sub, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "bound twice"));
	refs[1] = refs[0];
	refs[1].slot = 5;
	assert_int_equal(accel_submit(q, &sub, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "one BO, one region"));
	refs[1].bo = dst;
	refs[1].slot = 8;
	assert_int_equal(accel_submit(q, &sub, &seq), -EINVAL);
	refs[1].slot = 5;
	sub.cmd_bo = src;
	assert_int_equal(accel_submit(q, &sub, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "command stream BO"));
	sub.cmd_bo = cmd;
	/* a BO bound to a region the stream does not use: the kernel */
	{
		struct accel_bo *extra = shim_alloc(ctx, PAGE);
		struct accel_bo_ref r3[3] = { refs[0], refs[1],
					      { extra, ACCEL_ACCESS_READ, 3 } };

		sub.bos = r3;
		sub.num_bos = 3;
		assert_int_equal(accel_submit(q, &sub, &seq), -EINVAL);
		assert_non_null(strstr(accel_last_error(), "refused"));
		sub.bos = refs;
		sub.num_bos = 2;
		accel_bo_free(extra);
	}

	assert_int_equal(accel_queue_destroy(q), 0);
	accel_bo_free(cmd);
	accel_bo_free(src);
	accel_bo_free(dst);
	shim_close(ctx);
}

/* ethosudv_submit with SRAM; a busy BO freed; a wait past its deadline */
static void test_ethosu_submit_sram_busy(void **state)
{
	struct accel_context *ctx = shim_open("accel0", "ethosu");
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *a = shim_alloc(ctx, PAGE), *b = shim_alloc(ctx, PAGE), *cmd;
	struct accel_bo *regions[ETHOSUDV_MAX_REGIONS] = { NULL };
	struct eu_stream s = { .n = 0 };
	char *pa = accel_bo_map(a), *pb = accel_bo_map(b);
	uint64_t seq = 0;
	uint32_t size;

	(void)state;
	strcpy(pa, "sram hop");
	eu_dma(&s, 1, 0, 2, 100, 9);
	eu_dma(&s, 2, 100, 4, 8, 9);
	size = eu_stop(&s);
	cmd = ethosudv_cmdstream_alloc(ctx, s.w, size);
	assert_non_null(cmd);
	regions[1] = a;
	regions[4] = b;
	/* more SRAM than the NPU has; region 2 with SRAM */
	assert_int_equal(ethosudv_submit(q, cmd, regions, 1 << 20, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "bytes of SRAM"));
	regions[2] = b;
	assert_int_equal(ethosudv_submit(q, cmd, regions, 4096, &seq), -EINVAL);
	regions[2] = NULL;
	accel_shim_ethosu_hold(true);
	assert_int_equal(ethosudv_submit(q, cmd, regions, 4096, &seq), 0);
	assert_int_equal(accel_wait(q, seq, 0), -ETIMEDOUT);
	assert_int_equal(accel_wait(q, seq, 5000000), -ETIMEDOUT);
	/* freeing busy BOs: they stay until the job retires */
	assert_int_equal(accel_bo_free(a), 0);
	assert_int_equal(accel_bo_free(cmd), 0);
	accel_shim_ethosu_hold(false);
	assert_int_equal(accel_wait(q, seq, -1), 0);
	assert_string_equal(pb + 8, "sram hop");
	assert_int_equal(accel_queue_destroy(q), 0);
	accel_bo_free(b);
	shim_close(ctx);
}

/* sync_files: out of a job, and in to the other NPU's job */
static void test_ethosu_sync_files(void **state)
{
	struct accel_context *ctx = shim_open("accel0", "ethosu");
	struct accel_context *ctx1;
	struct accel_queue *q = accel_queue_create(ctx, NULL), *q1;
	struct accel_bo *a = shim_alloc(ctx, PAGE), *b = shim_alloc(ctx, PAGE);
	struct accel_bo *cmd, *c, *d, *cmd1;
	struct accel_bo_ref refs[2] = {
		{ a, ACCEL_ACCESS_READ, 0 },
		{ b, ACCEL_ACCESS_WRITE, 1 },
	};
	struct accel_bo_ref refs1[2] = {
		{ NULL, ACCEL_ACCESS_READ, 0 },
		{ NULL, ACCEL_ACCESS_WRITE, 1 },
	};
	struct eu_stream st = { .n = 0 };
	struct accel_submit s = { .bos = refs, .num_bos = 2 };
	struct accel_submit s1 = { .bos = refs1, .num_bos = 2 };
	uint32_t size;

	(void)state;
	ctx1 = accel_open_device(shim_device("accel1", "ethosu"));
	assert_non_null(ctx1);
	q1 = accel_queue_create(ctx1, NULL);
	eu_dma(&st, 0, 0, 1, 0, 16);
	size = eu_stop(&st);
	cmd = ethosudv_cmdstream_alloc(ctx, st.w, size);
	cmd1 = ethosudv_cmdstream_alloc(ctx1, st.w, size);
	assert_non_null(cmd);
	assert_non_null(cmd1);
	c = shim_alloc(ctx1, PAGE);
	d = shim_alloc(ctx1, PAGE);
	refs1[0].bo = c;
	refs1[1].bo = d;
	s.cmd_bo = cmd;
	s.cmd_size = size;
	s1.cmd_bo = cmd1;
	s1.cmd_size = size;
	/* the U85's job waits for the U65's in the kernel */
	accel_shim_ethosu_hold(true);
	shim_check_sync_files(q, &s, q1, &s1, accel_shim_ethosu_hold);
	assert_int_equal(accel_queue_destroy(q1), 0);
	accel_bo_free(cmd1);
	accel_bo_free(c);
	accel_bo_free(d);
	assert_int_equal(accel_close_device(ctx1), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	accel_bo_free(cmd);
	accel_bo_free(a);
	accel_bo_free(b);
	shim_close(ctx);
}

/* the cma-nomap domain: BO_CREATE with NO_MMAP, refused by mmap */
static void test_ethosu_nomap(void **state)
{
	struct accel_context *ctx = shim_open("accel1", "ethosu");
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *src = shim_alloc(ctx, PAGE), *dst = shim_alloc(ctx, PAGE), *cmd, *nm;
	struct accel_bo *regions[ETHOSUDV_MAX_REGIONS] = { NULL };
	struct accel_bo_alloc_args a = { 0 };
	struct eu_stream s = { .n = 0 };
	char *sp = accel_bo_map(src), *dp = accel_bo_map(dst);
	uint64_t seq = 0;
	uint32_t size;
	int fd;

	(void)state;
	a.comp_mask = ACCEL_BO_ALLOC_DOMAIN;
	a.domain = ETHOSUDV_DOMAIN_CMA_NOMAP;
	a.size = PAGE;
	a.flags = ACCEL_BO_HOST_VISIBLE;
	assert_null(accel_bo_alloc_ex(ctx, &a, sizeof(a)));
	assert_non_null(strstr(accel_last_error(), "not host visible"));
	a.flags = 0;
	nm = accel_bo_alloc_ex(ctx, &a, sizeof(a));
	assert_non_null(nm);
	/* the kernel's answer (ethosu_gem_mmap(): EINVAL) with a reason */
	assert_null(accel_bo_map(nm));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(accel_last_error(), "NO_MMAP"));
	fd = accel_bo_export_dmabuf(nm, O_RDWR);
	assert_true(fd >= 0);
	close(fd);
	/* a region: src -> nm (region 3) -> dst */
	strcpy(sp, "through nomap");
	eu_dma(&s, 0, 0, 3, 0, 14);
	eu_dma(&s, 3, 0, 5, 32, 14);
	size = eu_stop(&s);
	cmd = ethosudv_cmdstream_alloc(ctx, s.w, size);
	assert_non_null(cmd);
	regions[0] = src;
	regions[3] = nm;
	regions[5] = dst;
	assert_int_equal(ethosudv_submit(q, cmd, regions, 0, &seq), 0);
	assert_int_equal(accel_wait(q, seq, -1), 0);
	assert_string_equal(dp + 32, "through nomap");
	assert_int_equal(accel_queue_destroy(q), 0);
	accel_bo_free(cmd);
	accel_bo_free(nm);
	accel_bo_free(src);
	accel_bo_free(dst);
	shim_close(ctx);
}

/* two jobs in one SUBMIT: A -> B, then B -> C */
static void test_ethosu_submit_jobs(void **state)
{
	struct accel_context *ctx = shim_open("accel0", "ethosu");
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *A = shim_alloc(ctx, PAGE), *B = shim_alloc(ctx, PAGE), *C = shim_alloc(ctx, PAGE);
	struct accel_bo *c1, *c2;
	struct ethosudv_job jobs[2];
	struct ethosudv_submit_jobs x = { 0 };
	struct accel_bo_ref refs[4];
	struct accel_submit sub = { 0 };
	struct eu_stream s = { .n = 0 };
	char *pa = accel_bo_map(A), *pc = accel_bo_map(C);
	uint64_t seq = 0;
	uint32_t size;

	(void)state;
	assert_non_null(q);
	strcpy(pa, "two jobs");
	eu_dma(&s, 0, 0, 1, 16, 9);
	size = eu_stop(&s);
	c1 = ethosudv_cmdstream_alloc(ctx, s.w, size);
	s.n = 0;
	eu_dma(&s, 1, 16, 4, 48, 9);
	size = eu_stop(&s);
	c2 = ethosudv_cmdstream_alloc(ctx, s.w, size);
	assert_non_null(c1);
	assert_non_null(c2);
	memset(jobs, 0, sizeof(jobs));
	jobs[0].cmdstream = c1;
	jobs[0].regions[0] = A;
	jobs[0].regions[1] = B;
	jobs[1].cmdstream = c2;
	jobs[1].regions[1] = B;
	jobs[1].regions[4] = C;
	accel_shim_ethosu_hold(true);
	assert_int_equal(ethosudv_submit_jobs(q, jobs, 2, &seq), 0);
	assert_int_equal(accel_wait(q, seq, 0), -ETIMEDOUT);
	accel_shim_ethosu_hold(false);
	assert_int_equal(accel_wait(q, seq, -1), 0);
	assert_string_equal(pc + 48, "two jobs");

	/* the generic form: a BO of a job missing from bos is refused */
	refs[0] = (struct accel_bo_ref){ A, ACCEL_ACCESS_READ, 0 };
	refs[1] = (struct accel_bo_ref){ B, ACCEL_ACCESS_RW, 0 };
	refs[2] = (struct accel_bo_ref){ c2, ACCEL_ACCESS_READ, 0 };
	refs[3] = (struct accel_bo_ref){ C, ACCEL_ACCESS_WRITE, 0 };
	x.ext.type = ETHOSUDV_SUBMIT_EXT_JOBS;
	x.ext.size = sizeof(x);
	x.jobs = jobs;
	x.num_jobs = 2;
	sub.cmd_bo = c1;
	sub.cmd_size = accel_bo_size(c1);
	sub.bos = refs;
	sub.num_bos = 3;
	sub.ext = &x.ext;
	assert_int_equal(accel_submit(q, &sub, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "not in the submit's bos"));
	sub.num_bos = 4;
	memset(pc, 0, PAGE);
	assert_int_equal(accel_submit(q, &sub, &seq), 0);
	assert_int_equal(accel_wait(q, seq, -1), 0);
	assert_string_equal(pc + 48, "two jobs");
	sub.cmd_bo = NULL;
	sub.cmd_size = 0;
	assert_int_equal(accel_submit(q, &sub, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "command stream must be"));
	refs[1].slot = 1;
	assert_int_equal(accel_submit(q, &sub, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "slot 0"));
	x.num_jobs = 0;
	assert_int_equal(accel_submit(q, &sub, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "no jobs"));

	assert_int_equal(accel_queue_destroy(q), 0);
	accel_bo_free(c1);
	accel_bo_free(c2);
	accel_bo_free(A);
	accel_bo_free(B);
	accel_bo_free(C);
	shim_close(ctx);
}

SHIM_TEST_LIST(
	cmocka_unit_test(test_ethosu_device),
	cmocka_unit_test(test_ethosu_cmdstream_alloc),
	cmocka_unit_test(test_ethosu_submit_generic),
	cmocka_unit_test(test_ethosu_submit_sram_busy),
	cmocka_unit_test(test_ethosu_sync_files),
	cmocka_unit_test(test_ethosu_nomap),
	cmocka_unit_test(test_ethosu_submit_jobs),
);
