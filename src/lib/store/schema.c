/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema.c - the store's tables and their migrations.
 *
 * schema_version holds one row: the number of the last migration applied.
 * Migrations run in one IMMEDIATE transaction at open, so two processes
 * opening a fresh file at once cannot both create it, and a file already at
 * the latest version costs one read. A migration is never edited once
 * released: a change is a new entry at the end of the list.
 */
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

/* Version 1: the model of DESIGN.md section 3. */
static const char schema_v1[] =
    "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE sources("
    " id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT, url TEXT,"
    " reliability TEXT, default_tlp INTEGER NOT NULL DEFAULT 15,"
    " default_confidence INTEGER NOT NULL DEFAULT -1,"
    " lifetimes TEXT," /* "type=seconds;..." only types with a lifetime set */
    " created INTEGER NOT NULL);"
    "CREATE TABLE observables("
    " id INTEGER PRIMARY KEY, type INTEGER NOT NULL, value TEXT NOT NULL,"
    " UNIQUE(type, value));"
    "CREATE TABLE indicators("
    " id INTEGER PRIMARY KEY,"
    " stix_id TEXT NOT NULL UNIQUE,"
    " observable_id INTEGER NOT NULL REFERENCES observables(id),"
    " source_id INTEGER NOT NULL REFERENCES sources(id),"
    " report TEXT, pattern TEXT, name TEXT, description TEXT,"
    " created INTEGER NOT NULL, modified INTEGER NOT NULL,"
    " valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL,"
    " until_default INTEGER NOT NULL," /* valid_until came from a lifetime */
    " confidence INTEGER NOT NULL, tlp INTEGER NOT NULL,"
    " commercial INTEGER NOT NULL, usage INTEGER NOT NULL,"
    " revoked INTEGER NOT NULL DEFAULT 0,"        /* the source revoked it */
    " revoked_at INTEGER NOT NULL DEFAULT 0,"     /* revoked here, by hand */
    " false_positive INTEGER NOT NULL DEFAULT 0," /* when marked, 0 = not */
    " warn_blocked INTEGER NOT NULL DEFAULT 0,"
    " labels TEXT, tags TEXT, attack_ids TEXT, kill_chain TEXT, threats TEXT, warnings TEXT,"
    " first_stored INTEGER NOT NULL, refreshed_at INTEGER NOT NULL,"
    " last_seen INTEGER NOT NULL DEFAULT 0, sightings INTEGER NOT NULL DEFAULT 0,"
    " inactive_since INTEGER NOT NULL DEFAULT 0," /* recorded by expire, 0 = active */
    " chash INTEGER NOT NULL);"
    "CREATE INDEX indicators_observable ON indicators(observable_id, source_id);"
    "CREATE TABLE threats("
    " id INTEGER PRIMARY KEY, stix_id TEXT NOT NULL UNIQUE, kind INTEGER NOT NULL,"
    " name TEXT NOT NULL, description TEXT, external_ids TEXT,"
    " created INTEGER NOT NULL, modified INTEGER NOT NULL, revoked INTEGER NOT NULL,"
    " tlp INTEGER NOT NULL, chash INTEGER NOT NULL);"
    "CREATE INDEX threats_name ON threats(name COLLATE NOCASE);"
    "CREATE TABLE threat_aliases("
    " threat_id INTEGER NOT NULL REFERENCES threats(id) ON DELETE CASCADE,"
    " alias TEXT NOT NULL, PRIMARY KEY(threat_id, alias)) WITHOUT ROWID;"
    "CREATE INDEX threat_aliases_alias ON threat_aliases(alias COLLATE NOCASE);"
    "CREATE TABLE reports("
    " id INTEGER PRIMARY KEY, stix_id TEXT NOT NULL UNIQUE, title TEXT, description TEXT,"
    " published INTEGER NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL,"
    " tlp INTEGER NOT NULL, source_id INTEGER REFERENCES sources(id), labels TEXT,"
    " chash INTEGER NOT NULL);"
    "CREATE INDEX reports_title ON reports(title);"
    "CREATE TABLE report_refs("
    " report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
    " ref TEXT NOT NULL, PRIMARY KEY(report_id, ref)) WITHOUT ROWID;"
    "CREATE INDEX report_refs_ref ON report_refs(ref);"
    "CREATE TABLE relationships("
    " id INTEGER PRIMARY KEY, stix_id TEXT NOT NULL UNIQUE, source_ref TEXT NOT NULL,"
    " type TEXT NOT NULL, target_ref TEXT NOT NULL, description TEXT,"
    " created INTEGER NOT NULL, modified INTEGER NOT NULL, chash INTEGER NOT NULL);"
    "CREATE INDEX relationships_source ON relationships(source_ref);"
    "CREATE INDEX relationships_target ON relationships(target_ref);"
    /* Aggregated: one row per (observable, indicator or 0, where, day, kind). */
    "CREATE TABLE sightings("
    " id INTEGER PRIMARY KEY, stix_id TEXT,"
    " observable_id INTEGER NOT NULL REFERENCES observables(id),"
    " indicator_id INTEGER NOT NULL," /* 0 = the observable, no particular claim */
    " where_ TEXT NOT NULL, day INTEGER NOT NULL, kind INTEGER NOT NULL,"
    " count INTEGER NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
    " UNIQUE(observable_id, indicator_id, where_, day, kind));"
    /* STIX ids of sightings already counted, so a re-import counts nothing */
    "CREATE TABLE sighting_ids(stix_id TEXT PRIMARY KEY) WITHOUT ROWID;"
    "CREATE TABLE warnlists("
    " id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT,"
    " version INTEGER NOT NULL, kind INTEGER NOT NULL, policy INTEGER NOT NULL,"
    " enabled INTEGER NOT NULL, types INTEGER NOT NULL, updated INTEGER NOT NULL);"
    "CREATE TABLE warnlist_entries("
    " list_id INTEGER NOT NULL REFERENCES warnlists(id) ON DELETE CASCADE,"
    " entry TEXT NOT NULL);"
    "CREATE INDEX warnlist_entries_list ON warnlist_entries(list_id);"
    "CREATE TABLE history("
    " id INTEGER PRIMARY KEY,"
    " indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,"
    " at INTEGER NOT NULL, event TEXT NOT NULL, detail TEXT);"
    "CREATE INDEX history_indicator ON history(indicator_id, at);"
    /* rowid = record id * 4 + KSZ__FTS_* kind */
    "CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61');";

