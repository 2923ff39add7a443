// SPDX-License-Identifier: MIT
/*
 * accel_process_usage(): the DRM clients of processes, from
 * /proc/<pid>/fd and /proc/<pid>/fdinfo. The keys are those of
 * Documentation/gpu/drm-usage-stats.rst as drm_show_fdinfo(),
 * drm_print_memory_stats() and drm_fdinfo_print_size() of 7.2 print them;
 * drivers without show_fdinfo (habanalabs), with DRM_ACCEL_FOPS only
 * (qaic, rocket, ethosu) or DEFINE_DRM_GEM_FOPS (vgem) print none, and
 * their files are listed bare.
 * ACCEL_PROC_PATH points the scan at another tree (tests).
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "accel_internal.h"
#include "sysfs.h"

#define DRM_MAJOR 226
#define ACCEL_MAJOR 261	/* include/drm/drm_accel.h */

struct client_vec {
	struct accel_client_usage *v;
	size_t n, cap;
};

static const char *proc_root(void)
{
	const char *p = accel_getenv("ACCEL_PROC_PATH");

	return p ? p : "/proc";
}

static void copy_str(char *dst, size_t len, const char *src, size_t n)
{
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/*
 * "<uint>[ unit]": the unit scales the value to bytes, ns or Hz. false
 * for anything else, so a malformed line is skipped, not misread.
 */
static bool parse_value(const char *s, uint64_t *out, bool *has_unit,
			const char **unit)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return false;
	while (*end == ' ' || *end == '\t')
		end++;
	*has_unit = *end != 0;
	*unit = end;
	*out = v;
	return true;
}

static bool scale(uint64_t *v, uint64_t mul)
{
	if (*v > UINT64_MAX / mul)
		return false;
	*v *= mul;
	return true;
}

static bool mem_value(const char *s, uint64_t *out)
{
	const char *unit;
	bool has;

	if (!parse_value(s, out, &has, &unit))
		return false;
	if (!has)
		return true;
	if (!strcmp(unit, "KiB"))
		return scale(out, 1024);
	if (!strcmp(unit, "MiB"))
		return scale(out, 1024 * 1024);
	return false;
}

static bool ns_value(const char *s, uint64_t *out)
{
	const char *unit;
	bool has;

	if (!parse_value(s, out, &has, &unit))
		return false;
	return !has || !strcmp(unit, "ns");
}

static bool freq_value(const char *s, uint64_t *out)
{
	const char *unit;
	bool has;

	if (!parse_value(s, out, &has, &unit))
		return false;
	if (!has || !strcmp(unit, "Hz"))
		return true;
	if (!strcmp(unit, "KHz") || !strcmp(unit, "kHz"))
		return scale(out, 1000);
	if (!strcmp(unit, "MHz"))
		return scale(out, 1000000);
	return false;
}

static bool plain_value(const char *s, uint64_t *out)
{
	const char *unit;
	bool has;

	return parse_value(s, out, &has, &unit) && !has;
}

/* the entry named name[0..len), added if there is room; NULL if not */
static struct accel_client_engine *engine(struct accel_client_usage *c,
					  const char *name)
{
	uint32_t i;

	for (i = 0; i < c->num_engines; i++)
		if (!strcmp(c->engines[i].name, name))
			return &c->engines[i];
	if (c->num_engines == ACCEL_CLIENT_MAX_ENGINES ||
	    strlen(name) >= sizeof(c->engines[0].name))
		return NULL;
	i = c->num_engines++;
	snprintf(c->engines[i].name, sizeof(c->engines[i].name), "%s", name);
	c->engines[i].capacity = 1;
	return &c->engines[i];
}

static struct accel_client_region *region(struct accel_client_usage *c,
					  const char *name)
{
	uint32_t i;

	for (i = 0; i < c->num_regions; i++)
		if (!strcmp(c->regions[i].name, name))
			return &c->regions[i];
	if (c->num_regions == ACCEL_CLIENT_MAX_REGIONS ||
	    strlen(name) >= sizeof(c->regions[0].name))
		return NULL;
	i = c->num_regions++;
	snprintf(c->regions[i].name, sizeof(c->regions[i].name), "%s", name);
	return &c->regions[i];
}

