// SPDX-License-Identifier: MIT
/*
 * ivpu provider: memory. BOs are shmem GEM objects (BO_CREATE) placed in
 * one of the context's NPU address ranges by their flags when the handle
 * is made (ivpu_gem_bo_open()): the default user range, the SHAVE range
 * (HIGH_MEM) or the DMA range (DMA_MEM), each cached (snooped) or
 * write-combined. Those six pairs are the memory domains. Mapping goes
 * through BO_INFO's mmap offset, sharing through the core's GEM layer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ivpu.h"

struct ivpu_range {
	uint64_t start, size;
};

/* memory_ranges_init() of ivpu_hw.c: 37xx (MTL, ARL) and the rest */
static void ivpu_ranges(uint32_t device_id, struct ivpu_range *user,
			struct ivpu_range *shave, struct ivpu_range *dma)
{
	if (device_id == 0x7d1d || device_id == 0xad1d) {
		*user = (struct ivpu_range){ 0xa0000000ull, 511ull << 20 };
		*shave = (struct ivpu_range){ 0x180000000ull, 2ull << 30 };
		*dma = (struct ivpu_range){ 0x200000000ull, 128ull << 30 };
	} else {
		*shave = (struct ivpu_range){ 0x80000000ull, 2ull << 30 };
		*user = (struct ivpu_range){ 0x100000000ull, 256ull << 30 };
		*dma = *user;
	}
}

static const char *const domain_names[IVPU_NUM_DOMAINS] = {
	"user-cached", "user-wc", "high-cached", "high-wc", "dma-cached", "dma-wc",
};

static uint32_t domain_flags(enum ivpu_domain d)
{
	uint32_t f = (d / 2 == 1) ? DRM_IVPU_BO_HIGH_MEM :
		     (d / 2 == 2) ? DRM_IVPU_BO_DMA_MEM : 0;

	return f | ((d & 1) ? DRM_IVPU_BO_WC : DRM_IVPU_BO_CACHED);
}

int ivpu_query_mem_domains(struct accel_context *c, struct accel_mem_domain *d,
			   uint32_t max)
{
	struct ivpu_context *ctx = to_ivpu_ctx(c);
	struct ivpu_range r[3];
	uint32_t i;

	ivpu_ranges(ctx->device_id, &r[0], &r[1], &r[2]);
	for (i = 0; i < IVPU_NUM_DOMAINS && i < max; i++) {
		const struct ivpu_range *rg = &r[i / 2];

		memset(&d[i], 0, sizeof(d[i]));
		d[i].id = i;
		/* the NPU snoops cached BOs; WC ones bypass the CPU caches */
		d[i].flags = ACCEL_DOMAIN_HOST_VISIBLE | ACCEL_DOMAIN_COHERENT |
			     ACCEL_DOMAIN_EXPORTABLE |
			     ((i & 1) ? ACCEL_DOMAIN_WRITE_COMBINED : ACCEL_DOMAIN_CACHED);
		/* the firmware may not reach the SHAVE range (uAPI doc) */
		if (i / 2 != 1)
			d[i].flags |= ACCEL_DOMAIN_COMMAND;
		/* imports get no flags: the user range, snooped */
		if (i == IVPU_DOMAIN_USER_WB)
			d[i].flags |= ACCEL_DOMAIN_IMPORTABLE;
		snprintf(d[i].name, sizeof(d[i].name), "%s", domain_names[i]);
		d[i].granule = IVPU_PAGE_SIZE;
		d[i].max_bo_size = rg->size;
		d[i].va_start = rg->start;
		d[i].va_end = rg->start + rg->size;
	}
	return IVPU_NUM_DOMAINS;
}

/* BO_INFO: the size, address and mmap offset the kernel gave */
static int ivpu_bo_info(int fd, uint32_t handle, struct drm_ivpu_bo_info *info)
{
	memset(info, 0, sizeof(*info));
	info->handle = handle;
	return ivpu_ioctl(fd, DRM_IOCTL_IVPU_BO_INFO, info);
}

struct ivpu_bo *ivpu_bo_new(struct accel_context *c, uint64_t size,
			    uint32_t ivpu_flags, void *userptr)
{
	struct ivpu_context *ctx = to_ivpu_ctx(c);
	struct drm_ivpu_bo_create cr = { .size = size, .flags = ivpu_flags };
	struct drm_ivpu_bo_create_from_userptr up = {
		.user_ptr = (uintptr_t)userptr, .size = size, .flags = ivpu_flags,
	};
	struct drm_ivpu_bo_info info;
	struct ivpu_bo *bo;
	uint32_t handle;
	int ret;

	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo)
		return NULL;
	if (userptr)
		ret = ivpu_ioctl(c->fd, DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR, &up);
	else
		ret = ivpu_ioctl(c->fd, DRM_IOCTL_IVPU_BO_CREATE, &cr);
	if (ret) {
		accel_set_reason(ret, "ivpu: %s of %llu bytes, flags 0x%x: %s",
				 userptr ? "BO_CREATE_FROM_USERPTR" : "BO_CREATE",
				 (unsigned long long)size, ivpu_flags, strerror(-ret));
		goto err_free;
	}
	handle = userptr ? up.handle : cr.handle;
	/* on failure the table has closed the handle */
	ret = accel_gem_handle_add(&ctx->gem, handle);
	if (ret)
		goto err_free;
	ret = ivpu_bo_info(c->fd, handle, &info);
	if (ret) {
		accel_gem_handle_put(&ctx->gem, handle);
		accel_set_reason(ret, "ivpu: BO_INFO: %s", strerror(-ret));
		goto err_free;
	}
	bo->handle = handle;
	bo->ivpu_flags = ivpu_flags;
	bo->vpu_addr = info.vpu_addr;
	bo->map_size = info.size;
	bo->userptr = userptr;
	bo->dmabuf = -1;
	accel_init_bo(&bo->base, c, info.size, ACCEL_BO_HOST_VISIBLE);
	bo->base.device_addr = info.vpu_addr;
	return bo;

