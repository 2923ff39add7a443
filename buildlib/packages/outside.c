// SPDX-License-Identifier: MIT
/*
 * A program outside the tree, built against the installed libaccel-dev:
 * finds soft0, allocates and maps a BO, fills it and reads it back.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <accel/accel.h>

int main(void)
{
	struct accel_device **list;
	struct accel_device_attr attr;
	struct accel_context *ctx = NULL;
	struct accel_bo *bo = NULL;
	unsigned char *p;
	int i, n, ret = 1;

	list = accel_get_device_list(&n);
	if (!list) {
		perror("accel_get_device_list");
		return 1;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(accel_device_name(list[i]), "soft0"))
			ctx = accel_open_device(list[i]);
	accel_free_device_list(list);
	if (!ctx) {
		fprintf(stderr, "outside: cannot open soft0 among %d devices\n", n);
		return 1;
	}
	memset(&attr, 0, sizeof(attr));
	ret = accel_query_device(ctx, &attr, sizeof(attr));
	if (ret) {
		fprintf(stderr, "accel_query_device: %s\n", strerror(-ret));
		goto out;
	}
	ret = 1;
	bo = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	if (!bo) {
		perror("accel_bo_alloc");
		goto out;
	}
	p = accel_bo_map(bo);
	if (!p) {
		perror("accel_bo_map");
		goto out;
	}
	memset(p, 0xa5, 4096);
	for (i = 0; i < 4096; i++)
		if (p[i] != 0xa5)
			goto out;
	printf("outside: libaccel %s, %s (%s), BO of %llu bytes mapped\n",
	       accel_version(), attr.driver, attr.provider,
	       (unsigned long long)accel_bo_size(bo));
	ret = 0;
out:
	if (bo)
		accel_bo_free(bo);
	accel_close_device(ctx);
	return ret;
}
