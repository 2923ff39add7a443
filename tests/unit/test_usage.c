// SPDX-License-Identifier: MIT
/*
 * accel_device_usage() from a fake hwmon, and accel_process_usage()
 * against a fake /proc (ACCEL_PROC_PATH) holding fdinfo of every shape
 * drm_show_fdinfo(), drm_print_memory_stats() and drm_fdinfo_print_size()
 * of Linux 7.2 print, plus the keys of other drivers' documents.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

static struct fake_sys fs;
static struct accel_device **list;
static char proc[PATH_MAX];

static int setup(void **state)
{
	struct fake_dev d = fake_testdrv();
	int n = 0;

	(void)state;
	fake_sys_init(&fs);
	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	fake_mkdir(&fs, "proc");
	fake_path(&fs, "proc", proc, sizeof(proc));
	unit_setenv("ACCEL_PROC_PATH", proc);
	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, 2);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	accel_free_device_list(list);
	list = NULL;
	fake_sys_fini(&fs);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* accel_device_usage                                                       */
/* ------------------------------------------------------------------------ */

static void add_hwmon(unsigned int minor, const char *attr, const char *val)
{
	char pci[128], rel[256];

	fake_pci_dir(minor, pci, sizeof(pci));
	snprintf(rel, sizeof(rel), "%s/hwmon/hwmon3", pci);
	fake_mkdir(&fs, rel);
	snprintf(rel, sizeof(rel), "%s/hwmon/hwmon3/%s", pci, attr);
	fake_write(&fs, rel, val);
}

static void test_usage_hwmon(void **state)
{
	struct accel_device *dev = unit_find(list, "accel0");
	struct accel_usage u;

	(void)state;
	add_hwmon(0, "temp1_input", "47500\n");
	add_hwmon(0, "power1_average", "35000000\n");	/* no power1_input */
	add_hwmon(0, "energy1_input", "123456789\n");
	add_hwmon(0, "freq1_input", "1400000000\n");
	memset(&u, 0xff, sizeof(u));
	assert_int_equal(accel_device_usage(dev, &u, sizeof(u)), 0);
	assert_int_equal(u.present, ACCEL_USAGE_TEMP | ACCEL_USAGE_POWER |
			 ACCEL_USAGE_ENERGY | ACCEL_USAGE_CLOCK);
	assert_int_equal(u.temp_mc, 47500);
	assert_int_equal(u.power_uw, 35000000);
	assert_int_equal(u.energy_uj, 123456789);
	assert_int_equal(u.clock_mhz, 1400);
	assert_true(u.timestamp_ns > 0);
	/* power1_input wins over the average */
	add_hwmon(0, "power1_input", "36000000\n");
	assert_int_equal(accel_device_usage(dev, &u, sizeof(u)), 0);
	assert_int_equal(u.power_uw, 36000000);
}

static void test_usage_nothing(void **state)
{
	struct accel_usage u;

	(void)state;
	memset(&u, 0xff, sizeof(u));
	assert_int_equal(accel_device_usage(unit_find(list, "accel1"), &u, sizeof(u)), 0);
	assert_int_equal(u.present, 0);
	assert_int_equal(u.busy_ns, 0);
	/* a malformed reading is no reading */
	add_hwmon(1, "temp1_input", "hot\n");
	assert_int_equal(accel_device_usage(unit_find(list, "accel1"), &u, sizeof(u)), 0);
	assert_int_equal(u.present, 0);
}

static void test_usage_sizes(void **state)
{
	struct accel_device *dev = unit_find(list, "accel0");
	struct {
		struct accel_usage u;
		char more[16];
	} big;
	struct accel_usage u;
	size_t small = offsetof(struct accel_usage, mem_used);

	(void)state;
	add_hwmon(0, "temp1_input", "30000\n");
	add_hwmon(0, "energy1_input", "5\n");
	/* an older caller's struct ends before energy: no ENERGY bit */
	memset(&u, 0xee, sizeof(u));
	assert_int_equal(accel_device_usage(dev, &u, small), 0);
	assert_int_equal(u.present, ACCEL_USAGE_TEMP);
	assert_int_equal(u.temp_mc, 30000);
	assert_int_equal(((unsigned char *)&u)[small], 0xee);
	/* a newer one gets zeroes past ours */
	memset(&big, 0xee, sizeof(big));
	assert_int_equal(accel_device_usage(dev, &big.u, sizeof(big)), 0);
	assert_int_equal(big.u.present, ACCEL_USAGE_TEMP | ACCEL_USAGE_ENERGY);
	assert_int_equal(big.more[0], 0);
	assert_int_equal(big.more[15], 0);
}

