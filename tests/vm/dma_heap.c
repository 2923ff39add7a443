// SPDX-License-Identifier: MIT
/*
 * Description: the system dma-heap as a third exporter. A heap buffer
 * filled by the CPU is imported by vgem (read back through vgem's BO
 * mapping) and by soft (COPYd into a soft BO by its queue), byte for
 * byte; soft with heap memory (ACCEL_SOFT_MEMORY=dma-heap) exports a heap
 * dma-buf that vgem imports and reads back.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <uapi/linux/dma-heap.h>

#include "vmtest.h"

#define HEAP "/dev/dma_heap/system"

static int heap_alloc(uint64_t len)
{
	struct dma_heap_allocation_data d = {
		.len = len, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	int heap = open(HEAP, O_RDONLY | O_CLOEXEC);

	t_assert(heap >= 0);
	if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d))
		t_fail("DMA_HEAP_IOCTL_ALLOC %llu: %s", (unsigned long long)len,
		       strerror(errno));
	close(heap);
	return (int)d.fd;
}

static void heap_to_both(struct accel_context *vgem, struct accel_context *soft,
			 uint64_t size, uint32_t seed)
{
	struct accel_bo *vbo, *sbo, *dst;
	uint8_t *m, *v, *d;
	long bad;
	int fd;

	fd = heap_alloc(size);
	t_assert(lseek(fd, 0, SEEK_END) == (off_t)size);
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	t_assert(m != MAP_FAILED);
	t_ok(t_dmabuf_sync(fd, true, true));
	t_pattern_fill(m, size, seed);
	t_ok(t_dmabuf_sync(fd, false, true));

	vbo = t_ptr(accel_bo_import_dmabuf(vgem, fd));
	v = t_ptr(accel_bo_map(vbo));
	t_ok(t_dmabuf_sync(fd, true, false));
	bad = t_pattern_check(v, size, seed);
	t_ok(t_dmabuf_sync(fd, false, false));
	if (bad >= 0)
		t_fail("vgem's view of the heap buffer differs at %ld", bad);

	sbo = t_ptr(accel_bo_import_dmabuf(soft, fd));
	dst = t_ptr(accel_bo_alloc(soft, size, ACCEL_BO_HOST_VISIBLE));
	d = t_ptr(accel_bo_map(dst));
	memset(d, 0, size);
	t_soft_copy(soft, dst, sbo, size);
	bad = t_pattern_check(d, size, seed);
	if (bad >= 0)
		t_fail("soft's copy of the heap buffer differs at %ld", bad);

	t_ok(accel_bo_free(vbo));
	t_ok(accel_bo_free(sbo));
	t_ok(accel_bo_free(dst));
	munmap(m, size);
	close(fd);
	t_info("%llu bytes heap -> vgem, heap -> soft COPY: ok",
	       (unsigned long long)size);
}

static void soft_heap_to_vgem(struct accel_context *vgem, uint64_t size,
			      uint32_t seed)
{
	struct accel_context *soft;
	struct accel_bo *sbo, *vbo;
	uint8_t *s, *v;
	long bad;
	int fd;

	setenv("ACCEL_SOFT_MEMORY", "dma-heap", 1);
	soft = t_open_provider("soft");
	sbo = t_ptr(accel_bo_alloc(soft, size, ACCEL_BO_HOST_VISIBLE));
	s = t_ptr(accel_bo_map(sbo));
	t_pattern_fill(s, size, seed);
	fd = t_ok(accel_bo_export_dmabuf(sbo, O_RDWR));
	vbo = t_ptr(accel_bo_import_dmabuf(vgem, fd));
	v = t_ptr(accel_bo_map(vbo));
	t_ok(t_dmabuf_sync(fd, true, false));
	bad = t_pattern_check(v, size, seed);
	t_ok(t_dmabuf_sync(fd, false, false));
	if (bad >= 0)
		t_fail("vgem's view of soft's heap BO differs at %ld", bad);
	t_ok(accel_bo_free(vbo));
	close(fd);
	t_ok(accel_bo_free(sbo));
	t_ok(accel_close_device(soft));
	unsetenv("ACCEL_SOFT_MEMORY");
	t_info("%llu bytes soft (heap memory) -> vgem: ok",
	       (unsigned long long)size);
}

int main(void)
{
	struct accel_context *soft, *vgem;

	t_require_vm();
	t_require_node(HEAP, "kernel CONFIG_DMABUF_HEAPS_SYSTEM");
	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	setenv("ACCEL_SOFT_MEMORY", "memfd", 1);
	soft = t_open_provider("soft");
	vgem = t_open_provider("vgem");

	heap_to_both(vgem, soft, 4096, 31);
	heap_to_both(vgem, soft, 4u << 20, 32);
	t_ok(accel_close_device(soft));

	soft_heap_to_vgem(vgem, 4096, 33);
	soft_heap_to_vgem(vgem, 3u << 20, 34);

	t_ok(accel_close_device(vgem));
	t_info("ok");
	return T_PASS;
}
