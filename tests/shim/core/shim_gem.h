/* SPDX-License-Identifier: MIT */
/*
 * The DRM core's GEM, PRIME, dma-resv and syncobj emulation, shared by the
 * backends of GEM drivers (ivpu, amdxdna, qaic, rocket, ethosu), after
 * drivers/gpu/drm/{drm_gem,drm_prime,drm_syncobj,drm_ioctl}.c and
 * drivers/dma-buf/{dma-resv,dma-buf,dma-fence-chain,sync_file}.c of 7.2.
 *
 * A backend declares its DRIVER_* features in struct shim_driver.features
 * (SHIM_DRIVER_*); the DRM core ioctls (GEM_CLOSE, GEM_FLINK/OPEN, PRIME,
 * SYNCOBJ_*, GET_CAP) are then answered by the core, gated as drm_ioctl.c
 * gates them, and mmap of the accel file goes to shim_gem_mmap() unless
 * the backend has its own mmap hook (which may call it).
 *
 * What the core does, in kernel terms:
 *  - objects: page-multiple size, backed by a memfd, so that CPU mappings
 *    (through the fake mmap offset or a dma-buf) alias the same pages;
 *  - handles: per file, lowest free from 1 (idr), GEM_CLOSE of an unknown
 *    one is EINVAL; flink names per device (GEM_FLINK/OPEN are DRM_AUTH:
 *    EACCES on an accel file unless CAP_SYS_ADMIN, drm_ioctl_permit());
 *  - PRIME: one dma-buf per object (re-export returns it), the file's
 *    prime cache (import of a dma-buf the file knows returns its handle),
 *    self-import of the device's own export takes the object, foreign
 *    dma-bufs are imported only with SHIM_DRIVER_PRIME_IMPORT (the
 *    driver's gem_prime_import(_sg_table)), sharing the exporter's resv;
 *  - dma-resv: fences with a usage, waits filtered by usage, the dma-buf
 *    EXPORT/IMPORT_SYNC_FILE ioctls and DMA_BUF_IOCTL_SYNC's implicit wait;
 *  - sync_files: eventfds that poll readable when their fence signals,
 *    named "anon_inode:sync_file" in /proc/self/fd (readlink interposed);
 *  - syncobjs: binary and timeline (dma_fence_chain), all their ioctls.
 *
 * Locking: everything below is called with shim_lock held (ioctl handlers
 * and mmap hooks already run under it). The wait helpers drop it while they
 * sleep, so a caller must hold references on what it uses across a wait.
 */
#ifndef ACCEL_SHIM_GEM_H
#define ACCEL_SHIM_GEM_H

#include <stdbool.h>
#include <stdint.h>

#include "shim.h"

/* struct shim_driver.features: the kernel's DRIVER_* bits the core gates on */
#define SHIM_DRIVER_GEM			(1u << 0)	/* DRIVER_GEM */
#define SHIM_DRIVER_SYNCOBJ		(1u << 1)	/* DRIVER_SYNCOBJ */
#define SHIM_DRIVER_SYNCOBJ_TIMELINE	(1u << 2)	/* DRIVER_SYNCOBJ_TIMELINE */
/*
 * The driver imports dma-bufs it did not export (it has gem_prime_import
 * or gem_prime_import_sg_table: ivpu, qaic, amdxdna). Without it a foreign
 * dma-buf is EINVAL (drm_gem_prime_import_dev(): rocket, ethosu); a
 * dma-buf of the device's own object is always taken back.
 */
#define SHIM_DRIVER_PRIME_IMPORT	(1u << 3)

struct shim_fence;
struct shim_resv;
struct shim_syncobj;

/* ------------------------------------------------------------------------ */
/* GEM objects                                                              */
/* ------------------------------------------------------------------------ */

struct shim_gem_object {
	struct shim_device *dev;
	uint64_t size;			/* bytes, a multiple of the page size */
	int memfd;			/* the backing pages */
	unsigned int refcnt;		/* drm_gem_object_get/put */
	unsigned int handle_count;	/* handles in all files */
	uint64_t mmap_offset;		/* fake offset (bytes); 0: none yet */
	struct shim_resv *resv;		/* own, or the exporter's when imported */
	struct shim_file *dma_buf;	/* its dma-buf (exported or imported) */
	bool imported;			/* import of a foreign dma-buf */
	uint32_t name;			/* flink name, 0: none */
	void *vaddr;			/* the shim's own mapping (shim_gem_vaddr) */
	/* driver data and its destructor, called when the object is freed */
	void *priv;
	void (*free)(struct shim_gem_object *obj);
	/*
	 * obj->funcs->export(): NULL exports; else 0 or the -errno PRIME
	 * answers for an object the driver will not share (amdxdna's DEV
	 * BOs: -EOPNOTSUPP)
	 */
	int (*export)(struct shim_gem_object *obj);
	struct shim_gem_object *next;	/* the device's objects */
};

