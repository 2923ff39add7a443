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
	/* accel_fence_export_sync_file() makes kernel sync_files */
	ACCEL_CAP_FENCE_EXPORT = 1 << 5,
	/* submissions take sync_file in-fences (ACCEL_SUBMIT_IN_FENCE) */
	ACCEL_CAP_FENCE_IMPORT = 1 << 6,
	/* dependencies are resolved without a CPU wait in accel_submit() */
	ACCEL_CAP_DEPS_ASYNC = 1 << 7,
	/* not cache coherent: bracket CPU access with accel_bo_cpu_prep() */
	ACCEL_CAP_CPU_PREP = 1 << 8,
	/* the device takes one open at a time (habanalabs) */
	ACCEL_CAP_EXCLUSIVE_OPEN = 1 << 9,
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
	uint32_t num_engines;	/* engine classes, see accel_query_engines() */
	uint32_t num_mem_domains; /* see accel_query_mem_domains() */
	uint32_t state;		/* enum accel_device_state */
	uint32_t in_use;	/* 1: another process holds an exclusive device */
	uint32_t reserved;
};

enum accel_device_state {
	ACCEL_STATE_UNKNOWN = 0,	/* the driver does not say */
	ACCEL_STATE_OPERATIONAL = 1,
	ACCEL_STATE_IN_RESET = 2,	/* try again later */
	ACCEL_STATE_MALFUNCTION = 3,
	ACCEL_STATE_NEEDS_RESET = 4,	/* an administrator must reset it */
};

int accel_query_device(struct accel_context *ctx, struct accel_device_attr *attr,
		       size_t attr_size);
/*
 * What can be known without opening the device (which may be exclusive and
 * held by another process): identity from sysfs, and what the provider can
 * read on the side (habanalabs: its control node). Fields it cannot know
 * are 0.
 */
int accel_describe_device(struct accel_device *dev,
			  struct accel_device_attr *attr, size_t attr_size);

/* the kinds of value of a decoded device property */
enum accel_prop_type {
	ACCEL_PROP_UINT = 0,	/* u */
	ACCEL_PROP_INT = 1,	/* i */
	ACCEL_PROP_STRING = 2,	/* s */
};

/*
 * One property of a device as its driver reports it, decoded by the
 * provider: a group ("clocks", "power"...), a key unique in its group, a
 * value and its unit (NULL: none; "MHz", "mW", "mJ", "B", "%"...). The
 * strings live until the callback returns.
 */
struct accel_prop {
	const char *group;
	const char *key;
	uint32_t type;		/* enum accel_prop_type */
	uint32_t reserved;
	uint64_t u;
	int64_t i;
	const char *s;
	const char *unit;
};

/* 0 to go on; anything else stops the walk and is returned */
typedef int (*accel_prop_fn)(const struct accel_prop *prop, void *arg);

/*
 * Call fn for every property the provider decodes for dev without opening
 * it (habanalabs: its INFO opcodes through the control node). A group's
 * properties come together. -EOPNOTSUPP when the provider decodes none.
 */
int accel_describe_device_props(struct accel_device *dev, accel_prop_fn fn, void *arg);

/* ------------------------------------------------------------------------ */
/* Buffer objects                                                           */
/* ------------------------------------------------------------------------ */

enum accel_bo_flags {
	ACCEL_BO_HOST_VISIBLE = 1 << 0,	/* must be CPU-mappable */
	ACCEL_BO_DEVICE_LOCAL = 1 << 1,	/* prefer device memory */
	ACCEL_BO_CONTIGUOUS = 1 << 2,
	ACCEL_BO_UNCACHED = 1 << 3,
};

/* The flags are a shorthand that picks a memory domain. */
struct accel_bo *accel_bo_alloc(struct accel_context *ctx, uint64_t size, uint32_t flags);

