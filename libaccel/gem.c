// SPDX-License-Identifier: MIT
/*
 * The GEM layer shared by the providers of GEM drivers: the handle table
 * that mirrors the kernel's PRIME dedup, PRIME export/import, mmap through
 * the fake offset or the dma-buf, and GEM close. See accel_gem.h.
 */
#include <errno.h>
#include <linux/dma-buf.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "accel_internal.h"
#include "drm_ioctl.h"

/* No handle beyond this is indexed: the idr would need that many objects */
#define GEM_MAX_HANDLE (UINT32_C(1) << 24)

ACCEL_EXPORT int accel_gem_table_init(struct accel_gem_table *table, int fd)
{
	if (!table || fd < 0)
		return -EINVAL;
	memset(table, 0, sizeof(*table));
	table->fd = fd;
	accel_lock_init(&table->lock);
	return 0;
}

ACCEL_EXPORT void accel_gem_table_fini(struct accel_gem_table *table)
{
	if (!table)
		return;
	free(table->refs);
	table->refs = NULL;
	table->nrefs = 0;
}

/* The references to handle; the caller holds table->lock */
static uint32_t refs_locked(const struct accel_gem_table *table,
			    uint32_t handle)
{
	return handle < table->nrefs ? table->refs[handle] : 0;
}

/* A reference to handle; the caller holds table->lock */
static inline int table_get(struct accel_gem_table *table, uint32_t handle)
{
	if (handle >= table->nrefs) {
		uint32_t n = table->nrefs ? table->nrefs : 64;
		uint32_t *p;

		if (handle >= GEM_MAX_HANDLE)
			return -ENOMEM;
		while (n <= handle)
			n *= 2;
		p = realloc(table->refs, n * sizeof(*p));
		if (!p)
			return -ENOMEM;
		memset(p + table->nrefs, 0, (n - table->nrefs) * sizeof(*p));
		table->refs = p;
		table->nrefs = n;
	}
	/* more references than BOs a process can hold is a bug of ours */
	if (table->refs[handle] == UINT32_MAX)
		return -EOVERFLOW;
	table->refs[handle]++;
	return 0;
}

ACCEL_EXPORT int accel_gem_handle_add(struct accel_gem_table *table,
				      uint32_t handle)
{
	int ret;

	if (!table || !handle)
		return -EINVAL;
	accel_lock(&table->lock);
	ret = table_get(table, handle);
	/* an uncounted handle is the caller's alone: do not leak it */
	if (ret && !refs_locked(table, handle))
		accel_drm_gem_close(table->fd, handle);
	accel_unlock(&table->lock);
	return ret;
}

ACCEL_EXPORT int accel_gem_import_dmabuf(struct accel_gem_table *table,
					 int dmabuf_fd, uint32_t *handle)
{
	uint32_t h;
	int ret;

	if (!table || !handle)
		return -EINVAL;
	accel_lock(&table->lock);
	ret = accel_drm_prime_fd_to_handle_inline(table->fd, dmabuf_fd, &h);
	if (ret)
		goto unlock;
	ret = table_get(table, h);
	/* a handle the table does not hold yet is ours alone to close */
	if (ret && !refs_locked(table, h))
		accel_drm_gem_close(table->fd, h);
	if (!ret)
		*handle = h;
unlock:
	accel_unlock(&table->lock);
	return ret;
}

ACCEL_EXPORT int accel_gem_import_own(struct accel_gem_table *table,
				      int dmabuf_fd, const char *drv,
				      uint32_t *handle, uint64_t *size)
{
	int64_t sz = accel_dmabuf_size(dmabuf_fd);
	int ret;

	if (sz < 0)
		return accel_set_reason((int)sz, "%s: fd %d is not a dma-buf",
					drv, dmabuf_fd);
	ret = accel_gem_import_dmabuf(table, dmabuf_fd, handle);
	if (ret == -EINVAL)
		return accel_set_reason(
			ret,
			"%s imports no dma-buf of another driver (only its own objects)",
			drv);
	if (ret)
		return accel_set_reason(ret, "%s: PRIME import: %s", drv,
					strerror(-ret));
	*size = (uint64_t)sz;
	return 0;
}

