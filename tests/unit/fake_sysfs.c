// SPDX-License-Identifier: MIT
/*
 * Fake sysfs and /dev trees laid out like the kernel's: the class entry
 * class/accel/accelN is a symlink to the device's accel/accelN directory
 * below a PCI device directory, which holds the PCI attributes and a
 * "driver" symlink into bus/pci/drivers. Nodes in dev/accel are regular
 * files; the test providers read their text as the firmware version, which
 * tells a test that the core handed them the right node.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

void fake_path(struct fake_sys *fs, const char *rel, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s", fs->root, rel);

	assert_true(n > 0 && (size_t)n < len);
}

void fake_mkdir(struct fake_sys *fs, const char *rel)
{
	char path[PATH_MAX], *p;

	fake_path(fs, rel, path, sizeof(path));
	for (p = path + strlen(fs->root) + 1; (p = strchr(p, '/')); p++) {
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST)
			fail_msg("mkdir %s: %m", path);
		*p = '/';
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		fail_msg("mkdir %s: %m", path);
}

void fake_write(struct fake_sys *fs, const char *rel, const char *text)
{
	char path[PATH_MAX];

	fake_path(fs, rel, path, sizeof(path));
	unit_write_file(path, text);
}

void fake_unlink(struct fake_sys *fs, const char *rel)
{
	char path[PATH_MAX];

	fake_path(fs, rel, path, sizeof(path));
	assert_int_equal(unlink(path), 0);
}

void fake_mkfifo(struct fake_sys *fs, const char *rel)
{
	char path[PATH_MAX];

	fake_path(fs, rel, path, sizeof(path));
	unlink(path);
	assert_int_equal(mkfifo(path, 0666), 0);
}

static void fake_symlink(struct fake_sys *fs, const char *target,
			 const char *rel)
{
	char path[PATH_MAX];

	fake_path(fs, rel, path, sizeof(path));
	if (symlink(target, path))
		fail_msg("symlink %s: %m", path);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

void fake_remove(struct fake_sys *fs, const char *rel)
{
	char path[PATH_MAX];

	fake_path(fs, rel, path, sizeof(path));
	assert_int_equal(nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

void fake_sys_init(struct fake_sys *fs)
{
	memset(fs, 0, sizeof(*fs));
	strcpy(fs->root, "/tmp/accel-unit-XXXXXX");
	assert_non_null(mkdtemp(fs->root));
	/* readable by the unprivileged child of the permission test */
	assert_int_equal(chmod(fs->root, 0755), 0);
	fake_mkdir(fs, "sys/class/accel");
	fake_mkdir(fs, "sys/devices/pci0000:00");
	fake_mkdir(fs, "sys/bus/pci/drivers");
	fake_mkdir(fs, "dev/accel");
	fake_mkdir(fs, "etc");
	fake_path(fs, "sys", fs->sys, sizeof(fs->sys));
	fake_path(fs, "dev", fs->dev, sizeof(fs->dev));
	fake_path(fs, "etc", fs->etc, sizeof(fs->etc));
	unit_setenv("ACCEL_SYSFS_PATH", fs->sys);
	unit_setenv("ACCEL_DEV_PATH", fs->dev);
}

