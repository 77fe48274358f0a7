#!/bin/sh
# crm-admin config push and show (issue 17): the funnel config stored in
# the database is the one every command uses, whatever the local file
# says (all but database:); a bad config or one that would leave open
# deals where no stage is changes nothing; team_link follows the team:
# pushed; every push is kept; crm-admin copy takes them along.
. "$(dirname "$0")/lib.sh"

# On a server the login acts (lib/common.c identify()), not $CRM_USER.
who=li
if [ "$backend" = pg ]; then
	unset CRM_USER
	who=$(psql -X -At -d "${CRM_DB#postgresql:///}" -c 'SELECT current_user')
fi

cat >local.yaml <<'YAML'
pipelines:
  - name: sales
    stages:
      - { name: a, probability: 10 }
      - { name: b, probability: 50 }
      - { name: c, probability: 80 }
team:
  boss: [li]
YAML
export CRM_CONFIG=$tmp/local.yaml

# Nothing pushed: show is the local file, verbatim.
run crm-admin config show
is "show, nothing pushed: the local file" "$rc|$out|$errout" \
    "0|$(cat local.yaml)|"
if [ "$backend" = sqlite ]; then
	ok "...and makes no database file" [ ! -e crm.db ]
fi
run env -u CRM_CONFIG HOME=$tmp/none crm-admin config show
ok "show, no file at all: the built-in config, verbatim" \
    cmp "$tmp/.out" "$top/config.example.yaml"

crm-add -o li -s b 'Deal B' >/dev/null
crm-add -o li -s a 'Deal A' >/dev/null

# A bad config: its line and column, exit 2, nothing pushed.
cat >bad.yaml <<'YAML'
pipelines:
  - name: sales
    stages:
      - { name: a, probability: 10 }
      - { name: b, probability: 140 }
YAML
run crm-admin config push bad.yaml
is "a bad config: exit 2, FILE:LINE:COL" "$rc|$out|$errout" \
    "2||crm-admin: bad.yaml:5:33: probability must be 0-100, not '140'"
is "...nothing pushed" "$(sql 'SELECT count(*) FROM config_push')" 0

# Stage b gone, without renamed_from: deal 1 would be lost from view.
cat >orphan.yaml <<'YAML'
pipelines:
  - name: sales
    stages:
      - { name: a, probability: 10 }
      - { name: c, probability: 80 }
team:
  boss: [li, wang]
YAML
run crm-admin config push orphan.yaml
is "a config leaving open deals in no stage: exit 2, the stage named" \
    "$rc|$out|$errout" "2||crm-admin: orphan.yaml: 1 open deal in stage 'b' of pipeline sales, which it has not: move it with crm-advance first (crm-ls -p sales -s b lists it), or add renamed_from: b to the stage it became
crm-admin: config push: orphan.yaml would leave open deals where no stage is; nothing pushed"
is "...nothing pushed, the team untouched" \
    "$(sql 'SELECT count(*) FROM config_push') $(sql 'SELECT count(*) FROM team_link')" \
    "0 0"
sed 's/^  - name: sales$/  - name: other/' orphan.yaml >nopipe.yaml
run crm-admin config push nopipe.yaml
is "a config without the deals' pipeline: exit 2, the pipeline named" \
    "$rc|$(printf '%s\n' "$errout" | head -1)" \
    "2|crm-admin: nopipe.yaml: 2 open deals in pipeline sales, which it has not: keep the pipeline"

# b renamed bee, a new stage d, a bigger team: pushed, from stdin too.
cat >pushed.yaml <<'YAML'
# the team's funnel
pipelines:
  - name: sales
    stages:
      - { name: a, probability: 10 }
      - { name: bee, renamed_from: b, probability: 50 }
      - { name: c, probability: 80 }
      - { name: d, probability: 90 }
team:
  boss: [li, wang]
  li: [zhao]
YAML
run crm-admin config push - <pushed.yaml
like "push: exit 0, one line naming the push and the team" "$rc|$out|$errout" \
    "^0\\|.*: pushed config 1, 3 team links\\|\$"
is "...team_link is the team: pushed" \
    "$(sql 'SELECT manager, report FROM team_link ORDER BY 1, 2')" \
    "boss|li
boss|wang
li|zhao"
is "...config_push holds it, when and by whom" \
    "$(sql 'SELECT id, at, by FROM config_push')" "1|1795510800|$who"
run crm-admin config show
ok "show: the pushed text, verbatim (its comment too)" \
    cmp "$tmp/.out" pushed.yaml

# Every command uses it, the local file notwithstanding, and says nothing.
run crm-ls --list-stages
is "crm-ls --list-stages: the pushed stages, no warning" "$rc|$out|$errout" \
    "0|a
