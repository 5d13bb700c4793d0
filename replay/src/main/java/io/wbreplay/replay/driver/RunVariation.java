package io.wbreplay.replay.driver;

/**
 * What the seed may vary between repeated runs of one cell, as repeated runs on a real machine vary:
 * the disk's rotational position at the start, each command's service time, the records' arrival
 * times and the extent layout. {@link #NONE} (the default) varies nothing, so a run is a pure function
 * of trace, configuration and seed and the seed alone changes nothing but a fragmented layout
 * ({@code --max-extent-gap}).
 *
 * @param randomRotation the platter's angle at time 0 is drawn from the seed (else 0)
 * @param serviceJitter each command's service time is scaled by a factor drawn uniformly from
 *                      [1 - j, 1 + j] (0: none)
 * @param arrivalJitterNs each record arrives up to this much after its recorded time, uniformly (0: none)
 * @param extentGapPages the extent allocator leaves a gap of up to this many pages before each extent
 *                       (when the configuration asks for none)
 */
public record RunVariation(boolean randomRotation, double serviceJitter, long arrivalJitterNs, int extentGapPages) {
    /** Nothing varies: today's deterministic run. */
    public static final RunVariation NONE = new RunVariation(false, 0, 0, 0);

    /**
     * What {@code compare --runs N} varies: a random rotational position, service times within 5 %
     * (a drive's command overhead and zone differences), arrivals up to 1 ms late (timer slack and
     * scheduling delay of a replaying process) and gaps of up to 1 MiB between extents (an aged
     * filesystem's free space).
     */
    public static final RunVariation REPEATED = new RunVariation(true, 0.05, 1_000_000L, 256);

    public RunVariation {
        if (serviceJitter < 0 || serviceJitter >= 1) {
            throw new IllegalArgumentException("service-time jitter must be in [0, 1), not " + serviceJitter);
        }
        if (arrivalJitterNs < 0 || extentGapPages < 0) {
            throw new IllegalArgumentException("arrival jitter and extent gap must not be negative");
        }
    }

    /** True if this varies anything. */
    public boolean varies() {
        return randomRotation || serviceJitter > 0 || arrivalJitterNs > 0 || extentGapPages > 0;
    }

    /** One line for reports, e.g. {@code rotation random, service time ±5%, arrival +0..1 ms, extent gap 0..1 MiB}. */
    public String describe() {
        if (!varies()) {
            return "none (the seed changes nothing but a fragmented layout)";
        }
        return "rotational position " + (randomRotation ? "random" : "fixed")
                + ", service time ±" + Math.round(serviceJitter * 100) + "%"
                + ", arrival 0.." + arrivalJitterNs / 1000 + " µs late"
                + ", extent gap 0.." + extentGapPages * 4 + " KiB";
    }
}
