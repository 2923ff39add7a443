// SPDX-License-Identifier: MIT
/*
 * Fences, dma-resv and sync_files for the GEM core (shim_gem.h), after
 * drivers/dma-buf/{dma-fence,dma-fence-chain,dma-fence-array,dma-resv,
 * sync_file}.c of 7.2.
 *
 * A fence is a job's completion (signalled by a backend, now or at a time
 * by the timer thread), a chain node (a timeline point: signalled when its
 * fence and every older node are) or an array (a merge: all of them).
 * Waiters sleep on one condition variable over shim_lock; every change
 * (shim_fence_kick()) wakes them and writes the eventfds of the sync_files
 * whose fence has signalled, so poll() on a sync_file fd works unaided.
 *
 * SYNC_IOC_FILE_INFO reports the sync_file's fence as one fence named
 * "shim" (the kernel's driver and timeline names are each driver's, and
 * containers are not opened up): its status is what libaccel reads.
 * Not emulated (abort): SYNC_IOC_SET_DEADLINE on sync_files.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sync_file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "shim_gem.h"
#include "shim_gem_internal.h"

#ifndef SYNC_IOC_SET_DEADLINE	/* Linux 6.4; struct sync_set_deadline */
#define SYNC_IOC_SET_DEADLINE	_IOW(SYNC_IOC_MAGIC, 5, char[16])
#endif

struct shim_resv_entry {
	struct shim_fence *fence;
	enum shim_resv_usage usage;
};

struct shim_resv {
	unsigned int refcnt;
	struct shim_resv_entry *e;
	unsigned int n, cap;
};

struct shim_sync_file {
	struct shim_fence *fence;
	int evfd;			/* the shim's own dup of the eventfd */
	bool notified;
	struct shim_sync_file *next;
};

static struct shim_fence stub = {
	.refcnt = 1, .kind = SHIM_FENCE_JOB, .signaled = true, .context = 1,
};
static uint64_t next_context = 2;
static struct shim_sync_file *sync_files;

static pthread_once_t cond_once = PTHREAD_ONCE_INIT;
static pthread_cond_t wait_cond;	/* waiters: anything changed */
static pthread_cond_t timer_cond;	/* the timer thread: a new deadline */
static struct shim_fence *timed;	/* fences with a signal_at, referenced */
static bool timer_running;

static void timer_atfork_child(void)
{
	timer_running = false;	/* threads do not survive fork */
}

static void cond_init(void)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&wait_cond, &a);
	pthread_cond_init(&timer_cond, &a);
	pthread_condattr_destroy(&a);
	pthread_atfork(NULL, NULL, timer_atfork_child);
}

static struct timespec to_ts(int64_t ns)
{
	struct timespec ts = { ns / 1000000000LL, ns % 1000000000LL };

	return ts;
}

uint64_t shim_fence_context_alloc(void)
{
	return next_context++;
}

struct shim_fence *shim_fence_alloc(enum shim_fence_kind kind)
{
	struct shim_fence *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->refcnt = 1;
	f->kind = kind;
	return f;
}

struct shim_fence *shim_fence_create(void)
{
	struct shim_fence *f = shim_fence_alloc(SHIM_FENCE_JOB);

	if (f)
		f->context = shim_fence_context_alloc();
	return f;
}

struct shim_fence *shim_fence_create_on(uint64_t context, uint64_t seqno)
{
	struct shim_fence *f = shim_fence_alloc(SHIM_FENCE_JOB);

	if (f) {
		f->context = context;
		f->seqno = seqno;
	}
	return f;
}

struct shim_fence *shim_fence_get(struct shim_fence *fence)
{
	if (fence)
		fence->refcnt++;
	return fence;
}

struct shim_fence *shim_fence_get_stub(void)
{
	return shim_fence_get(&stub);
}

/* iterative along chains: a long timeline must not recurse per point */
void shim_fence_put(struct shim_fence *f)
{
	while (f && f != &stub && --f->refcnt == 0) {
		struct shim_fence *next = NULL;
		unsigned int i;

		if (f->kind == SHIM_FENCE_CHAIN) {
			shim_fence_put(f->fence);
			next = f->prev;
		} else if (f->kind == SHIM_FENCE_ARRAY) {
			for (i = 0; i < f->count; i++)
				shim_fence_put(f->children[i]);
			free(f->children);
		}
		free(f);
		f = next;
	}
}

static void mark_signaled(struct shim_fence *f, int error)
{
	if (f->signaled)
		return;
	f->signaled = true;
	f->error = error;
	f->timestamp = shim_now_ns();
}

void shim_fence_signal(struct shim_fence *fence, int error)
{
	mark_signaled(fence, error);
	shim_fence_kick();
}

