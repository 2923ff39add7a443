// SPDX-License-Identifier: MIT
/*
 * Description: libaccel's generic API on the real vaccel module, through
 * the vaccel provider: enumeration of two vaccel devices (accel class,
 * platform bus ids), query, BO alloc/map with device addresses, COPY,
 * FILL and WRITE_VALUE jobs checked byte for byte, the status of failed
 * jobs (-EIO with the device's -EINVAL / -EFAULT and a reason), a hung
 * job (-ETIMEDOUT at the caller's deadline, then -EIO with -ETIME once
 * the scheduler's timeout stops it), wait points across queues, contexts
 * and devices held back in the kernel (no shared BO), a wait point on
 * soft (waited for on the CPU), sync_file export and in-fences, dma-buf
 * export to vgem and import from vgem, usage (sysfs busy time, GET_PARAM
 * memory, the process's fdinfo), and hot-unplug under an open context.
 * Usage: vm_vaccel_api VACCEL_KO
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <accel/softdv.h>

#include "vaccel_util.h"
#include "vm_job.h"

#define SEC 1000000000ll
#define SIZE 65536u
/*
 * The scheduler's job timeout: long enough that a gate job (held by the
 * CPU for 200 ms while others are submitted) never hits it, even under
 * valgrind or a loaded TCG host; the hung job costs this much once.
 */
#define TIMEOUT_MS 1500
#define STR(x) #x
#define XSTR(x) STR(x)

static void wait_ok(struct accel_queue *q, uint64_t seqno)
{
	int ret = accel_wait(q, seqno, 30 * SEC);

	if (ret)
		t_fail("accel_wait(%llu) = %d: %s", (unsigned long long)seqno, ret,
		       accel_last_error());
}

static struct accel_bo *bo_new(struct accel_context *ctx, void **map)
{
	struct accel_bo *bo = t_ptr(accel_bo_alloc(ctx, SIZE, ACCEL_BO_HOST_VISIBLE));

	*map = t_ptr(accel_bo_map(bo));
	return bo;
}

static struct accel_queue *queue_on(struct accel_context *ctx, uint32_t engine)
{
	struct accel_queue_attr a = {
		.comp_mask = ACCEL_QUEUE_ATTR_INSTANCE, .instance = engine,
	};

	return t_ptr(accel_queue_create(ctx, &a));
}

/* the two devices of devices=2, in instance order */
static void enumerate(struct accel_device **list, int n, struct accel_device *dev[2])
{
	struct accel_device_info info;
	int i, found = 0;

	for (i = 0; i < n; i++) {
		if (strcmp(accel_device_driver(list[i]), "vaccel"))
			continue;
		t_assert(found < 2);
		t_assert(!strcmp(accel_device_provider(list[i]), "vaccel"));
		t_assert(!strncmp(accel_device_node(list[i]), "/dev/accel/accel", 16));
		t_ok(accel_device_get_info(list[i], &info, sizeof(info)));
		t_assert(!strcmp(info.modalias, "platform:vaccel"));
		t_info("%s: %s, bus id %s", accel_device_name(list[i]),
		       accel_device_node(list[i]), accel_device_bus_id(list[i]));
		dev[found++] = list[i];
	}
	if (found != 2)
		t_fail("%d vaccel devices listed, expected 2", found);
	/* the platform devices vaccel.0 and vaccel.1, in either list order */
	if (!strcmp(accel_device_bus_id(dev[0]), "vaccel.1")) {
		struct accel_device *d = dev[0];

		dev[0] = dev[1];
		dev[1] = d;
	}
	t_assert(!strcmp(accel_device_bus_id(dev[0]), "vaccel.0"));
	t_assert(!strcmp(accel_device_bus_id(dev[1]), "vaccel.1"));
}

