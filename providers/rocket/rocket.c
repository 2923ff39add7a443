// SPDX-License-Identifier: MIT
/*
 * The rocket provider: the Rockchip RK3588 NPU (drivers/accel/rocket).
 *
 * The kernel exposes one DRM device for all NPU cores, on a facade
 * platform device "rknn" that no driver binds (so the core learns the
 * driver name from the node; the modalias is "platform:rknn"; the cores
 * are the "rockchip,rk3588-rknn-core" OF devices). Each open file has its
 * own IOMMU domain, its own NPU address space, and one scheduler entity
 * spread over the cores: one libaccel queue per context, in order.
 *
 * Memory: CREATE_BO makes shmem BOs of a 32-bit size, mapped at once into
 * the file's NPU address space (dma_address: the BO's device address) and
 * mappable through the returned fake offset. The NPU is not cache
 * coherent: accel_bo_cpu_prep() is PREP_BO (wait for the BO's writers
 * until an absolute time, then sync the CPU caches) and
 * accel_bo_cpu_fini() is FINI_BO. PRIME exports; the kernel imports no
 * foreign dma-buf (EINVAL, no gem_prime_import_sg_table), only its own
 * objects back, which are then not in this file's NPU address space.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rocket.h"

/* CREATE_BO's size is a __u32 */
#define ROCKET_MAX_BO_SIZE UINT64_C(0xffffffff)

static const struct accel_context_ops rocket_ctx_ops;

static struct accel_context *rocket_open(struct accel_device *dev, int fd)
{
	struct rocket_context *rc;
	int ret;

	/* the core has checked that fd is a rocket node */
	rc = calloc(1, sizeof(*rc));
	if (!rc)
		return NULL;
	ret = accel_gem_table_init(&rc->gem, fd);
	if (ret) {
		free(rc);
		errno = -ret;
		return NULL;
	}
	pthread_mutex_init(&rc->lock, NULL);
	rc->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	accel_init_context(&rc->base, dev, fd, &rocket_ctx_ops);
	return &rc->base;
}

static void rocket_close(struct accel_context *ctx)
{
	struct rocket_context *rc = to_rocket_ctx(ctx);

	accel_gem_table_fini(&rc->gem);
	pthread_mutex_destroy(&rc->lock);
	free(rc);
}

static uint64_t max_bo_size(const struct rocket_context *rc)
{
	return ROCKET_MAX_BO_SIZE & ~(rc->page_size - 1);
}

static int rocket_query_device(struct accel_context *ctx,
			       struct accel_device_attr *attr)
{
	struct rocket_context *rc = to_rocket_ctx(ctx);

	snprintf(attr->card_name, sizeof(attr->card_name), "Rockchip RK3588 NPU");
	/* only the kernel's own objects come back, outside the NPU's space */
	attr->caps &= ~(uint32_t)ACCEL_CAP_DMABUF_IMPORT;
	attr->caps |= ACCEL_CAP_CPU_PREP;
	attr->max_bo_size = max_bo_size(rc);
	attr->bo_align = rc->page_size;
	attr->max_queues = 1;
	attr->state = ACCEL_STATE_UNKNOWN;	/* the driver does not say */
	return 0;
}

/* One domain: shmem pages in the file's IOMMU domain, not coherent */
static int rocket_query_mem_domains(struct accel_context *ctx,
				    struct accel_mem_domain *d, uint32_t max)
{
	struct rocket_context *rc = to_rocket_ctx(ctx);

	if (max < 1)
		return 1;
	d->id = 0;
	d->flags = ACCEL_DOMAIN_HOST_VISIBLE | ACCEL_DOMAIN_CACHED |
		   ACCEL_DOMAIN_EXPORTABLE | ACCEL_DOMAIN_COMMAND;
	snprintf(d->name, sizeof(d->name), "shmem");
	d->granule = rc->page_size;
	d->max_bo_size = max_bo_size(rc);
	/* the file's IOMMU aperture (rk_iommu: DMA_BIT_MASK(32)) */
	d->va_start = 0;
	d->va_end = UINT64_C(1) << 32;
	return 1;
}

/* One engine: the file's scheduler entity over all NPU cores */
static int rocket_query_engines(struct accel_context *ctx,
				struct accel_engine_info *e, uint32_t max)
{
	(void)ctx;
	if (max < 1)
		return 1;
	e->id = 0;
	/* an entity moves to another core only once its last job is done */
	e->flags = ACCEL_ENGINE_IN_ORDER | ACCEL_ENGINE_CMD_BUFFER;
	snprintf(e->name, sizeof(e->name), "npu");
	e->count = 1;
	return 1;
}

