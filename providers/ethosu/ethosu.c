// SPDX-License-Identifier: MIT
/*
 * The ethosu provider: Arm Ethos-U65 and Ethos-U85 NPUs
 * (drivers/accel/ethosu), platform devices matched by their device-tree
 * compatibles ("arm,ethos-u65", "arm,ethos-u85") or the driver name.
 *
 * Memory: BO_CREATE makes DMA-contiguous (CMA) write-combined BOs, mapped
 * through BO_MMAP_OFFSET; the CPU mapping is uncached, so no CPU prep is
 * needed. Command streams are BOs the kernel creates from user data with
 * CMDSTREAM_BO_CREATE and validates; they cannot be mapped (NO_MMAP): the
 * "cmdstream" domain takes only initial contents (ACCEL_DOMAIN_INIT_ONLY).
 * SRAM, when the NPU has some, is listed as a domain that cannot be
 * allocated: a job claims it with ethosudv's sram_size. PRIME exports; the
 * kernel imports no foreign dma-buf (EINVAL).
 *
 * Work: one scheduler entity per file, so one in-order queue per context.
 * See ethosu_submit.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ethosu.h"

static const struct accel_context_ops ethosu_ctx_ops;

static int npu_info(int fd, struct drm_ethosu_npu_info *info)
{
	struct drm_ethosu_dev_query q = {
		.type = DRM_ETHOSU_DEV_QUERY_NPU_INFO,
		.size = sizeof(*info),
		.pointer = (uintptr_t)info,
	};

	return accel_ioctl(fd, DRM_IOCTL_ETHOSU_DEV_QUERY, &q);
}

static struct accel_context *ethosu_open(struct accel_device *dev, int fd)
{
	struct ethosu_context *ec;
	int ret;

	ec = calloc(1, sizeof(*ec));
	if (!ec)
		return NULL;
	ret = npu_info(fd, &ec->npu);
	if (ret) {
		accel_set_reason(ret, "ethosu: DEV_QUERY NPU_INFO: %s", strerror(-ret));
		goto err;
	}
	ret = accel_gem_table_init(&ec->gem, fd);
	if (ret)
		goto err;
	pthread_mutex_init(&ec->lock, NULL);
	ec->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	accel_init_context(&ec->base, dev, fd, &ethosu_ctx_ops);
	return &ec->base;
err:
	free(ec);
	errno = -ret;
	return NULL;
}

static void ethosu_close(struct accel_context *ctx)
{
	struct ethosu_context *ec = to_ethosu_ctx(ctx);

	accel_gem_table_fini(&ec->gem);
	pthread_mutex_destroy(&ec->lock);
	free(ec);
}

static const char *product(const struct ethosu_context *ec)
{
	switch (DRM_ETHOSU_ARCH_MAJOR(ec->npu.id)) {
	case 1:
		return "Ethos-U65";
	case 2:
		return "Ethos-U85";
	default:
		return "Ethos-U";
	}
}

static int ethosu_query_device(struct accel_context *ctx,
			       struct accel_device_attr *attr)
{
	struct ethosu_context *ec = to_ethosu_ctx(ctx);
	uint32_t id = ec->npu.id;

	snprintf(attr->card_name, sizeof(attr->card_name),
		 "Arm %s r%up%u (arch %u.%u.%u, %u MACs)", product(ec),
		 DRM_ETHOSU_VERSION_MAJOR(id), DRM_ETHOSU_VERSION_MINOR(id),
		 DRM_ETHOSU_ARCH_MAJOR(id), DRM_ETHOSU_ARCH_MINOR(id),
		 DRM_ETHOSU_ARCH_PATCH(id), 1u << (ec->npu.config & 0xf));
	attr->caps &= ~(uint32_t)ACCEL_CAP_DMABUF_IMPORT;
	attr->mem_total = ec->npu.sram_size;	/* the NPU's own memory */
	attr->bo_align = ec->page_size;
	attr->max_queues = 1;
	return 0;
}

static int ethosu_query_mem_domains(struct accel_context *ctx,
				    struct accel_mem_domain *d, uint32_t max)
{
	struct ethosu_context *ec = to_ethosu_ctx(ctx);
	uint32_t n = ec->npu.sram_size ? 4 : 3, i = 2;

