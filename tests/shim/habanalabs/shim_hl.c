// SPDX-License-Identifier: MIT
/*
 * habanalabs emulation: device model, sysfs, open/release, the control
 * node and the DEBUG ioctl, after drivers/accel/habanalabs/common/
 * {habanalabs_drv.c,device.c,habanalabs_ioctl.c,sysfs.c} of Linux 7.2.
 * INFO lives in shim_hl_info.c; memory, command buffers and command
 * submission in shim_hl_mem.c and shim_hl_cs.c.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "shim_hl.h"

#define HL_CONTROL_MAJOR	508

static const struct hl_model models[] = {
	{
		/* Gaudi2 (HL-225): six HBMs of 16 GiB, 768 MiB DRAM pages */
		.name = "gaudi2",
		.device_type = "GAUDI2",
		.device_id = 0x1020,
		.revision = 1,
		.card_name = "HL225",
		.dram_phys_base = 0x1001000000000000ull,
		.dram_total = 6 * (16ull << 30),
		.dram_page_size = 16 * 6 * (8ull << 20),
		.dmmu_page_size = 1ull << 30,
		.sram_base = 0x1000FFFFFD000000ull,
		.sram_size = 0x3000000,
		.host_va_start = 0xFFF0000000000000ull,	/* VA_HOST_SPACE_PAGE_* */
		.host_va_end = 0xFFF0800000000000ull,
		.host_hpage_va_start = 0xFFF0800000000000ull,
		.host_hpage_va_end = 0xFFF1000000000000ull,
		.host_huge_page = 2ull << 20,
		.max_queues = GAUDI2_QUEUE_ID_SIZE,
		.cpu_pq = GAUDI2_QUEUE_ID_CPU_PQ,
		.num_of_events = 1024,
		/* GAUDI2_IRQ_NUM_USER_FIRST: after the event queue, 20
		 * decoder, completion, 24 NIC, TPC assert and EQ error
		 * vectors; 64 of them; the 10 decoders' come first */
		.first_user_interrupt = 48,
		.num_user_interrupts = 64,
		.num_dec_interrupts = 10,
		.decoder_enabled_mask = 0x3ff,
	},
};

static const char *const status_str[] = {
	"operational", "in reset", "disabled", "needs reset",
	"in device creation", "in reset after device release",
};

struct hl_ctx *hl_contexts;

static const void *hl_find_model(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (!strcmp(models[i].name, name))
			return &models[i];
	return NULL;
}

static uint32_t dev_status(struct shim_device *d)
{
	uint32_t s;

	shim_shared_lock();
	s = d->sh->status;
	shim_shared_unlock();
	return s;
}

/* hl_device_operational() */
bool hl_operational(struct shim_device *d)
{
	uint32_t s = dev_status(d);

	return s == HL_DEVICE_STATUS_OPERATIONAL || s == HL_DEVICE_STATUS_IN_DEVICE_CREATION;
}

/* what the user may allocate: all DRAM minus the driver's first page */
uint64_t hl_dram_user_size(const struct hl_model *m)
{
	return m->dram_total - m->dram_page_size;
}

/* gaudi2_set_dram_properties(): the DRAM VA range starts past the PA range */
uint64_t hl_dmmu_start(const struct hl_model *m)
{
	return m->dram_phys_base +
	       m->dram_page_size * ((m->dram_total + m->dram_page_size - 1) /
				    m->dram_page_size);
}

/* ... and ends at the last whole DRAM page below VA_HBM_SPACE_END */
uint64_t hl_dmmu_end(const struct hl_model *m)
{
	uint64_t start = hl_dmmu_start(m);

	return start + m->dram_page_size *
		       ((0x1002000000000000ull - start) / m->dmmu_page_size);
}

/* ------------------------------------------------------------------------ */
/* sysfs                                                                    */
/* ------------------------------------------------------------------------ */

static int write_status(struct shim_device *d, uint32_t s)
{
	char str[40];

	snprintf(str, sizeof(str), "%s", s < 6 ? status_str[s] : "disabled");
	str[0] = (char)(str[0] - 'a' + 'A');	/* status_show() capitalizes */
	return shim_write_file(d->sysfs_pci, "status", "%s\n", str);
}