static void query(struct accel_context *ctx)
{
	uint32_t want = ACCEL_CAP_SUBMIT | ACCEL_CAP_HOST_MAP | ACCEL_CAP_DMABUF_EXPORT |
			ACCEL_CAP_DMABUF_IMPORT | ACCEL_CAP_FENCE_EXPORT |
			ACCEL_CAP_FENCE_IMPORT | ACCEL_CAP_DEPS_ASYNC;
	struct accel_device_attr a;
	struct accel_engine_info e;
	struct accel_mem_domain d;

	t_ok(accel_query_device(ctx, &a, sizeof(a)));
	if ((a.caps & want) != want || (a.caps & ACCEL_CAP_CPU_PREP))
		t_fail("caps 0x%x, expected 0x%x without CPU_PREP", a.caps, want);
	t_assert(!strcmp(a.driver, "vaccel") && a.driver_version_major == 1);
	t_assert(a.num_engines == 1 && a.num_mem_domains == 1);
	t_assert(a.mem_total > 0 && a.max_bo_size > 0);
	t_assert(accel_query_engines(ctx, &e, 1, sizeof(e)) == 1);
	t_assert(e.count == 2 && (e.flags & ACCEL_ENGINE_IN_ORDER));
	t_assert(accel_query_mem_domains(ctx, &d, 1, sizeof(d)) == 1);
	t_assert(d.flags & ACCEL_DOMAIN_COHERENT);
	t_info("%s, %s: %u engines, %llu MiB of BO memory", a.card_name,
	       a.fw_version, e.count, (unsigned long long)(a.mem_total >> 20));
}

/* FILL, COPY and WRITE_VALUE on engine 0, every byte checked */
static void run_commands(struct accel_context *ctx, struct accel_queue *q)
{
	uint32_t *a, *b;
	struct accel_bo *src = bo_new(ctx, (void **)&a), *dst = bo_new(ctx, (void **)&b);
	uint64_t sa = accel_bo_device_addr(src), da = accel_bo_device_addr(dst), seq;
	struct job j;
	uint32_t i;

	t_assert(sa >= DRM_VACCEL_DEVICE_ADDR_BASE && da >= DRM_VACCEL_DEVICE_ADDR_BASE);
	t_assert(sa + SIZE <= da || da + SIZE <= sa);
	t_pattern_fill(a, SIZE, 7);
	memset(b, 0, SIZE);

	job_init(ctx, &j);
	job_ref(&j, src, ACCEL_ACCESS_READ);
	job_ref(&j, dst, ACCEL_ACCESS_WRITE);
	emit(&j, softdv_emit_copy, da, sa, SIZE / 2);
	emit(&j, softdv_emit_fill, da + SIZE / 2, SIZE / 2 - 8, 0xa5a5f00du);
	emit(&j, softdv_emit_write_value, da + SIZE - 8, 0x1122334455667788ull);
	seq = job_submit(q, &j);
	wait_ok(q, seq);
	t_ok(accel_bo_cpu_prep(dst, ACCEL_ACCESS_READ, 0));
	t_assert(!memcmp(a, b, SIZE / 2));
	for (i = SIZE / 8; i < SIZE / 4 - 2; i++)
		if (b[i] != 0xa5a5f00du)
			t_fail("word %u is 0x%08x after FILL", i, b[i]);
	t_assert(*(uint64_t *)(b + SIZE / 4 - 2) == 0x1122334455667788ull);
	job_free(&j);
	t_ok(accel_bo_free(src));
	t_ok(accel_bo_free(dst));
}

/* a failed job: -EIO, then its status names the device's error */
static void expect_failure(struct accel_queue *q, uint64_t seq, int device_error)
{
	struct accel_job_status st;

	t_err(accel_wait(q, seq, 30 * SEC), EIO);
	t_ok(accel_job_status(q, seq, &st, sizeof(st)));
	if (st.state != ACCEL_JOB_FAILED || st.error != -EIO ||
	    st.device_error != device_error || !st.reason[0])
		t_fail("status %u error %d device_error %d (%s), expected FAILED -EIO %d",
		       st.state, st.error, st.device_error, st.reason, device_error);
	t_info("seqno %llu failed as expected: %s", (unsigned long long)seq, st.reason);
}

