/* SPDX-License-Identifier: MIT */
/*
 * qaicdv - the qaic "direct" extensions of libaccel (Qualcomm Cloud AI
 * 080/100/200), for what the generic API cannot hold: the firmware's
 * management protocol (MANAGE messages), DMA Bridge Channels (DBCs) as
 * queues, BO slicing (the DMA program), partial execution, per-BO waits
 * and per-BO performance figures. Link with -lqaicdv. See qaicdv(3).
 *
 * Errors follow libaccel: pointer-returning calls return NULL and set
 * errno; int calls return 0 (or a count) or a negative errno. Calls on an
 * object of another provider answer -EOPNOTSUPP (NULL, errno EOPNOTSUPP).
 * The layouts below are the kernel's (include/uapi/drm/qaic_accel.h).
 */
#ifndef ACCEL_QAICDV_H
#define ACCEL_QAICDV_H

#include <stddef.h>
#include <stdint.h>

#include <accel/accel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* MANAGE: messages of transactions for the firmware                        */
/* ------------------------------------------------------------------------ */

/* QAIC_TRANS_* of the kernel */
enum qaicdv_trans_type {
	QAICDV_TRANS_PASSTHROUGH_FROM_USR = 1,
	QAICDV_TRANS_PASSTHROUGH_TO_USR = 2,
	QAICDV_TRANS_PASSTHROUGH_FROM_DEV = 3,
	QAICDV_TRANS_PASSTHROUGH_TO_DEV = 4,
	QAICDV_TRANS_DMA_XFER_FROM_USR = 5,
	QAICDV_TRANS_DMA_XFER_TO_DEV = 6,
	QAICDV_TRANS_ACTIVATE_FROM_USR = 7,
	QAICDV_TRANS_ACTIVATE_FROM_DEV = 8,
	QAICDV_TRANS_ACTIVATE_TO_DEV = 9,
	QAICDV_TRANS_DEACTIVATE_FROM_USR = 10,
	QAICDV_TRANS_DEACTIVATE_FROM_DEV = 11,
	QAICDV_TRANS_STATUS_FROM_USR = 12,
	QAICDV_TRANS_STATUS_TO_USR = 13,
	QAICDV_TRANS_STATUS_FROM_DEV = 14,
	QAICDV_TRANS_STATUS_TO_DEV = 15,
	QAICDV_TRANS_TERMINATE_FROM_DEV = 16,
	QAICDV_TRANS_TERMINATE_TO_DEV = 17,
	QAICDV_TRANS_DMA_XFER_CONT = 18,
	QAICDV_TRANS_VALIDATE_PARTITION_FROM_DEV = 19,
	QAICDV_TRANS_VALIDATE_PARTITION_TO_DEV = 20,
};

/* QAIC_MANAGE_MAX_MSG_LENGTH: transactions of one message, len and count included */
#define QAICDV_MSG_MAX 4096

/*
 * One MANAGE message: count transactions of len bytes, each a
 * {u32 type; u32 len} header (len counts it, a multiple of 8) and its
 * payload, as the kernel takes them. qaicdv_manage() replaces them with
 * the answers.
 */
struct qaicdv_msg {
	uint32_t len;
	uint32_t count;
	uint64_t data[(QAICDV_MSG_MAX - 8) / 8];
};

/* an empty message */
void qaicdv_msg_init(struct qaicdv_msg *msg);
/*
 * Append a transaction of type with payload_len bytes of payload (padded
 * with zeroes to 8). -ENOSPC when the message would pass QAICDV_MSG_MAX.
 */
int qaicdv_msg_add(struct qaicdv_msg *msg, uint32_t type, const void *payload,
		   uint32_t payload_len);
/* PASSTHROUGH_FROM_USR: len bytes for the firmware, opaque to the kernel */
int qaicdv_msg_add_passthrough(struct qaicdv_msg *msg, const void *data, uint32_t len);
/* DMA_XFER_FROM_USR: the kernel has the device read [addr, addr + size) */
int qaicdv_msg_add_dma_xfer(struct qaicdv_msg *msg, uint32_t tag, const void *addr,
			    uint64_t size);
