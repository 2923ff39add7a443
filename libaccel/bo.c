// SPDX-License-Identifier: MIT
/* Buffer objects: argument checks, lifetime and dispatch to the provider. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "accel_internal.h"
#include "ctx.h"
#include "ring.h"

#define ACCEL_BO_KNOWN_FLAGS                                             \
	(ACCEL_BO_HOST_VISIBLE | ACCEL_BO_DEVICE_LOCAL | ACCEL_BO_CONTIGUOUS | \
	 ACCEL_BO_UNCACHED)
/* sizes past this cannot be page-rounded or described by an off_t */
#define ACCEL_BO_MAX_SIZE (UINT64_C(1) << 62)

static ACCEL_HOT_ENTRY void bo_release(struct accel_object *obj)
{
	struct accel_bo *bo = container_of(obj, struct accel_bo, obj);
	struct accel_context *ctx = bo->ctx;

	/* map_lock has the default attributes: glibc's destroy has no work */
	if (ctx->ops->bo_destroy)
		ctx->ops->bo_destroy(bo);
	accel_ctx_put(ctx);
}

/*
 * A thread keeps the last BO struct it gave back for its next BO of the
 * same size: glibc's malloc+free of one is about 110 ns in a TCG guest,
 * a tenth of the library's share of an import+free. Not under
 * AddressSanitizer, whose use-after-free checks want every free real.
 */
#if defined(__SANITIZE_ADDRESS__)
#define BO_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BO_CACHE 0
#endif
#endif
#ifndef BO_CACHE
#define BO_CACHE 1
#endif
static __thread void *bo_cache ACCEL_TLS_IE;
static __thread size_t bo_cache_size ACCEL_TLS_IE;

/* accel_bo_zalloc() zeroes it inline, where the size is a constant */
ACCEL_EXPORT void *accel_bo_malloc(size_t size)
{
	void *p = bo_cache;

	if (p && bo_cache_size == size) {
		bo_cache = NULL;
		return p;
	}
	return malloc(size);
}

ACCEL_EXPORT void accel_bo_zfree(void *bo, size_t size)
{
	if (BO_CACHE && bo && !bo_cache && accel_thread_arm()) {
		bo_cache = bo;
		bo_cache_size = size;
		return;
	}
	free(bo);
}

void accel_bo_thread_exit(void)
{
	free(bo_cache);
	bo_cache = NULL;
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

	/* -ECHILD (inherited across fork) has its reason already */
	if (!obj && *err != -ECHILD)
		accel_set_reason(*err, *err == -ESTALE ? "not a live BO" :
				 "bo is NULL");
	return obj ? container_of(obj, struct accel_bo, obj) : NULL;
}

ACCEL_EXPORT int accel_bo_lookup(struct accel_context *ctx, struct accel_bo **bo)
{
	struct accel_bo *b;
	int err;

	b = accel_bo_get_checked(*bo, &err);
	if (!b)
		return err;
	if (b->ctx != ctx) {
		accel_bo_put(b);
		return accel_set_reason(-EXDEV, "a BO of another context");
	}
	*bo = b;
	return 0;
}

ACCEL_EXPORT int accel_bo_lookup_prov(struct accel_bo **bo,
				      const struct accel_provider *prov)
{
	struct accel_bo *b;
	int err;

	b = accel_bo_get_checked(*bo, &err);
	if (!b)
		return err;
	if (b->ctx->dev->provider != prov) {
		accel_bo_put(b);
		return accel_set_reason(-EOPNOTSUPP, "a BO of the %s provider, not %s",
					b->ctx->dev->provider->name, prov->name);
	}
	*bo = b;
	return 0;
}

ACCEL_EXPORT void *accel_object_handle(const void *obj)
{
	return obj ? accel_obj_handle(obj) : NULL;
}

/*
 * Enter a provider's new BO into the registry, giving it the caller's
 * reference to ctx; on failure the BO is destroyed and the reference
 * dropped. A context finds its BOs through the registry at close: the
 * close removes the context, then walks the table; this makes the BO
 * live, then checks the context's slot (accel_obj_add_owned()), so one
 * of the two sees the other. From the moment it is live a racing close
 * may free the BO and its context: only handles are used after.
 */
static struct accel_bo *bo_publish_owned(struct accel_context *ctx,
					 struct accel_bo *bo)
{
	void *handle;
	int ret;

