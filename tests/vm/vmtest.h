/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the real-kernel tests: exit codes, checks that name the
 * failing line, device lookup, module loading. The tests run as root in a
 * QEMU guest (tests/vm/accel-vm-run) and refuse to run anywhere else
 * unless ACCEL_VM_ANYWHERE is set, since they load and unload modules.
 */
#ifndef VMTEST_H
#define VMTEST_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accel/accel.h>

enum {
	T_PASS = 0,
	T_FAIL = 1,
	T_SKIP = 77,
};

/* Print where and why, then exit with T_FAIL */
#define t_fail(...)                                                        \
	do {                                                               \
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);       \
		fprintf(stderr, __VA_ARGS__);                              \
		fputc('\n', stderr);                                       \
		exit(T_FAIL);                                              \
	} while (0)

#define t_skip(...)                                                        \
	do {                                                               \
		printf("SKIP: ");                                          \
		printf(__VA_ARGS__);                                       \
		putchar('\n');                                             \
		exit(T_SKIP);                                              \
	} while (0)

#define t_assert(cond)                                                     \
	do {                                                               \
		if (!(cond))                                               \
			t_fail("%s", #cond);                               \
	} while (0)

/* an int call of the library: 0 (or >= 0) expected */
#define t_ok(expr)                                                         \
	({                                                                 \
		long _r = (long)(expr);                                    \
		if (_r < 0)                                                \
			t_fail("%s = %ld (%s)", #expr, _r, strerror((int)-_r)); \
		_r;                                                        \
	})

/* an int call expected to fail with -err */
#define t_err(expr, err)                                                   \
	do {                                                               \
		long _r = (long)(expr);                                    \
		if (_r != -(long)(err))                                    \
			t_fail("%s = %ld (%s), expected -%s", #expr, _r,   \
			       _r < 0 ? strerror((int)-_r) : "success", #err); \
	} while (0)

/* a pointer call: non-NULL expected */
#define t_ptr(expr)                                                        \
	({                                                                 \
		__typeof__(expr) _p = (expr);                              \
		if (!_p)                                                   \
			t_fail("%s = NULL (%s)", #expr, strerror(errno));  \
		_p;                                                        \
	})

/* a pointer call expected to fail with errno err */
#define t_null(expr, err)                                                  \
	do {                                                               \
		errno = 0;                                                 \
		if ((expr) != NULL)                                        \
			t_fail("%s succeeded, expected %s", #expr, #err);  \
		if (errno != (err))                                        \
			t_fail("%s: errno %d (%s), expected %s", #expr,    \
			       errno, strerror(errno), #err);              \
	} while (0)

#define t_info(...)                                                        \
	do {                                                               \
		printf(__VA_ARGS__);                                       \
		putchar('\n');                                             \
		fflush(stdout);                                            \
	} while (0)

/* exit unless in the test VM (or told otherwise), or not root */
void t_require_vm(void);
/* modprobe/rmmod through the system's tools; their exit status */
int t_modprobe(const char *module);
int t_rmmod(const char *module);
/* delete_module(2) directly: 0 or -errno (EAGAIN while in use) */
int t_delete_module(const char *module);
bool t_module_loaded(const char *module);

/* a context on the first device of provider (or driver) name */
struct accel_context *t_open_provider(const char *provider);
/* skip unless a node such as "/dev/udmabuf" exists */
void t_require_node(const char *path, const char *why);

/* fill with a pattern keyed by seed; check returns the first bad offset or -1 */
void t_pattern_fill(void *p, size_t len, uint32_t seed);
long t_pattern_check(const void *p, size_t len, uint32_t seed);

/* dma-buf CPU access bracket; 0 or -errno */
int t_dmabuf_sync(int fd, bool start, bool write);

/* on the soft device: submit one COPY dst <- src and wait for it */
void t_soft_copy(struct accel_context *ctx, struct accel_bo *dst,
		 struct accel_bo *src, uint64_t size);

#endif /* VMTEST_H */
