/* SPDX-License-Identifier: MIT */
/*
 * The qaic emulation's internals: an AIC100-class card with 16 DBCs, each
 * file a qaic_user, and a minimal emulated firmware behind MANAGE.
 */
#ifndef ACCEL_SHIM_QAIC_H
#define ACCEL_SHIM_QAIC_H

#include <stdbool.h>
#include <stdint.h>
#include <uapi/drm/qaic_accel.h>

#include "accel_shim.h"
#include "shim.h"

#define QAIC_DBC_NUM		16	/* DBC_NUM, qaic_drv.c */
#define QAIC_CNTL_MAJOR		5	/* CNTL_MAJOR: the NNC version we answer */
#define QAIC_CNTL_MINOR		0
#define QAIC_DEFAULT_WAIT_MS	5000	/* wait_exec_default_timeout_ms */
#define QAIC_REQ_ELEM_SIZE	64	/* sizeof(struct dbc_req) */
#define QAIC_RSP_ELEM_SIZE	4	/* sizeof(struct dbc_rsp) */
#define QAIC_SSR_NONE		UINT32_MAX	/* QAIC_SSR_DBC_SENTINEL */

struct qaic_model {
	const char *name;
	uint16_t device_id;
	const char *family;
};

struct qaic_usr {
	int handle;			/* ida: unique per open file */
	struct shim_file *f;
};

struct qaic_bo;

/* enum dbc_state of qaic.h */
enum { QAIC_DBC_STATE_IDLE = 0, QAIC_DBC_STATE_ASSIGNED = 1 };

struct qaic_dbc {
	uint32_t id;
	bool in_use;
	struct qaic_usr *usr;		/* NULL: disabled or free */
	uint32_t nelem;
	uint32_t queued;		/* request elements not yet processed */
	uint16_t next_req_id;
	struct qaic_bo *xfer_head;	/* queued BOs, in order */
	struct qaic_bo **xfer_tail;
	int64_t last_done;		/* when the last queued transfer ends */
};

/* the emulated card's memory at device addresses, 4 KiB pages on demand */
struct qaic_devmem_page {
	struct qaic_devmem_page *next;
	uint64_t addr;
	uint8_t data[4096];
};

struct qaic_dev {
	struct shim_device *sd;
	struct qaic_dbc dbc[QAIC_DBC_NUM];
	uint32_t ssr_dbc;
	int64_t xfer_delay_ns;		/* how long a transfer takes */
	bool hang;			/* transfers never complete */
	struct qaic_devmem_page *mem;
};

struct qaic_dev *qaic_dev(struct shim_device *sd);
struct qaic_usr *qaic_usr(struct shim_file *f);
/* write the dbcN_state sysfs attribute */
void qaic_set_dbc_state(struct qaic_dev *qd, uint32_t dbc_id, int state);
/* release_dbc(): drop the DBC's transfers and slicing, free it */
void qaic_release_dbc(struct qaic_dev *qd, uint32_t dbc_id);

int qaic_manage_ioctl(struct shim_file *f, void *arg);

/* the data path (shim_qaic_data.c), on the core's GEM emulation */
int qaic_create_bo_ioctl(struct shim_file *f, void *arg);
int qaic_mmap_bo_ioctl(struct shim_file *f, void *arg);
int qaic_attach_slice_bo_ioctl(struct shim_file *f, void *arg);
int qaic_execute_bo_ioctl(struct shim_file *f, void *arg);
int qaic_partial_execute_bo_ioctl(struct shim_file *f, void *arg);
int qaic_wait_bo_ioctl(struct shim_file *f, void *arg);
int qaic_perf_stats_bo_ioctl(struct shim_file *f, void *arg);
int qaic_detach_slice_bo_ioctl(struct shim_file *f, void *arg);
/* release_dbc()'s part on BOs: complete the queued ones, detach all */
void qaic_data_release_dbc(struct qaic_dev *qd, struct qaic_dbc *dbc);
/* process the transfers whose time has come */
void qaic_data_progress(struct qaic_dev *qd);

#endif /* ACCEL_SHIM_QAIC_H */
