// SPDX-License-Identifier: MIT
/*
 * amdxdna provider: hardware contexts as queues, submission and completion.
 *
 * A queue is a hardware context (CREATE_HWCTX + CONFIG_HWCTX CONFIG_CU),
 * made by amdxdnadv_hwctx_create() only: the engine says
 * ACCEL_ENGINE_NEEDS_PROGRAM. accel_submit() is one EXEC_CMD of type
 * EXEC_BUF: the command BO holds one ERT packet (from offset 0, where the
 * kernel reads it), the submission's other BOs are its argument handles.
 *
 * Completion is the context's timeline syncobj: EXEC_CMD adds the job's
 * fence at point seq (drm_syncobj_add_point() in aie2_cmd_submit()), so
 * job->kernel_seq = seq and fence_wait is SYNCOBJ_TIMELINE_WAIT on it. The
 * kernel's seq starts at 0, and point 0 of a timeline names its newest
 * fence (dma_fence_chain_find_seqno()): a wait on the first job also
 * waits for those after it. The ERT state in the packet's header is read
 * first, so a finished first job answers without that wait.
 *
 * The firmware writes the ERT state back into the packet before the fence
 * signals (aie2_sched_resp_handler()); a state other than COMPLETED is a
 * failed job, its state the provider_status. A job the kernel refused at
 * run time (bad packet) or cancelled keeps the NEW state the kernel set.
 * One packet (CMD BO) carries one job at a time: reusing it for another
 * submission before the first is waited for overwrites its state.
 *
 * At most 4 commands are in flight per context (HWCTX_MAX_CMDS): the 5th
 * EXEC_CMD sleeps in the kernel until one completes, with the queue's
 * submit lock held. Completions need nothing from userspace, so waits on
 * other threads go on and the submitter resumes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amdxdna.h"

XDNA_EXPORT const char *amdxdnadv_ert_state_str(uint32_t state)
{
	static const char *const names[] = {
		"INVALID", "NEW", "QUEUED", "RUNNING", "COMPLETED",
		"ERROR", "ABORT", "SUBMITTED", "TIMEOUT", "NORESPONSE",
	};

	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "?";
}

static uint32_t qos_priority(int32_t prio)
{
	if (prio < 0)
		return AMDXDNA_QOS_LOW_PRIORITY;
	if (prio == 0)
		return AMDXDNA_QOS_NORMAL_PRIORITY;
	if (prio == 1)
		return AMDXDNA_QOS_HIGH_PRIORITY;
	return AMDXDNA_QOS_REALTIME_PRIORITY;
}

static void destroy_hwctx(int fd, struct xdna_queue *q)
{
	struct amdxdna_drm_destroy_hwctx d = { .handle = q->hwctx };

	accel_ioctl(fd, DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, &d);
	/* the syncobj handle is the file's: aie2_ctx_syncobj_destroy() */
	if (q->syncobj)
		accel_drm_syncobj_destroy(fd, q->syncobj);
}

/*
 * The CU BOs: live amdxdna DEV BOs of ctx (aie2_config_cu() takes DEV BOs
 * only); checked before the context exists. Fills cu->cu_configs.
 */
static int check_cus(struct accel_context *ctx, const struct amdxdnadv_hwctx_attr *a,
		     struct amdxdna_hwctx_param_config_cu *cu)
{
	uint32_t i;
	int ret;

	cu->num_cus = (uint16_t)a->num_cus;
	for (i = 0; i < a->num_cus; i++) {
		struct accel_bo *bo = a->cus[i].cu_bo;

		ret = accel_bo_lookup(ctx, &bo);
		if (ret)
			return accel_set_reason(ret, "amdxdnadv_hwctx_create: cus[%u].cu_bo: %s", i,
						ret == -EXDEV ? "a BO of another context" :
								"not a live BO");
		if (to_xdna_bo(bo)->type != AMDXDNA_BO_DEV) {
			accel_bo_put(bo);
			return accel_set_reason(-EINVAL,
						"amdxdnadv_hwctx_create: cus[%u].cu_bo is a %s BO; the kernel takes a DEV BO",
						i, to_xdna_bo(bo)->type == AMDXDNA_BO_CMD ? "CMD" :
											   "SHARE");
		}
		cu->cu_configs[i].cu_bo = to_xdna_bo(bo)->handle;
		cu->cu_configs[i].cu_func = a->cus[i].cu_func;
		accel_bo_put(bo);
	}
	return 0;
}

