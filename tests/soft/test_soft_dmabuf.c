// SPDX-License-Identifier: MIT
/*
 * Description: dma-buf export and import on soft. Where the kernel has
 * /dev/udmabuf the export is a real dma-buf sharing the BO's pages, and
 * it imports back; elsewhere export fails with -EOPNOTSUPP. Import
 * refuses fds that are not dma-bufs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <uapi/linux/dma-buf.h>

#include "soft_test.h"

#define DMA_BUF_MAGIC 0x444d4142	/* "DMAB", include/uapi/linux/magic.h */

static int is_dmabuf(int fd)
{
	struct statfs s;

	return !fstatfs(fd, &s) && s.f_type == DMA_BUF_MAGIC;
}

static void test_export(void **state)
{
	struct accel_context *ctx = st_open_soft(), *ctx2;
	struct accel_queue *q;
	struct accel_bo *bo, *imp, *dst;
	unsigned char *p, *m, *pd;
	struct st_cs cs;
	int fd;

	bo = st_alloc_mapped(ctx, 8192, (void **)&p);
	fd = accel_bo_export_dmabuf(bo, O_RDWR | O_CLOEXEC);
	if (!st_have_export()) {
		/* this kernel has no udmabuf: never a fake dma-buf */
		assert_int_equal(fd, -EOPNOTSUPP);
		assert_int_equal(accel_close_device(ctx), 0);
		return;
	}
	assert_true(fd >= 0);
	assert_true(is_dmabuf(fd));
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(lseek(fd, 0, SEEK_END), 8192);

	/* the same pages: writes through either side show on the other */
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(m != MAP_FAILED);
	p[100] = 0x42;
	assert_int_equal(m[100], 0x42);
	m[8000] = 0x24;
	assert_int_equal(p[8000], 0x24);
	munmap(m, 8192);

	/* import into another context, and let its queue read it */
	ctx2 = st_open_soft();
	imp = accel_bo_import_dmabuf(ctx2, fd);
	assert_non_null(imp);
	assert_int_equal(accel_bo_size(imp), 8192);
	assert_int_not_equal(accel_bo_device_addr(imp), 0);
	dst = st_alloc_mapped(ctx2, 8192, (void **)&pd);
	q = accel_queue_create(ctx2, NULL);
	st_cs_init(&cs, ctx2);
	cs.len += softdv_emit_copy(cs.p, accel_bo_device_addr(dst),
				   accel_bo_device_addr(imp), 8192);
	cs.len += softdv_emit_fill(cs.p + cs.len, accel_bo_device_addr(imp),
				   16, 0x99999999);
	assert_int_equal(st_cs_run(q, &cs, imp, dst, NULL), 0);
	assert_int_equal(pd[100], 0x42);
	assert_int_equal(pd[8000], 0x24);
	/* the device's write landed in the exporter's BO */
	assert_int_equal(p[15], 0x99);
	/* the imported BO exports again as a dma-buf */
	close(fd);
	fd = accel_bo_export_dmabuf(imp, O_CLOEXEC);
	assert_true(fd >= 0 && is_dmabuf(fd));
	close(fd);

	assert_int_equal(accel_close_device(ctx2), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

/*
 * An in-fence: the sync_file of a dma-buf's implicit fences
 * (DMA_BUF_IOCTL_EXPORT_SYNC_FILE), which needs a dma-buf to start from.
 */
static void test_in_fence(void **state)
{
	struct accel_context *ctx = st_open_soft();
	struct dma_buf_export_sync_file sf = { .flags = DMA_BUF_SYNC_RW, .fd = -1 };
	struct accel_submit s = { 0 };
	struct accel_queue *q;
	struct accel_bo *bo;
	struct accel_bo_ref bos[1];
	uint64_t *p, seqno;
	struct st_cs cs;
	int fd, fences[2];

	bo = st_alloc_mapped(ctx, 4096, (void **)&p);
	fd = accel_bo_export_dmabuf(bo, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		assert_int_equal(accel_close_device(ctx), 0);
		skip();
	}
	assert_int_equal(ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &sf), 0);
	q = accel_queue_create(ctx, NULL);
	st_cs_init(&cs, ctx);
	cs.len += softdv_emit_write_value(cs.p, accel_bo_device_addr(bo), 77);
	bos[0].bo = bo;
	bos[0].access = ACCEL_ACCESS_WRITE;
	bos[0].slot = 0;
	/* two in-fences: the worker waits for each */
	fences[0] = sf.fd;
	fences[1] = sf.fd;
	s.comp_mask = ACCEL_SUBMIT_IN_FENCE;
	s.in_fence_fds = fences;
	s.num_in_fences = 2;
	s.cmd_bo = cs.bo;
	s.cmd_size = cs.len;
	s.bos = bos;
	s.num_bos = 1;
	assert_int_equal(accel_submit(q, &s, &seqno), 0);
	/* the job holds its own copy of the fence fds */
	close(sf.fd);
	assert_int_equal(accel_wait(q, seqno, 10 * SEC_NS), 0);
	assert_int_equal(p[0], 77);
	close(fd);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_import_bad_fds(void **state)
{
	struct accel_context *ctx = st_open_soft();
	int pfd[2], mfd, fd;

	errno = 0;
	assert_null(accel_bo_import_dmabuf(ctx, -1));
	assert_int_equal(errno, EBADF);
	st_assert_reason(NULL);

	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	close(fd);
	errno = 0;
	assert_null(accel_bo_import_dmabuf(ctx, fd));	/* closed */
	assert_int_equal(errno, EBADF);
	st_assert_reason(NULL);

	assert_int_equal(pipe2(pfd, O_CLOEXEC), 0);
	errno = 0;
	assert_null(accel_bo_import_dmabuf(ctx, pfd[0]));
	assert_int_equal(errno, EINVAL);
	st_assert_reason(NULL);
	close(pfd[0]);
	close(pfd[1]);

	/* a memfd is shared memory, but not a dma-buf */
	mfd = memfd_create("not-a-dmabuf", MFD_CLOEXEC);
	assert_true(mfd >= 0);
	assert_int_equal(ftruncate(mfd, 4096), 0);
	errno = 0;
	assert_null(accel_bo_import_dmabuf(ctx, mfd));
	assert_int_equal(errno, EINVAL);
	st_assert_reason(NULL);
	close(mfd);

	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	errno = 0;
	assert_null(accel_bo_import_dmabuf(ctx, fd));
	assert_int_equal(errno, EINVAL);
	st_assert_reason(NULL);
	close(fd);
	assert_int_equal(accel_close_device(ctx), 0);
}

/*
 * soft_memory dma-heap: BOs come from the system heap and are dma-bufs
 * from the start; without a heap the provider warns and uses memfds.
 */
static void test_heap_memory(void **state)
{
	int have_heap = !access("/dev/dma_heap/system", F_OK);
	struct accel_context *ctx;
	struct accel_bo *bo;
	unsigned char *p;
	int fd;

	setenv("ACCEL_SOFT_MEMORY", "dma-heap", 1);
	ctx = st_open_soft();
	unsetenv("ACCEL_SOFT_MEMORY");
	bo = st_alloc_mapped(ctx, 4096, (void **)&p);
	p[0] = 1;
	fd = accel_bo_export_dmabuf(bo, O_RDWR | O_CLOEXEC);
	if (have_heap || st_have_export()) {
		assert_true(fd >= 0 && is_dmabuf(fd));
		close(fd);
	} else {
		assert_int_equal(fd, -EOPNOTSUPP);
	}
	assert_int_equal(accel_close_device(ctx), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_in_fence),
		cmocka_unit_test(test_import_bad_fds),
		cmocka_unit_test(test_heap_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
