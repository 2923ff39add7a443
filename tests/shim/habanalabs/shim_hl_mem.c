// SPDX-License-Identifier: MIT
/*
 * habanalabs memory and command buffers, after common/memory.c,
 * common/command_buffer.c and common/memory_mgr.c of Linux 7.2: device
 * memory (DRAM) is allocated in the ASIC's DRAM pages and backed by a
 * memfd, mapped into the device VA space with MAP, host memory is "pinned"
 * and mapped with MAP|USERPTR, dma-bufs are exported from mapped DRAM
 * only, and command buffers are kernel memory (a memfd) that the process
 * mmaps with the CB handle as the offset.
 *
 * VA hints are honoured as get_va_block() honours them; otherwise VAs come
 * from a cursor per range that steps over what hints took.
 *
 * HL_MEM_SHARED is kept with the allocation and checked at MAP as
 * map_device_va() checks it; with one compute context per device, whose
 * memory is freed with it, no other context can name the handle.
 *
 * HL_MEM_PREFETCH is accepted and ignored: no ASIC of 7.2 sets
 * supports_mmu_prefetch. MAP_BLOCK lives in shim_hl_block.c, TS_ALLOC in
 * shim_hl_intr.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "shim_hl.h"

#define MEM_HANDLE_INVALID	0xffffffffffffffffull

static struct hl_ctx *ctx_of(struct shim_file *f)
{
	return f->priv;
}

static struct hl_dram *find_dram(struct hl_ctx *ctx, uint32_t handle)
{
	struct hl_dram *d;

	for (d = ctx->drams; d; d = d->next)
		if (d->handle == handle)
			return d;
	return NULL;
}

static struct hl_map *find_map(struct hl_ctx *ctx, uint64_t vaddr)
{
	struct hl_map *m;

	for (m = ctx->maps; m; m = m->next)
		if (m->vaddr == vaddr)
			return m;
	return NULL;
}

bool hl_va_mapped(struct hl_ctx *ctx, uint64_t va, uint64_t len)
{
	struct hl_map *m;
	struct hl_cb *cb;

	if (va + len < va)
		return false;
	for (m = ctx->maps; m; m = m->next)
		if (va >= m->vaddr && va + len <= m->vaddr + m->size)
			return true;
	for (cb = ctx->cbs; cb; cb = cb->next)
		if (cb->device_va && va >= cb->device_va &&
		    va + len <= cb->device_va + cb->size)
			return true;
	return false;
}

/* alloc_device_memory(): whole DRAM pages, one memfd per allocation */
static int mem_alloc(struct hl_ctx *ctx, struct hl_mem_in *in, uint32_t *handle)
{
	const struct hl_model *m = ctx->m;
	struct shim_shared_dev *sh = ctx->dev->sh;
	uint64_t npages, total, pages_total;
	struct hl_dram *d;
	int ret = 0;

	/* Gaudi2 does not take a user page size: page_size is ignored */
	npages = (in->alloc.mem_size + m->dram_page_size - 1) / m->dram_page_size;
	total = npages * m->dram_page_size;
	if (!total || npages > 0xffffffffull)
		return -EINVAL;
	pages_total = hl_dram_user_size(m) / m->dram_page_size;
	shim_shared_lock();
	if (sh->dram_used / m->dram_page_size + npages > pages_total)
		ret = -ENOMEM;	/* "Cannot allocate device memory (out of memory)" */
	else
		sh->dram_used += total;
	shim_shared_unlock();
	if (ret)
		return ret;
	d = calloc(1, sizeof(*d));
	if (!d) {
		ret = -ENOMEM;
		goto err;
	}
	d->memfd = memfd_create("hl-dram", MFD_CLOEXEC);
	if (d->memfd < 0 || ftruncate(d->memfd, (off_t)total)) {
		ret = -ENOMEM;
		if (d->memfd >= 0)
			shim_real_close(d->memfd);
		free(d);
		goto err;
	}
	d->handle = ctx->next_handle++;
	d->npages = (uint32_t)npages;
	d->total = total;
	d->contiguous = in->flags & HL_MEM_CONTIGUOUS;
	d->shared = in->flags & HL_MEM_SHARED;
	d->owner = ctx;
	d->next = ctx->drams;
	ctx->drams = d;
	ctx->ctx_dram += total;
	*handle = d->handle;
	return 0;
err:
	shim_shared_lock();
	sh->dram_used -= total;
	shim_shared_unlock();
	return ret;
}

