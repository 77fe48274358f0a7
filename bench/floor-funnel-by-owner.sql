-- The floor of `crm-funnel --by owner -f tsv`: per owner of the default
-- pipeline (project), then for everyone (the row with no owner), the
-- totals and each stage's conversion, from one SQL statement:
--
--   sqlite3 -cmd '.mode tabs' -cmd '.parameter set @asof 1795510800' \
--       DB < bench/floor-funnel-by-owner.sql
--
-- The replay, and the amounts of then, are floor-funnel.sql's; the totals,
-- as lib/funnel.c has them:
--
--   open, amount, weighted    deals open at the end, as per stage
--   won, won_amount, lost     deals won or lost at the end
--   win_rate                  won / (won + lost), in percent
--   avg_cycle_days            from created to the last win, over won deals
--   velocity                  open x win rate x mean won amount / mean
--                             cycle days, in money
--   conversion_STAGE          reached the next stage / reached the stage
--                             (the last: won / reached)
--
-- Every total of everyone is the sum of the owners' totals.
WITH
stage(idx, name, probability) AS (VALUES
	(0, 'lead', 5),
	(1, 'needs', 10),
	(2, 'proposal', 25),
	(3, 'approved', 40),
	(4, 'shortlist', 55),
	(5, 'selected', 70),
	(6, 'negotiation', 85)),
change AS (
	SELECT c.deal_id, d.owner, d.amount, d.created, c.to_stage, c.at, s.idx,
	    lead(c.at) OVER w AS next_at,
	    max(s.idx) OVER w AS top
	FROM deal d
	JOIN stage_change c ON c.deal_id = d.id
	LEFT JOIN stage s ON s.name = c.to_stage
	WHERE d.pipeline = 'project' AND d.created <= @asof AND c.at <= @asof
	WINDOW w AS (PARTITION BY c.deal_id ORDER BY c.at, c.id
	    ROWS UNBOUNDED PRECEDING)),
amount_then AS (
	SELECT deal_id, amount FROM (
	    SELECT deal_id, CAST(round(100 * CAST(replace(coalesce(old, '0'),
		',', '') AS REAL)) AS INTEGER) AS amount,
		row_number() OVER (PARTITION BY deal_id ORDER BY at, id) AS n
	    FROM field_change WHERE field = 'amount' AND at > @asof)
	WHERE n = 1),
-- Where each deal stands: its last change.  A won deal reached every stage.
deal_end AS (
	SELECT c.owner, coalesce(t.amount, c.amount) AS amount, c.to_stage,
	    c.at - c.created AS cycle, s.probability,
	    CASE c.to_stage WHEN 'won' THEN (SELECT max(idx) FROM stage)
	    ELSE c.top END AS top
	FROM change c
	LEFT JOIN stage s USING (idx)
	LEFT JOIN amount_then t USING (deal_id)
	WHERE c.next_at IS NULL),
owners AS (
	SELECT owner,
	    count(probability) AS open,
	    coalesce(sum(amount) FILTER (WHERE probability IS NOT NULL), 0)
		AS amount,
	    coalesce(sum(amount / 100 * probability +
		(amount % 100 * probability + 50) / 100), 0) AS weighted,
	    count(*) FILTER (WHERE to_stage = 'won') AS won,
	    coalesce(sum(amount) FILTER (WHERE to_stage = 'won'), 0)
		AS won_amount,
	    count(*) FILTER (WHERE to_stage = 'lost') AS lost,
	    coalesce(sum(cycle) FILTER (WHERE to_stage = 'won'), 0) AS cycle,
	    count(*) FILTER (WHERE top >= 0) AS r0,
	    count(*) FILTER (WHERE top >= 1) AS r1,
	    count(*) FILTER (WHERE top >= 2) AS r2,
	    count(*) FILTER (WHERE top >= 3) AS r3,
	    count(*) FILTER (WHERE top >= 4) AS r4,
	    count(*) FILTER (WHERE top >= 5) AS r5,
	    count(*) FILTER (WHERE top >= 6) AS r6
	FROM deal_end GROUP BY owner),
