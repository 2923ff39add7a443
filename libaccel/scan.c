// SPDX-License-Identifier: MIT
/*
 * Device enumeration.
 *
 * Kernel devices come from <sysfs>/class/accel (accelN DRM minors only:
 * habanalabs' accel_controlDN is a char device of its own, not a DRM node)
 * and from <sysfs>/class/drm cardN nodes of drivers a provider claims
 * (vgem). Userspace devices come from the providers' scan hooks. Devices
 * are kept across scans while their sysfs identity holds, so pointers an
 * application kept stay valid, and a node re-created under a reused name
 * is a new device. A kept device's bus facts are not read again: a
 * re-scan reads its dev attribute (the identity), its driver link and
 * the node's access, which is what can change under the same node.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "accel_internal.h"
#include "sysfs.h"

static pthread_mutex_t scan_lock = PTHREAD_MUTEX_INITIALIZER;
static struct accel_device **cache;
static size_t ncache;

/* identities of the devices whose driver the node named: this scan's, the last */
struct id_set {
	uint64_t *ids;
	size_t n, cap;
};
static struct id_set node_named, node_named_last;

int accel_scan_append(struct accel_scan *scan, struct accel_device *dev)
{
	if (scan->num == scan->cap) {
		size_t cap = scan->cap ? scan->cap * 2 : 16;
		struct accel_device **n = realloc(scan->devs, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		scan->devs = n;
		scan->cap = cap;
	}
	scan->devs[scan->num++] = dev;
	return 0;
}

ACCEL_EXPORT struct accel_device *
accel_scan_add_userspace_device(struct accel_scan *scan, const char *name,
				const char *driver, void *provider_data)
{
	struct accel_device *dev;

	if (!scan || !name || !driver || strlen(name) >= sizeof(dev->name) ||
	    strlen(driver) >= sizeof(dev->driver)) {
		errno = EINVAL;
		return NULL;
	}
	dev = accel_device_new();
	if (!dev)
		return NULL;
	strcpy(dev->name, name);
	strcpy(dev->driver, driver);
	dev->info.flags = ACCEL_DEVICE_USERSPACE;
	dev->info.numa_node = -1;
	dev->provider = scan->cur_provider;
	dev->provider_data = provider_data;
	if (accel_scan_append(scan, dev)) {
		dev->provider_data = NULL;
		accel_device_put(dev);
		errno = ENOMEM;
		return NULL;
	}
	return dev;
}

/* accel12 -> 12; anything not of the form <prefix><digits> -> -1 */
static long minor_of(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long v;

	if (strncmp(name, prefix, n) || !name[n] || name[n] < '0' || name[n] > '9')
		return -1;
	v = strtol(name + n, &end, 10);
	return *end ? -1 : v;
}

static int cmp_minor(const void *a, const void *b)
{
	const struct accel_device *const *x = a, *const *y = b;
	uint32_t a_minor = (*x)->info.minor, b_minor = (*y)->info.minor;

	/* not a subtraction: minors are unsigned and may be far apart */
	return (a_minor > b_minor) - (a_minor < b_minor);
}

/*
 * "A:B" in base 16 (a PCI uevent's ids, as pci_uevent() prints them) or
 * 10 (a dev attribute, print_dev_t()); strtoul, not sscanf: a scan
 * parses three a device.
 */
static bool parse_pair(const char *s, int base, uint32_t *a, uint32_t *b)
{
	unsigned long x, y;
	const char *p = s;
	char *end;

	/* digits only: strtoul would take a sign or leading blanks */
	if (*p < '0' || *p > 'f')
		return false;
	errno = 0;
	x = strtoul(p, &end, base);
	if (end == p || *end != ':')
		return false;
	p = end + 1;
	if (*p < '0' || *p > 'f')
		return false;
	y = strtoul(p, &end, base);
	if (end == p || *end || errno || x > UINT32_MAX || y > UINT32_MAX)
		return false;
	*a = (uint32_t)x;
	*b = (uint32_t)y;
	return true;
}

/*
 * The bus device's uevent has in one read what five attributes and the
 * driver link give: DRIVER= when bound (dev_uevent()), and for PCI
 * PCI_ID=, PCI_SUBSYS_ID= and MODALIAS= (pci_uevent()). False when
 * there is none to read.
 */
static bool read_uevent(struct accel_device *dev, const char *devdir)
{
	char buf[2048], *line, *save = NULL;

	if (accel_read_attr(devdir, "uevent", buf, sizeof(buf)) <= 0)
		return false;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "DRIVER=", 7)) {
			accel_fmt(dev->driver, sizeof(dev->driver), "%s", line + 7);
		} else if (!strncmp(line, "PCI_ID=", 7)) {
			parse_pair(line + 7, 16, &dev->info.pci_vendor_id,
				   &dev->info.pci_device_id);
		} else if (!strncmp(line, "PCI_SUBSYS_ID=", 14)) {
			parse_pair(line + 14, 16, &dev->info.pci_subsys_vendor_id,
				   &dev->info.pci_subsys_device_id);
		} else if (!strncmp(line, "MODALIAS=", 9)) {
			accel_fmt(dev->info.modalias, sizeof(dev->info.modalias),
				  "%s", line + 9);
		}
	}
	return true;
}

