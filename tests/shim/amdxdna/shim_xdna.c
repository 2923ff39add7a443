// SPDX-License-Identifier: MIT
/*
 * amdxdna emulation: the device model (an AIE2 NPU4, Strix), sysfs,
 * open/release, the ioctl table and the GET_INFO, GET_ARRAY and SET_STATE
 * ioctls, after drivers/accel/amdxdna/{amdxdna_pci_drv.c,aie2_pci.c,
 * amdxdna_sysfs.c,aie2_error.c} of Linux 7.2. BOs live in shim_xdna_bo.c,
 * hardware contexts and execution in shim_xdna_ctx.c.
 *
 * The process is bound by SVA (no IOMMU domain, no carveout): a SHARE
 * BO's device address is its first user mapping.
 *
 * Not emulated (the test aborts, naming the item): GET_INFO
 * QUERY_AIE_STATUS and QUERY_TELEMETRY (firmware queries of the array's
 * state), ERT START_NPU_PREEMPT(_ELF), DESTROY_HWCTX while an EXEC_CMD
 * sleeps on the context. Firmware answers that need real hardware are
 * fixed: the app health report is zero, the PMF metrics say 1500 mW and
 * idle columns, the async error is none.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shim_xdna.h"

static const struct xdna_model models[] = {
	{
		/* Strix (17f0 rev 0x10): dev_npu4_info, npu4_regs.c */
		.name = "npu4",
		.device_id = 0x17f0,
		.revision = 0x10,
		.vbnv = "RyzenAI-npu4",
		.device_type = AMDXDNA_DEV_TYPE_KMQ,
		.fw = { 1, 1, 0, 0 },
		.aie_major = 2,
		.aie_minor = 1,
		.cols = 8,
		.rows = 6,
		.col_size = 0x2000000,
		.core = { 4, 2, 4, 16, 128 },
		.mem = { 1, 1, 6, 64, 192 },
		.shim = { 1, 0, 2, 16, 128 },
		.first_col = 0,
		.col_align_nature = true,
		.hwctx_limit = 16,
		.npuclk_mhz = 1181,
		.hclk_mhz = 1800,
		.hclk_max = 1800,
		.tops_max = 4096 * 8 * 1800 / 1000000,	/* NPU4_DPM_TOPS */
	},
};

struct xdna_client *xdna_clients;
static struct xdna_dev devs[SHIM_MAX_DEVICES];

static const void *xdna_find_model(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (!strcmp(models[i].name, name))
			return &models[i];
	return NULL;
}

struct xdna_dev *xdna_dev_of(struct shim_device *d)
{
	struct xdna_dev *x = &devs[d->index];

	if (!x->m)
		x->m = d->model;
	return x;
}

/* ------------------------------------------------------------------------ */
/* sysfs, open, release                                                     */
/* ------------------------------------------------------------------------ */

static int xdna_populate(struct shim_device *d, const char *dir)
{
	const struct xdna_model *m = d->model;
	char path[1200], target[64];
	int ret = 0;

	ret |= shim_write_file(dir, "vendor", "0x1022\n");
	ret |= shim_write_file(dir, "device", "0x%04x\n", m->device_id);
	ret |= shim_write_file(dir, "subsystem_vendor", "0x1022\n");
	ret |= shim_write_file(dir, "subsystem_device", "0x%04x\n", m->device_id);
	ret |= shim_write_file(dir, "class", "0x118000\n");
	ret |= shim_write_file(dir, "revision", "0x%02x\n", m->revision);
	ret |= shim_write_file(dir, "numa_node", "-1\n");
	ret |= shim_write_file(dir, "modalias",
			       "pci:v00001022d%08Xsv00001022sd%08Xbc11sc80i00\n",
			       m->device_id, m->device_id);
	ret |= shim_write_file(dir, "uevent",
			       "DRIVER=amdxdna\nPCI_CLASS=118000\nPCI_ID=1022:%04X\n"
			       "PCI_SUBSYS_ID=1022:%04X\nPCI_SLOT_NAME=%s\n"
			       "MODALIAS=pci:v00001022d%08Xsv00001022sd%08Xbc11sc80i00\n",
			       m->device_id, m->device_id, d->pci_slot, m->device_id,
			       m->device_id);
	/* amdxdna_sysfs.c, on the PCI device */
	ret |= shim_write_file(dir, "vbnv", "%s\n", m->vbnv);
	ret |= shim_write_file(dir, "device_type", "%d\n", m->device_type);
	ret |= shim_write_file(dir, "fw_version", "%u.%u.%u.%u\n", m->fw[0], m->fw[1],
			       m->fw[2], m->fw[3]);
	/*
	 * The PCI driver is "amdxdna" (KBUILD_MODNAME); the DRM name the core
	 * linked the driver by is amdxdna_drm_drv.name: link the PCI one.
	 */
	snprintf(path, sizeof(path), "%s/driver", dir);
	unlink(path);
	snprintf(target, sizeof(target), "../../../bus/pci/drivers/%s", XDNA_DRV);
	if (symlink(target, path))
		ret = -1;
	snprintf(path, sizeof(path), "%s/../../../bus/pci/drivers/%s", dir, XDNA_DRV);
	if (mkdir(path, 0755) && errno != EEXIST)
		ret = -1;
	return ret ? -EIO : 0;
}

