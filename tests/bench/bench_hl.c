// SPDX-License-Identifier: MIT
/*
 * Target "habanalabs": the habanalabs provider on the uAPI emulator
 * (tests/shim, libaccel_shim.so preloaded into the worker), against the
 * same HL ioctls issued directly through the same shim. The emulator
 * answers in userspace, so the ratios show libaccel's own cost with no
 * kernel time to hide it. Two emulated Gaudi2s: the kernel allows one
 * compute open per device: the first holds libaccel's context, the
 * second the raw fd, and the open op opens and closes the third.
 *
 * submit+wait: one CS of one user-allocated-CB chunk on queue 0, then a
 * wait for it. libaccel's side takes its CB from hldv_cb_alloc() (looked
 * up in the loaded provider, libhldv, so the bench does not link it); the
 * raw side creates its CB with HL_CB CREATE+INFO and issues HL_IOCTL_CS
 * and HL_IOCTL_WAIT_CS itself. The shim completes a CS when submitted.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <drm.h>
#include <accel/accel.h>
#include <uapi/drm/habanalabs_accel.h>

#include "bench.h"

#define HL_BO_SIZE (2u << 20)
#define HL_CB_SIZE 4096u
#define HL_CMD_SIZE 64u		/* bytes of commands in the one chunk */

typedef struct accel_bo *(*cb_alloc_fn)(struct accel_context *, uint32_t);

struct hl_st {
	char cfg[PATH_MAX];
	struct accel_device **list;
	struct accel_context *ctx;	/* on device 0 */
	struct accel_device *dev2;	/* opened and closed by the op */
	struct accel_bo *bo;
	int fd;				/* raw: device 1 opened by hand */
	char node2[PATH_MAX];
	uint64_t raw_va;		/* raw: a mapped DRAM allocation */
	struct accel_queue *q;		/* submit+wait: queue 0 */
	struct accel_bo *cb;		/* from hldv_cb_alloc() */
	uint64_t raw_cb_handle;		/* raw: HL_CB CREATE */
	uint64_t raw_cb_va;		/* raw: its device VA */
};

static int raw_info(int fd, uint32_t op, void *buf, uint32_t len)
{
	struct hl_info_args a = {
		.return_pointer = (uintptr_t)buf, .return_size = len, .op = op,
	};

	return bench_ioctl(fd, DRM_IOCTL_HL_INFO, &a);
}

static int op_list_lib(void *p)
{
	struct accel_device **l;
	int n;

	(void)p;
	l = accel_get_device_list(&n);
	if (!l)
		return -errno;
	accel_free_device_list(l);
	return n == 3 ? 0 : -EPROTO;
}

/* By hand: list the class directory, read each device's driver link */
static int op_list_raw(void *p)
{
	char cls[PATH_MAX], path[PATH_MAX], target[PATH_MAX];
	const char *root = getenv("ACCEL_SYSFS_PATH");
	struct dirent *d;
	int n = 0;
	DIR *dir;

	(void)p;
	bench_fmt(cls, sizeof(cls), "%s/class/accel", root ? root : "/sys");
	dir = opendir(cls);
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		ssize_t l;

		if (strncmp(d->d_name, "accel", 5) || !strncmp(d->d_name, "accel_", 6))
			continue;
		bench_fmt(path, sizeof(path), "%s/%s/device/driver", cls, d->d_name);
		l = readlink(path, target, sizeof(target) - 1);
		if (l > 0) {
			target[l] = '\0';
			n += strstr(target, "habanalabs") != NULL;
		}
	}
	closedir(dir);
	return n == 3 ? 0 : -EPROTO;
}

static int op_open_lib(void *p)
{
	struct hl_st *s = p;
	struct accel_context *c = accel_open_device(s->dev2);

	if (!c)
		return -errno;
	return accel_close_device(c);
}