static void read_bus_info(struct accel_device *dev)
{
	char devdir[PATH_MAX], buf[256];
	uint32_t v;

	accel_path_join(devdir, sizeof(devdir), dev->sysfs_path, "device", NULL);
	/* the link's last component is the bus id; realpath() costs a readlink a level */
	accel_read_link_base(dev->sysfs_path, "device", dev->bus_id,
			     sizeof(dev->bus_id));
	if (accel_read_attr(devdir, "numa_node", buf, sizeof(buf)) > 0) {
		char *end;
		long n = strtol(buf, &end, 10);

		if (!*end && n >= -1 && n < 4096)
			dev->info.numa_node = (int32_t)n;
	}
	/*
	 * Every bus device has a uevent, and a PCI one always has the ids
	 * (pci_uevent()); a platform device (vgem, rocket) has no id
	 * attributes to look for, and no DRIVER= means no driver link.
	 */
	if (read_uevent(dev, devdir))
		return;
	/* no uevent: the attributes one by one */
	if (accel_read_attr(devdir, "vendor", buf, sizeof(buf)) > 0 &&
	    accel_parse_u32(buf, &v))
		dev->info.pci_vendor_id = v;
	if (accel_read_attr(devdir, "device", buf, sizeof(buf)) > 0 &&
	    accel_parse_u32(buf, &v))
		dev->info.pci_device_id = v;
	if (accel_read_attr(devdir, "subsystem_vendor", buf, sizeof(buf)) > 0 &&
	    accel_parse_u32(buf, &v))
		dev->info.pci_subsys_vendor_id = v;
	if (accel_read_attr(devdir, "subsystem_device", buf, sizeof(buf)) > 0 &&
	    accel_parse_u32(buf, &v))
		dev->info.pci_subsys_device_id = v;
	if (accel_read_attr(devdir, "modalias", buf, sizeof(buf)) > 0)
		accel_fmt(dev->info.modalias, sizeof(dev->info.modalias), "%s", buf);
	accel_read_link_base(devdir, "driver", dev->driver, sizeof(dev->driver));
}

