#!/bin/sh
# The config: built-in default, lookup order, strict errors with FILE:LINE:COL.
. "$(dirname "$0")/lib.sh"

run crm-ls --list-stages
is "built-in stages" "$out" "lead
needs
proposal
approved
shortlist
selected
negotiation
demo
quote
won
lost"
run crm-ls --list-stages -p product
is "stages of one pipeline" "$out" "lead
demo
quote
negotiation
won
lost"
run crm-ls --list-stages -C "$top/config.example.yaml"
is "the built-in default is config.example.yaml" "$out" \
    "$(crm-ls --list-stages)"
run crm-ls --list-stages -p nope
is "--list-stages of an unknown pipeline: exit 2" "$rc" 2
like "--list-stages of an unknown pipeline: named" "$errout" "unknown pipeline 'nope' \\(pipelines: project, product\\)"
run crm-ls --list-pipelines
is "pipelines" "$out" "project
product"
run crm-ls --list-stages -p product
is "stages of one pipeline" "$out" "lead
demo
quote
negotiation
won
lost"
run crm-log --list-kinds
is "activity kinds" "$out" "visit
call
email
meeting
quote
note"

cat >small.yaml <<'YAML'
pipelines:
  - name: deals
    stages:
      - {name: open, probability: 50}
activity_kinds: [ping]
YAML
run crm-ls --list-stages -C small.yaml
is "-C names the config" "$out" "open
won
lost"
CRM_CONFIG=small.yaml run crm-log --list-kinds
is "CRM_CONFIG names the config" "$out" ping
mkdir -p .config/crm
cp small.yaml .config/crm/config.yaml
run crm-log --list-kinds
is "~/.config/crm/config.yaml is found" "$out" ping
mkdir -p xdg/crm
printf 'pipelines:\n  - name: x\n    stages: [{name: s, probability: 1}]\nactivity_kinds: [pong]\n' >xdg/crm/config.yaml
XDG_CONFIG_HOME=$tmp/xdg run crm-log --list-kinds
is "XDG_CONFIG_HOME wins over ~/.config" "$out" pong
rm -r .config

run crm-ls -C missing.yaml
is "a named config that is missing: exit 2" "$rc" 2
like "missing config named" "$errout" "crm-ls: config missing.yaml: No such file or directory"

bad()
{
	printf '%s' "$2" >bad.yaml
	run crm-ls -C bad.yaml
	is "$1: exit 2" "$rc" 2
	is "$1: FILE:LINE:COL message" "$errout" "$3"
}

bad "broken YAML" 'pipelines:
  - name: p
    stages: [
' "crm-ls: bad.yaml:4:1: did not find expected node content"
bad "unknown key" 'pipelines:
  - name: p
    stagez: []
' "crm-ls: bad.yaml:3:5: unknown key 'stagez' in a pipeline (known: name, stages, lost_reasons)"
bad "duplicate stage" 'pipelines:
  - name: p
    stages:
      - name: a
        probability: 10
      - name: a
        probability: 20
' "crm-ls: bad.yaml:6:15: duplicate stage 'a' in pipeline p"
bad "probability over 100" 'pipelines:
  - name: p
    stages:
      - name: a
        probability: 140
' "crm-ls: bad.yaml:5:22: probability must be 0-100, not '140'"
bad "requires an unknown kind" 'activity_kinds: [call]
pipelines:
  - name: p
    stages:
      - name: a
        probability: 10
        requires: {visit: 1}
' "crm-ls: bad.yaml:7:20: stage a requires unknown activity kind 'visit' (kinds: call)"
bad "alias refused" 'kinds: &k [call]
pipelines: *k
' "crm-ls: bad.yaml:1:8: YAML anchors are not allowed in the config"
bad "not a mapping" 'just text
' "crm-ls: bad.yaml:1:1: the config must be a mapping with at least 'pipelines', not a scalar"

cp "$top/config.example.yaml" open.yaml
chmod 0666 open.yaml
run crm-ls -C open.yaml
is "a config others can write is refused: exit 2" "$rc" 2
is "a config others can write: how to fix" "$errout" \
    "crm-ls: config open.yaml is writable by other users; chmod o-w open.yaml"

CRM_NOW=yesterday-ish run crm-ls
is "bad CRM_NOW: exit 2" "$rc" 2
like "bad CRM_NOW named" "$errout" "CRM_NOW 'yesterday-ish'"

done_testing
