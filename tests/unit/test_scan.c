// SPDX-License-Identifier: MIT
/*
 * Enumeration against fake sysfs trees: what a scan finds, how it orders
 * and filters devices, what it makes of missing and garbage attributes,
 * which provider claims what, and how devices keep or lose their identity
 * across rescans (hot-plug).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

static struct fake_sys fs;

static int setup(void **state)
{
	fake_sys_init(&fs);
	return 0;
}

static int teardown(void **state)
{
	fake_sys_fini(&fs);
	return 0;
}

static struct accel_device **list_of(int expect)
{
	struct accel_device **list;
	int n = -1;

	list = accel_get_device_list(&n);
	assert_non_null(list);
	assert_int_equal(n, expect);
	assert_null(list[n]);
	return list;
}

static struct accel_device_info info_of(struct accel_device *dev)
{
	struct accel_device_info info;

	memset(&info, 0xa5, sizeof(info));
	assert_int_equal(accel_device_get_info(dev, &info, sizeof(info)), 0);
	return info;
}

/* card_name of an opened device says which match entry claimed it */
static void assert_claimed_by(struct accel_device *dev, const char *how)
{
	struct accel_device_attr attr;
	struct accel_context *ctx = accel_open_device(dev);

	assert_non_null(ctx);
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.card_name, how);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_one_device(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device_info info;
	struct accel_device **list;
	char node[PATH_MAX + 32];

	d.numa_node = 1;
	fake_add_accel(&fs, 0, &d);
	list = list_of(1);
	snprintf(node, sizeof(node), "%s/accel/accel0", fs.dev);
	assert_string_equal(accel_device_name(list[0]), "accel0");
	assert_string_equal(accel_device_node(list[0]), node);
	assert_string_equal(accel_device_driver(list[0]), "testdrv");
	assert_string_equal(accel_device_provider(list[0]), "testdrv");
	assert_string_equal(accel_device_bus_id(list[0]), "0000:01:00.0");
	info = info_of(list[0]);
	assert_int_equal(info.flags, 0);
	assert_int_equal(info.pci_vendor_id, 0x1ded);
	assert_int_equal(info.pci_device_id, 0x1234);
	assert_int_equal(info.pci_subsys_vendor_id, 0x1ded);
	assert_int_equal(info.pci_subsys_device_id, 0x42);
	assert_int_equal(info.numa_node, 1);
	assert_int_equal(info.major, 261);
	assert_int_equal(info.minor, 0);
	assert_string_equal(info.modalias,
			    "pci:v00001DEDd00001234sv00001DEDsd00000042bc12sc00i00");
	/* nothing to explain */
	assert_int_equal(accel_get_scan_report(NULL, 0), 0);
	accel_free_device_list(list);
}

static void test_sixty_four_devices_by_minor(void **state)
{
	struct accel_device **list;
	struct fake_dev d = fake_testdrv();
	unsigned int i;

	/* created out of order: readdir order must not leak into the list */
	for (i = 0; i < 64; i++) {
		d.numa_node = (int)((i * 37) % 64) % 2;
		fake_add_accel(&fs, (i * 37) % 64, &d);
	}
	list = list_of(64);
	for (i = 0; i < 64; i++) {
		struct accel_device_info info = info_of(list[i]);
		char name[32], bus[32];

		snprintf(name, sizeof(name), "accel%u", i);
		snprintf(bus, sizeof(bus), "0000:%02x:%02x.0", i / 32 + 1, i % 32);
		assert_string_equal(accel_device_name(list[i]), name);
		assert_string_equal(accel_device_bus_id(list[i]), bus);
		assert_int_equal(info.minor, i);
		assert_int_equal(info.numa_node, (int)(i % 2));
	}
	accel_free_device_list(list);
}

