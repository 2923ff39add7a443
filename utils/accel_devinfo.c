// SPDX-License-Identifier: MIT
/*
 * accel_devinfo - list accelerator devices and their attributes, in the
 * manner of ibv_devinfo. See accel_devinfo(1) for the JSON keys.
 *
 * Exit status: 0 devices shown; 1 no device found (the reason is printed);
 * 2 bad usage; 3 the device named with -d does not exist.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accel/accel.h>

#include "json_out.h"

struct opts {
	const char *device;
	bool list;
	bool verbose;
	bool json;
};

static void usage(FILE *out, const char *argv0)
{
	fprintf(out,
		"Usage: %s [options]\n"
		"  -d, --device=NAME   show only device NAME (e.g. accel0, soft0)\n"
		"  -l, --list          list device names only\n"
		"  -v, --verbose       open each device and show every attribute\n"
		"  -j, --json          machine-readable output (see accel_devinfo(1))\n"
		"  -V, --version       print the libaccel version\n"
		"  -h, --help          this text\n",
		argv0);
}

/*
 * A size for people: the bytes, then binary units ("805306368 (768 MiB)");
 * zero is the word the field means by it (unknown, none, unlimited).
 */
static const char *size_text(uint64_t v, const char *zero, char *buf, size_t len)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double d = (double)v;
	int u = -1;

	if (!v) {
		snprintf(buf, len, "%s", zero);
		return buf;
	}
	while (d >= 1024 && u < 5) {
		d /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%" PRIu64, v);
	else if (d == (double)(uint64_t)d)
		snprintf(buf, len, "%" PRIu64 " (%" PRIu64 " %s)", v, (uint64_t)d, units[u]);
	else
		snprintf(buf, len, "%" PRIu64 " (%.1f %s)", v, d, units[u]);
	return buf;
}

/* a count where 0 means no limit */
static const char *limit_text(uint32_t v, char *buf, size_t len)
{
	if (!v)
		snprintf(buf, len, "unlimited");
	else
		snprintf(buf, len, "%u", v);
	return buf;
}

struct bit_name {
	uint32_t bit;
	const char *name;
};

static const struct bit_name cap_names[] = {
	{ ACCEL_CAP_DMABUF_EXPORT, "dmabuf_export" },
	{ ACCEL_CAP_DMABUF_IMPORT, "dmabuf_import" },
	{ ACCEL_CAP_SUBMIT, "submit" },
	{ ACCEL_CAP_HOST_MAP, "host_map" },
	{ ACCEL_CAP_QUEUE_FD, "queue_fd" },
	{ ACCEL_CAP_FENCE_EXPORT, "fence_export" },
	{ ACCEL_CAP_FENCE_IMPORT, "fence_import" },
	{ ACCEL_CAP_DEPS_ASYNC, "deps_async" },
	{ ACCEL_CAP_CPU_PREP, "cpu_prep" },
	{ ACCEL_CAP_EXCLUSIVE_OPEN, "exclusive_open" },
	{}
};

static const struct bit_name domain_flag_names[] = {
	{ ACCEL_DOMAIN_HOST_VISIBLE, "host_visible" },
	{ ACCEL_DOMAIN_COHERENT, "coherent" },
	{ ACCEL_DOMAIN_CACHED, "cached" },
	{ ACCEL_DOMAIN_WRITE_COMBINED, "write_combined" },
	{ ACCEL_DOMAIN_CONTIGUOUS, "contiguous" },
	{ ACCEL_DOMAIN_EXPORTABLE, "exportable" },
	{ ACCEL_DOMAIN_IMPORTABLE, "importable" },
	{ ACCEL_DOMAIN_COMMAND, "command" },
	{ ACCEL_DOMAIN_DEVICE_LOCAL, "device_local" },
	{ ACCEL_DOMAIN_INIT_ONLY, "init_only" },
	{}
};

static const struct bit_name engine_flag_names[] = {
	{ ACCEL_ENGINE_IN_ORDER, "in_order" },
	{ ACCEL_ENGINE_CMD_BUFFER, "cmd_buffer" },
	{ ACCEL_ENGINE_NEEDS_PROGRAM, "needs_program" },
	{}
};

/* the names of the bits set in v, space-separated */
static const char *bits_text(uint32_t v, const struct bit_name *names, char *buf,
			     size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (; names->name; names++) {
		if (!(v & names->bit))
			continue;
		used += snprintf(buf + used, len - used, "%s%s", used ? " " : "",
				 names->name);
		if (used >= len)
			break;
	}
	return buf;
}

