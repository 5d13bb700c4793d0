package io.wbreplay.replay.mm;

import java.util.Arrays;

/** fs/inode.c inode hash: inodes by number (page mapping ids refer to these numbers). */
public final class Inodes {
    private Inode[] byIno = new Inode[64];
    private int next;

    /** new_inode(): a fresh inode with i_count 1. */
    public Inode create(BlockMap blocks, RadixNodePool pool) {
        if (next == byIno.length) {
            byIno = Arrays.copyOf(byIno, next * 2);
        }
        Inode i = new Inode(next, blocks, pool);
        i.count = 1;
        byIno[next++] = i;
        return i;
    }

    public Inode get(int ino) {
        return byIno[ino];
    }

    /** Inode numbers handed out so far. */
    public int size() {
        return next;
    }

    /** Forgets an evicted inode (its number is not reused). */
    void release(Inode i) {
        byIno[i.ino] = null;
    }
}
