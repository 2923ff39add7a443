// SPDX-License-Identifier: MIT
/* Buffer objects: argument checks, lifetime and dispatch to the provider. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "accel_internal.h"
#include "ctx.h"

#define ACCEL_BO_KNOWN_FLAGS                                             \
	(ACCEL_BO_HOST_VISIBLE | ACCEL_BO_DEVICE_LOCAL | ACCEL_BO_CONTIGUOUS | \
	 ACCEL_BO_UNCACHED)
/* sizes past this cannot be page-rounded or described by an off_t */
#define ACCEL_BO_MAX_SIZE (UINT64_C(1) << 62)

static void bo_release(struct accel_object *obj)
{
	struct accel_bo *bo = container_of(obj, struct accel_bo, obj);
	struct accel_context *ctx = bo->ctx;

	pthread_mutex_destroy(&bo->map_lock);
	if (ctx->ops->bo_destroy)
		ctx->ops->bo_destroy(bo);
	accel_ctx_put(ctx);
}

ACCEL_EXPORT void accel_init_bo(struct accel_bo *bo, struct accel_context *ctx,
				uint64_t size, uint32_t flags)
{
	bo->ctx = ctx;
	bo->size = size;
	bo->flags = flags;
	bo->map_ptr = NULL;
	bo->link.next = bo->link.prev = NULL;
	pthread_mutex_init(&bo->map_lock, NULL);
}

ACCEL_EXPORT void accel_bo_get(struct accel_bo *bo)
{
	accel_obj_ref(&bo->obj);
}

ACCEL_EXPORT void accel_bo_put(struct accel_bo *bo)
{
	if (bo)
		accel_obj_put(&bo->obj);
}

struct accel_bo *accel_bo_get_checked(const struct accel_bo *bo, int *err)
{
	struct accel_object *obj = accel_obj_get(bo, ACCEL_OBJ_BO, err);

	return obj ? container_of(obj, struct accel_bo, obj) : NULL;
}

ACCEL_EXPORT int accel_bo_lookup(struct accel_context *ctx, struct accel_bo *bo)
{
	struct accel_bo *b;
	int err;

	b = accel_bo_get_checked(bo, &err);
	if (!b)
		return err;
	if (b->ctx != ctx) {
		accel_bo_put(b);
		return -EXDEV;
	}
	return 0;
}

