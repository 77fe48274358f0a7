#!/bin/sh
# fuzz.sh DIR NAME SECONDS [libFuzzer options]: runs DIR/fuzz-NAME for
# SECONDS on a copy of tests/fuzz/corpus/NAME (plus the regression inputs
# in tests/fuzz/regress/NAME), so the committed corpus never grows.  The
# copy, the log and any crash input stay in DIR/run/NAME.  Ends with one
# line of figures: executions, coverage, corpus size.
set -u
dir=$1 name=$2 secs=$3
shift 3
run=$dir/run/$name
rm -rf "$run"
mkdir -p "$run/corpus" "$run/crash" || exit 1
cp tests/fuzz/corpus/"$name"/* "$run/corpus/" || exit 1
set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$run/crash/" "$@"
[ -f tests/fuzz/"$name".dict ] && set -- -dict=tests/fuzz/"$name".dict "$@"
set -- "$@" "$run/corpus"
[ -d tests/fuzz/regress/"$name" ] && set -- "$@" tests/fuzz/regress/"$name"
echo "fuzz: $name for ${secs}s; log in $run/log"
"$dir/fuzz-$name" "$@" >"$run/log" 2>&1
st=$?
tail -n 20 "$run/log" | grep -v '^stat::' | sed "s/^/fuzz: $name: /" |
    grep -E 'ERROR|SUMMARY|check failed|Test unit' || true
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log")
last=$(grep -E '^#[0-9]+' "$run/log" | tail -n 1)
cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
corp=$(ls "$run/corpus" | wc -l)
crashes=$(ls "$run/crash" | wc -l)
echo "fuzz: $name: ${execs:-?} executions, cov ${cov:-?}, ft ${ft:-?}," \
    "corpus $corp inputs, $crashes crash inputs, status $st"
if [ "$st" -ne 0 ] || [ "$crashes" -ne 0 ]; then
	ls "$run/crash" | sed "s|^|fuzz: $name: crash input $run/crash/|"
	exit 1
fi
