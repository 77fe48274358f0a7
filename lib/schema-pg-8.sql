-- crm schema for PostgreSQL, version 8: who signs in, who sees and changes
-- what (issue 17).  Applied after lib/schema-pg.sql (version 7) by
-- crm-admin init, and as migration 8 by crm-admin migrate
-- (lib/db-pgsql.c), in the transaction of either, in the schema the
-- tables are in.  SQLite's version 8 has the three tables alone: a file
-- has no roles to keep apart (lib/db-sqlite.c).
--
-- The roles.  The owner of the tables (who ran crm-admin init) and
-- superusers are the database's administrators: row-level security does
-- not apply to them (PostgreSQL's rule for a table's owner), nor do the
-- record-keeping triggers, so that crm-admin copy can write history with
-- its own ids, times and names.  Every other role is a person that
-- crm-admin grant let in (crm_grant() below): it sees the deals it owns
-- and those of everyone below it in the config's team: (team_link), and
-- the accounts, stage changes, activities, field changes and voids of
-- those deals; a person granted --admin sees everything.  Neither may
-- delete or rewrite a record: no privilege for it is granted, and the
-- append-only triggers of version 7 stand behind that.

-- The people who may sign in: crm-admin grant adds or re-admits one,
-- crm-admin revoke records when they left (their records all stay).
CREATE TABLE person (
	name		text COLLATE "C" PRIMARY KEY,
	admin		bigint NOT NULL DEFAULT 0 CHECK (admin IN (0, 1)),
	granted		bigint NOT NULL,
	granted_by	text COLLATE "C" NOT NULL,
	left_at		bigint,
	left_by		text COLLATE "C"
);

-- Who reports to whom: the team: of the config in force, one row for
-- each manager and direct report (crm-admin config push rewrites it).
CREATE TABLE team_link (
	manager		text COLLATE "C" NOT NULL,
	report		text COLLATE "C" NOT NULL,
	PRIMARY KEY (manager, report)
);
CREATE INDEX team_link_report ON team_link(report);

-- Every config pushed (crm-admin config push), as its text: the one with
-- the greatest id is in force.  Append-only.
CREATE TABLE config_push (
	id		bigint PRIMARY KEY,
	at		bigint NOT NULL,
	by		text COLLATE "C" NOT NULL,
	text		text COLLATE "C" NOT NULL
);
CREATE TRIGGER config_push_no_update BEFORE UPDATE OR DELETE ON config_push
FOR EACH ROW EXECUTE FUNCTION crm_refuse('config pushes are append-only');
CREATE TRIGGER config_push_no_truncate BEFORE TRUNCATE ON config_push
FOR EACH STATEMENT EXECUTE FUNCTION crm_refuse('config pushes are append-only');

-- Whether the role who is an administrator of the database: a superuser,
-- a role with BYPASSRLS, or the tables' owner or a member of it.
CREATE FUNCTION crm_owner(who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
	SELECT coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles
	    WHERE rolname = who), false) OR
	    pg_has_role(who, (SELECT relowner FROM pg_class
	    WHERE oid = 'deal'::regclass), 'MEMBER')
$$;

