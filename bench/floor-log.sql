-- The floor of one `crm-log -k call -m 'bench call' ID`: the activity, in
-- the stage the deal is in, and the deal's last_activity, in one
-- transaction with crm's settings, by the sqlite3 shell:
--
--   sqlite3 -cmd '.parameter set @now 1795510800' \
--       -cmd ".parameter set @user \"'bench'\"" \
--       -cmd '.parameter set @id 42' DB < bench/floor-log.sql
PRAGMA foreign_keys = ON;
PRAGMA synchronous = FULL;
BEGIN IMMEDIATE;
INSERT INTO activity (deal_id, kind, at, by, stage, note)
SELECT id, 'call', @now, @user, stage, 'bench call' FROM deal WHERE id = @id;
UPDATE deal SET last_activity = @now
WHERE id = @id AND (last_activity IS NULL OR last_activity < @now);
COMMIT;
