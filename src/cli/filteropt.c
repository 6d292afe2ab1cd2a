/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filteropt.c - parsing the shared indicator-selection options into a
 * struct ksz_filter. The values are checked whole: "80x" is not 80.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "filteropt.h"

static bool bad(const char *cmd, ksz_rc *rc, const char *opt, const char *what, const char *val)
{
    cli_errorf(cmd, "%s: expected %s, found '%s'", opt, what, val);
    *rc = KSZ_ERR_INVALID;
    return true;
}

bool cli_filter_option(const char *cmd, const char *opt, const char *val, struct ksz_filter *f,
                       ksz_rc *rc)
{
    struct ksz_error err = {0};
    char *end = NULL;

    if (strcmp(opt, "--type") == 0) {
        if (ksz_ioc_typeset_parse(val, strlen(val), &f->types, &err) != KSZ_OK) {
            cli_errorf(cmd, "--type: %s", err.msg);
            *rc = KSZ_ERR_INVALID;
        }
    } else if (strcmp(opt, "--usage") == 0) {
        if (ksz_usage_parse(val, strlen(val), &f->usage, &err) != KSZ_OK) {
            cli_errorf(cmd, "--usage: %s", err.msg);
            *rc = KSZ_ERR_INVALID;
        }
    } else if (strcmp(opt, "--min-confidence") == 0) {
        long c = strtol(val, &end, 10);
        if (*val == '\0' || *end != '\0' || c < 0 || c > 100)
            return bad(cmd, rc, opt, "a number 0..100", val);
        f->min_confidence = (int)c;
    } else if (strcmp(opt, "--min-score") == 0) {
        double s = strtod(val, &end);
        if (*val == '\0' || *end != '\0' || s < 0 || s > 100)
            return bad(cmd, rc, opt, "a number 0..100", val);
        f->min_score = s;
    } else if (strcmp(opt, "--tlp-max") == 0) {
        ksz_tlp t;
        if (ksz_tlp_parse(val, strlen(val), &t) != KSZ_OK || t == KSZ_TLP_UNSET)
            return bad(cmd, rc, opt, "clear, green, amber, amber+strict or red", val);
        f->tlp_max = t;
        f->allow_red = t == KSZ_TLP_RED;   /* only when named */
    } else if (strcmp(opt, "--source") == 0) {
        f->source = val;
    } else if (strcmp(opt, "--threat") == 0) {
        f->threat = val;
    } else {
        return false;
    }
    return true;
}
