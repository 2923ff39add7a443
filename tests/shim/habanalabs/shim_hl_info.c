// SPDX-License-Identifier: MIT
/*
 * habanalabs INFO, after common/habanalabs_ioctl.c (_hl_info_ioctl) of
 * Linux 7.2: every opcode, with the kernel's split between the ones
 * answered even in reset and the ones that need an operational device,
 * its argument checks and its copy sizes. Eventfds and the event mask
 * follow hl_notifier_event_send_all().
 *
 * Kernel-state opcodes answer from the emulated state (error captures,
 * open statistics, counters, throttling). Firmware-sourced ones answer an
 * emulated HL-225 card ("the emulated card" in tests/shim/README.md):
 *   power: 60 W idle (Gaudi2's DC_POWER_DEFAULT), 420 W while a CS runs,
 *          of a 600 W maximum; utilization derives from it as
 *          hl_device_utilization() does (0 % idle, 66 % busy)
 *   energy: the idle power integrated since the shim started, in mJ
 *   clocks: 1000 of 1650 MHz; PLL outputs from a fixed table per index
 *   PCI counters, DRAM replaced/pending rows: zero (a healthy card)
 *   attestation, signed info: the nonce echoed, fixed-length data whose
 *          bytes are a function of the nonce
 *   engine status: a text dump in the layout of gaudi2_is_device_idle()
 *   FW generic requests: a version string, zero error counters, P-state 0
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "accel_shim_hl.h"
#include "shim_hl.h"

#define HL_MAX_DCORES		8	/* common/habanalabs.h */
#define HL_NUM_EVENTS		1024
#define GAUDI2_DC_POWER_MW	60000ull
#define GAUDI2_BUSY_POWER_MW	420000ull
#define GAUDI2_MAX_POWER_MW	600000ull
#define CPUCP_INFO_SIZE		1768	/* sizeof(struct cpucp_info) */

/* hl_passthrough_type of linux/habanalabs/cpucp_if.h */
enum { HL_PASSTHROUGH_VERSIONS, HL_GET_ERR_COUNTERS_CMD, HL_GET_P_STATE };

static struct hl_devstate devstates[SHIM_MAX_DEVICES];
static uint32_t hw_events[SHIM_MAX_DEVICES][HL_NUM_EVENTS];
static uint32_t hw_events_aggr[SHIM_MAX_DEVICES][HL_NUM_EVENTS];

struct hl_devstate *hl_devstate(struct shim_device *d)
{
	struct hl_devstate *s = &devstates[d->index];

	if (!s->initialized) {
		s->initialized = true;
		s->powered_on_ns = shim_now_ns();
		s->cs_timeout_armed = true;
		s->undef_armed = true;
	}
	return s;
}

void hl_err_capture_reset(struct shim_device *d)
{
	struct hl_devstate *s = hl_devstate(d);

	free(s->user_maps);
	s->user_maps = NULL;
	s->num_user_maps = 0;
	memset(&s->cs_timeout, 0, sizeof(s->cs_timeout));
	s->razwi_avail = s->pgf_avail = false;
	s->hw_err_avail = s->fw_err_avail = s->eng_err_avail = false;
	memset(&s->undef, 0, sizeof(s->undef));
	s->cs_timeout_armed = true;
	s->undef_armed = true;
}

void hl_notify_all(struct shim_device *d, uint64_t mask)
{
	static const uint64_t one = 1;
	struct hl_ctx *ctx;

	for (ctx = hl_contexts; ctx; ctx = ctx->next) {
		if (ctx->dev != d)
			continue;
		ctx->events_mask |= mask;
		if (ctx->eventfd >= 0 && write(ctx->eventfd, &one, sizeof(one)) < 0)
			continue;	/* eventfd_signal() cannot fail either */
	}
}

void hl_capture_cs_timeout(struct shim_device *d, uint64_t seq, int64_t at)
{
	struct hl_devstate *s = hl_devstate(d);

	if (!s->cs_timeout_armed)
		return;
	s->cs_timeout_armed = false;
	s->cs_timeout.timestamp = at;
	s->cs_timeout.seq = seq;
	hl_notify_all(d, HL_NOTIFIER_EVENT_CS_TIMEOUT);
}

