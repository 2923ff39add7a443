/* SPDX-License-Identifier: MIT */
/*
 * The provider-facing private API of libaccel.
 *
 * Everything here is exported under the ELF symbol version
 * ACCEL_PRIVATE_<ACCEL_PABI_VERSION>. Any change to a structure or function
 * in this file must bump ACCEL_PABI_VERSION in the top CMakeLists.txt: the
 * provider file name, the symbol version and the registration function name
 * all carry it, so a mismatched provider cannot load.
 */
#ifndef ACCEL_PROVIDER_H
#define ACCEL_PROVIDER_H

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include <accel/accel.h>

#include "accel_lock.h"

#ifndef ACCEL_PABI_VERSION
#error "ACCEL_PABI_VERSION must come from the build"
#endif

#define ACCEL_CONCAT2(a, b) a##b
#define ACCEL_CONCAT(a, b) ACCEL_CONCAT2(a, b)

/* ------------------------------------------------------------------------ */
/* Objects                                                                  */
/* ------------------------------------------------------------------------ */

enum accel_obj_type {
	ACCEL_OBJ_NONE = 0,
	ACCEL_OBJ_DEVICE_LIST,
	ACCEL_OBJ_DEVICE,
	ACCEL_OBJ_CONTEXT,
	ACCEL_OBJ_BO,
	ACCEL_OBJ_QUEUE,
	ACCEL_OBJ_MONITOR,
};

/*
 * Every public object starts with this header. The application never
 * sees an object's address: it gets a handle (a slot index and a
 * generation, never reused, never dereferenceable), so a call on a freed
 * or foreign value answers -ESTALE. The core translates handles into
 * objects before any op: providers see objects only, except in their dv
 * calls, where the *_lookup helpers below translate in place. The table
 * holds the reference count; calls take a reference for their duration,
 * so a concurrent free never pulls an object from under a running call.
 */
struct accel_object {
	enum accel_obj_type type;
	uintptr_t handle;	/* what the application holds */
	void (*release)(struct accel_object *obj);
};

/* An intrusive list link; a context lists its BOs and queues */
struct accel_list {
	struct accel_list *next, *prev;
};

/* ------------------------------------------------------------------------ */
/* Devices                                                                  */
/* ------------------------------------------------------------------------ */

struct accel_provider;
struct accel_match_ent;

struct accel_device {
	struct accel_object obj;
	char name[64];		/* accel0, card0, soft0 */
	char driver[64];	/* kernel driver name, or provider's */
	char node[PATH_MAX];	/* "" for userspace devices */
	char sysfs_path[PATH_MAX]; /* class entry, "" for userspace */
	char bus_id[64];
	struct accel_device_info info;
	dev_t rdev;
	uint64_t identity;	/* tells a re-created node from the old one */
	const struct accel_provider *provider;
	const struct accel_match_ent *match;
	void *provider_data;	/* set by the provider's scan for its devices */
	bool stale;		/* gone in a later scan */
	char skip_reason[160];	/* why it is unclaimed or inaccessible */
};

/* ------------------------------------------------------------------------ */
/* Contexts, BOs, queues: providers embed these as their first member       */
/* ------------------------------------------------------------------------ */

struct accel_context_ops;

struct accel_context {
	struct accel_object obj;
	struct accel_device *dev;	/* holds a reference */
	int fd;				/* -1 for userspace devices */
	const struct accel_context_ops *ops;
	struct accel_lock lock;		/* guards queues and closing */
	struct accel_list queues;
	bool closing;			/* set under lock at close */
	/*
	 * The kernel driver's DRM_IOCTL_VERSION, read once by the core when
	 * it opened the node (and checked against the provider's driver
	 * match entries); empty for userspace devices.
	 */
	char drm_name[32];
	uint32_t drm_version[3];	/* major, minor, patchlevel */
	/* set once a call answered -ENOTRECOVERABLE: only close is left */
	atomic_bool lost;
};

struct accel_bo {
	struct accel_object obj;
	struct accel_context *ctx;	/* holds a reference */
	uint64_t size;
	uint64_t device_addr;
	uint32_t flags;
	bool imported;
	/* the provider wrote ACCEL_BO_ALLOC_INIT contents itself */
	bool init_done;
	pthread_mutex_t map_lock;
	void *map_ptr;			/* current CPU mapping */
};

