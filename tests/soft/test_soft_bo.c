// SPDX-License-Identifier: MIT
/*
 * Description: soft BOs: allocation, flags, sizes, device addresses,
 * mapping, query, and the errors of every BO call on bad input.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "soft_test.h"

static void test_query(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_device_attr attr;
	struct accel_device_info info;
	struct accel_device *dev;

	memset(&attr, 0xff, sizeof(attr));
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.driver, "soft");
	assert_string_equal(attr.provider, "soft");
	assert_true(attr.caps & ACCEL_CAP_SUBMIT);
	assert_true(attr.caps & ACCEL_CAP_HOST_MAP);
	assert_true(attr.caps & ACCEL_CAP_QUEUE_FD);
	assert_true(attr.caps & ACCEL_CAP_DMABUF_IMPORT);
	assert_int_equal(!!(attr.caps & ACCEL_CAP_DMABUF_EXPORT), st_have_export());
	/* what RAM and swap can back, never past the format's limit */
	assert_true(attr.max_bo_size > 0 && attr.max_bo_size <= SOFTDV_MAX_BO_SIZE);
	assert_int_equal(attr.max_bo_size, attr.mem_total);
	assert_int_equal(attr.bo_align, (uint64_t)sysconf(_SC_PAGESIZE));
	assert_int_equal(attr.num_engines, 1);
	assert_true(attr.mem_total > 0);

	dev = accel_context_device(ctx);
	assert_non_null(dev);
	assert_null(accel_device_node(dev));
	st_assert_reason(NULL);
	assert_string_equal(accel_device_driver(dev), "soft");
	assert_string_equal(accel_device_provider(dev), "soft");
	assert_string_equal(accel_device_name(dev), "soft0");
	assert_null(accel_device_bus_id(dev));
	st_assert_reason(NULL);
	assert_int_equal(accel_device_get_info(dev, &info, sizeof(info)), 0);
	assert_true(info.flags & ACCEL_DEVICE_USERSPACE);
	assert_false(info.flags & (ACCEL_DEVICE_UNCLAIMED | ACCEL_DEVICE_NO_ACCESS));
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_alloc_map_free(void **state)
{
	struct accel_context *ctx = st_open_soft();
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	struct accel_bo *bo;
	unsigned char *p, *p2;

	bo = accel_bo_alloc(ctx, 100, ACCEL_BO_HOST_VISIBLE);
	assert_non_null(bo);
	/* sizes are rounded up to the allocation granule */
	assert_int_equal(accel_bo_size(bo), page);
	assert_ptr_equal(accel_bo_context(bo), ctx);
	p = accel_bo_map(bo);
	assert_non_null(p);
	/* new memory is zeroed */
	assert_int_equal(p[0] | p[page - 1], 0);
	memset(p, 0x5a, page);
	/* a second map returns the same mapping */
	p2 = accel_bo_map(bo);
	assert_ptr_equal(p, p2);
	assert_int_equal(accel_bo_unmap(bo), 0);
	/* unmapping twice is an error */
	assert_int_equal(accel_bo_unmap(bo), -EINVAL);
	st_assert_reason(NULL);
	/* the memory survives unmap */
	p = accel_bo_map(bo);
	assert_non_null(p);
	assert_int_equal(p[17], 0x5a);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_flags(void **state)
{
	struct accel_context *ctx = st_open_soft();
	static const uint32_t ok[] = {
		0, ACCEL_BO_HOST_VISIBLE, ACCEL_BO_DEVICE_LOCAL,
		ACCEL_BO_CONTIGUOUS,
		ACCEL_BO_HOST_VISIBLE | ACCEL_BO_DEVICE_LOCAL | ACCEL_BO_CONTIGUOUS,
	};
	struct accel_bo *bo;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		bo = accel_bo_alloc(ctx, 8192, ok[i]);
		assert_non_null(bo);
		assert_non_null(accel_bo_map(bo));
		assert_int_equal(accel_bo_free(bo), 0);
	}
	/* the soft device's memory is CPU-cached: UNCACHED is refused */
	errno = 0;
	assert_null(accel_bo_alloc(ctx, 8192, ACCEL_BO_UNCACHED));
	assert_int_equal(errno, EINVAL);
	st_assert_reason(NULL);
	/* unknown flags */
	errno = 0;
	assert_null(accel_bo_alloc(ctx, 8192, 1u << 31));
	assert_int_equal(errno, EINVAL);
	st_assert_reason(NULL);
	errno = 0;
	assert_null(accel_bo_alloc(ctx, 8192, 1u << 4));
	assert_int_equal(errno, EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_sizes(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_device_attr attr;
	static const uint64_t bad[] = {
		0, SOFTDV_MAX_BO_SIZE + 1, UINT64_MAX, UINT64_MAX - 4095,
		1ull << 62, (1ull << 62) + 1,
	};
	struct accel_bo *bo;
	void *probe;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		assert_null(accel_bo_alloc(ctx, bad[i], 0));
		assert_int_equal(errno, EINVAL);
		st_assert_reason(NULL);
	}
	/*
	 * The largest BO: a sparse memfd, no memory is touched. Where the
	 * process cannot map that much at all (ThreadSanitizer, valgrind),
	 * the provider must say ENOMEM.
	 */
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	probe = mmap(NULL, attr.max_bo_size, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (probe != MAP_FAILED)
		munmap(probe, attr.max_bo_size);
	errno = 0;
	bo = accel_bo_alloc(ctx, attr.max_bo_size, 0);
	if (probe == MAP_FAILED) {
		assert_null(bo);
		assert_int_equal(errno, ENOMEM);
		st_assert_reason(NULL);
	} else {
		assert_non_null(bo);
		assert_int_equal(accel_bo_size(bo), attr.max_bo_size);
		assert_int_equal(accel_bo_free(bo), 0);
	}
	/* 1 GiB */
	bo = accel_bo_alloc(ctx, 1ull << 30, 0);
	assert_non_null(bo);
	assert_int_equal(accel_bo_size(bo), 1ull << 30);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_device_addresses(void **state)
{
	struct accel_context *ctx = st_open_soft(), *ctx2 = st_open_soft();
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	struct accel_bo *bo[16], *other;
	uint64_t a, b, reused;
	int i, j;

	for (i = 0; i < 16; i++) {
		bo[i] = accel_bo_alloc(ctx, (uint64_t)(i + 1) * 3000, 0);
		assert_non_null(bo[i]);
		a = accel_bo_device_addr(bo[i]);
		assert_int_not_equal(a, 0);
		assert_int_equal(a % page, 0);
	}
	/* no two BOs overlap, and none touches another (guard page) */
	for (i = 0; i < 16; i++) {
		for (j = 0; j < 16; j++) {
			if (i == j)
				continue;
			a = accel_bo_device_addr(bo[i]);
			b = accel_bo_device_addr(bo[j]);
			assert_true(a + accel_bo_size(bo[i]) < b ||
				    b + accel_bo_size(bo[j]) < a);
		}
	}
	/* a freed range is reused for a BO that fits */
	reused = accel_bo_device_addr(bo[3]);
	assert_int_equal(accel_bo_free(bo[3]), 0);
	bo[3] = accel_bo_alloc(ctx, 4096, 0);
	assert_int_equal(accel_bo_device_addr(bo[3]), reused);

	/* each context has its own address space */
	other = accel_bo_alloc(ctx2, 4096, 0);
	assert_non_null(other);
	assert_int_not_equal(accel_bo_device_addr(other), 0);

	assert_int_equal(accel_close_device(ctx), 0);
	assert_int_equal(accel_close_device(ctx2), 0);
}

static void test_bad_objects(void **state)
{
	struct accel_context *ctx = st_open_soft(), *ctx2 = st_open_soft();
	struct accel_bo *bo, *freed;
	struct accel_submit cs_closed = { 0 };
	struct st_cs cs;
	struct accel_queue *q;

	/* NULL */
	errno = 0;
	assert_null(accel_bo_alloc(NULL, 4096, 0));
	assert_int_equal(errno, EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_bo_free(NULL), -EINVAL);
	st_assert_reason(NULL);
	assert_null(accel_bo_map(NULL));
	st_assert_reason(NULL);
	assert_int_equal(accel_bo_unmap(NULL), -EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_bo_export_dmabuf(NULL, O_CLOEXEC), -EINVAL);
	st_assert_reason(NULL);
	assert_null(accel_bo_import_dmabuf(NULL, 0));
	st_assert_reason(NULL);

	/* a BO of another context in a submit */
	q = accel_queue_create(ctx, NULL);
	assert_non_null(q);
	st_cs_init(&cs, ctx);
	bo = accel_bo_alloc(ctx2, 4096, 0);
	assert_non_null(bo);
	cs.len += softdv_emit_nop(cs.p);
	assert_int_equal(st_cs_submit(q, &cs, NULL, bo, NULL), -EXDEV);
	st_assert_reason(NULL);

	/*
	 * A freed BO. Nothing is allocated between the free and the calls:
	 * a later allocation may be given the same address.
	 */
	freed = accel_bo_alloc(ctx, 4096, 0);
	assert_non_null(freed);
	assert_int_equal(accel_bo_free(freed), 0);
	assert_int_equal(accel_bo_free(freed), -ESTALE);
	st_assert_reason(NULL);
	errno = 0;
	assert_null(accel_bo_map(freed));
	assert_int_equal(errno, ESTALE);
	st_assert_reason(NULL);
	assert_int_equal(accel_bo_unmap(freed), -ESTALE);
	st_assert_reason(NULL);
	assert_int_equal(accel_bo_export_dmabuf(freed, O_CLOEXEC), -ESTALE);
	st_assert_reason(NULL);
	assert_int_equal(st_cs_submit(q, &cs, NULL, freed, NULL), -ESTALE);
	st_assert_reason(NULL);

	/* a command buffer of the other context */
	{
		struct st_cs cs2;

		st_cs_init(&cs2, ctx2);
		cs2.len += softdv_emit_nop(cs2.p);
		assert_int_equal(st_cs_submit(q, &cs2, NULL, NULL), -EXDEV);
		st_assert_reason(NULL);
	}

	/* bad export flags */
	assert_int_equal(accel_bo_export_dmabuf(cs.bo, O_APPEND), -EINVAL);
	st_assert_reason(NULL);
	assert_int_equal(accel_bo_export_dmabuf(cs.bo, 0x80000000u), -EINVAL);
	st_assert_reason(NULL);
	cs_closed.cmd_bo = cs.bo;
	cs_closed.cmd_size = cs.len;

	assert_int_equal(accel_close_device(ctx), 0);
	assert_int_equal(accel_close_device(ctx2), 0);
	/* everything of a closed context is gone */
	assert_int_equal(accel_bo_free(bo), -ESTALE);
	st_assert_reason(NULL);
	assert_int_equal(accel_close_device(ctx), -ESTALE);
	st_assert_reason(NULL);
	errno = 0;
	assert_null(accel_bo_alloc(ctx, 4096, 0));
	assert_int_equal(errno, ESTALE);
	st_assert_reason(NULL);
	errno = 0;
	assert_null(accel_queue_create(ctx, NULL));
	assert_int_equal(errno, ESTALE);
	st_assert_reason(NULL);
	errno = 0;
	assert_null(accel_bo_import_dmabuf(ctx, 0));
	assert_int_equal(errno, ESTALE);
	st_assert_reason(NULL);
	assert_int_equal(accel_submit(q, &cs_closed, NULL), -ESTALE);
	st_assert_reason(NULL);
}

/* A BO's memory is the device's: the CPU sees what a queue wrote */
static void test_map_sees_device(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	uint64_t *v;
	struct accel_bo *bo = st_alloc_mapped(ctx, 4096, (void **)&v);
	struct st_cs cs;

	st_cs_init(&cs, ctx);
	cs.len += softdv_emit_write_value(cs.p, accel_bo_device_addr(bo) + 8,
					  0x1122334455667788ull);
	assert_int_equal(st_cs_run(q, &cs, bo, NULL), 0);
	assert_int_equal(v[1], 0x1122334455667788ull);
	/* and after an unmap and map again */
	assert_int_equal(accel_bo_unmap(bo), 0);
	v = accel_bo_map(bo);
	assert_int_equal(v[1], 0x1122334455667788ull);
	assert_int_equal(accel_close_device(ctx), 0);
}

/*
 * Small BOs are ranges of shared memfds (soft_pool.c): more of them than
 * the process may have fds, each its own zeroed memory, seen alike by the
 * CPU, the device and an exported dma-buf.
 */
static void test_pooled(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	const unsigned int n = 512;
	struct accel_bo **bos = calloc(n, sizeof(*bos));
	unsigned char *pa, *pb, *pc, *pd;
	struct accel_bo *a, *b, *c, *d;
	struct rlimit old, low;
	unsigned int i;
	struct st_cs cs;
	int fds, fd;

	(void)state;
	assert_non_null(bos);
	/* twice as many BOs as the fd limit allows fds */
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	low = old;
	low.rlim_cur = n / 2;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	fds = st_count_fds();
	for (i = 0; i < n; i++) {
		bos[i] = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
		assert_non_null(bos[i]);
	}
	assert_true(st_count_fds() <= fds + 2);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(accel_bo_free(bos[i]), 0);
	free(bos);

	/* a range given back reads zeros in the next BO */
	a = st_alloc_mapped(ctx, 8192, (void **)&pa);
	memset(pa, 0xab, 8192);
	assert_int_equal(accel_bo_free(a), 0);
	a = st_alloc_mapped(ctx, 8192, (void **)&pa);
	for (i = 0; i < 8192; i++)
		assert_int_equal(pa[i], 0);

	/* neighbours do not alias: the device copies a to c, b stays */
	b = st_alloc_mapped(ctx, 4096, (void **)&pb);
	c = st_alloc_mapped(ctx, 8192, (void **)&pc);
	memset(pa, 0x11, 8192);
	memset(pb, 0x22, 4096);
	memset(pc, 0x33, 8192);
	st_cs_init(&cs, ctx);
	cs.len += softdv_emit_copy(cs.p, accel_bo_device_addr(c),
				   accel_bo_device_addr(a), 8192);
	assert_int_equal(st_cs_run(q, &cs, a, c, NULL), 0);
	assert_int_equal(pc[0], 0x11);
	assert_int_equal(pc[8191], 0x11);
	assert_int_equal(pb[0], 0x22);
	assert_int_equal(pb[4095], 0x22);

	/* an export is the BO's range of the shared memfd, not its start */
	fd = accel_bo_export_dmabuf(b, O_RDWR | O_CLOEXEC);
	if (st_have_export()) {
		assert_true(fd >= 0);
		pd = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		assert_true(pd != MAP_FAILED);
		assert_int_equal(pd[0], 0x22);
		pd[1] = 0x44;
		assert_int_equal(pb[1], 0x44);
		munmap(pd, 4096);
		d = accel_bo_import_dmabuf(ctx, fd);
		assert_non_null(d);
		assert_int_equal(accel_bo_size(d), 4096);
		assert_int_equal(accel_bo_free(d), 0);
		close(fd);
	} else {
		assert_int_equal(fd, -EOPNOTSUPP);
		st_assert_reason("udmabuf");
	}
	st_cs_fini(&cs);
	assert_int_equal(accel_close_device(ctx), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_alloc_map_free),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_device_addresses),
		cmocka_unit_test(test_bad_objects),
		cmocka_unit_test(test_map_sees_device),
		cmocka_unit_test(test_pooled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
