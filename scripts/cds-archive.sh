#!/bin/sh
# Writes JAR's class-data sharing archive (AppCDS, JDK 13+ dynamic archive) beside it as wbreplay.jsa:
# the classes a replay and `trace stats` load, parsed and verified once, so that bin/wbreplay's JVM
# maps them instead of loading them from the jar (0.05-0.1 s less start-up per command, measured:
# benchmarks/README.md, seventh pass).
# Run by `mvn package` (benchmarks/pom.xml) after the jar is built; never fails the build: without an
# archive bin/wbreplay runs as before. Results do not depend on it (classes only, no state).
#   scripts/cds-archive.sh benchmarks/target/wbreplay.jar
jar=${1:?usage: scripts/cds-archive.sh JAR}
samples="$(dirname "$0")/../traces/samples"
dir=$(dirname "$jar")
archive="$dir/wbreplay.jsa"
tmp="$dir/.wbreplay.jsa.$$"
work="$dir/cds-training"
rm -rf "$work" "$archive"
# one JVM, one command: `replay --strategy all` of a shipped fio iolog loads the reader, every strategy,
# the model, the dispatch log, the summary writer and its table, and the seek statistics `trace stats` uses
if java -XX:+UseParallelGC -XX:ArchiveClassesAtExit="$tmp" -Xlog:cds*=off -jar "$jar" \
        replay "$samples/fio-randwrite-4k.iolog" --strategy all -o "$work" >/dev/null 2>&1 && [ -s "$tmp" ]; then
    mv -f "$tmp" "$archive"
else
    rm -f "$tmp"
    echo "cds-archive: no class-data sharing archive for $jar (bin/wbreplay runs without one)" >&2
fi
rm -rf "$work"
exit 0
