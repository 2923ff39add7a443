// SPDX-License-Identifier: MIT
/*
 * Target "qaic": the qaic provider on an emulated Cloud AI 100 against the
 * same qaic ioctls issued by hand on a second file of the same device,
 * both through the preloaded shim. The shim's transfer delay (1 ms by
 * default) is set to 0 so submit+wait measures the software path.
 *
 * submit+wait: one 4 KiB BO sliced from-device onto a DBC (one slice),
 * EXECUTE_BO of it, WAIT_BO on it. Each file activates its own DBC
 * (MANAGE ACTIVATE; a DBC belongs to one file): libaccel's through
 * qaicdv_dbc_activate() and qaicdv_bo_attach_slices() (looked up in the
 * loaded libqaicdv), the raw side's by hand.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <drm.h>
#include <accel/qaicdv.h>
#include <uapi/drm/qaic_accel.h>

#include "bench_npu.h"

#define QAIC_JOB_SIZE 4096u
#define QAIC_QUEUE_SIZE 64u
#define QAIC_DV "libqaicdv.so.1"

typedef struct accel_queue *(*activate_fn)(struct accel_context *,
					   const struct qaicdv_dbc_attr *, size_t);
typedef int (*attach_fn)(struct accel_bo *, struct accel_queue *, uint32_t,
			 const struct qaicdv_slice *, uint32_t);

struct qaic_bst {
	struct accel_bo *out;		/* libaccel's sliced BO */
	uint32_t dbc;			/* raw: its DBC */
	uint32_t raw_out;		/* raw: its sliced BO */
};

static struct qaic_bst *drv(struct npu_st *s)
{
	return s->drv;
}

static int create_bo(int fd, uint64_t size, uint32_t *handle)
{
	struct qaic_create_bo a = { .size = size };
	int ret = bench_ioctl(fd, DRM_IOCTL_QAIC_CREATE_BO, &a);

	*handle = a.handle;
	return ret;
}

/* transfers end when queued (on every device) */
static int no_delay(void *fn)
{
	return ((int (*)(int, uint64_t, int))fn)(0, 0, 0);
}

static int op_map_raw(void *p)
{
	struct npu_st *s = p;
	struct qaic_mmap_bo a = { .handle = s->raw_bo };
	int ret = bench_ioctl(s->fd, DRM_IOCTL_QAIC_MMAP_BO, &a);

	return ret ? ret : npu_raw_mmap(s->fd, a.offset, NPU_BO_SIZE);
}

static int lib_submit(void *p, uint64_t *seq)
{
	struct npu_st *s = p;
	struct accel_bo_ref ref = {
		.bo = drv(s)->out, .access = ACCEL_ACCESS_WRITE,
	};
	struct accel_submit sub = { .bos = &ref, .num_bos = 1 };

	return accel_submit(s->q, &sub, seq);
}

static int raw_submit(void *p, uint64_t *seq)
{
	struct npu_st *s = p;
	struct qaic_execute_entry e = { .handle = drv(s)->raw_out, .dir = 2 };
	struct qaic_execute a = {
		.hdr = { .count = 1, .dbc_id = drv(s)->dbc },
		.data = (uintptr_t)&e,
	};

	*seq = 0;
	return bench_ioctl(s->fd, DRM_IOCTL_QAIC_EXECUTE_BO, &a);
}

static int raw_wait(void *p, uint64_t seq)
{
	struct npu_st *s = p;
	/* 0 ms would be the module default (5 s): long enough here */
	struct qaic_wait w = {
		.handle = drv(s)->raw_out, .timeout = 5000, .dbc_id = drv(s)->dbc,
	};

	(void)seq;
	return bench_ioctl(s->fd, DRM_IOCTL_QAIC_WAIT_BO, &w);
}

