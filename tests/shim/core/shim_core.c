// SPDX-License-Identifier: MIT
/*
 * The shim's core: the fake tree, the fd table and the interposed libc
 * calls. Everything not aimed at a path under <root>/dev/accel or at an fd
 * the shim handed out goes straight to the next definition (libc, or the
 * sanitizer runtime's interceptor when the tests are built with ASan).
 *
 * Linked into a test executable, these definitions interpose libc for
 * libaccel and its dlopen()ed providers as well (the executable comes
 * first in symbol lookup); built as libaccel_shim.so it works through
 * LD_PRELOAD for programs such as accel_devinfo.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/close_range.h>
#include <linux/magic.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "accel_shim.h"
#include "shim_gem.h"

#define SHIM_MAGIC 0x53484d31u
#define EXPORT __attribute__((visibility("default")))
/*
 * The interposers may run before a sanitizer runtime has initialized
 * (it maps memory while it starts): no ThreadSanitizer instrumentation in
 * them; what they call after the shim is ready is instrumented.
 */
#define INTERPOSE EXPORT __attribute__((no_sanitize_thread))

int (*shim_real_open)(const char *path, int flags, ...);
int (*shim_real_close)(int fd);
int (*shim_real_ioctl)(int fd, unsigned long req, ...);
void *(*shim_real_mmap)(void *addr, size_t len, int prot, int flags, int fd,
			off_t off);
int (*shim_real_munmap)(void *addr, size_t len);
static int (*real_openat)(int dirfd, const char *path, int flags, ...);
static int (*real_fstat)(int fd, struct stat *st);
static int (*real_fstatat)(int dirfd, const char *path, struct stat *st, int flags);
static int (*real_fstatfs)(int fd, struct statfs *st);
static int (*real_dup)(int fd);
static int (*real_dup3)(int fd, int fd2, int flags);
static int (*real_dup2)(int fd, int fd2);
static int (*real_fcntl)(int fd, int cmd, ...);
static ssize_t (*real_readlinkat)(int dirfd, const char *path, char *buf, size_t len);

pthread_mutex_t shim_lock = PTHREAD_MUTEX_INITIALIZER;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static char root[256];
static char devdir[512];
static bool owner;
static pid_t owner_pid;
static struct shim_shared *shared;
static struct shim_device devices[SHIM_MAX_DEVICES];
static int ndevices;
static struct shim_file **files;
static int nfiles;

int64_t shim_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

const char *shim_root(void)
{
	return root;
}

struct shim_device *shim_device_get(int index)
{
	return index >= 0 && index < ndevices ? &devices[index] : NULL;
}

int shim_num_devices(void)
{
	return ndevices;
}

int shim_write_file(const char *dir, const char *name, const char *fmt, ...)
{
	char path[2048];
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "we");
	if (!f)
		return -errno;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	return fclose(f) ? -errno : 0;
}

static int mkdirs(const char *path)
{
	char buf[2048], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -errno : 0;
}

