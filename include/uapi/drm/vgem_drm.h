/* SPDX-License-Identifier: MIT */
/*
 * The vgem (virtual GEM) driver's own ioctls, declared for libaccel with
 * the kernel's identifiers. Follows include/uapi/drm/vgem_drm.h and
 * drivers/gpu/drm/vgem/vgem_fence.c of Linux 6.12 (unchanged since 4.10).
 *
 * vgem has no buffer-creation ioctl of its own: buffers come from the
 * generic dumb-buffer ioctls (DRM_IOCTL_MODE_CREATE_DUMB, MAP_DUMB) on the
 * card node; the render node answers those with EACCES. Its only driver
 * ioctls attach and signal software fences:
 *
 * DRM_IOCTL_VGEM_FENCE_ATTACH adds a new unsignalled fence to the
 * reservation object of GEM object 'handle' (as a write fence with
 * VGEM_FENCE_WRITE, else as a read fence) and returns its id in
 * out_fence. Errors: EINVAL for flags other than VGEM_FENCE_WRITE or a
 * non-zero pad; ENOENT for an unknown handle; EBUSY when a fence already
 * present conflicts (any unsignalled fence for a write fence, an
 * unsignalled write fence for a read fence). A fence nobody signals
 * signals itself after VGEM_FENCE_TIMEOUT_MS.
 *
 * DRM_IOCTL_VGEM_FENCE_SIGNAL signals fence 'fence' of this file and
 * forgets its id. Errors: EINVAL for non-zero flags; ENOENT for an
 * unknown id; ETIMEDOUT when the fence had already signalled by its
 * timeout.
 *
 * Fence ids belong to the open file: signal on the fd that attached.
 */
#ifndef ACCEL_UAPI_DRM_VGEM_DRM_H
#define ACCEL_UAPI_DRM_VGEM_DRM_H

#include <linux/ioctl.h>
#include <linux/types.h>

#ifndef DRM_IOCTL_BASE
#define DRM_IOCTL_BASE		'd'
#endif
#ifndef DRM_COMMAND_BASE
#define DRM_COMMAND_BASE	0x40
#endif

#define DRM_VGEM_FENCE_ATTACH	0x1
#define DRM_VGEM_FENCE_SIGNAL	0x2

struct drm_vgem_fence_attach {
	__u32 handle;
	__u32 flags;
#define VGEM_FENCE_WRITE	0x1
	__u32 out_fence;	/* out */
	__u32 pad;		/* must be 0 */
};

struct drm_vgem_fence_signal {
	__u32 fence;
	__u32 flags;		/* must be 0 */
};

#define DRM_IOCTL_VGEM_FENCE_ATTACH \
	_IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_VGEM_FENCE_ATTACH, \
	      struct drm_vgem_fence_attach)
#define DRM_IOCTL_VGEM_FENCE_SIGNAL \
	_IOW(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_VGEM_FENCE_SIGNAL, \
	     struct drm_vgem_fence_signal)

/* not uAPI: the kernel's VGEM_FENCE_TIMEOUT (10 * HZ) */
#define VGEM_FENCE_TIMEOUT_MS	10000

#endif /* ACCEL_UAPI_DRM_VGEM_DRM_H */
