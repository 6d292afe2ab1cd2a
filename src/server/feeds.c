/* SPDX-License-Identifier: Apache-2.0 */
/*
 * feeds.c - the daemon's feed scheduler: where `kizashi serve` will pull the
 * feeds kept in the store (table feeds, include/kizashi/daemon.h) on their
 * schedule with libcurl. Not written yet: start and stop do nothing, and
 * GET /api/v1/feeds reports the stored feeds as they are.
 */
#include "srv.h"

void srv_feeds_start(struct srv *s);
void srv_feeds_stop(struct srv *s);

void srv_feeds_start(struct srv *s)
{
    (void)s;
}

void srv_feeds_stop(struct srv *s)
{
    (void)s;
}