static int link_to(const char *target, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int link_to(const char *target, const char *fmt, ...)
{
	char path[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return symlink(target, path) && errno != EEXIST ? -errno : 0;
}

static int touch(const char *path)
{
	int fd = shim_real_open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);

	if (fd < 0)
		return -errno;
	shim_real_close(fd);
	return 0;
}

/*
 * The layout the kernel makes: the PCI function (or platform device) with
 * its attributes and driver link, the accel minor below it (class link,
 * dev, uevent), and for habanalabs a parentless control device in
 * /sys/devices/virtual/accel.
 */
static int build_device(struct shim_device *d)
{
	const char *drv = d->drv->name;
	const char *bus = d->drv->platform ? "platform" : "pci";
	const char *parent = d->drv->platform ? "platform" : "pci0000:00";
	char sys[512], accel[1536], path[2048];
	int ret;

	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(accel, sizeof(accel), "%s/accel/accel%d", d->sysfs_pci, d->index);
	snprintf(path, sizeof(path), "%s/bus/%s/drivers/%s", sys, bus, drv);
	if ((ret = mkdirs(accel)) || (ret = mkdirs(path)) ||
	    (ret = mkdirs(sys)))
		return ret;
	snprintf(path, sizeof(path), "%s/class/accel", sys);
	if ((ret = mkdirs(path)))
		return ret;
	snprintf(path, sizeof(path), "%s/dev/char", sys);
	if ((ret = mkdirs(path)))
		return ret;
	snprintf(path, sizeof(path), "../../../bus/%s/drivers/%s", bus, drv);
	if (!d->drv->platform_unbound && (ret = link_to(path, "%s/driver", d->sysfs_pci)))
		return ret;
	ret = d->drv->populate(d, d->sysfs_pci);
	if (ret)
		return ret;
	if ((ret = shim_write_file(accel, "dev", "%d:%d\n", SHIM_ACCEL_MAJOR, d->index)) ||
	    (ret = shim_write_file(accel, "uevent",
				   "MAJOR=%d\nMINOR=%d\nDEVNAME=accel/accel%d\nDEVTYPE=accel_minor\n",
				   SHIM_ACCEL_MAJOR, d->index, d->index)))
		return ret;
	/* as sysfs writes it: up to the bus, then down by the device's name */
	snprintf(path, sizeof(path), "../../../%s", d->pci_slot);
	if ((ret = link_to(path, "%s/device", accel)) ||
	    (ret = link_to("../../../../../class/accel", "%s/subsystem", accel)))
		return ret;
	snprintf(path, sizeof(path), "../../devices/%s/%s/accel/accel%d",
		 parent, d->pci_slot, d->index);
	if ((ret = link_to(path, "%s/class/accel/accel%d", sys, d->index)))
		return ret;
	snprintf(path, sizeof(path), "../../devices/%s/%s/accel/accel%d",
		 parent, d->pci_slot, d->index);
	if ((ret = link_to(path, "%s/dev/char/%d:%d", sys, SHIM_ACCEL_MAJOR, d->index)))
		return ret;
	snprintf(path, sizeof(path), "%s/accel/accel%d", devdir, d->index);
	if ((ret = touch(path)))
		return ret;

	if (d->drv->control_major) {
		char ctl[1536];

		snprintf(ctl, sizeof(ctl), "%s/devices/virtual/accel/accel_controlD%d",
			 sys, d->index);
		if ((ret = mkdirs(ctl)) ||
		    (ret = shim_write_file(ctl, "dev", "%u:%d\n", d->drv->control_major,
					   d->index)) ||
		    (ret = shim_write_file(ctl, "uevent",
					   "MAJOR=%u\nMINOR=%d\nDEVNAME=accel/accel_controlD%d\n",
					   d->drv->control_major, d->index, d->index)))
			return ret;
		snprintf(path, sizeof(path), "../../devices/virtual/accel/accel_controlD%d",
			 d->index);
		if ((ret = link_to(path, "%s/class/accel/accel_controlD%d", sys, d->index)))
			return ret;
		snprintf(path, sizeof(path), "%s/accel/accel_controlD%d", devdir, d->index);
		if ((ret = touch(path)))
			return ret;
	}
	return 0;
}

static int map_shared(bool create)
{
	char path[600];
	void *p;
	int fd;

	snprintf(path, sizeof(path), "%s/shim-state", root);
	fd = shim_real_open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
	if (fd < 0)
		return -errno;
	if (create && ftruncate(fd, sizeof(*shared))) {
		shim_real_close(fd);
		return -errno;
	}
	p = shim_real_mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	shim_real_close(fd);
	if (p == MAP_FAILED)
		return -errno;
	shared = p;
	return 0;
}

static void resolve_real(void)
{
	shim_real_open = dlsym(RTLD_NEXT, "open");
	real_openat = dlsym(RTLD_NEXT, "openat");
	shim_real_close = dlsym(RTLD_NEXT, "close");
	shim_real_ioctl = dlsym(RTLD_NEXT, "ioctl");
	shim_real_mmap = dlsym(RTLD_NEXT, "mmap");
	shim_real_munmap = dlsym(RTLD_NEXT, "munmap");
	real_fstat = dlsym(RTLD_NEXT, "fstat");
	real_fstatat = dlsym(RTLD_NEXT, "fstatat");
	real_fstatfs = dlsym(RTLD_NEXT, "fstatfs");
	real_dup = dlsym(RTLD_NEXT, "dup");
	real_dup2 = dlsym(RTLD_NEXT, "dup2");
	real_dup3 = dlsym(RTLD_NEXT, "dup3");
	real_fcntl = dlsym(RTLD_NEXT, "fcntl");
	real_readlinkat = dlsym(RTLD_NEXT, "readlinkat");
}

static uint32_t parse_status(const char *s)
{
	if (!s || !strcmp(s, "operational"))
		return 0;
	if (!strcmp(s, "in_reset"))
		return 1;
	if (!strcmp(s, "malfunction"))
		return 2;
	if (!strcmp(s, "needs_reset"))
		return 3;
	return 0;
}

static void parse_cs(const char *s, struct shim_shared_dev *sd)
{
	if (!s || !strcmp(s, "complete")) {
		sd->cs_mode = SHIM_CS_COMPLETE;
	} else if (!strncmp(s, "delay:", 6)) {
		sd->cs_mode = SHIM_CS_COMPLETE;
		sd->cs_delay_us = strtoull(s + 6, NULL, 0);
	} else if (!strcmp(s, "hang")) {
		sd->cs_mode = SHIM_CS_HANG;
	} else if (!strcmp(s, "timeout")) {
		sd->cs_mode = SHIM_CS_TIMEOUT;
	} else if (!strcmp(s, "abort")) {
		sd->cs_mode = SHIM_CS_ABORT;
	}
}

static int setup(void)
{
	const char *env_dir = getenv("ACCEL_SHIM_DIR");
	const char *list = getenv("ACCEL_SHIM_DEVICES");
	char names[256], *tok, *save = NULL, path[600];
	bool fresh = true;
	int ret, i;

	if (env_dir && env_dir[0]) {
		struct stat st;

		snprintf(root, sizeof(root), "%s", env_dir);
		snprintf(path, sizeof(path), "%s/shim-state", root);
		fresh = stat(path, &st) != 0;
		if (fresh && (ret = mkdirs(root)))
			return ret;
	} else {
		const char *tmp = getenv("TMPDIR");

		snprintf(root, sizeof(root), "%s/accel-shim.XXXXXX",
			 tmp && tmp[0] ? tmp : "/tmp");
		if (!mkdtemp(root))
			return -errno;
		owner = true;
		owner_pid = getpid();
	}
	snprintf(devdir, sizeof(devdir), "%s/dev", root);
	snprintf(names, sizeof(names), "%s", list && list[0] ? list : "gaudi2");
	for (tok = strtok_r(names, ",", &save); tok && ndevices < SHIM_MAX_DEVICES;
	     tok = strtok_r(NULL, ",", &save)) {
		const void *model = NULL;
		size_t k;

		const struct shim_driver *drv = NULL;

		for (k = 0; shim_drivers[k] && !model; k++) {
			model = shim_drivers[k]->model(tok);
			drv = shim_drivers[k];
		}
		for (k = 0; shim_test_drivers && shim_test_drivers[k] && !model; k++) {
			model = shim_test_drivers[k]->model(tok);
			drv = shim_test_drivers[k];
		}
		if (!model) {
			fprintf(stderr, "accel-shim: unknown device model '%s'\n", tok);
			return -EINVAL;
		}
		devices[ndevices].index = ndevices;
		devices[ndevices].drv = drv;
		devices[ndevices].model = model;
		ndevices++;
	}
	ret = map_shared(fresh);
	if (ret)
		return ret;
	if (fresh) {
		pthread_mutexattr_t a;

		pthread_mutexattr_init(&a);
		pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
		pthread_mutex_init(&shared->lock, &a);
		pthread_mutexattr_destroy(&a);
		snprintf(path, sizeof(path), "%s/accel", devdir);
		if ((ret = mkdirs(path)))
			return ret;
	}
	for (i = 0; i < ndevices; i++) {
		struct shim_device *d = &devices[i];

		d->sh = &shared->dev[i];
		if (d->drv->platform) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			snprintf(d->pci_slot, sizeof(d->pci_slot), d->drv->platform, i);
#pragma GCC diagnostic pop
			snprintf(d->sysfs_pci, sizeof(d->sysfs_pci),
				 "%s/sys/devices/platform/%s", root, d->pci_slot);
		} else {
			snprintf(d->pci_slot, sizeof(d->pci_slot), "0000:%02x:00.0", 0x3b + i);
			snprintf(d->sysfs_pci, sizeof(d->sysfs_pci),
				 "%s/sys/devices/pci0000:00/%s", root, d->pci_slot);
		}
		if (!fresh)
			continue;
		devices[i].sh->status = parse_status(getenv("ACCEL_SHIM_HL_STATUS"));
		parse_cs(getenv("ACCEL_SHIM_HL_CS"), devices[i].sh);
		ret = build_device(&devices[i]);
		if (ret)
			return ret;
	}
	if (fresh) {
		shared->ndev = (uint32_t)ndevices;
		shared->magic = SHIM_MAGIC;
	}
	snprintf(path, sizeof(path), "%s/sys", root);
	setenv("ACCEL_SYSFS_PATH", path, 1);
	setenv("ACCEL_DEV_PATH", devdir, 1);
	return 0;
}

