// SPDX-License-Identifier: MIT
/*
 * Contexts: an opened device. A context owns its BOs and queues; closing
 * it destroys them (queues first, so in-flight work is drained or
 * cancelled by the provider before the memory it uses goes away).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accel_internal.h"
#include "ctx.h"

static void context_release(struct accel_object *obj)
{
	struct accel_context *ctx = container_of(obj, struct accel_context, obj);
	struct accel_device *dev = ctx->dev;
	int fd = ctx->fd;

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
	atomic_store(&ctx->lost, false);
	ctx->drm_name[0] = 0;
	memset(ctx->drm_version, 0, sizeof(ctx->drm_version));
	accel_lock_init(&ctx->lock);
	accel_list_init(&ctx->queues);
}

void accel_ctx_get_failed(int err)
{
	/* -ECHILD (inherited across fork) has its reason already */
	if (err != -ECHILD)
		accel_set_reason(err, err == -ESTALE ? "not an open context" :
				 "ctx is NULL");
}

ACCEL_EXPORT int accel_context_lookup(struct accel_context **ctx)
{
	struct accel_context *c;
	int err;

	c = accel_ctx_get(*ctx, &err);
	if (!c)
		return err;
	*ctx = c;
	return 0;
}

ACCEL_EXPORT int accel_context_lookup_prov(struct accel_context **ctx,
					   const struct accel_provider *prov)
{
	struct accel_context *c;
	int err;

	c = accel_ctx_get(*ctx, &err);
	if (!c)
		return err;
	if (c->dev->provider != prov) {
		accel_ctx_put(c);
		return accel_set_reason(-EOPNOTSUPP, "a context of the %s provider, not %s",
					c->dev->provider->name, prov->name);
	}
	*ctx = c;
	return 0;
}

ACCEL_EXPORT void accel_context_put(struct accel_context *ctx)
{
	if (ctx)
		accel_ctx_put(ctx);
}

/*
 * The node answers DRM_IOCTL_VERSION once per open: the name must be one
 * the provider's table claims by driver (a PCI or modalias match only
 * guessed), and the answer is kept for accel_query_device().
 */
static int check_driver(struct accel_device *dev, int fd, char *name,
			size_t len, uint32_t version[3])
{
	const struct accel_match_ent *m;
	int v[3] = { 0 }, ret;
	bool named = false;
	struct stat st;

	/* only a character device can be a DRM node (tests open plain files) */
	if (fstat(fd, &st) || !S_ISCHR(st.st_mode))
		return 0;
	ret = accel_drm_version(fd, name, len, &v[0], &v[1], &v[2]);
	if (ret)
		return accel_set_reason(ret, "%s: DRM_IOCTL_VERSION: %s", dev->node,
					strerror(-ret));
	version[0] = (uint32_t)v[0];
	version[1] = (uint32_t)v[1];
	version[2] = (uint32_t)v[2];
	for (m = dev->provider->match_table; m && m->kind != ACCEL_MATCH_END; m++) {
		if (m->kind != ACCEL_MATCH_DRIVER && m->kind != ACCEL_MATCH_DRM_DRIVER)
			continue;
		named = true;
		if (!strcmp(m->str, name))
			return 0;
	}
	if (!named)
		return 0;
	return accel_set_reason(-ENODEV, "%s: driver '%s' is not one the %s provider serves",
				dev->node, name, dev->provider->name);
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
	uint32_t version[3] = { 0 };
	struct accel_context *ctx;
	char name[32] = "";
	struct accel_object *obj;
	int err, fd = -1;
	uint32_t flags;

	accel_call_begin();
	obj = accel_obj_get(dev, ACCEL_OBJ_DEVICE, &err);
	if (!obj) {
		accel_set_reason(err, err == -ESTALE ? "not a device of a live list" :
				 "dev is NULL");
		goto fail;
	}
	dev = container_of(obj, struct accel_device, obj);
	if (accel_device_state(dev, &flags, reason, sizeof(reason))) {
		err = accel_set_reason(-ENODEV, "%s is gone", dev->name);
		goto put_dev;
	}
	if (!dev->provider || !dev->provider->open) {
		err = accel_set_reason(-EOPNOTSUPP, "no provider serves %s", dev->name);
		goto put_dev;
	}
	if (!(flags & ACCEL_DEVICE_USERSPACE)) {
		fd = open_node(dev);
		if (fd < 0) {
			err = fd;
			if (err == -EACCES)
				accel_warn("%s", reason[0] ? reason :
					   "permission denied on the device node");
			/* a provider's open_node may have said more */
			if (!accel_reason_fresh())
				accel_set_reason(err, "cannot open %s: %s", dev->node,
						 err == -EACCES && reason[0] ? reason :
						 strerror(-err));
			goto put_dev;
		}
		err = check_driver(dev, fd, name, sizeof(name), version);
		if (err)
			goto close_fd;
	}
	ctx = dev->provider->open(dev, fd);
	if (!ctx) {
		err = errno ? -errno : -EIO;
		goto close_fd;
	}
	/* the device reference taken above now belongs to the context */
	ctx->dev = dev;
	ctx->fd = fd;
	memcpy(ctx->drm_name, name, sizeof(ctx->drm_name));
	memcpy(ctx->drm_version, version, sizeof(ctx->drm_version));
	if (accel_obj_add(&ctx->obj, ACCEL_OBJ_CONTEXT, context_release)) {
		ctx->obj.release = NULL;
		if (ctx->ops && ctx->ops->close)
			ctx->ops->close(ctx);
		err = -ENOMEM;
		goto close_fd;
	}
	return accel_obj_handle(&ctx->obj);

close_fd:
	if (fd >= 0)
		close(fd);
put_dev:
	accel_device_put(dev);
fail:
	return accel_fail_ptr(__func__, err);
}

