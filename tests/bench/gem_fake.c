// SPDX-License-Identifier: MIT
/*
 * A preload for bench_gem_user only: once the program sets
 * gem_fake_enable, DRM_IOCTL_PRIME_FD_TO_HANDLE, DRM_IOCTL_GEM_CLOSE,
 * DRM_IOCTL_MODE_CREATE_DUMB and lseek(SEEK_END) answer here without a
 * system call, for the library and the raw sequence alike. What is left
 * of an operation is its userspace: in a TCG guest the kernel's share
 * varies from run to run and buries the library's.
 */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <drm.h>
#include <drm_mode.h>

#define FAKE_HANDLE 7
#define FAKE_SIZE (64 << 10)

__attribute__((visibility("default"))) int gem_fake_enable;

__attribute__((visibility("default"))) int ioctl(int fd, unsigned long req, ...)
{
	static int (*real)(int, unsigned long, void *);
	struct drm_mode_create_dumb *c;
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (gem_fake_enable) {
		switch (req) {
		case DRM_IOCTL_PRIME_FD_TO_HANDLE:
			((struct drm_prime_handle *)arg)->handle = FAKE_HANDLE;
			return 0;
		case DRM_IOCTL_GEM_CLOSE:
			return 0;
		case DRM_IOCTL_MODE_CREATE_DUMB:
			c = arg;
			c->handle = FAKE_HANDLE;
			c->pitch = c->width * c->bpp / 8;
			c->size = (uint64_t)c->pitch * c->height;
			return 0;
		}
	}
	if (!real)
		real = (int (*)(int, unsigned long, void *))dlsym(RTLD_NEXT, "ioctl");
	return real(fd, req, arg);
}

__attribute__((visibility("default"))) off_t lseek(int fd, off_t off, int whence)
{
	static off_t (*real)(int, off_t, int);

	if (gem_fake_enable && whence == SEEK_END)
		return FAKE_SIZE;
	if (!real)
		real = (off_t (*)(int, off_t, int))dlsym(RTLD_NEXT, "lseek");
	return real(fd, off, whence);
}
