#!/usr/bin/env python3
"""Block metrics of a `wbreplay record` trace.txt(.gz), computed independently of wbreplay's Java code
(the expectations of the validate tests come from here).

usage: block-metrics.py TRACE.txt[.gz]
Prints JSON: write dispatches (block_rq_issue with W in RWBS and bytes > 0), their sizes' median (the
lower middle) and mean, btt's D2D seek table over every non-empty block_rq_issue (btt/seek.c seek_dist:
0 on overlap with the previous [start, end], else start - last_end forward or start - last_start
backward; the first from sector 0; statistics of the absolute value), the mean and median D2C (issue of a
request with data to the first complete of the same sector), and MB issued as writes.
"""
import gzip, json, re, sys

LINE = re.compile(r'^\s*(.+?)-(\d+)\s+\[\d+\]\s+\S+\s+(\d+)\.(\d+): (block_rq_issue|block_rq_complete): (.*)$')


def main(path):
    opener = gzip.open if path.endswith('.gz') else open
    sizes, dists, d2c, issued = [], [], [], {}
    last_start = last_end = 0
    write_bytes = 0
    with opener(path, 'rt') as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            t = int(m.group(3)) * 10**9 + int(m.group(4).ljust(9, '0'))
            p = m.group(6).split()
            rwbs = p[1]
            plus = p.index('+')
            sector = int(p[plus - 1])
            if m.group(5) == 'block_rq_issue':
                nbytes = int(p[2])  # issue: 'DEV RWBS BYTES () SECTOR + N ...'; complete has no BYTES
                if nbytes == 0:
                    continue  # flushes: their completion names no sector (-1 on 6.x)
                issued[sector] = t
                if 'W' in rwbs:
                    sizes.append(nbytes)
                    write_bytes += nbytes
                start, end = sector, sector + nbytes // 512
                if last_start <= start <= last_end or last_start <= end <= last_end:
                    d = 0
                elif start > last_end:
                    d = start - last_end
                else:
                    d = start - last_start
                dists.append(abs(d))
                last_start, last_end = start, end
            elif sector in issued:
                d2c.append(t - issued.pop(sector))
    sizes.sort(); dists.sort(); d2c.sort()
    mid = lambda xs: xs[(len(xs) - 1) // 2] if xs else None
    print(json.dumps({'write_dispatches': len(sizes), 'write_size_median': mid(sizes),
                      'write_size_mean': sum(sizes) / len(sizes) if sizes else None,
                      'd2d_nseeks': len(dists), 'd2d_median': mid(dists),
                      'd2d_mean': sum(dists) / len(dists) if dists else None,
                      'd2c_mean_ms': sum(d2c) / len(d2c) / 1e6 if d2c else None, 'd2c_median_ms': mid(d2c) / 1e6 if d2c else None,
                      'write_mb': write_bytes / 1e6}))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[2])
    main(sys.argv[1])