/* CONFIG_HWCTX CONFIG_CU */
static int config_cus(struct accel_context *ctx, struct xdna_queue *q,
		      struct amdxdna_hwctx_param_config_cu *cu)
{
	struct amdxdna_drm_config_hwctx cfg = { 0 };
	int ret;

	cfg.handle = q->hwctx;
	cfg.param_type = DRM_AMDXDNA_HWCTX_CONFIG_CU;
	cfg.param_val = (uintptr_t)cu;
	cfg.param_val_size = (uint32_t)(sizeof(*cu) + cu->num_cus * sizeof(cu->cu_configs[0]));
	ret = accel_ioctl(ctx->fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &cfg);
	if (ret)
		accel_set_reason(ret, "amdxdnadv_hwctx_create: CONFIG_HWCTX(CONFIG_CU, %u CUs): %s",
				 cu->num_cus, strerror(-ret));
	return ret;
}

static int check_attr(const struct amdxdnadv_hwctx_attr *a, size_t size)
{
	if (!a || size < offsetof(struct amdxdnadv_hwctx_attr, log_buf))
		return accel_set_reason(-EINVAL, "amdxdnadv_hwctx_create: attr NULL or too small");
	if (a->comp_mask & ~(uint32_t)(AMDXDNADV_HWCTX_ATTR_QOS | AMDXDNADV_HWCTX_ATTR_LOG_BUF))
		return accel_set_reason(-EINVAL, "amdxdnadv_hwctx_create: unknown comp_mask 0x%x",
					a->comp_mask);
	if ((a->comp_mask & AMDXDNADV_HWCTX_ATTR_LOG_BUF) && size < sizeof(*a))
		return accel_set_reason(-EINVAL, "amdxdnadv_hwctx_create: attr too small for log_buf");
	if (!(a->comp_mask & AMDXDNADV_HWCTX_ATTR_QOS) && (a->priority < -1 || a->priority > 2))
		return accel_set_reason(-EINVAL, "amdxdnadv_hwctx_create: priority %d is outside -1..2",
					a->priority);
	/* CONFIG_CU takes at most a page (amdxdna_drm_config_hwctx_ioctl()) */
	if (!a->num_cus || !a->cus || a->num_cus > (4096 - 8) / 8)
		return accel_set_reason(-EINVAL,
					"amdxdnadv_hwctx_create: %u CUs (1..511, cus not NULL): a context runs the CUs it is configured with",
					a->num_cus);
	return 0;
}

/* one column's core tiles: aie2_hwctx_col_list() wants num_tiles >= that */
static uint32_t core_rows(struct accel_context *ctx)
{
	struct amdxdna_drm_query_aie_metadata md = { 0 };
	uint32_t size = sizeof(md);

	if (xdna_get_info(ctx->fd, DRM_AMDXDNA_QUERY_AIE_METADATA, &md, &size))
		return 0;
	return md.core.row_count;
}

