// SPDX-License-Identifier: MIT
/*
 * Description: the soft provider's dma-buf export on a kernel that has
 * both exporters. memfd BOs export through udmabuf, heap-memory BOs
 * (ACCEL_SOFT_MEMORY=dma-heap) through the system heap; either way the fd
 * is a real dma-buf of that exporter (fdinfo exp_name), shares the BO's
 * pages both ways, takes the DMA_BUF_IOCTL_SYNC bracket for every
 * direction and refuses bad sync flags with the kernel's EINVAL, and
 * exports already-signalled sync_files for a BO no device work touches.
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <uapi/linux/dma-buf.h>

#include "vmtest.h"

/* the exporter's name the kernel shows in fdinfo */
static void exp_name(int fd, char *out, size_t len)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	t_assert(f);
	out[0] = 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "exp_name: %63s", out) == 1)
			break;
	fclose(f);
	t_assert(out[0] && len > 63);
}

static void check_sync_ioctls(int fd)
{
	static const uint64_t ok_flags[] = {
		DMA_BUF_SYNC_READ, DMA_BUF_SYNC_WRITE, DMA_BUF_SYNC_RW,
	};
	struct dma_buf_sync s;
	struct dma_buf_export_sync_file e;
	struct pollfd p;
	size_t i;

	for (i = 0; i < sizeof(ok_flags) / sizeof(ok_flags[0]); i++) {
		s.flags = DMA_BUF_SYNC_START | ok_flags[i];
		t_assert(!ioctl(fd, DMA_BUF_IOCTL_SYNC, &s));
		s.flags = DMA_BUF_SYNC_END | ok_flags[i];
		t_assert(!ioctl(fd, DMA_BUF_IOCTL_SYNC, &s));
	}
	/* no direction, unknown bits: the kernel's EINVAL */
	s.flags = DMA_BUF_SYNC_START;
	t_assert(ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) == -1 && errno == EINVAL);
	s.flags = DMA_BUF_SYNC_RW | 0x100;
	t_assert(ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) == -1 && errno == EINVAL);

	/* no fences: exported sync_files are signalled at once */
	e = (struct dma_buf_export_sync_file){ .flags = DMA_BUF_SYNC_RW, .fd = -1 };
	t_assert(!ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &e));
	p = (struct pollfd){ .fd = e.fd, .events = POLLIN };
	t_assert(poll(&p, 1, 0) == 1);
	close(e.fd);
	e = (struct dma_buf_export_sync_file){ .flags = 0, .fd = -1 };
	t_assert(ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &e) == -1 &&
		 errno == EINVAL);
}

static void export_one(const char *memory, const char *want_exporter,
		       uint64_t size, uint32_t seed)
{
	struct accel_context *ctx;
	struct accel_bo *bo;
	char name[64];
	uint64_t len;
	uint8_t *b, *d;
	long bad;
	int fd, fd2;

	setenv("ACCEL_SOFT_MEMORY", memory, 1);
	ctx = t_open_provider("soft");
	bo = t_ptr(accel_bo_alloc(ctx, size, ACCEL_BO_HOST_VISIBLE));
	b = t_ptr(accel_bo_map(bo));
	t_pattern_fill(b, size, seed);

	fd = t_ok(accel_bo_export_dmabuf(bo, O_RDWR));
	t_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	exp_name(fd, name, sizeof(name));
	if (strcmp(name, want_exporter))
		t_fail("%s memory exported by %s, expected %s", memory, name,
		       want_exporter);
	len = (uint64_t)lseek(fd, 0, SEEK_END);
	t_assert(len >= size && len % 4096 == 0);

	d = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	t_assert(d != MAP_FAILED);
	t_ok(t_dmabuf_sync(fd, true, false));
	bad = t_pattern_check(d, size, seed);
	t_ok(t_dmabuf_sync(fd, false, false));
	if (bad >= 0)
		t_fail("dma-buf view differs at %ld", bad);
	t_ok(t_dmabuf_sync(fd, true, true));
	t_pattern_fill(d, size, seed + 7);
	t_ok(t_dmabuf_sync(fd, false, true));
	bad = t_pattern_check(b, size, seed + 7);
	if (bad >= 0)
		t_fail("BO does not see the dma-buf write at %ld", bad);

	/* a second export shares the same pages */
	fd2 = t_ok(accel_bo_export_dmabuf(bo, O_RDWR));
	t_ok(accel_bo_free(bo));	/* exports outlive the BO */
	{
		uint8_t *d2 = mmap(NULL, len, PROT_READ, MAP_SHARED, fd2, 0);

		t_assert(d2 != MAP_FAILED);
		bad = t_pattern_check(d2, size, seed + 7);
		if (bad >= 0)
			t_fail("second export differs at %ld", bad);
		munmap(d2, len);
	}
	check_sync_ioctls(fd);
	munmap(d, len);
	close(fd);
	close(fd2);
	t_ok(accel_close_device(ctx));
	t_info("%s memory, %llu bytes: exported by %s: ok", memory,
	       (unsigned long long)size, name);
}

int main(void)
{
	t_require_vm();
	t_require_node("/dev/udmabuf", "kernel CONFIG_UDMABUF");
	t_require_node("/dev/dma_heap/system", "kernel CONFIG_DMABUF_HEAPS_SYSTEM");

	export_one("memfd", "udmabuf", 4096, 41);
	export_one("memfd", "udmabuf", (2u << 20) + 123, 42);
	export_one("dma-heap", "system", 4096, 43);
	export_one("dma-heap", "system", (2u << 20) + 123, 44);
	t_info("ok");
	return T_PASS;
}
