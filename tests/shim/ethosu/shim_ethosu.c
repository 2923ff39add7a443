// SPDX-License-Identifier: MIT
/*
 * ethosu emulation (Arm Ethos-U65 and Ethos-U85), after drivers/accel/
 * ethosu/{ethosu_drv.c,ethosu_gem.c,ethosu_job.c} of Linux 7.2.
 *
 * The device: a platform device bound to "ethosu", with its device-tree
 * node (of_node, modalias "of:NnpuT(null)Carm,ethos-u65").
 *
 * Emulated: DEV_QUERY (size answer, the minimum size, copy_struct_to_user
 * zeroing a larger user struct), BO_CREATE (flags, size 0, a CMA pool of
 * 64 MiB per device: ENOMEM past it), BO_WAIT (pad, EINVAL for an unknown
 * handle, all fences until an absolute time, ETIME), BO_MMAP_OFFSET, mmap
 * (EINVAL for NO_MMAP objects), CMDSTREAM_BO_CREATE with the kernel's
 * validator (shim_ethosu_cmdstream.c: region sizes, output regions, the
 * refusals), SUBMIT with ethosu_ioctl_submit_job()'s rules in their order
 * (region 2 and SRAM, SRAM size, the command stream, each region's BO:
 * ENOENT, EINVAL for a BO of an unused region or a command stream BO,
 * EOVERFLOW past a BO's end, EALREADY for a BO in two regions), jobs
 * before a refused one staying submitted. A job waits for its output
 * regions' users and its input regions' writers, runs in order after a
 * short delay, and fences its output region BOs (WRITE).
 *
 * Executed: the stream's 1-D DMA copies (DMA_START in mode 0) between
 * region BOs and the SRAM; other operations complete without touching
 * memory. Not emulated (abort): strided DMA (modes 1 and 2); the mmap of
 * a NO_MMAP object through its dma-buf is not refused (the GEM core maps
 * dma-bufs itself).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <uapi/drm/ethosu_accel.h>

#include "shim.h"
#include "shim_gem.h"
#include "shim_sched.h"
#include "shim_ethosu.h"

#define EU_SRAM_REGION	2
#define EU_CMA_POOL	(64ull << 20)

struct eu_model {
	const char *name;
	const char *compatible;
	uint32_t id, config, sram_size;
};

static const struct eu_model models[] = {
	{
		/* arch 1.0.6, r1p0; 256 MACs, command stream version 0 */
		.name = "ethos-u65", .compatible = "arm,ethos-u65",
		.id = 0x10061100, .config = 0x08, .sram_size = 256 << 10,
	},
	{
		/* arch 2.0.0, r1p0; 2048 MACs, command stream version 1 */
		.name = "ethos-u85", .compatible = "arm,ethos-u85",
		.id = 0x20001100, .config = 0x1b, .sram_size = 2 << 20,
	},
};

/* an object's ethosu part (ethosu_gem_object) */
struct eu_bo {
	uint32_t flags;
	struct eu_cmdstream_info *info;	/* command streams only */
	struct shim_gem_object *obj;
	struct eu_bo *next;		/* every ethosu object, for mmap */
};

struct eu_job {
	struct shim_sched_job sj;	/* deps, fence, FIFO link */
	const struct eu_model *model;
	struct shim_gem_object *cmd;		/* referenced */
	struct shim_gem_object *region[EU_MAX_REGIONS];	/* referenced, or NULL */
	uint32_t sram_size;
};

/* under shim_lock */
static struct eu_bo *all_bos;
static uint64_t cma_used[SHIM_MAX_DEVICES];
static uint8_t *sram[SHIM_MAX_DEVICES];
static void eu_run(struct shim_sched_job *sj);
static void eu_free(struct shim_sched_job *sj);
/* the NPU: 1 ms a job */
static struct shim_sched npu = { .run = eu_run, .free = eu_free, .delay_ns = 1000000 };

static const void *eu_find_model(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (!strcmp(models[i].name, name))
			return &models[i];
	return NULL;
}

static bool is_u65(const struct eu_model *m)
{
	return (m->id >> 28) == 1;
}

/* ------------------------------------------------------------------------ */
/* sysfs                                                                    */
/* ------------------------------------------------------------------------ */