-- Whether who sees and changes every deal: an administrator, or a person
-- granted --admin who has not left.
CREATE FUNCTION crm_admin(who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
	SELECT crm_owner(who) OR EXISTS (SELECT 1 FROM person
	    WHERE name = who AND admin = 1 AND left_at IS NULL)
$$;

-- who and everyone below them in team_link, at any depth (UNION ends a
-- cycle); nobody for a person who has left.
CREATE FUNCTION crm_below(who name) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
	WITH RECURSIVE t(name) AS (
		SELECT who::text COLLATE "C"
		WHERE NOT EXISTS (SELECT 1 FROM person p
		    WHERE p.name = who AND p.left_at IS NOT NULL)
		UNION
		SELECT l.report FROM team_link l JOIN t ON l.manager = t.name
	)
	SELECT coalesce(array_agg(name), '{}') FROM t
$$;

-- Why who may not hand deal id over from old to new (NULL: they may): the
-- one who hands over is above the owner, the one who takes it over is
-- below the one who hands over, or they are the same, unless who is an
-- admin.  lib/deal.c asks before it changes an owner; the trigger below
-- holds everyone else (psql) to it.
CREATE FUNCTION crm_handover_refusal(id bigint, old text, new text, who name)
RETURNS text LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN crm_admin(who) THEN NULL
	    WHEN old = who::text OR NOT old = ANY (crm_below(who)) THEN
		format('deal %s belongs to %s, who is not below %s', id,
		    old, who)
	    WHEN NOT new = ANY (crm_below(who)) THEN
		format('deal %s cannot go to %s, who is not below %s', id,
		    new, who)
	END
$$;
CREATE FUNCTION crm_handover() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	why text;
BEGIN
	why := crm_handover_refusal(NEW.id, OLD.owner, NEW.owner,
	    current_user);
	IF why IS NOT NULL THEN
		RAISE EXCEPTION '%', why USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER deal_handover BEFORE UPDATE OF owner ON deal
FOR EACH ROW WHEN (NEW.owner IS DISTINCT FROM OLD.owner)
EXECUTE FUNCTION crm_handover();

-- The ids: max(id) over every row, not over those the inserting person
-- sees (row-level security would hide the rest from them).
CREATE FUNCTION crm_max_id(t regclass) RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
	m bigint;
BEGIN
	IF t NOT IN ('account'::regclass, 'deal'::regclass,
	    'stage_change'::regclass, 'activity'::regclass,
	    'field_change'::regclass, 'void_record'::regclass,
	    'config_push'::regclass) THEN
		RAISE EXCEPTION 'crm_max_id: % is not a table of crm''s', t;
	END IF;
	EXECUTE format('SELECT max(id) FROM %s', t) INTO m;
	RETURN m;
END
$$;

-- The id triggers of lib/schema-pg.sql take max(id) + 1: over every row
-- with the owner's rights, not over those the inserting person sees.  No
-- SET clause, which would cost every row of an import: each names its
-- table with its schema already.
ALTER FUNCTION crm_account_id() SECURITY DEFINER;
ALTER FUNCTION crm_deal_id() SECURITY DEFINER;
ALTER FUNCTION crm_stage_change_id() SECURITY DEFINER;
ALTER FUNCTION crm_activity_id() SECURITY DEFINER;
ALTER FUNCTION crm_field_change_id() SECURITY DEFINER;
ALTER FUNCTION crm_void_record_id() SECURITY DEFINER;

-- The account named name, made when new (at: its time): its id.  Definer's
-- rights, so that a person may add a deal for a customer whose other deals
-- they do not see (the account itself they see once their deal is on it).
CREATE FUNCTION crm_account_named(aname text, at bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
	i bigint;
BEGIN
	SELECT id INTO i FROM account WHERE name = aname;
	IF i IS NULL THEN
		INSERT INTO account (name, created) VALUES (aname, at)
		    RETURNING id INTO i;
	END IF;
	RETURN i;
END
$$;

-- Row-level security.  (SELECT f(current_user)) is an InitPlan: worked
-- out once a query, not once a row.  A history row is seen with its deal
-- (the subquery on deal applies deal's own policy), asked with EXISTS on
-- the deal's id: one probe of its primary key for a row inserted, where
-- deal_id IN (SELECT id FROM deal) made every insert hash every deal the
-- person sees (crm-log 4 times as slow), and a semi-join for a report.  Inserts must carry
-- the login as their author.
ALTER TABLE deal ENABLE ROW LEVEL SECURITY;
CREATE POLICY deal_see ON deal FOR SELECT
	USING ((SELECT crm_admin(current_user)) OR
	    owner IN (SELECT unnest(crm_below(current_user))));
CREATE POLICY deal_add ON deal FOR INSERT
	WITH CHECK (created_by = current_user AND
	    ((SELECT crm_admin(current_user)) OR
	    owner IN (SELECT unnest(crm_below(current_user)))));
CREATE POLICY deal_edit ON deal FOR UPDATE
	USING ((SELECT crm_admin(current_user)) OR
	    owner IN (SELECT unnest(crm_below(current_user))))
	WITH CHECK ((SELECT crm_admin(current_user)) OR
	    owner IN (SELECT unnest(crm_below(current_user))));

ALTER TABLE account ENABLE ROW LEVEL SECURITY;
CREATE POLICY account_see ON account FOR SELECT
	USING ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM deal d WHERE d.account_id = account.id));

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['stage_change', 'activity',
	    'field_change'] LOOP
		EXECUTE format($f$
ALTER TABLE %1$I ENABLE ROW LEVEL SECURITY;
CREATE POLICY %2$I ON %1$I FOR SELECT
	USING ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM deal d WHERE d.id = deal_id));
