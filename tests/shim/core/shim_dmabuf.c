// SPDX-License-Identifier: MIT
/*
 * Exported dma-bufs. Each is a memfd of the exported size (so lseek
 * SEEK_END answers the size, as dma_buf_llseek does), tracked in the fd
 * table so fstatfs() reports DMA_BUF_MAGIC and the dma-buf ioctls answer
 * as drivers/dma-buf/dma-buf.c does. The exporter's release callback runs
 * when the last fd (dups included) is closed, like dma_buf_release().
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "shim.h"

int shim_dmabuf_create(struct shim_device *dev, uint64_t size, int flags,
		       void *priv, void (*release)(struct shim_file *f))
{
	struct shim_file *f;
	int fd, ret;

	/* get_unused_fd_flags(flags): only O_CLOEXEC matters for the fd */
	fd = memfd_create("dmabuf", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size)) {
		ret = -errno;
		goto err;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		ret = -ENOMEM;
		goto err;
	}
	f->type = SHIM_FILE_DMABUF;
	f->dev = dev;
	f->priv = priv;
	f->size = size;
	f->memfd = -1;
	ret = shim_file_install(fd, f);
	if (ret) {
		free(f);
		goto err;
	}
	f->release = release;
	return fd;
err:
	shim_real_close(fd);
	return ret;
}

int shim_dmabuf_ioctl(struct shim_file *f, unsigned long cmd, void *arg)
{
	struct dma_buf_sync *sync = arg;

	switch (cmd) {
	case DMA_BUF_IOCTL_SYNC:
		if (sync->flags & ~DMA_BUF_SYNC_VALID_FLAGS_MASK)
			return -EINVAL;
		if (!(sync->flags & DMA_BUF_SYNC_RW))
			return -EINVAL;
		/* no begin/end_cpu_access ops and no fences: nothing to wait */
		return 0;
	case DMA_BUF_SET_NAME_A:
	case DMA_BUF_SET_NAME_B:
		return 0;
	default:
		/* sync_file export/import are not emulated (as !CONFIG_SYNC_FILE) */
		return -ENOTTY;
	}
}
