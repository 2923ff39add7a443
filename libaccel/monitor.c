// SPDX-License-Identifier: MIT
/*
 * Hot-plug monitoring on libudev: add and remove events of the devices
 * enumeration would list, i.e. accelN nodes of subsystem "accel" and the
 * cardN nodes of subsystem "drm" whose driver a provider claims (vgem).
 *
 * Where udevd runs, events come from its netlink group once it has set up
 * the node (permissions, symlinks); without udevd (containers, initramfs,
 * a bare test VM) they come straight from the kernel, whose devtmpfs has
 * made the node before the event is sent.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libudev.h>

#include "accel_internal.h"

struct monitor_dev {
	char name[64];
	char node[256];
	char driver[64];
};

struct accel_monitor {
	struct accel_object obj;
	pthread_mutex_t lock;		/* udev calls and the known list */
	struct udev *udev;
	struct udev_monitor *um;
	/* devices reported (or present at creation), for remove events */
	struct monitor_dev *known;
	size_t nknown, known_cap;
};

static void copy_str(char *dst, size_t len, const char *src)
{
	size_t n = src ? strnlen(src, len - 1) : 0;

	if (n)
		memcpy(dst, src, n);
	dst[n] = 0;
}

static struct monitor_dev *known_find(struct accel_monitor *mon,
				      const char *name)
{
	size_t i;

	for (i = 0; i < mon->nknown; i++)
		if (!strcmp(mon->known[i].name, name))
			return &mon->known[i];
	return NULL;
}

static int known_add(struct accel_monitor *mon, const struct monitor_dev *d)
{
	struct monitor_dev *k = known_find(mon, d->name);

	if (!k) {
		if (mon->nknown == mon->known_cap) {
			size_t cap = mon->known_cap ? mon->known_cap * 2 : 8;
			void *p = realloc(mon->known, cap * sizeof(*mon->known));

			if (!p)
				return -ENOMEM;
			mon->known = p;
			mon->known_cap = cap;
		}
		k = &mon->known[mon->nknown++];
	}
	*k = *d;
	return 0;
}

static void known_del(struct accel_monitor *mon, struct monitor_dev *k)
{
	*k = mon->known[--mon->nknown];
}

/*
 * Look name up in a fresh enumeration: the kernel devices the library
 * lists, with the driver name it found (sysfs link or DRM_IOCTL_VERSION).
 * Returns 1 and fills *d when listed, 0 when not, or -errno.
 */
static int lookup_listed(const char *name, struct monitor_dev *d)
{
	struct accel_device **list;
	int i, num, found = 0;

	list = accel_get_device_list(&num);
	if (!list)
		return -errno;
	for (i = 0; i < num; i++) {
		const char *node = accel_device_node(list[i]);

		if (!node || strcmp(accel_device_name(list[i]), name))
			continue;
		copy_str(d->name, sizeof(d->name), name);
		copy_str(d->node, sizeof(d->node), node);
		copy_str(d->driver, sizeof(d->driver), accel_device_driver(list[i]));
		found = 1;
		break;
	}
	accel_free_device_list(list);
	return found;
}

static int remember_present(struct accel_monitor *mon)
{
	struct accel_device **list;
	int i, num, ret = 0;

	list = accel_get_device_list(&num);
	if (!list)
		return -errno;
	for (i = 0; i < num && !ret; i++) {
		struct monitor_dev d;
		const char *node = accel_device_node(list[i]);

		if (!node)
			continue;
		copy_str(d.name, sizeof(d.name), accel_device_name(list[i]));
		copy_str(d.node, sizeof(d.node), node);
		copy_str(d.driver, sizeof(d.driver), accel_device_driver(list[i]));
		ret = known_add(mon, &d);
	}
	accel_free_device_list(list);
	return ret;
}

/* accel12, card0: <prefix><digits>; not renderD128, card0-HDMI-A-1 */
static bool is_minor_name(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(name, prefix, n) || !name[n])
		return false;
	for (name += n; *name; name++)
		if (*name < '0' || *name > '9')
			return false;
	return true;
}

static void monitor_release(struct accel_object *obj)
{
	struct accel_monitor *mon = container_of(obj, struct accel_monitor, obj);

	udev_monitor_unref(mon->um);
	udev_unref(mon->udev);
	free(mon->known);
	pthread_mutex_destroy(&mon->lock);
	free(mon);
}

static bool udevd_running(void)
{
	/* what sd_booted-free tools check: udevd's control socket */
	return access("/run/udev/control", F_OK) == 0;
}

ACCEL_EXPORT struct accel_monitor *accel_monitor_create(void)
{
	struct accel_monitor *mon;
	const char *group;
	int err = -ENOMEM;

	accel_call_begin();
	mon = calloc(1, sizeof(*mon));
	if (!mon)
		goto fail;
	pthread_mutex_init(&mon->lock, NULL);
	mon->udev = udev_new();
	if (!mon->udev)
		goto free;
	group = accel_getenv("ACCEL_MONITOR_SOURCE");
	if (!group || (strcmp(group, "udev") && strcmp(group, "kernel")))
		group = udevd_running() ? "udev" : "kernel";
	mon->um = udev_monitor_new_from_netlink(mon->udev, group);
	if (!mon->um) {
		err = errno ? -errno : -ENOMEM;
		goto free;
	}
	if (udev_monitor_filter_add_match_subsystem_devtype(mon->um, "accel", NULL) < 0 ||
	    udev_monitor_filter_add_match_subsystem_devtype(mon->um, "drm", "drm_minor") < 0) {
		err = -ENOMEM;
		goto free;
	}
	err = udev_monitor_enable_receiving(mon->um);
	if (err < 0)
		goto free;
	/* subscribed first, so nothing falls between the scan and the events */
	err = remember_present(mon);
	if (err)
		goto free;
	err = accel_obj_add(&mon->obj, ACCEL_OBJ_MONITOR, monitor_release);
	if (err) {
		monitor_release(&mon->obj);
		goto fail;
	}
	accel_dbg("monitor: listening to %s events", group);
	return accel_obj_handle(&mon->obj);

free:
	if (mon->um)
		udev_monitor_unref(mon->um);
	if (mon->udev)
		udev_unref(mon->udev);
	free(mon->known);
	pthread_mutex_destroy(&mon->lock);
	free(mon);
fail:
	return accel_fail_ptr(__func__, err < 0 ? err : -ENOMEM);
}

