// SPDX-License-Identifier: MIT
/*
 * The vgem provider. vgem (drivers/gpu/drm/vgem) is a DRM driver with GEM
 * objects backed by shmem and nothing else: no engine, no submit. The core
 * offers us its card node (/dev/dri/cardN): buffers are dumb buffers,
 * which only the card node may create (the render node answers EACCES),
 * mapped through DRM_IOCTL_MODE_MAP_DUMB, and shared as dma-bufs through
 * PRIME. Queue ops are left out, so they answer EOPNOTSUPP.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm.h>
#include <drm_mode.h>

#include "vgem.h"

/* pitch of the dumb buffers we create: one page, 8 bits per pixel */
#define VGEM_DUMB_BPP 8
/* the kernel computes pitch * height in 32 bits */
#define VGEM_MAX_DUMB_SIZE UINT64_C(0xffffffff)

static const struct accel_context_ops vgem_ctx_ops;

static struct accel_context *vgem_open(struct accel_device *dev, int fd)
{
	struct vgem_context *vc;
	int ret;

	/* the core has checked that fd is a vgem node */
	vc = calloc(1, sizeof(*vc));
	if (!vc)
		return NULL;
	ret = accel_gem_table_init(&vc->gem, fd);
	if (ret) {
		free(vc);
		errno = -ret;
		return NULL;
	}
	vc->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	accel_init_context(&vc->base, dev, fd, &vgem_ctx_ops);
	return &vc->base;
}

static void vgem_close(struct accel_context *ctx)
{
	struct vgem_context *vc = to_vgem_ctx(ctx);

	/* every BO holds a context reference, so none is left here */
	accel_gem_table_fini(&vc->gem);
	free(vc);
}

static int vgem_query_device(struct accel_context *ctx,
			     struct accel_device_attr *attr)
{
	struct vgem_context *vc = to_vgem_ctx(ctx);

	/* driver, provider, DRM version and caps come filled by the core */
	strncpy(attr->card_name, "Virtual GEM provider",
		sizeof(attr->card_name) - 1);
	/* shmem pages: no device memory (mem_total 0), no queues */
	attr->max_bo_size = VGEM_MAX_DUMB_SIZE & ~(vc->page_size - 1);
	attr->bo_align = vc->page_size;
	return 0;
}

/* One domain: shmem pages, cached and coherent, shared through PRIME */
static int vgem_query_mem_domains(struct accel_context *ctx,
				  struct accel_mem_domain *d, uint32_t max)
{
	struct vgem_context *vc = to_vgem_ctx(ctx);

	if (max < 1)
		return 1;
	d->id = 0;
	d->flags = ACCEL_DOMAIN_HOST_VISIBLE | ACCEL_DOMAIN_COHERENT |
		   ACCEL_DOMAIN_CACHED | ACCEL_DOMAIN_EXPORTABLE |
		   ACCEL_DOMAIN_IMPORTABLE;
	snprintf(d->name, sizeof(d->name), "shmem");
	d->granule = vc->page_size;
	d->max_bo_size = VGEM_MAX_DUMB_SIZE & ~(vc->page_size - 1);
	return 1;
}

static struct accel_bo *vgem_bo_alloc(struct accel_context *ctx,
				      const struct accel_bo_alloc_args *args)
{
	struct vgem_context *vc = to_vgem_ctx(ctx);
	struct drm_mode_create_dumb create;
	uint64_t size = args->size;
	struct vgem_bo *bo;
	uint64_t height;
	int ret;

	if ((args->comp_mask & ACCEL_BO_ALLOC_DOMAIN) && args->domain) {
		errno = -accel_set_reason(-EINVAL, "vgem has one memory domain, 0");
		return NULL;
	}
	if (args->usage == ACCEL_BO_USAGE_COMMAND) {
		errno = -accel_set_reason(-EINVAL, "vgem runs no commands");
		return NULL;
	}
	height = (size + vc->page_size - 1) / vc->page_size;
	if (height * vc->page_size > VGEM_MAX_DUMB_SIZE) {
		errno = -accel_set_reason(-EINVAL, "a dumb buffer is at most 4 GiB");
		return NULL;
	}
	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo)
		return NULL;

	memset(&create, 0, sizeof(create));
	create.width = (uint32_t)vc->page_size;
	create.height = (uint32_t)height;
	create.bpp = VGEM_DUMB_BPP;
	ret = accel_ioctl(ctx->fd, DRM_IOCTL_MODE_CREATE_DUMB, &create);
	if (ret)
		goto err_free;
	/* on failure the table has closed the handle */
	ret = accel_gem_handle_add(&vc->gem, create.handle);
	if (ret)
		goto err_free;
	bo->handle = create.handle;
	bo->map_size = create.size;
	accel_init_bo(&bo->base, ctx, create.size, args->flags);
	return &bo->base;