void fake_sys_fini(struct fake_sys *fs)
{
	if (fs->root[0])
		assert_int_equal(nftw(fs->root, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	fs->root[0] = 0;
}

struct fake_dev fake_testdrv(void)
{
	struct fake_dev d = {
		.driver = "testdrv",
		.vendor = 0x1ded,
		.device = 0x1234,
		.subsys_vendor = 0x1ded,
		.subsys_device = 0x0042,
		.numa_node = 0,
	};

	return d;
}

void fake_pci_dir(unsigned int minor, char *buf, size_t len)
{
	snprintf(buf, len, "sys/devices/pci0000:00/0000:%02x:%02x.0",
		 minor / 32 + 1, minor % 32);
}

void fake_add_accel(struct fake_sys *fs, unsigned int minor,
		    const struct fake_dev *d)
{
	char pci[PATH_MAX], rel[PATH_MAX + 64], text[256], target[PATH_MAX];

	fake_pci_dir(minor, pci, sizeof(pci));
	snprintf(rel, sizeof(rel), "%s/accel/accel%u", pci, minor);
	fake_mkdir(fs, rel);

	snprintf(rel, sizeof(rel), "%s/vendor", pci);
	snprintf(text, sizeof(text), "0x%04x\n", d->vendor);
	fake_write(fs, rel, text);
	snprintf(rel, sizeof(rel), "%s/device", pci);
	snprintf(text, sizeof(text), "0x%04x\n", d->device);
	fake_write(fs, rel, text);
	snprintf(rel, sizeof(rel), "%s/subsystem_vendor", pci);
	snprintf(text, sizeof(text), "0x%04x\n", d->subsys_vendor);
	fake_write(fs, rel, text);
	snprintf(rel, sizeof(rel), "%s/subsystem_device", pci);
	snprintf(text, sizeof(text), "0x%04x\n", d->subsys_device);
	fake_write(fs, rel, text);
	snprintf(rel, sizeof(rel), "%s/numa_node", pci);
	snprintf(text, sizeof(text), "%d\n", d->numa_node);
	fake_write(fs, rel, text);
	snprintf(rel, sizeof(rel), "%s/modalias", pci);
	if (d->modalias)
		snprintf(text, sizeof(text), "%s\n", d->modalias);
	else
		snprintf(text, sizeof(text),
			 "pci:v%08Xd%08Xsv%08Xsd%08Xbc12sc00i00\n", d->vendor,
			 d->device, d->subsys_vendor, d->subsys_device);
	fake_write(fs, rel, text);
	if (d->driver) {
		snprintf(rel, sizeof(rel), "sys/bus/pci/drivers/%s", d->driver);
		fake_mkdir(fs, rel);
		snprintf(rel, sizeof(rel), "%s/driver", pci);
		snprintf(target, sizeof(target), "../../../bus/pci/drivers/%s",
			 d->driver);
		fake_symlink(fs, target, rel);
	}

	/* the class dir: dev, device -> ../../ (the PCI device) */
	if (!d->no_dev_attr) {
		snprintf(rel, sizeof(rel), "%s/accel/accel%u/dev", pci, minor);
		snprintf(text, sizeof(text), "261:%u\n", minor);
		fake_write(fs, rel, text);
	}
	if (!d->no_device_link) {
		snprintf(rel, sizeof(rel), "%s/accel/accel%u/device", pci, minor);
		snprintf(target, sizeof(target), "../../../%s", strrchr(pci, '/') + 1);
		fake_symlink(fs, target, rel);
	}
	snprintf(rel, sizeof(rel), "sys/class/accel/accel%u", minor);
	snprintf(target, sizeof(target), "../../devices/pci0000:00/%s/accel/accel%u",
		 strrchr(pci, '/') + 1, minor);
	fake_symlink(fs, target, rel);

	if (!d->no_node) {
		char path[PATH_MAX];

		snprintf(rel, sizeof(rel), "dev/accel/accel%u", minor);
		snprintf(text, sizeof(text), "fw-accel%u", minor);
		fake_write(fs, rel, text);
		fake_path(fs, rel, path, sizeof(path));
		assert_int_equal(chmod(path, d->node_mode ? d->node_mode : 0666), 0);
	}
}

/*
 * A PCI DRM device: drm/card<minor> and drm/renderD<128+minor> below
 * 0000:10:<minor>.0, a connector card<minor>-DP-1, the class/drm links and
 * the nodes in dev/dri.
 */
void fake_add_drm_card(struct fake_sys *fs, unsigned int minor,
		       const char *driver)
{
	char pci[PATH_MAX], rel[PATH_MAX + 64], target[PATH_MAX], text[64];
	const char *base;
	unsigned int render = 128 + minor;

	snprintf(pci, sizeof(pci), "sys/devices/pci0000:00/0000:10:%02x.0", minor);
	base = strrchr(pci, '/') + 1;
	snprintf(rel, sizeof(rel), "%s/drm/card%u/card%u-DP-1", pci, minor, minor);
	fake_mkdir(fs, rel);
	snprintf(rel, sizeof(rel), "%s/drm/renderD%u", pci, render);
	fake_mkdir(fs, rel);
	fake_mkdir(fs, "sys/class/drm");
	fake_mkdir(fs, "dev/dri");
	snprintf(rel, sizeof(rel), "%s/vendor", pci);
	fake_write(fs, rel, "0x1ded\n");
	snprintf(rel, sizeof(rel), "%s/device", pci);
	fake_write(fs, rel, "0x2000\n");
	snprintf(rel, sizeof(rel), "sys/bus/pci/drivers/%s", driver);
	fake_mkdir(fs, rel);
	snprintf(rel, sizeof(rel), "%s/driver", pci);
	snprintf(target, sizeof(target), "../../../bus/pci/drivers/%s", driver);
	fake_symlink(fs, target, rel);

	snprintf(rel, sizeof(rel), "%s/drm/card%u/dev", pci, minor);
	snprintf(text, sizeof(text), "226:%u\n", minor);
	fake_write(fs, rel, text);
	snprintf(rel, sizeof(rel), "%s/drm/renderD%u/dev", pci, render);
	snprintf(text, sizeof(text), "226:%u\n", render);
	fake_write(fs, rel, text);
	snprintf(rel, sizeof(rel), "%s/drm/card%u/device", pci, minor);
	snprintf(target, sizeof(target), "../../../%s", base);
	fake_symlink(fs, target, rel);
	snprintf(rel, sizeof(rel), "%s/drm/renderD%u/device", pci, render);
	fake_symlink(fs, target, rel);

	snprintf(rel, sizeof(rel), "sys/class/drm/card%u", minor);
	snprintf(target, sizeof(target), "../../devices/pci0000:00/%s/drm/card%u",
		 base, minor);
	fake_symlink(fs, target, rel);
	snprintf(rel, sizeof(rel), "sys/class/drm/card%u-DP-1", minor);
	snprintf(target, sizeof(target),
		 "../../devices/pci0000:00/%s/drm/card%u/card%u-DP-1", base,
		 minor, minor);
	fake_symlink(fs, target, rel);
	snprintf(rel, sizeof(rel), "sys/class/drm/renderD%u", render);
	snprintf(target, sizeof(target), "../../devices/pci0000:00/%s/drm/renderD%u",
		 base, render);
	fake_symlink(fs, target, rel);

	snprintf(rel, sizeof(rel), "dev/dri/card%u", minor);
	snprintf(text, sizeof(text), "fw-card%u", minor);
	fake_write(fs, rel, text);
	snprintf(rel, sizeof(rel), "dev/dri/renderD%u", render);
	fake_write(fs, rel, "render");
}
