// SPDX-License-Identifier: MIT
/*
 * Description: a vgem BO crosses into the soft device. vgem exports a
 * dumb buffer through PRIME; soft imports the dma-buf and its queue COPYs
 * from it into a soft BO; the soft BO holds vgem's bytes exactly, for
 * sizes from one page to several MiB and at offsets inside the buffer.
 * Then a pipeline across the two devices: a vgem write fence (as a
 * sync_file) gates a soft COPY on one queue, and a second soft queue
 * waits for that COPY (a wait point); neither runs before vgem signals.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <accel/softdv.h>
#include <accel/vgemdv.h>
#include <uapi/linux/dma-buf.h>

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
		struct accel_bo_ref bos[] = {
			{ small, ACCEL_ACCESS_WRITE, 0 },
			{ imp, ACCEL_ACCESS_READ, 0 },
		};
		struct accel_submit sub = {
			.cmd_bo = cmd, .bos = bos, .num_bos = 2,
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

/* One COPY job on q, optionally behind an in-fence or a wait point */
static uint64_t submit_copy(struct accel_queue *q, struct accel_bo *cmd,
			    struct accel_bo *dst, struct accel_bo *src,
			    uint64_t size, const int32_t *in_fence,
			    const struct accel_fence_point *after)
{
	struct accel_bo_ref bos[] = {
		{ dst, ACCEL_ACCESS_WRITE, 0 },
		{ src, ACCEL_ACCESS_READ, 0 },
	};
	struct accel_submit sub = { .cmd_bo = cmd, .bos = bos, .num_bos = 2 };
	uint8_t *cp = t_ptr(accel_bo_map(cmd));
	uint64_t seqno;

	sub.cmd_size = softdv_emit_copy(cp, accel_bo_device_addr(dst),
					accel_bo_device_addr(src), size);
	if (in_fence) {
		sub.comp_mask |= ACCEL_SUBMIT_IN_FENCE;
		sub.in_fence_fds = in_fence;
		sub.num_in_fences = 1;
	}
	if (after) {
		sub.comp_mask |= ACCEL_SUBMIT_WAIT;
		sub.wait_points = after;
		sub.num_wait_points = 1;
	}
	t_ok(accel_submit(q, &sub, &seqno));
	return seqno;
}

static void fenced_pipeline(struct accel_context *vgem,
			    struct accel_context *soft)
{
	struct dma_buf_export_sync_file e = { .flags = DMA_BUF_SYNC_READ, .fd = -1 };
	const uint64_t size = 256 * 1024;
	struct accel_queue *q1, *q2;
	struct accel_bo *vbo, *imp, *mid, *dst, *c1, *c2;
	struct accel_fence_point after;
	struct accel_job_status st;
	uint64_t s1, s2;
	uint32_t fence;
	uint8_t *v, *d;
	int fd;

	vbo = t_ptr(accel_bo_alloc(vgem, size, ACCEL_BO_HOST_VISIBLE));
	v = t_ptr(accel_bo_map(vbo));
	t_pattern_fill(v, size, 31);
	fd = t_ok(accel_bo_export_dmabuf(vbo, O_RDWR));
	imp = t_ptr(accel_bo_import_dmabuf(soft, fd));
	/* a vgem "device write" in flight: readers wait for its fence */
	t_ok(vgemdv_fence_attach(vbo, VGEMDV_FENCE_WRITE, &fence));
	if (ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &e))
		t_fail("DMA_BUF_IOCTL_EXPORT_SYNC_FILE: %s", strerror(errno));
	close(fd);

	mid = t_ptr(accel_bo_alloc(soft, size, 0));
	dst = t_ptr(accel_bo_alloc(soft, size, ACCEL_BO_HOST_VISIBLE));
	d = t_ptr(accel_bo_map(dst));
	c1 = t_ptr(accel_bo_alloc(soft, 4096, ACCEL_BO_HOST_VISIBLE));
	c2 = t_ptr(accel_bo_alloc(soft, 4096, ACCEL_BO_HOST_VISIBLE));
	q1 = t_ptr(accel_queue_create(soft, NULL));
	q2 = t_ptr(accel_queue_create(soft, NULL));

	s1 = submit_copy(q1, c1, mid, imp, size, &e.fd, NULL);
	close(e.fd);	/* the job keeps its own */
	after.queue = q1;
	after.seqno = s1;
	s2 = submit_copy(q2, c2, dst, mid, size, NULL, &after);

	/* vgem has not signalled: neither soft job ran */
	if (accel_wait(q2, s2, 200 * INT64_C(1000000)) != -ETIMEDOUT)
		t_fail("the soft pipeline ran before vgem's fence signalled");
	t_ok(accel_job_status(q1, s1, &st, sizeof(st)));
	t_assert(st.state == ACCEL_JOB_PENDING);

	t_ok(vgemdv_fence_signal(vgem, fence));
	t_ok(accel_wait(q2, s2, 10 * INT64_C(1000000000)));
	t_assert(t_pattern_check(d, size, 31) < 0);

	t_ok(accel_queue_destroy(q2));
	t_ok(accel_queue_destroy(q1));
	t_ok(accel_bo_free(c2));
	t_ok(accel_bo_free(c1));
	t_ok(accel_bo_free(dst));
	t_ok(accel_bo_free(mid));
	t_ok(accel_bo_free(imp));
	t_ok(accel_bo_free(vbo));
	t_info("vgem fence -> sync_file -> soft queue 1 -> wait point -> soft queue 2: ok");
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
	fenced_pipeline(vgem, soft);

	t_ok(accel_close_device(vgem));
	t_ok(accel_close_device(soft));
	t_info("ok");
	return T_PASS;
}