CREATE POLICY %3$I ON %1$I FOR INSERT
	WITH CHECK (by = current_user AND
	    ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM deal d WHERE d.id = deal_id)));$f$,
		    t, t || '_see', t || '_add');
	END LOOP;
	FOREACH t IN ARRAY ARRAY['stage_change', 'activity'] LOOP
		EXECUTE format($f$
CREATE POLICY %2$I ON %1$I FOR UPDATE
	USING ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM deal d WHERE d.id = deal_id));$f$,
		    t, t || '_void');
	END LOOP;
END
$$;

ALTER TABLE void_record ENABLE ROW LEVEL SECURITY;
CREATE POLICY void_record_see ON void_record FOR SELECT
	USING ((SELECT crm_admin(current_user)) OR
	    (what = 'deal' AND EXISTS (SELECT 1 FROM deal d WHERE d.id = target)) OR
	    (what = 'stage_change' AND
	    EXISTS (SELECT 1 FROM stage_change c WHERE c.id = target)) OR
	    (what = 'activity' AND EXISTS (SELECT 1 FROM activity a WHERE a.id = target)));
CREATE POLICY void_record_add ON void_record FOR INSERT
	WITH CHECK (by = current_user AND
	    ((SELECT crm_admin(current_user)) OR
	    (what = 'deal' AND EXISTS (SELECT 1 FROM deal d WHERE d.id = target)) OR
	    (what = 'stage_change' AND
	    EXISTS (SELECT 1 FROM stage_change c WHERE c.id = target)) OR
	    (what = 'activity' AND EXISTS (SELECT 1 FROM activity a WHERE a.id = target))));