struct accel_job;
struct accel_ring;

struct accel_queue {
	struct accel_object obj;
	struct accel_context *ctx;	/* holds a reference */
	struct accel_queue_attr attr;
	struct accel_list link;		/* in ctx->queues */
	/*
	 * Set by the provider's queue_create: completions come in seqno
	 * order, so one finished job means every earlier one is too.
	 */
	bool in_order;
	struct accel_ring *ring;	/* the core's submissions, private */
};

/*
 * One submission, owned by the core from accel_submit() until it
 * retires. The core assigns seqno and holds every BO the submission
 * lists, its command BO and the queues of its wait points until then.
 * The provider names what completes it in kernel_seq and/or priv.
 */
struct accel_job {
	uint64_t seqno;		/* core-assigned, per queue, from 1 */
	uint64_t kernel_seq;	/* provider's: CS sequence, syncobj point... */
	void *priv;		/* provider's per-job record */
	/* set by the provider when the job failed (see accel_job_fail()) */
	int32_t error;		/* -EIO or -ENOTRECOVERABLE */
	int32_t device_error;	/* the device's errno */
	uint64_t provider_status;
	char reason[128];
};

/* What a provider's submit does itself; the core does the rest */
enum accel_submit_caps {
	/* the provider waits for wait_points itself (deferred submission) */
	ACCEL_PROV_WAIT_POINTS = 1 << 0,
	/* the provider takes in_fence_fds (else the core waits on the CPU) */
	ACCEL_PROV_IN_FENCES = 1 << 1,
};

/*
 * Provider operations on an open context. Any op left NULL answers
 * -EOPNOTSUPP (or NULL with errno EOPNOTSUPP). The core has already
 * validated every argument that it can (NULL, live objects, same context,
 * known flags, overflow); the ops check what is provider specific and
 * say why they refuse with accel_set_reason().
 * Ops return 0 or a negative errno unless noted.
 */
struct accel_context_ops {
	/* release everything of the context; the core closes ctx->fd after */
	void (*close)(struct accel_context *ctx);
	/*
	 * attr is a full struct the core filled with what it knows (driver,
	 * version, PCI ids, provider, caps from the ops); add the rest.
	 */
	int (*query_device)(struct accel_context *ctx,
			    struct accel_device_attr *attr);
	/* fill up to max entries; return the number there are */
	int (*query_mem_domains)(struct accel_context *ctx,
				 struct accel_mem_domain *domains, uint32_t max);
	int (*query_engines)(struct accel_context *ctx,
			     struct accel_engine_info *engines, uint32_t max);

	/* the accel_bo_flags this provider honours; the core refuses others */
	uint32_t bo_flags;
	/*
	 * args is a full, checked struct. Returns an object set up with
	 * accel_init_bo(), or NULL + errno. Initial contents (ACCEL_BO_ALLOC_
	 * INIT) are the provider's only for ACCEL_DOMAIN_INIT_ONLY domains;
	 * the core writes them through a mapping otherwise.
	 */
	struct accel_bo *(*bo_alloc)(struct accel_context *ctx,
				     const struct accel_bo_alloc_args *args);
	/* called once the last reference is gone: no work lists it any more */
	void (*bo_destroy)(struct accel_bo *bo);
	int (*bo_map)(struct accel_bo *bo, void **ptr);
	int (*bo_unmap)(struct accel_bo *bo, void *ptr);
	/* NULL: coherent, a no-op. deadline as fence_wait */
	int (*bo_cpu_prep)(struct accel_bo *bo, uint32_t access,
			   int64_t abs_deadline_ns);
	int (*bo_cpu_fini)(struct accel_bo *bo);
	/* returns a new fd or a negative errno */
	int (*bo_export_dmabuf)(struct accel_bo *bo, uint32_t flags);
	struct accel_bo *(*bo_import_dmabuf)(struct accel_context *ctx,
					     int dmabuf_fd);
	/*
	 * bo_import_dmabuf hands the fd to the kernel, which refuses one
	 * that is no dma-buf (PRIME: dma_buf_get(), -EINVAL): the core then
	 * only sizes the fd (one lseek()) and checks it after a refusal,
	 * for the reason. false: the core checks it first (fstat()).
	 */
	bool import_checked_by_kernel;

