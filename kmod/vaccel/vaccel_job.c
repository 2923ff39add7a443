// SPDX-License-Identifier: GPL-2.0
/*
 * vaccel - jobs: SUBMIT, the DRM scheduler's backend ops and the timeout
 * handler.
 *
 * An engine is a drm_gpu_scheduler with a credit limit of 1 whose run_job
 * executes the job to the end (vaccel_exec()) and returns no hardware
 * fence: drm_sched_run_job_work() then completes the finished fence with
 * run_job's error (drm_sched_job_done()). A job that runs past the
 * timeout is stopped by timedout_job(), which sets job->abort; the engine
 * polls it between commands and inside WAIT_VALUE.
 */
#include <linux/dma-fence-chain.h>
#include <linux/dma-fence-unwrap.h>
#include <linux/dma-resv.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_syncobj.h>

#include "vaccel_drv.h"

static struct vaccel_job *to_vaccel_job(struct drm_sched_job *sched_job)
{
	return container_of(sched_job, struct vaccel_job, base);
}

static void vaccel_file_release(struct kref *ref)
{
	kfree(container_of(ref, struct vaccel_file, ref));
}

void vaccel_file_put(struct vaccel_file *vfile)
{
	kref_put(&vfile->ref, vaccel_file_release);
}

/* Drops what the job holds; also the unwind of a failed SUBMIT. */
static void vaccel_job_release(struct vaccel_job *job)
{
	struct vaccel_device *vdev = job->vdev;
	unsigned int i;

	for (i = 0; i < job->bo_count; i++) {
		struct vaccel_job_bo *bo = &job->bos[i];

		if (bo->mapped) {
			struct iosys_map map = IOSYS_MAP_INIT_VADDR(bo->vaddr);

			drm_gem_vunmap_unlocked(bo->obj, &map);
		}
		drm_gem_object_put(bo->obj);
	}
	for (i = 0; i < job->in_fence_count; i++)
		dma_fence_put(job->in_fences[i]);
	kfree(job->in_fences);
	vaccel_file_put(job->vfile);
	kvfree(job);
	if (atomic_dec_and_test(&vdev->live_jobs))
		wake_up_all(&vdev->idle_wq);
}

static void vaccel_job_free(struct drm_sched_job *sched_job)
{
	struct vaccel_job *job = to_vaccel_job(sched_job);

	drm_sched_job_cleanup(sched_job);
	vaccel_job_release(job);
}

static void engine_busy(struct vaccel_engine *e, struct vaccel_job *job,
			bool start)
{
	ktime_t now = ktime_get();

	spin_lock(&e->lock);
	if (start) {
		e->busy_since = now;
		job->state = VACCEL_JOB_RUNNING;
	} else {
		u64 ns = ktime_to_ns(ktime_sub(now, e->busy_since));

		e->busy_ns += ns;
		e->busy_since = 0;
		job->state = VACCEL_JOB_DONE;
		atomic64_add(ns, &job->vfile->busy_ns[e->index]);
	}
	spin_unlock(&e->lock);
}

/*
 * A dependency failed when a fence it holds carries an error. A timeline
 * point is a dma_fence_chain and a merged sync_file a dma_fence_array,
 * whose own error stays 0 (dma_fence_chain_signaled() passes none on):
 * look at the fences inside them (dma-fence-unwrap.h).
 */
static bool vaccel_fence_failed(struct dma_fence *fence)
{
	struct dma_fence_unwrap iter;
	struct dma_fence *f;

	if (fence->error)
		return true;
	dma_fence_unwrap_for_each(f, &iter, fence) {
		if (f->error) {
			/* the cursor holds a reference to its chain only */
			dma_fence_put(iter.chain);
			return true;
		}
	}
	return false;
}

static struct dma_fence *vaccel_job_run(struct drm_sched_job *sched_job)
{
	struct vaccel_job *job = to_vaccel_job(sched_job);
	struct vaccel_engine *e = &job->vdev->engines[job->engine];
	unsigned int i;
	int ret = 0;

	engine_busy(e, job, true);
	/* The scheduler does not pass dependency errors on: do it here */
	for (i = 0; i < job->in_fence_count; i++)
		if (vaccel_fence_failed(job->in_fences[i]))
			ret = -ECANCELED;
	if (sched_job->s_fence->finished.error || READ_ONCE(job->vdev->unplugged))
		ret = -ECANCELED;
	if (READ_ONCE(job->abort))
		ret = -ETIME;
	if (!ret)
		ret = vaccel_exec(job);
	engine_busy(e, job, false);
	return ret ? ERR_PTR(ret) : NULL;
}