/* the same as a JSON array of strings, for scripts */
static void json_bits(struct json_out *j, const char *key, uint32_t v,
		      const struct bit_name *names)
{
	json_begin_array(j, key);
	for (; names->name; names++)
		if (v & names->bit)
			json_string(j, NULL, names->name);
	json_end_array(j);
}

static const char *state_text(uint32_t state)
{
	static const char *const names[] = { "unknown", "operational", "in_reset",
					     "malfunction", "needs_reset" };

	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "unknown";
}

#define MAX_LIST 32

/* What -v shows: through an open context, or described without one */
struct devinfo {
	struct accel_device_attr attr;
	bool opened;
	char open_error[256];
	bool described;
	struct accel_mem_domain domains[MAX_LIST];
	int ndomains;
	struct accel_engine_info engines[MAX_LIST];
	int nengines;
	char export_error[256];	/* why export fails here, "" if it works */
};

/*
 * A device without dmabuf_export: the provider's reason, from trying it
 * once on a small BO (soft names the missing /dev/udmabuf or dma-heap,
 * a kernel driver its refusal). Nothing is left behind.
 */
static void probe_export(struct accel_context *ctx, struct devinfo *d)
{
	uint64_t size = d->attr.bo_align ? d->attr.bo_align : 4096;
	struct accel_bo *bo;
	const char *why;
	int fd;

	bo = accel_bo_alloc(ctx, size, 0);
	if (!bo) {
		why = accel_last_error();
		snprintf(d->export_error, sizeof(d->export_error),
			 "no BO to try it on: %s", why ? why : strerror(errno));
		return;
	}
	fd = accel_bo_export_dmabuf(bo, O_RDWR);
	if (fd >= 0) {
		close(fd);
	} else {
		why = accel_last_error();
		snprintf(d->export_error, sizeof(d->export_error), "%s",
			 why ? why : strerror(-fd));
	}
	accel_bo_free(bo);
}

static void gather(struct accel_device *dev, struct devinfo *d)
{
	struct accel_context *ctx;
	const char *why;

	memset(d, 0, sizeof(*d));
	ctx = accel_open_device(dev);
	if (ctx && !accel_query_device(ctx, &d->attr, sizeof(d->attr))) {
		d->opened = true;
		d->ndomains = accel_query_mem_domains(ctx, d->domains, MAX_LIST,
						      sizeof(d->domains[0]));
		d->nengines = accel_query_engines(ctx, d->engines, MAX_LIST,
						  sizeof(d->engines[0]));
		if (d->ndomains > MAX_LIST)
			d->ndomains = MAX_LIST;
		if (d->nengines > MAX_LIST)
			d->nengines = MAX_LIST;
		if (!(d->attr.caps & ACCEL_CAP_DMABUF_EXPORT))
			probe_export(ctx, d);
	} else {
		why = accel_last_error();
		snprintf(d->open_error, sizeof(d->open_error), "%s",
			 why ? why : strerror(errno));
		memset(&d->attr, 0, sizeof(d->attr));
		/* a held or failed device may still say something on the side */
		d->described = !accel_describe_device(dev, &d->attr, sizeof(d->attr));
	}
	if (ctx)
		accel_close_device(ctx);
}

/*
 * The provider's decoded properties (accel_describe_device_props()), for
 * any provider that has them: groups come together, so a change of group
 * opens the next one.
 */
struct prop_walk {
	struct json_out *j;	/* NULL: text */
	bool units;		/* JSON: the pass that writes the units */
	char group[64];
	int n;
};

static int prop_text(const struct accel_prop *p, void *arg)
{
	struct prop_walk *w = arg;
	char buf[64];

	if (strcmp(w->group, p->group)) {
		if (!w->n)
			printf("\tproperties:\n");
		snprintf(w->group, sizeof(w->group), "%s", p->group);
		printf("\t    %s:\n", p->group);
	}
	w->n++;
	printf("\t\t%-28s ", p->key);
	if (p->type == ACCEL_PROP_STRING)
		printf("%s\n", p->s);
	else if (p->type == ACCEL_PROP_INT)
		printf("%" PRId64 "%s%s\n", p->i, p->unit ? " " : "", p->unit ? p->unit : "");
	else if (p->unit && !strcmp(p->unit, "B") && p->u >= 1024)
		printf("%s\n", size_text(p->u, "0", buf, sizeof(buf)));
	else
		printf("%" PRIu64 "%s%s\n", p->u, p->unit ? " " : "", p->unit ? p->unit : "");
	return 0;
}

