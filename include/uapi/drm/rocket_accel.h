/* SPDX-License-Identifier: MIT */
/*
 * Declarations for the rocket accel uAPI (the Rockchip RK3588 NPU, "RKNN").
 *
 * Written for libaccel with the kernel's identifiers; it declares the
 * whole of include/uapi/drm/rocket_accel.h of Linux 7.2 (the interface
 * since 6.18, which rocket_drv.c calls version 1.0; rocket_drm_driver sets
 * no major/minor, so DRM_IOCTL_VERSION answers 0.0.0): four ioctls, their
 * argument structs and the job and task descriptors. The layouts are fixed-width and the same on
 * every ABI; the static asserts at the end pin the sizes.
 *
 * Rules the header does not say (drivers/accel/rocket, 7.2):
 * - CREATE_BO takes a 32-bit size: a BO is below 4 GiB. dma_address is the
 *   BO's address in the file's own NPU address space (one IOMMU domain per
 *   open file); offset is the fake mmap offset of the DRM file.
 * - PREP_BO waits for the BO's WRITE fences (jobs that list it as an out
 *   BO) until an ABSOLUTE CLOCK_MONOTONIC time in ns
 *   (drm_timeout_abs_to_jiffies()): a deadline already past answers EBUSY
 *   when the BO is busy, one that passes while waiting ETIMEDOUT. It then
 *   syncs the CPU caches; FINI_BO syncs them back for the device.
 * - SUBMIT: job_struct_size and task_struct_size are at least the sizes
 *   here (the kernel reads that much of each entry, strides by the given
 *   size); a job needs 1+ tasks with regcmd_count > 0. The fence of a job
 *   is added to its out BOs only; in and out BOs both gate its start
 *   (implicit dependencies). A job the kernel refuses after the array was
 *   copied is dropped without an error: SUBMIT still answers 0.
 * - No dma-buf import (no gem_prime_import_sg_table): a foreign dma-buf
 *   answers EINVAL; export works through PRIME.
 */
#ifndef LIBACCEL_UAPI_ROCKET_ACCEL_H
#define LIBACCEL_UAPI_ROCKET_ACCEL_H

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

#define DRM_ROCKET_CREATE_BO	0x00
#define DRM_ROCKET_SUBMIT	0x01
#define DRM_ROCKET_PREP_BO	0x02
#define DRM_ROCKET_FINI_BO	0x03

/* CREATE_BO: in size; out handle, NPU address and mmap offset */
struct drm_rocket_create_bo {
	__u32 size;
	__u32 handle;
	__u64 dma_address;
	__u64 offset;
};

/* PREP_BO: start CPU access; timeout_ns is an absolute time */
struct drm_rocket_prep_bo {
	__u32 handle;
	__u32 reserved;		/* must be 0 */
	__s64 timeout_ns;
};

/* FINI_BO: end CPU access */
struct drm_rocket_fini_bo {
	__u32 handle;
	__u32 reserved;		/* must be 0 */
};

/* One task: a register command buffer at an NPU address */
struct drm_rocket_task {
	__u32 regcmd;		/* NPU address of the register commands */
	__u32 regcmd_count;	/* commands there, > 0 */
};

/* One job: tasks run in order on one core, with its in/out BO lists */
struct drm_rocket_job {
	__u64 tasks;			/* user pointer to drm_rocket_task[] */
	__u64 in_bo_handles;		/* user pointer to __u32[] read */
	__u64 out_bo_handles;		/* user pointer to __u32[] written */
	__u32 task_count;
	__u32 task_struct_size;		/* >= sizeof(struct drm_rocket_task) */
	__u32 in_bo_handle_count;
	__u32 out_bo_handle_count;
};

/* SUBMIT: job_count jobs of job_struct_size bytes each */
struct drm_rocket_submit {
	__u64 jobs;			/* user pointer to drm_rocket_job[] */
	__u32 job_count;		/* 0: nothing to do, answers 0 */
	__u32 job_struct_size;		/* >= sizeof(struct drm_rocket_job) */
	__u64 reserved;			/* must be 0 */
};

#define DRM_IOCTL_ROCKET_CREATE_BO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_ROCKET_CREATE_BO, struct drm_rocket_create_bo)
#define DRM_IOCTL_ROCKET_SUBMIT \
	DRM_IOW(DRM_COMMAND_BASE + DRM_ROCKET_SUBMIT, struct drm_rocket_submit)
#define DRM_IOCTL_ROCKET_PREP_BO \
	DRM_IOW(DRM_COMMAND_BASE + DRM_ROCKET_PREP_BO, struct drm_rocket_prep_bo)
#define DRM_IOCTL_ROCKET_FINI_BO \
	DRM_IOW(DRM_COMMAND_BASE + DRM_ROCKET_FINI_BO, struct drm_rocket_fini_bo)

#if defined(__cplusplus)
}
#endif

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct drm_rocket_create_bo) == 24, "create_bo layout");
_Static_assert(sizeof(struct drm_rocket_prep_bo) == 16, "prep_bo layout");
_Static_assert(sizeof(struct drm_rocket_fini_bo) == 8, "fini_bo layout");
_Static_assert(sizeof(struct drm_rocket_task) == 8, "task layout");
_Static_assert(sizeof(struct drm_rocket_job) == 40, "job layout");
_Static_assert(sizeof(struct drm_rocket_submit) == 24, "submit layout");
#endif

#endif /* LIBACCEL_UAPI_ROCKET_ACCEL_H */
