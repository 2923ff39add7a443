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

/* the emulated habanalabs device of this minor from a fresh list */
struct accel_device *shim_hl_device(int minor);
/* open it; fails the test if it cannot */
struct accel_context *shim_hl_open(int minor);
/* path of a node under the fake /dev */
const char *shim_node(const char *name);
/* release the list shim_hl_device() took */
void shim_put_devices(void);

#endif /* ACCEL_SHIM_TEST_H */
