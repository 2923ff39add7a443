// SPDX-License-Identifier: MIT
/*
 * Target "enum": accel_get_device_list() over fake sysfs trees of 1, 16,
 * 64 and 256 habanalabs devices (ACCEL_SYSFS_PATH, ACCEL_DEV_PATH), laid
 * out like the kernel's: class/accel/accelN links to the accel/accelN
 * directory of a PCI device whose "driver" link names habanalabs. With
 * the habanalabs provider in the build the devices are claimed and listed;
 * without it they are scanned and dropped as unclaimed, which the note
 * says. The raw side is the same facts read by hand, as a user would
 * write it (open, read, close per attribute): for each class entry its
 * dev (major:minor), its device link (the bus id), the bus device's
 * uevent (driver, PCI ids, subsystem ids, modalias) and numa_node, and
 * access() of the node, gathered into a list sorted by minor; what the
 * library also does is one stat() of the class entry (the identity that
 * keeps a device's pointer valid across scans). One more row keeps the
 * first baseline, which reads one fact where the library reads ten:
 * list the class directory and read each device's driver link.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <accel/accel.h>

#include "bench.h"

static const unsigned int sizes[] = { 1, 16, 64, 256 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

struct enum_st;

struct enum_tree {
	struct enum_st *st;
	unsigned int ndev;
	char sys[PATH_MAX], dev[PATH_MAX];
	char name[32];
};

/* ops: the same facts by hand per size, then readdir+readlink at 256 */
#define NOPS (NSIZES + 1)

struct enum_st {
	char root[PATH_MAX];
	char cfg[PATH_MAX];
	bool claimed;		/* the habanalabs provider is in the build */
	struct enum_tree trees[NSIZES];
	struct bench_op ops[NOPS];
	char desc[NOPS][96];
	char old_name[32];
	int expect;		/* devices the list must hold, per tree */
};

static int mkdirs(const char *path)
{
	char buf[PATH_MAX], *p;

	bench_fmt(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -errno : 0;
}

static int put(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];

	bench_fmt(path, sizeof(path), "%s/%s", dir, name);
	return bench_write_file(path, text);
}

static int link_at(const char *target, const char *dir, const char *name)
{
	char path[PATH_MAX];

	bench_fmt(path, sizeof(path), "%s/%s", dir, name);
	return symlink(target, path) ? -errno : 0;
}

/* One Gaudi2-like PCI device with its accel minor */
static int make_device(struct enum_tree *t, unsigned int i)
{
	char pci[64], devdir[PATH_MAX], acceldir[PATH_MAX], buf[PATH_MAX];
	int ret;

	bench_fmt(pci, sizeof(pci), "0000:%02x:%02x.0", 0x10 + i / 32, i % 32);
	bench_fmt(devdir, sizeof(devdir), "%s/devices/pci0000:00/%s", t->sys, pci);
	bench_fmt(acceldir, sizeof(acceldir), "%s/accel/accel%u", devdir, i);
	ret = mkdirs(acceldir);
	if (!ret)
		ret = put(devdir, "vendor", "0x1da3\n");
	if (!ret)
		ret = put(devdir, "device", "0x1020\n");
	if (!ret)
		ret = put(devdir, "subsystem_vendor", "0x1da3\n");
	if (!ret)
		ret = put(devdir, "subsystem_device", "0x0001\n");
	if (!ret)
		ret = put(devdir, "numa_node", "-1\n");
	if (!ret)
		ret = put(devdir, "modalias",
			  "pci:v00001DA3d00001020sv00001DA3sd00000001bc12sc00i00\n");
	/* as the kernel writes it: dev_uevent() then pci_uevent() */
	bench_fmt(buf, sizeof(buf),
		  "DRIVER=habanalabs\nPCI_CLASS=120000\nPCI_ID=1DA3:1020\n"
		  "PCI_SUBSYS_ID=1DA3:0001\nPCI_SLOT_NAME=%s\n"
		  "MODALIAS=pci:v00001DA3d00001020sv00001DA3sd00000001bc12sc00i00\n",
		  pci);
	if (!ret)
		ret = put(devdir, "uevent", buf);
	if (!ret)
		ret = link_at("../../../bus/pci/drivers/habanalabs", devdir, "driver");
	bench_fmt(buf, sizeof(buf), "261:%u\n", i);
	if (!ret)
		ret = put(acceldir, "dev", buf);
	if (!ret)
		ret = link_at("../..", acceldir, "device");
	bench_fmt(buf, sizeof(buf), "../../devices/pci0000:00/%s/accel/accel%u",
		 pci, i);
	if (!ret) {
		char cls[PATH_MAX];

		bench_fmt(cls, sizeof(cls), "%s/class/accel/accel%u", t->sys, i);
		ret = symlink(buf, cls) ? -errno : 0;
	}
	bench_fmt(buf, sizeof(buf), "accel%u", i);
	if (!ret) {
		char nodes[PATH_MAX];

		/* a regular file: access() passes, nothing opens it */
		bench_fmt(nodes, sizeof(nodes), "%s/accel", t->dev);
		ret = put(nodes, buf, "");
	}
	return ret;
}