/*
 * A new object of size bytes (rounded up to the page size; size 0 is
 * -EINVAL) on f's device, with one reference for the caller and no handle.
 * The memory is zeroed (a fresh memfd). 0 and *out, or -errno.
 */
int shim_gem_object_create(struct shim_file *f, uint64_t size,
			   struct shim_gem_object **out);

/*
 * drm_gem_handle_create(): a handle in f for obj (lowest free from 1).
 * The handle holds its own reference; the caller keeps its own, so the
 * usual create ioctl does create + handle_create + put.
 */
int shim_gem_handle_create(struct shim_file *f, struct shim_gem_object *obj,
			   uint32_t *handle);

/* drm_gem_object_lookup(): the object of handle in f, referenced, or NULL */
struct shim_gem_object *shim_gem_lookup(struct shim_file *f, uint32_t handle);
void shim_gem_get(struct shim_gem_object *obj);
void shim_gem_put(struct shim_gem_object *obj);

/*
 * drm_gem_create_mmap_offset() + drm_vma_node_offset_addr(): the fake
 * offset (bytes) at which mmap() of the accel file maps obj; allocated
 * once, then the same. Imported objects get one too: refusing them is the
 * driver's rule (drm_gem_dumb_map_offset() and friends), not the core's.
 */
int shim_gem_mmap_offset(struct shim_gem_object *obj, uint64_t *offset);

/* the object's pages mapped in the shim (MAP_SHARED), for backends that
 * read or write buffers as the device would; NULL on failure */
void *shim_gem_vaddr(struct shim_gem_object *obj);

/*
 * drm_gem_mmap(): the object at the exact fake offset, len within its
 * size (else EINVAL), the file must hold a handle to it (EACCES); maps the
 * memfd with prot and flags. The signature of shim_driver.mmap.
 */
int shim_gem_mmap(struct shim_file *f, void *addr, size_t len, int prot,
		  int flags, uint64_t offset, void **out);

/* ------------------------------------------------------------------------ */
/* fences ("job completions") and dma-resv                                  */
/* ------------------------------------------------------------------------ */

/*
 * A new unsignalled fence (a job's completion), one reference. Each has
 * its own fence context, as a driver's per-job fence would.
 */
struct shim_fence *shim_fence_create(void);
/*
 * A fence on a timeline of the backend's (a queue's), as drm_sched's
 * finished fences are: fences of one context signal in seqno order, and
 * dma_resv_add_fence() replaces an older one of the context by a newer.
 */
uint64_t shim_fence_context_alloc(void);
struct shim_fence *shim_fence_create_on(uint64_t context, uint64_t seqno);
struct shim_fence *shim_fence_get(struct shim_fence *fence);
void shim_fence_put(struct shim_fence *fence);

/* dma_fence_set_error() + dma_fence_signal(): error 0 or -errno; once */
void shim_fence_signal(struct shim_fence *fence, int error);
/* signal at abs_ns (CLOCK_MONOTONIC), from the shim's timer thread */
void shim_fence_signal_at(struct shim_fence *fence, int64_t abs_ns, int error);
bool shim_fence_is_signaled(struct shim_fence *fence);
/* the error it signalled with (0), or 1 while unsignalled (dma_fence_get_status) */
int shim_fence_status(struct shim_fence *fence);
/*
 * Wait (dropping shim_lock) until the fence signals or abs_ns passes
 * (INT64_MAX: no limit; 0 or the past: just test). 0 or -ETIME.
 */
int shim_fence_wait(struct shim_fence *fence, int64_t abs_ns);

/* enum dma_resv_usage: a wait for usage U includes every usage <= U */
enum shim_resv_usage {
	SHIM_RESV_KERNEL,
	SHIM_RESV_WRITE,
	SHIM_RESV_READ,
	SHIM_RESV_BOOKKEEP,
};

/* dma_resv_usage_rw(): what a write (all users) or read (writers) waits for */
static inline enum shim_resv_usage shim_resv_usage_rw(bool write)
{
	return write ? SHIM_RESV_READ : SHIM_RESV_WRITE;
}

/* dma_resv_add_fence() on obj's resv (replaces a signalled fence or an
 * older one of the same context with a usage not below); 0 or -ENOMEM */
int shim_gem_add_fence(struct shim_gem_object *obj, struct shim_fence *fence,
		       enum shim_resv_usage usage);
/* dma_resv_test_signaled() */
bool shim_gem_test_signaled(struct shim_gem_object *obj,
			    enum shim_resv_usage usage);
/*
 * dma_resv_wait_timeout(): wait for obj's fences of usage <= usage until
 * abs_ns (as shim_fence_wait). 0 when all signalled, -ETIME at the
 * deadline; the backend maps that to its ioctl's errno.
 */
