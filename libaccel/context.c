// SPDX-License-Identifier: MIT
/*
 * Contexts: an opened device. A context owns its BOs and queues; closing
 * it destroys them (queues first, so in-flight work is drained or
 * cancelled by the provider before the memory it uses goes away).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accel_internal.h"
#include "ctx.h"

static void context_release(struct accel_object *obj)
{
	struct accel_context *ctx = container_of(obj, struct accel_context, obj);
	struct accel_device *dev = ctx->dev;
	int fd = ctx->fd;

	pthread_mutex_destroy(&ctx->lock);
	if (ctx->ops && ctx->ops->close)
		ctx->ops->close(ctx);	/* frees the provider's context */
	if (fd >= 0)
		close(fd);
	accel_device_put(dev);
}

ACCEL_EXPORT void accel_init_context(struct accel_context *ctx,
				     struct accel_device *dev, int fd,
				     const struct accel_context_ops *ops)
{
	ctx->dev = dev;
	ctx->fd = fd;
	ctx->ops = ops;
	ctx->closing = false;
	pthread_mutex_init(&ctx->lock, NULL);
	accel_list_init(&ctx->bos);
	accel_list_init(&ctx->queues);
}

struct accel_context *accel_ctx_get(struct accel_context *ctx, int *err)
{
	struct accel_object *obj = accel_obj_get(ctx, ACCEL_OBJ_CONTEXT, err);

	return obj ? container_of(obj, struct accel_context, obj) : NULL;
}

void accel_ctx_put(struct accel_context *ctx)
{
	accel_obj_put(&ctx->obj);
}

ACCEL_EXPORT int accel_context_lookup(struct accel_context *ctx)
{
	int err;

	return accel_ctx_get(ctx, &err) ? 0 : err;
}

ACCEL_EXPORT void accel_context_put(struct accel_context *ctx)
{
	if (ctx)
		accel_ctx_put(ctx);
}