static int make_tree(struct enum_st *s, struct enum_tree *t, unsigned int n)
{
	char path[PATH_MAX];
	unsigned int i;
	int ret;

	t->st = s;
	t->ndev = n;
	bench_fmt(t->sys, sizeof(t->sys), "%s/t%u/sys", s->root, n);
	bench_fmt(t->dev, sizeof(t->dev), "%s/t%u/dev", s->root, n);
	bench_fmt(path, sizeof(path), "%s/class/accel", t->sys);
	ret = mkdirs(path);
	bench_fmt(path, sizeof(path), "%s/bus/pci/drivers/habanalabs", t->sys);
	if (!ret)
		ret = mkdirs(path);
	bench_fmt(path, sizeof(path), "%s/accel", t->dev);
	if (!ret)
		ret = mkdirs(path);
	for (i = 0; !ret && i < n; i++)
		ret = make_device(t, i);
	return ret;
}

static int list_in(struct enum_tree *t)
{
	struct accel_device **l;
	int n;

	setenv("ACCEL_SYSFS_PATH", t->sys, 1);
	setenv("ACCEL_DEV_PATH", t->dev, 1);
	l = accel_get_device_list(&n);
	if (!l)
		return -errno;
	accel_free_device_list(l);
	/* a tree the scan did not see would make a meaningless figure */
	return n == (t->st->claimed ? (int)t->ndev : 0) ? 0 : -EPROTO;
}

static int readdir_in(struct enum_tree *t)
{
	char cls[PATH_MAX], path[PATH_MAX], target[PATH_MAX];
	struct dirent *d;
	unsigned int n = 0;
	DIR *dir;

	bench_fmt(cls, sizeof(cls), "%s/class/accel", t->sys);
	dir = opendir(cls);
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		if (strncmp(d->d_name, "accel", 5))
			continue;
		bench_fmt(path, sizeof(path), "%s/%s/device/driver", cls, d->d_name);
		if (readlink(path, target, sizeof(target)) > 0)
			n++;
	}
	closedir(dir);
	return n == t->ndev ? 0 : -EPROTO;
}

/* what a user's by-hand scan keeps of a device */
struct hand_dev {
	char name[32], bus_id[64], driver[64], modalias[128];
	unsigned int major, minor;
	unsigned int vendor, device, subsys_vendor, subsys_device;
	int numa_node;
	bool access;
};

/* open, read, close; the text without its newline, or -errno */
static int hand_read(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return (int)n;
}