/*
 * The shim starts in its constructor, once libc is up: calls that arrive
 * earlier (a sanitizer runtime maps memory and opens files while it
 * initializes, before libc's environment is in place) go straight to the
 * kernel.
 */
static atomic_bool ready;

/*
 * A forked child shares the parent's open files, as with the kernel: the
 * driver's release runs when the parent lets go, not when the child
 * closes its copies.
 */
static void atfork_child(void)
{
	int i;

	for (i = 0; i < nfiles; i++)
		if (files[i])
			files[i]->release = NULL;
	pthread_mutex_unlock(&shim_lock);
}

static void atfork_prepare(void)
{
	pthread_mutex_lock(&shim_lock);
}

static void atfork_parent(void)
{
	pthread_mutex_unlock(&shim_lock);
}

static void init(void)
{
	int ret;

	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
	resolve_real();
	ret = setup();
	if (ret) {
		fprintf(stderr, "accel-shim: cannot build the fake tree in %s: %s\n",
			root, strerror(-ret));
		abort();
	}
	atomic_store(&ready, true);
}

void shim_init(void)
{
	pthread_once(&init_once, init);
}

__attribute__((constructor(101))) static void shim_ctor(void)
{
	shim_init();
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

__attribute__((destructor)) static void shim_dtor(void)
{
	if (owner && owner_pid == getpid() && root[0] && !getenv("ACCEL_SHIM_KEEP"))
		nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

EXPORT const char *accel_shim_root(void)
{
	shim_init();
	return root;
}

/* ------------------------------------------------------------------------ */
/* fd table                                                                 */
/* ------------------------------------------------------------------------ */

/* called with shim_lock held */
int shim_file_install(int fd, struct shim_file *f)
{
	if (fd >= nfiles) {
		int n = fd + 64;
		struct shim_file **nf = realloc(files, n * sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		memset(nf + nfiles, 0, (n - nfiles) * sizeof(*nf));
		files = nf;
		nfiles = n;
	}
	files[fd] = f;
	f->refcnt++;
	return 0;
}

/* called with shim_lock held */
struct shim_file *shim_file_lookup(int fd)
{
	return fd >= 0 && fd < nfiles ? files[fd] : NULL;
}

void shim_file_get(struct shim_file *f)
{
	f->refcnt++;
}

void shim_file_put(struct shim_file *f)
{
	if (--f->refcnt > 0)
		return;
	/* drm_file_free(): syncobjs and GEM handles go before postclose */
	if (f->gem)
		shim_gem_file_release(f);
	if (f->release)
		f->release(f);
	if (f->type == SHIM_FILE_DMABUF)
		shim_dmabuf_fini(f);
	if (f->memfd >= 0)
		shim_real_close(f->memfd);
	free(f);
}

/* the node an open path names: 0 compute, 1 control; -1 not ours */
static int node_of(const char *path, struct shim_device **out)
{
	size_t n = strlen(devdir);
	const char *p;
	char *end;
	long idx;
	int kind;

	if (!path || strncmp(path, devdir, n) || strncmp(path + n, "/accel/", 7))
		return -1;
	p = path + n + 7;
	if (!strncmp(p, "accel_controlD", 14)) {
		kind = 1;
		p += 14;
	} else if (!strncmp(p, "accel", 5)) {
		kind = 0;
		p += 5;
	} else {
		return -1;
	}
	if (*p < '0' || *p > '9')
		return -1;
	idx = strtol(p, &end, 10);
	if (*end || !shim_device_get((int)idx))
		return -1;
	*out = shim_device_get((int)idx);
	if (kind == 1 && !(*out)->drv->control_major)
		return -1;
	return kind;
}

static int open_node(const char *path, int flags, int kind, struct shim_device *d)
{
	struct shim_file *f;
	int fd, ret;

	/* drm_open_helper(): no exclusive opens of a DRM file */
	if (!kind && (flags & O_EXCL)) {
		errno = EBUSY;
		return -1;
	}
	fd = shim_real_open(path, (flags & ~(O_CREAT | O_TRUNC | O_EXCL)), 0);
	if (fd < 0)
		return -1;
	f = calloc(1, sizeof(*f));
	if (!f) {
		shim_real_close(fd);
		errno = ENOMEM;
		return -1;
	}
	f->type = kind ? SHIM_FILE_CONTROL : SHIM_FILE_ACCEL;
	f->dev = d;
	f->memfd = -1;
	pthread_mutex_lock(&shim_lock);
	ret = 0;
	/* drm_file_alloc(): drm_gem_open(), drm_syncobj_open(), then ->open */
	if (!kind && (d->drv->features &
			  (SHIM_DRIVER_GEM | SHIM_DRIVER_SYNCOBJ | SHIM_DRIVER_SYNCOBJ_TIMELINE)))
		ret = shim_gem_file_open(f);
	if (!ret)
		ret = kind ? d->drv->open_control(f) : d->drv->open(f);
	if (!ret)
		ret = shim_file_install(fd, f);
	if (!ret && !kind)
		f->release = d->drv->release;
	if (ret && f->gem)
		shim_gem_file_release(f);
	pthread_mutex_unlock(&shim_lock);
	if (ret) {
		free(f);
		shim_real_close(fd);
		errno = -ret;
		return -1;
	}
	return fd;
}

__attribute__((no_sanitize_thread))
static int do_open(int dirfd, const char *path, int flags, mode_t mode)
{
	struct shim_device *d;
	int kind;

	if (!ready)
		return (int)syscall(SYS_openat, dirfd, path, flags, mode);
	kind = (dirfd == AT_FDCWD || (path && path[0] == '/')) ? node_of(path, &d) : -1;
	if (kind >= 0)
		return open_node(path, flags, kind, d);
	return real_openat(dirfd, path, flags, mode);
}

#define OPEN_MODE(flags, mode)                                   \
	do {                                                     \
		if ((flags) & (O_CREAT | __O_TMPFILE)) {         \
			va_list ap;                              \
			va_start(ap, flags);                     \
			mode = va_arg(ap, mode_t);               \
			va_end(ap);                              \
		}                                                \
	} while (0)

INTERPOSE int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	return do_open(AT_FDCWD, path, flags, mode);
}

INTERPOSE int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	return do_open(AT_FDCWD, path, flags, mode);
}

INTERPOSE int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	return do_open(dirfd, path, flags, mode);
}