/*
 * The job ran past job_timeout_ms. If it is still queued or running, stop
 * it (abort, polled by the engine) and recover as the scheduler wants:
 * drm_sched_stop() waits for run_job to return and takes the finished
 * job off the pending list (the handler frees it, sched->free_guilty),
 * drm_sched_start() goes on with the next job. If it already finished
 * (the timer raced with its completion), drm_sched_job_timedout() has
 * taken it off the pending list, so free it here; the engine, maybe
 * running the next job, is left alone.
 */
static enum drm_gpu_sched_stat vaccel_job_timedout(struct drm_sched_job *sched_job)
{
	struct vaccel_job *job = to_vaccel_job(sched_job);
	struct vaccel_engine *e = &job->vdev->engines[job->engine];
	bool done;

	spin_lock(&e->lock);
	done = job->state == VACCEL_JOB_DONE;
	if (!done)
		WRITE_ONCE(job->abort, true);
	spin_unlock(&e->lock);

	if (done) {
		dma_fence_wait(&sched_job->s_fence->finished, false);
		vaccel_job_free(sched_job);
		return DRM_GPU_SCHED_STAT_NOMINAL;
	}
	drm_warn_once(&job->vdev->drm, "%s: job timed out after %u ms\n",
		      e->name, vaccel_job_timeout_ms);
	vaccel_wake_waiters(job->vdev);
	drm_sched_stop(&e->sched, sched_job);
	drm_sched_start(&e->sched);
	return DRM_GPU_SCHED_STAT_NOMINAL;
}

static const struct drm_sched_backend_ops vaccel_sched_ops = {
	.run_job = vaccel_job_run,
	.timedout_job = vaccel_job_timedout,
	.free_job = vaccel_job_free,
};

int vaccel_engines_init(struct vaccel_device *vdev)
{
	unsigned int i;
	int ret;

	for (i = 0; i < vdev->num_engines; i++) {
		struct vaccel_engine *e = &vdev->engines[i];
		struct drm_sched_init_args args = {
			.ops = &vaccel_sched_ops,
			.num_rqs = DRM_SCHED_PRIORITY_COUNT,
			.credit_limit = 1,
			.timeout = msecs_to_jiffies(vaccel_job_timeout_ms),
			.name = e->name,
			.dev = vdev->drm.dev,
		};

		e->vdev = vdev;
		e->index = i;
		spin_lock_init(&e->lock);
		snprintf(e->name, sizeof(e->name), "engine%u", i);
		ret = drm_sched_init(&e->sched, &args);
		if (ret)
			return ret;
		e->sched_ready = true;
	}
	return 0;
}

/* At the device's release: no file is open, so no entity is left. */
void vaccel_engines_fini(struct vaccel_device *vdev)
{
	unsigned int i;

	wait_event(vdev->idle_wq, !atomic_read(&vdev->live_jobs));
	for (i = 0; i < vdev->num_engines; i++)
		if (vdev->engines[i].sched_ready)
			drm_sched_fini(&vdev->engines[i].sched);
}

int vaccel_file_entities_init(struct vaccel_file *vfile)
{
	struct vaccel_device *vdev = vfile->vdev;
	unsigned int i;
	int ret;

	for (i = 0; i < vdev->num_engines; i++) {
		struct drm_gpu_scheduler *sched = &vdev->engines[i].sched;

		ret = drm_sched_entity_init(&vfile->entities[i],
					    DRM_SCHED_PRIORITY_NORMAL,
					    &sched, 1, NULL);
		if (ret) {
			while (i--)
				drm_sched_entity_destroy(&vfile->entities[i]);
			return ret;
		}
	}
	return 0;
}

u64 vaccel_busy_ns(struct vaccel_device *vdev)
{
	ktime_t now = ktime_get();
	unsigned int i;
	u64 ns = 0;

	for (i = 0; i < vdev->num_engines; i++) {
		struct vaccel_engine *e = &vdev->engines[i];

		spin_lock(&e->lock);
		ns += e->busy_ns;
		if (e->busy_since)
			ns += ktime_to_ns(ktime_sub(now, e->busy_since));
		spin_unlock(&e->lock);
	}
	return ns;
}