/* No driver link (rocket, vgem): ask the node itself. */
static void driver_from_node(struct accel_device *dev, bool drm)
{
	char path[PATH_MAX];
	const char *node = dev->node;
	int fd;

	if (drm) {
		/* a render node is safe to open; a card node may make us master */
		char drmdir[PATH_MAX];
		struct dirent *d;
		DIR *dir;

		accel_fmt(drmdir, sizeof(drmdir), "%s/device/drm", dev->sysfs_path);
		dir = opendir(drmdir);
		node = NULL;
		while (dir && (d = readdir(dir))) {
			if (minor_of(d->d_name, "renderD") >= 0) {
				accel_fmt(path, sizeof(path), "%s/dri/%s",
					 accel_dev_root(), d->d_name);
				node = path;
				break;
			}
		}
		if (dir)
			closedir(dir);
		if (!node)
			return;
	}
	fd = open(node, O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	accel_drm_version(fd, dev->driver, sizeof(dev->driver), NULL, NULL, NULL);
	close(fd);
}

static void check_access(struct accel_device *dev)
{
	struct stat st;

	if (access(dev->node, R_OK | W_OK) == 0)
		return;
	dev->info.flags |= ACCEL_DEVICE_NO_ACCESS;
	if (errno == ENOENT) {
		accel_fmt(dev->skip_reason, sizeof(dev->skip_reason),
			 "%s: no device node %s (is udev running?)", dev->name,
			 dev->node);
	} else if (stat(dev->node, &st) == 0) {
		struct group *g = getgrgid(st.st_gid);

		accel_fmt(dev->skip_reason, sizeof(dev->skip_reason),
			 "%s: permission denied on %s (owner uid %u, group '%s', mode %04o): join group '%s' or install the libaccel udev rule",
			 dev->name, dev->node, (unsigned)st.st_uid,
			 g ? g->gr_name : "?", (unsigned)(st.st_mode & 07777),
			 g && st.st_gid ? g->gr_name : "render");
	} else {
		accel_fmt(dev->skip_reason, sizeof(dev->skip_reason),
			 "%s: cannot access %s: %s", dev->name, dev->node,
			 strerror(errno));
	}
	accel_report("%s", dev->skip_reason);
}

/*
 * A scan's candidate: every field a scan sets, cleared without touching
 * the PATH_MAX strings (node and sysfs_path are written whole below).
 */
static void scratch_reset(struct accel_device *dev)
{
	dev->name[0] = dev->driver[0] = dev->bus_id[0] = '\0';
	dev->skip_reason[0] = '\0';
	memset(&dev->info, 0, sizeof(dev->info));
	dev->rdev = 0;
	dev->identity = 0;
	dev->provider = NULL;
	dev->match = NULL;
	dev->provider_data = NULL;
	dev->stale = false;
}

static int cmp_name(const void *a, const void *b)
{
	const struct accel_device *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* best effort: a device left out is read in full at the next scan */
static void note_node_named(uint64_t id)
{
	struct id_set *s = &node_named;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		uint64_t *n = realloc(s->ids, cap * sizeof(*n));

		if (!n)
			return;
		s->ids = n;
		s->cap = cap;
	}
	s->ids[s->n++] = id;
}

/* this scan's set becomes the last one */
static void node_named_done(void)
{
	struct id_set t = node_named_last;

	if (node_named.n > 1)
		qsort(node_named.ids, node_named.n, sizeof(*node_named.ids),
		      cmp_u64);
	node_named_last = node_named;
	node_named = t;
	node_named.n = 0;
}

static bool was_node_named(uint64_t id)
{
	const struct id_set *s = &node_named_last;

	return s->n && bsearch(&id, s->ids, s->n, sizeof(*s->ids), cmp_u64);
}

/*
 * The last scan's device when the candidate is the same node (name,
 * paths, dev number and identity): its bus facts are the candidate's
 * too, since a bus device goes with the nodes its driver made. Only the
 * driver can tell a rebind apart, so that is read again: the driver
 * link (one readlink), or, unbound, the node's own answer, which is
 * the node's driver for as long as the node lives.
 */
static const struct accel_device *known_device(const struct accel_device *dev)
{
	const uint32_t kind = ACCEL_DEVICE_USERSPACE | ACCEL_DEVICE_DRM_NODE;
	char drv[sizeof(dev->driver)];
	const struct accel_device *old;
	struct accel_device **hit;

	if (!ncache || !dev->identity)
		return NULL;
	hit = bsearch(&dev, cache, ncache, sizeof(*cache), cmp_name);
	if (!hit)
		return NULL;
	old = *hit;
	if (old->identity != dev->identity || old->rdev != dev->rdev ||
	    (old->info.flags & kind) != (dev->info.flags & kind) ||
	    strcmp(old->sysfs_path, dev->sysfs_path) || strcmp(old->node, dev->node))
		return NULL;
	if (!accel_read_link_base(dev->sysfs_path, "device/driver", drv, sizeof(drv)))
		return strcmp(drv, old->driver) ? NULL : old;
	if (!was_node_named(old->identity))
		return NULL;
	note_node_named(old->identity);
	return old;
}

static void kernel_device(struct accel_device *dev, const char *classdir,
			  const char *name, long minor, bool drm)
{
	const struct accel_device *old;
	char buf[64];
	uint32_t maj, min;
	struct stat st = { 0 };

	scratch_reset(dev);
	/* scan_class() checked that the name fits */
	strcpy(dev->name, name);
	accel_path_join(dev->sysfs_path, sizeof(dev->sysfs_path), classdir, name, NULL);
	accel_path_join(dev->node, sizeof(dev->node), accel_dev_root(),
			drm ? "dri" : "accel", name);
	dev->info.minor = (uint32_t)minor;
	dev->info.numa_node = -1;
	if (drm)
		dev->info.flags |= ACCEL_DEVICE_DRM_NODE;
	/*
	 * The dev attribute's inode is the identity: kernfs numbers its
	 * nodes once (kernfs_new_node()), so a device re-created under the
	 * same name has new ones; fstat() of the open attribute spares the
	 * stat() of the class path through its symlink.
	 */
	if (accel_read_attr_stat(dev->sysfs_path, "dev", buf, sizeof(buf), &st) > 0 &&
	    parse_pair(buf, 10, &maj, &min)) {
		dev->info.major = maj;
		dev->info.minor = min;
		dev->rdev = makedev(maj, min);
	}
	if (st.st_ino || stat(dev->sysfs_path, &st) == 0)
		dev->identity = (uint64_t)st.st_ino ^ ((uint64_t)st.st_dev << 40);
	dev->identity ^= (uint64_t)dev->rdev << 20;
	old = known_device(dev);
	if (old) {
		uint32_t flags = dev->info.flags;

		strcpy(dev->driver, old->driver);
		strcpy(dev->bus_id, old->bus_id);
		dev->info = old->info;
		dev->info.flags = flags;
		return;
	}
	read_bus_info(dev);
	if (dev->driver[0])
		return;
	driver_from_node(dev, drm);
	if (dev->driver[0])
		note_node_named(dev->identity);
}

static bool any_drm_provider(void)
{
	size_t i, n = accel_provider_count();

	for (i = 0; i < n; i++) {
		const struct accel_match_ent *m = accel_provider_at(i)->match_table;

		for (; m && m->kind != ACCEL_MATCH_END; m++)
			if (m->kind == ACCEL_MATCH_DRM_DRIVER)
				return true;
	}
	return false;
}

static bool same_device(const struct accel_device *a, const struct accel_device *b)
{
	return !strcmp(a->name, b->name) && a->provider == b->provider &&
	       a->identity == b->identity && a->rdev == b->rdev &&
	       (a->info.flags & ACCEL_DEVICE_USERSPACE) ==
		       (b->info.flags & ACCEL_DEVICE_USERSPACE);
}

/*
 * The last scan's device when the candidate is the same one: a re-scan
 * then allocates nothing for it (a struct accel_device is 8.7 KB, most of
 * it PATH_MAX strings the provider ABI fixes). NULL: a new device.
 */
static struct accel_device *cached_device(const struct accel_device *fresh)
{
	struct accel_device **hit;

	hit = ncache ? bsearch(&fresh, cache, ncache, sizeof(*cache), cmp_name) : NULL;
	if (!hit || !same_device(fresh, *hit))
		return NULL;
	/* the access state is news; the rest is the same */
	accel_device_update(*hit, fresh);
	accel_device_ref(*hit);
	return *hit;
}

/*
 * The candidate, for every scan of the process (under scan_lock): on the
 * heap, a thread's stack may be small; zeroed once, so a new device
 * copies no uninitialised bytes from it; kept, since zeroing its 8.7 KB
 * for each class directory of each scan was two thirds of a list's
 * instructions (callgrind, in the QEMU guest).
 */
static struct accel_device *scratch;

static int scan_class(struct accel_scan *scan, const char *cls,
		      const char *prefix, bool drm)
{
	char classdir[PATH_MAX];
	size_t first = scan->num;
	struct accel_device *tmp;
	struct dirent *d;
	DIR *dir;
	int ret = 0;

	accel_fmt(classdir, sizeof(classdir), "%s/class/%s", accel_sysfs_root(), cls);
	dir = opendir(classdir);
	if (!dir) {
		if (!drm && errno == ENOENT)
			accel_dbg("no %s: the kernel has no accel subsystem (CONFIG_DRM_ACCEL) or no accel driver is loaded",
				  classdir);
		else if (errno != ENOENT)
			accel_report("cannot read %s: %s", classdir, strerror(errno));
		return 0;
	}
	if (!scratch)
		scratch = calloc(1, sizeof(*scratch));
	tmp = scratch;
	if (!tmp) {
		closedir(dir);
		return -ENOMEM;
	}
	while ((d = readdir(dir))) {
		const struct accel_provider *prov = NULL;
		const struct accel_match_ent *m;
		struct accel_device *dev;
		long minor = minor_of(d->d_name, prefix);

		if (minor < 0) {
			if (!drm && d->d_name[0] != '.')
				accel_dbg("%s: not a DRM accel minor, skipped", d->d_name);
			continue;
		}
		/*
		 * A name cut to fit would name another node (accel1234...
		 * cut is accel123...): no kernel makes one, the fuzzer did.
		 */
		if (strlen(d->d_name) >= sizeof(((struct accel_device *)0)->name)) {
			accel_report("%.24s...: class entry name longer than %zu bytes, skipped",
				     d->d_name, sizeof(((struct accel_device *)0)->name) - 1);
			continue;
		}
		kernel_device(tmp, classdir, d->d_name, minor, drm);
		m = accel_match_provider(tmp, drm, &prov);
		if (!m) {
			if (!drm)
				accel_report("%s: no provider for driver '%s'%s (PCI %04x:%04x)",
					     tmp->name,
					     tmp->driver[0] ? tmp->driver : "unknown",
					     tmp->driver[0] ? "" : " (no driver link and DRM_IOCTL_VERSION failed)",
					     tmp->info.pci_vendor_id,
					     tmp->info.pci_device_id);
			continue;
		}
		tmp->provider = prov;
		tmp->match = m;
		check_access(tmp);
		dev = cached_device(tmp);
		if (!dev)
			dev = accel_device_new_from(tmp);
		if (!dev) {
			ret = -ENOMEM;
			break;
		}
		ret = accel_scan_append(scan, dev);
		if (ret) {
			accel_device_put(dev);
			break;
		}
	}
	closedir(dir);
	/* scan->devs is still NULL when nothing was found */
	if (scan->num - first > 1)
		qsort(scan->devs + first, scan->num - first, sizeof(*scan->devs),
		      cmp_minor);
	return ret;
}

/* only when out of memory: the slow way to tell what the scan took over */
static bool in_scan(const struct accel_scan *scan, const struct accel_device *dev)
{
	size_t i;

	for (i = 0; i < scan->num; i++)
		if (scan->devs[i] == dev)
			return true;
	return false;
}

/*
 * Keep devices that survived from the last scan; drop the ones that went.
 * The cache is kept sorted by name, so each scanned device is one binary
 * search: a scan stays linear-logarithmic in the number of devices.
 */
static void reconcile(struct accel_scan *scan)
{
	bool *kept = ncache ? calloc(ncache, sizeof(*kept)) : NULL;
	size_t i;

	for (i = 0; kept && i < scan->num; i++) {
		struct accel_device *fresh = scan->devs[i], **hit;
		size_t k;

		hit = bsearch(&fresh, cache, ncache, sizeof(*cache), cmp_name);
		if (hit && *hit == fresh) {
			/* taken over by cached_device() */
			kept[hit - cache] = true;
			continue;
		}
		if (!hit || !same_device(fresh, *hit))
			continue;
		k = (size_t)(hit - cache);
		/* the access state is news; the rest is the same */
		accel_device_update(cache[k], fresh);
		accel_device_ref(cache[k]);
		scan->devs[i] = cache[k];
		accel_device_put(fresh);
		kept[k] = true;
	}
	for (i = 0; i < ncache; i++) {
		if (kept ? !kept[i] : !in_scan(scan, cache[i]))
			accel_device_mark_stale(cache[i]);
		accel_device_put(cache[i]);
	}
	free(kept);
	free(cache);
	cache = NULL;
	ncache = 0;
}

static void cache_scan(struct accel_scan *scan)
{
	size_t i;

	cache = calloc(scan->num ? scan->num : 1, sizeof(*cache));
	if (!cache)
		return;
	for (i = 0; i < scan->num; i++) {
		accel_device_ref(scan->devs[i]);
		cache[i] = scan->devs[i];
	}
	ncache = scan->num;
	qsort(cache, ncache, sizeof(*cache), cmp_name);
}

int accel_scan_devices(struct accel_device ***out, int *num)
{
	struct accel_scan scan = { 0 };
	size_t i, n;
	int ret;

	pthread_mutex_lock(&scan_lock);
	accel_report_reset();
	accel_load_providers();

	ret = scan_class(&scan, "accel", "accel", false);
	if (!ret && any_drm_provider())
		ret = scan_class(&scan, "drm", "card", true);
	n = accel_provider_count();
	for (i = 0; !ret && i < n; i++) {
		const struct accel_provider *p = accel_provider_at(i);

		if (!p->scan)
			continue;
		scan.cur_provider = p;
		ret = p->scan(&scan);
		if (ret)
			accel_report("provider '%s': scan failed: %s", p->name,
				     strerror(-ret));
		ret = 0;
	}
	if (ret)
		goto err;

	reconcile(&scan);
	cache_scan(&scan);
	node_named_done();
	if (!scan.num && !accel_get_scan_report(NULL, 0)) {
		if (!accel_provider_count())
			accel_report("no provider is configured: no *.driver file in %s and ACCEL_PROVIDERS is unset",
				     accel_config_dir());
		else
			accel_report("no accelerator found in %s/class/accel, and no configured provider serves a userspace device (soft)",
				     accel_sysfs_root());
	}
	pthread_mutex_unlock(&scan_lock);
	*out = scan.devs;
	*num = (int)scan.num;
	return 0;
err:
	node_named_done();
	for (i = 0; i < scan.num; i++)
		accel_device_put(scan.devs[i]);
	free(scan.devs);
	pthread_mutex_unlock(&scan_lock);
	return ret;
}

void accel_scan_atfork(enum accel_fork_phase phase)
{
	if (phase == ACCEL_FORK_PREPARE)
		pthread_mutex_lock(&scan_lock);
	else
		pthread_mutex_unlock(&scan_lock);
}

static void __attribute__((destructor)) scan_fini(void)
{
	size_t i;

	for (i = 0; i < ncache; i++)
		accel_device_put(cache[i]);
	free(cache);
	cache = NULL;
	ncache = 0;
	free(node_named.ids);
	free(node_named_last.ids);
	free(scratch);
	scratch = NULL;
}
