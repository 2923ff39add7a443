// SPDX-License-Identifier: MIT
/*
 * Helper of top_client.sh, not a test of its own: a client of a real
 * kernel driver for accel_top to find. It opens the provider named by its
 * argument (vgem by default) through libaccel, allocates a 1 MiB BO,
 * writes and checks it through its mapping, exports it as a dma-buf; on a
 * device with queues (vaccel) it also runs a FILL of the BO on the engine,
 * so the kernel has engine time to report. Then it prints "ready" and
 * holds all of it until its standard input closes.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <accel/softdv.h>

#include "vmtest.h"

#define HOLD_SIZE (1u << 20)

/* one FILL of bo on a queue of ctx, waited for */
static void run_fill(struct accel_context *ctx, struct accel_bo *bo)
{
	struct accel_bo *cmd = t_ptr(accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE));
	struct accel_queue *q = t_ptr(accel_queue_create(ctx, NULL));
	struct accel_bo_ref ref = { bo, ACCEL_ACCESS_WRITE, 0 };
	struct accel_submit s = { 0 };
	uint8_t *p = t_ptr(accel_bo_map(cmd));
	uint64_t seqno;

	s.cmd_bo = cmd;
	s.cmd_size = softdv_emit_fill(p, accel_bo_device_addr(bo), HOLD_SIZE, 0x5a5a5a5au);
	s.bos = &ref;
	s.num_bos = 1;
	t_ok(accel_submit(q, &s, &seqno));
	t_ok(accel_wait(q, seqno, -1));
	t_ok(accel_queue_destroy(q));
	t_ok(accel_bo_unmap(cmd));
	t_ok(accel_bo_free(cmd));
}

int main(int argc, char **argv)
{
	const char *prov = argc > 1 ? argv[1] : "vgem";
	struct accel_context *ctx;
	struct accel_bo *bo;
	char c;
	void *p;
	int fd;

	t_require_vm();
	ctx = t_open_provider(prov);
	bo = t_ptr(accel_bo_alloc(ctx, HOLD_SIZE, ACCEL_BO_HOST_VISIBLE));
	p = t_ptr(accel_bo_map(bo));
	t_pattern_fill(p, HOLD_SIZE, 19);
	t_assert(t_pattern_check(p, HOLD_SIZE, 19) < 0);
	if (!strcmp(prov, "vaccel"))
		run_fill(ctx, bo);
	fd = (int)t_ok(accel_bo_export_dmabuf(bo, O_RDWR));
	t_info("ready");
	while (read(STDIN_FILENO, &c, 1) > 0)
		;
	close(fd);
	t_ok(accel_bo_unmap(bo));
	t_ok(accel_bo_free(bo));
	t_ok(accel_close_device(ctx));
	return T_PASS;
}