static int open_node(struct accel_device *dev)
{
	int fd;

	if (dev->provider->open_node)
		return dev->provider->open_node(dev);
	fd = open(dev->node, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENXIO ? -ENODEV : -errno;
	return fd;
}

ACCEL_EXPORT struct accel_context *accel_open_device(struct accel_device *dev)
{
	char reason[sizeof(dev->skip_reason)];
	struct accel_context *ctx;
	struct accel_object *obj;
	int err, fd = -1;
	uint32_t flags;

	obj = accel_obj_get(dev, ACCEL_OBJ_DEVICE, &err);
	if (!obj)
		goto fail;
	if (accel_device_state(dev, &flags, reason, sizeof(reason))) {
		err = -ENODEV;
		goto put_dev;
	}
	if (!dev->provider || !dev->provider->open) {
		err = -EOPNOTSUPP;
		goto put_dev;
	}
	if (!(flags & ACCEL_DEVICE_USERSPACE)) {
		fd = open_node(dev);
		if (fd < 0) {
			err = fd;
			if (err == -EACCES)
				accel_warn("%s", reason[0] ? reason :
					   "permission denied on the device node");
			goto put_dev;
		}
	}
	ctx = dev->provider->open(dev, fd);
	if (!ctx) {
		err = errno ? -errno : -EIO;
		goto close_fd;
	}
	/* the device reference taken above now belongs to the context */
	ctx->dev = dev;
	ctx->fd = fd;
	if (accel_obj_add(ctx, &ctx->obj, ACCEL_OBJ_CONTEXT, context_release)) {
		ctx->obj.release = NULL;
		if (ctx->ops && ctx->ops->close)
			ctx->ops->close(ctx);
		err = -ENOMEM;
		goto close_fd;
	}
	return ctx;

close_fd:
	if (fd >= 0)
		close(fd);
put_dev:
	accel_device_put(dev);
fail:
	errno = -err;
	return NULL;
}

ACCEL_EXPORT int accel_close_device(struct accel_context *ctx)
{
	int ret;

	ret = accel_obj_remove(ctx, ACCEL_OBJ_CONTEXT);
	if (ret)
		return ret;
	pthread_mutex_lock(&ctx->lock);
	ctx->closing = true;
	pthread_mutex_unlock(&ctx->lock);

	/* queues first: they may still be running work on the BOs */
	for (;;) {
		struct accel_queue *q = NULL;

		pthread_mutex_lock(&ctx->lock);
		if (!accel_list_empty(&ctx->queues))
			q = container_of(ctx->queues.next, struct accel_queue, link);
		pthread_mutex_unlock(&ctx->lock);
		if (!q)
			break;
		accel_queue_kill(q);
	}
	for (;;) {
		struct accel_bo *bo = NULL;

		pthread_mutex_lock(&ctx->lock);
		if (!accel_list_empty(&ctx->bos))
			bo = container_of(ctx->bos.next, struct accel_bo, link);
		pthread_mutex_unlock(&ctx->lock);
		if (!bo)
			break;
		accel_bo_kill(bo);
	}
	accel_obj_put(&ctx->obj);
	return 0;
}

ACCEL_EXPORT struct accel_device *accel_context_device(struct accel_context *ctx)
{
	struct accel_context *c;
	int err;

	c = accel_ctx_get(ctx, &err);
	if (!c) {
		errno = -err;
		return NULL;
	}
	accel_ctx_put(c);
	return ctx->dev;
}

static void fill_default_attr(struct accel_context *ctx,
			      struct accel_device_attr *a)
{
	const struct accel_device *dev = ctx->dev;

	/* both fit: driver names are short, and so are provider names */
	snprintf(a->driver, sizeof(a->driver), "%.31s", dev->driver);
	snprintf(a->provider, sizeof(a->provider), "%.31s",
		 dev->provider ? dev->provider->name : "");
	a->pci_vendor_id = dev->info.pci_vendor_id;
	a->pci_device_id = dev->info.pci_device_id;
	if (ctx->fd >= 0) {
		int maj = 0, min = 0, patch = 0;

		if (!accel_drm_version(ctx->fd, NULL, 0, &maj, &min, &patch)) {
			a->driver_version_major = (uint32_t)maj;
			a->driver_version_minor = (uint32_t)min;
			a->driver_version_patch = (uint32_t)patch;
		}
	}
	if (ctx->ops->bo_export_dmabuf)
		a->caps |= ACCEL_CAP_DMABUF_EXPORT;
	if (ctx->ops->bo_import_dmabuf)
		a->caps |= ACCEL_CAP_DMABUF_IMPORT;
	if (ctx->ops->submit)
		a->caps |= ACCEL_CAP_SUBMIT;
	if (ctx->ops->bo_map)
		a->caps |= ACCEL_CAP_HOST_MAP;
	if (ctx->ops->queue_get_fd)
		a->caps |= ACCEL_CAP_QUEUE_FD;
}

ACCEL_EXPORT int accel_query_device(struct accel_context *ctx,
				    struct accel_device_attr *attr,
				    size_t attr_size)
{
	struct accel_device_attr full;
	struct accel_context *c;
	int ret = 0;

	if (!attr || attr_size < sizeof(attr->comp_mask))
		return -EINVAL;
	c = accel_ctx_get(ctx, &ret);
	if (!c)
		return ret;
	memset(&full, 0, sizeof(full));
	fill_default_attr(ctx, &full);
	if (ctx->ops->query_device)
		ret = ctx->ops->query_device(ctx, &full);
	if (!ret) {
		if (attr_size > sizeof(full)) {
			memset((char *)attr + sizeof(full), 0,
			       attr_size - sizeof(full));
			attr_size = sizeof(full);
		}
		memcpy(attr, &full, attr_size);
	}
	accel_ctx_put(c);
	return ret;
}
