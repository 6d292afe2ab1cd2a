/* SPDX-License-Identifier: Apache-2.0 */
#include "srv.h"

void srv_feeds_start(struct srv *s);
void srv_feeds_stop(struct srv *s);
void srv_feeds_start(struct srv *s) { (void)s; }
void srv_feeds_stop(struct srv *s) { (void)s; }
