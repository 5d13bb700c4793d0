#!/usr/bin/env python3
"""Re-runs `wbreplay validate` on every committed recording and rewrites the per-recording tables of
docs/validation.md (the fenced block under each `### NAME` heading whose NAME is a recording).
Usage: scripts/validate-all.py [JAR]   (default benchmarks/target/wbreplay.jar; run from the checkout)"""
import os, re, subprocess, sys, tempfile

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
open('docs/validation.md', 'w').write(doc)