static void test_usage_bad_args(void **state)
{
	struct accel_usage u;
	char junk[64] = { 0 };

	(void)state;
	assert_fail_reason(accel_device_usage(unit_find(list, "accel0"), NULL, sizeof(u)),
			   -EINVAL);
	assert_fail_reason(accel_device_usage(unit_find(list, "accel0"), &u, 8), -EINVAL);
	assert_fail_reason(accel_device_usage(NULL, &u, sizeof(u)), -EINVAL);
	assert_fail_reason(accel_device_usage((struct accel_device *)junk, &u, sizeof(u)),
			   -ESTALE);
}

/* ------------------------------------------------------------------------ */
/* accel_process_usage                                                      */
/* ------------------------------------------------------------------------ */

static void add_proc(int pid, const char *comm)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "proc/%d/fd", pid);
	fake_mkdir(&fs, rel);
	snprintf(rel, sizeof(rel), "proc/%d/fdinfo", pid);
	fake_mkdir(&fs, rel);
	snprintf(rel, sizeof(rel), "proc/%d/comm", pid);
	fake_write(&fs, rel, comm);
}

/* fd -> target (a path under the fake /dev when it starts with '@') */
static void add_fd(int pid, int fd, const char *target, const char *fdinfo)
{
	char rel[128], path[PATH_MAX], to[PATH_MAX + 64];

	if (target[0] == '@')
		snprintf(to, sizeof(to), "%s/%s", fs.dev, target + 1);
	else
		snprintf(to, sizeof(to), "%s", target);
	snprintf(rel, sizeof(rel), "proc/%d/fd/%d", pid, fd);
	fake_path(&fs, rel, path, sizeof(path));
	assert_int_equal(symlink(to, path), 0);
	snprintf(rel, sizeof(rel), "proc/%d/fdinfo/%d", pid, fd);
	fake_write(&fs, rel, fdinfo);
}

/* drm_show_fdinfo() + drm_show_memory_stats() (ivpu: region "memory") */
static const char ivpu_info[] =
	"pos:\t0\nflags:\t02100002\nmnt_id:\t26\nino:\t1043\n"
	"drm-driver:\tintel_vpu\n"
	"drm-client-id:\t7\n"
	"drm-pdev:\t0000:01:00.0\n"
	"drm-total-memory:\t4 MiB\n"
	"drm-shared-memory:\t1000\n"
	"drm-active-memory:\t0\n"
	"drm-resident-memory:\t12 KiB\n"
	"drm-purgeable-memory:\t0\n";

/* amdxdna_show_fdinfo(): its own keys (driver name prefix), then the core's */
static const char xdna_info[] =
	"pos:\t0\nflags:\t02100002\nmnt_id:\t26\nino:\t1050\n"
	"drm-driver:\tamdxdna_accel_driver\n"
	"drm-client-id:\t9\n"
	"drm-pdev:\t0000:c4:00.1\n"
	"drm-client-name:\tmy model\n"
	"amdxdna_accel_driver-heap-alloc:\t64 MiB\n"
	"amdxdna_accel_driver-internal-alloc:\t0\n"
	"amdxdna_accel_driver-external-alloc:\t4 KiB\n"
	"drm-total-memory:\t64 MiB\n"
	"drm-shared-memory:\t0\n";

/* GPU drivers' engine and cycle keys, several regions, the old alias */
static const char gpu_info[] =
	"pos:\t0\nflags:\t02100002\n"
	"drm-driver:\txe\n"
	"drm-client-id:\t42\n"
	"drm-pdev:\t0000:03:00.0\n"
	"drm-engine-rcs:\t123456789 ns\n"
	"drm-engine-capacity-vcs:\t2\n"
	"drm-engine-vcs:\t1000 ns\n"
	"drm-cycles-rcs:\t500\n"
	"drm-total-cycles-rcs:\t1000\n"
	"drm-maxfreq-vecs:\t1200 MHz\n"
	"drm-maxfreq-bcs:\t800 KHz\n"
	"drm-engine-capacity-zero:\t0\n"
	"drm-total-vram0:\t2 MiB\n"
	"drm-resident-vram0:\t1 MiB\n"
	"drm-memory-gtt:\t8 KiB\n"
	"drm-total-bad:\t12 GiB\n"
	"drm-engine-x y:\t5\n"
	"drm-total-memory:\tlots\n";

