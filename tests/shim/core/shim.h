/* SPDX-License-Identifier: MIT */
/*
 * Internals of the kernel uAPI emulator ("shim"), in the manner of Mesa's
 * drm-shim: a fake sysfs tree and /dev directory in a temp directory, and
 * interposed libc calls that answer for the fds the shim hands out.
 *
 * The core (this directory) is driver-neutral. Each emulated driver is a
 * backend in a sibling directory that supplies a struct shim_driver: how to
 * populate its sysfs, how to open its nodes, and one table of ioctl handlers
 * indexed by the DRM driver ioctl number, exactly as the kernel's drm_ioctl
 * dispatches.
 */
#ifndef ACCEL_SHIM_H
#define ACCEL_SHIM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SHIM_MAX_DEVICES	8
#define SHIM_ACCEL_MAJOR	261
/* st_dev minor of emulated dma-bufs (the kernel's is an anonymous dev of its own) */
#define SHIM_DMABUF_FS_MINOR	0xfdb0f
#define SHIM_PAGE_SIZE		4096ull

struct shim_file;
struct shim_device;

enum shim_file_type {
	SHIM_FILE_ACCEL,	/* /dev/accel/accelN: a DRM accel file */
	SHIM_FILE_CONTROL,	/* a driver's own char device (accel_controlDN) */
	SHIM_FILE_DMABUF,	/* an exported dma-buf */
	SHIM_FILE_SYNC_FILE,	/* a sync_file (an eventfd, shim_fence.c) */
	SHIM_FILE_SYNCOBJ,	/* a syncobj's fd (shim_syncobj.c) */
};

struct shim_gem_file;
struct shim_gem_object;
struct shim_resv;

/* ioctl handler: arg is a kernel copy of max(user, kernel) size */
typedef int (*shim_ioctl_fn)(struct shim_file *f, void *arg);

struct shim_ioctl_desc {
	unsigned long cmd;	/* the kernel's own definition */
	shim_ioctl_fn fn;	/* NULL: the kernel has it, we do not emulate it */
	const char *name;	/* the uAPI name, for the abort message */
};

struct shim_driver {
	const char *name;		/* DRM driver name (DRM_IOCTL_VERSION) */
	/* the device model ACCEL_SHIM_DEVICES names, or NULL: not this driver's */
	const void *(*model)(const char *name);
	const char *desc;
	int version[3];
	/*
	 * A platform device of this name (in /sys/devices/platform) instead
	 * of a PCI function, a printf format given the device index;
	 * platform_unbound: no driver is bound to it (rocket's facade
	 * device), so it has no driver link.
	 */
	const char *platform;
	bool platform_unbound;
	/* fill the PCI device dir with the driver's sysfs attributes */
	int (*populate)(struct shim_device *dev, const char *pcidir);
	/* open hooks: 0 or -errno; set f->priv */
	int (*open)(struct shim_file *f);
	void (*release)(struct shim_file *f);
	int (*open_control)(struct shim_file *f);
	/* the control node's ioctl entry (the driver's own fops) */
	int (*ioctl_control)(struct shim_file *f, unsigned long cmd, void *arg);
	/* mmap of the accel file: 0 and *out, or -errno */
	int (*mmap)(struct shim_file *f, void *addr, size_t len, int prot,
		    int flags, uint64_t offset, void **out);
	/* munmap of a range this driver mapped; true when it was one */
	bool (*munmap)(void *addr, size_t len);
	const struct shim_ioctl_desc *ioctls;	/* index: nr - 0x40 */
	unsigned int num_ioctls;
	unsigned int control_major;
	/* SHIM_DRIVER_* of shim_gem.h: the DRIVER_* features the core gates on */
	unsigned int features;
	/* optional check of a foreign dma-buf import (SHIM_DRIVER_PRIME_IMPORT):
	 * obj already aliases the dma-buf's pages; 0 or -errno to refuse */
	int (*gem_prime_import)(struct shim_file *f, struct shim_gem_object *obj);
};

/* State that several processes using one shim dir share (a MAP_SHARED file) */
struct shim_shared_dev {
	int32_t compute_pid;		/* 0: no compute context open */
	uint32_t status;		/* driver-defined (hl_device_status) */
	uint64_t open_counter;
	uint64_t dram_used;
	uint32_t hard_reset_cnt;
	uint32_t soft_reset_cnt;
	uint32_t cs_mode;		/* enum shim_cs_mode */
	uint32_t pad;
	uint64_t cs_delay_us;
	uint64_t drops[4];		/* driver-defined counters */
};

