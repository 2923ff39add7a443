// SPDX-License-Identifier: MIT
/*
 * qaic provider: memory. CREATE_BO gives host pages the kernel allocates
 * (no device address); MMAP_BO the fake offset to map them; PRIME shares
 * them through the core's GEM layer. A BO does nothing for the device
 * until it is sliced onto a DBC (ATTACH_SLICE_BO, whose entries are the
 * DMA program); the provider detaches it before freeing, so a generic
 * accel_bo_free() is always safe.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "qaic.h"

_Static_assert(sizeof(struct qaicdv_slice) == sizeof(struct qaic_attach_slice_entry),
	       "qaicdv_slice is qaic_attach_slice_entry");
_Static_assert(offsetof(struct qaicdv_slice, dev_addr) ==
	       offsetof(struct qaic_attach_slice_entry, dev_addr), "slice layout");
_Static_assert(offsetof(struct qaicdv_slice, offset) ==
	       offsetof(struct qaic_attach_slice_entry, offset), "slice layout");

/* One domain: host pages, cached, synced by the kernel at each transfer */
int qaic_query_mem_domains(struct accel_context *c, struct accel_mem_domain *d,
			   uint32_t max)
{
	struct qaic_context *ctx = to_qaic_ctx(c);

	if (max < 1)
		return 1;
	d->id = 0;
	d->flags = ACCEL_DOMAIN_HOST_VISIBLE | ACCEL_DOMAIN_COHERENT |
		   ACCEL_DOMAIN_CACHED | ACCEL_DOMAIN_EXPORTABLE |
		   ACCEL_DOMAIN_IMPORTABLE;
	snprintf(d->name, sizeof(d->name), "host");
	d->granule = ctx->page_size;
	return 1;
}

static struct qaic_bo *new_bo(void)
{
	struct qaic_bo *bo = accel_bo_zalloc(sizeof(*bo));

	if (bo)
		pthread_mutex_init(&bo->lock, NULL);
	return bo;
}

static void free_bo(struct qaic_bo *bo)
{
	pthread_mutex_destroy(&bo->lock);
	accel_bo_zfree(bo, sizeof(*bo));
}

struct accel_bo *qaic_bo_alloc(struct accel_context *c,
			       const struct accel_bo_alloc_args *args)
{
	struct qaic_context *ctx = to_qaic_ctx(c);
	struct qaic_create_bo create = { 0 };
	struct qaic_bo *bo;
	int ret;

	if ((args->comp_mask & ACCEL_BO_ALLOC_DOMAIN) && args->domain) {
		errno = -accel_set_reason(-EINVAL, "qaic has one memory domain, 0");
		return NULL;
	}
	if (args->usage == ACCEL_BO_USAGE_COMMAND) {
		errno = -accel_set_reason(-EINVAL,
					  "qaic runs no command buffers: a submission lists sliced BOs");
		return NULL;
	}
	bo = new_bo();
	if (!bo)
		return NULL;
	create.size = args->size;
	ret = qaic_ioctl(c->fd, DRM_IOCTL_QAIC_CREATE_BO, &create);
	if (ret) {
		accel_set_reason(ret, "qaic: CREATE_BO of %llu bytes: %s",
				 (unsigned long long)args->size, strerror(-ret));
		goto err;
	}
	ret = accel_gem_handle_add(&ctx->gem, create.handle);
	if (ret)
		goto err;
	bo->handle = create.handle;
	/* qaic_create_bo_ioctl() rounds the size up to pages */
	bo->map_size = (args->size + ctx->page_size - 1) & ~(ctx->page_size - 1);
	accel_init_bo(&bo->base, c, bo->map_size, args->flags | ACCEL_BO_HOST_VISIBLE);
	return &bo->base;
err:
	free_bo(bo);
	errno = -ret;
	return NULL;
}

bool qaic_bo_sliced(struct qaic_context *ctx, struct qaic_bo *bo)
{
	return bo->sliced && atomic_load(&ctx->dbc_gen[bo->dbc_id]) == bo->dbc_gen;
}