static const struct {
	const char *prefix;
	uint32_t bit;
	size_t off;
} mem_keys[] = {
	{ "drm-total-", ACCEL_CLIENT_MEM_TOTAL, offsetof(struct accel_client_region, total) },
	{ "drm-shared-", ACCEL_CLIENT_MEM_SHARED, offsetof(struct accel_client_region, shared) },
	{ "drm-resident-", ACCEL_CLIENT_MEM_RESIDENT,
	  offsetof(struct accel_client_region, resident) },
	{ "drm-purgeable-", ACCEL_CLIENT_MEM_PURGEABLE,
	  offsetof(struct accel_client_region, purgeable) },
	{ "drm-active-", ACCEL_CLIENT_MEM_ACTIVE, offsetof(struct accel_client_region, active) },
	/* deprecated alias of drm-resident- (amdgpu); resident wins */
	{ "drm-memory-", ACCEL_CLIENT_MEM_RESIDENT,
	  offsetof(struct accel_client_region, resident) },
};

static bool has_prefix(const char *key, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);

	if (strncmp(key, prefix, n) || !key[n])
		return false;
	*rest = key + n;
	return true;
}

static void engine_key(struct accel_client_usage *c, const char *key,
		       const char *val)
{
	struct accel_client_engine *e;
	const char *name;
	uint64_t v;

	if (has_prefix(key, "drm-engine-capacity-", &name)) {
		/* zero capacity is not allowed: keep the default of one */
		if (plain_value(val, &v) && v && v <= UINT32_MAX && (e = engine(c, name)))
			e->capacity = (uint32_t)v;
	} else if (has_prefix(key, "drm-engine-", &name)) {
		if (ns_value(val, &v)) {
			c->engine_ns += v;	/* every engine, even past the array */
			c->present |= ACCEL_CLIENT_ENGINE_TIME;
			e = engine(c, name);
			if (e) {
				e->busy_ns = v;
				e->present |= ACCEL_CLIENT_ENGINE_BUSY;
			}
		}
	} else if (has_prefix(key, "drm-cycles-", &name)) {
		if (plain_value(val, &v) && (e = engine(c, name))) {
			e->cycles = v;
			e->present |= ACCEL_CLIENT_ENGINE_CYCLES;
		}
	} else if (has_prefix(key, "drm-total-cycles-", &name)) {
		if (plain_value(val, &v) && (e = engine(c, name))) {
			e->total_cycles = v;
			e->present |= ACCEL_CLIENT_ENGINE_TOTAL_CYCLES;
		}
	} else if (has_prefix(key, "drm-maxfreq-", &name)) {
		if (freq_value(val, &v) && (e = engine(c, name))) {
			e->maxfreq_hz = v;
			e->present |= ACCEL_CLIENT_ENGINE_MAXFREQ;
		}
	}
}

static void mem_key(struct accel_client_usage *c, const char *key, const char *val)
{
	struct accel_client_region *r;
	const char *name;
	uint64_t v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mem_keys); i++) {
		if (!has_prefix(key, mem_keys[i].prefix, &name))
			continue;
		if (!mem_value(val, &v) || !(r = region(c, name)))
			return;
		if (i == ARRAY_SIZE(mem_keys) - 1 && (r->present & ACCEL_CLIENT_MEM_RESIDENT))
			return;
		*(uint64_t *)((char *)r + mem_keys[i].off) = v;
		r->present |= mem_keys[i].bit;
		return;
	}
}

/* one "key:<ws>value" line */
static void parse_line(struct accel_client_usage *c, char *line)
{
	char *colon = strchr(line, ':'), *val;
	const char *key = line;
	uint64_t v;

	if (!colon || strncmp(line, "drm-", 4))
		return;	/* pos:, flags:, the driver's own keys */
	*colon = 0;
	for (val = colon + 1; *val == ' ' || *val == '\t'; val++)
		;
	if (strpbrk(key, " \t"))
		return;	/* keys have no whitespace */
	c->present |= ACCEL_CLIENT_DRM_KEYS;
	if (!strcmp(key, "drm-driver")) {
		copy_str(c->driver, sizeof(c->driver), val, strlen(val));
	} else if (!strcmp(key, "drm-client-id")) {
		if (plain_value(val, &v)) {
			c->client_id = v;
			c->present |= ACCEL_CLIENT_ID;
		}
	} else if (!strcmp(key, "drm-pdev")) {
		copy_str(c->pdev, sizeof(c->pdev), val, strlen(val));
	} else if (!strcmp(key, "drm-client-name")) {
		copy_str(c->client_name, sizeof(c->client_name), val, strlen(val));
	} else if (!strncmp(key, "drm-engine-", 11) || !strncmp(key, "drm-cycles-", 11) ||
		   !strncmp(key, "drm-total-cycles-", 17) || !strncmp(key, "drm-maxfreq-", 12)) {
		engine_key(c, key, val);
	} else {
		mem_key(c, key, val);
	}
}