static void failed_jobs(struct accel_context *ctx, struct accel_queue *q)
{
	const struct softdv_cmd_header bad = { 0x77, 8, 0 };	/* no such opcode */
	struct accel_bo *ro;
	struct job j;
	void *m;

	/* a stream that breaks the format */
	job_init(ctx, &j);
	memcpy(j.p, &bad, sizeof(bad));
	j.len = sizeof(bad);
	expect_failure(q, job_submit(q, &j), -EINVAL);
	job_free(&j);

	/* a write to a BO the job may only read */
	ro = bo_new(ctx, &m);
	job_init(ctx, &j);
	job_ref(&j, ro, ACCEL_ACCESS_READ);
	emit(&j, softdv_emit_write_value, accel_bo_device_addr(ro), 1);
	expect_failure(q, job_submit(q, &j), -EFAULT);
	job_free(&j);
	t_ok(accel_bo_free(ro));
}

/* a WAIT_VALUE that is never satisfied, on engine 1 */
static void hung_job(struct accel_context *ctx, struct accel_queue *q1)
{
	struct accel_bo *word;
	int64_t t0, ms;
	uint64_t seq;
	struct job j;
	void *m;

	word = bo_new(ctx, &m);
	job_init(ctx, &j);
	job_ref(&j, word, ACCEL_ACCESS_READ);
	emit(&j, softdv_emit_wait_value, accel_bo_device_addr(word), 1, ~0ull,
	     SOFTDV_WAIT_EQ, 0);
	t0 = vx_deadline(0);
	seq = job_submit(q1, &j);
	t_err(accel_wait(q1, seq, 100000000), ETIMEDOUT);
	expect_failure(q1, seq, -ETIME);
	ms = (vx_deadline(0) - t0) / 1000000;
	t_assert(ms >= TIMEOUT_MS);
	t_info("hung job stopped by the scheduler after %lld ms", (long long)ms);
	job_free(&j);
	t_ok(accel_bo_free(word));
}

/*
 * A gate job: WAIT_VALUE on a word the CPU writes, then a TIMESTAMP.
 * Jobs that wait on it share no BO with it, so only the wait point (in
 * the kernel, an in-syncobj) holds them back.
 */
struct gate {
	struct accel_bo *word, *ts;
	uint64_t *w, *t;
	struct job j;
	uint64_t seq;
};

static void gate_open(struct accel_context *ctx, struct accel_queue *q, struct gate *g)
{
	g->word = bo_new(ctx, (void **)&g->w);
	g->ts = bo_new(ctx, (void **)&g->t);
	g->w[0] = 0;
	job_init(ctx, &g->j);
	job_ref(&g->j, g->word, ACCEL_ACCESS_READ);
	job_ref(&g->j, g->ts, ACCEL_ACCESS_WRITE);
	emit(&g->j, softdv_emit_wait_value, accel_bo_device_addr(g->word), 1, ~0ull,
	     SOFTDV_WAIT_EQ, 20 * SEC);
	emit(&g->j, softdv_emit_timestamp, accel_bo_device_addr(g->ts));
	g->seq = job_submit(q, &g->j);
}

static void gate_release(struct gate *g)
{
	__atomic_store_n(&g->w[0], 1, __ATOMIC_RELEASE);
}

static void gate_free(struct gate *g)
{
	job_free(&g->j);
	t_ok(accel_bo_free(g->word));
	t_ok(accel_bo_free(g->ts));
}