ACCEL_EXPORT ACCEL_HOT_ENTRY int
accel_gem_import_sized(struct accel_gem_table *table, int dmabuf_fd,
		       uint32_t *handle, uint64_t *size)
{
	int64_t sz = accel_dmabuf_size(dmabuf_fd);
	int ret;

	if (sz < 0)
		return (int)sz;
	ret = accel_gem_import_dmabuf(table, dmabuf_fd, handle);
	if (!ret)
		*size = (uint64_t)sz;
	return ret;
}

ACCEL_EXPORT ACCEL_HOT_ENTRY void
accel_gem_bo_free(struct accel_gem_table *table, uint32_t handle, void *bo,
		  size_t bo_size)
{
	if (handle)
		accel_gem_handle_put(table, handle);
	accel_bo_zfree(bo, bo_size);
}

ACCEL_EXPORT int accel_gem_handle_put(struct accel_gem_table *table,
				      uint32_t handle)
{
	int ret = 0;

	if (!table)
		return -EINVAL;
	accel_lock(&table->lock);
	if (!refs_locked(table, handle)) {
		ret = -ENOENT;
		goto unlock;
	}
	/* close under the lock: an import must not get a closing handle */
	if (!--table->refs[handle])
		ret = accel_drm_gem_close_inline(table->fd, handle);
unlock:
	accel_unlock(&table->lock);
	return ret;
}

ACCEL_EXPORT uint32_t accel_gem_handle_refs(struct accel_gem_table *table,
					    uint32_t handle)
{
	uint32_t refs;

	if (!table)
		return 0;
	accel_lock(&table->lock);
	refs = refs_locked(table, handle);
	accel_unlock(&table->lock);
	return refs;
}

ACCEL_EXPORT int accel_gem_close(int fd, uint32_t handle)
{
	return accel_drm_gem_close(fd, handle);
}

ACCEL_EXPORT int accel_gem_export_dmabuf(int fd, uint32_t handle,
					 uint32_t flags)
{
	int dmabuf_fd, ret;

	if (flags & ~(uint32_t)(O_CLOEXEC | O_RDWR))
		return -EINVAL;
	/* DRM_CLOEXEC and DRM_RDWR are O_CLOEXEC and O_RDWR */
	ret = accel_drm_prime_handle_to_fd(fd, handle, flags | O_CLOEXEC,
					   &dmabuf_fd);
	return ret ? ret : dmabuf_fd;
}

/*
 * Implicit sync through a dma-buf of the object (drivers whose jobs put
 * WRITE fences on the BOs they write: rocket, ethosu, ivpu's command BO).
 * The reservation belongs to the object, so a short-lived dma-buf sees
 * the same fences as any other.
 */
ACCEL_EXPORT int accel_gem_export_write_fence(int fd, uint32_t handle)
{
	int dmabuf, sync_fd = -1, ret;

	dmabuf = accel_gem_export_dmabuf(fd, handle, 0);
	if (dmabuf < 0)
		return accel_set_reason(dmabuf, "exporting GEM object %u: %s",
					handle, strerror(-dmabuf));
	/* READ: a sync_file of the writers (dma_resv_usage_rw) */
	ret = accel_dmabuf_export_sync_file(dmabuf, DMA_BUF_SYNC_READ,
					    &sync_fd);
	close(dmabuf);
	if (ret)
		return accel_set_reason(ret,
					"DMA_BUF_IOCTL_EXPORT_SYNC_FILE: %s",
					strerror(-ret));
	return sync_fd;
}

