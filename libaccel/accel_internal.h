/* SPDX-License-Identifier: MIT */
/* Core-private declarations shared by the files of libaccel. */
#ifndef ACCEL_INTERNAL_H
#define ACCEL_INTERNAL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "accel_provider.h"

#define ACCEL_EXPORT __attribute__((visibility("default")))
/*
 * An entry point of a BO's hot path (alloc, import, free): the core's
 * steps it calls are inlined into it (across files under LTO), so a call
 * is one function rather than a chain of a dozen small ones.
 */
#define ACCEL_HOT_ENTRY __attribute__((flatten))
/*
 * Per-thread words every call touches: the initial-exec model reaches them
 * without a __tls_get_addr() call (five per BO import); they are few bytes,
 * well within the static TLS glibc keeps for libraries loaded by dlopen().
 */
#define ACCEL_TLS_IE __attribute__((tls_model("initial-exec")))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/*
 * object.c: the table of live objects. What the application holds is a
 * handle (accel_obj_handle()), never an object's address.
 */
int accel_obj_add(struct accel_object *obj, enum accel_obj_type type,
		  void (*release)(struct accel_object *));
/*
 * The same for an object of the live object owner (a handle): -ESTALE
 * when owner was removed meanwhile (obj is live: the caller kills it by
 * *handle). *handle is set on 0 and -ESTALE; obj may be gone already.
 */
int accel_obj_add_owned(struct accel_object *obj, enum accel_obj_type type,
			void (*release)(struct accel_object *), uintptr_t owner,
			void **handle);
/* handle's object with a reference, or NULL and *err = -EINVAL/-ESTALE/-ECHILD */
struct accel_object *accel_obj_get(const void *handle, enum accel_obj_type type,
				   int *err);
void accel_obj_ref(struct accel_object *obj);
/* obj is still live (not killed by a free since the caller's lookup) */
bool accel_obj_live(const struct accel_object *obj);
void accel_obj_put(struct accel_object *obj);
/*
 * Kill: the handle answers -ESTALE from now on and *obj gets the
 * registry's reference, for the caller to put. -ESTALE when it was not
 * live, and ACCEL_OBJ_INHERITED when it was the parent's (a fork child's
 * close): then the caller only closes the child's copies of its fds and
 * puts nothing.
 */
#define ACCEL_OBJ_INHERITED 1
int accel_obj_remove(const void *handle, enum accel_obj_type type,
		     struct accel_object **obj);
/*
 * The same, and when the table's reference was the only one, the object
 * is dead with none left: ACCEL_OBJ_LAST, and the caller, who alone can
 * reach it, ends with accel_obj_release() instead of accel_obj_put().
 */
#define ACCEL_OBJ_LAST 2
int accel_obj_take(const void *handle, enum accel_obj_type type,
		   struct accel_object **obj);
void accel_obj_release(struct accel_object *obj);
/* a fork child closed an inherited context: forget its BOs and queues */
void accel_obj_forget_children(const struct accel_context *ctx);
/* fn on every live object of type, holding a reference (see object.c) */
void accel_obj_foreach(enum accel_obj_type type,
		       void (*fn)(struct accel_object *obj, void *arg), void *arg);

/* thread.c: a thread's exit runs these once it armed them */
extern bool accel_thread_key_made;
extern __thread bool accel_thread_armed ACCEL_TLS_IE;
bool accel_thread_arm_slow(void);
static inline bool accel_thread_arm(void)
{
	/* no key after the library's unload: nothing is kept then */
	if (accel_thread_armed && accel_thread_key_made)
		return true;
	return accel_thread_arm_slow();
}
void accel_obj_thread_exit(void);
void accel_bo_thread_exit(void);

/* What the application gets for an object */
static inline void *accel_obj_handle(const struct accel_object *obj)
{
	return (void *)obj->handle;
}

/* fork.c: the library's locks across fork(), in their nesting order */
enum accel_fork_phase { ACCEL_FORK_PREPARE, ACCEL_FORK_PARENT, ACCEL_FORK_CHILD };
void accel_unique_va_atfork(enum accel_fork_phase phase);
void accel_obj_atfork(enum accel_fork_phase phase);
void accel_scan_atfork(enum accel_fork_phase phase);
void accel_provider_atfork(enum accel_fork_phase phase);
void accel_device_atfork(enum accel_fork_phase phase);
void accel_log_atfork(enum accel_fork_phase phase);

