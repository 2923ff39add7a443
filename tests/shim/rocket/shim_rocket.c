// SPDX-License-Identifier: MIT
/*
 * rocket emulation (Rockchip RK3588 NPU), after drivers/accel/rocket/
 * {rocket_drv.c,rocket_gem.c,rocket_job.c} of Linux 7.2.
 *
 * The device: the facade platform device "rknn" that rocket_register()
 * creates and no driver binds (modalias "platform:rknn", no driver link),
 * holding the one DRM accel device of all NPU cores.
 *
 * Emulated: one NPU address space per open file (the IOMMU aperture
 * [0, 4 GiB), BOs placed best-fit with page alignment as
 * drm_mm_insert_node_generic() places them, ENOSPC when full), CREATE_BO
 * (shmem objects of the shared GEM core: handle, fake mmap offset, NPU
 * address; the mapping lives as long as the object), PREP_BO (reserved,
 * ENOENT, a wait for WRITE fences until an absolute time: EBUSY when the
 * deadline is already past, ETIMEDOUT when it passes), FINI_BO, and
 * SUBMIT with every check of rocket_ioctl_submit() in its order: 0 jobs
 * is a no-op, job_struct_size, reserved, the copy of every job (EFAULT),
 * then each job alone, whose refusal (no task, task_struct_size,
 * regcmd_count 0, EFAULT, unknown handles ENOENT, a BO listed twice
 * EALREADY) drops that job while SUBMIT still answers 0. A job waits for
 * its in BOs' writers and its out BOs' users (implicit dependencies), runs
 * after the jobs submitted before it (one FIFO for the device: stricter
 * than the kernel, which orders per file only) and takes
 * accel_shim_rocket_set_delay_us(); its fence goes on its out BOs as a
 * WRITE fence. Tasks do not run NPU programs: see shim_rocket.h for the
 * one executed task, a copy.
 *
 * Not emulated (abort): CREATE_BO of size 0 (the kernel's path through
 * shmem with no pages is not traced here); a task whose register commands
 * (or a copy's ranges) lie outside the file's BOs: on the NPU an IOMMU
 * fault, the 500 ms job timeout and a core reset.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <uapi/drm/rocket_accel.h>

#include "shim.h"
#include "shim_gem.h"
#include "shim_sched.h"
#include "shim_rocket.h"

#define RK_PAGE		SHIM_PAGE_SIZE
#define RK_APERTURE_END	(1ull << 32)	/* rk_iommu: DMA_BIT_MASK(32) */

struct rk_model {
	const char *name;
	unsigned int cores;
};

static const struct rk_model models[] = {
	{ .name = "rk3588", .cores = 3 },
};

/* a file's NPU address space (rocket_iommu_domain), referenced by its BOs */
struct rk_map;
struct rk_domain {
	unsigned int refcnt;
	struct rk_map *maps;	/* by address */
};

/* a BO's place in its domain (rocket_gem_object.mm), the object's priv */
struct rk_map {
	uint64_t start, size;
	struct shim_gem_object *obj;
	struct rk_domain *dom;
	struct rk_map *next;
};

struct rk_file {
	struct rk_domain *dom;
};

struct rk_job {
	struct shim_sched_job sj;	/* deps, fence, FIFO link */
	struct rk_domain *dom;
	struct drm_rocket_task *tasks;
	uint32_t ntasks;
	struct shim_gem_object **bos;	/* in, then out; referenced */
	uint32_t nin, nout;
};

/* the device's FIFO and its worker, under shim_lock */
static void rk_run(struct shim_sched_job *sj);
static void rk_free(struct shim_sched_job *sj);
static struct shim_sched npu = { .run = rk_run, .free = rk_free, .delay_ns = 1000000 };

static const void *rk_find_model(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (!strcmp(models[i].name, name))
			return &models[i];
	return NULL;
}

/* ------------------------------------------------------------------------ */
/* sysfs, open, release                                                     */
/* ------------------------------------------------------------------------ */

static int rk_populate(struct shim_device *d, const char *dir)
{
	int ret = 0;

	(void)d;
	/* platform_device_register_simple("rknn", -1): no of_node, no driver */
	ret |= shim_write_file(dir, "modalias", "platform:rknn\n");
	ret |= shim_write_file(dir, "uevent", "MODALIAS=platform:rknn\n");
	ret |= shim_write_file(dir, "driver_override", "(null)\n");
	return ret ? -EIO : 0;
}

static void domain_put(struct rk_domain *dom)
{
	if (--dom->refcnt == 0)
		free(dom);
}