/* What opening takes: the node, the driver's name, the device's IP info */
static int op_open_raw(void *p)
{
	struct hl_st *s = p;
	struct hl_info_hw_ip_info hw;
	char name[32];
	struct drm_version v = { .name = name, .name_len = sizeof(name) };
	int fd, ret;

	fd = open(s->node2, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = bench_ioctl(fd, DRM_IOCTL_VERSION, &v);
	if (!ret)
		ret = raw_info(fd, HL_INFO_HW_IP_INFO, &hw, sizeof(hw));
	close(fd);
	return ret < 0 ? ret : 0;
}

static int op_query_lib(void *p)
{
	struct hl_st *s = p;
	struct accel_device_attr attr;

	return accel_query_device(s->ctx, &attr, sizeof(attr));
}

/* The provider's answer comes from IP info, DRAM usage and the version */
static int op_query_raw(void *p)
{
	struct hl_st *s = p;
	struct hl_info_hw_ip_info hw;
	struct hl_info_dram_usage du;
	char name[32], date[32], desc[64];
	struct drm_version v = {
		.name = name, .name_len = sizeof(name),
		.date = date, .date_len = sizeof(date),
		.desc = desc, .desc_len = sizeof(desc),
	};
	int ret;

	ret = raw_info(s->fd, HL_INFO_HW_IP_INFO, &hw, sizeof(hw));
	if (!ret)
		ret = raw_info(s->fd, HL_INFO_DRAM_USAGE, &du, sizeof(du));
	if (!ret)
		ret = bench_ioctl(s->fd, DRM_IOCTL_VERSION, &v);
	return ret < 0 ? ret : 0;
}

static int op_alloc_lib(void *p)
{
	struct hl_st *s = p;
	struct accel_bo *bo = accel_bo_alloc(s->ctx, HL_BO_SIZE, 0);

	if (!bo)
		return -errno;
	return accel_bo_free(bo);
}

static int mem(int fd, union hl_mem_args *a)
{
	return bench_ioctl(fd, DRM_IOCTL_HL_MEMORY, a);
}

static int raw_alloc(int fd, uint64_t *handle, uint64_t *va)
{
	union hl_mem_args a = { 0 };
	int ret;

	a.in.op = HL_MEM_OP_ALLOC;
	a.in.alloc.mem_size = HL_BO_SIZE;
	ret = mem(fd, &a);
	if (ret)
		return ret;
	*handle = a.out.handle;
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_MAP;
	a.in.map_device.handle = *handle;
	ret = mem(fd, &a);
	*va = a.out.device_virt_addr;
	return ret;
}

static int raw_free(int fd, uint64_t handle, uint64_t va)
{
	union hl_mem_args a = { 0 };
	int ret;

	a.in.op = HL_MEM_OP_UNMAP;
	a.in.unmap.device_virt_addr = va;
	ret = mem(fd, &a);
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_FREE;
	a.in.free.handle = handle;
	return mem(fd, &a) ? : ret;
}

/* DRAM: ALLOC, MAP for the device VA; UNMAP, FREE */
static int op_alloc_raw(void *p)
{
	struct hl_st *s = p;
	uint64_t handle, va;
	int ret;

	ret = raw_alloc(s->fd, &handle, &va);
	if (ret)
		return ret;
	return raw_free(s->fd, handle, va);
}

static int op_export_lib(void *p)
{
	struct hl_st *s = p;
	int fd = accel_bo_export_dmabuf(s->bo, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return fd;
	return close(fd) ? -errno : 0;
}

static int op_export_raw(void *p)
{
	struct hl_st *s = p;
	union hl_mem_args a = { 0 };
	int ret;

	a.in.op = HL_MEM_OP_EXPORT_DMABUF_FD;
	a.in.flags = O_RDWR | O_CLOEXEC;
	a.in.export_dmabuf_fd.addr = s->raw_va;
	a.in.export_dmabuf_fd.mem_size = HL_BO_SIZE;
	ret = mem(s->fd, &a);
	if (ret)
		return ret;
	return close((int)a.out.fd) ? -errno : 0;
}

static int lib_submit(void *p, uint64_t *seq)
{
	struct hl_st *s = p;
	struct accel_submit sub = {
		.cmd_bo = s->cb, .cmd_size = HL_CMD_SIZE,
	};

	return accel_submit(s->q, &sub, seq);
}

static int lib_wait(void *p, uint64_t seq)
{
	struct hl_st *s = p;

	return accel_wait(s->q, seq, -1);
}

static int op_submit_lib(void *p)
{
	uint64_t seq;
	int ret = lib_submit(p, &seq);

	return ret ? ret : lib_wait(p, seq);
}

static int raw_cs(void *p, uint64_t *seq)
{
	struct hl_st *s = p;
	struct hl_cs_chunk chunk = {
		.cb_handle = s->raw_cb_va, .queue_index = 0, .cb_size = HL_CMD_SIZE,
		.cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB,
	};
	union hl_cs_args a = { 0 };
	int ret;

	a.in.chunks_execute = (uintptr_t)&chunk;
	a.in.num_chunks_execute = 1;
	ret = bench_ioctl(s->fd, DRM_IOCTL_HL_CS, &a);
	*seq = a.out.seq;
	return ret;
}

static int raw_wait_cs(void *p, uint64_t seq)
{
	struct hl_st *s = p;
	union hl_wait_cs_args a = { 0 };
	int ret;

	a.in.seq = seq;
	a.in.timeout_us = 0x7fffffffffffffffull;	/* as a wait forever */
	ret = bench_ioctl(s->fd, DRM_IOCTL_HL_WAIT_CS, &a);
	if (ret)
		return ret;
	return a.out.status == HL_WAIT_CS_STATUS_COMPLETED ? 0 : -EPROTO;
}

/* HL_IOCTL_CS of one chunk, HL_IOCTL_WAIT_CS */
static int op_submit_raw(void *p)
{
	uint64_t seq;
	int ret = raw_cs(p, &seq);

	return ret ? ret : raw_wait_cs(p, seq);
}

static int cb_ioctl(int fd, uint32_t op, uint64_t handle, uint32_t flags,
		    union hl_cb_args *a)
{
	memset(a, 0, sizeof(*a));
	a->in.op = op;
	a->in.cb_handle = handle;
	a->in.cb_size = op == HL_CB_OP_CREATE ? HL_CB_SIZE : 0;
	a->in.flags = flags;
	return bench_ioctl(fd, DRM_IOCTL_HL_CB, a);
}

/* The raw side's CB: created mapped into the device MMU, its VA asked */
static int raw_cb(struct hl_st *s)
{
	union hl_cb_args a;
	int ret;

	ret = cb_ioctl(s->fd, HL_CB_OP_CREATE, 0, HL_CB_FLAGS_MAP, &a);
	if (ret)
		return ret;
	s->raw_cb_handle = a.out.cb_handle;
	ret = cb_ioctl(s->fd, HL_CB_OP_INFO, s->raw_cb_handle,
		       HL_CB_FLAGS_GET_DEVICE_VA, &a);
	if (!ret)
		s->raw_cb_va = a.out.device_va;
	return ret;
}

/* hldv_cb_alloc() of the loaded provider (libhldv, or libaccel if static) */
static struct accel_bo *lib_cb(struct accel_context *ctx)
{
	cb_alloc_fn fn = (cb_alloc_fn)bench_sym("libhldv.so.1", "hldv_cb_alloc");

	if (!fn) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	return fn(ctx, HL_CB_SIZE);
}

static int make_cs(struct hl_st *s, char *why, size_t len)
{
	void *p;
	int ret;

	s->q = accel_queue_create(s->ctx, NULL);
	s->cb = s->q ? lib_cb(s->ctx) : NULL;
	p = s->cb ? accel_bo_map(s->cb) : NULL;
	if (!p) {
		ret = -errno;
		snprintf(why, len, "queue and command buffer: %s", strerror(errno));
		return ret;
	}
	memset(p, 0, HL_CMD_SIZE);
	ret = raw_cb(s);
	if (ret)
		snprintf(why, len, "raw HL_CB create: %s", strerror(-ret));
	return ret;
}

/*
 * Allocations inside accel_submit() and accel_wait(), separately. The shim
 * runs inside those calls too, so the raw CS and WAIT_CS are counted the
 * same way and given in the note: what they show is the emulator's.
 */
static int hl_count_allocs(void *p, struct bench_result *r)
{
	static const struct bench_sw lib = { lib_submit, lib_wait };
	static const struct bench_sw raw = { raw_cs, raw_wait_cs };

	return bench_count_sw_allocs(p, &lib, &raw, "HL_IOCTL_CS / WAIT_CS", r);
}

static void hl_teardown(void *p)
{
	struct hl_st *s = p;

	if (!s)
		return;
	if (s->ctx)
		accel_close_device(s->ctx);	/* frees its BOs and queues */
	if (s->fd >= 0 && s->raw_cb_handle) {
		union hl_cb_args a;

		cb_ioctl(s->fd, HL_CB_OP_DESTROY, s->raw_cb_handle, 0, &a);
	}
	if (s->fd >= 0)
		close(s->fd);
	if (s->list)
		accel_free_device_list(s->list);
	if (s->cfg[0])
		bench_rm_tree(s->cfg);
	free(s);
}

static int hl_setup(void **out, bool short_mode, char *why, size_t len)
{
	static const char *const provs[] = { "habanalabs", NULL };
	struct hl_st *s;
	uint64_t handle;
	int n, ret;

	(void)short_mode;
	/* the shim sets it when it loads */
	if (!getenv("ACCEL_SYSFS_PATH")) {
		snprintf(why, len, "needs the uAPI emulator: set ACCEL_BENCH_SHIM to libaccel_shim.so (the ctest does)");
		return -ENODEV;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->fd = -1;
	ret = bench_config_dir(provs, s->cfg, sizeof(s->cfg));
	if (ret) {
		s->cfg[0] = '\0';
		snprintf(why, len, "no habanalabs provider in this build");
		goto err;
	}
	setenv("ACCEL_CONFIG_DIR", s->cfg, 1);
	unsetenv("ACCEL_PROVIDERS");
	s->list = accel_get_device_list(&n);
	if (!s->list || n != 3) {
		ret = -ENODEV;
		snprintf(why, len, "the shim should show 3 habanalabs devices, the list has %d",
			 s->list ? n : -1);
		goto err;
	}
	s->ctx = accel_open_device(s->list[0]);
	s->bo = s->ctx ? accel_bo_alloc(s->ctx, HL_BO_SIZE, 0) : NULL;
	if (!s->bo) {
		ret = -errno;
		snprintf(why, len, "open and allocate on %s: %s",
			 accel_device_name(s->list[0]), strerror(errno));
		goto err;
	}
	s->dev2 = s->list[2];
	bench_copy_str(s->node2, sizeof(s->node2), accel_device_node(s->dev2));
	s->fd = open(accel_device_node(s->list[1]), O_RDWR | O_CLOEXEC);
	ret = s->fd < 0 ? -errno : raw_alloc(s->fd, &handle, &s->raw_va);
	if (ret) {
		snprintf(why, len, "raw DRAM allocation: %s", strerror(-ret));
		goto err;
	}
	ret = make_cs(s, why, len);
	if (ret)
		goto err;
	*out = s;
	return 0;
err:
	hl_teardown(s);
	return ret ? ret : -EIO;
}

static const struct bench_op hl_ops[] = {
	{ "device list", "readdir class/accel, readlink driver x3", 7,
	  op_list_lib, op_list_raw },
	{ "open+close", "open, DRM_IOCTL_VERSION, HL_INFO hw_ip, close", 4,
	  op_open_lib, op_open_raw },
	{ "query", "HL_INFO hw_ip, HL_INFO dram_usage, DRM_IOCTL_VERSION", 3,
	  op_query_lib, op_query_raw },
	{ "bo alloc+free 2M", "HL_MEM ALLOC, MAP, UNMAP, FREE", 4,
	  op_alloc_lib, op_alloc_raw },
	{ "dmabuf export+close", "HL_MEM EXPORT_DMABUF_FD, close", 2,
	  op_export_lib, op_export_raw },
	{ "submit+wait", "HL_IOCTL_CS (1 chunk), HL_IOCTL_WAIT_CS", 2,
	  op_submit_lib, op_submit_raw },
};

static size_t hl_get_ops(void *p, const struct bench_op **ops)
{
	(void)p;
	*ops = hl_ops;
	return sizeof(hl_ops) / sizeof(hl_ops[0]);
}

const struct bench_target bench_target_hl = {
	.name = "habanalabs",
	.desc = "the habanalabs provider vs raw HL ioctls, both on the shim",
	.setup = hl_setup,
	.teardown = hl_teardown,
	.get_ops = hl_get_ops,
	.count_allocs = hl_count_allocs,
	.needs_shim = true,
};