static struct accel_monitor *monitor_get(struct accel_monitor *mon, int *err)
{
	struct accel_object *obj = accel_obj_get(mon, ACCEL_OBJ_MONITOR, err);

	/* -ECHILD (inherited across fork) has its reason already */
	if (!obj && *err != -ECHILD)
		accel_set_reason(*err, *err == -ESTALE ? "not a live monitor" :
				 "mon is NULL");
	return obj ? container_of(obj, struct accel_monitor, obj) : NULL;
}

ACCEL_EXPORT int accel_monitor_destroy(struct accel_monitor *mon)
{
	struct accel_object *obj;
	int ret;

	accel_call_begin();
	if (!mon)
		return accel_fail(__func__, accel_set_reason(-EINVAL, "mon is NULL"));
	ret = accel_obj_remove(mon, ACCEL_OBJ_MONITOR, &obj);
	/* a fork child's copy of the parent's monitor: forget it */
	if (ret == ACCEL_OBJ_INHERITED)
		return 0;
	if (ret)
		return accel_fail(__func__, accel_set_reason(ret, "not a live monitor"));
	accel_obj_put(obj);
	return 0;
}

ACCEL_EXPORT int accel_monitor_get_fd(struct accel_monitor *mon)
{
	struct accel_monitor *m;
	int err, fd;

	accel_call_begin();
	m = monitor_get(mon, &err);
	if (!m)
		return accel_fail(__func__, err);
	fd = udev_monitor_get_fd(m->um);
	accel_obj_put(&m->obj);
	return fd;
}

/*
 * Turn one udev event into ev: 1 when it is one to report, 0 when it is
 * not (another kind of node, a change event, a card no provider claims).
 */
static int translate(struct accel_monitor *mon, struct udev_device *ud,
		     struct accel_monitor_event *ev)
{
	const char *action = udev_device_get_action(ud);
	const char *subsys = udev_device_get_subsystem(ud);
	const char *name = udev_device_get_sysname(ud);
	struct monitor_dev d, *k;
	bool accel;
	int ret;

	if (!action || !subsys || !name)
		return 0;
	accel = !strcmp(subsys, "accel");
	if (!is_minor_name(name, accel ? "accel" : "card"))
		return 0;

	memset(&d, 0, sizeof(d));
	copy_str(d.name, sizeof(d.name), name);
	if (!strcmp(action, "add")) {
		ret = lookup_listed(name, &d);
		if (ret < 0)
			return ret;
		/* a DRM card no provider claims is not ours to report */
		if (!ret && !accel)
			return 0;
		if (!ret)
			copy_str(d.node, sizeof(d.node), udev_device_get_devnode(ud));
		ret = known_add(mon, &d);
		if (ret)
			return ret;
		ev->type = ACCEL_MONITOR_ADD;
	} else if (!strcmp(action, "remove")) {
		k = known_find(mon, name);
		if (k) {
			d = *k;
			known_del(mon, k);
		} else if (accel) {
			copy_str(d.node, sizeof(d.node), udev_device_get_devnode(ud));
		} else {
			return 0;
		}
		ev->type = ACCEL_MONITOR_REMOVE;
	} else {
		return 0;
	}
	ev->reserved = 0;
	copy_str(ev->name, sizeof(ev->name), d.name);
	copy_str(ev->node, sizeof(ev->node), d.node);
	copy_str(ev->driver, sizeof(ev->driver), d.driver);
	return 1;
}

ACCEL_EXPORT int accel_monitor_receive(struct accel_monitor *mon,
				       struct accel_monitor_event *ev,
				       size_t ev_size)
{
	struct accel_monitor_event full;
	struct accel_monitor *m;
	int err, ret = 0;

	accel_call_begin();
	if (!ev || ev_size < offsetof(struct accel_monitor_event, name))
		return accel_fail(__func__, accel_set_reason(-EINVAL,
					"ev is NULL or too small"));
	m = monitor_get(mon, &err);
	if (!m)
		return accel_fail(__func__, err);
	pthread_mutex_lock(&m->lock);
	memset(&full, 0, sizeof(full));
	/* drain events that are not ours until one is, or none is left */
	for (;;) {
		struct pollfd pfd = { .fd = udev_monitor_get_fd(m->um),
				      .events = POLLIN };
		struct udev_device *ud;

		if (poll(&pfd, 1, 0) <= 0)
			break;
		errno = 0;
		ud = udev_monitor_receive_device(m->um);
		if (!ud) {
			/* a message that was not a device (filtered, bad sender) */
			if (errno && errno != EAGAIN && errno != EINTR) {
				ret = -errno;
				break;
			}
			continue;
		}
		ret = translate(m, ud, &full);
		udev_device_unref(ud);
		if (ret)
			break;
	}
	pthread_mutex_unlock(&m->lock);
	accel_obj_put(&m->obj);
	if (ret == 1) {
		memset(ev, 0, ev_size);
		memcpy(ev, &full, ev_size < sizeof(full) ? ev_size : sizeof(full));
	}
	return accel_fail(__func__, ret);
}
