-- crm schema for PostgreSQL, version 9: the customer's people and ours
-- (issue 18), as SQLite's version 9 (lib/db-sqlite.c).  Applied after
-- version 8 by crm-admin init and as migration 9 by crm-admin migrate,
-- in their transaction, in the schema the tables are in.
--
-- contact: a person at a customer, of an account (NULL: none yet), with
-- a role of contact_roles:; edited in place, every edit on record in
-- contact_change; left_at when they left the customer or the project.
-- activity_contact: who took part in an activity (crm-log -w).
-- deal_contact: a contact attached to a deal's buying group (crm-set
-- --contact; the migration of the free-text contact).  deal_member: our
-- deal team, a row per time a person was on it (crm-set --member), its
-- dropped set when they left it (--drop-member).  Append-only but for
-- contact's own columns and a member's drop.

CREATE TABLE contact (
	id		bigint PRIMARY KEY,
	account_id	bigint REFERENCES account(id),
	name		text COLLATE "C" NOT NULL,
	role		text COLLATE "C",
	title		text COLLATE "C",
	phone		text COLLATE "C",
	email		text COLLATE "C",
	note		text COLLATE "C",
	created		bigint NOT NULL,
	created_by	text COLLATE "C" NOT NULL,
	left_at		bigint,
	left_by		text COLLATE "C",
	left_note	text COLLATE "C"
);
CREATE INDEX contact_account ON contact(account_id, name);
-- crm-stale's no-decision-maker and contact-left: the contacts of a role,
-- and the few who left, without reading every contact.
CREATE INDEX contact_role ON contact(role, id);
CREATE INDEX contact_left ON contact(left_at) WHERE left_at IS NOT NULL;

CREATE TABLE contact_change (
	id		bigint PRIMARY KEY,
	contact_id	bigint NOT NULL REFERENCES contact(id),
	field		text COLLATE "C" NOT NULL,
	old		text COLLATE "C",
	new		text COLLATE "C",
	at		bigint NOT NULL,
	by		text COLLATE "C" NOT NULL,
	note		text COLLATE "C"
);
CREATE INDEX contact_change_contact ON contact_change(contact_id, at);

CREATE TABLE activity_contact (
	activity_id	bigint NOT NULL REFERENCES activity(id),
	contact_id	bigint NOT NULL REFERENCES contact(id),
	PRIMARY KEY (activity_id, contact_id)
);
CREATE INDEX activity_contact_contact ON activity_contact(contact_id);

CREATE TABLE deal_contact (
	deal_id		bigint NOT NULL REFERENCES deal(id),
	contact_id	bigint NOT NULL REFERENCES contact(id),
	at		bigint NOT NULL,
	by		text COLLATE "C" NOT NULL,
	PRIMARY KEY (deal_id, contact_id)
);
CREATE INDEX deal_contact_contact ON deal_contact(contact_id);

CREATE TABLE deal_member (
	id		bigint PRIMARY KEY,
	deal_id		bigint NOT NULL REFERENCES deal(id),
	name		text COLLATE "C" NOT NULL,
	role		text COLLATE "C" NOT NULL,
	added		bigint NOT NULL,
	added_by	text COLLATE "C" NOT NULL,
	dropped		bigint,
	dropped_by	text COLLATE "C"
);
CREATE INDEX deal_member_deal ON deal_member(deal_id, name);
CREATE INDEX deal_member_name ON deal_member(name, deal_id)
	WHERE dropped IS NULL;