enum accel_mem_domain_flags {
	ACCEL_DOMAIN_HOST_VISIBLE = 1 << 0,	/* accel_bo_map() works */
	ACCEL_DOMAIN_COHERENT = 1 << 1,		/* no accel_bo_cpu_prep() needed */
	ACCEL_DOMAIN_CACHED = 1 << 2,		/* CPU mapping is cached */
	ACCEL_DOMAIN_WRITE_COMBINED = 1 << 3,	/* CPU mapping is write-combined */
	ACCEL_DOMAIN_CONTIGUOUS = 1 << 4,	/* physically contiguous */
	ACCEL_DOMAIN_EXPORTABLE = 1 << 5,	/* accel_bo_export_dmabuf() works */
	ACCEL_DOMAIN_IMPORTABLE = 1 << 6,	/* dma-bufs import into it */
	ACCEL_DOMAIN_COMMAND = 1 << 7,		/* can hold a command buffer */
	ACCEL_DOMAIN_DEVICE_LOCAL = 1 << 8,	/* device memory */
	ACCEL_DOMAIN_INIT_ONLY = 1 << 9,	/* contents only at creation */
};

/* One kind of memory a context can allocate from. */
struct accel_mem_domain {
	uint32_t id;		/* accel_bo_alloc_args.domain */
	uint32_t flags;		/* enum accel_mem_domain_flags */
	char name[32];
	uint64_t granule;	/* sizes are rounded up to this */
	uint64_t max_bo_size;
	uint64_t va_start;	/* device address range; both 0 if none */
	uint64_t va_end;
	uint64_t total;		/* bytes, 0 if unknown or unbounded */
	uint64_t free;		/* bytes, 0 if unknown */
};

/*
 * Fill up to max entries of entry_size bytes each (pass
 * sizeof(struct accel_mem_domain)); returns the number of domains, which
 * may be more than max.
 */
int accel_query_mem_domains(struct accel_context *ctx,
			    struct accel_mem_domain *domains, uint32_t max,
			    size_t entry_size);

enum accel_bo_usage {
	ACCEL_BO_USAGE_DATA = 0,
	ACCEL_BO_USAGE_COMMAND = 1,	/* will be a submission's cmd_bo */
};

enum accel_bo_alloc_mask {
	ACCEL_BO_ALLOC_DOMAIN = 1 << 0,	/* domain is valid (else flags pick) */
	ACCEL_BO_ALLOC_INIT = 1 << 1,	/* init_data/init_size are valid */
};

struct accel_bo_alloc_args {
	uint32_t comp_mask;	/* enum accel_bo_alloc_mask */
	uint32_t flags;		/* enum accel_bo_flags, when no domain */
	uint64_t size;
	uint32_t domain;	/* accel_mem_domain.id */
	uint32_t usage;		/* enum accel_bo_usage */
	const void *init_data;	/* initial contents, init_size <= size */
	uint64_t init_size;
};

struct accel_bo *accel_bo_alloc_ex(struct accel_context *ctx,
				   const struct accel_bo_alloc_args *args,
				   size_t args_size);
int accel_bo_free(struct accel_bo *bo);
void *accel_bo_map(struct accel_bo *bo);
int accel_bo_unmap(struct accel_bo *bo);
uint64_t accel_bo_size(const struct accel_bo *bo);
/* the address of the BO in the device's address space; 0 if it has none */
uint64_t accel_bo_device_addr(const struct accel_bo *bo);
struct accel_context *accel_bo_context(const struct accel_bo *bo);

enum accel_access {
	ACCEL_ACCESS_READ = 1 << 0,
	ACCEL_ACCESS_WRITE = 1 << 1,
	ACCEL_ACCESS_RW = ACCEL_ACCESS_READ | ACCEL_ACCESS_WRITE,
};

/*
 * Bracket CPU access to a mapped BO: prep waits (timeout as accel_wait)
 * for the device to be done with it and makes its writes visible; fini
 * hands the CPU's writes back. A no-op where memory is coherent.
 */
int accel_bo_cpu_prep(struct accel_bo *bo, uint32_t access, int64_t timeout_ns);
int accel_bo_cpu_fini(struct accel_bo *bo);

/* flags: O_CLOEXEC, O_RDWR (O_RDONLY is 0); anything else is EINVAL */
int accel_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags);
struct accel_bo *accel_bo_import_dmabuf(struct accel_context *ctx, int dmabuf_fd);

/* ------------------------------------------------------------------------ */
/* Work                                                                     */
/* ------------------------------------------------------------------------ */

