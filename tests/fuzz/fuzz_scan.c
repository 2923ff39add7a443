// SPDX-License-Identifier: MIT
/*
 * The device scan over a sysfs and /dev tree made from the input: class
 * entries under class/accel and class/drm with odd names, their
 * attributes with any bytes, device and driver links (dangling, looping),
 * FIFOs, directories and links where files belong, device nodes of every
 * file type, soft.conf lines. Through the public API only, each scan must
 * give a NULL-terminated list whose devices are ones the tree has (or
 * soft's), with terminated, bounded strings, sane numbers, kernel devices
 * before userspace ones and each class in minor order; a second scan of
 * the same tree gives the same list; the scan report reads back whole or
 * cut and terminated; the usage query over the same tree (hwmon, ivpu's
 * busy time) answers. .driver files are read once per process (the
 * providers load once): their parser has fuzz_driver_file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <accel/accel.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ENTRIES 12
#define MAX_OPS 64

static char root[PATH_MAX];	/* tmp dir: sys/, dev/, etc/ */
static char sys[PATH_MAX + 8], dev[PATH_MAX + 8], etc[PATH_MAX + 8];

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t next(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t next32(struct in *in)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v = v << 8 | next(in);
	return v;
}

/* up to max bytes of the input; never '/' or NUL, so a path component */
static void component(struct in *in, char *buf, size_t max)
{
	size_t len = next(in) % max, i;

	for (i = 0; i < len; i++) {
		char c = (char)next(in);

		buf[i] = c == '/' || !c ? '_' : c;
	}
	buf[len] = 0;
	if (!len || !strcmp(buf, ".") || !strcmp(buf, ".."))
		snprintf(buf, max, "x");
}

struct entry {
	bool drm;
	char name[96];
};

struct tree {
	struct entry e[MAX_ENTRIES];
	int n;
};

static void mkdirs(const char *path)
{
	char tmp[PATH_MAX];
	char *s;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (s = tmp + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = 0;
		mkdir(tmp, 0755);
		*s = '/';
	}
	mkdir(tmp, 0755);
}

