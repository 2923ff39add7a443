/* SPDX-License-Identifier: MIT */
/*
 * "shimgem": a fake GEM driver linked only into the GEM core's tests
 * (test_shim_gem.c). Two models: "shimgem" declares DRIVER_GEM |
 * DRIVER_SYNCOBJ | DRIVER_SYNCOBJ_TIMELINE and imports foreign dma-bufs
 * (as ivpu, amdxdna); "shimgem_lite" is DRIVER_GEM alone and refuses
 * foreign imports (as rocket, ethosu).
 *
 * Its ioctls (DRM_COMMAND_BASE + n):
 *   0 CREATE_BO: size in, handle and fake mmap offset out
 *   1 SUBMIT: a job on a BO: a new fence added to its resv with usage,
 *     optionally the out-syncobj's payload (point 0) or a timeline point;
 *     returns the job id the test signals with shimgem_job_signal()
 *   2 BO_WAIT: shim_gem_wait() with a usage until an absolute timeout
 */
#ifndef SHIM_GEMTEST_H
#define SHIM_GEMTEST_H

#include <linux/ioctl.h>
#include <stdint.h>

struct shimgem_create_bo {
	uint64_t size;
	uint32_t handle;
	uint32_t pad;
	uint64_t offset;
};

struct shimgem_submit {
	uint32_t handle;	/* the BO */
	uint32_t usage;		/* enum shim_resv_usage */
	uint32_t syncobj;	/* 0: none */
	uint32_t pad;
	uint64_t point;		/* 0: the syncobj's binary payload */
	uint64_t job;		/* out */
};

struct shimgem_bo_wait {
	uint32_t handle;
	uint32_t usage;
	int64_t timeout_abs_ns;	/* CLOCK_MONOTONIC; INT64_MAX: forever */
};

#define DRM_IOCTL_SHIMGEM_CREATE_BO	_IOWR('d', 0x40, struct shimgem_create_bo)
#define DRM_IOCTL_SHIMGEM_SUBMIT	_IOWR('d', 0x41, struct shimgem_submit)
#define DRM_IOCTL_SHIMGEM_BO_WAIT	_IOW('d', 0x42, struct shimgem_bo_wait)

/* signal job's fence with error (0 or -errno), after delay_ns (0: now) */
int shimgem_job_signal(uint64_t job, int error, int64_t delay_ns);

#endif /* SHIM_GEMTEST_H */
