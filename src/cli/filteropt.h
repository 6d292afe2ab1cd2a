/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filteropt.h - the selection options every command that reads indicators
 * out of the store shares (export, export --to, compile): one parser, one
 * wording of the errors.
 */
#ifndef KSZ_CLI_FILTEROPT_H
#define KSZ_CLI_FILTEROPT_H

#include <stdbool.h>
#include <kizashi/store.h>

/* If opt is --type, --usage, --min-confidence, --min-score, --tlp-max,
 * --source or --threat, apply val to f and return true; a bad value is
 * reported on stderr as "kizashi CMD: --opt: ..." and sets *rc to
 * KSZ_ERR_INVALID. Returns false, touching nothing, for any other option.
 * --tlp-max red also sets allow_red: TLP:RED leaves only when named. */
bool cli_filter_option(const char *cmd, const char *opt, const char *val, struct ksz_filter *f,
                       ksz_rc *rc);

#endif
