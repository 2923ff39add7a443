// SPDX-License-Identifier: MIT
/*
 * accel_describe_device_props() on the emulated Gaudi2: every decoded value
 * is compared with what the emulated card was made to report (its fixed
 * sensors, injected errors, throttling and events, a dropped CS) or with
 * the typed hldv call of the same opcode; the groups come together; the
 * control node answers while the compute node is held; in reset the
 * firmware's sensors are left out.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <accel/hldv.h>
#include <uapi/drm/habanalabs_accel.h>

#include "accel_shim_hl.h"
#include "shim_test.h"

#define MAX_PROPS 512

struct props {
	int n;
	int stop_at;
	char key[MAX_PROPS][80];	/* group.key */
	char val[MAX_PROPS][128];
	char unit[MAX_PROPS][8];
};

static int collect(const struct accel_prop *p, void *arg)
{
	struct props *s = arg;

	if (s->n >= MAX_PROPS)
		return -1;
	snprintf(s->key[s->n], sizeof(s->key[0]), "%s.%s", p->group, p->key);
	if (p->type == ACCEL_PROP_STRING)
		snprintf(s->val[s->n], sizeof(s->val[0]), "%s", p->s);
	else if (p->type == ACCEL_PROP_INT)
		snprintf(s->val[s->n], sizeof(s->val[0]), "%lld", (long long)p->i);
	else
		snprintf(s->val[s->n], sizeof(s->val[0]), "%llu", (unsigned long long)p->u);
	snprintf(s->unit[s->n], sizeof(s->unit[0]), "%s", p->unit ? p->unit : "");
	s->n++;
	return s->n == s->stop_at ? 7 : 0;
}

/* the value of group.key, or NULL */
static const char *val(const struct props *s, const char *key)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->key[i], key))
			return s->val[i];
	return NULL;
}

static const char *unit(const struct props *s, const char *key)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->key[i], key))
			return s->unit[i];
	return NULL;
}

static void assert_val(const struct props *s, const char *key, const char *want)
{
	const char *v = val(s, key);

	if (!v)
		fail_msg("no property %s", key);
	if (strcmp(v, want))
		fail_msg("%s = %s, want %s", key, v, want);
}

static void assert_u(const struct props *s, const char *key, unsigned long long want)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", want);
	assert_val(s, key, buf);
}

static struct props *walk(struct accel_device *dev)
{
	struct props *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	assert_int_equal(accel_describe_device_props(dev, collect, s), 0);
	return s;
}

/* a group's properties come together: no group is entered twice */
static void assert_grouped(const struct props *s)
{
	char seen[32][32], cur[32] = "";
	int i, j, nseen = 0;

	for (i = 0; i < s->n; i++) {
		char g[32];

		snprintf(g, sizeof(g), "%.*s", (int)strcspn(s->key[i], "."), s->key[i]);
		if (!strcmp(g, cur))
			continue;
		for (j = 0; j < nseen; j++)
			if (!strcmp(seen[j], g))
				fail_msg("group %s comes twice (at %s)", g, s->key[i]);
		assert_true(nseen < 32);
		snprintf(seen[nseen++], sizeof(seen[0]), "%s", g);
		snprintf(cur, sizeof(cur), "%s", g);
	}
}

static void test_props_decoded(void **state)
{
	struct accel_device *dev = shim_hl_device(0);
	struct hldv_device_info hi = { 0 };
	struct props *s;
	char buf[64];

	(void)state;
	assert_int_equal(hldv_device_query(dev, &hi, sizeof(hi)), 0);
	s = walk(dev);
	assert_grouped(s);
	/* HW_IP_INFO as hldv decodes it */
	snprintf(buf, sizeof(buf), "0x%x", hi.device_id);
	assert_val(s, "hw_ip.device_id", buf);
	assert_val(s, "hw_ip.card_name", hi.card_name);
	assert_val(s, "hw_ip.cpucp_version", hi.cpucp_version);
	assert_u(s, "hw_ip.dram_size", hi.dram_size);
	assert_string_equal(unit(s, "hw_ip.dram_size"), "B");
	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)hi.tpc_enabled_mask);
	assert_val(s, "hw_ip.tpc_enabled_mask", buf);
	assert_u(s, "dram.free", hi.dram_free);
	/* the emulated card's sensors (tests/shim/README.md) */
	assert_val(s, "status.state", "operational");
	assert_u(s, "status.hard_resets", 0);
	assert_u(s, "power.power", 60000);
	assert_string_equal(unit(s, "power.power"), "mW");
	assert_string_equal(unit(s, "power.energy"), "mJ");
	assert_u(s, "clocks.current", 1000);
	assert_u(s, "clocks.max", 1650);
	assert_string_equal(unit(s, "clocks.max"), "MHz");
	assert_val(s, "clocks.throttle", "none");
	assert_u(s, "activity.idle", 1);
	assert_u(s, "activity.utilization", 0);
	assert_u(s, "pll.cpu.out0", 1600);
	assert_u(s, "pll.nic.out2", 312);
	assert_u(s, "pll.mss.out1", 250);
	assert_null(val(s, "pll.mss.out4"));
	assert_u(s, "dram.pending_rows", 0);
	assert_val(s, "dram.replaced_row.cause", "double ECC");
	assert_u(s, "pci.replay_count", 0);
	assert_u(s, "open_stats.compute_ctx_active", 0);
	/* no error yet: the records are left out */
	assert_null(val(s, "errors.razwi.addr"));
	assert_non_null(val(s, "engines.line000"));
	free(s);
	shim_put_devices();
}