/* hl_handle_page_fault() + hl_capture_user_mappings() */
void hl_capture_page_fault(struct hl_ctx *ctx, uint64_t addr, uint16_t engine_id)
{
	struct hl_devstate *s = hl_devstate(ctx->dev);
	struct hl_map *m;
	uint32_t n = 0;

	if (!s->pgf_avail) {
		s->pgf_avail = true;
		s->pgf.timestamp = shim_now_ns();
		s->pgf.addr = addr;
		s->pgf.engine_id = engine_id;
		for (m = ctx->maps; m; m = m->next)
			n++;
		s->user_maps = calloc(n ? n : 1, sizeof(*s->user_maps));
		if (s->user_maps) {
			n = 0;
			for (m = ctx->maps; m; m = m->next) {
				s->user_maps[n].dev_va = m->vaddr;
				s->user_maps[n].size = m->size;
				n++;
			}
			s->num_user_maps = n;
		}
	}
	hl_notify_all(ctx->dev, HL_NOTIFIER_EVENT_PAGE_FAULT);
}

static int copy_answer(struct hl_info_args *a, const void *src, size_t size)
{
	if (!a->return_size || !a->return_pointer)
		return -EINVAL;
	return shim_copy_to_user(a->return_pointer, src,
			       a->return_size < size ? a->return_size : size);
}

/* the records copied whole, after a size check (hw_err_info() & co.) */
static int copy_record(struct hl_info_args *a, bool avail, const void *src, size_t size)
{
	if (!a->return_pointer)
		return -EINVAL;
	if (!avail)
		return 0;
	if (a->return_size < size)
		return -ENOMEM;
	return shim_copy_to_user(a->return_pointer, src, size);
}

static int info_hw_ip(struct shim_device *d, struct hl_info_args *a)
{
	const struct hl_model *m = d->model;
	struct hl_info_hw_ip_info hw = { 0 };
	uint64_t avail = hl_dram_user_size(m);

	hw.device_id = m->device_id;
	hw.sram_base_address = m->sram_base;
	hw.sram_size = m->sram_size;
	hw.dram_base_address = hl_dmmu_start(m);
	hw.dram_size = avail / m->dram_page_size * m->dram_page_size;
	hw.dram_enabled = hw.dram_size > SHIM_PAGE_SIZE;
	hw.dram_page_size = m->dram_page_size;
	hw.device_mem_alloc_default_page_size = m->dram_page_size;
	hw.num_of_events = m->num_of_events;
	snprintf((char *)hw.cpucp_version, sizeof(hw.cpucp_version),
		 "accel-shim emulated firmware");
	snprintf((char *)hw.card_name, sizeof(hw.card_name), "%s", m->card_name);
	hw.module_id = (uint32_t)d->index;
	hw.tpc_enabled_mask = 0xff;
	hw.tpc_enabled_mask_ext = 0xffffff;
	hw.decoder_enabled_mask = m->decoder_enabled_mask;
	hw.edma_enabled_mask = 0xff;
	hw.rotator_enabled_mask = 0x3;
	hw.mme_master_slave_mode = 1;
	hw.first_available_interrupt_id = m->first_user_interrupt;
	hw.number_of_user_interrupts = m->num_user_interrupts;
	hw.security_enabled = 1;
	hw.revision_id = m->revision;
	hw.server_type = HL_SERVER_TYPE_UNKNOWN;
	hw.reserved_dram_size = m->dram_page_size;
	return copy_answer(a, &hw, sizeof(hw));
}

static int info_dram_usage(struct shim_file *f, struct hl_info_args *a)
{
	const struct hl_model *m = f->dev->model;
	struct hl_ctx *ctx = f->type == SHIM_FILE_ACCEL ? f->priv : NULL;
	struct hl_info_dram_usage u = { 0 };

	shim_shared_lock();
	u.dram_free_mem = hl_dram_user_size(m) - f->dev->sh->dram_used;
	shim_shared_unlock();
	if (ctx)
		u.ctx_dram_mem = ctx->ctx_dram;
	return copy_answer(a, &u, sizeof(u));
}