static void hand_uevent(struct hand_dev *h, char *buf)
{
	char *line, *save = NULL;

	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "DRIVER=", 7))
			bench_fmt(h->driver, sizeof(h->driver), "%s", line + 7);
		else if (!strncmp(line, "PCI_ID=", 7))
			sscanf(line + 7, "%x:%x", &h->vendor, &h->device);
		else if (!strncmp(line, "PCI_SUBSYS_ID=", 14))
			sscanf(line + 14, "%x:%x", &h->subsys_vendor,
			       &h->subsys_device);
		else if (!strncmp(line, "MODALIAS=", 9))
			bench_fmt(h->modalias, sizeof(h->modalias), "%s", line + 9);
	}
}

static int cmp_hand(const void *a, const void *b)
{
	const struct hand_dev *x = a, *y = b;

	return (x->minor > y->minor) - (x->minor < y->minor);
}

static int by_hand_in(struct enum_tree *t)
{
	char cls[PATH_MAX], path[PATH_MAX], buf[2048];
	struct hand_dev *devs = NULL, *h;
	size_t n = 0, cap = 0;
	struct dirent *d;
	const char *base;
	ssize_t len;
	DIR *dir;
	int ret = 0;

	bench_fmt(cls, sizeof(cls), "%s/class/accel", t->sys);
	dir = opendir(cls);
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		if (strncmp(d->d_name, "accel", 5))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			h = realloc(devs, cap * sizeof(*devs));
			if (!h) {
				ret = -ENOMEM;
				break;
			}
			devs = h;
		}
		h = &devs[n++];
		memset(h, 0, sizeof(*h));
		h->numa_node = -1;
		bench_fmt(h->name, sizeof(h->name), "%s", d->d_name);
		bench_fmt(path, sizeof(path), "%s/%s/dev", cls, d->d_name);
		if (hand_read(path, buf, sizeof(buf)) > 0)
			sscanf(buf, "%u:%u", &h->major, &h->minor);
		bench_fmt(path, sizeof(path), "%s/%s/device", cls, d->d_name);
		len = readlink(path, buf, sizeof(buf) - 1);
		if (len > 0) {
			buf[len] = '\0';
			base = strrchr(buf, '/');
			bench_fmt(h->bus_id, sizeof(h->bus_id), "%s",
				  base ? base + 1 : buf);
		}
		bench_fmt(path, sizeof(path), "%s/%s/device/uevent", cls, d->d_name);
		if (hand_read(path, buf, sizeof(buf)) > 0)
			hand_uevent(h, buf);
		bench_fmt(path, sizeof(path), "%s/%s/device/numa_node", cls,
			  d->d_name);
		if (hand_read(path, buf, sizeof(buf)) > 0)
			h->numa_node = atoi(buf);
		bench_fmt(path, sizeof(path), "%s/accel/%s", t->dev, d->d_name);
		h->access = !access(path, R_OK | W_OK);
	}
	closedir(dir);
	if (n > 1)
		qsort(devs, n, sizeof(*devs), cmp_hand);
	/* every fact found, or the figure is meaningless */
	for (h = devs; !ret && h < devs + n; h++)
		if (!h->access || !h->vendor || !h->driver[0] || !h->bus_id[0])
			ret = -EPROTO;
	free(devs);
	if (!ret && n != t->ndev)
		ret = -EPROTO;
	return ret;
}

#define ENUM_OPS(i)                                                   \
	static int lib_##i(void *p)                                    \
	{                                                              \
		return list_in(&((struct enum_st *)p)->trees[i]);      \
	}                                                              \
	static int raw_##i(void *p)                                    \
	{                                                              \
		return by_hand_in(&((struct enum_st *)p)->trees[i]);   \
	}
ENUM_OPS(0)
ENUM_OPS(1)
ENUM_OPS(2)
ENUM_OPS(3)

static int (*const lib_fns[NSIZES])(void *) = { lib_0, lib_1, lib_2, lib_3 };
static int (*const raw_fns[NSIZES])(void *) = { raw_0, raw_1, raw_2, raw_3 };