static int hl_populate(struct shim_device *d, const char *dir)
{
	const struct hl_model *m = d->model;
	int ret = 0;

	ret |= shim_write_file(dir, "vendor", "0x1da3\n");
	ret |= shim_write_file(dir, "device", "0x%04x\n", m->device_id);
	ret |= shim_write_file(dir, "subsystem_vendor", "0x1da3\n");
	ret |= shim_write_file(dir, "subsystem_device", "0x%04x\n", m->device_id);
	ret |= shim_write_file(dir, "class", "0x120000\n");
	ret |= shim_write_file(dir, "revision", "0x%02x\n", m->revision);
	ret |= shim_write_file(dir, "numa_node", "%d\n", d->index % 2);
	ret |= shim_write_file(dir, "modalias",
			       "pci:v00001DA3d%08Xsv00001DA3sd%08Xbc12sc00i00\n",
			       m->device_id, m->device_id);
	ret |= shim_write_file(dir, "uevent",
			       "DRIVER=habanalabs\nPCI_CLASS=120000\nPCI_ID=1DA3:%04X\n"
			       "PCI_SUBSYS_ID=1DA3:%04X\nPCI_SLOT_NAME=%s\n"
			       "MODALIAS=pci:v00001DA3d%08Xsv00001DA3sd%08Xbc12sc00i00\n",
			       m->device_id, m->device_id, d->pci_slot, m->device_id,
			       m->device_id);
	/* the driver's own attributes (sysfs.c), on the PCI device */
	ret |= shim_write_file(dir, "device_type", "%s\n", m->device_type);
	ret |= shim_write_file(dir, "pci_addr", "%s\n", d->pci_slot);
	ret |= shim_write_file(dir, "module_id", "%d\n", d->index);
	ret |= shim_write_file(dir, "cpucp_ver", "accel-shim emulated firmware\n");
	ret |= shim_write_file(dir, "soft_reset_cnt", "0\n");
	ret |= shim_write_file(dir, "hard_reset_cnt", "0\n");
	ret |= shim_write_file(dir, "security_enabled", "1\n");
	ret |= write_status(d, d->sh->status);
	return ret ? -EIO : 0;
}

/* ------------------------------------------------------------------------ */
/* open / release (hl_device_open, hl_device_release, hl_device_open_ctrl)  */
/* ------------------------------------------------------------------------ */

static int hl_open(struct shim_file *f)
{
	struct shim_device *d = f->dev;
	struct hl_ctx *ctx;
	uint32_t s;
	int ret = 0;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	shim_shared_lock();
	s = d->sh->status;
	if (s != HL_DEVICE_STATUS_OPERATIONAL && s != HL_DEVICE_STATUS_IN_DEVICE_CREATION) {
		ret = (s == HL_DEVICE_STATUS_IN_RESET ||
		       s == HL_DEVICE_STATUS_IN_RESET_AFTER_DEVICE_RELEASE) ? -EAGAIN : -EPERM;
	} else if (d->sh->compute_pid &&
		   (kill(d->sh->compute_pid, 0) == 0 || errno != ESRCH)) {
		/* is_compute_ctx_active; a dead holder's slot is reclaimed */
		ret = -EBUSY;
	} else {
		d->sh->compute_pid = getpid();
		d->sh->open_counter++;
	}
	shim_shared_unlock();
	if (ret) {
		free(ctx);
		return ret;
	}
	ctx->dev = d;
	ctx->m = d->model;
	ctx->next_handle = 1;
	ctx->next_cb_id = 1;
	ctx->next_dram_va = hl_dmmu_start(ctx->m);
	ctx->next_host_va = ctx->m->host_va_start;
	ctx->cs_sequence = 1;
	ctx->eventfd = -1;
	/* hl_device_open(): capture errors anew, remember the open's time */
	hl_err_capture_reset(d);
	hl_devstate(d)->last_open_ns = shim_now_ns();
	ctx->next = hl_contexts;
	hl_contexts = ctx;
	f->priv = ctx;
	return 0;
}

/* the last reference to the compute file is gone (fds, dma-bufs, mmaps) */
static void hl_release(struct shim_file *f)
{
	struct hl_ctx *ctx = f->priv, **pp;

	if (!ctx)
		return;
	/* hl_ctx_fini(): the device leaves debug mode with its context */
	if (ctx->in_debug)
		hl_set_debug_mode(ctx, false);
	hl_intr_release(ctx);
	hl_mem_release(ctx);
	hl_sync_release(ctx);
	if (ctx->eventfd >= 0)
		shim_real_close(ctx->eventfd);
	/* hl_device_release(): the session's length for OPEN_STATS */
	hl_devstate(f->dev)->last_open_period_ms =
		(uint64_t)(shim_now_ns() - hl_devstate(f->dev)->last_open_ns) / 1000000;
	for (pp = &hl_contexts; *pp; pp = &(*pp)->next) {
		if (*pp == ctx) {
			*pp = ctx->next;
			break;
		}
	}
	shim_shared_lock();
	if (f->dev->sh->compute_pid == getpid())
		f->dev->sh->compute_pid = 0;
	shim_shared_unlock();
	free(ctx);
	f->priv = NULL;
}

static int hl_open_control(struct shim_file *f)
{
	/* hl_ctrl_device_operational(): only a malfunctioning device refuses */
	return dev_status(f->dev) == HL_DEVICE_STATUS_MALFUNCTION ? -EPERM : 0;
}

/* ------------------------------------------------------------------------ */
/* INFO                                                                     */
/* ------------------------------------------------------------------------ */

