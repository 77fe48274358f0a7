-- crm schema for PostgreSQL, the same as SQLite's at its version 7
-- (lib/schema.sql and the migrations in lib/db-sqlite.c).  Compiled into
-- libcrm (tools/embed.sh); applied by lib/db-pgsql.c when crm-admin init
-- makes a new database, in one transaction, which then records the
-- version in crm_meta.  A later version is a migration of its own in
-- db-pgsql.c, with the same number as SQLite's.
--
-- Types: every integer is bigint (SQLite's INTEGER is 64-bit: money in
-- minor units, epoch seconds); ids are SQLite's, max(id) + 1 (see the
-- end), and one an insert gives is kept (a copy between backends writes
-- its own); every text column is COLLATE "C", so that sorting and
-- comparing are by bytes, as in SQLite, whatever the database's
-- collation; forced stays a number, not a
-- boolean (it comes back as 0/1 and shares a column with a literal 0).

CREATE TABLE crm_meta (
	key	text COLLATE "C" PRIMARY KEY,
	value	text COLLATE "C" NOT NULL
);

CREATE TABLE account (
	id	bigint PRIMARY KEY,
	name	text COLLATE "C" NOT NULL UNIQUE,
	created	bigint NOT NULL
);

-- version 7: a void (crm-void, crm-advance --undo): who voided which
-- deal, activity or stage change, when and why.  Append-only.
CREATE TABLE void_record (
	id		bigint PRIMARY KEY,
	what		text COLLATE "C" NOT NULL
			CHECK (what IN ('deal', 'activity', 'stage_change')),
	target		bigint NOT NULL,
	at		bigint NOT NULL,
	by		text COLLATE "C" NOT NULL,
	note		text COLLATE "C" NOT NULL,
	UNIQUE (what, target)
);

CREATE TABLE deal (
	id		bigint PRIMARY KEY,
	title		text COLLATE "C" NOT NULL,
	account_id	bigint REFERENCES account(id),
	contact		text COLLATE "C",
	owner		text COLLATE "C" NOT NULL,
	amount		bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
	currency	text COLLATE "C" NOT NULL,
	pipeline	text COLLATE "C" NOT NULL,
	-- the open stage the deal is in; 'won' or 'lost' once closed
	stage		text COLLATE "C" NOT NULL,
	status		text COLLATE "C" NOT NULL DEFAULT 'open'
			CHECK (status IN ('open', 'won', 'lost')),
	created		bigint NOT NULL,
	created_by	text COLLATE "C" NOT NULL,
	stage_entered	bigint NOT NULL,
	closed		bigint,
	expected_close	text COLLATE "C",
	next_action	text COLLATE "C",
	last_activity	bigint,
	lost_reason	text COLLATE "C",
	priority	bigint,
	source		text COLLATE "C",
	-- version 7: the void that voided it
	void_id		bigint REFERENCES void_record(id)
);
CREATE INDEX deal_status_owner ON deal(status, owner);
CREATE INDEX deal_status_pipeline_stage ON deal(status, pipeline, stage);
CREATE INDEX deal_account ON deal(account_id);
-- version 3: crm-stale's open deals (INCLUDE: PostgreSQL need not sort
-- by the columns it only reads); version 7: not void
CREATE INDEX deal_open ON deal(owner, pipeline, stage)
	INCLUDE (stage_entered, last_activity, created, next_action, amount,
	account_id, title) WHERE status = 'open' AND void_id IS NULL;
-- version 5: crm-ls --due and --closed-since
CREATE INDEX deal_due ON deal(status, next_action)
	WHERE next_action IS NOT NULL;
CREATE INDEX deal_closed ON deal(closed) WHERE closed IS NOT NULL;

-- Every stage change, forever: from_stage is NULL for the stage a deal was
-- created in.  Append-only, enforced by the triggers below.
CREATE TABLE stage_change (
	id		bigint PRIMARY KEY,
	deal_id		bigint NOT NULL REFERENCES deal(id),
	from_stage	text COLLATE "C",
	to_stage	text COLLATE "C" NOT NULL,
	at		bigint NOT NULL,
	by		text COLLATE "C" NOT NULL,
	forced		bigint NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
	note		text COLLATE "C",
	-- version 2: a lost deal's reason, kept with the change that lost it
	reason		text COLLATE "C",
	-- version 7: the void that voided it
	void_id		bigint REFERENCES void_record(id)
);
-- version 2: the funnel reads each deal's changes in order; version 7:
-- and whether each is void, from the index too
CREATE INDEX stage_change_deal_at ON stage_change(deal_id, at, id, to_stage)
	INCLUDE (void_id);
-- version 5: crm-ls -q, the notes deals were made with
CREATE INDEX stage_change_note ON stage_change(from_stage, deal_id, note)
	WHERE from_stage IS NULL AND note IS NOT NULL;

-- Visits, calls, emails...  stage is the stage the deal was in when the
-- activity happened, so gates and reports need not rebuild it.
CREATE TABLE activity (
	id		bigint PRIMARY KEY,
	deal_id		bigint NOT NULL REFERENCES deal(id),
	kind		text COLLATE "C" NOT NULL,
	at		bigint NOT NULL,
	by		text COLLATE "C" NOT NULL,
	stage		text COLLATE "C",
	purpose		text COLLATE "C",
	note		text COLLATE "C",
	outcome		text COLLATE "C",
	next_action	text COLLATE "C",
	-- version 6: the deal's last stage change when it was logged
	after_change	bigint,
	-- version 7: the void that voided it
	void_id		bigint REFERENCES void_record(id)
);
CREATE INDEX activity_deal ON activity(deal_id, kind, at);
CREATE INDEX activity_at ON activity(at);
-- version 4: crm-log -L -o NAME
CREATE INDEX activity_by_at ON activity(by, at);

