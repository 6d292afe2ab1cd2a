/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export_to.h - `kizashi export --to TARGET ...`: blocklists for devices.
 */
#ifndef KSZ_CLI_EXPORT_TO_H
#define KSZ_CLI_EXPORT_TO_H

/* The whole command line of `kizashi export --to ...` (argv[0] is
 * "export"); returns an exit status. */
int cli_export_to(int argc, char **argv);

#endif