static int detach(struct accel_context *c, struct qaic_bo *bo)
{
	struct qaic_detach_slice d = { .handle = bo->handle };
	int ret;

	ret = qaic_ioctl(c->fd, DRM_IOCTL_QAIC_DETACH_SLICE_BO, &d);
	/* EINVAL: the kernel dropped the slicing already (DBC released) */
	if (!ret || ret == -EINVAL)
		bo->sliced = false;
	return ret;
}

void qaic_bo_destroy(struct accel_bo *abo)
{
	struct qaic_context *ctx = to_qaic_ctx(abo->ctx);
	struct qaic_bo *bo = to_qaic_bo(abo);

	/*
	 * The slicing holds a kernel reference to the object: without a
	 * detach, GEM_CLOSE would leave it allocated until the DBC goes. No
	 * job lists the BO any more; a transfer qaicdv started outside one
	 * is waited for (the module default) before the second try.
	 */
	if (qaic_bo_sliced(ctx, bo) && detach(abo->ctx, bo) == -EBUSY) {
		struct qaic_wait w = { .handle = bo->handle, .dbc_id = bo->dbc_id };

		qaic_ioctl(abo->ctx->fd, DRM_IOCTL_QAIC_WAIT_BO, &w);
		if (detach(abo->ctx, bo))
			accel_warn("qaic: BO %u stays sliced on DBC %u after free",
				   bo->handle, bo->dbc_id);
	}
	accel_gem_handle_put(&ctx->gem, bo->handle);
	free_bo(bo);
}

int qaic_bo_map(struct accel_bo *abo, void **ptr)
{
	struct qaic_bo *bo = to_qaic_bo(abo);
	struct qaic_mmap_bo m = { .handle = bo->handle };
	int ret;

	/* qaic_gem_object_mmap() refuses imported objects: map the dma-buf */
	if (abo->imported)
		return accel_gem_mmap_dmabuf(abo->ctx->fd, bo->handle, bo->map_size,
					     PROT_READ | PROT_WRITE, ptr);
	ret = qaic_ioctl(abo->ctx->fd, DRM_IOCTL_QAIC_MMAP_BO, &m);
	if (ret)
		return accel_set_reason(ret, "qaic: MMAP_BO: %s", strerror(-ret));
	return accel_gem_mmap(abo->ctx->fd, m.offset, bo->map_size, PROT_READ | PROT_WRITE,
			      ptr);
}

int qaic_bo_unmap(struct accel_bo *abo, void *ptr)
{
	return accel_gem_munmap(ptr, to_qaic_bo(abo)->map_size);
}

int qaic_bo_export_dmabuf(struct accel_bo *abo, uint32_t flags)
{
	return accel_gem_export_dmabuf(abo->ctx->fd, to_qaic_bo(abo)->handle, flags);
}

struct accel_bo *qaic_bo_import_dmabuf(struct accel_context *c, int dmabuf_fd)
{
	struct qaic_context *ctx = to_qaic_ctx(c);
	struct qaic_bo *bo;
	uint32_t handle;
	int64_t size;
	int ret;

	size = accel_dmabuf_size(dmabuf_fd);
	if (size <= 0) {
		/* qaic_gem_prime_import() refuses an empty dma-buf */
		errno = -accel_set_reason(size ? (int)size : -EINVAL,
					  "qaic: not a dma-buf, or an empty one");
		return NULL;
	}
	bo = new_bo();
	if (!bo)
		return NULL;
	ret = accel_gem_import_dmabuf(&ctx->gem, dmabuf_fd, &handle);
	if (ret) {
		free_bo(bo);
		errno = -accel_set_reason(ret, "qaic: PRIME import: %s", strerror(-ret));
		return NULL;
	}
	bo->handle = handle;
	/* the object's size is the dma-buf's: slices must fit in it */
	bo->map_size = (uint64_t)size;
	accel_init_bo(&bo->base, c, (uint64_t)size, ACCEL_BO_HOST_VISIBLE);
	return &bo->base;
}

/* ------------------------------------------------------------------------ */
/* slicing                                                                  */
/* ------------------------------------------------------------------------ */

/* *bo to a live qaic BO with a reference; the reason set otherwise */
static int bo_lookup(struct accel_bo **bo, const char *fn)
{
	int ret = accel_bo_lookup_prov(bo, &qaic_provider);

	if (ret)
		return accel_set_reason(ret, "%s: not a live qaic BO", fn);
	return 0;
}