static void test_control_nodes_filtered(void **state)
{
	static const char *const odd[] = { "accel_controlD0", "accel_controlD1",
					   "accel", "accelX", "accel2x", "card0" };
	struct fake_dev d = fake_testdrv();
	struct accel_device **list;
	const char *report;
	size_t i;

	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	/* habanalabs' control node: same device, same driver, not a DRM minor */
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		char rel[PATH_MAX], target[PATH_MAX], path[PATH_MAX + 64];

		snprintf(rel, sizeof(rel),
			 "sys/devices/pci0000:00/0000:01:00.0/accel/%s", odd[i]);
		fake_mkdir(&fs, rel);
		snprintf(path, sizeof(path), "%s/dev", rel);
		fake_write(&fs, path, "510:0\n");
		snprintf(path, sizeof(path), "%s/device", rel);
		fake_path(&fs, path, target, sizeof(target));
		assert_int_equal(symlink("../../../0000:01:00.0", target), 0);
		snprintf(path, sizeof(path), "sys/class/accel/%s", odd[i]);
		fake_path(&fs, path, target, sizeof(target));
		snprintf(path, sizeof(path),
			 "../../devices/pci0000:00/0000:01:00.0/accel/%s", odd[i]);
		assert_int_equal(symlink(path, target), 0);
		snprintf(path, sizeof(path), "dev/accel/%s", odd[i]);
		fake_write(&fs, path, "x");
	}
	list = list_of(2);
	assert_string_equal(accel_device_name(list[0]), "accel0");
	assert_string_equal(accel_device_name(list[1]), "accel1");
	/* filtered on purpose, not a skipped device to explain */
	report = unit_report();
	assert_null(strstr(report, "accel_controlD"));
	accel_free_device_list(list);
}

static void test_empty_class_dir(void **state)
{
	struct accel_device **list = list_of(0);

	assert_non_null(strstr(unit_report(), "no accelerator found"));
	accel_free_device_list(list);
}

static void test_no_class_dir(void **state)
{
	struct accel_device **list;

	/* a kernel without CONFIG_DRM_ACCEL: an empty list, not an error */
	fake_remove(&fs, "sys/class/accel");
	list = list_of(0);
	assert_non_null(strstr(unit_report(), "no accelerator found"));
	accel_free_device_list(list);
}

static void test_missing_attributes(void **state)
{
	static const char *const attrs[] = { "vendor", "device",
					     "subsystem_vendor",
					     "subsystem_device", "numa_node",
					     "modalias" };
	struct fake_dev d = fake_testdrv();
	struct accel_device_info info;
	struct accel_device **list;
	char pci[PATH_MAX], rel[PATH_MAX + 32];
	size_t i;

	d.no_dev_attr = true;
	fake_add_accel(&fs, 3, &d);
	fake_pci_dir(3, pci, sizeof(pci));
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		snprintf(rel, sizeof(rel), "%s/%s", pci, attrs[i]);
		fake_unlink(&fs, rel);
	}
	list = list_of(1);
	info = info_of(list[0]);
	assert_int_equal(info.pci_vendor_id, 0);
	assert_int_equal(info.pci_device_id, 0);
	assert_int_equal(info.pci_subsys_vendor_id, 0);
	assert_int_equal(info.pci_subsys_device_id, 0);
	assert_int_equal(info.numa_node, -1);
	assert_string_equal(info.modalias, "");
	/* no dev attribute: no major, the minor comes from the name */
	assert_int_equal(info.major, 0);
	assert_int_equal(info.minor, 3);
	assert_string_equal(accel_device_driver(list[0]), "testdrv");
	assert_string_equal(accel_device_bus_id(list[0]), "0000:01:03.0");
	accel_free_device_list(list);
}

