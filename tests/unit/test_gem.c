// SPDX-License-Identifier: MIT
/*
 * The core's GEM layer (accel_gem.h) and DRM helpers against a small fake
 * of the kernel's GEM, PRIME and syncobj ioctls: this program defines
 * ioctl(), which libaccel's calls bind to, and answers for one fake DRM
 * fd; every other fd goes to the real ioctl. The fake follows the kernel
 * where the table depends on it: handles are the lowest free id from 1
 * (idr), and PRIME import of a dma-buf the file already has a handle for
 * answers that handle (drm_gem_prime_fd_to_handle()). The real kernel's
 * side of the same is proven in tests/vm (gem_table.c, on vgem).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xf86drm.h>

#include "unit.h"

#include <accel_provider.h>

#define MAX_OBJ 64

static struct {
	pthread_mutex_t lock;
	int drm_fd; /* the fake DRM file; -1: none */
	ino_t obj_ino[MAX_OBJ]; /* the dma-buf of handle h; 0: free */
	unsigned int closes; /* GEM_CLOSEs answered */
	unsigned int calls; /* ioctls on drm_fd */
	unsigned int eintr; /* answer EINTR this many times first */
	int fail_errno; /* answer this to the next ioctl */
	struct accel_gem_table *table; /* checked at each GEM_CLOSE */
	bool closed_counted; /* a GEM_CLOSE of a counted handle */
	/* syncobjs: the requests in order, and what they carried */
	unsigned long req[8];
	unsigned int nreq;
	struct drm_syncobj_transfer transfer;
	struct drm_syncobj_timeline_wait twait;
	uint32_t next_syncobj;
	uint32_t destroyed;
	int fail_transfer; /* errno for the next TRANSFER */
	uint32_t last_close; /* handle of the last GEM_CLOSE */
} fk = { .lock = PTHREAD_MUTEX_INITIALIZER, .drm_fd = -1 };

static int (*real_ioctl)(int, unsigned long, ...);

static int fake_prime_fd_to_handle(struct drm_prime_handle *p)
{
	struct stat st;
	uint32_t h;

	if (fstat(p->fd, &st))
		return -EBADF;
	/* the kernel's dedup: this file's handle for the dma-buf, if any */
	for (h = 1; h < MAX_OBJ; h++)
		if (fk.obj_ino[h] == st.st_ino) {
			p->handle = h;
			return 0;
		}
	for (h = 1; h < MAX_OBJ; h++)
		if (!fk.obj_ino[h]) {
			fk.obj_ino[h] = st.st_ino;
			p->handle = h;
			return 0;
		}
	return -ENOSPC;
}

static int fake_gem_close(struct drm_gem_close *c)
{
	fk.last_close = c->handle;
	if (c->handle >= MAX_OBJ || !fk.obj_ino[c->handle])
		return -EINVAL;
	/* the caller holds the table's lock while it closes */
	if (fk.table && c->handle < fk.table->nrefs &&
	    fk.table->refs[c->handle])
		fk.closed_counted = true;
	fk.obj_ino[c->handle] = 0;
	fk.closes++;
	return 0;
}

static int fake_syncobj(unsigned long request, void *arg)
{
	if (fk.nreq < sizeof(fk.req) / sizeof(fk.req[0]))
		fk.req[fk.nreq++] = request;
	switch (request) {
	case DRM_IOCTL_SYNCOBJ_CREATE:
		((struct drm_syncobj_create *)arg)->handle = ++fk.next_syncobj;
		return 0;
	case DRM_IOCTL_SYNCOBJ_DESTROY:
		fk.destroyed = ((struct drm_syncobj_destroy *)arg)->handle;
		return 0;
	case DRM_IOCTL_SYNCOBJ_TRANSFER:
		fk.transfer = *(struct drm_syncobj_transfer *)arg;
		if (fk.fail_transfer) {
			int err = fk.fail_transfer;

			fk.fail_transfer = 0;
			return -err;
		}
		return 0;
	case DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD:
		((struct drm_syncobj_handle *)arg)->fd = dup(0);
		return 0;
	case DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT:
		fk.twait = *(struct drm_syncobj_timeline_wait *)arg;
		fk.twait.first_signaled = 1;
		((struct drm_syncobj_timeline_wait *)arg)->first_signaled = 1;
		return 0;
	case DRM_IOCTL_SYNCOBJ_QUERY: {
		struct drm_syncobj_timeline_array *a = arg;
		uint64_t *points = (uint64_t *)(uintptr_t)a->points;
		uint32_t i;

		for (i = 0; i < a->count_handles; i++)
			points[i] = 100 + i;
		return 0;
	}
	}
	return -ENOTTY;
}

