// SPDX-License-Identifier: MIT
/*
 * Description: one vgem context used from several threads at once. Every
 * thread exports the same BO, imports the dma-buf again (the kernel hands
 * back the BO's own GEM handle each time), maps and checks it, and frees
 * the import, while others allocate and free BOs of their own. The shared
 * handle must stay open as long as any BO holds it: the original BO reads
 * its bytes and exports fine at the end.
 */
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <accel/vgemdv.h>

#include "vmtest.h"

#define THREADS 4
#define ROUNDS 150
#define SIZE (64 * 1024)

static struct accel_context *ctx;
static struct accel_bo *shared;
static uint32_t shared_handle;

static void *worker(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg, i;

	for (i = 0; i < ROUNDS; i++) {
		struct accel_bo *imp, *own;
		uint32_t h;
		uint8_t *p;
		int fd;

		fd = t_ok(accel_bo_export_dmabuf(shared, O_RDWR));
		imp = t_ptr(accel_bo_import_dmabuf(ctx, fd));
		close(fd);
		t_ok(vgemdv_bo_handle(imp, &h));
		if (h != shared_handle)
			t_fail("thread %u: import got handle %u, BO has %u", id,
			       h, shared_handle);
		p = t_ptr(accel_bo_map(imp));
		if (t_pattern_check(p, SIZE, 77) >= 0)
			t_fail("thread %u round %u: import reads other bytes", id, i);
		own = t_ptr(accel_bo_alloc(ctx, 4096 * (1 + (i % 4)), 0));
		memset(t_ptr(accel_bo_map(own)), (int)id, 4096);
		t_ok(accel_bo_free(imp));
		t_ok(accel_bo_free(own));
	}
	return NULL;
}

int main(void)
{
	pthread_t th[THREADS];
	uint8_t *p;
	unsigned int i;
	int fd;

	t_require_vm();
	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	ctx = t_open_provider("vgem");
	shared = t_ptr(accel_bo_alloc(ctx, SIZE, 0));
	p = t_ptr(accel_bo_map(shared));
	t_pattern_fill(p, SIZE, 77);
	t_ok(vgemdv_bo_handle(shared, &shared_handle));

	for (i = 0; i < THREADS; i++)
		t_assert(!pthread_create(&th[i], NULL, worker, (void *)(uintptr_t)i));
	for (i = 0; i < THREADS; i++)
		t_assert(!pthread_join(th[i], NULL));

	/* the handle survived every import's free */
	if (t_pattern_check(p, SIZE, 77) >= 0)
		t_fail("the shared BO's bytes changed");
	fd = t_ok(accel_bo_export_dmabuf(shared, O_RDWR));
	close(fd);
	t_ok(accel_bo_free(shared));
	t_ok(accel_close_device(ctx));
	t_info("%d threads x %d export/import/free rounds: ok", THREADS, ROUNDS);
	return T_PASS;
}
