/* SPDX-License-Identifier: Apache-2.0 */
/* Allocation failure at every step of the readers: a clean error each time
 * (never a crash or a leak under ASan), then success once allocations are
 * allowed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "collect.h"
#include "core/core_int.h"

typedef ksz_rc (*reader_fn)(const char *buf, size_t len, const struct ksz_import_sink *sink,
                            struct ksz_error *err);

static ksz_rc stix(const char *b, size_t l, const struct ksz_import_sink *s, struct ksz_error *e)
{
    return ksz_stix_read("t", b, l, NULL, s, e);
}

static ksz_rc misp(const char *b, size_t l, const struct ksz_import_sink *s, struct ksz_error *e)
{
    return ksz_misp_read("t", b, l, NULL, s, e);
}

static ksz_rc csv(const char *b, size_t l, const struct ksz_import_sink *s, struct ksz_error *e)
{
    return ksz_csv_read("t", b, l, NULL, NULL, s, e);
}

static void torture(const char *path, reader_fn fn)
{
    size_t len = 0;
    char *buf = slurp(path, &len);
    ksz_rc rc = KSZ_ERR_NOMEM;

    assert_non_null(buf);
    for (long n = 0; n < 100000 && rc != KSZ_OK; n++) {
        struct collect c;
        struct ksz_import_sink sink = collect_sink(&c);
        struct ksz_error err = {0};
        ksz__alloc_fail_after(n);
        rc = fn(buf, len, &sink, &err);
        ksz__alloc_fail_after(-1);
        assert_true(rc == KSZ_OK || rc == KSZ_ERR_NOMEM || rc == KSZ_ERR_LIMIT);
        collect_free(&c);
    }
    assert_int_equal(rc, KSZ_OK);
    free(buf);
}

static void stix_survives_allocation_failures(void **state)
{
    (void)state;
    torture(KSZ_TEST_DATA "/formats/bundle21.json", stix);
}

static void misp_survives_allocation_failures(void **state)
{
    (void)state;
    torture(KSZ_TEST_DATA "/formats/misp_event.json", misp);
}

static void csv_survives_allocation_failures(void **state)
{
    (void)state;
    torture(KSZ_TEST_DATA "/formats/mapped.csv", csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stix_survives_allocation_failures),
        cmocka_unit_test(misp_survives_allocation_failures),
        cmocka_unit_test(csv_survives_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
