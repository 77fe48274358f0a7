/*
 * The database layer's inside: what each backend implements, in the
 * manner of Dovecot's sql-api-private.h.  Only lib/db.c, lib/common.c and
 * the drivers (lib/db-*.c) include this; everything else sees crm.h's
 * opaque struct crm_db and struct crm_stmt and the crm_* functions.
 *
 * Why crm's own layer and not libzdb, libdbi or APR's apr_dbd (all in
 * Debian): each reads a whole result into memory on PostgreSQL (crm-ls
 * of a million deals must stream in bounded memory), none offers COPY
 * for the bulk load, libdbi binds no parameters at all, and libzdb
 * refuses the import's 288 parameters; see doc/postgresql-port.md.
 *
 * A driver embeds struct crm_db and struct crm_stmt at the start of its
 * own connection and statement, and casts back.  Errors: functions that
 * return int give 0 (or a row code) on success and -1 on failure, with
 * the reason in errmsg(); those that return void end the program with
 * crm_db_fail() themselves.
 */
#ifndef CRM_DB_PRIVATE_H
#define CRM_DB_PRIVATE_H

#include <stdio.h>

#include "crm.h"

struct crm_db_driver {
	const char	*name;
	/*
	 * Opens (creating where the backend does, when create is 1;
	 * CRM_DB_INIT: crm-admin init, the one that may make the schema on
	 * a server) and brings the schema up to date where the backend
	 * does; exits 3 with a message naming the database (db->path, never
	 * with a password) on any error, one that does not exist among them.
	 */
	struct crm_db	*(*open)(const char *path, int create);
	/* Every statement was finalized before; warns on failure. */
	void		 (*close)(struct crm_db *);
	/* The backend's last error message on the connection. */
	const char	*(*errmsg)(struct crm_db *);
	/* One or more statements without parameters or results: 0 or -1. */
	int		 (*exec)(struct crm_db *, const char *sql);

	/*
	 * A statement with ? parameters, numbered from 1 (a PostgreSQL
	 * driver rewrites them as $1...): NULL on error.  Its sql member
	 * holds the text for as long as the statement lives.  A parameter
	 * left unbound is NULL.  "INSERT ... RETURNING id" inserts one
	 * row (SQLite's driver counts on it: db-sqlite.c's struct sst).
	 */
	struct crm_stmt	*(*prepare)(struct crm_db *, const char *sql);
	void		 (*finalize)(struct crm_stmt *);
	void		 (*bind_int)(struct crm_stmt *, int, long long);
	/* Copied: the string may go away after the call.  NULL: null. */
	void		 (*bind_text)(struct crm_stmt *, int, const char *);
	/* Not copied: the string stays until the statement is stepped. */
	void		 (*bind_ref)(struct crm_stmt *, int, const char *);
	void		 (*bind_null)(struct crm_stmt *, int);
	/* CRM_ROW, CRM_DONE, or -1 (errmsg() says why). */
	int		 (*step)(struct crm_stmt *);
	/* Of the current row: NULL is 0 and NULL. */
	long long	 (*col_int)(struct crm_stmt *, int);
	const char	*(*col_text)(struct crm_stmt *, int);
	int		 (*col_null)(struct crm_stmt *, int);
	/* Back to before the first step; the bindings stay. */
	void		 (*reset)(struct crm_stmt *);
	/* Every parameter NULL again. */
	void		 (*clear)(struct crm_stmt *);