-- Who changed which field of a deal, from what, to what (crm-set).
CREATE TABLE field_change (
	id		bigint PRIMARY KEY,
	deal_id		bigint NOT NULL REFERENCES deal(id),
	field		text COLLATE "C" NOT NULL,
	old		text COLLATE "C",
	new		text COLLATE "C",
	at		bigint NOT NULL,
	by		text COLLATE "C" NOT NULL,
	note		text COLLATE "C"
);
CREATE INDEX field_change_deal ON field_change(deal_id, at);

-- History is append-only: the same messages as SQLite's triggers.  Row
-- triggers do not fire on TRUNCATE, hence a statement trigger for it too.
-- (The tables' owner can still disable triggers: crm's roles must not own
-- them, which access control, still to come, will see to.)
CREATE FUNCTION crm_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$$;
-- version 7: the one UPDATE a stage change or an activity may get is its
-- void: void_id from NULL to a value, every other column as it was.
CREATE FUNCTION crm_void_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' THEN
		IF OLD.void_id IS NULL AND NEW.void_id IS NOT NULL AND
		    to_jsonb(NEW) - 'void_id' = to_jsonb(OLD) - 'void_id' THEN
			RETURN NEW;
		END IF;
	END IF;
	RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$$;
CREATE FUNCTION crm_void_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.void_id IS NOT NULL AND NEW.void_id IS DISTINCT FROM
	    OLD.void_id THEN
		RAISE EXCEPTION 'voids are final'
		    USING ERRCODE = 'restrict_violation';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER void_record_no_update BEFORE UPDATE OR DELETE ON void_record
FOR EACH ROW EXECUTE FUNCTION crm_refuse('voids are append-only');
CREATE TRIGGER void_record_no_truncate BEFORE TRUNCATE ON void_record
FOR EACH STATEMENT EXECUTE FUNCTION crm_refuse('voids are append-only');
CREATE TRIGGER deal_void_final BEFORE UPDATE OF void_id ON deal
FOR EACH ROW EXECUTE FUNCTION crm_void_final();
CREATE TRIGGER stage_change_no_update BEFORE UPDATE OR DELETE ON stage_change
FOR EACH ROW EXECUTE FUNCTION crm_void_only('stage changes are append-only');
CREATE TRIGGER stage_change_no_truncate BEFORE TRUNCATE ON stage_change
FOR EACH STATEMENT EXECUTE FUNCTION crm_refuse('stage changes are append-only');
CREATE TRIGGER activity_no_update BEFORE UPDATE OR DELETE ON activity
FOR EACH ROW EXECUTE FUNCTION crm_void_only('activities are append-only');
CREATE TRIGGER activity_no_truncate BEFORE TRUNCATE ON activity
FOR EACH STATEMENT EXECUTE FUNCTION crm_refuse('activities are append-only');
CREATE TRIGGER field_change_no_update BEFORE UPDATE OR DELETE ON field_change
FOR EACH ROW EXECUTE FUNCTION crm_refuse('field changes are append-only');
CREATE TRIGGER field_change_no_truncate BEFORE TRUNCATE ON field_change
FOR EACH STATEMENT EXECUTE FUNCTION crm_refuse('field changes are append-only');
CREATE TRIGGER deal_no_delete BEFORE DELETE ON deal
FOR EACH ROW EXECUTE FUNCTION crm_refuse('deals are never deleted');
CREATE TRIGGER deal_no_truncate BEFORE TRUNCATE ON deal
FOR EACH STATEMENT EXECUTE FUNCTION crm_refuse('deals are never deleted');

-- Ids as SQLite gives them (INTEGER PRIMARY KEY): max(id) + 1 when the
-- insert gives none, so that an insert rolled back, or one that ON
-- CONFLICT DO NOTHING skipped, gives its id back and the ids crm prints
-- stay the same as on SQLite after a failure (a sequence never gives a
-- value back: doc/postgresql-port.md, H6).  A BEFORE INSERT row trigger
-- on each table; each row of a statement of several (the import's 16,
-- its INSERT ... SELECT ... ORDER BY id) sees the rows before it, so
-- their ids are consecutive, in the statement's order.  max(id) is one
-- probe of the primary key's index.  Race-free under crm's writer lock
-- (db-pgsql.c's WRITER_LOCK), which every crm writer holds already; the
-- trigger takes it too (again: a counter), so that a writer from outside
-- crm (psql) waits its turn instead of taking an id another is about to.
-- Static SQL with the table named in full (the schema crm-admin init
-- made it in: the URI may name one), so that the plan is made once per
-- session, whatever search_path the inserting session has: EXECUTE of
-- the same query per row made a 20,000-deal import 3 times as slow.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['account', 'deal', 'stage_change',
	    'activity', 'field_change', 'void_record'] LOOP
		EXECUTE format($f$
CREATE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql AS $b$
BEGIN
	IF NEW.id IS NULL THEN
		PERFORM pg_advisory_xact_lock(1129467185);
		NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM %2$I.%3$I);
	END IF;
	RETURN NEW;
END
$b$;
CREATE TRIGGER %4$I BEFORE INSERT ON %2$I.%3$I
FOR EACH ROW EXECUTE FUNCTION %1$I();$f$,
		    'crm_' || t || '_id', current_schema(), t, t || '_id');
	END LOOP;
END
$$;
