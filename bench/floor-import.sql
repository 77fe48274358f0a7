-- A second floor for `crm-add < deals.tsv`: the same deals put into crm's
-- own schema by the sqlite3 shell, as set-based SQL, with no checking of
-- any value.  The issue's floor (.import into a plain table) writes one
-- table with no index; this one does what the import has to do: accounts,
-- deals with their typed columns, a stage change for each deal, and the
-- eight indexes of deal and stage_change, built after the rows as crm-add
-- builds them, in one transaction.  Run on a new, empty crm database:
--
--   sqlite3 -bail -cmd '.mode tabs' \
--       -cmd 'CREATE TEMP TABLE t(title, account, contact, owner, amount,
--           pipeline, stage, created, expected_close, next_action,
--           priority, source, closed, lost_reason)' \
--       -cmd '.import --skip 1 deals.tsv t' NEW.db < bench/floor-import.sql
--
-- (the columns of bench/gen's TSV, which has no backslash escapes).  The
-- account ids come out in another order than crm-add's; everything else,
-- compared by account name, is the same (make bench checks it).  The user
-- is 'bench' and the currency CNY, as in bench/run.sh and bench/config.yaml.
PRAGMA cache_size = -32768;
BEGIN;
DROP INDEX deal_status_owner;
DROP INDEX deal_status_pipeline_stage;
DROP INDEX deal_account;
DROP INDEX deal_open;
DROP INDEX stage_change_deal_at;
DROP INDEX deal_due;
DROP INDEX deal_closed;
DROP INDEX stage_change_note;
INSERT INTO account (name, created)
SELECT account, min(unixepoch(created)) FROM t WHERE account != ''
GROUP BY account;
INSERT INTO deal (title, account_id, contact, owner, amount, currency,
    pipeline, stage, status, created, created_by, stage_entered, closed,
    expected_close, next_action, lost_reason, priority, source)
SELECT title, (SELECT id FROM account a WHERE a.name = t.account),
    nullif(contact, ''), owner,
    CAST(round(replace(amount, ',', '') * 100) AS INTEGER), 'CNY',
    pipeline, stage,
    CASE WHEN stage IN ('won', 'lost') THEN stage ELSE 'open' END,
    unixepoch(created), 'bench',
    CASE WHEN stage IN ('won', 'lost') THEN
	coalesce(unixepoch(nullif(closed, '')), unixepoch(created))
    ELSE unixepoch(created) END,
    CASE WHEN stage IN ('won', 'lost') THEN
	coalesce(unixepoch(nullif(closed, '')), unixepoch(created)) END,
    nullif(expected_close, ''), nullif(next_action, ''),
    nullif(lost_reason, ''), CAST(nullif(priority, '') AS INTEGER),
    nullif(source, '')
FROM t ORDER BY rowid;
INSERT INTO stage_change (deal_id, from_stage, to_stage, at, by, forced,
    note, reason)
SELECT id, NULL, stage, stage_entered, 'bench', 0, NULL,
    CASE WHEN status = 'lost' THEN lost_reason END
FROM deal ORDER BY id;
PRAGMA cache_size = -4096;
CREATE INDEX deal_status_owner ON deal(status, owner);
CREATE INDEX deal_status_pipeline_stage ON deal(status, pipeline, stage);
CREATE INDEX deal_account ON deal(account_id);
CREATE INDEX deal_open ON deal(owner, pipeline, stage, stage_entered,
    last_activity, created, next_action, amount, account_id, title)
    WHERE status = 'open';
CREATE INDEX stage_change_deal_at ON stage_change(deal_id, at, id, to_stage);
CREATE INDEX deal_due ON deal(status, next_action)
    WHERE next_action IS NOT NULL;
CREATE INDEX deal_closed ON deal(closed) WHERE closed IS NOT NULL;
CREATE INDEX stage_change_note ON stage_change(from_stage, deal_id, note)
    WHERE from_stage IS NULL AND note IS NOT NULL;
COMMIT;