	if (max > 0) {
		d[0].id = ETHOSUDV_DOMAIN_CMA;
		d[0].flags = ACCEL_DOMAIN_HOST_VISIBLE | ACCEL_DOMAIN_COHERENT |
			     ACCEL_DOMAIN_WRITE_COMBINED | ACCEL_DOMAIN_CONTIGUOUS |
			     ACCEL_DOMAIN_EXPORTABLE;
		snprintf(d[0].name, sizeof(d[0].name), "cma");
		d[0].granule = ec->page_size;
	}
	if (max > 1) {
		d[1].id = ETHOSUDV_DOMAIN_CMDSTREAM;
		d[1].flags = ACCEL_DOMAIN_CONTIGUOUS | ACCEL_DOMAIN_COMMAND |
			     ACCEL_DOMAIN_INIT_ONLY;
		snprintf(d[1].name, sizeof(d[1].name), "cmdstream");
		d[1].granule = ec->page_size;
		d[1].max_bo_size = UINT32_MAX;	/* a __u32 size */
	}
	if (max > i && ec->npu.sram_size) {
		d[i].id = ETHOSUDV_DOMAIN_SRAM;
		d[i].flags = ACCEL_DOMAIN_DEVICE_LOCAL;
		snprintf(d[i].name, sizeof(d[i].name), "sram");
		d[i++].total = ec->npu.sram_size;
	}
	/* BO_CREATE with DRM_ETHOSU_BO_NO_MMAP: ethosu_gem_mmap() refuses it */
	if (max > i) {
		d[i].id = ETHOSUDV_DOMAIN_CMA_NOMAP;
		d[i].flags = ACCEL_DOMAIN_CONTIGUOUS | ACCEL_DOMAIN_EXPORTABLE;
		snprintf(d[i].name, sizeof(d[i].name), "cma-nomap");
		d[i].granule = ec->page_size;
	}
	return (int)n;
}

static int ethosu_query_engines(struct accel_context *ctx,
				struct accel_engine_info *e, uint32_t max)
{
	(void)ctx;
	if (max < 1)
		return 1;
	e->id = 0;
	e->flags = ACCEL_ENGINE_IN_ORDER | ACCEL_ENGINE_CMD_BUFFER;
	snprintf(e->name, sizeof(e->name), "npu");
	e->count = 1;
	e->max_bos = ETHOSUDV_MAX_REGIONS;
	return 1;
}

static struct ethosu_bo *bo_new(struct accel_context *ctx, uint32_t handle,
				uint64_t size, uint32_t flags)
{
	struct ethosu_context *ec = to_ethosu_ctx(ctx);
	struct ethosu_bo *bo = accel_bo_zalloc(sizeof(*bo));
	int ret;

	if (!bo) {
		accel_gem_close(ctx->fd, handle);
		errno = ENOMEM;
		return NULL;
	}
	ret = accel_gem_handle_add(&ec->gem, handle);
	if (ret) {
		free(bo);
		errno = -ret;
		return NULL;
	}
	bo->handle = handle;
	bo->map_size = (size + ec->page_size - 1) & ~(ec->page_size - 1);
	accel_init_bo(&bo->base, ctx, size, flags);
	return bo;
}

static struct accel_bo *cmdstream_alloc(struct accel_context *ctx,
					const struct accel_bo_alloc_args *args)
{
	struct ethosu_context *ec = to_ethosu_ctx(ctx);
	struct drm_ethosu_cmdstream_bo_create c;
	struct ethosu_bo *bo;
	int outputs, ret;

	if (!(args->comp_mask & ACCEL_BO_ALLOC_INIT) || !args->init_size) {
		errno = -accel_set_reason(-EINVAL,
					  "ethosu: a command stream is made from data: pass ACCEL_BO_ALLOC_INIT with the stream");
		return NULL;
	}
	if (args->init_size > UINT32_MAX) {
		errno = -accel_set_reason(-EINVAL,
					  "ethosu: a command stream of %llu bytes: CMDSTREAM_BO_CREATE takes a 32-bit size",
					  (unsigned long long)args->init_size);
		return NULL;
	}
	outputs = ethosu_cmdstream_outputs(ec, args->init_data, (uint32_t)args->init_size);
	if (outputs < 0) {
		errno = -outputs;
		return NULL;
	}
	memset(&c, 0, sizeof(c));
	c.size = (uint32_t)args->init_size;
	c.data = (uintptr_t)args->init_data;
	ret = accel_ioctl(ctx->fd, DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE, &c);
	if (ret) {
		errno = -accel_set_reason(ret, ret == -EINVAL ?
					  "ethosu: the kernel's validator refused the command stream (a region access out of range, or a field never set)" :
					  "ethosu: CMDSTREAM_BO_CREATE: %s", strerror(-ret));
		return NULL;
	}
	bo = bo_new(ctx, c.handle, args->init_size, args->flags);
	if (!bo)
		return NULL;
	bo->cmdstream = true;
	bo->outputs = (uint8_t)outputs;
	/* the kernel copied the contents: the core must not map to write them */
	bo->base.init_done = true;
	return &bo->base;
}