bee
c
d
won
lost|"
run crm-ls --list-stages -C local.yaml
is "...with -C naming the local file too" "$rc|$out" "0|a
bee
c
d
won
lost"
run crm-ls -s bee -f tsv
is "crm-ls -s bee: deal 1, stored as b, is in stage bee" \
    "$rc|$(printf '%s\n' "$out" | cut -f1,9)|$errout" "0|1${T:-	}bee|"
run crm-advance -s d 2
is "crm-advance to d, a stage only the pushed config has" "$rc|$errout" "0|"
is "...deal 2 is in d" "$(sql 'SELECT stage FROM deal WHERE id = 2')" d
run crm-advance -s b 2
is "...a stage only the local file has (as itself) is bee now" "$rc|$errout" \
    "0|"
is "...deal 2 is in bee" "$(sql 'SELECT stage FROM deal WHERE id = 2')" bee
run crm-add -o nobody 'Stranger'
is "crm-add -o a person not in the pushed team: refused" "$rc" 2
like "...naming the pushed team" "$errout" "unknown person 'nobody'.*zhao"

# Round trip: show, edit, push; the history kept.
crm-admin config show | sed 's/^  li: \[zhao\]$/  li: [zhao, qian]/' >next.yaml
run crm-admin config push next.yaml
like "show, edit, push: the second push" "$rc|$out|$errout" \
    "^0\\|.*: pushed config 2, 4 team links\\|\$"
is "...both pushes kept" "$(sql 'SELECT id, by FROM config_push ORDER BY id')" \
    "1|$who
2|$who"
is "...team_link rewritten" \
    "$(sql 'SELECT manager, report FROM team_link ORDER BY 1, 2')" \
    "boss|li
boss|wang
li|qian
li|zhao"
run crm-admin config show
ok "...show is the second" cmp "$tmp/.out" next.yaml

# database: stays local: a pushed one is not where the database is.
printf 'database: %s/elsewhere.db\n' "$tmp" | cat - next.yaml >withdb.yaml
run crm-admin config push withdb.yaml
is "a config with database: is pushed" "$rc|$errout" "0|"
run crm-ls --list-stages
is "...and the database stays the local one" "$rc|$errout" "0|"
ok "...elsewhere.db is not made" [ ! -e elsewhere.db ]

# A pushed config that this crm cannot read: every command says so, exit 2;
# config show and push still work, so it can be put right.
if [ "$backend" = sqlite ]; then
	sqlite3 crm.db "INSERT INTO config_push (at, by, text)
	    VALUES (0, 'x', 'pipelines: 7')"
	run crm-ls
	is "a pushed config that does not parse: exit 2, named" "$rc|$errout" \
	    "2|crm-ls: pushed config 4:1:12: pipelines must be a list, not a scalar (crm-admin config push a config this crm reads)"
	run crm-admin config push next.yaml
	like "...push puts it right" "$rc|$out" "^0\\|.*pushed config 5"
	run crm-ls --list-stages
	is "...and commands work again" "$rc" 0
fi

# On a server only an administrator pushes: a person crm-admin grant let
# in (here by its SQL function) is refused, and nothing is pushed.
if [ "$backend" = pg ]; then
	d=${CRM_DB#postgresql:///}
	psql -X -q -d "$d" -c "SELECT crm_grant('pushtest', false, 0);
	    ALTER ROLE pushtest PASSWORD 'pushtest'" >/dev/null
	n=$(sql 'SELECT count(*) FROM config_push')
	run env PGUSER=pushtest PGPASSWORD=pushtest crm-admin config push next.yaml
	like "a person who is not an administrator may not push: exit 3" \
	    "$rc|$out|$errout" \
	    "^3\|\|crm-admin: config push: only an administrator of .* pushes the config, and pushtest is not one\$"
	is "...nothing pushed" "$(sql 'SELECT count(*) FROM config_push')" "$n"
	run env PGUSER=pushtest PGPASSWORD=pushtest crm-admin config show
	ok "...but shows the config in force" cmp "$tmp/.out" withdb.yaml
fi

# crm-admin copy takes the pushes and the team along.
run crm-admin copy "$CRM_DB" copy.db
is "copy: exit 0" "$rc|$errout" "0|"
is "...config_push copied, ids and text" \
    "$(sqlite3 copy.db 'SELECT id, length(text) FROM config_push ORDER BY id')" \
    "$(sql 'SELECT id, length(text) FROM config_push ORDER BY id')"
is "...team_link copied" \
    "$(sqlite3 copy.db 'SELECT * FROM team_link ORDER BY 1, 2')" \
    "$(sql 'SELECT * FROM team_link ORDER BY 1, 2')"
run crm-ls --list-stages -D copy.db
is "...and the copy's commands use the pushed config" "$out" "a
bee
c
d
won
lost"

done_testing
