// SPDX-License-Identifier: MIT
/*
 * accel_describe_device_props() for habanalabs: the INFO opcodes a person
 * reads, decoded, through the control node (hl_info_ioctl_control()
 * answers every opcode but the event-fd ones), so a device another
 * process holds is described too. An opcode that fails (a firmware-sourced
 * one in reset) leaves its properties out.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hl.h"

struct emitter {
	accel_prop_fn fn;
	void *arg;
	int ret;		/* the first non-zero answer of fn */
};

static void emit(struct emitter *e, const char *group, const char *key, uint32_t type,
		 uint64_t u, const char *s, const char *unit)
{
	struct accel_prop p = { .group = group, .key = key, .type = type, .unit = unit };

	if (e->ret)
		return;
	if (type == ACCEL_PROP_STRING)
		p.s = s;
	else if (type == ACCEL_PROP_INT)
		p.i = (int64_t)u;
	else
		p.u = u;
	e->ret = e->fn(&p, e->arg);
}

static void put_u(struct emitter *e, const char *g, const char *k, uint64_t v, const char *unit)
{
	emit(e, g, k, ACCEL_PROP_UINT, v, NULL, unit);
}

static void put_s(struct emitter *e, const char *g, const char *k, const char *s)
{
	emit(e, g, k, ACCEL_PROP_STRING, 0, s, NULL);
}

static void put_hex(struct emitter *e, const char *g, const char *k, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	put_s(e, g, k, buf);
}

/* a fixed-size kernel string, which need not end in NUL */
static void put_str(struct emitter *e, const char *g, const char *k, const uint8_t *s,
		    size_t len)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%.*s", (int)(len < sizeof(buf) ? len : sizeof(buf) - 1),
		 (const char *)s);
	put_s(e, g, k, buf);
}

static const char *status_name(uint32_t st)
{
	static const char *const names[] = {
		[HL_DEVICE_STATUS_OPERATIONAL] = "operational",
		[HL_DEVICE_STATUS_IN_RESET] = "in_reset",
		[HL_DEVICE_STATUS_MALFUNCTION] = "malfunction",
		[HL_DEVICE_STATUS_NEEDS_RESET] = "needs_reset",
		[HL_DEVICE_STATUS_IN_DEVICE_CREATION] = "in_device_creation",
		[HL_DEVICE_STATUS_IN_RESET_AFTER_DEVICE_RELEASE] = "in_reset_after_device_release",
	};

	return st < sizeof(names) / sizeof(names[0]) ? names[st] : "unknown";
}

static void hw_ip(const struct hl_info_hw_ip_info *hw, struct emitter *e)
{
	const char *g = "hw_ip";

	put_hex(e, g, "device_id", hw->device_id);
	put_u(e, g, "revision_id", hw->revision_id, NULL);
	put_u(e, g, "module_id", hw->module_id, NULL);
	put_str(e, g, "card_name", hw->card_name, sizeof(hw->card_name));
	put_str(e, g, "cpucp_version", hw->cpucp_version, sizeof(hw->cpucp_version));
	put_u(e, g, "server_type", hw->server_type, NULL);
	put_u(e, g, "security_enabled", hw->security_enabled, NULL);
	put_hex(e, g, "dram_base_address", hw->dram_base_address);
	put_u(e, g, "dram_size", hw->dram_size, "B");
	put_u(e, g, "dram_page_size", hw->dram_page_size, "B");
	put_u(e, g, "dram_enabled", hw->dram_enabled, NULL);
	put_hex(e, g, "sram_base_address", hw->sram_base_address);
	put_u(e, g, "sram_size", hw->sram_size, "B");
	put_hex(e, g, "tpc_enabled_mask",
		hw->tpc_enabled_mask_ext ? hw->tpc_enabled_mask_ext : hw->tpc_enabled_mask);
	put_hex(e, g, "edma_enabled_mask", hw->edma_enabled_mask);
	put_hex(e, g, "decoder_enabled_mask", hw->decoder_enabled_mask);
	put_hex(e, g, "rotator_enabled_mask", hw->rotator_enabled_mask);
	put_hex(e, g, "mme_master_slave_mode", hw->mme_master_slave_mode);
	put_u(e, g, "first_user_interrupt", hw->first_available_interrupt_id, NULL);
	put_u(e, g, "user_interrupts", hw->number_of_user_interrupts, NULL);
	put_u(e, g, "num_of_events", hw->num_of_events, NULL);
}

