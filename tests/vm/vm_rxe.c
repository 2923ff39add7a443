// SPDX-License-Identifier: MIT
/* rxe on lo for the RDMA tests: see vm_rxe.h. */
#include <stdlib.h>
#include <string.h>

#include "vm_rxe.h"
#include "vmtest.h"

struct ibv_context *t_open_rxe(void)
{
	struct ibv_device **list;
	struct ibv_context *ib = NULL;
	int i, n;

	if (t_modprobe("rdma_rxe"))
		t_fail("modprobe rdma_rxe failed");
	if (system("ip link set lo up && (rdma link show rxe0/1 >/dev/null 2>&1 || "
		   "rdma link add rxe0 type rxe netdev lo)"))
		t_fail("cannot create rxe0 on lo");
	list = ibv_get_device_list(&n);
	t_assert(list);
	for (i = 0; i < n; i++)
		if (!strcmp(ibv_get_device_name(list[i]), "rxe0"))
			ib = ibv_open_device(list[i]);
	ibv_free_device_list(list);
	if (!ib)
		t_fail("cannot open rxe0");
	return ib;
}