QAICDV_EXPORT int qaicdv_bo_attach_slices(struct accel_bo *abo, struct accel_queue *queue,
					  uint32_t dir, const struct qaicdv_slice *slices,
					  uint32_t count)
{
	struct qaic_attach_slice a = { 0 };
	struct qaic_context *ctx;
	struct qaic_queue *q;
	struct qaic_bo *bo;
	int ret;

	ret = bo_lookup(&abo, __func__);
	if (ret)
		return ret;
	ret = accel_queue_lookup_prov(&queue, &qaic_provider);
	if (ret) {
		ret = accel_set_reason(ret, "%s: not a live qaic queue", __func__);
		goto put_bo;
	}
	ctx = to_qaic_ctx(abo->ctx);
	bo = to_qaic_bo(abo);
	q = to_qaic_queue(queue);
	if (queue->ctx != abo->ctx) {
		ret = accel_set_reason(-EXDEV, "%s: the BO and the DBC are of two contexts",
				       __func__);
		goto put_q;
	}
	if (dir != QAICDV_TO_DEV && dir != QAICDV_FROM_DEV) {
		ret = accel_set_reason(-EINVAL, "%s: dir %u: 1 to device, 2 from device",
				       __func__, dir);
		goto put_q;
	}
	if (!slices || !count) {
		ret = accel_set_reason(-EINVAL, "%s: no slices", __func__);
		goto put_q;
	}
	pthread_mutex_lock(&bo->lock);
	if (qaic_bo_sliced(ctx, bo)) {
		ret = accel_set_reason(-EINVAL, "%s: the BO is sliced onto DBC %u already: detach first",
				       __func__, bo->dbc_id);
		goto unlock;
	}
	a.hdr.count = count;
	a.hdr.dbc_id = q->dbc_id;
	a.hdr.handle = bo->handle;
	a.hdr.dir = dir;
	a.hdr.size = abo->size;
	a.data = (uintptr_t)slices;
	ret = qaic_ioctl(abo->ctx->fd, DRM_IOCTL_QAIC_ATTACH_SLICE_BO, &a);
	switch (ret) {
	case 0:
		bo->sliced = true;
		bo->dir = dir;
		bo->dbc_id = q->dbc_id;
		bo->dbc_gen = q->gen;
		break;
	case -EPIPE:
		ret = accel_set_reason(-ENOTRECOVERABLE,
				       "%s: DBC %u went through a subsystem restart (EPIPE)",
				       __func__, q->dbc_id);
		break;
	case -ENOSPC:
		ret = accel_set_reason(ret, "%s: the slices need more DMA elements than DBC %u's queue holds",
				       __func__, q->dbc_id);
		break;
	case -EINVAL:
		ret = accel_set_reason(ret,
				       "%s: ATTACH_SLICE_BO refused the slices (sizes and offsets within the BO, sems, doorbell width and alignment, one presync) or DBC %u is not ours",
				       __func__, q->dbc_id);
		break;
	default:
		ret = accel_set_reason(ret, "%s: ATTACH_SLICE_BO: %s", __func__, strerror(-ret));
	}
unlock:
	pthread_mutex_unlock(&bo->lock);
put_q:
	accel_queue_put(queue);
put_bo:
	accel_bo_put(abo);
	return ret;
}

QAICDV_EXPORT int qaicdv_bo_detach_slices(struct accel_bo *abo)
{
	struct qaic_bo *bo;
	int ret;

	ret = bo_lookup(&abo, __func__);
	if (ret)
		return ret;
	bo = to_qaic_bo(abo);
	pthread_mutex_lock(&bo->lock);
	ret = detach(abo->ctx, bo);
	pthread_mutex_unlock(&bo->lock);
	accel_bo_put(abo);
	switch (ret) {
	case 0:
		return 0;
	case -EBUSY:
		return accel_set_reason(ret, "%s: a transfer of the BO is queued: wait for it",
					__func__);
	case -EINVAL:
		return accel_set_reason(ret, "%s: the BO is not sliced", __func__);
	default:
		return accel_set_reason(ret, "%s: DETACH_SLICE_BO: %s", __func__, strerror(-ret));
	}
}
