// SPDX-License-Identifier: MIT
/*
 * habanalabs provider: buffer objects.
 *
 * - Device memory (default, or ACCEL_BO_DEVICE_LOCAL): HL_MEM_OP_ALLOC in
 *   whole DRAM pages, then HL_MEM_OP_MAP for its device VA. The CPU cannot
 *   map it (accel_bo_map: EOPNOTSUPP); it exports as a dma-buf.
 * - Host memory (ACCEL_BO_HOST_VISIBLE): page-aligned anonymous memory
 *   mapped with HL_MEM_OP_MAP|HL_MEM_USERPTR; accel_bo_map answers it; the
 *   kernel does not export it (EOPNOTSUPP here).
 * - Command buffers (hldv_cb_alloc): HL_CB create with HL_CB_FLAGS_MAP,
 *   mmap()ed with the handle as the offset.
 * accel_bo_size() is the requested size rounded up to 4 KiB.
 * Device memory needs the device MMU of Gaudi2; on Goya and Gaudi, where
 * the kernel leaves DRAM placement to the user, it is EOPNOTSUPP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hl.h"

/*
 * hldv BOs other than plain allocations go through accel_bo_alloc(), so
 * the core enters them in its registry like any BO: the request for the
 * provider's bo_alloc op waits in a thread-local variable.
 */
struct hl_alloc_req {
	enum hl_bo_kind kind;
	void *addr;
};

static __thread struct hl_alloc_req *alloc_req;

static int alloc_userptr(struct hl_bo *bo, void *addr, uint64_t size);
static int alloc_cb(struct hl_bo *bo, uint64_t size);

static int mem_ioctl(struct accel_context *ctx, union hl_mem_args *a)
{
	return hl_ioctl(ctx->fd, DRM_IOCTL_HL_MEMORY, a);
}

static int unmap_va(struct accel_context *ctx, uint64_t va)
{
	union hl_mem_args a = { 0 };

	a.in.op = HL_MEM_OP_UNMAP;
	a.in.unmap.device_virt_addr = va;
	return mem_ioctl(ctx, &a);
}

static int map_host(struct accel_context *ctx, void *addr, uint64_t size, uint64_t *va)
{
	union hl_mem_args a = { 0 };
	int ret;

	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = HL_MEM_USERPTR;
	a.in.map_host.host_virt_addr = (uintptr_t)addr;
	a.in.map_host.mem_size = size;
	ret = mem_ioctl(ctx, &a);
	if (!ret)
		*va = a.out.device_virt_addr;
	return ret;
}

static int alloc_dram(struct hl_bo *bo, uint64_t size, uint32_t flags)
{
	struct accel_context *ctx = bo->base.ctx;
	union hl_mem_args a = { 0 };
	uint64_t handle;
	int ret;

	if (!to_hl_ctx(ctx)->dram_virtual) {
		accel_dbg("%s: device memory of Goya/Gaudi is managed by the user, not by this provider",
			  ctx->dev->name);
		return -EOPNOTSUPP;
	}
	hl_reap_zombies(to_hl_ctx(ctx));

	a.in.op = HL_MEM_OP_ALLOC;
	a.in.alloc.mem_size = size;
	if (flags & ACCEL_BO_CONTIGUOUS)
		a.in.flags |= HL_MEM_CONTIGUOUS;
	ret = mem_ioctl(ctx, &a);
	if (ret)
		return ret;
	handle = a.out.handle;

	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_MAP;
	a.in.map_device.handle = handle;
	ret = mem_ioctl(ctx, &a);
	if (ret) {
		memset(&a, 0, sizeof(a));
		a.in.op = HL_MEM_OP_FREE;
		a.in.free.handle = handle;
		mem_ioctl(ctx, &a);
		return ret;
	}
	bo->kind = HL_BO_DRAM;
	bo->handle = handle;
	bo->base.device_addr = a.out.device_virt_addr;
	return 0;
}

static int alloc_host(struct hl_bo *bo, uint64_t size)
{
	void *p;
	int ret;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	ret = map_host(bo->base.ctx, p, size, &bo->base.device_addr);
	if (ret) {
		munmap(p, size);
		return ret;
	}
	bo->kind = HL_BO_HOST;
	bo->host = p;
	bo->host_len = size;
	return 0;
}

struct accel_bo *hl_bo_alloc(struct accel_context *ctx, uint64_t size, uint32_t flags)
{
	struct hl_bo *bo;
	uint64_t len;
	int ret;