static bool device_busy(struct shim_device *d)
{
	struct hl_ctx *ctx;

	for (ctx = hl_contexts; ctx; ctx = ctx->next)
		if (ctx->dev == d && !hl_cs_idle(ctx))
			return true;
	return false;
}

static uint64_t power_mw(struct shim_device *d)
{
	return device_busy(d) ? GAUDI2_BUSY_POWER_MW : GAUDI2_DC_POWER_MW;
}

/* hl_info_cs_counters: the device's sums and this context's */
static int info_cs_counters(struct shim_file *f, const struct shim_shared_dev *sh,
			    struct hl_info_args *a)
{
	struct hl_ctx *ctx = f->type == SHIM_FILE_ACCEL ? f->priv : NULL;
	struct hl_info_cs_counters c = {
		.total_max_cs_in_flight_drop_cnt = sh->drops[HL_DROP_MAX_CS_IN_FLIGHT],
		.total_validation_drop_cnt = sh->drops[HL_DROP_VALIDATION],
		.total_parsing_drop_cnt = sh->drops[HL_DROP_PARSING],
	};

	if (ctx) {
		c.ctx_max_cs_in_flight_drop_cnt = ctx->drops.cnt[HL_DROP_MAX_CS_IN_FLIGHT];
		c.ctx_validation_drop_cnt = ctx->drops.cnt[HL_DROP_VALIDATION];
		c.ctx_parsing_drop_cnt = ctx->drops.cnt[HL_DROP_PARSING];
	}
	return copy_answer(a, &c, sizeof(c));
}

/* clk_throttle_info(): an ongoing throttle lasts until now */
static int info_clk_throttle(struct hl_devstate *s, struct hl_info_args *a)
{
	struct hl_info_clk_throttle t = { .clk_throttling_reason = s->throttle_reason };
	int64_t end;
	int i;

	for (i = 0; i < HL_CLK_THROTTLE_TYPE_MAX; i++) {
		if (!(s->throttle_aggregated & (1u << i)))
			continue;
		t.clk_throttling_timestamp_us[i] = (uint64_t)s->throttle_start[i] / 1000;
		end = s->throttle_end[i] ? s->throttle_end[i] : shim_now_ns();
		t.clk_throttling_duration_ns[i] = (uint64_t)(end - s->throttle_start[i]);
	}
	return copy_answer(a, &t, sizeof(t));
}

static int info_user_mappings(struct hl_devstate *s, struct hl_info_args *a)
{
	uint64_t size;

	if (!a->return_pointer)
		return -EINVAL;
	if (!s->pgf_avail)
		return 0;
	a->array_size = s->num_user_maps;
	size = (uint64_t)s->num_user_maps * sizeof(struct hl_user_mapping);
	if (a->return_size < size)
		return -ENOMEM;
	return shim_copy_to_user(a->return_pointer, s->user_maps, size);
}

static int info_hw_events(struct shim_device *d, bool aggregate, struct hl_info_args *a)
{
	const struct hl_model *m = d->model;
	uint32_t n = m->num_of_events < HL_NUM_EVENTS ? m->num_of_events : HL_NUM_EVENTS;

	return copy_answer(a, aggregate ? hw_events_aggr[d->index] : hw_events[d->index],
			   n * sizeof(uint32_t));
}

/* eventfd_ctx_fdget(): EBADF for no file, EINVAL for another kind */
static int eventfd_register(struct hl_ctx *ctx, uint32_t fd)
{
	char path[64], link[64];
	ssize_t n;
	int dup_fd;

	if (ctx->eventfd >= 0)
		return -EINVAL;	/* one per process */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", (int)fd);
	/* the shim interposes readlink() too (sync_files), under our lock */
	n = syscall(SYS_readlinkat, AT_FDCWD, path, link, sizeof(link) - 1);
	if (n < 0 || (int)fd < 0)
		return -EBADF;
	link[n] = 0;
	if (strcmp(link, "anon_inode:[eventfd]"))
		return -EINVAL;
	/* the shim interposes fcntl(), which takes the lock we hold */
	dup_fd = (int)syscall(SYS_fcntl, (int)fd, F_DUPFD_CLOEXEC, 3);
	if (dup_fd < 0)
		return -EBADF;
	ctx->eventfd = dup_fd;
	return 0;
}

