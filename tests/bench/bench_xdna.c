// SPDX-License-Identifier: MIT
/*
 * Target "amdxdna": the amdxdna provider on an emulated NPU4 against the
 * same amdxdna ioctls issued by hand on a second file of the same device,
 * both through the preloaded shim. The emulated firmware runs a job when
 * it is submitted (SHIM_XDNA_RUN, the default: no delay to set).
 *
 * submit+wait: a START_CU packet of the shim's FILL kernel writing 4 bytes
 * of a SHARE BO, EXEC_CMD on a hardware context, then its timeline point.
 * libaccel's context comes from amdxdnadv_hwctx_create() (looked up in
 * the loaded libamdxdnadv, so the bench does not link it); the raw side
 * makes its own by hand on its file (DEV heap, a DEV BO holding the CU's
 * configuration, CREATE_HWCTX, CONFIG_HWCTX CONFIG_CU) and waits with
 * SYNCOBJ_TIMELINE_WAIT on the context's syncobj at the seq EXEC_CMD gave.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <drm.h>
#include <accel/amdxdnadv.h>
#include <uapi/drm/amdxdna_accel.h>

#include "accel_shim_xdna.h"
#include "bench_npu.h"

#define XDNA_PAGE 4096u
#define XDNA_HEAP_SIZE (64ull << 20)	/* the smallest heap (64 MiB steps) */
#define XDNA_DEVM_BASE 0x4000000ull	/* where the DEV heap starts */
#define XDNA_DV "libamdxdnadv.so.1"

typedef struct accel_queue *(*hwctx_create_fn)(struct accel_context *,
					       const struct amdxdnadv_hwctx_attr *,
					       size_t);
typedef struct accel_bo *(*bo_alloc_fn)(struct accel_context *, uint32_t, uint64_t);

struct xdna_bst {
	struct accel_bo *cmd, *out;	/* libaccel's packet and FILL target */
	uint64_t cmd_size;
	uint32_t hwctx, syncobj;	/* raw: its context */
	uint32_t raw_cmd, raw_out;
	void *raw_cmd_map;
};

static struct xdna_bst *drv(struct npu_st *s)
{
	return s->drv;
}

static int create_bo(int fd, uint32_t type, uint64_t size, uint32_t *handle)
{
	struct amdxdna_drm_create_bo a = { .size = size, .type = type };
	int ret = bench_ioctl(fd, DRM_IOCTL_AMDXDNA_CREATE_BO, &a);

	*handle = a.handle;
	return ret;
}

static int bo_info(int fd, uint32_t handle, struct amdxdna_drm_get_bo_info *i)
{
	memset(i, 0, sizeof(*i));
	i->handle = handle;
	return bench_ioctl(fd, DRM_IOCTL_AMDXDNA_GET_BO_INFO, i);
}

/* CREATE_BO, GET_BO_INFO, mmap: a SHARE BO's device address is its map */
static int share_bo(int fd, uint32_t type, uint64_t size, uint32_t *h, void **map)
{
	struct amdxdna_drm_get_bo_info i;
	int ret = create_bo(fd, type, size, h);

	if (!ret)
		ret = bo_info(fd, *h, &i);
	if (ret)
		return ret;
	*map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		    (off_t)i.map_offset);
	return *map == MAP_FAILED ? -errno : 0;
}

/* its mapping stays until exit; closing the file frees the rest */
static int raw_bo(struct npu_st *s)
{
	void *m;

	return share_bo(s->fd, AMDXDNA_BO_SHARE, NPU_BO_SIZE, &s->raw_bo, &m);
}

/* what the provider's alloc gives: a mapped SHARE BO with its address */
static int op_alloc_raw(void *p)
{
	struct npu_st *s = p;
	uint32_t h;
	void *m;
	int ret = share_bo(s->fd, AMDXDNA_BO_SHARE, NPU_BO_SIZE, &h, &m);

	if (!ret && munmap(m, NPU_BO_SIZE))
		ret = -errno;
	return npu_gem_close(s->fd, h) ? : ret;
}

static size_t fill_packet(void *map, uint64_t dst)
{
	uint32_t regs[4] = { (uint32_t)dst, (uint32_t)(dst >> 32), 0x5a5a5a5a, 4 };

	return amdxdnadv_ert_start_cu(map, XDNA_PAGE, 1, regs, 4);
}