/* a TIMESTAMP job on q into a BO of its own, waiting on (wq, wseq) */
static uint64_t stamp(struct accel_context *ctx, struct accel_queue *q, struct job *j,
		      struct accel_bo **out, uint64_t **t, struct accel_queue *wq,
		      uint64_t wseq, int in_fd)
{
	*out = bo_new(ctx, (void **)t);
	job_init(ctx, j);
	job_ref(j, *out, ACCEL_ACCESS_WRITE);
	emit(j, softdv_emit_timestamp, accel_bo_device_addr(*out));
	if (wq)
		job_wait_on(j, wq, wseq);
	j->in_fd = in_fd;
	return job_submit(q, j);
}

static void cross_queue(struct accel_context *ctx, struct accel_context *ctx2,
			struct accel_queue *q0, struct accel_queue *q1)
{
	struct accel_queue *r = queue_on(ctx2, 0);
	struct accel_bo *b1, *b2, *b3;
	uint64_t *t1, *t2, *t3, s1, s2, s3;
	struct job j1, j2, j3;
	struct pollfd pfd;
	struct gate g;
	int fence;

	gate_open(ctx, q0, &g);
	/* a sync_file of the pending gate job */
	fence = t_ok(accel_fence_export_sync_file(q0, g.seq));
	/* same context, other engine: (syncobj, point) */
	s1 = stamp(ctx, q1, &j1, &b1, &t1, q0, g.seq, -1);
	/* another device's context: the point's sync_file, in the kernel */
	s2 = stamp(ctx2, r, &j2, &b2, &t2, q0, g.seq, -1);
	/* an in-fence */
	s3 = stamp(ctx, q1, &j3, &b3, &t3, NULL, 0, fence);

	usleep(200000);
	t_err(accel_wait(q1, s1, 0), ETIMEDOUT);
	t_err(accel_wait(r, s2, 0), ETIMEDOUT);
	t_err(accel_wait(q1, s3, 0), ETIMEDOUT);
	pfd = (struct pollfd){ .fd = fence, .events = POLLIN };
	t_assert(poll(&pfd, 1, 0) == 0);

	gate_release(&g);
	wait_ok(q1, s1);
	wait_ok(r, s2);
	wait_ok(q1, s3);
	wait_ok(q0, g.seq);
	t_assert(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN));
	/* the waiters ran after the gate's TIMESTAMP */
	t_assert(g.t[0] && t1[0] >= g.t[0] && t2[0] >= g.t[0] && t3[0] >= g.t[0]);
	close(fence);

	/* a retired job's sync_file is signalled */
	fence = t_ok(accel_fence_export_sync_file(q0, g.seq));
	pfd = (struct pollfd){ .fd = fence, .events = POLLIN };
	t_assert(poll(&pfd, 1, 0) == 1);
	close(fence);
	t_info("wait points (same context, other device) and an in-fence held jobs back in the kernel");

	job_free(&j1);
	job_free(&j2);
	job_free(&j3);
	t_ok(accel_bo_free(b1));
	t_ok(accel_bo_free(b2));
	t_ok(accel_bo_free(b3));
	gate_free(&g);
	t_ok(accel_queue_destroy(r));
}

static void *release_later(void *arg)
{
	usleep(200000);
	gate_release(arg);
	return NULL;
}

/*
 * A wait point on a soft queue: soft makes no sync_file, so the provider
 * waits on the CPU in accel_submit() (here until a thread opens soft's
 * gate), and the vaccel job still runs after the soft one.
 */
static void soft_wait_point(struct accel_context *ctx, struct accel_queue *q)
{
	struct accel_context *soft = t_open_provider("soft");
	struct accel_queue *sq = t_ptr(accel_queue_create(soft, NULL));
	struct accel_bo *b;
	pthread_t thread;
	struct gate g;
	struct job j;
	uint64_t *t, s;

	gate_open(soft, sq, &g);
	t_assert(!pthread_create(&thread, NULL, release_later, &g));
	s = stamp(ctx, q, &j, &b, &t, sq, g.seq, -1);
	pthread_join(thread, NULL);
	wait_ok(q, s);
	wait_ok(sq, g.seq);
	t_assert(g.t[0] && t[0] >= g.t[0]);
	t_info("a wait point on a soft queue was waited for on the CPU");
	job_free(&j);
	t_ok(accel_bo_free(b));
	gate_free(&g);
	t_ok(accel_queue_destroy(sq));
	t_ok(accel_close_device(soft));
}

