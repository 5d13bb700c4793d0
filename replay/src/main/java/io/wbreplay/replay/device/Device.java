package io.wbreplay.replay.device;

import io.wbreplay.traces.Operation;

/**
 * A storage device as the block layer's driver sees it (the low-level driver behind request_fn): how long
 * one request takes given where the device's head (or channel) was left, how many requests it accepts
 * at once, and its size and speed. Implementations are pure functions of their arguments.
 */
public interface Device {
    /** Short model name for reports, e.g. {@code hdd} or {@code ssd}. */
    String name();

    /** Size in 512-byte sectors. */
    long capacitySectors();

    /** Sustained media (HDD) or aggregate (SSD) transfer rate for large sequential writes, bytes/s. */
    long bandwidthBytesPerSecond();

    /** Commands the device accepts at once (its tag queue depth; 1 means no command queueing). */
    int queueDepth();

    /** Units that serve commands concurrently: 1 head assembly for a disk, N channels for an SSD. */
    int parallelUnits();

    /**
     * Time to serve one data command on a unit that is free at {@code startNs} and whose last command
     * ended at {@code headSector} (the sector after its last one; 0 for a fresh unit).
     *
     * @param op READ, WRITE or DISCARD
     */
    long serviceNs(long startNs, long headSector, long sector, int bytes, Operation op);

    /** Time of one cache flush command (SYNCHRONIZE CACHE / FLUSH CACHE EXT). */
    long cacheFlushNs();
}
