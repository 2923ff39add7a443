/* SPDX-License-Identifier: MIT */
#ifndef ACCEL_DRIVER_FILE_H
#define ACCEL_DRIVER_FILE_H

enum accel_driver_line {
	ACCEL_DRIVER_LINE_EMPTY,	/* blank, a comment, or "driver" alone */
	ACCEL_DRIVER_LINE_NAME,		/* *name: the provider, in line */
	ACCEL_DRIVER_LINE_BAD,		/* not a line of the format */
};

/* Parse line (changed in place); *name points into it for _NAME */
enum accel_driver_line accel_driver_line(char *line, const char **name);

#endif