static void dram_destroy(struct hl_ctx *ctx, struct hl_dram *d)
{
	struct hl_dram **pp;

	for (pp = &ctx->drams; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	shim_shared_lock();
	ctx->dev->sh->dram_used -= d->total;
	shim_shared_unlock();
	ctx->ctx_dram -= d->total;
	shim_real_close(d->memfd);
	free(d);
}

/* free_device_memory() */
static int mem_free(struct hl_ctx *ctx, struct hl_mem_in *in)
{
	struct hl_dram *d = find_dram(ctx, (uint32_t)in->free.handle);

	if (!d || d->mapping_cnt > 0)
		return -EINVAL;
	dram_destroy(ctx, d);
	return 0;
}

/*
 * hl_pin_host_memory() -> get_user_memory(): pin_user_pages_fast() with
 * FOLL_WRITE, so every page must lie in a writable mapping. Pinning stops
 * at the first page that does not: none pinned is the GUP error (EFAULT),
 * some pinned is "Failed to pin host memory" (ENOMEM). The process's
 * mappings come from /proc/self/maps.
 */
static int pin_host(uint64_t addr, uint64_t size)
{
	uint64_t start, end, lo, hi;
	char line[512], perms[8];
	FILE *maps;
	int ret;

	if (!size)
		return -EINVAL;
	if (addr + size < addr || hl_align(addr + size, SHIM_PAGE_SIZE) < addr + size)
		return -EINVAL;
	start = addr & ~(SHIM_PAGE_SIZE - 1);
	end = hl_align(addr + size, SHIM_PAGE_SIZE);
	maps = fopen("/proc/self/maps", "re");
	if (!maps)
		return -ENOMEM;
	/* the mappings come sorted: walk them while they cover [start, end) */
	ret = -EFAULT;
	while (start < end && fgets(line, sizeof(line), maps)) {
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s", &lo, &hi, perms) != 3)
			continue;
		if (hi <= start)
			continue;
		if (lo > start || perms[1] != 'w')
			break;
		start = hi;
		ret = -ENOMEM;	/* from here on, a failure is a partial pin */
	}
	fclose(maps);
	return start >= end ? 0 : ret;
}

/* what a mapping's VA block covers, page-rounded */
static uint64_t map_va_start(const struct hl_map *m)
{
	return m->vaddr & ~(SHIM_PAGE_SIZE - 1);
}

/* does [va, va + len) meet a block the context has handed out? */
static bool va_busy(struct hl_ctx *ctx, uint64_t va, uint64_t len, uint64_t *busy_end)
{
	struct hl_map *m;
	struct hl_cb *cb;

	for (m = ctx->maps; m; m = m->next) {
		uint64_t s = map_va_start(m), e = s + m->va_len;

		if (va < e && s < va + len) {
			*busy_end = e;
			return true;
		}
	}
	for (cb = ctx->cbs; cb; cb = cb->next) {
		uint64_t s = cb->device_va, e = s + hl_align(cb->size, SHIM_PAGE_SIZE);

		if (s && va < e && s < va + len) {
			*busy_end = e;
			return true;
		}
	}
	return false;
}

/* the cursor's next free block of len bytes at align */
static uint64_t va_next(struct hl_ctx *ctx, uint64_t *cursor, uint64_t len, uint64_t align)
{
	uint64_t va = hl_align(*cursor, align), busy_end;

	while (va_busy(ctx, va, len, &busy_end))
		va = hl_align(busy_end, align);
	*cursor = va + len;
	return va;
}

/*
 * get_va_block(): a hint is used when aligned (pow2 ranges: to the block
 * alignment; the DRAM range, whose page is not a power of two: its 48-bit
 * part to the DRAM page, only checked for DRAM VAs) and when the free
 * block it falls in reaches past hint + len (the block end is inclusive).
 * Returns the VA, or 0: no VA (FORCE_HINT could not be respected).
 */
static uint64_t va_get(struct hl_ctx *ctx, bool dram, uint64_t len, uint64_t hint,
		       uint64_t align, bool force)
{
	const struct hl_model *m = ctx->m;
	uint64_t start = dram ? hl_dmmu_start(m) : m->host_va_start;
	uint64_t end = dram ? hl_dmmu_end(m) : m->host_va_end;
	uint64_t *cursor = dram ? &ctx->next_dram_va : &ctx->next_host_va;
	uint64_t busy_end;
	bool aligned;

	if (dram) {
		bool is_dram_va = hint >= start && hint + m->dmmu_page_size <= end &&
				  hint + m->dmmu_page_size > hint;

		aligned = !is_dram_va || !((hint & 0xFFFFFFFFFFFFull) % m->dram_page_size);
	} else {
		aligned = !(hint & (align - 1));
	}
	if (!aligned) {
		if (force)
			return 0;	/* "is not page aligned - cannot be respected" */
		hint = 0;
	}
	if (hint && hint >= start && hint + len < end && hint + len > hint &&
	    !va_busy(ctx, hint, len + 1, &busy_end))
		return hint;
	if (force)
		return 0;	/* "could not be respected" */
	return va_next(ctx, cursor, len, dram ? m->dram_page_size : align);
}

/* map_device_va() */
static int mem_map(struct hl_ctx *ctx, struct hl_mem_in *in, uint64_t *out)
{
	bool force = in->flags & HL_MEM_FORCE_HINT;
	struct hl_map *m;
	uint64_t va;
	int ret;

	*out = 0;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	if (in->flags & HL_MEM_USERPTR) {
		uint64_t addr = in->map_host.host_virt_addr, size = in->map_host.mem_size;
		uint64_t hint = in->map_host.hint_addr;
		uint64_t off = addr & (SHIM_PAGE_SIZE - 1), align;

		ret = pin_host(addr, size);
		if (ret)
			goto err;
		/* huge-page VA alignment when the host address allows it */
		align = (addr & (ctx->m->host_huge_page - 1)) ? SHIM_PAGE_SIZE
							      : ctx->m->host_huge_page;
		/* the source is not page aligned: a hint cannot be forced */
		if (hint && off && force) {
			ret = -EINVAL;
			goto err;
		}
		m->va_len = hl_align(off + size, SHIM_PAGE_SIZE);
		va = va_get(ctx, false, m->va_len, hint, align, force);
		if (!va) {
			ret = -ENOMEM;	/* "no available va block" */
			goto err;
		}
		m->vaddr = va + off;
		m->size = size;
		m->host_addr = addr;
	} else {
		struct hl_dram *d = find_dram(ctx, (uint32_t)in->map_device.handle);

		if (!d) {
			ret = -EINVAL;
			goto err;
		}
		/* "Failed to map memory, handle %u is not shared" */
		if (!d->shared && d->owner != ctx) {
			ret = -EPERM;
			goto err;
		}
		m->va_len = d->total;
		va = va_get(ctx, true, m->va_len, in->map_device.hint_addr,
			    ctx->m->dmmu_page_size, force);
		if (!va) {
			ret = -ENOMEM;
			goto err;
		}
		d->mapping_cnt++;
		m->vaddr = va;
		m->size = d->total;
		m->dram = d;
	}
	m->next = ctx->maps;
	ctx->maps = m;
	*out = m->vaddr;
	return 0;
err:
	free(m);
	return ret;
}

static void map_destroy(struct hl_ctx *ctx, struct hl_map *m)
{
	struct hl_map **pp;

	for (pp = &ctx->maps; *pp; pp = &(*pp)->next) {
		if (*pp == m) {
			*pp = m->next;
			break;
		}
	}
	if (m->dram)
		m->dram->mapping_cnt--;
	free(m);
}

/* unmap_device_va() */
static int mem_unmap(struct hl_ctx *ctx, struct hl_mem_in *in)
{
	struct hl_map *m = find_map(ctx, in->unmap.device_virt_addr);

	if (!m || m->export_cnt)
		return -EINVAL;	/* "no mem hnode" / "memory is exported" */
	map_destroy(ctx, m);
	return 0;
}

struct hl_dmabuf {
	struct hl_ctx *ctx;
	struct hl_map *map;
	struct shim_file *compute;	/* get_file() on the device file */
};

/* hl_release_dmabuf(): drop the export count and the device file */
static void dmabuf_release(struct shim_file *f)
{
	struct hl_dmabuf *b = f->priv;

	b->map->export_cnt--;
	shim_file_put(b->compute);
	free(b);
}

/* export_dmabuf_from_addr() with dram_supports_virtual_memory */
static int mem_export(struct shim_file *f, struct hl_mem_in *in, int *fd)
{
	struct hl_ctx *ctx = ctx_of(f);
	uint64_t addr = in->export_dmabuf_fd.addr, size = in->export_dmabuf_fd.mem_size;
	uint64_t offset = in->export_dmabuf_fd.offset;
	struct hl_dmabuf *b;
	struct hl_map *m;
	int ret;

	m = find_map(ctx, addr);
	if (!m || !m->dram)
		return -EINVAL;	/* not found, or host memory (invalid handle) */
	if ((addr & (SHIM_PAGE_SIZE - 1)) || !size || (size & (SHIM_PAGE_SIZE - 1)) ||
	    (offset & (SHIM_PAGE_SIZE - 1)))
		return -EINVAL;
	if (offset + size < offset || offset + size > m->dram->total)
		return -EINVAL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->ctx = ctx;
	b->map = m;
	b->compute = f;
	/* the file flags go to the dma-buf file as they are: no check */
	ret = shim_dmabuf_create(f->dev, size, (int)in->flags, b, dmabuf_release);
	if (ret < 0) {
		free(b);
		return ret;
	}
	m->export_cnt++;
	shim_file_get(f);
	*fd = ret;
	return 0;
}

int hl_mem_ioctl(struct shim_file *f, void *data)
{
	union hl_mem_args *args = data;
	struct hl_ctx *ctx = ctx_of(f);
	uint32_t handle = 0;
	uint64_t va = 0;
	int ret, fd = -EBADF;

	if (!hl_operational(f->dev))
		return -EBUSY;
	switch (args->in.op) {
	case HL_MEM_OP_ALLOC:
		if (!args->in.alloc.mem_size)
			return -EINVAL;
		ret = mem_alloc(ctx, &args->in, &handle);
		memset(args, 0, sizeof(*args));
		args->out.handle = handle;
		return ret;
	case HL_MEM_OP_FREE:
		return mem_free(ctx, &args->in);
	case HL_MEM_OP_MAP:
		ret = mem_map(ctx, &args->in, &va);
		memset(args, 0, sizeof(*args));
		args->out.device_virt_addr = va;
		return ret;
	case HL_MEM_OP_UNMAP:
		return mem_unmap(ctx, &args->in);
	case HL_MEM_OP_EXPORT_DMABUF_FD:
		ret = mem_export(f, &args->in, &fd);
		memset(args, 0, sizeof(*args));
		args->out.fd = fd;
		return ret;
	case HL_MEM_OP_MAP_BLOCK: {
		uint64_t bh;
		uint32_t bsize;

		ret = hl_map_block(args->in.map_block.block_addr, &bh, &bsize);
		memset(args, 0, sizeof(*args));
		args->out.block_handle = bh;
		args->out.block_size = bsize;
		return ret;
	}
	case HL_MEM_OP_TS_ALLOC: {
		uint64_t th = 0;

		ret = hl_ts_alloc(ctx, args->in.num_of_elements, &th);
		memset(args, 0, sizeof(*args));
		args->out.handle = th;
		return ret;
	}
	default:
		return -EINVAL;
	}
}

/* ------------------------------------------------------------------------ */
/* command buffers                                                          */
/* ------------------------------------------------------------------------ */

struct hl_cb *hl_find_cb(struct hl_ctx *ctx, uint64_t handle)
{
	uint32_t id = (uint32_t)(handle >> 12);
	struct hl_cb *cb;

	for (cb = ctx->cbs; cb; cb = cb->next)
		if (cb->id == id)
			return cb;
	return NULL;
}

static void cb_put(struct hl_cb *cb)
{
	struct hl_ctx *ctx = cb->ctx;
	struct hl_cb **pp;

	if (--cb->refs > 0)
		return;
	for (pp = &ctx->cbs; *pp; pp = &(*pp)->next) {
		if (*pp == cb) {
			*pp = cb->next;
			break;
		}
	}
	shim_real_close(cb->memfd);
	free(cb);
}

/* hl_cb_create(): at least a page of zeroed kernel memory */
static int cb_create(struct hl_ctx *ctx, uint32_t size, bool map, uint64_t *handle)
{
	struct hl_cb *cb;

	if (size > (2u << 20))
		return -EINVAL;
	if (size < SHIM_PAGE_SIZE)
		size = SHIM_PAGE_SIZE;
	cb = calloc(1, sizeof(*cb));
	if (!cb)
		return -ENOMEM;
	cb->memfd = memfd_create("hl-cb", MFD_CLOEXEC);
	if (cb->memfd < 0 || ftruncate(cb->memfd, (off_t)hl_align(size, SHIM_PAGE_SIZE))) {
		if (cb->memfd >= 0)
			shim_real_close(cb->memfd);
		free(cb);
		return -ENOMEM;
	}
	cb->ctx = ctx;
	cb->id = ctx->next_cb_id++;
	cb->size = size;
	cb->refs = 1;
	if (map) {
		/* cb_map_mem(): a VA in the host range the device MMU reaches */
		cb->device_va = va_next(ctx, &ctx->next_host_va,
					hl_align(size, SHIM_PAGE_SIZE), SHIM_PAGE_SIZE);
	}
	cb->next = ctx->cbs;
	ctx->cbs = cb;
	*handle = ((uint64_t)cb->id << 12) | (HL_MMAP_TYPE_CB << 12);
	return 0;
}

int hl_cb_ioctl(struct shim_file *f, void *data)
{
	union hl_cb_args *args = data;
	struct hl_ctx *ctx = ctx_of(f);
	uint64_t handle = 0;
	struct hl_cb *cb;
	int ret;

	if (!hl_operational(f->dev))
		return -EBUSY;
	switch (args->in.op) {
	case HL_CB_OP_CREATE:
		if (args->in.cb_size > HL_MAX_CB_SIZE)
			ret = -EINVAL;
		else
			ret = cb_create(ctx, args->in.cb_size,
					args->in.flags & HL_CB_FLAGS_MAP, &handle);
		memset(args, 0, sizeof(*args));
		args->out.cb_handle = handle;
		return ret;
	case HL_CB_OP_DESTROY:
		cb = hl_find_cb(ctx, args->in.cb_handle);
		if (!cb || cb->destroyed)
			return -EINVAL;
		cb->destroyed = true;
		cb_put(cb);	/* the handle's reference; a CPU mapping keeps it */
		return 0;
	case HL_CB_OP_INFO:
		cb = hl_find_cb(ctx, args->in.cb_handle);
		if (!cb)
			return -EINVAL;
		if (args->in.flags & HL_CB_FLAGS_GET_DEVICE_VA) {
			if (!cb->device_va)
				return -EINVAL;	/* "CB is not mapped to the device's MMU" */
			handle = cb->device_va;
			memset(&args->out, 0, sizeof(args->out));
			args->out.device_va = handle;
		} else {
			uint32_t cnt = cb->cs_cnt;

			memset(&args->out, 0, sizeof(args->out));
			args->out.usage_cnt = cnt;
		}
		return 0;
	default:
		return -EINVAL;
	}
}

/* hl_mmap() -> hl_mem_mgr_mmap(): the offset is the handle */
int hl_mmap(struct shim_file *f, void *addr, size_t len, int prot, int flags,
	    uint64_t offset, void **out)
{
	struct hl_ctx *ctx = ctx_of(f);
	uint64_t pgoff = offset >> 12;
	struct hl_cb *cb;
	void *p;

	if (!ctx)
		return -ENODEV;
	switch (pgoff & HL_MMAP_TYPE_MASK) {
	case HL_MMAP_TYPE_CB:
		break;
	case HL_MMAP_TYPE_BLOCK:
		return hl_block_mmap(ctx, f, addr, len, prot, flags, pgoff, out);
	case HL_MMAP_TYPE_TS_BUFF:
		return hl_ts_mmap(ctx, f, addr, len, prot, flags, offset, out);
	default:
		return -EINVAL;	/* "pgoff 0x%lx has unknown type" */
	}
	cb = hl_find_cb(ctx, offset);
	/* hl_mem_mgr_mmap(): the VMA's size is page-rounded, as is the CB's */
	if (!cb || hl_align(len, SHIM_PAGE_SIZE) != hl_align(cb->size, SHIM_PAGE_SIZE) ||
	    cb->mmapped)
		return -EINVAL;
	p = shim_real_mmap(addr, len, prot, flags, cb->memfd, 0);
	if (p == MAP_FAILED)
		return -errno;
	cb->mmapped = true;
	cb->uaddr = p;
	cb->ulen = len;
	cb->refs++;
	/* the mapping holds the device file, as vma->vm_file does */
	cb->mmap_file = f;
	shim_file_get(f);
	*out = p;
	return 0;
}

bool hl_munmap(void *addr, size_t len)
{
	struct hl_ctx *ctx;
	struct hl_cb *cb;

	if (hl_block_munmap(addr, len) || hl_ts_munmap(addr, len))
		return true;
	for (ctx = hl_contexts; ctx; ctx = ctx->next) {
		for (cb = ctx->cbs; cb; cb = cb->next) {
			struct shim_file *f;

			if (!cb->mmapped || cb->uaddr != addr)
				continue;
			shim_real_munmap(addr, len);
			cb->mmapped = false;
			cb->uaddr = NULL;
			f = cb->mmap_file;
			cb_put(cb);
			shim_file_put(f);	/* may release the context */
			return true;
		}
	}
	return false;
}

/* hl_ctx_mgr_fini() and hl_mem_mgr_fini(): what the context still holds */
void hl_mem_release(struct hl_ctx *ctx)
{
	while (ctx->maps)
		map_destroy(ctx, ctx->maps);
	while (ctx->drams)
		dram_destroy(ctx, ctx->drams);
	while (ctx->cbs) {
		struct hl_cb *cb = ctx->cbs;

		ctx->cbs = cb->next;
		shim_real_close(cb->memfd);
		free(cb);
	}
}