static struct accel_bo *rocket_bo_alloc(struct accel_context *ctx,
					const struct accel_bo_alloc_args *args)
{
	struct rocket_context *rc = to_rocket_ctx(ctx);
	struct drm_rocket_create_bo create;
	struct rocket_bo *bo;
	int ret;

	if ((args->comp_mask & ACCEL_BO_ALLOC_DOMAIN) && args->domain) {
		errno = -accel_set_reason(-EINVAL, "rocket has one memory domain, 0");
		return NULL;
	}
	if (args->size > ROCKET_MAX_BO_SIZE) {
		errno = -accel_set_reason(-EINVAL,
					  "rocket: %llu bytes: CREATE_BO takes a 32-bit size (at most 4 GiB - 1)",
					  (unsigned long long)args->size);
		return NULL;
	}
	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo)
		return NULL;
	memset(&create, 0, sizeof(create));
	create.size = (uint32_t)args->size;
	ret = accel_ioctl(ctx->fd, DRM_IOCTL_ROCKET_CREATE_BO, &create);
	if (ret) {
		accel_set_reason(ret, "rocket: CREATE_BO of %llu bytes: %s",
				 (unsigned long long)args->size, strerror(-ret));
		goto err_free;
	}
	/* on failure the table has closed the handle */
	ret = accel_gem_handle_add(&rc->gem, create.handle);
	if (ret)
		goto err_free;
	bo->handle = create.handle;
	bo->mmap_offset = create.offset;
	/* the shmem object is page-aligned; the NPU mapping too */
	bo->map_size = (args->size + rc->page_size - 1) & ~(rc->page_size - 1);
	accel_init_bo(&bo->base, ctx, args->size, args->flags);
	bo->base.device_addr = create.dma_address;
	return &bo->base;

err_free:
	free(bo);
	errno = -ret;
	return NULL;
}

static void rocket_bo_destroy(struct accel_bo *abo)
{
	struct rocket_context *rc = to_rocket_ctx(abo->ctx);
	struct rocket_bo *bo = to_rocket_bo(abo);

	accel_gem_bo_free(&rc->gem, bo->handle, bo, sizeof(*bo));
}

static int rocket_bo_map(struct accel_bo *abo, void **ptr)
{
	struct rocket_bo *bo = to_rocket_bo(abo);

	/* rocket has no ioctl that gives an imported object's offset */
	if (abo->imported)
		return accel_gem_mmap_dmabuf(abo->ctx->fd, bo->handle, bo->map_size,
					     PROT_READ | PROT_WRITE, ptr);
	return accel_gem_mmap(abo->ctx->fd, bo->mmap_offset, bo->map_size,
			      PROT_READ | PROT_WRITE, ptr);
}

static int rocket_bo_unmap(struct accel_bo *abo, void *ptr)
{
	return accel_gem_munmap(ptr, to_rocket_bo(abo)->map_size);
}

int rocket_prep_bo(int fd, uint32_t handle, int64_t abs_deadline_ns)
{
	struct drm_rocket_prep_bo prep = {
		.handle = handle,
		.timeout_ns = abs_deadline_ns,
	};
	int ret = accel_ioctl(fd, DRM_IOCTL_ROCKET_PREP_BO, &prep);

	/* rocket_ioctl_prep_bo: a deadline already past answers EBUSY */
	if (ret == -EBUSY || ret == -ETIMEDOUT)
		return -ETIMEDOUT;
	return ret;
}

/*
 * PREP_BO waits for the BO's WRITE fences only (the jobs that list it as
 * an out BO); the core has already waited for its own jobs that conflict
 * with the access.
 */
static int rocket_bo_cpu_prep(struct accel_bo *abo, uint32_t access,
			      int64_t abs_deadline_ns)
{
	int ret;

	(void)access;
	ret = rocket_prep_bo(abo->ctx->fd, to_rocket_bo(abo)->handle, abs_deadline_ns);
	if (ret == -ETIMEDOUT)
		return accel_set_reason(ret, "rocket: PREP_BO: the NPU still writes the BO at the deadline");
	if (ret)
		return accel_set_reason(ret, "rocket: PREP_BO: %s", strerror(-ret));
	return 0;
}