	/*
	 * A transaction that writes, taking the write lock at once (so two
	 * commands never deadlock on a lock upgrade); its end.  rollback
	 * does nothing outside a transaction.  These exit 3 on failure.
	 */
	void		 (*begin)(struct crm_db *);
	/*
	 * A transaction that only reads, every statement in it seeing one
	 * snapshot, taking no lock that writers wait for and writing
	 * nothing (a hot standby can serve it); ended by rollback.
	 */
	void		 (*begin_read)(struct crm_db *);
	void		 (*commit)(struct crm_db *);
	void		 (*rollback)(struct crm_db *);
	/* A cache of mb megabytes, where the backend has one. */
	void		 (*cache)(struct crm_db *, int mb);
	/*
	 * The backend's own text for one place in crm's statements (enum
	 * crm_dialect in crm.h); "" where it needs none, never NULL.  The
	 * string stays valid while the connection is open.  The one place
	 * a backend's SQL may differ: everything else callers write is
	 * standard, and each driver takes it as it is.
	 */
	const char	*(*dialect)(struct crm_db *, enum crm_dialect);
	/*
	 * A connection opened to read only (open's create 0) will write
	 * after all: crm_open_config() opens a server early, to read who
	 * signs in, before the command says whether it writes.  NULL
	 * where open's create makes no difference after the file exists.
	 */
	void		 (*writes)(struct crm_db *);

	/*
	 * crm-admin migrate: brings the schema of a database opened with
	 * CRM_DB_MIGRATE up to crm_db_schema_version(), all of it or none,
	 * and returns the version it found (*from; the new one is crm's).
	 * A backend whose open upgrades already (SQLite) reports what its
	 * open found.  Exits 3 on failure, on a database newer than crm
	 * and on a version with no migration from it.
	 */
	void		 (*migrate)(struct crm_db *, int *from);
	/*
	 * crm-admin check, the backend's own part (SQLite's integrity and
	 * foreign key checks; nothing where the server keeps them itself):
	 * one line to out per problem; returns how many, or -1 on error
	 * (errmsg() says why).  crm's own invariants are lib/check.c's,
	 * the same on every backend.
	 */
	int		 (*check)(struct crm_db *, FILE *out);

	/*
	 * The bulk load (crm_bulk_begin() in crm.h says when each is
	 * called).  bulk_alone: the loader may hold the database to itself;
	 * 1 when the backend took it, 0 when it did not, -1 when it did not
	 * and the connection must be opened again (it holds a lock it
	 * cannot give up).  bulk_begin starts the load's transaction;
	 * bulk_grown returns 1 when it put off work (an index) to bulk_end,
	 * which commits (commit 1) or rolls back, and undoes what
	 * bulk_alone and bulk_begin changed.
	 */
	int		 (*bulk_alone)(struct crm_db *);
	void		 (*bulk_begin)(struct crm_db *);
	int		 (*bulk_grown)(struct crm_db *);
	void		 (*bulk_end)(struct crm_db *, int commit);

	/*
	 * Many rows into one table in one stream (PostgreSQL's COPY FROM
	 * STDIN), for the import inside bulk_begin's transaction; NULL where
	 * the backend has none, and callers INSERT.  copy_begin: into
	 * "table (column, ...)"; nothing else may run on the connection
	 * until copy_end.  copy_row: n values as text, NULL for null,
	 * already checked by crm; the server may report a bad one only at
	 * copy_end.  Each returns 0, or -1 (errmsg() says why): the caller
	 * then ends the program and the transaction goes with it.
	 */
	int		 (*copy_begin)(struct crm_db *, const char *into);
	int		 (*copy_row)(struct crm_db *, const char *const *v, int n);
	int		 (*copy_end)(struct crm_db *);
};

struct crm_db {
	const struct crm_db_driver *drv;
	char		*path;		/* for messages: as given, or a URI's
					   server without its password */
	/*
	 * A server's, set by open: the role signed in (the acting person,
	 * crm_db_login()), and 1 when the rules of who sees and changes
	 * what hold it (not an administrator: lib/schema-pg-8.sql).  NULL
	 * and 0 on a file, and for crm-admin init and migrate.
	 */
	char		*login;
	int		 ruled;
};

struct crm_stmt {
	const struct crm_db_driver *drv;
	const char	*sql;
};

/* Prints "database PATH: what: the backend's message", exits 3. */
void	 crm_db_fail(struct crm_db *, const char *what)
	    __attribute__((noreturn));

/* db-sqlite.c */
extern const struct crm_db_driver crm_db_sqlite;
#ifdef CRM_PGSQL
/* db-pgsql.c: only in a build with libpq (the Makefile's pkg-config). */
extern const struct crm_db_driver crm_db_pgsql;
#endif

#endif