static int eventfd_unregister(struct hl_ctx *ctx)
{
	if (ctx->eventfd < 0)
		return -EINVAL;
	shim_real_close(ctx->eventfd);
	ctx->eventfd = -1;
	return 0;
}

/* pll_frequency_info(): Gaudi2's firmware maps all 12 indexes */
static int info_pll(struct hl_info_args *a)
{
	static const uint16_t mhz[HL_GAUDI2_PLL_MAX][HL_PLL_NUM_OUTPUTS] = {
		[HL_GAUDI2_CPU_PLL] = { 1600, 800, 400, 100 },
		[HL_GAUDI2_PCI_PLL] = { 1000, 500, 250, 100 },
		[HL_GAUDI2_SRAM_PLL] = { 1650, 1650, 825, 100 },
		[HL_GAUDI2_HBM_PLL] = { 1600, 800, 400, 100 },
		[HL_GAUDI2_NIC_PLL] = { 1250, 625, 312, 100 },
		[HL_GAUDI2_DMA_PLL] = { 1650, 1650, 825, 100 },
		[HL_GAUDI2_MESH_PLL] = { 1650, 1650, 825, 100 },
		[HL_GAUDI2_MME_PLL] = { 1650, 1000, 825, 100 },
		[HL_GAUDI2_TPC_PLL] = { 1650, 1000, 825, 100 },
		[HL_GAUDI2_IF_PLL] = { 1650, 1650, 825, 100 },
		[HL_GAUDI2_VID_PLL] = { 800, 400, 200, 100 },
		[HL_GAUDI2_MSS_PLL] = { 500, 250, 125, 100 },
	};
	struct hl_pll_frequency_info p = { { 0 } };

	if (!a->return_size || !a->return_pointer)
		return -EINVAL;
	/* get_used_pll_index() -> gaudi2_map_pll_idx_to_fw_idx() */
	if (a->pll_index >= HL_GAUDI2_PLL_MAX)
		return -EINVAL;
	memcpy(p.output, mhz[a->pll_index], sizeof(p.output));
	return copy_answer(a, &p, sizeof(p));
}

static void fill_bytes(uint8_t *p, size_t n, uint32_t nonce)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(nonce * 31u + i * 7u);
}

static int info_sec_attest(struct hl_info_args *a)
{
	struct hl_info_sec_attest *s;
	int ret;

	if (!a->return_size || !a->return_pointer)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->nonce = a->sec_attest_nonce;
	s->pcr_num_reg = 8;
	s->pcr_reg_len = 32;
	s->pcr_quote_len = 128;
	s->quote_sig_len = 96;
	s->pub_data_len = 128;
	s->certificate_len = 1024;
	fill_bytes(s->pcr_data, sizeof(s->pcr_data), s->nonce);
	fill_bytes(s->pcr_quote, s->pcr_quote_len, s->nonce + 1);
	fill_bytes(s->quote_sig, s->quote_sig_len, s->nonce + 2);
	fill_bytes(s->public_data, s->pub_data_len, 3);
	fill_bytes(s->certificate, s->certificate_len, 4);
	ret = copy_answer(a, s, sizeof(*s));
	free(s);
	return ret;
}

static int info_dev_signed(struct hl_info_args *a)
{
	struct hl_info_signed *s;
	int ret;

	if (!a->return_size || !a->return_pointer)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->nonce = a->sec_attest_nonce;
	s->info_sig_len = 96;
	s->pub_data_len = 128;
	s->certificate_len = 1024;
	s->dev_info_len = CPUCP_INFO_SIZE;
	fill_bytes(s->info_sig, s->info_sig_len, s->nonce + 2);
	fill_bytes(s->public_data, s->pub_data_len, 3);
	fill_bytes(s->certificate, s->certificate_len, 4);
	fill_bytes(s->dev_info, s->dev_info_len, 5);
	ret = copy_answer(a, s, sizeof(*s));
	free(s);
	return ret;
}