XDNA_EXPORT struct accel_queue *amdxdnadv_hwctx_create(struct accel_context *ctx,
						       const struct amdxdnadv_hwctx_attr *a,
						       size_t attr_size)
{
	struct amdxdna_drm_create_hwctx cr = { 0 };
	struct amdxdna_qos_info qos = { 0 };
	struct accel_queue_attr qattr = { .comp_mask = ACCEL_QUEUE_ATTR_PRIORITY };
	struct amdxdna_hwctx_param_config_cu *cu = NULL;
	struct accel_queue *pub = NULL;
	struct xdna_queue *q;
	int ret;

	ret = accel_context_lookup_prov(&ctx, &xdna_provider);
	if (ret) {
		errno = -accel_set_reason(ret, "amdxdnadv_hwctx_create: not a live amdxdna context");
		return NULL;
	}
	ret = check_attr(a, attr_size);
	if (ret)
		goto out;
	cu = calloc(1, sizeof(*cu) + (size_t)a->num_cus * sizeof(cu->cu_configs[0]));
	if (!cu) {
		ret = -ENOMEM;
		goto out;
	}
	ret = check_cus(ctx, a, cu);
	if (ret)
		goto out;
	/* aie2_hwctx_init() needs the heap: -ENOENT without one */
	ret = xdna_heap_ensure(to_xdna_ctx(ctx));
	if (ret)
		goto out;
	if (a->comp_mask & AMDXDNADV_HWCTX_ATTR_QOS) {
		qos.gops = a->qos_gops;
		qos.fps = a->qos_fps;
		qos.dma_bandwidth = a->qos_dma_bandwidth;
		qos.latency = a->qos_latency;
		qos.frame_exec_time = a->qos_frame_exec_time;
		qos.priority = a->qos_priority;
	} else {
		qos.priority = qos_priority(a->priority);
		qattr.priority = a->priority;
	}
	cr.qos_p = (uintptr_t)&qos;
	cr.max_opc = a->max_opc;
	cr.num_tiles = a->num_tiles ? a->num_tiles : core_rows(ctx);
	cr.mem_size = a->mem_size;
	if (a->comp_mask & AMDXDNADV_HWCTX_ATTR_LOG_BUF) {
		struct accel_bo *log_buf = a->log_buf;

		ret = accel_bo_lookup(ctx, &log_buf);
		if (ret) {
			ret = accel_set_reason(ret, "amdxdnadv_hwctx_create: log_buf is not a live BO of ctx");
			goto out;
		}
		cr.log_buf_bo = to_xdna_bo(log_buf)->handle;
		accel_bo_put(log_buf);
	}
	ret = accel_ioctl(ctx->fd, DRM_IOCTL_AMDXDNA_CREATE_HWCTX, &cr);
	if (ret) {
		accel_set_reason(ret, "amdxdnadv_hwctx_create: CREATE_HWCTX: %s%s", strerror(-ret),
				 ret == -ENOENT ? " (no DEV heap)" :
				 ret == -EOPNOTSUPP ? " (the device has no kernel-mode queues)" : "");
		goto out;
	}
	q = calloc(1, sizeof(*q));
	if (!q) {
		struct xdna_queue tmp = { .hwctx = cr.handle, .syncobj = cr.syncobj_handle };

		destroy_hwctx(ctx->fd, &tmp);
		ret = -ENOMEM;
		goto out;
	}
	q->hwctx = cr.handle;
	q->syncobj = cr.syncobj_handle;
	pthread_mutex_init(&q->lock, NULL);
	ret = config_cus(ctx, q, cu);
	if (ret) {
		destroy_hwctx(ctx->fd, q);
		pthread_mutex_destroy(&q->lock);
		free(q);
		goto out;
	}
	accel_init_queue(&q->base, ctx, &qattr);
	/* one scheduler entity per context: completions in seq order */
	q->base.in_order = true;
	pub = accel_queue_publish(ctx, &q->base);
	ret = pub ? 0 : -errno;
out:
	free(cu);
	accel_context_put(ctx);
	errno = -ret;
	return pub;
}