/* vaccel -> vgem by dma-buf, and vgem -> vaccel, where a job copies it */
static void dmabuf_vgem(struct accel_context *ctx, struct accel_queue *q)
{
	struct accel_context *vg;
	struct accel_bo *a, *va, *vb, *b, *dst;
	void *am, *vam, *vbm, *bm, *dm;
	uint64_t seq;
	struct job j;
	int fd;

	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	vg = t_open_provider("vgem");

	a = bo_new(ctx, &am);
	t_pattern_fill(am, SIZE, 11);
	fd = t_ok(accel_bo_export_dmabuf(a, O_RDWR | O_CLOEXEC));
	va = t_ptr(accel_bo_import_dmabuf(vg, fd));
	close(fd);
	vam = t_ptr(accel_bo_map(va));
	t_assert(t_pattern_check(vam, SIZE, 11) < 0);

	vb = t_ptr(accel_bo_alloc(vg, SIZE, ACCEL_BO_HOST_VISIBLE));
	vbm = t_ptr(accel_bo_map(vb));
	t_pattern_fill(vbm, SIZE, 13);
	fd = t_ok(accel_bo_export_dmabuf(vb, O_RDWR | O_CLOEXEC));
	b = t_ptr(accel_bo_import_dmabuf(ctx, fd));
	close(fd);
	t_assert(accel_bo_size(b) == SIZE && accel_bo_device_addr(b));
	bm = t_ptr(accel_bo_map(b));
	t_assert(t_pattern_check(bm, SIZE, 13) < 0);

	dst = bo_new(ctx, &dm);
	memset(dm, 0, SIZE);
	job_init(ctx, &j);
	job_ref(&j, b, ACCEL_ACCESS_READ);
	job_ref(&j, dst, ACCEL_ACCESS_WRITE);
	emit(&j, softdv_emit_copy, accel_bo_device_addr(dst), accel_bo_device_addr(b), SIZE);
	seq = job_submit(q, &j);
	wait_ok(q, seq);
	t_assert(t_pattern_check(dm, SIZE, 13) < 0);
	t_info("dma-bufs vaccel -> vgem and vgem -> vaccel (copied by a job), byte for byte");

	job_free(&j);
	t_ok(accel_bo_free(dst));
	t_ok(accel_bo_free(b));
	t_ok(accel_bo_free(vb));
	t_ok(accel_bo_free(va));
	t_ok(accel_bo_free(a));
	t_ok(accel_close_device(vg));
}

/*
 * Hot-unplug of vaccel.1 under an open context with a job running: the
 * job completes as lost (-ENOTRECOVERABLE, the device's -ENODEV), the
 * context takes no more work, its mappings stay, and it closes cleanly.
 */
static void unplugged(struct accel_context *ctx2)
{
	struct accel_queue *r = queue_on(ctx2, 0);
	struct accel_job_status st;
	struct job j;
	struct gate g;
	FILE *f;

	gate_open(ctx2, r, &g);
	job_init(ctx2, &j);
	emit(&j, softdv_emit_nop);
	j.s.cmd_size = j.len;
	f = fopen("/sys/devices/platform/vaccel.1/unplug", "w");
	t_assert(f && fputs("1\n", f) >= 0 && !fclose(f));

	t_err(accel_wait(r, g.seq, 30 * SEC), ENOTRECOVERABLE);
	t_ok(accel_job_status(r, g.seq, &st, sizeof(st)));
	t_assert(st.state == ACCEL_JOB_FAILED && st.device_error == -ENODEV && st.reason[0]);
	t_err(accel_submit(r, &j.s, NULL), ENOTRECOVERABLE);
	t_null(accel_bo_alloc(ctx2, SIZE, ACCEL_BO_HOST_VISIBLE), ENODEV);
	g.w[0] = 1;	/* the mapping outlives the device */
	t_info("unplugged with a job running: %s", st.reason);
	job_free(&j);
	gate_free(&g);
	t_ok(accel_queue_destroy(r));
}