	struct accel_queue *(*queue_create)(struct accel_context *ctx,
					    const struct accel_queue_attr *attr);
	/*
	 * The last reference is gone. The core has waited for every job of
	 * a fence_wait backend; a userspace backend finishes (signals) or
	 * abandons its jobs here, freeing what it keeps for them, and the
	 * core then drops the references of any job left unsignalled.
	 */
	void (*queue_destroy)(struct accel_queue *queue);
	/*
	 * Optional: the application destroyed the queue (or closed its
	 * context). Threads may still be inside calls on it, and
	 * queue_destroy comes only when they leave: abort what could keep
	 * them waiting forever.
	 */
	void (*queue_shutdown)(struct accel_queue *queue);

	uint32_t submit_caps;	/* enum accel_submit_caps */
	/*
	 * Hand one submission to the driver. job->seqno is assigned; fill
	 * job->kernel_seq and/or job->priv. Called with the queue's submit
	 * lock held, so jobs arrive in seqno order. The core has resolved
	 * wait points and in-fences unless submit_caps says otherwise.
	 */
	int (*submit)(struct accel_queue *queue, const struct accel_submit *submit,
		      struct accel_job *job);
	/*
	 * Wait for a job until abs_deadline_ns (CLOCK_MONOTONIC; 0 polls,
	 * INT64_MAX forever): 0 done, -ETIMEDOUT, or the job failed: call
	 * accel_job_fail() and return -EIO or -ENOTRECOVERABLE. NULL: the
	 * provider completes jobs from userspace with accel_queue_signal().
	 */
	int (*fence_wait)(struct accel_queue *queue, struct accel_job *job,
			  int64_t abs_deadline_ns);
	/* a sync_file for the job; job NULL when it has already retired */
	int (*fence_export_sync_file)(struct accel_queue *queue,
				      struct accel_job *job);
	/* the job completed and the core is done with it: free job->priv */
	void (*job_retire)(struct accel_queue *queue, struct accel_job *job);
	/* Optional: a pollable fd of the provider's own (else the core's) */
	int (*queue_get_fd)(struct accel_queue *queue);
};

/* ------------------------------------------------------------------------ */
/* Providers                                                                */
/* ------------------------------------------------------------------------ */

enum accel_match_kind {
	ACCEL_MATCH_END = 0,
	ACCEL_MATCH_DRIVER,	/* kernel driver name of an accel node */
	ACCEL_MATCH_DRM_DRIVER,	/* kernel driver name of a /dev/dri card node */
	ACCEL_MATCH_PCI,	/* vendor/device, as modalias pattern */
	ACCEL_MATCH_MODALIAS,	/* fnmatch() glob on device/modalias */
};

struct accel_match_ent {
	enum accel_match_kind kind;
	const char *str;	/* driver name or modalias glob */
	uint16_t vendor;
	uint16_t device;
	const void *driver_data;
};

#define ACCEL_DRIVER_MATCH(_name, _data) \
	{ .kind = ACCEL_MATCH_DRIVER, .str = (_name), .driver_data = (_data) }
#define ACCEL_DRM_DRIVER_MATCH(_name, _data) \
	{ .kind = ACCEL_MATCH_DRM_DRIVER, .str = (_name), .driver_data = (_data) }
#define ACCEL_PCI_MATCH(_vendor, _device, _data)                         \
	{ .kind = ACCEL_MATCH_PCI, .vendor = (_vendor), .device = (_device), \
	  .driver_data = (_data) }
#define ACCEL_MODALIAS_MATCH(_glob, _data) \
	{ .kind = ACCEL_MATCH_MODALIAS, .str = (_glob), .driver_data = (_data) }
#define ACCEL_MATCH_TABLE_END { .kind = ACCEL_MATCH_END }

struct accel_scan;