static int rocket_bo_cpu_fini(struct accel_bo *abo)
{
	struct drm_rocket_fini_bo fini = { .handle = to_rocket_bo(abo)->handle };
	int ret = accel_ioctl(abo->ctx->fd, DRM_IOCTL_ROCKET_FINI_BO, &fini);

	if (ret)
		return accel_set_reason(ret, "rocket: FINI_BO: %s", strerror(-ret));
	return 0;
}

static int rocket_bo_export_dmabuf(struct accel_bo *abo, uint32_t flags)
{
	return accel_gem_export_dmabuf(abo->ctx->fd, to_rocket_bo(abo)->handle, flags);
}

/*
 * drm_gem_prime_import_dev() hands a rocket object back to any rocket
 * file and refuses every other dma-buf with EINVAL. The object keeps the
 * NPU address of the file that created it, so it has none here.
 */
static struct accel_bo *rocket_bo_import_dmabuf(struct accel_context *ctx,
						int dmabuf_fd)
{
	struct rocket_context *rc = to_rocket_ctx(ctx);
	struct rocket_bo *bo;
	uint32_t handle;
	uint64_t size;
	int ret;

	ret = accel_gem_import_own(&rc->gem, dmabuf_fd, "rocket", &handle, &size);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo) {
		accel_gem_handle_put(&rc->gem, handle);
		errno = ENOMEM;
		return NULL;
	}
	bo->handle = handle;
	bo->map_size = size;
	accel_init_bo(&bo->base, ctx, size, ACCEL_BO_HOST_VISIBLE);
	return &bo->base;
}

static struct accel_queue *rocket_queue_create(struct accel_context *ctx,
					       const struct accel_queue_attr *attr)
{
	struct rocket_context *rc = to_rocket_ctx(ctx);
	struct rocket_queue *q;

	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	pthread_mutex_lock(&rc->lock);
	if (rc->nqueues) {
		pthread_mutex_unlock(&rc->lock);
		free(q);
		errno = -accel_set_reason(-EBUSY,
					  "rocket: a context has one queue (the file's scheduler entity); destroy it first");
		return NULL;
	}
	rc->nqueues++;
	pthread_mutex_unlock(&rc->lock);
	accel_init_queue(&q->base, ctx, attr);
	q->base.in_order = true;
	return &q->base;
}

static void rocket_queue_destroy(struct accel_queue *queue)
{
	struct rocket_context *rc = to_rocket_ctx(queue->ctx);

	pthread_mutex_lock(&rc->lock);
	rc->nqueues--;
	pthread_mutex_unlock(&rc->lock);
	free(queue);
}

static const struct accel_context_ops rocket_ctx_ops = {
	.close = rocket_close,
	.query_device = rocket_query_device,
	.query_mem_domains = rocket_query_mem_domains,
	.query_engines = rocket_query_engines,
	.bo_flags = ACCEL_BO_HOST_VISIBLE,
	.bo_alloc = rocket_bo_alloc,
	.bo_destroy = rocket_bo_destroy,
	.bo_map = rocket_bo_map,
	.bo_unmap = rocket_bo_unmap,
	.bo_cpu_prep = rocket_bo_cpu_prep,
	.bo_cpu_fini = rocket_bo_cpu_fini,
	.bo_export_dmabuf = rocket_bo_export_dmabuf,
	.bo_import_dmabuf = rocket_bo_import_dmabuf,
	/* PRIME: the kernel refuses an fd that is no dma-buf */
	.import_checked_by_kernel = true,
	.queue_create = rocket_queue_create,
	.queue_destroy = rocket_queue_destroy,
	.submit_caps = ACCEL_PROV_IN_FENCES,
	.submit = rocket_submit,
	.fence_wait = rocket_fence_wait,
	.fence_export_sync_file = rocket_fence_export_sync_file,
};

static const struct accel_match_ent rocket_match[] = {
	ACCEL_DRIVER_MATCH("rocket", NULL),
	/* the facade device rocket_register() creates; no driver binds it */
	ACCEL_MODALIAS_MATCH("platform:rknn", NULL),
	ACCEL_MATCH_TABLE_END,
};

static const struct accel_provider rocket_provider = {
	.name = ROCKET_PROVIDER_NAME,
	.match_table = rocket_match,
	.open = rocket_open,
};

ACCEL_PROVIDER(rocket, rocket_provider)