static void kill_bo_of(struct accel_object *obj, void *ctx)
{
	if (container_of(obj, struct accel_bo, obj)->ctx == ctx)
		accel_bo_kill(accel_obj_handle(obj));
}

ACCEL_EXPORT int accel_close_device(struct accel_context *handle)
{
	struct accel_context *ctx = NULL;
	struct accel_object *obj;
	int ret;

	accel_call_begin();
	ret = accel_obj_remove(handle, ACCEL_OBJ_CONTEXT, &obj);
	if (ret >= 0)
		ctx = container_of(obj, struct accel_context, obj);
	if (ret == ACCEL_OBJ_INHERITED) {
		/*
		 * A fork child: the parent's threads, locks and kernel objects
		 * are not ours to wait for or destroy. Forget the context and
		 * its children and close the child's copy of the fd only.
		 */
		accel_obj_forget_children(ctx);
		if (ctx->fd >= 0)
			close(ctx->fd);
		return 0;
	}
	if (ret)
		return accel_fail(__func__, accel_set_reason(ret, ret == -ESTALE ?
						"not an open context" : "ctx is NULL"));
	/* queue creation checks it under the lock; a BO's publish the slot */
	accel_lock(&ctx->lock);
	ctx->closing = true;
	accel_unlock(&ctx->lock);

	/* queues first: they may still be running work on the BOs */
	for (;;) {
		struct accel_queue *q = NULL;

		/* the handle under the lock: a free elsewhere may release q */
		accel_lock(&ctx->lock);
		if (!accel_list_empty(&ctx->queues))
			q = accel_obj_handle(&container_of(ctx->queues.next, struct accel_queue,
							   link)->obj);
		accel_unlock(&ctx->lock);
		if (!q)
			break;
		accel_queue_kill(q);
	}
	/*
	 * The BOs are found in the table (a BO is in no list of its context):
	 * the removal above was seq_cst, see accel_obj_add_owned()
	 */
	accel_obj_foreach(ACCEL_OBJ_BO, kill_bo_of, ctx);
	accel_obj_put(&ctx->obj);
	return 0;
}

ACCEL_EXPORT struct accel_device *accel_context_device(struct accel_context *ctx)
{
	struct accel_context *c;
	struct accel_device *dev;
	int err;

	accel_call_begin();
	c = accel_ctx_get(ctx, &err);
	if (!c)
		return accel_fail_ptr(__func__, err);
	/* the context holds its device, whose handle outlives this call */
	dev = accel_obj_handle(&c->dev->obj);
	accel_ctx_put(c);
	return dev;
}

enum list_kind { LIST_DOMAINS, LIST_ENGINES };
static int list_call(struct accel_context *ctx, enum list_kind kind, void *buf,
		     uint32_t max);

static void fill_default_attr(struct accel_context *ctx,
			      struct accel_device_attr *a)
{
	const struct accel_device *dev = ctx->dev;
	int n;