	if (!size || size > UINT64_MAX - HL_PAGE_SIZE) {
		errno = EINVAL;
		return NULL;
	}
	len = (size + HL_PAGE_SIZE - 1) & ~(HL_PAGE_SIZE - 1);
	bo = calloc(1, sizeof(*bo));
	if (!bo)
		return NULL;
	accel_init_bo(&bo->base, ctx, alloc_req ? size : len, flags);
	if (alloc_req && alloc_req->kind == HL_BO_USERPTR)
		ret = alloc_userptr(bo, alloc_req->addr, size);
	else if (alloc_req)
		ret = alloc_cb(bo, size);
	/* CPU-visible wins: Gaudi's DRAM is not CPU-mappable */
	else if (flags & ACCEL_BO_HOST_VISIBLE)
		ret = alloc_host(bo, len);
	else
		ret = alloc_dram(bo, len, flags);
	if (ret) {
		free(bo);
		errno = -ret;
		return NULL;
	}
	return &bo->base;
}

static int free_handle(struct accel_context *ctx, uint64_t handle)
{
	union hl_mem_args a = { 0 };

	a.in.op = HL_MEM_OP_FREE;
	a.in.free.handle = handle;
	return mem_ioctl(ctx, &a);
}

/* unmap and free what exported dma-bufs kept; drop what is done */
void hl_reap_zombies(struct hl_context *ctx)
{
	struct hl_zombie **pp, *z;

	pthread_mutex_lock(&ctx->zombie_lock);
	for (pp = &ctx->zombies; (z = *pp);) {
		if (unmap_va(&ctx->base, z->va) == -EINVAL) {
			pp = &z->next;	/* still exported */
			continue;
		}
		free_handle(&ctx->base, z->handle);
		*pp = z->next;
		free(z);
	}
	pthread_mutex_unlock(&ctx->zombie_lock);
}

/* at close: the kernel releases the memory with the file */
void hl_free_zombies(struct hl_context *ctx)
{
	while (ctx->zombies) {
		struct hl_zombie *z = ctx->zombies;

		ctx->zombies = z->next;
		free(z);
	}
}

static void destroy_dram(struct hl_bo *bo)
{
	struct hl_context *ctx = to_hl_ctx(bo->base.ctx);
	struct hl_zombie *z;

	if (unmap_va(&ctx->base, bo->base.device_addr) != -EINVAL) {
		free_handle(&ctx->base, bo->handle);
		return;
	}
	/* exported: the kernel keeps it mapped while a dma-buf is open */
	z = malloc(sizeof(*z));
	if (!z)
		return;	/* the kernel frees it when the device is closed */
	z->handle = bo->handle;
	z->va = bo->base.device_addr;
	pthread_mutex_lock(&ctx->zombie_lock);
	z->next = ctx->zombies;
	ctx->zombies = z;
	pthread_mutex_unlock(&ctx->zombie_lock);
}

void hl_bo_destroy(struct accel_bo *b)
{
	struct hl_bo *bo = to_hl_bo(b);
	struct accel_context *ctx = b->ctx;
	union hl_cb_args cb = { 0 };

	switch (bo->kind) {
	case HL_BO_DRAM:
		destroy_dram(bo);
		break;
	case HL_BO_HOST:
		unmap_va(ctx, b->device_addr);
		munmap(bo->host, bo->host_len);
		break;
	case HL_BO_USERPTR:
		unmap_va(ctx, b->device_addr);
		break;
	case HL_BO_CB:
		munmap(bo->host, bo->host_len);
		cb.in.op = HL_CB_OP_DESTROY;
		cb.in.cb_handle = bo->handle;
		hl_ioctl(ctx->fd, DRM_IOCTL_HL_CB, &cb);
		break;
	}
	free(bo);
}

int hl_bo_map(struct accel_bo *b, void **ptr)
{
	struct hl_bo *bo = to_hl_bo(b);

	if (bo->kind == HL_BO_DRAM)
		return -EOPNOTSUPP;	/* device DRAM is behind no CPU mapping */
	*ptr = bo->host;
	return 0;
}

int hl_bo_unmap(struct accel_bo *b, void *ptr)
{
	/* the host and CB mappings live as long as the BO */
	return 0;
}

static int export(struct hl_bo *bo, uint64_t offset, uint64_t size, uint32_t flags)
{
	union hl_mem_args a = { 0 };
	int ret;

	if (bo->kind != HL_BO_DRAM)
		return -EOPNOTSUPP;	/* the kernel exports device memory only */
	a.in.op = HL_MEM_OP_EXPORT_DMABUF_FD;
	a.in.flags = flags;
	a.in.export_dmabuf_fd.addr = bo->base.device_addr;
	a.in.export_dmabuf_fd.mem_size = size;
	a.in.export_dmabuf_fd.offset = offset;
	ret = mem_ioctl(bo->base.ctx, &a);
	return ret ? ret : a.out.fd;
}

int hl_bo_export_dmabuf(struct accel_bo *b, uint32_t flags)
{
	return export(to_hl_bo(b), 0, b->size, flags);
}

/* ------------------------------------------------------------------------ */
/* hldv                                                                     */
/* ------------------------------------------------------------------------ */

