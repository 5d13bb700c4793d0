package io.wbreplay.replay.driver;

import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.TraceReader;

/**
 * prefetch() (include/linux/prefetch.h) for the trace's next records: reads the state of the cached
 * pages that the reads and writes {@link #AHEAD} records on will start at. A random write's page
 * costs cache misses one after the other (the radix-tree leaf's slot, then the frame it names;
 * a 5 GiB page cache has 1.3 M frames); read here for {@link #BATCH} records at once, the leaves
 * miss together, then the frames, instead of one record after another; and the free frames the
 * pages they add will take. Reads only: changes nothing.
 */
final class PrefetchRecords {
    /** Records between the one being read and the first one prefetched. */
    static final int AHEAD = 16;
    /** Records prefetched at once, every this many records read. */
    static final int BATCH = 16;

    private final FileTable files;
    private final Pages pages;
    private final long[] indexes = new long[BATCH];
    private final int[] found = new int[BATCH];
    private long sum;

    PrefetchRecords(FileTable files, Pages pages) {
        this.files = files;
        this.pages = pages;
    }

    /** Prefetches the pages of the records {@code reader} holds {@link #AHEAD} to {@link #AHEAD} + {@link #BATCH} places on. */
    void ahead(TraceReader reader) {
        Inode inode = null;
        int n = 0;
        for (int a = AHEAD; a < AHEAD + BATCH; a++) {
            IoRecord r = reader.peek(a);
            if (r == null) {
                break;
            }
            Inode i = r.isFileLevel() ? files.existingFile(r.file) : null;
            if (i != inode) { // the batch goes by file
                sum += flush(inode, n);
                inode = i;
                n = 0;
            }
            indexes[n++] = r.offset >>> Zone.PAGE_SHIFT;
        }
        sum += flush(inode, n);
        sum += pages.prefetchFree(BATCH); // the frames of the pages these records will add to the cache
    }

    private long flush(Inode inode, int n) {
        if (inode == null || n == 0) {
            return 0;
        }
        long s = inode.mapping.pages.prefetch(indexes, n, found);
        for (int j = 0; j < n; j++) {
            if (found[j] >= 0) {
                s += pages.flags(found[j]);
            }
        }
        return s;
    }
}
