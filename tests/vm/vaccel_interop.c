// SPDX-License-Identifier: MIT
/*
 * Description: vaccel next to vgem and soft, through libaccel only.
 * - sync_file out: a gated vaccel job's sync_file is the in-fence of a
 *   soft job and of a job of another vaccel file; neither writes a byte
 *   before the gate opens. A failed vaccel job's sync_file fails both
 *   (-EIO), and they write nothing.
 * - sync_file in: a vgem write fence, exported from vgem's dma-buf
 *   (DMA_BUF_IOCTL_EXPORT_SYNC_FILE), is the in-fence of a vaccel job
 *   sharing no BO with vgem; the job writes nothing until vgem signals.
 * - implicit fences across drivers: a vaccel BO imported into vgem, a
 *   gated vaccel job writing it; vgem's dma-buf polls busy and its read
 *   sync_file is pending until the job ends, then vgem's mapping holds
 *   the job's bytes. The other way, a vgem fence on a vgem BO imported
 *   into vaccel holds a vaccel job writing it.
 * - soft <-> vaccel dma-bufs (soft exports through udmabuf), byte for
 *   byte both ways, with jobs of both devices reading and writing them.
 * Usage: vm_vaccel_interop VACCEL_KO
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <accel/vgemdv.h>
#include <uapi/linux/dma-buf.h>

#include "vaccel_util.h"
#include "vm_job.h"

#define SEC 1000000000ll
#define SIZE 65536u
#define HOLD_US 300000	/* how long a held-back job is watched not to run */

/* a job that writes one word (or fills a range) of bo */
static uint64_t job_fill(struct accel_context *ctx, struct accel_queue *q,
			 struct accel_bo *bo, uint64_t off, uint64_t size,
			 uint32_t value, int in_fd, struct job *j)
{
	job_init(ctx, j);
	job_ref(j, bo, ACCEL_ACCESS_WRITE);
	emit(j, softdv_emit_fill, accel_bo_device_addr(bo) + off, size, value);
	j->in_fd = in_fd;
	return job_submit(q, j);
}

/* a job that copies src to dst, waited for */
static void job_copy(struct accel_context *ctx, struct accel_queue *q,
		     struct accel_bo *dst, struct accel_bo *src, uint64_t size)
{
	struct job j;

	job_init(ctx, &j);
	job_ref(&j, src, ACCEL_ACCESS_READ);
	job_ref(&j, dst, ACCEL_ACCESS_WRITE);
	emit(&j, softdv_emit_copy, accel_bo_device_addr(dst), accel_bo_device_addr(src), size);
	t_ok(accel_wait(q, job_submit(q, &j), 30 * SEC));
	job_free(&j);
}

static struct accel_bo *bo_new(struct accel_context *ctx, void **map, uint64_t size)
{
	struct accel_bo *bo = t_ptr(accel_bo_alloc(ctx, size, ACCEL_BO_HOST_VISIBLE));

	*map = t_ptr(accel_bo_map(bo));
	memset(*map, 0, size);
	return bo;
}

/* every word of p[0, size) is v */
static bool all_words(const void *p, uint64_t size, uint32_t v)
{
	const uint32_t *w = p;
	uint64_t i;

	for (i = 0; i < size / 4; i++)
		if (__atomic_load_n(&w[i], __ATOMIC_ACQUIRE) != v)
			return false;
	return true;
}

static bool fd_ready(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };

	t_assert(poll(&p, 1, timeout_ms) >= 0);
	return p.revents & events;
}

/* dma-buf's fences for flags as a sync_file */
static int dmabuf_sync_file(int dmabuf, uint32_t flags)
{
	struct dma_buf_export_sync_file e = { .flags = flags, .fd = -1 };

	if (ioctl(dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &e))
		t_fail("DMA_BUF_IOCTL_EXPORT_SYNC_FILE: %s", strerror(errno));
	return e.fd;
}

/* a vaccel job held by a WAIT_VALUE on a word the CPU sets */
struct gate {
	struct accel_bo *word;
	uint64_t *w;
	struct job j;
	uint64_t seq;
};