static void test_garbage_attributes(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device_info info;
	struct accel_device **list;
	char pci[PATH_MAX], rel[PATH_MAX + 32], longtext[1024];

	fake_add_accel(&fs, 5, &d);
	fake_pci_dir(5, pci, sizeof(pci));
	snprintf(rel, sizeof(rel), "%s/vendor", pci);
	fake_write(&fs, rel, "0xzzzz\n");
	snprintf(rel, sizeof(rel), "%s/device", pci);
	fake_write(&fs, rel, "");
	snprintf(rel, sizeof(rel), "%s/subsystem_vendor", pci);
	fake_write(&fs, rel, "-1\n");
	snprintf(rel, sizeof(rel), "%s/subsystem_device", pci);
	fake_write(&fs, rel, "0x1ffffffff\n");
	snprintf(rel, sizeof(rel), "%s/numa_node", pci);
	fake_write(&fs, rel, "banana\n");
	memset(longtext, 'm', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = 0;
	snprintf(rel, sizeof(rel), "%s/modalias", pci);
	fake_write(&fs, rel, longtext);
	snprintf(rel, sizeof(rel), "%s/accel/accel5/dev", pci);
	fake_write(&fs, rel, "garbage\n");

	list = list_of(1);
	info = info_of(list[0]);
	assert_int_equal(info.pci_vendor_id, 0);
	assert_int_equal(info.pci_device_id, 0);
	assert_int_equal(info.pci_subsys_vendor_id, 0);
	assert_int_equal(info.pci_subsys_device_id, 0);
	assert_int_equal(info.numa_node, -1);
	assert_int_equal(info.major, 0);
	assert_int_equal(info.minor, 5);
	/* cut to the field, terminated */
	assert_true(memchr(info.modalias, 0, sizeof(info.modalias)) != NULL);
	assert_true(strlen(info.modalias) > 0);
	assert_int_equal(strspn(info.modalias, "m"), strlen(info.modalias));
	assert_string_equal(accel_device_name(list[0]), "accel5");
	accel_free_device_list(list);
}

/*
 * A FIFO where a sysfs attribute belongs (sysfs attributes are regular
 * files) once blocked the scan forever in open(): now it is refused and
 * reported, and the device is listed as with a missing attribute.
 */
static void test_fifo_attributes(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device_info info;
	struct accel_device **list;
	char pci[PATH_MAX], rel[PATH_MAX + 32];
	const char *report;

	fake_add_accel(&fs, 5, &d);
	fake_pci_dir(5, pci, sizeof(pci));
	snprintf(rel, sizeof(rel), "%s/vendor", pci);
	fake_mkfifo(&fs, rel);
	snprintf(rel, sizeof(rel), "%s/numa_node", pci);
	fake_mkfifo(&fs, rel);
	snprintf(rel, sizeof(rel), "%s/accel/accel5/dev", pci);
	fake_mkfifo(&fs, rel);

	alarm(20);	/* a hang fails the case instead of the ctest timeout */
	list = list_of(1);
	alarm(0);
	info = info_of(list[0]);
	assert_int_equal(info.pci_vendor_id, 0);
	assert_int_equal(info.pci_device_id, 0x1234);
	assert_int_equal(info.numa_node, -1);
	assert_int_equal(info.minor, 5);
	report = unit_report();
	assert_non_null(strstr(report, "/vendor: a FIFO, not a regular file: ignored"));
	assert_non_null(strstr(report, "/numa_node: a FIFO, not a regular file: ignored"));
	assert_non_null(strstr(report, "/dev: a FIFO, not a regular file: ignored"));
	accel_free_device_list(list);
}

/*
 * The bus device's uevent answers in one read what the id attributes and
 * the driver link do (as the kernel writes it: DRIVER=, PCI_ID=,
 * PCI_SUBSYS_ID=, MODALIAS=): with one, the scan takes the ids from it
 * (here they differ from the stale attribute files, which the scan then
 * leaves unread) and the driver even with no driver link.
 */
static void test_uevent(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device_info info;
	struct accel_device **list;
	char pci[PATH_MAX], rel[PATH_MAX + 32];

	d.driver = NULL;
	d.numa_node = 1;
	fake_add_accel(&fs, 3, &d);
	fake_pci_dir(3, pci, sizeof(pci));
	snprintf(rel, sizeof(rel), "%s/uevent", pci);
	fake_write(&fs, rel, "DRIVER=testdrv\nPCI_CLASS=120000\nPCI_ID=1DED:1234\n"
		   "PCI_SUBSYS_ID=ABCD:00EF\nPCI_SLOT_NAME=0000:00:03.0\n"
		   "MODALIAS=pci:v00001DEDd00001234svABCDsd000000EFbc12sc00i00\n");
	list = list_of(1);
	info = info_of(list[0]);
	assert_string_equal(accel_device_driver(list[0]), "testdrv");
	assert_int_equal(info.pci_vendor_id, 0x1ded);
	assert_int_equal(info.pci_device_id, 0x1234);
	assert_int_equal(info.pci_subsys_vendor_id, 0xabcd);
	assert_int_equal(info.pci_subsys_device_id, 0xef);
	assert_int_equal(info.numa_node, 1);
	assert_string_equal(info.modalias,
			    "pci:v00001DEDd00001234svABCDsd000000EFbc12sc00i00");
	accel_free_device_list(list);
}

/* Minors past INT_MAX once overflowed the sort's subtraction (UBSan) */
static void test_minors_near_int_limits(void **state)
{
	static const unsigned int minors[] = {
		0xffffffffu, 1, 0x80000000u, 0, 0x7fffffffu, 0x80000001u,
	};
	static const unsigned int sorted[] = {
		0, 1, 0x7fffffffu, 0x80000000u, 0x80000001u, 0xffffffffu,
	};
	struct fake_dev d = fake_testdrv();
	struct accel_device **list;
	size_t i;

	for (i = 0; i < sizeof(minors) / sizeof(minors[0]); i++)
		fake_add_accel(&fs, minors[i], &d);
	list = list_of(6);
	for (i = 0; i < 6; i++) {
		char name[32];

		snprintf(name, sizeof(name), "accel%u", sorted[i]);
		assert_string_equal(accel_device_name(list[i]), name);
		assert_int_equal(info_of(list[i]).minor, sorted[i]);
	}
	accel_free_device_list(list);
}

/*
 * A class entry whose name does not fit a device name was listed under
 * the cut name, with the cut node path: another device's (fuzz_scan).
 */
static void test_name_too_long(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **list;
	char rel[PATH_MAX], name[100];

	fake_add_accel(&fs, 1, &d);
	snprintf(name, sizeof(name), "accel1%070u", 7u);
	snprintf(rel, sizeof(rel), "sys/class/accel/%s", name);
	fake_mkdir(&fs, rel);
	snprintf(rel, sizeof(rel), "sys/class/accel/%s/dev", name);
	fake_write(&fs, rel, "261:7\n");
	snprintf(rel, sizeof(rel), "dev/accel/%s", name);
	fake_write(&fs, rel, "x");
	list = list_of(1);
	assert_string_equal(accel_device_name(list[0]), "accel1");
	assert_non_null(strstr(unit_report(), "class entry name longer than 63 bytes"));
	accel_free_device_list(list);
}

static void test_no_device_link_unclaimed(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **list;
	const char *report;

	/* no driver link: the core asks the node (a plain file: no answer) */
	d.no_device_link = true;
	fake_add_accel(&fs, 0, &d);
	list = list_of(0);
	report = unit_report();
	assert_non_null(strstr(report, "accel0: no provider for driver 'unknown'"));
	assert_non_null(strstr(report, "DRM_IOCTL_VERSION"));
	assert_null(strstr(report, "no accelerator found"));
	accel_free_device_list(list);
}

static void test_unclaimed_device_reported(void **state)
{
	struct fake_dev d = fake_testdrv(), other = fake_testdrv();
	struct accel_device **list;
	const char *report;

	other.driver = "otherdrv";
	other.vendor = 0x10de;
	other.device = 0x0001;
	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &other);
	list = list_of(1);
	assert_string_equal(accel_device_name(list[0]), "accel0");
	report = unit_report();
	assert_non_null(strstr(report, "accel1: no provider for driver 'otherdrv'"));
	assert_non_null(strstr(report, "10de:0001"));
	assert_null(strstr(report, "accel0"));
	accel_free_device_list(list);
}