/* engine_status_info(): 1 KiB .. 1 MiB, the dump's size in the args */
static int info_engine_status(struct shim_device *d, struct hl_info_args *a)
{
	static const char *const cls[] = { "EDMA", "MME", "TPC", "ROT" };
	static const int count[] = { 8, 4, 24, 2 };
	bool busy = device_busy(d);
	char *buf;
	size_t len = 0, cap;
	int ret, c, i;

	if (a->return_size < 1024 || a->return_size > HL_ENGINES_DATA_MAX_SIZE ||
	    !a->return_pointer)
		return -EINVAL;
	cap = a->return_size;
	buf = malloc(cap + 256);
	if (!buf)
		return -ENOMEM;
	for (c = 0; c < 4; c++) {
		len += (size_t)snprintf(buf + len, cap + 256 - len,
					"\n%-5s is_idle  QM_GLBL_STS0  CORE_STS0\n"
					"----  -------  ------------  ---------\n", cls[c]);
		for (i = 0; i < count[c] && len < cap; i++)
			len += (size_t)snprintf(buf + len, cap + 256 - len,
						"%-4d  %-7s  0x%08x    0x%08x\n", i,
						busy ? "N" : "Y", busy ? 0x1000u : 0u,
						busy ? 0x2u : 0u);
		if (len > cap)
			break;
	}
	if (len > cap) {
		free(buf);
		return -ENOMEM;	/* "bigger than allocated size" */
	}
	a->user_buffer_actual_size = (uint32_t)len;
	ret = shim_copy_to_user(a->return_pointer, buf, len);
	free(buf);
	return ret;
}

/* send_fw_generic_request() */
static int info_fw_generic(struct hl_info_args *a)
{
	uint8_t *buf;
	uint32_t size = a->return_size;
	int ret = 0;

	switch (a->fw_sub_opcode) {
	case HL_PASSTHROUGH_VERSIONS:
	case HL_GET_ERR_COUNTERS_CMD:
	case HL_GET_P_STATE:
		break;
	default:
		return -EINVAL;
	}
	if (size > 0x100000)
		return -EINVAL;	/* "buffer size cannot exceed 1MB" */
	buf = calloc(1, size ? size : 1);
	if (!buf)
		return -ENOMEM;
	if (a->fw_sub_opcode == HL_GET_ERR_COUNTERS_CMD &&
	    shim_copy_from_user(buf, a->return_pointer, size)) {
		ret = -EFAULT;
		goto out;
	}
	memset(buf, 0, size);
	if (a->fw_sub_opcode == HL_PASSTHROUGH_VERSIONS)
		snprintf((char *)buf, size, "accel-shim emulated firmware");
	if (shim_copy_to_user(a->return_pointer, buf, size))
		ret = -EFAULT;
out:
	free(buf);
	return ret;
}

