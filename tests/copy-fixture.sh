# Sourced by tests/0016-admin.t and tests/pg/0040-copy.t: a database at
# $CRM_DB for crm-admin copy with a deal in every stage of both
# pipelines, won, lost and reopened ones, activities, field changes, an
# account per deal and a deal without one, Chinese text, tabs and
# newlines in notes, forced moves and NULLs in every column that may
# hold one.
i=0
for s in lead needs proposal approved shortlist selected negotiation; do
	i=$((i + 1))
	crm-add -o li --at "2026-11-0${i}T0${i}:00" -a "客户 $i" -c "王$i" \
	    -v "$i,000.50" -s "$s" -m "note	with a tab $i" "项目 $s" >/dev/null
done
for s in lead demo quote negotiation; do
	crm-add -p product -o wang --at 2026-11-10 --currency EUR \
	    --priority 3 --source fair -e 2026-12-31 -n 2026-11-30 -s "$s" \
	    "Product $s" >/dev/null
done
crm-add -o zhang --at 2026-11-11 'No account, no amount' >/dev/null
crm-log -k call --at 2026-11-12T10:00 -m 'called	twice
and wrote it down' --purpose 需求 --outcome 'good' -n 2026-11-20 1 >/dev/null
crm-log -k visit --at 2026-11-12T11:00 -m '拜访' 1 2 3 >/dev/null
crm-log -k email --at 2026-11-13 4 >/dev/null
crm-advance -F -m 'in a hurry' --at 2026-11-14 1 >/dev/null
crm-advance --at 2026-11-14T01:00 -s proposal 2 >/dev/null || :
crm-advance -w --at 2026-11-15 7 >/dev/null
crm-advance -l price -m '太贵' --at 2026-11-15 6 >/dev/null
crm-advance -l competitor --at 2026-11-16 11 >/dev/null
crm-advance -s negotiation -m 'back on' --at 2026-11-17 11 >/dev/null
crm-set -v 99 -m '新价格	now' 1 >/dev/null
crm-set -t 'Renamed deal' -c 'Ms 李' 3 >/dev/null
crm-set -v 0 11 >/dev/null
# Schema 8's tables: the built-in funnel pushed, with zhang (who owns a
# deal) in its team, and two people, one of whom left.
crm-admin config show |
    sed 's/^  jiang: \[li, wang\]$/  jiang: [li, wang, zhang]/' >pushed.yaml
crm-admin config push pushed.yaml >/dev/null
sqlite3 "$CRM_DB" "INSERT INTO person VALUES
    ('li', 1, 1795510800, 'jiang', NULL, NULL),
    ('zhang', 0, 1795510800, 'jiang', 1795600000, 'jiang')"