static bool leaf_signaled(struct shim_fence *f)
{
	unsigned int i;

	if (f->signaled)
		return true;
	switch (f->kind) {
	case SHIM_FENCE_JOB:
		/* the timer thread may not have run yet */
		if (f->signal_at && shim_now_ns() >= f->signal_at)
			mark_signaled(f, f->pending_error);
		return f->signaled;
	case SHIM_FENCE_ARRAY:
		for (i = 0; i < f->count; i++)
			if (!shim_fence_is_signaled(f->children[i]))
				return false;
		mark_signaled(f, 0);
		return true;
	default:
		return shim_fence_is_signaled(f);
	}
}

/*
 * A chain node is signalled when its fence and all older nodes are
 * (dma_fence_chain_signaled()); a signalled node lets go of its past,
 * as dma_fence_chain_walk() collects it.
 */
bool shim_fence_is_signaled(struct shim_fence *fence)
{
	struct shim_fence *node;

	if (fence->kind != SHIM_FENCE_CHAIN)
		return leaf_signaled(fence);
	for (node = fence; node && !node->signaled; node = node->prev) {
		if (node->kind != SHIM_FENCE_CHAIN) {
			if (!leaf_signaled(node))
				return false;
			break;
		}
		if (!leaf_signaled(node->fence))
			return false;
	}
	mark_signaled(fence, 0);
	shim_fence_put(fence->prev);
	fence->prev = NULL;
	return true;
}

int shim_fence_status(struct shim_fence *fence)
{
	if (!shim_fence_is_signaled(fence))
		return 1;
	if (fence->kind == SHIM_FENCE_CHAIN)
		return fence->fence ? shim_fence_status(fence->fence) : 0;
	return fence->error;
}

bool shim_fence_sleep(int64_t abs_ns)
{
	struct timespec ts;

	pthread_once(&cond_once, cond_init);
	if (abs_ns == INT64_MAX) {
		pthread_cond_wait(&wait_cond, &shim_lock);
		return true;
	}
	if (shim_now_ns() >= abs_ns)
		return false;
	ts = to_ts(abs_ns);
	pthread_cond_timedwait(&wait_cond, &shim_lock, &ts);
	return true;
}

int shim_fence_wait(struct shim_fence *fence, int64_t abs_ns)
{
	int ret = 0;

	shim_fence_get(fence);
	while (!shim_fence_is_signaled(fence)) {
		if (!shim_fence_sleep(abs_ns)) {
			ret = shim_fence_is_signaled(fence) ? 0 : -ETIME;
			break;
		}
	}
	shim_fence_put(fence);
	return ret;
}

static void *timer_main(void *unused)
{
	pthread_mutex_lock(&shim_lock);
	for (;;) {
		struct shim_fence **p = &timed, *f;
		int64_t now = shim_now_ns(), next = INT64_MAX;
		bool fired = false;

		while ((f = *p)) {
			if (f->signaled || now >= f->signal_at) {
				mark_signaled(f, f->pending_error);
				*p = f->timer_next;
				shim_fence_put(f);
				fired = true;
				continue;
			}
			if (f->signal_at < next)
				next = f->signal_at;
			p = &f->timer_next;
		}
		if (fired)
			shim_fence_kick();
		if (next == INT64_MAX) {
			pthread_cond_wait(&timer_cond, &shim_lock);
		} else {
			struct timespec ts = to_ts(next);

			pthread_cond_timedwait(&timer_cond, &shim_lock, &ts);
		}
	}
	return unused;
}

void shim_fence_signal_at(struct shim_fence *fence, int64_t abs_ns, int error)
{
	pthread_once(&cond_once, cond_init);
	if (fence->signaled || fence->signal_at)
		return;
	fence->signal_at = abs_ns > 0 ? abs_ns : 1;
	fence->pending_error = error;
	fence->timer_next = timed;
	timed = shim_fence_get(fence);
	if (!timer_running) {
		pthread_attr_t a;
		pthread_t t;

		pthread_attr_init(&a);
		pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
		timer_running = !pthread_create(&t, &a, timer_main, NULL);
		pthread_attr_destroy(&a);
	}
	pthread_cond_signal(&timer_cond);
}

void shim_fence_kick(void)
{
	struct shim_sync_file *s;

	pthread_once(&cond_once, cond_init);
	pthread_cond_broadcast(&wait_cond);
	for (s = sync_files; s; s = s->next) {
		uint64_t one = 1;

		if (s->notified || !shim_fence_is_signaled(s->fence))
			continue;
		s->notified = true;
		if (write(s->evfd, &one, sizeof(one)) != sizeof(one))
			continue;	/* a full counter stays readable */
	}
	shim_syncobj_eventfd_kick();
}

/* ------------------------------------------------------------------------ */
/* dma-resv                                                                 */
/* ------------------------------------------------------------------------ */

