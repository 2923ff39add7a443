// SPDX-License-Identifier: MIT
/*
 * Buffer objects of the soft device: sealed memfds (or system dma-heap
 * buffers when soft_memory is dma-heap), each with a device address and a
 * mapping that the queues use as the device's view of the memory. BOs up
 * to SOFT_POOL_MAX_BO are ranges of memfds shared with others
 * (soft_pool.c); larger ones have their own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include <uapi/linux/dma-buf.h>

#include "soft.h"

uint64_t soft_page_size(void)
{
	static _Atomic uint64_t page;
	uint64_t p = atomic_load_explicit(&page, memory_order_relaxed);

	if (!p) {
		p = (uint64_t)sysconf(_SC_PAGESIZE);
		atomic_store_explicit(&page, p, memory_order_relaxed);
	}
	return p;
}

/*
 * What the host can back: RAM plus swap. memfd pages are only allocated
 * when touched, so without this check a BO far larger than the machine
 * is accepted and the process is OOM-killed when work touches it. The
 * limit is advertised (max_bo_size, the domain's total) and every BO
 * counts against it until it is destroyed, process-wide.
 */
static uint64_t soft_mem_read(void)
{
	struct sysinfo si;
	uint64_t total;

	if (sysinfo(&si))
		return SOFTDV_MAX_BO_SIZE;
	total = ((uint64_t)si.totalram + si.totalswap) * (si.mem_unit ? si.mem_unit : 1);
	if (!total || total > SOFTDV_MAX_BO_SIZE)
		total = SOFTDV_MAX_BO_SIZE;
	return total & ~(soft_page_size() - 1);
}

/*
 * RAM and swap change rarely (swapon, memory hotplug): the answer is
 * kept for SOFT_MEM_TTL_NS instead of a sysinfo() per allocation, and
 * read again before an allocation is refused (soft_mem_commit()).
 */
#define SOFT_MEM_TTL_NS 1000000000LL
static _Atomic uint64_t soft_limit;
static _Atomic int64_t soft_limit_at;

static uint64_t soft_mem_refresh(void)
{
	uint64_t limit = soft_mem_read();

	atomic_store(&soft_limit, limit);
	atomic_store(&soft_limit_at, accel_now_ns());
	return limit;
}

uint64_t soft_mem_limit(void)
{
	uint64_t limit = atomic_load(&soft_limit);

	if (!limit || accel_now_ns() - atomic_load(&soft_limit_at) > SOFT_MEM_TTL_NS)
		return soft_mem_refresh();
	return limit;
}

static _Atomic uint64_t soft_committed;

static int soft_mem_commit(uint64_t len)
{
	uint64_t limit = soft_mem_limit(), cur = atomic_load(&soft_committed);
	bool fresh = false;

	for (;;) {
		if (len > limit || cur > limit - len) {
			/* a refusal is decided on a fresh answer, never a kept one */
			if (!fresh) {
				limit = soft_mem_refresh();
				fresh = true;
				continue;
			}
			return accel_set_reason(-ENOMEM, "soft: %llu bytes past what RAM and swap can back (%llu bytes, %llu already in BOs)",
						(unsigned long long)len,
						(unsigned long long)limit,
						(unsigned long long)cur);
		}
		if (atomic_compare_exchange_weak(&soft_committed, &cur, cur + len))
			return 0;
	}
}

static void soft_mem_uncommit(uint64_t len)
{
	atomic_fetch_sub(&soft_committed, len);
}

/* F_SEAL_SHRINK is what udmabuf demands; F_SEAL_WRITE it refuses */
#define SOFT_MEMFD_SEALS (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)

int soft_memfd_create(uint64_t size, int *fd_out)
{
	int fd, ret;

	fd = memfd_create("accel-soft-bo", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) || fcntl(fd, F_ADD_SEALS, SOFT_MEMFD_SEALS)) {
		ret = errno == EFBIG ? -ENOMEM : -errno;
		close(fd);
		return ret;
	}
	*fd_out = fd;
	return 0;
}

/*
 * ops.bo_flags is HOST_VISIBLE, DEVICE_LOCAL (a hint: all of it is host
 * memory) and CONTIGUOUS (every BO is contiguous in the device address
 * space); the core refuses UNCACHED, since the CPU caches this memory.
 * There is one domain (0), so a usage changes nothing and the core
 * writes initial contents through a mapping.
 */
struct accel_bo *soft_bo_alloc(struct accel_context *actx,
			       const struct accel_bo_alloc_args *args)
{
	struct soft_context *ctx = to_soft_ctx(actx);
	uint64_t page = soft_page_size(), len, addr, size = args->size;
	struct soft_bo *bo;
	int ret;

	if ((args->comp_mask & ACCEL_BO_ALLOC_DOMAIN) && args->domain) {
		errno = -accel_set_reason(-EINVAL, "soft: no memory domain %u (the device has domain 0 only)",
					  args->domain);
		return NULL;
	}
	if (!size || size > SOFTDV_MAX_BO_SIZE) {
		errno = -accel_set_reason(-EINVAL, "soft: size %llu is 0 or above SOFTDV_MAX_BO_SIZE",
					  (unsigned long long)size);
		return NULL;
	}
	len = (size + page - 1) & ~(page - 1);
	ret = soft_mem_commit(len);
	if (ret) {
		errno = -ret;
		return NULL;
	}

	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo) {
		soft_mem_uncommit(len);
		errno = -accel_set_reason(-ENOMEM, "soft: no memory");
		return NULL;
	}
	bo->fd = -1;
	bo->mem_size = len;
	if (!ctx->heap_memory && len <= SOFT_POOL_MAX_BO) {
		ret = soft_pool_alloc(ctx, len, bo);
		if (ret) {
			accel_set_reason(ret, "soft: cannot make a memfd arena for a %llu-byte BO: %s",
					 (unsigned long long)len, strerror(-ret));
			goto err_free;
		}
		goto addr;
	}
	if (ctx->heap_memory) {
		ret = soft_heap_alloc(len, &bo->fd);
		bo->is_dmabuf = true;
	} else {
		ret = soft_memfd_create(len, &bo->fd);
	}
	if (ret) {
		accel_set_reason(ret, "soft: cannot make a %s of %llu bytes: %s",
				 ctx->heap_memory ? "dma-heap buffer" : "memfd",
				 (unsigned long long)len, strerror(-ret));
		goto err_free;
	}
	bo->mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, bo->fd, 0);
	if (bo->mem == MAP_FAILED) {
		/* the arguments are valid: EINVAL here means "too large" */
		ret = errno == EINVAL ? -ENOMEM : -errno;
		accel_set_reason(ret, "soft: cannot map %llu bytes: %s",
				 (unsigned long long)len, strerror(-ret));
		goto err_close;
	}
