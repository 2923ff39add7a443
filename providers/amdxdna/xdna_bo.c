// SPDX-License-Identifier: MIT
/*
 * amdxdna provider: buffer objects.
 *
 * CREATE_BO makes SHARE and CMD BOs (shmem, mapped through the mmap offset
 * GET_BO_INFO gives), the DEV_HEAP and DEV BOs carved from it. On an SVA
 * system the device address of a SHARE BO is the user address of its
 * first mapping (amdxdna_obj_dma_addr()), so every BO is mapped once at
 * creation and stays mapped; accel_bo_map() hands that mapping out. DEV
 * BOs live inside the heap's mapping, which must exist before the first
 * one (amdxdna_init_dev_bo(): -EAGAIN otherwise).
 *
 * The NPU does not snoop CPU caches: accel_bo_cpu_prep()/fini() flush
 * the BO with SYNC_BO. 7.2's FROM_DEVICE direction also looks the BO up as
 * a context's debug BO and answers -EINVAL for any other after flushing,
 * and the flush (clflush) writes back and invalidates either way, so both
 * brackets use TO_DEVICE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "amdxdna.h"

static int create_bo(int fd, uint32_t type, uint64_t size, uint64_t vaddr,
		     uint32_t *handle)
{
	struct amdxdna_drm_create_bo a = { .size = size, .type = type, .vaddr = vaddr };
	int ret = accel_ioctl(fd, DRM_IOCTL_AMDXDNA_CREATE_BO, &a);

	if (!ret)
		*handle = a.handle;
	return ret;
}

static int bo_info(int fd, uint32_t handle, struct amdxdna_drm_get_bo_info *a)
{
	memset(a, 0, sizeof(*a));
	a->handle = handle;
	return accel_ioctl(fd, DRM_IOCTL_AMDXDNA_GET_BO_INFO, a);
}

static const char *type_name(uint32_t type)
{
	switch (type) {
	case AMDXDNA_BO_SHARE:
		return "SHARE";
	case AMDXDNA_BO_DEV_HEAP:
		return "DEV_HEAP";
	case AMDXDNA_BO_DEV:
		return "DEV";
	case AMDXDNA_BO_CMD:
		return "CMD";
	default:
		return "?";
	}
}

/* The file's DEV heap: one DEV_HEAP BO, mapped. Called on first need. */
int xdna_heap_ensure(struct xdna_context *ctx)
{
	int fd = ctx->base.fd;
	struct amdxdna_drm_get_bo_info info;
	uint32_t handle;
	int ret = 0;

	pthread_mutex_lock(&ctx->heap_lock);
	if (ctx->heap_handle)
		goto out;
	ret = create_bo(fd, AMDXDNA_BO_DEV_HEAP, XDNA_DEVM_SIZE, 0, &handle);
	if (ret) {
		accel_set_reason(ret, "amdxdna: CREATE_BO(DEV_HEAP, %llu bytes): %s",
				 (unsigned long long)XDNA_DEVM_SIZE, strerror(-ret));
		goto out;
	}
	ret = bo_info(fd, handle, &info);
	if (!ret)
		ret = accel_gem_mmap(fd, info.map_offset, XDNA_DEVM_SIZE,
				     PROT_READ | PROT_WRITE, &ctx->heap_map);
	if (ret) {
		accel_gem_close(fd, handle);
		accel_set_reason(ret, "amdxdna: cannot map the DEV heap: %s", strerror(-ret));
		goto out;
	}
	ctx->heap_handle = handle;
	ctx->heap_size = XDNA_DEVM_SIZE;
out:
	pthread_mutex_unlock(&ctx->heap_lock);
	return ret;
}

void xdna_heap_fini(struct xdna_context *ctx)
{
	if (!ctx->heap_handle)
		return;
	accel_gem_munmap(ctx->heap_map, ctx->heap_size);
	accel_gem_close(ctx->base.fd, ctx->heap_handle);
	ctx->heap_handle = 0;
}

