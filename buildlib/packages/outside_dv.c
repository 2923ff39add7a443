// SPDX-License-Identifier: MIT
/*
 * A program outside the tree that uses a provider's dv library
 * (libaccel_vgem, accel/vgemdv.h) and the version header, built against an
 * installed libaccel with pkg-config (libaccel-vgem) or CMake
 * (libaccel::vgem) by buildlib/stages/50-packages.sh and 60-install-check.sh.
 * On soft0, vgemdv_is_vgem_context() must say no.
 */
#include <stdio.h>
#include <string.h>

#include <accel/accel.h>
#include <accel/vgemdv.h>

#if !ACCEL_VERSION_CHECK(1, 1, 0) || ACCEL_API_VERSION_MAJOR != ACCEL_VERSION_MAJOR
#error "accel/accel_version.h is not that of libaccel 1.1 or newer"
#endif

int main(void)
{
	struct accel_device **list;
	struct accel_context *ctx = NULL;
	int i, n, ret = 1;

	list = accel_get_device_list(&n);
	if (!list) {
		perror("accel_get_device_list");
		return 1;
	}
	for (i = 0; i < n && !ctx; i++)
		if (!strcmp(accel_device_name(list[i]), "soft0"))
			ctx = accel_open_device(list[i]);
	accel_free_device_list(list);
	if (!ctx) {
		fprintf(stderr, "outside_dv: cannot open soft0 among %d devices\n", n);
		return 1;
	}
	if (vgemdv_is_vgem_context(ctx)) {
		fprintf(stderr, "outside_dv: soft0 taken for a vgem context\n");
	} else {
		printf("outside_dv: built against %s, runs %s; soft0 is not vgem\n",
		       ACCEL_VERSION_STRING, accel_version());
		ret = 0;
	}
	accel_close_device(ctx);
	return ret;
}
