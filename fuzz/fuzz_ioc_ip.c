/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_ioc_ip.c - IPv4, IPv6 and CIDR parsers. Whatever parses must format
 * to text that parses again to the same value.
 */
#include <stdlib.h>
#include <string.h>
#include "ioc/ioc_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct ksz_error err;
    uint32_t v4, v4b;
    uint8_t v6[16], v6b[16];
    unsigned p, pb;
    char buf[64];
    size_t n;

    if (ksz_ipv4_parse(s, size, &v4, &err) == KSZ_OK) {
        ksz_ipv4_format(v4, buf);
        if (ksz_ipv4_parse(buf, strlen(buf), &v4b, NULL) != KSZ_OK || v4 != v4b)
            abort();
    }
    if (ksz_ipv6_parse(s, size, v6, &err) == KSZ_OK) {
        ksz_ipv6_format(v6, buf);
        if (strlen(buf) > 45 || ksz_ipv6_parse(buf, strlen(buf), v6b, NULL) != KSZ_OK ||
            memcmp(v6, v6b, 16) != 0)
            abort();
        (void)ksz_ipv6_class(v6);
    }
    if (ksz_cidr4_parse(s, size, &v4, &p, &err) == KSZ_OK) {
        n = ksz__cidr4_format(v4, p, buf);
        if (ksz_cidr4_parse(buf, n, &v4b, &pb, NULL) != KSZ_OK || v4 != v4b || p != pb)
            abort();
    }
    if (ksz_cidr6_parse(s, size, v6, &p, &err) == KSZ_OK) {
        n = ksz__cidr6_format(v6, p, buf);
        if (ksz_cidr6_parse(buf, n, v6b, &pb, NULL) != KSZ_OK || memcmp(v6, v6b, 16) != 0 ||
            p != pb)
            abort();
    }
    return 0;
}