static struct accel_bo *ethosu_bo_alloc(struct accel_context *ctx,
					const struct accel_bo_alloc_args *args)
{
	struct ethosu_context *ec = to_ethosu_ctx(ctx);
	uint32_t domain = (args->comp_mask & ACCEL_BO_ALLOC_DOMAIN) ? args->domain :
			  args->usage == ACCEL_BO_USAGE_COMMAND ? ETHOSUDV_DOMAIN_CMDSTREAM :
								 ETHOSUDV_DOMAIN_CMA;
	struct drm_ethosu_bo_create c;
	struct ethosu_bo *bo;
	int ret;

	if (domain == ETHOSUDV_DOMAIN_CMDSTREAM) {
		if (args->usage != ACCEL_BO_USAGE_COMMAND) {
			errno = -accel_set_reason(-EINVAL,
						  "ethosu: the cmdstream domain holds command streams (usage COMMAND)");
			return NULL;
		}
		return cmdstream_alloc(ctx, args);
	}
	if (domain == ETHOSUDV_DOMAIN_SRAM && ec->npu.sram_size) {
		errno = -accel_set_reason(-EINVAL,
					  "ethosu: SRAM is not allocated: a job claims it with ethosudv_submit_sram");
		return NULL;
	}
	if (domain != ETHOSUDV_DOMAIN_CMA && domain != ETHOSUDV_DOMAIN_CMA_NOMAP) {
		errno = -accel_set_reason(-EINVAL, "ethosu: no memory domain %u", domain);
		return NULL;
	}
	if (domain == ETHOSUDV_DOMAIN_CMA_NOMAP && (args->flags & ACCEL_BO_HOST_VISIBLE)) {
		errno = -accel_set_reason(-EINVAL,
					  "ethosu: the cma-nomap domain is not host visible (DRM_ETHOSU_BO_NO_MMAP)");
		return NULL;
	}
	if (args->usage == ACCEL_BO_USAGE_COMMAND) {
		errno = -accel_set_reason(-EINVAL,
					  "ethosu: command streams come only from CMDSTREAM_BO_CREATE (domain %u)",
					  ETHOSUDV_DOMAIN_CMDSTREAM);
		return NULL;
	}
	memset(&c, 0, sizeof(c));
	c.size = args->size;
	if (domain == ETHOSUDV_DOMAIN_CMA_NOMAP)
		c.flags = DRM_ETHOSU_BO_NO_MMAP;
	ret = accel_ioctl(ctx->fd, DRM_IOCTL_ETHOSU_BO_CREATE, &c);
	if (ret) {
		errno = -accel_set_reason(ret, ret == -ENOMEM ?
					  "ethosu: BO_CREATE of %llu bytes: no contiguous (CMA) memory left" :
					  "ethosu: BO_CREATE of %llu bytes failed",
					  (unsigned long long)args->size);
		return NULL;
	}
	bo = bo_new(ctx, c.handle, args->size, args->flags);
	if (bo)
		bo->nomap = domain == ETHOSUDV_DOMAIN_CMA_NOMAP;
	return bo ? &bo->base : NULL;
}

static void ethosu_bo_destroy(struct accel_bo *abo)
{
	struct ethosu_context *ec = to_ethosu_ctx(abo->ctx);
	struct ethosu_bo *bo = to_ethosu_bo(abo);

	accel_gem_bo_free(&ec->gem, bo->handle, bo, sizeof(*bo));
}

static int ethosu_bo_map(struct accel_bo *abo, void **ptr)
{
	struct ethosu_bo *bo = to_ethosu_bo(abo);
	struct drm_ethosu_bo_mmap_offset m = { .handle = bo->handle };
	int ret;

	if (bo->cmdstream)
		return accel_set_reason(-EINVAL,
					"ethosu: a command stream BO cannot be mapped (NO_MMAP)");
	if (abo->imported)
		return accel_gem_mmap_dmabuf(abo->ctx->fd, bo->handle, bo->map_size,
					     PROT_READ | PROT_WRITE, ptr);
	ret = accel_ioctl(abo->ctx->fd, DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET, &m);
	if (ret)
		return accel_set_reason(ret, "ethosu: BO_MMAP_OFFSET: %s", strerror(-ret));
	ret = accel_gem_mmap(abo->ctx->fd, m.offset, bo->map_size,
			     PROT_READ | PROT_WRITE, ptr);
	/* the kernel's own answer: ethosu_gem_mmap() refuses NO_MMAP objects */
	if (ret && bo->nomap)
		return accel_set_reason(ret,
					"ethosu: the kernel refuses to map a cma-nomap BO (DRM_ETHOSU_BO_NO_MMAP): %s",
					strerror(-ret));
	if (ret)
		return accel_set_reason(ret, "ethosu: mmap: %s", strerror(-ret));
	return 0;
}