struct shim_resv *shim_resv_create(void)
{
	struct shim_resv *r = calloc(1, sizeof(*r));

	if (r)
		r->refcnt = 1;
	return r;
}

struct shim_resv *shim_resv_get(struct shim_resv *resv)
{
	if (resv)
		resv->refcnt++;
	return resv;
}

void shim_resv_put(struct shim_resv *resv)
{
	unsigned int i;

	if (!resv || --resv->refcnt)
		return;
	for (i = 0; i < resv->n; i++)
		shim_fence_put(resv->e[i].fence);
	free(resv->e);
	free(resv);
}

/* dma_resv_add_fence() */
int shim_resv_add_fence(struct shim_resv *resv, struct shim_fence *fence,
			enum shim_resv_usage usage)
{
	unsigned int i;

	for (i = 0; i < resv->n; i++) {
		struct shim_resv_entry *e = &resv->e[i];

		if ((e->fence->context == fence->context && e->usage >= usage &&
		     fence->seqno >= e->fence->seqno) ||
		    shim_fence_is_signaled(e->fence)) {
			shim_fence_put(e->fence);
			e->fence = shim_fence_get(fence);
			e->usage = usage;
			return 0;
		}
	}
	if (resv->n == resv->cap) {
		unsigned int cap = resv->cap ? 2 * resv->cap : 4;
		struct shim_resv_entry *e = realloc(resv->e, cap * sizeof(*e));

		if (!e)
			return -ENOMEM;
		resv->e = e;
		resv->cap = cap;
	}
	resv->e[resv->n].fence = shim_fence_get(fence);
	resv->e[resv->n].usage = usage;
	resv->n++;
	return 0;
}

/* the fences of usage <= usage, referenced; *count of them */
static struct shim_fence **resv_snapshot(struct shim_resv *resv,
					 enum shim_resv_usage usage,
					 unsigned int *count)
{
	struct shim_fence **v;
	unsigned int i;

	*count = 0;
	v = calloc(resv->n ? resv->n : 1, sizeof(*v));
	if (!v)
		return NULL;
	for (i = 0; i < resv->n; i++)
		if (resv->e[i].usage <= usage)
			v[(*count)++] = shim_fence_get(resv->e[i].fence);
	return v;
}

static void put_all(struct shim_fence **v, unsigned int n)
{
	while (n--)
		shim_fence_put(v[n]);
	free(v);
}

/* dma_resv_wait_timeout(): the fences present now, one after the other */
int shim_resv_wait(struct shim_resv *resv, enum shim_resv_usage usage,
		   int64_t abs_ns)
{
	struct shim_fence **v;
	unsigned int n, i;
	int ret = 0;

	if (!resv)
		return 0;
	v = resv_snapshot(resv, usage, &n);
	if (!v)
		return -ENOMEM;
	for (i = 0; i < n && !ret; i++)
		ret = shim_fence_wait(v[i], abs_ns);
	put_all(v, n);
	return ret;
}

bool shim_resv_test_signaled(struct shim_resv *resv, enum shim_resv_usage usage)
{
	unsigned int i;

	for (i = 0; resv && i < resv->n; i++)
		if (resv->e[i].usage <= usage && !shim_fence_is_signaled(resv->e[i].fence))
			return false;
	return true;
}

/* an array fence over n referenced fences (taken over), or NULL */
struct shim_fence *shim_fence_array(struct shim_fence **v, unsigned int n)
{
	struct shim_fence *a = shim_fence_alloc(SHIM_FENCE_ARRAY);

	if (!a) {
		put_all(v, n);
		return NULL;
	}
	a->context = shim_fence_context_alloc();
	a->children = v;
	a->count = n;
	return a;
}

/* dma_resv_get_singleton() */
struct shim_fence *shim_resv_get_singleton(struct shim_resv *resv,
					   enum shim_resv_usage usage)
{
	struct shim_fence **v, *f;
	unsigned int n;

	if (!resv)
		return NULL;
	v = resv_snapshot(resv, usage, &n);
	if (!v || !n) {
		free(v);
		return NULL;
	}
	if (n == 1) {
		f = v[0];
		free(v);
		return f;
	}
	return shim_fence_array(v, n);
}

/* dma_fence_unwrap_for_each(): the leaves of arrays and chains */
int shim_resv_add_unwrapped(struct shim_resv *resv, struct shim_fence *fence,
			    enum shim_resv_usage usage)
{
	unsigned int i;
	int ret = 0;

