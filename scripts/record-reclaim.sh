#!/usr/bin/env bash
# Records what the running kernel's page reclaim meets while fio writes to ext4 on a loop device
# under memory pressure, optionally throttled like a slow disk (root blkio cgroup v1).
# Needs root, tracefs, cgroup v1 blkio, perf, fio, gcc and GNU time. Restores every setting it changes, also on
# failure or Ctrl-C. Usage:
#   scripts/record-reclaim.sh OUTDIR [--loop buffered|direct] [--throttle on|off] [--avail MIB]
#                             [--dirty-ratio N] [--workload seq|rand|rand64k|rand64k-nomap] [--settle SECONDS] [--stat-reader-ms N]
#                             [--bps BYTES_PER_S] [--iops N]   (the throttle; default 52428800 and 200)
#                             [--events 'SYSTEM/EVENT ...']  (more tracepoints, e.g. filemap/mm_filemap_add_to_page_cache)
#                             [--drop-caches]  (a cold page cache: drop_caches just before the run, after
#                              the settle; the default comparison's start)
#                             [--floor MIB]  (the hog gives memory back below this MemAvailable; default 1228,
#                              lower it only on a machine nobody else uses, for --avail under ~1.3 GiB)
# Writes OUTDIR/{trace.txt.gz,vmstat.before,vmstat.after,kswapd.schedstat.*,meminfo.*,zoneinfo.*,buddyinfo.*,frame-layout.before.json,meminfo.samples,buddyinfo.samples,nr_written.samples,zoneinfo.samples,fio.json,
# fio.rusage,fio.iolog,run.env,hog.log,shrink.perf.data,lost-events.txt}; scripts/record/summarize.py turns OUTDIR into totals.
# Without --settle the run starts right after the hog took its memory, while the kernel's dirty limit
# (global_wb_domain.dirty_limit) still reflects the memory before: dirty+writeback then fill the page
# cache. --settle 60 lets that limit come down first (traces/samples/recorded/README.md, runs A vs K).
# --stat-reader-ms N reads the root memory cgroup's memory.stat every N ms while fio runs, as a
# monitoring agent would: each read flushes the memcg statistics that reclaim's inactive_is_low()
# reads (docs/kernel-eras.md, "The LRU sizes reclaim reads are up to 2 s old"); run.env records it.
set -euo pipefail

out=${1:?usage: record-reclaim.sh OUTDIR [options]}; shift
loop_mode=direct throttle=on avail_mib=1536 dirty_ratio=40 workload=seq
floor_mib=1228          # never let MemAvailable stay below ~1.2 GiB (shared machine); --floor lowers it
settle=0 bg_ratio=10 image_mib=4096 bps=52428800 iops=200 max_secs=110 extra_events=
while [ $# -gt 0 ]; do
  case $1 in
    --loop) loop_mode=$2; shift 2;;
    --throttle) throttle=$2; shift 2;;
    --avail) avail_mib=$2; shift 2;;
    --dirty-ratio) dirty_ratio=$2; shift 2;;
    --workload) workload=$2; shift 2;;
    --settle) settle=$2; shift 2;;
    --stat-reader-ms) stat_reader_ms=$2; shift 2;;
    --bps) bps=$2; shift 2;;
    --iops) iops=$2; shift 2;;
    --events) extra_events=$2; shift 2;;
    --floor) floor_mib=$2; shift 2;;
    --drop-caches) drop_caches=1; shift;;
    *) echo "record-reclaim.sh: unknown option $1" >&2; exit 2;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"; out=$(cd "$out" && pwd)
work=$(mktemp -d /tmp/wbr-rec.XXXXXX)
img=$work/ext4.img mnt=$work/mnt
T=/sys/kernel/tracing
inst=$T/instances/wbr-rec
blk=/sys/fs/cgroup/blkio
orig_ratio=$(sysctl -n vm.dirty_ratio) orig_bg=$(sysctl -n vm.dirty_background_ratio)
orig_bytes=$(sysctl -n vm.dirty_bytes) orig_bg_bytes=$(sysctl -n vm.dirty_background_bytes)
mounted_tracefs= loopdev= majmin= shm_iolog= hog_pid= pipe_pid= dd_pid= fio_pid= perf_pid= perf_dd_pid= reader_pid=