/* Enter a provider's new BO into the registry and its context's list. */
static struct accel_bo *bo_publish(struct accel_context *ctx, struct accel_bo *bo)
{
	/* the BO holds its context until it is destroyed */
	accel_obj_ref(&ctx->obj);
	bo->ctx = ctx;
	if (accel_obj_add(bo, &bo->obj, ACCEL_OBJ_BO, bo_release)) {
		bo->obj.release = bo_release;
		bo_release(&bo->obj);
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_lock(&ctx->lock);
	if (ctx->closing) {
		pthread_mutex_unlock(&ctx->lock);
		accel_obj_remove(bo, ACCEL_OBJ_BO);
		accel_obj_put(&bo->obj);
		errno = ESTALE;
		return NULL;
	}
	accel_list_add(&ctx->bos, &bo->link);
	pthread_mutex_unlock(&ctx->lock);
	return bo;
}

ACCEL_EXPORT struct accel_bo *accel_bo_alloc(struct accel_context *ctx,
					     uint64_t size, uint32_t flags)
{
	struct accel_bo *bo = NULL;
	struct accel_context *c;
	int err;

	c = accel_ctx_get(ctx, &err);
	if (!c)
		goto fail;
	err = -EINVAL;
	if (!size || size > ACCEL_BO_MAX_SIZE || (flags & ~ACCEL_BO_KNOWN_FLAGS))
		goto put;
	err = -EOPNOTSUPP;
	if (!ctx->ops->bo_alloc)
		goto put;
	errno = 0;
	bo = ctx->ops->bo_alloc(ctx, size, flags);
	if (!bo) {
		err = errno ? -errno : -ENOMEM;
		goto put;
	}
	bo = bo_publish(ctx, bo);
	err = bo ? 0 : -errno;
put:
	accel_ctx_put(c);
fail:
	if (err) {
		errno = -err;
		return NULL;
	}
	return bo;
}

static void bo_unmap_locked(struct accel_bo *bo)
{
	if (bo->map_ptr && bo->ctx->ops->bo_unmap)
		bo->ctx->ops->bo_unmap(bo, bo->map_ptr);
	bo->map_ptr = NULL;
}

int accel_bo_kill(struct accel_bo *bo)
{
	struct accel_context *ctx;
	int ret;

	ret = accel_obj_remove(bo, ACCEL_OBJ_BO);
	if (ret)
		return ret;
	ctx = bo->ctx;
	pthread_mutex_lock(&ctx->lock);
	accel_list_del(&bo->link);
	pthread_mutex_unlock(&ctx->lock);
	/* a freed BO is unmapped at once; work in flight keeps the memory */
	pthread_mutex_lock(&bo->map_lock);
	bo_unmap_locked(bo);
	pthread_mutex_unlock(&bo->map_lock);
	accel_obj_put(&bo->obj);
	return 0;
}

ACCEL_EXPORT int accel_bo_free(struct accel_bo *bo)
{
	if (!bo)
		return -EINVAL;
	return accel_bo_kill(bo);
}

ACCEL_EXPORT void *accel_bo_map(struct accel_bo *bo)
{
	struct accel_bo *b;
	void *ptr = NULL;
	int err;

	b = accel_bo_get_checked(bo, &err);
	if (!b)
		goto fail;
	err = -EOPNOTSUPP;
	if (!bo->ctx->ops->bo_map)
		goto put;
	pthread_mutex_lock(&bo->map_lock);
	if (!bo->map_ptr) {
		err = bo->ctx->ops->bo_map(bo, &bo->map_ptr);
		if (err)
			bo->map_ptr = NULL;
	} else {
		err = 0;
	}
	ptr = bo->map_ptr;
	pthread_mutex_unlock(&bo->map_lock);
put:
	accel_bo_put(b);
fail:
	if (err) {
		errno = -err;
		return NULL;
	}
	return ptr;
}

ACCEL_EXPORT int accel_bo_unmap(struct accel_bo *bo)
{
	struct accel_bo *b;
	int ret;

	b = accel_bo_get_checked(bo, &ret);
	if (!b)
		return ret;
	pthread_mutex_lock(&bo->map_lock);
	if (!bo->map_ptr) {
		ret = -EINVAL;
	} else {
		ret = bo->ctx->ops->bo_unmap ? bo->ctx->ops->bo_unmap(bo, bo->map_ptr) : 0;
		if (!ret)
			bo->map_ptr = NULL;
	}
	pthread_mutex_unlock(&bo->map_lock);
	accel_bo_put(b);
	return ret;
}

/* The getters: a stale or NULL BO answers 0/NULL with errno set */
static bool bo_read(const struct accel_bo *bo, struct accel_bo *out)
{
	struct accel_bo *b;
	int err;

	b = accel_bo_get_checked(bo, &err);
	if (!b) {
		errno = -err;
		return false;
	}
	out->size = b->size;
	out->device_addr = b->device_addr;
	out->ctx = b->ctx;
	accel_bo_put(b);
	return true;
}

ACCEL_EXPORT uint64_t accel_bo_size(const struct accel_bo *bo)
{
	struct accel_bo v;

	return bo_read(bo, &v) ? v.size : 0;
}

ACCEL_EXPORT uint64_t accel_bo_device_addr(const struct accel_bo *bo)
{
	struct accel_bo v;

	return bo_read(bo, &v) ? v.device_addr : 0;
}

ACCEL_EXPORT struct accel_context *accel_bo_context(const struct accel_bo *bo)
{
	struct accel_bo v;

	return bo_read(bo, &v) ? v.ctx : NULL;
}

ACCEL_EXPORT int accel_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags)
{
	struct accel_bo *b;
	int ret;

	b = accel_bo_get_checked(bo, &ret);
	if (!b)
		return ret;
	ret = -EINVAL;
	if (flags & ~(uint32_t)(O_CLOEXEC | O_RDWR))
		goto put;
	ret = -EOPNOTSUPP;
	if (!bo->ctx->ops->bo_export_dmabuf)
		goto put;
	/* the library's fds are close-on-exec, exported ones too */
	ret = bo->ctx->ops->bo_export_dmabuf(bo, flags | O_CLOEXEC);
put:
	accel_bo_put(b);
	return ret;
}

ACCEL_EXPORT struct accel_bo *accel_bo_import_dmabuf(struct accel_context *ctx,
						     int dmabuf_fd)
{
	struct accel_bo *bo = NULL;
	struct accel_context *c;
	int err;

	c = accel_ctx_get(ctx, &err);
	if (!c)
		goto fail;
	err = -EOPNOTSUPP;
	if (!ctx->ops->bo_import_dmabuf)
		goto put;
	err = -EBADF;
	if (dmabuf_fd < 0 || fcntl(dmabuf_fd, F_GETFD) < 0)
		goto put;
	err = -EINVAL;
	if (!accel_fd_is_dmabuf(dmabuf_fd))
		goto put;
	errno = 0;
	bo = ctx->ops->bo_import_dmabuf(ctx, dmabuf_fd);
	if (!bo) {
		err = errno ? -errno : -ENOMEM;
		goto put;
	}
	bo->imported = true;
	bo = bo_publish(ctx, bo);
	err = bo ? 0 : -errno;
put:
	accel_ctx_put(c);
fail:
	if (err) {
		errno = -err;
		return NULL;
	}
	return bo;
}
