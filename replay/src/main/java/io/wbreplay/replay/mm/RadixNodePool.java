package io.wbreplay.replay.mm;

import java.util.Arrays;

/**
 * lib/radix-tree.c radix_tree_node_cachep: the nodes of every mapping's {@link RadixTree} in flat
 * arrays (64 slots and one tag word per tag per node), recycled through a free list.
 */
public final class RadixNodePool {
    static final int SHIFT = 6;
    static final int SLOTS = 1 << SHIFT;
    static final int TAGS = 4;

    int[] slots = new int[SLOTS * 256];
    long[] tags = new long[TAGS * 256];
    private int used;
    private int freeHead = -1;
    private int live;

    int newNode() {
        int n;
        if (freeHead >= 0) {
            n = freeHead;
            freeHead = slots[n << SHIFT];
        } else {
            n = used++;
            if ((long) used * SLOTS > slots.length) {
                slots = Arrays.copyOf(slots, slots.length * 2);
                tags = Arrays.copyOf(tags, tags.length * 2);
            }
        }
        Arrays.fill(slots, n << SHIFT, (n + 1) << SHIFT, -1);
        Arrays.fill(tags, n * TAGS, (n + 1) * TAGS, 0L);
        live++;
        return n;
    }

    void freeNode(int n) {
        slots[n << SHIFT] = freeHead;
        freeHead = n;
        live--;
    }

    /** Nodes in use (for tests and memory estimates). */
    public int liveNodes() {
        return live;
    }
}