static int fake_drm(unsigned long request, void *arg)
{
	fk.calls++;
	if (fk.eintr) {
		fk.eintr--;
		return -EINTR;
	}
	if (fk.fail_errno) {
		int err = fk.fail_errno;

		fk.fail_errno = 0;
		return -err;
	}
	switch (request) {
	case DRM_IOCTL_PRIME_FD_TO_HANDLE:
		return fake_prime_fd_to_handle(arg);
	case DRM_IOCTL_PRIME_HANDLE_TO_FD: {
		struct drm_prime_handle *p = arg;

		if (p->handle >= MAX_OBJ || !fk.obj_ino[p->handle])
			return -ENOENT;
		/* the flags come back in the fd's place, for the test */
		p->fd = (int)p->flags;
		return 0;
	}
	case DRM_IOCTL_GEM_CLOSE:
		return fake_gem_close(arg);
	}
	return fake_syncobj(request, arg);
}

/*
 * libaccel's ioctl() calls bind to this definition: visible (the build
 * hides symbols by default) and in the executable's dynamic symbol table.
 */
__attribute__((visibility("default"))) int ioctl(int fd, unsigned long request,
						 ...)
{
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd < 0 || fd != fk.drm_fd) {
		if (!real_ioctl)
			real_ioctl = (int (*)(int, unsigned long, ...))dlsym(
				RTLD_NEXT, "ioctl");
		return real_ioctl(fd, request, arg);
	}
	/* widen the window in which a close could race an import */
	if (request == DRM_IOCTL_GEM_CLOSE)
		sched_yield();
	pthread_mutex_lock(&fk.lock);
	ret = fake_drm(request, arg);
	pthread_mutex_unlock(&fk.lock);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/* a stand-in dma-buf: any file, told apart by its inode */