INTERPOSE int openat64(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	return do_open(dirfd, path, flags, mode);
}

int __open_2(const char *path, int flags);
INTERPOSE int __open_2(const char *path, int flags)
{
	return do_open(AT_FDCWD, path, flags, 0);
}

int __open64_2(const char *path, int flags);
INTERPOSE int __open64_2(const char *path, int flags)
{
	return do_open(AT_FDCWD, path, flags, 0);
}

int __openat_2(int dirfd, const char *path, int flags);
INTERPOSE int __openat_2(int dirfd, const char *path, int flags)
{
	return do_open(dirfd, path, flags, 0);
}

int __openat64_2(int dirfd, const char *path, int flags);
INTERPOSE int __openat64_2(int dirfd, const char *path, int flags)
{
	return do_open(dirfd, path, flags, 0);
}

INTERPOSE int close(int fd)
{
	struct shim_file *f;

	if (!ready)
		return (int)syscall(SYS_close, fd);
	pthread_mutex_lock(&shim_lock);
	f = shim_file_lookup(fd);
	if (f) {
		files[fd] = NULL;
		shim_file_put(f);
	}
	pthread_mutex_unlock(&shim_lock);
	return shim_real_close(fd);
}

/* close_range(): the emulated files of the closed fds are let go too */
INTERPOSE int close_range(unsigned int first, unsigned int last, int flags)
{
	unsigned int fd;

	if (!ready)
		return (int)syscall(SYS_close_range, first, last, flags);
	if (!(flags & CLOSE_RANGE_CLOEXEC)) {
		pthread_mutex_lock(&shim_lock);
		for (fd = first; fd <= last && fd < (unsigned int)nfiles; fd++) {
			struct shim_file *f = files[fd];

			if (f) {
				files[fd] = NULL;
				shim_file_put(f);
			}
		}
		pthread_mutex_unlock(&shim_lock);
	}
	return (int)syscall(SYS_close_range, first, last, flags);
}