static int prop_json(const struct accel_prop *p, void *arg)
{
	struct prop_walk *w = arg;

	if (w->units && !p->unit)
		return 0;
	if (strcmp(w->group, p->group)) {
		if (w->group[0])
			json_end_object(w->j);
		snprintf(w->group, sizeof(w->group), "%s", p->group);
		json_begin_object(w->j, p->group);
	}
	w->n++;
	if (w->units)
		json_string(w->j, p->key, p->unit);
	else if (p->type == ACCEL_PROP_STRING)
		json_string(w->j, p->key, p->s);
	else if (p->type == ACCEL_PROP_INT)
		json_int(w->j, p->key, p->i);
	else
		json_uint(w->j, p->key, p->u);
	return 0;
}

static void print_props_text(struct accel_device *dev)
{
	struct prop_walk w = { 0 };

	accel_describe_device_props(dev, prop_text, &w);
}

/* "properties": {group: {key: value}}, "property_units": {group: {key: unit}} */
static void print_props_json(struct json_out *j, struct accel_device *dev)
{
	struct prop_walk w = { .j = j };
	int pass;

	for (pass = 0; pass < 2; pass++) {
		memset(w.group, 0, sizeof(w.group));
		w.units = pass;
		json_begin_object(j, pass ? "property_units" : "properties");
		/* no properties (EOPNOTSUPP) leave an empty object; a failure
		 * midway keeps what came before it */
		accel_describe_device_props(dev, prop_json, &w);
		if (w.group[0])
			json_end_object(j);
		json_end_object(j);
	}
}

static void print_text(struct accel_device *dev, const struct opts *o)
{
	struct accel_device_info info;
	const struct accel_device_attr *a;
	struct devinfo d;
	char buf[160];
	const char *s;
	int i;

	accel_device_get_info(dev, &info, sizeof(info));
	printf("device:\t\t\t%s\n", accel_device_name(dev));
	printf("\tdriver:\t\t\t%s\n", accel_device_driver(dev));
	printf("\tprovider:\t\t%s\n", accel_device_provider(dev));
	s = accel_device_node(dev);
	printf("\tnode:\t\t\t%s\n", s ? s : "(userspace device)");
	s = accel_device_bus_id(dev);
	if (s)
		printf("\tbus_id:\t\t\t%s\n", s);
	if (info.pci_vendor_id)
		printf("\tpci_id:\t\t\t%04x:%04x (subsystem %04x:%04x)\n",
		       info.pci_vendor_id, info.pci_device_id,
		       info.pci_subsys_vendor_id, info.pci_subsys_device_id);
	if (info.numa_node >= 0)
		printf("\tnuma_node:\t\t%d\n", info.numa_node);
	if (info.flags & ACCEL_DEVICE_NO_ACCESS)
		printf("\taccess:\t\t\tdenied (see accel_devinfo -v or ACCEL_LOG_LEVEL=warn)\n");
	if (!o->verbose)
		return;
	if (info.modalias[0])
		printf("\tmodalias:\t\t%s\n", info.modalias);
	gather(dev, &d);
	a = &d.attr;
	if (!d.opened) {
		printf("\topen:\t\t\tfailed: %s\n", d.open_error);
		if (!d.described)
			return;
		if (a->card_name[0])
			printf("\tcard_name:\t\t%s (described without opening)\n",
			       a->card_name);
		if (a->fw_version[0])
			printf("\tfw_version:\t\t%s\n", a->fw_version);
		printf("\tstate:\t\t\t%s\n", state_text(a->state));
		printf("\tin_use:\t\t\t%s\n", a->in_use ? "yes" : "no");
		printf("\tmem_total:\t\t%s\n",
		       size_text(a->mem_total, "0 (none)", buf, sizeof(buf)));
		printf("\tmem_free:\t\t%s\n",
		       size_text(a->mem_free, "unknown", buf, sizeof(buf)));
		print_props_text(dev);
		return;
	}
	printf("\tdriver_version:\t\t%u.%u.%u\n", a->driver_version_major,
	       a->driver_version_minor, a->driver_version_patch);
	if (a->card_name[0])
		printf("\tcard_name:\t\t%s\n", a->card_name);
	if (a->fw_version[0])
		printf("\tfw_version:\t\t%s\n", a->fw_version);
	printf("\tstate:\t\t\t%s\n", state_text(a->state));
	printf("\tcaps:\t\t\t%s\n", bits_text(a->caps, cap_names, buf, sizeof(buf)));
	if (d.export_error[0])
		printf("\tdmabuf_export:\t\timpossible: %s\n", d.export_error);
	printf("\tmem_total:\t\t%s\n", size_text(a->mem_total, "0 (none)", buf, sizeof(buf)));
	printf("\tmem_free:\t\t%s\n", size_text(a->mem_free, "unknown", buf, sizeof(buf)));
	printf("\tmax_bo_size:\t\t%s\n",
	       size_text(a->max_bo_size, "unlimited", buf, sizeof(buf)));
	printf("\tbo_align:\t\t%s\n", size_text(a->bo_align, "0", buf, sizeof(buf)));
	printf("\tmax_queues:\t\t%s\n", limit_text(a->max_queues, buf, sizeof(buf)));
	printf("\tnum_engines:\t\t%u\n", a->num_engines);
	for (i = 0; i < d.ndomains; i++) {
		const struct accel_mem_domain *m = &d.domains[i];
		char mb[64];

		printf("\tmem_domain %u:\t\t%s (%s) granule %" PRIu64
		       " max_bo_size %s\n", m->id, m->name,
		       bits_text(m->flags, domain_flag_names, buf, sizeof(buf)), m->granule,
		       size_text(m->max_bo_size, "unlimited", mb, sizeof(mb)));
	}
	for (i = 0; i < d.nengines; i++) {
		const struct accel_engine_info *e = &d.engines[i];

		char inf[16], mb[16];

		printf("\tengine %u:\t\t%s x%u (%s) priority %d..%d in_flight %s max_bos %s\n",
		       e->id, e->name, e->count,
		       bits_text(e->flags, engine_flag_names, buf, sizeof(buf)),
		       e->min_priority, e->max_priority,
		       limit_text(e->max_in_flight, inf, sizeof(inf)),
		       limit_text(e->max_bos, mb, sizeof(mb)));
	}
	print_props_text(dev);
}