static int raw_info(int fd, uint32_t op, void *buf, uint32_t len)
{
	struct hl_info_args a = { .op = op, .return_pointer = (uintptr_t)buf,
				  .return_size = len };

	return ioctl(fd, DRM_IOCTL_HL_INFO, &a) ? -errno : 0;
}

/* what happens on the card shows up: errors, throttling, events, drops */
static void test_props_follow_the_card(void **state)
{
	struct accel_device *dev = shim_hl_device(0);
	struct hl_cs_chunk ch = { .queue_index = GAUDI2_QUEUE_ID_CPU_PQ,
				  .cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB,
				  .cb_size = 8 };
	struct hl_info_cs_counters c = { 0 };
	union hl_cs_args a = { 0 };
	static uint32_t ev[1024];
	struct props *s;
	char key[40];
	int fd, i;

	(void)state;
	/* the compute node held (by this test, raw) */
	fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(accel_shim_hl_inject(0, SHIM_HL_EV_RAZWI, 0x7ffff0001000ull), 0);
	assert_int_equal(accel_shim_hl_inject(0, SHIM_HL_EV_HW_ERR, 317), 0);
	assert_int_equal(accel_shim_hl_inject(0, SHIM_HL_EV_ENGINE_ERR, 23), 0);
	assert_int_equal(accel_shim_hl_inject(0, SHIM_HL_EV_THROTTLE_THERMAL, 1), 0);
	/* a CS on the driver's queue: a validation drop */
	a.in.chunks_execute = (uintptr_t)&ch;
	a.in.num_chunks_execute = 1;
	assert_int_equal(ioctl(fd, DRM_IOCTL_HL_CS, &a), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(raw_info(fd, HL_INFO_CS_COUNTERS, &c, sizeof(c)), 0);
	assert_true(c.total_validation_drop_cnt >= 1);
	assert_int_equal(raw_info(fd, HL_INFO_HW_EVENTS_AGGREGATE, ev, sizeof(ev)), 0);
	assert_true(ev[317] >= 1);
	s = walk(dev);
	assert_grouped(s);
	assert_val(s, "errors.razwi.addr", "0x7ffff0001000");
	assert_u(s, "errors.hw_err.event", 317);
	assert_u(s, "errors.engine_err.engine", 23);
	assert_u(s, "errors.engine_err.count", 1);
	assert_val(s, "clocks.throttle", "thermal");
	assert_non_null(val(s, "clocks.throttle_thermal_start"));
	assert_null(val(s, "clocks.throttle_power_start"));
	assert_u(s, "open_stats.compute_ctx_active", 1);
	assert_u(s, "cs_counters.validation_drops", c.total_validation_drop_cnt);
	/* every event the aggregate counts, and nothing else */
	for (i = 0; i < 1024; i++) {
		snprintf(key, sizeof(key), "events.event_%d", i);
		if (ev[i])
			assert_u(s, key, ev[i]);
		else
			assert_null(val(s, key));
	}
	free(s);
	assert_int_equal(accel_shim_hl_inject(0, SHIM_HL_EV_THROTTLE_THERMAL, 0), 0);
	close(fd);
	shim_put_devices();
}

/* in reset the firmware is silent: its values are left out, not zero */
static void test_props_in_reset(void **state)
{
	struct accel_device *dev = shim_hl_device(0);
	struct props *s;

	(void)state;
	assert_int_equal(accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET), 0);
	s = walk(dev);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	assert_val(s, "status.state", "in_reset");
	assert_non_null(val(s, "hw_ip.card_name"));
	assert_null(val(s, "power.power"));
	assert_null(val(s, "clocks.current"));
	assert_null(val(s, "pll.cpu.out0"));
	free(s);
	shim_put_devices();
}

static void test_props_stop(void **state)
{
	struct accel_device *dev = shim_hl_device(0);
	struct props *s = calloc(1, sizeof(*s));

	(void)state;
	assert_non_null(s);
	s->stop_at = 3;
	assert_int_equal(accel_describe_device_props(dev, collect, s), 7);
	assert_int_equal(s->n, 3);
	free(s);
	shim_put_devices();
}

SHIM_TEST_LIST(cmocka_unit_test(test_props_decoded), cmocka_unit_test(test_props_follow_the_card),
	       cmocka_unit_test(test_props_in_reset), cmocka_unit_test(test_props_stop));
