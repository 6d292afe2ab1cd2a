/* SPDX-License-Identifier: Apache-2.0 */
/*
 * timeopt.h - option values shared by import and export: times, durations
 * and the store's path.
 */
#ifndef KSZ_CLI_TIMEOPT_H
#define KSZ_CLI_TIMEOPT_H

#include <stdbool.h>
#include <stdint.h>
#include <kizashi/error.h>

/* "2024-05-01T00:00:00Z", "2024-05-01" (UTC) or Unix seconds. */
bool cli_parse_time(const char *s, int64_t *out);
/* "30d", "12h", "90m", "45s", "2w", "1y" or seconds; > 0. */
ksz_rc cli_parse_duration(const char *s, int64_t *out);
/* --db, else $KIZASHI_DB, else ./kizashi.db */
const char *cli_db_path(const char *opt);

#endif