static int dup_tracked(int oldfd, int newfd)
{
	struct shim_file *f;

	if (newfd < 0)
		return newfd;
	pthread_mutex_lock(&shim_lock);
	f = shim_file_lookup(oldfd);
	if (f && newfd != oldfd) {
		struct shim_file *prev = shim_file_lookup(newfd);

		if (prev) {
			files[newfd] = NULL;
			shim_file_put(prev);
		}
		shim_file_install(newfd, f);
	}
	pthread_mutex_unlock(&shim_lock);
	return newfd;
}

static void forget(int fd)
{
	struct shim_file *f;

	pthread_mutex_lock(&shim_lock);
	f = shim_file_lookup(fd);
	if (f) {
		files[fd] = NULL;
		shim_file_put(f);
	}
	pthread_mutex_unlock(&shim_lock);
}

INTERPOSE int dup(int fd)
{
	if (!ready)
		return (int)syscall(SYS_dup, fd);
	return dup_tracked(fd, real_dup(fd));
}

INTERPOSE int dup2(int fd, int fd2)
{
	if (!ready)
		return fd == fd2 ? (int)syscall(SYS_fcntl, fd, F_GETFD) < 0 ? -1 : fd
				 : (int)syscall(SYS_dup3, fd, fd2, 0);
	if (fd != fd2 && shim_file_lookup(fd2))
		forget(fd2);
	return dup_tracked(fd, real_dup2(fd, fd2));
}

