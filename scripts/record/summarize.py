#!/usr/bin/env python3
"""Per-run totals of a scripts/record-reclaim.sh recording.

usage: summarize.py RUNDIR [RUNDIR...] [--csv OUT.csv]
Writes RUNDIR/summary.json for each run and prints one JSON object per run; --csv also writes a
table with one row per run. Reads run.env, fio.json, fio.rusage, vmstat/meminfo/zoneinfo before
and after, meminfo.samples, trace.txt or trace.txt.gz (tracefs text) and shrink.perf.data (perf,
shrink_inactive/active).
"""
import csv, gzip, json, os, re, statistics, subprocess, sys, zlib
from collections import Counter, defaultdict

KV = re.compile(r'(\w+)=(\S+)')
NORMAL_PFN = 0x100000  # ZONE_NORMAL starts at 4 GiB on x86-64
LINE = re.compile(r'^\s*(.+?)-(\d+)\s+\[\d+\]\s+\S+\s+([\d.]+): (\w+): (.*)$')
VMSTAT_KEYS = ['pgscan_kswapd', 'pgscan_direct', 'pgsteal_kswapd', 'pgsteal_direct', 'nr_vmscan_write',
               'nr_vmscan_immediate_reclaim', 'allocstall_dma32', 'allocstall_normal', 'allocstall_movable',
               'pgactivate', 'pgdeactivate', 'pgrotated', 'nr_dirtied', 'nr_written', 'pageoutrun',
               'pgscan_file', 'pgsteal_file', 'pgrefill', 'workingset_refault_file', 'workingset_activate_file',
               'workingset_nodes', 'kswapd_low_wmark_hit_quickly', 'kswapd_high_wmark_hit_quickly',
               'compact_stall', 'pgmigrate_success', 'thp_fault_alloc', 'drop_pagecache']


def fail(path, what):
    sys.exit(f'summarize.py: {path}: {what}')


def kv_file(path, sep=None):
    out = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            parts = line.strip().split('=', 1) if sep == '=' else line.split()
            if len(parts) < 2:
                continue
            key, val = parts[0].rstrip(':'), parts[1].split()[0] if sep != '=' else parts[1]
            out[key] = val
    return out


def zones(path):
    """free/min/low/high/managed pages per zone of /proc/zoneinfo."""
    res, cur = {}, None
    with open(path) as f:
        for line in f:
            m = re.match(r'Node (\d+), zone\s+(\w+)', line)
            if m:
                cur = res.setdefault(m.group(2), {})
                continue
            m = re.match(r'\s+(pages free|min|low|high|managed|nr_zone_inactive_file|nr_zone_active_file|'
                         r'nr_zone_write_pending)\s+(\d+)', line)
            if m and cur is not None:
                cur[m.group(1).replace('pages ', '')] = int(m.group(2))
    return {z: v for z, v in res.items() if v.get('managed')}


def shrink_totals(perf_data):
    """Sums of mm_vmscan_lru_shrink_inactive/active fields, kswapd vs direct, from perf data, and the
    inactive pages the workload's own direct reclaim scanned (part of direct's)."""
    tot = {'kswapd': defaultdict(int), 'direct': defaultdict(int)}
    workload_scanned = 0
    prio = Counter()
    lost = 0
    p = subprocess.Popen(['perf', 'script', '-i', perf_data, '-F', 'comm,event,trace', '--show-lost-events'],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1 << 20)
    for line in p.stdout:
        if 'LOST' in line:
            m = re.search(r'lost (\d+)', line)
            lost += int(m.group(1)) if m else 1
            continue
        i = line.find('mm_vmscan_lru_shrink_')
        if i < 0:
            continue
        who = 'kswapd' if line.lstrip().startswith('kswapd') else 'direct'
        kind = 'inactive' if line.startswith('inactive', i + 21) else 'active'
        t = tot[who]
        t[kind + '_events'] += 1
        for k, v in KV.findall(line[i:]):
            if k.startswith('nr_'):
                t[f'{kind}_{k}'] += int(v)
                if k == 'nr_scanned' and kind == 'inactive' and task_class(line.split()[0]) == 'workload':
                    workload_scanned += int(v)
            elif k == 'priority' and kind == 'inactive':
                prio[int(v)] += 1
    err = p.stderr.read()
    if p.wait() != 0:
        fail(perf_data, f'perf script failed: {err.strip()[:200]}')
    return {k: dict(v) for k, v in tot.items()}, dict(sorted(prio.items())), lost, workload_scanned