/* Map a SHARE/CMD BO (or an import) and learn its device address */
static int bo_setup(struct xdna_context *ctx, struct xdna_bo *bo)
{
	int fd = ctx->base.fd;
	struct amdxdna_drm_get_bo_info info;
	int ret;

	ret = bo_info(fd, bo->handle, &info);
	if (ret)
		return accel_set_reason(ret, "amdxdna: GET_BO_INFO: %s", strerror(-ret));
	if (bo->type == AMDXDNA_BO_DEV) {
		/* inside the heap mapping: vaddr is the heap's uva + offset */
		bo->map = (char *)ctx->heap_map + (info.xdna_addr - XDNA_DEVM_BASE);
		bo->base.device_addr = info.xdna_addr;
		return 0;
	}
	if (!bo->map) {
		ret = accel_gem_mmap(fd, info.map_offset, bo->map_size,
				     PROT_READ | PROT_WRITE, &bo->map);
		if (ret && bo->base.imported)
			ret = accel_gem_mmap_dmabuf(fd, bo->handle, bo->map_size,
						    PROT_READ | PROT_WRITE, &bo->map);
		if (ret)
			return accel_set_reason(ret, "amdxdna: cannot map BO %u: %s",
						bo->handle, strerror(-ret));
		/* the first mapping set the device address (SVA) */
		ret = bo_info(fd, bo->handle, &info);
		if (ret)
			return accel_set_reason(ret, "amdxdna: GET_BO_INFO: %s", strerror(-ret));
	}
	bo->base.device_addr = info.xdna_addr == AMDXDNA_INVALID_ADDR ? 0 : info.xdna_addr;
	return 0;
}

static void bo_free(struct xdna_context *ctx, struct xdna_bo *bo)
{
	if (bo->type == AMDXDNA_BO_DEV) {
		pthread_mutex_lock(&ctx->heap_lock);
		ctx->heap_used -= bo->heap_bytes;
		pthread_mutex_unlock(&ctx->heap_lock);
	} else if (bo->map && bo->map_size && !bo->user) {
		accel_gem_munmap(bo->map, bo->map_size);
	}
	accel_gem_bo_free(&ctx->gem, bo->handle, bo, sizeof(*bo));
}

/* A BO of a CREATE_BO type, set up but not published; NULL + errno */
struct accel_bo *xdna_bo_create(struct accel_context *c, uint32_t type, uint64_t size,
				uint32_t flags)
{
	struct xdna_context *ctx = to_xdna_ctx(c);
	uint64_t rounded = (size + ctx->page_size - 1) & ~(ctx->page_size - 1);
	struct xdna_bo *bo;
	int ret;

	if (type != AMDXDNA_BO_SHARE && type != AMDXDNA_BO_CMD && type != AMDXDNA_BO_DEV) {
		errno = -accel_set_reason(-EINVAL,
					  "amdxdna: BO type %u: SHARE (1), DEV (3) or CMD (4); the provider owns the DEV heap",
					  type);
		return NULL;
	}
	if (type == AMDXDNA_BO_DEV) {
		ret = xdna_heap_ensure(ctx);
		if (ret) {
			errno = -ret;
			return NULL;
		}
		if (size > ctx->heap_size) {
			errno = -accel_set_reason(-EINVAL,
						  "amdxdna: a DEV BO of %llu bytes does not fit the %llu-byte DEV heap",
						  (unsigned long long)size,
						  (unsigned long long)ctx->heap_size);
			return NULL;
		}
	}
	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo)
		return NULL;
	bo->type = type;
	ret = create_bo(c->fd, type, size, 0, &bo->handle);
	if (ret) {
		free(bo);
		errno = -accel_set_reason(ret, "amdxdna: CREATE_BO(%s, %llu bytes): %s%s",
					  type_name(type), (unsigned long long)size, strerror(-ret),
					  ret == -ENOSPC || ret == -ENOMEM ?
						  " (the DEV heap is full)" : "");
		return NULL;
	}
	/* on failure the table has closed the handle */
	ret = accel_gem_handle_add(&ctx->gem, bo->handle);
	if (ret) {
		free(bo);
		errno = -ret;
		return NULL;
	}
	if (type == AMDXDNA_BO_DEV) {
		bo->heap_bytes = (rounded + XDNA_DEV_BO_ALIGN - 1) & ~(XDNA_DEV_BO_ALIGN - 1);
		pthread_mutex_lock(&ctx->heap_lock);
		ctx->heap_used += bo->heap_bytes;
		pthread_mutex_unlock(&ctx->heap_lock);
	} else {
		bo->map_size = rounded;
	}
	ret = bo_setup(ctx, bo);
	if (ret) {
		bo_free(ctx, bo);
		errno = -ret;
		return NULL;
	}
	accel_init_bo(&bo->base, c, rounded, flags | ACCEL_BO_HOST_VISIBLE);
	return &bo->base;
}