static int rk_open(struct shim_file *f)
{
	struct rk_file *rf = calloc(1, sizeof(*rf));

	if (!rf)
		return -ENOMEM;
	rf->dom = calloc(1, sizeof(*rf->dom));
	if (!rf->dom) {
		free(rf);
		return -ENOMEM;
	}
	rf->dom->refcnt = 1;
	f->priv = rf;
	return 0;
}

static void rk_release(struct shim_file *f)
{
	struct rk_file *rf = f->priv;

	/* queued jobs keep running: they hold the domain and their BOs */
	domain_put(rf->dom);
	free(rf);
	f->priv = NULL;
}

/* ------------------------------------------------------------------------ */
/* CREATE_BO, PREP_BO, FINI_BO (rocket_gem.c)                               */
/* ------------------------------------------------------------------------ */

/* drm_mm_insert_node_generic(DRM_MM_INSERT_BEST): the smallest hole */
static int domain_insert(struct rk_domain *dom, uint64_t size, struct rk_map *m)
{
	uint64_t best_start = 0, best_len = UINT64_MAX, prev_end = 0;
	struct rk_map **pos = NULL, **p;

	for (p = &dom->maps;; p = &(*p)->next) {
		uint64_t end = *p ? (*p)->start : RK_APERTURE_END;
		uint64_t hole = end - prev_end;

		if (hole >= size && hole < best_len) {
			best_len = hole;
			best_start = prev_end;
			pos = p;
		}
		if (!*p)
			break;
		prev_end = (*p)->start + (*p)->size;
	}
	if (!pos)
		return -ENOSPC;
	m->start = best_start;
	m->size = size;
	m->dom = dom;
	m->next = *pos;
	*pos = m;
	dom->refcnt++;
	return 0;
}

/* rocket_gem_bo_free(): the NPU mapping goes with the object */
static void rk_obj_free(struct shim_gem_object *obj)
{
	struct rk_map *m = obj->priv, **p;

	if (!m)
		return;
	for (p = &m->dom->maps; *p; p = &(*p)->next)
		if (*p == m) {
			*p = m->next;
			break;
		}
	domain_put(m->dom);
	free(m);
	obj->priv = NULL;
}

static int rk_create_bo(struct shim_file *f, void *arg)
{
	struct drm_rocket_create_bo *a = arg;
	struct rk_file *rf = f->priv;
	struct shim_gem_object *obj;
	uint64_t size, offset;
	struct rk_map *m;
	int ret;

	if (!a->size)
		shim_not_emulated("rocket", "DRM_IOCTL_ROCKET_CREATE_BO of size 0");
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	ret = shim_gem_object_create(f, a->size, &obj);
	if (ret) {
		free(m);
		return ret;
	}
	/* iommu_map_sgtable() maps whole pages: rkt_obj->size becomes that */
	size = (a->size + RK_PAGE - 1) & ~(RK_PAGE - 1);
	ret = domain_insert(rf->dom, size, m);
	if (ret) {
		free(m);
		goto out;
	}
	m->obj = obj;
	obj->priv = m;
	obj->free = rk_obj_free;
	ret = shim_gem_mmap_offset(obj, &offset);
	if (ret)
		goto out;
	a->offset = offset;
	a->dma_address = m->start;
	ret = shim_gem_handle_create(f, obj, &a->handle);
out:
	shim_gem_put(obj);
	return ret;
}

/* drm_timeout_abs_to_jiffies(): 0 (poll) for 0 or a time already past */
static bool abs_timeout_passed(int64_t timeout_ns)
{
	return timeout_ns == 0 || timeout_ns <= shim_now_ns();
}

static int rk_prep_bo(struct shim_file *f, void *arg)
{
	struct drm_rocket_prep_bo *a = arg;
	struct shim_gem_object *obj;
	bool poll = abs_timeout_passed(a->timeout_ns);
	int ret = 0;

	if (a->reserved)
		return -EINVAL;
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -ENOENT;
	if (poll) {
		if (!shim_gem_test_signaled(obj, SHIM_RESV_WRITE))
			ret = -EBUSY;
	} else if (shim_gem_wait(obj, SHIM_RESV_WRITE, a->timeout_ns) == -ETIME) {
		ret = -ETIMEDOUT;
	}
	/* dma_sync_sgtable_for_cpu(): nothing to do in one address space */
	shim_gem_put(obj);
	return ret;
}