static void status(int fd, struct emitter *e)
{
	struct hl_info_device_status st = { 0 };
	struct hl_info_reset_count rc = { 0 };

	if (!hl_info(fd, HL_INFO_DEVICE_STATUS, 0, &st, sizeof(st)))
		put_s(e, "status", "state", status_name(st.status));
	if (!hl_info(fd, HL_INFO_RESET_COUNT, 0, &rc, sizeof(rc))) {
		put_u(e, "status", "hard_resets", rc.hard_reset_cnt, NULL);
		put_u(e, "status", "soft_resets", rc.soft_reset_cnt, NULL);
	}
}

static void open_stats(int fd, struct emitter *e)
{
	struct hl_open_stats_info os = { 0 };
	struct hl_info_last_err_open_dev_time lo = { 0 };
	const char *g = "open_stats";

	if (!hl_info(fd, HL_INFO_OPEN_STATS, 0, &os, sizeof(os))) {
		put_u(e, g, "open_counter", os.open_counter, NULL);
		put_u(e, g, "last_open_period", os.last_open_period_ms, "ms");
		put_u(e, g, "compute_ctx_active", os.is_compute_ctx_active, NULL);
		put_u(e, g, "compute_ctx_in_release", os.compute_ctx_in_release, NULL);
	}
	if (!hl_info(fd, HL_INFO_LAST_ERR_OPEN_DEV_TIME, 0, &lo, sizeof(lo)))
		emit(e, g, "last_open_time", ACCEL_PROP_INT, (uint64_t)lo.timestamp, NULL, "ns");
}

static void dram(int fd, struct emitter *e)
{
	struct hl_info_dram_usage du = { 0 };
	struct hldv_hbm_row row = { 0 };
	uint32_t pending = 0;
	const char *g = "dram";

	/* ctx_dram_mem is the caller's context's: none on the control node */
	if (!hl_info(fd, HL_INFO_DRAM_USAGE, 0, &du, sizeof(du)))
		put_u(e, g, "free", du.dram_free_mem, "B");
	if (!hl_info(fd, HL_INFO_DRAM_PENDING_ROWS, 0, &pending, sizeof(pending)))
		put_u(e, g, "pending_rows", pending, NULL);
	if (!hl_info(fd, HL_INFO_DRAM_REPLACED_ROWS, 0, &row, sizeof(row))) {
		put_u(e, g, "replaced_row.hbm", row.hbm_idx, NULL);
		put_u(e, g, "replaced_row.pc", row.pc, NULL);
		put_u(e, g, "replaced_row.sid", row.sid, NULL);
		put_u(e, g, "replaced_row.bank", row.bank_idx, NULL);
		put_u(e, g, "replaced_row.row", row.row_addr, NULL);
		put_s(e, g, "replaced_row.cause",
		      row.replaced_row_cause ? "repeated single ECC" : "double ECC");
	}
}

static void activity(int fd, struct emitter *e)
{
	struct hl_info_hw_idle idle = { 0 };
	struct hl_info_device_utilization u = { 0 };
	char buf[96];

	if (!hl_info(fd, HL_INFO_HW_IDLE, 0, &idle, sizeof(idle))) {
		put_u(e, "activity", "idle", idle.is_idle, NULL);
		snprintf(buf, sizeof(buf), "0x%016" PRIx64 "%016" PRIx64 "%016" PRIx64
			 "%016" PRIx64, (uint64_t)idle.busy_engines_mask_ext[3],
			 (uint64_t)idle.busy_engines_mask_ext[2],
			 (uint64_t)idle.busy_engines_mask_ext[1],
			 (uint64_t)idle.busy_engines_mask_ext[0]);
		put_s(e, "activity", "busy_engines_mask", buf);
	}
	if (!hl_info(fd, HL_INFO_DEVICE_UTILIZATION, 0, &u, sizeof(u)))
		put_u(e, "activity", "utilization", u.utilization, "%");
}

