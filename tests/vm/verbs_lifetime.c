// SPDX-License-Identifier: MIT
/*
 * Description: what an MR on an accel BO does when the BO is freed, or
 * its context closed, first (accel_verbs_reg_bo(3), "LIFETIME"). The
 * contract: the free succeeds and the BO is stale, but the registration
 * keeps the pages (the kernel pinned them: ib_umem_get with FOLL_LONGTERM
 * for a host MR) until accel_verbs_dereg_mr(): the NIC still reads the
 * bytes written before the free and may write new ones, and nothing else
 * reuses the memory meanwhile. Proven on rxe over lo with a loopback RC
 * QP pair: RDMA READ of the orphaned MR returns the old bytes, an RDMA
 * WRITE into it and a READ back return the new ones; then the
 * deregistration succeeds.
 */
#include <stdlib.h>
#include <unistd.h>

#include <accel/accel_verbs.h>

#include "vm_rxe.h"
#include "vmtest.h"

#define SZ 65536

struct loop {
	struct ibv_context *ib;
	struct ibv_pd *pd;
	struct ibv_cq *cq;
	struct ibv_qp *qp[2];
	uint8_t *buf;		/* ordinary memory, the other end */
	struct ibv_mr *mr;
};

/* the IPv4 GID of rxe0 on lo (::ffff:127.0.0.1) */
static int ipv4_gid(struct ibv_context *ib, union ibv_gid *gid)
{
	static const uint8_t v4[12] = { [10] = 0xff, [11] = 0xff };
	int i;

	for (i = 0; i < 16; i++)
		if (!ibv_query_gid(ib, 1, i, gid) && !memcmp(gid->raw, v4, 12))
			return i;
	t_fail("rxe0 has no IPv4 GID");
	return -1;
}

/* two RC QPs on one device, connected to each other */
static void loop_init(struct loop *l)
{
	struct ibv_qp_init_attr qia = {
		.cap = { .max_send_wr = 4, .max_recv_wr = 4,
			 .max_send_sge = 1, .max_recv_sge = 1 },
		.qp_type = IBV_QPT_RC,
	};
	struct ibv_port_attr pa;
	union ibv_gid gid;
	int i, gidx;

	l->ib = t_open_rxe();
	l->pd = t_ptr(ibv_alloc_pd(l->ib));
	l->cq = t_ptr(ibv_create_cq(l->ib, 8, NULL, NULL, 0));
	qia.send_cq = qia.recv_cq = l->cq;
	t_assert(!ibv_query_port(l->ib, 1, &pa));
	gidx = ipv4_gid(l->ib, &gid);
	for (i = 0; i < 2; i++)
		l->qp[i] = t_ptr(ibv_create_qp(l->pd, &qia));
	for (i = 0; i < 2; i++) {
		struct ibv_qp_attr a = {
			.qp_state = IBV_QPS_INIT,
			.port_num = 1,
			.qp_access_flags = IBV_ACCESS_REMOTE_READ |
					   IBV_ACCESS_REMOTE_WRITE,
		};

		t_assert(!ibv_modify_qp(l->qp[i], &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX |
					IBV_QP_PORT | IBV_QP_ACCESS_FLAGS));
		memset(&a, 0, sizeof(a));
		a.qp_state = IBV_QPS_RTR;
		a.path_mtu = pa.active_mtu;
		a.dest_qp_num = l->qp[!i]->qp_num;
		a.max_dest_rd_atomic = 1;
		a.min_rnr_timer = 12;
		a.ah_attr.is_global = 1;
		a.ah_attr.grh.dgid = gid;
		a.ah_attr.grh.sgid_index = (uint8_t)gidx;
		a.ah_attr.grh.hop_limit = 1;
		a.ah_attr.port_num = 1;
		t_assert(!ibv_modify_qp(l->qp[i], &a, IBV_QP_STATE | IBV_QP_AV |
					IBV_QP_PATH_MTU | IBV_QP_DEST_QPN |
					IBV_QP_RQ_PSN | IBV_QP_MAX_DEST_RD_ATOMIC |
					IBV_QP_MIN_RNR_TIMER));
		memset(&a, 0, sizeof(a));
		a.qp_state = IBV_QPS_RTS;
		a.timeout = 14;
		a.retry_cnt = 7;
		a.rnr_retry = 7;
		a.max_rd_atomic = 1;
		t_assert(!ibv_modify_qp(l->qp[i], &a, IBV_QP_STATE | IBV_QP_TIMEOUT |
					IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY |
					IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC));
	}
	l->buf = t_ptr(aligned_alloc(4096, SZ));
	l->mr = t_ptr(ibv_reg_mr(l->pd, l->buf, SZ, IBV_ACCESS_LOCAL_WRITE));
}

