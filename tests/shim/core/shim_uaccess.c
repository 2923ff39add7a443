// SPDX-License-Identifier: MIT
/*
 * copy_from_user() and copy_to_user() of the backends: an ioctl's pointer
 * fields are read and written through process_vm_readv/writev, so that a
 * bad pointer answers EFAULT as in the kernel instead of crashing the
 * emulator.
 */
#include <errno.h>
#include <sys/uio.h>
#include <unistd.h>

#include "shim.h"

int shim_copy_from_user(void *dst, uint64_t uptr, size_t len)
{
	struct iovec l = { dst, len }, r = { (void *)(uintptr_t)uptr, len };

	if (!len)
		return 0;
	return process_vm_readv(getpid(), &l, 1, &r, 1, 0) == (ssize_t)len ? 0 : -EFAULT;
}

int shim_copy_to_user(uint64_t uptr, const void *src, size_t len)
{
	struct iovec l = { (void *)src, len }, r = { (void *)(uintptr_t)uptr, len };

	if (!len)
		return 0;
	return process_vm_writev(getpid(), &l, 1, &r, 1, 0) == (ssize_t)len ? 0 : -EFAULT;
}