/* hl_ioctl_control(): INFO only, minus the eventfd/event opcodes */
static int hl_ioctl_control(struct shim_file *f, unsigned long cmd, void *uarg)
{
	struct hl_info_args a = { 0 };
	size_t usize = _IOC_SIZE(cmd);
	int ret;

	if (_IOC_NR(cmd) != _IOC_NR(DRM_IOCTL_HL_INFO))
		return -ENOTTY;
	if (usize > sizeof(a))
		usize = sizeof(a);
	/* _hl_ioctl(): the kernel's own direction bits, the user's size */
	if (shim_copy_from_user(&a, (uintptr_t)uarg, usize))
		return -EFAULT;
	switch (a.op) {
	case HL_INFO_GET_EVENTS:
	case HL_INFO_UNREGISTER_EVENTFD:
	case HL_INFO_REGISTER_EVENTFD:
		ret = -EOPNOTSUPP;
		break;
	default:
		ret = hl_info(f, &a);
		break;
	}
	if (shim_copy_to_user((uintptr_t)uarg, &a, usize))
		ret = -EFAULT;
	return ret;
}

/* ------------------------------------------------------------------------ */
/* DEBUG                                                                    */
/* ------------------------------------------------------------------------ */

/* hl_device_set_debug_mode(): a change of mode, or EFAULT */
int hl_set_debug_mode(struct hl_ctx *ctx, bool enable)
{
	if (enable == ctx->in_debug)
		return -EFAULT;	/* "already in" / "was not in debug mode" */
	if (!enable)
		hl_debug_halt(ctx);
	ctx->in_debug = enable;
	return 0;
}

/* hl_debug_ioctl() */
static int hl_debug_ioctl(struct shim_file *f, void *data)
{
	struct hl_debug_args *a = data;
	struct hl_ctx *ctx = f->priv;

	if (!hl_operational(f->dev))
		return -EBUSY;
	switch (a->op) {
	case HL_DEBUG_OP_ETR:
	case HL_DEBUG_OP_ETF:
	case HL_DEBUG_OP_STM:
	case HL_DEBUG_OP_FUNNEL:
	case HL_DEBUG_OP_BMON:
	case HL_DEBUG_OP_SPMU:
	case HL_DEBUG_OP_TIMESTAMP:
		/* "Rejecting debug configuration request because device not
		 * in debug mode" */
		if (!ctx->in_debug)
			return -EFAULT;
		return hl_debug_coresight(ctx, a);
	case HL_DEBUG_OP_SET_MODE:
		return hl_set_debug_mode(ctx, !!a->enable);
	default:
		return -EINVAL;
	}
}

static const struct shim_ioctl_desc hl_ioctls[] = {
	{ DRM_IOCTL_HL_INFO, hl_info_ioctl, "DRM_IOCTL_HL_INFO" },
	{ DRM_IOCTL_HL_CB, hl_cb_ioctl, "DRM_IOCTL_HL_CB" },
	{ DRM_IOCTL_HL_CS, hl_cs_ioctl, "DRM_IOCTL_HL_CS" },
	{ DRM_IOCTL_HL_WAIT_CS, hl_wait_ioctl, "DRM_IOCTL_HL_WAIT_CS" },
	{ DRM_IOCTL_HL_MEMORY, hl_mem_ioctl, "DRM_IOCTL_HL_MEMORY" },
	{ DRM_IOCTL_HL_DEBUG, hl_debug_ioctl, "DRM_IOCTL_HL_DEBUG" },
};

const struct shim_driver shim_hl_driver = {
	.name = "habanalabs",
	.model = hl_find_model,
	.desc = "Driver for HabanaLabs's AI Accelerators",
	.version = { 7, 2, 0 },		/* the kernel version, as in 7.2 */
	.populate = hl_populate,
	.open = hl_open,
	.release = hl_release,
	.open_control = hl_open_control,
	.ioctl_control = hl_ioctl_control,
	.mmap = hl_mmap,
	.munmap = hl_munmap,
	.ioctls = hl_ioctls,
	.num_ioctls = sizeof(hl_ioctls) / sizeof(hl_ioctls[0]),
	.control_major = HL_CONTROL_MAJOR,
};

/* keep the sysfs status attribute in step with the emulated state */
int shim_hl_status_changed(struct shim_device *d)
{
	uint32_t s = dev_status(d);
	struct hl_ctx *ctx;

	/* a reset aborts what is in flight (hl_abort_waiting_for_cs_completions) */
	if (s != HL_DEVICE_STATUS_OPERATIONAL && s != HL_DEVICE_STATUS_IN_DEVICE_CREATION) {
		int64_t now = shim_now_ns();
		int i;

		/* hl_device_reset() tells every open file */
		if (s == HL_DEVICE_STATUS_IN_RESET)
			hl_notify_all(d, HL_NOTIFIER_EVENT_DEVICE_RESET |
					 HL_NOTIFIER_EVENT_DEVICE_UNAVAILABLE);
		for (ctx = hl_contexts; ctx; ctx = ctx->next) {
			if (ctx->dev != d)
				continue;
			for (i = 0; i < HL_MAX_PENDING_CS; i++) {
				struct hl_cs_rec *r = &ctx->pending[i];

				if (r->seq && r->done_at > now) {
					r->done_at = now;
					r->outcome = HL_CS_ABORTED;
				}
			}
		}
	}
	return write_status(d, s);
}
