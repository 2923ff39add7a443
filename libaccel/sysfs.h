/* SPDX-License-Identifier: MIT */
#ifndef ACCEL_SYSFS_H
#define ACCEL_SYSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* an fd of a regular file opened for reading, or -errno (see sysfs.c) */
int accel_open_regular(const char *path, bool follow);
int accel_read_attr(const char *dir, const char *attr, char *buf, size_t len);
struct stat;
int accel_read_attr_stat(const char *dir, const char *attr, char *buf,
			 size_t len, struct stat *st);
int accel_read_link_base(const char *dir, const char *link, char *buf,
			 size_t len);
bool accel_parse_u32(const char *s, uint32_t *out);
bool accel_path_join(char *buf, size_t len, const char *a, const char *b,
		     const char *c);
bool accel_fmt(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
