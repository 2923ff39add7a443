// SPDX-License-Identifier: MIT
/* The device list and device attributes: no device is opened here. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accel_internal.h"

/*
 * A device list is an array the caller indexes, so what it holds is the
 * array's address, not a handle: live lists are kept in a short list
 * and found by address, never by reading what the caller passed. The
 * entries are device handles; objs holds the devices themselves.
 */
struct device_list {
	struct device_list *next;	/* in live_lists, under list_lock */
	atomic_int refs;
	int num;
	/*
	 * devs is handed out: handles, NULL-terminated, at addresses no
	 * other list ever has (accel_unique_alloc), so a stale list is
	 * never taken for a new one; unique false on the malloc fallback
	 */
	struct accel_device **devs;
	bool unique;
	struct accel_device *objs[];	/* NULL-terminated */
};

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct device_list *live_lists;

static void device_release(struct accel_object *obj)
{
	struct accel_device *dev = container_of(obj, struct accel_device, obj);

	if (dev->provider && dev->provider->device_release)
		dev->provider->device_release(dev);
	free(dev);
}

/* guards flags, skip_reason and stale of every device, see accel_internal.h */
static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;

void accel_device_update(struct accel_device *dev,
			 const struct accel_device *fresh)
{
	pthread_mutex_lock(&state_lock);
	/* providers read flags without the lock: write only real news */
	if (dev->info.flags != fresh->info.flags)
		dev->info.flags = fresh->info.flags;
	if (strcmp(dev->skip_reason, fresh->skip_reason))
		memcpy(dev->skip_reason, fresh->skip_reason, sizeof(dev->skip_reason));
	pthread_mutex_unlock(&state_lock);
}

void accel_device_mark_stale(struct accel_device *dev)
{
	pthread_mutex_lock(&state_lock);
	dev->stale = true;
	pthread_mutex_unlock(&state_lock);
}

void accel_device_atfork(enum accel_fork_phase phase)
{
	if (phase == ACCEL_FORK_PREPARE) {
		pthread_mutex_lock(&list_lock);
		pthread_mutex_lock(&state_lock);
	} else {
		pthread_mutex_unlock(&state_lock);
		pthread_mutex_unlock(&list_lock);
	}
}

bool accel_device_state(const struct accel_device *dev, uint32_t *flags,
			char *buf, size_t len)
{
	bool stale;

	pthread_mutex_lock(&state_lock);
	stale = dev->stale;
	if (flags)
		*flags = dev->info.flags;
	if (buf && len)
		snprintf(buf, len, "%s", dev->skip_reason);
	pthread_mutex_unlock(&state_lock);
	return stale;
}

/* a device stays registered while anything references it */
static struct accel_device *device_register(struct accel_device *dev)
{
	if (!dev)
		return NULL;
	if (accel_obj_add(&dev->obj, ACCEL_OBJ_DEVICE, device_release)) {
		free(dev);
		errno = ENOMEM;
		return NULL;
	}
	return dev;
}

struct accel_device *accel_device_new(void)
{
	return device_register(calloc(1, sizeof(struct accel_device)));
}

/*
 * A new device with a scan candidate's facts. Of the two PATH_MAX
 * strings (most of the struct's 8.7 KB, fixed by the provider ABI) only
 * the text is copied: the rest is never read, so it is neither zeroed
 * nor copied, and its pages need not even be touched.
 */
struct accel_device *accel_device_new_from(const struct accel_device *tmp)
{
	struct accel_device *dev = malloc(sizeof(*dev));
	const size_t tail = offsetof(struct accel_device, bus_id);

	if (!dev)
		return NULL;
	memset(&dev->obj, 0, sizeof(dev->obj));
	memcpy(dev->name, tmp->name, sizeof(dev->name));
	memcpy(dev->driver, tmp->driver, sizeof(dev->driver));
	strcpy(dev->node, tmp->node);
	strcpy(dev->sysfs_path, tmp->sysfs_path);
	memcpy((char *)dev + tail, (const char *)tmp + tail, sizeof(*dev) - tail);
	return device_register(dev);
}

void accel_device_ref(struct accel_device *dev)
{
	accel_obj_ref(&dev->obj);
}

ACCEL_EXPORT void accel_device_put(struct accel_device *dev)
{
	if (dev)
		accel_obj_put(&dev->obj);
}

