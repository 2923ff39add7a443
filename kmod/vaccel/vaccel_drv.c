// SPDX-License-Identifier: GPL-2.0
/*
 * vaccel - libaccel's reference accel driver: a compute accel device with
 * GEM shmem BOs, syncobj timelines and DRM-scheduler engines that run the
 * soft device's command format on the CPU. It exists so that /dev/accel
 * can be tested on a real kernel without hardware (as vgem is for DRM).
 *
 * This file: module parameters, the platform devices the module creates
 * (vaccel.N, parents of /sys/class/accel/accelN), the DRM driver, GET_PARAM,
 * fdinfo and the sysfs attributes busy_time_us and unplug.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <drm/drm_accel.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "vaccel_drv.h"

static unsigned int vaccel_devices = 1;
module_param_named(devices, vaccel_devices, uint, 0444);
MODULE_PARM_DESC(devices, "number of vaccel devices (1-8)");

unsigned int vaccel_engines = 2;
module_param_named(engines, vaccel_engines, uint, 0444);
MODULE_PARM_DESC(engines, "engines per device (1-8)");

unsigned int vaccel_job_timeout_ms = 2000;
module_param_named(job_timeout_ms, vaccel_job_timeout_ms, uint, 0444);
MODULE_PARM_DESC(job_timeout_ms, "scheduler timeout of a job, ms");

unsigned long long vaccel_mem_size = 512ull << 20;
module_param_named(mem_size, vaccel_mem_size, ullong, 0444);
MODULE_PARM_DESC(mem_size, "bytes the BOs of one device may take");

#define VACCEL_MAX_DEVICES 8
static struct platform_device *vaccel_pdevs[VACCEL_MAX_DEVICES];

static int vaccel_ioctl_get_param(struct drm_device *drm, void *data,
				  struct drm_file *file)
{
	struct vaccel_device *vdev = to_vaccel(drm);
	struct drm_vaccel_get_param *args = data;

	if (args->pad)
		return -EINVAL;
	switch (args->param) {
	case DRM_VACCEL_PARAM_DEVICE_ID:
		args->value = DRM_VACCEL_DEVICE_ID;
		break;
	case DRM_VACCEL_PARAM_DEVICE_VERSION:
		args->value = DRM_VACCEL_VERSION_MAJOR << 16 |
			      DRM_VACCEL_VERSION_MINOR;
		break;
	case DRM_VACCEL_PARAM_CMD_VERSION:
		args->value = DRM_VACCEL_CMD_VERSION;
		break;
	case DRM_VACCEL_PARAM_NUM_ENGINES:
		args->value = vdev->num_engines;
		break;
	case DRM_VACCEL_PARAM_MEM_SIZE:
	case DRM_VACCEL_PARAM_MAX_BO_SIZE:
		args->value = vaccel_mem_size;
		break;
	case DRM_VACCEL_PARAM_MEM_USED:
		args->value = atomic64_read(&vdev->mem_used);
		break;
	case DRM_VACCEL_PARAM_BUSY_TIME_NS:
		args->value = vaccel_busy_ns(vdev);
		break;
	case DRM_VACCEL_PARAM_JOB_TIMEOUT_MS:
		args->value = vaccel_job_timeout_ms;
		break;
	case DRM_VACCEL_PARAM_INSTANCE:
		args->value = vdev->instance;
		break;
	case DRM_VACCEL_PARAM_DEVICE_ADDR_BASE:
		args->value = DRM_VACCEL_DEVICE_ADDR_BASE;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static int vaccel_open(struct drm_device *drm, struct drm_file *file)
{
	struct vaccel_file *vfile;
	int ret;

	vfile = kzalloc(sizeof(*vfile), GFP_KERNEL);
	if (!vfile)
		return -ENOMEM;
	kref_init(&vfile->ref);
	vfile->vdev = to_vaccel(drm);
	mutex_init(&vfile->submit_lock);
	ret = vaccel_file_entities_init(vfile);
	if (ret) {
		kfree(vfile);
		return ret;
	}
	file->driver_priv = vfile;
	return 0;
}

static void vaccel_postclose(struct drm_device *drm, struct drm_file *file)
{
	struct vaccel_file *vfile = file->driver_priv;
	unsigned int i;

	for (i = 0; i < vfile->vdev->num_engines; i++)
		drm_sched_entity_destroy(&vfile->entities[i]);
	vaccel_file_put(vfile);
}

/* Documentation/gpu/drm-usage-stats.rst: memory and engine keys */
static void vaccel_show_fdinfo(struct drm_printer *p, struct drm_file *file)
{
	struct vaccel_file *vfile = file->driver_priv;
	unsigned int i;

	drm_show_memory_stats(p, file);
	for (i = 0; i < vfile->vdev->num_engines; i++)
		drm_printf(p, "drm-engine-%s:\t%llu ns\n",
			   vfile->vdev->engines[i].name,
			   (u64)atomic64_read(&vfile->busy_ns[i]));
}