enum accel_engine_flags {
	ACCEL_ENGINE_IN_ORDER = 1 << 0,	/* a queue completes in seqno order */
	ACCEL_ENGINE_CMD_BUFFER = 1 << 1, /* submissions name a cmd_bo */
	/* a queue needs a program: only the provider's dv call makes one */
	ACCEL_ENGINE_NEEDS_PROGRAM = 1 << 2,
};

/* One class of engine; its queues are made by accel_queue_create(). */
struct accel_engine_info {
	uint32_t id;		/* accel_queue_attr.engine */
	uint32_t flags;		/* enum accel_engine_flags */
	char name[32];
	uint32_t count;		/* instances: accel_queue_attr.instance */
	int32_t min_priority;
	int32_t max_priority;
	uint32_t max_in_flight;	/* submissions per queue; 0: no limit */
	uint32_t max_bos;	/* BOs per submission; 0: no limit */
	uint32_t reserved;
};

/* as accel_query_mem_domains() */
int accel_query_engines(struct accel_context *ctx,
			struct accel_engine_info *engines, uint32_t max,
			size_t entry_size);

enum accel_queue_attr_mask {
	ACCEL_QUEUE_ATTR_PRIORITY = 1 << 0,
	ACCEL_QUEUE_ATTR_ENGINE = 1 << 1,
	ACCEL_QUEUE_ATTR_INSTANCE = 1 << 2,
};

struct accel_queue_attr {
	uint32_t comp_mask;	/* enum accel_queue_attr_mask */
	uint32_t flags;		/* reserved, 0 */
	int32_t priority;	/* 0 normal, <0 low, >0 high */
	uint32_t engine;	/* accel_engine_info.id, default 0 */
	uint32_t instance;	/* < accel_engine_info.count, default 0 */
};

/* A BO a submission touches, and how. */
struct accel_bo_ref {
	struct accel_bo *bo;
	uint32_t access;	/* enum accel_access, not 0 */
	uint32_t slot;		/* provider-defined (a region, in/out); 0 */
};

/* A submission of any queue of the process: (queue, seqno). */
struct accel_fence_point {
	struct accel_queue *queue;
	uint64_t seqno;
};

enum accel_submit_mask {
	ACCEL_SUBMIT_IN_FENCE = 1 << 0,	 /* in_fence_fds: sync_files */
	ACCEL_SUBMIT_OUT_FENCE = 1 << 1, /* fill *out_fence_fd */
	ACCEL_SUBMIT_WAIT = 1 << 2,	 /* wait_points */
};

/* Provider-typed extensions chained from accel_submit.ext (see <prov>dv.h) */
struct accel_submit_ext {
	uint32_t type;
	uint32_t size;
	const struct accel_submit_ext *next;
};

struct accel_submit {
	uint32_t comp_mask;	/* enum accel_submit_mask */
	uint32_t flags;		/* reserved, 0 */
	struct accel_bo *cmd_bo;	/* command buffer; NULL if the engine has none */
	uint64_t cmd_offset;	/* bytes into cmd_bo */
	uint64_t cmd_size;	/* bytes of commands */
	const struct accel_bo_ref *bos;	/* every other BO the work touches */
	uint32_t num_bos;
	uint32_t num_in_fences;
	const int32_t *in_fence_fds;	/* sync_files to wait on first */
	int32_t *out_fence_fd;		/* receives a sync_file for the work */
	const struct accel_fence_point *wait_points; /* work to wait on first */
	uint32_t num_wait_points;
	uint32_t reserved;
	const struct accel_submit_ext *ext;
};

struct accel_queue *accel_queue_create(struct accel_context *ctx,
				       const struct accel_queue_attr *attr);
int accel_queue_destroy(struct accel_queue *queue);
/* *seqno receives the submission's number: per queue, from 1, increasing */
int accel_submit(struct accel_queue *queue, const struct accel_submit *submit,
		 uint64_t *seqno);
/*
 * timeout_ns: 0 polls, < 0 waits forever. 0 when the work succeeded,
 * -ETIMEDOUT at the deadline, -EIO when it failed (accel_job_status()
 * says why), -ENOTRECOVERABLE when the context is lost and must be closed.
 */