ACCEL_EXPORT int accel_device_lookup(struct accel_device **dev)
{
	struct accel_object *obj;
	int err;

	obj = accel_obj_get(*dev, ACCEL_OBJ_DEVICE, &err);
	if (!obj)
		return accel_set_reason(err, err == -ESTALE ? "not a device of a live list" :
					"dev is NULL");
	*dev = container_of(obj, struct accel_device, obj);
	return 0;
}

static void list_put(struct device_list *l)
{
	int i;

	if (atomic_fetch_sub(&l->refs, 1) != 1)
		return;
	for (i = 0; i < l->num; i++)
		accel_device_put(l->objs[i]);
	accel_unique_free(l->devs, (l->num + 1) * sizeof(l->devs[0]), l->unique);
	free(l);
}

/* Take the live list out of live_lists (unlink) or a reference to it */
static struct device_list *list_find(struct accel_device **list, bool unlink)
{
	struct device_list **p, *l = NULL;

	pthread_mutex_lock(&list_lock);
	for (p = &live_lists; *p; p = &(*p)->next) {
		if ((*p)->devs != list)
			continue;
		l = *p;
		if (unlink)
			*p = l->next;
		else
			atomic_fetch_add(&l->refs, 1);
		break;
	}
	pthread_mutex_unlock(&list_lock);
	return l;
}

struct accel_device **accel_device_list_get(struct accel_device **list,
					    void **ref)
{
	struct device_list *l = list ? list_find(list, false) : NULL;

	*ref = l;
	return l ? l->objs : NULL;
}

void accel_device_list_put(void *ref)
{
	if (ref)
		list_put(ref);
}

ACCEL_EXPORT struct accel_device **accel_get_device_list(int *num_devices)
{
	struct accel_device **devs;
	struct device_list *l;
	int i, n, ret;

	accel_call_begin();
	ret = accel_scan_devices(&devs, &n);
	if (ret)
		return accel_fail_ptr(__func__, ret);
	l = malloc(sizeof(*l) + (n + 1) * sizeof(l->objs[0]));
	if (!l)
		goto err;
	l->devs = accel_unique_alloc((n + 1) * sizeof(l->devs[0]), &l->unique);
	if (!l->devs) {
		free(l);
		goto err;
	}
	l->num = n;
	atomic_init(&l->refs, 1);
	for (i = 0; i < n; i++) {
		l->objs[i] = devs[i];	/* the scan's references move here */
		l->devs[i] = accel_obj_handle(&devs[i]->obj);
	}
	l->devs[n] = l->objs[n] = NULL;
	pthread_mutex_lock(&list_lock);
	l->next = live_lists;
	live_lists = l;
	pthread_mutex_unlock(&list_lock);
	free(devs);
	if (num_devices)
		*num_devices = n;
	return l->devs;
err:
	for (i = 0; i < n; i++)
		accel_device_put(devs[i]);
	free(devs);
	return accel_fail_ptr(__func__, -ENOMEM);
}

/* NULL, a freed list or a foreign pointer: nothing to do, nothing touched. */
ACCEL_EXPORT void accel_free_device_list(struct accel_device **list)
{
	struct device_list *l = list ? list_find(list, true) : NULL;

	if (l)
		list_put(l);
}

/*
 * Getters return pointers into the device, valid while the caller holds
 * the list (or a context) that references it.
 */
static const struct accel_device *dev_check(const struct accel_device *dev,
					     const char *func)
{
	struct accel_object *obj;
	int err;

	accel_call_begin();
	obj = accel_obj_get(dev, ACCEL_OBJ_DEVICE, &err);
	if (!obj) {
		accel_set_reason(err, err == -ESTALE ? "not a device of a live list" :
				 "dev is NULL");
		accel_fail_ptr(func, err);
		return NULL;
	}
	accel_obj_put(obj);
	return container_of(obj, struct accel_device, obj);
}

/* a getter with nothing to give: NULL, errno ENOENT and why */
static const char *absent(const char *func, const char *what)
{
	accel_set_reason(-ENOENT, "the device has no %s", what);
	return accel_fail_ptr(func, -ENOENT);
}

ACCEL_EXPORT const char *accel_device_name(const struct accel_device *dev)
{
	dev = dev_check(dev, __func__);
	return dev ? dev->name : NULL;
}