/* The job's BOs: the list, then the command BO if the list lacks it. */
static int vaccel_job_lookup_bos(struct vaccel_job *job, struct drm_file *file,
				 const struct drm_vaccel_submit *args)
{
	struct drm_vaccel_submit_bo __user *ubos = u64_to_user_ptr(args->bos);
	const u32 known = DRM_VACCEL_BO_READ | DRM_VACCEL_BO_WRITE |
			  DRM_VACCEL_BO_EXPLICIT;
	unsigned int i, j, n = args->bo_count;
	struct drm_vaccel_submit_bo e;
	int ret;

	job->cmd_index = n;
	for (i = 0; i <= n; i++) {
		struct vaccel_job_bo *bo = &job->bos[job->bo_count];

		if (i < n) {
			if (copy_from_user(&e, &ubos[i], sizeof(e)))
				return -EFAULT;
			if ((e.flags & ~known) ||
			    !(e.flags & (DRM_VACCEL_BO_READ | DRM_VACCEL_BO_WRITE)))
				return -EINVAL;
		} else {
			if (job->cmd_index < n)
				break;	/* listed */
			e.handle = args->cmd_handle;
			e.flags = DRM_VACCEL_BO_READ;
		}
		bo->obj = drm_gem_object_lookup(file, e.handle);
		if (!bo->obj)
			return -ENOENT;
		bo->flags = e.flags;
		job->bo_count++;
		for (j = 0; j + 1 < job->bo_count; j++)
			if (job->bos[j].obj == bo->obj)
				return -EINVAL;
		if (i < n && e.handle == args->cmd_handle)
			job->cmd_index = i;
	}
	if (job->cmd_index == n)
		job->cmd_index = job->bo_count - 1;

	for (i = 0; i < job->bo_count; i++) {
		struct vaccel_job_bo *bo = &job->bos[i];
		struct iosys_map map;

		ret = vaccel_bo_device_addr(job->vdev, bo->obj, &bo->addr);
		if (ret)
			return ret;
		bo->size = bo->obj->size;
		ret = drm_gem_vmap_unlocked(bo->obj, &map);
		if (ret)
			return ret;
		bo->vaddr = map.vaddr;
		bo->mapped = true;
		if (map.is_iomem)
			return -EINVAL;
	}
	return 0;
}

static int vaccel_job_in_syncs(struct vaccel_job *job, struct drm_file *file,
			       const struct drm_vaccel_submit *args)
{
	struct drm_vaccel_sync __user *u = u64_to_user_ptr(args->in_syncs);
	struct drm_vaccel_sync s;
	struct dma_fence *fence;
	unsigned int i;
	int ret;

	if (!args->in_sync_count)
		return 0;
	job->in_fences = kcalloc(args->in_sync_count, sizeof(fence), GFP_KERNEL);
	if (!job->in_fences)
		return -ENOMEM;
	for (i = 0; i < args->in_sync_count; i++) {
		if (copy_from_user(&s, &u[i], sizeof(s)))
			return -EFAULT;
		if (s.flags)
			return -EINVAL;
		ret = drm_syncobj_find_fence(file, s.handle, s.point, 0, &fence);
		if (ret)
			return ret;
		job->in_fences[job->in_fence_count++] = dma_fence_get(fence);
		ret = drm_sched_job_add_dependency(&job->base, fence);
		if (ret)
			return ret;
	}
	return 0;
}

struct vaccel_out_sync {
	struct drm_syncobj *syncobj;
	struct dma_fence_chain *chain;
	u64 point;
};

static void vaccel_out_syncs_free(struct vaccel_out_sync *out, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (out[i].syncobj)
			drm_syncobj_put(out[i].syncobj);
		dma_fence_chain_free(out[i].chain);
	}
	kfree(out);
}

static int vaccel_out_syncs_get(struct vaccel_out_sync *out,
				struct drm_file *file,
				const struct drm_vaccel_submit *args)
{
	struct drm_vaccel_sync __user *u = u64_to_user_ptr(args->out_syncs);
	struct drm_vaccel_sync s;
	unsigned int i;

	for (i = 0; i < args->out_sync_count; i++) {
		if (copy_from_user(&s, &u[i], sizeof(s)))
			return -EFAULT;
		if (s.flags)
			return -EINVAL;
		out[i].syncobj = drm_syncobj_find(file, s.handle);
		if (!out[i].syncobj)
			return -ENOENT;
		out[i].point = s.point;
		if (s.point) {
			out[i].chain = dma_fence_chain_alloc();
			if (!out[i].chain)
				return -ENOMEM;
		}
	}
	return 0;
}

/* Implicit sync (drm_sched_job_add_implicit_dependencies) and the fences */
static int vaccel_job_push(struct vaccel_job *job, struct vaccel_file *vfile,
			   struct dma_fence **finished)
{
	unsigned int i, n = job->bo_count;
	struct drm_gem_object **objs;
	struct ww_acquire_ctx ctx;
	int ret;

