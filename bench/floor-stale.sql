-- The floor of `crm-stale -f tsv`: the open deals stalled in their stage
-- (longer than its max_days), idle (no activity for more than idle_days,
-- counted from creation when none) or overdue (next_action before today),
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
-- third).
WITH
stage(pipeline, name, label, max_days, hint) AS (VALUES
	('project', 'lead', '建立联络', 14, 'early'),
	('project', 'needs', '确定需求', 21, 'early'),
	('project', 'proposal', '提交方案', 21, 'early'),
	('project', 'approved', '项目立项', 30, 'middle'),
	('project', 'shortlist', '入围', 30, 'middle'),
	('project', 'selected', '选定供应商', 21, 'late'),
	('project', 'negotiation', '商务谈判', 14, 'late'),
	('product', 'lead', '线索', 7, 'early'),
	('product', 'demo', '产品演示', 14, 'early'),
	('product', 'quote', '报价', 14, 'middle'),
	('product', 'negotiation', '商务谈判', 10, 'late'),
	('renewal', 'notice', '续约提醒', 30, 'early'),
	('renewal', 'quote', '续约报价', 14, 'middle'),
	('renewal', 'contract', '合同签署', 14, 'late')),
hint(hint, text) AS (VALUES
	('early', 'customer has not decided, or nobody followed up'),
	('middle', 'customer is torn, or quietly chose a competitor'),
	('late', 'disagreement inside the customer; find the decision maker')),
open AS (
	SELECT d.id, d.title, a.name AS account, d.owner, d.stage,
	    coalesce(s.label, d.stage) AS label, d.amount, d.next_action,
	    h.text AS hint, s.max_days,
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
	CASE WHEN r_overdue THEN ',overdue' ELSE '' END, 2),
    days_in_stage, max_days, days_idle, next_action, hint
FROM why
WHERE r_stage OR r_idle OR r_overdue
ORDER BY max(r_stage * days_in_stage, r_idle * days_idle,
    r_overdue * days_overdue) DESC, id;
