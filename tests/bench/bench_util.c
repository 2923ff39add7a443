// SPDX-License-Identifier: MIT
/* Timing, statistics and small file helpers of accel_bench. */
#include <dirent.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#ifndef BENCH_CONFIG_DIR
#error "BENCH_CONFIG_DIR (the build's etc/libaccel.d) must come from the build"
#endif

int64_t bench_now_ns(void)
{
	struct timespec ts;

	/* the vDSO answers: no system call in the timed region */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void bench_copy_str(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

int bench_fmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int bench_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && (errno == EINTR || errno == EAGAIN));
	return ret < 0 ? -errno : ret;
}

void *bench_sym(const char *lib, const char *sym)
{
	void *h = lib ? dlopen(lib, RTLD_NOW | RTLD_NOLOAD) : NULL;
	void *fn = dlsym(h ? h : RTLD_DEFAULT, sym);

	/* the provider holds its own reference: this drops ours only */
	if (h)
		dlclose(h);
	return fn;
}

void bench_add_op(struct bench_op *ops, size_t *nops, const char *name,
		  const char *raw_desc, int raw_min, int (*lib)(void *),
		  int (*raw)(void *))
{
	struct bench_op *o = &ops[(*nops)++];

	o->name = name;
	o->raw_desc = raw_desc;
	o->raw_min_sys = raw_min;
	o->lib = lib;
	o->raw = raw;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static void stat_of(int64_t *s, unsigned int n, struct bench_stat *st)
{
	unsigned int i99;

	qsort(s, n, sizeof(*s), cmp_i64);
	st->samples = n;
	st->median_ns = n % 2 ? (double)s[n / 2] :
				(double)(s[n / 2 - 1] + s[n / 2]) / 2;
	/* nearest rank: the smallest sample >= 99% of them */
	i99 = (unsigned int)((99ull * n + 99) / 100);
	st->p99_ns = (double)s[(i99 ? i99 : 1) - 1];
}

static void note_err(struct bench_result *r, const char *who, int err)
{
	size_t l = strlen(r->note);

	snprintf(r->note + l, sizeof(r->note) - l, "%s%s: %s", l ? "; " : "",
		 who, strerror(-err));
	/* a feature this machine lacks is a gap to report, not a failure */
	if (err == -EOPNOTSUPP)
		r->unsupported = true;
	else
		r->failed = true;
}

/*
 * libaccel and raw take turns, one iteration each, swapping which goes
 * first, so that drift in the machine (frequency, other load) hits both
 * alike. A side that fails its first try is reported, not timed.
 */
int bench_time_op(const struct bench_op *op, void *st, unsigned int iters,
		  struct bench_result *r)
{
	int64_t *ls = NULL, *rs = NULL, t0, t1, t2;
	bool do_lib, do_raw;
	unsigned int i, warm = iters / 10 + 1;
	int ret;

	ret = op->lib(st);
	do_lib = !ret;
	if (ret)
		note_err(r, "libaccel", ret);
	do_raw = op->raw != NULL;
	if (do_raw) {
		ret = op->raw(st);
		if (ret) {
			note_err(r, "raw", ret);
			do_raw = false;
		}
	}
	ls = calloc(iters, sizeof(*ls));
	rs = calloc(iters, sizeof(*rs));
	if (!ls || !rs) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < warm; i++) {
		if (do_lib && (ret = op->lib(st)))
			goto fail;
		if (do_raw && (ret = op->raw(st)))
			goto fail;
	}
	for (i = 0; i < iters; i++) {
		bool lib_first = i & 1;

		t0 = bench_now_ns();
		ret = 0;
		if (lib_first ? do_lib : do_raw)
			ret = lib_first ? op->lib(st) : op->raw(st);
		t1 = bench_now_ns();
		if (!ret && (lib_first ? do_raw : do_lib))
			ret = lib_first ? op->raw(st) : op->lib(st);
		t2 = bench_now_ns();
		if (ret)
			goto fail;
		ls[i] = lib_first ? t1 - t0 : t2 - t1;
		rs[i] = lib_first ? t2 - t1 : t1 - t0;
	}
	if (do_lib)
		stat_of(ls, iters, &r->lib);
	if (do_raw)
		stat_of(rs, iters, &r->raw);
	r->has_lib = do_lib;
	r->has_raw = do_raw;
	ret = 0;
	goto out;
fail:
	note_err(r, "failed while timed", ret);
out:
	free(ls);
	free(rs);
	return ret;
}

int bench_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");
	int ret = 0;

	if (!f)
		return -errno;
	if (fputs(text, f) < 0)
		ret = -EIO;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

static int copy_file(const char *from, const char *to)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(from, "re");
	int ret;

	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	ret = bench_write_file(to, buf);
	return ret;
}

#ifdef BENCH_STATIC_PROVIDERS
static bool is_static(const char *name)
{
	char key[64];

	snprintf(key, sizeof(key), ",%s,", name);
	return strstr("," BENCH_STATIC_PROVIDERS ",", key) != NULL;
}
#endif

/*
 * libaccel loads every .driver file of its config dir; a dir of our own
 * with only the target's provider keeps the others out of the figures.
 */
int bench_config_dir(const char *const *providers, char *out, size_t len)
{
	char from[4096], to[4096];
	int ret;

	bench_fmt(out, len, "%s/accel-bench-XXXXXX", bench_tmpdir());
	if (!mkdtemp(out))
		return -errno;
	for (; *providers; providers++) {
		snprintf(from, sizeof(from), "%s/%s.driver", BENCH_CONFIG_DIR,
			 *providers);
		snprintf(to, sizeof(to), "%s/%s.driver", out, *providers);
		ret = copy_file(from, to);
#ifdef BENCH_STATIC_PROVIDERS
		/* linked into libaccel: registered without a .driver file */
		if (ret == -ENOENT && is_static(*providers))
			ret = 0;
#endif
		if (ret) {
			bench_rm_tree(out);
			return ret;
		}
	}
	return 0;
}

const char *bench_tmpdir(void)
{
	const char *d = getenv("ACCEL_BENCH_TMPDIR");

	if (d && *d)
		return d;
	/* a disk-backed /tmp makes building 256-device trees take seconds */
	if (access("/dev/shm", W_OK | X_OK) == 0)
		return "/dev/shm";
	d = getenv("TMPDIR");
	return d && *d ? d : "/tmp";
}

int bench_rm_tree(const char *path)
{
	struct dirent *d;
	struct stat st;
	char sub[4096];
	DIR *dir;

	if (lstat(path, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) ? -errno : 0;
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, d->d_name);
		bench_rm_tree(sub);
	}
	closedir(dir);
	return rmdir(path) ? -errno : 0;
}