INTERPOSE int dup3(int fd, int fd2, int flags)
{
	if (!ready)
		return (int)syscall(SYS_dup3, fd, fd2, flags);
	if (fd != fd2 && shim_file_lookup(fd2))
		forget(fd2);
	return dup_tracked(fd, real_dup3(fd, fd2, flags));
}

INTERPOSE int fcntl(int fd, int cmd, ...)
{
	unsigned long arg;
	va_list ap;
	int ret;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	if (!ready)
		return (int)syscall(SYS_fcntl, fd, cmd, arg);
	ret = real_fcntl(fd, cmd, arg);
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
		return dup_tracked(fd, ret);
	return ret;
}

INTERPOSE int fcntl64(int fd, int cmd, ...)
{
	unsigned long arg;
	va_list ap;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	return fcntl(fd, cmd, arg);
}

/* ------------------------------------------------------------------------ */
/* ioctl, mmap, stat                                                        */
/* ------------------------------------------------------------------------ */

INTERPOSE int ioctl(int fd, unsigned long req, ...)
{
	struct shim_file *f;
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!ready)
		return (int)syscall(SYS_ioctl, fd, req, arg);

	pthread_mutex_lock(&shim_lock);
	f = shim_file_lookup(fd);
	if (!f) {
		pthread_mutex_unlock(&shim_lock);
		return shim_real_ioctl(fd, req, arg);
	}
	/* handlers run under the lock; a sleeping wait drops it */
	shim_file_get(f);
	switch (f->type) {
	case SHIM_FILE_ACCEL:
		ret = shim_drm_ioctl(f, req, arg);
		break;
	case SHIM_FILE_CONTROL:
		ret = f->dev->drv->ioctl_control(f, req, arg);
		break;
	case SHIM_FILE_SYNC_FILE:
		ret = shim_sync_file_ioctl(f, req, arg);
		break;
	case SHIM_FILE_SYNCOBJ:
		ret = -ENOTTY;	/* drm_syncobj_file_fops: no ioctl */
		break;
	case SHIM_FILE_DMABUF:
	default:
		ret = shim_dmabuf_ioctl(f, req, arg);
		break;
	}
	shim_file_put(f);
	pthread_mutex_unlock(&shim_lock);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	struct shim_file *f;
	void *out = MAP_FAILED;
	int ret;

	if (!ready)
		return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
	pthread_mutex_lock(&shim_lock);
	f = (flags & MAP_ANONYMOUS) ? NULL : shim_file_lookup(fd);
	if (!f) {
		pthread_mutex_unlock(&shim_lock);
		return shim_real_mmap(addr, len, prot, flags, fd, off);
	}
	if (f->type == SHIM_FILE_ACCEL && f->dev->drv->mmap)
		ret = f->dev->drv->mmap(f, addr, len, prot, flags, (uint64_t)off, &out);
	else if (f->type == SHIM_FILE_ACCEL && (f->dev->drv->features & SHIM_DRIVER_GEM))
		ret = shim_gem_mmap(f, addr, len, prot, flags, (uint64_t)off, &out);
	else if (f->type == SHIM_FILE_DMABUF)
		ret = shim_dmabuf_mmap(f, addr, len, prot, flags, (uint64_t)off, &out);
	else
		ret = -ENODEV;	/* control node, sync_files, syncobjs: no mmap */
	pthread_mutex_unlock(&shim_lock);
	if (ret) {
		errno = -ret;
		return MAP_FAILED;
	}
	return out;
}