int accel_wait(struct accel_queue *queue, uint64_t seqno, int64_t timeout_ns);
/* an fd that polls readable when work on the queue completes */
int accel_queue_get_fd(struct accel_queue *queue);
/* the highest seqno such that it and every earlier one are complete */
int accel_queue_completed(struct accel_queue *queue, uint64_t *seqno);

enum accel_job_state {
	ACCEL_JOB_PENDING = 0,
	ACCEL_JOB_DONE = 1,
	ACCEL_JOB_FAILED = 2,
};

struct accel_job_status {
	uint32_t state;		/* enum accel_job_state */
	int32_t error;		/* what accel_wait() answers: 0, -EIO, ... */
	int32_t device_error;	/* the device's own errno, e.g. -ETIME */
	uint32_t reserved;
	uint64_t provider_status; /* the driver's raw code (see <prov>dv.h) */
	char reason[128];	/* why it failed, one line */
};

int accel_job_status(struct accel_queue *queue, uint64_t seqno,
		     struct accel_job_status *status, size_t status_size);
/* a new sync_file fd that signals when the work completes */
int accel_fence_export_sync_file(struct accel_queue *queue, uint64_t seqno);

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

typedef void (*accel_log_fn)(enum accel_log_level level, const char *msg,
			     void *arg);

/* the level set here wins over ACCEL_LOG_LEVEL */
void accel_set_log_level(enum accel_log_level level);
enum accel_log_level accel_get_log_level(void);
/* messages go to fn instead of stderr/ACCEL_LOG_FILE; NULL restores */
void accel_set_log_fn(accel_log_fn fn, void *arg);

/*
 * Why the last failing libaccel call of this thread failed, one line
 * ("accel_submit: bos[2]: BO of another context"); NULL if none failed.
 * Successful calls leave it as it is.
 */
const char *accel_last_error(void);

const char *accel_version(void);

/* ------------------------------------------------------------------------ */
/* Usage: telemetry of a device and of the processes using it               */
/* ------------------------------------------------------------------------ */

/* accel_usage.present: which fields hold a value */
enum accel_usage_mask {
	ACCEL_USAGE_BUSY_TIME = 1 << 0,	  /* busy_ns */
	ACCEL_USAGE_UTILIZATION = 1 << 1, /* utilization */
	ACCEL_USAGE_MEM_USED = 1 << 2,
	ACCEL_USAGE_MEM_TOTAL = 1 << 3,
	ACCEL_USAGE_CLOCK = 1 << 4,	  /* clock_mhz */
	ACCEL_USAGE_CLOCK_MAX = 1 << 5,	  /* clock_max_mhz */
	ACCEL_USAGE_POWER = 1 << 6,
	ACCEL_USAGE_ENERGY = 1 << 7,
	ACCEL_USAGE_TEMP = 1 << 8,
	ACCEL_USAGE_ERRORS_CORRECTED = 1 << 9,
	ACCEL_USAGE_ERRORS_UNCORRECTED = 1 << 10,
	ACCEL_USAGE_RESETS = 1 << 11,
};

/*
 * A sample of a device's activity. Extensible: pass sizeof(*u); a field
 * is valid only when its bit is in present. Counters are monotonic:
 * rates come from two samples and their timestamps.
 */
struct accel_usage {
	uint64_t present;	/* enum accel_usage_mask */
	int64_t timestamp_ns;	/* CLOCK_MONOTONIC when sampled */
	uint64_t busy_ns;	/* time the device spent executing work */
	uint32_t utilization;	/* percent, over the driver's own window */
	uint32_t clock_mhz;	/* current clock */
	uint32_t clock_max_mhz;
	int32_t temp_mc;	/* millidegrees Celsius */
	uint64_t mem_used;	/* bytes of device memory in use */
	uint64_t mem_total;
	uint64_t power_uw;	/* microwatts now */
	uint64_t energy_uj;	/* microjoules, monotonic */
	uint64_t errors_corrected;
	uint64_t errors_uncorrected;
	uint64_t resets;	/* device resets since the driver loaded */
};

/*
 * Sample the device without opening it where the driver allows (sysfs,
 * hwmon, habanalabs' control node). A device that reports nothing gives
 * present 0. See accel_device_usage(3) for which driver gives what.
 */
int accel_device_usage(struct accel_device *dev, struct accel_usage *u,
		       size_t size);