/* sums over regions: a client's memory, whatever the driver calls it */
static void sum_regions(struct accel_client_usage *c)
{
	uint32_t i;

	for (i = 0; i < c->num_regions; i++) {
		const struct accel_client_region *r = &c->regions[i];

		c->present |= r->present;
		c->mem_total += r->total;
		c->mem_shared += r->shared;
		c->mem_resident += r->resident;
		c->mem_purgeable += r->purgeable;
		c->mem_active += r->active;
	}
}

static int parse_fdinfo(const char *path, struct accel_client_usage *c)
{
	char line[512];
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		if (n && line[n - 1] != '\n' && !feof(f)) {
			int ch;

			/* a line too long for us: skip its rest */
			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
			continue;
		}
		while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
			line[--n] = 0;
		parse_line(c, line);
	}
	fclose(f);
	sum_regions(c);
	return 0;
}

/*
 * An fd of a device node: a char device of the DRM or accel major, one of
 * list's nodes, or (in a fake tree) a path under the /dev root's accel/
 * or dri/. Fills major/minor/dev.
 */
static bool fd_is_node(struct accel_device **list, const char *fdpath,
		       struct accel_client_usage *c)
{
	char target[PATH_MAX], pfx[PATH_MAX];
	struct stat st;
	ssize_t n;
	int i;

	n = readlink(fdpath, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = 0;
	if (!stat(fdpath, &st) && S_ISCHR(st.st_mode)) {
		c->major = major(st.st_rdev);
		c->minor = minor(st.st_rdev);
		for (i = 0; list && list[i]; i++)
			if (list[i]->rdev && list[i]->rdev == st.st_rdev) {
				c->dev = list[i];
				return true;
			}
		return c->major == DRM_MAJOR || c->major == ACCEL_MAJOR;
	}
	for (i = 0; list && list[i]; i++)
		if (list[i]->node[0] && !strcmp(list[i]->node, target)) {
			c->dev = list[i];
			c->major = list[i]->info.major;
			c->minor = list[i]->info.minor;
			return true;
		}
	return (accel_fmt(pfx, sizeof(pfx), "%s/accel/", accel_dev_root()) &&
		!strncmp(target, pfx, strlen(pfx))) ||
	       (accel_fmt(pfx, sizeof(pfx), "%s/dri/", accel_dev_root()) &&
		!strncmp(target, pfx, strlen(pfx)));
}

/* a node nobody in list has: the one device of that driver and PCI address */
static void match_by_pdev(struct accel_device **list, struct accel_client_usage *c)
{
	struct accel_device *found = NULL;
	int i;

	if (c->dev || !c->pdev[0] || !list)
		return;
	for (i = 0; list[i]; i++) {
		if (strcmp(list[i]->bus_id, c->pdev) || strcmp(list[i]->driver, c->driver))
			continue;
		if (found)
			return;	/* ambiguous */
		found = list[i];
	}
	c->dev = found;
}

static int push(struct client_vec *cv, const struct accel_client_usage *c)
{
	if (cv->n == cv->cap) {
		size_t cap = cv->cap ? cv->cap * 2 : 16;
		void *p = realloc(cv->v, cap * sizeof(*cv->v));

		if (!p)
			return -ENOMEM;
		cv->v = p;
		cv->cap = cap;
	}
	cv->v[cv->n++] = *c;
	return 0;
}

static void read_comm(const char *pdir, char *buf, size_t len)
{
	if (accel_read_attr(pdir, "comm", buf, len) < 0)
		buf[0] = 0;
}

/* the clients of one process; -errno only when its fd table is unreadable */
static int scan_pid(struct accel_device **list, int pid, struct client_vec *cv)
{
	char pdir[PATH_MAX], fddir[PATH_MAX], fdpath[PATH_MAX], info[PATH_MAX];
	struct accel_client_usage c;
	char comm[32] = "";
	struct dirent *de;
	struct stat st;
	uid_t uid = 0;
	DIR *d;
	int ret = 0;

	if (!accel_fmt(pdir, sizeof(pdir), "%s/%d", proc_root(), pid) ||
	    !accel_fmt(fddir, sizeof(fddir), "%s/fd", pdir))
		return -ENAMETOOLONG;
	d = opendir(fddir);
	if (!d)
		return -errno;
	if (!stat(pdir, &st))
		uid = st.st_uid;
	read_comm(pdir, comm, sizeof(comm));
	while ((de = readdir(d))) {
		char *end;
		long fd = strtol(de->d_name, &end, 10);

		if (*end || end == de->d_name || fd < 0 || fd > INT32_MAX)
			continue;
		memset(&c, 0, sizeof(c));
		if (!accel_fmt(fdpath, sizeof(fdpath), "%s/%ld", fddir, fd) ||
		    !fd_is_node(list, fdpath, &c))
			continue;
		if (!accel_fmt(info, sizeof(info), "%s/fdinfo/%ld", pdir, fd) ||
		    parse_fdinfo(info, &c))
			continue;	/* closed meanwhile */
		c.pid = pid;
		c.uid = uid;
		c.fd = (int32_t)fd;
		c.num_fds = 1;
		snprintf(c.comm, sizeof(c.comm), "%s", comm);
		match_by_pdev(list, &c);
		if (!c.driver[0] && c.dev)
			snprintf(c.driver, sizeof(c.driver), "%s", c.dev->driver);
		ret = push(cv, &c);
		if (ret)
			break;
	}
	closedir(d);
	return ret;
}

static int by_pid_fd(const void *a, const void *b)
{
	const struct accel_client_usage *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->fd < y->fd ? -1 : x->fd > y->fd;
}

/*
 * One client per struct drm_file: drm-client-id is unique per device or
 * globally (with drm-pdev), so driver, pdev and id name it. Without an id
 * the fds of one process on one node count once.
 */
static bool same_client(const struct accel_client_usage *a,
			const struct accel_client_usage *b)
{
	if ((a->present & ACCEL_CLIENT_ID) != (b->present & ACCEL_CLIENT_ID))
		return false;
	if (a->present & ACCEL_CLIENT_ID)
		return a->client_id == b->client_id && !strcmp(a->driver, b->driver) &&
		       !strcmp(a->pdev, b->pdev);
	return a->pid == b->pid && a->major == b->major && a->minor == b->minor &&
	       a->dev == b->dev;
}

static size_t dedup(struct accel_client_usage *v, size_t n)
{
	size_t i, j, out = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < out; j++)
			if (same_client(&v[j], &v[i]))
				break;
		if (j < out) {
			v[j].num_fds++;
			continue;
		}
		if (out != i)
			v[out] = v[i];
		out++;
	}
	return out;
}