struct accel_provider {
	const char *name;
	const struct accel_match_ent *match_table;
	/*
	 * Optional: add this provider's userspace devices to a scan with
	 * accel_scan_add_userspace_device(). Called on every scan.
	 */
	int (*scan)(struct accel_scan *scan);
	/*
	 * Optional: veto a table match (return false) after a look at sysfs;
	 * dev is the scan's candidate, copied after: read it, keep nothing.
	 */
	bool (*match_device)(struct accel_device *dev);
	/*
	 * Open a context. fd is the device node opened O_RDWR|O_CLOEXEC by
	 * the core (-1 for userspace devices), whose DRM driver name the core
	 * has checked against the table's driver entries, so no provider
	 * asks again (ctx->drm_name and drm_version hold the answer once
	 * open returns); on success the context owns fd. Returns NULL +
	 * errno on failure; the core then closes fd.
	 */
	struct accel_context *(*open)(struct accel_device *dev, int fd);
	/*
	 * Optional: open the node itself (habanalabs answers EBUSY for a
	 * second compute open). Returns an fd or a negative errno.
	 */
	int (*open_node)(struct accel_device *dev);
	/*
	 * Optional: describe the device without opening a context (a side
	 * node, sysfs) into attr, which the core has filled with identity.
	 */
	int (*describe)(struct accel_device *dev, struct accel_device_attr *attr);
	/* Optional: release dev->provider_data when the device goes */
	void (*device_release)(struct accel_device *dev);
	/*
	 * Optional: accel_device_usage(). u is a full struct the core filled
	 * from hwmon; add (or correct) what the driver exposes without a
	 * compute open where it can, setting the present bits. 0, or a
	 * negative errno that the caller sees only if nothing was read.
	 */
	int (*query_usage)(struct accel_device *dev, struct accel_usage *u);
	/*
	 * Optional: accel_describe_device_props(). Call emit(prop, arg) for
	 * each decoded property, a group's properties together, without a
	 * compute open; when emit answers non-zero, return that at once.
	 * 0, or a negative errno with the reason set.
	 */
	int (*describe_props)(struct accel_device *dev, accel_prop_fn emit, void *arg);
};

#define accel_register_provider ACCEL_CONCAT(accel_register_provider_, ACCEL_PABI_VERSION)
void accel_register_provider(const struct accel_provider *prov);

/*
 * PROVIDER(name, ops): registers the provider when its plugin is loaded
 * (or when libaccel is built with static providers).
 */
#define ACCEL_PROVIDER(_name, _prov)                                           \
	const struct accel_provider *const accel_provider_##_name = &(_prov); \
	static void __attribute__((constructor)) accel_provider_ctor_##_name(void) \
	{                                                                      \
		accel_register_provider(&(_prov));                             \
	}

/* ------------------------------------------------------------------------ */
/* Helpers for providers                                                    */
/* ------------------------------------------------------------------------ */

/*
 * Zeroed memory for a provider's BO struct, and its return: the destroy
 * op gives it back with accel_bo_zfree() and the same size, and the
 * thread's next BO of that size reuses it (free() is as right, only
 * slower). A BO is allocated and freed on every alloc and import:
 * calloc() of glibc 2.36 goes past malloc's per-thread cache every time,
 * and even malloc+free is about 110 ns in a TCG guest. accel_bo_malloc()
 * is the same memory not zeroed; accel_bo_zalloc() zeroes it here, where
 * sizeof(*bo) makes the memset a few stores.
 */
void *accel_bo_malloc(size_t size);
void accel_bo_zfree(void *bo, size_t size);
static inline void *accel_bo_zalloc(size_t size)
{
	void *p = accel_bo_malloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}
/* Object setup: call on the object the provider allocated */
void accel_init_context(struct accel_context *ctx, struct accel_device *dev,
			int fd, const struct accel_context_ops *ops);
/* inline: every BO alloc and import calls it, and it only stores */
static inline void accel_init_bo(struct accel_bo *bo, struct accel_context *ctx,
				 uint64_t size, uint32_t flags)
{
	bo->ctx = ctx;
	bo->size = size;
	bo->flags = flags;
	bo->map_ptr = NULL;
	bo->imported = false;
	bo->init_done = false;
	/* the default attributes, without a call per BO */
	bo->map_lock = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
}
void accel_init_queue(struct accel_queue *queue, struct accel_context *ctx,
		      const struct accel_queue_attr *attr);

