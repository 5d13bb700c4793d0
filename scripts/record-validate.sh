#!/bin/bash
# Records the validation workloads of docs/validation.md with `wbreplay record` (run as root):
# each on a fresh ext4 on a loop device (losetup --direct-io=on) over a sparse file in /tmp.
#   scripts/record-validate.sh OUTDIR [JOB...]     (JOB: a name of scripts/record/validate/*.fio; default all)
# A job file with a line "; hog: AVAIL_MIB FLOOR_MIB" (pressure.fio) runs scripts/record/hog.c during the
# recording: it pins anonymous memory until MemAvailable is AVAIL_MIB and gives 256 MiB back whenever
# MemAvailable falls below FLOOR_MIB (the machine is shared); it is killed right after the job.
# Changes nothing else on the machine, and undoes what it sets up (mount, loop device, image file, hog)
# also when interrupted. Gzips app.csv and trace.txt of each recording (validate reads both plain or .gz).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: record-validate.sh OUTDIR [JOB...]}; shift
jobs=("$@"); [ ${#jobs[@]} -gt 0 ] || jobs=(rand-inmem seq-streams small-files)
jar=$here/../benchmarks/target/wbreplay.jar
[ -f "$jar" ] || { echo "record-validate.sh: $jar: build it first (mvn -B -q package -DskipTests)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "record-validate.sh: needs root (losetup, mount, tracefs)" >&2; exit 1; }
mkdir -p "$out"
img=$(mktemp /tmp/wbr-validate-img.XXXXXX); mnt=$(mktemp -d /tmp/wbr-validate-mnt.XXXXXX); loop=; hog=
hogbin=$(mktemp /tmp/wbr-validate-hog.XXXXXX)
cleanup() {
  [ -n "$hog" ] && kill "$hog" 2>/dev/null && wait "$hog" 2>/dev/null
  rm -f "$hogbin"
  mountpoint -q "$mnt" && umount "$mnt"
  [ -n "$loop" ] && losetup -d "$loop"
  rm -f "$img"; rmdir "$mnt" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
for job in "${jobs[@]}"; do
  [ -f "$here/record/validate/$job.fio" ] || { echo "record-validate.sh: no job $job" >&2; exit 1; }
  hogargs=$(sed -n 's/^; hog: //p' "$here/record/validate/$job.fio")
  size=$(sed -n 's/^size=\([0-9]*\)g$/\1/p' "$here/record/validate/$job.fio"); size=$(( ${size:-0} + 2 ))G
  truncate -s "$size" "$img"
  loop=$(losetup -f --show --direct-io=on "$img")
  mkfs.ext4 -q -F "$loop"
  mount "$loop" "$mnt"
  sync -f "$mnt"
  if [ -n "$hogargs" ]; then
    cc -O2 -o "$hogbin" "$here/record/hog.c"
    "$hogbin" $hogargs > "$out/$job.hog.log" & hog=$!
    echo 1000 > /proc/$hog/oom_score_adj
    until grep -q pinned "$out/$job.hog.log" 2>/dev/null; do sleep 1; done
  fi
  DIR=$mnt java -jar "$jar" record -o "$out/$job" --device "$loop" -- \
    fio "$here/record/validate/$job.fio" --output=/dev/null
  if [ -n "$hog" ]; then kill "$hog"; wait "$hog" 2>/dev/null || true; hog=; fi
  umount "$mnt"; losetup -d "$loop"; loop=; rm -f "$img"
  [ -f "$out/$job.hog.log" ] && mv "$out/$job.hog.log" "$out/$job/hog.log"
  cp "$here/record/validate/$job.fio" "$out/$job/job.fio"
  gzip -9 "$out/$job/app.csv" "$out/$job/trace.txt"
  echo "record-validate.sh: $out/$job: $(du -sh "$out/$job" | cut -f1)"
done
