// SPDX-License-Identifier: MIT
/*
 * Description: hot-plug with the real vgem module. The monitor reports
 * vgem's card being added on modprobe and removed on module unload, with
 * its node and driver. While a context (or a dma-buf exported from it) is
 * open the kernel refuses the unload (delete_module(2) answers EAGAIN,
 * i.e. EWOULDBLOCK: the open file holds a module reference; rmmod prints
 * "in use"), and the context keeps working; once the device is gone, a
 * device handle from before answers ENODEV, also after vgem comes back
 * under the same name, while a fresh enumeration opens the new device.
 */
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "vmtest.h"

#define EVENT_WAIT_MS 10000

/* the next event, waiting up to ms; false when none came */
static bool next_event(struct accel_monitor *mon, struct accel_monitor_event *ev,
		       int ms)
{
	struct pollfd p = { .fd = accel_monitor_get_fd(mon), .events = POLLIN };
	int ret;

	t_assert(p.fd >= 0);
	for (;;) {
		ret = t_ok(accel_monitor_receive(mon, ev, sizeof(*ev)));
		if (ret == 1)
			return true;
		ret = poll(&p, 1, ms);
		t_assert(ret >= 0);
		if (!ret)
			return false;
	}
}

static void expect_event(struct accel_monitor *mon, uint32_t type,
			 const char *name, struct accel_monitor_event *ev)
{
	char node[300];

	if (!next_event(mon, ev, EVENT_WAIT_MS))
		t_fail("no %s event within %d ms", type == ACCEL_MONITOR_ADD ?
		       "add" : "remove", EVENT_WAIT_MS);
	t_info("event: %s %s %s driver=%s", ev->type == ACCEL_MONITOR_ADD ?
	       "add" : ev->type == ACCEL_MONITOR_REMOVE ? "remove" : "?",
	       ev->name, ev->node, ev->driver);
	t_assert(ev->type == type);
	t_assert(!strncmp(ev->name, "card", 4));
	if (name)
		t_assert(!strcmp(ev->name, name));
	snprintf(node, sizeof(node), "/dev/dri/%s", ev->name);
	t_assert(!strcmp(ev->node, node));
	t_assert(!strcmp(ev->driver, "vgem"));
}

static struct accel_device *find_vgem(struct accel_device **list, int num)
{
	int i;

	for (i = 0; i < num; i++)
		if (!strcmp(accel_device_driver(list[i]), "vgem"))
			return list[i];
	return NULL;
}

static void no_event(struct accel_monitor *mon)
{
	struct accel_monitor_event ev;

	if (next_event(mon, &ev, 300))
		t_fail("unexpected event %u %s", ev.type, ev.name);
}

int main(void)
{
	struct accel_device **old_list, **list, *old_dev, *dev;
	struct accel_monitor_event ev;
	struct accel_monitor *mon;
	struct accel_context *ctx;
	struct accel_bo *bo;
	char card[64];
	int num, ret, dmabuf;

	t_require_vm();
	/* start from no vgem; nothing else in this VM holds it */
	if (t_module_loaded("vgem") && t_delete_module("vgem"))
		t_fail("cannot unload vgem before the test: %s", strerror(errno));

	mon = t_ptr(accel_monitor_create());
	t_assert(fcntl(accel_monitor_get_fd(mon), F_GETFD) & FD_CLOEXEC);
	no_event(mon);

	/* appear */
	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	expect_event(mon, ACCEL_MONITOR_ADD, NULL, &ev);
	snprintf(card, sizeof(card), "%s", ev.name);
	t_assert(access(ev.node, F_OK) == 0);

	old_list = t_ptr(accel_get_device_list(&num));
	old_dev = find_vgem(old_list, num);
	t_assert(old_dev && !strcmp(accel_device_name(old_dev), card));
	ctx = t_ptr(accel_open_device(old_dev));

	/* an open context pins the module: try_stop_module() -> EWOULDBLOCK */
	ret = t_delete_module("vgem");
	t_info("unload with a context open: %s", ret ? strerror(-ret) : "done");
	t_assert(ret == -EAGAIN);
	no_event(mon);
	bo = t_ptr(accel_bo_alloc(ctx, 4096, 0));
	memset(t_ptr(accel_bo_map(bo)), 0x3c, 4096);

	/* so does a dma-buf exported from it, after the context is gone */
	dmabuf = t_ok(accel_bo_export_dmabuf(bo, O_RDWR));
	t_ok(accel_close_device(ctx));
	ret = t_delete_module("vgem");
	t_info("unload with an exported dma-buf open: %s",
	       ret ? strerror(-ret) : "done");
	t_assert(ret == -EAGAIN);
	close(dmabuf);

	/* disappear */
	ret = t_delete_module("vgem");
	if (ret)
		t_fail("unload of an unused vgem: %s", strerror(-ret));
	expect_event(mon, ACCEL_MONITOR_REMOVE, card, &ev);
	t_assert(access(ev.node, F_OK) != 0);
	t_null(accel_open_device(old_dev), ENODEV);

	/* reappear under the same name: the old handle stays dead */
	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	expect_event(mon, ACCEL_MONITOR_ADD, card, &ev);
	list = t_ptr(accel_get_device_list(&num));
	dev = find_vgem(list, num);
	t_assert(dev);
	t_null(accel_open_device(old_dev), ENODEV);
	ctx = t_ptr(accel_open_device(dev));
	bo = t_ptr(accel_bo_alloc(ctx, 4096, 0));
	t_ok(accel_bo_free(bo));
	t_ok(accel_close_device(ctx));
	accel_free_device_list(list);
	accel_free_device_list(old_list);

	/* the monitor itself */
	t_err(accel_monitor_receive(mon, NULL, sizeof(ev)), EINVAL);
	t_ok(accel_monitor_destroy(mon));
	t_err(accel_monitor_get_fd(mon), ESTALE);
	t_err(accel_monitor_destroy(mon), ESTALE);
	t_info("ok");
	return T_PASS;
}
