// SPDX-License-Identifier: MIT
/*
 * habanalabs provider: memory domains and buffer objects.
 *
 * - DRAM domain (the default, or ACCEL_BO_DEVICE_LOCAL): HL_MEM_OP_ALLOC in
 *   whole DRAM pages, then HL_MEM_OP_MAP for its device VA. The CPU cannot
 *   map it (accel_bo_map: EOPNOTSUPP); it exports as a dma-buf.
 * - Host domain (ACCEL_BO_HOST_VISIBLE): page-aligned anonymous memory
 *   mapped with HL_MEM_OP_MAP|HL_MEM_USERPTR; accel_bo_map answers it; the
 *   kernel does not export it (EOPNOTSUPP here).
 * - CB domain (usage ACCEL_BO_USAGE_COMMAND, or hldv_cb_alloc): HL_CB
 *   create with HL_CB_FLAGS_MAP, mmap()ed with the handle as the offset.
 * - hldv_bo_from_host: the caller's memory, MAP|USERPTR.
 * Any BO with a device VA can hold commands (Gaudi2 runs user CBs from
 * any mapped address); the CB domain is the one made for them.
 * The core calls bo_destroy once no submission lists the BO any more, so
 * UNMAP and FREE never pull memory from under a CS in flight.
 * accel_bo_size() is the requested size rounded up to 4 KiB.
 * Device memory needs the device MMU of Gaudi2; on Goya and Gaudi, where
 * the kernel leaves DRAM placement to the user, it is EOPNOTSUPP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hl.h"

struct hl_place;
static int alloc_userptr(struct hl_bo *bo, void *addr, uint64_t size,
			 const struct hl_place *pl);
static int alloc_cb(struct hl_bo *bo, uint64_t size, bool map);

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

/* where and how a BO is placed in the device VA space (hldv_*_at) */
struct hl_place {
	uint64_t hint;
	uint32_t map_flags;	/* HL_MEM_FORCE_HINT, HL_MEM_PREFETCH */
	bool shared;		/* ALLOC with HL_MEM_SHARED */
};

/* dv_bo() flags of a HL_BO_CB: created without HL_CB_FLAGS_MAP */
#define HL_CB_UNMAPPED (1u << 31)

static const struct hl_place no_place;

static uint32_t map_flags(uint32_t hldv_flags)
{
	return (hldv_flags & HLDV_MEM_FORCE_HINT ? HL_MEM_FORCE_HINT : 0) |
	       (hldv_flags & HLDV_MEM_PREFETCH ? HL_MEM_PREFETCH : 0);
}

static int map_host_at(struct accel_context *ctx, void *addr, uint64_t size,
		       const struct hl_place *pl, uint64_t *va)
{
	union hl_mem_args a = { 0 };
	int ret;

	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = HL_MEM_USERPTR | pl->map_flags;
	a.in.map_host.hint_addr = pl->hint;
	a.in.map_host.host_virt_addr = (uintptr_t)addr;
	a.in.map_host.mem_size = size;
	ret = mem_ioctl(ctx, &a);
	if (!ret)
		*va = a.out.device_virt_addr;
	return ret;
}

static int map_host(struct accel_context *ctx, void *addr, uint64_t size, uint64_t *va)
{
	return map_host_at(ctx, addr, size, &no_place, va);
}

