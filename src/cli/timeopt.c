/* SPDX-License-Identifier: Apache-2.0 */
/*
 * timeopt.c - parsing the time, duration and store options of import and
 * export. Times are always UTC: the TZ of the shell must not change what
 * an option means.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "timeopt.h"

bool cli_parse_time(const char *s, int64_t *out)
{
    char *end;
    long long v;
    struct tm tm = {0};

    v = strtoll(s, &end, 10);
    if (*s != '\0' && *end == '\0') {
        *out = v;
        return true;
    }
    end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (end == NULL) {
        memset(&tm, 0, sizeof tm);
        end = strptime(s, "%Y-%m-%d", &tm);
    }
    if (end == NULL || (*end != '\0' && strcmp(end, "Z") != 0 && *end != '.'))
        return false;
    *out = (int64_t)timegm(&tm);
    return true;
}

ksz_rc cli_parse_duration(const char *s, int64_t *out)
{
    char *end;
    long long n = strtoll(s, &end, 10);
    int64_t unit = 1;

    if (end == s || n <= 0)
        return KSZ_ERR_INVALID;
    switch (*end) {
    case '\0': case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    case 'y': unit = 365 * 86400; break;
    default: return KSZ_ERR_INVALID;
    }
    if (*end != '\0' && end[1] != '\0')
        return KSZ_ERR_INVALID;
    *out = (int64_t)n * unit;
    return KSZ_OK;
}

const char *cli_db_path(const char *opt)
{
    const char *env = getenv("KIZASHI_DB");
    return opt ? opt : env && env[0] ? env : "./kizashi.db";
}