/* the gate job; when target is given, it FILLs it with value once open */
static void gate_open(struct accel_context *ctx, struct accel_queue *q, struct gate *g,
		      struct accel_bo *target, uint32_t value)
{
	g->word = bo_new(ctx, (void **)&g->w, 4096);
	job_init(ctx, &g->j);
	job_ref(&g->j, g->word, ACCEL_ACCESS_READ);
	emit(&g->j, softdv_emit_wait_value, accel_bo_device_addr(g->word), 1, ~0ull,
	     SOFTDV_WAIT_EQ, 20 * SEC);
	if (target) {
		job_ref(&g->j, target, ACCEL_ACCESS_WRITE);
		emit(&g->j, softdv_emit_fill, accel_bo_device_addr(target),
		     accel_bo_size(target), value);
	}
	g->seq = job_submit(q, &g->j);
}

static void gate_release(struct accel_queue *q, struct gate *g)
{
	__atomic_store_n(&g->w[0], 1, __ATOMIC_RELEASE);
	t_ok(accel_wait(q, g->seq, 30 * SEC));
	job_free(&g->j);
	t_ok(accel_bo_free(g->word));
}

/* 2. a vaccel sync_file as the in-fence of soft and of another vaccel file */
static void sync_file_out(struct accel_context *vx, struct accel_context *vx2,
			  struct accel_context *soft)
{
	struct accel_queue *q = t_ptr(accel_queue_create(vx, NULL));
	struct accel_queue *q2 = t_ptr(accel_queue_create(vx2, NULL));
	struct accel_queue *sq = t_ptr(accel_queue_create(soft, NULL));
	struct accel_bo *sb, *vb;
	void *sm, *vm;
	uint64_t s1, s2;
	struct job j1, j2;
	struct gate g;
	int fence;

	sb = bo_new(soft, &sm, SIZE);
	vb = bo_new(vx2, &vm, SIZE);
	gate_open(vx, q, &g, NULL, 0);
	fence = t_ok(accel_fence_export_sync_file(q, g.seq));
	s1 = job_fill(soft, sq, sb, 0, SIZE, 0x50f750f7u, fence, &j1);
	s2 = job_fill(vx2, q2, vb, 0, SIZE, 0x7acc7accu, fence, &j2);
	usleep(HOLD_US);
	t_err(accel_wait(sq, s1, 0), ETIMEDOUT);
	t_err(accel_wait(q2, s2, 0), ETIMEDOUT);
	t_assert(all_words(sm, SIZE, 0) && all_words(vm, SIZE, 0));
	t_assert(!fd_ready(fence, POLLIN, 0));

	gate_release(q, &g);
	t_ok(accel_wait(sq, s1, 30 * SEC));
	t_ok(accel_wait(q2, s2, 30 * SEC));
	t_assert(fd_ready(fence, POLLIN, 0));
	t_assert(all_words(sm, SIZE, 0x50f750f7u));
	t_assert(all_words(vm, SIZE, 0x7acc7accu));
	close(fence);
	t_info("a vaccel sync_file held a soft job and another vaccel file's job");

	job_free(&j1);
	job_free(&j2);
	t_ok(accel_bo_free(sb));
	t_ok(accel_bo_free(vb));
	t_ok(accel_queue_destroy(sq));
	t_ok(accel_queue_destroy(q2));
	t_ok(accel_queue_destroy(q));
}

/* the failed dependency's error reaches the waiter: -EIO, and nothing written */
static void expect_dep_failed(struct accel_queue *q, uint64_t seq, const void *map)
{
	struct accel_job_status st;

	t_err(accel_wait(q, seq, 30 * SEC), EIO);
	t_ok(accel_job_status(q, seq, &st, sizeof(st)));
	t_assert(st.state == ACCEL_JOB_FAILED && st.device_error < 0 && st.reason[0]);
	t_assert(all_words(map, SIZE, 0));
	t_info("  its waiter failed too (device error %d): %s", st.device_error, st.reason);
}

