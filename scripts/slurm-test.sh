#!/usr/bin/env bash
# A real Slurm run of a small sweep: starts a single-node cluster of its own (munged, slurmctld, slurmd
# with a minimal slurm.conf naming this host and its cores, state, spool and logs in a temporary
# directory), submits the sweep with 'wbreplay cluster slurm --tasks 4 --submit' (a 4-task job array
# and its merge job), waits, checks that the merged summary.csv equals an unsharded compare's byte for
# byte, and stops every daemon it started.
#   scripts/slurm-test.sh            # exit 0: passed; 77: skipped (the reason on the last line); else failed
# Needs root (the daemons run as root), slurm-wlm and munge; with WBREPLAY_SLURM_TEST=1 and root it
# installs them when missing. WBREPLAY (default: java -jar benchmarks/target/wbreplay.jar) runs wbreplay;
# SLURMCTLD_PORT and SLURMD_PORT choose the ports (default: 16817, 16818).
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
deadline=$((SECONDS + ${WBREPLAY_SLURM_TIMEOUT:-300}))
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || skip "not root: the test cluster's daemons run as root"
tools=(munged slurmctld slurmd sbatch squeue sinfo scontrol)
missing() { for t in "${tools[@]}"; do command -v "$t" >/dev/null 2>&1 || return 0; done; return 1; }
if missing; then
  if [ "${WBREPLAY_SLURM_TEST:-}" = 1 ]; then
    echo "installing slurm-wlm and munge"
    DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1 \
      || skip "apt-get install slurm-wlm munge failed"
  fi
  missing && skip "slurm-wlm or munge not installed (set WBREPLAY_SLURM_TEST=1 as root to install them)"
fi

work=$(mktemp -d /tmp/wbreplay-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# munged with a key, socket and logs of its own (--force: as root, under /tmp)
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge.key"
mkdir -m 755 "$work/munge"
munged --foreground --force --key-file="$work/munge.key" --socket="$work/munge/socket" \
  --pid-file="$work/munge/pid" --log-file="$work/munge/log" --seed-file="$work/munge/seed" >"$work/munge/out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$work/munge/socket" ] && break; sleep 0.1; done
[ -S "$work/munge/socket" ] || skip "munged did not start: $(tail -n 3 "$work/munge/log" 2>/dev/null | tr '\n' ' ')"

host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<EOF
ClusterName=wbreplay-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=${SLURMCTLD_PORT:-16817}
SlurmdPort=${SLURMD_PORT:-16818}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
slurmctld -D -c -f "$SLURM_CONF" >"$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$work/slurmd.out" 2>&1 &
pids+=($!)
up=
for _ in $(seq 60); do
  state=$(sinfo -h -o %T 2>/dev/null | head -n 1)
  case "$state" in idle*) up=1; break ;; esac
  sleep 1
done
[ -n "$up" ] || skip "the test cluster did not come up within 60 s (node state '${state:-none}'): $(tail -n 2 "$work/slurmctld.log" "$work/slurmd.log" 2>/dev/null | tr '\n' ' ')"

# a job that does nothing: if even that does not run, this machine cannot run jobs (a container, cgroups)
probe=$(sbatch --parsable --output=/dev/null --wrap true 2>&1) || skip "sbatch refused a probe job: $probe"
for _ in $(seq 60); do [ -z "$(squeue -h -j "$probe" 2>/dev/null)" ] && break; sleep 1; done
probe_state=$(scontrol show job "$probe" 2>/dev/null | grep -o 'JobState=[A-Z]*' | head -n 1)
[ "$probe_state" = JobState=COMPLETED ] || skip "the test cluster does not run jobs (probe $probe: ${probe_state:-gone}): $(tail -n 3 "$work/slurmd.log" | tr '\n' ' ')"
echo "test cluster up: $host, $cpus CPUs, Slurm $(sinfo -V | awk '{print $2}')"

read -r -a wbreplay <<< "${WBREPLAY:-java -jar $repo/benchmarks/target/wbreplay.jar}"
cat > "$work/tiny.sweep" <<EOF
trace = $repo/traces/samples/synth-rand-write.csv
strategy = no-reclaim-writeback, writepage
memory = 16M, 32M
EOF
cd "$work"
"${wbreplay[@]}" cluster slurm tiny.sweep -o run --tasks 4 --submit > submit.out 2>&1 || fail "cluster slurm --submit: $(cat submit.out)"
cat submit.out
jobs=$(sed -n 's/^submitted job array \([0-9]*\) .* merge job \([0-9]*\) after it$/\1,\2/p' submit.out)
[ -n "$jobs" ] || fail "no job ids in: $(cat submit.out)"
while [ -n "$(squeue -h -j "$jobs" 2>/dev/null)" ]; do
  [ $SECONDS -lt $deadline ] || skip "jobs $jobs not finished within the time limit (a loaded machine?): $(squeue -j "$jobs" 2>&1 | tr '\n' ' ')"
  sleep 1
done
[ -f run/report/summary.csv ] || fail "no merged report: $(cat run/logs/*.out 2>/dev/null | tail -n 20)"
"${wbreplay[@]}" compare --sweep tiny.sweep -o full > full.out 2>&1 || fail "unsharded compare: $(cat full.out)"
cmp run/report/summary.csv full/summary.csv || fail "merged summary.csv differs from the unsharded run's"
echo "merged summary.csv of 4 array tasks equals the unsharded run's ($(($(wc -l < full/summary.csv) - 1)) cells)"
