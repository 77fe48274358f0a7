-- crm schema, version 1.  Compiled into libcrm (tools/embed.sh); applied by
-- lib/db.c to a new database.  Later versions are migrations in db.c, each
-- keyed by PRAGMA user_version: never edit a released version, add one.
--
-- Portable on purpose: times are INTEGER epoch seconds (UTC), money is
-- INTEGER minor units, dates are TEXT 'YYYY-MM-DD', so a PostgreSQL
-- backend can use the same statements.

CREATE TABLE account (
	id	INTEGER PRIMARY KEY,
	name	TEXT NOT NULL UNIQUE,
	created	INTEGER NOT NULL
);

CREATE TABLE deal (
	id		INTEGER PRIMARY KEY,
	title		TEXT NOT NULL,
	account_id	INTEGER REFERENCES account(id),
	contact		TEXT,
	owner		TEXT NOT NULL,
	amount		INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
	currency	TEXT NOT NULL,
	pipeline	TEXT NOT NULL,
	-- the open stage the deal is in; 'won' or 'lost' once closed
	stage		TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'open'
			CHECK (status IN ('open', 'won', 'lost')),
	created		INTEGER NOT NULL,
	created_by	TEXT NOT NULL,
	stage_entered	INTEGER NOT NULL,
	closed		INTEGER,
	expected_close	TEXT,
	next_action	TEXT,
	last_activity	INTEGER,
	lost_reason	TEXT,
	priority	INTEGER,
	source		TEXT
);
CREATE INDEX deal_status_owner ON deal(status, owner);
CREATE INDEX deal_status_pipeline_stage ON deal(status, pipeline, stage);
CREATE INDEX deal_account ON deal(account_id);

-- Every stage change, forever: from_stage is NULL for the stage a deal was
-- created in.  Append-only, enforced by the triggers below.
CREATE TABLE stage_change (
	id		INTEGER PRIMARY KEY,
	deal_id		INTEGER NOT NULL REFERENCES deal(id),
	from_stage	TEXT,
	to_stage	TEXT NOT NULL,
	at		INTEGER NOT NULL,
	by		TEXT NOT NULL,
	forced		INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
	note		TEXT
);
CREATE INDEX stage_change_deal ON stage_change(deal_id, at);

-- Visits, calls, emails...  stage is the stage the deal was in when the
-- activity happened, so gates and reports need not rebuild it.
CREATE TABLE activity (
	id		INTEGER PRIMARY KEY,
	deal_id		INTEGER NOT NULL REFERENCES deal(id),
	kind		TEXT NOT NULL,
	at		INTEGER NOT NULL,
	by		TEXT NOT NULL,
	stage		TEXT,
	purpose		TEXT,
	note		TEXT,
	outcome		TEXT,
	next_action	TEXT
);
CREATE INDEX activity_deal ON activity(deal_id, kind, at);
CREATE INDEX activity_at ON activity(at);

-- Who changed which field of a deal, from what, to what (crm-set).
CREATE TABLE field_change (
	id		INTEGER PRIMARY KEY,
	deal_id		INTEGER NOT NULL REFERENCES deal(id),
	field		TEXT NOT NULL,
	old		TEXT,
	new		TEXT,
	at		INTEGER NOT NULL,
	by		TEXT NOT NULL,
	note		TEXT
);
CREATE INDEX field_change_deal ON field_change(deal_id, at);

CREATE TRIGGER stage_change_no_update BEFORE UPDATE ON stage_change
BEGIN SELECT RAISE(ABORT, 'stage changes are append-only'); END;
CREATE TRIGGER stage_change_no_delete BEFORE DELETE ON stage_change
BEGIN SELECT RAISE(ABORT, 'stage changes are append-only'); END;
CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
CREATE TRIGGER field_change_no_update BEFORE UPDATE ON field_change
BEGIN SELECT RAISE(ABORT, 'field changes are append-only'); END;
CREATE TRIGGER field_change_no_delete BEFORE DELETE ON field_change
BEGIN SELECT RAISE(ABORT, 'field changes are append-only'); END;
CREATE TRIGGER deal_no_delete BEFORE DELETE ON deal
BEGIN SELECT RAISE(ABORT, 'deals are never deleted'); END;