int shim_gem_wait(struct shim_gem_object *obj, enum shim_resv_usage usage,
		  int64_t abs_ns);

/* ------------------------------------------------------------------------ */
/* syncobjs                                                                 */
/* ------------------------------------------------------------------------ */

/* drm_syncobj_find(): handle's syncobj in f, referenced, or NULL */
struct shim_syncobj *shim_syncobj_find(struct shim_file *f, uint32_t handle);
void shim_syncobj_put(struct shim_syncobj *syncobj);
/* drm_syncobj_replace_fence(): the binary payload (NULL resets it) */
void shim_syncobj_replace_fence(struct shim_syncobj *syncobj,
				struct shim_fence *fence);
/* drm_syncobj_add_point(): a timeline point carried by fence */
void shim_syncobj_add_point(struct shim_syncobj *syncobj,
			    struct shim_fence *fence, uint64_t point);
/*
 * drm_syncobj_find_fence(): the fence of (handle, point) for a job's
 * in-fence; flags 0 or DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT (waits up
 * to 5 s, dropping the lock). -ENOENT no syncobj, -EINVAL no fence
 * (point not submitted), -ETIME. *out referenced (a signalled stub when
 * the point has signalled and been collected).
 */
int shim_syncobj_find_fence(struct shim_file *f, uint32_t handle,
			    uint64_t point, uint64_t flags,
			    struct shim_fence **out);

/* ------------------------------------------------------------------------ */
/* for the core (shim_drm.c, shim_core.c, shim_dmabuf.c)                    */
/* ------------------------------------------------------------------------ */

struct shim_gem_file;

int shim_gem_file_open(struct shim_file *f);
void shim_gem_file_release(struct shim_file *f);

int shim_gem_close_ioctl(struct shim_file *f, void *arg);
int shim_gem_flink_ioctl(struct shim_file *f, void *arg);
int shim_gem_open_ioctl(struct shim_file *f, void *arg);
int shim_prime_handle_to_fd_ioctl(struct shim_file *f, void *arg);
int shim_prime_fd_to_handle_ioctl(struct shim_file *f, void *arg);

int shim_syncobj_create_ioctl(struct shim_file *f, void *arg);
int shim_syncobj_destroy_ioctl(struct shim_file *f, void *arg);
int shim_syncobj_handle_to_fd_ioctl(struct shim_file *f, void *arg);
int shim_syncobj_fd_to_handle_ioctl(struct shim_file *f, void *arg);
int shim_syncobj_transfer_ioctl(struct shim_file *f, void *arg);
int shim_syncobj_wait_ioctl(struct shim_file *f, void *arg);
int shim_syncobj_timeline_wait_ioctl(struct shim_file *f, void *arg);
int shim_syncobj_reset_ioctl(struct shim_file *f, void *arg);
int shim_syncobj_signal_ioctl(struct shim_file *f, void *arg);
int shim_syncobj_timeline_signal_ioctl(struct shim_file *f, void *arg);
int shim_syncobj_query_ioctl(struct shim_file *f, void *arg);
int shim_syncobj_eventfd_ioctl(struct shim_file *f, void *arg);

/* a dma-buf's last reference: its object and resv are let go */
void shim_dmabuf_fini(struct shim_file *dmabuf);
/* a dma-buf's resv (created on first use for non-GEM exporters) */
struct shim_resv *shim_dmabuf_resv(struct shim_file *dmabuf);
void shim_resv_put(struct shim_resv *resv);
int shim_resv_wait(struct shim_resv *resv, enum shim_resv_usage usage,
		   int64_t abs_ns);
/* dma_resv_get_singleton(): one fence (merged) of usage <= usage, or NULL */
struct shim_fence *shim_resv_get_singleton(struct shim_resv *resv,
					   enum shim_resv_usage usage);
/* every leaf fence of fence (dma_fence_unwrap) added with usage */
int shim_resv_add_unwrapped(struct shim_resv *resv, struct shim_fence *fence,
			    enum shim_resv_usage usage);

/* sync_file_create(): a new fd (O_CLOEXEC) or -errno */
int shim_sync_file_create(struct shim_fence *fence);
/* sync_file_get_fence(): the fence of a sync_file fd, referenced, or NULL */
struct shim_fence *shim_sync_file_get_fence(int fd);
int shim_sync_file_ioctl(struct shim_file *f, unsigned long cmd, void *arg);

/* a signalled stub fence (dma_fence_get_stub()), referenced */
struct shim_fence *shim_fence_get_stub(void);

/*
 * Something a waiter may be waiting for changed (a fence signalled, a
 * syncobj got a fence): wake waiters, make signalled sync_files and
 * syncobj eventfds readable.
 */
void shim_fence_kick(void);
/* wait on the core's condition until abs_ns; false when it has passed */
bool shim_fence_sleep(int64_t abs_ns);

#endif /* ACCEL_SHIM_GEM_H */