static void print_json(struct json_out *j, struct accel_device *dev,
		       const struct opts *o)
{
	struct accel_device_info info;
	const struct accel_device_attr *a;
	struct devinfo d;
	char buf[160];
	int i;

	accel_device_get_info(dev, &info, sizeof(info));
	json_begin_object(j, NULL);
	json_string(j, "name", accel_device_name(dev));
	json_string(j, "driver", accel_device_driver(dev));
	json_string(j, "provider", accel_device_provider(dev));
	json_string(j, "node", accel_device_node(dev));
	json_string(j, "bus_id", accel_device_bus_id(dev));
	json_bool(j, "userspace", info.flags & ACCEL_DEVICE_USERSPACE);
	json_bool(j, "drm_node", info.flags & ACCEL_DEVICE_DRM_NODE);
	json_bool(j, "accessible", !(info.flags & ACCEL_DEVICE_NO_ACCESS));
	json_uint(j, "pci_vendor_id", info.pci_vendor_id);
	json_uint(j, "pci_device_id", info.pci_device_id);
	json_uint(j, "pci_subsys_vendor_id", info.pci_subsys_vendor_id);
	json_uint(j, "pci_subsys_device_id", info.pci_subsys_device_id);
	json_int(j, "numa_node", info.numa_node);
	json_string(j, "modalias", info.modalias[0] ? info.modalias : NULL);
	if (!o->verbose)
		goto out;
	gather(dev, &d);
	a = &d.attr;
	print_props_json(j, dev);
	if (!d.opened) {
		json_string(j, "open_error", d.open_error);
		if (!d.described)
			goto out;
		/* what the provider can say without opening the device */
		json_begin_object(j, "described");
		json_string(j, "card_name", a->card_name);
		json_string(j, "fw_version", a->fw_version);
		json_string(j, "state", state_text(a->state));
		json_bool(j, "in_use", a->in_use);
		json_uint(j, "mem_total", a->mem_total);
		json_uint(j, "mem_free", a->mem_free);
		json_end_object(j);
		goto out;
	}
	json_begin_object(j, "attributes");
	snprintf(buf, sizeof(buf), "%u.%u.%u", a->driver_version_major,
		 a->driver_version_minor, a->driver_version_patch);
	json_string(j, "driver_version", buf);
	json_string(j, "card_name", a->card_name);
	json_string(j, "fw_version", a->fw_version);
	json_string(j, "state", state_text(a->state));
	json_bits(j, "caps", a->caps, cap_names);
	json_string(j, "dmabuf_export_error", d.export_error[0] ? d.export_error : NULL);
	json_uint(j, "mem_total", a->mem_total);
	json_uint(j, "mem_free", a->mem_free);
	json_uint(j, "max_bo_size", a->max_bo_size);
	json_uint(j, "bo_align", a->bo_align);
	json_uint(j, "max_queues", a->max_queues);
	json_uint(j, "num_engines", a->num_engines);
	json_end_object(j);
	json_begin_array(j, "mem_domains");
	for (i = 0; i < d.ndomains; i++) {
		json_begin_object(j, NULL);
		json_uint(j, "id", d.domains[i].id);
		json_string(j, "name", d.domains[i].name);
		json_bits(j, "flags", d.domains[i].flags, domain_flag_names);
		json_uint(j, "granule", d.domains[i].granule);
		json_uint(j, "max_bo_size", d.domains[i].max_bo_size);
		json_uint(j, "va_start", d.domains[i].va_start);
		json_uint(j, "va_end", d.domains[i].va_end);
		json_end_object(j);
	}
	json_end_array(j);
	json_begin_array(j, "engines");
	for (i = 0; i < d.nengines; i++) {
		json_begin_object(j, NULL);
		json_uint(j, "id", d.engines[i].id);
		json_string(j, "name", d.engines[i].name);
		json_uint(j, "count", d.engines[i].count);
		json_bits(j, "flags", d.engines[i].flags, engine_flag_names);
		json_int(j, "min_priority", d.engines[i].min_priority);
		json_int(j, "max_priority", d.engines[i].max_priority);
		json_uint(j, "max_in_flight", d.engines[i].max_in_flight);
		json_uint(j, "max_bos", d.engines[i].max_bos);
		json_end_object(j);
	}
	json_end_array(j);
out:
	json_end_object(j);
}

