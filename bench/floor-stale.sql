-- The floor of `crm-stale -f tsv`: the open deals stalled in their stage
-- (longer than its max_days), idle (no activity for more than idle_days,
-- counted from creation when none), overdue (next_action before today) or
-- without a decision maker (in the last third of the pipeline, and no
-- contact of role decision-maker met in a non-void activity; its hint
-- names the next stage),
-- with crm-stale's columns and in its order (the longest stall first),
-- from one SQL statement:
--
--   sqlite3 -cmd '.mode tabs' -cmd '.parameter set @now 1795510800' \
--       -cmd ".parameter set @today \"'2026-11-24'\"" \
--       DB < bench/floor-stale.sql
--
-- @now is CRM_NOW in epoch seconds, @today its date.  The stages, their
-- max_days (NULL: no limit) and hints, and idle_days (15) are
-- bench/config.yaml's; a stage without its own hint gets the early, middle
-- or late one by where it sits in its pipeline (the first, middle or last
-- third).  The config sets no stale.single_threaded_from, and nobody of
-- the data left, so the other people's reasons never hold.
WITH
stage(pipeline, name, label, max_days, hint, next) AS (VALUES
	('project', 'lead', '建立联络', 14, 'early', 'needs'),
	('project', 'needs', '确定需求', 21, 'early', 'proposal'),
	('project', 'proposal', '提交方案', 21, 'early', 'approved'),
	('project', 'approved', '项目立项', 30, 'middle', 'shortlist'),
	('project', 'shortlist', '入围', 30, 'middle', 'selected'),
	('project', 'selected', '选定供应商', 21, 'late', 'negotiation'),
	('project', 'negotiation', '商务谈判', 14, 'late', NULL),
	('product', 'lead', '线索', 7, 'early', 'demo'),
	('product', 'demo', '产品演示', 14, 'early', 'quote'),
	('product', 'quote', '报价', 14, 'middle', 'negotiation'),
	('product', 'negotiation', '商务谈判', 10, 'late', NULL),
	('renewal', 'notice', '续约提醒', 30, 'early', 'quote'),
	('renewal', 'quote', '续约报价', 14, 'middle', 'contract'),
	('renewal', 'contract', '合同签署', 14, 'late', NULL)),
hint(hint, text) AS (VALUES
	('early', 'customer has not decided, or nobody followed up'),
	('middle', 'customer is torn, or quietly chose a competitor'),
	('late', 'disagreement inside the customer; find the decision maker')),
open AS (
	SELECT d.id, d.title, a.name AS account, d.owner, d.stage,
	    coalesce(s.label, d.stage) AS label, d.amount, d.next_action,
	    h.text AS hint, s.max_days, s.next,
	    s.hint = 'late' AND NOT EXISTS (SELECT 1 FROM activity v
		JOIN activity_contact x ON x.activity_id = v.id
		JOIN contact p ON p.id = x.contact_id WHERE v.deal_id = d.id
		AND v.void_id IS NULL AND p.role = 'decision-maker') AS r_nodm,
	    max(0, (@now - d.stage_entered) / 86400) AS days_in_stage,
	    max(0, (@now - coalesce(d.last_activity, d.created)) / 86400)
		AS days_idle,
	    CASE WHEN d.next_action < @today THEN CAST(julianday(@today) -
		julianday(d.next_action) AS INTEGER) ELSE 0 END AS days_overdue
	FROM deal d
	LEFT JOIN account a ON a.id = d.account_id
	LEFT JOIN stage s ON s.pipeline = d.pipeline AND s.name = d.stage
	LEFT JOIN hint h ON h.hint = s.hint
	WHERE d.status = 'open'),
why AS (
	SELECT *, coalesce(days_in_stage > max_days, 0) AS r_stage,
	    days_idle > 15 AS r_idle, days_overdue > 0 AS r_overdue
	FROM open)
SELECT id, title, account, owner, stage, label,
    printf('%d.%02d', amount / 100, amount % 100),
    substr(CASE WHEN r_stage THEN ',stage' ELSE '' END ||
	CASE WHEN r_idle THEN ',idle' ELSE '' END ||
	CASE WHEN r_overdue THEN ',overdue' ELSE '' END ||
	CASE WHEN r_nodm THEN ',no-decision-maker' ELSE '' END, 2),
    days_in_stage, max_days, days_idle, next_action,
    CASE WHEN NOT r_nodm THEN hint WHEN next IS NULL
	THEN 'no decision-maker met: meet one before closing'
	ELSE 'no decision-maker met: meet one before stage ' || next END
FROM why
WHERE r_stage OR r_idle OR r_overdue OR r_nodm
ORDER BY max(r_stage * days_in_stage, r_idle * days_idle,
    r_overdue * days_overdue, r_nodm * days_in_stage) DESC, id;
