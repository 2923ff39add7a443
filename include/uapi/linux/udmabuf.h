/* SPDX-License-Identifier: MIT */
/*
 * The udmabuf uAPI (/dev/udmabuf), declared for libaccel with the kernel's
 * identifiers. Follows include/uapi/linux/udmabuf.h of Linux 6.12; the
 * layout has not changed since the driver appeared in 4.20.
 *
 * UDMABUF_CREATE turns a range of a memfd into a dma-buf that shares the
 * memfd's pages. The kernel requires the memfd to be shmem (or hugetlbfs),
 * sealed with F_SEAL_SHRINK and not with F_SEAL_WRITE, and offset and size
 * page aligned; size is capped by the module parameter size_limit_mb
 * (64 MiB by default).
 */
#ifndef ACCEL_UAPI_LINUX_UDMABUF_H
#define ACCEL_UAPI_LINUX_UDMABUF_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* the new dma-buf fd gets O_CLOEXEC */
#define UDMABUF_FLAGS_CLOEXEC	0x01

struct udmabuf_create {
	__u32 memfd;
	__u32 flags;
	__u64 offset;
	__u64 size;
};

struct udmabuf_create_item {
	__u32 memfd;
	__u32 __pad;
	__u64 offset;
	__u64 size;
};

struct udmabuf_create_list {
	__u32 flags;
	__u32 count;
	struct udmabuf_create_item list[];
};

#define UDMABUF_CREATE		_IOW('u', 0x42, struct udmabuf_create)
#define UDMABUF_CREATE_LIST	_IOW('u', 0x43, struct udmabuf_create_list)

#endif /* ACCEL_UAPI_LINUX_UDMABUF_H */