static int alloc_dram_at(struct hl_bo *bo, uint64_t size, uint32_t flags,
			 const struct hl_place *pl)
{
	struct accel_context *ctx = bo->base.ctx;
	union hl_mem_args a = { 0 };
	uint64_t handle;
	int ret;

	hl_reap_zombies(to_hl_ctx(ctx));

	a.in.op = HL_MEM_OP_ALLOC;
	a.in.alloc.mem_size = size;
	if (flags & ACCEL_BO_CONTIGUOUS)
		a.in.flags |= HL_MEM_CONTIGUOUS;
	if (pl->shared)
		a.in.flags |= HL_MEM_SHARED;
	ret = mem_ioctl(ctx, &a);
	if (ret)
		return ret;
	handle = a.out.handle;

	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = pl->map_flags;
	a.in.map_device.hint_addr = pl->hint;
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

static int alloc_dram(struct hl_bo *bo, uint64_t size, uint32_t flags)
{
	return alloc_dram_at(bo, size, flags, &no_place);
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

/* the domain a request names, or the one its usage and flags pick */
static uint32_t pick_domain(const struct accel_bo_alloc_args *args)
{
	if (args->comp_mask & ACCEL_BO_ALLOC_DOMAIN)
		return args->domain;
	if (args->usage == ACCEL_BO_USAGE_COMMAND)
		return HL_DOMAIN_CB;
	/* CPU-visible wins: Gaudi's DRAM is not CPU-mappable */
	if (args->flags & ACCEL_BO_HOST_VISIBLE)
		return HL_DOMAIN_HOST;
	return HL_DOMAIN_DRAM;
}

/* what a domain cannot give, before any ioctl */
static int check_alloc(struct hl_context *ctx, const struct accel_bo_alloc_args *args,
		       uint32_t domain)
{
	if (!args->size || args->size > UINT64_MAX - HL_PAGE_SIZE)
		return accel_set_reason(-EINVAL, "habanalabs: size %llu",
					(unsigned long long)args->size);
	switch (domain) {
	case HL_DOMAIN_DRAM:
		if (!ctx->dram_virtual)
			return accel_set_reason(-EOPNOTSUPP,
						"habanalabs: device memory of Goya/Gaudi is the user's to place, not this provider's");
		if (args->comp_mask & ACCEL_BO_ALLOC_INIT)
			return accel_set_reason(-EOPNOTSUPP,
						"habanalabs: DRAM has no CPU mapping for initial contents");
		return 0;
	case HL_DOMAIN_HOST:
	case HL_DOMAIN_CB:
		if (args->flags & ACCEL_BO_CONTIGUOUS)
			return accel_set_reason(-EINVAL,
						"habanalabs: ACCEL_BO_CONTIGUOUS is for DRAM only (host pages are pinned one by one)");
		if (domain == HL_DOMAIN_CB && args->size > HL_MAX_CB_SIZE)
			return accel_set_reason(-EINVAL,
						"habanalabs: a command buffer holds at most %u bytes",
						HL_MAX_CB_SIZE);
		return 0;
	default:
		return accel_set_reason(-EINVAL, "habanalabs: no memory domain %u (0..%u)",
					domain, HL_NUM_DOMAINS - 1);
	}
}

struct accel_bo *hl_bo_alloc(struct accel_context *ctx,
			     const struct accel_bo_alloc_args *args)
{
	uint32_t domain = pick_domain(args);
	struct hl_bo *bo;
	uint64_t len;
	int ret;

	ret = check_alloc(to_hl_ctx(ctx), args, domain);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	len = (args->size + HL_PAGE_SIZE - 1) & ~(HL_PAGE_SIZE - 1);
	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo)
		return NULL;
	accel_init_bo(&bo->base, ctx, domain == HL_DOMAIN_CB ? args->size : len, args->flags);
	if (domain == HL_DOMAIN_CB)
		ret = alloc_cb(bo, args->size, true);
	else if (domain == HL_DOMAIN_HOST)
		ret = alloc_host(bo, len);
	else
		ret = alloc_dram(bo, len, args->flags);
	if (ret) {
		free(bo);
		errno = -accel_set_reason(ret, "habanalabs: %llu bytes of %s memory: %s",
					  (unsigned long long)args->size,
					  domain == HL_DOMAIN_CB ? "command buffer" :
					  domain == HL_DOMAIN_HOST ? "host" : "device",
					  strerror(-ret));
		return NULL;
	}
	return &bo->base;
}

int hl_query_mem_domains(struct accel_context *c, struct accel_mem_domain *domains,
			 uint32_t max)
{
	struct hl_context *ctx = to_hl_ctx(c);
	struct hl_info_dram_usage du = { 0 };
	struct accel_mem_domain d[HL_NUM_DOMAINS];
	const struct hl_info_hw_ip_info *hw = &ctx->hw;
	uint32_t i;

	memset(d, 0, sizeof(d));
	d[HL_DOMAIN_DRAM].id = HL_DOMAIN_DRAM;
	snprintf(d[HL_DOMAIN_DRAM].name, sizeof(d[0].name), "dram");
	if (ctx->dram_virtual && hw->dram_enabled) {
		hl_reap_zombies(ctx);
		hl_info(c->fd, HL_INFO_DRAM_USAGE, 0, &du, sizeof(du));
		d[HL_DOMAIN_DRAM].flags = ACCEL_DOMAIN_DEVICE_LOCAL | ACCEL_DOMAIN_EXPORTABLE;
		d[HL_DOMAIN_DRAM].granule = hw->device_mem_alloc_default_page_size ?
					    hw->device_mem_alloc_default_page_size :
					    hw->dram_page_size;
		d[HL_DOMAIN_DRAM].max_bo_size = hw->dram_size;
		d[HL_DOMAIN_DRAM].total = hw->dram_size;
		d[HL_DOMAIN_DRAM].free = du.dram_free_mem;
	}
	d[HL_DOMAIN_HOST].id = HL_DOMAIN_HOST;
	snprintf(d[HL_DOMAIN_HOST].name, sizeof(d[0].name), "host");
	d[HL_DOMAIN_HOST].flags = ACCEL_DOMAIN_HOST_VISIBLE | ACCEL_DOMAIN_COHERENT |
				  ACCEL_DOMAIN_CACHED;
	d[HL_DOMAIN_HOST].granule = HL_PAGE_SIZE;
	d[HL_DOMAIN_HOST].max_bo_size = ~(HL_PAGE_SIZE - 1);
	d[HL_DOMAIN_CB].id = HL_DOMAIN_CB;
	snprintf(d[HL_DOMAIN_CB].name, sizeof(d[0].name), "cb");
	d[HL_DOMAIN_CB].flags = ACCEL_DOMAIN_HOST_VISIBLE | ACCEL_DOMAIN_COHERENT |
				ACCEL_DOMAIN_COMMAND;
	d[HL_DOMAIN_CB].granule = HL_PAGE_SIZE;
	d[HL_DOMAIN_CB].max_bo_size = HL_MAX_CB_SIZE;
	for (i = 0; i < HL_NUM_DOMAINS && i < max; i++)
		domains[i] = d[i];
	return HL_NUM_DOMAINS;
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
	accel_bo_zfree(bo, sizeof(*bo));
}

int hl_bo_map(struct accel_bo *b, void **ptr)
{
	struct hl_bo *bo = to_hl_bo(b);

	if (bo->kind == HL_BO_DRAM)
		return accel_set_reason(-EOPNOTSUPP, "habanalabs: DRAM has no CPU mapping");
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
		return accel_set_reason(-EOPNOTSUPP,
					"habanalabs: the kernel exports device memory only");
	a.in.op = HL_MEM_OP_EXPORT_DMABUF_FD;
	a.in.flags = flags;
	a.in.export_dmabuf_fd.addr = bo->base.device_addr;
	a.in.export_dmabuf_fd.mem_size = size;
	a.in.export_dmabuf_fd.offset = offset;
	ret = mem_ioctl(bo->base.ctx, &a);
	if (ret)
		return accel_set_reason(ret, "habanalabs: HL_MEM_OP_EXPORT_DMABUF_FD: %s",
					strerror(-ret));
	return a.out.fd;
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
	int ret;

	if (flags & ~(uint32_t)(O_CLOEXEC | O_RDWR))
		return accel_set_reason(-EINVAL, "hldv_bo_export_dmabuf: flags 0x%x (O_CLOEXEC, O_RDWR)",
					flags);
	/* a reference that holds the BO and its context for the call */
	ret = accel_bo_lookup_prov(&b, &hl_provider);
	if (ret)
		return accel_set_reason(ret, "hldv_bo_export_dmabuf: not a live habanalabs BO");
	if (offset + size < offset || offset + size > b->size)
		ret = accel_set_reason(-EINVAL,
				       "hldv_bo_export_dmabuf: bytes %llu+%llu are outside the %llu-byte BO",
				       (unsigned long long)offset, (unsigned long long)size,
				       (unsigned long long)b->size);
	else
		ret = export(to_hl_bo(b), offset, size, flags | O_CLOEXEC);
	accel_bo_put(b);
	return ret;
}

static int alloc_userptr(struct hl_bo *bo, void *addr, uint64_t size,
			 const struct hl_place *pl)
{
	int ret = map_host_at(bo->base.ctx, addr, size, pl, &bo->base.device_addr);

	if (ret)
		return ret;
	bo->kind = HL_BO_USERPTR;
	bo->host = addr;
	return 0;
}

static int alloc_cb(struct hl_bo *bo, uint64_t size, bool map)
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
	a.in.flags = map ? HL_CB_FLAGS_MAP : 0;
	ret = hl_ioctl(ctx->fd, DRM_IOCTL_HL_CB, &a);
	if (ret)
		return ret;
	bo->handle = a.out.cb_handle;
	/* the kernel rounds a CB up to a page; the mapping is the whole of it */
	len = size < HL_PAGE_SIZE ? HL_PAGE_SIZE : size;
	len = (len + HL_PAGE_SIZE - 1) & ~(HL_PAGE_SIZE - 1);
	memset(&a, 0, sizeof(a));
	/* hl_cb_info(): an unmapped CB has no device VA to ask for */
	if (map) {
		a.in.op = HL_CB_OP_INFO;
		a.in.cb_handle = bo->handle;
		a.in.flags = HL_CB_FLAGS_GET_DEVICE_VA;
		ret = hl_ioctl(ctx->fd, DRM_IOCTL_HL_CB, &a);
		if (ret)
			goto err_destroy;
	}
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

/* a dv BO: built here, then made a public object of ctx by the core */
static struct accel_bo *dv_bo(struct accel_context *ctx, enum hl_bo_kind kind, void *addr,
			      uint64_t size, uint32_t flags, const struct hl_place *pl)
{
	static const char *const what[] = {
		[HL_BO_DRAM] = "HL_MEM_OP_ALLOC + MAP of device memory",
		[HL_BO_HOST] = "host memory",
		[HL_BO_USERPTR] = "HL_MEM_OP_MAP of host memory",
		[HL_BO_CB] = "HL_CB",
	};
	struct accel_bo *b;
	struct hl_bo *bo;
	int ret;

	ret = hl_check_ctx(&ctx);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo) {
		ret = -ENOMEM;
		goto out;
	}
	if (kind == HL_BO_DRAM) {
		if (!to_hl_ctx(ctx)->dram_virtual) {
			free(bo);
			ret = accel_set_reason(-EOPNOTSUPP,
					       "habanalabs: device memory of Goya/Gaudi is the user's to place");
			goto out;
		}
		accel_init_bo(&bo->base, ctx, size, ACCEL_BO_DEVICE_LOCAL |
				      (flags & HLDV_MEM_CONTIGUOUS ? ACCEL_BO_CONTIGUOUS : 0));
		ret = alloc_dram_at(bo, size, bo->base.flags, pl);
	} else {
		accel_init_bo(&bo->base, ctx, size, ACCEL_BO_HOST_VISIBLE);
		ret = kind == HL_BO_USERPTR ? alloc_userptr(bo, addr, size, pl)
					    : alloc_cb(bo, size, !(flags & HL_CB_UNMAPPED));
	}
	if (ret) {
		free(bo);
		bo = NULL;
		accel_set_reason(ret, "habanalabs: %s: %s", what[kind], strerror(-ret));
		goto out;
	}
	/* on failure the core has destroyed it through bo_destroy */
	b = accel_bo_publish(ctx, &bo->base);
	ret = b ? 0 : -errno;
	accel_context_put(ctx);
	if (!b)
		errno = -ret;
	return b;
out:
	accel_context_put(ctx);
	errno = -ret;
	return NULL;
}

