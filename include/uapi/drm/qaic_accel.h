/* SPDX-License-Identifier: MIT */
/*
 * Declarations for the qaic accel uAPI (Qualcomm Cloud AI 080/100/200).
 *
 * Written for libaccel with the kernel's identifiers; it declares the whole
 * of include/uapi/drm/qaic_accel.h of Linux 7.2: all nine ioctls (MANAGE
 * since 6.4, DETACH_SLICE_BO since 6.7, none added up to 7.2), every
 * MANAGE transaction type and payload, the semaphore commands and flags.
 * The layouts are fixed-width and the same on every ABI; the static
 * asserts at the end pin the sizes of the 7.2 structures.
 *
 * Never use the vendor SDK's copy instead: it defines a non-upstream
 * DRM_QAIC_PART_DEV as nr 0x08, which DRM dispatches (by nr) to
 * DETACH_SLICE_BO on a mainline kernel.
 */
#ifndef LIBACCEL_UAPI_QAIC_ACCEL_H
#define LIBACCEL_UAPI_QAIC_ACCEL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#ifndef DRM_IOCTL_BASE
#define DRM_IOCTL_BASE		'd'
#endif
#ifndef DRM_COMMAND_BASE
#define DRM_COMMAND_BASE	0x40
#endif
#ifndef DRM_IOW
#define DRM_IOW(nr, type)	_IOW(DRM_IOCTL_BASE, nr, type)
#endif
#ifndef DRM_IOWR
#define DRM_IOWR(nr, type)	_IOWR(DRM_IOCTL_BASE, nr, type)
#endif

/*
 * Most bytes of transactions one MANAGE message carries, counting its len
 * and count words. The kernel's header spells it SZ_4K, which userspace
 * does not have; the value is 4096.
 */
#define QAIC_MANAGE_MAX_MSG_LENGTH	4096

/* qaic_sem.flags: the semaphore op waits for (in) or gives (out) a fence */
#define QAIC_SEM_INSYNCFENCE	2
#define QAIC_SEM_OUTSYNCFENCE	1

/* qaic_sem.cmd */
#define QAIC_SEM_NOP		0
#define QAIC_SEM_INIT		1
#define QAIC_SEM_INC		2
#define QAIC_SEM_DEC		3
#define QAIC_SEM_WAIT_EQUAL	4
#define QAIC_SEM_WAIT_GT_EQ	5	/* value >= val */
#define QAIC_SEM_WAIT_GT_0	6	/* value > 0 */

/*
 * MANAGE transaction types. *_FROM_USR are what userspace writes; the
 * kernel turns them into *_TO_DEV for the firmware and the firmware's
 * *_FROM_DEV answers into *_TO_USR (or copies them back as they are).
 */
#define QAIC_TRANS_UNDEFINED			0
#define QAIC_TRANS_PASSTHROUGH_FROM_USR		1
#define QAIC_TRANS_PASSTHROUGH_TO_USR		2
#define QAIC_TRANS_PASSTHROUGH_FROM_DEV		3
#define QAIC_TRANS_PASSTHROUGH_TO_DEV		4
#define QAIC_TRANS_DMA_XFER_FROM_USR		5
#define QAIC_TRANS_DMA_XFER_TO_DEV		6
#define QAIC_TRANS_ACTIVATE_FROM_USR		7
#define QAIC_TRANS_ACTIVATE_FROM_DEV		8
#define QAIC_TRANS_ACTIVATE_TO_DEV		9
#define QAIC_TRANS_DEACTIVATE_FROM_USR		10
#define QAIC_TRANS_DEACTIVATE_FROM_DEV		11
#define QAIC_TRANS_STATUS_FROM_USR		12
#define QAIC_TRANS_STATUS_TO_USR		13
#define QAIC_TRANS_STATUS_FROM_DEV		14
#define QAIC_TRANS_STATUS_TO_DEV		15
#define QAIC_TRANS_TERMINATE_FROM_DEV		16
#define QAIC_TRANS_TERMINATE_TO_DEV		17
#define QAIC_TRANS_DMA_XFER_CONT		18
#define QAIC_TRANS_VALIDATE_PARTITION_FROM_DEV	19
#define QAIC_TRANS_VALIDATE_PARTITION_TO_DEV	20

/* Every transaction starts so; len counts the header, a multiple of 8 */
struct qaic_manage_trans_hdr {
	__u32 type;
	__u32 len;
};

/* PASSTHROUGH: payload for the firmware, little endian, padded to 8 */
struct qaic_manage_trans_passthrough {
	struct qaic_manage_trans_hdr hdr;
	__u8 data[];
};

/* DMA_XFER: the kernel pins [addr, addr + size) and has the device read it */
struct qaic_manage_trans_dma_xfer {
	struct qaic_manage_trans_hdr hdr;
	__u32 tag;		/* names the data in later transactions */
	__u32 pad;
	__u64 addr;		/* user virtual address */
	__u64 size;
};