static void test_match_by_pci_id(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **list;

	/* bound to a driver no provider names, but testdrv knows the id */
	d.driver = "vfio-pci";
	fake_add_accel(&fs, 0, &d);
	list = list_of(1);
	assert_string_equal(accel_device_driver(list[0]), "vfio-pci");
	assert_string_equal(accel_device_provider(list[0]), "testdrv");
	assert_claimed_by(list[0], "pci");
	accel_free_device_list(list);
}

static void test_match_by_pci_id_only_exact(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **list;

	/* 1ded:12345 must not pass for 1ded:1234 */
	d.driver = "vfio-pci";
	d.device = 0x12345;
	fake_add_accel(&fs, 0, &d);
	d.device = 0x1235;
	fake_add_accel(&fs, 1, &d);
	list = list_of(0);
	assert_non_null(strstr(unit_report(), "accel0: no provider for driver 'vfio-pci'"));
	assert_non_null(strstr(unit_report(), "accel1: no provider for driver 'vfio-pci'"));
	accel_free_device_list(list);
}

static void test_match_by_modalias(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **list;

	d.driver = "npu-platform";
	d.vendor = d.device = 0;
	d.modalias = "of:NnpuT(null)Ctestvendor,npu-v2";
	fake_add_accel(&fs, 0, &d);
	list = list_of(1);
	assert_string_equal(accel_device_provider(list[0]), "testdrv");
	assert_claimed_by(list[0], "modalias");
	accel_free_device_list(list);
}

static void test_driver_name_beats_pci_id(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **list;

	/* testdrv knows the PCI id, but testmin names the bound driver */
	d.driver = "testmin";
	fake_add_accel(&fs, 0, &d);
	d.driver = "testdrv";
	fake_add_accel(&fs, 1, &d);
	list = list_of(2);
	assert_string_equal(accel_device_provider(list[0]), "testmin");
	assert_string_equal(accel_device_provider(list[1]), "testdrv");
	assert_claimed_by(list[1], "driver");
	accel_free_device_list(list);
}