-- The record cannot be rewritten.  A person's change to a deal stands only
-- when the same transaction recorded it as crm does: a stage (and its
-- status, times, reason) only with a stage change or a void of one, the
-- deal's last unvoided stage change going where the deal is; a field only
-- with a field change of it; the last activity only as the latest
-- unvoided activity's time; the next action with an activity or a field
-- change; a void only with its void record.  A stage change must chain
-- (from where the one before it went) and leave the deal where it went;
-- a field change must come with a change to its deal.  Checked at commit
-- (deferred: crm updates a deal before it records why), for every role
-- but the administrators (the WHEN, made with the owner's oid below, is a
-- cheap test that spares an import by the owner a queue of events).
CREATE FUNCTION crm_this_xact(x xid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT x::text = (pg_current_xact_id()::text::bigint %
	    4294967296)::text
$$;

CREATE FUNCTION crm_deal_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	d jsonb;
	o jsonb := to_jsonb(OLD);
	k text;
	f text;
	did bigint := OLD.id;
	stage_done boolean := false;
BEGIN
	IF crm_owner(current_user) THEN
		RETURN NULL;
	END IF;
	SELECT to_jsonb(x) INTO d FROM deal x WHERE x.id = did;
	IF d IS NULL THEN
		RETURN NULL;
	END IF;
	FOR k IN SELECT jsonb_object_keys(d) LOOP
		CONTINUE WHEN d -> k IS NOT DISTINCT FROM o -> k;
		IF k IN ('stage', 'status', 'stage_entered', 'closed',
		    'lost_reason') THEN
			CONTINUE WHEN stage_done;
			stage_done := true;
			IF NOT EXISTS (SELECT 1 FROM stage_change c
			    WHERE c.deal_id = did AND crm_this_xact(c.xmin))
			    AND NOT EXISTS (SELECT 1 FROM void_record v
			    JOIN stage_change c ON v.what = 'stage_change' AND
			    v.target = c.id WHERE c.deal_id = did AND
			    crm_this_xact(v.xmin)) THEN
				RAISE EXCEPTION 'deal %: its stage changes only '
				    'with a stage change on record (crm-advance)',
				    did USING ERRCODE = 'restrict_violation';
			END IF;
		ELSIF k = 'last_activity' THEN
			IF (d ->> k)::bigint IS DISTINCT FROM (SELECT max(at)
			    FROM activity WHERE deal_id = did AND
			    void_id IS NULL) THEN
				RAISE EXCEPTION 'deal %: its last activity is '
				    'the time of its latest activity on record '
				    '(crm-log)', did
				    USING ERRCODE = 'restrict_violation';
			END IF;
		ELSIF k = 'void_id' THEN
			IF NOT EXISTS (SELECT 1 FROM void_record v
			    WHERE v.what = 'deal' AND v.target = did AND
			    v.id = (d ->> k)::bigint AND crm_this_xact(v.xmin))
			    THEN
				RAISE EXCEPTION 'deal %: a void needs its void '
				    'record (crm-void)', did
				    USING ERRCODE = 'restrict_violation';
			END IF;
		ELSIF k IN ('title', 'account_id', 'contact', 'owner', 'amount',
		    'currency', 'expected_close', 'next_action', 'priority',
		    'source') THEN
			f := CASE k WHEN 'account_id' THEN 'account' ELSE k END;
			IF NOT EXISTS (SELECT 1 FROM field_change c
			    WHERE c.deal_id = did AND c.field = f AND
			    crm_this_xact(c.xmin)) AND NOT (k = 'next_action'
			    AND EXISTS (SELECT 1 FROM activity a
			    WHERE a.deal_id = did AND crm_this_xact(a.xmin)))
			    THEN
				RAISE EXCEPTION 'deal %: % changes only with a '
				    'field change on record (crm-set)', did, f
				    USING ERRCODE = 'restrict_violation';
			END IF;
		ELSE
			RAISE EXCEPTION 'deal %: % never changes', did, k
			    USING ERRCODE = 'restrict_violation';
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;

CREATE FUNCTION crm_stage_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	last text;
	prev text;
BEGIN
	IF crm_owner(current_user) THEN
		RETURN NULL;
	END IF;
	-- A void deal's changes are voided with it (crm-void).
	IF (SELECT void_id FROM deal WHERE id = NEW.deal_id) IS NOT NULL THEN
		RETURN NULL;
	END IF;
	SELECT to_stage INTO last FROM stage_change
	    WHERE deal_id = NEW.deal_id AND void_id IS NULL
	    ORDER BY at DESC, id DESC LIMIT 1;
	IF last IS DISTINCT FROM (SELECT stage FROM deal
	    WHERE id = NEW.deal_id) THEN
		RAISE EXCEPTION 'deal %: a stage change must move the deal '
		    'where it goes (crm-advance)', NEW.deal_id
		    USING ERRCODE = 'restrict_violation';
	END IF;
	IF TG_OP = 'INSERT' THEN
		SELECT to_stage INTO prev FROM stage_change
		    WHERE deal_id = NEW.deal_id AND void_id IS NULL AND
		    (at, id) < (NEW.at, NEW.id)
		    ORDER BY at DESC, id DESC LIMIT 1;
		IF NEW.from_stage IS DISTINCT FROM prev THEN
			RAISE EXCEPTION 'deal %: a stage change goes from '
			    'where the one before it went (%)', NEW.deal_id,
			    coalesce(prev, 'nowhere: the first has none')
			    USING ERRCODE = 'restrict_violation';
		END IF;
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION crm_field_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF crm_owner(current_user) THEN
		RETURN NULL;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM deal WHERE id = NEW.deal_id AND
	    crm_this_xact(xmin)) THEN
		RAISE EXCEPTION 'deal %: a field change comes with the change '
		    'of its deal (crm-set)', NEW.deal_id
		    USING ERRCODE = 'restrict_violation';
	END IF;
	RETURN NULL;