static int ethosu_bo_unmap(struct accel_bo *abo, void *ptr)
{
	return accel_gem_munmap(ptr, to_ethosu_bo(abo)->map_size);
}

static int ethosu_bo_export_dmabuf(struct accel_bo *abo, uint32_t flags)
{
	return accel_gem_export_dmabuf(abo->ctx->fd, to_ethosu_bo(abo)->handle, flags);
}

/* drm_gem_prime_import_dev(): only ethosu's own objects come back */
static struct accel_bo *ethosu_bo_import_dmabuf(struct accel_context *ctx,
						int dmabuf_fd)
{
	struct ethosu_context *ec = to_ethosu_ctx(ctx);
	struct ethosu_bo *bo;
	uint32_t handle;
	uint64_t size;
	int ret;

	ret = accel_gem_import_own(&ec->gem, dmabuf_fd, "ethosu", &handle, &size);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo) {
		accel_gem_handle_put(&ec->gem, handle);
		errno = ENOMEM;
		return NULL;
	}
	bo->handle = handle;
	bo->map_size = size;
	accel_init_bo(&bo->base, ctx, size, ACCEL_BO_HOST_VISIBLE);
	return &bo->base;
}

static struct accel_queue *ethosu_queue_create(struct accel_context *ctx,
					       const struct accel_queue_attr *attr)
{
	struct ethosu_context *ec = to_ethosu_ctx(ctx);
	struct accel_queue *q;

	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	pthread_mutex_lock(&ec->lock);
	if (ec->nqueues) {
		pthread_mutex_unlock(&ec->lock);
		free(q);
		errno = -accel_set_reason(-EBUSY,
					  "ethosu: a context has one queue (the file's scheduler entity); destroy it first");
		return NULL;
	}
	ec->nqueues++;
	pthread_mutex_unlock(&ec->lock);
	accel_init_queue(q, ctx, attr);
	q->in_order = true;
	return q;
}

static void ethosu_queue_destroy(struct accel_queue *queue)
{
	struct ethosu_context *ec = to_ethosu_ctx(queue->ctx);

	pthread_mutex_lock(&ec->lock);
	ec->nqueues--;
	pthread_mutex_unlock(&ec->lock);
	free(queue);
}

static const struct accel_context_ops ethosu_ctx_ops = {
	.close = ethosu_close,
	.query_device = ethosu_query_device,
	.query_mem_domains = ethosu_query_mem_domains,
	.query_engines = ethosu_query_engines,
	.bo_flags = ACCEL_BO_HOST_VISIBLE | ACCEL_BO_CONTIGUOUS | ACCEL_BO_UNCACHED,
	.bo_alloc = ethosu_bo_alloc,
	.bo_destroy = ethosu_bo_destroy,
	.bo_map = ethosu_bo_map,
	.bo_unmap = ethosu_bo_unmap,
	.bo_export_dmabuf = ethosu_bo_export_dmabuf,
	.bo_import_dmabuf = ethosu_bo_import_dmabuf,
	/* PRIME: the kernel refuses an fd that is no dma-buf */
	.import_checked_by_kernel = true,
	.queue_create = ethosu_queue_create,
	.queue_destroy = ethosu_queue_destroy,
	.submit_caps = ACCEL_PROV_IN_FENCES,
	.submit = ethosu_submit,
	.fence_wait = ethosu_fence_wait,
	.fence_export_sync_file = ethosu_fence_export_sync_file,
};

static const struct accel_match_ent ethosu_match[] = {
	ACCEL_DRIVER_MATCH("ethosu", NULL),
	/* of_device_uevent_modalias(): of:N<name>T<type>C<compatible>... */
	ACCEL_MODALIAS_MATCH("of:N*T*Carm,ethos-u65*", NULL),
	ACCEL_MODALIAS_MATCH("of:N*T*Carm,ethos-u85*", NULL),
	ACCEL_MATCH_TABLE_END,
};

static const struct accel_provider ethosu_provider = {
	.name = ETHOSU_PROVIDER_NAME,
	.match_table = ethosu_match,
	.open = ethosu_open,
};

ACCEL_PROVIDER(ethosu, ethosu_provider)