/* 2. a failed vaccel job's sync_file fails the soft and vaccel jobs it holds */
static void sync_file_out_failed(struct accel_context *vx, struct accel_context *vx2,
				 struct accel_context *soft)
{
	const struct softdv_cmd_header bad = { 0x77, 8, 0 };	/* no such opcode */
	struct accel_queue *q = t_ptr(accel_queue_create(vx, NULL));
	struct accel_queue *q2 = t_ptr(accel_queue_create(vx2, NULL));
	struct accel_queue *sq = t_ptr(accel_queue_create(soft, NULL));
	struct accel_bo *sb, *vb;
	struct job f, j1, j2;
	uint64_t sf, s1, s2;
	void *sm, *vm;
	int fence;

	sb = bo_new(soft, &sm, SIZE);
	vb = bo_new(vx2, &vm, SIZE);
	job_init(vx, &f);
	memcpy(f.p, &bad, sizeof(bad));
	f.len = sizeof(bad);
	sf = job_submit(q, &f);
	fence = t_ok(accel_fence_export_sync_file(q, sf));
	s1 = job_fill(soft, sq, sb, 0, SIZE, 1, fence, &j1);
	s2 = job_fill(vx2, q2, vb, 0, SIZE, 1, fence, &j2);
	t_err(accel_wait(q, sf, 30 * SEC), EIO);
	t_info("a failed vaccel job's sync_file as an in-fence:");
	expect_dep_failed(sq, s1, sm);
	expect_dep_failed(q2, s2, vm);
	close(fence);
	job_free(&f);
	job_free(&j1);
	job_free(&j2);
	t_ok(accel_bo_free(sb));
	t_ok(accel_bo_free(vb));
	t_ok(accel_queue_destroy(sq));
	t_ok(accel_queue_destroy(q2));
	t_ok(accel_queue_destroy(q));
}

/* 2. a vgem fence (as a sync_file) held a vaccel job that shares no BO */
static void sync_file_in(struct accel_context *vx, struct accel_context *vg)
{
	struct accel_queue *q = t_ptr(accel_queue_create(vx, NULL));
	struct accel_bo *vgb, *b;
	uint32_t fid;
	struct job j;
	int dmabuf, fence;
	uint64_t s;
	void *m;

	vgb = t_ptr(accel_bo_alloc(vg, SIZE, 0));
	dmabuf = t_ok(accel_bo_export_dmabuf(vgb, O_RDWR | O_CLOEXEC));
	t_ok(vgemdv_fence_attach(vgb, VGEMDV_FENCE_WRITE, &fid));
	/* READ: the sync_file of the dma-buf's writers, vgem's fence */
	fence = dmabuf_sync_file(dmabuf, DMA_BUF_SYNC_READ);
	t_assert(!fd_ready(fence, POLLIN, 0));

	b = bo_new(vx, &m, SIZE);
	s = job_fill(vx, q, b, 0, SIZE, 0x1f1f2e2eu, fence, &j);
	usleep(HOLD_US);
	t_err(accel_wait(q, s, 0), ETIMEDOUT);
	t_assert(all_words(m, SIZE, 0));
	t_ok(vgemdv_fence_signal(vg, fid));
	t_ok(accel_wait(q, s, 30 * SEC));
	t_assert(all_words(m, SIZE, 0x1f1f2e2eu));
	t_info("a vgem fence's sync_file held a vaccel job");

	close(fence);
	close(dmabuf);
	job_free(&j);
	t_ok(accel_bo_free(b));
	t_ok(accel_bo_free(vgb));
	t_ok(accel_queue_destroy(q));
}

