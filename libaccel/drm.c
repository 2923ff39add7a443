// SPDX-License-Identifier: MIT
/*
 * Generic DRM helpers for providers: one place for the ioctl retry rule,
 * DRM_IOCTL_VERSION, GEM close, PRIME and syncobjs. Structures and request
 * codes come from libdrm's drm.h.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <xf86drm.h>

#include "accel_internal.h"
#include "drm_ioctl.h"

ACCEL_EXPORT int accel_ioctl(int fd, unsigned long request, void *arg)
{
	return accel_ioctl_inline(fd, request, arg);
}

/*
 * One DRM_IOCTL_VERSION (struct drm_version of libdrm's drm.h) into fixed
 * buffers: drmGetVersion() would ask twice and copy three strings to the
 * heap, and only the name and numbers are wanted. A longer name is cut.
 */
ACCEL_EXPORT int accel_drm_version(int fd, char *name, size_t name_len,
				   int *major, int *minor, int *patch)
{
	struct drm_version v;
	char buf[64];
	int ret;

	memset(&v, 0, sizeof(v));
	v.name = buf;
	v.name_len = sizeof(buf) - 1;
	ret = accel_ioctl(fd, DRM_IOCTL_VERSION, &v);
	if (ret)
		return ret;
	buf[v.name_len < sizeof(buf) - 1 ? v.name_len : sizeof(buf) - 1] = 0;
	if (name && name_len) {
		strncpy(name, buf, name_len - 1);
		name[name_len - 1] = 0;
	}
	if (major)
		*major = v.version_major;
	if (minor)
		*minor = v.version_minor;
	if (patch)
		*patch = v.version_patchlevel;
	return 0;
}

ACCEL_EXPORT int accel_drm_gem_close(int fd, uint32_t handle)
{
	return accel_drm_gem_close_inline(fd, handle);
}

ACCEL_EXPORT int accel_drm_prime_handle_to_fd(int fd, uint32_t handle,
					      uint32_t flags, int *dmabuf_fd)
{
	struct drm_prime_handle p = { .handle = handle, .flags = flags, .fd = -1 };
	int ret;

	if (!dmabuf_fd)
		return -EINVAL;
	ret = accel_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p);
	if (!ret)
		*dmabuf_fd = p.fd;
	return ret;
}

ACCEL_EXPORT int accel_drm_prime_fd_to_handle(int fd, int dmabuf_fd,
					      uint32_t *handle)
{
	if (!handle)
		return -EINVAL;
	return accel_drm_prime_fd_to_handle_inline(fd, dmabuf_fd, handle);
}

ACCEL_EXPORT int accel_drm_syncobj_create(int fd, uint32_t flags,
					  uint32_t *handle)
{
	struct drm_syncobj_create c = { .flags = flags };
	int ret;

	if (!handle)
		return -EINVAL;
	ret = accel_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c);
	if (!ret)
		*handle = c.handle;
	return ret;
}

ACCEL_EXPORT int accel_drm_syncobj_destroy(int fd, uint32_t handle)
{
	struct drm_syncobj_destroy d = { .handle = handle };

	return accel_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d);
}

ACCEL_EXPORT int accel_drm_syncobj_wait(int fd, const uint32_t *handles,
					uint32_t count, int64_t abs_timeout_ns,
					uint32_t flags, uint32_t *first_signaled)
{
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)handles,
		.timeout_nsec = abs_timeout_ns,
		.count_handles = count,
		.flags = flags,
	};
	int ret;

	if (!handles || !count)
		return -EINVAL;
	ret = accel_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
	if (!ret && first_signaled)
		*first_signaled = w.first_signaled;
	/* the kernel says ETIME; libaccel says ETIMEDOUT everywhere */
	return ret == -ETIME ? -ETIMEDOUT : ret;
}

ACCEL_EXPORT int accel_drm_syncobj_export_sync_file(int fd, uint32_t handle,
						    int *sync_fd)
{
	struct drm_syncobj_handle h = {
		.handle = handle,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};
	int ret;

	if (!sync_fd)
		return -EINVAL;
	ret = accel_ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h);
	if (!ret)
		*sync_fd = h.fd;
	return ret;
}