struct accel_bo *xdna_bo_alloc(struct accel_context *c, const struct accel_bo_alloc_args *args)
{
	uint32_t type = AMDXDNA_BO_SHARE;

	if (args->comp_mask & ACCEL_BO_ALLOC_DOMAIN) {
		static const uint32_t types[XDNA_NUM_DOMAINS] = {
			AMDXDNA_BO_SHARE, AMDXDNA_BO_CMD, AMDXDNA_BO_DEV
		};

		if (args->domain >= XDNA_NUM_DOMAINS) {
			errno = -accel_set_reason(-EINVAL,
						  "amdxdna: domain %u: 0 share, 1 cmd, 2 dev",
						  args->domain);
			return NULL;
		}
		type = types[args->domain];
	} else if (args->usage == ACCEL_BO_USAGE_COMMAND) {
		type = AMDXDNA_BO_CMD;
	} else if (args->flags & ACCEL_BO_DEVICE_LOCAL) {
		type = AMDXDNA_BO_DEV;
	}
	/* amdxdna_cmd_submit() takes the command BO as a SHARE-type object */
	if (args->usage == ACCEL_BO_USAGE_COMMAND && type == AMDXDNA_BO_DEV) {
		errno = -accel_set_reason(-EINVAL,
					  "amdxdna: a command BO cannot be a DEV BO (the kernel looks it up as SHARE)");
		return NULL;
	}
	return xdna_bo_create(c, type, args->size, args->flags);
}

void xdna_bo_destroy(struct accel_bo *b)
{
	bo_free(to_xdna_ctx(b->ctx), to_xdna_bo(b));
}

int xdna_bo_map(struct accel_bo *b, void **ptr)
{
	struct xdna_bo *bo = to_xdna_bo(b);

	if (!bo->map)
		return accel_set_reason(-EOPNOTSUPP, "amdxdna: BO %u could not be mapped",
					bo->handle);
	*ptr = bo->map;
	return 0;
}

/* the mapping lives as long as the BO: its device address depends on it */
int xdna_bo_unmap(struct accel_bo *b, void *ptr)
{
	(void)b;
	(void)ptr;
	return 0;
}

static int sync_bo(struct accel_bo *b, uint32_t dir, uint64_t off, uint64_t size)
{
	struct xdna_bo *bo = to_xdna_bo(b);
	struct amdxdna_drm_sync_bo a = {
		.handle = bo->handle, .direction = dir, .offset = off, .size = size,
	};

	return accel_ioctl(b->ctx->fd, DRM_IOCTL_AMDXDNA_SYNC_BO, &a);
}

/* imported and user BOs are the exporter's to flush (amdxdna_flush_bo()) */
static int flush_whole(struct accel_bo *b, const char *what)
{
	int ret;

	if (b->imported || to_xdna_bo(b)->user)
		return 0;
	ret = sync_bo(b, SYNC_DIRECT_TO_DEVICE, 0, b->size);
	if (ret)
		return accel_set_reason(ret, "amdxdna: %s: SYNC_BO: %s", what, strerror(-ret));
	return 0;
}

int xdna_bo_cpu_prep(struct accel_bo *b, uint32_t access, int64_t deadline)
{
	(void)access;
	(void)deadline;	/* the core has waited for the BO's jobs */
	return flush_whole(b, "cpu_prep");
}

