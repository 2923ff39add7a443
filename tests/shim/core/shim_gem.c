// SPDX-License-Identifier: MIT
/*
 * GEM objects, handles, flink names, the fake mmap offset space and PRIME,
 * after drivers/gpu/drm/drm_gem.c and drm_prime.c of 7.2 (see shim_gem.h).
 *
 * Objects are memfds, so a CPU mapping through the fake offset, a dma-buf
 * (a second open of the same memfd) and an importer's object alias the
 * same pages. State is per process: a forked child gets a copy, as it
 * gets copies of the fds.
 *
 * Known deviation: fake offsets are handed out upwards from
 * DRM_FILE_PAGE_OFFSET_START and not reused (drm_mm would reuse holes);
 * they are opaque to userspace either way.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim_gem_internal.h"

/* DRM_FILE_PAGE_OFFSET_START on 64-bit, in pages */
#define SHIM_FILE_PAGE_OFFSET_START	((0xFFFFFFFFull >> 12) + 1)
#define SHIM_PAGE_SHIFT			12

#define DRM_CLOEXEC	O_CLOEXEC
#define DRM_RDWR	O_RDWR

struct shim_drm_gem_close {
	uint32_t handle;
	uint32_t pad;
};

struct shim_drm_gem_flink {
	uint32_t handle;
	uint32_t name;
};

struct shim_drm_gem_open {
	uint32_t name;
	uint32_t handle;
	uint64_t size;
};

struct shim_drm_prime_handle {
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
};

static struct {
	struct shim_gem_object *objects;
	uint64_t next_page;
} gem_dev[SHIM_MAX_DEVICES];

/* ------------------------------------------------------------------------ */
/* handle tables                                                            */
/* ------------------------------------------------------------------------ */

int shim_handles_alloc(struct shim_handles *h, void *p, uint32_t *handle)
{
	uint32_t i, n;
	void **v;

	for (i = 1; i < h->n; i++)
		if (!h->v[i])
			goto found;
	n = h->n ? 2 * h->n : 16;
	v = realloc(h->v, n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	memset(v + h->n, 0, (n - h->n) * sizeof(*v));
	i = h->n ? h->n : 1;
	h->v = v;
	h->n = n;
found:
	h->v[i] = p;
	*handle = i;
	return 0;
}

void *shim_handles_find(struct shim_handles *h, uint32_t handle)
{
	return handle && handle < h->n ? h->v[handle] : NULL;
}

void *shim_handles_remove(struct shim_handles *h, uint32_t handle)
{
	void *p = shim_handles_find(h, handle);

	if (p)
		h->v[handle] = NULL;
	return p;
}

/* ------------------------------------------------------------------------ */
/* objects                                                                  */
/* ------------------------------------------------------------------------ */

static struct shim_gem_object *object_alloc(struct shim_device *dev,
					    uint64_t size, int memfd)
{
	struct shim_gem_object *obj = calloc(1, sizeof(*obj));

	if (!obj)
		return NULL;
	obj->dev = dev;
	obj->size = size;
	obj->memfd = memfd;
	obj->refcnt = 1;
	obj->next = gem_dev[dev->index].objects;
	gem_dev[dev->index].objects = obj;
	return obj;
}

int shim_gem_object_create(struct shim_file *f, uint64_t size,
			   struct shim_gem_object **out)
{
	struct shim_gem_object *obj;
	int fd, ret;

	if (!size || size > UINT64_MAX - SHIM_PAGE_SIZE)
		return -EINVAL;
	size = (size + SHIM_PAGE_SIZE - 1) & ~(SHIM_PAGE_SIZE - 1);
	fd = memfd_create("gem", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size)) {
		ret = errno == EFBIG || errno == EINVAL ? -ENOMEM : -errno;
		goto err;
	}
	obj = object_alloc(f->dev, size, fd);
	if (!obj) {
		ret = -ENOMEM;
		goto err;
	}
	obj->resv = shim_resv_create();
	if (!obj->resv) {
		shim_gem_put(obj);
		return -ENOMEM;
	}
	*out = obj;
	return 0;
err:
	shim_real_close(fd);
	return ret;
}

void shim_gem_get(struct shim_gem_object *obj)
{
	obj->refcnt++;
}

void shim_gem_put(struct shim_gem_object *obj)
{
	struct shim_gem_object **p;

	if (!obj || --obj->refcnt)
		return;
	for (p = &gem_dev[obj->dev->index].objects; *p; p = &(*p)->next) {
		if (*p == obj) {
			*p = obj->next;
			break;
		}
	}
	if (obj->free)
		obj->free(obj);
	if (obj->dma_buf)
		shim_file_put(obj->dma_buf);
	if (obj->vaddr)
		shim_real_munmap(obj->vaddr, obj->size);
	shim_resv_put(obj->resv);
	if (obj->memfd >= 0)
		shim_real_close(obj->memfd);
	free(obj);
}

