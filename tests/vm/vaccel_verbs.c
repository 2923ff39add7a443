// SPDX-License-Identifier: MIT
/*
 * Description: RDMA over rxe (on lo) with vaccel BOs, through
 * libaccel_verbs. rxe takes no dma-buf MRs: registering a vaccel BO's
 * dma-buf answers EOPNOTSUPP. The host fallback registers the vaccel BO's
 * mapping: vaccel maps its BOs with VM_MIXEDMAP and real pages (its own
 * mmap; DRM's GEM shmem helper's VM_PFNMAP mappings, vgem's, cannot be
 * pinned), so an RDMA WRITE between two RC QPs of this process moves a
 * vaccel BO into another vaccel BO directly. Then the same through
 * staging memory, as a driver whose mappings cannot be pinned needs: soft
 * BOs (memfd) exported through udmabuf and imported into vaccel; a vaccel
 * job copies a vaccel BO into one, an RDMA WRITE moves it into the other,
 * and a vaccel job copies that into a third vaccel BO; every byte checked.
 * Usage: vm_vaccel_verbs VACCEL_KO
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <accel/accel_verbs.h>

#include "vaccel_util.h"
#include "vm_rxe.h"

#define SEC 1000000000ll
#define SIZE 65536u
#define ACCESS (IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE)

/* an IPv4 RoCE GID of port 1 (lo's ::ffff:127.0.0.1), else the first non-zero */
static int gid_index(struct ibv_context *ib, union ibv_gid *gid)
{
	static const uint8_t v4[12] = { [10] = 0xff, [11] = 0xff };
	static const union ibv_gid zero;
	union ibv_gid g;
	int i, first = -1;

	for (i = 0; i < 16; i++) {
		if (ibv_query_gid(ib, 1, i, &g) || !memcmp(&g, &zero, sizeof(g)))
			continue;
		if (first < 0 || !memcmp(g.raw, v4, sizeof(v4))) {
			first = i;
			*gid = g;
		}
		if (!memcmp(g.raw, v4, sizeof(v4)))
			return i;
	}
	if (first < 0)
		t_fail("rxe0 port 1 has no GID");
	return first;
}

static struct ibv_qp *qp_new(struct ibv_pd *pd, struct ibv_cq *cq)
{
	struct ibv_qp_init_attr a = {
		.send_cq = cq, .recv_cq = cq, .qp_type = IBV_QPT_RC,
		.cap = { .max_send_wr = 4, .max_recv_wr = 4,
			 .max_send_sge = 1, .max_recv_sge = 1 },
	};
	struct ibv_qp_attr m = {
		.qp_state = IBV_QPS_INIT, .port_num = 1,
		.qp_access_flags = ACCESS,
	};
	struct ibv_qp *qp = ibv_create_qp(pd, &a);

	t_assert(qp);
	t_assert(!ibv_modify_qp(qp, &m, IBV_QP_STATE | IBV_QP_PKEY_INDEX |
				IBV_QP_PORT | IBV_QP_ACCESS_FLAGS));
	return qp;
}

/* INIT -> RTR -> RTS, connected to the QP numbered dest on this port */
static void qp_connect(struct ibv_qp *qp, uint32_t dest, const union ibv_gid *gid, int sgid)
{
	struct ibv_qp_attr m = {
		.qp_state = IBV_QPS_RTR, .path_mtu = IBV_MTU_1024,
		.dest_qp_num = dest, .rq_psn = 1, .max_dest_rd_atomic = 1,
		.min_rnr_timer = 12,
		.ah_attr = { .is_global = 1, .port_num = 1,
			     .grh = { .dgid = *gid, .sgid_index = (uint8_t)sgid,
				      .hop_limit = 1 } },
	};

	t_assert(!ibv_modify_qp(qp, &m, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU |
				IBV_QP_DEST_QPN | IBV_QP_RQ_PSN |
				IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER));
	memset(&m, 0, sizeof(m));
	m.qp_state = IBV_QPS_RTS;
	m.timeout = 14;
	m.retry_cnt = 7;
	m.rnr_retry = 7;
	m.sq_psn = 1;
	m.max_rd_atomic = 1;
	t_assert(!ibv_modify_qp(qp, &m, IBV_QP_STATE | IBV_QP_TIMEOUT |
				IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY | IBV_QP_SQ_PSN |
				IBV_QP_MAX_QP_RD_ATOMIC));
}

