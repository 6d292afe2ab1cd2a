/* SPDX-License-Identifier: Apache-2.0 */
/*
 * taxii_int.h - what the TAXII files share: STIX objects one by one, and
 * the filters of a TAXII request (parsed on their own, so that they can be
 * fuzzed).
 */
#ifndef KSZ_TAXII_INT_H
#define KSZ_TAXII_INT_H

#include "srv.h"

#define TAXII_LIMIT_DEFAULT 1000
#define TAXII_LIMIT_MAX 10000
#define TAXII_MATCH_IDS 32

/* One STIX object appended to b; false (nothing written) when it cannot be
 * one (an observable no pattern expresses, a report without references). */
bool taxii_stix_indicator(struct ksz_buf *b, const struct ksz_indicator *ind,
                          struct ksz_buf *tmp);
bool taxii_stix_report(struct ksz_buf *b, const struct ksz_report *r);
bool taxii_stix_threat(struct ksz_buf *b, const struct ksz_threat *t);

/* The filters of GET objects / manifest. */
struct taxii_filter {
    size_t limit;
    int64_t added_after;            /* seconds; 0 = none */
    bool has_next;
    struct ksz_added_cursor next;   /* from "next" */
    size_t n_ids;
    const char *ids[TAXII_MATCH_IDS];   /* match[id]; borrowed from the query, */
    size_t id_len[TAXII_MATCH_IDS];     /* not NUL-terminated */
    bool type_indicator, type_report, type_threat;  /* match[type]: what it admits */
    bool version_all, version_first, version_last;
    size_t n_versions;
    int64_t versions[8];            /* match[version] timestamps (seconds) */
    bool spec_ok;                   /* match[spec_version] admits 2.1 (or is absent) */
};

/* Parse the query's limit, added_after, next, match[id], match[type],
 * match[version], match[spec_version]. KSZ_ERR_PARSE with err naming the
 * field on a bad one. ids point into q. */
ksz_rc taxii_filter_parse(const struct srv_query *q, struct taxii_filter *f,
                          struct ksz_error *err);
/* "next" tokens: "<date_added>.<id>". */
void taxii_next_format(const struct ksz_added_cursor *c, char buf[48]);

#endif