static int new_dmabuf(void)
{
	int fd = memfd_create("fake-dmabuf", MFD_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

static struct accel_gem_table table;

static int setup(void **state)
{
	(void)state;
	fk.drm_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	assert_true(fk.drm_fd >= 0);
	assert_int_equal(accel_gem_table_init(&table, fk.drm_fd), 0);
	fk.table = &table;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fk.table = NULL;
	accel_gem_table_fini(&table);
	close(fk.drm_fd);
	fk.drm_fd = -1;
	return 0;
}

/* the same dma-buf imported twice: one handle, two references */
static void test_reimport_dedups(void **state)
{
	int buf = new_dmabuf(), dup_fd = dup(buf), other = new_dmabuf();
	uint32_t h1 = 0, h2 = 0, h3 = 0;

	(void)state;
	assert_int_equal(accel_gem_import_dmabuf(&table, buf, &h1), 0);
	/* another fd of the same dma-buf is the same object to the kernel */
	assert_int_equal(accel_gem_import_dmabuf(&table, dup_fd, &h2), 0);
	assert_int_equal(h1, h2);
	assert_int_equal(accel_gem_handle_refs(&table, h1), 2);
	assert_int_equal(accel_gem_import_dmabuf(&table, other, &h3), 0);
	assert_int_not_equal(h3, h1);
	assert_int_equal(accel_gem_handle_refs(&table, h3), 1);
	close(buf);
	close(dup_fd);
	close(other);
}

/* the handle lives until its last reference goes, then closes once */
static void test_put_closes_on_last(void **state)
{
	int buf = new_dmabuf();
	uint32_t h, h2;

	(void)state;
	assert_int_equal(accel_gem_import_dmabuf(&table, buf, &h), 0);
	assert_int_equal(accel_gem_import_dmabuf(&table, buf, &h2), 0);
	assert_int_equal(accel_gem_handle_put(&table, h), 0);
	assert_int_equal(fk.closes, 0);
	assert_int_equal(accel_gem_handle_refs(&table, h), 1);
	assert_int_equal(accel_gem_handle_put(&table, h), 0);
	assert_int_equal(fk.closes, 1);
	assert_int_equal(accel_gem_handle_refs(&table, h), 0);
	/* not counted any more: nothing is closed on the caller's word */
	assert_int_equal(accel_gem_handle_put(&table, h), -ENOENT);
	assert_int_equal(fk.closes, 1);
	/* a fresh import after the close gets a fresh count */
	assert_int_equal(accel_gem_import_dmabuf(&table, buf, &h2), 0);
	assert_int_equal(accel_gem_handle_refs(&table, h2), 1);
	assert_false(fk.closed_counted);
	close(buf);
}

/* handles from a driver's create ioctl: counted, shared with imports */
static void test_handle_add(void **state)
{
	int buf = new_dmabuf();
	uint32_t h, h2;

	(void)state;
	assert_int_equal(accel_gem_import_dmabuf(&table, buf, &h), 0);
	assert_int_equal(accel_gem_handle_add(&table, h), 0);
	assert_int_equal(accel_gem_handle_refs(&table, h), 2);
	assert_int_equal(accel_gem_handle_add(&table, 0), -EINVAL);
	/* a handle far beyond what the idr gives: refused, and not leaked */
	assert_int_equal(accel_gem_handle_add(&table, 1u << 30), -ENOMEM);
	assert_int_equal(fk.last_close, 1u << 30);
	assert_int_equal(accel_gem_handle_refs(&table, 1u << 30), 0);
	/* an import of the created object's dma-buf shares its count */
	assert_int_equal(accel_gem_import_dmabuf(&table, buf, &h2), 0);
	assert_int_equal(h2, h);
	assert_int_equal(accel_gem_handle_refs(&table, h), 3);
	close(buf);
}

/* a failed import leaves nothing counted and passes the errno on */
static void test_import_errors(void **state)
{
	int buf = new_dmabuf();
	uint32_t h = 0;

	(void)state;
	assert_int_equal(accel_gem_import_dmabuf(&table, -1, &h), -EBADF);
	fk.fail_errno = EINVAL;
	assert_int_equal(accel_gem_import_dmabuf(&table, buf, &h), -EINVAL);
	assert_int_equal(accel_gem_import_dmabuf(&table, buf, NULL), -EINVAL);
	assert_int_equal(accel_gem_import_dmabuf(NULL, buf, &h), -EINVAL);
	assert_int_equal(accel_gem_handle_refs(&table, 1), 0);
	close(buf);
}

/* import and size in one call; a BO struct's handle and memory given back */
static void test_import_sized_and_bo_free(void **state)
{
	int buf = new_dmabuf(), closed = new_dmabuf(), pipefd[2];
	uint64_t size = 0;
	uint32_t h = 0, h2 = 0;
	void *bo;

	(void)state;
	assert_int_equal(ftruncate(buf, 3 * 4096), 0);
	assert_int_equal(accel_gem_import_sized(&table, buf, &h, &size), 0);
	assert_int_equal(size, 3 * 4096);
	assert_int_equal(accel_gem_handle_refs(&table, h), 1);
	/* no fd, a closed one, one that cannot be sized: nothing counted */
	size = 7;
	assert_int_equal(accel_gem_import_sized(&table, -1, &h2, &size),
			 -EBADF);
	close(closed);
	assert_int_equal(accel_gem_import_sized(&table, closed, &h2, &size),
			 -EBADF);
	assert_int_equal(pipe(pipefd), 0);
	assert_int_equal(accel_gem_import_sized(&table, pipefd[0], &h2, &size),
			 -ESPIPE);
	/* the kernel's refusal passes on, and leaves size alone */
	fk.fail_errno = EINVAL;
	assert_int_equal(accel_gem_import_sized(&table, buf, &h2, &size),
			 -EINVAL);
	assert_int_equal(size, 7);
	assert_int_equal(accel_gem_handle_refs(&table, h), 1);
	assert_int_equal(fk.closes, 0);
	/* the last BO of the handle closes it */
	bo = accel_bo_zalloc(96);
	assert_non_null(bo);
	accel_gem_bo_free(&table, h, bo, 96);
	assert_int_equal(accel_gem_handle_refs(&table, h), 0);
	assert_int_equal(fk.closes, 1);
	/* handle 0 (a BO whose create failed): memory only */
	bo = accel_bo_zalloc(96);
	assert_non_null(bo);
	accel_gem_bo_free(&table, 0, bo, 96);
	assert_int_equal(fk.closes, 1);
	close(pipefd[0]);
	close(pipefd[1]);
	close(buf);
}

struct race {
	int buf;
	unsigned int rounds;
};

static void *import_put_loop(void *arg)
{
	struct race *r = arg;
	unsigned int i;

	for (i = 0; i < r->rounds; i++) {
		uint32_t h;

		if (accel_gem_import_dmabuf(&table, r->buf, &h) ||
		    accel_gem_handle_put(&table, h))
			return (void *)1;
	}
	return NULL;
}

/*
 * Imports and last puts of one dma-buf from several threads: the kernel
 * must never be told to close a handle the table still counts (an import
 * would be left holding a closed handle).
 */
static void test_import_put_race(void **state)
{
	struct race r = { .buf = new_dmabuf(), .rounds = 2000 };
	pthread_t th[4];
	void *res;
	unsigned int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(
			pthread_create(&th[i], NULL, import_put_loop, &r), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], &res), 0);
		assert_null(res);
	}
	assert_false(fk.closed_counted);
	assert_int_equal(accel_gem_handle_refs(&table, 1), 0);
	assert_int_equal(fk.obj_ino[1], 0);
	close(r.buf);
}

