// SPDX-License-Identifier: MIT
/*
 * DRM syncobjs, binary and timeline, after drivers/gpu/drm/drm_syncobj.c
 * and drivers/dma-buf/dma-fence-chain.c of 7.2: every ioctl, gated on the
 * driver's DRIVER_SYNCOBJ / DRIVER_SYNCOBJ_TIMELINE as the kernel gates
 * them (a driver with neither answers EOPNOTSUPP), with the kernel's order
 * of checks. A timeline is a chain of fences (struct shim_fence CHAIN
 * nodes); waits are absolute CLOCK_MONOTONIC and answer -ETIME.
 *
 * Not emulated: the WAIT_DEADLINE hint has no effect (no fence here has a
 * set_deadline op), as with most kernel fences.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim_gem_internal.h"

#define DRM_SYNCOBJ_CREATE_SIGNALED			(1 << 0)
#define DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE	(1 << 0)
#define DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE		(1 << 1)
#define DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE	(1 << 0)
#define DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE		(1 << 1)
#define DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL			(1 << 0)
#define DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT		(1 << 1)
#define DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE		(1 << 2)
#define DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE		(1 << 3)
#define DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED		(1 << 0)

/* 5s default for wait submission (drm_syncobj_find_fence) */
#define WAIT_FOR_SUBMIT_TIMEOUT_NS	5000000000LL

struct drm_syncobj_create_k {
	uint32_t handle;
	uint32_t flags;
};

struct drm_syncobj_destroy_k {
	uint32_t handle;
	uint32_t pad;
};

struct drm_syncobj_handle_k {
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
	uint32_t pad;
	uint64_t point;
};

struct drm_syncobj_transfer_k {
	uint32_t src_handle;
	uint32_t dst_handle;
	uint64_t src_point;
	uint64_t dst_point;
	uint32_t flags;
	uint32_t pad;
};

struct drm_syncobj_wait_k {
	uint64_t handles;
	int64_t timeout_nsec;
	uint32_t count_handles;
	uint32_t flags;
	uint32_t first_signaled;
	uint32_t pad;
	uint64_t deadline_nsec;
};

struct drm_syncobj_timeline_wait_k {
	uint64_t handles;
	uint64_t points;
	int64_t timeout_nsec;
	uint32_t count_handles;
	uint32_t flags;
	uint32_t first_signaled;
	uint32_t pad;
	uint64_t deadline_nsec;
};

struct drm_syncobj_eventfd_k {
	uint32_t handle;
	uint32_t flags;
	uint64_t point;
	int32_t fd;
	uint32_t pad;
};

struct drm_syncobj_array_k {
	uint64_t handles;
	uint32_t count_handles;
	uint32_t pad;
};

struct drm_syncobj_timeline_array_k {
	uint64_t handles;
	uint64_t points;
	uint32_t count_handles;
	uint32_t flags;
};

struct shim_syncobj {
	unsigned int refcnt;
	struct shim_fence *fence;	/* the payload: a fence or a chain head */
};

/* a DRM_IOCTL_SYNCOBJ_EVENTFD registration */
struct eventfd_entry {
	struct shim_syncobj *syncobj;
	struct shim_fence *fence;	/* once the point is available */
	uint64_t point;
	uint32_t flags;
	int evfd;			/* the shim's own dup */
	struct eventfd_entry *next;
};

static struct eventfd_entry *eventfds;

static struct shim_syncobj *syncobj_get(struct shim_syncobj *s)
{
	s->refcnt++;
	return s;
}

void shim_syncobj_put(struct shim_syncobj *s)
{
	if (!s || --s->refcnt)
		return;
	shim_fence_put(s->fence);
	free(s);
}

struct shim_syncobj *shim_syncobj_find(struct shim_file *f, uint32_t handle)
{
	struct shim_syncobj *s;

	if (!f->gem)
		return NULL;
	s = shim_handles_find(&f->gem->syncobjs, handle);
	return s ? syncobj_get(s) : NULL;
}

void shim_syncobj_replace_fence(struct shim_syncobj *s, struct shim_fence *fence)
{
	struct shim_fence *old = s->fence;

	s->fence = shim_fence_get(fence);
	shim_fence_put(old);
	shim_fence_kick();
}