/*
 * Lifetimes, one vocabulary: *_lookup() turns what the application
 * passed (a handle) into the object, in place, with a reference (-EINVAL
 * NULL, -ESTALE not live, -ECHILD the parent's across fork(), -EXDEV
 * other context, -EOPNOTSUPP another provider's object; on failure the
 * pointer is left as it was). The _get()/_put() pairs add and drop
 * references the caller already holds one of, and the public *_free() /
 * *_destroy() / close calls kill: the handle answers -ESTALE at once and
 * the object is released when its last reference goes.
 *
 * A dv call that takes objects from the application looks each one up
 * before using it, as in
 *
 *	ret = accel_bo_lookup_prov(&bo, &my_provider);
 *	if (ret)
 *		return ret;
 *	... use bo, an object now ...
 *	accel_bo_put(bo);
 *
 * and the ops get objects: the core translated them (the submit's BOs,
 * command BO and wait points too; handles inside a provider's own
 * extension structs are the provider's to look up).
 */
/* References for work in flight that must keep a BO alive */
void accel_bo_get(struct accel_bo *bo);
void accel_bo_put(struct accel_bo *bo);
/* *bo (a handle) to a live BO of the context ctx (an object) */
int accel_bo_lookup(struct accel_context *ctx, struct accel_bo **bo);
/*
 * The same for contexts and queues, for a provider's direct ("dv") calls:
 * 0 and a reference that keeps the object alive until the put.
 */
int accel_context_lookup(struct accel_context **ctx);
void accel_context_put(struct accel_context *ctx);
int accel_queue_lookup(struct accel_queue **queue);
void accel_queue_put(struct accel_queue *queue);
/*
 * For dv calls: the same lookups, also checking that the object belongs
 * to prov (-EOPNOTSUPP when it is another provider's).
 */
int accel_context_lookup_prov(struct accel_context **ctx,
			      const struct accel_provider *prov);
int accel_bo_lookup_prov(struct accel_bo **bo, const struct accel_provider *prov);
int accel_queue_lookup_prov(struct accel_queue **queue,
			    const struct accel_provider *prov);
/* A device the application passed (from its list) to a dv call */
int accel_device_lookup(struct accel_device **dev);
void accel_device_put(struct accel_device *dev);
/* The handle the application gets for an object, e.g. in a dv struct */
void *accel_object_handle(const void *obj);
/*
 * Make a BO or queue that a dv constructor built (set up with
 * accel_init_bo()/accel_init_queue()) a public object of ctx (an
 * object), as accel_bo_alloc() and accel_queue_create() do. Returns the
 * handle to give the application, which the provider never dereferences;
 * on failure the object has been destroyed through the ops; NULL + errno.
 */
struct accel_bo *accel_bo_publish(struct accel_context *ctx, struct accel_bo *bo);
struct accel_queue *accel_queue_publish(struct accel_context *ctx,
					struct accel_queue *queue);

/* Completion services */
/*
 * A userspace-completed job (fence_wait NULL) is done: error 0 or the
 * device's negative errno, reason optional. Wakes accel_wait() and the
 * queue's fd; retires the job (drops its BOs) in this thread.
 */
void accel_queue_signal(struct accel_queue *queue, uint64_t seqno,
			int device_error, const char *reason);
