package io.wbreplay.replay.block;

/**
 * The request queue's sysfs settings (/sys/block/DEV/queue/): nr_requests (default 128,
 * BLKDEV_MAX_RQ) and max_sectors_kb (default 512).
 *
 * @param nrRequests requests per half (async, sync) of the request pool
 * @param maxSectorsKb the largest request, in KiB
 */
public record QueueConfig(int nrRequests, int maxSectorsKb) {

    /** The kernel's defaults. */
    public static final QueueConfig DEFAULT = new QueueConfig(128, 512);

    public QueueConfig {
        if (nrRequests < 4) {
            throw new IllegalArgumentException("nr_requests must be at least 4 (BLKDEV_MIN_RQ), got " + nrRequests);
        }
        if (maxSectorsKb < 4) {
            throw new IllegalArgumentException("max_sectors_kb must be at least 4 (one page), got " + maxSectorsKb);
        }
    }

    /** max_sectors_kb in 512-byte sectors. */
    public int maxSectors() {
        return maxSectorsKb * 2;
    }
}