/* ACTIVATE_FROM_USR: a DBC with queues of queue_size elements */
int qaicdv_msg_add_activate(struct qaicdv_msg *msg, uint32_t queue_size, uint32_t options);
/* DEACTIVATE_FROM_USR */
int qaicdv_msg_add_deactivate(struct qaicdv_msg *msg, uint32_t dbc_id);
/* STATUS_FROM_USR */
int qaicdv_msg_add_status(struct qaicdv_msg *msg);
/*
 * Walk the transactions: start with *offset 0; 1 and the next one's type,
 * payload and payload length, 0 at the end, -EINVAL for a malformed one.
 */
int qaicdv_msg_next(const struct qaicdv_msg *msg, uint32_t *offset, uint32_t *type,
		    const void **payload, uint32_t *payload_len);
/*
 * DRM_IOCTL_QAIC_MANAGE: send msg, answers in place. 0, or the kernel's
 * errno: -ECANCELED when the firmware refused a transaction (the answers
 * are there, with its status), -EPERM deactivating a DBC of another file,
 * -EINVAL for a malformed message, -ETIMEDOUT when the firmware does not
 * answer. A DBC activated so is made a queue with qaicdv_dbc_attach().
 */
int qaicdv_manage(struct accel_context *ctx, struct qaicdv_msg *msg);

/* ------------------------------------------------------------------------ */
/* The device                                                               */
/* ------------------------------------------------------------------------ */

#define QAICDV_MAX_DBC 16	/* DBCs of one device in Linux 7.2 */

/* enum dbc_state of the kernel, sysfs dbcN_state */
enum qaicdv_dbc_state {
	QAICDV_DBC_IDLE = 0,
	QAICDV_DBC_ASSIGNED = 1,
	QAICDV_DBC_BEFORE_SHUTDOWN = 2,
	QAICDV_DBC_AFTER_SHUTDOWN = 3,
	QAICDV_DBC_BEFORE_POWER_UP = 4,
	QAICDV_DBC_AFTER_POWER_UP = 5,
	QAICDV_DBC_UNKNOWN = 0xffffffff,	/* no sysfs entry */
};

/*
 * What the kernel tells of the device without firmware (sysfs) and what
 * the firmware answers to MANAGE STATUS. Extensible: pass sizeof(info).
 */
struct qaicdv_device_info {
	uint32_t pci_device_id;		/* 0xa080, 0xa100, 0xa110 */
	uint32_t num_dbc;
	uint32_t dbc_state[QAICDV_MAX_DBC];	/* enum qaicdv_dbc_state */
	int64_t ce_count;		/* RAS counters of the PCI device; */
	int64_t ue_count;		/* -1 when absent */
	int64_t ue_nonfatal_count;
	int32_t status_error;		/* 0, or MANAGE STATUS's -errno */
	uint16_t nnc_major;		/* the firmware's NNC protocol */
	uint16_t nnc_minor;
	uint32_t nnc_status;
	uint32_t reserved;
	uint64_t nnc_status_flags;	/* bit 0: messages carry CRCs */
};

int qaicdv_query_device(struct accel_context *ctx, struct qaicdv_device_info *info,
			size_t info_size);

/* ------------------------------------------------------------------------ */
/* DBCs: the queues                                                         */
/* ------------------------------------------------------------------------ */

enum qaicdv_dbc_attr_mask {
	QAICDV_DBC_ATTR_OPTIONS = 1 << 0,	/* options is valid */
	QAICDV_DBC_ATTR_PRE = 1 << 1,		/* pre is valid */
};

/* extensible: pass sizeof(attr) */
struct qaicdv_dbc_attr {
	uint32_t comp_mask;		/* enum qaicdv_dbc_attr_mask */
	uint32_t queue_size;		/* elements of each DBC queue, > 0 */
	uint32_t options;		/* device-specific, to the firmware */
	uint32_t reserved;
	/*
	 * Transactions sent in the same message before the ACTIVATE (the
	 * firmware's network load, as passthroughs and DMA transfers); their
	 * answers are written back.
	 */
	struct qaicdv_msg *pre;
};

/*
 * Activate a DBC (MANAGE ACTIVATE) and return it as a queue for
 * accel_submit(): accel_queue_create() cannot, the firmware must have a
 * network. Destroying the queue deactivates the DBC.
 */
struct accel_queue *qaicdv_dbc_activate(struct accel_context *ctx,
					const struct qaicdv_dbc_attr *attr, size_t attr_size);