	switch (fence->kind) {
	case SHIM_FENCE_ARRAY:
		for (i = 0; i < fence->count && !ret; i++)
			ret = shim_resv_add_unwrapped(resv, fence->children[i], usage);
		return ret;
	case SHIM_FENCE_CHAIN:
		for (; fence && fence->kind == SHIM_FENCE_CHAIN && !ret;
		     fence = fence->prev)
			ret = shim_resv_add_unwrapped(resv, fence->fence, usage);
		if (fence && !ret)
			ret = shim_resv_add_unwrapped(resv, fence, usage);
		return ret;
	default:
		return shim_resv_add_fence(resv, fence, usage);
	}
}

/* ------------------------------------------------------------------------ */
/* sync_files                                                               */
/* ------------------------------------------------------------------------ */

static void sync_file_release(struct shim_file *f)
{
	struct shim_sync_file *s = f->priv, **p;

	for (p = &sync_files; *p; p = &(*p)->next) {
		if (*p == s) {
			*p = s->next;
			break;
		}
	}
	shim_fence_put(s->fence);
	syscall(SYS_close, s->evfd);
	free(s);
}

/* sync_file_create() + fd_install(): an eventfd the shim writes once the
 * fence signals; the fd is O_CLOEXEC as get_unused_fd_flags(O_CLOEXEC) */
int shim_sync_file_create(struct shim_fence *fence)
{
	struct shim_sync_file *s;
	struct shim_file *f;
	int fd, ret;

	s = calloc(1, sizeof(*s));
	f = calloc(1, sizeof(*f));
	if (!s || !f) {
		ret = -ENOMEM;
		goto err_free;
	}
	fd = eventfd(0, EFD_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto err_free;
	}
	s->evfd = (int)syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 0);
	if (s->evfd < 0) {
		ret = -errno;
		goto err_close;
	}
	f->type = SHIM_FILE_SYNC_FILE;
	f->memfd = -1;
	f->priv = s;
	ret = shim_file_install(fd, f);
	if (ret)
		goto err_close2;
	f->release = sync_file_release;
	s->fence = shim_fence_get(fence);
	s->next = sync_files;
	sync_files = s;
	shim_fence_kick();
	return fd;

err_close2:
	syscall(SYS_close, s->evfd);
err_close:
	syscall(SYS_close, fd);
err_free:
	free(s);
	free(f);
	return ret;
}

struct shim_fence *shim_sync_file_get_fence(int fd)
{
	struct shim_file *f = shim_file_lookup(fd);

	if (!f || f->type != SHIM_FILE_SYNC_FILE)
		return NULL;
	return shim_fence_get(((struct shim_sync_file *)f->priv)->fence);
}

/* sync_file_ioctl_merge(): a new sync_file signalled when both are */
static int sync_file_merge(struct shim_sync_file *s, struct sync_merge_data *d)
{
	struct shim_fence *f2, **v, *merged;
	int fd;

	if (d->flags || d->pad)
		return -EINVAL;
	f2 = shim_sync_file_get_fence(d->fd2);
	if (!f2)
		return -ENOENT;
	v = calloc(2, sizeof(*v));
	if (!v) {
		shim_fence_put(f2);
		return -ENOMEM;
	}
	v[0] = shim_fence_get(s->fence);
	v[1] = f2;
	merged = shim_fence_array(v, 2);
	if (!merged)
		return -ENOMEM;
	fd = shim_sync_file_create(merged);
	shim_fence_put(merged);
	if (fd < 0)
		return fd;
	d->fence = fd;
	return 0;
}

/* sync_file_ioctl_fence_info(), the whole fence as one */
static int sync_file_info(struct shim_sync_file *s, struct sync_file_info *info)
{
	int st = shim_fence_status(s->fence);
	/* dma_fence_get_status(): 0 pending, 1 signalled, or the error */
	int status = st == 1 ? 0 : st == 0 ? 1 : st;
	struct sync_fence_info *fi;

	if (info->flags || info->pad)
		return -EINVAL;
	snprintf(info->name, sizeof(info->name), "shim");
	info->status = status;
	if (info->num_fences) {
		fi = (struct sync_fence_info *)(uintptr_t)info->sync_fence_info;
		memset(fi, 0, sizeof(*fi));
		snprintf(fi->obj_name, sizeof(fi->obj_name), "shim");
		snprintf(fi->driver_name, sizeof(fi->driver_name), "shim");
		fi->status = status;
	}
	info->num_fences = 1;
	return 0;
}

int shim_sync_file_ioctl(struct shim_file *f, unsigned long cmd, void *arg)
{
	switch (cmd) {
	case SYNC_IOC_MERGE:
		return sync_file_merge(f->priv, arg);
	case SYNC_IOC_FILE_INFO:
		return sync_file_info(f->priv, arg);
	case SYNC_IOC_SET_DEADLINE:
		shim_not_emulated("sync_file", "SYNC_IOC_SET_DEADLINE");
	default:
		return -ENOTTY;
	}
}