/*
 * Hand an extensible struct to a caller who passed size bytes: a smaller
 * (older) struct gets what fits, a larger (newer) one zeroes past ours.
 */
static inline void accel_copy_out(void *dst, size_t size, const void *src,
				  size_t ours)
{
	if (size > ours) {
		memset((char *)dst + ours, 0, size - ours);
		size = ours;
	}
	memcpy(dst, src, size);
}

/* list.c-like inline helpers */
static inline void accel_list_init(struct accel_list *head)
{
	head->next = head->prev = head;
}

static inline void accel_list_add(struct accel_list *head, struct accel_list *n)
{
	n->next = head;
	n->prev = head->prev;
	head->prev->next = n;
	head->prev = n;
}

static inline void accel_list_del(struct accel_list *n)
{
	if (!n->next)
		return;
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = NULL;
}

static inline bool accel_list_empty(const struct accel_list *head)
{
	return head->next == head;
}

/* error.c: every public call starts with accel_call_begin() and ends in
 * accel_fail(), which gives a failure without a reason the errno's text */
extern __thread bool accel_reason_set ACCEL_TLS_IE;
/* inline: the two calls every public call makes (a TCG guest feels them) */
static inline void accel_call_begin(void)
{
	accel_reason_set = false;
}

/* a reason was set since the current call began */
static inline bool accel_reason_fresh(void)
{
	return accel_reason_set;
}

int accel_fail_reason(const char *func, int err);
static inline int accel_fail(const char *func, int err)
{
	return err >= 0 ? err : accel_fail_reason(func, err);
}
/* NULL with errno set, for calls that return a pointer */
void *accel_fail_ptr(const char *func, int err);

/* dmabuf.c */
int accel_sync_file_wait_until(int sync_fd, int64_t abs_deadline_ns);
/*
 * The size of fd when it is an open dma-buf; -EBADF or -EINVAL. checked
 * false: only sized (lseek), for a provider whose kernel checks the fd.
 * Until accel_dmabuf_import_end(), accel_dmabuf_size(fd) on this thread
 * answers it without a system call (the provider's import asks).
 */
int64_t accel_dmabuf_import_begin(int fd, bool checked);
/* fd is an open dma-buf: 0, -EBADF or -EINVAL (one fstat, usually) */
int accel_dmabuf_check(int fd);
extern __thread int accel_import_fd ACCEL_TLS_IE;
static inline void accel_dmabuf_import_end(void)
{
	accel_import_fd = -1;
}

/* log.c */
void accel_report_reset(void);
/* what the report holds now survives later resets */
void accel_report_keep(void);
bool accel_log_enabled(enum accel_log_level level);

/* provider.c */
void accel_load_providers(void);
size_t accel_provider_count(void);
const struct accel_provider *accel_provider_at(size_t i);
const struct accel_match_ent *accel_match_provider(struct accel_device *dev,
						   bool drm_node,
						   const struct accel_provider **prov);

/* scan.c */
struct accel_scan {
	struct accel_device **devs;
	size_t num, cap;
	const struct accel_provider *cur_provider;
};

int accel_scan_devices(struct accel_device ***list, int *num);
int accel_scan_append(struct accel_scan *scan, struct accel_device *dev);

/* device.c */
struct accel_device *accel_device_new(void);
/* a new device with a scan candidate's facts (scan.c) */
struct accel_device *accel_device_new_from(const struct accel_device *tmp);
void accel_device_ref(struct accel_device *dev);
/*
 * A kept device changes on rescans (access flags, skip reason, stale)
 * while other threads read it: these go through one lock.
 */
void accel_device_update(struct accel_device *dev,
			 const struct accel_device *fresh);
void accel_device_mark_stale(struct accel_device *dev);
/* a live list's devices (objects, NULL-terminated) with a reference */
/* Blocks at addresses never handed out twice (unique_va.c): device lists */
void *accel_unique_alloc(size_t size, bool *unique);
void accel_unique_free(void *p, size_t size, bool unique);

struct accel_device **accel_device_list_get(struct accel_device **list,
					    void **ref);
void accel_device_list_put(void *ref);
/* stale state and flags; skip reason copied into buf when not NULL */
bool accel_device_state(const struct accel_device *dev, uint32_t *flags,
			char *buf, size_t len);

/* config */
const char *accel_provider_dir(void);

#endif /* ACCEL_INTERNAL_H */
