// SPDX-License-Identifier: MIT
/*
 * Holds the emulated accel0's compute node open until stdin closes, so a
 * test can look at a busy device from another process (ACCEL_SHIM_DIR
 * names the tree both share).
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "accel_shim.h"

int main(void)
{
	char path[512], c;
	int fd;

	snprintf(path, sizeof(path), "%s/dev/accel/accel0", accel_shim_root());
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	close(fd);
	return 0;
}