static const struct accel_client_usage *find_pid(const struct accel_client_usage *c,
						int n, int pid)
{
	int i;

	for (i = 0; i < n; i++)
		if (c[i].pid == pid)
			return &c[i];
	return NULL;
}

static const struct accel_client_engine *find_engine(const struct accel_client_usage *c,
						    const char *name)
{
	uint32_t i;

	for (i = 0; i < c->num_engines; i++)
		if (!strcmp(c->engines[i].name, name))
			return &c->engines[i];
	return NULL;
}

static void make_procs(void)
{
	add_proc(100, "npu_app\n");
	add_fd(100, 3, "@accel/accel0", ivpu_info);
	add_fd(100, 4, "@accel/accel0", ivpu_info);	/* a dup: one client */
	add_fd(100, 5, "/dev/null", "pos:\t0\nflags:\t0100000\n");
	/* a driver without show_fdinfo (habanalabs): no drm-* key */
	add_fd(100, 6, "@accel/accel9", "pos:\t0\nflags:\t02100002\nmnt_id:\t26\n");
	add_proc(200, "gpu\n");
	add_fd(200, 3, "@dri/renderD128", gpu_info);
	add_proc(300, "child\n");
	add_fd(300, 7, "@accel/accel0", ivpu_info);	/* inherited: the same client */
	add_proc(400, "xdna\n");
	/* no node of the list, but its pdev and driver name one */
	add_fd(400, 3, "@accel/accel5", xdna_info);
}