END
$$;

DO $$
DECLARE
	w text := format('NOT pg_has_role(current_user, %s::oid, %L)',
	    (SELECT relowner FROM pg_class WHERE oid = 'deal'::regclass),
	    'MEMBER');
BEGIN
	EXECUTE format($f$
CREATE CONSTRAINT TRIGGER deal_recorded AFTER UPDATE ON deal
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (%1$s)
EXECUTE FUNCTION crm_deal_recorded();
CREATE CONSTRAINT TRIGGER stage_change_recorded
AFTER INSERT OR UPDATE ON stage_change
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (%1$s)
EXECUTE FUNCTION crm_stage_recorded();
CREATE CONSTRAINT TRIGGER field_change_recorded AFTER INSERT ON field_change
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (%1$s)
EXECUTE FUNCTION crm_field_recorded();$f$, w);
END
$$;

-- crm-admin grant NAME [--admin] (run by the owner): lets who sign in to
-- this database, making the role (LOGIN, no password: the server's
-- authentication applies) when there is none.  The first grant takes
-- CONNECT from PUBLIC, so that only the people granted (and the owner)
-- connect and revoking keeps one out.
CREATE FUNCTION crm_grant(who text, adm boolean, at bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN
		EXECUTE format('CREATE ROLE %I LOGIN', who);
	END IF;
	EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I',
	    current_database(), current_user);
	EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC',
	    current_database());
	EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I',
	    current_database(), who);
	EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(),
	    who);
	EXECUTE format('GRANT SELECT ON crm_meta, person, team_link, '
	    'config_push, account, deal, stage_change, activity, '
	    'field_change, void_record TO %I', who);
	EXECUTE format('GRANT INSERT ON account, deal, stage_change, '
	    'activity, field_change, void_record TO %I', who);
	EXECUTE format('GRANT UPDATE ON deal TO %I', who);
	EXECUTE format('GRANT UPDATE (void_id) ON stage_change, activity '
	    'TO %I', who);
	INSERT INTO person (name, admin, granted, granted_by)
	    VALUES (who, adm::int, at, current_user)
	    ON CONFLICT (name) DO UPDATE SET admin = EXCLUDED.admin,
	    granted = EXCLUDED.granted, granted_by = EXCLUDED.granted_by,
	    left_at = NULL, left_by = NULL;
END
$$;

-- crm-admin revoke NAME: who has left; they sign in no more, and every
-- record of theirs stays.
CREATE FUNCTION crm_revoke(who text, at bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN
		EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM %I',
		    current_database(), who);
		EXECUTE format('REVOKE ALL ON crm_meta, person, team_link, '
		    'config_push, account, deal, stage_change, activity, '
		    'field_change, void_record FROM %I', who);
		EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM %I',
		    current_schema(), who);
	END IF;
	UPDATE person SET left_at = at, left_by = current_user
	    WHERE name = who AND left_at IS NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION crm_grant(text, boolean, bigint),
    crm_revoke(text, bigint) FROM PUBLIC;

-- config_push's ids, as every other table's (lib/schema-pg.sql's end).
DO $$
BEGIN
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
FOR EACH ROW EXECUTE FUNCTION %1$I();
ALTER FUNCTION %1$I() SECURITY DEFINER;$f$,
	    'crm_config_push_id', current_schema(), 'config_push',
	    'config_push_id');
END
$$;
