// SPDX-License-Identifier: MIT
/*
 * Helper of top_vgem.sh, not a test of its own: a client of the real vgem
 * driver for accel_top to find. It opens vgem through libaccel, allocates
 * a 1 MiB BO, writes and checks it through its mapping, exports it as a
 * dma-buf, prints "ready" and holds all of it until its standard input
 * closes.
 */
#include <fcntl.h>
#include <unistd.h>

#include "vmtest.h"

#define HOLD_SIZE (1u << 20)

int main(void)
{
	struct accel_context *ctx;
	struct accel_bo *bo;
	char c;
	void *p;
	int fd;

	t_require_vm();
	ctx = t_open_provider("vgem");
	bo = t_ptr(accel_bo_alloc(ctx, HOLD_SIZE, ACCEL_BO_HOST_VISIBLE));
	p = t_ptr(accel_bo_map(bo));
	t_pattern_fill(p, HOLD_SIZE, 19);
	t_assert(t_pattern_check(p, HOLD_SIZE, 19) < 0);
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