HLDV_EXPORT struct accel_bo *hldv_bo_from_host(struct accel_context *ctx, void *addr,
					       uint64_t size)
{
	if (!ctx || !addr || !size) {
		errno = -accel_set_reason(-EINVAL, "hldv_bo_from_host: NULL context or address, or size 0");
		return NULL;
	}
	return dv_bo(ctx, HL_BO_USERPTR, addr, size, 0, &no_place);
}

#define HLDV_MEM_FLAGS (HLDV_MEM_CONTIGUOUS | HLDV_MEM_FORCE_HINT | HLDV_MEM_PREFETCH | \
			HLDV_MEM_SHARED)

HLDV_EXPORT struct accel_bo *hldv_bo_from_host_at(struct accel_context *ctx, void *addr,
						  uint64_t size, uint64_t va_hint, uint32_t flags)
{
	struct hl_place pl = { .hint = va_hint, .map_flags = map_flags(flags) };

	/* SHARED is an ALLOC flag: host memory is implicitly shared */
	if (!ctx || !addr || !size || (flags & ~HLDV_MEM_FLAGS) ||
	    (flags & (HLDV_MEM_CONTIGUOUS | HLDV_MEM_SHARED))) {
		errno = -accel_set_reason(-EINVAL,
					  "hldv_bo_from_host_at: NULL context or address, size 0, or flags %#x (FORCE_HINT, PREFETCH)",
					  flags);
		return NULL;
	}
	return dv_bo(ctx, HL_BO_USERPTR, addr, size, flags, &pl);
}

