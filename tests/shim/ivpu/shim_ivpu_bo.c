// SPDX-License-Identifier: MIT
/*
 * ivpu emulation: BOs, after drivers/accel/ivpu/{ivpu_gem.c,
 * ivpu_gem_userptr.c} of Linux 7.2, on the shim's GEM core (handles,
 * GEM_CLOSE, PRIME, mmap offsets and dma-resv are core/shim_gem.c's).
 *
 * BO_CREATE (flags, size, cache mode), BO_CREATE_FROM_USERPTR (flags,
 * alignment, access_ok, every page pinnable, writable unless READ_ONLY),
 * BO_INFO (ENOENT for an unknown handle). Addresses come from the range
 * the flags pick (ivpu_gem_bo_open(): SHAVE first, then DMA, else user),
 * 64 KiB aligned from 64 KiB up (ivpu_mmu_context_insert_node()), ENOSPC
 * when the range is used up; an imported object gets its address in the
 * user range when the file first names it.
 *
 * Not emulated (abort): mmap of a userptr BO. Deviations: a userptr BO's
 * pages are the shim's, not the user's (jobs execute nothing, so only an
 * export of it could tell); an ivpu dma-buf imported by another ivpu file
 * is the same GEM object (the kernel's ivpu_gem_prime_import() makes a new
 * one), though each file keeps its own address and job status for it;
 * addresses are not reused after a BO is freed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "shim_ivpu.h"

#define IVPU_MMU_CONT_PAGES_SIZE (64ull << 10)

/* ivpu_mmu_context_insert_node() in the range the flags name */
static int alloc_va(struct ivpu_ctx *ctx, uint32_t flags, uint64_t size, uint64_t *va)
{
	const struct ivpu_model *m = ctx->m;
	uint64_t *next, end, align;

	if (flags & DRM_IVPU_BO_SHAVE_MEM) {
		next = &ctx->next_shave_va;
		end = m->shave_start + m->shave_size;
	} else if (flags & DRM_IVPU_BO_DMA_MEM) {
		next = &ctx->next_dma_va;
		end = m->dma_start + m->dma_size;
	} else {
		next = &ctx->next_user_va;
		end = m->user_start + m->user_size;
	}
	/* the DMA range is the user range on 40xx: one cursor for both */
	if (m->dma_start == m->user_start && !(flags & DRM_IVPU_BO_SHAVE_MEM))
		next = &ctx->next_user_va;
	align = size >= IVPU_MMU_CONT_PAGES_SIZE ? IVPU_MMU_CONT_PAGES_SIZE : SHIM_PAGE_SIZE;
	*va = ivpu_align(*next, align);
	if (*va + size > end || *va + size < *va)
		return -ENOSPC;
	*next = *va + size;
	return 0;
}

/* ivpu_gem_bo_open(): the object's address in this file's context */
static int sbo_new(struct ivpu_ctx *ctx, struct shim_gem_object *obj, uint32_t flags,
		   bool userptr, struct ivpu_sbo **out)
{
	struct ivpu_sbo *bo;
	int ret;

	bo = calloc(1, sizeof(*bo));
	if (!bo)
		return -ENOMEM;
	ret = alloc_va(ctx, flags, obj->size, &bo->vpu_addr);
	if (ret) {
		free(bo);
		return ret;
	}
	shim_gem_get(obj);
	bo->obj = obj;
	bo->flags = flags;
	bo->userptr = userptr;
	bo->next = ctx->bos;
	ctx->bos = bo;
	*out = bo;
	return 0;
}

static struct ivpu_sbo *sbo_find(struct ivpu_ctx *ctx, struct shim_gem_object *obj)
{
	struct ivpu_sbo *bo;

	for (bo = ctx->bos; bo; bo = bo->next)
		if (bo->obj == obj)
			return bo;
	return NULL;
}

int ivpu_sbo_lookup(struct shim_file *f, uint32_t handle, struct ivpu_sbo **out)
{
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);
	struct shim_gem_object *obj = shim_gem_lookup(f, handle);
	int ret = 0;

	if (!obj)
		return -ENOENT;
	*out = sbo_find(ctx, obj);
	if (!*out)
		ret = sbo_new(ctx, obj, 0, false, out);	/* an import */
	shim_gem_put(obj);
	return ret;
}

/* a new object with a handle in f and the driver's record of it */
static int create(struct shim_file *f, uint64_t size, uint32_t flags, bool userptr,
		  uint32_t *handle, __u64 *vpu_addr)
{
	struct shim_gem_object *obj;
	struct ivpu_sbo *bo;
	int ret;

	ret = shim_gem_object_create(f, size, &obj);
	if (ret)
		return ret;
	ret = sbo_new(ivpu_ctx_of(f), obj, flags, userptr, &bo);
	if (!ret)
		ret = shim_gem_handle_create(f, obj, handle);
	if (!ret)
		*vpu_addr = bo->vpu_addr;
	shim_gem_put(obj);
	return ret;
}

/* ivpu_bo_create_ioctl() and ivpu_bo_alloc() */
int ivpu_bo_create_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_bo_create *a = data;
	uint64_t size = ivpu_align(a->size, SHIM_PAGE_SIZE);

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
	return create(f, size, a->flags, false, &a->handle, &a->vpu_addr);
}

/* pin_user_pages_fast() of every page, for writing unless READ_ONLY */
static int pin_pages(uint64_t uptr, uint64_t size, bool write)
{
	uint64_t off;
	char c;

	for (off = 0; off < size; off += SHIM_PAGE_SIZE) {
		if (shim_copy_from_user(&c, uptr + off, 1))
			return -EFAULT;
		if (write && shim_copy_to_user(uptr + off, &c, 1))
			return -EFAULT;
	}
	return 0;
}

/* ivpu_bo_create_from_userptr_ioctl() */
int ivpu_bo_userptr_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_bo_create_from_userptr *a = data;
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
	return create(f, a->size, a->flags, true, &a->handle, &a->vpu_addr);
}

/* ivpu_bo_info_ioctl() */
int ivpu_bo_info_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_bo_info *a = data;
	struct ivpu_sbo *bo;
	uint64_t off;
	int ret;

	ret = ivpu_sbo_lookup(f, a->handle, &bo);
	if (ret)
		return ret;
	ret = shim_gem_mmap_offset(bo->obj, &off);
	if (ret)
		return ret;
	a->mmap_offset = off;
	a->flags = bo->flags;
	a->vpu_addr = bo->vpu_addr;
	a->size = bo->obj->size;
	return 0;
}

/* drm_gem_mmap() by the core; a userptr BO's pages are not the user's here */
int ivpu_mmap(struct shim_file *f, void *addr, size_t len, int prot, int flags,
	      uint64_t offset, void **out)
{
	struct ivpu_sbo *bo;

	for (bo = ivpu_ctx_of(f)->bos; bo; bo = bo->next)
		if (bo->userptr && bo->obj->mmap_offset == offset)
			shim_not_emulated("intel_vpu", "mmap of a userptr BO");
	return shim_gem_mmap(f, addr, len, prot, flags, offset, out);
}

void ivpu_bo_release(struct ivpu_ctx *ctx)
{
	while (ctx->bos) {
		struct ivpu_sbo *bo = ctx->bos;

		ctx->bos = bo->next;
		shim_gem_put(bo->obj);
		free(bo);
	}
}
