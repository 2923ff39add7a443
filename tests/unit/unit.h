/* SPDX-License-Identifier: MIT */
/*
 * Shared pieces of the unit tier: a runner that gives every case a fresh
 * process (libaccel reads its log settings and loads its providers once per
 * process), and fake sysfs and /dev trees made in temporary directories.
 */
#ifndef ACCEL_UNIT_H
#define ACCEL_UNIT_H

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <cmocka.h>

#include <accel/accel.h>

/*
 * Runs the case named argv[1] (ctest registers one test per case), or with
 * no argument every case, each in a forked child. env_setup() runs in the
 * process of the case before any libaccel call: it starts from an
 * environment with no ACCEL_* variable.
 */
int unit_main(int argc, char **argv, const struct CMUnitTest *tests,
	      size_t num_tests, void (*env_setup)(void));
#define UNIT_MAIN(tests, env_setup)                                        \
	int main(int argc, char **argv)                                    \
	{                                                                  \
		return unit_main(argc, argv, tests,                        \
				 sizeof(tests) / sizeof((tests)[0]),       \
				 env_setup);                               \
	}

/* The test providers (lib<name>-accelv<N>.so) are built here */
#define UNIT_PROVIDER_DIR TEST_PROVIDER_DIR

/* ------------------------------------------------------------------------ */
/* Fake sysfs and /dev                                                      */
/* ------------------------------------------------------------------------ */

struct fake_sys {
	char root[PATH_MAX];	/* the temporary directory */
	char sys[PATH_MAX];	/* ACCEL_SYSFS_PATH */
	char dev[PATH_MAX];	/* ACCEL_DEV_PATH */
	char etc[PATH_MAX];	/* a config dir for .driver files */
};

struct fake_dev {
	const char *driver;	/* name of the device/driver link; NULL: none */
	uint32_t vendor, device, subsys_vendor, subsys_device;
	int numa_node;
	const char *modalias;	/* NULL: made from the ids */
	mode_t node_mode;	/* of the fake /dev node; 0: 0666 */
	bool no_node;		/* no /dev/accel/accelN */
	bool no_device_link;	/* class entry without a device link */
	bool no_dev_attr;	/* no "dev" attribute */
};

/* mkdtemp, sys/class/accel, dev/accel; sets ACCEL_SYSFS_PATH/DEV_PATH */
void fake_sys_init(struct fake_sys *fs);
/* removes the whole tree */
void fake_sys_fini(struct fake_sys *fs);
/* A PCI device with class/accel/accel<minor>; its node holds "fw-accel<minor>" */
void fake_add_accel(struct fake_sys *fs, unsigned int minor,
		    const struct fake_dev *d);
/* a PCI DRM device with card<minor>, renderD<128+minor> and a connector */
void fake_add_drm_card(struct fake_sys *fs, unsigned int minor,
		       const char *driver);
/* a defaults-filled description: testdrv, 1ded:1234, numa 0 */
struct fake_dev fake_testdrv(void);
/* any path below the fake root: "sys/..." or "dev/..." */
void fake_write(struct fake_sys *fs, const char *rel, const char *text);
void fake_unlink(struct fake_sys *fs, const char *rel);
/* a FIFO at rel, in place of whatever was there */
void fake_mkfifo(struct fake_sys *fs, const char *rel);
void fake_mkdir(struct fake_sys *fs, const char *rel);
/* the PCI device dir of accel<minor>, relative to the root */
void fake_pci_dir(unsigned int minor, char *buf, size_t len);
/* rm -rf of a path below the root */
void fake_remove(struct fake_sys *fs, const char *rel);
/* path of something below the root */
void fake_path(struct fake_sys *fs, const char *rel, char *buf, size_t len);

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

/*
 * A new fake tree with accel0 of testdrv and accel1 of its bare variant
 * (testbare: no map, no dma-buf), listed and both opened (asserted).
 */
void unit_open_testdrv_and_bare(struct fake_sys *fs, struct accel_device ***list,
				struct accel_context **ctx, struct accel_context **bare);
/* the device named name in a NULL-terminated list, or NULL */
struct accel_device *unit_find(struct accel_device **list, const char *name);
/* the scan report in a static buffer */
const char *unit_report(void);
/* write a file (fails the test on error) */
void unit_write_file(const char *path, const char *text);
/* stderr to a temporary file and back; returns what was written */
void unit_stderr_begin(void);
char *unit_stderr_end(void);	/* malloc'd, caller frees */
void unit_setenv(const char *name, const char *value);
/* ACCEL_PROVIDERS=testdrv:testmin from the test provider dir, no config */
void unit_env_test_providers(void);

/* ------------------------------------------------------------------------ */
/* Reasons: every failing call must say why (accel_last_error())            */
/* ------------------------------------------------------------------------ */

/* the provider-private setter, used here to plant a sentinel */
int accel_set_reason(int err, const char *fmt, ...);
/* plant a sentinel reason, so a stale one cannot pass for a new one */
void unit_reason_reset(void);
/*
 * The call just made (expr, its source text) failed: this thread's
 * reason is new, not empty, and starts with the function's name.
 */
void unit_assert_reason(const char *expr, const char *file, int line);

/* an int-returning call fails with err and leaves a reason */
#define assert_fail_reason(expr, err)                                      \
	do {                                                               \
		int _unit_r;                                               \
		unit_reason_reset();                                       \
		_unit_r = (expr);                                          \
		assert_int_equal(_unit_r, (err));                          \
		unit_assert_reason(#expr, __FILE__, __LINE__);             \
	} while (0)

/* a pointer-returning call fails with NULL, errno err and a reason */
#define assert_null_reason(expr, err)                                      \
	do {                                                               \
		const void *_unit_p;                                       \
		unit_reason_reset();                                       \
		errno = 0;                                                 \
		_unit_p = (expr);                                          \
		assert_null(_unit_p);                                      \
		assert_int_equal(errno, (err));                            \
		unit_assert_reason(#expr, __FILE__, __LINE__);             \
	} while (0)

#endif