/* 3. implicit fences of a shared dma-buf, vaccel writing and vgem waiting */
static void implicit_to_vgem(struct accel_context *vx, struct accel_context *vg)
{
	struct accel_queue *q = t_ptr(accel_queue_create(vx, NULL));
	struct accel_bo *a, *va;
	void *am, *vam;
	int fd, dmabuf, fence;
	struct gate g;

	a = bo_new(vx, &am, SIZE);
	fd = t_ok(accel_bo_export_dmabuf(a, O_RDWR | O_CLOEXEC));
	va = t_ptr(accel_bo_import_dmabuf(vg, fd));
	close(fd);
	vam = t_ptr(accel_bo_map(va));
	/* vgem's export of its import is the same dma-buf, as a reader holds it */
	dmabuf = t_ok(accel_bo_export_dmabuf(va, O_RDWR | O_CLOEXEC));
	t_assert(fd_ready(dmabuf, POLLIN, 0));

	gate_open(vx, q, &g, a, 0xc0ffee00u);
	/* the job's write fence is in the reservation: readers wait */
	t_assert(!fd_ready(dmabuf, POLLIN, 0));
	fence = dmabuf_sync_file(dmabuf, DMA_BUF_SYNC_READ);
	usleep(HOLD_US);
	t_assert(!fd_ready(fence, POLLIN, 0) && !fd_ready(dmabuf, POLLIN, 0));
	t_assert(all_words(vam, SIZE, 0));

	__atomic_store_n(&g.w[0], 1, __ATOMIC_RELEASE);
	/* vgem's side wakes on its own, before anyone asks vaccel */
	if (!fd_ready(dmabuf, POLLIN, 30000))
		t_fail("vgem's dma-buf never became readable");
	t_assert(fd_ready(fence, POLLIN, 0));
	t_assert(all_words(vam, SIZE, 0xc0ffee00u));
	gate_release(q, &g);
	t_info("a vgem reader (poll, EXPORT_SYNC_FILE) waited for the vaccel writer");
	close(fence);
	close(dmabuf);
	t_ok(accel_bo_free(va));
	t_ok(accel_bo_free(a));
	t_ok(accel_queue_destroy(q));
}

/* 3. the other way: a vgem fence on a vgem BO holds a vaccel job writing it */
static void implicit_from_vgem(struct accel_context *vx, struct accel_context *vg)
{
	struct accel_queue *q = t_ptr(accel_queue_create(vx, NULL));
	struct accel_bo *vgb, *imp;
	uint32_t fid;
	struct job j;
	void *vm;
	uint64_t s;
	int fd;

	vgb = bo_new(vg, &vm, SIZE);
	fd = t_ok(accel_bo_export_dmabuf(vgb, O_RDWR | O_CLOEXEC));
	imp = t_ptr(accel_bo_import_dmabuf(vx, fd));
	close(fd);
	t_ok(vgemdv_fence_attach(vgb, 0, &fid));	/* a reader: blocks writers */
	s = job_fill(vx, q, imp, 0, SIZE, 0x0badf00du, -1, &j);
	usleep(HOLD_US);
	t_err(accel_wait(q, s, 0), ETIMEDOUT);
	t_assert(all_words(vm, SIZE, 0));
	t_ok(vgemdv_fence_signal(vg, fid));
	t_ok(accel_wait(q, s, 30 * SEC));
	t_assert(all_words(vm, SIZE, 0x0badf00du));
	t_info("a vgem read fence held a vaccel job writing the shared BO");
	job_free(&j);
	t_ok(accel_bo_free(imp));
	t_ok(accel_bo_free(vgb));
	t_ok(accel_queue_destroy(q));
}