int xdna_bo_cpu_fini(struct accel_bo *b)
{
	return flush_whole(b, "cpu_fini");
}

int xdna_bo_export_dmabuf(struct accel_bo *b, uint32_t flags)
{
	struct xdna_bo *bo = to_xdna_bo(b);
	int ret;

	if (bo->type == AMDXDNA_BO_DEV)
		return accel_set_reason(-EOPNOTSUPP,
					"amdxdna: DEV BOs are not exportable (heap memory); use the share domain");
	if (bo->user)
		return accel_set_reason(-EOPNOTSUPP,
					"amdxdna: a BO of user memory is not exportable");
	ret = accel_gem_export_dmabuf(b->ctx->fd, bo->handle, flags);
	if (ret < 0)
		accel_set_reason(ret, "amdxdna: PRIME export of BO %u: %s", bo->handle,
				 strerror(-ret));
	return ret;
}

struct accel_bo *xdna_bo_import_dmabuf(struct accel_context *c, int dmabuf_fd)
{
	struct xdna_context *ctx = to_xdna_ctx(c);
	struct xdna_bo *bo;
	int64_t size;
	int ret;

	size = accel_dmabuf_size(dmabuf_fd);
	if (size <= 0) {
		errno = -accel_set_reason(size ? (int)size : -EINVAL,
					  "amdxdna: fd %d is not a dma-buf", dmabuf_fd);
		return NULL;
	}
	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo)
		return NULL;
	/* the file's own handle when it has one for this dma-buf, counted */
	ret = accel_gem_import_dmabuf(&ctx->gem, dmabuf_fd, &bo->handle);
	if (ret) {
		free(bo);
		errno = -accel_set_reason(ret, "amdxdna: PRIME import: %s", strerror(-ret));
		return NULL;
	}
	bo->type = AMDXDNA_BO_SHARE;	/* amdxdna_gem_prime_import() */
	bo->map_size = (uint64_t)size;
	bo->base.imported = true;
	ret = bo_setup(ctx, bo);
	if (ret) {
		bo_free(ctx, bo);
		errno = -ret;
		return NULL;
	}
	accel_init_bo(&bo->base, c, (uint64_t)size, ACCEL_BO_HOST_VISIBLE);
	bo->base.imported = true;
	return &bo->base;
}

/* ------------------------------------------------------------------------ */
/* amdxdnadv: BOs                                                           */
/* ------------------------------------------------------------------------ */

XDNA_EXPORT struct accel_bo *amdxdnadv_bo_alloc(struct accel_context *ctx, uint32_t type,
						uint64_t size)
{
	struct accel_bo *bo;
	int ret;

	if (!size) {
		errno = -accel_set_reason(-EINVAL, "amdxdnadv_bo_alloc: size 0");
		return NULL;
	}
	ret = accel_context_lookup_prov(&ctx, &xdna_provider);
	if (ret) {
		errno = -accel_set_reason(ret, "amdxdnadv_bo_alloc: not a live amdxdna context");
		return NULL;
	}
	bo = xdna_bo_create(ctx, type, size, 0);
	if (bo)
		bo = accel_bo_publish(ctx, bo);
	ret = bo ? 0 : errno;
	accel_context_put(ctx);
	errno = ret;
	return bo;
}

