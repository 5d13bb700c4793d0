package io.wbreplay.replay.driver;

import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.BioEndIo;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;

/**
 * do_blockdev_direct_IO() (fs/direct-io.c) for a sector-level record replayed with --direct: its
 * range cut into bios of at most max_sectors (dio_bio_submit()), bypassing the page cache.
 */
final class DirectIo {
    private Operation op;
    private int flags;
    private long sector;
    private long bytesLeft;

    /** Starts on {@code r}'s range; false when it moves nothing. */
    boolean start(IoRecord r) {
        op = r.op;
        flags = r.flags;
        sector = r.sector;
        bytesLeft = (r.bytes + 511) & ~511L; // the block layer moves whole sectors
        if (r.op != Operation.FLUSH && bytesLeft == 0) {
            if (!r.has(IoRecord.PREFLUSH)) {
                return false;
            }
            // an empty write with PREFLUSH (blktrace's "FWS 0 + 0", fsync's cache flush) is a flush
            op = Operation.FLUSH;
            flags = r.flags & ~IoRecord.PREFLUSH;
        }
        return true;
    }

    /** True when every bio of the record has been built. */
    boolean done() {
        return bytesLeft == 0;
    }

    /** The next bio, at most {@code maxSectors} long, submitted by {@code task} and completed to {@code endIo}. */
    Bio nextBio(int maxSectors, Task task, BioEndIo endIo) {
        Bio b = new Bio();
        b.op = op;
        b.sector = sector;
        b.bytes = (int) Math.min(bytesLeft, (long) maxSectors << 9);
        b.flags = flags;
        b.origin = op == Operation.READ ? IoOrigin.READ : IoOrigin.WRITER;
        b.submitter = task;
        b.endIo = endIo;
        sector += b.bytes >>> 9;
        bytesLeft -= b.bytes;
        return b;
    }
}