static int rk_fini_bo(struct shim_file *f, void *arg)
{
	struct drm_rocket_fini_bo *a = arg;
	struct shim_gem_object *obj;

	if (a->reserved)
		return -EINVAL;
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -ENOENT;
	shim_gem_put(obj);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* SUBMIT (rocket_job.c) and the emulated NPU                               */
/* ------------------------------------------------------------------------ */

static void job_free(struct rk_job *j)
{
	uint32_t i;

	for (i = 0; i < j->nin + j->nout; i++)
		if (j->bos[i])
			shim_gem_put(j->bos[i]);
	for (i = 0; i < j->sj.ndeps; i++)
		shim_fence_put(j->sj.deps[i]);
	if (j->sj.fence)
		shim_fence_put(j->sj.fence);
	if (j->dom)
		domain_put(j->dom);
	free(j->bos);
	free(j->sj.deps);
	free(j->tasks);
	free(j);
}

/* the BO and offset of [addr, addr + len) in dom, or NULL */
static struct rk_map *domain_find(struct rk_domain *dom, uint64_t addr, uint64_t len,
				  uint64_t *off)
{
	struct rk_map *m;

	for (m = dom->maps; m; m = m->next)
		if (addr >= m->start && addr - m->start < m->size &&
		    len <= m->size - (addr - m->start)) {
			*off = addr - m->start;
			return m;
		}
	return NULL;
}

static void *npu_ptr(struct rk_domain *dom, uint64_t addr, uint64_t len, const char *what)
{
	uint64_t off;
	struct rk_map *m = domain_find(dom, addr, len, &off);
	char *base;

	if (!m) {
		char item[128];

		snprintf(item, sizeof(item), "%s outside the file's BOs (an NPU fault)", what);
		shim_not_emulated("rocket", item);
	}
	base = shim_gem_vaddr(m->obj);
	if (!base)
		shim_not_emulated("rocket", "a BO the shim cannot map");
	return base + off;
}

/* what the NPU does of a task: the shim's copy, or nothing */
static void run_task(struct rk_domain *dom, const struct drm_rocket_task *t)
{
	const uint64_t *cmd = npu_ptr(dom, t->regcmd, (uint64_t)t->regcmd_count * 8,
				      "a task's register commands");

	if (t->regcmd_count < 4 || cmd[0] != SHIM_ROCKET_OP_COPY)
		return;
	memmove(npu_ptr(dom, cmd[2], cmd[3], "a copy's destination"),
		npu_ptr(dom, cmd[1], cmd[3], "a copy's source"), cmd[3]);
}

/* the NPU runs a job's tasks in order */
static void rk_run(struct shim_sched_job *sj)
{
	struct rk_job *j = (struct rk_job *)sj;
	uint32_t i;

	for (i = 0; i < j->ntasks; i++)
		run_task(j->dom, &j->tasks[i]);
}

static void rk_free(struct shim_sched_job *sj)
{
	job_free((struct rk_job *)sj);
}


/* rocket_copy_tasks() */
static int copy_tasks(const struct drm_rocket_job *kj, struct rk_job *j)
{
	uint32_t i;
	int ret;

	if (kj->task_struct_size < sizeof(struct drm_rocket_task))
		return -EINVAL;
	j->tasks = calloc(kj->task_count, sizeof(*j->tasks));
	if (!j->tasks)
		return -ENOMEM;
	for (i = 0; i < kj->task_count; i++) {
		ret = shim_copy_from_user(&j->tasks[i],
				     kj->tasks + (uint64_t)i * kj->task_struct_size,
				     sizeof(j->tasks[i]));
		if (ret)
			return ret;
		if (!j->tasks[i].regcmd_count)
			return -EINVAL;
	}
	j->ntasks = kj->task_count;
	return 0;
}

/* drm_gem_objects_lookup(): all handles or ENOENT */
static int lookup_bos(struct shim_file *f, uint64_t uptr, uint32_t count,
		      struct shim_gem_object **out)
{
	uint32_t *h, i;
	int ret;

	if (!count)
		return 0;
	h = calloc(count, sizeof(*h));
	if (!h)
		return -ENOMEM;
	ret = shim_copy_from_user(h, uptr, (size_t)count * sizeof(*h));
	for (i = 0; !ret && i < count; i++) {
		out[i] = shim_gem_lookup(f, h[i]);
		if (!out[i])
			ret = -ENOENT;
	}
	free(h);
	return ret;
}

/* rocket_job_push(): locking, dependencies, fences */
static int push_job(struct rk_job *j)
{
	uint32_t n = j->nin + j->nout, i, k;
	int ret;

	/* drm_gem_lock_reservations(): a BO twice is EALREADY */
	for (i = 0; i < n; i++)
		for (k = i + 1; k < n; k++)
			if (j->bos[i] == j->bos[k])
				return -EALREADY;
	j->sj.deps = calloc(n ? n : 1, sizeof(*j->sj.deps));
	if (!j->sj.deps)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		/* in: wait for writers; out: for every user */
		struct shim_fence *dep = shim_resv_get_singleton(j->bos[i]->resv,
			shim_resv_usage_rw(i >= j->nin));

		if (dep)
			j->sj.deps[j->sj.ndeps++] = dep;
	}
	j->sj.fence = shim_fence_create();
	if (!j->sj.fence)
		return -ENOMEM;
	ret = shim_sched_start(&npu);
	if (ret)
		return ret;
	for (i = j->nin; i < n; i++) {
		ret = shim_gem_add_fence(j->bos[i], j->sj.fence, SHIM_RESV_WRITE);
		if (ret)
			return ret;
	}
	shim_sched_push(&npu, &j->sj);
	return 0;
}