addr:
	ret = soft_va_alloc(ctx, len, &addr);
	if (ret) {
		accel_set_reason(ret, "soft: device address space full");
		goto err_unmap;
	}
	accel_init_bo(&bo->base, actx, len, args->flags);
	bo->base.device_addr = addr;
	soft_usage_mem(&bo->base, true);
	return &bo->base;

err_unmap:
	if (bo->arena) {
		soft_pool_free(ctx, bo);
		goto err_free;
	}
	munmap(bo->mem, len);
err_close:
	close(bo->fd);
err_free:
	free(bo);
	soft_mem_uncommit(len);
	errno = -ret;
	return NULL;
}

void soft_bo_destroy(struct accel_bo *abo)
{
	struct soft_bo *bo = to_soft_bo(abo);

	if (!abo->imported)
		soft_usage_mem(abo, false);
	soft_va_free(to_soft_ctx(abo->ctx), abo->device_addr);
	if (bo->arena) {
		soft_pool_free(to_soft_ctx(abo->ctx), bo);
	} else {
		munmap(bo->mem, bo->mem_size);
		close(bo->fd);
	}
	if (!abo->imported)
		soft_mem_uncommit(bo->mem_size);
	accel_bo_zfree(bo, sizeof(*bo));
}

int soft_bo_map(struct accel_bo *abo, void **ptr)
{
	struct soft_bo *bo = to_soft_bo(abo);
	int prot = PROT_READ | (bo->readonly ? 0 : PROT_WRITE);
	void *p;

	/* A mapping of its own, so that unmap really takes it away */
	p = mmap(NULL, bo->mem_size, prot, MAP_SHARED, bo->fd, (off_t)bo->offset);
	if (p == MAP_FAILED)
		return accel_set_reason(-errno, "soft: mmap of the BO: %s",
					strerror(errno));
	*ptr = p;
	return 0;
}

int soft_bo_unmap(struct accel_bo *abo, void *ptr)
{
	struct soft_bo *bo = to_soft_bo(abo);

	if (munmap(ptr, bo->mem_size))
		return accel_set_reason(-errno, "soft: munmap: %s", strerror(errno));
	return 0;
}

static uint64_t soft_sync_dir(uint32_t access)
{
	switch (access & ACCEL_ACCESS_RW) {
	case ACCEL_ACCESS_READ:
		return DMA_BUF_SYNC_READ;
	case ACCEL_ACCESS_WRITE:
		return DMA_BUF_SYNC_WRITE;
	default:
		return DMA_BUF_SYNC_RW;
	}
}

/*
 * CPU brackets: memfd memory is coherent with the device (the device is
 * this CPU), so only dma-buf backed BOs have something to do, and the
 * kernel wants the same direction at the end as at the start.
 */
int soft_bo_cpu_prep(struct accel_bo *abo, uint32_t access, int64_t deadline)
{
	struct soft_bo *bo = to_soft_bo(abo);
	int ret;

	(void)deadline;	/* DMA_BUF_IOCTL_SYNC waits for the buffer's fences itself */
	if (!bo->is_dmabuf)
		return 0;
	ret = accel_dmabuf_sync(bo->fd, DMA_BUF_SYNC_START | soft_sync_dir(access));
	if (ret)
		return accel_set_reason(ret, "soft: DMA_BUF_IOCTL_SYNC(START): %s",
					strerror(-ret));
	atomic_store(&bo->cpu_access, access);
	return 0;
}

int soft_bo_cpu_fini(struct accel_bo *abo)
{
	struct soft_bo *bo = to_soft_bo(abo);
	uint32_t access;
	int ret;

	if (!bo->is_dmabuf)
		return 0;
	access = atomic_exchange(&bo->cpu_access, 0);
	if (!access)
		access = ACCEL_ACCESS_RW;
	ret = accel_dmabuf_sync(bo->fd, DMA_BUF_SYNC_END | soft_sync_dir(access));
	if (ret)
		return accel_set_reason(ret, "soft: DMA_BUF_IOCTL_SYNC(END): %s",
					strerror(-ret));
	return 0;
}

/* The device's own brackets around a job, same rule as the CPU's */
void soft_bo_access_begin(struct soft_bo *bo, bool write)
{
	if (bo->is_dmabuf)
		accel_dmabuf_sync(bo->fd, DMA_BUF_SYNC_START |
				  (write ? DMA_BUF_SYNC_RW : DMA_BUF_SYNC_READ));
}

void soft_bo_access_end(struct soft_bo *bo, bool write)
{
	if (bo->is_dmabuf)
		accel_dmabuf_sync(bo->fd, DMA_BUF_SYNC_END |
				  (write ? DMA_BUF_SYNC_RW : DMA_BUF_SYNC_READ));
}