ACCEL_EXPORT const char *accel_device_driver(const struct accel_device *dev)
{
	dev = dev_check(dev, __func__);
	return dev ? dev->driver : NULL;
}

ACCEL_EXPORT const char *accel_device_node(const struct accel_device *dev)
{
	dev = dev_check(dev, __func__);
	if (!dev)
		return NULL;
	if (!dev->node[0])
		return absent(__func__, "device node (a userspace device)");
	return dev->node;
}

ACCEL_EXPORT const char *accel_device_provider(const struct accel_device *dev)
{
	dev = dev_check(dev, __func__);
	if (!dev)
		return NULL;
	return dev->provider ? dev->provider->name : NULL;
}

ACCEL_EXPORT const char *accel_device_bus_id(const struct accel_device *dev)
{
	dev = dev_check(dev, __func__);
	if (!dev)
		return NULL;
	if (!dev->bus_id[0])
		return absent(__func__, "bus address");
	return dev->bus_id;
}

ACCEL_EXPORT int accel_device_get_info(const struct accel_device *dev,
				       struct accel_device_info *info,
				       size_t info_size)
{
	struct accel_object *obj;
	int err;

	accel_call_begin();
	if (!info || info_size < sizeof(info->flags))
		return accel_fail(__func__, accel_set_reason(-EINVAL,
					"info is NULL or too small"));
	obj = accel_obj_get(dev, ACCEL_OBJ_DEVICE, &err);
	if (!obj)
		return accel_fail(__func__, accel_set_reason(err, err == -ESTALE ?
					"not a device of a live list" : "dev is NULL"));
	dev = container_of(obj, struct accel_device, obj);
	pthread_mutex_lock(&state_lock);
	accel_copy_out(info, info_size, &dev->info, sizeof(dev->info));
	pthread_mutex_unlock(&state_lock);
	accel_obj_put(obj);
	return 0;
}

ACCEL_EXPORT int accel_describe_device(struct accel_device *dev,
				       struct accel_device_attr *attr,
				       size_t attr_size)
{
	struct accel_device_attr full = { 0 };
	struct accel_object *obj;
	int ret = 0;

	accel_call_begin();
	if (!attr || attr_size < sizeof(attr->comp_mask)) {
		ret = accel_set_reason(-EINVAL, "attr is NULL or too small");
		goto out;
	}
	obj = accel_obj_get(dev, ACCEL_OBJ_DEVICE, &ret);
	if (!obj) {
		accel_set_reason(ret, ret == -ESTALE ? "not a device of a live list" :
				 "dev is NULL");
		goto out;
	}
	dev = container_of(obj, struct accel_device, obj);
	/* both fit: driver names are short, and so are provider names */
	snprintf(full.driver, sizeof(full.driver), "%.31s", dev->driver);
	snprintf(full.provider, sizeof(full.provider), "%.31s",
		 dev->provider ? dev->provider->name : "");
	pthread_mutex_lock(&state_lock);
	full.pci_vendor_id = dev->info.pci_vendor_id;
	full.pci_device_id = dev->info.pci_device_id;
	pthread_mutex_unlock(&state_lock);
	if (dev->provider && dev->provider->describe)
		ret = dev->provider->describe(dev, &full);
	if (!ret)
		accel_copy_out(attr, attr_size, &full, sizeof(full));
	accel_obj_put(obj);
out:
	return accel_fail(__func__, ret);
}

ACCEL_EXPORT int accel_describe_device_props(struct accel_device *dev, accel_prop_fn fn,
					     void *arg)
{
	struct accel_object *obj;
	int ret = 0;

	accel_call_begin();
	if (!fn) {
		ret = accel_set_reason(-EINVAL, "fn is NULL");
		goto out;
	}
	obj = accel_obj_get(dev, ACCEL_OBJ_DEVICE, &ret);
	if (!obj) {
		accel_set_reason(ret, ret == -ESTALE ? "not a device of a live list" :
				 "dev is NULL");
		goto out;
	}
	dev = container_of(obj, struct accel_device, obj);
	if (!dev->provider || !dev->provider->describe_props)
		ret = accel_set_reason(-EOPNOTSUPP, "provider %s decodes no device properties",
				       dev->provider ? dev->provider->name : "(none)");
	else
		ret = dev->provider->describe_props(dev, fn, arg);
	accel_obj_put(obj);
out:
	return accel_fail(__func__, ret);
}
