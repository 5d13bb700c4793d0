package io.wbreplay.traces.stats;

import java.util.Arrays;

/**
 * A red-black tree of distinct {@code long} keys, each with a {@code long} value, kept in primitive
 * arrays (no object per node). Insertion rebalances exactly as blktrace's copy of Linux
 * {@code lib/rbtree.c} does ({@code rb_insert_color()}), so after the same insertions the tree has the
 * same shape as btt's. That matters: btt's median and mode walk the tree
 * in pre-order and post-order, so their answers depend on the shape, not only on the keys.
 *
 * <p>A node's fields share one cache line ({@code nodes}, four longs per node): a random-I/O trace has
 * millions of distinct keys, far more than fit in the CPU caches, and a descent costs a cache miss per
 * level instead of three.
 */
final class RbTree {
    /** No node. */
    static final int NIL = -1;

    // nodes[4n]: key; [4n+1]: value; [4n+2]: left << 32 | right (as unsigned ints); [4n+3]: parent << 1 | red
    private static final int KEY = 0;
    private static final int VALUE = 1;
    private static final int LINKS = 2;
    private static final int PARENT = 3;
    private static final long LOW = 0xffff_ffffL;

    private long[] nodes = new long[4 * 16];
    private int root = NIL;
    private int size;

    int root() {
        return root;
    }

    int left(int node) {
        return (int) (nodes[4 * node + LINKS] >> 32);
    }

    int right(int node) {
        return (int) nodes[4 * node + LINKS];
    }

    private int parent(int node) {
        return (int) (nodes[4 * node + PARENT] >> 1);
    }

    private boolean red(int node) {
        return (nodes[4 * node + PARENT] & 1) != 0;
    }

    private void setLeft(int node, int child) {
        int i = 4 * node + LINKS;
        nodes[i] = (long) child << 32 | (nodes[i] & LOW);
    }

    private void setRight(int node, int child) {
        int i = 4 * node + LINKS;
        nodes[i] = (nodes[i] & ~LOW) | (child & LOW);
    }

    private void setParent(int node, int p) {
        int i = 4 * node + PARENT;
        nodes[i] = (long) p << 1 | (nodes[i] & 1);
    }

    private void setRed(int node, boolean red) {
        int i = 4 * node + PARENT;
        nodes[i] = (nodes[i] & ~1L) | (red ? 1 : 0);
    }

    long key(int node) {
        return nodes[4 * node + KEY];
    }

    long value(int node) {
        return nodes[4 * node + VALUE];
    }

    /** Number of nodes. */
    int size() {
        return size;
    }

    /**
     * Links a new node for {@code key}, which must not be present yet (the descent of btt's
     * {@code __insert()} / {@code rb_insert()}), and rebalances the tree.
     *
     * @return the new node
     */
    int insert(long key, long value) {
        int p = NIL;
        int n = root;
        boolean goLeft = false;
        while (n != NIL) {
            p = n;
            goLeft = key < key(n);
            n = goLeft ? left(n) : right(n);
        }
        int node = allocate(key, value, p); // rb_link_node(): red, no children
        if (p == NIL) {
            root = node;
        } else if (goLeft) {
            setLeft(p, node);
        } else {
            setRight(p, node);
        }
        insertColor(node);
        return node;
    }

    private int allocate(long key, long value, int parent) {
        if (4 * size == nodes.length) {
            nodes = Arrays.copyOf(nodes, nodes.length * 2);
        }
        int node = size++;
        int i = 4 * node;
        nodes[i + KEY] = key;
        nodes[i + VALUE] = value;
        nodes[i + LINKS] = (long) NIL << 32 | (NIL & LOW);
        nodes[i + PARENT] = (long) parent << 1 | 1;
        return node;
    }

    // lib/rbtree.c: __rb_rotate_left()
    private void rotateLeft(int node) {
        int r = right(node);
        int rl = left(r);
        setRight(node, rl);
        if (rl != NIL) {
            setParent(rl, node);
        }
        setLeft(r, node);
        int p = parent(node);
        setParent(r, p);
        if (p != NIL) {
            if (node == left(p)) {
                setLeft(p, r);
            } else {
                setRight(p, r);
            }
        } else {
            root = r;
        }
        setParent(node, r);
    }

    // lib/rbtree.c: __rb_rotate_right()
    private void rotateRight(int node) {
        int l = left(node);
        int lr = right(l);
        setLeft(node, lr);
        if (lr != NIL) {
            setParent(lr, node);
        }
        setRight(l, node);
        int p = parent(node);
        setParent(l, p);
        if (p != NIL) {
            if (node == right(p)) {
                setRight(p, l);
            } else {
                setLeft(p, l);
            }
        } else {
            root = l;
        }
        setParent(node, l);
    }

    // lib/rbtree.c: rb_insert_color()
    private void insertColor(int node) {
        int p;
        while ((p = parent(node)) != NIL && red(p)) {
            int g = parent(p);
            if (p == left(g)) {
                int uncle = right(g);
                if (uncle != NIL && red(uncle)) {
                    setRed(uncle, false);
                    setRed(p, false);
                    setRed(g, true);
                    node = g;
                    continue;
                }
                if (right(p) == node) {
                    rotateLeft(p);
                    int tmp = p;
                    p = node;
                    node = tmp;
                }
                setRed(p, false);
                setRed(g, true);
                rotateRight(g);
            } else {
                int uncle = left(g);
                if (uncle != NIL && red(uncle)) {
                    setRed(uncle, false);
                    setRed(p, false);
                    setRed(g, true);
                    node = g;
                    continue;
                }
                if (left(p) == node) {
                    rotateRight(p);
                    int tmp = p;
                    p = node;
                    node = tmp;
                }
                setRed(p, false);
                setRed(g, true);
                rotateLeft(g);
            }
        }
        setRed(root, false);
    }
}
