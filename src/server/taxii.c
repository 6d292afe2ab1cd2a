/* SPDX-License-Identifier: Apache-2.0 */
#include "srv.h"

void srv_taxii(struct srv_req *r, const char *sub)
{
    (void)sub;
    srv_error(r, 404, "not yet");
}