void *shim_gem_vaddr(struct shim_gem_object *obj)
{
	void *p;

	if (obj->vaddr)
		return obj->vaddr;
	p = shim_real_mmap(NULL, obj->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			   obj->memfd, 0);
	if (p == MAP_FAILED)
		return NULL;
	obj->vaddr = p;
	return p;
}

int shim_gem_handle_create(struct shim_file *f, struct shim_gem_object *obj,
			   uint32_t *handle)
{
	struct shim_gem_handle *h;
	int ret;

	if (!f->gem)
		return -EOPNOTSUPP;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->obj = obj;
	ret = shim_handles_alloc(&f->gem->objects, h, handle);
	if (ret) {
		free(h);
		return ret;
	}
	shim_gem_get(obj);
	obj->handle_count++;
	return 0;
}

struct shim_gem_object *shim_gem_lookup(struct shim_file *f, uint32_t handle)
{
	struct shim_gem_handle *h;

	if (!f->gem)
		return NULL;
	h = shim_handles_find(&f->gem->objects, handle);
	if (!h)
		return NULL;
	shim_gem_get(h->obj);
	return h->obj;
}

/* drm_gem_object_release_handle() and drm_gem_object_handle_put_unlocked() */
static void release_handle(struct shim_gem_handle *h)
{
	struct shim_gem_object *obj = h->obj;

	if (h->prime)
		shim_file_put(h->prime);	/* drm_gem_remove_prime_handles() */
	free(h);
	if (--obj->handle_count == 0) {
		obj->name = 0;	/* drm_gem_object_handle_free() */
		/* drm_gem_object_exported_dma_buf_free(): break the cycle */
		if (obj->dma_buf && !obj->imported) {
			shim_file_put(obj->dma_buf);
			obj->dma_buf = NULL;
		}
	}
	shim_gem_put(obj);
}

int shim_gem_file_open(struct shim_file *f)
{
	f->gem = calloc(1, sizeof(*f->gem));
	return f->gem ? 0 : -ENOMEM;
}

void shim_gem_file_release(struct shim_file *f)
{
	struct shim_gem_file *g = f->gem;
	uint32_t i;

	shim_syncobj_file_release(f);
	for (i = 1; i < g->objects.n; i++)
		if (g->objects.v[i])
			release_handle(g->objects.v[i]);
	free(g->objects.v);
	free(g->syncobjs.v);
	free(g);
	f->gem = NULL;
}

/* ------------------------------------------------------------------------ */
/* GEM ioctls                                                               */
/* ------------------------------------------------------------------------ */

int shim_gem_close_ioctl(struct shim_file *f, void *arg)
{
	struct shim_drm_gem_close *a = arg;
	struct shim_gem_handle *h;

	if (!shim_has_feature(f, SHIM_DRIVER_GEM))
		return -EOPNOTSUPP;
	/* drm_gem_handle_delete() */
	h = shim_handles_remove(&f->gem->objects, a->handle);
	if (!h)
		return -EINVAL;
	release_handle(h);
	return 0;
}

/*
 * GEM_FLINK and GEM_OPEN are DRM_AUTH: drm_ioctl_permit() refuses them
 * before the handler to a file that is neither a render client nor
 * authenticated; an accel file never authenticates (no master), so only
 * CAP_SYS_ADMIN passes (drm_file_alloc(): authenticated = capable()).
 */
static bool cap_sys_admin(void)
{
	char line[256];
	bool ret = false;
	FILE *s = fopen("/proc/self/status", "re");

	if (!s)
		return geteuid() == 0;
	while (fgets(line, sizeof(line), s)) {
		unsigned long long caps;

		if (sscanf(line, "CapEff: %llx", &caps) == 1) {
			ret = caps & (1ull << 21);
			break;
		}
	}
	fclose(s);
	return ret;
}

int shim_gem_flink_ioctl(struct shim_file *f, void *arg)
{
	struct shim_drm_gem_flink *a = arg;
	struct shim_gem_object *obj, *o;
	uint32_t name;

	if (!cap_sys_admin())
		return -EACCES;
	if (!shim_has_feature(f, SHIM_DRIVER_GEM))
		return -EOPNOTSUPP;
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -ENOENT;
	if (!obj->name) {
		/* idr_alloc(&dev->object_name_idr, obj, 1, 0): lowest free */
		for (name = 1;; name++) {
			for (o = gem_dev[f->dev->index].objects; o; o = o->next)
				if (o->name == name)
					break;
			if (!o)
				break;
		}
		obj->name = name;
	}
	a->name = obj->name;
	shim_gem_put(obj);
	return 0;
}