/* Version 2: what the daemon keeps. API tokens (only a keyed hash of each,
 * never the token), the audit log of every write made through it, the
 * feeds it pulls on a schedule, TAXII status resources, and an index that
 * serves TAXII's date_added order (an indicator's date_added is the time
 * this store last took a version of it: refreshed_at). */
static const char schema_v2[] =
    "CREATE TABLE tokens("
    " id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, hash BLOB NOT NULL UNIQUE,"
    " role INTEGER NOT NULL, tlp_max INTEGER NOT NULL, allow_red INTEGER NOT NULL,"
    " collections TEXT, created INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE audit("
    " id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
    " object TEXT, detail TEXT, status INTEGER NOT NULL);"
    "CREATE INDEX audit_at ON audit(at);"
    "CREATE TABLE feeds("
    " id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, url TEXT NOT NULL,"
    " format TEXT NOT NULL, collection TEXT, every INTEGER NOT NULL, options TEXT,"
    " etag TEXT, last_modified TEXT, added_after TEXT,"
    " last_run INTEGER NOT NULL DEFAULT 0, last_success INTEGER NOT NULL DEFAULT 0,"
    " last_error TEXT, last_count INTEGER NOT NULL DEFAULT 0,"
    " failures INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);"
    "CREATE TABLE taxii_status("
    " id TEXT PRIMARY KEY, status TEXT NOT NULL, requested INTEGER NOT NULL,"
    " total INTEGER NOT NULL, success INTEGER NOT NULL, failure INTEGER NOT NULL,"
    " pending INTEGER NOT NULL, detail TEXT) WITHOUT ROWID;"
    "CREATE INDEX indicators_added ON indicators(refreshed_at, id);";

/* Version 3: indicators are found by STIX id through indicator_ids, a
 * 64-bit hash of the id -> indicators.id, written in key order at commit;
 * the UNIQUE index on the text, which a bulk import filled in random
 * order, is gone (ids.c). SQLite cannot drop a column's UNIQUE: the table
 * is rebuilt with the same columns and row ids (foreign keys are off while
 * migrating, so history and sightings keep their rows). */