HLDV_EXPORT int hldv_bo_export_dmabuf(struct accel_bo *b, uint64_t offset,
				      uint64_t size, uint32_t flags)
{
	struct accel_context *ctx;
	int ret;

	if (!b)
		return -EINVAL;
	if (flags & ~(uint32_t)(O_CLOEXEC | O_RDWR))
		return -EINVAL;
	/* look the BO up before touching it; the reference holds its context */
	ctx = accel_bo_context(b);
	if (!ctx)
		return -errno;
	ret = accel_bo_lookup(ctx, b);
	if (ret)
		return ret;
	if (!hl_is_ctx(ctx))
		ret = -EOPNOTSUPP;
	else if (offset + size < offset || offset + size > b->size)
		ret = -EINVAL;
	else
		ret = export(to_hl_bo(b), offset, size, flags | O_CLOEXEC);
	accel_bo_put(b);
	return ret;
}

static struct accel_bo *alloc_special(struct accel_context *ctx, uint64_t size,
				      struct hl_alloc_req *req)
{
	struct accel_bo *bo;

	alloc_req = req;
	bo = accel_bo_alloc(ctx, size, ACCEL_BO_HOST_VISIBLE);
	alloc_req = NULL;
	return bo;
}

static int alloc_userptr(struct hl_bo *bo, void *addr, uint64_t size)
{
	int ret = map_host(bo->base.ctx, addr, size, &bo->base.device_addr);

	if (ret)
		return ret;
	bo->kind = HL_BO_USERPTR;
	bo->host = addr;
	return 0;
}

static int alloc_cb(struct hl_bo *bo, uint64_t size)
{
	struct accel_context *ctx = bo->base.ctx;
	union hl_cb_args a = { 0 };
	uint64_t len;
	void *p;
	int ret;

	if (size > HL_MAX_CB_SIZE)
		return -EINVAL;
	a.in.op = HL_CB_OP_CREATE;
	a.in.cb_size = (uint32_t)size;
	a.in.flags = HL_CB_FLAGS_MAP;
	ret = hl_ioctl(ctx->fd, DRM_IOCTL_HL_CB, &a);
	if (ret)
		return ret;
	bo->handle = a.out.cb_handle;
	/* the kernel rounds a CB up to a page; the mapping is the whole of it */
	len = size < HL_PAGE_SIZE ? HL_PAGE_SIZE : size;
	len = (len + HL_PAGE_SIZE - 1) & ~(HL_PAGE_SIZE - 1);
	memset(&a, 0, sizeof(a));
	a.in.op = HL_CB_OP_INFO;
	a.in.cb_handle = bo->handle;
	a.in.flags = HL_CB_FLAGS_GET_DEVICE_VA;
	ret = hl_ioctl(ctx->fd, DRM_IOCTL_HL_CB, &a);
	if (ret)
		goto err_destroy;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, ctx->fd, (off_t)bo->handle);
	if (p == MAP_FAILED) {
		ret = -errno;
		goto err_destroy;
	}
	bo->base.device_addr = a.out.device_va;
	bo->kind = HL_BO_CB;
	bo->host = p;
	bo->host_len = len;
	return 0;

err_destroy:
	memset(&a, 0, sizeof(a));
	a.in.op = HL_CB_OP_DESTROY;
	a.in.cb_handle = bo->handle;
	hl_ioctl(ctx->fd, DRM_IOCTL_HL_CB, &a);
	return ret;
}

HLDV_EXPORT struct accel_bo *hldv_bo_from_host(struct accel_context *ctx, void *addr,
					       uint64_t size)
{
	struct hl_alloc_req req = { .kind = HL_BO_USERPTR, .addr = addr };
	struct accel_bo *bo;
	int ret;

	if (!ctx || !addr || !size) {
		errno = EINVAL;
		return NULL;
	}
	ret = hl_check_ctx(ctx);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	bo = alloc_special(ctx, size, &req);
	accel_context_put(ctx);
	return bo;
}

HLDV_EXPORT struct accel_bo *hldv_cb_alloc(struct accel_context *ctx, uint32_t size)
{
	struct hl_alloc_req req = { .kind = HL_BO_CB };
	struct accel_bo *bo;
	int ret;

	if (!ctx || !size) {
		errno = EINVAL;
		return NULL;
	}
	ret = hl_check_ctx(ctx);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	bo = alloc_special(ctx, size, &req);
	accel_context_put(ctx);
	return bo;
}

HLDV_EXPORT uint64_t hldv_cb_handle(const struct accel_bo *b)
{
	struct accel_context *ctx = accel_bo_context(b);
	struct accel_bo *bo = (struct accel_bo *)b;
	uint64_t handle = 0;

	/* hold the BO: a concurrent free must not release it under us */
	if (!ctx || accel_bo_lookup(ctx, bo))
		return 0;
	if (hl_is_ctx(ctx) && to_hl_bo(bo)->kind == HL_BO_CB)
		handle = to_hl_bo(bo)->handle;
	accel_bo_put(bo);
	return handle;
}
