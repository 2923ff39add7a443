/* SPDX-License-Identifier: MIT */
/*
 * The GEM layer of libaccel, for providers of GEM drivers (vgem, ivpu,
 * qaic, amdxdna, rocket, ethosu, vaccel). Part of the private provider API
 * (included by accel_provider.h, exported under ACCEL_PRIVATE_<N>).
 *
 * What every GEM driver shares lives here once: the per-file table of GEM
 * handles, PRIME export and import, mapping through the fake mmap offset
 * the driver hands out, and GEM close. What differs by driver (the create
 * ioctl, the ioctl that yields the mmap offset) stays in the provider.
 *
 * Why a table: a GEM handle names an object per DRM file, and PRIME import
 * of a dma-buf the file already has a handle for answers that same handle
 * (drm_gem_prime_fd_to_handle() looks the dma-buf up first). Two accel_bo
 * objects can thus share one handle; GEM_CLOSE on the first free would
 * pull the object from under the second. The table counts the BOs holding
 * each handle and closes a handle with its last reference.
 *
 * Functions return 0 (or a new fd) on success and a negative errno on
 * failure, as everywhere in libaccel. All of them are thread-safe.
 */
#ifndef ACCEL_GEM_H
#define ACCEL_GEM_H

#include <pthread.h>
#include <stdint.h>

#include "accel_lock.h"

/*
 * The GEM handles of one DRM file. refs[h] is the number of references to
 * handle h (0: not counted); kernel handles come from an idr that hands
 * out the lowest free id from 1, so they stay dense and index directly.
 * Embed one in the provider's context; fields are private to gem.c.
 */
struct accel_gem_table {
	int fd;			/* the DRM file the handles belong to */
	struct accel_lock lock;	/* refs, and import/close against each other */
	uint32_t *refs;
	uint32_t nrefs;		/* entries in refs */
};

/*
 * Set up an empty table for the handles of DRM file fd (the context's
 * fd, owned by the caller). Returns 0 or -errno.
 */
int accel_gem_table_init(struct accel_gem_table *table, int fd);

/*
 * Free the table. Handles still counted are not closed: the kernel closes
 * them with the file, which the core closes after the provider's close op.
 */
void accel_gem_table_fini(struct accel_gem_table *table);

/*
 * Count a handle the driver's own create ioctl just returned (one
 * reference). On failure (-ENOMEM) the handle is GEM_CLOSEd, so the
 * caller has nothing to undo.
 */
int accel_gem_handle_add(struct accel_gem_table *table, uint32_t handle);

/*
 * Import a dma-buf (DRM_IOCTL_PRIME_FD_TO_HANDLE) and take a reference on
 * the handle. When the file already has a handle for the dma-buf (its own
 * export, or an earlier import) the kernel returns that handle and this
 * adds a reference to it, so the caller always owns exactly one reference
 * to put. The lock is held across the ioctl, so a concurrent last put
 * cannot close the handle between the kernel's answer and the count.
 * Errors: the kernel's (-EBADF not a dma-buf fd, -EINVAL, ...), -ENOMEM.
 */
int accel_gem_import_dmabuf(struct accel_gem_table *table, int dmabuf_fd,
			    uint32_t *handle);
/*
 * The same for a driver whose kernel takes back only its own objects
 * (drm_gem_prime_import_dev(): EINVAL for another driver's dma-buf), with
 * the buffer's size; every refusal gets a reason naming drv. 0 or -errno.
 */
int accel_gem_import_own(struct accel_gem_table *table, int dmabuf_fd,
			 const char *drv, uint32_t *handle, uint64_t *size);

/*
 * accel_gem_import_dmabuf() and the dma-buf's size (accel_dmabuf_size()),
 * in one call and with no reason set: 0, or the -errno of the size's
 * lseek (-EBADF: no fd) or of the import; nothing is counted then.
 */
int accel_gem_import_sized(struct accel_gem_table *table, int dmabuf_fd,
			   uint32_t *handle, uint64_t *size);

/*
 * Drop one reference to handle; the last one GEM_CLOSEs it (under the
 * lock, so an import cannot be handed the handle while it closes).
 * Returns 0, GEM_CLOSE's -errno, or -ENOENT when handle is not counted in
 * the table (nothing is closed then: the handle may be someone else's).
 */
int accel_gem_handle_put(struct accel_gem_table *table, uint32_t handle);

/*
 * The end of a GEM provider's bo_destroy: handle's reference put (none
 * when handle is 0) and the BO struct given back (accel_bo_zfree()).
 */
void accel_gem_bo_free(struct accel_gem_table *table, uint32_t handle, void *bo,
		       size_t bo_size);

/* The references counted to handle (0: not in the table); for checks */
uint32_t accel_gem_handle_refs(struct accel_gem_table *table, uint32_t handle);

/*
 * GEM_CLOSE a handle that is not counted in a table (a provider's
 * temporary object). Handles in a table go through accel_gem_handle_put.
 */
int accel_gem_close(int fd, uint32_t handle);

/*
 * Export handle as a dma-buf (DRM_IOCTL_PRIME_HANDLE_TO_FD). flags are
 * O_CLOEXEC and O_RDWR (DRM_CLOEXEC, DRM_RDWR); O_CLOEXEC is always
 * added. Returns the new fd or -errno (-EINVAL for other flags).
 */
int accel_gem_export_dmabuf(int fd, uint32_t handle, uint32_t flags);