	bo->ctx = ctx;
	ret = accel_obj_add_owned(&bo->obj, ACCEL_OBJ_BO, bo_release,
				  ctx->obj.handle, &handle);
	if (ret == -ENOMEM) {
		bo->obj.release = bo_release;
		bo_release(&bo->obj);
		errno = ENOMEM;
		return NULL;
	}
	if (ret) {
		accel_bo_kill(handle);
		accel_set_reason(-ESTALE, "the context is closing");
		errno = ESTALE;
		return NULL;
	}
	return handle;
}

/* The same for dv constructors: the BO takes a reference of its own */
ACCEL_EXPORT struct accel_bo *accel_bo_publish(struct accel_context *ctx,
					       struct accel_bo *bo)
{
	accel_obj_ref(&ctx->obj);
	return bo_publish_owned(ctx, bo);
}

/* The checks every allocation gets, whatever the provider */
static int check_alloc(struct accel_context *ctx, const struct accel_bo_alloc_args *a)
{
	if (!a->size || a->size > ACCEL_BO_MAX_SIZE)
		return accel_set_reason(-EINVAL, "size %llu is 0 or past 2^62",
					(unsigned long long)a->size);
	if (a->comp_mask & ~(uint32_t)(ACCEL_BO_ALLOC_DOMAIN | ACCEL_BO_ALLOC_INIT))
		return accel_set_reason(-EINVAL, "unknown comp_mask bits 0x%x",
					a->comp_mask & ~(uint32_t)(ACCEL_BO_ALLOC_DOMAIN |
								   ACCEL_BO_ALLOC_INIT));
	if (a->flags & ~ACCEL_BO_KNOWN_FLAGS)
		return accel_set_reason(-EINVAL, "unknown flags 0x%x",
					a->flags & ~ACCEL_BO_KNOWN_FLAGS);
	if (a->flags & ~ctx->ops->bo_flags)
		return accel_set_reason(-EINVAL, "the %s provider does not honour flags 0x%x",
					ctx->dev->provider->name,
					a->flags & ~ctx->ops->bo_flags);
	if (a->usage > ACCEL_BO_USAGE_COMMAND)
		return accel_set_reason(-EINVAL, "unknown usage %u", a->usage);
	if ((a->comp_mask & ACCEL_BO_ALLOC_INIT) &&
	    ((a->init_size && !a->init_data) || a->init_size > a->size))
		return accel_set_reason(-EINVAL, "init_size %llu with %s init_data",
					(unsigned long long)a->init_size,
					a->init_data ? "a size past the BO's," : "no");
	if (!ctx->ops->bo_alloc)
		return accel_set_reason(-EOPNOTSUPP, "the %s provider allocates no memory",
					ctx->dev->provider->name);
	return 0;
}

/* Initial contents the provider does not take itself go in by the CPU */
static int bo_write_init(struct accel_bo *bo, const struct accel_bo_alloc_args *a)
{
	void *p;
	int ret;

	if (!bo->ctx->ops->bo_map)
		return accel_set_reason(-EOPNOTSUPP, "initial contents need a CPU mapping");
	ret = bo->ctx->ops->bo_map(bo, &p);
	if (ret)
		return accel_set_reason(ret, "initial contents: cannot map the BO");
	memcpy(p, a->init_data, a->init_size);
	if (bo->ctx->ops->bo_unmap)
		bo->ctx->ops->bo_unmap(bo, p);
	return 0;
}

static struct accel_bo *bo_alloc(struct accel_context *ctx,
				 const struct accel_bo_alloc_args *args, int *err)
{
	struct accel_bo *bo = NULL;
	struct accel_context *c;

	c = accel_ctx_get(ctx, err);
	if (!c)
		return NULL;
	ctx = c;
	*err = check_alloc(ctx, args);
	if (*err)
		goto put;
	errno = 0;
	bo = ctx->ops->bo_alloc(ctx, args);
	if (!bo) {
		*err = errno ? -errno : -ENOMEM;
		goto put;
	}
	if ((args->comp_mask & ACCEL_BO_ALLOC_INIT) && args->init_size &&
	    !bo->init_done) {
		*err = bo_write_init(bo, args);
		if (*err) {
			bo->ctx = ctx;
			accel_obj_ref(&ctx->obj);
			bo->obj.release = bo_release;
			bo_release(&bo->obj);
			bo = NULL;
			goto put;
		}
	}
	/* the call's reference to the context is the BO's now */
	bo = bo_publish_owned(ctx, bo);
	*err = bo ? 0 : -errno;
	return bo;
put:
	accel_ctx_put(c);
	return bo;
}