/* dma_fence_chain_init() as drm_syncobj_add_point() calls it */
void shim_syncobj_add_point(struct shim_syncobj *s, struct shim_fence *fence,
			    uint64_t point)
{
	struct shim_fence *prev = s->fence, *chain;

	chain = shim_fence_alloc(SHIM_FENCE_CHAIN);
	if (!chain)
		abort();	/* dma_fence_chain_alloc() is done before, with ENOMEM */
	chain->fence = shim_fence_get(fence);
	chain->prev = prev;
	if (prev && prev->kind == SHIM_FENCE_CHAIN && point > prev->seqno) {
		chain->context = prev->context;
		chain->prev_seqno = prev->seqno;
		chain->seqno = point;
	} else {
		chain->context = shim_fence_context_alloc();
		chain->seqno = prev && prev->kind == SHIM_FENCE_CHAIN &&
					       prev->seqno > point ?
				       prev->seqno : point;
	}
	s->fence = chain;
	shim_fence_kick();
}

/* dma_fence_chain_walk() without the collection: the next older node
 * whose own fence has not signalled, or NULL when all have */
static struct shim_fence *chain_walk(struct shim_fence *node)
{
	struct shim_fence *p;

	for (p = node->prev; p; p = p->prev) {
		if (p->kind != SHIM_FENCE_CHAIN)
			return shim_fence_is_signaled(p) ? NULL : p;
		if (!shim_fence_is_signaled(p->fence))
			return p;
	}
	return NULL;
}

/*
 * dma_fence_chain_find_seqno(): *pf (referenced, not NULL) becomes the node
 * to wait on for point (NULL: already signalled); -EINVAL when the point
 * is not submitted yet. Point 0 takes the fence as it is.
 */
static int find_seqno(struct shim_fence **pf, uint64_t point)
{
	struct shim_fence *head = *pf, *node = head;

	if (!point)
		return 0;
	if (head->kind != SHIM_FENCE_CHAIN || head->seqno < point)
		return -EINVAL;
	while (node && node->context == head->context && node->prev_seqno >= point)
		node = chain_walk(node);
	*pf = shim_fence_get(node);
	shim_fence_put(head);
	return 0;
}

/* the fence for point now: 0 and *out (referenced), or -EINVAL */
static int syncobj_point_fence(struct shim_syncobj *s, uint64_t point,
			       struct shim_fence **out)
{
	struct shim_fence *f = shim_fence_get(s->fence);

	if (!f)
		return -EINVAL;
	if (find_seqno(&f, point)) {
		shim_fence_put(f);
		return -EINVAL;
	}
	*out = f ? f : shim_fence_get_stub();
	return 0;
}

int shim_syncobj_find_fence(struct shim_file *f, uint32_t handle,
			    uint64_t point, uint64_t flags,
			    struct shim_fence **out)
{
	struct shim_syncobj *s = shim_syncobj_find(f, handle);
	int64_t deadline;
	int ret;

	if (!s)
		return -ENOENT;
	ret = -EINVAL;
	if (flags & ~(uint64_t)DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT)
		goto out;
	ret = syncobj_point_fence(s, point, out);
	if (!ret || !(flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT))
		goto out;
	deadline = shim_now_ns() + WAIT_FOR_SUBMIT_TIMEOUT_NS;
	while ((ret = syncobj_point_fence(s, point, out))) {
		if (!shim_fence_sleep(deadline)) {
			ret = syncobj_point_fence(s, point, out) ? -ETIME : 0;
			break;
		}
	}
out:
	shim_syncobj_put(s);
	return ret;
}

/* a file's syncobjs go with it (drm_syncobj_release) */
void shim_syncobj_file_release(struct shim_file *f)
{
	struct shim_handles *h = &f->gem->syncobjs;
	uint32_t i;

	for (i = 1; i < h->n; i++)
		shim_syncobj_put(h->v[i]);
}

static int syncobj_check(struct shim_file *f, unsigned int feature)
{
	return f->gem && shim_has_feature(f, feature) ? 0 : -EOPNOTSUPP;
}

/* dma_fence_allocate_private_stub(): a new signalled fence */
static struct shim_fence *private_stub(void)
{
	struct shim_fence *fence = shim_fence_create();

	if (fence) {
		fence->signaled = true;
		fence->timestamp = shim_now_ns();
	}
	return fence;
}