static void test_provider_veto(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **list;
	char pci[PATH_MAX], rel[PATH_MAX + 32];

	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	fake_pci_dir(1, pci, sizeof(pci));
	snprintf(rel, sizeof(rel), "%s/testdrv_veto", pci);
	fake_write(&fs, rel, "1\n");
	list = list_of(1);
	assert_string_equal(accel_device_name(list[0]), "accel0");
	assert_non_null(strstr(unit_report(), "accel1: no provider for driver 'testdrv'"));
	accel_free_device_list(list);
}

static void test_no_device_node(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **list;
	struct accel_device_info info;

	d.no_node = true;
	fake_add_accel(&fs, 0, &d);
	list = list_of(1);
	info = info_of(list[0]);
	assert_true(info.flags & ACCEL_DEVICE_NO_ACCESS);
	assert_non_null(strstr(unit_report(), "accel0: no device node"));
	errno = 0;
	assert_null(accel_open_device(list[0]));
	assert_int_equal(errno, ENODEV);
	accel_free_device_list(list);
}

/*
 * Root passes every access() check, so the permission case runs in a child
 * that drops to nobody (or, when the tests do not run as root, as the
 * user itself with a node of mode 000). The child reports the first check
 * that failed in its exit status.
 */
static int denied_child(const char *group)
{
	struct accel_device_info info;
	struct accel_device **list;
	char report[4096];
	int n = -1, ret = 0;

	if (geteuid() == 0) {
		gid_t g = 65534;

		if (setgroups(1, &g) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			return 10;
	}
	list = accel_get_device_list(&n);
	if (!list || n != 1)
		return 11;
	if (accel_device_get_info(list[0], &info, sizeof(info)) ||
	    !(info.flags & ACCEL_DEVICE_NO_ACCESS))
		ret = 12;
	accel_get_scan_report(report, sizeof(report));
	if (!ret && !strstr(report, "accel0: permission denied"))
		ret = 13;
	if (!ret && group && !strstr(report, group))
		ret = 14;
	errno = 0;
	if (!ret && (accel_open_device(list[0]) || errno != EACCES))
		ret = 15;
	if (ret)
		fprintf(stderr, "child check %d failed; report:\n%s", ret, report);
	accel_free_device_list(list);
	return ret;
}

static void test_permission_denied(void **state)
{
	struct fake_dev d = fake_testdrv();
	const char *group = NULL;
	char node[PATH_MAX];
	struct accel_device **list;
	int status;
	pid_t pid;

	d.node_mode = 0660;
	fake_add_accel(&fs, 0, &d);
	fake_path(&fs, "dev/accel/accel0", node, sizeof(node));
	if (geteuid() == 0) {
		struct group *g = getgrnam("render");

		/* the report must name the group to join */
		if (g) {
			assert_int_equal(chown(node, 0, g->gr_gid), 0);
			group = "'render'";
		}
	} else {
		assert_int_equal(chmod(node, 0), 0);
	}
	/* load the providers here, as the caller the plugins belong to */
	list = list_of(1);
	accel_free_device_list(list);

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(denied_child(group));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_rescan_keeps_pointers(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **l1, **l2, **l3;

	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	l1 = list_of(2);
	l2 = list_of(2);
	assert_ptr_equal(l1[0], l2[0]);
	assert_ptr_equal(l1[1], l2[1]);
	assert_ptr_not_equal(l1, l2);
	accel_free_device_list(l1);
	accel_free_device_list(l2);
	/* with no list held, the devices still carry over */
	l3 = list_of(2);
	assert_string_equal(accel_device_name(l3[1]), "accel1");
	accel_free_device_list(l3);
}

static void test_reused_name_is_new_device(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **l1, **l2;
	struct accel_context *ctx;
	char from[PATH_MAX], to[PATH_MAX];

	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	l1 = list_of(2);

	/*
	 * accel1 goes and comes back under the same name and PCI address
	 * (unbind, rebind): new sysfs directories. The old ones are kept
	 * aside until the rescan so that their inodes cannot be reused.
	 */
	fake_path(&fs, "sys/devices/pci0000:00/0000:01:01.0", from, sizeof(from));
	fake_path(&fs, "old-0000:01:01.0", to, sizeof(to));
	assert_int_equal(rename(from, to), 0);
	fake_unlink(&fs, "sys/class/accel/accel1");
	fake_unlink(&fs, "dev/accel/accel1");
	fake_add_accel(&fs, 1, &d);

	l2 = list_of(2);
	assert_ptr_equal(l2[0], l1[0]);
	assert_ptr_not_equal(l2[1], l1[1]);
	assert_string_equal(accel_device_name(l2[1]), "accel1");
	/* the old accel1 is gone for good, though its list still holds it */
	assert_string_equal(accel_device_name(l1[1]), "accel1");
	errno = 0;
	assert_null(accel_open_device(l1[1]));
	assert_int_equal(errno, ENODEV);
	ctx = accel_open_device(l2[1]);
	assert_non_null(ctx);
	assert_int_equal(accel_close_device(ctx), 0);
	ctx = accel_open_device(l1[0]);
	assert_non_null(ctx);
	assert_int_equal(accel_close_device(ctx), 0);
	accel_free_device_list(l1);
	accel_free_device_list(l2);
	fake_remove(&fs, "old-0000:01:01.0");
}

static void test_new_dev_number_is_new_device(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **l1, **l2;

	fake_add_accel(&fs, 0, &d);
	l1 = list_of(1);
	/* same directory, another char device behind the name */
	fake_write(&fs, "sys/devices/pci0000:00/0000:01:00.0/accel/accel0/dev",
		   "262:0\n");
	l2 = list_of(1);
	assert_ptr_not_equal(l2[0], l1[0]);
	errno = 0;
	assert_null(accel_open_device(l1[0]));
	assert_int_equal(errno, ENODEV);
	accel_free_device_list(l1);
	accel_free_device_list(l2);
}

static void test_rebound_driver_is_new_device(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **l1, **l2;
	char link[PATH_MAX];

	fake_add_accel(&fs, 0, &d);
	l1 = list_of(1);
	assert_string_equal(accel_device_provider(l1[0]), "testdrv");
	/* the same node, now bound to the driver of another provider */
	fake_mkdir(&fs, "sys/bus/pci/drivers/testmin");
	fake_unlink(&fs, "sys/devices/pci0000:00/0000:01:00.0/driver");
	fake_path(&fs, "sys/devices/pci0000:00/0000:01:00.0/driver", link,
		  sizeof(link));
	assert_int_equal(symlink("../../../bus/pci/drivers/testmin", link), 0);
	l2 = list_of(1);
	assert_ptr_not_equal(l2[0], l1[0]);
	assert_string_equal(accel_device_provider(l2[0]), "testmin");
	/* the old device keeps what it was, but is gone */
	assert_string_equal(accel_device_provider(l1[0]), "testdrv");
	errno = 0;
	assert_null(accel_open_device(l1[0]));
	assert_int_equal(errno, ENODEV);
	accel_free_device_list(l1);
	accel_free_device_list(l2);
}

static void test_hot_removal(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **l1, **l2;
	struct accel_device_attr attr;
	struct accel_context *ctx;
	struct accel_device *gone;

	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &d);
	l1 = list_of(2);
	gone = l1[1];
	ctx = accel_open_device(gone);
	assert_non_null(ctx);

	fake_unlink(&fs, "sys/class/accel/accel1");
	fake_unlink(&fs, "dev/accel/accel1");
	l2 = list_of(1);
	assert_ptr_equal(l2[0], l1[0]);
	errno = 0;
	assert_null(accel_open_device(gone));
	assert_int_equal(errno, ENODEV);
	/* an open context lives on until it is closed */
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.fw_version, "fw-accel1");
	assert_int_equal(accel_close_device(ctx), 0);
	/* getters keep answering while a list holds the device ... */
	assert_string_equal(accel_device_name(gone), "accel1");
	accel_free_device_list(l1);
	/* ... and answer ESTALE once nothing does */
	errno = 0;
	assert_null(accel_device_name(gone));
	assert_int_equal(errno, ESTALE);
	errno = 0;
	assert_null(accel_open_device(gone));
	assert_int_equal(errno, ESTALE);
	accel_free_device_list(l2);
}

