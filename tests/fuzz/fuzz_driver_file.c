// SPDX-License-Identifier: MIT
/*
 * One .driver line: the parser reads nothing outside the line, and a name
 * it gives is a non-empty word of the line, after "driver" and blanks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "driver_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), *copy = malloc(size + 1);
	const char *name = NULL;

	memcpy(line, data, size);
	line[size] = 0;
	memcpy(copy, line, size + 1);
	if (accel_driver_line(line, &name) == ACCEL_DRIVER_LINE_NAME) {
		size_t off = (size_t)(name - line), len = strlen(name);

		if (!len || off + len > size || strpbrk(name, " \t\n") ||
		    memcmp(copy + off, name, len) ||
		    strncmp(copy + strspn(copy, " \t"), "driver", 6))
			abort();
	}
	free(line);
	free(copy);
	return 0;
}
