#!/usr/bin/env python3
"""One row per kswapd run (balance_pgdat()) of a record-reclaim.sh recording, from its raw trace.txt.gz
(mm_vmscan_kswapd_wake / _sleep, mm_vmscan_wakeup_kswapd, mm_vmscan_throttled, mm_vmscan_direct_reclaim_end)
and shrink.perf.data (kswapd0's mm_vmscan_lru_shrink_inactive, read with `perf script`).

Usage: scripts/record/kswapd-runs.py RUNDIR > kswapd-runs.csv
Columns: start_s (from the first kswapd_wake), length_ms (to the next kswapd_wake: the run and whatever
followed it, nap or throttle included), shrink_events, scanned, reclaimed (the LRU pages of those events;
an event fires only when shrink_inactive_list() took pages), lowest_priority (empty when none),
throttled_writeback, wakeups (mm_vmscan_wakeup_kswapd inside), direct_progress (direct reclaims ending with
nr_reclaimed > 0 inside), full_sleep (a kswapd_sleep inside: kswapd went to sleep until woken).
The last line, starting with '#', sums the columns; perf's lost samples (summary.json perf_lost_events)
make shrink_events and scanned a little low."""
import bisect, gzip, os, re, subprocess, sys

def main(run):
    for name in ('trace.txt.gz', 'shrink.perf.data'):
        if not os.path.isfile(os.path.join(run, name)):
            sys.exit(f'{os.path.join(run, name)}: no such file (a record-reclaim.sh run folder has it)')
    wakes, sleeps, throttles, wakeups, progress = [], [], [], [], []
    ts = re.compile(r'\s(\d+\.\d+): (\w+):(.*)')
    trace = os.path.join(run, 'trace.txt.gz')
    try:
        lines = list(gzip.open(trace, 'rt', errors='replace'))
    except (OSError, EOFError) as e:
        sys.exit(f'{trace}: not a readable gzip file ({e})')
    for line in lines:
        m = ts.search(line)
        if not m:
            continue
        t, event, rest = float(m.group(1)), m.group(2), m.group(3)
        if event == 'mm_vmscan_kswapd_wake':
            wakes.append(t)
        elif event == 'mm_vmscan_kswapd_sleep':
            sleeps.append(t)
        elif event == 'mm_vmscan_wakeup_kswapd':
            wakeups.append(t)
        elif event == 'mm_vmscan_throttled' and line.lstrip().startswith('kswapd') and 'WRITEBACK' in rest:
            throttles.append(t)
        elif event == 'mm_vmscan_direct_reclaim_end':
            r = re.search(r'nr_reclaimed=(\d+)', rest)
            if r and int(r.group(1)) > 0:
                progress.append(t)
    if not wakes:
        sys.exit(f'{run}/trace.txt.gz: no mm_vmscan_kswapd_wake event')
    perf = subprocess.run(['perf', 'script', '-i', os.path.join(run, 'shrink.perf.data'), '-F', 'comm,time,event,trace'],
                          capture_output=True, text=True)
    if perf.returncode != 0:
        sys.exit(f'{run}/shrink.perf.data: perf script failed: {(perf.stderr.strip().splitlines() or ["no message"])[-1]}')
    shrink = []  # (time, scanned, reclaimed, priority)
    for line in perf.stdout.splitlines():
        if 'shrink_inactive' not in line or not line.lstrip().startswith('kswapd'):
            continue
        p = line.split()
        fields = dict(x.split('=', 1) for x in p if '=' in x)
        shrink.append((float(p[1].rstrip(':')), int(fields['nr_scanned']), int(fields['nr_reclaimed']), int(fields['priority'])))
    shrink.sort()
    st = [s[0] for s in shrink]

    def count(times, a, b):
        return bisect.bisect_left(times, b) - bisect.bisect_left(times, a)

    print('start_s,length_ms,shrink_events,scanned,reclaimed,lowest_priority,throttled_writeback,wakeups,direct_progress,full_sleep')
    totals = [0] * 7
    for i, w in enumerate(wakes):
        end = wakes[i + 1] if i + 1 < len(wakes) else float('inf')
        ev = shrink[bisect.bisect_left(st, w):bisect.bisect_left(st, end)]
        row = [len(ev), sum(e[1] for e in ev), sum(e[2] for e in ev)]
        lowest = min((e[3] for e in ev), default='')
        more = [count(throttles, w, end), count(wakeups, w, end), count(progress, w, end), count(sleeps, w, end)]
        length = f'{(end - w) * 1e3:.3f}' if end != float('inf') else ''
        print(f'{w - wakes[0]:.6f},{length},{row[0]},{row[1]},{row[2]},{lowest},{more[0]},{more[1]},{more[2]},{more[3]}')
        for j, v in enumerate(row + more):
            totals[j] += v
    print('# ' + ','.join(str(v) for v in [len(wakes), ''] + totals[:3] + [''] + totals[3:]))

if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__.split('\n\n')[1])
    main(sys.argv[1])
