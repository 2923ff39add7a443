/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vaccel - libaccel's reference accel driver: shared declarations.
 */
#ifndef VACCEL_DRV_H
#define VACCEL_DRV_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <drm/drm_device.h>
#include <drm/drm_file.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_mm.h>
#include <drm/gpu_scheduler.h>

#include "vaccel_accel.h"

#define VACCEL_MAX_ENGINES 8

extern unsigned int vaccel_engines;
extern unsigned int vaccel_job_timeout_ms;
extern unsigned long long vaccel_mem_size;

struct vaccel_device;

/* One engine: a DRM scheduler whose run path executes the jobs. */
struct vaccel_engine {
	struct vaccel_device *vdev;
	unsigned int index;
	char name[16];
	struct drm_gpu_scheduler sched;
	bool sched_ready;
	spinlock_t lock;	/* busy_ns, busy_since */
	u64 busy_ns;
	ktime_t busy_since;	/* 0 when idle */
};

struct vaccel_device {
	struct drm_device drm;
	unsigned int instance;
	unsigned int num_engines;
	struct vaccel_engine engines[VACCEL_MAX_ENGINES];

	/* device address space of the BOs */
	struct mutex mm_lock;
	struct drm_mm mm;

	atomic64_t mem_used;
	atomic_t live_jobs;	/* jobs not yet freed */
	wait_queue_head_t idle_wq;

	/* WAIT_VALUE sleeps here; memory writes and aborts wake it */
	wait_queue_head_t value_wq;
	atomic_t value_seq;

	bool unplugged;		/* jobs fail fast with -ECANCELED */
	struct mutex unplug_lock;
};

/* Per open file; jobs hold a reference for their busy-time accounting. */
struct vaccel_file {
	struct kref ref;
	struct vaccel_device *vdev;
	struct mutex submit_lock;	/* arm + push in order per entity */
	struct drm_sched_entity entities[VACCEL_MAX_ENGINES];
	atomic64_t busy_ns[VACCEL_MAX_ENGINES];
};

struct vaccel_bo {
	struct drm_gem_shmem_object base;
	struct drm_mm_node node;	/* device address, allocated lazily */
	u64 accounted;			/* bytes counted in mem_used */
};

/* A BO as a job sees it */
struct vaccel_job_bo {
	struct drm_gem_object *obj;
	void *vaddr;
	u64 addr;
	u64 size;
	u32 flags;		/* DRM_VACCEL_BO_* */
	bool mapped;
};

struct vaccel_job {
	struct drm_sched_job base;
	struct vaccel_device *vdev;
	struct vaccel_file *vfile;
	unsigned int engine;
	unsigned int cmd_index;		/* bos[] entry of the command BO */
	u64 cmd_offset;
	u32 cmd_size;
	bool abort;			/* set by the timeout handler */
	int state;			/* VACCEL_JOB_*, under engine->lock */
	struct dma_fence **in_fences;
	unsigned int in_fence_count;
	unsigned int bo_count;
	struct vaccel_job_bo bos[];
};

enum { VACCEL_JOB_QUEUED, VACCEL_JOB_RUNNING, VACCEL_JOB_DONE };

static inline struct vaccel_device *to_vaccel(struct drm_device *drm)
{
	return container_of(drm, struct vaccel_device, drm);
}

static inline struct vaccel_bo *to_vaccel_bo(struct drm_gem_object *obj)
{
	return container_of(to_drm_gem_shmem_obj(obj), struct vaccel_bo, base);
}

/* vaccel_gem.c */
struct drm_gem_object *vaccel_gem_create_object(struct drm_device *drm,
						size_t size);
int vaccel_bo_device_addr(struct vaccel_device *vdev, struct drm_gem_object *obj,
			  u64 *addr);
int vaccel_ioctl_bo_create(struct drm_device *drm, void *data,
			   struct drm_file *file);
int vaccel_ioctl_bo_info(struct drm_device *drm, void *data,
			 struct drm_file *file);
int vaccel_ioctl_bo_wait(struct drm_device *drm, void *data,
			 struct drm_file *file);

/* vaccel_job.c */
int vaccel_engines_init(struct vaccel_device *vdev);
void vaccel_engines_fini(struct vaccel_device *vdev);
int vaccel_file_entities_init(struct vaccel_file *vfile);
void vaccel_file_put(struct vaccel_file *vfile);
u64 vaccel_busy_ns(struct vaccel_device *vdev);
int vaccel_ioctl_submit(struct drm_device *drm, void *data,
			struct drm_file *file);

/* vaccel_exec.c */
int vaccel_exec(struct vaccel_job *job);
void vaccel_wake_waiters(struct vaccel_device *vdev);

#endif /* VACCEL_DRV_H */