int hl_info(struct shim_file *f, struct hl_info_args *a)
{
	struct shim_device *d = f->dev;
	struct hl_ctx *ctx = f->type == SHIM_FILE_ACCEL ? f->priv : NULL;
	struct hl_devstate *s = hl_devstate(d);
	struct shim_shared_dev sh;

	if (a->pad)
		return -EINVAL;
	hl_cs_tick(d);
	shim_shared_lock();
	sh = *d->sh;
	shim_shared_unlock();

	/* answered even when the device is disabled or in reset */
	switch (a->op) {
	case HL_INFO_HW_IP_INFO:
		return info_hw_ip(d, a);
	case HL_INFO_DEVICE_STATUS: {
		struct hl_info_device_status st = { .status = sh.status };

		return copy_answer(a, &st, sizeof(st));
	}
	case HL_INFO_RESET_COUNT: {
		struct hl_info_reset_count rc = {
			.hard_reset_cnt = sh.hard_reset_cnt,
			.soft_reset_cnt = sh.soft_reset_cnt,
		};

		return copy_answer(a, &rc, sizeof(rc));
	}
	case HL_INFO_HW_EVENTS:
		return info_hw_events(d, false, a);
	case HL_INFO_HW_EVENTS_AGGREGATE:
		return info_hw_events(d, true, a);
	case HL_INFO_CS_COUNTERS:
		return info_cs_counters(f, &sh, a);
	case HL_INFO_CLK_THROTTLE_REASON:
		return info_clk_throttle(s, a);
	case HL_INFO_SYNC_MANAGER: {
		struct hl_info_sync_manager sm = { 0 };

		if (!a->return_size || !a->return_pointer)
			return -EINVAL;
		if (a->dcore_id >= HL_MAX_DCORES)
			return -EINVAL;
		/* gaudi2_set_fixed_properties(): dcore 0 only */
		if (a->dcore_id == 0) {
			sm.first_available_sync_object = HL_GAUDI2_FIRST_USER_SOB;
			sm.first_available_monitor = HL_GAUDI2_FIRST_USER_MON;
			sm.first_available_cq = HL_GAUDI2_FIRST_USER_CQ;
		}
		return copy_answer(a, &sm, sizeof(sm));
	}
	case HL_INFO_OPEN_STATS: {
		struct hl_open_stats_info os = {
			.open_counter = sh.open_counter,
			.last_open_period_ms = s->last_open_period_ms,
			.is_compute_ctx_active = sh.compute_pid != 0,
		};

		return copy_answer(a, &os, sizeof(os));
	}
	case HL_INFO_LAST_ERR_OPEN_DEV_TIME: {
		struct hl_info_last_err_open_dev_time t = { .timestamp = s->last_open_ns };

		return copy_answer(a, &t, sizeof(t));
	}
	case HL_INFO_CS_TIMEOUT_EVENT:
		return copy_answer(a, &s->cs_timeout, sizeof(s->cs_timeout));
	case HL_INFO_RAZWI_EVENT:
		if (!a->return_size || !a->return_pointer)
			return -EINVAL;
		if (!s->razwi_avail)
			return 0;
		return copy_answer(a, &s->razwi, sizeof(s->razwi));
	case HL_INFO_UNDEFINED_OPCODE_EVENT:
		return copy_answer(a, &s->undef, sizeof(s->undef));
	case HL_INFO_DEV_MEM_ALLOC_PAGE_SIZES: {
		/* Gaudi2 has one DRAM page size: an empty mask */
		struct hl_info_dev_memalloc_page_sizes ps = { 0 };

		return copy_answer(a, &ps, sizeof(ps));
	}
	case HL_INFO_GET_EVENTS: {
		uint64_t mask;

		if (a->return_size < sizeof(mask) || !a->return_pointer)
			return -EINVAL;
		mask = ctx ? ctx->events_mask : 0;
		if (ctx)
			ctx->events_mask = 0;
		return shim_copy_to_user(a->return_pointer, &mask, sizeof(mask));
	}
	case HL_INFO_PAGE_FAULT_EVENT:
		if (!a->return_size || !a->return_pointer)
			return -EINVAL;
		if (!s->pgf_avail)
			return 0;
		return copy_answer(a, &s->pgf, sizeof(s->pgf));
	case HL_INFO_USER_MAPPINGS:
		return info_user_mappings(s, a);
	case HL_INFO_UNREGISTER_EVENTFD:
		return ctx ? eventfd_unregister(ctx) : -EOPNOTSUPP;
	case HL_INFO_HW_ERR_EVENT:
		return copy_record(a, s->hw_err_avail, &s->hw_err, sizeof(s->hw_err));
	case HL_INFO_FW_ERR_EVENT:
		return copy_record(a, s->fw_err_avail, &s->fw_err, sizeof(s->fw_err));
	case HL_INFO_USER_ENGINE_ERR_EVENT:
		return copy_record(a, s->eng_err_avail, &s->eng_err, sizeof(s->eng_err));
	case HL_INFO_DRAM_USAGE:
		return info_dram_usage(f, a);
	default:
		break;
	}

	if (!hl_operational(d))
		return -EBUSY;

	switch (a->op) {
	case HL_INFO_HW_IDLE: {
		struct hl_info_hw_idle idle = { .is_idle = !device_busy(d) };

		if (!idle.is_idle) {
			/* the engines of the busy queues; the shim tracks none */
			idle.busy_engines_mask = 1;
			idle.busy_engines_mask_ext[0] = 1;
		}
		return copy_answer(a, &idle, sizeof(idle));
	}
	case HL_INFO_DEVICE_UTILIZATION: {
		/* hl_device_utilization(): the power between DC and max */
		struct hl_info_device_utilization u = {
			.utilization = (uint32_t)((power_mw(d) - GAUDI2_DC_POWER_MW) * 100 /
						  (GAUDI2_MAX_POWER_MW - GAUDI2_DC_POWER_MW)),
		};

		return copy_answer(a, &u, sizeof(u));
	}
	case HL_INFO_CLK_RATE: {
		struct hl_info_clk_rate c = { .cur_clk_rate_mhz = 1000,
					      .max_clk_rate_mhz = 1650 };

		return copy_answer(a, &c, sizeof(c));
	}
	case HL_INFO_TIME_SYNC: {
		struct hl_info_time_sync t = { 0 };
		struct timespec ts;

		if (!a->return_size || !a->return_pointer)
			return -EINVAL;
		clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
		t.host_time = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
		t.device_time = (uint64_t)shim_now_ns();	/* the device's clock */
#if defined(__x86_64__) || defined(__i386__)
		t.tsc_time = __builtin_ia32_rdtsc();	/* rdtsc(), x86's only */
#endif
		return copy_answer(a, &t, sizeof(t));
	}
	case HL_INFO_PCI_COUNTERS: {
		struct hl_info_pci_counters p = { 0 };

		return copy_answer(a, &p, sizeof(p));
	}
	case HL_INFO_TOTAL_ENERGY: {
		struct hl_info_energy e = {
			.total_energy_consumption = GAUDI2_DC_POWER_MW *
				(uint64_t)((shim_now_ns() - s->powered_on_ns) / 1000000) / 1000,
		};

		return copy_answer(a, &e, sizeof(e));
	}
	case HL_INFO_PLL_FREQUENCY:
		return info_pll(a);
	case HL_INFO_POWER: {
		struct hl_power_info p = { .power = power_mw(d) };

		return copy_answer(a, &p, sizeof(p));
	}
	case HL_INFO_DRAM_REPLACED_ROWS: {
		/* one struct cpucp_hbm_row_info (8 bytes): none replaced */
		uint8_t row[8] = { 0 };

		return copy_answer(a, row, sizeof(row));
	}
	case HL_INFO_DRAM_PENDING_ROWS: {
		uint32_t pending = 0;

		return copy_answer(a, &pending, sizeof(pending));
	}
	case HL_INFO_SECURED_ATTESTATION:
		return info_sec_attest(a);
	case HL_INFO_REGISTER_EVENTFD:
		return ctx ? eventfd_register(ctx, a->eventfd) : -EOPNOTSUPP;
	case HL_INFO_ENGINE_STATUS:
		return info_engine_status(d, a);
	case HL_INFO_FW_GENERIC_REQ:
		return info_fw_generic(a);
	case HL_INFO_DEV_SIGNED:
		return info_dev_signed(a);
	default:
		return -EINVAL;	/* "Invalid request" */
	}
}