/* ACTIVATE request: the kernel allocates the DBC queues of queue_size */
struct qaic_manage_trans_activate_to_dev {
	struct qaic_manage_trans_hdr hdr;
	__u32 queue_size;	/* elements per request/response queue, > 0 */
	__u32 eventfd;		/* unused */
	__u32 options;		/* device specific, passed to the firmware */
	__u32 pad;		/* 0 */
};

/* ACTIVATE answer */
struct qaic_manage_trans_activate_from_dev {
	struct qaic_manage_trans_hdr hdr;
	__u32 status;		/* the device's code, 0 = success */
	__u32 dbc_id;		/* the DBC now owned by this file */
	__u64 options;		/* device specific */
};

/* DEACTIVATE request (the answer carries no payload to userspace) */
struct qaic_manage_trans_deactivate {
	struct qaic_manage_trans_hdr hdr;
	__u32 dbc_id;
	__u32 pad;		/* 0 */
};

/* STATUS request: header only */
struct qaic_manage_trans_status_to_dev {
	struct qaic_manage_trans_hdr hdr;
};

/* STATUS answer: the NNC protocol version of the firmware */
struct qaic_manage_trans_status_from_dev {
	struct qaic_manage_trans_hdr hdr;
	__u16 major;
	__u16 minor;
	__u32 status;		/* 0 = success */
	__u64 status_flags;	/* bit 0: messages carry a CRC */
};

/* DRM_IOCTL_QAIC_MANAGE: transactions in, the answers written in place */
struct qaic_manage_msg {
	__u32 len;		/* bytes of transactions at data */
	__u32 count;		/* transactions at data */
	__u64 data;		/* user pointer, QAIC_MANAGE_MAX_MSG_LENGTH room */
};

/* DRM_IOCTL_QAIC_CREATE_BO: size is page aligned up by the kernel */
struct qaic_create_bo {
	__u64 size;
	__u32 handle;		/* out */
	__u32 pad;		/* 0 */
};

/* DRM_IOCTL_QAIC_MMAP_BO: the fake offset for mmap() on the DRM file */
struct qaic_mmap_bo {
	__u32 handle;
	__u32 pad;		/* 0 */
	__u64 offset;		/* out */
};

/* One semaphore operation of a slice; all zero means none */
struct qaic_sem {
	__u16 val;		/* 12 bits */
	__u8 index;		/* 5 bits */
	__u8 presync;		/* 1: before the transfer, 0: after */
	__u8 cmd;		/* QAIC_SEM_* */
	__u8 flags;		/* QAIC_SEM_INSYNCFENCE, QAIC_SEM_OUTSYNCFENCE */
	__u16 pad;		/* 0 */
};

/* One slice of a BO: a DMA between [offset, offset + size) and dev_addr */
struct qaic_attach_slice_entry {
	__u64 size;		/* 0: no data moves, only sems and doorbell */
	struct qaic_sem sem0;
	struct qaic_sem sem1;
	struct qaic_sem sem2;
	struct qaic_sem sem3;
	__u64 dev_addr;		/* device address pushed to or pulled from */
	__u64 db_addr;		/* doorbell address, aligned to db_len / 8 */
	__u32 db_data;
	__u32 db_len;		/* doorbell width in bits: 32, 16, 8; 0 none */
	__u64 offset;		/* into the BO */
};

struct qaic_attach_slice_hdr {
	__u32 count;		/* slice entries at data, > 0 */
	__u32 dbc_id;		/* the DBC the BO is sliced onto */
	__u32 handle;
	__u32 dir;		/* 1 = DMA_TO_DEVICE, 2 = DMA_FROM_DEVICE */
	__u64 size;		/* ignored: the BO's size is used */
};

/* DRM_IOCTL_QAIC_ATTACH_SLICE_BO */
struct qaic_attach_slice {
	struct qaic_attach_slice_hdr hdr;
	__u64 data;		/* user pointer to count entries */
};

/* A BO to transfer; dir is not read: the slicing decided it */
struct qaic_execute_entry {
	__u32 handle;
	__u32 dir;		/* 1 = to device, 2 = from device */
};

/* The same, moving only the first resize bytes (0: no data at all) */
struct qaic_partial_execute_entry {
	__u32 handle;
	__u32 dir;
	__u64 resize;		/* <= the BO's size */
};

struct qaic_execute_hdr {
	__u32 count;		/* entries at data, > 0 */
	__u32 dbc_id;
};

/* DRM_IOCTL_QAIC_EXECUTE_BO and DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO */
struct qaic_execute {
	struct qaic_execute_hdr hdr;
	__u64 data;		/* qaic_execute_entry or _partial_ entries */
};

/* DRM_IOCTL_QAIC_WAIT_BO: relative timeout, 0 = the module's default */
struct qaic_wait {
	__u32 handle;
	__u32 timeout;		/* ms */
	__u32 dbc_id;
	__u32 pad;		/* 0 */
};

struct qaic_perf_stats_hdr {
	__u16 count;		/* entries at data */
	__u16 pad;
	__u32 dbc_id;
};