XDNA_EXPORT struct accel_bo *amdxdnadv_bo_from_user(struct accel_context *c, void *ptr,
						    uint64_t size)
{
	/* the table with room for its one entry (ISO C: a struct with a
	 * flexible array may be a union member, not a struct's inner one) */
	union {
		struct amdxdna_drm_va_tbl tbl;
		unsigned char room[sizeof(struct amdxdna_drm_va_tbl) +
				   sizeof(struct amdxdna_drm_va_entry)];
	} va = { .room = { 0 } };
	struct xdna_context *ctx;
	struct xdna_bo *bo = NULL;
	int ret;

	ret = accel_context_lookup_prov(&c, &xdna_provider);
	if (ret) {
		errno = -accel_set_reason(ret, "amdxdnadv_bo_from_user: not a live amdxdna context");
		return NULL;
	}
	ctx = to_xdna_ctx(c);
	if (!ptr || !size || ((uintptr_t)ptr | size) & (ctx->page_size - 1)) {
		ret = accel_set_reason(-EINVAL,
				       "amdxdnadv_bo_from_user: ptr and size must be page aligned, not NULL or 0 (amdxdna_get_ubuf())");
		goto out;
	}
	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo) {
		ret = -ENOMEM;
		goto out;
	}
	va.tbl.dmabuf_fd = -1;
	va.tbl.num_entries = 1;
	va.tbl.va_entries[0].vaddr = (uintptr_t)ptr;
	va.tbl.va_entries[0].len = size;
	bo->type = AMDXDNA_BO_SHARE;
	bo->user = true;
	bo->map = ptr;
	ret = create_bo(c->fd, AMDXDNA_BO_SHARE, size, (uintptr_t)&va, &bo->handle);
	if (ret) {
		accel_set_reason(ret, "amdxdnadv_bo_from_user: CREATE_BO with a VA table: %s",
				 strerror(-ret));
		free(bo);
		bo = NULL;
		goto out;
	}
	ret = accel_gem_handle_add(&ctx->gem, bo->handle);
	if (ret) {
		free(bo);
		bo = NULL;
		goto out;
	}
	ret = bo_setup(ctx, bo);
	if (ret) {
		bo_free(ctx, bo);
		bo = NULL;
		goto out;
	}
	accel_init_bo(&bo->base, c, size, ACCEL_BO_HOST_VISIBLE);
	bo = to_xdna_bo(accel_bo_publish(c, &bo->base));
	ret = bo ? 0 : -errno;
out:
	accel_context_put(c);
	errno = -ret;
	return bo ? &bo->base : NULL;
}

XDNA_EXPORT int amdxdnadv_bo_info(struct accel_bo *b, struct amdxdnadv_bo_info *info,
				  size_t info_size)
{
	struct amdxdnadv_bo_info tmp = { 0 };
	struct amdxdna_drm_get_bo_info a;
	int ret;

	if (!info || !info_size)
		return accel_set_reason(-EINVAL, "amdxdnadv_bo_info: NULL info");
	ret = accel_bo_lookup_prov(&b, &xdna_provider);
	if (ret)
		return accel_set_reason(ret, "amdxdnadv_bo_info: not a live amdxdna BO");
	ret = bo_info(b->ctx->fd, to_xdna_bo(b)->handle, &a);
	if (ret) {
		accel_set_reason(ret, "amdxdnadv_bo_info: GET_BO_INFO: %s", strerror(-ret));
	} else {
		tmp.handle = to_xdna_bo(b)->handle;
		tmp.type = to_xdna_bo(b)->type;
		tmp.map_offset = a.map_offset;
		tmp.vaddr = a.vaddr;
		tmp.xdna_addr = a.xdna_addr;
		memset(info, 0, info_size);
		memcpy(info, &tmp, info_size < sizeof(tmp) ? info_size : sizeof(tmp));
	}
	accel_bo_put(b);
	return ret;
}

XDNA_EXPORT int amdxdnadv_bo_sync(struct accel_bo *b, uint32_t direction, uint64_t offset,
				  uint64_t size)
{
	int ret;

	ret = accel_bo_lookup_prov(&b, &xdna_provider);
	if (ret)
		return accel_set_reason(ret, "amdxdnadv_bo_sync: not a live amdxdna BO");
	ret = sync_bo(b, direction, offset, size);
	if (ret)
		accel_set_reason(ret, "amdxdnadv_bo_sync: SYNC_BO(%s, %llu+%llu): %s",
				 direction ? "FROM_DEVICE" : "TO_DEVICE",
				 (unsigned long long)offset, (unsigned long long)size,
				 strerror(-ret));
	accel_bo_put(b);
	return ret;
}
