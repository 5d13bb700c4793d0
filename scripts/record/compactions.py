#!/usr/bin/env python3
"""One row per compaction (mm_compaction_begin .. mm_compaction_end of one task) of a record-reclaim.sh
recording made with the compaction events (--events 'compaction/mm_compaction_begin compaction/mm_compaction_end
compaction/mm_compaction_isolate_migratepages compaction/mm_compaction_isolate_freepages
compaction/mm_compaction_fast_isolate_freepages compaction/mm_compaction_migratepages
compaction/mm_compaction_kcompactd_wake ...'), from its raw trace.txt.gz: what the model's compact_zone()
and kcompactd are checked against.

Usage: scripts/record/compactions.py RUNDIR > compactions.csv
Columns: start_s (from the first compaction), who (kcompactd or direct), zone (Normal, or DMA32 for a smaller
zone), mode (async or sync), status, ms, order (kcompactd: its last kcompactd_wake's order; direct: the
task's last mm_compaction_try_to_compact_pages order, empty without it), rounds (isolate_migratepages
events), migrate_scanned, migrated, failed (not migrated of those isolated), free_scanned (the linear
scanner's and fast_isolate_around()'s isolate_freepages events), fast_scanned, free_taken. The last line,
starting with '#', sums the numeric columns; the per-kind totals go to stderr."""
import gzip, os, re, statistics, sys
from collections import defaultdict

LINE = re.compile(r'^\s*(.+?)-(\d+)\s+\[\d+\].*?\s(\d+\.\d+):\s+(mm_compaction_\w+):\s+(.*)$')
FIELD = re.compile(r'(\w+)=([^\s,]+)')
NUMERIC = ['ms', 'rounds', 'migrate_scanned', 'migrated', 'failed', 'free_scanned', 'fast_scanned', 'free_taken']


def main(run):
    trace = os.path.join(run, 'trace.txt.gz')
    if not os.path.isfile(trace):
        sys.exit(f'{trace}: no such file (a record-reclaim.sh run folder has it)')
    running, rows, order_of = {}, [], {}
    try:
        lines = gzip.open(trace, 'rt', errors='replace')
        for line in lines:
            m = LINE.match(line)
            if not m:
                continue
            comm, pid, t, event, f = m.group(1), int(m.group(2)), float(m.group(3)), m.group(4), dict(FIELD.findall(m.group(5)))
            if event in ('mm_compaction_kcompactd_wake', 'mm_compaction_try_to_compact_pages'):
                order_of[pid] = f.get('order')
            elif event == 'mm_compaction_begin':
                size = int(f['zone_end'], 16) - int(f['zone_start'], 16)
                running[pid] = dict(t=t, who='kcompactd' if comm.startswith('kcompactd') else 'direct',
                                    zone='Normal' if size > 1 << 21 else 'DMA32', mode=f['mode'],
                                    order=order_of.get(pid, ''), **{k: 0 for k in NUMERIC})
            elif pid in running:
                r = running[pid]
                if event == 'mm_compaction_end':
                    r['status'], r['ms'] = f['status'], round((t - r['t']) * 1000, 3)
                    rows.append(running.pop(pid))
                elif event == 'mm_compaction_isolate_migratepages':
                    r['rounds'] += 1
                    r['migrate_scanned'] += int(f['nr_scanned'])
                elif event == 'mm_compaction_migratepages':
                    r['migrated'] += int(f['nr_migrated'])
                    r['failed'] += int(f['nr_failed'])
                elif event == 'mm_compaction_isolate_freepages':
                    r['free_scanned'] += int(f['nr_scanned'])
                    r['free_taken'] += int(f['nr_taken'])
                elif event == 'mm_compaction_fast_isolate_freepages':
                    r['fast_scanned'] += int(f['nr_scanned'])
                    r['free_taken'] += int(f['nr_taken'])
    except (OSError, EOFError) as e:
        sys.exit(f'{trace}: not a readable gzip file ({e})')
    if not rows:
        sys.exit(f'{trace}: no mm_compaction_begin/_end pair (recorded without the compaction events?)')
    t0 = rows[0]['t']
    cols = ['start_s', 'who', 'zone', 'mode', 'status', 'order'] + NUMERIC
    print(','.join(cols))
    for r in rows:
        r['start_s'] = round(r['t'] - t0, 6)
        print(','.join(str(r[c]) for c in cols))
    print('#' + ','.join(str(round(sum(r[c] for r in rows), 3)) if c in NUMERIC else '' for c in cols))
    kinds = defaultdict(list)
    for r in rows:
        kinds[(r['who'], r['zone'], r['mode'], r['status'])].append(r)
    for k in sorted(kinds):
        g = kinds[k]
        print(' '.join(k), len(g), 'median ms', statistics.median(r['ms'] for r in g),
              *(f'{c} {sum(r[c] for r in g)}' for c in NUMERIC[1:]), file=sys.stderr)


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: scripts/record/compactions.py RUNDIR > compactions.csv')
    main(sys.argv[1])