static void write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK, 0644);

	if (fd < 0)
		return;
	if (write(fd, buf, len) < 0) {
		/* a full tmp is the machine's problem, not a finding */
	}
	close(fd);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void reset_tree(void)
{
	nftw(sys, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	nftw(dev, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	nftw(etc, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	mkdirs(sys);
	mkdirs(dev);
	mkdirs(etc);
}

static const char *const attrs[] = {
	"dev", "device/vendor", "device/device", "device/subsystem_vendor",
	"device/subsystem_device", "device/numa_node", "device/modalias", "uevent",
	/* what accel_device_usage() reads: hwmon, ivpu's busy time */
	"device/hwmon/hwmon0/temp1_input", "device/hwmon/hwmon0/power1_average",
	"device/hwmon/hwmon1/energy1_input", "device/hwmon/hwmon0/freq1_input",
	"device/npu_busy_time_us", "device/npu_current_frequency_mhz",
};

static const char *const drivers[] = {
	"habanalabs", "intel_vpu", "amdxdna", "qaic", "rocket", "ethosu", "vgem", "soft",
};

static void entry_path(char *buf, size_t len, const struct entry *e, const char *rest)
{
	snprintf(buf, len, "%s/class/%s/%s%s%s", sys, e->drm ? "drm" : "accel", e->name,
		 rest ? "/" : "", rest ? rest : "");
}

static void op_entry(struct in *in, struct tree *t)
{
	struct entry *e;
	char path[PATH_MAX], target[PATH_MAX], odd[64];
	uint32_t num = next32(in);

	if (t->n == MAX_ENTRIES)
		return;
	e = &t->e[t->n];
	e->drm = next(in) & 1;
	switch (next(in) % 5) {
	case 0:	/* a well-formed minor */
		snprintf(e->name, sizeof(e->name), "%s%u", e->drm ? "card" : "accel", num % 64);
		break;
	case 1:	/* minors near the ends of int and long */
		snprintf(e->name, sizeof(e->name), "%s%u", e->drm ? "card" : "accel", num);
		break;
	case 2:	/* a name that only starts like one */
		component(in, odd, 24);
		snprintf(e->name, sizeof(e->name), "%s%u%s", e->drm ? "card" : "accel",
			 num % 8, odd);
		break;
	case 3:	/* render nodes, control nodes and other names */
		component(in, odd, 24);
		snprintf(e->name, sizeof(e->name), "%s", odd);
		break;
	default:	/* longer than any name buffer */
		snprintf(e->name, sizeof(e->name), "%s%0*u", e->drm ? "card" : "accel",
			 80, num);
		break;
	}
	t->n++;
	entry_path(path, sizeof(path), e, NULL);
	if (next(in) & 1) {
		mkdirs(path);
		return;
	}
	/* as sysfs has it: a link into devices/ */
	snprintf(target, sizeof(target), "%s/devices/virtual/%s/%s", sys,
		 e->drm ? "drm" : "accel", e->name);
	mkdirs(target);
	snprintf(target, sizeof(target), "%s/class/%s", sys, e->drm ? "drm" : "accel");
	mkdirs(target);
	snprintf(target, sizeof(target), "../../devices/virtual/%s/%s",
		 e->drm ? "drm" : "accel", e->name);
	symlink(target, path);
}

static struct entry *pick(struct in *in, struct tree *t)
{
	return t->n ? &t->e[next(in) % t->n] : NULL;
}

static void op_attr(struct in *in, struct tree *t)
{
	struct entry *e = pick(in, t);
	const char *attr = attrs[next(in) % (sizeof(attrs) / sizeof(attrs[0]))];
	char path[PATH_MAX], buf[300];
	size_t len = next(in) % sizeof(buf), i;

	if (!e)
		return;
	for (i = 0; i < len; i++)
		buf[i] = (char)next(in);
	entry_path(path, sizeof(path), e, attr);
	*strrchr(path, '/') = 0;
	mkdirs(path);
	entry_path(path, sizeof(path), e, attr);
	write_file(path, buf, len);
}

static void op_device_link(struct in *in, struct tree *t)
{
	struct entry *e = pick(in, t);
	char path[PATH_MAX], target[PATH_MAX], bus[64];

	if (!e)
		return;
	component(in, bus, sizeof(bus));
	entry_path(path, sizeof(path), e, NULL);
	mkdirs(path);
	entry_path(path, sizeof(path), e, "device");
	snprintf(target, sizeof(target), "%s/devices/pci0000:00/%s", sys, bus);
	if (next(in) & 1)
		mkdirs(target);	/* else dangling */
	symlink(target, path);
}

static void op_driver_link(struct in *in, struct tree *t)
{
	struct entry *e = pick(in, t);
	char path[PATH_MAX], target[PATH_MAX], name[64];
	uint8_t k = next(in);

	if (!e)
		return;
	if (k < 200)
		snprintf(name, sizeof(name), "%s", drivers[k % 8]);
	else
		component(in, name, sizeof(name));
	entry_path(path, sizeof(path), e, "device");
	mkdirs(path);
	entry_path(path, sizeof(path), e, "device/driver");
	snprintf(target, sizeof(target), "%s/bus/drivers/%s", sys, name);
	mkdirs(target);
	symlink(target, path);
}

/* a FIFO, a directory, a dangling or self link where an attribute belongs */
static void op_special(struct in *in, struct tree *t)
{
	struct entry *e = pick(in, t);
	const char *attr = attrs[next(in) % (sizeof(attrs) / sizeof(attrs[0]))];
	char path[PATH_MAX];
	uint8_t kind = next(in) % 4;

	if (!e)
		return;
	entry_path(path, sizeof(path), e, attr);
	*strrchr(path, '/') = 0;
	mkdirs(path);
	entry_path(path, sizeof(path), e, attr);
	unlink(path);
	if (kind == 0)
		mkfifo(path, 0644);
	else if (kind == 1)
		mkdir(path, 0755);
	else if (kind == 2)
		symlink("nowhere", path);
	else
		symlink(strrchr(path, '/') + 1, path);
}

/* the entry's node under /dev, and render nodes beside a card */
static void op_node(struct in *in, struct tree *t)
{
	struct entry *e = pick(in, t);
	char path[PATH_MAX], name[96];
	uint8_t kind = next(in) % 5;

	if (!e)
		return;
	snprintf(name, sizeof(name), "%s", e->name);
	if (e->drm && (next(in) & 1)) {
		snprintf(name, sizeof(name), "renderD%u", 128 + next(in) % 4);
		entry_path(path, sizeof(path), e, "device/drm/");
		strncat(path, name, sizeof(path) - strlen(path) - 1);
		mkdirs(path);
	}
	snprintf(path, sizeof(path), "%s/%s", dev, e->drm ? "dri" : "accel");
	mkdirs(path);
	snprintf(path, sizeof(path), "%s/%s/%s", dev, e->drm ? "dri" : "accel", name);
	if (kind == 0)
		write_file(path, "", 0);
	else if (kind == 1)
		mkfifo(path, 0600);
	else if (kind == 2)
		mkdir(path, 0755);
	else if (kind == 3)
		symlink("nowhere", path);
	/* 4: no node */
}

static void op_soft_conf(struct in *in)
{
	char path[PATH_MAX + 16], buf[200];
	size_t len = next(in) % sizeof(buf), i;

	for (i = 0; i < len; i++)
		buf[i] = (char)next(in);
	snprintf(path, sizeof(path), "%s/soft.conf", etc);
	if (next(in) % 8)
		write_file(path, buf, len);
	else
		mkfifo(path, 0644);
}

static void build(struct in *in, struct tree *t)
{
	int ops = 0;

	while (in->n && ops++ < MAX_OPS) {
		switch (next(in) % 7) {
		case 0: op_entry(in, t); break;
		case 1: op_attr(in, t); break;
		case 2: op_device_link(in, t); break;
		case 3: op_driver_link(in, t); break;
		case 4: op_special(in, t); break;
		case 5: op_node(in, t); break;
		default: op_soft_conf(in); break;
		}
	}
}

static void finding(const char *what, const char *name)
{
	fprintf(stderr, "fuzz_scan: %s (%s)\n", what, name ? name : "-");
	abort();
}

/* "<prefix><digits>" as minor_of() in scan.c takes it */
static bool minor_name(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return !strncmp(name, prefix, n) && name[n] && strspn(name + n, "0123456789") ==
		strlen(name + n);
}

static bool in_tree(const struct tree *t, const char *name, bool drm)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (t->e[i].drm == drm && !strcmp(t->e[i].name, name))
			return true;
	return false;
}

static void check_string(const char *s, size_t max, const char *what)
{
	if (s && strnlen(s, max) == max)
		finding(what, "not terminated within its buffer");
}

static void check_device(const struct tree *t, struct accel_device *d)
{
	struct accel_device_info info;
	const char *name = accel_device_name(d), *node = accel_device_node(d);
	char want[PATH_MAX + 64];
	bool drm;

	if (!name || !accel_device_driver(d) || !accel_device_provider(d))
		finding("a device without name, driver or provider", name);
	check_string(name, 64, "name");
	check_string(accel_device_driver(d), 64, "driver");
	check_string(accel_device_bus_id(d), 64, "bus_id");
	memset(&info, 0xa5, sizeof(info));
	if (accel_device_get_info(d, &info, sizeof(info)))
		finding("accel_device_get_info failed", name);
	check_string(info.modalias, sizeof(info.modalias), "modalias");
	if (info.numa_node < -1 || info.numa_node >= 4096)
		finding("numa_node out of range", name);
	/* the usage query reads the same tree: an answer, never a crash */
	{
		struct accel_usage u;
		int ret = accel_device_usage(d, &u, sizeof(u));

		if (ret > 0 || ret < -4095)
			finding("accel_device_usage: not 0 or a negative errno", name);
	}
	if (info.flags & ACCEL_DEVICE_USERSPACE) {
		if (node || strcmp(accel_device_provider(d), "soft") || !minor_name(name, "soft"))
			finding("a userspace device that is not soft's", name);
		return;
	}
	drm = info.flags & ACCEL_DEVICE_DRM_NODE;
	if (!minor_name(name, drm ? "card" : "accel") || !in_tree(t, name, drm))
		finding("a kernel device the tree does not have", name);
	snprintf(want, sizeof(want), "%s/%s/%s", dev, drm ? "dri" : "accel", name);
	if (!node || strcmp(node, want))
		finding("node is not the device's /dev path", name);
}

static void check_list(const struct tree *t, struct accel_device **list, int num)
{
	struct accel_device_info info;
	uint32_t last_minor = 0;
	int i, j, phase = 0;

	if (num < 0 || list[num])
		finding("the list is not NULL-terminated at num", NULL);
	for (i = 0; i < num; i++) {
		int p;

		check_device(t, list[i]);
		accel_device_get_info(list[i], &info, sizeof(info));
		p = info.flags & ACCEL_DEVICE_USERSPACE ? 2 :
		    info.flags & ACCEL_DEVICE_DRM_NODE ? 1 : 0;
		if (p < phase)
			finding("classes out of order", accel_device_name(list[i]));
		if (p == phase && p < 2 && i && info.minor < last_minor)
			finding("minors out of order", accel_device_name(list[i]));
		phase = p;
		last_minor = info.minor;
		for (j = 0; j < i; j++)
			if (!strcmp(accel_device_name(list[j]), accel_device_name(list[i])))
				finding("a device listed twice", accel_device_name(list[i]));
	}
}

static void check_report(void)
{
	int len = accel_get_scan_report(NULL, 0), half;
	char *buf;

	if (len < 0)
		finding("scan report length", NULL);
	buf = malloc((size_t)len + 1);
	if (!buf)
		return;
	if (accel_get_scan_report(buf, (size_t)len + 1) != len || strlen(buf) != (size_t)len)
		finding("scan report does not read back whole", NULL);
	half = len / 2;
	memset(buf, 'x', (size_t)len + 1);
	if (accel_get_scan_report(buf, (size_t)half + 1) != len || strlen(buf) != (size_t)half)
		finding("a cut scan report is not cut and terminated", NULL);
	free(buf);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *tmp;

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "%s/accel-fuzz-scan.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	tmp = mkdtemp(root);
	if (!tmp) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(dev, sizeof(dev), "%s/dev", root);
	snprintf(etc, sizeof(etc), "%s/etc", root);
	reset_tree();
	setenv("ACCEL_SYSFS_PATH", sys, 1);
	setenv("ACCEL_DEV_PATH", dev, 1);
	setenv("ACCEL_CONFIG_DIR", etc, 1);
	/* the build tree's providers (IN_PLACE), soft among them */
	setenv("ACCEL_PROVIDERS", FUZZ_PROVIDERS, 0);
	setenv("ACCEL_PROVIDER_PATH", FUZZ_PROVIDER_PATH, 0);
	setenv("ACCEL_SOFT_DEVICES", "2", 0);
	setenv("ACCEL_LOG_LEVEL", "none", 1);
	return 0;
}

static void __attribute__((destructor)) cleanup(void)
{
	if (root[0]) {
		nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		rmdir(root);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	struct accel_device **list, **again;
	struct tree t = { .n = 0 };
	int num, num2, i;

	reset_tree();
	build(&in, &t);
	list = accel_get_device_list(&num);
	if (!list)
		finding("accel_get_device_list failed", strerror(errno));
	check_list(&t, list, num);
	check_report();
	/* the same tree again: the same devices in the same order */
	again = accel_get_device_list(&num2);
	if (!again)
		finding("second accel_get_device_list failed", strerror(errno));
	if (num2 != num)
		finding("a second scan of the same tree differs in count", NULL);
	for (i = 0; i < num; i++)
		if (strcmp(accel_device_name(list[i]), accel_device_name(again[i])))
			finding("a second scan of the same tree differs",
				accel_device_name(list[i]));
	accel_free_device_list(again);
	accel_free_device_list(list);
	return 0;
}