HLDV_EXPORT struct accel_bo *hldv_bo_alloc_at(struct accel_context *ctx, uint64_t size,
					      uint64_t va_hint, uint32_t flags)
{
	struct hl_place pl = { .hint = va_hint, .map_flags = map_flags(flags),
			       .shared = !!(flags & HLDV_MEM_SHARED) };

	if (!ctx || !size || size > UINT64_MAX - HL_PAGE_SIZE || (flags & ~HLDV_MEM_FLAGS)) {
		errno = -accel_set_reason(-EINVAL,
					  "hldv_bo_alloc_at: NULL context, size %llu, or flags %#x",
					  (unsigned long long)size, flags);
		return NULL;
	}
	size = (size + HL_PAGE_SIZE - 1) & ~(HL_PAGE_SIZE - 1);
	return dv_bo(ctx, HL_BO_DRAM, NULL, size, flags, &pl);
}

/* HL_MEM_OP_MAP_BLOCK, then mmap of its handle: a whole block only */
HLDV_EXPORT void *hldv_map_block(struct accel_context *ctx, uint64_t block_addr,
				 uint32_t *size)
{
	union hl_mem_args a = { 0 };
	void *p = MAP_FAILED;
	int ret;

	if (!ctx || !size) {
		errno = -accel_set_reason(-EINVAL, "hldv_map_block: NULL context or size");
		return NULL;
	}
	ret = hl_check_ctx(&ctx);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	a.in.op = HL_MEM_OP_MAP_BLOCK;
	a.in.map_block.block_addr = block_addr;
	ret = mem_ioctl(ctx, &a);
	if (ret) {
		accel_set_reason(ret, "hldv_map_block: HL_MEM_OP_MAP_BLOCK of %#llx: %s",
				 (unsigned long long)block_addr, strerror(-ret));
		goto out;
	}
	p = mmap(NULL, a.out.block_size, PROT_READ | PROT_WRITE, MAP_SHARED, ctx->fd,
		 (off_t)a.out.block_handle);
	if (p == MAP_FAILED) {
		ret = -errno;
		accel_set_reason(ret, "hldv_map_block: mmap of block %#llx: %s",
				 (unsigned long long)block_addr, strerror(errno));
		goto out;
	}
	*size = a.out.block_size;
out:
	accel_context_put(ctx);
	if (p == MAP_FAILED) {
		errno = -ret;
		return NULL;
	}
	return p;
}

