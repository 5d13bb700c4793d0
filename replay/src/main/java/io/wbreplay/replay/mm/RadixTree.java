package io.wbreplay.replay.mm;

/**
 * lib/radix-tree.c: one mapping's pages by index, with per-node tag bitmaps so that "the next page at
 * or after index i carrying tag t" (radix_tree_gang_lookup_tag) costs a few word scans. Nodes live in a
 * shared {@link RadixNodePool}, so the tree itself is a root, a height and counters.
 *
 * <p>The tree remembers the path to the last leaf node it walked to: the page cache works on one page
 * several times in a row (look it up, clear DIRTY, set WRITEBACK, clear TOWRITE), and write_cache_pages()
 * walks neighbouring pages, so most operations start from that leaf instead of the root. Tags are set
 * from the leaf up and stop at the first level already tagged (its ancestors are tagged too).
 */
public final class RadixTree {
    public static final int TAG_DIRTY = 0;
    public static final int TAG_WRITEBACK = 1;
    public static final int TAG_TOWRITE = 2;
    /** Set on every occupied slot: lets lookups of "next present page" use the tag search. */
    public static final int TAG_PRESENT = 3;

    /** Indexes per leaf node: index / LEAF_SLOTS names the leaf holding it. */
    public static final int LEAF_SLOTS = RadixNodePool.SLOTS;
    private static final int SHIFT = RadixNodePool.SHIFT;
    private static final int MASK = RadixNodePool.SLOTS - 1;
    private static final int MAX_HEIGHT = 11; // 66 bits of index

    private final RadixNodePool pool;
    /** The nodes from the leaf (path[1]) up to the root (path[height]) of the leaf {@link #pathLeaf}. */
    private final int[] path = new int[MAX_HEIGHT + 1];
    /** index >>> SHIFT of the leaf {@link #path} leads to, or -1 when path holds no valid walk. */
    private long pathLeaf = -1;
    private int root = -1;
    private int height;
    private final long[] tagCount = new long[RadixNodePool.TAGS];
    private int foundPage = -1;

    public RadixTree(RadixNodePool pool) {
        this.pool = pool;
    }

    private static long maxIndex(int h) {
        return h >= MAX_HEIGHT - 1 ? Long.MAX_VALUE : (1L << (SHIFT * h)) - 1;
    }

    /** Pages present in the tree. */
    public long size() {
        return tagCount[TAG_PRESENT];
    }

    /** Entries carrying {@code tag}. */
    public long tagged(int tag) {
        return tagCount[tag];
    }

    /** radix_tree_lookup(): the page at {@code index}, or -1. */
    public int lookup(long index) {
        int leaf = walk(index);
        return leaf < 0 ? -1 : pool.slots[(leaf << SHIFT) + (int) (index & MASK)];
    }

    /**
     * prefetch() of the pages at {@code indexes[0..n)}: each one's page, or -1, into {@code out}, leaving
     * the remembered path to the last leaf as it was (a walk that only reads ahead must not cost the next
     * operation its shortcut). The walks to the leaves first (the upper levels stay in the CPU cache),
     * then the leaves' slots and DIRTY tag words all at once, so that their cache misses overlap.
     * Returns a sum of what was read, for the caller to keep so that the loads are not optimised away.
     */
    public long prefetch(long[] indexes, int n, int[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = descend(indexes[i], null);
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int leaf = out[i];
            if (leaf >= 0) {
                out[i] = pool.slots[(leaf << SHIFT) + (int) (indexes[i] & MASK)];
                sum += pool.tags[leaf * RadixNodePool.TAGS + TAG_DIRTY];
            }
        }
        return sum;
    }

    /** The leaf node covering {@code index}, with {@link #path} filled in; -1 if there is none. */
    private int walk(long index) {
        long leafKey = index >>> SHIFT;
        if (leafKey == pathLeaf) {
            return path[1];
        }
        int leaf = descend(index, path);
        pathLeaf = leaf < 0 ? -1 : leafKey;
        return leaf;
    }

