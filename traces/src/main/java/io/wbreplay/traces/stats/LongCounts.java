package io.wbreplay.traces.stats;

import java.util.Arrays;

/**
 * How many times each distinct {@code long} was counted, with the distinct values kept in the order
 * they first appeared. Open addressing with linear probing, each value next to its count in one
 * array: counting a value already seen costs one cache miss, where a search tree costs one per level.
 *
 * <p>Random I/O has millions of distinct seek distances, a table far beyond the CPU caches, so the
 * counts are taken {@value #BATCH} at a time: first the batch's slots are read, independent loads
 * whose cache misses overlap, then the values are counted in order (every query counts the batch first).
 */
final class LongCounts {
    private static final int BATCH = 64;

    /** table[2s]: a value; table[2s + 1]: its count, 0 for an empty slot. */
    private long[] table = new long[2 * 32];
    /** 64 less log2 of the table's slots. */
    private int slotShift = 64 - 5;
    private long[] order = new long[16];
    private int size;
    private final long[] pending = new long[BATCH];
    private int nPending;
    /** The sum of the counts {@link #flush} read ahead, kept only so that the loads stay. */
    private long touched;

    /** Counts one occurrence of {@code key}. */
    void increment(long key) {
        pending[nPending++] = key;
        if (nPending == BATCH) {
            flush();
        }
    }

    /** Counts the pending values, having read their slots first. */
    private void flush() {
        long sum = 0;
        for (int i = 0; i < nPending; i++) {
            sum += table[2 * slot(pending[i]) + 1];
        }
        touched += sum;
        for (int i = 0; i < nPending; i++) {
            add(pending[i]);
        }
        nPending = 0;
    }

    private void add(long key) {
        int mask = table.length / 2 - 1;
        int s = slot(key);
        while (table[2 * s + 1] != 0) {
            if (table[2 * s] == key) {
                table[2 * s + 1]++;
                return;
            }
            s = (s + 1) & mask;
        }
        table[2 * s] = key;
        table[2 * s + 1] = 1;
        if (size == order.length) {
            order = Arrays.copyOf(order, size * 2);
        }
        order[size++] = key;
        if (2 * size > mask + 1) {
            rehash();
        }
    }

    /** Number of distinct values. */
    int size() {
        flush();
        return size;
    }

    /** The {@code i}-th distinct value in order of first appearance. */
    long key(int i) {
        flush();
        return order[i];
    }

    /**
     * Visits every distinct value with its count, in no particular order (the table's, a sequential
     * scan: much faster than looking each one up).
     */
    void forEach(Visitor v) {
        flush();
        for (int i = 0; i < table.length; i += 2) {
            if (table[i + 1] != 0) {
                v.visit(table[i], table[i + 1]);
            }
        }
    }

    /** What {@link #forEach} calls. */
    interface Visitor {
        void visit(long key, long count);
    }

    /** How many times {@code key} was counted (0 if never). */
    long count(long key) {
        flush();
        int mask = table.length / 2 - 1;
        int s = slot(key);
        while (table[2 * s + 1] != 0) {
            if (table[2 * s] == key) {
                return table[2 * s + 1];
            }
            s = (s + 1) & mask;
        }
        return 0;
    }

    /**
     * Fibonacci hashing: the top bits of the product are well mixed. Taking the top ones as the slot
     * makes a value's slot in the doubled table twice its old one (or one more), so that a rehash
     * writes the new table in order instead of at random.
     */
    private int slot(long key) {
        return (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> slotShift);
    }

    private void rehash() {
        long[] old = table;
        table = new long[old.length * 2];
        slotShift--;
        int mask = table.length / 2 - 1;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i + 1] != 0) {
                int s = slot(old[i]);
                while (table[2 * s + 1] != 0) {
                    s = (s + 1) & mask;
                }
                table[2 * s] = old[i];
                table[2 * s + 1] = old[i + 1];
            }
        }
    }
}
