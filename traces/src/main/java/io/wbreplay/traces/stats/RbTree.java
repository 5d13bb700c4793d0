package io.wbreplay.traces.stats;

import java.util.Arrays;

/**
 * A red-black tree of distinct {@code long} keys, each with a {@code long} value, kept in primitive
 * arrays (no object per node). Insertion rebalances exactly as blktrace's copy of Linux
 * {@code lib/rbtree.c} does ({@code rb_insert_color()}), so after the same insertions the tree has the
 * same shape as btt's. That matters: btt's median and mode walk the tree
 * in pre-order and post-order, so their answers depend on the shape, not only on the keys.
 */
final class RbTree {
    /** No node. */
    static final int NIL = -1;

    private long[] keys = new long[16];
    private long[] values = new long[16];
    private int[] left = new int[16];
    private int[] right = new int[16];
    private int[] parent = new int[16];
    private boolean[] red = new boolean[16];
    private int root = NIL;
    private int size;

    int root() {
        return root;
    }

    int left(int node) {
        return left[node];
    }

    int right(int node) {
        return right[node];
    }

    long key(int node) {
        return keys[node];
    }

    long value(int node) {
        return values[node];
    }

    void setValue(int node, long value) {
        values[node] = value;
    }

    /** Number of nodes. */
    int size() {
        return size;
    }

    /**
     * Links a new node for {@code key} (the descent of btt's {@code __insert()} / {@code rb_insert()})
     * and rebalances it; if the key is already present nothing changes.
     *
     * @return the new node, or {@code -2 - existing} when {@code key} was already present
     */
    int insertIfAbsent(long key, long value) {
        int p = NIL;
        int n = root;
        boolean goLeft = false;
        while (n != NIL) {
            p = n;
            if (key < keys[n]) {
                n = left[n];
                goLeft = true;
            } else if (key > keys[n]) {
                n = right[n];
                goLeft = false;
            } else {
                return -2 - n;
            }
        }
        int node = allocate(key, value);
        parent[node] = p; // rb_link_node(): red, no children
        if (p == NIL) {
            root = node;
        } else if (goLeft) {
            left[p] = node;
        } else {
            right[p] = node;
        }
        insertColor(node);
        return node;
    }

    private int allocate(long key, long value) {
        if (size == keys.length) {
            int n = size * 2;
            keys = Arrays.copyOf(keys, n);
            values = Arrays.copyOf(values, n);
            left = Arrays.copyOf(left, n);
            right = Arrays.copyOf(right, n);
            parent = Arrays.copyOf(parent, n);
            red = Arrays.copyOf(red, n);
        }
        int node = size++;
        keys[node] = key;
        values[node] = value;
        left[node] = NIL;
        right[node] = NIL;
        red[node] = true;
        return node;
    }

    // lib/rbtree.c: __rb_rotate_left()
    private void rotateLeft(int node) {
        int r = right[node];
        right[node] = left[r];
        if (left[r] != NIL) {
            parent[left[r]] = node;
        }
        left[r] = node;
        parent[r] = parent[node];
        if (parent[r] != NIL) {
            int p = parent[node];
            if (node == left[p]) {
                left[p] = r;
            } else {
                right[p] = r;
            }
        } else {
            root = r;
        }
        parent[node] = r;
    }

    // lib/rbtree.c: __rb_rotate_right()
    private void rotateRight(int node) {
        int l = left[node];
        left[node] = right[l];
        if (right[l] != NIL) {
            parent[right[l]] = node;
        }
        right[l] = node;
        parent[l] = parent[node];
        if (parent[l] != NIL) {
            int p = parent[node];
            if (node == right[p]) {
                right[p] = l;
            } else {
                left[p] = l;
            }
        } else {
            root = l;
        }
        parent[node] = l;
    }

    // lib/rbtree.c: rb_insert_color()
    private void insertColor(int node) {
        int p;
        while ((p = parent[node]) != NIL && red[p]) {
            int g = parent[p];
            if (p == left[g]) {
                int uncle = right[g];
                if (uncle != NIL && red[uncle]) {
                    red[uncle] = false;
                    red[p] = false;
                    red[g] = true;
                    node = g;
                    continue;
                }
                if (right[p] == node) {
                    rotateLeft(p);
                    int tmp = p;
                    p = node;
                    node = tmp;
                }
                red[p] = false;
                red[g] = true;
                rotateRight(g);
            } else {
                int uncle = left[g];
                if (uncle != NIL && red[uncle]) {
                    red[uncle] = false;
                    red[p] = false;
                    red[g] = true;
                    node = g;
                    continue;
                }
                if (left[p] == node) {
                    rotateRight(p);
                    int tmp = p;
                    p = node;
                    node = tmp;
                }
                red[p] = false;
                red[g] = true;
                rotateLeft(g);
            }
        }
        red[root] = false;
    }
}
