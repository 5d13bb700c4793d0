package io.wbreplay.replay.block;

/**
 * Tunables of {@link DeadlineElevator}, as in /sys/block/DEV/queue/iosched/ (block/deadline-iosched.c
 * defaults: read_expire HZ/2, write_expire 5*HZ, fifo_batch 16, writes_starved 2, front_merges 1).
 *
 * @param readExpireNs how long a read may wait before it is served ahead of sector order
 * @param writeExpireNs the same for writes
 * @param fifoBatch requests dispatched in a row in sector order before the direction is chosen again
 * @param writesStarved how many read batches may pass waiting writes before writes get a batch
 * @param frontMerges whether bios are front-merged into requests that start where they end
 */
public record DeadlineConfig(long readExpireNs, long writeExpireNs, int fifoBatch, int writesStarved,
                             boolean frontMerges) {

    /** The kernel's defaults. */
    public static final DeadlineConfig DEFAULT = new DeadlineConfig(500_000_000L, 5_000_000_000L, 16, 2, true);

    public DeadlineConfig {
        if (readExpireNs < 0 || writeExpireNs < 0 || fifoBatch < 0) {
            throw new IllegalArgumentException("deadline expiries must be >= 0 and fifo_batch >= 0");
        }
    }
}
