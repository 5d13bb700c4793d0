#!/bin/bash
# Records the validation workloads of docs/validation.md with `wbreplay record` (run as root):
# each on a fresh ext4 on a loop device (losetup --direct-io=on) over a sparse file in /tmp.
#   scripts/record-validate.sh OUTDIR [JOB...]     (JOB: a name of scripts/record/validate/*.fio; default all)
# Changes nothing else on the machine, and undoes what it sets up (mount, loop device, image file)
# also when interrupted. Gzips app.csv and trace.txt of each recording (validate reads both plain or .gz).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: record-validate.sh OUTDIR [JOB...]}; shift
jobs=("$@"); [ ${#jobs[@]} -gt 0 ] || jobs=(rand-inmem seq-streams small-files)
jar=$here/../benchmarks/target/wbreplay.jar
[ -f "$jar" ] || { echo "record-validate.sh: $jar: build it first (mvn -B -q package -DskipTests)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "record-validate.sh: needs root (losetup, mount, tracefs)" >&2; exit 1; }
mkdir -p "$out"
img=$(mktemp /tmp/wbr-validate-img.XXXXXX); mnt=$(mktemp -d /tmp/wbr-validate-mnt.XXXXXX); loop=
cleanup() {
  mountpoint -q "$mnt" && umount "$mnt"
  [ -n "$loop" ] && losetup -d "$loop"
  rm -f "$img"; rmdir "$mnt" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
for job in "${jobs[@]}"; do
  [ -f "$here/record/validate/$job.fio" ] || { echo "record-validate.sh: no job $job" >&2; exit 1; }
  truncate -s 2G "$img"
  loop=$(losetup -f --show --direct-io=on "$img")
  mkfs.ext4 -q -F "$loop"
  mount "$loop" "$mnt"
  sync -f "$mnt"
  DIR=$mnt java -jar "$jar" record -o "$out/$job" --device "$loop" -- \
    fio "$here/record/validate/$job.fio" --output=/dev/null
  umount "$mnt"; losetup -d "$loop"; loop=; rm -f "$img"
  cp "$here/record/validate/$job.fio" "$out/$job/job.fio"
  gzip -9 "$out/$job/app.csv" "$out/$job/trace.txt"
  echo "record-validate.sh: $out/$job: $(du -sh "$out/$job" | cut -f1)"
done