	/* both fit: driver names are short, and so are provider names */
	snprintf(a->driver, sizeof(a->driver), "%.31s", dev->driver);
	snprintf(a->provider, sizeof(a->provider), "%.31s",
		 dev->provider ? dev->provider->name : "");
	a->pci_vendor_id = dev->info.pci_vendor_id;
	a->pci_device_id = dev->info.pci_device_id;
	a->driver_version_major = ctx->drm_version[0];
	a->driver_version_minor = ctx->drm_version[1];
	a->driver_version_patch = ctx->drm_version[2];
	if (ctx->ops->bo_export_dmabuf)
		a->caps |= ACCEL_CAP_DMABUF_EXPORT;
	if (ctx->ops->bo_import_dmabuf)
		a->caps |= ACCEL_CAP_DMABUF_IMPORT;
	if (ctx->ops->submit)
		a->caps |= ACCEL_CAP_SUBMIT;
	if (ctx->ops->bo_map)
		a->caps |= ACCEL_CAP_HOST_MAP;
	if (ctx->ops->submit)
		a->caps |= ACCEL_CAP_QUEUE_FD;	/* the core's waiter if not the provider's */
	if (ctx->ops->fence_export_sync_file)
		a->caps |= ACCEL_CAP_FENCE_EXPORT;
	/* in-fences: the provider's, or a CPU wait in accel_submit() */
	if (ctx->ops->submit)
		a->caps |= ACCEL_CAP_FENCE_IMPORT;
	if ((ctx->ops->submit_caps & (ACCEL_PROV_WAIT_POINTS | ACCEL_PROV_IN_FENCES)) ==
	    (ACCEL_PROV_WAIT_POINTS | ACCEL_PROV_IN_FENCES))
		a->caps |= ACCEL_CAP_DEPS_ASYNC;
	n = list_call(ctx, LIST_DOMAINS, NULL, 0);
	a->num_mem_domains = n > 0 ? (uint32_t)n : 0;
	n = list_call(ctx, LIST_ENGINES, NULL, 0);
	a->num_engines = n > 0 ? (uint32_t)n : 0;
}

ACCEL_EXPORT int accel_query_device(struct accel_context *ctx,
				    struct accel_device_attr *attr,
				    size_t attr_size)
{
	struct accel_device_attr full;
	struct accel_context *c;
	int ret = 0;

	accel_call_begin();
	if (!attr || attr_size < sizeof(attr->comp_mask)) {
		ret = accel_set_reason(-EINVAL, "attr is NULL or too small");
		goto out;
	}
	c = accel_ctx_get(ctx, &ret);
	if (!c)
		goto out;
	ctx = c;
	memset(&full, 0, sizeof(full));
	fill_default_attr(ctx, &full);
	if (ctx->ops->query_device)
		ret = ctx->ops->query_device(ctx, &full);
	if (!ret)
		accel_copy_out(attr, attr_size, &full, sizeof(full));
	accel_ctx_put(c);
out:
	return accel_fail(__func__, ret);
}

/*
 * The two list queries: the provider fills whole entries into a buffer
 * of ours, and the caller gets entry_size bytes of each, so an older
 * caller's smaller struct and a newer caller's larger one both work.
 */
static int list_call(struct accel_context *ctx, enum list_kind kind, void *buf,
		     uint32_t max)
{
	const struct accel_context_ops *ops = ctx->ops;

	if (kind == LIST_DOMAINS)
		return ops->query_mem_domains ? ops->query_mem_domains(ctx, buf, max) : 0;
	return ops->query_engines ? ops->query_engines(ctx, buf, max) : 0;
}

static int query_list(struct accel_context *ctx, enum list_kind kind,
		      void *out, uint32_t max, size_t entry_size)
{
	size_t ours = kind == LIST_DOMAINS ? sizeof(struct accel_mem_domain) :
					     sizeof(struct accel_engine_info);
	struct accel_context *c;
	char *buf = NULL;
	uint32_t i, n;
	int ret;

	c = accel_ctx_get(ctx, &ret);
	if (!c)
		return ret;
	ctx = c;
	if (max && (!out || entry_size < sizeof(uint32_t))) {
		ret = accel_set_reason(-EINVAL, "NULL array or entry_size %zu",
				       entry_size);
		goto put;
	}
	if (max) {
		buf = calloc(max, ours);
		if (!buf) {
			ret = -ENOMEM;
			goto put;
		}
	}
	/* a provider that says nothing has none */
	ret = list_call(ctx, kind, buf, max);
	if (ret < 0)
		goto put;
	n = (uint32_t)ret < max ? (uint32_t)ret : max;
	for (i = 0; i < n; i++) {
		char *dst = (char *)out + (size_t)i * entry_size;

		memcpy(dst, buf + (size_t)i * ours,
		       entry_size < ours ? entry_size : ours);
		if (entry_size > ours)
			memset(dst + ours, 0, entry_size - ours);
	}
put:
	free(buf);
	accel_ctx_put(c);
	return ret;
}

ACCEL_EXPORT int accel_query_mem_domains(struct accel_context *ctx,
					 struct accel_mem_domain *domains,
					 uint32_t max, size_t entry_size)
{
	accel_call_begin();
	return accel_fail(__func__, query_list(ctx, LIST_DOMAINS, domains, max,
					       entry_size));
}

ACCEL_EXPORT int accel_query_engines(struct accel_context *ctx,
				     struct accel_engine_info *engines,
				     uint32_t max, size_t entry_size)
{
	accel_call_begin();
	return accel_fail(__func__, query_list(ctx, LIST_ENGINES, engines, max,
					       entry_size));
}