/* the core has waited for every job; the kernel waits for its own too */
void xdna_queue_destroy(struct accel_queue *queue)
{
	struct xdna_queue *q = to_xdna_queue(queue);

	destroy_hwctx(queue->ctx->fd, q);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

static bool in_list(const struct accel_bo *bo, const struct accel_bo *const *list, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (list[i] == bo)
			return true;
	return false;
}

/* what the kernel will refuse only at run time (job_run): say it now */
static int check_packet(const struct xdna_bo *cmd, uint64_t cmd_size)
{
	uint32_t count, op;

	if (cmd_size < 8)
		return accel_set_reason(-EINVAL,
					"amdxdna: cmd_size %llu: an ERT packet is a header and at least one word",
					(unsigned long long)cmd_size);
	count = amdxdnadv_ert_count(cmd->map);
	op = amdxdnadv_ert_opcode(cmd->map);
	if (!count || (uint64_t)count * 4 + 4 > cmd->base.size)
		return accel_set_reason(-EINVAL,
					"amdxdna: the ERT packet's count %u does not fit the %llu-byte command BO",
					count, (unsigned long long)cmd->base.size);
	if (op != AMDXDNADV_ERT_START_CU && op != AMDXDNADV_ERT_START_DPU &&
	    op != AMDXDNADV_ERT_CMD_CHAIN && op != AMDXDNADV_ERT_START_NPU &&
	    op != AMDXDNADV_ERT_START_NPU_PREEMPT && op != AMDXDNADV_ERT_START_NPU_PREEMPT_ELF)
		return accel_set_reason(-EINVAL, "amdxdna: ERT opcode %u is not one the driver runs",
					op);
	return 0;
}

int xdna_submit(struct accel_queue *queue, const struct accel_submit *s, struct accel_job *job)
{
	struct xdna_queue *q = to_xdna_queue(queue);
	struct amdxdna_drm_exec_cmd ex = { 0 };
	const struct accel_bo **seen = NULL;
	struct xdna_bo *cmd;
	uint32_t *args = NULL, n = 0, i;
	uint32_t hdr;
	int ret;

	if (s->ext)
		return accel_set_reason(-EINVAL, "amdxdna: submit extensions are not taken");
	if (!s->cmd_bo)
		return accel_set_reason(-EINVAL,
					"amdxdna: a submission needs cmd_bo: the ERT packet the context runs");
	cmd = to_xdna_bo(s->cmd_bo);
	if (cmd->type != AMDXDNA_BO_CMD && cmd->type != AMDXDNA_BO_SHARE)
		return accel_set_reason(-EINVAL,
					"amdxdna: cmd_bo is a %s BO; the kernel takes a CMD or SHARE BO",
					cmd->type == AMDXDNA_BO_DEV ? "DEV" : "heap");
	if (s->cmd_offset)
		return accel_set_reason(-EINVAL,
					"amdxdna: cmd_offset %llu: the kernel reads the packet from the BO's start",
					(unsigned long long)s->cmd_offset);
	if (!cmd->map)
		return accel_set_reason(-EINVAL, "amdxdna: cmd_bo is not mapped");
	ret = check_packet(cmd, s->cmd_size);
	if (ret)
		return ret;
	if (s->num_bos > XDNA_MAX_ARGS)
		return accel_set_reason(-EINVAL, "amdxdna: %u BOs; EXEC_CMD takes at most %u",
					s->num_bos, XDNA_MAX_ARGS);
	if (s->num_bos) {
		args = calloc(s->num_bos, sizeof(*args));
		seen = calloc(s->num_bos, sizeof(*seen));
		if (!args || !seen) {
			ret = -ENOMEM;
			goto out;
		}
	}
	/* each BO once, the command BO not among them */
	for (i = 0; i < s->num_bos; i++) {
		const struct accel_bo *bo = s->bos[i].bo;

		if (bo == s->cmd_bo || in_list(bo, (const struct accel_bo *const *)seen, n))
			continue;
		seen[n] = bo;
		args[n++] = to_xdna_bo((struct accel_bo *)bo)->handle;
	}
	/* the state is the kernel's to write back; start from NEW as it does */
	memcpy(&hdr, cmd->map, sizeof(hdr));
	hdr = (hdr & ~0xfu) | AMDXDNADV_ERT_STATE_NEW;
	memcpy(cmd->map, &hdr, sizeof(hdr));
	ex.hwctx = q->hwctx;
	ex.type = AMDXDNA_CMD_SUBMIT_EXEC_BUF;
	ex.cmd_handles = cmd->handle;
	ex.cmd_count = 1;
	ex.args = (uintptr_t)args;
	ex.arg_count = n;
	/* may sleep in the kernel while 4 commands are in flight */
	ret = accel_ioctl(queue->ctx->fd, DRM_IOCTL_AMDXDNA_EXEC_CMD, &ex);
	if (ret) {
		accel_set_reason(ret, "amdxdna: EXEC_CMD: %s%s", strerror(-ret),
				 ret == -ENOENT ? " (an argument BO is gone)" :
				 ret == -ENODEV ? " (the device is gone)" : "");
		if (ret == -ENODEV)
			ret = -ENOTRECOVERABLE;
		goto out;
	}
	job->kernel_seq = ex.seq;
	pthread_mutex_lock(&q->lock);
	q->recent[job->seqno % XDNA_RECENT].seqno = job->seqno;
	q->recent[job->seqno % XDNA_RECENT].kseq = ex.seq;
	pthread_mutex_unlock(&q->lock);
	job->priv = cmd;	/* the core holds cmd_bo until the job retires */
out:
	free(args);
	free(seen);
	return ret;
}

static bool ert_final(uint32_t st)
{
	return st == AMDXDNADV_ERT_STATE_COMPLETED || st == AMDXDNADV_ERT_STATE_ERROR ||
	       st == AMDXDNADV_ERT_STATE_ABORT || st == AMDXDNADV_ERT_STATE_TIMEOUT ||
	       st == AMDXDNADV_ERT_STATE_NORESPONSE;
}

/* the job is done: its ERT state says how */
static int finish(struct accel_job *job, uint32_t st)
{
	int derr;

	if (st == AMDXDNADV_ERT_STATE_COMPLETED)
		return 0;
	switch (st) {
	case AMDXDNADV_ERT_STATE_TIMEOUT:
	case AMDXDNADV_ERT_STATE_NORESPONSE:
		derr = -ETIME;
		break;
	case AMDXDNADV_ERT_STATE_ABORT:
		derr = -ECANCELED;
		break;
	case AMDXDNADV_ERT_STATE_ERROR:
		derr = -EIO;
		break;
	default:
		/* still NEW: the kernel refused the packet or cancelled the job */
		return accel_job_fail(job, -EIO, -ECANCELED, st,
				      "amdxdna: seq %llu ended in ERT state %s: the kernel did not run the packet",
				      (unsigned long long)job->kernel_seq, amdxdnadv_ert_state_str(st));
	}
	return accel_job_fail(job, -EIO, derr, st, "amdxdna: seq %llu ended in ERT state %s",
			      (unsigned long long)job->kernel_seq, amdxdnadv_ert_state_str(st));
}

int xdna_fence_wait(struct accel_queue *queue, struct accel_job *job, int64_t deadline)
{
	struct xdna_queue *q = to_xdna_queue(queue);
	struct xdna_bo *cmd = job->priv;
	uint32_t st = amdxdnadv_ert_state(cmd->map);
	int ret;

	if (ert_final(st))
		return finish(job, st);
	ret = accel_drm_syncobj_timeline_wait(queue->ctx->fd, &q->syncobj, &job->kernel_seq, 1,
					      deadline, 0, NULL);
	if (ret == -ETIMEDOUT)
		return ret;
	if (ret)
		return accel_set_reason(ret, "amdxdna: SYNCOBJ_TIMELINE_WAIT for seq %llu: %s",
					(unsigned long long)job->kernel_seq, strerror(-ret));
	return finish(job, amdxdnadv_ert_state(cmd->map));
}

/*
 * The job's point as a sync_file (through a binary syncobj, the core's
 * helper); a retired job's is already signalled: a signalled syncobj's.
 */
int xdna_fence_export_sync_file(struct accel_queue *queue, struct accel_job *job)
{
	int fd = queue->ctx->fd, sync_fd = -1, ret;

	if (job) {
		ret = accel_drm_syncobj_timeline_export_sync_file(fd, to_xdna_queue(queue)->syncobj,
								  job->kernel_seq, 0, &sync_fd);
		if (ret)
			return accel_set_reason(ret, "amdxdna: export of seq %llu: %s",
						(unsigned long long)job->kernel_seq,
						strerror(-ret));
		return sync_fd;
	}
	ret = accel_drm_syncobj_signalled_sync_file(fd, &sync_fd);
	if (ret)
		return accel_set_reason(ret, "amdxdna: export of a signalled fence: %s",
					strerror(-ret));
	return sync_fd;
}

/* ------------------------------------------------------------------------ */
/* amdxdnadv: contexts                                                      */
/* ------------------------------------------------------------------------ */

XDNA_EXPORT int amdxdnadv_hwctx_handle(struct accel_queue *queue, uint32_t *handle,
				       uint32_t *syncobj)
{
	int ret = accel_queue_lookup_prov(&queue, &xdna_provider);

	if (ret)
		return accel_set_reason(ret, "amdxdnadv_hwctx_handle: not a live amdxdna queue");
	if (handle)
		*handle = to_xdna_queue(queue)->hwctx;
	if (syncobj)
		*syncobj = to_xdna_queue(queue)->syncobj;
	accel_queue_put(queue);
	return 0;
}

XDNA_EXPORT int amdxdnadv_hwctx_debug_bo(struct accel_queue *queue, struct accel_bo *bo,
					 int assign)
{
	struct amdxdna_drm_config_hwctx cfg = { 0 };
	int ret;

	ret = accel_queue_lookup_prov(&queue, &xdna_provider);
	if (ret)
		return accel_set_reason(ret, "amdxdnadv_hwctx_debug_bo: not a live amdxdna queue");
	ret = accel_bo_lookup(queue->ctx, &bo);
	if (ret) {
		accel_set_reason(ret, "amdxdnadv_hwctx_debug_bo: not a live BO of the queue's context");
		goto put_q;
	}
	if (to_xdna_bo(bo)->type != AMDXDNA_BO_DEV) {
		/* aie2_hwctx_cfg_debug_bo() looks it up as a DEV BO */
		ret = accel_set_reason(-EINVAL, "amdxdnadv_hwctx_debug_bo: a debug buffer is a DEV BO");
		goto put_bo;
	}
	cfg.handle = to_xdna_queue(queue)->hwctx;
	cfg.param_type = assign ? DRM_AMDXDNA_HWCTX_ASSIGN_DBG_BUF :
				  DRM_AMDXDNA_HWCTX_REMOVE_DBG_BUF;
	cfg.param_val = to_xdna_bo(bo)->handle;
	ret = accel_ioctl(queue->ctx->fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &cfg);
	if (ret)
		accel_set_reason(ret, "amdxdnadv_hwctx_debug_bo: CONFIG_HWCTX(%s): %s",
				 assign ? "ASSIGN_DBG_BUF" : "REMOVE_DBG_BUF", strerror(-ret));
put_bo:
	accel_bo_put(bo);
put_q:
	accel_queue_put(queue);
	return ret;
}

XDNA_EXPORT int amdxdnadv_wait_cmd(struct accel_queue *queue, uint64_t seqno,
				   uint32_t timeout_ms)
{
	struct amdxdna_drm_wait_cmd w = { 0 };
	struct xdna_queue *q;
	bool known;
	int ret;

	ret = accel_queue_lookup_prov(&queue, &xdna_provider);
	if (ret)
		return accel_set_reason(ret, "amdxdnadv_wait_cmd: not a live amdxdna queue");
	q = to_xdna_queue(queue);
	pthread_mutex_lock(&q->lock);
	known = seqno && q->recent[seqno % XDNA_RECENT].seqno == seqno;
	w.seq = q->recent[seqno % XDNA_RECENT].kseq;
	pthread_mutex_unlock(&q->lock);
	if (!known) {
		ret = accel_set_reason(-EINVAL,
				       "amdxdnadv_wait_cmd: seqno %llu is not one of the last %u submissions",
				       (unsigned long long)seqno, XDNA_RECENT);
		goto out;
	}
	w.hwctx = q->hwctx;
	w.timeout = timeout_ms;
	ret = accel_ioctl(queue->ctx->fd, DRM_IOCTL_AMDXDNA_WAIT_CMD, &w);
	if (ret)
		accel_set_reason(ret, "amdxdnadv_wait_cmd: WAIT_CMD(seq %llu): %s%s",
				 (unsigned long long)w.seq, strerror(-ret),
				 ret == -EOPNOTSUPP ? " (AIE2 devices do not serve it; use accel_wait)" :
						      "");
out:
	accel_queue_put(queue);
	return ret;
}
