// SPDX-License-Identifier: MIT
/* dma-buf and sync_file helpers that work on any exporter's fd. */
#include <errno.h>
#include <linux/sync_file.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "accel_internal.h"
#include "uapi/linux/dma-buf.h"

ACCEL_EXPORT int accel_dmabuf_sync(int dmabuf_fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	if (flags & ~(uint64_t)DMA_BUF_SYNC_VALID_FLAGS_MASK || !(flags & DMA_BUF_SYNC_RW))
		return -EINVAL;
	return accel_ioctl(dmabuf_fd, DMA_BUF_IOCTL_SYNC, &s);
}

ACCEL_EXPORT int accel_dmabuf_export_sync_file(int dmabuf_fd, uint32_t flags,
					       int *sync_fd)
{
	struct dma_buf_export_sync_file e = { .flags = flags, .fd = -1 };
	int ret;

	if (!sync_fd)
		return -EINVAL;
	ret = accel_ioctl(dmabuf_fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &e);
	if (!ret)
		*sync_fd = e.fd;
	return ret;
}

ACCEL_EXPORT int accel_dmabuf_import_sync_file(int dmabuf_fd, uint32_t flags,
					       int sync_fd)
{
	struct dma_buf_import_sync_file i = { .flags = flags, .fd = sync_fd };

	return accel_ioctl(dmabuf_fd, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &i);
}

/* the dma-buf being imported on this thread, sized by one fstat() */
__thread int accel_import_fd ACCEL_TLS_IE = -1;
static __thread int64_t import_size ACCEL_TLS_IE;

ACCEL_EXPORT int64_t accel_dmabuf_size(int dmabuf_fd)
{
	off_t end;

	if (dmabuf_fd >= 0 && dmabuf_fd == accel_import_fd)
		return import_size;
	/* a dma-buf has no read/write, so the position this moves is unused */
	end = lseek(dmabuf_fd, 0, SEEK_END);
	return end < 0 ? -errno : end;
}

/*
 * Every dma-buf is an inode of the one dma-buf pseudo filesystem, its
 * size the buffer's (dma_buf_getfile(): alloc_anon_inode() on
 * dma_buf_mnt's superblock, inode->i_size = size). So one fstat()
 * answers an import's three questions: open (EBADF), a dma-buf (st_dev
 * is that superblock's, learned from the first fstatfs() that said
 * DMA_BUF_MAGIC) and its size. Another file costs an fstatfs() more.
 */
static _Atomic uint64_t dmabuf_dev;
static _Atomic bool dmabuf_dev_known;

static int64_t dmabuf_stat(int fd)
{
	struct statfs sfs;
	struct stat st;

	if (fd < 0 || fstat(fd, &st))
		return -EBADF;
	if (!atomic_load(&dmabuf_dev_known) ||
	    atomic_load(&dmabuf_dev) != (uint64_t)st.st_dev) {
		if (fstatfs(fd, &sfs) || sfs.f_type != DMA_BUF_MAGIC)
			return -EINVAL;
		atomic_store(&dmabuf_dev, (uint64_t)st.st_dev);
		atomic_store(&dmabuf_dev_known, true);
	}
	return st.st_size;
}

int accel_dmabuf_check(int fd)
{
	int64_t ret = dmabuf_stat(fd);

	return ret < 0 ? (int)ret : 0;
}

/*
 * An fd the kernel checks itself needs only its size: lseek() is the
 * cheaper call (in a TCG guest, 0.8-1.8 us against fstat's 2-7.7 us on a
 * vgem dma-buf); it answers EBADF, and ESPIPE for a pipe or socket.
 */
int64_t accel_dmabuf_import_begin(int fd, bool checked)
{
	int64_t size;

	if (checked) {
		size = dmabuf_stat(fd);
	} else {
		size = fd < 0 ? -1 : lseek(fd, 0, SEEK_END);
		if (size < 0)
			size = errno == EBADF || fd < 0 ? -EBADF : -EINVAL;
	}
	if (size < 0)
		return size;
	accel_import_fd = fd;
	import_size = size;
	return size;
}

ACCEL_EXPORT bool accel_fd_is_dmabuf(int fd)
{
	struct statfs sfs;

	return fstatfs(fd, &sfs) == 0 && sfs.f_type == DMA_BUF_MAGIC;
}

int accel_sync_file_wait_until(int sync_fd, int64_t abs_deadline_ns)
{
	struct pollfd p = { .fd = sync_fd, .events = POLLIN };
	int status, ret;

	/*
	 * A pipe or an eventfd polls like a sync_file but may never signal:
	 * what SYNC_IOC_FILE_INFO does not answer is no sync_file (the
	 * kernel's sync_file_fdget() refuses it with EINVAL)
	 */
	ret = accel_sync_file_status(sync_fd, &status);
	if (ret == -ENOTTY || ret == -EINVAL)
		return -EINVAL;
	if (ret)
		return ret;
	for (;;) {
		uint64_t ms = accel_deadline_left_ms(abs_deadline_ns, INT32_MAX);

		ret = poll(&p, 1, abs_deadline_ns == ACCEL_DEADLINE_NEVER ? -1 : (int)ms);
		if (ret > 0 && (p.revents & (POLLNVAL | POLLERR)))
			return p.revents & POLLNVAL ? -EBADF : -EIO;
		if (ret > 0) {
			status = 1;
			/*
			 * sync_file_poll() says EPOLLIN for a fence signalled
			 * with an error too: a failed job's fence is -EIO here,
			 * as accel_wait() answers for the job itself
			 */
			if (accel_sync_file_status(sync_fd, &status) == 0 && status < 0)
				return -EIO;
			return 0;
		}
		if (ret == 0) {
			if (!accel_deadline_left_ns(abs_deadline_ns))
				return -ETIMEDOUT;
			continue;
		}
		if (errno != EINTR)
			return -errno;
	}
}

ACCEL_EXPORT int accel_sync_file_wait(int sync_fd, int64_t timeout_ns)
{
	return accel_sync_file_wait_until(sync_fd, accel_deadline(timeout_ns));
}

/*
 * The fences are unwrapped (containers and timeline chains opened up), as
 * a chain's own status never carries the error of the fence it holds:
 * the first status not 1 of sync_file_ioctl_fence_info() is the answer.
 */
ACCEL_EXPORT int accel_sync_file_status(int sync_fd, int *status)
{
	struct sync_fence_info few[4], *fences = few;
	struct sync_file_info info = { 0 };
	uint32_t n;
	int ret;

	if (!status)
		return -EINVAL;
	/* num_fences 0: how many there are, and the top fence's status */
	ret = accel_ioctl(sync_fd, SYNC_IOC_FILE_INFO, &info);
	if (ret)
		return ret;
	n = info.num_fences;
	if (!n) {
		*status = info.status;
		return 0;
	}
	if (n > 4) {
		fences = calloc(n, sizeof(*fences));
		if (!fences)
			return -ENOMEM;
	}
	memset(&info, 0, sizeof(info));
	info.num_fences = n;
	info.sync_fence_info = (uintptr_t)fences;
	ret = accel_ioctl(sync_fd, SYNC_IOC_FILE_INFO, &info);
	if (!ret)
		*status = info.status;
	if (fences != few)
		free(fences);
	return ret;
}