static int readdir_last(void *p)
{
	return readdir_in(&((struct enum_st *)p)->trees[NSIZES - 1]);
}

static void enum_teardown(void *p)
{
	struct enum_st *s = p;

	if (!s)
		return;
	if (s->root[0])
		bench_rm_tree(s->root);
	if (s->cfg[0])
		bench_rm_tree(s->cfg);
	free(s);
}

static int enum_setup(void **out, bool short_mode, char *why, size_t len)
{
	static const char *const hl[] = { "habanalabs", NULL };
	static const char *const none[] = { NULL };
	struct enum_st *s = calloc(1, sizeof(*s));
	unsigned int i;
	int ret;

	if (!s)
		return -ENOMEM;
	ret = bench_config_dir(hl, s->cfg, sizeof(s->cfg));
	s->claimed = !ret;
	if (ret)
		ret = bench_config_dir(none, s->cfg, sizeof(s->cfg));
	if (ret) {
		s->cfg[0] = '\0';
		bench_fmt(why, len, "config dir: %s", strerror(-ret));
		goto err;
	}
	setenv("ACCEL_CONFIG_DIR", s->cfg, 1);
	unsetenv("ACCEL_PROVIDERS");
	bench_fmt(s->root, sizeof(s->root), "%s/accel-bench-sysfs-XXXXXX",
		  bench_tmpdir());
	if (!mkdtemp(s->root)) {
		ret = -errno;
		s->root[0] = '\0';
		bench_fmt(why, len, "mkdtemp: %s", strerror(errno));
		goto err;
	}
	for (i = 0; i < NSIZES; i++) {
		struct bench_op *o = &s->ops[i];

		ret = make_tree(s, &s->trees[i], sizes[i]);
		if (ret) {
			bench_fmt(why, len, "fake sysfs: %s", strerror(-ret));
			goto err;
		}
		bench_fmt(s->trees[i].name, sizeof(s->trees[i].name),
			 "device list, %u dev", sizes[i]);
		bench_fmt(s->desc[i], sizeof(s->desc[i]),
			 "by hand: dev, device link, uevent, numa_node, access x%u%s",
			 sizes[i], s->claimed ? "" :
			 " (lib: no provider, drops all)");
		o->name = s->trees[i].name;
		o->raw_desc = s->desc[i];
		/* openat, getdents64 until empty, close; 11 per device */
		o->raw_min_sys = 4 + 11 * (int)sizes[i];
		o->lib = lib_fns[i];
		o->raw = raw_fns[i];
		o->units = sizes[i];
		o->unit = "dev";
	}
	/* the first baseline: one fact per device where the library reads ten */
	bench_fmt(s->old_name, sizeof(s->old_name), "list vs readdir, %u dev",
		  sizes[NSIZES - 1]);
	bench_fmt(s->desc[NSIZES], sizeof(s->desc[NSIZES]),
		  "readdir class/accel, readlink device/driver x%u (one fact)",
		  sizes[NSIZES - 1]);
	s->ops[NSIZES] = s->ops[NSIZES - 1];
	s->ops[NSIZES].name = s->old_name;
	s->ops[NSIZES].raw_desc = s->desc[NSIZES];
	/* openat, getdents64 until empty, close; one readlink each */
	s->ops[NSIZES].raw_min_sys = 4 + (int)sizes[NSIZES - 1];
	s->ops[NSIZES].raw = readdir_last;
	(void)short_mode;
	*out = s;
	return 0;
err:
	enum_teardown(s);
	return ret ? ret : -EIO;
}

static size_t enum_get_ops(void *p, const struct bench_op **ops)
{
	struct enum_st *s = p;

	*ops = s->ops;
	return NOPS;
}

const struct bench_target bench_target_enum = {
	.name = "enum",
	.desc = "device list over fake sysfs trees of 1 to 256 devices",
	.setup = enum_setup,
	.teardown = enum_teardown,
	.get_ops = enum_get_ops,
};