err_free:
	free(bo);
	errno = -ret;
	return NULL;
}

struct accel_bo *ivpu_bo_alloc(struct accel_context *c,
			       const struct accel_bo_alloc_args *args)
{
	enum ivpu_domain d = IVPU_DOMAIN_USER_WB;
	struct ivpu_bo *bo;

	if (args->comp_mask & ACCEL_BO_ALLOC_DOMAIN) {
		if (args->domain >= IVPU_NUM_DOMAINS) {
			errno = -accel_set_reason(-EINVAL,
						  "ivpu: domain %u: the domains are 0..%u",
						  args->domain, IVPU_NUM_DOMAINS - 1);
			return NULL;
		}
		d = args->domain;
	} else if (args->flags & ACCEL_BO_UNCACHED) {
		/* the kernel refuses DRM_IVPU_BO_UNCACHED; WC is uncached reads */
		d = IVPU_DOMAIN_USER_WC;
	}
	if (args->usage == ACCEL_BO_USAGE_COMMAND && d / 2 == 1) {
		errno = -accel_set_reason(-EINVAL,
					  "ivpu: domain %s cannot hold commands: the firmware may not reach the SHAVE range",
					  domain_names[d]);
		return NULL;
	}
	bo = ivpu_bo_new(c, args->size, domain_flags(d) | DRM_IVPU_BO_MAPPABLE, NULL);
	if (!bo)
		return NULL;
	bo->base.flags = args->flags;
	return &bo->base;
}

void ivpu_bo_destroy(struct accel_bo *abo)
{
	struct ivpu_context *ctx = to_ivpu_ctx(abo->ctx);
	struct ivpu_bo *bo = to_ivpu_bo(abo);

	/* the core retired every job naming it: no job record points here */
	if (bo->dmabuf >= 0)
		close(bo->dmabuf);
	accel_gem_bo_free(&ctx->gem, bo->handle, bo, sizeof(*bo));
}

int ivpu_bo_map(struct accel_bo *abo, void **ptr)
{
	struct ivpu_bo *bo = to_ivpu_bo(abo);
	struct drm_ivpu_bo_info info;
	int ret;

	if (bo->userptr) {
		*ptr = bo->userptr;	/* the caller's own memory */
		return 0;
	}
	if (abo->imported)
		return accel_gem_mmap_dmabuf(abo->ctx->fd, bo->handle, bo->map_size,
					     PROT_READ | PROT_WRITE, ptr);
	ret = ivpu_bo_info(abo->ctx->fd, bo->handle, &info);
	if (ret)
		return accel_set_reason(ret, "ivpu: BO_INFO: %s", strerror(-ret));
	if (!info.mmap_offset)
		return accel_set_reason(-EINVAL, "ivpu: the BO has no mmap offset");
	return accel_gem_mmap(abo->ctx->fd, info.mmap_offset, bo->map_size,
			      PROT_READ | PROT_WRITE, ptr);
}

int ivpu_bo_unmap(struct accel_bo *abo, void *ptr)
{
	if (to_ivpu_bo(abo)->userptr)
		return 0;
	return accel_gem_munmap(ptr, to_ivpu_bo(abo)->map_size);
}

int ivpu_bo_export_dmabuf(struct accel_bo *abo, uint32_t flags)
{
	return accel_gem_export_dmabuf(abo->ctx->fd, to_ivpu_bo(abo)->handle, flags);
}

struct accel_bo *ivpu_bo_import_dmabuf(struct accel_context *c, int dmabuf_fd)
{
	struct ivpu_context *ctx = to_ivpu_ctx(c);
	struct drm_ivpu_bo_info info;
	struct ivpu_bo *bo;
	uint32_t handle;
	int ret;

	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo)
		return NULL;
	/* the file's own handle when it has one for this dma-buf, counted */
	ret = accel_gem_import_dmabuf(&ctx->gem, dmabuf_fd, &handle);
	if (ret)
		goto err_free;
	ret = ivpu_bo_info(c->fd, handle, &info);
	if (ret) {
		accel_gem_handle_put(&ctx->gem, handle);
		accel_set_reason(ret, "ivpu: BO_INFO of an import: %s", strerror(-ret));
		goto err_free;
	}
	bo->handle = handle;
	bo->ivpu_flags = info.flags;
	bo->vpu_addr = info.vpu_addr;
	bo->map_size = info.size;
	bo->dmabuf = -1;
	accel_init_bo(&bo->base, c, info.size, ACCEL_BO_HOST_VISIBLE);
	bo->base.device_addr = info.vpu_addr;
	return &bo->base;

err_free:
	free(bo);
	errno = -ret;
	return NULL;
}