ACCEL_EXPORT int accel_gem_import_fences(int fd, uint32_t handle,
					 const int32_t *sync_fds,
					 uint32_t count)
{
	uint32_t i;
	int dmabuf, ret = 0;

	if (!count)
		return 0;
	dmabuf = accel_gem_export_dmabuf(fd, handle, 0);
	if (dmabuf < 0)
		return accel_set_reason(
			dmabuf, "in-fences: exporting GEM object %u: %s",
			handle, strerror(-dmabuf));
	for (i = 0; i < count && !ret; i++) {
		ret = accel_dmabuf_import_sync_file(dmabuf, DMA_BUF_SYNC_WRITE,
						    sync_fds[i]);
		if (ret)
			accel_set_reason(
				ret,
				"in_fence_fds[%u]: DMA_BUF_IOCTL_IMPORT_SYNC_FILE: %s",
				i, strerror(-ret));
	}
	close(dmabuf);
	return ret;
}

/*
 * dma_buf_poll() answers from the reservation: EPOLLIN once the writers'
 * fences have signalled (what a reader waits for), EPOLLOUT once every
 * fence has (what a writer waits for). A dma-buf of the object sees the
 * fences of every driver the object is shared with.
 */
ACCEL_EXPORT int accel_gem_wait_resv(int fd, uint32_t handle, uint32_t access,
				     int64_t abs_deadline_ns)
{
	struct pollfd p = { .events = (access & ACCEL_ACCESS_WRITE) ? POLLOUT :
								      POLLIN };
	int ret;

	p.fd = accel_gem_export_dmabuf(fd, handle, 0);
	if (p.fd < 0)
		return accel_set_reason(
			p.fd,
			"exporting GEM object %u to wait for its fences: %s",
			handle, strerror(-p.fd));
	do {
		uint64_t ms =
			accel_deadline_left_ms(abs_deadline_ns, INT32_MAX);

		ret = poll(&p, 1,
			   abs_deadline_ns == ACCEL_DEADLINE_NEVER ? -1 :
								     (int)ms);
	} while (ret < 0 && errno == EINTR);
	if (ret < 0)
		ret = accel_set_reason(-errno, "poll of the dma-buf: %s",
				       strerror(errno));
	else if (!ret)
		ret = accel_set_reason(
			-ETIMEDOUT,
			"the fences of another user of the buffer did not signal in time");
	else
		ret = 0;
	close(p.fd);
	return ret;
}

static int map_checked(int fd, uint64_t offset, uint64_t size, int prot,
		       void **ptr)
{
	void *p;

	if (!ptr || !size || size > SIZE_MAX || offset > INT64_MAX)
		return -EINVAL;
	p = mmap(NULL, (size_t)size, prot, MAP_SHARED, fd, (off_t)offset);
	if (p == MAP_FAILED)
		return -errno;
	*ptr = p;
	return 0;
}

ACCEL_EXPORT int accel_gem_mmap(int fd, uint64_t mmap_offset, uint64_t size,
				int prot, void **ptr)
{
	return map_checked(fd, mmap_offset, size, prot, ptr);
}

ACCEL_EXPORT int accel_gem_mmap_dmabuf(int fd, uint32_t handle, uint64_t size,
				       int prot, void **ptr)
{
	int dmabuf_fd, ret;

	ret = accel_gem_export_dmabuf(fd, handle, O_RDWR);
	if (ret < 0)
		return ret;
	dmabuf_fd = ret;
	ret = map_checked(dmabuf_fd, 0, size, prot, ptr);
	/* PRIME hands back the exporter's file, which may be read-only */
	if (ret == -EACCES && (prot & PROT_WRITE))
		ret = map_checked(dmabuf_fd, 0, size, prot & ~PROT_WRITE, ptr);
	close(dmabuf_fd);
	return ret;
}

ACCEL_EXPORT int accel_gem_munmap(void *ptr, uint64_t size)
{
	if (!ptr || !size || size > SIZE_MAX)
		return -EINVAL;
	return munmap(ptr, (size_t)size) ? -errno : 0;
}