/* amdxdna_drm_open() */
static int xdna_open(struct shim_file *f)
{
	struct xdna_client *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->f = f;
	c->dev = f->dev;
	c->refs = 1;
	c->pid = getpid();
	c->next = xdna_clients;
	xdna_clients = c;
	xdna_dev_of(f->dev);
	f->priv = c;
	return 0;
}

void xdna_client_put(struct xdna_client *c)
{
	struct xdna_client **pp;

	if (--c->refs)
		return;
	for (pp = &xdna_clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	free(c);
}

/* amdxdna_drm_close() -> amdxdna_client_cleanup(), after the handles went */
static void xdna_release(struct shim_file *f)
{
	struct xdna_client *c = f->priv;
	uint32_t i;

	if (!c)
		return;
	xdna_hwctx_remove_all(c);
	for (i = 0; i < c->nheap; i++)
		shim_gem_put(c->heaps[i]->obj);
	c->nheap = 0;
	c->f = NULL;
	f->priv = NULL;
	xdna_client_put(c);
}

/* ------------------------------------------------------------------------ */
/* GET_INFO (aie2_get_info)                                                 */
/* ------------------------------------------------------------------------ */

/* copy min(buffer_size, len) bytes out, as the aie2 getters do */
static int info_out(struct amdxdna_drm_get_info *a, const void *src, size_t len)
{
	size_t n = a->buffer_size < len ? a->buffer_size : len;

	return shim_copy_to_user(a->buffer, src, n);
}

static void fill_entry(struct xdna_hwctx *h, struct amdxdna_drm_hwctx_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->pid = h->client->pid;
	e->context_id = h->id;
	e->start_col = h->start_col;
	e->num_col = h->num_col;
	e->command_submissions = h->seq;
	e->command_completions = h->completed;
	e->pasid = 1;
	e->heap_usage = h->client->heap_usage;
	e->priority = h->qos.priority;
	e->gops = h->qos.gops;
	e->fps = h->qos.fps;
	e->dma_bandwidth = h->qos.dma_bandwidth;
	e->latency = h->qos.latency;
	e->frame_exec_time = h->qos.frame_exec_time;
	e->state = AMDXDNA_HWCTX_STATE_ACTIVE;
	/* aie2_query_app_health(): the emulated firmware reports nothing */
}

/*
 * aie2_hwctx_status_cb() over every client: writes min(entry, element_size)
 * bytes per context; no room left is -EINVAL, which ends the walk.
 */
static void walk_hwctx(struct shim_device *d, uint64_t *buf, uint32_t esize, uint32_t *num)
{
	struct amdxdna_drm_hwctx_entry e;
	struct xdna_client *c;
	struct xdna_hwctx *h;
	size_t n = esize < sizeof(e) ? esize : sizeof(e);

	for (c = xdna_clients; c; c = c->next) {
		if (c->dev != d || !c->f)
			continue;
		for (h = c->hwctxs; h; h = h->next) {
			if (!*num)
				return;
			fill_entry(h, &e);
			if (shim_copy_to_user(*buf, &e, n))
				return;
			*buf += n;
			(*num)--;
		}
	}
}

static int get_sensors(struct xdna_dev *x, struct amdxdna_drm_get_info *a)
{
	struct amdxdna_drm_query_sensor s;
	uint32_t count = 0, i;

	memset(&s, 0, sizeof(s));
	s.type = AMDXDNA_SENSOR_TYPE_POWER;
	s.input = 1500;
	s.unitm = -3;
	snprintf((char *)s.label, sizeof(s.label), "Total Power");
	snprintf((char *)s.units, sizeof(s.units), "mW");
	if (a->buffer_size < sizeof(s))
		goto out;
	if (shim_copy_to_user(a->buffer, &s, sizeof(s)))
		return -EFAULT;
	a->buffer_size -= sizeof(s);
	count++;
	for (i = 0; i < x->m->cols && i < 8; i++) {
		memset(&s, 0, sizeof(s));
		s.type = AMDXDNA_SENSOR_TYPE_COLUMN_UTILIZATION;
		snprintf((char *)s.label, sizeof(s.label), "Column %u Utilization", i);
		snprintf((char *)s.units, sizeof(s.units), "%%");
		if (a->buffer_size < sizeof(s))
			goto out;
		if (shim_copy_to_user(a->buffer + count * sizeof(s), &s, sizeof(s)))
			return -EFAULT;
		a->buffer_size -= sizeof(s);
		count++;
	}
out:
	a->buffer_size = count * sizeof(s);
	return 0;
}

static int xdna_get_info(struct shim_file *f, void *arg)
{
	struct amdxdna_drm_get_info *a = arg;
	struct xdna_dev *x = xdna_dev_of(f->dev);
	const struct xdna_model *m = x->m;

	switch (a->param) {
	case DRM_AMDXDNA_QUERY_AIE_STATUS:
		shim_not_emulated(XDNA_DRV, "DRM_AMDXDNA_QUERY_AIE_STATUS");
	case DRM_AMDXDNA_QUERY_AIE_METADATA: {
		struct amdxdna_drm_query_aie_metadata md = {
			.col_size = m->col_size, .cols = m->cols, .rows = m->rows,
			.version = { m->aie_major, m->aie_minor },
			.core = { m->core.row_count, m->core.row_start, m->core.dma_channel_count,
				  m->core.lock_count, m->core.event_reg_count, { 0 } },
			.mem = { m->mem.row_count, m->mem.row_start, m->mem.dma_channel_count,
				 m->mem.lock_count, m->mem.event_reg_count, { 0 } },
			.shim = { m->shim.row_count, m->shim.row_start, m->shim.dma_channel_count,
				  m->shim.lock_count, m->shim.event_reg_count, { 0 } },
		};

		return info_out(a, &md, sizeof(md)) ? -EFAULT : 0;
	}
	case DRM_AMDXDNA_QUERY_AIE_VERSION: {
		struct amdxdna_drm_query_aie_version v = { m->aie_major, m->aie_minor };

		return info_out(a, &v, sizeof(v)) ? -EFAULT : 0;
	}
	case DRM_AMDXDNA_QUERY_CLOCK_METADATA: {
		struct amdxdna_drm_query_clock_metadata c;

		memset(&c, 0, sizeof(c));
		snprintf((char *)c.mp_npu_clock.name, sizeof(c.mp_npu_clock.name), "MP-NPU Clock");
		c.mp_npu_clock.freq_mhz = m->npuclk_mhz;
		snprintf((char *)c.h_clock.name, sizeof(c.h_clock.name), "H Clock");
		c.h_clock.freq_mhz = m->hclk_mhz;
		return info_out(a, &c, sizeof(c)) ? -EFAULT : 0;
	}
	case DRM_AMDXDNA_QUERY_SENSORS:
		return get_sensors(x, a);
	case DRM_AMDXDNA_QUERY_HW_CONTEXTS: {
		/* aie2_get_hwctx_status(): buffer_size ends as what is left */
		uint64_t buf = a->buffer;
		uint32_t num = a->buffer_size / sizeof(struct amdxdna_drm_query_hwctx);

		walk_hwctx(f->dev, &buf, sizeof(struct amdxdna_drm_query_hwctx), &num);
		a->buffer_size -= (uint32_t)(buf - a->buffer);
		return 0;
	}
	case DRM_AMDXDNA_QUERY_FIRMWARE_VERSION: {
		struct amdxdna_drm_query_firmware_version v = {
			m->fw[0], m->fw[1], m->fw[2], m->fw[3]
		};

		return info_out(a, &v, sizeof(v)) ? -EFAULT : 0;
	}
	case DRM_AMDXDNA_GET_POWER_MODE: {
		struct amdxdna_drm_get_power_mode pm = { .power_mode = x->power_mode };

		return info_out(a, &pm, sizeof(pm)) ? -EFAULT : 0;
	}
	case DRM_AMDXDNA_QUERY_TELEMETRY:
		shim_not_emulated(XDNA_DRV, "DRM_AMDXDNA_QUERY_TELEMETRY");
	case DRM_AMDXDNA_QUERY_RESOURCE_INFO: {
		struct amdxdna_drm_get_resource_info r = {
			.npu_clk_max = m->hclk_max, .npu_tops_max = m->tops_max,
			.npu_task_max = m->hwctx_limit,
			.npu_tops_curr = x->hwctx_num ? m->tops_max : 0,
			.npu_task_curr = x->hwctx_num,
		};

		return info_out(a, &r, sizeof(r)) ? -EFAULT : 0;
	}
	case DRM_AMDXDNA_GET_FORCE_PREEMPT_STATE:
	case DRM_AMDXDNA_GET_FRAME_BOUNDARY_PREEMPT_STATE: {
		struct amdxdna_drm_attribute_state s = {
			.state = a->param == DRM_AMDXDNA_GET_FORCE_PREEMPT_STATE ?
					 x->force_preempt : x->frame_boundary_preempt,
		};

		return info_out(a, &s, sizeof(s)) ? -EFAULT : 0;
	}
	default:
		return -EOPNOTSUPP;
	}
}

/* ------------------------------------------------------------------------ */
/* GET_ARRAY (amdxdna_drm_get_array_ioctl, aie2_get_array)                  */
/* ------------------------------------------------------------------------ */

static int xdna_get_array(struct shim_file *f, void *arg)
{
	struct amdxdna_drm_get_array *a = arg;
	struct xdna_dev *x = xdna_dev_of(f->dev);

	if (a->pad || !a->num_element || !a->element_size)
		return -EINVAL;
	switch (a->param) {
	case DRM_AMDXDNA_HW_CONTEXT_ALL: {
		uint32_t esize, num;
		uint64_t buf = a->buffer;

		if (a->element_size > 4096 || a->num_element > 1024)
			return -EINVAL;
		esize = a->element_size < sizeof(struct amdxdna_drm_hwctx_entry) ?
				a->element_size : sizeof(struct amdxdna_drm_hwctx_entry);
		num = a->num_element * a->element_size / esize;
		walk_hwctx(f->dev, &buf, esize, &num);
		a->element_size = esize;
		a->num_element = (uint32_t)((buf - a->buffer) / esize);
		return 0;
	}
	case DRM_AMDXDNA_HW_LAST_ASYNC_ERR:
		/* aie2_get_array_async_error() */
		a->num_element = 1;
		if (a->element_size > sizeof(x->last_err))
			a->element_size = sizeof(x->last_err);
		return shim_copy_to_user(a->buffer, &x->last_err, a->element_size);
	case DRM_AMDXDNA_BO_USAGE: {
		/* amdxdna_drm_get_bo_usage() */
		struct amdxdna_drm_bo_usage u;
		size_t n = a->element_size < sizeof(u) ? a->element_size : sizeof(u);

		if (a->num_element != 1)
			return -EINVAL;
		memset(&u, 0, sizeof(u));
		if (shim_copy_from_user(&u, a->buffer, n))
			return -EFAULT;
		if (!u.pid)
			return -EINVAL;
		xdna_bo_usage(f->dev, u.pid, &u);
		return shim_copy_to_user(a->buffer, &u, n);
	}
	default:
		return -EOPNOTSUPP;
	}
}

/* ------------------------------------------------------------------------ */
/* SET_STATE (DRM_ROOT_ONLY; aie2_set_state)                                */
/* ------------------------------------------------------------------------ */

/* capable(CAP_SYS_ADMIN) from the effective set this process runs with */
static bool cap_sys_admin(void)
{
	char line[256];
	bool ret = false;
	FILE *fp = fopen("/proc/self/status", "re");

	if (!fp)
		return geteuid() == 0;
	while (fgets(line, sizeof(line), fp)) {
		unsigned long long eff;

		if (sscanf(line, "CapEff: %llx", &eff) == 1) {
			ret = eff & (1ull << 21);
			break;
		}
	}
	fclose(fp);
	return ret;
}

static int xdna_set_state(struct shim_file *f, void *arg)
{
	struct amdxdna_drm_set_state *a = arg;
	struct xdna_dev *x = xdna_dev_of(f->dev);

	/* drm_ioctl_permit(): DRM_ROOT_ONLY */
	if (!cap_sys_admin())
		return -EACCES;
	switch (a->param) {
	case DRM_AMDXDNA_SET_POWER_MODE: {
		struct amdxdna_drm_set_power_mode pm;
		size_t i;

		if (shim_copy_from_user(&pm, a->buffer, sizeof(pm)))
			return -EFAULT;
		for (i = 0; i < sizeof(pm.pad); i++)
			if (pm.pad[i])
				return -EINVAL;
		if (pm.power_mode > POWER_MODE_TURBO)
			return -EINVAL;
		x->power_mode = pm.power_mode;
		return 0;
	}
	case DRM_AMDXDNA_SET_FORCE_PREEMPT:
	case DRM_AMDXDNA_SET_FRAME_BOUNDARY_PREEMPT: {
		struct amdxdna_drm_attribute_state st;
		size_t i;

		if (shim_copy_from_user(&st, a->buffer, sizeof(st)))
			return -EFAULT;
		if (st.state > 1)
			return -EINVAL;
		for (i = 0; i < sizeof(st.pad); i++)
			if (st.pad[i])
				return -EINVAL;
		if (a->param == DRM_AMDXDNA_SET_FORCE_PREEMPT)
			x->force_preempt = st.state;
		else
			x->frame_boundary_preempt = st.state;
		return 0;
	}
	default:
		/* WRITE_AIE_MEM, WRITE_AIE_REG: aie2 has no handler */
		return -EOPNOTSUPP;
	}
}

/* ------------------------------------------------------------------------ */
/* the driver                                                               */
/* ------------------------------------------------------------------------ */

#define XDNA_IOCTL(nr, cmd, fn) \
	[DRM_AMDXDNA_##nr] = { DRM_IOCTL_AMDXDNA_##nr, fn, "DRM_IOCTL_AMDXDNA_" #nr }

static const struct shim_ioctl_desc xdna_ioctls[] = {
	XDNA_IOCTL(CREATE_HWCTX, cmd, xdna_create_hwctx),
	XDNA_IOCTL(DESTROY_HWCTX, cmd, xdna_destroy_hwctx),
	XDNA_IOCTL(CONFIG_HWCTX, cmd, xdna_config_hwctx),
	XDNA_IOCTL(CREATE_BO, cmd, xdna_create_bo),
	XDNA_IOCTL(GET_BO_INFO, cmd, xdna_get_bo_info),
	XDNA_IOCTL(SYNC_BO, cmd, xdna_sync_bo),
	XDNA_IOCTL(EXEC_CMD, cmd, xdna_exec_cmd),
	XDNA_IOCTL(GET_INFO, cmd, xdna_get_info),
	XDNA_IOCTL(SET_STATE, cmd, xdna_set_state),
	XDNA_IOCTL(WAIT_CMD, cmd, xdna_wait_cmd),
	XDNA_IOCTL(GET_ARRAY, cmd, xdna_get_array),
};

const struct shim_driver shim_xdna_driver = {
	.name = "amdxdna_accel_driver",
	.model = xdna_find_model,
	.desc = "AMD XDNA DRM implementation",
	.version = { 0, 10, 0 },
	.features = SHIM_DRIVER_GEM | SHIM_DRIVER_SYNCOBJ | SHIM_DRIVER_SYNCOBJ_TIMELINE |
		    SHIM_DRIVER_PRIME_IMPORT,
	.gem_prime_import = xdna_prime_import,
	.populate = xdna_populate,
	.open = xdna_open,
	.release = xdna_release,
	.mmap = xdna_mmap,
	.ioctls = xdna_ioctls,
	.num_ioctls = sizeof(xdna_ioctls) / sizeof(xdna_ioctls[0]),
};