static void test_fdinfo_shapes(void **state)
{
	struct accel_client_usage c[16];
	const struct accel_client_usage *p;
	const struct accel_client_engine *e;
	int n;

	(void)state;
	make_procs();
	n = accel_process_usage(list, 0, c, 16, sizeof(c[0]));
	assert_int_equal(n, 4);
	/* sorted by pid: 100 (ivpu), 100 (bare accel9), 200, 400 */
	assert_int_equal(c[0].pid, 100);
	assert_int_equal(c[0].fd, 3);
	assert_int_equal(c[1].pid, 100);
	assert_int_equal(c[1].fd, 6);

	p = &c[0];
	assert_string_equal(p->comm, "npu_app");
	assert_int_equal(p->uid, getuid());
	assert_ptr_equal(p->dev, unit_find(list, "accel0"));
	assert_int_equal(p->num_fds, 3);	/* fds 3, 4 and pid 300's 7 */
	assert_string_equal(p->driver, "intel_vpu");
	assert_string_equal(p->pdev, "0000:01:00.0");
	assert_int_equal(p->client_id, 7);
	assert_true(p->present & ACCEL_CLIENT_ID);
	assert_true(p->present & ACCEL_CLIENT_DRM_KEYS);
	assert_false(p->present & ACCEL_CLIENT_ENGINE_TIME);
	assert_int_equal(p->num_regions, 1);
	assert_string_equal(p->regions[0].name, "memory");
	assert_int_equal(p->regions[0].present, ACCEL_CLIENT_MEM_TOTAL | ACCEL_CLIENT_MEM_SHARED |
			 ACCEL_CLIENT_MEM_ACTIVE | ACCEL_CLIENT_MEM_RESIDENT |
			 ACCEL_CLIENT_MEM_PURGEABLE);
	assert_int_equal(p->mem_total, 4 << 20);
	assert_int_equal(p->mem_shared, 1000);
	assert_int_equal(p->mem_resident, 12 << 10);
	assert_int_equal(p->mem_active, 0);

	p = &c[1];
	assert_null(p->dev);
	assert_int_equal(p->present, 0);
	assert_int_equal(p->num_fds, 1);
	assert_string_equal(p->driver, "");

	p = find_pid(c, n, 200);
	assert_non_null(p);
	assert_null(p->dev);
	assert_string_equal(p->driver, "xe");
	assert_int_equal(p->client_id, 42);
	assert_true(p->present & ACCEL_CLIENT_ENGINE_TIME);
	assert_int_equal(p->engine_ns, 123456789 + 1000);
	e = find_engine(p, "rcs");
	assert_non_null(e);
	assert_int_equal(e->present, ACCEL_CLIENT_ENGINE_BUSY | ACCEL_CLIENT_ENGINE_CYCLES |
			 ACCEL_CLIENT_ENGINE_TOTAL_CYCLES);
	assert_int_equal(e->busy_ns, 123456789);
	assert_int_equal(e->cycles, 500);
	assert_int_equal(e->total_cycles, 1000);
	assert_int_equal(e->capacity, 1);
	e = find_engine(p, "vcs");
	assert_non_null(e);
	assert_int_equal(e->capacity, 2);
	assert_int_equal(e->busy_ns, 1000);
	e = find_engine(p, "vecs");
	assert_non_null(e);
	assert_int_equal(e->present, ACCEL_CLIENT_ENGINE_MAXFREQ);
	assert_int_equal(e->maxfreq_hz, 1200000000);
	e = find_engine(p, "bcs");
	assert_non_null(e);
	assert_int_equal(e->maxfreq_hz, 800000);
	/* capacity 0 is not allowed: the default stays */
	e = find_engine(p, "zero");
	if (e)
		assert_int_equal(e->capacity, 1);
	assert_null(find_engine(p, "x"));
	assert_null(find_engine(p, "x y"));
	/* vram0 and gtt; "bad" (GiB) and "memory" (lots) are skipped */
	assert_int_equal(p->num_regions, 2);
	assert_int_equal(p->mem_total, 2 << 20);
	assert_int_equal(p->mem_resident, (1 << 20) + (8 << 10));
	assert_int_equal(p->present & (ACCEL_CLIENT_MEM_TOTAL | ACCEL_CLIENT_MEM_RESIDENT |
				       ACCEL_CLIENT_MEM_SHARED),
			 ACCEL_CLIENT_MEM_TOTAL | ACCEL_CLIENT_MEM_RESIDENT);

	p = find_pid(c, n, 400);
	assert_non_null(p);
	assert_null(p->dev);	/* pdev c4:00.1 is no device of ours */
	assert_string_equal(p->driver, "amdxdna_accel_driver");
	assert_string_equal(p->client_name, "my model");
	assert_int_equal(p->mem_total, 64 << 20);
	assert_int_equal(p->num_regions, 1);
}

static void test_fdinfo_match_pdev(void **state)
{
	struct accel_client_usage c[4];
	struct accel_device *d1 = unit_find(list, "accel1");
	char text[512];
	int n;

	(void)state;
	assert_non_null(accel_device_bus_id(d1));
	snprintf(text, sizeof(text),
		 "drm-driver:\t%s\ndrm-client-id:\t3\ndrm-pdev:\t%s\n"
		 "drm-total-memory:\t0\n",
		 accel_device_driver(d1), accel_device_bus_id(d1));
	add_proc(500, "p\n");
	add_fd(500, 3, "@accel/accel7", text);
	n = accel_process_usage(list, 500, c, 4, sizeof(c[0]));
	assert_int_equal(n, 1);
	assert_ptr_equal(c[0].dev, d1);
	assert_true(c[0].present & ACCEL_CLIENT_MEM_TOTAL);
	assert_int_equal(c[0].mem_total, 0);
}

static void test_fdinfo_many_engines(void **state)
{
	struct accel_client_usage c;
	char text[4096];
	size_t used = 0;
	int i;

	(void)state;
	used += snprintf(text, sizeof(text), "drm-driver:\tmany\ndrm-client-id:\t1\n");
	for (i = 0; i < ACCEL_CLIENT_MAX_ENGINES + 4; i++)
		used += snprintf(text + used, sizeof(text) - used, "drm-engine-e%d:\t%d ns\n",
				 i, 10);
	add_proc(600, "many\n");
	add_fd(600, 3, "@dri/card0", text);
	assert_int_equal(accel_process_usage(NULL, 600, &c, 1, sizeof(c)), 1);
	assert_int_equal(c.num_engines, ACCEL_CLIENT_MAX_ENGINES);
	assert_int_equal(c.engine_ns, 10 * (ACCEL_CLIENT_MAX_ENGINES + 4));
	assert_null(c.dev);
}

