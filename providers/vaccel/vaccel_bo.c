// SPDX-License-Identifier: MIT
/*
 * vaccel provider: memory. One domain, shmem: BO_CREATE makes the object,
 * BO_INFO gives its fake mmap offset and device address (an imported
 * object gets both too, so every BO maps and is addressed alike). The
 * engines run on the CPU: mappings are cached and coherent, and
 * accel_bo_cpu_prep() only waits (BO_WAIT) for the jobs of other files
 * and drivers; the core has already waited for this context's own.
 * PRIME exports every BO and imports any dma-buf (GEM shmem's sg-table
 * import).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "vaccel.h"

int vaccel_query_mem_domains(struct accel_context *c,
			     struct accel_mem_domain *d, uint32_t max)
{
	struct vaccel_context *ctx = to_vaccel_ctx(c);
	uint64_t size = 0, used = 0;

	if (max < 1)
		return 1;
	d->id = 0;
	d->flags = ACCEL_DOMAIN_HOST_VISIBLE | ACCEL_DOMAIN_COHERENT |
		   ACCEL_DOMAIN_CACHED | ACCEL_DOMAIN_EXPORTABLE |
		   ACCEL_DOMAIN_IMPORTABLE | ACCEL_DOMAIN_COMMAND;
	snprintf(d->name, sizeof(d->name), "shmem");
	d->granule = ctx->page_size;
	d->max_bo_size = ctx->max_bo_size;
	/* device addresses start at the base; the uAPI sets no top */
	d->va_start = ctx->addr_base;
	d->va_end = UINT64_MAX;
	if (!vaccel_get_param(c->fd, DRM_VACCEL_PARAM_MEM_SIZE, &size) &&
	    !vaccel_get_param(c->fd, DRM_VACCEL_PARAM_MEM_USED, &used)) {
		d->total = size;
		d->free = used < size ? size - used : 0;
	}
	return 1;
}

/* BO_INFO of a counted handle into bo; 0 or -errno with a reason */
static int bo_info(struct accel_context *ctx, struct vaccel_bo *bo)
{
	struct drm_vaccel_bo_info info = { .handle = bo->handle };
	int ret = accel_ioctl(ctx->fd, DRM_IOCTL_VACCEL_BO_INFO, &info);

	if (ret)
		return accel_set_reason(ret, "vaccel: BO_INFO of handle %u: %s",
					bo->handle, strerror(-ret));
	bo->mmap_offset = info.mmap_offset;
	bo->map_size = info.size;
	bo->base.device_addr = info.device_addr;
	return 0;
}

struct accel_bo *vaccel_bo_alloc(struct accel_context *c,
				 const struct accel_bo_alloc_args *args)
{
	struct vaccel_context *ctx = to_vaccel_ctx(c);
	struct drm_vaccel_bo_create create = { .size = args->size };
	struct vaccel_bo *bo;
	int ret;

	if ((args->comp_mask & ACCEL_BO_ALLOC_DOMAIN) && args->domain) {
		errno = -accel_set_reason(-EINVAL, "vaccel has one memory domain, 0");
		return NULL;
	}
	if (args->size > ctx->max_bo_size) {
		errno = -accel_set_reason(-EINVAL, "vaccel: %llu bytes: the largest BO is %llu bytes",
					  (unsigned long long)args->size,
					  (unsigned long long)ctx->max_bo_size);
		return NULL;
	}
	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo)
		return NULL;
	ret = accel_ioctl(c->fd, DRM_IOCTL_VACCEL_BO_CREATE, &create);
	if (ret) {
		accel_set_reason(ret, "vaccel: BO_CREATE of %llu bytes: %s%s",
				 (unsigned long long)args->size, strerror(-ret),
				 ret == -ENOMEM ? " (the device's memory budget, GET_PARAM MEM_SIZE, is spent)" :
				 ret == -ENODEV ? " (the device is gone)" : "");
		goto err_free;
	}
	/* on failure the table has closed the handle */
	ret = accel_gem_handle_add(&ctx->gem, create.handle);
	if (ret)
		goto err_free;
	bo->handle = create.handle;
	ret = bo_info(c, bo);
	if (ret) {
		accel_gem_handle_put(&ctx->gem, bo->handle);
		goto err_free;
	}
	accel_init_bo(&bo->base, c, args->size, args->flags);
	return &bo->base;

err_free:
	free(bo);
	errno = -ret;
	return NULL;
}

void vaccel_bo_destroy(struct accel_bo *abo)
{
	struct vaccel_bo *bo = to_vaccel_bo(abo);

	accel_gem_bo_free(&to_vaccel_ctx(abo->ctx)->gem, bo->handle, bo,
			  sizeof(*bo));
}

int vaccel_bo_map(struct accel_bo *abo, void **ptr)
{
	struct vaccel_bo *bo = to_vaccel_bo(abo);

	return accel_gem_mmap(abo->ctx->fd, bo->mmap_offset, bo->map_size,
			      PROT_READ | PROT_WRITE, ptr);
}

int vaccel_bo_unmap(struct accel_bo *abo, void *ptr)
{
	return accel_gem_munmap(ptr, to_vaccel_bo(abo)->map_size);
}

/*
 * BO_WAIT until no job of any file uses the BO (a dma-buf shared with
 * another context or driver); its job_status belongs to those jobs, not
 * to this call.
 */
int vaccel_bo_cpu_prep(struct accel_bo *abo, uint32_t access,
		       int64_t abs_deadline_ns)
{
	struct drm_vaccel_bo_wait w = {
		.handle = to_vaccel_bo(abo)->handle,
		.timeout_ns = abs_deadline_ns,
	};
	int ret;

	(void)access;
	ret = accel_ioctl(abo->ctx->fd, DRM_IOCTL_VACCEL_BO_WAIT, &w);
	if (ret == -ETIMEDOUT)
		return accel_set_reason(ret, "vaccel: BO_WAIT: a job still uses the BO at the deadline");
	if (ret)
		return accel_set_reason(ret, "vaccel: BO_WAIT: %s", strerror(-ret));
	return 0;
}

int vaccel_bo_export_dmabuf(struct accel_bo *abo, uint32_t flags)
{
	return accel_gem_export_dmabuf(abo->ctx->fd, to_vaccel_bo(abo)->handle, flags);
}

struct accel_bo *vaccel_bo_import_dmabuf(struct accel_context *c, int dmabuf_fd)
{
	struct vaccel_context *ctx = to_vaccel_ctx(c);
	struct vaccel_bo *bo;
	int ret;

	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo)
		return NULL;
	/* the same handle again for a dma-buf of this file, counted */
	ret = accel_gem_import_dmabuf(&ctx->gem, dmabuf_fd, &bo->handle);
	if (ret) {
		accel_set_reason(ret, "vaccel: PRIME import of fd %d: %s", dmabuf_fd,
				 strerror(-ret));
		goto err_free;
	}
	ret = bo_info(c, bo);
	if (ret) {
		accel_gem_handle_put(&ctx->gem, bo->handle);
		goto err_free;
	}
	accel_init_bo(&bo->base, c, bo->map_size, ACCEL_BO_HOST_VISIBLE);
	return &bo->base;

err_free:
	free(bo);
	errno = -ret;
	return NULL;
}
