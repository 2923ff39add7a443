// SPDX-License-Identifier: MIT
/*
 * A program from outside the tree, built against an installed libaccel
 * (pkg-config or CMake find_package) by buildlib/stages/60-install-check.sh.
 * It lists the devices and, on soft0, allocates, maps and frees a BO.
 *
 * Usage: outside [--require NAME]   (exit 1 if device NAME is not listed)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accel/accel.h>

static int use_device(struct accel_device *dev)
{
	struct accel_device_attr attr;
	struct accel_context *ctx;
	struct accel_bo *bo;
	unsigned char *p;
	int ret;

	ctx = accel_open_device(dev);
	if (!ctx) {
		fprintf(stderr, "open %s: %s\n", accel_device_name(dev),
			strerror(errno));
		return 1;
	}
	ret = accel_query_device(ctx, &attr, sizeof(attr));
	if (ret) {
		fprintf(stderr, "query: %s\n", strerror(-ret));
		goto close;
	}
	printf("  provider %s, caps 0x%x\n", attr.provider, attr.caps);
	bo = accel_bo_alloc(ctx, 1 << 20, ACCEL_BO_HOST_VISIBLE);
	if (!bo) {
		fprintf(stderr, "bo_alloc: %s\n", strerror(errno));
		ret = 1;
		goto close;
	}
	if (attr.caps & ACCEL_CAP_HOST_MAP) {
		p = accel_bo_map(bo);
		if (!p) {
			fprintf(stderr, "bo_map: %s\n", strerror(errno));
			ret = 1;
		} else {
			memset(p, 0x5a, 1 << 20);
			ret = p[(1 << 20) - 1] == 0x5a ? 0 : 1;
		}
	}
	printf("  1 MiB BO: size %llu%s\n",
	       (unsigned long long)accel_bo_size(bo), ret ? " (map failed)" : ", ok");
	if (accel_bo_free(bo)) {
		fprintf(stderr, "bo_free failed\n");
		ret = 1;
	}
close:
	if (accel_close_device(ctx)) {
		fprintf(stderr, "close failed\n");
		ret = 1;
	}
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *require = NULL;
	struct accel_device **list;
	int i, n = 0, ret = 0, found = 0;

	if (argc == 3 && !strcmp(argv[1], "--require"))
		require = argv[2];
	else if (argc != 1) {
		fprintf(stderr, "usage: %s [--require NAME]\n", argv[0]);
		return 2;
	}
	printf("libaccel %s\n", accel_version());
	list = accel_get_device_list(&n);
	if (!list) {
		perror("accel_get_device_list");
		return 1;
	}
	for (i = 0; i < n; i++) {
		const char *name = accel_device_name(list[i]);

		printf("%s: driver %s\n", name, accel_device_driver(list[i]));
		if (require && !strcmp(name, require))
			found = 1;
		if (!strcmp(name, "soft0"))
			ret |= use_device(list[i]);
	}
	if (!n) {
		char report[1024];

		accel_get_scan_report(report, sizeof(report));
		printf("no device:\n%s", report);
	}
	accel_free_device_list(list);
	if (require && !found) {
		fprintf(stderr, "%s is not listed\n", require);
		ret = 1;
	}
	return ret;
}
