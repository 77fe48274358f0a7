-- The floor of `crm-ls --closed-since DATE -f tsv`: the deals won or lost
-- at or after DATE, with every column crm-ls prints, in its order (by
-- id), from one SQL statement:
--
--   sqlite3 -cmd '.mode tabs' -cmd '.parameter set @now 1795510800' \
--       -cmd '.parameter set @since 1793491200' DB < bench/floor-ls-closed.sql
--
-- @since is DATE in epoch seconds.  The columns are floor-ls.sql's; a won
-- deal's probability is 100, a lost one's 0.
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
    d.pipeline, d.stage, coalesce(s.label, d.stage),
    CASE d.status WHEN 'won' THEN 100 WHEN 'lost' THEN 0
	ELSE s.probability END,
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
WHERE d.status IN ('won', 'lost') AND d.closed >= @since
ORDER BY d.id;