err_free:
	free(bo);
	errno = -ret;
	return NULL;
}

static void vgem_bo_destroy(struct accel_bo *abo)
{
	struct vgem_context *vc = to_vgem_ctx(abo->ctx);
	struct vgem_bo *bo = to_vgem_bo(abo);

	accel_gem_bo_free(&vc->gem, bo->handle, bo, sizeof(*bo));
}

static int vgem_bo_map(struct accel_bo *abo, void **ptr)
{
	struct vgem_bo *bo = to_vgem_bo(abo);
	struct drm_mode_map_dumb map;
	int ret;

	memset(&map, 0, sizeof(map));
	map.handle = bo->handle;
	ret = accel_ioctl(abo->ctx->fd, DRM_IOCTL_MODE_MAP_DUMB, &map);
	/*
	 * The kernel refuses MAP_DUMB on imported objects (EINVAL: "don't
	 * allow imported objects to be mapped", drm_gem_dumb_map_offset());
	 * those are mapped through their dma-buf.
	 */
	if (ret == -EINVAL && abo->imported)
		return accel_gem_mmap_dmabuf(abo->ctx->fd, bo->handle,
					     bo->map_size,
					     PROT_READ | PROT_WRITE, ptr);
	if (ret)
		return ret;
	return accel_gem_mmap(abo->ctx->fd, map.offset, bo->map_size,
			      PROT_READ | PROT_WRITE, ptr);
}

static int vgem_bo_unmap(struct accel_bo *abo, void *ptr)
{
	return accel_gem_munmap(ptr, to_vgem_bo(abo)->map_size);
}

static int vgem_bo_export_dmabuf(struct accel_bo *abo, uint32_t flags)
{
	return accel_gem_export_dmabuf(abo->ctx->fd, to_vgem_bo(abo)->handle,
				       flags);
}

static struct accel_bo *vgem_bo_import_dmabuf(struct accel_context *ctx,
					      int dmabuf_fd)
{
	struct vgem_context *vc = to_vgem_ctx(ctx);
	struct vgem_bo *bo;
	uint32_t handle;
	uint64_t size;
	int ret;

	/* the file's own handle when it has one for this dma-buf, counted */
	ret = accel_gem_import_sized(&vc->gem, dmabuf_fd, &handle, &size);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo) {
		accel_gem_handle_put(&vc->gem, handle);
		errno = ENOMEM;
		return NULL;
	}
	bo->handle = handle;
	bo->map_size = size;
	accel_init_bo(&bo->base, ctx, size, ACCEL_BO_HOST_VISIBLE);
	return &bo->base;
}

/*
 * vgem has no engine of its own, but a BO shared with another driver (or
 * given a vgemdv fence) carries fences in its reservation: CPU access
 * waits for them as the kernel's implicit sync would.
 */
static int vgem_bo_cpu_prep(struct accel_bo *abo, uint32_t access,
			    int64_t deadline)
{
	return accel_gem_wait_resv(abo->ctx->fd, to_vgem_bo(abo)->handle,
				   access, deadline);
}

static const struct accel_context_ops vgem_ctx_ops = {
	.close = vgem_close,
	.query_device = vgem_query_device,
	.query_mem_domains = vgem_query_mem_domains,
	/* shmem pages are neither contiguous nor uncached on request */
	.bo_flags = ACCEL_BO_HOST_VISIBLE | ACCEL_BO_DEVICE_LOCAL,
	.bo_alloc = vgem_bo_alloc,
	.bo_destroy = vgem_bo_destroy,
	.bo_map = vgem_bo_map,
	.bo_unmap = vgem_bo_unmap,
	.bo_cpu_prep = vgem_bo_cpu_prep,
	.bo_export_dmabuf = vgem_bo_export_dmabuf,
	.bo_import_dmabuf = vgem_bo_import_dmabuf,
	/* PRIME: the kernel refuses an fd that is no dma-buf */
	.import_checked_by_kernel = true,
};

static const struct accel_match_ent vgem_match[] = {
	ACCEL_DRM_DRIVER_MATCH("vgem", NULL),
	ACCEL_MATCH_TABLE_END,
};

static const struct accel_provider vgem_provider = {
	.name = VGEM_PROVIDER_NAME,
	.match_table = vgem_match,
	.open = vgem_open,
};

ACCEL_PROVIDER(vgem, vgem_provider);