static int lib_submit(void *p, uint64_t *seq)
{
	struct npu_st *s = p;
	struct accel_bo_ref ref = {
		.bo = drv(s)->out, .access = ACCEL_ACCESS_WRITE,
	};
	struct accel_submit sub = {
		.cmd_bo = drv(s)->cmd, .cmd_size = drv(s)->cmd_size,
		.bos = &ref, .num_bos = 1,
	};

	return accel_submit(s->q, &sub, seq);
}

static int raw_submit(void *p, uint64_t *seq)
{
	struct npu_st *s = p;
	struct xdna_bst *d = drv(s);
	uint32_t arg = d->raw_out, hdr;
	struct amdxdna_drm_exec_cmd ex = {
		.hwctx = d->hwctx, .type = AMDXDNA_CMD_SUBMIT_EXEC_BUF,
		.cmd_handles = d->raw_cmd, .cmd_count = 1,
		.args = (uintptr_t)&arg, .arg_count = 1,
	};
	int ret;

	/* the state is the firmware's to write back: start from NEW */
	memcpy(&hdr, d->raw_cmd_map, sizeof(hdr));
	hdr = (hdr & ~0xfu) | AMDXDNADV_ERT_STATE_NEW;
	memcpy(d->raw_cmd_map, &hdr, sizeof(hdr));
	ret = bench_ioctl(s->fd, DRM_IOCTL_AMDXDNA_EXEC_CMD, &ex);
	*seq = ex.seq;
	return ret;
}

static int raw_wait(void *p, uint64_t seq)
{
	struct npu_st *s = p;
	struct xdna_bst *d = drv(s);
	struct drm_syncobj_timeline_wait w = {
		.handles = (uintptr_t)&d->syncobj, .points = (uintptr_t)&seq,
		.timeout_nsec = npu_deadline(), .count_handles = 1,
	};
	int ret = bench_ioctl(s->fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w);

	if (ret)
		return ret;
	return amdxdnadv_ert_state(d->raw_cmd_map) == AMDXDNADV_ERT_STATE_COMPLETED ?
	       0 : -EPROTO;
}

/* libaccel's context and packet, through amdxdnadv */
static int lib_job(struct npu_st *s, char *why, size_t len)
{
	hwctx_create_fn hwctx_create = (hwctx_create_fn)bench_sym(XDNA_DV, "amdxdnadv_hwctx_create");
	bo_alloc_fn bo_alloc = (bo_alloc_fn)bench_sym(XDNA_DV, "amdxdnadv_bo_alloc");
	struct accel_bo_alloc_args a = {
		.size = XDNA_PAGE, .usage = ACCEL_BO_USAGE_COMMAND,
	};
	struct xdna_bst *d = drv(s);
	struct amdxdnadv_cu cu = { 0 };
	struct amdxdnadv_hwctx_attr attr = { .num_cus = 1, .cus = &cu };
	uint32_t *cfg;
	void *map;

	if (!hwctx_create || !bo_alloc) {
		snprintf(why, len, "no amdxdnadv_hwctx_create() in the loaded provider");
		return -EOPNOTSUPP;
	}
	cu.cu_bo = bo_alloc(s->ctx, AMDXDNADV_BO_DEV, XDNA_PAGE);
	cfg = cu.cu_bo ? accel_bo_map(cu.cu_bo) : NULL;
	if (!cfg)
		goto err;
	cfg[0] = SHIM_XDNA_KERNEL_FILL;
	if (accel_bo_cpu_fini(cu.cu_bo))
		goto err;
	s->q = hwctx_create(s->ctx, &attr, sizeof(attr));
	d->out = s->q ? accel_bo_alloc(s->ctx, XDNA_PAGE, 0) : NULL;
	d->cmd = d->out ? accel_bo_alloc_ex(s->ctx, &a, sizeof(a)) : NULL;
	map = d->cmd ? accel_bo_map(d->cmd) : NULL;
	if (!map)
		goto err;
	d->cmd_size = fill_packet(map, accel_bo_device_addr(d->out));
	return 0;
err:
	snprintf(why, len, "hardware context and packet: %s (%s)", strerror(errno),
		 accel_last_error());
	return -errno;
}

