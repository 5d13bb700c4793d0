package io.wbreplay.replay.block;

import java.util.Arrays;

/**
 * block/bio.c bio_alloc_bioset() and bio_put() for the page cache's bios: a bio whose completion has
 * ended its pages' writeback (or read) is taken again for the next one, as the kernel's mempool hands
 * its bios round, instead of a new object each time. A new object is a cache line the CPU has never
 * seen (a write miss per bio, 8 % of a large replay's time); a recycled one is still in the cache.
 * Last in, first out, and a bio comes back {@link Bio#reset} as new, so nothing else changes.
 */
public final class BioSet {
    private Bio[] free = new Bio[64];
    private int nrFree;

    /** bio_alloc_bioset(): a bio as {@code new Bio()} makes it. */
    public Bio alloc() {
        return nrFree == 0 ? new Bio() : free[--nrFree];
    }

    /** bio_put() of the last reference: nobody holds {@code bio} any more. */
    public void put(Bio bio) {
        bio.reset();
        if (nrFree == free.length) {
            free = Arrays.copyOf(free, nrFree * 2);
        }
        free[nrFree++] = bio;
    }
}
