// SPDX-License-Identifier: MIT
/*
 * Description: vaccel's usage reports on the real kernel: fdinfo's
 * drm-driver, drm-client-id, memory keys (drm-total-memory,
 * drm-resident-memory) and drm-engine-engineN busy time of the file's
 * own jobs (Documentation/gpu/drm-usage-stats.rst), the device's sysfs
 * busy_time_us and GET_PARAM BUSY_TIME_NS, which grow by a busy job's time.
 * Usage: vm_vaccel_usage VACCEL_KO
 */
#include <fcntl.h>
#include <inttypes.h>
#include <unistd.h>

#include "vaccel_util.h"

#define SEC 1000000000ll

/*
 * The value of key in fd's fdinfo as an integer, a KiB or MiB unit
 * applied (drm_print_memory_stats); -1 when absent.
 */
static long long fdinfo_value(int fd, const char *key)
{
	char path[64], line[256], *end;
	long long v = -1;
	size_t n = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	t_assert(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':') {
			v = strtoll(line + n + 1, &end, 10);
			if (!strncmp(end, " KiB", 4))
				v <<= 10;
			else if (!strncmp(end, " MiB", 4))
				v <<= 20;
			break;
		}
	fclose(f);
	return v;
}

static bool fdinfo_has(int fd, const char *text)
{
	char path[64], line[256];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	t_assert(f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, text))
			found = true;
	fclose(f);
	return found;
}

static long long busy_time_us(void)
{
	FILE *f = fopen("/sys/devices/platform/vaccel.0/busy_time_us", "r");
	long long v = -1;

	t_assert(f);
	t_assert(fscanf(f, "%lld", &v) == 1);
	fclose(f);
	return v;
}

int main(int argc, char **argv)
{
	int fd, fd2;
	uint32_t word, bo;
	long long us0, us1, e0, mem;
	uint64_t ns0, ns1;
	struct vx_submit s = { .bo_count = 1 };
	struct vx_cmd c;
	int32_t status;

	t_require_vm();
	vx_load(argc > 1 ? argv[1] : NULL, "engines=2");
	fd = vx_open(0);
	fd2 = vx_open(0);
	t_assert(fdinfo_has(fd, "drm-driver:\tvaccel"));
	t_assert(fdinfo_value(fd, "drm-client-id") >= 0);
	t_assert(fdinfo_value(fd, "drm-client-id") != fdinfo_value(fd2, "drm-client-id"));
	t_assert(fdinfo_value(fd, "drm-engine-engine0") == 0);
	t_assert(fdinfo_value(fd, "drm-engine-engine1") == 0);
	mem = fdinfo_value(fd, "drm-total-memory");
	t_assert(mem == 0);

	bo = vx_bo_create(fd, 1 << 20);
	t_assert(fdinfo_value(fd, "drm-total-memory") == 1 << 20);
	t_assert(fdinfo_value(fd, "drm-resident-memory") == 0);	/* no pages */
	word = vx_bo_create(fd, 4096);
	vx_cmd_init(fd, &c, 4096);
	/* busy for 100 ms: a WAIT_VALUE that times out by itself */
	vx_emit(&c, softdv_emit_fill, vx_addr(fd, bo), 1 << 20, 1);
	vx_emit(&c, softdv_emit_wait_value, vx_addr(fd, word), 1, ~0ull,
		SOFTDV_WAIT_EQ, 100000000);
	s.bos[0] = (struct drm_vaccel_submit_bo){ bo, DRM_VACCEL_BO_WRITE };
	s.bos[1] = (struct drm_vaccel_submit_bo){ word, DRM_VACCEL_BO_READ };
	s.bo_count = 2;

	us0 = busy_time_us();
	ns0 = vx_param(fd, DRM_VACCEL_PARAM_BUSY_TIME_NS);
	t_ok(vx_submit(fd, &c, &s));
	t_ok(vx_bo_wait(fd, bo, 10 * SEC, &status));
	t_assert(status == -ETIME);
	us1 = busy_time_us();
	ns1 = vx_param(fd, DRM_VACCEL_PARAM_BUSY_TIME_NS);
	t_info("busy_time_us %lld -> %lld, BUSY_TIME_NS %" PRIu64 " -> %" PRIu64,
	       us0, us1, ns0, ns1);
	t_assert(us1 - us0 >= 100000);
	t_assert(ns1 - ns0 >= 100000000ull);

	e0 = fdinfo_value(fd, "drm-engine-engine0");
	t_info("fdinfo drm-engine-engine0: %lld ns", e0);
	t_assert(e0 >= 100000000);
	t_assert(fdinfo_value(fd, "drm-engine-engine1") == 0);
	t_assert(fdinfo_value(fd2, "drm-engine-engine0") == 0);	/* per file */
	/* the job's pages were let go with its vmap; a mapping holds them */
	vx_mmap(fd, bo, 1 << 20);
	t_assert(fdinfo_value(fd, "drm-resident-memory") >= 1 << 20);
	t_assert(fdinfo_value(fd, "drm-total-memory") == (1 << 20) + 8192);
	t_assert(fdinfo_value(fd2, "drm-total-memory") == 0);

	vx_unmap_all();
	close(fd2);
	close(fd);
	if (t_rmmod("vaccel"))
		t_fail("rmmod vaccel");
	t_info("vaccel_usage: ok");
	return T_PASS;
}