static void usage(struct accel_device **list, struct accel_device *dev,
		  uint64_t busy_before)
{
	struct accel_client_usage c[16];
	struct accel_usage u;
	int i, n, found = 0;

	t_ok(accel_device_usage(dev, &u, sizeof(u)));
	t_assert(u.present & ACCEL_USAGE_BUSY_TIME);
	t_assert(u.present & ACCEL_USAGE_MEM_USED && u.present & ACCEL_USAGE_MEM_TOTAL);
	/* the hung job alone kept an engine busy until the scheduler's timeout */
	if (u.busy_ns < busy_before + TIMEOUT_MS * 1000000ull / 2)
		t_fail("busy %llu ns, %llu before the jobs", (unsigned long long)u.busy_ns,
		       (unsigned long long)busy_before);
	t_assert(u.mem_used > 0 && u.mem_used <= u.mem_total);
	n = accel_process_usage(list, getpid(), c, 16, sizeof(c[0]));
	t_assert(n > 0);
	for (i = 0; i < n && i < 16; i++) {
		if (c[i].dev != dev)
			continue;
		found++;
		t_assert(c[i].present & ACCEL_CLIENT_ENGINE_TIME && c[i].engine_ns > 0);
		t_assert(c[i].present & ACCEL_CLIENT_MEM_TOTAL && c[i].mem_total >= SIZE);
		t_info("client %s fd %d: %u engines, %llu ns busy, %llu bytes",
		       c[i].driver, c[i].fd, c[i].num_engines,
		       (unsigned long long)c[i].engine_ns,
		       (unsigned long long)c[i].mem_total);
	}
	t_assert(found >= 1);
	t_info("usage: busy %llu ms, memory %llu of %llu bytes",
	       (unsigned long long)(u.busy_ns / 1000000), (unsigned long long)u.mem_used,
	       (unsigned long long)u.mem_total);
}

int main(int argc, char **argv)
{
	struct accel_context *ctx, *ctx2;
	struct accel_device **list, *dev[2];
	struct accel_queue *q0, *q1;
	struct accel_usage u0;
	struct accel_bo *keep;
	void *km;
	int n;

	t_require_vm();
	vx_load(argc > 1 ? argv[1] : NULL, "devices=2 engines=2 job_timeout_ms=" XSTR(TIMEOUT_MS));
	list = accel_get_device_list(&n);
	if (!list)
		t_fail("accel_get_device_list: %s", strerror(errno));
	enumerate(list, n, dev);
	t_ok(accel_device_usage(dev[0], &u0, sizeof(u0)));

	ctx = t_ptr(accel_open_device(dev[0]));
	ctx2 = t_ptr(accel_open_device(dev[1]));
	query(ctx);
	q0 = queue_on(ctx, 0);
	q1 = queue_on(ctx, 1);

	run_commands(ctx, q0);
	failed_jobs(ctx, q0);
	hung_job(ctx, q1);
	run_commands(ctx, q1);	/* the engine goes on after the hang */
	cross_queue(ctx, ctx2, q0, q1);
	soft_wait_point(ctx, q1);
	dmabuf_vgem(ctx, q0);

	keep = bo_new(ctx, &km);	/* memory the client holds */
	usage(list, dev[0], u0.busy_ns);
	t_ok(accel_bo_free(keep));

	t_ok(accel_queue_destroy(q0));
	t_ok(accel_queue_destroy(q1));
	unplugged(ctx2);
	t_ok(accel_close_device(ctx2));
	t_ok(accel_close_device(ctx));
	accel_free_device_list(list);
	t_info("vaccel generic API: ok");
	return T_PASS;
}