static void clocks(int fd, struct emitter *e)
{
	static const char *const kind[] = { "power", "thermal" };
	struct hl_info_clk_rate c = { 0 };
	struct hl_info_clk_throttle th = { 0 };
	char key[48];
	int i;

	if (!hl_info(fd, HL_INFO_CLK_RATE, 0, &c, sizeof(c))) {
		put_u(e, "clocks", "current", c.cur_clk_rate_mhz, "MHz");
		put_u(e, "clocks", "max", c.max_clk_rate_mhz, "MHz");
	}
	if (hl_info(fd, HL_INFO_CLK_THROTTLE_REASON, 0, &th, sizeof(th)))
		return;
	put_s(e, "clocks", "throttle",
	      (th.clk_throttling_reason & 3) == 3 ? "power,thermal" :
	      th.clk_throttling_reason & HL_CLK_THROTTLE_POWER ? "power" :
	      th.clk_throttling_reason & HL_CLK_THROTTLE_THERMAL ? "thermal" : "none");
	for (i = 0; i < 2; i++) {
		if (!th.clk_throttling_timestamp_us[i])
			continue;
		snprintf(key, sizeof(key), "throttle_%s_start", kind[i]);
		put_u(e, "clocks", key, th.clk_throttling_timestamp_us[i], "us");
		snprintf(key, sizeof(key), "throttle_%s_duration", kind[i]);
		put_u(e, "clocks", key, th.clk_throttling_duration_ns[i], "ns");
	}
}

static void power(int fd, struct emitter *e)
{
	struct hl_power_info p = { 0 };
	struct hl_info_energy en = { 0 };

	if (!hl_info(fd, HL_INFO_POWER, 0, &p, sizeof(p)))
		put_u(e, "power", "power", p.power, "mW");
	if (!hl_info(fd, HL_INFO_TOTAL_ENERGY, 0, &en, sizeof(en)))
		put_u(e, "power", "energy", en.total_energy_consumption, "mJ");
}

/* Gaudi2's PLLs, HL_GAUDI2_*_PLL order */
static void plls(int fd, uint32_t device_id, struct emitter *e)
{
	static const char *const names[HL_GAUDI2_PLL_MAX] = {
		"cpu", "pci", "sram", "hbm", "nic", "dma", "mesh", "mme", "tpc", "if",
		"vid", "mss",
	};
	struct hl_pll_frequency_info f;
	char key[32];
	uint32_t i, o;

	if (device_id != HL_GAUDI2_ID)
		return;	/* the index spaces of Goya and Gaudi are not named here */
	for (i = 0; i < HL_GAUDI2_PLL_MAX; i++) {
		memset(&f, 0, sizeof(f));
		if (hl_info(fd, HL_INFO_PLL_FREQUENCY, i, &f, sizeof(f)))
			continue;
		for (o = 0; o < HL_PLL_NUM_OUTPUTS; o++) {
			snprintf(key, sizeof(key), "%s.out%u", names[i], o);
			put_u(e, "pll", key, f.output[o], "MHz");
		}
	}
}

static void pci(int fd, struct emitter *e)
{
	struct hl_info_pci_counters p = { 0 };

	if (hl_info(fd, HL_INFO_PCI_COUNTERS, 0, &p, sizeof(p)))
		return;
	put_u(e, "pci", "rx", p.rx_throughput, "B/s");
	put_u(e, "pci", "tx", p.tx_throughput, "B/s");
	put_u(e, "pci", "replay_count", p.replay_cnt, NULL);
}

static void cs_counters(int fd, struct emitter *e)
{
	struct hl_info_cs_counters c = { 0 };
	const char *g = "cs_counters";

	if (hl_info(fd, HL_INFO_CS_COUNTERS, 0, &c, sizeof(c)))
		return;
	put_u(e, g, "out_of_mem_drops", c.total_out_of_mem_drop_cnt, NULL);
	put_u(e, g, "parsing_drops", c.total_parsing_drop_cnt, NULL);
	put_u(e, g, "queue_full_drops", c.total_queue_full_drop_cnt, NULL);
	put_u(e, g, "device_in_reset_drops", c.total_device_in_reset_drop_cnt, NULL);
	put_u(e, g, "max_cs_in_flight_drops", c.total_max_cs_in_flight_drop_cnt, NULL);
	put_u(e, g, "validation_drops", c.total_validation_drop_cnt, NULL);
}

/* HW_EVENTS_AGGREGATE: the events that happened since the driver loaded */
static void events(int fd, uint32_t num, struct emitter *e)
{
	uint32_t *cnt, i;
	char key[32];

	if (!num || num > 65536)
		return;
	cnt = calloc(num, sizeof(*cnt));
	if (!cnt)
		return;
	if (!hl_info(fd, HL_INFO_HW_EVENTS_AGGREGATE, 0, cnt, num * (uint32_t)sizeof(*cnt)))
		for (i = 0; i < num; i++) {
			if (!cnt[i])
				continue;
			snprintf(key, sizeof(key), "event_%u", i);
			put_u(e, "events", key, cnt[i], NULL);
		}
	free(cnt);
}

