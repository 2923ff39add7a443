/* SPDX-License-Identifier: MIT */
/*
 * Declarations for the ethosu accel uAPI (Arm Ethos-U65 and Ethos-U85).
 *
 * Written for libaccel with the kernel's identifiers; it declares the
 * whole of include/uapi/drm/ethosu_accel.h of Linux 7.2 (driver version
 * 1.0, the interface since 6.19): six ioctls, whose request codes are
 * enumerators as in the kernel's header, the query type, the NPU id
 * decode macros, the BO flag and the argument structs. The layouts are
 * fixed-width and the same on every ABI; the static asserts pin the sizes.
 *
 * Rules the header does not say (drivers/accel/ethosu, 7.2):
 * - DEV_QUERY with pointer 0 answers the struct's size; otherwise size
 *   must cover sram_size (EINVAL) and min(size, kernel size) is copied,
 *   the rest of a larger user struct zeroed.
 * - BO_CREATE: size > 0, flags within DRM_ETHOSU_BO_NO_MMAP (EINVAL); the
 *   memory is DMA-contiguous (CMA) and the page-aligned size comes back.
 * - Command streams are BOs only CMDSTREAM_BO_CREATE makes: the kernel
 *   copies size bytes from data, validates them as a command stream and
 *   records which regions it reads and writes; such BOs cannot be mapped.
 * - SUBMIT: pad must be 0; each job names a command stream BO, and BOs
 *   for the regions the stream uses (0 = none); region 2 is the SRAM when
 *   sram_size is not 0. The job's fence goes on the BOs of the regions the
 *   stream writes only; every region BO gates the start.
 * - BO_WAIT waits for a BO's fences until an ABSOLUTE CLOCK_MONOTONIC
 *   time in ns (drm_timeout_abs_to_jiffies()); pad must be 0.
 * - No dma-buf import (EINVAL for a foreign dma-buf); export through PRIME.
 */
#ifndef LIBACCEL_UAPI_ETHOSU_ACCEL_H
#define LIBACCEL_UAPI_ETHOSU_ACCEL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#ifndef DRM_IOCTL_BASE
#define DRM_IOCTL_BASE		'd'
#endif
#ifndef DRM_COMMAND_BASE
#define DRM_COMMAND_BASE	0x40
#endif
#ifndef DRM_IOWR
#define DRM_IOWR(nr, type)	_IOWR(DRM_IOCTL_BASE, nr, type)
#endif

