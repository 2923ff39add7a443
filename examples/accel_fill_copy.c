// SPDX-License-Identifier: MIT
/*
 * accel_fill_copy - the smallest complete libaccel program.
 *
 * Opens the first device (or -d NAME), allocates two buffer objects, lets
 * the device FILL the first and COPY it into the second, waits, checks the
 * result on the CPU and finally exports the second buffer as a dma-buf.
 *
 * The commands are those of the soft device (accel_soft(7)); hardware
 * devices have command formats of their own, so on those the example
 * stops after the allocation. accel_pipeline.c does the same work on two
 * queues, the second waiting for the first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accel/accel.h>
#include <accel/softdv.h>

#define BUF_SIZE (1 << 20)
#define PATTERN 0xc0ffee11u

static struct accel_device *pick_device(struct accel_device **list, int n,
					const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!name || !strcmp(accel_device_name(list[i]), name))
			return list[i];
	return NULL;
}

/* FILL src, COPY src -> dst, on one queue; 0 or -errno */
static int fill_and_copy(struct accel_context *ctx, struct accel_bo *src,
			 struct accel_bo *dst)
{
	struct accel_bo_ref bos[] = {
		{ src, ACCEL_ACCESS_RW, 0 },
		{ dst, ACCEL_ACCESS_WRITE, 0 },
	};
	struct accel_submit submit = { 0 };
	struct accel_queue *queue;
	struct accel_bo *cmd;
	uint64_t seqno;
	char *cs;
	uint32_t len = 0;
	int ret;

	cmd = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	if (!cmd)
		return -errno;
	cs = accel_bo_map(cmd);
	if (!cs) {
		ret = -errno;
		goto free_cmd;
	}
	/* commands name memory by device address, like hardware does */
	len += softdv_emit_fill(cs + len, accel_bo_device_addr(src), BUF_SIZE,
				PATTERN);
	len += softdv_emit_copy(cs + len, accel_bo_device_addr(dst),
				accel_bo_device_addr(src), BUF_SIZE);

	queue = accel_queue_create(ctx, NULL);
	if (!queue) {
		ret = -errno;
		goto free_cmd;
	}
	submit.cmd_bo = cmd;
	submit.cmd_size = len;
	submit.bos = bos;
	submit.num_bos = 2;
	ret = accel_submit(queue, &submit, &seqno);
	if (!ret)
		ret = accel_wait(queue, seqno, 5000000000LL);	/* 5 s */
	accel_queue_destroy(queue);
free_cmd:
	accel_bo_free(cmd);
	return ret;
}

static int verify(struct accel_bo *bo)
{
	const uint32_t *p = accel_bo_map(bo);
	size_t i;

	if (!p)
		return -errno;
	for (i = 0; i < BUF_SIZE / 4; i++) {
		if (p[i] != PATTERN) {
			fprintf(stderr, "word %zu is 0x%08x, expected 0x%08x\n",
				i, p[i], PATTERN);
			return -EIO;
		}
	}
	return 0;
}

/* The kernel names the exporter of a dma-buf in its fdinfo */
static void exporter_name(int fd, char *name, size_t len)
{
	char path[64], line[128];
	FILE *f;

	snprintf(name, len, "unknown");
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "exp_name: %63s", name) == 1)
			break;
	fclose(f);
}

static void try_export(struct accel_bo *bo)
{
	int fd = accel_bo_export_dmabuf(bo, O_RDWR | O_CLOEXEC);
	char exporter[64];

	if (fd < 0) {
		printf("dma-buf export: %s: %s\n", strerror(-fd),
		       fd == -EOPNOTSUPP && accel_last_error() ?
		       accel_last_error() : "");
		return;
	}
	exporter_name(fd, exporter, sizeof(exporter));
	printf("dma-buf export: fd %d, a dma-buf of %lld bytes from the kernel's %s exporter\n",
	       fd, (long long)lseek(fd, 0, SEEK_END), exporter);
	close(fd);
}

int main(int argc, char **argv)
{
	struct accel_device **list, *dev;
	struct accel_context *ctx;
	struct accel_bo *src, *dst;
	const char *name = NULL;
	int n, err, ret = 1, opt;

	while ((opt = getopt(argc, argv, "d:h")) != -1) {
		if (opt != 'd') {
			fprintf(stderr, "usage: %s [-d DEVICE]\n", argv[0]);
			return opt == 'h' ? 0 : 2;
		}
		name = optarg;
	}

	list = accel_get_device_list(&n);
	if (!list) {
		perror("accel_get_device_list");
		return 1;
	}
	dev = pick_device(list, n, name);
	if (!dev) {
		fprintf(stderr, "no device %s\n", name ? name : "found");
		goto free_list;
	}
	ctx = accel_open_device(dev);
	if (!ctx) {
		fprintf(stderr, "open %s: %s\n", accel_device_name(dev),
			strerror(errno));
		goto free_list;
	}
	printf("device %s (driver %s)\n", accel_device_name(dev),
	       accel_device_driver(dev));

	src = accel_bo_alloc(ctx, BUF_SIZE, ACCEL_BO_HOST_VISIBLE);
	dst = accel_bo_alloc(ctx, BUF_SIZE, ACCEL_BO_HOST_VISIBLE);
	if (!src || !dst) {
		perror("accel_bo_alloc");
		goto close;
	}
	printf("two BOs of %d bytes at device addresses 0x%llx and 0x%llx\n",
	       BUF_SIZE, (unsigned long long)accel_bo_device_addr(src),
	       (unsigned long long)accel_bo_device_addr(dst));

	if (strcmp(accel_device_driver(dev), "soft")) {
		printf("%s has its own command format; stopping here\n",
		       accel_device_driver(dev));
		ret = 0;
		goto close;
	}
	err = fill_and_copy(ctx, src, dst);
	if (!err)
		err = verify(dst);
	if (err) {
		fprintf(stderr, "fill and copy: %s\n", strerror(-err));
		goto close;
	}
	printf("FILL + COPY of %d bytes: verified\n", BUF_SIZE);
	try_export(dst);
	ret = 0;
close:
	accel_close_device(ctx);	/* frees the BOs too */
free_list:
	accel_free_device_list(list);
	return ret;
}
