/* SPDX-License-Identifier: MIT */
/*
 * libaccel - the open userspace for Linux compute accelerators.
 *
 * Error rule, everywhere: functions returning a pointer return NULL and set
 * errno; functions returning int return 0 (or a new fd, or a count) on
 * success and a negative errno on failure. Every call is safe from any
 * thread. See libaccel(7).
 */
#ifndef ACCEL_ACCEL_H
#define ACCEL_ACCEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include <accel/accel_version.h>

struct accel_device;
struct accel_context;
struct accel_bo;
struct accel_queue;

/* ------------------------------------------------------------------------ */
/* Devices: enumerated, not opened                                          */
/* ------------------------------------------------------------------------ */

struct accel_device **accel_get_device_list(int *num_devices);
void accel_free_device_list(struct accel_device **list);

const char *accel_device_name(const struct accel_device *dev);
const char *accel_device_driver(const struct accel_device *dev);
const char *accel_device_node(const struct accel_device *dev);
const char *accel_device_provider(const struct accel_device *dev);
/* PCI address "0000:3b:00.0", the platform device name, or NULL */
const char *accel_device_bus_id(const struct accel_device *dev);

enum accel_device_flags {
	/* served by a provider in userspace; no kernel node (soft) */
	ACCEL_DEVICE_USERSPACE = 1 << 0,
	/* a DRM node (/dev/dri/...) rather than /dev/accel */
	ACCEL_DEVICE_DRM_NODE = 1 << 1,
	/* reserved: no provider claims the device. Such devices are left out
	 * of the list today; accel_get_scan_report() names them. */
	ACCEL_DEVICE_UNCLAIMED = 1 << 2,
	/* the node exists but this process may not open it */
	ACCEL_DEVICE_NO_ACCESS = 1 << 3,
};

/*
 * Enumeration facts about a device, read from sysfs (no open needed).
 * Extensible: pass sizeof(info); fields the library does not know are
 * zeroed, fields the caller does not know are not written.
 */
struct accel_device_info {
	uint32_t flags;		/* enum accel_device_flags */
	uint32_t pci_vendor_id;	/* 0 when not PCI */
	uint32_t pci_device_id;
	uint32_t pci_subsys_vendor_id;
	uint32_t pci_subsys_device_id;
	int32_t numa_node;	/* -1 when unknown */
	uint32_t minor;		/* char device minor, 0 for userspace */
	uint32_t major;
	char modalias[128];
};

int accel_device_get_info(const struct accel_device *dev,
			  struct accel_device_info *info, size_t info_size);

/*
 * Why the last scan in this process found no device, or skipped some:
 * one line per reason. Returns the length of the full text (like
 * snprintf) or a negative errno.
 */
int accel_get_scan_report(char *buf, size_t len);

/* ------------------------------------------------------------------------ */
/* Contexts                                                                 */
/* ------------------------------------------------------------------------ */

struct accel_context *accel_open_device(struct accel_device *dev);
int accel_close_device(struct accel_context *ctx);
struct accel_device *accel_context_device(struct accel_context *ctx);

enum accel_device_cap {
	ACCEL_CAP_DMABUF_EXPORT = 1 << 0,
	ACCEL_CAP_DMABUF_IMPORT = 1 << 1,
	ACCEL_CAP_SUBMIT = 1 << 2,
	ACCEL_CAP_HOST_MAP = 1 << 3,
	ACCEL_CAP_QUEUE_FD = 1 << 4,
};

struct accel_device_attr {
	uint64_t comp_mask;	/* reserved, 0 */
	char driver[32];	/* kernel driver name */
	char provider[32];
	char fw_version[64];	/* may be empty */
	char card_name[64];	/* may be empty */
	uint32_t driver_version_major;
	uint32_t driver_version_minor;
	uint32_t driver_version_patch;
	uint32_t caps;		/* enum accel_device_cap */
	uint32_t pci_vendor_id;
	uint32_t pci_device_id;
	uint64_t mem_total;	/* device memory in bytes, 0 if none */
	uint64_t mem_free;	/* bytes, 0 if unknown */
	uint64_t max_bo_size;
	uint64_t bo_align;	/* allocation granule in bytes */
	uint32_t max_queues;	/* 0: no fixed limit */
	uint32_t num_engines;
};

int accel_query_device(struct accel_context *ctx, struct accel_device_attr *attr,
		       size_t attr_size);

/* ------------------------------------------------------------------------ */
/* Buffer objects                                                           */
/* ------------------------------------------------------------------------ */