cleanup() {
  set +e
  [ -n "$fio_pid" ] && kill "$fio_pid" 2>/dev/null && wait "$fio_pid" 2>/dev/null
  [ -n "$reader_pid" ] && kill "$reader_pid" 2>/dev/null && wait "$reader_pid" 2>/dev/null
  [ -n "$perf_pid" ] && kill -INT "$perf_pid" 2>/dev/null && wait "$perf_dd_pid" 2>/dev/null
  [ -n "$hog_pid" ] && kill "$hog_pid" 2>/dev/null && wait "$hog_pid" 2>/dev/null
  if [ -d "$inst" ]; then
    echo 0 > "$inst/tracing_on"; echo 0 > "$inst/events/enable"
  fi
  [ -n "$pipe_pid" ] && kill "$pipe_pid" 2>/dev/null
  [ -n "$dd_pid" ] && wait "$dd_pid" 2>/dev/null
  [ -d "$inst" ] && rmdir "$inst"
  if [ -n "$majmin" ]; then   # throttles off before the final sync: 200 IOPS would take minutes
    echo "$majmin 0" > $blk/blkio.throttle.write_bps_device
    echo "$majmin 0" > $blk/blkio.throttle.write_iops_device
  fi
  mountpoint -q "$mnt" && umount "$mnt"
  [ -n "$loopdev" ] && losetup -d "$loopdev"
  rm -rf "$work"
  [ -n "$shm_iolog" ] && rm -f "$shm_iolog"
  sysctl -q vm.dirty_ratio="$orig_ratio" vm.dirty_background_ratio="$orig_bg"
  [ "$orig_bytes" != 0 ] && sysctl -q vm.dirty_bytes="$orig_bytes"
  [ "$orig_bg_bytes" != 0 ] && sysctl -q vm.dirty_background_bytes="$orig_bg_bytes"
  [ -n "$mounted_tracefs" ] && umount $T
  echo "record-reclaim.sh: restored (hog gone, throttle 0, sysctls $orig_ratio/$orig_bg, loop detached, image and trace instance removed)" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -f $T/README ] || { mount -t tracefs nodev $T; mounted_tracefs=1; }
gcc -O2 -o "$work/hog" "$here/record/hog.c"

# the loop device and its file system
truncate -s ${image_mib}M "$img"
if [ "$loop_mode" = direct ]; then loopdev=$(losetup -f --show --direct-io=on "$img")
else loopdev=$(losetup -f --show "$img"); fi
majmin=$(lsblk -ndo MAJ:MIN "$loopdev" | tr -d ' ')
mkfs.ext4 -q -F "$loopdev"
mkdir -p "$mnt"; mount "$loopdev" "$mnt"
if [ "$throttle" = on ]; then
  echo "$majmin $bps" > $blk/blkio.throttle.write_bps_device
  echo "$majmin $iops" > $blk/blkio.throttle.write_iops_device
fi
sysctl -q vm.dirty_ratio="$dirty_ratio" vm.dirty_background_ratio="$bg_ratio"

# the trace instance; block events only for the loop device
mkdir "$inst"
echo 0 > "$inst/tracing_on"
echo 65536 > "$inst/buffer_size_kb"
for e in vmscan/mm_vmscan_write_folio vmscan/mm_vmscan_kswapd_wake vmscan/mm_vmscan_kswapd_sleep \
         vmscan/mm_vmscan_wakeup_kswapd vmscan/mm_vmscan_direct_reclaim_begin \
         vmscan/mm_vmscan_direct_reclaim_end vmscan/mm_vmscan_throttled \
         writeback/global_dirty_state writeback/balance_dirty_pages writeback/writeback_written \
         writeback/writeback_start writeback/bdi_dirty_ratelimit block/block_rq_issue block/block_rq_complete $extra_events; do
  [ -d "$inst/events/$e" ] || { echo "record-reclaim.sh: no tracepoint $e in this kernel" >&2; exit 2; }
  echo 1 > "$inst/events/$e/enable"
done
# the buddy allocator's fallbacks to another migratetype's free blocks: each claim of a block smaller than a
# pageblock raises the zone's watermark_boost (boost_watermark()); kept when the kernel has the event
if [ -d "$inst/events/kmem/mm_page_alloc_extfrag" ]; then
  echo 1 > "$inst/events/kmem/mm_page_alloc_extfrag/enable"