/* rocket_ioctl_submit_job(); the caller drops its answer, as the kernel does */
static int submit_job(struct shim_file *f, const struct drm_rocket_job *kj)
{
	struct rk_file *rf = f->priv;
	struct rk_job *j;
	int ret;

	if (!kj->task_count)
		return -EINVAL;
	j = calloc(1, sizeof(*j));
	if (!j)
		return -ENOMEM;
	j->dom = rf->dom;
	rf->dom->refcnt++;
	ret = copy_tasks(kj, j);
	if (ret)
		goto fail;
	j->bos = calloc((size_t)kj->in_bo_handle_count + kj->out_bo_handle_count + 1,
			sizeof(*j->bos));
	if (!j->bos) {
		ret = -ENOMEM;
		goto fail;
	}
	j->nin = kj->in_bo_handle_count;
	ret = lookup_bos(f, kj->in_bo_handles, kj->in_bo_handle_count, j->bos);
	if (ret)
		goto fail;
	j->nout = kj->out_bo_handle_count;
	ret = lookup_bos(f, kj->out_bo_handles, kj->out_bo_handle_count, j->bos + j->nin);
	if (ret)
		goto fail;
	ret = push_job(j);
	if (ret)
		goto fail;
	return 0;
fail:
	job_free(j);
	return ret;
}

static int rk_submit(struct shim_file *f, void *arg)
{
	struct drm_rocket_submit *a = arg;
	struct drm_rocket_job *jobs;
	uint32_t i;
	int ret = 0;

	if (!a->job_count)
		return 0;
	if (a->job_struct_size < sizeof(struct drm_rocket_job))
		return -EINVAL;
	if (a->reserved)
		return -EINVAL;
	jobs = calloc(a->job_count, sizeof(*jobs));
	if (!jobs)
		return -ENOMEM;
	for (i = 0; i < a->job_count && !ret; i++)
		ret = shim_copy_from_user(&jobs[i], a->jobs + (uint64_t)i * a->job_struct_size,
				     sizeof(jobs[i]));
	if (!ret)
		for (i = 0; i < a->job_count; i++)
			submit_job(f, &jobs[i]);	/* its error is dropped */
	free(jobs);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* test controls                                                            */
/* ------------------------------------------------------------------------ */

__attribute__((visibility("default"))) void accel_shim_rocket_hold(bool hold)
{
	shim_sched_hold(&npu, hold);
}

__attribute__((visibility("default"))) void accel_shim_rocket_set_delay_us(uint64_t us)
{
	shim_sched_set_delay(&npu, us * 1000);
}

static const struct shim_ioctl_desc rk_ioctls[] = {
	[DRM_ROCKET_CREATE_BO] = { DRM_IOCTL_ROCKET_CREATE_BO, rk_create_bo,
				   "DRM_IOCTL_ROCKET_CREATE_BO" },
	[DRM_ROCKET_SUBMIT] = { DRM_IOCTL_ROCKET_SUBMIT, rk_submit,
				"DRM_IOCTL_ROCKET_SUBMIT" },
	[DRM_ROCKET_PREP_BO] = { DRM_IOCTL_ROCKET_PREP_BO, rk_prep_bo,
				 "DRM_IOCTL_ROCKET_PREP_BO" },
	[DRM_ROCKET_FINI_BO] = { DRM_IOCTL_ROCKET_FINI_BO, rk_fini_bo,
				 "DRM_IOCTL_ROCKET_FINI_BO" },
};

const struct shim_driver shim_rocket_driver = {
	.name = "rocket",
	.model = rk_find_model,
	.desc = "rocket DRM",
	.version = { 0, 0, 0 },	/* rocket_drm_driver sets no version */
	.platform = "rknn",
	.platform_unbound = true,
	.populate = rk_populate,
	.open = rk_open,
	.release = rk_release,
	.mmap = shim_gem_mmap,
	.ioctls = rk_ioctls,
	.num_ioctls = sizeof(rk_ioctls) / sizeof(rk_ioctls[0]),
	.features = SHIM_DRIVER_GEM,
};