def task_class(comm):
    """Whose reclaim it was: the workload (fio), kswapd, a flusher kworker, or another process of the
    (shared) machine; the model has only the first three."""
    if comm.startswith('fio'):
        return 'workload'
    if comm.startswith('kswapd'):
        return 'kswapd'
    if comm.startswith('kworker'):
        return 'flusher'
    return 'other'


def nearest_rank(sorted_xs, q):
    """The q-th percentile by nearest rank: the ceil(q n / 100)-th smallest."""
    return sorted_xs[max(0, -(-q * len(sorted_xs) // 100) - 1)]


def quantiles_ms(xs):
    """10th, 50th and 90th percentile of seconds, in ms."""
    xs = sorted(xs)
    return [round(nearest_rank(xs, q) * 1000, 2) for q in (10, 50, 90)]


def release_stats(releases):
    """What blk-throttle did with the writes: how often it released them, how many bytes at a time, and how
    long the device underneath took to complete a release (its first issue to its last completion)."""
    gaps = [b[0] - a[0] for a, b in zip(releases, releases[1:])]
    return {'count': len(releases), 'interval_ms_p10_p50_p90': quantiles_ms(gaps),
            'bytes_median': statistics.median(r[1] for r in releases),
            'latency_ms_p10_p50_p90': quantiles_ms([r[2] - r[0] for r in releases])}


def release_of(releases, ts, new):
    """The release an event at ts is part of: the last one if its last event came less than 1 ms before
    (blk-throttle lets a throttled bio's pieces out together), else new, appended; its last element, the
    release's last event, becomes ts."""
    if not releases or ts - releases[-1][-1] >= 0.001:
        releases.append(new)
    releases[-1][-1] = ts
    return releases[-1]


def trace_totals(path, bdi):
    c = Counter()
    direct_by = Counter(); stall_by = Counter(); throttled_by = Counter()
    throttled = Counter(); throttled_us = Counter()
    kswapd_wake = Counter(); wakeup_kswapd = Counter(); direct_order = Counter()
    direct_open = {}; stalls = []; workload_naps = []  # throttles within each of the workload's direct reclaims
    gds = []  # (dirty, writeback, thresh, bg_thresh, limit)
    bdp_pause_ms = 0; bdp_paused = 0; bdp_pauses = []
    chunks = []; wb_reason = Counter(); wb_open = {}; wake_who = Counter()
    rq_w = 0; rq_w_bytes = 0; rq_done = 0; issue = {}; rq_lat = []
    # write issues less than 1 ms apart are one release (release_of()): [start, bytes, last completion, last issue]
    releases = []; rq_release = {}
    bdi_first = {}  # the device's dirty_ratelimit and write bandwidth (KB/s) at their first trace in the run
    extfrag = Counter(); extfrag_frag_s = Counter(); t_first = None  # mm_page_alloc_extfrag: the allocator's fallbacks
    # boost_watermark() calls in ZONE_NORMAL (pfn from 4 GiB) a second: each claim of a block below pageblock_order,
    # traced where it succeeded (change_ownership=1), and the failed claim before each run of single-page steals
    # (change_ownership=0: one rmqueue_bulk() fills the per-CPU list, its steals by one task within 200 us)
    boosts_s = Counter(); steal_last = {}
    folio_add = Counter(); folio_del = Counter()  # --events filemap/...: folios by task class, device and order
    compact_end = Counter(); compact_try = Counter()  # --events compaction/...
    # --events block/block_bio_queue: the loop device's write bios as blk-throttle releases them (the event
    # comes after the throttle), grouped as the requests: [bios, last bio]
    loop_dev = bdi.replace(':', ','); bio_kib = Counter(); bio_releases = []
    with (gzip.open(path, 'rt', errors='replace') if path.endswith('.gz') else open(path, errors='replace')) as f:
        for n, line in enumerate(f, 1):
            m = LINE.match(line)
            if not m:
                if line.startswith('#') or not line.strip():
                    continue
                fail(path, f'line {n}: expected "comm-pid [cpu] flags ts: event: fields"')
            comm, pid, ts, ev, rest = m.group(1).strip(), int(m.group(2)), float(m.group(3)), m.group(4), m.group(5)
            c[ev] += 1
            f_ = dict(KV.findall(rest))
            if t_first is None:
                t_first = ts
            if ev == 'mm_vmscan_throttled':
                if pid in direct_open:
                    direct_open[pid][2] += 1
                throttled[f_['reason']] += 1
                throttled_us[f_['reason']] += int(f_['usect_delayed'])
                throttled_by[f"{task_class(comm)} {f_['reason']}"] += 1
            elif ev == 'mm_vmscan_kswapd_wake':
                kswapd_wake[int(f_['order'])] += 1
            elif ev == 'mm_vmscan_wakeup_kswapd':
                wakeup_kswapd[int(f_['order'])] += 1
                wake_who[f"order={f_['order']} {re.sub(r'-?[0-9]+$', '', comm)} {f_['gfp_flags']}"] += 1
            elif ev == 'mm_vmscan_direct_reclaim_begin':
                direct_open[pid] = [ts, task_class(comm), 0]  # begin, whose, throttles until its end
                direct_order[int(f_['order'])] += 1
                direct_by[task_class(comm)] += 1
            elif ev == 'mm_vmscan_direct_reclaim_end':
                if pid in direct_open:
                    t0, who, naps = direct_open.pop(pid)
                    stalls.append(ts - t0)
                    stall_by[who] += ts - t0
                    if who == 'workload':
                        workload_naps.append(naps)
            elif ev == 'global_dirty_state':
                gds.append((int(f_['dirty']), int(f_['writeback']), int(f_['thresh']), int(f_['bg_thresh']),
                            int(f_['limit'])))
            elif ev == 'bdi_dirty_ratelimit':
                if rest.startswith(f'bdi {bdi}:') and 'write_bw_kbps' not in bdi_first:
                    bdi_first['write_bw_kbps'] = int(f_['write_bw']); bdi_first['awrite_bw_kbps'] = int(f_['awrite_bw'])
            elif ev == 'balance_dirty_pages':
                if rest.startswith(f'bdi {bdi}:') and 'dirty_ratelimit_kbps' not in bdi_first:
                    bdi_first['dirty_ratelimit_kbps'] = int(f_['dirty_ratelimit'])
                    # the device's share of the threshold (__wb_calc_thresh()) at the first throttled write
                    bdi_first['wb_share'] = round(int(f_['wb_setpoint']) / max(1, int(f_['setpoint'])), 3)
                p = int(f_['pause'])
                if p > 0:
                    bdp_paused += 1; bdp_pause_ms += p; bdp_pauses.append(p)
            elif ev == 'writeback_start':
                if rest.startswith(f'bdi {bdi}:'):
                    wb_open[pid] = int(f_['nr_pages'])
            elif ev == 'writeback_written':
                # nr_pages is the work's remaining budget: the pages one wb_writeback() pass wrote
                # are the drop since that worker's writeback_start
                if rest.startswith(f'bdi {bdi}:') and pid in wb_open:
                    chunks.append(wb_open.pop(pid) - int(f_['nr_pages']))
                    wb_reason[f_['reason']] += 1
            elif ev == 'mm_page_alloc_extfrag':
                # fragmenting: a block below pageblock_order taken from another migratetype, the case in
                # which try_to_claim_block() calls boost_watermark()
                extfrag[f"o{f_['alloc_order']} from o{f_['fallback_order']} mt{f_['alloc_migratetype']}<-mt{f_['fallback_migratetype']}"
                        f" frag={f_['fragmenting']} own={f_['change_ownership']}"] += 1
                if f_['fragmenting'] == '1':
                    extfrag_frag_s[int(ts - t_first)] += 1
                    if int(f_['pfn'], 16) >= NORMAL_PFN:
                        if f_['change_ownership'] == '1' or ts - steal_last.get(pid, -1.0) > 0.0002:
                            boosts_s[int(ts - t_first)] += 1
                        if f_['change_ownership'] == '0':
                            steal_last[pid] = ts
            elif ev in ('mm_filemap_add_to_page_cache', 'mm_filemap_delete_from_page_cache'):
                fm = re.search(r'dev (\d+):(\d+) .*order=(\d+)', rest)
                key = f"{task_class(comm)} dev{fm.group(1)}:{fm.group(2)} o{fm.group(3)}"
                (folio_add if ev == 'mm_filemap_add_to_page_cache' else folio_del)[key] += 1
            elif ev == 'mm_compaction_end':
                compact_end[f_.get('status', '?')] += 1
            elif ev == 'mm_compaction_try_to_compact_pages':
                compact_try[f"o{f_.get('order', '?')}"] += 1
            elif ev == 'block_bio_queue':
                parts = rest.split()
                # metadata (M: the journal) bypasses the throttle (bio_issue_as_root_blkg()): data writes only
                if parts[0] == loop_dev and 'W' in parts[1] and 'M' not in parts[1] and '+' in parts \
                        and int(parts[parts.index('+') + 1]) > 0:
                    bio_kib[int(parts[parts.index('+') + 1]) // 2] += 1
                    release_of(bio_releases, ts, [0, ts])[0] += 1
            elif ev in ('block_rq_issue', 'block_rq_complete'):
                parts = rest.split()
                rwbs, sector = parts[1], None
                if ev == 'block_rq_issue':
                    plus = parts.index('+')
                    if 'W' in rwbs:
                        rq_w += 1; rq_w_bytes += int(parts[2])
                        release_of(releases, ts, [ts, 0, ts, ts])[1] += int(parts[2])
                        rq_release[parts[plus - 1]] = len(releases) - 1
                    issue[parts[plus - 1]] = ts
                else:
                    rq_done += 1
                    plus = parts.index('+')
                    t0 = issue.pop(parts[plus - 1], None)
                    if t0 is not None:
                        rq_lat.append(ts - t0)
                    r = rq_release.pop(parts[plus - 1], None)
                    if r is not None:
                        releases[r][2] = max(releases[r][2], ts)
    out = {'events': dict(c), 'throttled': dict(throttled), 'throttled_delay_s': {k: v / 1e6 for k, v in throttled_us.items()},
           'kswapd_wake_by_order': dict(sorted(kswapd_wake.items())),
           'wakeup_kswapd_by_order': dict(sorted(wakeup_kswapd.items())),
           'wakeup_kswapd_top': dict(wake_who.most_common(8)),
           'direct_reclaim': {'count': len(stalls), 'by_order': dict(sorted(direct_order.items())),
                              'total_stall_s': round(sum(stalls), 3),
                              'max_stall_ms': round(max(stalls) * 1000, 1) if stalls else 0,
                              'by_task': dict(sorted(direct_by.items())),
                              # the workload's direct reclaims (begin to end) with no mm_vmscan_throttled of its own
                              'workload_unthrottled': sum(1 for x in workload_naps if x == 0),
                              'stall_s_by_task': {k: round(v, 3) for k, v in sorted(stall_by.items())}},
           'throttled_by_task': dict(sorted(throttled_by.items())),
           **({'loop_write_bios': {'count': sum(bio_kib.values()), 'kib_top': dict(bio_kib.most_common(8)),
                                   'releases': len(bio_releases),
                                   'bios_per_release': dict(sorted(Counter(r[0] for r in bio_releases).items()))}} if bio_kib else {}),
           **({'folios_added': dict(folio_add.most_common(12)), 'folios_deleted': dict(folio_del.most_common(12))}
              if folio_add or folio_del else {}),
           **({'compaction_end': dict(compact_end.most_common()), 'try_to_compact_pages': dict(sorted(compact_try.items()))}
              if compact_end or compact_try else {}),
           'balance_dirty_pages': {'events': c['balance_dirty_pages'], 'paused': bdp_paused,
                                   'pause_total_s': bdp_pause_ms / 1000,
                                   **({'pause_p99_ms': nearest_rank(sorted(bdp_pauses), 99),
                                       'pause_max_ms': max(bdp_pauses)} if bdp_pauses else {})},
           'writeback_written': {'chunks': len(chunks), 'median_pages': statistics.median(chunks) if chunks else 0,
                                 'mean_pages': round(sum(chunks) / len(chunks), 1) if chunks else 0,
                                 'by_reason': dict(wb_reason)},
           'loop_requests': {'write_issued': rq_w, 'write_mb': round(rq_w_bytes / 1e6, 1), 'completed': rq_done,
                             'median_latency_ms': round(statistics.median(rq_lat) * 1000, 2) if rq_lat else 0,
                             **({'write_releases': release_stats(releases)} if len(releases) > 1 else {})}}
    if bdi_first:
        out['bdi_first'] = bdi_first
    if extfrag:
        out['extfrag'] = {'events': sum(extfrag.values()), 'fragmenting': sum(extfrag_frag_s.values()),
                          'top': dict(extfrag.most_common(8)),
                          'fragmenting_per_s': [extfrag_frag_s.get(i, 0) for i in range(max(extfrag_frag_s) + 1)] if extfrag_frag_s else [],
                          'boosts_per_s': [boosts_s.get(i, 0) for i in range(max(boosts_s) + 1)] if boosts_s else []}
    if gds:
        pk_d = max(gds, key=lambda g: g[0]); pk_w = max(gds, key=lambda g: g[1]); pk_s = max(gds, key=lambda g: g[0] + g[1])
        out['global_dirty_state'] = {
            'samples': len(gds), 'peak_dirty': pk_d[0], 'peak_writeback': pk_w[1],
            'peak_dirty_plus_writeback': pk_s[0] + pk_s[1], 'thresh_at_peak': pk_s[2], 'limit_at_peak': pk_s[4],
            'thresh_min': min(g[2] for g in gds), 'thresh_max': max(g[2] for g in gds),
            'bg_thresh_median': statistics.median(g[3] for g in gds),
            'limit_first': gds[0][4], 'limit_last': gds[-1][4],
            'share_samples_over_thresh': round(sum(1 for g in gds if g[0] + g[1] > g[2]) / len(gds), 3)}
    return out


def summarize(run):
    for need in ('run.env', 'vmstat.before', 'vmstat.after'):
        if not os.path.exists(os.path.join(run, need)):
            fail(run, f'missing {need} (not a record-reclaim.sh directory?)')
    trace = next((os.path.join(run, t) for t in ('trace.txt', 'trace.txt.gz') if os.path.exists(os.path.join(run, t))), None)
    if trace is None:
        fail(run, 'missing trace.txt or trace.txt.gz (not a record-reclaim.sh directory?)')
    env = kv_file(os.path.join(run, 'run.env'), '=')
    vb, va = kv_file(os.path.join(run, 'vmstat.before')), kv_file(os.path.join(run, 'vmstat.after'))
    delta = {k: int(va[k]) - int(vb[k]) for k in va if k in vb and int(va[k]) != int(vb[k])}
    mb, ma = kv_file(os.path.join(run, 'meminfo.before')), kv_file(os.path.join(run, 'meminfo.after'))
    mem_keys = ['MemAvailable', 'MemFree', 'Active(file)', 'Inactive(file)', 'Dirty', 'Writeback']
    s = {'run': os.path.basename(os.path.normpath(run)), 'env': env,
         'meminfo_kb': {'before': {k: int(mb[k]) for k in mem_keys}, 'after': {k: int(ma[k]) for k in mem_keys}},
         'zones_before': zones(os.path.join(run, 'zoneinfo.before')),
         'zones_after': zones(os.path.join(run, 'zoneinfo.after')),
         'vmstat_delta': {k: delta.get(k, 0) for k in VMSTAT_KEYS},
         'vmstat_delta_all_reclaim': {k: v for k, v in sorted(delta.items())
                                      if re.match(r'(pg|nr_vmscan|allocstall|workingset|kswapd|pageout|compact|'
                                                  r'nr_dirtied|nr_written|nr_dirty|nr_writeback)', k)}}
    samples = os.path.join(run, 'meminfo.samples')
    if os.path.exists(samples):
        peak = defaultdict(int); low = {}
        for line in open(samples):
            for k, v in re.findall(r'(\S+?):(\d+)', line):
                peak[k] = max(peak[k], int(v)); low[k] = min(low.get(k, 1 << 62), int(v))
        s['meminfo_samples_kb'] = {'peak_Dirty': peak['Dirty'], 'peak_Writeback': peak['Writeback'],
                                   'min_MemAvailable': low.get('MemAvailable'), 'min_MemFree': low.get('MemFree')}
    fj = os.path.join(run, 'fio.json')
    if os.path.exists(fj):
        txt = open(fj).read()
        j = json.loads(txt[txt.index('{'):])
        w = sum(job['write']['io_bytes'] for job in j['jobs'])
        rt = max(job['write']['runtime'] for job in j['jobs'])
        s['fio'] = {'written_mb': round(w / 1e6, 1), 'runtime_s': rt / 1000, 'mb_per_s': round(w / 1e3 / rt, 1) if rt else 0,
                    'written_bytes': w}
        # usr_cpu and sys_cpu are percent of the job's run time (fio stat.c: usr_time * 100 / total_run_time)
        s['fio']['job_cpu_s'] = round(sum((job['usr_cpu'] + job['sys_cpu']) / 100 * job.get('job_runtime', job['write']['runtime'])
                                          for job in j['jobs']) / 1000, 3)
    rus = os.path.join(run, 'fio.rusage')
    if os.path.exists(rus):  # GNU time around fio: the rusage of fio's whole process tree
        r = {}
        for n, line in enumerate(open(rus), 1):
            k, sep, v = line.strip().partition('=')
            if line.startswith('Command ') or not line.strip():
                continue  # "Command exited with non-zero status N"
            try:
                r[k] = float(v)
            except ValueError:
                fail(rus, f'line {n}: expected KEY=NUMBER, got {line.strip()!r}')
        if 'user_s' not in r or 'sys_s' not in r:
            fail(rus, 'no user_s or sys_s line')
        s['workload_cpu'] = {'user_s': r['user_s'], 'sys_s': r['sys_s'], 'cpu_s': round(r['user_s'] + r['sys_s'], 3),
                             'source': 'fio.rusage: GNU time around fio, every process of its tree'}
    sb, sa = os.path.join(run, 'kswapd.schedstat.before'), os.path.join(run, 'kswapd.schedstat.after')
    if os.path.exists(sb) and os.path.exists(sa):  # kswapd's CPU time: what reclaim cost
        cpu_ns = sum(int(l.split()[1]) for l in open(sa) if l.strip()) - sum(int(l.split()[1]) for l in open(sb) if l.strip())
        scanned = delta.get('pgscan_kswapd', 0)
        s['kswapd_cpu'] = {'cpu_s': round(cpu_ns / 1e9, 3),
                           'ns_per_pgscan_kswapd': round(cpu_ns / scanned, 1) if scanned else None}
    bdi = env.get('majmin', '7:0')
    try:
        s['trace'] = trace_totals(trace, bdi)
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:  # gzip cut short, corrupt or not gzip at all
        fail(trace, f'not whole gzip data ({e})')
    lost = open(os.path.join(run, 'lost-events.txt')).read().split('\n') if os.path.exists(os.path.join(run, 'lost-events.txt')) else []
    s['tracefs_lost'] = [l for l in lost if l.strip()]
    perf = os.path.join(run, 'shrink.perf.data')
    if os.path.exists(perf):
        tot, prio, plost, workload_scanned = shrink_totals(perf)
        s['shrink'] = tot; s['shrink_inactive_priority_hist'] = prio; s['perf_lost_events'] = plost
        scanned = sum(t.get('inactive_nr_scanned', 0) for t in tot.values())
        def total(k):
            return sum(t.get('inactive_' + k, 0) for t in tot.values())
        s['shrink_inactive_total'] = {k: total(k) for k in ('nr_scanned', 'nr_reclaimed', 'nr_dirty', 'nr_writeback',
                                                             'nr_congested', 'nr_immediate', 'nr_activate_file',
                                                             'nr_ref_keep', 'nr_unmap_fail')}
        s['shrink_inactive_total']['events'] = total('events')
        if 'workload_cpu' in s:  # what the model charges separately: its direct reclaim scans at --reclaim-scan-ns
            s['workload_cpu']['direct_scanned'] = workload_scanned
        s['share_dirty'] = round(total('nr_dirty') / scanned, 4) if scanned else 0
        s['share_writeback'] = round(total('nr_writeback') / scanned, 4) if scanned else 0
        s['share_immediate'] = round(total('nr_immediate') / scanned, 4) if scanned else 0
    with open(os.path.join(run, 'summary.json'), 'w') as f:
        json.dump(s, f, indent=1, sort_keys=True)
    return s


def row(s):
    v, t, e = s['vmstat_delta'], s['trace'], s['env']
    g = t.get('global_dirty_state', {})
    si = s.get('shrink_inactive_total', {})
    return {'run': s['run'], 'loop': e.get('loop'), 'throttle': e.get('throttle'), 'workload': e.get('workload'),
            'settle_s': e.get('settle_s', '0'),
            'memavail_start_mib': s['meminfo_kb']['before']['MemAvailable'] // 1024, 'dirty_ratio': e.get('dirty_ratio'),
            'written_mb': s.get('fio', {}).get('written_mb'), 'runtime_s': s.get('fio', {}).get('runtime_s'),
            'pgscan_kswapd': v['pgscan_kswapd'], 'pgscan_direct': v['pgscan_direct'],
            'pgsteal_kswapd': v['pgsteal_kswapd'], 'pgsteal_direct': v['pgsteal_direct'],
            'sum_nr_scanned': si.get('nr_scanned'), 'sum_nr_dirty': si.get('nr_dirty'),
            'sum_nr_writeback': si.get('nr_writeback'), 'sum_nr_immediate': si.get('nr_immediate'),
            'share_dirty': s.get('share_dirty'), 'share_writeback': s.get('share_writeback'),
            'nr_vmscan_immediate_reclaim': v['nr_vmscan_immediate_reclaim'], 'nr_vmscan_write': v['nr_vmscan_write'],
            'allocstall': v['allocstall_normal'] + v['allocstall_movable'] + v['allocstall_dma32'],
            'pgactivate': v['pgactivate'], 'pgrotated': v['pgrotated'],
            'throttled': ' '.join(f"{k.replace('VMSCAN_THROTTLE_', '')}:{n}" for k, n in sorted(t['throttled'].items())),
            'kswapd_wakes': ' '.join(f'o{k}:{n}' for k, n in t['kswapd_wake_by_order'].items()),
            'direct_reclaims': t['direct_reclaim']['count'], 'direct_stall_s': t['direct_reclaim']['total_stall_s'],
            'write_folio': t['events'].get('mm_vmscan_write_folio', 0),
            'peak_dirty': g.get('peak_dirty'), 'peak_writeback': g.get('peak_writeback'),
            'peak_dirty_plus_wb': g.get('peak_dirty_plus_writeback'), 'thresh_at_peak': g.get('thresh_at_peak'),
            'limit_first': g.get('limit_first'), 'limit_last': g.get('limit_last'),
            'median_wb_chunk_pages': t['writeback_written']['median_pages'],
            'lost': sum(int(x) for l in s['tracefs_lost'] for x in re.findall(r'overrun: (\d+)', l)) + s.get('perf_lost_events', 0)}


def main(argv):
    out_csv = None
    if '--csv' in argv:
        i = argv.index('--csv'); out_csv = argv[i + 1]; argv = argv[:i] + argv[i + 2:]
    if not argv:
        sys.exit(__doc__.strip().splitlines()[2])
    rows = []
    for run in argv:
        s = summarize(run)
        rows.append(row(s))
        print(json.dumps(rows[-1]))
    if out_csv:
        with open(out_csv, 'w', newline='') as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)


if __name__ == '__main__':
    main(sys.argv[1:])