    /** The leaf node covering {@code index}, or -1; the nodes passed go into {@code trail} (by level) unless it is null. */
    private int descend(long index, int[] trail) {
        if (root < 0 || index < 0 || index > maxIndex(height)) {
            return -1;
        }
        int node = root;
        for (int level = height; level > 1; level--) {
            if (trail != null) {
                trail[level] = node;
            }
            node = pool.slots[(node << SHIFT) + (int) ((index >>> ((level - 1) * SHIFT)) & MASK)];
            if (node < 0) {
                return -1;
            }
        }
        if (trail != null) {
            trail[1] = node;
        }
        return node;
    }

    /** radix_tree_replace_slot() (xas_store() over a present entry): {@code index} must be present; its tags stay. */
    public void replace(long index, int page) {
        int leaf = walk(index);
        if (leaf < 0 || pool.slots[(leaf << SHIFT) + (int) (index & MASK)] < 0) {
            throw new IllegalStateException("page index " + index + " is not in the tree");
        }
        pool.slots[(leaf << SHIFT) + (int) (index & MASK)] = page;
    }

    /** radix_tree_insert(): {@code index} must be empty. */
    public void insert(long index, int page) {
        if (index < 0) {
            throw new IllegalArgumentException("negative page index " + index);
        }
        if (root < 0) {
            height = 1;
            while (index > maxIndex(height)) {
                height++;
            }
            root = pool.newNode();
        }
        while (index > maxIndex(height)) {
            int top = pool.newNode();
            pool.slots[top << SHIFT] = root;
            for (int t = 0; t < RadixNodePool.TAGS; t++) {
                if (pool.tags[root * RadixNodePool.TAGS + t] != 0) {
                    pool.tags[top * RadixNodePool.TAGS + t] = 1L;
                }
            }
            root = top;
            height++;
        }
        int node = root;
        for (int level = height; level > 1; level--) {
            path[level] = node;
            int at = (node << SHIFT) + (int) ((index >>> ((level - 1) * SHIFT)) & MASK);
            int child = pool.slots[at];
            if (child < 0) {
                child = pool.newNode();
                pool.slots[at] = child;
            }
            node = child;
        }
        path[1] = node;
        pathLeaf = index >>> SHIFT;
        int at = (node << SHIFT) + (int) (index & MASK);
        if (pool.slots[at] >= 0) {
            throw new IllegalStateException("page index " + index + " is already in the tree");
        }
        pool.slots[at] = page;
        setTag(index, TAG_PRESENT);
    }

    /** radix_tree_delete(): removes {@code index} and every tag on it; frees emptied nodes. One walk down. */
    public void delete(long index) {
        int node = walk(index);
        if (node < 0) {
            return;
        }
        int leafSlot = (node << SHIFT) + (int) (index & MASK);
        if (pool.slots[leafSlot] < 0) {
            return;
        }
        pool.slots[leafSlot] = -1;
        for (int t = 0; t < RadixNodePool.TAGS; t++) {
            for (int level = 1; level <= height; level++) {
                int w = path[level] * RadixNodePool.TAGS + t;
                long bit = 1L << (int) ((index >>> ((level - 1) * SHIFT)) & MASK);
                if ((pool.tags[w] & bit) == 0) {
                    break;
                }
                pool.tags[w] &= ~bit;
                if (level == 1) {
                    tagCount[t]--;
                }
                if (pool.tags[w] != 0) {
                    break;
                }
            }
        }
        for (int level = 1; level <= height; level++) { // free the nodes left empty
            int n = path[level];
            if (pool.tags[n * RadixNodePool.TAGS + TAG_PRESENT] != 0) {
                break;
            }
            pathLeaf = -1; // the path has lost a node
            pool.freeNode(n);
            if (level == height) {
                root = -1;
                height = 0;
                break;
            }
            pool.slots[(path[level + 1] << SHIFT) + (int) ((index >>> (level * SHIFT)) & MASK)] = -1;
        }
    }

