// SPDX-License-Identifier: MIT
/*
 * Description: a vgem BO crosses into the soft device. vgem exports a
 * dumb buffer through PRIME; soft imports the dma-buf and its queue COPYs
 * from it into a soft BO; the soft BO holds vgem's bytes exactly, for
 * sizes from one page to several MiB and at offsets inside the buffer.
 */
#include <fcntl.h>
#include <unistd.h>

#include <accel/softdv.h>

#include "vmtest.h"

static void cross(struct accel_context *vgem, struct accel_context *soft,
		  uint64_t size, uint32_t seed)
{
	struct accel_bo *vbo, *imp, *dst;
	uint8_t *v, *d;
	long bad;
	int fd;

	vbo = t_ptr(accel_bo_alloc(vgem, size, ACCEL_BO_HOST_VISIBLE));
	v = t_ptr(accel_bo_map(vbo));
	t_pattern_fill(v, size, seed);

	fd = t_ok(accel_bo_export_dmabuf(vbo, O_RDWR));
	imp = t_ptr(accel_bo_import_dmabuf(soft, fd));
	close(fd);	/* the import keeps its own reference */
	t_assert(accel_bo_size(imp) >= size);
	dst = t_ptr(accel_bo_alloc(soft, size, ACCEL_BO_HOST_VISIBLE));
	d = t_ptr(accel_bo_map(dst));
	memset(d, 0, size);

	t_soft_copy(soft, dst, imp, size);
	bad = t_pattern_check(d, size, seed);
	if (bad >= 0)
		t_fail("%llu bytes: soft's copy differs at %ld",
		       (unsigned long long)size, bad);

	/* a copy of an inner range lands where it should, nothing more */
	if (size > 2 * 4096) {
		struct accel_bo *small = t_ptr(accel_bo_alloc(soft, 4096, 0));
		uint8_t *sp = t_ptr(accel_bo_map(small));
		struct accel_bo *cmd = t_ptr(accel_bo_alloc(soft, 4096, 0));
		uint8_t *cp = t_ptr(accel_bo_map(cmd));
		struct accel_queue *q = t_ptr(accel_queue_create(soft, NULL));
		struct accel_bo *bos[] = { cmd, small, imp };
		struct accel_submit sub = {
			.cmd_bo = cmd, .bos = bos, .num_bos = 3, .in_fence_fd = -1,
		};
		uint64_t seqno;

		memset(sp, 0xee, 4096);
		sub.cmd_size = softdv_emit_copy(cp, accel_bo_device_addr(small) + 100,
						accel_bo_device_addr(imp) + 4096 + 7,
						1000);
		t_ok(accel_submit(q, &sub, &seqno));
		t_ok(accel_wait(q, seqno, -1));
		t_assert(sp[99] == 0xee && sp[1100] == 0xee);
		t_assert(!memcmp(sp + 100, v + 4096 + 7, 1000));
		t_ok(accel_queue_destroy(q));
		t_ok(accel_bo_free(cmd));
		t_ok(accel_bo_free(small));
	}

	t_ok(accel_bo_free(imp));
	t_ok(accel_bo_free(dst));
	t_ok(accel_bo_free(vbo));
	t_info("%llu bytes vgem -> dma-buf -> soft COPY: ok",
	       (unsigned long long)size);
}

int main(void)
{
	struct accel_context *soft, *vgem;

	t_require_vm();
	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	soft = t_open_provider("soft");
	vgem = t_open_provider("vgem");

	cross(vgem, soft, 4096, 21);
	cross(vgem, soft, 65536 + 4096, 22);
	cross(vgem, soft, 6u << 20, 23);

	t_ok(accel_close_device(vgem));
	t_ok(accel_close_device(soft));
	t_info("ok");
	return T_PASS;
}
