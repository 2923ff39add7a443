// SPDX-License-Identifier: MIT
/*
 * dma-buf export and import for the soft device.
 *
 * Export must hand out a real dma-buf that shares the BO's memory:
 *  - memfd BOs go through /dev/udmabuf (UDMABUF_CREATE on the sealed
 *    memfd); without it export fails with -EOPNOTSUPP and says which
 *    kernel option is missing;
 *  - BOs allocated from the system dma-heap (soft_memory dma-heap) are
 *    dma-bufs already, and export returns a new fd for the same buffer.
 * A heap buffer allocated at export time would be separate memory, not
 * the BO, so export never does that.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uapi/linux/dma-heap.h>
#include <uapi/linux/udmabuf.h>

#include "soft.h"

static void soft_dev_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", accel_dev_root(), name);
}

static bool soft_dev_exists(const char *name)
{
	char path[PATH_MAX];

	soft_dev_path(path, sizeof(path), name);
	return access(path, F_OK) == 0;
}

bool soft_have_udmabuf(void)
{
	return soft_dev_exists("udmabuf");
}

bool soft_have_system_heap(void)
{
	return soft_dev_exists("dma_heap/system");
}

int soft_heap_alloc(uint64_t size, int *fd)
{
	struct dma_heap_allocation_data data = {
		.len = size,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	char path[PATH_MAX];
	struct stat st;
	int heap, ret;

	soft_dev_path(path, sizeof(path), "dma_heap/system");
	/* O_RDONLY on a FIFO in its place would block: it cannot here */
	heap = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (heap < 0)
		return errno == ENOENT ? -EOPNOTSUPP : -errno;
	if (fstat(heap, &st) || !S_ISCHR(st.st_mode)) {
		close(heap);
		return -ENODEV;
	}
	ret = accel_ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data);
	close(heap);
	if (ret < 0)
		return ret;
	*fd = (int)data.fd;
	return 0;
}

static int soft_export_unsupported(void)
{
	if (soft_have_system_heap())
		return accel_set_reason(-EOPNOTSUPP, "soft: export of memfd BOs needs /dev/udmabuf (CONFIG_UDMABUF); soft_memory dma-heap would make BOs exportable here");
	return accel_set_reason(-EOPNOTSUPP, "soft: export needs /dev/udmabuf (CONFIG_UDMABUF) or /dev/dma_heap/system (CONFIG_DMABUF_HEAPS_SYSTEM)");
}

int soft_bo_export_dmabuf(struct accel_bo *abo, uint32_t flags)
{
	struct soft_bo *bo = to_soft_bo(abo);
	struct udmabuf_create create = {
		.memfd = (uint32_t)bo->fd,
		.flags = (flags & O_CLOEXEC) ? UDMABUF_FLAGS_CLOEXEC : 0,
		.offset = bo->offset,	/* a pooled BO: its range of the arena */
		.size = bo->mem_size,
	};
	char path[PATH_MAX];
	int dev, fd;

	if (bo->is_dmabuf) {
		/* the BO is a dma-buf: another fd for it, same access */
		if ((flags & O_ACCMODE) == O_RDWR && bo->readonly)
			return accel_set_reason(-EACCES, "soft: O_RDWR export of a read-only import");
		fd = fcntl(bo->fd, (flags & O_CLOEXEC) ? F_DUPFD_CLOEXEC : F_DUPFD, 0);
		if (fd < 0)
			return accel_set_reason(-errno, "soft: dup of the dma-buf: %s",
						strerror(errno));
		return fd;
	}

	soft_dev_path(path, sizeof(path), "udmabuf");
	dev = open(path, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		if (errno == ENOENT)
			return soft_export_unsupported();
		return accel_set_reason(-errno, "soft: open %s: %s", path,
					strerror(errno));
	}
	/* udmabuf makes every dma-buf O_RDWR, whatever the caller asked */
	fd = accel_ioctl(dev, UDMABUF_CREATE, &create);
	close(dev);
	if (fd == -EINVAL && bo->mem_size > (64ull << 20))
		return accel_set_reason(fd, "soft: udmabuf refused %llu bytes: its size_limit_mb module parameter (64 by default) caps a dma-buf",
					(unsigned long long)bo->mem_size);
	if (fd < 0)
		return accel_set_reason(fd, "soft: UDMABUF_CREATE: %s", strerror(-fd));
	return fd;
}

struct accel_bo *soft_bo_import_dmabuf(struct accel_context *actx, int fd)
{
	struct soft_context *ctx = to_soft_ctx(actx);
	uint64_t page = soft_page_size(), addr;
	struct soft_bo *bo;
	int64_t size;
	int ret;

	/* the core checked fd (open, a dma-buf) and knows its size already */
	size = accel_dmabuf_size(fd);
	if (size <= 0) {
		errno = -accel_set_reason(size < 0 ? (int)size : -EINVAL,
					  "soft: cannot size the dma-buf");
		return NULL;
	}

	bo = accel_bo_zalloc(sizeof(*bo));
	if (!bo) {
		errno = -accel_set_reason(-ENOMEM, "soft: no memory");
		return NULL;
	}
	bo->is_dmabuf = true;
	bo->mem_size = ((uint64_t)size + page - 1) & ~(page - 1);
	bo->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (bo->fd < 0) {
		ret = accel_set_reason(-errno, "soft: dup of the dma-buf: %s",
				       strerror(errno));
		goto err_free;
	}
	bo->mem = mmap(NULL, bo->mem_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       bo->fd, 0);
	if (bo->mem == MAP_FAILED && errno == EACCES) {
		/* an O_RDONLY dma-buf: the device may only read it */
		bo->readonly = true;
		bo->mem = mmap(NULL, bo->mem_size, PROT_READ, MAP_SHARED,
			       bo->fd, 0);
	}
	if (bo->mem == MAP_FAILED) {
		/* the device reaches memory through the CPU */
		ret = accel_set_reason(-errno, "soft: the dma-buf cannot be mapped: %s",
				       strerror(errno));
		goto err_close;
	}
	ret = soft_va_alloc(ctx, bo->mem_size, &addr);
	if (ret) {
		accel_set_reason(ret, "soft: device address space full");
		goto err_unmap;
	}
	accel_init_bo(&bo->base, actx, (uint64_t)size, ACCEL_BO_HOST_VISIBLE);
	bo->base.device_addr = addr;
	bo->base.imported = true;
	return &bo->base;

err_unmap:
	munmap(bo->mem, bo->mem_size);
err_close:
	close(bo->fd);
err_free:
	free(bo);
	errno = -ret;
	return NULL;
}