    /** radix_tree_tag_set(): {@code index} must be present. */
    public void setTag(long index, int tag) {
        walk(index);
        for (int level = 1; level <= height; level++) {
            int w = path[level] * RadixNodePool.TAGS + tag;
            long bit = 1L << (int) ((index >>> ((level - 1) * SHIFT)) & MASK);
            if ((pool.tags[w] & bit) != 0) {
                return; // tagged here, so tagged all the way up
            }
            pool.tags[w] |= bit;
            if (level == 1) {
                tagCount[tag]++;
            }
        }
    }

    /** radix_tree_tag_clear(): clears the leaf bit, then each parent bit whose child has none left. */
    public void clearTag(long index, int tag) {
        if (walk(index) < 0) {
            return;
        }
        for (int level = 1; level <= height; level++) {
            int w = path[level] * RadixNodePool.TAGS + tag;
            long bit = 1L << (int) ((index >>> ((level - 1) * SHIFT)) & MASK);
            if ((pool.tags[w] & bit) == 0) {
                return;
            }
            pool.tags[w] &= ~bit;
            if (level == 1) {
                tagCount[tag]--;
            }
            if (pool.tags[w] != 0) {
                return;
            }
        }
    }

    /** radix_tree_tag_get(). */
    public boolean hasTag(long index, int tag) {
        int node = walk(index);
        return node >= 0 && (pool.tags[node * RadixNodePool.TAGS + tag] & (1L << (int) (index & MASK))) != 0;
    }

    /** The smallest index at or after {@code from} carrying {@code tag}, or -1 (radix_tree_gang_lookup_tag). */
    public long nextTagged(long from, int tag) {
        if (root < 0 || from < 0 || from > maxIndex(height)) {
            return -1;
        }
        if (from >>> SHIFT == pathLeaf) { // write_cache_pages() goes on in the leaf it found last
            long bits = pool.tags[path[1] * RadixNodePool.TAGS + tag] & (-1L << (int) (from & MASK));
            if (bits != 0) { // the search from the root would come down the same path to the same entry
                int j = Long.numberOfTrailingZeros(bits);
                foundPage = pool.slots[(path[1] << SHIFT) + j];
                return (from & ~(long) MASK) + j;
            }
        }
        pathLeaf = -1; // the search overwrites the path; a hit leaves the found leaf's path
        return search(root, height, 0, from, tag);
    }

    /**
     * The pages carrying {@code tag} at or after {@code index} in the leaf node holding {@code index}
     * (at most 64), into {@code out}; returns how many.
     */
    public int leafTagged(long index, int tag, int[] out) {
        int leaf = walk(index);
        if (leaf < 0) {
            return 0;
        }
        long bits = pool.tags[leaf * RadixNodePool.TAGS + tag] & (-1L << (int) (index & MASK));
        int n = 0;
        while (bits != 0) {
            out[n++] = pool.slots[(leaf << SHIFT) + Long.numberOfTrailingZeros(bits)];
            bits &= bits - 1;
        }
        return n;
    }

    /** The page at the index the last successful {@link #nextTagged} or {@link #nextPresent} returned. */
    public int foundPage() {
        return foundPage;
    }

    /** The smallest present index at or after {@code from}, or -1 (radix_tree_gang_lookup). */
    public long nextPresent(long from) {
        return nextTagged(from, TAG_PRESENT);
    }

    private long search(int node, int level, long base, long from, int tag) {
        path[level] = node;
        int shift = (level - 1) * SHIFT;
        int first = (int) ((from - base) >>> shift);
        long bits = pool.tags[node * RadixNodePool.TAGS + tag] & (-1L << first);
        while (bits != 0) {
            int j = Long.numberOfTrailingZeros(bits);
            long childBase = base + ((long) j << shift);
            if (level == 1) {
                foundPage = pool.slots[(node << SHIFT) + j];
                pathLeaf = childBase >>> SHIFT;
                return childBase;
            }
            long r = search(pool.slots[(node << SHIFT) + j], level - 1, childBase, Math.max(from, childBase), tag);
            if (r >= 0) {
                return r;
            }
            bits &= bits - 1;
        }
        return -1;
    }
}
