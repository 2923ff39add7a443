// SPDX-License-Identifier: MIT
/*
 * Configuration of the soft provider. The environment wins over the file:
 *   ACCEL_SOFT_DEVICES=N      soft_devices N        (0..64, default 1)
 *   ACCEL_SOFT_MEMORY=KIND    soft_memory KIND      (memfd | dma-heap)
 * The file is <sysconfdir>/libaccel.d/soft.conf, or soft.conf in
 * $ACCEL_CONFIG_DIR. Environment is ignored in setuid programs.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "soft.h"

#ifndef SOFT_CONFIG_DIR
#define SOFT_CONFIG_DIR "/etc/libaccel.d"
#endif

#define SOFT_DEFAULT_DEVICES 1

/*
 * soft.conf, if it is a regular file: a FIFO in its place would block the
 * scan forever, so the open cannot block and anything else is refused.
 */
static FILE *soft_config_open(const char *path)
{
	struct stat st;
	FILE *f;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		accel_report("soft: %s is not a regular file: ignored", path);
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

/* "key value" on one line (changed in place): value copied to val */
bool soft_config_line(char *line, const char *key, char *val, size_t len)
{
	char *p = line, *k, *v, *end;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '#' || !*p)
		return false;
	k = strsep(&p, " \t\n");
	if (!p || strcmp(k, key))
		return false;
	while (isspace((unsigned char)*p))
		p++;
	v = p;
	end = v + strlen(v);
	while (end > v && isspace((unsigned char)end[-1]))
		*--end = '\0';
	snprintf(val, len, "%s", v);
	return true;
}

/* Value of key in soft.conf, copied to val; false when absent */
static bool soft_config_file_get(const char *key, char *val, size_t len)
{
	const char *dir = accel_getenv("ACCEL_CONFIG_DIR");
	char path[PATH_MAX], line[256];
	bool found = false;
	FILE *f;

	if (!dir || !*dir)
		dir = SOFT_CONFIG_DIR;
	if (snprintf(path, sizeof(path), "%s/soft.conf", dir) >= (int)sizeof(path))
		return false;
	f = soft_config_open(path);
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (soft_config_line(line, key, val, len))
			found = true;	/* the last line wins */
	fclose(f);
	return found;
}

static bool soft_config_get(const char *env, const char *key, char *val,
			    size_t len, const char **from)
{
	const char *e = accel_getenv(env);

	if (e) {
		snprintf(val, len, "%s", e);
		*from = env;
		return true;
	}
	*from = "soft.conf";
	return soft_config_file_get(key, val, len);
}

unsigned int soft_config_devices(const char **source)
{
	const char *from;
	char val[64], *end;
	long n;

	*source = "the default";
	if (!soft_config_get("ACCEL_SOFT_DEVICES", "soft_devices", val,
			     sizeof(val), &from))
		return SOFT_DEFAULT_DEVICES;
	*source = from;
	errno = 0;
	n = strtol(val, &end, 10);
	if (errno || end == val || *end || n < 0 || n > SOFT_MAX_DEVICES) {
		accel_warn("soft: %s: bad soft device count '%s' (0..%d), using %d\n",
			   from, val, SOFT_MAX_DEVICES, SOFT_DEFAULT_DEVICES);
		return SOFT_DEFAULT_DEVICES;
	}
	return (unsigned int)n;
}

bool soft_config_heap_memory(void)
{
	const char *from;
	char val[64];

	if (!soft_config_get("ACCEL_SOFT_MEMORY", "soft_memory", val,
			     sizeof(val), &from))
		return false;
	if (!strcmp(val, "memfd"))
		return false;
	if (!strcmp(val, "dma-heap")) {
		if (soft_have_system_heap())
			return true;
		accel_warn("soft: %s asks for dma-heap memory but there is no /dev/dma_heap/system (kernel CONFIG_DMABUF_HEAPS_SYSTEM); using memfd\n",
			   from);
		return false;
	}
	accel_warn("soft: %s: unknown memory kind '%s' (memfd, dma-heap), using memfd\n",
		   from, val);
	return false;
}
