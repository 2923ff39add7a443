// SPDX-License-Identifier: MIT
/*
 * ivpu emulation: BOs, after drivers/accel/ivpu/{ivpu_gem.c,
 * ivpu_gem_userptr.c} of Linux 7.2.
 *
 * BO_CREATE (flags, size, cache mode), BO_CREATE_FROM_USERPTR (flags,
 * alignment, every page pinnable, writable unless READ_ONLY), BO_INFO
 * (ENOENT for an unknown handle) and mmap of a BO through its fake
 * offset. Addresses come from the range the flags pick (ivpu_gem_bo_open:
 * SHAVE first, then DMA, else user), 64 KiB aligned from 64 KiB up
 * (ivpu_mmu_context_insert_node), ENOSPC when the range is used up.
 *
 * The handle table here is an interim one, driver-private: GEM_CLOSE,
 * PRIME and dma-buf emulation belong to the shared GEM core
 * (core/shim_gem.c), which this backend moves onto once it lands; until
 * then handles live as long as the file, and mmap of a userptr BO aborts
 * as not emulated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "shim_ivpu.h"

#define IVPU_MMU_CONT_PAGES_SIZE (64ull << 10)

struct ivpu_sbo *ivpu_sbo_lookup(struct ivpu_ctx *ctx, uint32_t handle)
{
	struct ivpu_sbo *bo;

	for (bo = ctx->bos; bo; bo = bo->next)
		if (bo->handle == handle && !bo->closed)
			return bo;
	return NULL;
}

/* ivpu_mmu_context_insert_node() in the range the flags name */
static int alloc_va(struct ivpu_ctx *ctx, uint32_t flags, uint64_t size, uint64_t *va)
{
	const struct ivpu_model *m = ctx->m;
	uint64_t *next, start, end, align;

	if (flags & DRM_IVPU_BO_SHAVE_MEM) {
		next = &ctx->next_shave_va;
		start = m->shave_start;
		end = m->shave_start + m->shave_size;
	} else if (flags & DRM_IVPU_BO_DMA_MEM) {
		next = &ctx->next_dma_va;
		start = m->dma_start;
		end = m->dma_start + m->dma_size;
	} else {
		next = &ctx->next_user_va;
		start = m->user_start;
		end = m->user_start + m->user_size;
	}
	/* the DMA range is the user range on 40xx: one cursor for both */
	if (m->dma_start == m->user_start)
		next = &ctx->next_user_va;
	(void)start;
	align = size >= IVPU_MMU_CONT_PAGES_SIZE ? IVPU_MMU_CONT_PAGES_SIZE : SHIM_PAGE_SIZE;
	*va = ivpu_align(*next, align);
	if (*va + size > end || *va + size < *va)
		return -ENOSPC;
	*next = *va + size;
	return 0;
}

static int new_bo(struct ivpu_ctx *ctx, uint64_t size, uint32_t flags, bool userptr,
		  struct ivpu_sbo **out)
{
	struct ivpu_sbo *bo;
	int ret;

	bo = calloc(1, sizeof(*bo));
	if (!bo)
		return -ENOMEM;
	bo->memfd = -1;
	if (!userptr) {
		/* drm_gem_shmem_create(): shmem pages, and an mmap offset */
		bo->memfd = memfd_create("ivpu-bo", MFD_CLOEXEC);
		if (bo->memfd < 0 || ftruncate(bo->memfd, (off_t)size)) {
			ret = -ENOMEM;
			goto err;
		}
	}
	ret = alloc_va(ctx, flags, size, &bo->vpu_addr);
	if (ret)
		goto err;
	/* every shmem object gets an offset, imports too (userptr) */
	bo->mmap_offset = ctx->next_mmap_offset;
	ctx->next_mmap_offset += size;
	bo->size = size;
	bo->flags = flags;
	bo->handle = ctx->next_handle++;
	bo->next = ctx->bos;
	ctx->bos = bo;
	*out = bo;
	return 0;
err:
	if (bo->memfd >= 0)
		shim_real_close(bo->memfd);
	free(bo);
	return ret;
}

