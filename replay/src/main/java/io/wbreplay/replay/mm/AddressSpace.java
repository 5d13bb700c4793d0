package io.wbreplay.replay.mm;

/**
 * include/linux/fs.h struct address_space: a file's cached pages by index (a {@link RadixTree} with the
 * DIRTY, WRITEBACK and TOWRITE tags), the cursor where range_cyclic writeback resumes, and its host.
 */
public final class AddressSpace {
    public final Inode host;
    public final RadixTree pages;
    /** mapping->writeback_index: where the next range_cyclic write_cache_pages() starts. */
    public long writebackIndex;
    /** The shadow entries of evicted pages, for a mapping whose pages are read back; null: not kept. */
    public ShadowEntries shadows;

    AddressSpace(Inode host, RadixNodePool pool) {
        this.host = host;
        this.pages = new RadixTree(pool);
    }

    public long nrPages() {
        return pages.size();
    }

    public long nrDirty() {
        return pages.tagged(RadixTree.TAG_DIRTY);
    }

    public long nrWriteback() {
        return pages.tagged(RadixTree.TAG_WRITEBACK);
    }

    /** find_get_page() without the reference: the page at {@code index}, or -1. */
    public int find(long index) {
        return pages.lookup(index);
    }
}