static void test_report_is_per_scan(void **state)
{
	struct fake_dev d = fake_testdrv(), other = fake_testdrv();
	struct accel_device **list;

	other.driver = "otherdrv";
	other.device = 0x9999;
	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 1, &other);
	list = list_of(1);
	accel_free_device_list(list);
	assert_non_null(strstr(unit_report(), "accel1: no provider"));
	fake_unlink(&fs, "sys/class/accel/accel1");
	list = list_of(1);
	assert_int_equal(accel_get_scan_report(NULL, 0), 0);
	accel_free_device_list(list);
}

static void test_count_pointer_optional(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device **list;

	fake_add_accel(&fs, 0, &d);
	fake_add_accel(&fs, 7, &d);
	list = accel_get_device_list(NULL);
	assert_non_null(list);
	assert_string_equal(accel_device_name(list[0]), "accel0");
	assert_string_equal(accel_device_name(list[1]), "accel7");
	assert_null(list[2]);
	accel_free_device_list(list);
}

static void test_drm_card_nodes(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device_info info;
	struct accel_device_attr attr;
	struct accel_context *ctx;
	struct accel_device **list;
	char node[PATH_MAX + 32];
	const char *report;

	/* a claimed DRM card comes after the accel nodes; render nodes,
	 * connectors and cards of drivers nobody claims (a GPU) are not
	 * devices of ours, and nothing to explain either */
	fake_add_drm_card(&fs, 1, "testdrm");
	fake_add_drm_card(&fs, 0, "i915");
	fake_add_accel(&fs, 0, &d);
	list = list_of(2);
	assert_string_equal(accel_device_name(list[0]), "accel0");
	assert_string_equal(accel_device_name(list[1]), "card1");
	snprintf(node, sizeof(node), "%s/dri/card1", fs.dev);
	assert_string_equal(accel_device_node(list[1]), node);
	assert_string_equal(accel_device_driver(list[1]), "testdrm");
	assert_string_equal(accel_device_bus_id(list[1]), "0000:10:01.0");
	info = info_of(list[1]);
	assert_int_equal(info.flags, ACCEL_DEVICE_DRM_NODE);
	assert_int_equal(info.major, 226);
	assert_int_equal(info.minor, 1);
	ctx = accel_open_device(list[1]);
	assert_non_null(ctx);
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.fw_version, "fw-card1");
	assert_string_equal(attr.card_name, "drm");
	assert_int_equal(accel_close_device(ctx), 0);
	report = unit_report();
	assert_null(strstr(report, "card0"));
	assert_null(strstr(report, "renderD"));
	accel_free_device_list(list);
}

