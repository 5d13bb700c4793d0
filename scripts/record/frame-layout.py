#!/usr/bin/env python3
"""What the Normal zone's page frames hold, from /proc/kpageflags (Documentation/admin-guide/mm/pagemap.rst),
and why its free blocks do not merge. Needs root.
Usage: scripts/record/frame-layout.py [--every SECONDS --count N] [--raw PREFIX]   (one snapshot, one JSON line each;
  --raw saves each snapshot's flags as PREFIX.N.START_PFN.npz instead, for --from FILE to analyse later)

Each snapshot gives the frames by kind (free: in a free block, which 6.x marks BUDDY on every frame;
anon; file: on an LRU, not anon; slab; pgtable; other with flags; none: no flags and not free, so on a
per-CPU list or the kernel's own), the page cache's folios by order (a file head's COMPOUND_TAIL frames),
its runs of consecutive frames by length (16: 16 or more), the free blocks by order (aligned blocks wholly
free whose parent is not: /proc/buddyinfo's columns) and, for orders 0-3, what each free block's buddy
holds: the frames that keep __free_one_page() from merging it."""
import json, os, sys, time
import numpy as np

BUDDY, LRU, ANON, SLAB, HEAD, TAIL, PGTABLE = 1 << 10, 1 << 5, 1 << 12, 1 << 7, 1 << 15, 1 << 16, 1 << 26


def normal_zone():
    zone, spans = None, {}
    for line in open('/proc/zoneinfo'):
        w = line.split()
        if line.startswith('Node'):
            zone = w[3]
        elif w and w[0] == 'spanned':
            spans.setdefault(zone, {})['spanned'] = int(w[1])
        elif w and w[0] == 'start_pfn:':
            spans.setdefault(zone, {})['start'] = int(w[1])
    z = spans['Normal']
    return z['start'], z['spanned']


CHUNK = 1 << 18  # frames read and classified at a time (a free block or folio never crosses 1,024-aligned bounds)


def read_flags(start, n):
    """The kpageflags of frames [start, start + n)."""
    flags = np.empty(n, dtype=np.uint64)
    fd = os.open('/proc/kpageflags', os.O_RDONLY)
    try:
        for at in range(0, n, CHUNK):
            m = min(CHUNK, n - at)
            flags[at:at + m] = np.frombuffer(os.pread(fd, m * 8, (start + at) * 8), dtype=np.uint64)
    finally:
        os.close(fd)
    return flags


NAMES = ['none', 'free', 'anon', 'file', 'slab', 'pgtable', 'other']


def analyse(flags, start):
    """The counts of one snapshot, chunk by chunk (a chunk is 1,024-aligned, so no free block crosses one)."""
    kinds = dict.fromkeys(NAMES, 0)
    orders, runs = {}, {}
    free_blocks = [0] * 11
    buddy = [{} for _ in range(4)]
    for at in range(0, len(flags), CHUNK):
        classify(flags[at:at + CHUNK], start + at, kinds, orders, runs, free_blocks, buddy)
    return {'frames': len(flags), 'kinds': kinds, 'file_folio_orders': dict(sorted(orders.items())),
            'file_runs_by_length': dict(sorted(runs.items())), 'free_blocks_by_order': free_blocks,
            'free_block_buddy_holds_by_order': [top(b, 6) for b in buddy]}


def top(counts, n):
    """The {@code n} largest counts, the others summed as 'rest'."""
    kv = sorted(counts.items(), key=lambda kv: -kv[1])
    out = dict(kv[:n])
    if len(kv) > n:
        out['rest'] = sum(v for _, v in kv[n:])
    return out


def classify(f, start, kinds, orders, runs, free_blocks, buddy):
    """Adds one chunk's frames (from pfn {@code start}) to the counts."""
    n = len(f) & ~1023
    f = f[:n]
    free = (f & BUDDY) != 0  # 6.x marks every frame of a free block (is_free_buddy_page())
    anon = (f & ANON) != 0
    file = ((f & LRU) != 0) & ~anon
    code = np.zeros(n, np.int8)
    code[f != 0] = 6
    code[(f & PGTABLE) != 0] = 5
    code[(f & SLAB) != 0] = 4
    code[file] = 3
    code[anon] = 2
    code[free] = 1
    for i, name in enumerate(NAMES):
        kinds[name] += int((code == i).sum())
    # the page cache's folios by order: a head's COMPOUND_TAIL frames
    tails = (f & TAIL) != 0
    orders[0] = orders.get(0, 0) + int((file & ((f & (HEAD | TAIL)) == 0)).sum())
    fheads = np.nonzero(((f & HEAD) != 0) & file)[0]
    nontail = np.append(np.nonzero(~tails)[0], n)
    ends = nontail[np.searchsorted(nontail, fheads + 1)]
    for o in np.log2(ends - fheads).astype(int):
        orders[int(o)] = orders.get(int(o), 0) + 1
    # runs of consecutive page-cache frames, by length (16 for 16 and more)
    d = np.diff(np.concatenate([[0], file.astype(np.int8), [0]]))
    lengths = np.minimum(np.nonzero(d == -1)[0] - np.nonzero(d == 1)[0], 16)
    for length, count in zip(*np.unique(lengths, return_counts=True)):
        runs[int(length)] = runs.get(int(length), 0) + int(count)
    # free blocks: aligned wholly free blocks whose parent is not wholly free; what their buddy holds
    full = [free]
    for o in range(1, 11):
        full.append(full[-1].reshape(-1, 2).all(axis=1))
    for o in range(11):
        exact = full[o] & ~np.repeat(full[o + 1], 2) if o < 10 else full[o]
        idx = np.nonzero(exact)[0]
        free_blocks[o] += len(idx)
        if o < 4:
            for b in idx:
                held = code[(b ^ 1) << o:((b ^ 1) + 1) << o]
                key = '+'.join(NAMES[k] for k in sorted(set(held.tolist())))
                buddy[o][key] = buddy[o].get(key, 0) + 1


def main():
    args = sys.argv[1:]
    opt = lambda name, default: type(default)(args[args.index(name) + 1]) if name in args else default
    every, count, raw, saved = opt('--every', 0.0), opt('--count', 1), opt('--raw', ''), opt('--from', '')
    if saved:  # a snapshot --raw wrote: PREFIX.N.START.npz
        print(json.dumps(analyse(np.load(saved)['flags'], int(saved.split('.')[-2]))))
        return
    start, n = normal_zone()
    for i in range(count):
        t0 = time.time()
        flags = read_flags(start, n)
        if raw:  # kept for later (--from); no analysis while the machine is under test
            np.savez_compressed(f'{raw}.{i}.{start}.npz', flags=flags)  # a few MB: little writeback of its own
            print(json.dumps({'time': t0, 'file': f'{raw}.{i}.{start}.npz'}), flush=True)
        else:
            s = analyse(flags, start)
            s['time'] = t0
            print(json.dumps(s), flush=True)
        if i + 1 < count:
            time.sleep(max(0.0, every - (time.time() - t0)))


if __name__ == '__main__':
    main()