#define ACCEL_CLIENT_MAX_ENGINES 8
#define ACCEL_CLIENT_MAX_REGIONS 4

/* accel_client_engine.present */
enum accel_client_engine_mask {
	ACCEL_CLIENT_ENGINE_BUSY = 1 << 0,	/* drm-engine-<name> */
	ACCEL_CLIENT_ENGINE_CYCLES = 1 << 1,	/* drm-cycles-<name> */
	ACCEL_CLIENT_ENGINE_TOTAL_CYCLES = 1 << 2, /* drm-total-cycles-<name> */
	ACCEL_CLIENT_ENGINE_MAXFREQ = 1 << 3,	/* drm-maxfreq-<name> */
};

struct accel_client_engine {
	char name[32];
	uint32_t present;	/* enum accel_client_engine_mask */
	uint32_t capacity;	/* identical engines behind the name, >= 1 */
	uint64_t busy_ns;
	uint64_t cycles;
	uint64_t total_cycles;
	uint64_t maxfreq_hz;
};

/* accel_client_region.present and accel_client_usage.present */
enum accel_client_mem_mask {
	ACCEL_CLIENT_MEM_TOTAL = 1 << 0,	/* drm-total-<region> */
	ACCEL_CLIENT_MEM_SHARED = 1 << 1,
	ACCEL_CLIENT_MEM_RESIDENT = 1 << 2,	/* or the older drm-memory- */
	ACCEL_CLIENT_MEM_PURGEABLE = 1 << 3,
	ACCEL_CLIENT_MEM_ACTIVE = 1 << 4,
};

struct accel_client_region {
	char name[32];		/* "memory" is system memory */
	uint32_t present;	/* enum accel_client_mem_mask */
	uint32_t reserved;
	uint64_t total;		/* bytes */
	uint64_t shared;
	uint64_t resident;
	uint64_t purgeable;
	uint64_t active;
};

/* accel_client_usage.present, beside the enum accel_client_mem_mask bits */
enum accel_client_mask {
	ACCEL_CLIENT_ID = 1 << 8,	/* client_id (drm-client-id) */
	ACCEL_CLIENT_ENGINE_TIME = 1 << 9, /* engine_ns */
	ACCEL_CLIENT_DRM_KEYS = 1 << 10, /* the driver prints drm-* keys */
};

/*
 * One open file of an accel or DRM node (a DRM client), from
 * /proc/<pid>/fdinfo after Documentation/gpu/drm-usage-stats.rst. Files
 * shared by several fds or processes are one client, listed under the
 * first (lowest pid, then fd) with num_fds counting them.
 */
struct accel_client_usage {
	uint64_t present;	/* enum accel_client_mask | accel_client_mem_mask */
	int32_t pid;
	uint32_t uid;		/* owner of the process */
	char comm[32];
	int32_t fd;
	uint32_t num_fds;
	uint32_t major;		/* of the node; 0 when unknown */
	uint32_t minor;
	struct accel_device *dev; /* the device of list it is, or NULL */
	char driver[64];	/* drm-driver, else the device's driver */
	char pdev[32];		/* drm-pdev */
	char client_name[64];	/* drm-client-name */
	uint64_t client_id;
	uint64_t engine_ns;	/* busy time summed over every engine */
	uint64_t mem_total;	/* summed over every region */
	uint64_t mem_shared;
	uint64_t mem_resident;
	uint64_t mem_purgeable;
	uint64_t mem_active;
	uint32_t num_engines;	/* filled entries of engines[] */
	uint32_t num_regions;
	struct accel_client_engine engines[ACCEL_CLIENT_MAX_ENGINES];
	struct accel_client_region regions[ACCEL_CLIENT_MAX_REGIONS];
};

/*
 * The clients of process pid (0: of every process this caller may see,
 * i.e. its own, or all as root), matched to the devices of list (a list
 * from accel_get_device_list(), or NULL). Fills up to max entries of
 * entry_size bytes (sizeof(struct accel_client_usage)) and returns the
 * number of clients, which may be more than max.
 */
int accel_process_usage(struct accel_device **list, int pid,
			struct accel_client_usage *clients, uint32_t max,
			size_t entry_size);

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_ACCEL_H */