int shim_gem_open_ioctl(struct shim_file *f, void *arg)
{
	struct shim_drm_gem_open *a = arg;
	struct shim_gem_object *obj;
	uint32_t handle;
	int ret;

	if (!cap_sys_admin())
		return -EACCES;
	if (!shim_has_feature(f, SHIM_DRIVER_GEM))
		return -EOPNOTSUPP;
	for (obj = gem_dev[f->dev->index].objects; obj; obj = obj->next)
		if (a->name && obj->name == a->name)
			break;
	if (!obj)
		return -ENOENT;
	ret = shim_gem_handle_create(f, obj, &handle);
	if (ret)
		return ret;
	a->handle = handle;
	a->size = obj->size;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* mmap                                                                     */
/* ------------------------------------------------------------------------ */

int shim_gem_mmap_offset(struct shim_gem_object *obj, uint64_t *offset)
{
	uint64_t *next = &gem_dev[obj->dev->index].next_page;

	if (!obj->mmap_offset) {
		if (!*next)
			*next = SHIM_FILE_PAGE_OFFSET_START;
		obj->mmap_offset = *next << SHIM_PAGE_SHIFT;
		*next += obj->size >> SHIM_PAGE_SHIFT;
	}
	*offset = obj->mmap_offset;
	return 0;
}

static bool file_has_handle(struct shim_file *f, struct shim_gem_object *obj)
{
	struct shim_handles *h = &f->gem->objects;
	uint32_t i;

	for (i = 1; i < h->n; i++)
		if (h->v[i] && ((struct shim_gem_handle *)h->v[i])->obj == obj)
			return true;
	return false;
}

/* drm_gem_mmap() -> drm_gem_object_lookup_at_offset() + drm_gem_mmap_obj() */
int shim_gem_mmap(struct shim_file *f, void *addr, size_t len, int prot,
		  int flags, uint64_t offset, void **out)
{
	uint64_t pages = (len + SHIM_PAGE_SIZE - 1) >> SHIM_PAGE_SHIFT;
	struct shim_gem_object *obj;
	void *p;

	/* do_mmap(): before the driver sees it */
	if (!len || (offset & (SHIM_PAGE_SIZE - 1)))
		return -EINVAL;
	if (!f->gem)
		return -ENODEV;
	/* drm_vma_offset_exact_lookup_locked(): exact start, length within */
	for (obj = gem_dev[f->dev->index].objects; obj; obj = obj->next)
		if (obj->mmap_offset && obj->mmap_offset == offset)
			break;
	if (!obj || pages > obj->size >> SHIM_PAGE_SHIFT)
		return -EINVAL;
	if (!file_has_handle(f, obj))
		return -EACCES;	/* drm_vma_node_is_allowed() */
	p = shim_real_mmap(addr, len, prot, flags, obj->memfd, 0);
	if (p == MAP_FAILED)
		return -errno;
	*out = p;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* dma-resv of objects                                                      */
/* ------------------------------------------------------------------------ */

int shim_gem_add_fence(struct shim_gem_object *obj, struct shim_fence *fence,
		       enum shim_resv_usage usage)
{
	int ret = shim_resv_add_fence(obj->resv, fence, usage);

	shim_fence_kick();
	return ret;
}

bool shim_gem_test_signaled(struct shim_gem_object *obj,
			    enum shim_resv_usage usage)
{
	return shim_resv_test_signaled(obj->resv, usage);
}

int shim_gem_wait(struct shim_gem_object *obj, enum shim_resv_usage usage,
		  int64_t abs_ns)
{
	struct shim_resv *resv = shim_resv_get(obj->resv);
	int ret = shim_resv_wait(resv, usage, abs_ns);

	shim_resv_put(resv);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* PRIME                                                                    */
/* ------------------------------------------------------------------------ */

/* drm_gem_prime_handle_to_dmabuf() + fd install */
int shim_prime_handle_to_fd_ioctl(struct shim_file *f, void *arg)
{
	struct shim_drm_prime_handle *a = arg;
	struct shim_gem_handle *h;
	struct shim_gem_object *obj;
	struct shim_file *buf;
	int fd, err;

	/* drm_prime_handle_to_fd_ioctl(): flags first, GEM or not */
	if (a->flags & ~(DRM_CLOEXEC | DRM_RDWR))
		return -EINVAL;
	h = f->gem && shim_has_feature(f, SHIM_DRIVER_GEM) ?
		    shim_handles_find(&f->gem->objects, a->handle) : NULL;
	if (!h)
		return -ENOENT;
	obj = h->obj;
	buf = h->prime;
	if (!buf) {
		/* re-export of an import gives the original dma-buf back */
		buf = obj->dma_buf;
		if (!buf && obj->export) {
			/* export_and_register_object(): the driver's refusal */
			err = obj->export(obj);
			if (err)
				return err;
		}
		if (!buf) {
			buf = shim_dmabuf_wrap(f->dev, obj->memfd, obj->size,
					       (int)a->flags, &err);
			if (!buf)
				return err;
			shim_gem_get(obj);
			buf->gem_obj = obj;
			buf->resv = shim_resv_get(obj->resv);
			obj->dma_buf = buf;	/* takes the wrap's reference */
		}
		shim_file_get(buf);	/* drm_prime_add_buf_handle() */
		h->prime = buf;
	}
	fd = shim_dmabuf_new_fd(buf, (int)a->flags);
	if (fd < 0)
		return fd;
	a->fd = fd;
	return 0;
}

/* drm_prime_lookup_buf_handle(): the file's handle for a dma-buf */
static bool prime_lookup(struct shim_file *f, struct shim_file *buf,
			 uint32_t *handle)
{
	struct shim_handles *hs = &f->gem->objects;
	uint32_t i;

	for (i = 1; i < hs->n; i++) {
		struct shim_gem_handle *h = hs->v[i];

		if (h && h->prime == buf) {
			*handle = i;
			return true;
		}
	}
	return false;
}

/* drm_gem_prime_import_dev(): our own object back, or a new importer */
static int prime_import(struct shim_file *f, struct shim_file *buf,
			struct shim_gem_object **out)
{
	const struct shim_driver *drv = f->dev->drv;
	struct shim_gem_object *obj;
	struct shim_resv *resv;
	int memfd, ret;

	if (buf->gem_obj && buf->gem_obj->dev == f->dev) {
		shim_gem_get(buf->gem_obj);
		*out = buf->gem_obj;
		return 0;
	}
	if (!(drv->features & SHIM_DRIVER_PRIME_IMPORT))
		return -EINVAL;	/* no gem_prime_import_sg_table */
	if (buf->memfd < 0)
		shim_not_emulated("drm core", "PRIME import of a non-GEM dma-buf");
	resv = shim_dmabuf_resv(buf);
	if (!resv)
		return -ENOMEM;
	memfd = (int)syscall(SYS_fcntl, buf->memfd, F_DUPFD_CLOEXEC, 0);
	if (memfd < 0)
		return -errno;
	obj = object_alloc(f->dev, buf->size, memfd);
	if (!obj) {
		shim_real_close(memfd);
		return -ENOMEM;
	}
	obj->imported = true;
	obj->resv = shim_resv_get(resv);	/* obj->resv = dma_buf->resv */
	shim_file_get(buf);
	obj->dma_buf = buf;
	if (drv->gem_prime_import) {
		ret = drv->gem_prime_import(f, obj);
		if (ret) {
			shim_gem_put(obj);
			return ret;
		}
	}
	*out = obj;
	return 0;
}

/* drm_gem_prime_fd_to_handle() */
int shim_prime_fd_to_handle_ioctl(struct shim_file *f, void *arg)
{
	struct shim_drm_prime_handle *a = arg;
	struct shim_gem_object *obj = NULL;
	struct shim_gem_handle *h;
	struct shim_file *buf;
	uint32_t handle;
	int ret;

	/* dma_buf_get(): no such file is EBADF, any other file EINVAL */
	buf = shim_file_lookup(a->fd);
	if (!buf && syscall(SYS_fcntl, a->fd, F_GETFD) < 0)
		return -EBADF;
	if (!buf || buf->type != SHIM_FILE_DMABUF)
		return -EINVAL;
	if (!f->gem || !shim_has_feature(f, SHIM_DRIVER_GEM))
		return -EINVAL;	/* drm_gem_prime_import: no sg_table import */
	if (prime_lookup(f, buf, &handle)) {
		a->handle = handle;
		return 0;
	}
	ret = prime_import(f, buf, &obj);
	if (ret)
		return ret;
	if (!obj->dma_buf) {
		shim_file_get(buf);
		obj->dma_buf = buf;
	}
	ret = shim_gem_handle_create(f, obj, &handle);
	shim_gem_put(obj);
	if (ret)
		return ret;
	h = shim_handles_find(&f->gem->objects, handle);
	shim_file_get(buf);
	h->prime = buf;
	a->handle = handle;
	return 0;
}