static int scan_all(struct accel_device **list, struct client_vec *cv)
{
	struct dirent *de;
	DIR *d;
	int ret = 0;

	d = opendir(proc_root());
	if (!d)
		return accel_set_reason(-errno, "cannot read %s: %s", proc_root(),
					strerror(errno));
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || end == de->d_name || pid <= 0 || pid > INT32_MAX)
			continue;
		ret = scan_pid(list, (int)pid, cv);
		/* others' processes (EACCES) and ones that exited are skipped */
		if (ret == -ENOMEM)
			break;
		ret = 0;
	}
	closedir(d);
	return ret;
}

ACCEL_EXPORT int accel_process_usage(struct accel_device **list, int pid,
				     struct accel_client_usage *clients,
				     uint32_t max, size_t entry_size)
{
	void *lref = NULL;
	struct client_vec cv = { 0 };
	size_t i;
	int ret;

	accel_call_begin();
	if (pid < 0 || (max && (!clients || !entry_size)) ||
	    (max && entry_size > SIZE_MAX / max))
		return accel_fail(__func__, accel_set_reason(-EINVAL,
				"pid negative, or clients NULL or entry_size 0 with max"));
	if (list) {
		/* the caller's list holds handles: match against the devices */
		list = accel_device_list_get(list, &lref);
		if (!list)
			return accel_fail(__func__, accel_set_reason(-ESTALE,
					"list is not a live device list"));
	}
	if (pid) {
		ret = scan_pid(list, pid, &cv);
		if (ret == -ENOENT)
			ret = accel_set_reason(-ESRCH, "no process %d", pid);
		else if (ret)
			accel_set_reason(ret, "cannot read the fds of process %d: %s",
					 pid, strerror(-ret));
	} else {
		ret = scan_all(list, &cv);
	}
	if (ret)
		goto out;
	if (cv.n)
		qsort(cv.v, cv.n, sizeof(*cv.v), by_pid_fd);
	cv.n = dedup(cv.v, cv.n);
	for (i = 0; i < cv.n && i < max; i++) {
		if (cv.v[i].dev)
			cv.v[i].dev = accel_obj_handle(&cv.v[i].dev->obj);
		accel_copy_out((char *)clients + i * entry_size, entry_size, &cv.v[i],
			       sizeof(cv.v[i]));
	}
	ret = cv.n > INT32_MAX ? INT32_MAX : (int)cv.n;
out:
	free(cv.v);
	accel_device_list_put(lref);
	return ret < 0 ? accel_fail(__func__, ret) : ret;
}
