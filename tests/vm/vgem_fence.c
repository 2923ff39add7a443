// SPDX-License-Identifier: MIT
/*
 * Description: vgem fences through vgemdv.h on the real driver. A write
 * fence on a BO holds back every waiter on its dma-buf (poll, an exported
 * sync_file) until it is signalled; a read fence holds back writers only;
 * conflicting attaches answer EBUSY, bad ids ENOENT, bad flags EINVAL,
 * with the kernel's errnos passed through unchanged.
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <accel/vgemdv.h>
#include <uapi/linux/dma-buf.h>

#include "vmtest.h"

/* poll revents of the dma-buf for events, without waiting */
static short poll_now(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	t_assert(poll(&p, 1, 0) >= 0);
	return p.revents & events;
}

/* a sync_file of the dma-buf's fences for flags; -1 on failure */
static int export_sync_file(int dmabuf, uint32_t flags)
{
	struct dma_buf_export_sync_file e = { .flags = flags, .fd = -1 };

	if (ioctl(dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &e))
		t_fail("DMA_BUF_IOCTL_EXPORT_SYNC_FILE: %s", strerror(errno));
	return e.fd;
}

static bool signalled(int sync_fd)
{
	struct pollfd p = { .fd = sync_fd, .events = POLLIN };

	t_assert(poll(&p, 1, 0) >= 0);
	return p.revents & POLLIN;
}

int main(void)
{
	struct accel_context *ctx;
	uint32_t f1, f2, f3;
	struct accel_bo *bo;
	int dmabuf, sf_r, sf_w;

	t_require_vm();
	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	ctx = t_open_provider("vgem");
	bo = t_ptr(accel_bo_alloc(ctx, 65536, 0));
	dmabuf = t_ok(accel_bo_export_dmabuf(bo, O_RDWR));

	/* argument checks, ours and the kernel's */
	t_err(vgemdv_fence_attach(bo, 0x2, &f1), EINVAL);
	t_err(vgemdv_fence_attach(NULL, 0, &f1), EINVAL);
	t_err(vgemdv_fence_signal(ctx, 0xdead), ENOENT);

	/* idle: readable and writable */
	t_assert(poll_now(dmabuf, POLLIN | POLLOUT) == (POLLIN | POLLOUT));

	/* a write fence blocks both directions */
	t_ok(vgemdv_fence_attach(bo, VGEMDV_FENCE_WRITE, &f1));
	t_assert(poll_now(dmabuf, POLLIN | POLLOUT) == 0);
	sf_r = export_sync_file(dmabuf, DMA_BUF_SYNC_READ);
	t_assert(!signalled(sf_r));
	/* a second fence conflicts with the pending write fence */
	t_err(vgemdv_fence_attach(bo, 0, &f2), EBUSY);
	t_err(vgemdv_fence_attach(bo, VGEMDV_FENCE_WRITE, &f2), EBUSY);
	/* CPU access waits for the reservation's fences: here none signals */
	t_err(accel_bo_cpu_prep(bo, ACCEL_ACCESS_READ, 0), ETIMEDOUT);
	t_err(accel_bo_cpu_prep(bo, ACCEL_ACCESS_RW, 20 * 1000 * 1000), ETIMEDOUT);
	t_ok(vgemdv_fence_signal(ctx, f1));
	t_ok(accel_bo_cpu_prep(bo, ACCEL_ACCESS_RW, 0));
	t_ok(accel_bo_cpu_fini(bo));
	t_assert(poll_now(dmabuf, POLLIN | POLLOUT) == (POLLIN | POLLOUT));
	t_assert(signalled(sf_r));
	close(sf_r);
	/* the id is gone once signalled */
	t_err(vgemdv_fence_signal(ctx, f1), ENOENT);

	/* a read fence blocks writers, not readers */
	t_ok(vgemdv_fence_attach(bo, 0, &f2));
	t_assert(poll_now(dmabuf, POLLIN) == POLLIN);
	t_assert(poll_now(dmabuf, POLLOUT) == 0);
	/* readers may share: a second read fence is accepted, a writer not */
	t_ok(vgemdv_fence_attach(bo, 0, &f3));
	t_err(vgemdv_fence_attach(bo, VGEMDV_FENCE_WRITE, &f1), EBUSY);
	/* and CPU reads go ahead, CPU writes wait */
	t_ok(accel_bo_cpu_prep(bo, ACCEL_ACCESS_READ, 0));
	t_ok(accel_bo_cpu_fini(bo));
	t_err(accel_bo_cpu_prep(bo, ACCEL_ACCESS_WRITE, 0), ETIMEDOUT);
	sf_r = export_sync_file(dmabuf, DMA_BUF_SYNC_READ);
	sf_w = export_sync_file(dmabuf, DMA_BUF_SYNC_WRITE);
	t_assert(signalled(sf_r));
	t_assert(!signalled(sf_w));
	/* the sync_file waits for every fence present when it was made */
	t_ok(vgemdv_fence_signal(ctx, f2));
	t_assert(!signalled(sf_w));
	t_assert(poll_now(dmabuf, POLLOUT) == 0);
	t_ok(vgemdv_fence_signal(ctx, f3));
	t_assert(signalled(sf_w));
	t_assert(poll_now(dmabuf, POLLOUT) == POLLOUT);
	close(sf_r);
	close(sf_w);

	/* a sync_file is a snapshot: a fence attached later does not hold it */
	sf_w = export_sync_file(dmabuf, DMA_BUF_SYNC_WRITE);
	t_ok(vgemdv_fence_attach(bo, VGEMDV_FENCE_WRITE, &f1));
	t_assert(signalled(sf_w));
	t_assert(poll_now(dmabuf, POLLIN) == 0);
	t_ok(vgemdv_fence_signal(ctx, f1));
	close(sf_w);

	/* fences work the same on a BO imported from our own export */
	{
		struct accel_bo *imp = t_ptr(accel_bo_import_dmabuf(ctx, dmabuf));

		t_ok(vgemdv_fence_attach(imp, VGEMDV_FENCE_WRITE, &f1));
		t_assert(poll_now(dmabuf, POLLIN) == 0);
		t_ok(vgemdv_fence_signal(ctx, f1));
		t_assert(poll_now(dmabuf, POLLIN) == POLLIN);
		t_ok(accel_bo_free(imp));
	}

	/* a fence outlives the BO that carried it; its id stays valid */
	t_ok(vgemdv_fence_attach(bo, VGEMDV_FENCE_WRITE, &f1));
	t_ok(accel_bo_free(bo));
	t_assert(poll_now(dmabuf, POLLIN) == 0);
	t_ok(vgemdv_fence_signal(ctx, f1));
	t_assert(poll_now(dmabuf, POLLIN) == POLLIN);
	/* and a freed BO is refused */
	t_err(vgemdv_fence_attach(bo, 0, &f1), ESTALE);

	close(dmabuf);
	t_ok(accel_close_device(ctx));
	t_info("ok");
	return T_PASS;
}
