#!/usr/bin/env bash
# Behaviour check for restructurings and speed-ups: runs the default comparison and every strategy on
# every shipped sample, and keeps only the result files (summary.json, summary.csv) under OUT.
#   scripts/golden.sh OUT            # then: diff -r BEFORE AFTER  (no output = byte-identical)
# Needs the uber-jar (mvn -B -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/golden.sh OUT}
jar=${JAR:-benchmarks/target/wbreplay.jar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out" && mkdir -p "$out"
java -jar "$jar" compare -o "$work/compare" >/dev/null 2>&1
cp "$work/compare/summary.csv" "$out/compare-summary.csv"
for f in traces/samples/*.csv traces/samples/*.iolog traces/samples/*.txt; do
  case "$f" in *memory-hog*) continue ;; esac
  name=$(basename "$f")
  java -jar "$jar" replay "$f" --strategy all --memory 32M --pinned traces/samples/memory-hog-24m-20ms.csv \
      -o "$work/$name" >/dev/null 2>&1
  for s in "$work/$name"/*/summary.json; do
    strategy=$(basename "$(dirname "$s")")
    # wallSeconds is the host's wall-clock time, the one field that is not a result
    grep -v '"wallSeconds"' "$s" > "$out/$name.$strategy.summary.json"
  done
done
ls "$out" | wc -l | sed 's/$/ result files/'