-- Append-only, as the other history (lib/schema-pg.sql's crm_refuse()).
CREATE TRIGGER contact_no_delete BEFORE DELETE ON contact
FOR EACH ROW EXECUTE FUNCTION crm_refuse('contacts are never deleted');
CREATE TRIGGER contact_no_truncate BEFORE TRUNCATE ON contact
FOR EACH STATEMENT EXECUTE FUNCTION crm_refuse('contacts are never deleted');
CREATE TRIGGER contact_change_no_update BEFORE UPDATE OR DELETE
ON contact_change FOR EACH ROW
EXECUTE FUNCTION crm_refuse('contact changes are append-only');
CREATE TRIGGER contact_change_no_truncate BEFORE TRUNCATE ON contact_change
FOR EACH STATEMENT EXECUTE FUNCTION crm_refuse('contact changes are append-only');
CREATE TRIGGER activity_contact_no_update BEFORE UPDATE OR DELETE
ON activity_contact FOR EACH ROW
EXECUTE FUNCTION crm_refuse('who took part is append-only');
CREATE TRIGGER activity_contact_no_truncate BEFORE TRUNCATE
ON activity_contact FOR EACH STATEMENT
EXECUTE FUNCTION crm_refuse('who took part is append-only');
CREATE TRIGGER deal_contact_no_update BEFORE UPDATE OR DELETE
ON deal_contact FOR EACH ROW
EXECUTE FUNCTION crm_refuse('buying groups are append-only');
CREATE TRIGGER deal_contact_no_truncate BEFORE TRUNCATE ON deal_contact
FOR EACH STATEMENT EXECUTE FUNCTION crm_refuse('buying groups are append-only');
-- A member's one update: their drop, from none to a time and who.
CREATE FUNCTION crm_member_drop_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.dropped IS NULL AND
	    NEW.dropped IS NOT NULL AND
	    to_jsonb(NEW) - 'dropped' - 'dropped_by' =
	    to_jsonb(OLD) - 'dropped' - 'dropped_by' THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'deal teams are append-only (a member is dropped, '
	    'never changed)' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER deal_member_no_update BEFORE UPDATE OR DELETE ON deal_member
FOR EACH ROW EXECUTE FUNCTION crm_member_drop_only();
CREATE TRIGGER deal_member_no_truncate BEFORE TRUNCATE ON deal_member
FOR EACH STATEMENT EXECUTE FUNCTION crm_refuse('deal teams are append-only');

-- Ids as every other table's: max(id) + 1 over every row, with the
-- owner's rights (lib/schema-pg.sql's end, lib/schema-pg-8.sql).
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['contact', 'contact_change', 'deal_member']
	LOOP
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
		    'crm_' || t || '_id', current_schema(), t, t || '_id');
	END LOOP;
END
$$;

-- The free-text contact of every deal becomes a contact of its account,
-- one per (account, name), made when and by whom its first deal was, and
-- each deal's buying group holds its own.  Nothing is lost: the deal's
-- contact column stays as it was.
INSERT INTO contact (account_id, name, created, created_by)
SELECT f.account_id, f.name, f.created, f.created_by
FROM (SELECT DISTINCT ON (account_id, btrim(contact))
	account_id, btrim(contact) AS name, created, created_by, id
	FROM deal WHERE contact IS NOT NULL AND btrim(contact) <> ''
	ORDER BY account_id, btrim(contact), created, id) f
ORDER BY f.id;
INSERT INTO deal_contact (deal_id, contact_id, at, by)
SELECT d.id, c.id, d.created, d.created_by
FROM deal d JOIN contact c ON c.account_id IS NOT DISTINCT FROM d.account_id
	AND c.name = btrim(d.contact)
WHERE d.contact IS NOT NULL AND btrim(d.contact) <> ''
ORDER BY d.id;

-- Who sees what (lib/schema-pg-8.sql): a member of a deal's team sees the
-- deal, and works on it as its owner's people do.  The deals who is a
-- member of, with the owner's rights (deal_member's own policy asks for
-- the deal: asked from deal's, that would recurse).
CREATE FUNCTION crm_member_deals(who name) RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
	SELECT coalesce(array_agg(deal_id), '{}') FROM deal_member
	WHERE name = who::text AND dropped IS NULL AND NOT EXISTS (
	    SELECT 1 FROM person p WHERE p.name = who AND p.left_at IS NOT NULL)
$$;
DROP POLICY deal_see ON deal;
DROP POLICY deal_edit ON deal;
CREATE POLICY deal_see ON deal FOR SELECT
	USING ((SELECT crm_admin(current_user)) OR
	    owner IN (SELECT unnest(crm_below(current_user))) OR
	    id IN (SELECT unnest(crm_member_deals(current_user))));
