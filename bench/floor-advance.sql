-- The floor of one `crm-advance -F ID`: the deal moves to the next stage
-- of its pipeline and a stage change records it, in one transaction with
-- crm's settings, by the sqlite3 shell.  (Checking the stage's gate is
-- crm's own work: the floor does not.)
--
--   sqlite3 -cmd '.parameter set @now 1795510800' \
--       -cmd ".parameter set @user \"'bench'\"" \
--       -cmd '.parameter set @id 42' DB < bench/floor-advance.sql
--
-- The next stages are bench/config.yaml's.
PRAGMA foreign_keys = ON;
PRAGMA synchronous = FULL;
BEGIN IMMEDIATE;
WITH next(pipeline, stage, next) AS (VALUES
	('project', 'lead', 'needs'),
	('project', 'needs', 'proposal'),
	('project', 'proposal', 'approved'),
	('project', 'approved', 'shortlist'),
	('project', 'shortlist', 'selected'),
	('project', 'selected', 'negotiation'),
	('product', 'lead', 'demo'),
	('product', 'demo', 'quote'),
	('product', 'quote', 'negotiation'),
	('renewal', 'notice', 'quote'),
	('renewal', 'quote', 'contract'))
INSERT INTO stage_change (deal_id, from_stage, to_stage, at, by, forced)
SELECT d.id, d.stage, n.next, @now, @user, 0
FROM deal d JOIN next n ON n.pipeline = d.pipeline AND n.stage = d.stage
WHERE d.id = @id AND d.status = 'open';
UPDATE deal SET stage = (SELECT to_stage FROM stage_change
	WHERE id = last_insert_rowid()),
    stage_entered = @now, closed = NULL, lost_reason = NULL
WHERE id = @id AND changes() = 1;
COMMIT;