groups AS (
	SELECT * FROM owners
	UNION ALL
	SELECT NULL, sum(open), sum(amount), sum(weighted), sum(won),
	    sum(won_amount), sum(lost), sum(cycle), sum(r0), sum(r1), sum(r2),
	    sum(r3), sum(r4), sum(r5), sum(r6)
	FROM owners),
-- The ratios as doubles, worked out in the order crm works them out: k is
-- the column, 0 win_rate, 1 avg_cycle_days, 2-8 the conversions.
col(k) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8)),
ratio(owner, k, v) AS (
	SELECT g.owner, k.k, CASE k.k
	    WHEN 0 THEN 100.0 * won / nullif(won + lost, 0)
	    WHEN 1 THEN CAST(cycle AS REAL) / nullif(won, 0) / 86400.0
	    WHEN 2 THEN 100.0 * r1 / nullif(r0, 0)
	    WHEN 3 THEN 100.0 * r2 / nullif(r1, 0)
	    WHEN 4 THEN 100.0 * r3 / nullif(r2, 0)
	    WHEN 5 THEN 100.0 * r4 / nullif(r3, 0)
	    WHEN 6 THEN 100.0 * r5 / nullif(r4, 0)
	    WHEN 7 THEN 100.0 * r6 / nullif(r5, 0)
	    WHEN 8 THEN 100.0 * won / nullif(r6, 0) END
	FROM groups g, col k),
-- printf("%.1f", v) as C does it: see floor-funnel.sql.
tenths(owner, k, v, h) AS (
	SELECT owner, k, v, CAST(v * 10 AS INTEGER) FROM ratio),
sides(owner, k, v, h, c) AS (
	SELECT owner, k, v, h,
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
printed(owner, k, text) AS (
	SELECT owner, k, ((h + r) / 10) || '.' || ((h + r) % 10)
	FROM (SELECT owner, k, h, c > 0 OR (c = 0 AND h % 2 = 1) AS r
	    FROM sides WHERE v IS NOT NULL)),
pivot AS (
	SELECT owner,
	    max(CASE k WHEN 0 THEN text END) AS win_rate,
	    max(CASE k WHEN 1 THEN text END) AS avg_cycle_days,
	    max(CASE k WHEN 2 THEN text END) AS c0,
	    max(CASE k WHEN 3 THEN text END) AS c1,
	    max(CASE k WHEN 4 THEN text END) AS c2,
	    max(CASE k WHEN 5 THEN text END) AS c3,
	    max(CASE k WHEN 6 THEN text END) AS c4,
	    max(CASE k WHEN 7 THEN text END) AS c5,
	    max(CASE k WHEN 8 THEN text END) AS c6
	FROM printed GROUP BY owner),
-- Velocity in minor units, rounded as (int64_t)(v + 0.5).
velocity AS (
	SELECT owner, CASE WHEN v >= 9.2e18 THEN 9223372036854775807
	    ELSE CAST(v + 0.5 AS INTEGER) END AS velocity
	FROM (SELECT owner, open * (1.0 * won / (won + lost)) *
	    (1.0 * won_amount / won) / (CAST(cycle AS REAL) / won / 86400.0)
	    AS v
	    FROM groups WHERE won > 0 AND cycle > 0))
SELECT g.owner, g.open,
    printf('%d.%02d', g.amount / 100, g.amount % 100),
    printf('%d.%02d', g.weighted / 100, g.weighted % 100),
    g.won,
    printf('%d.%02d', g.won_amount / 100, g.won_amount % 100),
    g.lost, p.win_rate, p.avg_cycle_days,
    CASE WHEN v.velocity IS NOT NULL THEN
	printf('%d.%02d', v.velocity / 100, v.velocity % 100) END,
    p.c0, p.c1, p.c2, p.c3, p.c4, p.c5, p.c6,
    -- one currency, as in floor-funnel.sql; the total row says it is
    'CNY', g.owner IS NULL
FROM groups g
LEFT JOIN pivot p ON p.owner IS g.owner
LEFT JOIN velocity v ON v.owner IS g.owner
ORDER BY g.owner IS NULL, g.owner;