/* the first error of each kind since the last open; absent ones left out */
static void errors(int fd, struct emitter *e)
{
	struct hldv_error_records *r = calloc(1, sizeof(*r));
	const char *g = "errors";

	if (!r)
		return;
	hl_read_errors(fd, r);
	if (r->cs_timeout_ns) {
		emit(e, g, "cs_timeout.time", ACCEL_PROP_INT,
		     (uint64_t)r->cs_timeout_ns, NULL, "ns");
		put_u(e, g, "cs_timeout.seq", r->cs_timeout_seq, NULL);
	}
	if (r->razwi_ns) {
		emit(e, g, "razwi.time", ACCEL_PROP_INT, (uint64_t)r->razwi_ns, NULL, "ns");
		put_hex(e, g, "razwi.addr", r->razwi_addr);
		put_u(e, g, "razwi.engines", r->razwi_num_engines, NULL);
		put_hex(e, g, "razwi.flags", r->razwi_flags);
	}
	if (r->undef_opcode_ns) {
		emit(e, g, "undefined_opcode.time", ACCEL_PROP_INT,
		     (uint64_t)r->undef_opcode_ns, NULL, "ns");
		put_u(e, g, "undefined_opcode.engine", r->undef_engine_id, NULL);
		put_u(e, g, "undefined_opcode.stream", r->undef_stream_id, NULL);
	}
	if (r->page_fault_ns) {
		emit(e, g, "page_fault.time", ACCEL_PROP_INT,
		     (uint64_t)r->page_fault_ns, NULL, "ns");
		put_hex(e, g, "page_fault.addr", r->page_fault_addr);
		put_u(e, g, "page_fault.engine", r->page_fault_engine_id, NULL);
	}
	if (r->hw_err_ns) {
		emit(e, g, "hw_err.time", ACCEL_PROP_INT, (uint64_t)r->hw_err_ns, NULL, "ns");
		put_u(e, g, "hw_err.event", r->hw_err_event_id, NULL);
	}
	if (r->fw_err_ns) {
		emit(e, g, "fw_err.time", ACCEL_PROP_INT, (uint64_t)r->fw_err_ns, NULL, "ns");
		put_s(e, g, "fw_err.type", r->fw_err_type ? "reported" : "heartbeat");
		put_u(e, g, "fw_err.event", r->fw_err_event_id, NULL);
	}
	if (r->engine_err_ns) {
		emit(e, g, "engine_err.time", ACCEL_PROP_INT,
		     (uint64_t)r->engine_err_ns, NULL, "ns");
		put_u(e, g, "engine_err.engine", r->engine_err_engine_id, NULL);
		put_u(e, g, "engine_err.count", r->engine_err_count, NULL);
	}
	free(r);
}

/* ENGINE_STATUS: the driver's text, one property per non-empty line */
static void engines(int fd, struct emitter *e)
{
	struct hl_info_args a = { .op = HL_INFO_ENGINE_STATUS };
	uint32_t len = 64 * 1024, n = 0;
	char *buf = malloc(len + 1), *line, *save = NULL;
	char key[24];

	if (!buf)
		return;
	a.return_pointer = (uintptr_t)buf;
	a.return_size = len;
	if (!hl_ioctl(fd, DRM_IOCTL_HL_INFO, &a)) {
		buf[a.user_buffer_actual_size < len ? a.user_buffer_actual_size : len] = 0;
		for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			snprintf(key, sizeof(key), "line%03u", n++);
			put_s(e, "engines", key, line);
		}
	}
	free(buf);
}

int hl_describe_props(struct accel_device *dev, accel_prop_fn fn, void *arg)
{
	struct emitter e = { .fn = fn, .arg = arg };
	struct hl_info_hw_ip_info hw = { 0 };
	int fd;

	fd = hl_control_open_node(dev);
	if (fd < 0)
		return fd;
	/* answered in reset too: the control node checked it at open */
	if (!hl_info(fd, HL_INFO_HW_IP_INFO, 0, &hw, sizeof(hw)))
		hw_ip(&hw, &e);
	status(fd, &e);
	open_stats(fd, &e);
	dram(fd, &e);
	activity(fd, &e);
	clocks(fd, &e);
	power(fd, &e);
	plls(fd, hw.device_id, &e);
	pci(fd, &e);
	cs_counters(fd, &e);
	events(fd, hw.num_of_events, &e);
	errors(fd, &e);
	engines(fd, &e);
	close(fd);
	return e.ret;
}
