// SPDX-License-Identifier: MIT
/*
 * Description: vaccel's hang handling on the real kernel, raw ioctls. A
 * WAIT_VALUE that never becomes true (timeout_ns 0) is stopped by the DRM
 * scheduler's timeout handler after job_timeout_ms: the job fails with
 * -ETIME (BO_WAIT's job_status, the out syncobj's fence), the other
 * engine goes on meanwhile, and the hung engine runs the next job. A
 * WAIT_VALUE's own timeout_ns fails its job with -ETIME too. A file
 * closed with a hung job queued goes away cleanly.
 * Usage: vm_vaccel_hang VACCEL_KO
 */
#include <unistd.h>

#include "vaccel_util.h"

#define SEC 1000000000ll
#define TIMEOUT_MS 400

static void check_hang(int fd)
{
	uint32_t word = vx_bo_create(fd, 4096), other = vx_bo_create(fd, 4096);
	uint64_t wa = vx_addr(fd, word), oa = vx_addr(fd, other);
	uint64_t *om = vx_mmap(fd, other, 4096);
	struct vx_submit s0 = {
		.bos = { { word, DRM_VACCEL_BO_READ | DRM_VACCEL_BO_EXPLICIT } },
		.bo_count = 1, .out_count = 1,
	};
	struct vx_submit s1 = {
		.engine = 1,
		.bos = { { other, DRM_VACCEL_BO_WRITE } }, .bo_count = 1,
	};
	struct vx_cmd hang, quick;
	int64_t t0, t1;
	int32_t status = 0;
	uint32_t syncobj;

	t_ok(drmSyncobjCreate(fd, 0, &syncobj));
	s0.out[0].handle = syncobj;
	vx_cmd_init(fd, &hang, 4096);
	vx_cmd_init(fd, &quick, 4096);
	vx_emit(&hang, softdv_emit_wait_value, wa, 1, ~0ull, SOFTDV_WAIT_EQ, 0);
	vx_emit(&quick, softdv_emit_write_value, oa, 99);

	t0 = vx_deadline(0);
	t_ok(vx_submit(fd, &hang, &s0));
	t_ok(vx_submit(fd, &quick, &s1));	/* the other engine */
	t_ok(vx_bo_wait(fd, other, 10 * SEC, &status));
	t_assert(status == 0 && om[0] == 99);
	t_assert(vx_point_status(fd, syncobj, 0, 0) == 0);	/* still hung */

	t_ok(vx_bo_wait(fd, word, 30 * SEC, &status));
	t1 = vx_deadline(0);
	if (status != -ETIME)
		t_fail("hung job: status %d, expected -ETIME", status);
	t_assert(vx_point_status(fd, syncobj, 0, SEC) == -ETIME);
	t_assert(t1 - t0 >= TIMEOUT_MS * 1000000ll);
	t_info("hung WAIT_VALUE stopped by the scheduler's timeout after %lld ms",
	       (long long)(t1 - t0) / 1000000);

	/* the engine runs the next job */
	s1.engine = 0;
	om[0] = 0;
	t_ok(vx_submit(fd, &quick, &s1));
	t_ok(vx_bo_wait(fd, other, 10 * SEC, &status));
	t_assert(status == 0 && om[0] == 99);

	/* WAIT_VALUE's own timeout: 50 ms */
	hang.len = 0;
	vx_emit(&hang, softdv_emit_wait_value, wa, 1, ~0ull, SOFTDV_WAIT_EQ,
		50000000);
	t0 = vx_deadline(0);
	t_ok(vx_submit(fd, &hang, &s0));
	t_ok(vx_bo_wait(fd, word, 30 * SEC, &status));
	t_assert(status == -ETIME);
	t_assert(vx_deadline(0) - t0 >= 50000000);
	t_info("WAIT_VALUE timeout_ns: -ETIME");
	t_ok(drmSyncobjDestroy(fd, syncobj));
}

/* a file closed with a hung job running and one queued behind it */
static void check_close_hung(void)
{
	int fd = vx_open(0);
	uint32_t word = vx_bo_create(fd, 4096);
	struct vx_submit s = {
		.bos = { { word, DRM_VACCEL_BO_READ | DRM_VACCEL_BO_EXPLICIT } },
		.bo_count = 1,
	};
	struct vx_cmd hang;

	vx_cmd_init(fd, &hang, 4096);
	vx_emit(&hang, softdv_emit_wait_value, vx_addr(fd, word), 1, ~0ull,
		SOFTDV_WAIT_EQ, 0);
	t_ok(vx_submit(fd, &hang, &s));
	t_ok(vx_submit(fd, &hang, &s));
	vx_unmap_all();
	close(fd);
	t_info("closed a file with hung jobs");
}

int main(int argc, char **argv)
{
	int fd, i;

	t_require_vm();
	vx_load(argc > 1 ? argv[1] : NULL, "engines=2 job_timeout_ms=400");
	fd = vx_open(0);
	check_hang(fd);
	vx_unmap_all();
	close(fd);
	check_close_hung();
	/* the module unloads once those jobs are gone (timeouts) */
	for (i = 0; i < 100 && t_delete_module("vaccel"); i++)
		usleep(100000);
	t_assert(!t_module_loaded("vaccel"));
	t_info("vaccel_hang: ok");
	return T_PASS;
}
