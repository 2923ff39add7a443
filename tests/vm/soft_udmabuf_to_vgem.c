// SPDX-License-Identifier: MIT
/*
 * Description: a soft BO crosses into the kernel's vgem driver. The soft
 * provider exports its memfd BO through /dev/udmabuf; vgem imports the
 * dma-buf (PRIME_FD_TO_HANDLE on a foreign exporter) and the bytes read
 * through vgem's BO mapping equal what soft wrote, both ways. A vgem fence
 * attached to the imported object blocks the udmabuf's own waiters: one
 * reservation object shared across two drivers.
 */
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <accel/vgemdv.h>

#include "vmtest.h"

static void cross(struct accel_context *soft, struct accel_context *vgem,
		  uint64_t size, uint32_t seed)
{
	struct accel_bo *sbo, *vbo;
	struct pollfd pfd;
	uint8_t *s, *v;
	uint32_t fence;
	long bad;
	int fd;

	sbo = t_ptr(accel_bo_alloc(soft, size, ACCEL_BO_HOST_VISIBLE));
	s = t_ptr(accel_bo_map(sbo));
	t_pattern_fill(s, size, seed);

	fd = t_ok(accel_bo_export_dmabuf(sbo, O_RDWR));
	vbo = t_ptr(accel_bo_import_dmabuf(vgem, fd));
	t_assert(accel_bo_size(vbo) >= size);
	t_assert(accel_bo_context(vbo) == vgem);
	v = t_ptr(accel_bo_map(vbo));
	t_ok(t_dmabuf_sync(fd, true, false));
	bad = t_pattern_check(v, size, seed);
	t_ok(t_dmabuf_sync(fd, false, false));
	if (bad >= 0)
		t_fail("%llu bytes: vgem's view differs at %ld",
		       (unsigned long long)size, bad);

	/* and back: vgem's writes land in soft's pages */
	t_ok(t_dmabuf_sync(fd, true, true));
	t_pattern_fill(v, size, seed ^ 0x5a5a);
	t_ok(t_dmabuf_sync(fd, false, true));
	bad = t_pattern_check(s, size, seed ^ 0x5a5a);
	if (bad >= 0)
		t_fail("soft does not see vgem's write at %ld", bad);

	/* the reservation object is shared: a vgem fence blocks udmabuf polls */
	t_ok(vgemdv_fence_attach(vbo, VGEMDV_FENCE_WRITE, &fence));
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	t_assert(poll(&pfd, 1, 0) == 0);
	t_ok(vgemdv_fence_signal(vgem, fence));
	t_assert(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN));

	t_ok(accel_bo_free(vbo));
	close(fd);
	/* soft's BO is untouched by the importer going away */
	bad = t_pattern_check(s, size, seed ^ 0x5a5a);
	if (bad >= 0)
		t_fail("soft BO changed after vgem released it, at %ld", bad);
	t_ok(accel_bo_free(sbo));
	t_info("%llu bytes soft -> udmabuf -> vgem: ok", (unsigned long long)size);
}

int main(void)
{
	struct accel_context *soft, *vgem;

	t_require_vm();
	t_require_node("/dev/udmabuf", "kernel CONFIG_UDMABUF");
	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	/* memfd BOs are the ones soft exports through udmabuf */
	setenv("ACCEL_SOFT_MEMORY", "memfd", 1);
	soft = t_open_provider("soft");
	vgem = t_open_provider("vgem");

	cross(soft, vgem, 4096, 11);
	cross(soft, vgem, 5000, 12);
	cross(soft, vgem, 8u << 20, 13);

	t_ok(accel_close_device(vgem));
	t_ok(accel_close_device(soft));
	t_info("ok");
	return T_PASS;
}
