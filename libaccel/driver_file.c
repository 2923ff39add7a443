// SPDX-License-Identifier: MIT
/*
 * One line of a .driver file (rdma-core's format): "driver <name>",
 * blank lines and "#" comments. Apart from the file reading so the line
 * syntax can be fuzzed on its own (tests/fuzz).
 */
#include <string.h>

#include "driver_file.h"

enum accel_driver_line accel_driver_line(char *line, const char **name)
{
	char *p = line, *n;

	p += strspn(p, " \t");
	if (*p == '#' || *p == '\n' || !*p)
		return ACCEL_DRIVER_LINE_EMPTY;
	n = p + strcspn(p, " \t\n");
	if (strncmp(p, "driver", 6) || n != p + 6)
		return ACCEL_DRIVER_LINE_BAD;
	n += strspn(n, " \t");
	n[strcspn(n, " \t\n")] = 0;
	if (!*n)
		return ACCEL_DRIVER_LINE_EMPTY;
	*name = n;
	return ACCEL_DRIVER_LINE_NAME;
}
