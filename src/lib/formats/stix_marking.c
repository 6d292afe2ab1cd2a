/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stix_marking.c - the published TLP marking-definition ids.
 *
 * TLP 1.0 ids are predefined by STIX 2.1 (section 7.2.1.4); TLP 2.0 ids come
 * from the OASIS TLP 2.0 extension (extension-definition--60a3c5c5-...).
 * Both are read; only TLP 2.0 is written.
 */
#include <string.h>
#include "formats_int.h"

static const struct {
    const char *id;
    ksz_tlp tlp;
    bool v2;
} markings[] = {
    {"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", KSZ_TLP_CLEAR, true},
    {"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", KSZ_TLP_GREEN, true},
    {"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", KSZ_TLP_AMBER, true},
    {"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", KSZ_TLP_AMBER_STRICT, true},
    {"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", KSZ_TLP_RED, true},
    {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", KSZ_TLP_CLEAR, false},
    {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", KSZ_TLP_GREEN, false},
    {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", KSZ_TLP_AMBER, false},
    {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", KSZ_TLP_RED, false},
};

const char *ksz__tlp2_marking_id(ksz_tlp t)
{
    for (size_t i = 0; i < sizeof markings / sizeof markings[0]; i++)
        if (markings[i].v2 && markings[i].tlp == t)
            return markings[i].id;
    return NULL;
}

ksz_rc ksz__tlp_from_marking_id(const char *id, ksz_tlp *out)
{
    for (size_t i = 0; i < sizeof markings / sizeof markings[0]; i++)
        if (strcmp(markings[i].id, id) == 0) {
            *out = markings[i].tlp;
            return KSZ_OK;
        }
    return KSZ_ERR_NOTFOUND;
}