/* an RDMA WRITE of src's range into dst's, completed */
static void rdma_write(struct ibv_qp *qp, struct ibv_cq *cq,
		       struct accel_verbs_mr *src, struct accel_verbs_mr *dst)
{
	struct ibv_sge sge = {
		.addr = src->iova, .length = (uint32_t)src->length,
		.lkey = src->mr->lkey,
	};
	struct ibv_send_wr wr = {
		.wr_id = 1, .sg_list = &sge, .num_sge = 1,
		.opcode = IBV_WR_RDMA_WRITE, .send_flags = IBV_SEND_SIGNALED,
		.wr.rdma = { .remote_addr = dst->iova, .rkey = dst->mr->rkey },
	}, *bad;
	struct ibv_wc wc;
	int i, n = 0;

	t_assert(!ibv_post_send(qp, &wr, &bad));
	for (i = 0; i < 30000 && !n; i++) {
		n = ibv_poll_cq(cq, 1, &wc);
		if (!n)
			usleep(1000);
	}
	t_assert(n == 1);
	if (wc.status != IBV_WC_SUCCESS)
		t_fail("RDMA WRITE: %s", ibv_wc_status_str(wc.status));
}

/* a vaccel job copying src to dst, waited for */
static void vx_copy(struct accel_context *ctx, struct accel_queue *q,
		    struct accel_bo *dst, struct accel_bo *src)
{
	struct accel_bo *cmd = t_ptr(accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE));
	struct accel_bo_ref refs[2] = {
		{ src, ACCEL_ACCESS_READ, 0 }, { dst, ACCEL_ACCESS_WRITE, 0 },
	};
	struct accel_submit s = { .cmd_bo = cmd, .bos = refs, .num_bos = 2 };
	uint64_t seq;

	s.cmd_size = softdv_emit_copy(t_ptr(accel_bo_map(cmd)), accel_bo_device_addr(dst),
				      accel_bo_device_addr(src), SIZE);
	if (accel_submit(q, &s, &seq))
		t_fail("accel_submit: %s", accel_last_error());
	t_ok(accel_wait(q, seq, 30 * SEC));
	t_ok(accel_bo_free(cmd));
}

/* a soft (memfd) BO as a vaccel BO: the NIC pins the one, vaccel's jobs use the other */
static struct accel_bo *staging(struct accel_context *soft, struct accel_context *vx,
				struct accel_bo **vbo)
{
	struct accel_bo *bo = t_ptr(accel_bo_alloc(soft, SIZE, ACCEL_BO_HOST_VISIBLE));
	int fd = t_ok(accel_bo_export_dmabuf(bo, O_RDWR | O_CLOEXEC));

	*vbo = t_ptr(accel_bo_import_dmabuf(vx, fd));
	close(fd);
	return bo;
}

