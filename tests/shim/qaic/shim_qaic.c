// SPDX-License-Identifier: MIT
/*
 * qaic emulation: device models, sysfs, open/release, the ioctl table and
 * the test controls, after drivers/accel/qaic/{qaic_drv.c,qaic_sysfs.c,
 * qaic_ras.c} of Linux 7.2. MANAGE and its emulated firmware live in
 * shim_qaic_manage.c, the BO data path in shim_qaic_data.c.
 *
 * The device is always QAIC_ONLINE (no MHI, no reset); the subsystem
 * restart of one DBC is a test control (accel_shim_qaic_ssr). Not emulated
 * (the test aborts): DMA transfers that need DMA_XFER_CONT, and foreign
 * dma-buf imports (the shared GEM core's rule).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shim_qaic.h"

#define EXPORT __attribute__((visibility("default")))

static const struct qaic_model models[] = {
	{ .name = "aic080", .device_id = 0xa080, .family = "AIC100" },
	{ .name = "aic100", .device_id = 0xa100, .family = "AIC100" },
	{ .name = "aic200", .device_id = 0xa110, .family = "AIC200" },
};

static struct qaic_dev devs[SHIM_MAX_DEVICES];
static int next_usr_handle;

static const void *qaic_find_model(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (!strcmp(models[i].name, name))
			return &models[i];
	return NULL;
}

struct qaic_dev *qaic_dev(struct shim_device *sd)
{
	struct qaic_dev *qd = &devs[sd->index];
	uint32_t i;

	if (!qd->sd) {
		qd->sd = sd;
		qd->ssr_dbc = QAIC_SSR_NONE;
		qd->xfer_delay_ns = 1000000;	/* 1 ms per transfer */
		for (i = 0; i < QAIC_DBC_NUM; i++) {
			qd->dbc[i].id = i;
			qd->dbc[i].xfer_tail = &qd->dbc[i].xfer_head;
		}
	}
	return qd;
}

struct qaic_usr *qaic_usr(struct shim_file *f)
{
	return f->priv;
}

static void accel_dir(struct shim_device *sd, char *buf, size_t len)
{
	snprintf(buf, len, "%s/accel/accel%d", sd->sysfs_pci, sd->index);
}

void qaic_set_dbc_state(struct qaic_dev *qd, uint32_t dbc_id, int state)
{
	char dir[1100], name[32];

	accel_dir(qd->sd, dir, sizeof(dir));
	snprintf(name, sizeof(name), "dbc%u_state", dbc_id);
	shim_write_file(dir, name, "%d\n", state);
}

/* release_dbc(), qaic_data.c */
void qaic_release_dbc(struct qaic_dev *qd, uint32_t dbc_id)
{
	struct qaic_dbc *dbc = &qd->dbc[dbc_id];

	if (!dbc->in_use)
		return;
	dbc->usr = NULL;
	qaic_data_release_dbc(qd, dbc);
	dbc->nelem = 0;
	dbc->queued = 0;
	dbc->in_use = false;
}

static int qaic_populate(struct shim_device *d, const char *dir)
{
	const struct qaic_model *m = d->model;
	char adir[1100];
	uint32_t i;
	int ret = 0;

	ret |= shim_write_file(dir, "vendor", "0x17cb\n");
	ret |= shim_write_file(dir, "device", "0x%04x\n", m->device_id);
	ret |= shim_write_file(dir, "subsystem_vendor", "0x17cb\n");
	ret |= shim_write_file(dir, "subsystem_device", "0x%04x\n", m->device_id);
	ret |= shim_write_file(dir, "class", "0x120000\n");
	ret |= shim_write_file(dir, "revision", "0x00\n");
	ret |= shim_write_file(dir, "numa_node", "%d\n", d->index % 2);
	ret |= shim_write_file(dir, "modalias",
			       "pci:v000017CBd%08Xsv000017CBsd%08Xbc12sc00i00\n",
			       m->device_id, m->device_id);
	ret |= shim_write_file(dir, "uevent",
			       "DRIVER=qaic\nPCI_CLASS=120000\nPCI_ID=17CB:%04X\n"
			       "PCI_SUBSYS_ID=17CB:%04X\nPCI_SLOT_NAME=%s\n"
			       "MODALIAS=pci:v000017CBd%08Xsv000017CBsd%08Xbc12sc00i00\n",
			       m->device_id, m->device_id, d->pci_slot, m->device_id,
			       m->device_id);
	/* qaic_ras.c: the RAS group on the PCI device */
	ret |= shim_write_file(dir, "ce_count", "0\n");
	ret |= shim_write_file(dir, "ue_count", "0\n");
	ret |= shim_write_file(dir, "ue_nonfatal_count", "0\n");
	/* qaic_sysfs.c: dbcN_state on the accel device */
	snprintf(adir, sizeof(adir), "%s/accel/accel%d", dir, d->index);
	for (i = 0; i < QAIC_DBC_NUM; i++) {
		char name[32];

		snprintf(name, sizeof(name), "dbc%u_state", i);
		ret |= shim_write_file(adir, name, "%d\n", QAIC_DBC_STATE_IDLE);
	}
	qaic_dev(d);
	return ret ? -EIO : 0;
}

/* qaic_open(): a user with a unique handle */
static int qaic_open(struct shim_file *f)
{
	struct qaic_usr *usr = calloc(1, sizeof(*usr));

	if (!usr)
		return -ENOMEM;
	usr->handle = next_usr_handle++;
	usr->f = f;
	f->priv = usr;
	return 0;
}

