// SPDX-License-Identifier: MIT
/*
 * The "shimgem" test driver (shim_gemtest.h): the smallest backend of the
 * GEM core, for test_shim_gem.c. Listed in shim_test_drivers[], which only
 * the test executables that link this file define.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shim_gem.h"
#include "shim_gemtest.h"

static struct shim_fence **jobs;
static uint64_t njobs;

static const void *model_full(const char *name)
{
	return strcmp(name, "shimgem") ? NULL : "shimgem";
}

static const void *model_lite(const char *name)
{
	return strcmp(name, "shimgem_lite") ? NULL : "shimgem_lite";
}

static int populate(struct shim_device *dev, const char *dir)
{
	int ret = 0;

	ret |= shim_write_file(dir, "vendor", "0x1af4\n");
	ret |= shim_write_file(dir, "device", "0x10ff\n");
	ret |= shim_write_file(dir, "class", "0x120000\n");
	return ret;
}

static int gem_open(struct shim_file *f)
{
	return 0;
}

static void gem_release(struct shim_file *f)
{
}

static int create_bo(struct shim_file *f, void *arg)
{
	struct shimgem_create_bo *a = arg;
	struct shim_gem_object *obj;
	int ret;

	if (a->pad)
		return -EINVAL;
	ret = shim_gem_object_create(f, a->size, &obj);
	if (ret)
		return ret;
	ret = shim_gem_handle_create(f, obj, &a->handle);
	if (!ret)
		ret = shim_gem_mmap_offset(obj, &a->offset);
	shim_gem_put(obj);
	return ret;
}

static int submit(struct shim_file *f, void *arg)
{
	struct shimgem_submit *a = arg;
	struct shim_syncobj *s = NULL;
	struct shim_gem_object *obj;
	struct shim_fence *fence, **v;
	int ret;

	if (a->pad || a->usage > SHIM_RESV_BOOKKEEP)
		return -EINVAL;
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -ENOENT;
	if (a->syncobj) {
		s = shim_syncobj_find(f, a->syncobj);
		if (!s) {
			ret = -ENOENT;
			goto out;
		}
	}
	v = realloc(jobs, (njobs + 2) * sizeof(*v));
	fence = shim_fence_create();
	if (v)
		jobs = v;
	if (!v || !fence) {
		shim_fence_put(fence);
		ret = -ENOMEM;
		goto out;
	}
	if (!njobs)
		jobs[njobs++] = NULL;	/* job ids from 1 */
	ret = shim_gem_add_fence(obj, fence, a->usage);
	if (ret) {
		shim_fence_put(fence);
		goto out;
	}
	if (s && a->point)
		shim_syncobj_add_point(s, fence, a->point);
	else if (s)
		shim_syncobj_replace_fence(s, fence);
	a->job = njobs;
	jobs[njobs++] = fence;
out:
	shim_syncobj_put(s);
	shim_gem_put(obj);
	return ret;
}

static int bo_wait(struct shim_file *f, void *arg)
{
	struct shimgem_bo_wait *a = arg;
	struct shim_gem_object *obj;
	int ret;

	if (a->usage > SHIM_RESV_BOOKKEEP)
		return -EINVAL;
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -ENOENT;
	ret = shim_gem_wait(obj, a->usage, a->timeout_abs_ns);
	shim_gem_put(obj);
	return ret == -ETIME ? -ETIMEDOUT : ret;
}

int shimgem_job_signal(uint64_t job, int error, int64_t delay_ns)
{
	int ret = 0;

	pthread_mutex_lock(&shim_lock);
	if (!job || job >= njobs)
		ret = -ENOENT;
	else if (delay_ns > 0)
		shim_fence_signal_at(jobs[job], shim_now_ns() + delay_ns, error);
	else
		shim_fence_signal(jobs[job], error);
	pthread_mutex_unlock(&shim_lock);
	return ret;
}

static const struct shim_ioctl_desc ioctls[] = {
	{ DRM_IOCTL_SHIMGEM_CREATE_BO, create_bo, "DRM_IOCTL_SHIMGEM_CREATE_BO" },
	{ DRM_IOCTL_SHIMGEM_SUBMIT, submit, "DRM_IOCTL_SHIMGEM_SUBMIT" },
	{ DRM_IOCTL_SHIMGEM_BO_WAIT, bo_wait, "DRM_IOCTL_SHIMGEM_BO_WAIT" },
};

static const struct shim_driver shimgem_driver = {
	.name = "shimgem",
	.model = model_full,
	.desc = "shim GEM core test driver",
	.version = { 1, 0, 0 },
	.populate = populate,
	.open = gem_open,
	.release = gem_release,
	.ioctls = ioctls,
	.num_ioctls = sizeof(ioctls) / sizeof(ioctls[0]),
	.features = SHIM_DRIVER_GEM | SHIM_DRIVER_SYNCOBJ |
		    SHIM_DRIVER_SYNCOBJ_TIMELINE | SHIM_DRIVER_PRIME_IMPORT,
};

static const struct shim_driver shimgem_lite_driver = {
	.name = "shimgem_lite",
	.model = model_lite,
	.desc = "shim GEM core test driver, GEM only",
	.version = { 1, 0, 0 },
	.populate = populate,
	.open = gem_open,
	.release = gem_release,
	.ioctls = ioctls,
	.num_ioctls = sizeof(ioctls) / sizeof(ioctls[0]),
	.features = SHIM_DRIVER_GEM,
};

const struct shim_driver *const shim_test_drivers[] = {
	&shimgem_driver,
	&shimgem_lite_driver,
	NULL,
};
