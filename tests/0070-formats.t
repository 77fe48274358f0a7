#!/bin/sh
# Output formats: hostile text stored and printed back intact in every
# format; JSON always valid; tables aligned by display width.
. "$(dirname "$0")/lib.sh"

# A title is one line (tests/0170-names.t), but may hold anything else.
title="It's \"quoted\"; DROP TABLE deal;-- \\ back\\tslash, not a tab"
crm-add -o li -a "O'Brien, \"Ltd\"" -c 'x\ty' --at 2026-11-01 "$title" >/dev/null
crm-add -o 王 -a 华东制造 -v 1,200,000 --at 2026-11-01 '建立联络的项目' >/dev/null

is "SQL in text is stored as text" "$(sql 'SELECT count(*) FROM deal')" 2
is "stored intact" "$(sql 'SELECT title FROM deal WHERE id = 1')" "$title"

run crm-ls
is "TSV escapes backslashes" "$(printf '%s\n' "$out" | head -n 1 | cut -f2)" \
    "It's \"quoted\"; DROP TABLE deal;-- \\\\ back\\\\tslash, not a tab"
is "TSV: one line per deal" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 2

run crm-ls -f json
is "JSON parses and round-trips the title" "$(printf '%s' "$out" | jq -r '.[0].title')" "$title"
is "JSON account" "$(printf '%s' "$out" | jq -r '.[0].account')" "O'Brien, \"Ltd\""
is "JSON types: money a number, null for unset" \
    "$(printf '%s' "$out" | jq -c '.[1] | [.amount, .probability, .next_action, .days_in_stage]')" \
    '[1200000,5,null,23]'
like "JSON money has two decimals" "$out" '"amount":1200000.00,'
run crm-ls -f jsonl
is "JSONL: one object a line" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 2
is "JSONL parses" "$(printf '%s\n' "$out" | jq -r '.owner' | tr '\n' ' ')" "li 王 "
run crm-ls -f json -o jiang
is "empty JSON is an empty array" "$out" "[]"

run crm-ls -f csv
is "CSV has a header" "$(printf '%s\n' "$out" | head -n 1 | cut -c1-22)" "id,title,account,conta"
ok "CSV rows end in CRLF" sh -c 'crm-ls -f csv | head -n 1 | od -c | grep -q "\\\\r  \\\\n"'
crm-ls -f csv >out.csv
printf 'title\n' >/dev/null
copy=$(newdb copy)
run sh -c 'crm-ls -f csv | crm-add --csv -D "$1"' sh "$copy"
is "CSV output imports back" "$rc" 0
is "CSV round trip keeps hostile text" "$(sql -D "$copy" 'SELECT title FROM deal WHERE id = 1')" "$title"
copy2=$(newdb copy2)
run sh -c 'crm-ls --header | crm-add -D "$1"' sh "$copy2"
is "TSV round trip keeps hostile text" "$(sql -D "$copy2" 'SELECT title FROM deal WHERE id = 1')" "$title"

# Invalid UTF-8 and control characters in arguments are refused.
run crm-add "$(printf 'bad \377 byte')"
is "invalid UTF-8 title: exit 2" "$rc" 2
like "invalid UTF-8 title: says so" "$errout" "invalid UTF-8"
run crm-add -a "$(printf 'a\033b')" x
is "control characters refused in one-line fields" "$errout" \
    "crm-add: account: a control character (U+001B) is not allowed in a one-line field"

# A title with a tab and a line break, from before titles were checked
# (or written with plain SQL), still prints as one escaped line; it does
# not import again, and the import says why.
legacy="It's \"quoted\" \\ back	tab
newline"
sql "UPDATE deal SET title = '$(printf '%s' "$legacy" | sed "s/'/''/g")' WHERE id = 1"
is "an old title with a tab and a line break" "$(sql 'SELECT title FROM deal WHERE id = 1')" "$legacy"
run crm-ls
is "TSV escapes backslash, tab and newline" "$(printf '%s\n' "$out" | head -n 1 | cut -f2)" \
    "It's \"quoted\" \\\\ back\\ttab\\nnewline"
is "TSV: still one line per deal" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 2
run crm-ls -f json
is "JSON round-trips the old title" "$(printf '%s' "$out" | jq -r '.[0].title')" "$legacy"
copy3=$(newdb copy3)
run sh -c 'crm-ls -f csv | crm-add --csv -D "$1"' sh "$copy3"
is "the old title does not import again: exit 1" "$rc" 1
like "the old title does not import again: why" "$errout" \
    "line 2: title: a tab is not allowed in a one-line field"

# Tables: aligned by display width (a CJK character is two columns).
run crm-ls -f table
printf '%s\n' "$out" >table.txt
is "table: header, then one line per deal" "$(wc -l <table.txt | tr -d ' ')" 3
is "table columns line up under CJK text" \
    "$(perl -CSD -ne 'next if $. == 1; $i = index($_, " lead "); $p = substr($_, 0, $i);
	$w = () = $p =~ /[\x{1100}-\x{ffff}]/g; print length($p) + $w, "\n"' table.txt | sort -u | wc -l | tr -d ' ')" 1
ok "table: no blanks at the end of a line" sh -c '! grep -q " $" table.txt'
ok "table: no tabs or newlines inside a row" sh -c '! grep -q "	" table.txt'
# On a terminal crm-ls makes a table by itself; NO_COLOR keeps it plain.
script -qec "NO_COLOR=1 crm-ls" /dev/null >tty.txt
ok "a terminal gets a table" grep -q '^ *id  title' tty.txt
ok "NO_COLOR: no escape codes" sh -c '! grep -q "$(printf "\033")" tty.txt'
script -qec "TERM=xterm crm-ls" /dev/null >tty2.txt
ok "colour on a terminal without NO_COLOR" grep -q "$(printf '\033')\\[1m" tty2.txt
run sh -c 'crm-ls | cat'
ok "a pipe gets TSV, no colour" sh -c '! crm-ls | grep -q "$(printf "\033")"'

done_testing
