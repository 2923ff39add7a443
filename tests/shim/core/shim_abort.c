// SPDX-License-Identifier: MIT
/*
 * The abort rule: an item of a driver's uAPI that the emulation does not
 * cover ends the test process, so a test never mistakes an invented errno
 * for the kernel's answer.
 */
#include <stdio.h>
#include <stdlib.h>

#include "shim.h"

void shim_not_emulated(const char *driver, const char *item)
{
	fprintf(stderr, "shim: %s %s not emulated\n", driver, item);
	fflush(stderr);
	abort();
}
