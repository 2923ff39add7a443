// SPDX-License-Identifier: MIT
/*
 * accel_devinfo - list accelerator devices and their attributes, in the
 * manner of ibv_devinfo. See accel_devinfo(1) for the JSON keys.
 *
 * Exit status: 0 devices shown; 1 no device found (the reason is printed);
 * 2 bad usage; 3 the device named with -d does not exist.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accel/accel.h>

#include "devinfo_hl.h"
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

static const char *caps_text(uint32_t caps, char *buf, size_t len)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ ACCEL_CAP_DMABUF_EXPORT, "dmabuf_export" },
		{ ACCEL_CAP_DMABUF_IMPORT, "dmabuf_import" },
		{ ACCEL_CAP_SUBMIT, "submit" },
		{ ACCEL_CAP_HOST_MAP, "host_map" },
		{ ACCEL_CAP_QUEUE_FD, "queue_fd" },
	};
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(caps & names[i].bit))
			continue;
		used += snprintf(buf + used, len - used, "%s%s", used ? " " : "",
				 names[i].name);
		if (used >= len)
			break;
	}
	return buf;
}

/* Query through an opened context; -errno when it cannot be opened. */
static int query(struct accel_device *dev, struct accel_device_attr *attr)
{
	struct accel_context *ctx;
	int ret;

	ctx = accel_open_device(dev);
	if (!ctx)
		return -errno;
	ret = accel_query_device(ctx, attr, sizeof(*attr));
	accel_close_device(ctx);
	return ret;
}

static void print_text(struct accel_device *dev, const struct opts *o)
{
	struct accel_device_info info;
	struct accel_device_attr attr;
	const char *s;
	char caps[128];
	int ret;

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
	memset(&attr, 0, sizeof(attr));
	ret = query(dev, &attr);
	if (ret) {
		struct hldv_device_info hi;

		printf("\topen:\t\t\tfailed: %s\n", strerror(-ret));
		if (devinfo_hl_query(dev, &hi))
			return;
		printf("\tcard_name:\t\t%.16s (through the control node)\n",
		       hi.card_name);
		printf("\tfw_version:\t\t%.128s\n", hi.cpucp_version);
		printf("\tstatus:\t\t\t%s\n", devinfo_hl_status(hi.status));
		printf("\tin_use:\t\t\t%s\n", hi.compute_ctx_active ? "yes" : "no");
		printf("\tmem_total:\t\t%" PRIu64 "\n", hi.dram_size);
		printf("\tmem_free:\t\t%" PRIu64 "\n", hi.dram_free);
		return;
	}
	printf("\tdriver_version:\t\t%u.%u.%u\n", attr.driver_version_major,
	       attr.driver_version_minor, attr.driver_version_patch);
	if (attr.card_name[0])
		printf("\tcard_name:\t\t%s\n", attr.card_name);
	if (attr.fw_version[0])
		printf("\tfw_version:\t\t%s\n", attr.fw_version);
	printf("\tcaps:\t\t\t%s\n", caps_text(attr.caps, caps, sizeof(caps)));
	printf("\tmem_total:\t\t%" PRIu64 "\n", attr.mem_total);
	printf("\tmem_free:\t\t%" PRIu64 "\n", attr.mem_free);
	printf("\tmax_bo_size:\t\t%" PRIu64 "\n", attr.max_bo_size);
	printf("\tbo_align:\t\t%" PRIu64 "\n", attr.bo_align);
	printf("\tmax_queues:\t\t%u\n", attr.max_queues);
	printf("\tnum_engines:\t\t%u\n", attr.num_engines);
}

static void print_json(struct json_out *j, struct accel_device *dev,
		       const struct opts *o)
{
	struct accel_device_info info;
	struct accel_device_attr attr;
	int ret;

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
	if (o->verbose) {
		memset(&attr, 0, sizeof(attr));
		ret = query(dev, &attr);
		if (ret) {
			struct hldv_device_info hi;

			json_string(j, "open_error", strerror(-ret));
			if (!devinfo_hl_query(dev, &hi)) {
				char name[17], fw[129];

				snprintf(name, sizeof(name), "%.16s", hi.card_name);
				snprintf(fw, sizeof(fw), "%.128s", hi.cpucp_version);
				json_begin_object(j, "control_node");
				json_string(j, "card_name", name);
				json_string(j, "fw_version", fw);
				json_string(j, "status", devinfo_hl_status(hi.status));
				json_bool(j, "in_use", hi.compute_ctx_active);
				json_uint(j, "mem_total", hi.dram_size);
				json_uint(j, "mem_free", hi.dram_free);
				json_end_object(j);
			}
		} else {
			char ver[48], caps[128];

			json_begin_object(j, "attributes");
			snprintf(ver, sizeof(ver), "%u.%u.%u",
				 attr.driver_version_major,
				 attr.driver_version_minor,
				 attr.driver_version_patch);
			json_string(j, "driver_version", ver);
			json_string(j, "card_name", attr.card_name);
			json_string(j, "fw_version", attr.fw_version);
			json_string(j, "caps", caps_text(attr.caps, caps, sizeof(caps)));
			json_uint(j, "mem_total", attr.mem_total);
			json_uint(j, "mem_free", attr.mem_free);
			json_uint(j, "max_bo_size", attr.max_bo_size);
			json_uint(j, "bo_align", attr.bo_align);
			json_uint(j, "max_queues", attr.max_queues);
			json_uint(j, "num_engines", attr.num_engines);
			json_end_object(j);
		}
	}
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