	/*
	 * Once pushed the job may run, but its free (drm_gem_vunmap_unlocked)
	 * waits for these locks, so the objects outlive them.
	 */
	objs = kmalloc_array(n, sizeof(*objs), GFP_KERNEL);
	if (!objs)
		return -ENOMEM;
	for (i = 0; i < job->bo_count; i++)
		objs[i] = job->bos[i].obj;
	ret = drm_gem_lock_reservations(objs, job->bo_count, &ctx);
	if (ret)
		goto out_free;
	for (i = 0; i < job->bo_count; i++) {
		u32 flags = job->bos[i].flags;

		ret = dma_resv_reserve_fences(objs[i]->resv, 1);
		if (ret)
			goto out_unlock;
		if (flags & DRM_VACCEL_BO_EXPLICIT)
			continue;
		ret = drm_sched_job_add_implicit_dependencies(&job->base, objs[i],
							      flags & DRM_VACCEL_BO_WRITE);
		if (ret)
			goto out_unlock;
	}

	mutex_lock(&vfile->submit_lock);
	drm_sched_job_arm(&job->base);
	*finished = dma_fence_get(&job->base.s_fence->finished);
	for (i = 0; i < job->bo_count; i++) {
		u32 flags = job->bos[i].flags;
		enum dma_resv_usage usage = DMA_RESV_USAGE_READ;

		if (flags & DRM_VACCEL_BO_EXPLICIT)
			usage = DMA_RESV_USAGE_BOOKKEEP;
		else if (flags & DRM_VACCEL_BO_WRITE)
			usage = DMA_RESV_USAGE_WRITE;
		dma_resv_add_fence(objs[i]->resv, *finished, usage);
	}
	drm_sched_entity_push_job(&job->base);	/* job may be freed now */
	mutex_unlock(&vfile->submit_lock);
out_unlock:
	drm_gem_unlock_reservations(objs, n, &ctx);
out_free:
	kfree(objs);
	return ret;
}

int vaccel_ioctl_submit(struct drm_device *drm, void *data,
			struct drm_file *file)
{
	struct vaccel_device *vdev = to_vaccel(drm);
	struct vaccel_file *vfile = file->driver_priv;
	struct drm_vaccel_submit *args = data;
	struct vaccel_out_sync *out = NULL;
	struct dma_fence *finished = NULL;
	struct vaccel_job *job;
	unsigned int i;
	u64 end;
	int ret, idx;

	if (args->flags || args->pad || args->engine >= vdev->num_engines ||
	    args->cmd_size < 8 || args->cmd_size > DRM_VACCEL_MAX_CMD_SIZE ||
	    args->cmd_size % 8 || args->cmd_offset % 8 ||
	    args->bo_count > DRM_VACCEL_MAX_BOS ||
	    args->in_sync_count > DRM_VACCEL_MAX_SYNCS ||
	    args->out_sync_count > DRM_VACCEL_MAX_SYNCS)
		return -EINVAL;
	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	ret = -ENOMEM;
	job = kvzalloc(struct_size(job, bos, args->bo_count + 1), GFP_KERNEL);
	if (!job)
		goto out_exit;
	job->vdev = vdev;
	job->vfile = vfile;
	kref_get(&vfile->ref);
	job->engine = args->engine;
	job->cmd_offset = args->cmd_offset;
	job->cmd_size = args->cmd_size;
	atomic_inc(&vdev->live_jobs);	/* dropped by vaccel_job_release */

	ret = vaccel_job_lookup_bos(job, file, args);
	if (ret)
		goto out_release;
	ret = -EINVAL;
	if (check_add_overflow(args->cmd_offset, (u64)args->cmd_size, &end) ||
	    end > job->bos[job->cmd_index].size)
		goto out_release;

	ret = drm_sched_job_init(&job->base, &vfile->entities[args->engine], 1,
				 NULL, file->client_id);
	if (ret)
		goto out_release;
	ret = vaccel_job_in_syncs(job, file, args);
	if (ret)
		goto out_cleanup;
	ret = -ENOMEM;
	out = kcalloc(args->out_sync_count, sizeof(*out), GFP_KERNEL);
	if (!out)
		goto out_cleanup;
	ret = vaccel_out_syncs_get(out, file, args);
	if (ret)
		goto out_cleanup;

	ret = vaccel_job_push(job, vfile, &finished);
	if (ret)
		goto out_cleanup;
	for (i = 0; i < args->out_sync_count; i++) {
		if (out[i].point) {
			drm_syncobj_add_point(out[i].syncobj, out[i].chain,
					      finished, out[i].point);
			out[i].chain = NULL;
		} else {
			drm_syncobj_replace_fence(out[i].syncobj, finished);
		}
	}
	dma_fence_put(finished);
	vaccel_out_syncs_free(out, args->out_sync_count);
	drm_dev_exit(idx);
	return 0;

out_cleanup:
	drm_sched_job_cleanup(&job->base);
out_release:
	if (out)
		vaccel_out_syncs_free(out, args->out_sync_count);
	vaccel_job_release(job);
out_exit:
	drm_dev_exit(idx);
	return ret;
}
