/* SPDX-License-Identifier: MIT */
/*
 * The dma-buf uAPI that libaccel uses, declared by libaccel with the
 * kernel's identifiers. Follows include/uapi/linux/dma-buf.h of Linux 6.12
 * (unchanged in 7.2 for these items).
 */
#ifndef ACCEL_UAPI_LINUX_DMA_BUF_H
#define ACCEL_UAPI_LINUX_DMA_BUF_H

#include <linux/ioctl.h>
#include <linux/types.h>

struct dma_buf_sync {
	__u64 flags;
};

#define DMA_BUF_SYNC_READ (1 << 0)
#define DMA_BUF_SYNC_WRITE (2 << 0)
#define DMA_BUF_SYNC_RW (DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE)
#define DMA_BUF_SYNC_START (0 << 2)
#define DMA_BUF_SYNC_END (1 << 2)
#define DMA_BUF_SYNC_VALID_FLAGS_MASK (DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END)

struct dma_buf_export_sync_file {
	__u32 flags;	/* DMA_BUF_SYNC_READ and/or _WRITE */
	__s32 fd;	/* out: sync_file */
};

struct dma_buf_import_sync_file {
	__u32 flags;
	__s32 fd;
};

#define DMA_BUF_BASE 'b'
#define DMA_BUF_IOCTL_SYNC _IOW(DMA_BUF_BASE, 0, struct dma_buf_sync)
#define DMA_BUF_SET_NAME_B _IOW(DMA_BUF_BASE, 1, __u64)
#define DMA_BUF_IOCTL_EXPORT_SYNC_FILE \
	_IOWR(DMA_BUF_BASE, 2, struct dma_buf_export_sync_file)
#define DMA_BUF_IOCTL_IMPORT_SYNC_FILE \
	_IOW(DMA_BUF_BASE, 3, struct dma_buf_import_sync_file)

/* statfs f_type of the dma-buf pseudo filesystem (include/uapi/linux/magic.h) */
#define DMA_BUF_MAGIC 0x444d4142

#endif