static void print_report_json(struct json_out *j)
{
	char *buf, *line, *save = NULL;
	int len = accel_get_scan_report(NULL, 0);

	json_begin_array(j, "scan_report");
	if (len > 0 && (buf = malloc(len + 1))) {
		accel_get_scan_report(buf, len + 1);
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			json_string(j, NULL, line);
		free(buf);
	}
	json_end_array(j);
}

static void print_report_text(FILE *out)
{
	int len = accel_get_scan_report(NULL, 0);
	char *buf;

	if (len <= 0 || !(buf = malloc(len + 1)))
		return;
	accel_get_scan_report(buf, len + 1);
	fputs(buf, out);
	free(buf);
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "list", no_argument, NULL, 'l' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, "d:lvjVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->device = optarg;
			break;
		case 'l':
			o->list = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'V':
			printf("accel_devinfo (libaccel) %s\n", accel_version());
			exit(0);
		case 'h':
			usage(stdout, argv[0]);
			exit(0);
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0], argv[optind]);
		usage(stderr, argv[0]);
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct accel_device **list;
	struct opts o = { 0 };
	struct json_out j;
	int i, num, shown = 0, ret;

	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret;
	list = accel_get_device_list(&num);
	if (!list) {
		fprintf(stderr, "accel_devinfo: cannot list devices: %s\n",
			strerror(errno));
		return 1;
	}
	if (o.json) {
		json_init(&j, stdout);
		json_begin_object(&j, NULL);
		json_string(&j, "libaccel_version", accel_version());
		json_begin_array(&j, "devices");
	}
	for (i = 0; i < num; i++) {
		if (o.device && strcmp(o.device, accel_device_name(list[i])))
			continue;
		shown++;
		if (o.json)
			print_json(&j, list[i], &o);
		else if (o.list)
			printf("%s\n", accel_device_name(list[i]));
		else
			print_text(list[i], &o);
	}
	if (o.json) {
		json_end_array(&j);
		print_report_json(&j);
		json_end_object(&j);
		json_finish(&j);
	}

	ret = 0;
	if (o.device && !shown) {
		fprintf(stderr, "accel_devinfo: no device '%s'\n", o.device);
		ret = 3;
	} else if (!num) {
		fprintf(stderr, "accel_devinfo: no accelerator devices found\n");
		print_report_text(stderr);
		ret = 1;
	}
	accel_free_device_list(list);
	return ret;
}
