-- The floor of `crm-funnel -f tsv`: the same per-stage figures of the
-- default pipeline (project, as bench/config.yaml has it) from one SQL
-- statement, run by the sqlite3 shell:
--
--   sqlite3 -cmd '.mode tabs' -cmd '.parameter set @asof 1795510800' \
--       DB < bench/floor-funnel.sql
--
-- @asof is the time of the report in epoch seconds: CRM_NOW, or --as-of.
-- Its output is crm-funnel's, byte for byte; tests/0120-bench-floor.t and
-- bench/run.sh check that.  The figures, as lib/funnel.c defines them:
-- each deal of the pipeline created by @asof is replayed from its stage
-- changes made by @asof, in the order (at, id), with its amount of then
-- (the old value of its first change of amount after @asof, if any); then
-- per stage
--
--   open, amount    deals in the stage at the end, and their amounts
--   weighted        each deal's amount x probability / 100, rounded half
--                   up to the minor unit, added up
--   reached         deals ever in the stage or a later one, or won
--   conversion      reached of the next stage / reached, in percent; for
--                   the last stage, deals won / reached
--   lost            deals lost at the end, by the stage they were lost in
--   avg_days        every stay in the stage that ended, added up, over the
--                   number of deals that left the stage, in days
--
-- Money is in minor units, printed with two decimals; ratios print as C's
-- printf("%.1f") prints the double (see `printed` below).
WITH
stage(idx, name, label, probability) AS (VALUES
	(0, 'lead', '建立联络', 5),
	(1, 'needs', '确定需求', 10),
	(2, 'proposal', '提交方案', 25),
	(3, 'approved', '项目立项', 40),
	(4, 'shortlist', '入围', 55),
	(5, 'selected', '选定供应商', 70),
	(6, 'negotiation', '商务谈判', 85)),
-- Every change of every deal in the report, with what its neighbours tell:
-- secs, the time the deal then spent in the stage (NULL: it is still
-- there); from_idx, the open stage it came from; top, the highest open
-- stage it has been in so far.  idx is NULL for won, lost or a stage the
-- config does not have.
change AS (
	SELECT c.deal_id, d.amount, c.to_stage, s.idx,
	    lead(c.at) OVER w - c.at AS secs,
	    lag(s.idx) OVER w AS from_idx,
	    max(s.idx) OVER w AS top
	FROM deal d
	JOIN stage_change c ON c.deal_id = d.id
	LEFT JOIN stage s ON s.name = c.to_stage
	WHERE d.pipeline = 'project' AND d.created <= @asof AND c.at <= @asof
	-- (one frame for the three, so that SQLite makes one pass)
	WINDOW w AS (PARTITION BY c.deal_id ORDER BY c.at, c.id
	    ROWS UNBOUNDED PRECEDING)),
-- Amounts changed after @asof: what they were then.
amount_then AS (
	SELECT deal_id, amount FROM (
	    SELECT deal_id, CAST(round(100 * CAST(replace(coalesce(old, '0'),
		',', '') AS REAL)) AS INTEGER) AS amount,
		row_number() OVER (PARTITION BY deal_id ORDER BY at, id) AS n
	    FROM field_change WHERE field = 'amount' AND at > @asof)
	WHERE n = 1),
-- Where each deal stands: its last change.  A won deal reached every stage.
deal_end AS (
	SELECT coalesce(t.amount, c.amount) AS amount, c.to_stage, c.idx,
	    c.from_idx,
	    CASE c.to_stage WHEN 'won' THEN (SELECT max(idx) FROM stage)
	    ELSE c.top END AS top
	FROM change c LEFT JOIN amount_then t USING (deal_id)
	WHERE c.secs IS NULL),
open AS (
	SELECT idx, count(*) AS open, sum(amount) AS amount,
	    sum(amount / 100 * probability +
		(amount % 100 * probability + 50) / 100) AS weighted
	FROM deal_end JOIN stage USING (idx) GROUP BY idx),
highest AS (
	SELECT top AS idx, count(*) AS deals FROM deal_end GROUP BY top),
lost AS (
	SELECT from_idx AS idx, count(*) AS lost FROM deal_end
	WHERE to_stage = 'lost' GROUP BY from_idx),
spent AS (
	SELECT idx, sum(secs) AS secs, count(DISTINCT deal_id) AS deals
	FROM change WHERE secs IS NOT NULL AND idx IS NOT NULL GROUP BY idx),
figures AS (
	SELECT s.idx, s.name, s.label, s.probability,
	    coalesce(o.open, 0) AS open, coalesce(o.amount, 0) AS amount,
	    coalesce(o.weighted, 0) AS weighted,
	    sum(coalesce(h.deals, 0)) OVER (ORDER BY s.idx DESC) AS reached,
	    coalesce(l.lost, 0) AS lost, t.secs, t.deals AS left
	FROM stage s
	LEFT JOIN open o USING (idx)
	LEFT JOIN highest h USING (idx)
	LEFT JOIN lost l USING (idx)
	LEFT JOIN spent t USING (idx)),
-- The ratios as doubles, worked out in the order crm works them out.
ratio(idx, what, v) AS (
	SELECT idx, 'conversion', 100.0 * coalesce(lead(reached) OVER
	    (ORDER BY idx), (SELECT count(*) FROM deal_end
	    WHERE to_stage = 'won')) / nullif(reached, 0)
	FROM figures
	UNION ALL
	SELECT idx, 'avg_days', CAST(secs AS REAL) / left / 86400.0
	FROM figures),
-- printf("%.1f", v) as C does it: v's exact binary value to the nearest
-- tenth, a tie to the even tenth (SQLite's own printf and round() round
-- half up from 15 or so decimal digits, which differs on 0.25 or 0.35).
-- h is v in tenths rounded down; c the sign of 20v - (2h + 1), which says
-- on which side of the midpoint between h and h + 1 v lies, exact near it
-- from v's mantissa and exponent (v = m x 2^e).
tenths(idx, what, v, h) AS (
	SELECT idx, what, v, CAST(v * 10 AS INTEGER) FROM ratio),
sides(idx, what, v, h, c) AS (
	SELECT idx, what, v, h,
	    CASE WHEN abs(20 * v - (2 * h + 1)) > 1e-3 THEN
		sign(20 * v - (2 * h + 1))
	    WHEN ieee754_exponent(v) >= 0 THEN
		sign(20 * (ieee754_mantissa(v) << ieee754_exponent(v)) -
		    (2 * h + 1))
	    ELSE
		sign(20 * ieee754_mantissa(v) -
		    ((2 * h + 1) << -ieee754_exponent(v)))
	    END
	FROM tenths),
printed(idx, what, text) AS (
	SELECT idx, what, ((h + r) / 10) || '.' || ((h + r) % 10)
	FROM (SELECT idx, what, h, c > 0 OR (c = 0 AND h % 2 = 1) AS r
	    FROM sides WHERE v IS NOT NULL))
-- The data of bench/gen.c is all in CNY, so there is one currency and
-- its name is the last column; crm keeps one ledger a currency.
SELECT f.name, f.label, f.probability, f.open,
    printf('%d.%02d', f.amount / 100, f.amount % 100),
    printf('%d.%02d', f.weighted / 100, f.weighted % 100),
    f.reached, conversion.text, f.lost, avg_days.text, 'CNY'
FROM figures f
LEFT JOIN printed conversion
    ON conversion.idx = f.idx AND conversion.what = 'conversion'
LEFT JOIN printed avg_days
    ON avg_days.idx = f.idx AND avg_days.what = 'avg_days'
ORDER BY f.idx;