CREATE POLICY deal_edit ON deal FOR UPDATE
	USING ((SELECT crm_admin(current_user)) OR
	    owner IN (SELECT unnest(crm_below(current_user))) OR
	    id IN (SELECT unnest(crm_member_deals(current_user))))
	WITH CHECK ((SELECT crm_admin(current_user)) OR
	    owner IN (SELECT unnest(crm_below(current_user))) OR
	    id IN (SELECT unnest(crm_member_deals(current_user))));

-- A contact is seen by whoever sees a deal of its account or a deal whose
-- buying group holds it, and by who made it.
ALTER TABLE contact ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_see ON contact FOR SELECT
	USING ((SELECT crm_admin(current_user)) OR
	    created_by = current_user OR
	    EXISTS (SELECT 1 FROM deal d WHERE d.account_id = contact.account_id)
	    OR EXISTS (SELECT 1 FROM deal_contact c
	    WHERE c.contact_id = contact.id));
CREATE POLICY contact_add ON contact FOR INSERT
	WITH CHECK (created_by = current_user);
CREATE POLICY contact_edit ON contact FOR UPDATE
	USING ((SELECT crm_admin(current_user)) OR
	    created_by = current_user OR
	    EXISTS (SELECT 1 FROM deal d WHERE d.account_id = contact.account_id)
	    OR EXISTS (SELECT 1 FROM deal_contact c
	    WHERE c.contact_id = contact.id));

ALTER TABLE contact_change ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_change_see ON contact_change FOR SELECT
	USING ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM contact c WHERE c.id = contact_id));
CREATE POLICY contact_change_add ON contact_change FOR INSERT
	WITH CHECK (by = current_user AND ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM contact c WHERE c.id = contact_id)));

ALTER TABLE activity_contact ENABLE ROW LEVEL SECURITY;
CREATE POLICY activity_contact_see ON activity_contact FOR SELECT
	USING ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM activity a WHERE a.id = activity_id));
CREATE POLICY activity_contact_add ON activity_contact FOR INSERT
	WITH CHECK ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM activity a WHERE a.id = activity_id));

ALTER TABLE deal_contact ENABLE ROW LEVEL SECURITY;
CREATE POLICY deal_contact_see ON deal_contact FOR SELECT
	USING ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM deal d WHERE d.id = deal_id));
CREATE POLICY deal_contact_add ON deal_contact FOR INSERT
	WITH CHECK (by = current_user AND ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM deal d WHERE d.id = deal_id)));

ALTER TABLE deal_member ENABLE ROW LEVEL SECURITY;
CREATE POLICY deal_member_see ON deal_member FOR SELECT
	USING ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM deal d WHERE d.id = deal_id));
CREATE POLICY deal_member_add ON deal_member FOR INSERT
	WITH CHECK (added_by = current_user AND
	    ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM deal d WHERE d.id = deal_id)));
CREATE POLICY deal_member_drop ON deal_member FOR UPDATE
	USING ((SELECT crm_admin(current_user)) OR
	    EXISTS (SELECT 1 FROM deal d WHERE d.id = deal_id))
	WITH CHECK (dropped_by = current_user);

-- A contact's edit by a person stands only with its contact change in
-- the same transaction (crm-contact --set, --left), as a deal's does
-- (lib/schema-pg-8.sql): checked at commit, for all but administrators.
CREATE FUNCTION crm_contact_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	d jsonb;
	o jsonb := to_jsonb(OLD);
	k text;
	f text;
	cid bigint := OLD.id;