ACCEL_EXPORT ACCEL_HOT_ENTRY struct accel_bo *
accel_bo_alloc(struct accel_context *ctx, uint64_t size, uint32_t flags)
{
	struct accel_bo_alloc_args args = { .size = size, .flags = flags };
	struct accel_bo *bo;
	int err;

	accel_call_begin();
	bo = bo_alloc(ctx, &args, &err);
	return bo ? bo : accel_fail_ptr(__func__, err);
}

ACCEL_EXPORT struct accel_bo *accel_bo_alloc_ex(struct accel_context *ctx,
						const struct accel_bo_alloc_args *args,
						size_t args_size)
{
	struct accel_bo_alloc_args full = { 0 };
	struct accel_bo *bo;
	int err;

	accel_call_begin();
	if (!args || args_size < offsetof(struct accel_bo_alloc_args, domain)) {
		err = accel_set_reason(-EINVAL, "args is NULL or too small");
		goto fail;
	}
	/* a newer caller's fields past ours must be zero */
	if (args_size > sizeof(full)) {
		size_t i;

		for (i = sizeof(full); i < args_size; i++)
			if (((const char *)args)[i]) {
				err = accel_set_reason(-EINVAL, "unknown fields are set");
				goto fail;
			}
		args_size = sizeof(full);
	}
	memcpy(&full, args, args_size);
	bo = bo_alloc(ctx, &full, &err);
	if (bo)
		return bo;
fail:
	return accel_fail_ptr(__func__, err);
}

/*
 * bo->map_ptr is written under map_lock, and accessed atomically: a free
 * swaps it without the lock to skip the lock for a BO never mapped.
 * While a map call checks the BO's liveness and maps, it holds
 * BO_MAPPING there (see accel_bo_kill()).
 */
#define BO_MAPPING ((void *)1)

static void set_map_ptr(struct accel_bo *bo, void *p)
{
	__atomic_store_n(&bo->map_ptr, p, __ATOMIC_RELAXED);
}

static void *get_map_ptr(const struct accel_bo *bo)
{
	return __atomic_load_n(&bo->map_ptr, __ATOMIC_RELAXED);
}

static void bo_unmap_locked(struct accel_bo *bo)
{
	if (get_map_ptr(bo) && bo->ctx->ops->bo_unmap)
		bo->ctx->ops->bo_unmap(bo, get_map_ptr(bo));
	set_map_ptr(bo, NULL);
}

int accel_bo_kill(const void *handle)
{
	struct accel_object *obj;
	struct accel_bo *bo;
	int ret;

	ret = accel_obj_take(handle, ACCEL_OBJ_BO, &obj);
	/* a fork child: the mapping and memory are the kernel's copy; keep */
	if (ret == ACCEL_OBJ_INHERITED)
		return 0;
	if (ret < 0)
		return ret;
	bo = container_of(obj, struct accel_bo, obj);
	/*
	 * A freed BO is unmapped at once; work in flight keeps the memory.
	 * The BO left the registry before this, so an accel_bo_map() that
	 * raced the free either mapped before (and is undone here) or sees
	 * the BO gone under the lock and maps nothing: a map call swaps
	 * BO_MAPPING in, then checks liveness; the free cleared liveness,
	 * then reads map_ptr here (all seq_cst): either this sees the mark
	 * or the mapping (and takes the lock) or the map sees the BO dead.
	 * A free that reads NULL skips the lock (most BOs are never mapped).
	 */
	if (__atomic_load_n(&bo->map_ptr, __ATOMIC_SEQ_CST)) {
		pthread_mutex_lock(&bo->map_lock);
		bo_unmap_locked(bo);
		pthread_mutex_unlock(&bo->map_lock);
	}
	/* nobody else held it: released without another atomic */
	if (ret == ACCEL_OBJ_LAST)
		accel_obj_release(&bo->obj);
	else
		accel_obj_put(&bo->obj);
	return 0;
}

ACCEL_EXPORT ACCEL_HOT_ENTRY int accel_bo_free(struct accel_bo *bo)
{
	int ret;

	accel_call_begin();
	ret = bo ? accel_bo_kill(bo) : accel_set_reason(-EINVAL, "bo is NULL");
	if (ret == -ESTALE)
		accel_set_reason(ret, "not a live BO");
	return accel_fail(__func__, ret);
}