int main(int argc, char **argv)
{
	struct accel_bo *a, *c, *d, *s1, *s2, *v1, *v2;
	struct accel_verbs_mr *m1, *m2, *ma, *md;
	struct accel_context *vx, *soft;
	struct accel_queue *q;
	struct ibv_qp *qa, *qb;
	struct ibv_context *ib;
	union ibv_gid gid;
	struct ibv_pd *pd;
	struct ibv_cq *cq;
	void *am, *cm;
	int sgid;
	long bad;

	t_require_vm();
	t_require_node("/dev/udmabuf", "soft's dma-buf export (staging)");
	vx_load(argc > 1 ? argv[1] : NULL, "devices=1");
	ib = t_open_rxe();
	pd = ibv_alloc_pd(ib);
	t_assert(pd);
	vx = t_open_provider("vaccel");
	q = t_ptr(accel_queue_create(vx, NULL));
	a = t_ptr(accel_bo_alloc(vx, SIZE, ACCEL_BO_HOST_VISIBLE));
	am = t_ptr(accel_bo_map(a));
	t_pattern_fill(am, SIZE, 41);

	/* rxe refuses the dma-buf: EOPNOTSUPP with no fallback asked */
	t_null(accel_verbs_reg_bo(pd, a, 0, 0, ACCESS, 0), EOPNOTSUPP);
	t_info("dma-buf MR of a vaccel BO: %s", strerror(errno));
	/* vaccel's mappings are real pages: the host fallback pins them */
	ma = t_ptr(accel_verbs_reg_bo(pd, a, 0, 0, ACCESS, ACCEL_VERBS_REG_HOST_FALLBACK));
	t_assert(ma->path == ACCEL_VERBS_PATH_HOST && ma->fallback == ACCEL_VERBS_FALLBACK_NIC);
	t_assert(ma->dmabuf_errno == EOPNOTSUPP && ma->length == SIZE);
	d = t_ptr(accel_bo_alloc(vx, SIZE, ACCEL_BO_HOST_VISIBLE));
	memset(t_ptr(accel_bo_map(d)), 0, SIZE);
	md = t_ptr(accel_verbs_reg_bo(pd, d, 0, 0, ACCESS, ACCEL_VERBS_REG_HOST_FALLBACK));

	/* staging the NIC can pin, shared with vaccel through udmabuf */
	setenv("ACCEL_SOFT_MEMORY", "memfd", 1);
	soft = t_open_provider("soft");
	s1 = staging(soft, vx, &v1);
	s2 = staging(soft, vx, &v2);
	m1 = t_ptr(accel_verbs_reg_bo(pd, s1, 0, 0, ACCESS, ACCEL_VERBS_REG_HOST_FALLBACK));
	m2 = t_ptr(accel_verbs_reg_bo(pd, s2, 0, 0, ACCESS, ACCEL_VERBS_REG_HOST_FALLBACK));
	t_assert(m1->path == ACCEL_VERBS_PATH_HOST && m1->fallback == ACCEL_VERBS_FALLBACK_NIC);
	t_assert(m1->dmabuf_errno == EOPNOTSUPP && m1->length == SIZE);
	memset(m2->host_addr, 0, SIZE);

	cq = ibv_create_cq(ib, 8, NULL, NULL, 0);
	t_assert(cq);
	qa = qp_new(pd, cq);
	qb = qp_new(pd, cq);
	sgid = gid_index(ib, &gid);
	qp_connect(qa, qb->qp_num, &gid, sgid);
	qp_connect(qb, qa->qp_num, &gid, sgid);

	rdma_write(qa, cq, ma, md);		/* vaccel BO -> vaccel BO */
	bad = t_pattern_check(md->host_addr, SIZE, 41);
	if (bad >= 0)
		t_fail("the vaccel BO differs at byte %ld after a direct RDMA WRITE", bad);
	t_info("%u bytes vaccel -> rxe RDMA WRITE -> vaccel, host MRs on vaccel mappings",
	       SIZE);

	vx_copy(vx, q, v1, a);			/* vaccel BO -> staging */
	rdma_write(qa, cq, m1, m2);		/* staging -> staging over rxe */
	c = t_ptr(accel_bo_alloc(vx, SIZE, ACCEL_BO_HOST_VISIBLE));
	cm = t_ptr(accel_bo_map(c));
	memset(cm, 0, SIZE);
	vx_copy(vx, q, c, v2);			/* staging -> vaccel BO */
	bad = t_pattern_check(cm, SIZE, 41);
	if (bad >= 0)
		t_fail("the vaccel BO differs at byte %ld after the RDMA WRITE", bad);
	t_info("%u bytes vaccel -> rxe RDMA WRITE -> vaccel, byte for byte", SIZE);

	t_assert(!ibv_destroy_qp(qa) && !ibv_destroy_qp(qb) && !ibv_destroy_cq(cq));
	t_ok(accel_verbs_dereg_mr(ma));
	t_ok(accel_verbs_dereg_mr(md));
	t_ok(accel_bo_free(d));
	t_ok(accel_verbs_dereg_mr(m1));
	t_ok(accel_verbs_dereg_mr(m2));
	t_ok(accel_bo_free(c));
	t_ok(accel_bo_free(v1));
	t_ok(accel_bo_free(v2));
	t_ok(accel_bo_free(s1));
	t_ok(accel_bo_free(s2));
	t_ok(accel_close_device(soft));
	t_ok(accel_bo_free(a));
	t_ok(accel_queue_destroy(q));
	t_ok(accel_close_device(vx));
	t_assert(!ibv_dealloc_pd(pd) && !ibv_close_device(ib));
	t_assert(!system("rmmod vaccel"));
	t_info("ok");
	return T_PASS;
}