/* fill a failed job's status; returns job->error */
int accel_job_fail(struct accel_job *job, int error, int device_error,
		   uint64_t provider_status, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/*
 * Wait for (queue, seqno) of any queue from a provider thread (deferred
 * dependencies): as accel_wait() with an absolute deadline. point->queue
 * is an object, as in the submission the provider got (which holds it);
 * -ESTALE once the application destroyed it.
 */
int accel_fence_point_wait(const struct accel_fence_point *point,
			   int64_t abs_deadline_ns);

/* Deadlines: one absolute CLOCK_MONOTONIC time, converted without overflow */
#define ACCEL_DEADLINE_NEVER INT64_MAX
/* timeout_ns as accel_wait() takes it (0 poll, <0 forever) to a deadline */
int64_t accel_deadline(int64_t timeout_ns);
/* what is left of a deadline, clamped: ns, ms rounded up, us rounded up */
int64_t accel_deadline_left_ns(int64_t abs_deadline_ns);
uint64_t accel_deadline_left_ms(int64_t abs_deadline_ns, uint64_t max);
uint64_t accel_deadline_left_us(int64_t abs_deadline_ns, uint64_t max);

/*
 * Why the call failed, for accel_last_error(): sets this thread's
 * reason and logs it at debug. Returns err, so "return
 * accel_set_reason(-EINVAL, ...)" reads as the refusal it is.
 */
int accel_set_reason(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Scans */
struct accel_device *accel_scan_add_userspace_device(struct accel_scan *scan,
						     const char *name,
						     const char *driver,
						     void *provider_data);

/* Environment, ignored in setuid/setgid processes */
const char *accel_getenv(const char *name);
/* where the .driver files and provider configuration live (ACCEL_CONFIG_DIR) */
const char *accel_config_dir(void);
/* sysfs root (override with ACCEL_SYSFS_PATH) and /dev root */
const char *accel_sysfs_root(void);
const char *accel_dev_root(void);
/* read a sysfs attribute below dev->sysfs_path; -errno or length */
int accel_read_sysfs(const struct accel_device *dev, const char *attr,
		     char *buf, size_t len);
/*
 * The same attribute as an unsigned decimal counter (busy time, error
 * counts): 0 and *v, or -errno (-EINVAL when it is not such a number).
 */
int accel_read_sysfs_u64(const struct accel_device *dev, const char *attr,
			 uint64_t *v);

/* Logging: silent unless ACCEL_LOG_LEVEL asks */
void accel_log(enum accel_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define accel_err(...) accel_log(ACCEL_LOG_ERR, __VA_ARGS__)
#define accel_warn(...) accel_log(ACCEL_LOG_WARN, __VA_ARGS__)
#define accel_info(...) accel_log(ACCEL_LOG_INFO, __VA_ARGS__)
#define accel_dbg(...) accel_log(ACCEL_LOG_DEBUG, __VA_ARGS__)
/* Add a line to the scan report that accel_get_scan_report() returns */
void accel_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ioctl that retries EINTR only; 0 (or the ioctl's value) or -errno */
int accel_ioctl(int fd, unsigned long request, void *arg);

/* Generic DRM and dma-buf helpers; 0 or -errno */
int accel_drm_version(int fd, char *name, size_t name_len, int *major,
		      int *minor, int *patch);
int accel_drm_gem_close(int fd, uint32_t handle);
int accel_drm_prime_handle_to_fd(int fd, uint32_t handle, uint32_t flags,
				 int *dmabuf_fd);
int accel_drm_prime_fd_to_handle(int fd, int dmabuf_fd, uint32_t *handle);
int accel_drm_syncobj_create(int fd, uint32_t flags, uint32_t *handle);
int accel_drm_syncobj_destroy(int fd, uint32_t handle);
int accel_drm_syncobj_wait(int fd, const uint32_t *handles, uint32_t count,
			   int64_t abs_timeout_ns, uint32_t flags,
			   uint32_t *first_signaled);
int accel_drm_syncobj_export_sync_file(int fd, uint32_t handle, int *sync_fd);
int accel_drm_syncobj_import_sync_file(int fd, uint32_t handle, int sync_fd);
int accel_dmabuf_sync(int dmabuf_fd, uint64_t flags);
int accel_dmabuf_export_sync_file(int dmabuf_fd, uint32_t flags, int *sync_fd);
int accel_dmabuf_import_sync_file(int dmabuf_fd, uint32_t flags, int sync_fd);
/* size of a dma-buf (lseek SEEK_END; inside a provider's bo_import_dmabuf,
 * the core's answer for that fd, no system call); -errno if fd cannot be
 * sized (with import_checked_by_kernel, an fd sized is not yet checked) */
int64_t accel_dmabuf_size(int dmabuf_fd);
/* true when fd is a dma-buf (checks the anon inode name) */
bool accel_fd_is_dmabuf(int fd);
/* wait for a sync_file fd to signal; timeout as accel_wait, -EIO when a
 * fence of it signalled with an error (a failed job's) */
int accel_sync_file_wait(int sync_fd, int64_t timeout_ns);
/*
 * A sync_file's state: *status 1 signalled, 0 pending, or the negative
 * error a signalled fence carries (a failed job's). 0 or -errno.
 */
int accel_sync_file_status(int sync_fd, int *status);

/* CLOCK_MONOTONIC in ns */
int64_t accel_now_ns(void);

#include "accel_gem.h"

#endif /* ACCEL_PROVIDER_H */