/* the raw side's own context on its file, by hand */
static int raw_job(struct npu_st *s, char *why, size_t len)
{
	struct xdna_bst *d = drv(s);
	struct amdxdna_qos_info qos = { .priority = AMDXDNA_QOS_NORMAL_PRIORITY };
	struct amdxdna_drm_create_hwctx cr = { .qos_p = (uintptr_t)&qos, .num_tiles = 4 };
	union {		/* ISO C: a flexible array's struct in a union only */
		struct amdxdna_hwctx_param_config_cu h;
		unsigned char room[sizeof(struct amdxdna_hwctx_param_config_cu) +
				   sizeof(struct amdxdna_cu_config)];
	} cu = { .room = { 0 } };
	struct amdxdna_drm_config_hwctx cfg = {
		.param_type = DRM_AMDXDNA_HWCTX_CONFIG_CU,
		.param_val = (uintptr_t)&cu, .param_val_size = sizeof(cu),
	};
	struct amdxdna_drm_get_bo_info i;
	uint32_t heap, dev, kernel = SHIM_XDNA_KERNEL_FILL;
	void *heap_map, *out_map;
	const char *step;
	int ret;

	step = "DEV heap";
	ret = share_bo(s->fd, AMDXDNA_BO_DEV_HEAP, XDNA_HEAP_SIZE, &heap, &heap_map);
	if (ret)
		goto err;
	step = "CU configuration";
	ret = create_bo(s->fd, AMDXDNA_BO_DEV, XDNA_PAGE, &dev);
	if (!ret)
		ret = bo_info(s->fd, dev, &i);
	if (ret)
		goto err;
	memcpy((char *)heap_map + (i.xdna_addr - XDNA_DEVM_BASE), &kernel, sizeof(kernel));
	step = "CREATE_HWCTX";
	ret = bench_ioctl(s->fd, DRM_IOCTL_AMDXDNA_CREATE_HWCTX, &cr);
	if (ret)
		goto err;
	d->hwctx = cr.handle;
	d->syncobj = cr.syncobj_handle;
	step = "CONFIG_HWCTX";
	cu.h.num_cus = 1;
	cu.h.cu_configs[0].cu_bo = dev;
	cfg.handle = d->hwctx;
	ret = bench_ioctl(s->fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &cfg);
	if (ret)
		goto err;
	step = "argument and command BOs";
	ret = share_bo(s->fd, AMDXDNA_BO_SHARE, XDNA_PAGE, &d->raw_out, &out_map);
	if (!ret)
		ret = bo_info(s->fd, d->raw_out, &i);
	if (!ret)
		ret = share_bo(s->fd, AMDXDNA_BO_CMD, XDNA_PAGE, &d->raw_cmd,
			       &d->raw_cmd_map);
	if (ret)
		goto err;
	fill_packet(d->raw_cmd_map, i.xdna_addr);
	return 0;
err:
	snprintf(why, len, "raw %s: %s", step, strerror(-ret));
	return ret;
}

static int make_jobs(struct npu_st *s, char *why, size_t len)
{
	int ret = lib_job(s, why, len);

	return ret ? ret : raw_job(s, why, len);
}

static const struct npu_driver xdna_npu = {
	.prov = "amdxdna",
	.drv_size = sizeof(struct xdna_bst),
	.raw_bo = raw_bo,
	.make_jobs = make_jobs,
	.alloc = { "CREATE_BO SHARE, GET_BO_INFO, mmap, munmap, GEM_CLOSE", 5,
		   op_alloc_raw },
	/* the provider maps every BO at allocation: no raw twin */
	.map = { NULL, -1, NULL },
	.lib_submit = lib_submit,
	.raw = { raw_submit, raw_wait },
	.submit_desc = "EXEC_CMD (START_CU FILL), SYNCOBJ_TIMELINE_WAIT",
	.raw_names = "EXEC_CMD / SYNCOBJ_TIMELINE_WAIT",
};

static int xdna_setup(void **out, bool short_mode, char *why, size_t len)
{
	(void)short_mode;
	return npu_setup(out, &xdna_npu, why, len);
}

const struct bench_target bench_target_xdna = {
	.name = "amdxdna",
	.desc = "the amdxdna provider vs raw amdxdna ioctls, both on the shim",
	.setup = xdna_setup,
	NPU_TARGET_HOOKS,
	.shim_devices = "npu4",
};
