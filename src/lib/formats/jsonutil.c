/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonutil.c - tolerant accessors over jansson values.
 *
 * MISP writes numbers as strings ("timestamp": "1472541011", "to_ids": "1")
 * as often as not; these accessors accept both, so readers stay short.
 */
#include <stdio.h>
#include <string.h>
#include "formats_int.h"

const char *ksz__json_str(const json_t *o, const char *key, size_t *len)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v))
        return NULL;
    if (len)
        *len = json_string_length(v);
    return json_string_value(v);
}

const char *ksz__json_text(const json_t *o, const char *key, char buf[32])
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    return NULL;
}

int64_t ksz__json_int(const json_t *o, const char *key, int64_t def)
{
    json_t *v = json_object_get(o, key);
    uint64_t u;
    if (json_is_integer(v))
        return (int64_t)json_integer_value(v);
    if (json_is_real(v))
        return (int64_t)json_real_value(v);
    if (json_is_string(v) &&
        ksz__parse_u64(json_string_value(v), json_string_length(v), INT64_MAX, &u) == KSZ_OK)
        return (int64_t)u;
    return def;
}

bool ksz__json_bool(const json_t *o, const char *key, bool def)
{
    json_t *v = json_object_get(o, key);
    const char *s;
    if (json_is_boolean(v))
        return json_is_true(v);
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    if (json_is_string(v)) {
        s = json_string_value(v);
        if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0 || strcmp(s, "True") == 0)
            return true;
        if (strcmp(s, "0") == 0 || strcmp(s, "false") == 0 || strcmp(s, "False") == 0)
            return false;
    }
    return def;
}

int64_t ksz__json_time(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    int64_t t = 0;
    uint64_t u;
    if (json_is_integer(v))
        return (int64_t)json_integer_value(v);
    if (!json_is_string(v))
        return 0;
    if (ksz__parse_u64(json_string_value(v), json_string_length(v), INT64_MAX, &u) == KSZ_OK)
        return (int64_t)u;
    if (ksz__time_parse(json_string_value(v), json_string_length(v), &t) != KSZ_OK)
        return 0;
    return t;
}

void ksz__json_errmsg(const json_error_t *je, char *out, size_t cap)
{
    snprintf(out, cap, "line %d column %d: %s", je->line, je->column, je->text);
}