int shim_syncobj_create_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_create_k *a = arg;
	struct shim_syncobj *s;
	int ret = syncobj_check(f, SHIM_DRIVER_SYNCOBJ);

	if (ret)
		return ret;
	if (a->flags & ~DRM_SYNCOBJ_CREATE_SIGNALED)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->refcnt = 1;
	if (a->flags & DRM_SYNCOBJ_CREATE_SIGNALED) {
		s->fence = private_stub();
		if (!s->fence) {
			free(s);
			return -ENOMEM;
		}
	}
	ret = shim_handles_alloc(&f->gem->syncobjs, s, &a->handle);
	if (ret)
		shim_syncobj_put(s);
	return ret;
}

int shim_syncobj_destroy_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_destroy_k *a = arg;
	struct shim_syncobj *s;
	int ret = syncobj_check(f, SHIM_DRIVER_SYNCOBJ);

	if (ret)
		return ret;
	if (a->pad)
		return -EINVAL;
	s = shim_handles_remove(&f->gem->syncobjs, a->handle);
	if (!s)
		return -EINVAL;
	shim_syncobj_put(s);
	return 0;
}

static void syncobj_fd_release(struct shim_file *f)
{
	shim_syncobj_put(f->priv);
}

/* drm_syncobj_get_fd(): an anon inode "syncobj_file" (here an eventfd
 * nobody writes, named so by the readlink interposer) */
static int syncobj_get_fd(struct shim_syncobj *s, int *out)
{
	struct shim_file *f = calloc(1, sizeof(*f));
	int fd, ret;

	if (!f)
		return -ENOMEM;
	fd = eventfd(0, EFD_CLOEXEC);
	if (fd < 0) {
		free(f);
		return -errno;
	}
	f->type = SHIM_FILE_SYNCOBJ;
	f->memfd = -1;
	f->priv = s;
	ret = shim_file_install(fd, f);
	if (ret) {
		syscall(SYS_close, fd);
		free(f);
		return ret;
	}
	syncobj_get(s);
	f->release = syncobj_fd_release;
	*out = fd;
	return 0;
}

int shim_syncobj_handle_to_fd_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_handle_k *a = arg;
	struct shim_syncobj *s;
	struct shim_fence *fence;
	uint64_t point = 0;
	int ret = syncobj_check(f, SHIM_DRIVER_SYNCOBJ);

	if (ret)
		return ret;
	if (a->pad)
		return -EINVAL;
	if (a->flags & ~(DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE |
			 DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE))
		return -EINVAL;
	if (a->flags & DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE)
		point = a->point;
	if (a->flags & DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE) {
		/* drm_syncobj_export_sync_file() */
		ret = shim_syncobj_find_fence(f, a->handle, point, 0, &fence);
		if (ret)
			return ret;
		ret = shim_sync_file_create(fence);
		shim_fence_put(fence);
		if (ret < 0)
			return ret;
		a->fd = ret;
		return 0;
	}
	if (a->point)
		return -EINVAL;
	s = shim_syncobj_find(f, a->handle);
	if (!s)
		return -EINVAL;
	ret = syncobj_get_fd(s, &a->fd);
	shim_syncobj_put(s);
	return ret;
}

int shim_syncobj_fd_to_handle_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_handle_k *a = arg;
	struct shim_file *sf;
	struct shim_syncobj *s;
	struct shim_fence *fence;
	uint64_t point = 0;
	int ret = syncobj_check(f, SHIM_DRIVER_SYNCOBJ);

	if (ret)
		return ret;
	if (a->pad)
		return -EINVAL;
	if (a->flags & ~(DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE |
			 DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE))
		return -EINVAL;
	if (a->flags & DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE)
		point = a->point;
	if (a->flags & DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE) {
		/* drm_syncobj_import_sync_file_fence() */
		fence = shim_sync_file_get_fence(a->fd);
		if (!fence)
			return -EINVAL;
		s = shim_syncobj_find(f, a->handle);
		if (!s) {
			shim_fence_put(fence);
			return -ENOENT;
		}
		if (point)
			shim_syncobj_add_point(s, fence, point);
		else
			shim_syncobj_replace_fence(s, fence);
		shim_fence_put(fence);
		shim_syncobj_put(s);
		return 0;
	}
	if (a->point)
		return -EINVAL;
	/* drm_syncobj_fd_to_handle(): only a syncobj file */
	sf = shim_file_lookup(a->fd);
	if (!sf || sf->type != SHIM_FILE_SYNCOBJ)
		return -EINVAL;
	s = syncobj_get(sf->priv);
	ret = shim_handles_alloc(&f->gem->syncobjs, s, &a->handle);
	if (ret)
		shim_syncobj_put(s);
	return ret;
}