BEGIN
	IF crm_owner(current_user) THEN
		RETURN NULL;
	END IF;
	SELECT to_jsonb(x) INTO d FROM contact x WHERE x.id = cid;
	IF d IS NULL THEN
		RETURN NULL;
	END IF;
	FOR k IN SELECT jsonb_object_keys(d) LOOP
		CONTINUE WHEN d -> k IS NOT DISTINCT FROM o -> k;
		IF k IN ('id', 'created', 'created_by') THEN
			RAISE EXCEPTION 'contact %: % never changes', cid, k
			    USING ERRCODE = 'restrict_violation';
		END IF;
		f := CASE WHEN k = 'account_id' THEN 'account'
		    WHEN k IN ('left_at', 'left_by', 'left_note') THEN 'left'
		    ELSE k END;
		IF NOT EXISTS (SELECT 1 FROM contact_change c
		    WHERE c.contact_id = cid AND c.field = f AND
		    crm_this_xact(c.xmin)) THEN
			RAISE EXCEPTION 'contact %: % changes only with a contact '
			    'change on record (crm-contact)', cid, f
			    USING ERRCODE = 'restrict_violation';
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;
DO $$
BEGIN
	EXECUTE format($f$
CREATE CONSTRAINT TRIGGER contact_recorded AFTER UPDATE ON contact
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN (NOT pg_has_role(current_user, %s::oid, 'MEMBER'))
EXECUTE FUNCTION crm_contact_recorded();$f$,
	    (SELECT relowner FROM pg_class WHERE oid = 'contact'::regclass));
END
$$;

-- crm-admin grant and revoke give and take the new tables' privileges
-- too: version 8's functions, with them.
CREATE OR REPLACE FUNCTION crm_grant(who text, adm boolean, at bigint)
RETURNS void LANGUAGE plpgsql AS $$
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
	    'field_change, void_record, contact, contact_change, '
	    'activity_contact, deal_contact, deal_member TO %I', who);
	EXECUTE format('GRANT INSERT ON account, deal, stage_change, '
	    'activity, field_change, void_record, contact, contact_change, '
	    'activity_contact, deal_contact, deal_member TO %I', who);
	EXECUTE format('GRANT UPDATE ON deal, contact TO %I', who);
	EXECUTE format('GRANT UPDATE (void_id) ON stage_change, activity '
	    'TO %I', who);
	EXECUTE format('GRANT UPDATE (dropped, dropped_by) ON deal_member '
	    'TO %I', who);
	INSERT INTO person (name, admin, granted, granted_by)
	    VALUES (who, adm::int, at, current_user)
	    ON CONFLICT (name) DO UPDATE SET admin = EXCLUDED.admin,
	    granted = EXCLUDED.granted, granted_by = EXCLUDED.granted_by,
	    left_at = NULL, left_by = NULL;
END
$$;
CREATE OR REPLACE FUNCTION crm_revoke(who text, at bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN
		EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM %I',
		    current_database(), who);
		EXECUTE format('REVOKE ALL ON crm_meta, person, team_link, '
		    'config_push, account, deal, stage_change, activity, '
		    'field_change, void_record, contact, contact_change, '
		    'activity_contact, deal_contact, deal_member FROM %I', who);
		EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM %I',
		    current_schema(), who);
	END IF;
	UPDATE person SET left_at = at, left_by = current_user
	    WHERE name = who AND left_at IS NULL;
END
$$;
-- People granted under version 8 get the new tables' privileges now.
DO $$
DECLARE
	n text;
BEGIN
	FOR n IN SELECT p.name FROM person p JOIN pg_roles r
	    ON r.rolname = p.name WHERE p.left_at IS NULL LOOP
		EXECUTE format('GRANT SELECT ON contact, contact_change, '
		    'activity_contact, deal_contact, deal_member TO %I', n);
		EXECUTE format('GRANT INSERT ON contact, contact_change, '
		    'activity_contact, deal_contact, deal_member TO %I', n);
		EXECUTE format('GRANT UPDATE ON contact TO %I', n);
		EXECUTE format('GRANT UPDATE (dropped, dropped_by) ON '
		    'deal_member TO %I', n);
	END LOOP;
END
$$;

-- crm_max_id() knows the new tables (lib/schema-pg-8.sql).
CREATE OR REPLACE FUNCTION crm_max_id(t regclass) RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
	m bigint;
BEGIN
	IF t NOT IN ('account'::regclass, 'deal'::regclass,
	    'stage_change'::regclass, 'activity'::regclass,
	    'field_change'::regclass, 'void_record'::regclass,
	    'config_push'::regclass, 'contact'::regclass,
	    'contact_change'::regclass, 'deal_member'::regclass) THEN
		RAISE EXCEPTION 'crm_max_id: % is not a table of crm''s', t;
	END IF;
	EXECUTE format('SELECT max(id) FROM %s', t) INTO m;
	RETURN m;
END
$$;