INTERPOSE void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return mmap(addr, len, prot, flags, fd, off);
}

INTERPOSE int munmap(void *addr, size_t len)
{
	int i;

	if (!ready)
		return (int)syscall(SYS_munmap, addr, len);
	pthread_mutex_lock(&shim_lock);
	for (i = 0; i < ndevices; i++) {
		if (devices[i].drv->munmap && devices[i].drv->munmap(addr, len)) {
			pthread_mutex_unlock(&shim_lock);
			return 0;
		}
	}
	pthread_mutex_unlock(&shim_lock);
	return shim_real_munmap(addr, len);
}

static int fake_stat(struct shim_file *f, struct stat *st)
{
	unsigned int major = SHIM_ACCEL_MAJOR;

	/* a dma-buf: an inode of the dma-buf filesystem, not of shmem's */
	if (f->type == SHIM_FILE_DMABUF)
		st->st_dev = makedev(0, SHIM_DMABUF_FS_MINOR);
	if (f->type != SHIM_FILE_ACCEL && f->type != SHIM_FILE_CONTROL)
		return 1;	/* the memfd or eventfd answers for itself */
	if (f->type == SHIM_FILE_CONTROL)
		major = f->dev->drv->control_major;
	st->st_mode = (st->st_mode & 07777) | S_IFCHR;
	st->st_rdev = makedev(major, (unsigned int)f->dev->index);
	st->st_size = 0;
	return 0;
}

INTERPOSE int fstat(int fd, struct stat *st)
{
	struct shim_file *f;
	int ret;

	if (!ready)
		return (int)syscall(SYS_fstat, fd, st);
	ret = real_fstat(fd, st);
	if (ret)
		return ret;
	pthread_mutex_lock(&shim_lock);
	f = shim_file_lookup(fd);
	if (f)
		fake_stat(f, st);
	pthread_mutex_unlock(&shim_lock);
	return 0;
}

INTERPOSE int fstat64(int fd, struct stat64 *st)
{
	return fstat(fd, (struct stat *)st);
}

/* the nodes are placeholder files: stat() shows them as the char devices */
__attribute__((no_sanitize_thread))
static int path_stat(int dirfd, const char *path, struct stat *st, int flags)
{
	struct shim_device *d;
	int ret, kind;

	if (!ready)
		return (int)syscall(SYS_newfstatat, dirfd, path, st, flags);
	ret = real_fstatat(dirfd, path, st, flags);
	if (ret || !path || (dirfd != AT_FDCWD && path[0] != '/'))
		return ret;
	kind = node_of(path, &d);
	if (kind < 0)
		return 0;
	st->st_mode = (st->st_mode & 07777) | S_IFCHR;
	st->st_rdev = makedev(kind ? d->drv->control_major : SHIM_ACCEL_MAJOR,
			      (unsigned int)d->index);
	st->st_size = 0;
	return 0;
}

INTERPOSE int stat(const char *path, struct stat *st)
{
	return path_stat(AT_FDCWD, path, st, 0);
}

INTERPOSE int stat64(const char *path, struct stat64 *st)
{
	return path_stat(AT_FDCWD, path, (struct stat *)st, 0);
}