ACCEL_EXPORT void *accel_bo_map(struct accel_bo *bo)
{
	struct accel_bo *b;
	void *ptr = NULL;
	int err;

	accel_call_begin();
	b = accel_bo_get_checked(bo, &err);
	if (!b)
		goto fail;
	bo = b;
	if (!bo->ctx->ops->bo_map) {
		err = accel_set_reason(-EOPNOTSUPP, "the %s provider cannot map BOs",
				       bo->ctx->dev->provider->name);
		goto put;
	}
	pthread_mutex_lock(&bo->map_lock);
	/* before the liveness check: see accel_bo_kill */
	if (!get_map_ptr(bo))
		(void)__atomic_exchange_n(&bo->map_ptr, BO_MAPPING, __ATOMIC_SEQ_CST);
	err = 0;
	if (!accel_obj_live(&bo->obj)) {
		/* freed by another thread since the lookup: see accel_bo_kill */
		err = accel_set_reason(-ESTALE, "the BO was freed by another thread");
	} else if (get_map_ptr(bo) == BO_MAPPING) {
		err = bo->ctx->ops->bo_map(bo, &ptr);
		if (!err)
			set_map_ptr(bo, ptr);
	}
	if (get_map_ptr(bo) == BO_MAPPING)
		set_map_ptr(bo, NULL);
	ptr = err ? NULL : get_map_ptr(bo);
	pthread_mutex_unlock(&bo->map_lock);
put:
	accel_bo_put(b);
fail:
	if (err)
		return accel_fail_ptr(__func__, err);
	return ptr;
}

ACCEL_EXPORT int accel_bo_unmap(struct accel_bo *bo)
{
	struct accel_bo *b;
	int ret;

	accel_call_begin();
	b = accel_bo_get_checked(bo, &ret);
	if (!b)
		goto out;
	bo = b;
	pthread_mutex_lock(&bo->map_lock);
	if (!get_map_ptr(bo)) {
		ret = accel_set_reason(-EINVAL, "the BO is not mapped");
	} else {
		ret = bo->ctx->ops->bo_unmap ? bo->ctx->ops->bo_unmap(bo, get_map_ptr(bo)) : 0;
		if (!ret)
			set_map_ptr(bo, NULL);
	}
	pthread_mutex_unlock(&bo->map_lock);
	accel_bo_put(b);
out:
	return accel_fail(__func__, ret);
}

/* The getters: a stale or NULL BO answers 0/NULL with errno set */
static bool bo_read(const struct accel_bo *bo, struct accel_bo *out,
		    const char *func)
{
	struct accel_bo *b;
	int err;

	accel_call_begin();
	b = accel_bo_get_checked(bo, &err);
	if (!b) {
		accel_fail_ptr(func, err);
		return false;
	}
	out->size = b->size;
	out->device_addr = b->device_addr;
	out->ctx = accel_obj_handle(&b->ctx->obj);
	accel_bo_put(b);
	return true;
}

ACCEL_EXPORT uint64_t accel_bo_size(const struct accel_bo *bo)
{
	struct accel_bo v;

	return bo_read(bo, &v, __func__) ? v.size : 0;
}

ACCEL_EXPORT uint64_t accel_bo_device_addr(const struct accel_bo *bo)
{
	struct accel_bo v;

	return bo_read(bo, &v, __func__) ? v.device_addr : 0;
}

ACCEL_EXPORT struct accel_context *accel_bo_context(const struct accel_bo *bo)
{
	struct accel_bo v;

	return bo_read(bo, &v, __func__) ? v.ctx : NULL;
}

/*
 * The core knows which running jobs list the BO and how, so every
 * provider waits for them the same way; then the provider's own bracket
 * (cache maintenance, a dma-buf sync) if the memory needs one.
 */
static int wait_bo_users(struct accel_bo *bo, uint32_t access, int64_t deadline)
{
	struct accel_context *ctx = bo->ctx;
	struct accel_queue **qs = NULL;
	struct accel_list *l;
	size_t n = 0, i;
	int ret = 0;

	accel_lock(&ctx->lock);
	for (l = ctx->queues.next; l != &ctx->queues; l = l->next)
		n++;
	qs = n ? calloc(n, sizeof(*qs)) : NULL;
	if (n && !qs) {
		accel_unlock(&ctx->lock);
		return -ENOMEM;
	}
	i = 0;
	for (l = ctx->queues.next; l != &ctx->queues; l = l->next) {
		qs[i] = container_of(l, struct accel_queue, link);
		accel_obj_ref(&qs[i++]->obj);
	}
	accel_unlock(&ctx->lock);
	for (i = 0; i < n; i++) {
		if (!ret)
			ret = accel_ring_wait_bo(qs[i], bo, access, deadline);
		accel_queue_put(qs[i]);
	}
	free(qs);
	if (ret == -ETIMEDOUT)
		accel_set_reason(ret, "work that uses the BO did not finish in time");
	return ret;
}