/* ivpu_bo_create_ioctl() and ivpu_bo_alloc() */
int ivpu_bo_create_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_bo_create *a = data;
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);
	uint64_t size = ivpu_align(a->size, SHIM_PAGE_SIZE);
	struct ivpu_sbo *bo;
	int ret;

	if (a->flags & ~DRM_IVPU_BO_FLAGS)
		return -EINVAL;
	/* PAGE_ALIGN wraps a size near 2^64 to 0 */
	if (size == 0)
		return -EINVAL;
	switch (a->flags & DRM_IVPU_BO_CACHE_MASK) {
	case DRM_IVPU_BO_CACHED:
	case DRM_IVPU_BO_WC:
		break;
	default:
		return -EINVAL;
	}
	ret = new_bo(ctx, size, a->flags, false, &bo);
	if (ret)
		return ret;
	a->handle = bo->handle;
	a->vpu_addr = bo->vpu_addr;
	return 0;
}

/* pin_user_pages_fast() of every page, for writing unless READ_ONLY */
static int pin_pages(uint64_t uptr, uint64_t size, bool write)
{
	uint64_t off;
	char c;

	for (off = 0; off < size; off += SHIM_PAGE_SIZE) {
		if (ivpu_copy_from_user(&c, uptr + off, 1))
			return -EFAULT;
		if (write && ivpu_copy_to_user(uptr + off, &c, 1))
			return -EFAULT;
	}
	return 0;
}

/* ivpu_bo_create_from_userptr_ioctl() */
int ivpu_bo_userptr_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_bo_create_from_userptr *a = data;
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);
	struct ivpu_sbo *bo;
	int ret;

	if (a->flags & ~(DRM_IVPU_BO_HIGH_MEM | DRM_IVPU_BO_DMA_MEM | DRM_IVPU_BO_READ_ONLY))
		return -EINVAL;
	if (!a->user_ptr || !a->size)
		return -EINVAL;
	if (a->user_ptr % SHIM_PAGE_SIZE || a->size % SHIM_PAGE_SIZE)
		return -EINVAL;
	/* access_ok(): the range must lie in the user address space */
	if (a->user_ptr + a->size < a->user_ptr || a->user_ptr + a->size > (1ull << 47))
		return -EFAULT;
	ret = pin_pages(a->user_ptr, a->size, !(a->flags & DRM_IVPU_BO_READ_ONLY));
	if (ret)
		return ret;
	ret = new_bo(ctx, a->size, a->flags, true, &bo);
	if (ret)
		return ret;
	a->handle = bo->handle;
	a->vpu_addr = bo->vpu_addr;
	return 0;
}

/* ivpu_bo_info_ioctl() */
int ivpu_bo_info_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_bo_info *a = data;
	struct ivpu_sbo *bo = ivpu_sbo_lookup(ivpu_ctx_of(f), a->handle);

	if (!bo)
		return -ENOENT;
	a->flags = bo->flags;
	a->mmap_offset = bo->mmap_offset;
	a->vpu_addr = bo->vpu_addr;
	a->size = bo->size;
	return 0;
}

static void bo_free(struct ivpu_sbo *bo)
{
	if (bo->memfd >= 0)
		shim_real_close(bo->memfd);
	free(bo);
}

/* drm_gem_mmap(): an offset range inside one object of this file */
int ivpu_mmap(struct shim_file *f, void *addr, size_t len, int prot, int flags,
	      uint64_t offset, void **out)
{
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);
	struct ivpu_sbo *bo;
	void *p;

	for (bo = ctx->bos; bo; bo = bo->next)
		if (!bo->closed && offset >= bo->mmap_offset &&
		    offset < bo->mmap_offset + bo->size)
			break;
	/* drm_vma_offset_lookup_locked() finds no node: EINVAL */
	if (!bo || offset + len > bo->mmap_offset + bo->size)
		return -EINVAL;
	if (bo->memfd < 0)
		shim_not_emulated("intel_vpu", "mmap of a userptr BO");
	p = shim_real_mmap(addr, len, prot, flags, bo->memfd,
			   (off_t)(offset - bo->mmap_offset));
	if (p == MAP_FAILED)
		return -errno;
	bo->mmaps++;
	*out = p;
	return 0;
}

bool ivpu_munmap(void *addr, size_t len)
{
	(void)addr;
	(void)len;
	/* mappings of a memfd need no bookkeeping of ours to go */
	return false;
}

void ivpu_bo_release(struct ivpu_ctx *ctx)
{
	while (ctx->bos) {
		struct ivpu_sbo *bo = ctx->bos;

		ctx->bos = bo->next;
		bo_free(bo);
	}
}

int ivpu_gem_close(struct ivpu_ctx *ctx, uint32_t handle)
{
	struct ivpu_sbo *bo = ivpu_sbo_lookup(ctx, handle);

	if (!bo)
		return -EINVAL;
	bo->closed = true;
	return 0;
}
