#!/usr/bin/env python3
"""Re-runs `wbreplay validate` on every committed recording and rewrites the per-recording tables of
docs/validation.md (the fenced block under each `### NAME` heading whose NAME is a recording) and the
summary table of the record-reclaim.sh runs (the table under "### Results on the Linux 6.18 recordings")
and the table of each metric over those runs (under "### Each metric over the record-reclaim.sh runs").
Usage: scripts/validate-all.py [JAR]   (default benchmarks/target/wbreplay.jar; run from the checkout)"""
import json, math, os, re, subprocess, sys, tempfile

jar = sys.argv[1] if len(sys.argv) > 1 else 'benchmarks/target/wbreplay.jar'
roots = ['traces/samples/recorded/wbreplay-record', 'traces/samples/recorded']
recs = {}
for root in roots:
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name)
        if os.path.isdir(d) and name != 'wbreplay-record' and name not in recs:
            recs[name] = d
doc = open('docs/validation.md').read()
out = tempfile.mkdtemp(prefix='validate-all.')
summary = {}  # name -> (metrics by name, "N of M") for the record-reclaim.sh runs
for name, d in recs.items():
    heading = '### ' + name
    if heading + '\n' not in doc and not re.search(re.escape(heading) + r' \(', doc):
        continue
    r = subprocess.run(['java', '-Xmx8g', '-jar', jar, 'validate', d, '-o', os.path.join(out, name)],
                       capture_output=True, text=True)
    text = (r.stdout + r.stderr).strip().replace(os.path.join(out, name), 'OUT')
    lines = [l for l in text.split('\n') if not l.startswith('written:')]
    block = '\n'.join(lines)
    # every table under a heading of this recording (a recording may appear in two sections)
    pattern = re.compile(r'(' + re.escape(heading) + r'[^\n]*\n(?:[^\n]*\n)*?)```\n(.*?)```', re.S)
    pos, found = 0, False
    while (m := pattern.search(doc, pos)):
        doc = doc[:m.start(2)] + block + '\n' + doc[m.end(2):]
        pos, found = m.start(2) + len(block) + 1, True
    if not found:
        print(f'{name}: no table under its heading', file=sys.stderr)
        continue
    print(f'{name}: {lines[-1] if lines else "?"}')
    vj = os.path.join(out, name, 'validation.json')
    if d.startswith('traces/samples/recorded/') and not d.startswith(roots[0]) and os.path.exists(vj):
        within = re.search(r'within 2x: (\d+ of \d+)', block)
        summary[name] = ({m['metric']: m for m in json.load(open(vj))['metrics']},
                         within.group(1) if within else '?')

# the summary table: one row per record-reclaim.sh run, real / model, ✗ outside 2x
COLUMNS = [('dirty share', 'share of scanned pages found dirty (nr_dirty/scanned)'),
           ('wb share', 'share of scanned pages under writeback (nr_writeback/scanned)'),
           ('immediate_reclaim', 'nr_vmscan_immediate_reclaim'), ('allocstall', 'allocstall'),
           ('throttled', 'throttled (all reasons)'), ('pgscan_kswapd', 'pgscan_kswapd'),
           ('pgscan_direct', 'pgscan_direct'), ('kswapd runs', 'kswapd runs (balance_pgdat)'),
           ('pgsteal', 'pgsteal'), ('pgactivate', 'pgactivate'),
           ('inactive share', 'inactive share of the file LRU, mean'),
           ('bdp pauses s', 'balance_dirty_pages pause total (s)'), ('peak dirty', 'peak dirty pages'),
           ('peak wb', 'peak writeback pages'), ('runtime s', 'runtime (s)')]

def number(v):
    if v is None:
        return 'missing'
    if float(v).is_integer() and abs(v) >= 100:
        return f'{int(v):,}'
    if 0 < abs(v) < 0.01:  # three significant digits without an exponent
        return f'{v:.{2 - math.floor(math.log10(abs(v)))}f}'
    return f'{v:.3g}'

def cell(m):
    if m is None or m.get('real') is None and m.get('model') is None:
        return '-'
    mark = ' ✗' if m.get('within2x') is False else ''
    return f"{number(m.get('real'))} / {number(m.get('model'))}{mark}"

def replace_table(doc, heading, first_column, rows):
    """The first table under '### heading' whose header starts with first_column, replaced by rows."""
    table = re.compile(r'(### ' + re.escape(heading) + r'\n(?:(?!\n\| ' + first_column + r' \|).)*\n)(\| '
                       + first_column + r' \|.*?\n)(?=\n)', re.S)
    m = table.search(doc)
    if not m:
        print(f'no table under "### {heading}"', file=sys.stderr)
        return doc
    return doc[:m.start(2)] + '\n'.join(rows) + '\n' + doc[m.end(2):]

if summary:
    head = '| run | ' + ' | '.join(c for c, _ in COLUMNS) + ' | within 2x |'
    rows = [head, '|' + '---|' * (len(COLUMNS) + 2)]
    for name, (metrics, within) in summary.items():
        rows.append(f'| {name} | ' + ' | '.join(cell(metrics.get(k)) for _, k in COLUMNS) + f' | {within} |')
    doc = replace_table(doc, 'Results on the Linux 6.18 recordings', 'run', rows)

    # each metric over the runs: how far off the model is on the whole, which way, and how often within 2x
    order = []
    for metrics, _ in summary.values():
        order += [k for k in metrics if k not in order]
    rows = ['| metric | runs (both above 0) | bias: model / real | error: larger / smaller | within 2x |',
            '|---|---|---|---|---|']
    for k in order:
        pairs, yes, judged = [], 0, 0
        for metrics, _ in summary.values():
            m = metrics.get(k)
            if m is None:
                continue
            real, model = m.get('real'), m.get('model')
            if isinstance(real, (int, float)) and isinstance(model, (int, float)) and real > 0 and model > 0:
                pairs.append(math.log(model / real))
            if m.get('within2x') is not None:
                judged += 1
                yes += m['within2x'] is True
        if not pairs:
            continue
        bias = math.exp(sum(pairs) / len(pairs))
        error = math.exp(sum(abs(x) for x in pairs) / len(pairs))
        rows.append(f'| {k} | {len(pairs)} | {bias:.2f}x | {error:.2f}x | {yes} of {judged} |')
    doc = replace_table(doc, 'Each metric over the record-reclaim.sh runs', 'metric', rows)
open('docs/validation.md', 'w').write(doc)