#define VACCEL_IOCTL(n, f) \
	DRM_IOCTL_DEF_DRV(VACCEL_##n, vaccel_ioctl_##f, DRM_RENDER_ALLOW)

static const struct drm_ioctl_desc vaccel_ioctls[] = {
	VACCEL_IOCTL(GET_PARAM, get_param),
	VACCEL_IOCTL(BO_CREATE, bo_create),
	VACCEL_IOCTL(BO_INFO, bo_info),
	VACCEL_IOCTL(SUBMIT, submit),
	VACCEL_IOCTL(BO_WAIT, bo_wait),
};

/* DRM_ACCEL_FOPS of 6.12 lacks show_fdinfo */
static const struct file_operations vaccel_fops = {
	.owner = THIS_MODULE,
	DRM_ACCEL_FOPS,
	.show_fdinfo = drm_show_fdinfo,
};

static const struct drm_driver vaccel_drm_driver = {
	.driver_features = DRIVER_COMPUTE_ACCEL | DRIVER_GEM | DRIVER_SYNCOBJ |
			   DRIVER_SYNCOBJ_TIMELINE,
	.open = vaccel_open,
	.postclose = vaccel_postclose,
	.show_fdinfo = vaccel_show_fdinfo,
	.gem_create_object = vaccel_gem_create_object,
	.gem_prime_import_sg_table = drm_gem_shmem_prime_import_sg_table,
	.ioctls = vaccel_ioctls,
	.num_ioctls = ARRAY_SIZE(vaccel_ioctls),
	.fops = &vaccel_fops,
	.name = DRM_VACCEL_DRIVER_NAME,
	.desc = "libaccel reference accel device",
	.major = DRM_VACCEL_VERSION_MAJOR,
	.minor = DRM_VACCEL_VERSION_MINOR,
};

/* Stops the jobs (they fail with -ECANCELED) and unplugs the DRM device. */
static int vaccel_unplug(struct vaccel_device *vdev)
{
	int ret = 0;

	mutex_lock(&vdev->unplug_lock);
	if (vdev->unplugged) {
		ret = -ENODEV;
	} else {
		WRITE_ONCE(vdev->unplugged, true);
		vaccel_wake_waiters(vdev);
		drm_dev_unplug(&vdev->drm);
	}
	mutex_unlock(&vdev->unplug_lock);
	return ret;
}

/* Like ivpu's npu_busy_time_us: time the engines spent running jobs */
static ssize_t busy_time_us_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct vaccel_device *vdev = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%llu\n", vaccel_busy_ns(vdev) / NSEC_PER_USEC);
}
static DEVICE_ATTR_RO(busy_time_us);

/*
 * Writing 1 hot-unplugs the device with its files still open: the node
 * goes away, every ioctl of an open file answers ENODEV (drm_ioctl checks
 * drm_dev_is_unplugged), mappings stay valid, queued jobs fail. A second
 * write answers ENODEV. Reads give 1 once unplugged.
 */
static ssize_t unplug_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct vaccel_device *vdev = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", READ_ONCE(vdev->unplugged));
}