static void test_export_flags(void **state)
{
	int buf = new_dmabuf();
	uint32_t h;

	(void)state;
	assert_int_equal(accel_gem_import_dmabuf(&table, buf, &h), 0);
	/* O_CLOEXEC always; the fake answers the flags it was given */
	assert_int_equal(accel_gem_export_dmabuf(fk.drm_fd, h, 0), O_CLOEXEC);
	assert_int_equal(accel_gem_export_dmabuf(fk.drm_fd, h, O_RDWR),
			 O_CLOEXEC | O_RDWR);
	fk.calls = 0;
	assert_int_equal(accel_gem_export_dmabuf(fk.drm_fd, h, O_NONBLOCK),
			 -EINVAL);
	assert_int_equal(fk.calls, 0);
	assert_int_equal(accel_gem_export_dmabuf(fk.drm_fd, 63, 0), -ENOENT);
	close(buf);
}

static void test_mmap_args(void **state)
{
	void *p = NULL;

	(void)state;
	assert_int_equal(accel_gem_mmap(fk.drm_fd, 0, 0, PROT_READ, &p),
			 -EINVAL);
	assert_int_equal(accel_gem_mmap(fk.drm_fd, UINT64_MAX - 4095, 4096,
					PROT_READ, &p),
			 -EINVAL);
	assert_int_equal(accel_gem_mmap(fk.drm_fd, 0, 4096, PROT_READ, NULL),
			 -EINVAL);
	assert_null(p);
	assert_int_equal(accel_gem_munmap(NULL, 4096), -EINVAL);
}

/* EINTR is retried; EAGAIN is an answer and goes back at once */
static void test_ioctl_retry_rule(void **state)
{
	struct drm_gem_close c = { .handle = 60 };

	(void)state;
	fk.obj_ino[60] = 1;
	fk.calls = 0;
	fk.eintr = 2;
	assert_int_equal(accel_ioctl(fk.drm_fd, DRM_IOCTL_GEM_CLOSE, &c), 0);
	assert_int_equal(fk.calls, 3);
	fk.calls = 0;
	fk.fail_errno = EAGAIN;
	assert_int_equal(accel_ioctl(fk.drm_fd, DRM_IOCTL_GEM_CLOSE, &c),
			 -EAGAIN);
	assert_int_equal(fk.calls, 1);
}

static void test_timeline_wait(void **state)
{
	uint32_t handles[2] = { 5, 6 }, first = 0;
	uint64_t points[2] = { 7, 8 };

	(void)state;
	assert_int_equal(accel_drm_syncobj_timeline_wait(fk.drm_fd, handles,
							 points, 2, 1234, 0,
							 &first),
			 0);
	assert_int_equal(fk.twait.handles, (uintptr_t)handles);
	assert_int_equal(fk.twait.points, (uintptr_t)points);
	assert_int_equal(fk.twait.timeout_nsec, 1234);
	assert_int_equal(fk.twait.count_handles, 2);
	assert_int_equal(first, 1);
	/* one error contract: the kernel's ETIME is ETIMEDOUT */
	fk.fail_errno = ETIME;
	assert_int_equal(accel_drm_syncobj_timeline_wait(fk.drm_fd, handles,
							 points, 2, 0, 0, NULL),
			 -ETIMEDOUT);
	fk.fail_errno = ETIME;
	assert_int_equal(
		accel_drm_syncobj_wait(fk.drm_fd, handles, 2, 0, 0, NULL),
		-ETIMEDOUT);
	assert_int_equal(accel_drm_syncobj_timeline_wait(fk.drm_fd, handles,
							 NULL, 2, 0, 0, NULL),
			 -EINVAL);
	assert_int_equal(accel_drm_syncobj_timeline_wait(fk.drm_fd, handles,
							 points, 0, 0, 0, NULL),
			 -EINVAL);
}