/*
 * qaic_postclose(): the firmware is told (TERMINATE, no answer the user
 * sees) and the DBCs the user still owns are released.
 */
static void qaic_release(struct shim_file *f)
{
	struct qaic_usr *usr = f->priv;
	struct qaic_dev *qd = qaic_dev(f->dev);
	uint32_t i;

	if (!usr)
		return;
	for (i = 0; i < QAIC_DBC_NUM; i++) {
		if (qd->dbc[i].usr && qd->dbc[i].usr->handle == usr->handle) {
			qaic_release_dbc(qd, i);
			qaic_set_dbc_state(qd, i, QAIC_DBC_STATE_IDLE);
		}
	}
	free(usr);
	f->priv = NULL;
}

#if __has_include("shim_gem.h")
#include "shim_gem.h"
#define QAIC_DATA(fn) fn
#else
/* until the shared GEM core is here: the entry aborts as not emulated */
#define QAIC_DATA(fn) NULL
#endif

/* qaic_drm_ioctls[], qaic_drv.c */
static const struct shim_ioctl_desc qaic_ioctls[] = {
	{ DRM_IOCTL_QAIC_MANAGE, qaic_manage_ioctl, "DRM_IOCTL_QAIC_MANAGE" },
	{ DRM_IOCTL_QAIC_CREATE_BO, QAIC_DATA(qaic_create_bo_ioctl),
	  "DRM_IOCTL_QAIC_CREATE_BO" },
	{ DRM_IOCTL_QAIC_MMAP_BO, QAIC_DATA(qaic_mmap_bo_ioctl), "DRM_IOCTL_QAIC_MMAP_BO" },
	{ DRM_IOCTL_QAIC_ATTACH_SLICE_BO, QAIC_DATA(qaic_attach_slice_bo_ioctl),
	  "DRM_IOCTL_QAIC_ATTACH_SLICE_BO" },
	{ DRM_IOCTL_QAIC_EXECUTE_BO, QAIC_DATA(qaic_execute_bo_ioctl),
	  "DRM_IOCTL_QAIC_EXECUTE_BO" },
	{ DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO, QAIC_DATA(qaic_partial_execute_bo_ioctl),
	  "DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO" },
	{ DRM_IOCTL_QAIC_WAIT_BO, QAIC_DATA(qaic_wait_bo_ioctl), "DRM_IOCTL_QAIC_WAIT_BO" },
	{ DRM_IOCTL_QAIC_PERF_STATS_BO, QAIC_DATA(qaic_perf_stats_bo_ioctl),
	  "DRM_IOCTL_QAIC_PERF_STATS_BO" },
	{ DRM_IOCTL_QAIC_DETACH_SLICE_BO, QAIC_DATA(qaic_detach_slice_bo_ioctl),
	  "DRM_IOCTL_QAIC_DETACH_SLICE_BO" },
};

const struct shim_driver shim_qaic_driver = {
	.name = "qaic",
	.model = qaic_find_model,
	.desc = "Qualcomm Cloud AI Accelerators",
	.version = { 0, 0, 0 },		/* qaic sets none */
	.populate = qaic_populate,
	.open = qaic_open,
	.release = qaic_release,
	.ioctls = qaic_ioctls,
	.num_ioctls = sizeof(qaic_ioctls) / sizeof(qaic_ioctls[0]),
#if __has_include("shim_gem.h")
	/* DRIVER_GEM; qaic_gem_prime_import() takes foreign dma-bufs */
	.features = SHIM_DRIVER_GEM | SHIM_DRIVER_PRIME_IMPORT,
#endif
};

/* ------------------------------------------------------------------------ */
/* test controls (accel_shim.h)                                             */
/* ------------------------------------------------------------------------ */

static struct qaic_dev *control_dev(int minor)
{
	struct shim_device *d;

	shim_init();
	d = shim_device_get(minor);
	if (!d || d->drv != &shim_qaic_driver)
		return NULL;
	return qaic_dev(d);
}

EXPORT int accel_shim_qaic_set_xfer(int minor, uint64_t delay_us, int hang)
{
	struct qaic_dev *qd = control_dev(minor);

	if (!qd)
		return -ENODEV;
	pthread_mutex_lock(&shim_lock);
	qd->xfer_delay_ns = (int64_t)delay_us * 1000;
	qd->hang = hang;
	pthread_mutex_unlock(&shim_lock);
	return 0;
}

/*
 * qaic_dbc_enter_ssr() / qaic_dbc_exit_ssr(): the firmware restarts the
 * subsystem of a DBC; the kernel releases it (its transfers complete, its
 * BOs are detached) and answers EPIPE on it until the restart is over.
 */
EXPORT int accel_shim_qaic_ssr(int minor, uint32_t dbc_id, int enter)
{
	struct qaic_dev *qd = control_dev(minor);

	if (!qd || dbc_id >= QAIC_DBC_NUM)
		return -ENODEV;
	pthread_mutex_lock(&shim_lock);
	if (enter) {
		qd->ssr_dbc = dbc_id;
		qaic_release_dbc(qd, dbc_id);
	} else {
		qd->ssr_dbc = QAIC_SSR_NONE;
	}
	pthread_mutex_unlock(&shim_lock);
	return 0;
}
