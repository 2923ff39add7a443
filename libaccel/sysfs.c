// SPDX-License-Identifier: MIT
/* Small helpers for reading sysfs attributes. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accel_internal.h"
#include "sysfs.h"

static const char *file_kind(mode_t m)
{
	return S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device" :
	       S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" :
	       S_ISDIR(m) ? "a directory" : "not a regular file";
}

/*
 * Open a file the library only reads, refusing what is not a regular
 * file: a FIFO (or a device) in its place would block the scan forever.
 * The open itself cannot block (O_NONBLOCK); follow says whether the last
 * component may be a symlink (config files may be; sysfs attributes are
 * never). -EINVAL, with a line in the scan report, for the wrong kind.
 */
int accel_open_regular(const char *path, bool follow)
{
	struct stat st;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
	if (fd < 0)
		return errno == ELOOP && !follow ? -EINVAL : -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		close(fd);
		return err;
	}
	if (!S_ISREG(st.st_mode)) {
		accel_report("%s: %s, not a regular file: ignored", path,
			     file_kind(st.st_mode));
		close(fd);
		return -EINVAL;
	}
	return fd;
}

/*
 * A sysfs attribute in three calls (open, read, close): opened
 * O_NONBLOCK, a FIFO in its place answers the read at once (EOF without
 * a writer, EAGAIN with one), so it cannot block the scan. Only a read
 * that gives nothing, which no sysfs attribute does, pays an fstat() to
 * tell and report what the file is.
 */
int accel_read_attr(const char *dir, const char *attr, char *buf, size_t len)
{
	return accel_read_attr_stat(dir, attr, buf, len, NULL);
}

/* The same, and the attribute's fstat() in *out when out is not NULL */
int accel_read_attr_stat(const char *dir, const char *attr, char *buf,
			 size_t len, struct stat *out)
{
	char path[PATH_MAX];
	struct stat st;
	ssize_t n;
	int fd, err;

	if (!len)
		return -EINVAL;
	if (!accel_path_join(path, sizeof(path), dir, attr, NULL))
		return -ENAMETOOLONG;
	/* sysfs attributes are regular files, never symlinks */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0)
		return errno == ELOOP ? -EINVAL : -errno;
	n = read(fd, buf, len - 1);
	err = n < 0 ? -errno : 0;
	if (out && fstat(fd, out))
		out->st_ino = 0;
	if (n <= 0 && !fstat(fd, &st) && !S_ISREG(st.st_mode)) {
		accel_report("%s: %s, not a regular file: ignored", path,
			     file_kind(st.st_mode));
		err = -EINVAL;
	}
	close(fd);
	if (err)
		return err;
	buf[n] = 0;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return (int)n;
}

/* basename of a symlink's target, e.g. device/driver -> "habanalabs" */
int accel_read_link_base(const char *dir, const char *link, char *buf, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	accel_path_join(path, sizeof(path), dir, link, NULL);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = 0;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, base);
	return 0;
}

bool accel_parse_u32(const char *s, uint32_t *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

ACCEL_EXPORT int accel_read_sysfs(const struct accel_device *dev,
				  const char *attr, char *buf, size_t len)
{
	if (!dev || !attr || !buf)
		return -EINVAL;
	if (!dev->sysfs_path[0])
		return -ENOENT;
	return accel_read_attr(dev->sysfs_path, attr, buf, len);
}

ACCEL_EXPORT int accel_read_sysfs_u64(const struct accel_device *dev,
				      const char *attr, uint64_t *v)
{
	unsigned long long n;
	char buf[32], *end;
	int ret;

	if (!v)
		return -EINVAL;
	ret = accel_read_sysfs(dev, attr, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	/* strtoull takes "-1" as ULLONG_MAX: a counter is never negative */
	errno = 0;
	n = strtoull(buf, &end, 10);
	if (errno || end == buf || *end || buf[0] == '-')
		return -EINVAL;
	*v = n;
	return 0;
}

static void append(char *buf, size_t len, size_t *at, const char *s,
		   size_t n, bool *fit)
{
	size_t room = len - 1 - *at;

	if (n > room) {
		n = room;
		*fit = false;
	}
	memcpy(buf + *at, s, n);
	*at += n;
}

/*
 * a/b or a/b/c (c NULL for two parts), cut to fit as snprintf() cuts;
 * false when it was cut. A scan joins a dozen paths a device: this spares
 * printf's format machinery (a third of a scan's instructions).
 */
bool accel_path_join(char *buf, size_t len, const char *a, const char *b,
		     const char *c)
{
	bool fit = true;
	size_t at = 0;

	if (!len)
		return false;
	append(buf, len, &at, a, strlen(a), &fit);
	append(buf, len, &at, "/", 1, &fit);
	append(buf, len, &at, b, strlen(b), &fit);
	if (c) {
		append(buf, len, &at, "/", 1, &fit);
		append(buf, len, &at, c, strlen(c), &fit);
	}
	buf[at] = '\0';
	return fit;
}

/* snprintf that says whether the text fit */
bool accel_fmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < len;
}