static int lib_job(struct npu_st *s, char *why, size_t len)
{
	activate_fn activate = (activate_fn)bench_sym(QAIC_DV, "qaicdv_dbc_activate");
	attach_fn attach = (attach_fn)bench_sym(QAIC_DV, "qaicdv_bo_attach_slices");
	struct qaicdv_dbc_attr attr = { .queue_size = QAIC_QUEUE_SIZE };
	struct qaicdv_slice sl = { .size = QAIC_JOB_SIZE };
	struct qaic_bst *d = drv(s);

	if (!activate || !attach) {
		snprintf(why, len, "no qaicdv_dbc_activate() in the loaded provider");
		return -EOPNOTSUPP;
	}
	s->q = activate(s->ctx, &attr, sizeof(attr));
	d->out = s->q ? accel_bo_alloc(s->ctx, QAIC_JOB_SIZE, 0) : NULL;
	if (!d->out || attach(d->out, s->q, QAICDV_FROM_DEV, &sl, 1)) {
		snprintf(why, len, "DBC and sliced BO: %s (%s)", strerror(errno),
			 accel_last_error());
		return -EIO;
	}
	return 0;
}

/* MANAGE ACTIVATE by hand: the firmware answers with the DBC's id */
static int raw_activate(int fd, uint32_t *dbc)
{
	union {
		struct qaic_manage_trans_activate_to_dev to;
		struct qaic_manage_trans_activate_from_dev from;
		uint8_t room[QAIC_MANAGE_MAX_MSG_LENGTH];
	} buf;
	struct qaic_manage_msg m = {
		.len = sizeof(buf.to), .count = 1, .data = (uintptr_t)&buf,
	};
	int ret;

	memset(&buf, 0, sizeof(buf));
	buf.to.hdr.type = QAIC_TRANS_ACTIVATE_FROM_USR;
	buf.to.hdr.len = sizeof(buf.to);
	buf.to.queue_size = QAIC_QUEUE_SIZE;
	ret = bench_ioctl(fd, DRM_IOCTL_QAIC_MANAGE, &m);
	if (ret)
		return ret;
	if (buf.from.hdr.type != QAIC_TRANS_ACTIVATE_FROM_DEV || buf.from.status)
		return -EPROTO;
	*dbc = buf.from.dbc_id;
	return 0;
}

/* closing the files deactivates their DBCs (qaic_postclose) */
static int raw_job(struct npu_st *s, char *why, size_t len)
{
	struct qaic_bst *d = drv(s);
	struct qaic_attach_slice_entry e = { .size = QAIC_JOB_SIZE };
	struct qaic_attach_slice a = {
		.hdr = { .count = 1, .dir = 2 },
		.data = (uintptr_t)&e,
	};
	int ret;

	ret = raw_activate(s->fd, &d->dbc);
	if (!ret)
		ret = create_bo(s->fd, QAIC_JOB_SIZE, &d->raw_out);
	if (!ret) {
		a.hdr.dbc_id = d->dbc;
		a.hdr.handle = d->raw_out;
		ret = bench_ioctl(s->fd, DRM_IOCTL_QAIC_ATTACH_SLICE_BO, &a);
	}
	if (ret)
		snprintf(why, len, "raw DBC and sliced BO: %s", strerror(-ret));
	return ret;
}

static int make_jobs(struct npu_st *s, char *why, size_t len)
{
	int ret = lib_job(s, why, len);

	return ret ? ret : raw_job(s, why, len);
}

static const struct npu_driver qaic_npu = {
	.prov = "qaic",
	.drv_size = sizeof(struct qaic_bst),
	.delay_fn = "accel_shim_qaic_set_xfer",
	.no_delay = no_delay,
	.create_bo = create_bo,
	.make_jobs = make_jobs,
	.alloc = { "CREATE_BO, GEM_CLOSE", 2 },
	.map = { "MMAP_BO, mmap, munmap", 3, op_map_raw },
	.lib_submit = lib_submit,
	.raw = { raw_submit, raw_wait },
	.submit_desc = "EXECUTE_BO (1 BO, 1 slice), WAIT_BO",
	.raw_names = "EXECUTE_BO / WAIT_BO",
};

static int qaic_setup(void **out, bool short_mode, char *why, size_t len)
{
	(void)short_mode;
	return npu_setup(out, &qaic_npu, why, len);
}

const struct bench_target bench_target_qaic = {
	.name = "qaic",
	.desc = "the qaic provider vs raw qaic ioctls, both on the shim",
	.setup = qaic_setup,
	NPU_TARGET_HOOKS,
	.shim_devices = "aic100",
};
