/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * vaccel_accel.h - uAPI of vaccel, libaccel's reference accel kernel
 * driver (kmod/vaccel). This header is the interface's authority: the
 * module and the libaccel provider (providers/vaccel) both build from it.
 *
 * vaccel registers a compute accel device (/dev/accel/accelN, driver name
 * "vaccel", DRM_IOCTL_VERSION 1.0.0) with GEM (shmem-backed BOs, PRIME
 * export and import), syncobjs and timeline syncobjs. Its engines execute
 * the soft device's command format (include/accel/softdv.h, accel_soft(7):
 * same opcodes, sizes and encoding) over the BOs' pages, one DRM scheduler
 * per engine, jobs of an engine one at a time in submission order.
 *
 * Conventions:
 * - Every flags and pad field must be 0 unless a flag is defined for it;
 *   anything else answers EINVAL. Structures only grow at their end
 *   (the DRM core zero-fills the tail an older caller does not pass).
 * - Device addresses: every BO (also an imported one) gets a device
 *   address the first time BO_INFO or SUBMIT names it, unique in the
 *   device and fixed for the BO's life, at or above
 *   DRM_VACCEL_DEVICE_ADDR_BASE, with an unmapped guard page after each
 *   BO. Address 0 is never a BO's.
 * - Job status: a job that fails sets an error on its fence (the
 *   scheduler's finished fence, which is what the out syncobj points,
 *   sync_files and the BOs' reservations carry): dma_fence error, read
 *   back as a sync_file's status or BO_WAIT's job_status:
 *     -EINVAL     the stream breaks the format (unknown opcode, header
 *                 flags or reserved field not 0, size below 8, not a
 *                 multiple of 8, past the end of the stream or not the
 *                 opcode's size, zero length, misaligned address,
 *                 overlapping COPY ranges, unknown WAIT_VALUE cmp);
 *     -EFAULT     a command touches a byte outside the BOs of the job,
 *                 writes a BO the job lists without DRM_VACCEL_BO_WRITE
 *                 or reads one listed without DRM_VACCEL_BO_READ;
 *     -ETIME      a WAIT_VALUE's own timeout_ns passed, or the job ran
 *                 longer than the module's job timeout (parameter
 *                 job_timeout_ms, GET_PARAM JOB_TIMEOUT_MS) and the
 *                 scheduler's timeout handler stopped it;
 *     -ECANCELED  the device was unplugged (a running job is aborted,
 *                 queued ones do not run), or an in_syncs fence
 *                 signalled with an error (the job does not run);
 *     -ESRCH      the job had not started when its file was closed: the
 *                 scheduler waits up to 1 s for the file's queued jobs to
 *                 start, then drops them (drm_sched_entity_kill).
 *   A failed job skips its remaining commands; the engine goes on with the
 *   next job. The command stream is read when the job runs (as hardware
 *   reads it), so CPU writes to the command BO after SUBMIT and before the
 *   job starts are seen by the job.
 * - Every ioctl of an unplugged device answers ENODEV.
 */
#ifndef _VACCEL_ACCEL_H_
#define _VACCEL_ACCEL_H_

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