int shim_syncobj_transfer_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_transfer_k *a = arg;
	struct shim_syncobj *dst;
	struct shim_fence *fence;
	int ret = syncobj_check(f, SHIM_DRIVER_SYNCOBJ_TIMELINE);

	if (ret)
		return ret;
	if (a->pad)
		return -EINVAL;
	dst = shim_syncobj_find(f, a->dst_handle);
	if (!dst)
		return -ENOENT;
	ret = shim_syncobj_find_fence(f, a->src_handle, a->src_point, a->flags,
				      &fence);
	if (!ret) {
		/* dma_fence_unwrap_merge() would flatten it; same signalling */
		if (a->dst_point)
			shim_syncobj_add_point(dst, fence, a->dst_point);
		else
			shim_syncobj_replace_fence(dst, fence);
		shim_fence_put(fence);
	}
	shim_syncobj_put(dst);
	return ret;
}

/* drm_syncobj_array_find(): handles copied in, each looked up */
static int array_find(struct shim_file *f, uint64_t uhandles, uint32_t count,
		      struct shim_syncobj ***out)
{
	struct shim_syncobj **v;
	uint32_t *handles, i;
	int ret;

	handles = calloc(count, sizeof(*handles));
	v = calloc(count, sizeof(*v));
	if (!handles || !v) {
		ret = -ENOMEM;
		goto err;
	}
	ret = shim_copy_from_user(handles, uhandles, count * sizeof(*handles));
	if (ret)
		goto err;
	for (i = 0; i < count; i++) {
		v[i] = shim_syncobj_find(f, handles[i]);
		if (!v[i]) {
			while (i--)
				shim_syncobj_put(v[i]);
			ret = -ENOENT;
			goto err;
		}
	}
	free(handles);
	*out = v;
	return 0;
err:
	free(handles);
	free(v);
	return ret;
}

static void array_free(struct shim_syncobj **v, uint32_t count)
{
	uint32_t i;

	for (i = 0; i < count; i++)
		shim_syncobj_put(v[i]);
	free(v);
}

/*
 * drm_syncobj_array_wait_timeout(): timeout_nsec absolute; 0 or a time
 * past polls (drm_timeout_abs_to_jiffies). Fences are taken at the start;
 * with WAIT_FOR_SUBMIT / WAIT_AVAILABLE a missing one is picked up when
 * the syncobj gets it. 0 and *idx, -EINVAL, -EFAULT or -ETIME.
 */
static int array_wait(struct shim_syncobj **objs, uint64_t upoints,
		      uint32_t count, uint32_t flags, int64_t timeout_nsec,
		      uint32_t *idx)
{
	const uint32_t submit = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT |
				DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE;
	bool all = flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL;
	bool avail = flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE;
	struct shim_fence **fences;
	uint64_t *points;
	uint32_t i, signaled = 0;
	int ret;

	points = calloc(count, sizeof(*points));
	fences = calloc(count, sizeof(*fences));
	if (!points || !fences) {
		ret = -ENOMEM;
		goto out;
	}
	if (upoints) {
		ret = shim_copy_from_user(points, upoints, count * sizeof(*points));
		if (ret)
			goto out;
	}
	for (i = 0; i < count; i++) {
		if (syncobj_point_fence(objs[i], points[i], &fences[i])) {
			fences[i] = NULL;
			if (flags & submit)
				continue;
			ret = -EINVAL;
			goto out;
		}
		if (avail || shim_fence_is_signaled(fences[i])) {
			if (!signaled)
				*idx = i;
			signaled++;
		}
	}
	ret = 0;
	if (signaled == count || (signaled && !all))
		goto out;
	for (;;) {
		signaled = 0;
		for (i = 0; i < count; i++) {
			if (!fences[i] && (flags & submit) &&
			    syncobj_point_fence(objs[i], points[i], &fences[i]))
				fences[i] = NULL;
			if (!fences[i])
				continue;
			if (avail || shim_fence_is_signaled(fences[i])) {
				if (!all) {
					*idx = i;
					goto out;
				}
				signaled++;
			}
		}
		if (signaled == count)
			goto out;
		if (timeout_nsec <= 0 || shim_now_ns() >= timeout_nsec) {
			ret = -ETIME;
			goto out;
		}
		shim_fence_sleep(timeout_nsec);
	}
out:
	for (i = 0; fences && i < count; i++)
		shim_fence_put(fences[i]);
	free(fences);
	free(points);
	return ret;
}

