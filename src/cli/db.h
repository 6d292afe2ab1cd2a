/* SPDX-License-Identifier: Apache-2.0 */
/*
 * db.h - what the commands that read or write the store share: finding and
 * opening it (--db PATH, else $KIZASHI_DB, else ./kizashi.db; every message
 * names the path), option values, naming an indicator on the command line
 * (ID or VALUE), and writing indicators as JSON.
 */
#ifndef KSZ_CLI_DB_H
#define KSZ_CLI_DB_H

#include <stdio.h>
#include <kizashi/kizashi.h>
#include <kizashi/store.h>

/* --db, else $KIZASHI_DB, else ./kizashi.db */
const char *cli_db_resolve(const char *opt);

/* Open the store for cmd. With must_exist, a missing file is an error
 * ("no store at PATH") instead of a new empty store: commands that only
 * read never create one. Prints "kizashi CMD: PATH: why" on failure. */
ksz_rc cli_db_open(const char *cmd, const char *opt, bool must_exist, struct ksz_store **out);

/* "--name VALUE" or "--name=VALUE" at argv[*i]: true and *val set (and *i
 * moved past VALUE) when argv[*i] is that option. A missing VALUE prints a
 * message and sets *val to NULL. */
bool cli_db_optval(const char *cmd, int argc, char **argv, int *i, const char *name,
                   const char **val);

/* Fill f's query fields from what the user typed: a STIX id
 * ("indicator--..."), a row id (digits, or "#digits"), or a value, whose
 * type is guessed (or forced by type, when not KSZ_IOC_NONE) and which is
 * canonicalised into canon (KSZ_IOC_VALUE_MAX + 1 bytes). With st, a value
 * stored exactly as typed is found first, without guessing. Prints why not
 * and returns KSZ_ERR_PARSE when the value is no indicator. */
ksz_rc cli_db_target(const char *cmd, struct ksz_store *st, const char *arg, ksz_ioc_type type,
                     struct ksz_filter *f, char *canon);

/* ISO 8601 UTC ("2024-05-01T00:00:00Z") into buf[32]; "" for 0. */
const char *cli_db_time(int64_t t, char buf[32]);

/* Append the indicator (the claim) as JSON object members, without braces:
 * "id":..,"type":..,"value":..,... state may be NULL. */
ksz_rc cli_db_json_indicator(struct ksz_buf *b, const struct ksz_indicator *ind,
                             const struct ksz_indicator_state *state);
/* Append "name":"string" (s NULL -> null), with a leading comma if first is false. */
ksz_rc cli_db_json_str(struct ksz_buf *b, const char *name, const char *s);
ksz_rc cli_db_json_list(struct ksz_buf *b, const char *name, const struct ksz_strlist *l);
/* Write b to stdout, reset it. KSZ_ERR_IO on a write error. */
ksz_rc cli_db_flush(const char *cmd, struct ksz_buf *b);

#endif