/*
 * Implicit sync (drivers whose jobs put WRITE fences on the BOs they
 * write and take implicit dependencies on the BOs they list):
 * a sync_file of the object's writers (a dma-buf's EXPORT_SYNC_FILE for
 * READ), or -errno with a reason; and count sync_files added to the
 * object's reservation as WRITE fences (IMPORT_SYNC_FILE), so later work
 * and CPU access on it wait for them: 0 or -errno with a reason.
 */
int accel_gem_export_write_fence(int fd, uint32_t handle);
int accel_gem_import_fences(int fd, uint32_t handle, const int32_t *sync_fds,
			    uint32_t count);
/*
 * Wait, until abs_deadline_ns (accel_deadline()), for the fences in the
 * object's reservation, every driver's on a shared dma-buf: its writers
 * for ACCEL_ACCESS_READ, every fence when access has ACCEL_ACCESS_WRITE.
 * 0, -ETIMEDOUT, or -errno, each with a reason.
 */
int accel_gem_wait_resv(int fd, uint32_t handle, uint32_t access,
			int64_t abs_deadline_ns);

/*
 * Map size bytes of a GEM object through the fake offset its driver gave
 * for it (MODE_MAP_DUMB, the driver's own BO-info ioctl), MAP_SHARED on
 * the DRM file fd. prot as mmap(2). Returns 0 and *ptr, or -errno
 * (-EINVAL for size 0 or an offset beyond off_t).
 */
int accel_gem_mmap(int fd, uint64_t mmap_offset, uint64_t size, int prot,
		   void **ptr);

/*
 * Map size bytes of a GEM object through its dma-buf, for objects the
 * driver will not map through an mmap offset (imported ones: the kernel's
 * drm_gem_dumb_map_offset() refuses them with -EINVAL). PRIME hands back
 * the object's dma-buf, which is mapped and closed again (the mapping
 * holds it). When prot asks for PROT_WRITE and the dma-buf's file is
 * read-only (its exporter opened it so: EACCES), the mapping is PROT_READ
 * alone. Returns 0 and *ptr, or -errno.
 */
int accel_gem_mmap_dmabuf(int fd, uint32_t handle, uint64_t size, int prot,
			  void **ptr);

/* Undo accel_gem_mmap or accel_gem_mmap_dmabuf; 0 or -errno */
int accel_gem_munmap(void *ptr, uint64_t size);

/*
 * Timeline syncobjs (drm.c, beside the binary syncobj helpers of
 * accel_provider.h). handles are syncobj handles of DRM file fd; points
 * are timeline points (0 on a binary syncobj). flags are the kernel's
 * DRM_SYNCOBJ_WAIT_FLAGS_* / DRM_SYNCOBJ_QUERY_FLAGS_*, passed through.
 * All return 0 or -errno.
 */

/*
 * DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT until abs_timeout_ns (CLOCK_MONOTONIC,
 * as accel_now_ns()). The kernel's -ETIME becomes -ETIMEDOUT, libaccel's
 * one answer for a deadline; -EINVAL when a point has no fence yet and
 * WAIT_FOR_SUBMIT is not asked. first_signaled (optional) is the index
 * the kernel reports when not waiting for all.
 */
int accel_drm_syncobj_timeline_wait(int fd, const uint32_t *handles,
				    const uint64_t *points, uint32_t count,
				    int64_t abs_timeout_ns, uint32_t flags,
				    uint32_t *first_signaled);

/*
 * DRM_IOCTL_SYNCOBJ_TRANSFER: the fence of (src, src_point) becomes the
 * fence of (dst, dst_point); dst_point 0 replaces a binary syncobj's
 * fence. flags: DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT waits (in the
 * kernel, bounded there: -ETIMEDOUT) for the source point to be submitted.
 */
int accel_drm_syncobj_transfer(int fd, uint32_t dst, uint64_t dst_point,
			       uint32_t src, uint64_t src_point,
			       uint32_t flags);

/*
 * DRM_IOCTL_SYNCOBJ_QUERY: points[i] becomes the last signalled point of
 * handles[i] (with DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED: the last
 * submitted one).
 */
int accel_drm_syncobj_query(int fd, const uint32_t *handles, uint64_t *points,
			    uint32_t count, uint32_t flags);

/* DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL: signal each (handles[i], points[i]) */
int accel_drm_syncobj_timeline_signal(int fd, const uint32_t *handles,
				      const uint64_t *points, uint32_t count);

/*
 * A timeline point as a sync_file: the kernel exports only a binary
 * syncobj's fence as one, so the point is transferred (with flags, as
 * accel_drm_syncobj_transfer) to a temporary binary syncobj, exported and
 * the temporary destroyed. Returns 0 and *sync_fd (O_CLOEXEC), or -errno:
 * -EINVAL for a point with no fence yet (unless WAIT_FOR_SUBMIT).
 */
int accel_drm_syncobj_timeline_export_sync_file(int fd, uint32_t handle,
						uint64_t point, uint32_t flags,
						int *sync_fd);

/*
 * An already signalled sync_file, for work that has retired: the stub
 * fence of a syncobj created signalled, exported. 0 and *sync_fd
 * (O_CLOEXEC), or -errno.
 */
int accel_drm_syncobj_signalled_sync_file(int fd, int *sync_fd);

#endif /* ACCEL_GEM_H */