int shim_syncobj_wait_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_wait_k *a = arg;
	struct shim_syncobj **objs;
	uint32_t first = ~0u;
	int ret = syncobj_check(f, SHIM_DRIVER_SYNCOBJ);

	if (ret)
		return ret;
	if (a->flags & ~(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL |
			 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT |
			 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE))
		return -EINVAL;
	if (!a->count_handles)
		return 0;
	ret = array_find(f, a->handles, a->count_handles, &objs);
	if (ret)
		return ret;
	ret = array_wait(objs, 0, a->count_handles, a->flags, a->timeout_nsec, &first);
	if (!ret)
		a->first_signaled = first;
	array_free(objs, a->count_handles);
	return ret;
}

int shim_syncobj_timeline_wait_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_timeline_wait_k *a = arg;
	struct shim_syncobj **objs;
	uint32_t first = ~0u;
	int ret = syncobj_check(f, SHIM_DRIVER_SYNCOBJ_TIMELINE);

	if (ret)
		return ret;
	if (a->flags & ~(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL |
			 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT |
			 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE |
			 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE))
		return -EINVAL;
	if (!a->count_handles)
		return 0;
	ret = array_find(f, a->handles, a->count_handles, &objs);
	if (ret)
		return ret;
	/* a NULL points array reads as zeros (no copy) */
	ret = array_wait(objs, a->points, a->count_handles, a->flags,
			 a->timeout_nsec, &first);
	if (!ret)
		a->first_signaled = first;
	array_free(objs, a->count_handles);
	return ret;
}

static int array_prologue(struct shim_file *f, struct drm_syncobj_array_k *a,
			  struct shim_syncobj ***objs)
{
	int ret = syncobj_check(f, SHIM_DRIVER_SYNCOBJ);

	if (ret)
		return ret;
	if (a->pad || !a->count_handles)
		return -EINVAL;
	return array_find(f, a->handles, a->count_handles, objs);
}

int shim_syncobj_reset_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_array_k *a = arg;
	struct shim_syncobj **objs;
	uint32_t i;
	int ret = array_prologue(f, a, &objs);

	if (ret)
		return ret;
	for (i = 0; i < a->count_handles; i++)
		shim_syncobj_replace_fence(objs[i], NULL);
	array_free(objs, a->count_handles);
	return 0;
}

int shim_syncobj_signal_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_array_k *a = arg;
	struct shim_syncobj **objs;
	uint32_t i;
	int ret = array_prologue(f, a, &objs);

	if (ret)
		return ret;
	for (i = 0; i < a->count_handles; i++) {
		/* drm_syncobj_assign_null_handle() */
		struct shim_fence *stub = private_stub();

		if (!stub) {
			ret = -ENOMEM;
			break;
		}
		shim_syncobj_replace_fence(objs[i], stub);
		shim_fence_put(stub);
	}
	array_free(objs, a->count_handles);
	return ret;
}

int shim_syncobj_timeline_signal_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_timeline_array_k *a = arg;
	struct shim_syncobj **objs;
	uint64_t *points;
	uint32_t i;
	int ret = syncobj_check(f, SHIM_DRIVER_SYNCOBJ_TIMELINE);

	if (ret)
		return ret;
	if (a->flags || !a->count_handles)
		return -EINVAL;
	ret = array_find(f, a->handles, a->count_handles, &objs);
	if (ret)
		return ret;
	points = calloc(a->count_handles, sizeof(*points));
	if (!points) {
		ret = -ENOMEM;
		goto out;
	}
	if (a->points)
		ret = shim_copy_from_user(points, a->points,
				     a->count_handles * sizeof(*points));
	for (i = 0; !ret && i < a->count_handles; i++) {
		struct shim_fence *stub = shim_fence_get_stub();

		shim_syncobj_add_point(objs[i], stub, points[i]);
		shim_fence_put(stub);
	}
	free(points);
