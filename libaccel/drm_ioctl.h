/* SPDX-License-Identifier: MIT */
/*
 * The ioctl retry rule and the two GEM calls of every BO's life, inline
 * for the library's own hot paths (gem.c); drm.c exports the same for
 * providers. A TCG guest pays about 10 ns a call and return.
 */
#ifndef ACCEL_DRM_IOCTL_H
#define ACCEL_DRM_IOCTL_H

#include <errno.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <drm.h>

/*
 * EINTR only: the ioctl did nothing and may go again. EAGAIN is an answer
 * (habanalabs: 64 command submissions in flight; a busy engine elsewhere):
 * retrying it here would spin, so it goes back to the caller.
 */
static inline int accel_ioctl_inline(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret == -1 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

static inline int accel_drm_gem_close_inline(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	return accel_ioctl_inline(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

static inline int accel_drm_prime_fd_to_handle_inline(int fd, int dmabuf_fd,
						      uint32_t *handle)
{
	struct drm_prime_handle p = { .fd = dmabuf_fd };
	int ret = accel_ioctl_inline(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);

	if (!ret)
		*handle = p.handle;
	return ret;
}

#endif /* ACCEL_DRM_IOCTL_H */