fi
maj=${majmin%:*} min=${majmin#*:}
devnum=$(( (maj << 20) | min ))
echo "dev == $devnum" > "$inst/events/block/block_rq_issue/filter"
echo "dev == $devnum" > "$inst/events/block/block_rq_complete/filter"

# memory pressure
sync
"$work/hog" "$avail_mib" "$floor_mib" > "$out/hog.log" &
hog_pid=$!
echo 1000 > /proc/$hog_pid/oom_score_adj
hog_alive() {  # the OOM killer takes the hog first (oom_score_adj 1000): stop instead of waiting for it
  kill -0 "$hog_pid" 2>/dev/null || { echo "record-reclaim.sh: the memory hog is gone (OOM-killed?); last: $(tail -1 "$out/hog.log")" >&2; exit 1; }
}
until grep -q pinned "$out/hog.log"; do hog_alive; sleep 0.2; done
if [ "$settle" -gt 0 ]; then
  # global_wb_domain.dirty_limit follows a fall of the dirty threshold only 1/32 per 200 ms and only
  # while a task is throttled (update_dirty_limit): dirty for SETTLE seconds first, then drain fast
  DIR=$mnt IOLOG=/dev/null timeout "$settle" fio --output=/dev/null --name=settle --directory="$mnt" \
    --rw=write --bs=1m --size=3g --ioengine=psync || true
  echo "$majmin 0" > $blk/blkio.throttle.write_bps_device; echo "$majmin 0" > $blk/blkio.throttle.write_iops_device
  rm -f "$mnt"/settle*; sync
  if [ "$throttle" = on ]; then
    echo "$majmin $bps" > $blk/blkio.throttle.write_bps_device; echo "$majmin $iops" > $blk/blkio.throttle.write_iops_device
  fi
  # deleting the settle file freed its page cache: pin the hog back to the target
  hog_alive; kill -USR1 "$hog_pid" 2>/dev/null || true
  until [ "$(grep -c pinned "$out/hog.log")" -ge 2 ]; do hog_alive; sleep 0.2; done
fi
if [ "${drop_caches:-0}" = 1 ]; then
  sync; echo 1 > /proc/sys/vm/drop_caches   # clean page cache goes; MemAvailable (the hog's target) stays
fi

{
  echo "kernel=$(uname -r)"; echo "date=$(date -u +%FT%TZ)"; echo "loop=$loop_mode"; echo "loopdev=$loopdev"
  echo "majmin=$majmin"; echo "throttle=$throttle"; echo "write_bps=$( [ $throttle = on ] && echo $bps || echo 0)"
  echo "write_iops=$( [ $throttle = on ] && echo $iops || echo 0)"; echo "avail_target_mib=$avail_mib"
  echo "dirty_ratio=$dirty_ratio"; echo "dirty_background_ratio=$bg_ratio"; echo "workload=$workload"; echo "settle_s=$settle"
  echo "memtotal_kb=$(awk '/MemTotal/{print $2}' /proc/meminfo)"; echo "cpus=$(nproc)"
  [ "${stat_reader_ms:-0}" -gt 0 ] && echo "memcg_stat_read_ms=$stat_reader_ms"
  [ -n "$extra_events" ] && echo "extra_events=$extra_events"
  echo "hog_floor_mib=$floor_mib"
  [ "${drop_caches:-0}" = 1 ] && echo "drop_caches=1"
  for q in max_sectors_kb max_segments max_segment_size; do echo "$q=$(cat /sys/block/${loopdev#/dev/}/queue/$q)"; done
} > "$out/run.env"
cat /proc/meminfo > "$out/meminfo.before"; cat /proc/zoneinfo > "$out/zoneinfo.before"; cat /proc/buddyinfo > "$out/buddyinfo.before"
cat /proc/vmstat > "$out/vmstat.before"
# what the Normal zone's frames hold (the old page cache among the hog's pages: docs/kernel-eras.md,
# "Where the free pages are"); 1-2 s of system time, before any tracing; needs numpy
python3 "$here/record/frame-layout.py" > "$out/frame-layout.before.json" 2> /dev/null \
  || { rm -f "$out/frame-layout.before.json"; echo "record-reclaim.sh: no frame-layout.before.json (numpy?)" >&2; }
# kswapd's own CPU time (schedstat: ns on a CPU, ns waiting to run, timeslices): what reclaim costs
for k in $(pgrep -x 'kswapd[0-9]*'); do echo "$(cat /proc/$k/comm) $(cat /proc/$k/schedstat)"; done > "$out/kswapd.schedstat.before"

# shrink_inactive/active fire millions of times a minute (this kernel has no hist triggers, and the
# text trace_pipe reader lost a third of them): perf records those two in binary instead
perf record -q -a -m 64M -e vmscan:mm_vmscan_lru_shrink_inactive -e vmscan:mm_vmscan_lru_shrink_active \
  -o - 2> "$out/perf.err" | dd of="$out/shrink.perf.data" bs=4M iflag=fullblock oflag=direct status=none &
perf_dd_pid=$!
sleep 1; perf_pid=$(pgrep -P $$ -x perf || pgrep -n -x perf)
# O_DIRECT so that the trace file does not add dirty pages to the page cache being measured
dd of="$out/trace.txt" bs=1M iflag=fullblock oflag=direct status=none < <(exec cat "$inst/trace_pipe") &
dd_pid=$!
sleep 0.2; pipe_pid=$(pgrep -P $dd_pid -x cat)
# no other device's writeback during the run: dirty pages elsewhere (earlier work on the disk holding
# OUTDIR) written back now would lower the loop device's share of the dirty threshold
sync
echo 1 > "$inst/tracing_on"
# once a second: meminfo, and the free blocks of each order per zone (fragmentation: what high-order
# allocations, ext4's large folios since 6.16, find)
( while :; do echo "$(date +%s.%N) $(awk '/^(MemAvailable|MemFree|Active\(file\)|Inactive\(file\)|Dirty|Writeback):/{printf "%s%s ", $1, $2}' /proc/meminfo)"
    echo "$(date +%s.%N) $(awk '/^nr_written /{printf "nr_written:%s", $2}' /proc/vmstat)" >&4
    echo "$(date +%s.%N) $(awk '{printf "%s:", $4; for (i = 5; i <= NF; i++) printf "%s%s", $i, (i < NF ? "," : " ")}' /proc/buddyinfo)" >&3
    # each zone's free pages, min watermark and watermark_boost (a boosted kswapd run ends early)
    echo "$(date +%s.%N) $(awk '/^Node/{z=$4} /^  pages free/{f=$3} /^        boost/{b=$2} /^        min/{if (z != "") printf "%s:%s,%s,%s ", z, f, $2, b; z=""}' /proc/zoneinfo)" >&5
    sleep 1; done ) \
  > "$out/meminfo.samples" 3> "$out/buddyinfo.samples" 4> "$out/nr_written.samples" 5> "$out/zoneinfo.samples" &
sampler=$!
if [ "${stat_reader_ms:-0}" -gt 0 ]; then   # cgroup v1 or v2: the root memcg's memory.stat
  stat=/sys/fs/cgroup/memory/memory.stat; [ -f $stat ] || stat=/sys/fs/cgroup/memory.stat
  ( while :; do cat $stat > /dev/null; sleep "$(echo "scale=3; $stat_reader_ms / 1000" | bc)"; done ) &
  reader_pid=$!
fi
start=$(date +%s.%N)
# GNU time: the CPU time of fio's whole process tree (wait4's rusage of fio and every job it waited for),
# what the workload spent per page it wrote (validate's --write-page-ns); timeout signals the whole group
# the iolog goes to tmpfs while fio runs: written to OUTDIR's disk it would be writeback on another
# device, whose completions lower the loop device's share of the dirty threshold (__wb_calc_thresh())
shm_iolog=$(mktemp /dev/shm/wbr-iolog.XXXXXX)
DIR=$mnt IOLOG=$shm_iolog timeout $max_secs /usr/bin/time -o "$out/fio.rusage" \
  -f 'user_s=%U\nsys_s=%S\nelapsed_s=%e\nvoluntary_ctxt=%w\ninvoluntary_ctxt=%c' \
  fio --output-format=json --output="$out/fio.json" \
  "$here/record/$(case $workload in seq) echo fsmark-seq.fio;; rand64k) echo rand-64k.fio;; rand64k-nomap) echo rand-64k-nomap.fio;; *) echo rand-4k.fio;; esac)" &
fio_pid=$!
wait $fio_pid || echo "fio exited with $?" >&2
fio_pid=
end=$(date +%s.%N)
if [ -n "$reader_pid" ]; then kill "$reader_pid"; wait "$reader_pid" 2>/dev/null || true; reader_pid=; fi
echo 0 > "$inst/tracing_on"
kill -INT "$perf_pid"; wait "$perf_dd_pid" || true; perf_pid= perf_dd_pid=
kill $sampler; wait $sampler 2>/dev/null || true
cat /proc/vmstat > "$out/vmstat.after"
for k in $(pgrep -x 'kswapd[0-9]*'); do echo "$(cat /proc/$k/comm) $(cat /proc/$k/schedstat)"; done > "$out/kswapd.schedstat.after"
cat /proc/meminfo > "$out/meminfo.after"
cat /proc/zoneinfo > "$out/zoneinfo.after"; cat /proc/buddyinfo > "$out/buddyinfo.after"
# only now, with the trace off and the counters read: its 20-30 MB would be dirtied on the other disk
mv "$shm_iolog" "$out/fio.iolog"; shm_iolog=
kill "$hog_pid"; wait "$hog_pid" 2>/dev/null || true; hog_pid=
echo "elapsed_s=$(echo "$end - $start" | bc)" >> "$out/run.env"
for c in "$inst"/per_cpu/cpu*; do echo "$(basename $c) $(grep -E 'overrun|dropped' $c/stats | tr '\n' ' ')"; done > "$out/lost-events.txt"
sleep 1; kill "$pipe_pid" 2>/dev/null || true; wait "$dd_pid" || true; pipe_pid= dd_pid=  # cat may have ended already
lines=$(wc -l < "$out/trace.txt")
# kept whole: validate fits the unthrottled loop device to its block_rq_issue/complete times
gzip -9 "$out/trace.txt"
echo "recorded $out ($lines trace lines in trace.txt.gz)" >&2