/* 4. soft (udmabuf) <-> vaccel, byte for byte, jobs on both sides */
static void soft_sharing(struct accel_context *vx, struct accel_context *soft)
{
	struct accel_queue *q = t_ptr(accel_queue_create(vx, NULL));
	struct accel_queue *sq = t_ptr(accel_queue_create(soft, NULL));
	struct accel_bo *s, *vi, *v1, *s2, *v, *si, *s3, *v3;
	void *sm, *v1m, *s2m, *vm, *s3m, *v3m;
	struct job j;
	uint64_t seq;
	long bad;
	int fd;

	/* soft -> vaccel: vaccel reads soft's bytes and writes into them */
	s = bo_new(soft, &sm, SIZE);
	t_pattern_fill(sm, SIZE, 31);
	fd = t_ok(accel_bo_export_dmabuf(s, O_RDWR | O_CLOEXEC));
	vi = t_ptr(accel_bo_import_dmabuf(vx, fd));
	close(fd);
	v1 = bo_new(vx, &v1m, SIZE);
	job_copy(vx, q, v1, vi, SIZE);
	bad = t_pattern_check(v1m, SIZE, 31);
	if (bad >= 0)
		t_fail("vaccel's copy of a soft BO differs at byte %ld", bad);
	seq = job_fill(vx, q, vi, SIZE / 2, SIZE / 2, 0x5eed5eedu, -1, &j);
	t_ok(accel_wait(q, seq, 30 * SEC));
	job_free(&j);
	t_assert(t_pattern_check(sm, SIZE / 2, 31) < 0);
	t_assert(all_words((uint8_t *)sm + SIZE / 2, SIZE / 2, 0x5eed5eedu));
	/* and soft's own job sees vaccel's write */
	s2 = bo_new(soft, &s2m, SIZE);
	job_copy(soft, sq, s2, s, SIZE);
	t_assert(!memcmp(s2m, sm, SIZE));
	t_info("soft -> vaccel through udmabuf: read and written by vaccel, seen by soft");

	/* vaccel -> soft: soft reads vaccel's bytes and writes into them */
	v = bo_new(vx, &vm, SIZE);
	t_pattern_fill(vm, SIZE, 37);
	fd = t_ok(accel_bo_export_dmabuf(v, O_RDWR | O_CLOEXEC));
	si = t_ptr(accel_bo_import_dmabuf(soft, fd));
	close(fd);
	s3 = bo_new(soft, &s3m, SIZE);
	job_copy(soft, sq, s3, si, SIZE);
	bad = t_pattern_check(s3m, SIZE, 37);
	if (bad >= 0)
		t_fail("soft's copy of a vaccel BO differs at byte %ld", bad);
	seq = job_fill(soft, sq, si, 0, SIZE / 2, 0xa11ce5edu, -1, &j);
	t_ok(accel_wait(sq, seq, 30 * SEC));
	job_free(&j);
	t_assert(all_words(vm, SIZE / 2, 0xa11ce5edu));
	v3 = bo_new(vx, &v3m, SIZE);
	job_copy(vx, q, v3, v, SIZE);
	t_assert(all_words(v3m, SIZE / 2, 0xa11ce5edu));
	t_assert(!memcmp((uint8_t *)v3m + SIZE / 2, (uint8_t *)vm + SIZE / 2, SIZE / 2));
	t_info("vaccel -> soft: read and written by soft, seen by vaccel's job");

	t_ok(accel_bo_free(v3));
	t_ok(accel_bo_free(s3));
	t_ok(accel_bo_free(si));
	t_ok(accel_bo_free(v));
	t_ok(accel_bo_free(s2));
	t_ok(accel_bo_free(v1));
	t_ok(accel_bo_free(vi));
	t_ok(accel_bo_free(s));
	t_ok(accel_queue_destroy(sq));
	t_ok(accel_queue_destroy(q));
}

int main(int argc, char **argv)
{
	struct accel_context *vx, *vx2, *soft, *vg;

	t_require_vm();
	t_require_node("/dev/udmabuf", "soft's dma-buf export");
	vx_load(argc > 1 ? argv[1] : NULL, "devices=1 engines=2");
	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	setenv("ACCEL_SOFT_MEMORY", "memfd", 1);	/* udmabuf exports */
	vx = t_open_provider("vaccel");
	vx2 = t_open_provider("vaccel");
	soft = t_open_provider("soft");
	vg = t_open_provider("vgem");

	sync_file_out(vx, vx2, soft);
	sync_file_out_failed(vx, vx2, soft);
	sync_file_in(vx, vg);
	implicit_to_vgem(vx, vg);
	implicit_from_vgem(vx, vg);
	soft_sharing(vx, soft);

	t_ok(accel_close_device(vg));
	t_ok(accel_close_device(soft));
	t_ok(accel_close_device(vx2));
	t_ok(accel_close_device(vx));
	t_assert(!system("rmmod vaccel"));
	t_info("vaccel with vgem and soft: ok");
	return T_PASS;
}
