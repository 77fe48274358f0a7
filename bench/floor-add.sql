-- The floor of one `crm-add -o OWNER -v 12000 -a ACCOUNT TITLE`: the rows
-- crm-add writes (the deal, in the first stage of the default pipeline, at
-- an account that exists, and its first stage change), in one transaction
-- with crm's settings, by the sqlite3 shell:
--
--   sqlite3 -cmd '.parameter set @now 1795510800' \
--       -cmd ".parameter set @user \"'bench'\"" \
--       -cmd ".parameter set @owner \"'li3'\"" \
--       -cmd ".parameter set @account \"'Acme River Manufacturing Ltd'\"" \
--       -cmd ".parameter set @title \"'Bench deal'\"" DB < bench/floor-add.sql
PRAGMA foreign_keys = ON;
PRAGMA synchronous = FULL;
BEGIN IMMEDIATE;
INSERT INTO deal (title, account_id, owner, amount, currency, pipeline,
    stage, status, created, created_by, stage_entered)
VALUES (@title, (SELECT id FROM account WHERE name = @account), @owner,
    1200000, 'CNY', 'project', 'lead', 'open', @now, @user, @now);
INSERT INTO stage_change (deal_id, from_stage, to_stage, at, by, forced)
VALUES (last_insert_rowid(), NULL, 'lead', @now, @user, 0);
COMMIT;
