/* SPDX-License-Identifier: MIT */
/*
 * Raw-ioctl helpers of the vaccel tests (tests/vm/vaccel_*.c): they drive
 * the kernel module kmod/vaccel through its uAPI
 * (include/uapi/drm/vaccel_accel.h) and the DRM core's ioctls, without
 * libaccel, so what they prove is the kernel's behaviour.
 */
#ifndef VACCEL_UTIL_H
#define VACCEL_UTIL_H

#include <stdint.h>
#include <sys/mman.h>
#include <xf86drm.h>

#include <accel/softdv.h>
#include <uapi/drm/vaccel_accel.h>

#include "vmtest.h"

/* ioctl: 0 or -errno (EINTR retried) */
int vx_ioctl(int fd, unsigned long req, void *arg);

/*
 * (Re)load the module: rmmod vaccel when loaded, modprobe its
 * dependencies (drm_shmem_helper, gpu_sched), insmod ko with params
 * ("devices=2 job_timeout_ms=500"). Skips when ko does not exist.
 */
void vx_load(const char *ko, const char *params);
/* the node of platform device vaccel.<instance>, or NULL */
char *vx_node(int instance);
/* open the node of vaccel.<instance> O_RDWR; fails the test otherwise */
int vx_open(int instance);

uint64_t vx_param(int fd, uint32_t param);
uint32_t vx_bo_create(int fd, uint64_t size);
void vx_bo_info(int fd, uint32_t handle, struct drm_vaccel_bo_info *info);
void *vx_mmap(int fd, uint32_t handle, uint64_t size);
/* munmap every mapping vx_mmap made (they keep their file open) */
void vx_unmap_all(void);
uint64_t vx_addr(int fd, uint32_t handle);

/* absolute CLOCK_MONOTONIC ns, rel_ns from now */
int64_t vx_deadline(int64_t rel_ns);
/* BO_WAIT until rel_ns from now: 0 (and *status) or -errno */
int vx_bo_wait(int fd, uint32_t handle, int64_t rel_ns, int32_t *status);

/* a command BO mapped for writing commands, with a cursor */
struct vx_cmd {
	uint32_t handle;
	uint8_t *map;
	uint32_t size;
	uint32_t len;
};
void vx_cmd_init(int fd, struct vx_cmd *c, uint32_t size);
#define vx_emit(c, fn, ...) ((c)->len += fn((c)->map + (c)->len, ##__VA_ARGS__))

struct vx_submit {
	uint32_t engine;
	struct drm_vaccel_submit_bo bos[8];
	uint32_t bo_count;
	struct drm_vaccel_sync in[4];
	uint32_t in_count;
	struct drm_vaccel_sync out[4];
	uint32_t out_count;
};
/* SUBMIT of c's commands [0, len): 0 or -errno */
int vx_submit(int fd, const struct vx_cmd *c, const struct vx_submit *s);

/* the status of a sync_file: 1 signalled, 0 active, -errno failed */
int vx_sync_file_status(int sync_fd);
/* a sync_file of a timeline syncobj's point (DRM core ioctls) */
int vx_point_sync_file(int fd, uint32_t syncobj, uint64_t point);
/* the status of a syncobj's point, waited for up to rel_ns */
int vx_point_status(int fd, uint32_t syncobj, uint64_t point, int64_t rel_ns);

#endif /* VACCEL_UTIL_H */
