/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the shim-tier tests. Each test executable lists its
 * cases in SHIM_TESTS; ctest runs every case as its own process (the
 * library scans and loads providers once per process, and the emulated
 * device allows one compute context).
 */
#ifndef ACCEL_SHIM_TEST_H
#define ACCEL_SHIM_TEST_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <accel/accel.h>

#include "accel_shim.h"

/* the test executable's cases, defined by each test file */
extern const struct CMUnitTest shim_tests[];
extern const size_t shim_num_tests;

#define SHIM_TEST_LIST(...)                                              \
	const struct CMUnitTest shim_tests[] = { __VA_ARGS__ };          \
	const size_t shim_num_tests = sizeof(shim_tests) / sizeof(shim_tests[0])

/*
 * The first listed device of this name and driver (either NULL: any),
 * from a list kept until shim_put_devices(); fails the test if none.
 */
struct accel_device *shim_device(const char *name, const char *driver);
/* open it; fails the test if it cannot */
struct accel_context *shim_open(const char *name, const char *driver);
/* close ctx (which must succeed) and release the list */
void shim_close(struct accel_context *ctx);
/* the emulated habanalabs device of this minor from a fresh list */
struct accel_device *shim_hl_device(int minor);
/* open it; fails the test if it cannot */
struct accel_context *shim_hl_open(int minor);
/* path of a node under the fake /dev */
const char *shim_node(const char *name);
/* release the list shim_hl_device() took */
void shim_put_devices(void);

/* shim_test_util.c */
/* ioctl: 0 or -errno */
int shim_xioctl(int fd, unsigned long req, void *arg);
int64_t shim_test_now_ns(void);	/* CLOCK_MONOTONIC */
/* a host-visible BO of ctx; fails the test if there is none */
struct accel_bo *shim_alloc(struct accel_context *ctx, uint64_t size);
/* the first line of a file of the fake tree ("sys/class/accel/..."),
 * newline kept; fails the test where there is none */
void shim_read_line(const char *rel, char *buf, size_t len);
/*
 * sync_files, for a provider whose jobs the shim can hold (hold(true)
 * done): s on q exports its out-fence, pending while held; s2 on q2, of
 * another context, takes it as its in-fence and waits in the kernel, not
 * in accel_submit; hold(false) lets both end; then a retired job's
 * sync_file is signalled. The jobs stay the caller's to free.
 */
/*
 * In a child with node open: fn must end the process with the shim's
 * abort naming what ("shim: <driver> <item> not emulated").
 */
void shim_expect_not_emulated(const char *node, void (*fn)(int fd), const char *what);
void shim_check_sync_files(struct accel_queue *q, struct accel_submit *s,
			   struct accel_queue *q2, struct accel_submit *s2,
			   void (*hold)(bool on));

#endif /* ACCEL_SHIM_TEST_H */
