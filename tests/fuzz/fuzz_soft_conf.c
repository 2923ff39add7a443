// SPDX-License-Identifier: MIT
/*
 * One soft.conf line, for each key soft knows: the value it gives fits
 * the buffer, is terminated, has no blank at either end (unless cut to
 * the buffer) and is text of the line.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "soft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "soft_devices", "soft_memory" };
	char val[16];
	size_t k;

	for (k = 0; k < 2; k++) {
		char *line = malloc(size + 1);
		size_t n;

		memcpy(line, data, size);
		line[size] = 0;
		memset(val, 0x55, sizeof(val));
		if (soft_config_line(line, keys[k], val, sizeof(val))) {
			if (!memchr(val, 0, sizeof(val)))
				abort();
			n = strlen(val);
			/* a value cut to the buffer may end inside blanks */
			if (n && n < sizeof(val) - 1 && (isspace((unsigned char)val[0]) ||
				  isspace((unsigned char)val[n - 1])))
				abort();
			if (!memmem(data, size, val, n))
				abort();
		}
		free(line);
	}
	return 0;
}