static void loop_fini(struct loop *l)
{
	t_ok(ibv_dereg_mr(l->mr));
	free(l->buf);
	t_ok(ibv_destroy_qp(l->qp[0]));
	t_ok(ibv_destroy_qp(l->qp[1]));
	t_ok(ibv_destroy_cq(l->cq));
	t_ok(ibv_dealloc_pd(l->pd));
	t_ok(ibv_close_device(l->ib));
}

/* qp[0] READs (or WRITEs) the whole of amr through its rkey; 0 or the status */
static int rdma(struct loop *l, const struct accel_verbs_mr *amr,
		enum ibv_wr_opcode op)
{
	struct ibv_sge sge = {
		.addr = (uintptr_t)l->buf, .length = SZ, .lkey = l->mr->lkey,
	};
	struct ibv_send_wr wr = {
		.sg_list = &sge, .num_sge = 1, .opcode = op,
		.send_flags = IBV_SEND_SIGNALED,
	}, *bad;
	struct ibv_wc wc;
	int n;

	wr.wr.rdma.remote_addr = amr->iova;
	wr.wr.rdma.rkey = amr->mr->rkey;
	t_assert(!ibv_post_send(l->qp[0], &wr, &bad));
	while (!(n = ibv_poll_cq(l->cq, 1, &wc)))
		;
	t_assert(n == 1);
	return wc.status;
}

/* the pages behind an orphaned MR: old bytes readable, new ones writable */
static void prove_alive(struct loop *l, struct accel_verbs_mr *amr, uint32_t seed)
{
	memset(l->buf, 0, SZ);
	t_assert(rdma(l, amr, IBV_WR_RDMA_READ) == IBV_WC_SUCCESS);
	t_assert(t_pattern_check(l->buf, SZ, seed) < 0);
	t_pattern_fill(l->buf, SZ, seed + 1);
	t_assert(rdma(l, amr, IBV_WR_RDMA_WRITE) == IBV_WC_SUCCESS);
	memset(l->buf, 0, SZ);
	t_assert(rdma(l, amr, IBV_WR_RDMA_READ) == IBV_WC_SUCCESS);
	t_assert(t_pattern_check(l->buf, SZ, seed + 1) < 0);
}

int main(void)
{
	const int access = IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_READ |
			   IBV_ACCESS_REMOTE_WRITE;
	struct accel_verbs_mr *amr;
	struct accel_context *soft;
	struct accel_bo *bo;
	struct loop l = { 0 };

	t_require_vm();
	setenv("ACCEL_SOFT_MEMORY", "memfd", 1);
	loop_init(&l);
	soft = t_open_provider("soft");

	/* the BO freed under its MR */
	bo = t_ptr(accel_bo_alloc(soft, SZ, ACCEL_BO_HOST_VISIBLE));
	t_pattern_fill(t_ptr(accel_bo_map(bo)), SZ, 11);
	amr = t_ptr(accel_verbs_reg_bo(l.pd, bo, 0, 0, access,
				       ACCEL_VERBS_REG_HOST_FALLBACK));
	t_assert(amr->path == ACCEL_VERBS_PATH_HOST);
	t_assert(rdma(&l, amr, IBV_WR_RDMA_READ) == IBV_WC_SUCCESS);
	t_assert(t_pattern_check(l.buf, SZ, 11) < 0);
	t_ok(accel_bo_free(bo));
	/* the BO is gone for libaccel ... */
	errno = 0;
	t_assert(accel_bo_size(bo) == 0 && errno == ESTALE);
	t_null(accel_verbs_reg_bo(l.pd, bo, 0, 0, access,
				  ACCEL_VERBS_REG_HOST_FALLBACK), ESTALE);
	/* ... not for the NIC: the MR holds the pages */
	prove_alive(&l, amr, 11);
	t_ok(accel_verbs_dereg_mr(amr));
	t_info("freed BO: the MR kept its pages until dereg");

	/* the whole context closed under an MR: the same */
	bo = t_ptr(accel_bo_alloc(soft, SZ, ACCEL_BO_HOST_VISIBLE));
	t_pattern_fill(t_ptr(accel_bo_map(bo)), SZ, 21);
	amr = t_ptr(accel_verbs_reg_bo(l.pd, bo, 0, 0, access,
				       ACCEL_VERBS_REG_HOST_FALLBACK));
	t_ok(accel_close_device(soft));
	prove_alive(&l, amr, 21);
	t_ok(accel_verbs_dereg_mr(amr));
	t_info("closed context: the MR kept its pages until dereg");

	loop_fini(&l);
	t_info("ok");
	return T_PASS;
}