/* A queue of a DBC this file activated with its own qaicdv_manage() */
struct accel_queue *qaicdv_dbc_attach(struct accel_context *ctx, uint32_t dbc_id);
/*
 * MANAGE DEACTIVATE now, then destroy the queue. On -ECANCELED the
 * firmware refused and the queue stays usable; any other error destroys it.
 */
int qaicdv_dbc_deactivate(struct accel_queue *queue);
/* the DBC id of a qaic queue, or a negative errno */
int qaicdv_dbc_id(struct accel_queue *queue);

/* ------------------------------------------------------------------------ */
/* Slicing: the DMA program of a BO                                         */
/* ------------------------------------------------------------------------ */

enum qaicdv_dir {
	QAICDV_TO_DEV = 1,	/* DMA_TO_DEVICE: the device reads the BO */
	QAICDV_FROM_DEV = 2,	/* DMA_FROM_DEVICE: the device writes it */
};

/* struct qaic_sem */
struct qaicdv_sem {
	uint16_t val;		/* 12 bits */
	uint8_t index;		/* 5 bits */
	uint8_t presync;	/* 0 or 1; at most one presync per slice */
	uint8_t cmd;		/* QAIC_SEM_*: 0 NOP .. 6 WAIT_GT_0 */
	uint8_t flags;		/* 1 OUTSYNCFENCE, 2 INSYNCFENCE */
	uint16_t pad;
};

/* struct qaic_attach_slice_entry */
struct qaicdv_slice {
	uint64_t size;		/* bytes; 0 moves no data */
	struct qaicdv_sem sem[4];
	uint64_t dev_addr;
	uint64_t db_addr;	/* aligned to db_len / 8 */
	uint32_t db_data;
	uint32_t db_len;	/* 32, 16, 8 bits; 0 no doorbell */
	uint64_t offset;	/* offset + size <= the BO's size */
};

/*
 * ATTACH_SLICE_BO: slice bo onto the DBC of queue, in direction dir.
 * A BO is sliced once; the provider detaches it before it is freed.
 */
int qaicdv_bo_attach_slices(struct accel_bo *bo, struct accel_queue *queue, uint32_t dir,
			    const struct qaicdv_slice *slices, uint32_t count);
/* DETACH_SLICE_BO: -EBUSY while a transfer of it is queued */
int qaicdv_bo_detach_slices(struct accel_bo *bo);

/* ------------------------------------------------------------------------ */
/* Work                                                                     */
/* ------------------------------------------------------------------------ */

#define QAICDV_SUBMIT_EXT_PARTIAL 0x51a1c001

/*
 * Chained from accel_submit.ext: PARTIAL_EXECUTE_BO, bos[i] moving only
 * its first resize[i] bytes (0: no data, only semaphores and doorbells).
 */
struct qaicdv_submit_partial {
	struct accel_submit_ext ext;	/* type QAICDV_SUBMIT_EXT_PARTIAL */
	const uint64_t *resize;		/* num entries, one per bos[] */
	uint32_t num;
	uint32_t reserved;
};

/*
 * accel_submit() of count sliced BOs in order, each with the access its
 * slicing direction gives; resize NULL for EXECUTE_BO, else as
 * struct qaicdv_submit_partial.
 */
int qaicdv_execute(struct accel_queue *queue, struct accel_bo *const *bos,
		   const uint64_t *resize, uint32_t count, uint64_t *seqno);
/*
 * WAIT_BO: the kernel's relative wait for one BO's transfer, timeout_ms 0
 * meaning the module default (5 s), not a poll. 0, -ETIMEDOUT,
 * -ENOTRECOVERABLE (the DBC went through a subsystem restart: EPIPE),
 * -EPERM (the DBC was deactivated).
 */
int qaicdv_bo_wait(struct accel_bo *bo, uint32_t timeout_ms);

/* one BO's figures of its last transfer */
struct qaicdv_perf_stats {
	struct accel_bo *bo;		/* in: a BO sliced onto the queue */
	uint32_t queue_level_before;	/* DBC elements queued before it */
	uint32_t num_queue_element;	/* elements it took */
	uint32_t submit_latency_us;	/* ioctl entry to doorbell */
	uint32_t device_latency_us;	/* doorbell to completion, 0 if running */
};

/* PERF_STATS_BO for count BOs of queue's DBC */
int qaicdv_perf_stats(struct accel_queue *queue, struct qaicdv_perf_stats *stats,
		      uint32_t count);

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_QAICDV_H */