HLDV_EXPORT int hldv_unmap_block(void *ptr, uint32_t size)
{
	if (!ptr || !size)
		return accel_set_reason(-EINVAL, "hldv_unmap_block: NULL pointer or size 0");
	if (munmap(ptr, size))
		return accel_set_reason(-errno, "hldv_unmap_block: %s", strerror(errno));
	return 0;
}

HLDV_EXPORT struct accel_bo *hldv_cb_alloc(struct accel_context *ctx, uint32_t size)
{
	if (!ctx || !size || size > HL_MAX_CB_SIZE) {
		errno = -accel_set_reason(-EINVAL, "hldv_cb_alloc: NULL context, or size %u (1..%u)",
					  size, HL_MAX_CB_SIZE);
		return NULL;
	}
	return dv_bo(ctx, HL_BO_CB, NULL, size, 0, &no_place);
}

HLDV_EXPORT struct accel_bo *hldv_cb_alloc_kernel(struct accel_context *ctx, uint32_t size)
{
	if (!ctx || !size || size > HL_MAX_CB_SIZE) {
		errno = -accel_set_reason(-EINVAL,
					  "hldv_cb_alloc_kernel: NULL context, or size %u (1..%u)",
					  size, HL_MAX_CB_SIZE);
		return NULL;
	}
	return dv_bo(ctx, HL_BO_CB, NULL, size, HL_CB_UNMAPPED, &no_place);
}

HLDV_EXPORT uint64_t hldv_cb_handle(const struct accel_bo *b)
{
	struct accel_bo *bo = (struct accel_bo *)b;
	uint64_t handle = 0;

	/* hold the BO: a concurrent free must not release it under us */
	if (accel_bo_lookup_prov(&bo, &hl_provider)) {
		accel_set_reason(-EINVAL, "hldv_cb_handle: not a live habanalabs BO");
		return 0;
	}
	if (to_hl_bo(bo)->kind == HL_BO_CB)
		handle = to_hl_bo(bo)->handle;
	accel_bo_put(bo);
	return handle;
}