struct shim_shared {
	uint32_t magic;
	uint32_t ndev;
	pthread_mutex_t lock;		/* process-shared */
	struct shim_shared_dev dev[SHIM_MAX_DEVICES];
};

struct shim_device {
	int index;			/* minor */
	const struct shim_driver *drv;
	const void *model;		/* driver-defined model description */
	char pci_slot[32];		/* 0000:3b:00.0, or the platform name */
	char sysfs_pci[1024];		/* the parent device's directory */
	struct shim_shared_dev *sh;
};

struct shim_file {
	enum shim_file_type type;
	int refcnt;			/* fds (dups) + internal references */
	struct shim_device *dev;
	void *priv;			/* driver state: context, dma-buf */
	void (*release)(struct shim_file *f);
	uint64_t size;			/* dma-buf size */
	int memfd;			/* dma-buf backing, or -1 */
	struct shim_gem_file *gem;	/* accel file: GEM handles, syncobjs */
	/* dma-buf: the GEM object it exports (referenced) and its fences */
	struct shim_gem_object *gem_obj;
	struct shim_resv *resv;
	char name[32];			/* DMA_BUF_SET_NAME */
};

/* real libc entry points, resolved with RTLD_NEXT */
extern int (*shim_real_open)(const char *path, int flags, ...);
extern int (*shim_real_close)(int fd);
extern int (*shim_real_ioctl)(int fd, unsigned long req, ...);
extern void *(*shim_real_mmap)(void *addr, size_t len, int prot, int flags,
			       int fd, off_t off);
extern int (*shim_real_munmap)(void *addr, size_t len);

/* the one lock that guards every shim table */
extern pthread_mutex_t shim_lock;

struct shim_device *shim_device_get(int index);
int shim_num_devices(void);
const char *shim_root(void);

/* files: new fd tracked as a shim file (takes a reference) */
int shim_file_install(int fd, struct shim_file *f);
struct shim_file *shim_file_lookup(int fd);
void shim_file_get(struct shim_file *f);
void shim_file_put(struct shim_file *f);

/* dma-bufs: a memfd of size bytes, tracked; returns the fd or -errno */
int shim_dmabuf_create(struct shim_device *dev, uint64_t size, int flags,
		       void *priv, void (*release)(struct shim_file *f));
int shim_dmabuf_ioctl(struct shim_file *f, unsigned long cmd, void *arg);
/*
 * A dma-buf over an existing memfd (a GEM object's): the dma-buf file is a
 * new open of the same pages (O_RDWR with DRM_RDWR in flags, else
 * O_RDONLY), and the returned fd refers to it. Returns the shim file (one
 * reference for the caller) and *fd, or NULL and *fd = -errno.
 */
struct shim_file *shim_dmabuf_wrap(struct shim_device *dev, int memfd,
				   uint64_t size, int flags, int *fd);
/* a new fd (O_CLOEXEC from flags) for the same dma-buf file; or -errno */
int shim_dmabuf_new_fd(struct shim_file *f, int flags);
/* mmap of a dma-buf fd (dma_buf_mmap_internal) */
int shim_dmabuf_mmap(struct shim_file *f, void *addr, size_t len, int prot,
		     int flags, uint64_t offset, void **out);

/* DRM core ioctl dispatch on an accel file */
int shim_drm_ioctl(struct shim_file *f, unsigned long cmd, void *uarg);

/* the process-shared lock over struct shim_shared_dev */
void shim_shared_lock(void);
void shim_shared_unlock(void);

/* sysfs helpers */
int shim_write_file(const char *dir, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int64_t shim_now_ns(void);

/* an ioctl's user pointers (shim_uaccess.c): 0, or -EFAULT */
int shim_copy_from_user(void *dst, uint64_t uptr, size_t len);
int shim_copy_to_user(uint64_t uptr, const void *src, size_t len);

/* build the fake tree once (the constructor does; controls call it too) */
void shim_init(void);

/* every emulated driver, NULL-terminated (shim_backends.c) */
extern const struct shim_driver *const shim_drivers[];
/* drivers only a test executable links in (tests/shim/gemtest), or NULL */
extern const struct shim_driver *const shim_test_drivers[] __attribute__((weak));

/*
 * A uAPI item (ioctl, opcode, flag) the backend knows the kernel has but
 * does not emulate: the test process aborts with its name rather than
 * getting an answer the kernel would not give.
 */
void shim_not_emulated(const char *driver, const char *item)
	__attribute__((noreturn));

#endif /* ACCEL_SHIM_H */