out:
	array_free(objs, a->count_handles);
	return ret;
}

/* drm_syncobj_query_ioctl(): the last signalled (or submitted) point */
static uint64_t query_point(struct shim_fence *head, bool submitted)
{
	struct shim_fence *last = head, *node;

	if (!head || head->kind != SHIM_FENCE_CHAIN)
		return 0;
	if (submitted)
		return head->seqno;
	/* dma_fence_chain_for_each: the nodes whose fence is unsignalled */
	for (node = chain_walk(head); node; node = chain_walk(node)) {
		if (node->context != head->context)
			break;	/* unordered points: a new context */
		last = node;
		if (node->kind != SHIM_FENCE_CHAIN)
			break;
	}
	return shim_fence_is_signaled(last) ? last->seqno : last->prev_seqno;
}

int shim_syncobj_query_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_timeline_array_k *a = arg;
	struct shim_syncobj **objs;
	uint32_t i;
	int ret = syncobj_check(f, SHIM_DRIVER_SYNCOBJ_TIMELINE);

	if (ret)
		return ret;
	if (a->flags & ~DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED)
		return -EINVAL;
	if (!a->count_handles)
		return -EINVAL;
	ret = array_find(f, a->handles, a->count_handles, &objs);
	if (ret)
		return ret;
	for (i = 0; i < a->count_handles; i++) {
		uint64_t point = query_point(objs[i]->fence,
					     a->flags & DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED);

		ret = shim_copy_to_user(a->points + i * sizeof(point), &point, sizeof(point));
		if (ret)
			break;
	}
	array_free(objs, a->count_handles);
	return ret;
}

static void eventfd_entry_free(struct eventfd_entry *e)
{
	shim_syncobj_put(e->syncobj);
	shim_fence_put(e->fence);
	syscall(SYS_close, e->evfd);
	free(e);
}

/* syncobj_eventfd_entry_func() and the fence callback, on every change */
void shim_syncobj_eventfd_kick(void)
{
	struct eventfd_entry **p = &eventfds, *e;

	while ((e = *p)) {
		uint64_t one = 1;
		bool fire = false;

		if (!e->fence && !syncobj_point_fence(e->syncobj, e->point, &e->fence))
			fire = e->flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE;
		if (e->fence && shim_fence_is_signaled(e->fence))
			fire = true;
		if (!fire) {
			p = &e->next;
			continue;
		}
		if (write(e->evfd, &one, sizeof(one)) != sizeof(one)) {
			/* eventfd_signal() of a full counter: nothing more */
		}
		*p = e->next;
		eventfd_entry_free(e);
	}
}

/* eventfd_ctx_fdget(): an eventfd of the caller's, or EBADF / EINVAL */
static int eventfd_dup(int fd)
{
	char path[64], link[64];
	ssize_t n;

	if (syscall(SYS_fcntl, fd, F_GETFD) < 0)
		return -EBADF;
	if (shim_file_lookup(fd))
		return -EINVAL;	/* our sync_files and syncobj fds are not */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = syscall(SYS_readlinkat, AT_FDCWD, path, link, sizeof(link) - 1);
	if (n < 0)
		return -EINVAL;
	link[n] = 0;
	if (strcmp(link, "anon_inode:[eventfd]"))
		return -EINVAL;
	n = syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 0);
	return n < 0 ? -errno : (int)n;
}

int shim_syncobj_eventfd_ioctl(struct shim_file *f, void *arg)
{
	struct drm_syncobj_eventfd_k *a = arg;
	struct eventfd_entry *e;
	struct shim_syncobj *s;
	int ret = syncobj_check(f, SHIM_DRIVER_SYNCOBJ_TIMELINE);

	if (ret)
		return ret;
	if (a->flags & ~DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE)
		return -EINVAL;
	if (a->pad)
		return -EINVAL;
	s = shim_syncobj_find(f, a->handle);
	if (!s)
		return -ENOENT;
	ret = eventfd_dup(a->fd);
	if (ret < 0) {
		shim_syncobj_put(s);
		return ret;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		syscall(SYS_close, ret);
		shim_syncobj_put(s);
		return -ENOMEM;
	}
	e->syncobj = s;
	e->evfd = ret;
	e->point = a->point;
	e->flags = a->flags;
	e->next = eventfds;
	eventfds = e;
	shim_fence_kick();
	return 0;
}