static void test_query_transfer(void **state)
{
	uint32_t handles[3] = { 1, 2, 3 };
	uint64_t points[3] = { 0 };

	(void)state;
	assert_int_equal(
		accel_drm_syncobj_query(fk.drm_fd, handles, points, 3,
					DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED),
		0);
	assert_true(points[0] == 100 && points[2] == 102);
	assert_int_equal(accel_drm_syncobj_transfer(
				 fk.drm_fd, 9, 10, 11, 12,
				 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT),
			 0);
	assert_int_equal(fk.transfer.dst_handle, 9);
	assert_int_equal(fk.transfer.dst_point, 10);
	assert_int_equal(fk.transfer.src_handle, 11);
	assert_int_equal(fk.transfer.src_point, 12);
	assert_int_equal(fk.transfer.flags,
			 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT);
	fk.fail_errno = ETIME;
	assert_int_equal(accel_drm_syncobj_transfer(
				 fk.drm_fd, 9, 0, 11, 12,
				 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT),
			 -ETIMEDOUT);
}

/* a point as a sync_file: through a temporary binary syncobj, destroyed */
static void test_point_export(void **state)
{
	int sync_fd = -1;

	(void)state;
	fk.nreq = 0;
	assert_int_equal(accel_drm_syncobj_timeline_export_sync_file(
				 fk.drm_fd, 4, 42, 0, &sync_fd),
			 0);
	assert_true(sync_fd >= 0);
	close(sync_fd);
	assert_int_equal(fk.nreq, 4);
	assert_true(fk.req[0] == DRM_IOCTL_SYNCOBJ_CREATE);
	assert_true(fk.req[1] == DRM_IOCTL_SYNCOBJ_TRANSFER);
	assert_true(fk.req[2] == DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD);
	assert_true(fk.req[3] == DRM_IOCTL_SYNCOBJ_DESTROY);
	assert_int_equal(fk.transfer.src_handle, 4);
	assert_int_equal(fk.transfer.src_point, 42);
	assert_int_equal(fk.transfer.dst_handle, fk.next_syncobj);
	assert_int_equal(fk.transfer.dst_point, 0);
	assert_int_equal(fk.destroyed, fk.next_syncobj);
}

/* the temporary goes also when the transfer fails (no such point yet) */
static void test_point_export_unwinds(void **state)
{
	int sync_fd = -1;

	(void)state;
	fk.nreq = 0;
	fk.fail_transfer = EINVAL;
	assert_int_equal(accel_drm_syncobj_timeline_export_sync_file(
				 fk.drm_fd, 4, 99, 0, &sync_fd),
			 -EINVAL);
	assert_int_equal(sync_fd, -1);
	assert_int_equal(fk.nreq, 3);
	assert_true(fk.req[0] == DRM_IOCTL_SYNCOBJ_CREATE);
	assert_true(fk.req[1] == DRM_IOCTL_SYNCOBJ_TRANSFER);
	assert_true(fk.req[2] == DRM_IOCTL_SYNCOBJ_DESTROY);
	assert_int_equal(fk.destroyed, fk.next_syncobj);
	/* no place for the fd: nothing is asked of the kernel */
	fk.nreq = 0;
	assert_int_equal(accel_drm_syncobj_timeline_export_sync_file(
				 fk.drm_fd, 4, 99, 0, NULL),
			 -EINVAL);
	assert_int_equal(fk.nreq, 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_reimport_dedups, setup, teardown),
	cmocka_unit_test_setup_teardown(test_put_closes_on_last, setup,
					teardown),
	cmocka_unit_test_setup_teardown(test_handle_add, setup, teardown),
	cmocka_unit_test_setup_teardown(test_import_errors, setup, teardown),
	cmocka_unit_test_setup_teardown(test_import_sized_and_bo_free, setup,
					teardown),
	cmocka_unit_test_setup_teardown(test_import_put_race, setup, teardown),
	cmocka_unit_test_setup_teardown(test_export_flags, setup, teardown),
	cmocka_unit_test_setup_teardown(test_mmap_args, setup, teardown),
	cmocka_unit_test_setup_teardown(test_ioctl_retry_rule, setup, teardown),
	cmocka_unit_test_setup_teardown(test_timeline_wait, setup, teardown),
	cmocka_unit_test_setup_teardown(test_query_transfer, setup, teardown),
	cmocka_unit_test_setup_teardown(test_point_export, setup, teardown),
	cmocka_unit_test_setup_teardown(test_point_export_unwinds, setup,
					teardown),
};

UNIT_MAIN(tests, NULL)