enum accel_bo_flags {
	ACCEL_BO_HOST_VISIBLE = 1 << 0,	/* must be CPU-mappable */
	ACCEL_BO_DEVICE_LOCAL = 1 << 1,	/* prefer device memory */
	ACCEL_BO_CONTIGUOUS = 1 << 2,
	ACCEL_BO_UNCACHED = 1 << 3,
};

struct accel_bo *accel_bo_alloc(struct accel_context *ctx, uint64_t size, uint32_t flags);
int accel_bo_free(struct accel_bo *bo);
void *accel_bo_map(struct accel_bo *bo);
int accel_bo_unmap(struct accel_bo *bo);
uint64_t accel_bo_size(const struct accel_bo *bo);
/* the address of the BO in the device's address space; 0 if it has none */
uint64_t accel_bo_device_addr(const struct accel_bo *bo);
struct accel_context *accel_bo_context(const struct accel_bo *bo);

/* flags: O_CLOEXEC, O_RDWR (O_RDONLY is 0); anything else is EINVAL */
int accel_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags);
struct accel_bo *accel_bo_import_dmabuf(struct accel_context *ctx, int dmabuf_fd);

/* ------------------------------------------------------------------------ */
/* Work                                                                     */
/* ------------------------------------------------------------------------ */

enum accel_queue_attr_mask {
	ACCEL_QUEUE_ATTR_PRIORITY = 1 << 0,
	ACCEL_QUEUE_ATTR_ENGINE = 1 << 1,
};

struct accel_queue_attr {
	uint32_t comp_mask;	/* enum accel_queue_attr_mask */
	uint32_t flags;		/* reserved, 0 */
	int32_t priority;	/* 0 normal, <0 low, >0 high */
	uint32_t engine;	/* provider-defined engine index */
};

enum accel_submit_mask {
	ACCEL_SUBMIT_IN_FENCE = 1 << 0,	 /* in_fence_fd is valid */
	ACCEL_SUBMIT_OUT_FENCE = 1 << 1, /* fill *out_fence_fd */
};

struct accel_submit {
	uint32_t comp_mask;	/* enum accel_submit_mask */
	uint32_t flags;		/* reserved, 0 */
	struct accel_bo *cmd_bo;	/* command buffer */
	uint64_t cmd_offset;	/* bytes into cmd_bo */
	uint64_t cmd_size;	/* bytes of commands */
	struct accel_bo *const *bos;	/* BOs the work touches */
	uint32_t num_bos;
	int32_t in_fence_fd;	/* sync_file to wait on before running */
	int32_t *out_fence_fd;	/* receives a sync_file that signals at completion */
};

struct accel_queue *accel_queue_create(struct accel_context *ctx,
				       const struct accel_queue_attr *attr);
int accel_queue_destroy(struct accel_queue *queue);
int accel_submit(struct accel_queue *queue, const struct accel_submit *submit,
		 uint64_t *seqno);
/* timeout_ns: 0 polls, < 0 waits forever; -ETIMEDOUT when it expires */
int accel_wait(struct accel_queue *queue, uint64_t seqno, int64_t timeout_ns);
/* an fd that polls readable when work on the queue completes */
int accel_queue_get_fd(struct accel_queue *queue);
/* the highest seqno known complete */
int accel_queue_completed(struct accel_queue *queue, uint64_t *seqno);

/* ------------------------------------------------------------------------ */
/* Hot-plug monitoring (libudev)                                            */
/* ------------------------------------------------------------------------ */

struct accel_monitor;

enum accel_monitor_event_type {
	ACCEL_MONITOR_ADD = 1,
	ACCEL_MONITOR_REMOVE = 2,
};

struct accel_monitor_event {
	uint32_t type;		/* enum accel_monitor_event_type */
	uint32_t reserved;
	char name[64];		/* "accel0", "card1" */
	char node[256];		/* "/dev/accel/accel0" */
	char driver[64];	/* kernel driver name, may be empty on remove */
};

struct accel_monitor *accel_monitor_create(void);
int accel_monitor_destroy(struct accel_monitor *mon);
/* an fd that polls readable when an event is pending */
int accel_monitor_get_fd(struct accel_monitor *mon);
/* 1 and *ev filled, 0 when no event is pending, or -errno */
int accel_monitor_receive(struct accel_monitor *mon,
			  struct accel_monitor_event *ev, size_t ev_size);

/* ------------------------------------------------------------------------ */
/* Logging                                                                  */
/* ------------------------------------------------------------------------ */

enum accel_log_level {
	ACCEL_LOG_NONE = 0,
	ACCEL_LOG_ERR = 1,
	ACCEL_LOG_WARN = 2,
	ACCEL_LOG_INFO = 3,
	ACCEL_LOG_DEBUG = 4,
};

const char *accel_version(void);

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_ACCEL_H */
