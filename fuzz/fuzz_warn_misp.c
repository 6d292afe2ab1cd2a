/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_warn_misp.c - the MISP warninglist reader, then the matcher built
 * from whatever it read, then a few checks of every kind against it.
 */
#include <string.h>
#include "kizashi/warn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct {
        ksz_ioc_type t;
        const char *v;
        size_t len;
    } probes[] = {
        {KSZ_IOC_IPV4, "10.1.2.3", 8},
        {KSZ_IOC_IPV6, "2001:db8::1", 11},
        {KSZ_IOC_CIDR4, "10.0.0.0/8", 10},
        {KSZ_IOC_DOMAIN, "a.b.example.com", 15},
        {KSZ_IOC_URL, "http://user@www.example.com:81/x", 32},
        {KSZ_IOC_EMAIL, "abuse@mail.example.com", 22},
        {KSZ_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427e", 32},
    };
    struct ksz_warn_misp *m = NULL;
    struct ksz_warn *w = NULL;
    struct ksz_error err;
    struct ksz_warn_hit hits[4];
    size_t n;

    if (ksz_warn_misp_parse((const char *)data, size, "fuzz", &m, &err) != KSZ_OK)
        return 0;
    if (ksz_warn_new(&w, &err) == KSZ_OK &&
        ksz_warn_add_list(w, &m->list, m->entries, m->n, NULL, &err) == KSZ_OK) {
        for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++)
            (void)ksz_warn_check(w, probes[i].t, probes[i].v, probes[i].len, hits, 4, &n);
        for (size_t i = 0; i < m->n && i < 64; i++) /* each entry against itself */
            for (int t = KSZ_IOC_IPV4; t < KSZ_IOC__COUNT; t++)
                (void)ksz_warn_check(w, (ksz_ioc_type)t, m->entries[i], strlen(m->entries[i]),
                                     hits, 4, &n);
    }
    ksz_warn_free(w);
    ksz_warn_misp_free(m);
    return 0;
}
