#!/bin/sh
# embed.sh NAME FILE: prints C source defining NAME[] (the bytes of FILE,
# NUL-terminated) and NAME_len, so files like lib/schema.sql and
# config.example.yaml have one source of truth and are compiled in.
set -e
name=$1 file=$2
printf '/* generated from %s by tools/embed.sh: do not edit */\n' "$file"
printf '#include <stddef.h>\n\nconst char %s[] = {\n' "$name"
od -An -v -tx1 "$file" | sed -e 's/ *$//' -e 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g' -e 's/^/\t/'
printf '\t0x00\n};\nconst size_t %s_len = sizeof(%s) - 1;\n' "$name" "$name"
