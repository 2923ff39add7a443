/* SPDX-License-Identifier: MIT */
/*
 * rxe, the kernel's soft RoCE device, on lo: the NIC of the RDMA tests
 * (verbs_reg.c, verbs_lifetime.c, vaccel_verbs.c).
 */
#ifndef VM_RXE_H
#define VM_RXE_H

#include <infiniband/verbs.h>

/* modprobe rdma_rxe, add rxe0 on lo unless it is there, open it; fails
 * the test where any step does */
struct ibv_context *t_open_rxe(void);

#endif /* VM_RXE_H */
