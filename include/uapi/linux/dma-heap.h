/* SPDX-License-Identifier: MIT */
/*
 * The DMA-BUF heaps uAPI (/dev/dma_heap/<name>), declared for libaccel
 * with the kernel's identifiers. Follows include/uapi/linux/dma-heap.h of
 * Linux 6.12 (unchanged since 5.6).
 *
 * DMA_HEAP_IOCTL_ALLOC allocates a new buffer of len bytes (rounded up to
 * a page; 0 is -EINVAL) from the heap and returns it as a dma-buf in fd.
 * fd_flags may hold only O_RDWR and O_CLOEXEC; heap_flags must be 0.
 */
#ifndef ACCEL_UAPI_LINUX_DMA_HEAP_H
#define ACCEL_UAPI_LINUX_DMA_HEAP_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <fcntl.h>

#define DMA_HEAP_VALID_FD_FLAGS (O_CLOEXEC | O_ACCMODE)
#define DMA_HEAP_VALID_HEAP_FLAGS (0ULL)

struct dma_heap_allocation_data {
	__u64 len;
	__u32 fd;	/* out */
	__u32 fd_flags;
	__u64 heap_flags;
};

#define DMA_HEAP_IOC_MAGIC	'H'
#define DMA_HEAP_IOCTL_ALLOC	_IOWR(DMA_HEAP_IOC_MAGIC, 0x0, \
				      struct dma_heap_allocation_data)

#endif /* ACCEL_UAPI_LINUX_DMA_HEAP_H */