static void test_userspace_devices_last(void **state)
{
	struct fake_dev d = fake_testdrv();
	struct accel_device_attr attr;
	struct accel_device_info info;
	struct accel_device **list, **l2;
	struct accel_context *ctx;

	unit_setenv("TESTDRV_USERSPACE_DEVICES", "2");
	fake_add_accel(&fs, 1, &d);
	fake_add_accel(&fs, 0, &d);
	list = list_of(4);
	assert_string_equal(accel_device_name(list[0]), "accel0");
	assert_string_equal(accel_device_name(list[1]), "accel1");
	assert_string_equal(accel_device_name(list[2]), "testsw0");
	assert_string_equal(accel_device_name(list[3]), "testsw1");
	assert_string_equal(accel_device_driver(list[2]), "testsw");
	assert_string_equal(accel_device_provider(list[2]), "testdrv");
	/* no node, no bus */
	errno = 0;
	assert_null(accel_device_node(list[2]));
	assert_int_equal(errno, ENOENT);
	errno = 0;
	assert_null(accel_device_bus_id(list[2]));
	assert_int_equal(errno, ENOENT);
	info = info_of(list[2]);
	assert_int_equal(info.flags, ACCEL_DEVICE_USERSPACE);
	assert_int_equal(info.numa_node, -1);
	assert_int_equal(info.major, 0);
	/* opened without a node */
	ctx = accel_open_device(list[3]);
	assert_non_null(ctx);
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.fw_version, "userspace");
	assert_int_equal(accel_close_device(ctx), 0);
	/* and kept across rescans like the others */
	l2 = list_of(4);
	assert_ptr_equal(l2[2], list[2]);
	assert_ptr_equal(l2[3], list[3]);
	accel_free_device_list(l2);
	unit_setenv("TESTDRV_USERSPACE_DEVICES", "1");
	l2 = list_of(3);
	assert_ptr_equal(l2[2], list[2]);
	errno = 0;
	assert_null(accel_open_device(list[3]));
	assert_int_equal(errno, ENODEV);
	accel_free_device_list(l2);
	accel_free_device_list(list);
}