static int eu_populate(struct shim_device *d, const char *dir)
{
	const struct eu_model *m = d->model;
	char node[1024], path[1200];
	int ret = 0;

	/* /sys/firmware/devicetree/base/soc/npu@<addr> and the of_node link */
	snprintf(node, sizeof(node), "%s/sys/firmware/devicetree/base/soc/npu@4a90%04x",
		 shim_root(), d->index);
	snprintf(path, sizeof(path), "%s", node);
	for (char *p = path + strlen(shim_root()) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
	ret |= shim_write_file(node, "name", "npu%c", 0);
	ret |= shim_write_file(node, "compatible", "%s%c", m->compatible, 0);
	snprintf(path, sizeof(path), "../../../firmware/devicetree/base/soc/npu@4a90%04x",
		 d->index);
	snprintf(node, sizeof(node), "%s/of_node", dir);
	if (symlink(path, node) && errno != EEXIST)
		ret = -1;
	ret |= shim_write_file(dir, "modalias", "of:NnpuT(null)C%s\n", m->compatible);
	ret |= shim_write_file(dir, "uevent",
			       "DRIVER=ethosu\nOF_NAME=npu\nOF_FULLNAME=/soc/npu@4a90%04x\n"
			       "OF_COMPATIBLE_0=%s\nOF_COMPATIBLE_N=1\n"
			       "MODALIAS=of:NnpuT(null)C%s\n",
			       d->index, m->compatible, m->compatible);
	return ret ? -EIO : 0;
}

/* ethosu_open(): the file's scheduler entity, nothing the shim keeps */
static int eu_open(struct shim_file *f)
{
	(void)f;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* objects                                                                  */
/* ------------------------------------------------------------------------ */

static void eu_obj_free(struct shim_gem_object *obj)
{
	struct eu_bo *bo = obj->priv, **p;

	if (!bo)
		return;
	for (p = &all_bos; *p; p = &(*p)->next)
		if (*p == bo) {
			*p = bo->next;
			break;
		}
	cma_used[obj->dev->index] -= obj->size;
	free(bo->info);
	free(bo);
	obj->priv = NULL;
}

/* drm_gem_dma_create(): contiguous memory from the device's CMA pool */
static int dma_create(struct shim_file *f, uint64_t size, uint32_t flags,
		      struct shim_gem_object **out)
{
	uint64_t aligned = (size + SHIM_PAGE_SIZE - 1) & ~(SHIM_PAGE_SIZE - 1);
	struct eu_bo *bo;
	int ret;

	if (aligned < size || aligned > EU_CMA_POOL - cma_used[f->dev->index])
		return -ENOMEM;
	bo = calloc(1, sizeof(*bo));
	if (!bo)
		return -ENOMEM;
	ret = shim_gem_object_create(f, size, out);
	if (ret) {
		free(bo);
		return ret;
	}
	bo->flags = flags;
	bo->obj = *out;
	bo->next = all_bos;
	all_bos = bo;
	(*out)->priv = bo;
	(*out)->free = eu_obj_free;
	cma_used[f->dev->index] += (*out)->size;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* the ioctls of ethosu_drv.c                                               */
/* ------------------------------------------------------------------------ */

static int eu_dev_query(struct shim_file *f, void *arg)
{
	const struct eu_model *m = f->dev->model;
	struct drm_ethosu_dev_query *a = arg;
	struct drm_ethosu_npu_info info = {
		.id = m->id, .config = m->config, .sram_size = m->sram_size,
	};
	int ret;

	if (!a->pointer) {
		if (a->type != DRM_ETHOSU_DEV_QUERY_NPU_INFO)
			return -EINVAL;
		a->size = sizeof(info);
		return 0;
	}
	if (a->type != DRM_ETHOSU_DEV_QUERY_NPU_INFO)
		return -EINVAL;
	if (a->size < sizeof(info))
		return -EINVAL;
	/* copy_struct_to_user(): the kernel's struct, then zeroes */
	ret = shim_copy_to_user(a->pointer, &info, sizeof(info));
	if (!ret && a->size > sizeof(info)) {
		char *z = calloc(1, a->size - sizeof(info));

		if (!z)
			return -ENOMEM;
		ret = shim_copy_to_user(a->pointer + sizeof(info), z, a->size - sizeof(info));
		free(z);
	}
	return ret;
}

static int eu_bo_create(struct shim_file *f, void *arg)
{
	struct drm_ethosu_bo_create *a = arg;
	struct shim_gem_object *obj;
	int ret;

	if (!a->size || (a->flags & ~(uint32_t)DRM_ETHOSU_BO_NO_MMAP))
		return -EINVAL;
	ret = dma_create(f, a->size, a->flags, &obj);
	if (ret)
		return ret;
	ret = shim_gem_handle_create(f, obj, &a->handle);
	if (!ret)
		a->size = obj->size;
	shim_gem_put(obj);
	return ret;
}

/* drm_timeout_abs_to_jiffies(): 0 (poll) for 0 or a time already past */
static bool abs_timeout_passed(int64_t timeout_ns)
{
	return timeout_ns == 0 || timeout_ns <= shim_now_ns();
}

static int eu_bo_wait(struct shim_file *f, void *arg)
{
	struct drm_ethosu_bo_wait *a = arg;
	struct shim_gem_object *obj;
	int ret = 0;

	if (a->pad)
		return -EINVAL;
	/* drm_gem_dma_resv_wait(): EINVAL for an unknown handle */
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -EINVAL;
	if (abs_timeout_passed(a->timeout_ns)) {
		if (!shim_gem_test_signaled(obj, shim_resv_usage_rw(true)))
			ret = -ETIME;
	} else {
		ret = shim_gem_wait(obj, shim_resv_usage_rw(true), a->timeout_ns);
	}
	shim_gem_put(obj);
	return ret;
}

static int eu_bo_mmap_offset(struct shim_file *f, void *arg)
{
	struct drm_ethosu_bo_mmap_offset *a = arg;
	struct shim_gem_object *obj;
	uint64_t offset;
	int ret;

	if (a->pad)
		return -EINVAL;
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -ENOENT;
	ret = shim_gem_mmap_offset(obj, &offset);
	if (!ret)
		a->offset = offset;
	shim_gem_put(obj);
	return ret;
}

/* ethosu_gem_mmap(): NO_MMAP objects refuse, the rest as drm_gem_mmap() */
static int eu_mmap(struct shim_file *f, void *addr, size_t len, int prot, int flags,
		   uint64_t offset, void **out)
{
	struct eu_bo *bo;

	for (bo = all_bos; bo; bo = bo->next)
		if (bo->obj->mmap_offset == offset && bo->obj->dev == f->dev &&
		    (bo->flags & DRM_ETHOSU_BO_NO_MMAP))
			return -EINVAL;
	return shim_gem_mmap(f, addr, len, prot, flags, offset, out);
}

static int eu_cmdstream_bo_create(struct shim_file *f, void *arg)
{
	struct drm_ethosu_cmdstream_bo_create *a = arg;
	const struct eu_model *m = f->dev->model;
	struct shim_gem_object *obj;
	struct eu_bo *bo;
	uint32_t *vaddr;
	int ret;

	if (!a->size || !a->data || a->pad || a->flags)
		return -EINVAL;
	ret = dma_create(f, a->size, DRM_ETHOSU_BO_NO_MMAP, &obj);
	if (ret)
		return ret;
	bo = obj->priv;
	vaddr = shim_gem_vaddr(obj);
	bo->info = calloc(1, sizeof(*bo->info));
	if (!vaddr || !bo->info) {
		ret = -ENOMEM;
		goto out;
	}
	ret = shim_eu_validate(is_u65(m), a->data, vaddr, a->size, bo->info);
	if (ret) {
		free(bo->info);
		bo->info = NULL;
		goto out;
	}
	ret = shim_gem_handle_create(f, obj, &a->handle);
out:
	shim_gem_put(obj);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* SUBMIT (ethosu_job.c) and the emulated NPU                               */
/* ------------------------------------------------------------------------ */

static void job_free(struct eu_job *j)
{
	uint32_t i;

	for (i = 0; i < EU_MAX_REGIONS; i++)
		if (j->region[i])
			shim_gem_put(j->region[i]);
	if (j->cmd)
		shim_gem_put(j->cmd);
	for (i = 0; i < j->sj.ndeps; i++)
		shim_fence_put(j->sj.deps[i]);
	if (j->sj.fence)
		shim_fence_put(j->sj.fence);
	free(j->sj.deps);
	free(j);
}

/* the memory of region r of a job: its BO, or the device's SRAM */
static uint8_t *region_ptr(struct eu_job *j, unsigned int dev, int r, uint64_t off,
			   uint64_t len)
{
	if (r == EU_SRAM_REGION && !j->region[r] && j->sram_size) {
		if (off > j->sram_size || len > j->sram_size - off)
			shim_not_emulated("ethosu", "a DMA past the job's SRAM");
		return sram[dev] + off;
	}
	if (!j->region[r])
		shim_not_emulated("ethosu", "a DMA to or from a region without memory");
	return (uint8_t *)shim_gem_vaddr(j->region[r]) + off;
}

/* the stream's 1-D DMA copies, as the NPU would run them */
static void run_job(struct eu_job *j, unsigned int dev)
{
	const uint32_t *c = shim_gem_vaddr(j->cmd);
	const struct eu_cmdstream_info *info = ((struct eu_bo *)j->cmd->priv)->info;
	int src_r = -1, dst_r = -1, mode = -1;
	uint64_t src = 0, dst = 0, len = 0;
	uint32_t i, n = info->cmd_size / 4;

	if (j->sram_size && !sram[dev]) {
		sram[dev] = calloc(1, j->model->sram_size);
		if (!sram[dev])
			shim_not_emulated("ethosu", "SRAM the shim cannot allocate");
	}
	for (i = 0; i < n; i++) {
		uint16_t cmd = (uint16_t)c[i], param = (uint16_t)(c[i] >> 16);
		uint64_t addr = 0;

		if (cmd & 0x4000) {
			addr = (((uint64_t)c[i] & 0xff0000) << 16) | c[i + 1];
			i++;
		}
		switch (cmd) {
		case 0x130:	/* NPU_SET_DMA0_SRC_REGION */
			src_r = (param & 0x100) ? -1 : (param & 0x7);
			mode = (param >> 9) & 0x3;
			break;
		case 0x131:	/* NPU_SET_DMA0_DST_REGION */
			dst_r = (param & 0x100) ? -1 : (param & 0x7);
			break;
		case 0x4030:	/* NPU_SET_DMA0_SRC */
			src = addr;
			break;
		case 0x4031:	/* NPU_SET_DMA0_DST */
			dst = addr;
			break;
		case 0x4032:	/* NPU_SET_DMA0_LEN */
			len = addr;
			break;
		case 0x10:	/* NPU_OP_DMA_START */
			if (mode != 0)
				shim_not_emulated("ethosu", "a strided DMA (mode 1 or 2)");
			if (src_r < 0 || dst_r < 0)
				shim_not_emulated("ethosu", "a DMA to or from an address, not a region");
			memmove(region_ptr(j, dev, dst_r, dst, len),
				region_ptr(j, dev, src_r, src, len), len);
			break;
		default:
			break;
		}
	}
}

static void eu_run(struct shim_sched_job *sj)
{
	struct eu_job *j = (struct eu_job *)sj;

	run_job(j, (unsigned int)j->cmd->dev->index);
}

static void eu_free(struct shim_sched_job *sj)
{
	job_free((struct eu_job *)sj);
}


/* ethosu_job_push(): locks, implicit dependencies, fences on outputs */
static int push_job(struct eu_job *j)
{
	const struct eu_cmdstream_info *info = ((struct eu_bo *)j->cmd->priv)->info;
	uint32_t i, k;
	int ret;

	for (i = 0; i < EU_MAX_REGIONS; i++)
		for (k = i + 1; j->region[i] && k < EU_MAX_REGIONS; k++)
			if (j->region[i] == j->region[k])
				return -EALREADY;	/* drm_gem_lock_reservations() */
	j->sj.deps = calloc(EU_MAX_REGIONS, sizeof(*j->sj.deps));
	j->sj.fence = shim_fence_create();
	if (!j->sj.deps || !j->sj.fence)
		return -ENOMEM;
	for (i = 0; i < EU_MAX_REGIONS; i++) {
		struct shim_fence *dep;

		if (!j->region[i])
			continue;
		dep = shim_resv_get_singleton(j->region[i]->resv,
					      shim_resv_usage_rw(info->output_region[i]));
		if (dep)
			j->sj.deps[j->sj.ndeps++] = dep;
	}
	ret = shim_sched_start(&npu);
	if (ret)
		return ret;
	for (i = 0; i < EU_MAX_REGIONS; i++)
		if (j->region[i] && info->output_region[i]) {
			ret = shim_gem_add_fence(j->region[i], j->sj.fence, SHIM_RESV_WRITE);
			if (ret)
				return ret;
		}
	shim_sched_push(&npu, &j->sj);
	return 0;
}

/* ethosu_ioctl_submit_job() */
static int submit_job(struct shim_file *f, const struct drm_ethosu_job *kj)
{
	const struct eu_model *m = f->dev->model;
	const struct eu_cmdstream_info *info;
	struct eu_bo *cbo;
	struct eu_job *j;
	int i, ret;

	if (kj->region_bo_handles[EU_SRAM_REGION] && kj->sram_size)
		return -EINVAL;
	if (m->sram_size < kj->sram_size)
		return -EINVAL;
	j = calloc(1, sizeof(*j));
	if (!j)
		return -ENOMEM;
	j->model = m;
	j->sram_size = kj->sram_size;
	j->cmd = shim_gem_lookup(f, kj->cmd_bo);
	if (!j->cmd) {
		ret = -ENOENT;
		goto fail;
	}
	cbo = j->cmd->priv;
	info = cbo ? cbo->info : NULL;
	if (!info) {
		ret = -EINVAL;
		goto fail;
	}
	for (i = 0; i < EU_MAX_REGIONS; i++) {
		struct shim_gem_object *gem;
		struct eu_bo *rbo;

		if (!kj->region_bo_handles[i]) {
			if (!info->region_size[i])
				continue;
			if (i == EU_SRAM_REGION) {
				if (info->region_size[i] <= j->sram_size)
					continue;
				ret = -EINVAL;
				goto fail;
			}
		}
		if (kj->region_bo_handles[i] && !info->region_size[i]) {
			ret = -EINVAL;
			goto fail;
		}
		gem = shim_gem_lookup(f, kj->region_bo_handles[i]);
		if (!gem) {
			ret = -ENOENT;
			goto fail;
		}
		j->region[i] = gem;
		rbo = gem->priv;
		if (rbo && rbo->info) {
			ret = -EINVAL;
			goto fail;
		}
		if (info->region_size[i] > gem->size) {
			ret = -EOVERFLOW;
			goto fail;
		}
	}
	ret = push_job(j);
	if (!ret)
		return 0;
fail:
	job_free(j);
	return ret;
}

static int eu_submit(struct shim_file *f, void *arg)
{
	struct drm_ethosu_submit *a = arg;
	struct drm_ethosu_job *jobs;
	uint32_t i;
	int ret;

	if (a->pad)
		return -EINVAL;
	/* kvmalloc of the array; the shim's bound stands for the kernel's */
	if ((uint64_t)a->job_count * sizeof(*jobs) > (64ull << 20))
		return -ENOMEM;
	jobs = calloc(a->job_count ? a->job_count : 1, sizeof(*jobs));
	if (!jobs)
		return -ENOMEM;
	ret = shim_copy_from_user(jobs, a->jobs, (size_t)a->job_count * sizeof(*jobs));
	for (i = 0; !ret && i < a->job_count; i++)
		ret = submit_job(f, &jobs[i]);
	free(jobs);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* test control                                                             */
/* ------------------------------------------------------------------------ */

__attribute__((visibility("default"))) void accel_shim_ethosu_hold(bool hold)
{
	shim_sched_hold(&npu, hold);
}

static const struct shim_ioctl_desc eu_ioctls[] = {
	[DRM_ETHOSU_DEV_QUERY] = { DRM_IOCTL_ETHOSU_DEV_QUERY, eu_dev_query,
				   "DRM_IOCTL_ETHOSU_DEV_QUERY" },
	[DRM_ETHOSU_BO_CREATE] = { DRM_IOCTL_ETHOSU_BO_CREATE, eu_bo_create,
				   "DRM_IOCTL_ETHOSU_BO_CREATE" },
	[DRM_ETHOSU_BO_WAIT] = { DRM_IOCTL_ETHOSU_BO_WAIT, eu_bo_wait,
				 "DRM_IOCTL_ETHOSU_BO_WAIT" },
	[DRM_ETHOSU_BO_MMAP_OFFSET] = { DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET, eu_bo_mmap_offset,
					"DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET" },
	[DRM_ETHOSU_CMDSTREAM_BO_CREATE] = { DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE,
					     eu_cmdstream_bo_create,
					     "DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE" },
	[DRM_ETHOSU_SUBMIT] = { DRM_IOCTL_ETHOSU_SUBMIT, eu_submit,
				"DRM_IOCTL_ETHOSU_SUBMIT" },
};

const struct shim_driver shim_ethosu_driver = {
	.name = "ethosu",
	.model = eu_find_model,
	.desc = "Arm Ethos-U Accel driver",
	.version = { 1, 0, 0 },
	.platform = "4a90%04x.npu",
	.populate = eu_populate,
	.open = eu_open,
	.mmap = eu_mmap,
	.ioctls = eu_ioctls,
	.num_ioctls = sizeof(eu_ioctls) / sizeof(eu_ioctls[0]),
	.features = SHIM_DRIVER_GEM,
};
