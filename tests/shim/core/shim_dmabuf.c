// SPDX-License-Identifier: MIT
/*
 * Exported dma-bufs. Each is a memfd of the exported size (so lseek
 * SEEK_END answers the size, as dma_buf_llseek does), tracked in the fd
 * table so fstatfs() reports DMA_BUF_MAGIC and the dma-buf ioctls answer
 * as drivers/dma-buf/dma-buf.c does. The exporter's release callback runs
 * when the last fd (dups included) is closed, like dma_buf_release().
 *
 * A GEM object's dma-buf (shim_dmabuf_wrap()) is a second open of the
 * object's memfd, so its mappings alias the object's pages; every dma-buf
 * has a dma-resv for the sync_file ioctls and DMA_BUF_IOCTL_SYNC's wait.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/ioctl.h>	/* older dma-buf.h headers do not include it */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim_gem_internal.h"

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

struct shim_file *shim_dmabuf_wrap(struct shim_device *dev, int memfd,
				   uint64_t size, int flags, int *err)
{
	struct shim_file *f;
	char path[64];
	int fd;

	/* dma_buf_getfile(): the file's access mode is the exporter's flags' */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	fd = shim_real_open(path, ((flags & O_ACCMODE) == O_RDWR ? O_RDWR : O_RDONLY) |
				  O_CLOEXEC);
	if (fd < 0) {
		*err = -errno;
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		shim_real_close(fd);
		*err = -ENOMEM;
		return NULL;
	}
	f->type = SHIM_FILE_DMABUF;
	f->dev = dev;
	f->size = size;
	f->memfd = fd;
	f->refcnt = 1;
	return f;
}

int shim_dmabuf_new_fd(struct shim_file *f, int flags)
{
	int fd, ret;

	fd = (int)syscall(SYS_fcntl, f->memfd,
			  (flags & O_CLOEXEC) ? F_DUPFD_CLOEXEC : F_DUPFD, 0);
	if (fd < 0)
		return -errno;
	ret = shim_file_install(fd, f);
	if (ret) {
		shim_real_close(fd);
		return ret;
	}
	return fd;
}

/* dma_buf_mmap_internal(): GEM dma-bufs map (drm_gem_dmabuf_mmap) */
int shim_dmabuf_mmap(struct shim_file *f, void *addr, size_t len, int prot,
		     int flags, uint64_t offset, void **out)
{
	uint64_t pages = (len + SHIM_PAGE_SIZE - 1) / SHIM_PAGE_SIZE;
	void *p;

	if (!len || (offset & (SHIM_PAGE_SIZE - 1)))
		return -EINVAL;	/* do_mmap() */
	if (!f->gem_obj)
		return -EINVAL;	/* no ops->mmap */
	if (offset / SHIM_PAGE_SIZE + pages > f->size / SHIM_PAGE_SIZE)
		return -EINVAL;
	p = shim_real_mmap(addr, len, prot, flags, f->memfd, (off_t)offset);
	if (p == MAP_FAILED)
		return -errno;
	*out = p;
	return 0;
}

struct shim_resv *shim_dmabuf_resv(struct shim_file *f)
{
	if (!f->resv)
		f->resv = shim_resv_create();
	return f->resv;
}

void shim_dmabuf_fini(struct shim_file *f)
{
	shim_resv_put(f->resv);
	f->resv = NULL;
	shim_gem_put(f->gem_obj);
	f->gem_obj = NULL;
}

static int export_sync_file(struct shim_file *f, struct dma_buf_export_sync_file *a)
{
	struct shim_fence *fence;
	int fd;

	if (a->flags & ~DMA_BUF_SYNC_RW || !(a->flags & DMA_BUF_SYNC_RW))
		return -EINVAL;
	if (!shim_dmabuf_resv(f))
		return -ENOMEM;
	fence = shim_resv_get_singleton(f->resv,
					shim_resv_usage_rw(a->flags & DMA_BUF_SYNC_WRITE));
	if (!fence)
		fence = shim_fence_get_stub();
	fd = shim_sync_file_create(fence);
	shim_fence_put(fence);
	if (fd < 0)
		return fd;
	a->fd = fd;
	return 0;
}

static int import_sync_file(struct shim_file *f, struct dma_buf_import_sync_file *a)
{
	struct shim_fence *fence;
	int ret;

	if (a->flags & ~DMA_BUF_SYNC_RW || !(a->flags & DMA_BUF_SYNC_RW))
		return -EINVAL;
	fence = shim_sync_file_get_fence(a->fd);
	if (!fence)
		return -EINVAL;
	ret = shim_dmabuf_resv(f) ? 0 : -ENOMEM;
	if (!ret)
		ret = shim_resv_add_unwrapped(f->resv, fence,
					      (a->flags & DMA_BUF_SYNC_WRITE) ?
						      SHIM_RESV_WRITE : SHIM_RESV_READ);
	shim_fence_put(fence);
	shim_fence_kick();
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
		if (sync->flags & DMA_BUF_SYNC_END)
			return 0;
		/* __dma_buf_begin_cpu_access(): wait for the implicit fences */
		return shim_resv_wait(f->resv,
				      shim_resv_usage_rw(sync->flags & DMA_BUF_SYNC_WRITE),
				      INT64_MAX);
	case DMA_BUF_SET_NAME_A:
	case DMA_BUF_SET_NAME_B: {
		/* dma_buf_set_name(): strndup_user(buf, DMA_BUF_NAME_LEN) */
		size_t n = strnlen(arg, sizeof(f->name));

		if (n == sizeof(f->name))
			return -EINVAL;
		memcpy(f->name, arg, n + 1);
		return 0;
	}
	case DMA_BUF_IOCTL_EXPORT_SYNC_FILE:
		return export_sync_file(f, arg);
	case DMA_BUF_IOCTL_IMPORT_SYNC_FILE:
		return import_sync_file(f, arg);
	default:
		return -ENOTTY;
	}
}