ACCEL_EXPORT int accel_bo_cpu_prep(struct accel_bo *bo, uint32_t access,
				   int64_t timeout_ns)
{
	int64_t deadline = accel_deadline(timeout_ns);
	struct accel_bo *b;
	int ret;

	accel_call_begin();
	b = accel_bo_get_checked(bo, &ret);
	if (!b)
		goto out;
	bo = b;
	ret = 0;
	if (!access || (access & ~(uint32_t)ACCEL_ACCESS_RW))
		ret = accel_set_reason(-EINVAL, "access 0x%x is not READ, WRITE or both",
				       access);
	if (!ret)
		ret = wait_bo_users(bo, access, deadline);
	if (!ret && bo->ctx->ops->bo_cpu_prep)
		ret = bo->ctx->ops->bo_cpu_prep(bo, access, deadline);
	accel_bo_put(b);
out:
	return accel_fail(__func__, ret);
}

ACCEL_EXPORT int accel_bo_cpu_fini(struct accel_bo *bo)
{
	struct accel_bo *b;
	int ret = 0;

	accel_call_begin();
	b = accel_bo_get_checked(bo, &ret);
	if (!b)
		goto out;
	bo = b;
	if (bo->ctx->ops->bo_cpu_fini)
		ret = bo->ctx->ops->bo_cpu_fini(bo);
	accel_bo_put(b);
out:
	return accel_fail(__func__, ret);
}

ACCEL_EXPORT int accel_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags)
{
	struct accel_bo *b;
	int ret;

	accel_call_begin();
	b = accel_bo_get_checked(bo, &ret);
	if (!b)
		goto out;
	bo = b;
	if (flags & ~(uint32_t)(O_CLOEXEC | O_RDWR)) {
		ret = accel_set_reason(-EINVAL, "flags 0x%x: only O_CLOEXEC and O_RDWR",
				       flags);
		goto put;
	}
	if (!bo->ctx->ops->bo_export_dmabuf) {
		ret = accel_set_reason(-EOPNOTSUPP, "the %s provider cannot export dma-bufs",
				       bo->ctx->dev->provider->name);
		goto put;
	}
	/* the library's fds are close-on-exec, exported ones too */
	ret = bo->ctx->ops->bo_export_dmabuf(bo, flags | O_CLOEXEC);
put:
	accel_bo_put(b);
out:
	return accel_fail(__func__, ret);
}

ACCEL_EXPORT ACCEL_HOT_ENTRY struct accel_bo *
accel_bo_import_dmabuf(struct accel_context *ctx, int dmabuf_fd)
{
	struct accel_bo *bo = NULL;
	struct accel_context *c;
	int err;

	accel_call_begin();
	c = accel_ctx_get(ctx, &err);
	if (!c)
		goto fail;
	ctx = c;
	if (!ctx->ops->bo_import_dmabuf) {
		err = accel_set_reason(-EOPNOTSUPP, "the %s provider cannot import dma-bufs",
				       ctx->dev->provider->name);
		goto put;
	}
	/*
	 * One call: open, a dma-buf (unless the kernel checks it) and the
	 * size the provider asks for
	 */
	err = (int)accel_dmabuf_import_begin(dmabuf_fd,
					     !ctx->ops->import_checked_by_kernel);
	if (err == -EBADF) {
		err = accel_set_reason(-EBADF, "fd %d is not open", dmabuf_fd);
		goto put;
	}
	if (err < 0)
		goto not_dmabuf;
	errno = 0;
	bo = ctx->ops->bo_import_dmabuf(ctx, dmabuf_fd);
	accel_dmabuf_import_end();
	err = 0;
	if (!bo) {
		err = errno ? -errno : -ENOMEM;
		/* the kernel refused it: say so when it is no dma-buf at all */
		if (err == -EINVAL && ctx->ops->import_checked_by_kernel &&
		    accel_dmabuf_check(dmabuf_fd) == -EINVAL)
			goto not_dmabuf;
		goto put;
	}
	bo->imported = true;
	/* the call's reference to the context is the BO's now */
	bo = bo_publish_owned(ctx, bo);
	if (!bo)
		return accel_fail_ptr(__func__, -errno);
	return bo;
not_dmabuf:
	err = accel_set_reason(-EINVAL, "fd %d is not a dma-buf", dmabuf_fd);
put:
	accel_ctx_put(c);
fail:
	if (err)
		return accel_fail_ptr(__func__, err);
	return bo;
}