static const char schema_v3[] =
    "CREATE TABLE indicators_v3("
    " id INTEGER PRIMARY KEY,"
    " stix_id TEXT NOT NULL," /* unique by the put path (ids.c) */
    " observable_id INTEGER NOT NULL REFERENCES observables(id),"
    " source_id INTEGER NOT NULL REFERENCES sources(id),"
    " report TEXT, pattern TEXT, name TEXT, description TEXT,"
    " created INTEGER NOT NULL, modified INTEGER NOT NULL,"
    " valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL,"
    " until_default INTEGER NOT NULL," /* valid_until came from a lifetime */
    " confidence INTEGER NOT NULL, tlp INTEGER NOT NULL,"
    " commercial INTEGER NOT NULL, usage INTEGER NOT NULL,"
    " revoked INTEGER NOT NULL DEFAULT 0,"        /* the source revoked it */
    " revoked_at INTEGER NOT NULL DEFAULT 0,"     /* revoked here, by hand */
    " false_positive INTEGER NOT NULL DEFAULT 0," /* when marked, 0 = not */
    " warn_blocked INTEGER NOT NULL DEFAULT 0,"
    " labels TEXT, tags TEXT, attack_ids TEXT, kill_chain TEXT, threats TEXT, warnings TEXT,"
    " first_stored INTEGER NOT NULL, refreshed_at INTEGER NOT NULL,"
    " last_seen INTEGER NOT NULL DEFAULT 0, sightings INTEGER NOT NULL DEFAULT 0,"
    " inactive_since INTEGER NOT NULL DEFAULT 0," /* recorded by expire, 0 = active */
    " chash INTEGER NOT NULL);"
    "INSERT INTO indicators_v3 SELECT * FROM indicators;"
    "DROP TABLE indicators;"
    "ALTER TABLE indicators_v3 RENAME TO indicators;"
    "CREATE INDEX indicators_observable ON indicators(observable_id, source_id);"
    "CREATE INDEX indicators_added ON indicators(refreshed_at, id);"
    "CREATE TABLE indicator_ids(h INTEGER NOT NULL, id INTEGER NOT NULL,"
    " PRIMARY KEY(h, id)) WITHOUT ROWID;"
    "INSERT INTO indicator_ids SELECT ksz_id_hash(stix_id), id FROM indicators ORDER BY 1, 2;";

static const char *const migrations[] = {schema_v1, schema_v2, schema_v3};

int ksz__store_schema_limit = 0;

static ksz_rc read_version(struct ksz_store *st, int *version, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    rc = ksz__store_prepare(st, "SELECT max(version) FROM schema_version", &s, err);
    if (rc != KSZ_OK)
        return rc;
    *version = 0;
    if (sqlite3_step(s) == SQLITE_ROW)
        *version = sqlite3_column_int(s, 0);
    else
        rc = ksz__store_db_error(st, err, "reading the schema version");
    sqlite3_finalize(s);
    return rc;
}

ksz_rc ksz__store_migrate(struct ksz_store *st, struct ksz_error *err)
{
    int version = 0;
    const int all = (int)(sizeof migrations / sizeof migrations[0]);
    const int latest = ksz__store_schema_limit > 0 && ksz__store_schema_limit < all
                           ? ksz__store_schema_limit
                           : all;
    char sql[64];
    sqlite3_stmt *q = NULL;
    ksz_rc rc;

    /* Up to date: a plain read, no write lock (show must not wait for an
     * import, nor make a reader write). */
    if (sqlite3_prepare_v2(st->db, "SELECT max(version) FROM schema_version", -1, &q, NULL) ==
            SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        version = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (version == latest)
        return KSZ_OK;
    /* off while tables are rebuilt (a no-op inside a transaction) */
    rc = ksz__store_exec(st, "PRAGMA foreign_keys = OFF", err);
    if (rc != KSZ_OK)
        return rc;
    rc = ksz__store_exec(st, "BEGIN IMMEDIATE", err);
    if (rc != KSZ_OK) {
        sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
        return rc;
    }
    rc = ksz__store_exec(st, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)",
                         err);
    if (rc == KSZ_OK)
        rc = read_version(st, &version, err);
    if (rc == KSZ_OK && version > latest)
        rc = ksz_error_set(err, KSZ_ERR_DB,
                           "store: schema version %d is newer than this kizashi (%d)", version,
                           latest);
    for (int v = version; rc == KSZ_OK && v < latest; v++) {
        rc = ksz__store_exec(st, migrations[v], err);
        if (rc != KSZ_OK)
            break;
        snprintf(sql, sizeof sql, "INSERT INTO schema_version VALUES(%d)", v + 1);
        rc = ksz__store_exec(st, sql, err);
    }
    if (rc == KSZ_OK)
        rc = ksz__store_exec(st, "COMMIT", err);
    else
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    if (ksz__store_exec(st, "PRAGMA foreign_keys = ON", rc == KSZ_OK ? err : NULL) != KSZ_OK &&
        rc == KSZ_OK)
        rc = KSZ_ERR_DB;
    return rc;
}