static void test_fdinfo_long_line(void **state)
{
	struct accel_client_usage c;
	char text[2048];

	(void)state;
	memset(text, 'a', sizeof(text));
	memcpy(text, "drm-client-name:\t", 17);
	snprintf(text + 1500, sizeof(text) - 1500,
		 "\ndrm-driver:\tlong\ndrm-total-memory:\t1 KiB\n");
	add_proc(700, "long\n");
	add_fd(700, 3, "@dri/card0", text);
	assert_int_equal(accel_process_usage(NULL, 700, &c, 1, sizeof(c)), 1);
	assert_string_equal(c.driver, "long");
	assert_string_equal(c.client_name, "");
	assert_int_equal(c.mem_total, 1024);
}

static void test_fdinfo_counts_and_sizes(void **state)
{
	struct accel_client_usage c[2];
	size_t small = offsetof(struct accel_client_usage, dev);
	unsigned char *b = (unsigned char *)c;
	int n;

	(void)state;
	make_procs();
	/* max 0: just the count */
	assert_int_equal(accel_process_usage(list, 0, NULL, 0, 0), 4);
	/* fewer entries than clients: max written, all counted */
	memset(c, 0xee, sizeof(c));
	assert_int_equal(accel_process_usage(list, 0, c, 1, sizeof(c[0])), 4);
	assert_int_equal(c[0].pid, 100);
	assert_int_equal(b[sizeof(c[0])], 0xee);
	/* an older, smaller entry: packed at its own size */
	memset(c, 0xee, sizeof(c));
	n = accel_process_usage(list, 0, c, 2, small);
	assert_int_equal(n, 4);
	assert_int_equal(((struct accel_client_usage *)(b + small))->pid, 100);
	assert_int_equal(((struct accel_client_usage *)(b + small))->fd, 6);
	assert_int_equal(b[2 * small], 0xee);
	/* one process only */
	assert_int_equal(accel_process_usage(list, 200, c, 2, sizeof(c[0])), 1);
	assert_int_equal(c[0].pid, 200);
}

static void test_fdinfo_bad_args(void **state)
{
	struct accel_client_usage c;
	char junk[64] = { 0 };

	(void)state;
	assert_fail_reason(accel_process_usage(list, -1, &c, 1, sizeof(c)), -EINVAL);
	assert_fail_reason(accel_process_usage(list, 0, NULL, 1, sizeof(c)), -EINVAL);
	assert_fail_reason(accel_process_usage(list, 0, &c, 1, 0), -EINVAL);
	assert_fail_reason(accel_process_usage((struct accel_device **)junk, 0, &c, 1,
					       sizeof(c)), -ESTALE);
	assert_fail_reason(accel_process_usage(list, 999, &c, 1, sizeof(c)), -ESRCH);
	/* an empty /proc: nothing, not an error */
	assert_int_equal(accel_process_usage(list, 0, &c, 1, sizeof(c)), 0);
}

/* the real /proc: this process's own node fds show up (none here) */
static void test_fdinfo_real_proc(void **state)
{
	(void)state;
	unsetenv("ACCEL_PROC_PATH");
	assert_true(accel_process_usage(list, getpid(), NULL, 0, 0) >= 0);
	assert_true(accel_process_usage(list, 0, NULL, 0, 0) >= 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_usage_hwmon, setup, teardown),
	cmocka_unit_test_setup_teardown(test_usage_nothing, setup, teardown),
	cmocka_unit_test_setup_teardown(test_usage_sizes, setup, teardown),
	cmocka_unit_test_setup_teardown(test_usage_bad_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_fdinfo_shapes, setup, teardown),
	cmocka_unit_test_setup_teardown(test_fdinfo_match_pdev, setup, teardown),
	cmocka_unit_test_setup_teardown(test_fdinfo_many_engines, setup, teardown),
	cmocka_unit_test_setup_teardown(test_fdinfo_long_line, setup, teardown),
	cmocka_unit_test_setup_teardown(test_fdinfo_counts_and_sizes, setup, teardown),
	cmocka_unit_test_setup_teardown(test_fdinfo_bad_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_fdinfo_real_proc, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