/* as nobody: the node is nobody's with mode 000, then 0600 */
static int regained_child(const char *node)
{
	struct accel_device **l1, **l2;
	struct accel_device_info info;
	struct accel_context *ctx;
	int ret = 0;

	if (geteuid() == 0) {
		gid_t g = 65534;

		if (setgroups(1, &g) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			return 10;
	}
	l1 = accel_get_device_list(NULL);
	if (!l1 || !l1[0] || accel_device_get_info(l1[0], &info, sizeof(info)) ||
	    !(info.flags & ACCEL_DEVICE_NO_ACCESS))
		return 11;
	errno = 0;
	if (accel_open_device(l1[0]) || errno != EACCES)
		ret = 12;
	if (!ret && chmod(node, 0600))
		ret = 13;
	l2 = accel_get_device_list(NULL);
	if (!ret && (!l2 || l2[0] != l1[0]))
		ret = 14;
	if (!ret && (accel_device_get_info(l1[0], &info, sizeof(info)) ||
		     (info.flags & ACCEL_DEVICE_NO_ACCESS)))
		ret = 15;
	if (!ret && strstr(unit_report(), "permission denied"))
		ret = 16;
	ctx = ret ? NULL : accel_open_device(l1[0]);
	if (!ret && !ctx)
		ret = 17;
	if (ctx && accel_close_device(ctx))
		ret = 18;
	if (ret)
		fprintf(stderr, "child check %d failed\n", ret);
	accel_free_device_list(l1);
	accel_free_device_list(l2);
	return ret;
}

static void test_access_regained_on_rescan(void **state)
{
	struct fake_dev d = fake_testdrv();
	char node[PATH_MAX];
	int status;
	pid_t pid;

	d.node_mode = 0600;
	fake_add_accel(&fs, 0, &d);
	fake_path(&fs, "dev/accel/accel0", node, sizeof(node));
	if (geteuid() == 0)
		assert_int_equal(chown(node, 65534, 65534), 0);
	assert_int_equal(chmod(node, 0), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(regained_child(node));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_one_device, setup, teardown),
	cmocka_unit_test_setup_teardown(test_sixty_four_devices_by_minor, setup, teardown),
	cmocka_unit_test_setup_teardown(test_control_nodes_filtered, setup, teardown),
	cmocka_unit_test_setup_teardown(test_empty_class_dir, setup, teardown),
	cmocka_unit_test_setup_teardown(test_no_class_dir, setup, teardown),
	cmocka_unit_test_setup_teardown(test_missing_attributes, setup, teardown),
	cmocka_unit_test_setup_teardown(test_garbage_attributes, setup, teardown),
	cmocka_unit_test_setup_teardown(test_fifo_attributes, setup, teardown),
	cmocka_unit_test_setup_teardown(test_uevent, setup, teardown),
	cmocka_unit_test_setup_teardown(test_minors_near_int_limits, setup, teardown),
	cmocka_unit_test_setup_teardown(test_name_too_long, setup, teardown),
	cmocka_unit_test_setup_teardown(test_no_device_link_unclaimed, setup, teardown),
	cmocka_unit_test_setup_teardown(test_unclaimed_device_reported, setup, teardown),
	cmocka_unit_test_setup_teardown(test_match_by_pci_id, setup, teardown),
	cmocka_unit_test_setup_teardown(test_match_by_pci_id_only_exact, setup, teardown),
	cmocka_unit_test_setup_teardown(test_match_by_modalias, setup, teardown),
	cmocka_unit_test_setup_teardown(test_driver_name_beats_pci_id, setup, teardown),
	cmocka_unit_test_setup_teardown(test_provider_veto, setup, teardown),
	cmocka_unit_test_setup_teardown(test_no_device_node, setup, teardown),
	cmocka_unit_test_setup_teardown(test_permission_denied, setup, teardown),
	cmocka_unit_test_setup_teardown(test_rescan_keeps_pointers, setup, teardown),
	cmocka_unit_test_setup_teardown(test_reused_name_is_new_device, setup, teardown),
	cmocka_unit_test_setup_teardown(test_new_dev_number_is_new_device, setup, teardown),
	cmocka_unit_test_setup_teardown(test_rebound_driver_is_new_device, setup, teardown),
	cmocka_unit_test_setup_teardown(test_hot_removal, setup, teardown),
	cmocka_unit_test_setup_teardown(test_report_is_per_scan, setup, teardown),
	cmocka_unit_test_setup_teardown(test_count_pointer_optional, setup, teardown),
	cmocka_unit_test_setup_teardown(test_drm_card_nodes, setup, teardown),
	cmocka_unit_test_setup_teardown(test_userspace_devices_last, setup, teardown),
	cmocka_unit_test_setup_teardown(test_access_regained_on_rescan, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
