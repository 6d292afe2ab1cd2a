/* SPDX-License-Identifier: Apache-2.0 */
/*
 * writeback.c - the WAL handed to the disk while it grows, not all at the
 * checkpoint.
 *
 * Under synchronous = NORMAL a transaction's pages go to the WAL without a
 * sync, and the checkpoint after a large commit first waits for the whole
 * WAL to reach the disk (fdatasync), then copies it into the database file.
 * A bulk import writes a WAL about as large as the store (230 MB for 1M
 * indicators), so that first wait was a third of a second of a disk left
 * idle while the import ran. So as rows are written (rows.c), and once more
 * before the commit, the store writes the pages its cache holds dirty into
 * the WAL (sqlite3_db_cacheflush: the transaction goes on) and asks the
 * kernel to start writing the WAL back (sync_file_range with
 * SYNC_FILE_RANGE_WRITE: it starts the writes and waits for none). Nothing
 * changes about when data is durable: that is still the checkpoint's
 * fdatasync; the writes just start earlier. Linux only; elsewhere, and for
 * a store in memory, this does nothing.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "store/store_int.h"

#define WAL_UNAVAILABLE (-2) /* until the transaction ends: no WAL file to open */

void ksz__store_writeback(struct ksz_store *st)
{
#ifdef SYNC_FILE_RANGE_WRITE
    if (st->wal_fd == WAL_UNAVAILABLE)
        return;
    if (sqlite3_db_cacheflush(st->db) != SQLITE_OK)
        return;
    if (st->wal_fd < 0) {
        const char *db = sqlite3_db_filename(st->db, "main");
        char path[4096];
        int n = db != NULL && db[0] != '\0' ? snprintf(path, sizeof path, "%s-wal", db) : -1;

        st->wal_fd = n > 0 && (size_t)n < sizeof path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
        if (st->wal_fd < 0) {
            st->wal_fd = WAL_UNAVAILABLE;
            return;
        }
    }
    (void)sync_file_range(st->wal_fd, 0, 0, SYNC_FILE_RANGE_WRITE); /* a hint: errors are moot */
#else
    (void)st;
#endif
}

void ksz__store_writeback_end(struct ksz_store *st)
{
    if (st->wal_fd >= 0)
        close(st->wal_fd);
    st->wal_fd = -1;
}
