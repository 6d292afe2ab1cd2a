/* SPDX-License-Identifier: Apache-2.0 */
/* tests/unit/net/test_http.c - src/lib/net/http.c without a network: what
 * is refused before a request, a closed loopback port, cancellation. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "kizashi/net.h"

/* A loopback port nobody listens on: bind one, note it, close it. */
static unsigned closed_port(void)
{
    struct sockaddr_in a;
    socklen_t n = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &n), 0);
    close(fd);
    return ntohs(a.sin_port);
}

static void only_http_and_https_urls_are_fetched(void **state)
{
    struct ksz_http_opts o;
    struct ksz_http_result res;
    struct ksz_error err = {0};
    struct ksz_buf b;
    (void)state;
    ksz_http_opts_init(&o);
    ksz_buf_init(&b, 0);
    o.url = "file:///etc/passwd";
    assert_int_equal(ksz_http_get_buf(&o, &b, &res, &err), KSZ_ERR_INVALID);
    assert_int_equal(res.attempts, 0);
    assert_int_equal(b.len, 0);
    ksz_buf_cleanup(&b);
}

static void a_refused_connection_is_retried_then_reported(void **state)
{
    struct ksz_http_opts o;
    struct ksz_http_result res;
    struct ksz_error err = {0};
    struct ksz_buf b;
    char url[64];
    (void)state;
    snprintf(url, sizeof url, "http://127.0.0.1:%u/x", closed_port());
    ksz_http_opts_init(&o);
    o.url = url;
    o.retries = 2;
    o.backoff_ms = 1;
    ksz_buf_init(&b, 0);
    assert_int_equal(ksz_http_get_buf(&o, &b, &res, &err), KSZ_ERR_IO);
    assert_int_equal(res.attempts, 3);
    assert_int_equal(res.status, 0);
    assert_non_null(strstr(err.msg, "attempt 3"));
    ksz_buf_cleanup(&b);
}

static void cancel_stops_the_wait_between_retries(void **state)
{
    struct ksz_http_opts o;
    struct ksz_http_result res;
    struct ksz_error err = {0};
    volatile int stop = 1;
    char url[64];
    time_t t0 = time(NULL);
    (void)state;
    snprintf(url, sizeof url, "http://127.0.0.1:%u/x", closed_port());
    ksz_http_opts_init(&o);
    o.url = url;
    o.backoff_ms = 20000;
    o.cancel = &stop;
    assert_int_equal(ksz_http_get(&o, NULL, &res, &err), KSZ_ERR_IO);
    assert_non_null(strstr(err.msg, "cancelled"));
    assert_true(time(NULL) - t0 < 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_http_and_https_urls_are_fetched),
        cmocka_unit_test(a_refused_connection_is_retried_then_reported),
        cmocka_unit_test(cancel_stops_the_wait_between_retries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
