-- The floor of `crm-ls -q TEXT -f tsv`: the open deals whose title,
-- account, contact or the note they were made with holds TEXT, ASCII
-- letters in either case, with every column crm-ls prints, in its order
-- (by id), from one SQL statement:
--
--   sqlite3 -cmd '.mode tabs' -cmd '.parameter set @now 1795510800' \
--       -cmd ".parameter set @q \"'golden'\"" DB < bench/floor-ls-search.sql
--
-- @q is TEXT in lower case.  The columns are floor-ls.sql's.
WITH
stage(pipeline, name, label, probability) AS (VALUES
	('project', 'lead', '建立联络', 5),
	('project', 'needs', '确定需求', 10),
	('project', 'proposal', '提交方案', 25),
	('project', 'approved', '项目立项', 40),
	('project', 'shortlist', '入围', 55),
	('project', 'selected', '选定供应商', 70),
	('project', 'negotiation', '商务谈判', 85),
	('product', 'lead', '线索', 10),
	('product', 'demo', '产品演示', 30),
	('product', 'quote', '报价', 60),
	('product', 'negotiation', '商务谈判', 80),
	('renewal', 'notice', '续约提醒', 20),
	('renewal', 'quote', '续约报价', 60),
	('renewal', 'contract', '合同签署', 90))
SELECT d.id, d.title, a.name, d.contact, d.owner,
    printf('%d.%02d', d.amount / 100, d.amount % 100), d.currency,
    d.pipeline, d.stage, coalesce(s.label, d.stage), s.probability,
    d.status,
    strftime('%Y-%m-%dT%H:%M:%SZ', d.created, 'unixepoch'),
    strftime('%Y-%m-%dT%H:%M:%SZ', d.stage_entered, 'unixepoch'),
    max(0, (@now - d.stage_entered) / 86400),
    d.expected_close, d.next_action,
    strftime('%Y-%m-%dT%H:%M:%SZ', nullif(d.last_activity, 0), 'unixepoch'),
    d.lost_reason, d.priority, d.source,
    strftime('%Y-%m-%dT%H:%M:%SZ', d.closed, 'unixepoch')
FROM deal d
LEFT JOIN account a ON a.id = d.account_id
LEFT JOIN stage s ON s.pipeline = d.pipeline AND s.name = d.stage
WHERE d.status = 'open' AND (instr(lower(d.title), @q) > 0
    OR instr(lower(d.contact), @q) > 0 OR instr(lower(a.name), @q) > 0
    OR EXISTS (SELECT 1 FROM stage_change c WHERE c.deal_id = d.id
	AND c.from_stage IS NULL AND instr(lower(c.note), @q) > 0))
ORDER BY d.id;