#if defined(__cplusplus)
extern "C" {
#endif

#define DRM_VACCEL_DRIVER_NAME		"vaccel"
#define DRM_VACCEL_DEVICE_ID		0x7661	/* "va" */
#define DRM_VACCEL_VERSION_MAJOR	1
#define DRM_VACCEL_VERSION_MINOR	0
#define DRM_VACCEL_CMD_VERSION		1	/* = SOFTDV_CMD_VERSION */
#define DRM_VACCEL_DEVICE_ADDR_BASE	0x100000000ull	/* 4 GiB */

/* Limits SUBMIT applies (EINVAL above them) */
#define DRM_VACCEL_MAX_CMD_SIZE		(4u << 20)	/* = SOFTDV_MAX_CMD_SIZE */
#define DRM_VACCEL_MAX_BOS		1024	/* bo_count */
#define DRM_VACCEL_MAX_SYNCS		64	/* in_sync_count, out_sync_count */

/* ioctl numbers, relative to DRM_COMMAND_BASE; never renumbered */
#define DRM_VACCEL_GET_PARAM	0x00
#define DRM_VACCEL_BO_CREATE	0x01
#define DRM_VACCEL_BO_INFO	0x02
#define DRM_VACCEL_SUBMIT	0x03
#define DRM_VACCEL_BO_WAIT	0x04

/*
 * GET_PARAM: param in, value out. An unknown param or a nonzero pad
 * answers EINVAL.
 */
#define DRM_VACCEL_PARAM_DEVICE_ID	0  /* DRM_VACCEL_DEVICE_ID */
#define DRM_VACCEL_PARAM_DEVICE_VERSION	1  /* (major << 16) | minor */
#define DRM_VACCEL_PARAM_CMD_VERSION	2  /* command format, DRM_VACCEL_CMD_VERSION */
#define DRM_VACCEL_PARAM_NUM_ENGINES	3  /* engines (SUBMIT's engine < this) */
#define DRM_VACCEL_PARAM_MEM_SIZE	4  /* bytes all BOs of the device may take */
#define DRM_VACCEL_PARAM_MEM_USED	5  /* bytes BO_CREATE has allocated now */
#define DRM_VACCEL_PARAM_MAX_BO_SIZE	6  /* largest BO_CREATE size, bytes */
#define DRM_VACCEL_PARAM_BUSY_TIME_NS	7  /* ns the engines ran jobs, summed */
#define DRM_VACCEL_PARAM_JOB_TIMEOUT_MS	8  /* the scheduler's job timeout */
#define DRM_VACCEL_PARAM_INSTANCE	9  /* N of the platform device vaccel.N */
#define DRM_VACCEL_PARAM_DEVICE_ADDR_BASE 10 /* DRM_VACCEL_DEVICE_ADDR_BASE */

struct drm_vaccel_get_param {
	__u32 param;	/* in: DRM_VACCEL_PARAM_* */
	__u32 pad;	/* in: 0 */
	__u64 value;	/* out */
};

/*
 * BO_CREATE: a shmem-backed BO of size bytes (rounded up to the page
 * size; 0 or above MAX_BO_SIZE answers EINVAL, beyond what MEM_SIZE has
 * left ENOMEM). Its pages are allocated on first use (mmap fault or the
 * first job), zero-filled. handle out. The BO is CPU-mapped cached
 * (coherent with the engines: they run on the CPU).
 */
struct drm_vaccel_bo_create {
	__u64 size;	/* in */
	__u32 flags;	/* in: 0 */
	__u32 handle;	/* out */
};

/*
 * BO_INFO: of a handle (also an imported one): the fake offset to mmap
 * the DRM file at, the BO's device address and its size. An unknown
 * handle answers ENOENT. An imported BO is mapped through its exporter
 * (mmap of the accel fd at mmap_offset works as for any GEM shmem BO).
 */
struct drm_vaccel_bo_info {
	__u32 handle;		/* in */
	__u32 flags;		/* in: 0 */
	__u64 mmap_offset;	/* out */
	__u64 device_addr;	/* out */
	__u64 size;		/* out */
};

/* SUBMIT's BO list entry: access mode of the job to that BO */
#define DRM_VACCEL_BO_READ	(1u << 0)	/* commands may read it */
#define DRM_VACCEL_BO_WRITE	(1u << 1)	/* commands may write it */
/*
 * Explicit sync for this BO: the job does not wait for the fences in the
 * BO's reservation, and its fence goes in with DMA_RESV_USAGE_BOOKKEEP,
 * which implicit sync (other jobs, dma-buf poll, DMA_BUF_IOCTL_EXPORT_SYNC_FILE)
 * ignores and BO_WAIT still waits for. Use it for memory that jobs of
 * different engines share through WAIT_VALUE / WRITE_VALUE, since with
 * implicit sync a writer waits for every reader to finish.
 */
#define DRM_VACCEL_BO_EXPLICIT	(1u << 2)

struct drm_vaccel_submit_bo {
	__u32 handle;
	__u32 flags;	/* READ and/or WRITE (one at least), EXPLICIT */
};

/*
 * A syncobj and a point: point 0 names a binary syncobj (or the current
 * fence of a timeline one), point > 0 a timeline point.
 */
struct drm_vaccel_sync {
	__u32 handle;
	__u32 flags;	/* 0 */
	__u64 point;
};

/*
 * SUBMIT: run the command stream at cmd_offset (8-byte aligned) of BO
 * cmd_handle, cmd_size bytes (a multiple of 8, 8 up to MAX_CMD_SIZE,
 * inside the BO), on engine `engine` of the device, as one job.
 *
 * Commands address memory by device address; each byte a command
 * touches must lie in one BO of the job, with the access it needs. The
 * job's BOs are the bos array (bo_count entries, no handle twice), plus
 * the command BO with READ access when the array does not list it (list
 * it with WRITE for commands that write it).
 *
 * The job starts when (1) every in_syncs fence has signalled (a syncobj
 * without a fence, or a timeline point not yet submitted, answers EINVAL
 * as drm_syncobj_find_fence does without WAIT_FOR_SUBMIT; an unknown
 * handle ENOENT), (2) implicit sync: for a BO it writes, all fences in
 * its reservation, for a BO it only reads, the write fences
 * (drm_sched_job_add_implicit_dependencies), except for EXPLICIT BOs, and
 * (3) the previous job of the same engine from this file has finished.
 * An in_syncs fence that signalled with an error fails the job with
 * -ECANCELED without running it (the scheduler itself does not pass
 * errors on); implicit dependencies do not.
 *
 * On success the job's fence is in the reservation of every BO
 * (DMA_RESV_USAGE_WRITE for WRITE access, READ otherwise, BOOKKEEP for
 * EXPLICIT), and in every out_syncs syncobj: point 0 replaces the fence of
 * a binary syncobj, point > 0 adds that timeline point. Points should
 * grow: drm_syncobj_add_point() takes a lower one too, but the timeline's
 * payload (DRM_IOCTL_SYNCOBJ_QUERY) then reads wrong.
 *
 * SUBMIT maps every BO of the job into the kernel (vmap, pinning its
 * pages) until the job is freed.
 *
 * Errors: EINVAL (flags, pads, engine, sizes, alignment, counts, a BO
 * flag, a duplicate BO, an imported BO whose exporter maps it as I/O
 * memory), ENOENT (a BO or syncobj handle), EFAULT (an array pointer),
 * ENOMEM, ENODEV (unplugged), EINTR/ERESTARTSYS, or the exporter's error
 * when an imported BO cannot be vmapped. Nothing happens when SUBMIT fails.
 */
struct drm_vaccel_submit {
	__u32 cmd_handle;	/* command BO */
	__u32 engine;		/* 0 .. NUM_ENGINES - 1 */
	__u64 cmd_offset;	/* bytes, 8-aligned */
	__u32 cmd_size;		/* bytes, multiple of 8, 8..MAX_CMD_SIZE */
	__u32 flags;		/* 0 */
	__u64 bos;		/* pointer to struct drm_vaccel_submit_bo[] */
	__u32 bo_count;
	__u32 in_sync_count;
	__u64 in_syncs;		/* pointer to struct drm_vaccel_sync[] */
	__u32 out_sync_count;
	__u32 pad;		/* 0 */
	__u64 out_syncs;	/* pointer to struct drm_vaccel_sync[] */
};

/*
 * BO_WAIT: wait until no job uses the BO (every fence of its reservation
 * signalled, BOOKKEEP ones included) or until timeout_ns, an ABSOLUTE
 * CLOCK_MONOTONIC time in ns (drm_timeout_abs_to_jiffies; one in the
 * past polls). Answers 0 and job_status when idle: 0, or the first
 * error found among the BO's fences (the most recent job of each
 * engine and file that used it), a negative errno as listed above.
 * A BO still busy at the deadline answers ETIMEDOUT; an unknown handle
 * ENOENT; a signal EINTR/ERESTARTSYS.
 */
struct drm_vaccel_bo_wait {
	__u32 handle;		/* in */
	__u32 flags;		/* in: 0 */
	__s64 timeout_ns;	/* in: absolute CLOCK_MONOTONIC */
	__s32 job_status;	/* out: 0 or -errno */
	__u32 pad;		/* 0 */
};

#define DRM_IOCTL_VACCEL_GET_PARAM \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VACCEL_GET_PARAM, struct drm_vaccel_get_param)
#define DRM_IOCTL_VACCEL_BO_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VACCEL_BO_CREATE, struct drm_vaccel_bo_create)
#define DRM_IOCTL_VACCEL_BO_INFO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VACCEL_BO_INFO, struct drm_vaccel_bo_info)
#define DRM_IOCTL_VACCEL_SUBMIT \
	DRM_IOW(DRM_COMMAND_BASE + DRM_VACCEL_SUBMIT, struct drm_vaccel_submit)
#define DRM_IOCTL_VACCEL_BO_WAIT \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VACCEL_BO_WAIT, struct drm_vaccel_bo_wait)

#if defined(__cplusplus)
}
#endif

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct drm_vaccel_get_param) == 16, "get_param layout");
_Static_assert(sizeof(struct drm_vaccel_bo_create) == 16, "bo_create layout");
_Static_assert(sizeof(struct drm_vaccel_bo_info) == 32, "bo_info layout");
_Static_assert(sizeof(struct drm_vaccel_submit_bo) == 8, "submit_bo layout");
_Static_assert(sizeof(struct drm_vaccel_sync) == 16, "sync layout");
_Static_assert(sizeof(struct drm_vaccel_submit) == 64, "submit layout");
_Static_assert(sizeof(struct drm_vaccel_bo_wait) == 24, "bo_wait layout");
#endif

#endif /* _VACCEL_ACCEL_H_ */