static ssize_t unplug_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	struct vaccel_device *vdev = dev_get_drvdata(dev);
	bool yes;
	int ret;

	ret = kstrtobool(buf, &yes);
	if (ret)
		return ret;
	if (!yes)
		return -EINVAL;
	ret = vaccel_unplug(vdev);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(unplug);

static struct attribute *vaccel_attrs[] = {
	&dev_attr_busy_time_us.attr,
	&dev_attr_unplug.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vaccel);

/* drmm action, at the DRM device's release: no file is left open */
static void vaccel_release(struct drm_device *drm, void *arg)
{
	struct vaccel_device *vdev = to_vaccel(drm);

	vaccel_engines_fini(vdev);
	drm_mm_takedown(&vdev->mm);
}

static int vaccel_probe(struct platform_device *pdev)
{
	struct vaccel_device *vdev;
	int ret;

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;
	vdev = devm_drm_dev_alloc(&pdev->dev, &vaccel_drm_driver,
				  struct vaccel_device, drm);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	vdev->instance = pdev->id;
	vdev->num_engines = clamp(vaccel_engines, 1u, (unsigned int)VACCEL_MAX_ENGINES);
	mutex_init(&vdev->mm_lock);
	mutex_init(&vdev->unplug_lock);
	init_waitqueue_head(&vdev->idle_wq);
	init_waitqueue_head(&vdev->value_wq);
	drm_mm_init(&vdev->mm, DRM_VACCEL_DEVICE_ADDR_BASE, 1ull << 46);
	platform_set_drvdata(pdev, vdev);

	ret = drmm_add_action_or_reset(&vdev->drm, vaccel_release, NULL);
	if (ret)
		return ret;
	ret = vaccel_engines_init(vdev);
	if (ret)
		return ret;
	return drm_dev_register(&vdev->drm, 0);
}

static void vaccel_remove(struct platform_device *pdev)
{
	struct vaccel_device *vdev = platform_get_drvdata(pdev);

	vaccel_unplug(vdev);
}

static struct platform_driver vaccel_platform_driver = {
	.probe = vaccel_probe,
	.remove = vaccel_remove,
	.driver = {
		.name = "vaccel",
		.dev_groups = vaccel_groups,
	},
};

static void vaccel_destroy_devices(void)
{
	int i;

	for (i = VACCEL_MAX_DEVICES - 1; i >= 0; i--) {
		if (vaccel_pdevs[i])
			platform_device_unregister(vaccel_pdevs[i]);
		vaccel_pdevs[i] = NULL;
	}
}

static int __init vaccel_init(void)
{
	unsigned int i;
	int ret;

	if (!vaccel_devices || vaccel_devices > VACCEL_MAX_DEVICES ||
	    !vaccel_engines || vaccel_engines > VACCEL_MAX_ENGINES ||
	    !vaccel_job_timeout_ms || vaccel_mem_size < PAGE_SIZE)
		return -EINVAL;
	ret = platform_driver_register(&vaccel_platform_driver);
	if (ret)
		return ret;
	for (i = 0; i < vaccel_devices; i++) {
		struct platform_device *pdev;

		pdev = platform_device_register_simple("vaccel", i, NULL, 0);
		if (IS_ERR(pdev)) {
			ret = PTR_ERR(pdev);
			goto err;
		}
		vaccel_pdevs[i] = pdev;
		if (!platform_get_drvdata(pdev)) {	/* probe failed */
			ret = -ENODEV;
			goto err;
		}
	}
	return 0;
err:
	vaccel_destroy_devices();
	platform_driver_unregister(&vaccel_platform_driver);
	return ret;
}

static void __exit vaccel_exit(void)
{
	vaccel_destroy_devices();
	platform_driver_unregister(&vaccel_platform_driver);
}

module_init(vaccel_init);
module_exit(vaccel_exit);

MODULE_DESCRIPTION("vaccel: libaccel's reference accel driver (soft command format on DRM scheduler engines)");
MODULE_AUTHOR("libaccel");
MODULE_LICENSE("GPL");