INTERPOSE int lstat(const char *path, struct stat *st)
{
	return path_stat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

INTERPOSE int lstat64(const char *path, struct stat64 *st)
{
	return path_stat(AT_FDCWD, path, (struct stat *)st, AT_SYMLINK_NOFOLLOW);
}

INTERPOSE int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	return path_stat(dirfd, path, st, flags);
}

INTERPOSE int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
	return path_stat(dirfd, path, (struct stat *)st, flags);
}

INTERPOSE int fstatfs(int fd, struct statfs *st)
{
	struct shim_file *f;
	int ret;

	if (!ready)
		return (int)syscall(SYS_fstatfs, fd, st);
	ret = real_fstatfs(fd, st);
	if (ret)
		return ret;
	pthread_mutex_lock(&shim_lock);
	f = shim_file_lookup(fd);
	if (f && f->type == SHIM_FILE_DMABUF)
		st->f_type = DMA_BUF_MAGIC;
	pthread_mutex_unlock(&shim_lock);
	return 0;
}

INTERPOSE int fstatfs64(int fd, struct statfs64 *st)
{
	return fstatfs(fd, (struct statfs *)st);
}

/*
 * /proc/self/fd/N of an emulated file names it as the kernel would: the
 * anon inodes "sync_file" and "syncobj_file", a dma-buf's "/dmabuf:<name>"
 * (dmabuffs_dname()). libaccel tells sync_files apart by this link.
 */
static bool fake_link(const char *path, char *out, size_t len)
{
	struct shim_file *f;
	const char *p;
	char *end;
	long fd;

	if (strncmp(path, "/proc/", 6))
		return false;
	p = path + 6;
	if (!strncmp(p, "self/", 5)) {
		p += 5;
	} else if (!strncmp(p, "thread-self/", 12)) {
		p += 12;
	} else {
		long pid = strtol(p, &end, 10);

		if (end == p || *end != '/' || pid != getpid())
			return false;
		p = end + 1;
	}
	if (strncmp(p, "fd/", 3))
		return false;
	fd = strtol(p + 3, &end, 10);
	if (end == p + 3 || *end || fd < 0 || fd > INT32_MAX)
		return false;
	pthread_mutex_lock(&shim_lock);
	f = shim_file_lookup((int)fd);
	if (f && f->type == SHIM_FILE_SYNC_FILE)
		snprintf(out, len, "anon_inode:sync_file");
	else if (f && f->type == SHIM_FILE_SYNCOBJ)
		snprintf(out, len, "anon_inode:syncobj_file");
	else if (f && f->type == SHIM_FILE_DMABUF)
		snprintf(out, len, "/dmabuf:%s", f->name);
	else
		f = NULL;
	pthread_mutex_unlock(&shim_lock);
	return f != NULL;
}

__attribute__((no_sanitize_thread))
static ssize_t do_readlinkat(int dirfd, const char *path, char *buf, size_t len)
{
	char name[64];
	size_t n;

	if (!ready)
		return syscall(SYS_readlinkat, dirfd, path, buf, len);
	if (!path || path[0] != '/' || !fake_link(path, name, sizeof(name)))
		return real_readlinkat(dirfd, path, buf, len);
	n = strlen(name);
	if (n > len)
		n = len;
	memcpy(buf, name, n);
	return (ssize_t)n;
}

INTERPOSE ssize_t readlink(const char *path, char *buf, size_t len)
{
	return do_readlinkat(AT_FDCWD, path, buf, len);
}

INTERPOSE ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t len)
{
	return do_readlinkat(dirfd, path, buf, len);
}

/* _FORTIFY_SOURCE's entry points, which glibc does not route via readlink */
ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen);
INTERPOSE ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen)
{
	if (len > buflen)
		abort();	/* glibc's __chk_fail */
	return do_readlinkat(AT_FDCWD, path, buf, len);
}

ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf, size_t len,
			 size_t buflen);
INTERPOSE ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf,
				   size_t len, size_t buflen)
{
	if (len > buflen)
		abort();
	return do_readlinkat(dirfd, path, buf, len);
}

/* ------------------------------------------------------------------------ */
/* state shared between processes                                           */
/* ------------------------------------------------------------------------ */

void shim_shared_lock(void)
{
	pthread_mutex_lock(&shared->lock);
}

void shim_shared_unlock(void)
{
	pthread_mutex_unlock(&shared->lock);
}