ACCEL_EXPORT int accel_drm_syncobj_import_sync_file(int fd, uint32_t handle,
						    int sync_fd)
{
	struct drm_syncobj_handle h = {
		.handle = handle,
		.flags = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE,
		.fd = sync_fd,
	};

	return accel_ioctl(fd, DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &h);
}

ACCEL_EXPORT int accel_drm_syncobj_timeline_wait(int fd, const uint32_t *handles,
						 const uint64_t *points,
						 uint32_t count,
						 int64_t abs_timeout_ns,
						 uint32_t flags,
						 uint32_t *first_signaled)
{
	struct drm_syncobj_timeline_wait w = {
		.handles = (uintptr_t)handles,
		.points = (uintptr_t)points,
		.timeout_nsec = abs_timeout_ns,
		.count_handles = count,
		.flags = flags,
	};
	int ret;

	if (!handles || !points || !count)
		return -EINVAL;
	ret = accel_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w);
	if (!ret && first_signaled)
		*first_signaled = w.first_signaled;
	return ret == -ETIME ? -ETIMEDOUT : ret;
}

ACCEL_EXPORT int accel_drm_syncobj_transfer(int fd, uint32_t dst,
					    uint64_t dst_point, uint32_t src,
					    uint64_t src_point, uint32_t flags)
{
	struct drm_syncobj_transfer t = {
		.src_handle = src,
		.dst_handle = dst,
		.src_point = src_point,
		.dst_point = dst_point,
		.flags = flags,
	};
	int ret;

	ret = accel_ioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &t);
	/* WAIT_FOR_SUBMIT gave up waiting: the kernel says ETIME */
	return ret == -ETIME ? -ETIMEDOUT : ret;
}

ACCEL_EXPORT int accel_drm_syncobj_query(int fd, const uint32_t *handles,
					 uint64_t *points, uint32_t count,
					 uint32_t flags)
{
	struct drm_syncobj_timeline_array a = {
		.handles = (uintptr_t)handles,
		.points = (uintptr_t)points,
		.count_handles = count,
		.flags = flags,
	};

	if (!handles || !points || !count)
		return -EINVAL;
	return accel_ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &a);
}

ACCEL_EXPORT int accel_drm_syncobj_timeline_signal(int fd,
						   const uint32_t *handles,
						   const uint64_t *points,
						   uint32_t count)
{
	struct drm_syncobj_timeline_array a = {
		.handles = (uintptr_t)handles,
		.points = (uintptr_t)points,
		.count_handles = count,
	};

	if (!handles || !points || !count)
		return -EINVAL;
	return accel_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &a);
}

ACCEL_EXPORT int accel_drm_syncobj_timeline_export_sync_file(int fd,
							     uint32_t handle,
							     uint64_t point,
							     uint32_t flags,
							     int *sync_fd)
{
	uint32_t tmp;
	int ret;

	if (!sync_fd)
		return -EINVAL;
	/* only a binary syncobj's fence exports as a sync_file */
	ret = accel_drm_syncobj_create(fd, 0, &tmp);
	if (ret)
		return ret;
	ret = accel_drm_syncobj_transfer(fd, tmp, 0, handle, point, flags);
	if (ret)
		goto destroy;
	ret = accel_drm_syncobj_export_sync_file(fd, tmp, sync_fd);
destroy:
	accel_drm_syncobj_destroy(fd, tmp);
	return ret;
}

ACCEL_EXPORT int accel_drm_syncobj_signalled_sync_file(int fd, int *sync_fd)
{
	uint32_t tmp;
	int ret;

	if (!sync_fd)
		return -EINVAL;
	/* drm_syncobj_assign_null_handle(): the stub fence, signalled */
	ret = accel_drm_syncobj_create(fd, DRM_SYNCOBJ_CREATE_SIGNALED, &tmp);
	if (ret)
		return ret;
	ret = accel_drm_syncobj_export_sync_file(fd, tmp, sync_fd);
	accel_drm_syncobj_destroy(fd, tmp);
	return ret;
}
