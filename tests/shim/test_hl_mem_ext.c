// SPDX-License-Identifier: MIT
/*
 * Placement and H/W blocks on the emulated Gaudi2: VA hints with and
 * without FORCE_HINT, PREFETCH, MAP_BLOCK and the block's mmap, through
 * hldv.h and at the uAPI level (common/memory.c: map_device_va,
 * map_block, hl_hw_block_mmap; gaudi2_get_hw_block_id, gaudi2_block_mmap).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <accel/hldv.h>
#include <uapi/drm/habanalabs_accel.h>

#include "shim_test.h"

#define CFG_BASE	0x1000007FF8000000ull
#define SM1_OBJS	(CFG_BASE + 0x4300000ull)	/* dcore 1's sync objects */
#define ARC0_ACP	(CFG_BASE + 0x4E8F000ull)

static void test_dv_va_hints(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_bo *a, *b, *c;
	uint64_t va_a, va_b, page, h;
	void *host;

	(void)state;
	a = hldv_bo_alloc_at(ctx, 4096, 0, 0);
	b = hldv_bo_alloc_at(ctx, 4096, 0, HLDV_MEM_PREFETCH);
	assert_non_null(a);
	assert_non_null(b);
	va_a = accel_bo_device_addr(a);
	va_b = accel_bo_device_addr(b);
	assert_true(va_a && va_b && va_a != va_b);
	/*
	 * get_va_block() on Gaudi2: a DRAM hint must have its low 48 bits a
	 * multiple of the (non-power-of-2) DRAM page, and its free block must
	 * reach past it (the block end is inclusive)
	 */
	page = va_b - va_a;
	h = (va_b & ~0xFFFFFFFFFFFFull) | (((va_b & 0xFFFFFFFFFFFFull) / page + 3) * page);
	c = hldv_bo_alloc_at(ctx, 4096, h, HLDV_MEM_FORCE_HINT | HLDV_MEM_CONTIGUOUS);
	assert_non_null(c);
	assert_int_equal(accel_bo_device_addr(c), h);
	assert_int_equal(accel_bo_free(a), 0);
	/* taken: placed elsewhere, or refused with FORCE_HINT */
	a = hldv_bo_alloc_at(ctx, 4096, h, 0);
	assert_non_null(a);
	assert_true(accel_bo_device_addr(a) != h);
	assert_null(hldv_bo_alloc_at(ctx, 4096, h, HLDV_MEM_FORCE_HINT));
	assert_int_equal(errno, ENOMEM);
	/* misaligned: the same */
	assert_null(hldv_bo_alloc_at(ctx, 4096, h + 4096, HLDV_MEM_FORCE_HINT));
	assert_int_equal(errno, ENOMEM);
	assert_null(hldv_bo_alloc_at(ctx, 4096, 0, 0x80));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(accel_bo_free(a), 0);
	assert_int_equal(accel_bo_free(b), 0);
	assert_int_equal(accel_bo_free(c), 0);

	/* host memory at a hint */
	host = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(host != MAP_FAILED);
	a = hldv_bo_from_host_at(ctx, host, 8192, 0, 0);
	assert_non_null(a);
	va_a = accel_bo_device_addr(a);
	assert_int_equal(accel_bo_free(a), 0);
	a = hldv_bo_from_host_at(ctx, host, 8192, va_a + 0x100000, HLDV_MEM_FORCE_HINT);
	assert_non_null(a);
	assert_int_equal(accel_bo_device_addr(a), va_a + 0x100000);
	/* a host BO is never contiguous */
	assert_null(hldv_bo_from_host_at(ctx, host, 8192, 0, HLDV_MEM_CONTIGUOUS));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(accel_bo_free(a), 0);
	munmap(host, 8192);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_dv_export_subrange(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_bo *bo = hldv_bo_alloc_at(ctx, 3 * 4096, 0, 0);
	int fd;

	(void)state;
	assert_non_null(bo);
	fd = hldv_bo_export_dmabuf(bo, 4096, 8192, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(lseek(fd, 0, SEEK_END), 8192);
	close(fd);
	/* not page-aligned, or past the end */
	assert_int_equal(hldv_bo_export_dmabuf(bo, 100, 4096, 0), -EINVAL);
	assert_int_equal(hldv_bo_export_dmabuf(bo, 8192, 8192, 0), -EINVAL);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_dv_map_block(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	uint32_t size = 0, size2 = 0;
	volatile uint32_t *sm, *acp;

	(void)state;
	sm = hldv_map_block(ctx, SM1_OBJS, &size);
	assert_non_null(sm);
	assert_int_equal(size, 0x14000);
	acp = hldv_map_block(ctx, ARC0_ACP, &size2);
	assert_non_null(acp);
	assert_int_equal(size2, 0x1000);
	/* a scheduler ARC's DCCM is twice the others' 32 KiB */
	{
		uint32_t dsize = 0;
		void *dccm = hldv_map_block(ctx, CFG_BASE + 0x4E90000ull, &dsize);

		assert_non_null(dccm);
		assert_int_equal(dsize, 0x10000);
		assert_int_equal(hldv_unmap_block(dccm, dsize), 0);
	}
	sm[3] = 0x1234;
	assert_int_equal(sm[3], 0x1234);
	assert_null(hldv_map_block(ctx, CFG_BASE + 0x1000, &size));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(hldv_unmap_block((void *)acp, size2), 0);
	/* the mapping outlives the context, as a VMA holds the file */
	assert_int_equal(accel_close_device(ctx), 0);
	assert_int_equal(sm[3], 0x1234);
	assert_int_equal(hldv_unmap_block((void *)sm, size), 0);
}

static void test_uapi_map_block(void **state)
{
	int fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);
	union hl_mem_args a = { 0 };
	uint64_t handle;
	void *p;

	(void)state;
	assert_true(fd >= 0);
	a.in.op = HL_MEM_OP_MAP_BLOCK;
	a.in.map_block.block_addr = SM1_OBJS + 4;	/* not a block's start */
	a.out.block_size = 7;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_MEMORY, &a), -EINVAL);
	assert_int_equal(a.out.block_handle, 0);
	assert_int_equal(a.out.block_size, 0);
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_MAP_BLOCK;
	a.in.map_block.block_addr = SM1_OBJS;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_MEMORY, &a), 0);
	handle = a.out.block_handle;
	/* (id | HL_MMAP_TYPE_BLOCK) << PAGE_SHIFT, id 447 */
	assert_int_equal(handle, (447ull | (0x4ull << 47)) << 12);
	/* only the whole block maps */
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)handle);
	assert_true(p == MAP_FAILED && errno == EINVAL);
	p = mmap(NULL, a.out.block_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)handle);
	assert_true(p != MAP_FAILED);
	assert_int_equal(munmap(p, a.out.block_size), 0);
	/* an id past the table */
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)((999ull | (0x4ull << 47)) << 12));
	assert_true(p == MAP_FAILED && errno == EINVAL);
	/* PREFETCH is accepted (and ignored) on a MAP */
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_ALLOC;
	a.in.alloc.mem_size = 4096;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_MEMORY, &a), 0);
	handle = a.out.handle;
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = HL_MEM_PREFETCH;
	a.in.map_device.handle = handle;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_MEMORY, &a), 0);
	close(fd);
}

SHIM_TEST_LIST(cmocka_unit_test(test_dv_va_hints),
	       cmocka_unit_test(test_dv_export_subrange),
	       cmocka_unit_test(test_dv_map_block),
	       cmocka_unit_test(test_uapi_map_block));