#if defined(__cplusplus)
extern "C" {
#endif

/* ioctl numbers, relative to DRM_COMMAND_BASE */
enum drm_ethosu_ioctl_id {
	DRM_ETHOSU_DEV_QUERY = 0,
	DRM_ETHOSU_BO_CREATE,
	DRM_ETHOSU_BO_WAIT,
	DRM_ETHOSU_BO_MMAP_OFFSET,
	DRM_ETHOSU_CMDSTREAM_BO_CREATE,
	DRM_ETHOSU_SUBMIT,
};

enum drm_ethosu_dev_query_type {
	DRM_ETHOSU_DEV_QUERY_NPU_INFO = 0,
};

/* DRM_ETHOSU_DEV_QUERY_NPU_INFO: the NPU's ID and CONFIG registers */
struct drm_ethosu_npu_info {
	__u32 id;
#define DRM_ETHOSU_ARCH_MAJOR(x)	((x) >> 28)
#define DRM_ETHOSU_ARCH_MINOR(x)	(((x) >> 20) & 0xff)
#define DRM_ETHOSU_ARCH_PATCH(x)	(((x) >> 16) & 0xf)
#define DRM_ETHOSU_PRODUCT_MAJOR(x)	(((x) >> 12) & 0xf)
#define DRM_ETHOSU_VERSION_MAJOR(x)	(((x) >> 8) & 0xf)
#define DRM_ETHOSU_VERSION_MINOR(x)	(((x) >> 4) & 0xff)
#define DRM_ETHOSU_VERSION_STATUS(x)	((x) & 0xf)
	__u32 config;
	__u32 sram_size;	/* bytes of SRAM, 0 when there is none */
};

struct drm_ethosu_dev_query {
	__u32 type;		/* enum drm_ethosu_dev_query_type */
	__u32 size;		/* bytes at pointer; pointer 0: answered */
	__u64 pointer;		/* 0: only size is answered */
};

enum drm_ethosu_bo_flags {
	DRM_ETHOSU_BO_NO_MMAP = (1 << 0),
};

struct drm_ethosu_bo_create {
	__u64 size;		/* in: bytes; out: the page-aligned size */
	__u32 flags;		/* enum drm_ethosu_bo_flags */
	__u32 handle;		/* out, not 0 */
};

struct drm_ethosu_bo_mmap_offset {
	__u32 handle;
	__u32 pad;		/* must be 0 */
	__u64 offset;		/* out: fake offset for mmap */
};

struct drm_ethosu_bo_wait {
	__u32 handle;
	__u32 pad;		/* must be 0 */
	__s64 timeout_ns;	/* absolute */
};

struct drm_ethosu_cmdstream_bo_create {
	__u32 size;		/* bytes at data, > 0 */
	__u32 flags;		/* must be 0 */
	__u64 data;		/* user pointer to the command stream */
	__u32 handle;		/* out */
	__u32 pad;		/* must be 0 */
};

#define ETHOSU_MAX_REGIONS	8

/* One job: a command stream with its regions' BOs */
struct drm_ethosu_job {
	__u32 cmd_bo;		/* a CMDSTREAM_BO_CREATE handle */
	__u32 sram_size;	/* bytes of SRAM the stream uses (region 2) */
	__u32 region_bo_handles[ETHOSU_MAX_REGIONS];	/* 0: no BO */
};

struct drm_ethosu_submit {
	__u64 jobs;		/* user pointer to drm_ethosu_job[] */
	__u32 job_count;
	__u32 pad;		/* must be 0 */
};

/* Builds a request code, as the kernel's header does */
#define DRM_IOCTL_ETHOSU(__access, __id, __type) \
	DRM_IO ## __access(DRM_COMMAND_BASE + DRM_ETHOSU_ ## __id, \
			   struct drm_ethosu_ ## __type)

enum {
	DRM_IOCTL_ETHOSU_DEV_QUERY =
		DRM_IOCTL_ETHOSU(WR, DEV_QUERY, dev_query),
	DRM_IOCTL_ETHOSU_BO_CREATE =
		DRM_IOCTL_ETHOSU(WR, BO_CREATE, bo_create),
	DRM_IOCTL_ETHOSU_BO_WAIT =
		DRM_IOCTL_ETHOSU(WR, BO_WAIT, bo_wait),
	DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET =
		DRM_IOCTL_ETHOSU(WR, BO_MMAP_OFFSET, bo_mmap_offset),
	DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE =
		DRM_IOCTL_ETHOSU(WR, CMDSTREAM_BO_CREATE, cmdstream_bo_create),
	DRM_IOCTL_ETHOSU_SUBMIT =
		DRM_IOCTL_ETHOSU(WR, SUBMIT, submit),
};

#if defined(__cplusplus)
}
#endif

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct drm_ethosu_npu_info) == 12, "npu_info layout");
_Static_assert(sizeof(struct drm_ethosu_dev_query) == 16, "dev_query layout");
_Static_assert(sizeof(struct drm_ethosu_bo_create) == 16, "bo_create layout");
_Static_assert(sizeof(struct drm_ethosu_bo_mmap_offset) == 16, "mmap_offset layout");
_Static_assert(sizeof(struct drm_ethosu_bo_wait) == 16, "bo_wait layout");
_Static_assert(sizeof(struct drm_ethosu_cmdstream_bo_create) == 24, "cmdstream layout");
_Static_assert(sizeof(struct drm_ethosu_job) == 40, "job layout");
_Static_assert(sizeof(struct drm_ethosu_submit) == 16, "submit layout");
#endif

#endif /* LIBACCEL_UAPI_ETHOSU_ACCEL_H */