/* DRM_IOCTL_QAIC_PERF_STATS_BO */
struct qaic_perf_stats {
	struct qaic_perf_stats_hdr hdr;
	__u64 data;		/* user pointer to count entries, in and out */
};

struct qaic_perf_stats_entry {
	__u32 handle;			/* in */
	__u32 queue_level_before;	/* out: elements queued before it */
	__u32 num_queue_element;	/* out: elements it took */
	__u32 submit_latency_us;	/* out: ioctl entry to doorbell */
	__u32 device_latency_us;	/* out: doorbell to completion, 0 if not yet */
	__u32 pad;
};

/* DRM_IOCTL_QAIC_DETACH_SLICE_BO: undo ATTACH_SLICE_BO of an idle BO */
struct qaic_detach_slice {
	__u32 handle;
	__u32 pad;		/* 0 */
};

#define DRM_QAIC_MANAGE			0x00
#define DRM_QAIC_CREATE_BO		0x01
#define DRM_QAIC_MMAP_BO		0x02
#define DRM_QAIC_ATTACH_SLICE_BO	0x03
#define DRM_QAIC_EXECUTE_BO		0x04
#define DRM_QAIC_PARTIAL_EXECUTE_BO	0x05
#define DRM_QAIC_WAIT_BO		0x06
#define DRM_QAIC_PERF_STATS_BO		0x07
#define DRM_QAIC_DETACH_SLICE_BO	0x08

#define DRM_IOCTL_QAIC_MANAGE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QAIC_MANAGE, struct qaic_manage_msg)
#define DRM_IOCTL_QAIC_CREATE_BO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QAIC_CREATE_BO, struct qaic_create_bo)
#define DRM_IOCTL_QAIC_MMAP_BO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QAIC_MMAP_BO, struct qaic_mmap_bo)
#define DRM_IOCTL_QAIC_ATTACH_SLICE_BO \
	DRM_IOW(DRM_COMMAND_BASE + DRM_QAIC_ATTACH_SLICE_BO, struct qaic_attach_slice)
#define DRM_IOCTL_QAIC_EXECUTE_BO \
	DRM_IOW(DRM_COMMAND_BASE + DRM_QAIC_EXECUTE_BO, struct qaic_execute)
#define DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO \
	DRM_IOW(DRM_COMMAND_BASE + DRM_QAIC_PARTIAL_EXECUTE_BO, struct qaic_execute)
#define DRM_IOCTL_QAIC_WAIT_BO \
	DRM_IOW(DRM_COMMAND_BASE + DRM_QAIC_WAIT_BO, struct qaic_wait)
#define DRM_IOCTL_QAIC_PERF_STATS_BO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QAIC_PERF_STATS_BO, struct qaic_perf_stats)
#define DRM_IOCTL_QAIC_DETACH_SLICE_BO \
	DRM_IOW(DRM_COMMAND_BASE + DRM_QAIC_DETACH_SLICE_BO, struct qaic_detach_slice)

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct qaic_manage_trans_hdr) == 8, "trans_hdr layout");
_Static_assert(sizeof(struct qaic_manage_trans_dma_xfer) == 32, "dma_xfer layout");
_Static_assert(sizeof(struct qaic_manage_trans_activate_to_dev) == 24,
	       "activate_to_dev layout");
_Static_assert(sizeof(struct qaic_manage_trans_activate_from_dev) == 24,
	       "activate_from_dev layout");
_Static_assert(sizeof(struct qaic_manage_trans_deactivate) == 16, "deactivate layout");
_Static_assert(sizeof(struct qaic_manage_trans_status_from_dev) == 24,
	       "status_from_dev layout");
_Static_assert(sizeof(struct qaic_manage_msg) == 16, "manage_msg layout");
_Static_assert(sizeof(struct qaic_create_bo) == 16, "create_bo layout");
_Static_assert(sizeof(struct qaic_mmap_bo) == 16, "mmap_bo layout");
_Static_assert(sizeof(struct qaic_sem) == 8, "sem layout");
_Static_assert(sizeof(struct qaic_attach_slice_entry) == 72, "slice entry layout");
_Static_assert(sizeof(struct qaic_attach_slice) == 32, "attach_slice layout");
_Static_assert(sizeof(struct qaic_execute_entry) == 8, "execute_entry layout");
_Static_assert(sizeof(struct qaic_partial_execute_entry) == 16,
	       "partial_execute_entry layout");
_Static_assert(sizeof(struct qaic_execute) == 16, "execute layout");
_Static_assert(sizeof(struct qaic_wait) == 16, "wait layout");
_Static_assert(sizeof(struct qaic_perf_stats) == 16, "perf_stats layout");
_Static_assert(sizeof(struct qaic_perf_stats_entry) == 24, "perf_stats_entry layout");
_Static_assert(sizeof(struct qaic_detach_slice) == 8, "detach_slice layout");
#endif

#endif /* LIBACCEL_UAPI_QAIC_ACCEL_H */
