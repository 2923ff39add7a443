/* SPDX-License-Identifier: MIT */
/*
 * accel_rdma_pingpong's parts: the options and per-process state
 * (accel_rdma_pingpong.c sets up the accelerator, the RDMA device and the
 * connection), the transfers and their measurement (run.c).
 */
#ifndef ACCEL_RDMA_PINGPONG_H
#define ACCEL_RDMA_PINGPONG_H

#include <stdbool.h>
#include <stdint.h>

#include <accel/accel.h>
#include <accel/accel_verbs.h>

enum pp_verb {
	PP_SEND = 1 << 0,	/* RC SEND into a receive on the peer's BO */
	PP_WRITE = 1 << 1,	/* RDMA WRITE with immediate into the peer's BO */
	PP_READ = 1 << 2,	/* RDMA READ of the peer's BO into ours */
};

#define PP_MAX_ALL (UINT64_C(64) << 20)	/* -a: 1 B .. 64 MiB */

struct opts {
	const char *server;
	const char *ib_devname;
	const char *accel_dev;
	int port;
	int ib_port;
	int gid_idx;		/* -1: pick one */
	uint64_t size;
	bool all_sizes;
	unsigned int iters;
	uint64_t cap;		/* bytes per size and direction at most; 0: none */
	uint32_t verbs;		/* enum pp_verb */
	uint32_t reg_flags;
	bool require_dmabuf;
	bool events;		/* sleep on a completion channel, not spin */
};

/* what each side tells the other over TCP */
struct peer {
	uint32_t lid;
	uint32_t qpn;
	uint32_t psn;
	union ibv_gid gid;
	uint64_t dst_addr;	/* iova of the destination BO (WRITE target) */
	uint32_t dst_rkey;
	uint64_t src_addr;	/* iova of the source BO (READ source) */
	uint32_t src_rkey;
	uint64_t size;		/* BO size: the largest transfer */
	uint32_t verbs;
	uint32_t iters;
	uint64_t cap;
	uint32_t all;
};

struct side {
	struct ibv_context *ib;
	struct ibv_pd *pd;
	struct ibv_comp_channel *channel;
	struct ibv_cq *cq;
	struct ibv_qp *qp;
	struct ibv_port_attr port_attr;
	struct accel_context *actx;
	struct accel_bo *src_bo, *dst_bo;
	struct accel_verbs_mr *src, *dst;
	uint8_t *src_map, *dst_map;
	uint64_t bo_size;
	int gid_idx;
	union ibv_gid gid;
	int fd;			/* the TCP connection: barriers */
	/*
	 * A completion that came while we waited for the other kind: the
	 * peer's next transfer can land before our own one's completion.
	 */
	unsigned int sends_done, recvs_done;
	uint32_t recv_imm;
};

/* every selected verb and size, verified, reported; 0 or -1 */
int pp_run_all(struct side *s, const struct opts *o, const struct peer *rem);

#endif /* ACCEL_RDMA_PINGPONG_H */
