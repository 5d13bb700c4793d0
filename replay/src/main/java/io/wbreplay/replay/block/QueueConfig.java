package io.wbreplay.replay.block;

/**
 * The request queue's sysfs settings (/sys/block/DEV/queue/): nr_requests (default 128,
 * BLKDEV_MAX_RQ) and max_sectors_kb (default 512).
 *
 * @param nrRequests requests per half (async, sync) of the request pool
 * @param maxSectorsKb the largest request, in KiB
 */
public record QueueConfig(int nrRequests, int maxSectorsKb) {

    /** The deepest queue accepted (the request pool is two arrays of this size). */
    public static final int MAX_NR_REQUESTS = 1 << 16;
    /** The largest request accepted, in KiB: its byte count must fit an int. */
    public static final int MAX_SECTORS_KB = 1 << 20;

    /** The kernel's defaults. */
    public static final QueueConfig DEFAULT = new QueueConfig(128, 512);

    public QueueConfig {
        if (nrRequests < 4) {
            throw new IllegalArgumentException("nr_requests must be at least 4 (BLKDEV_MIN_RQ), got " + nrRequests);
        }
        if (nrRequests > MAX_NR_REQUESTS) {
            throw new IllegalArgumentException("nr_requests must be at most " + MAX_NR_REQUESTS + ", got " + nrRequests);
        }
        if (maxSectorsKb < 4 || maxSectorsKb > MAX_SECTORS_KB) {
            throw new IllegalArgumentException("max_sectors_kb must be from 4 (one page) to " + MAX_SECTORS_KB
                    + " (a 1 GiB request), got " + maxSectorsKb);
        }
    }

    /** max_sectors_kb in 512-byte sectors. */
    public int maxSectors() {
        return maxSectorsKb * 2;
    }
}