int hl_info_ioctl(struct shim_file *f, void *data)
{
	return hl_info(f, data);
}

/* ------------------------------------------------------------------------ */
/* test control: events the emulated card raises                           */
/* ------------------------------------------------------------------------ */

static void count_event(struct shim_device *d, uint32_t id)
{
	if (id < HL_NUM_EVENTS) {
		hw_events[d->index][id]++;
		hw_events_aggr[d->index][id]++;
	}
}

static uint64_t inject(struct shim_device *d, enum shim_hl_event ev, uint64_t arg)
{
	struct hl_devstate *s = hl_devstate(d);
	int64_t now = shim_now_ns();
	int t;

	switch (ev) {
	case SHIM_HL_EV_RAZWI:
		/* hl_handle_razwi(): the first one, its possible initiators */
		if (!s->razwi_avail) {
			s->razwi_avail = true;
			s->razwi.timestamp = now;
			s->razwi.addr = arg;
			s->razwi.engine_id[0] = GAUDI2_DCORE0_ENGINE_ID_TPC_0;
			s->razwi.num_of_possible_engines = 1;
			s->razwi.flags = HL_RAZWI_WRITE | HL_RAZWI_HBW;
		}
		return HL_NOTIFIER_EVENT_RAZWI;
	case SHIM_HL_EV_UNDEFINED_OPCODE:
		if (s->undef_armed) {
			s->undef_armed = false;
			s->undef.timestamp = now;
			s->undef.engine_id = (uint32_t)arg;
			s->undef.cq_addr = 0;
			s->undef.cb_addr_streams_len = 0;
		}
		return HL_NOTIFIER_EVENT_UNDEFINED_OPCODE;
	case SHIM_HL_EV_HW_ERR:
		count_event(d, (uint32_t)arg);
		if (!s->hw_err_avail) {
			s->hw_err_avail = true;
			s->hw_err.timestamp = now;
			s->hw_err.event_id = (uint16_t)arg;
		}
		return HL_NOTIFIER_EVENT_CRITICL_HW_ERR;
	case SHIM_HL_EV_FW_ERR:
		if (!s->fw_err_avail) {
			s->fw_err_avail = true;
			s->fw_err.timestamp = now;
			s->fw_err.err_type = (uint16_t)arg;
		}
		return HL_NOTIFIER_EVENT_CRITICL_FW_ERR;
	case SHIM_HL_EV_ENGINE_ERR:
		if (!s->eng_err_avail) {
			s->eng_err_avail = true;
			s->eng_err.timestamp = now;
			s->eng_err.engine_id = (uint16_t)arg;
			s->eng_err.error_count = 1;
		}
		return HL_NOTIFIER_EVENT_USER_ENGINE_ERR;
	case SHIM_HL_EV_TPC_ASSERT:
		return HL_NOTIFIER_EVENT_TPC_ASSERT;
	case SHIM_HL_EV_THROTTLE_POWER:
	case SHIM_HL_EV_THROTTLE_THERMAL:
		/* hl_fw_handle_clk_throttling(): no user notification */
		t = ev == SHIM_HL_EV_THROTTLE_POWER ? HL_CLK_THROTTLE_TYPE_POWER
						    : HL_CLK_THROTTLE_TYPE_THERMAL;
		if (arg) {
			s->throttle_reason |= 1u << t;
			s->throttle_aggregated |= 1u << t;
			s->throttle_start[t] = now;
			s->throttle_end[t] = 0;
		} else {
			s->throttle_reason &= ~(1u << t);
			s->throttle_end[t] = now;
		}
		return 0;
	}
	return 0;
}

__attribute__((visibility("default"))) int
accel_shim_hl_set_multi_cs(int minor, int on)
{
	struct shim_device *d;

	shim_init();
	d = shim_device_get(minor);
	if (!d)
		return -ENODEV;
	pthread_mutex_lock(&shim_lock);
	hl_devstate(d)->multi_cs = on;
	pthread_mutex_unlock(&shim_lock);
	return 0;
}

__attribute__((visibility("default"))) int
accel_shim_hl_inject(int minor, enum shim_hl_event ev, uint64_t arg)
{
	struct shim_device *d;
	uint64_t mask;

	shim_init();
	d = shim_device_get(minor);
	if (!d)
		return -ENODEV;
	pthread_mutex_lock(&shim_lock);
	mask = inject(d, ev, arg);
	if (mask)
		hl_notify_all(d, mask);
	pthread_mutex_unlock(&shim_lock);
	return 0;
}
