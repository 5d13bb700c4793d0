package io.wbreplay.replay.device;

/**
 * Parameters of {@link RotatingDisk}. The seek curve is Ruemmler and Wilkes's ("An introduction to disk
 * drive modeling", IEEE Computer 1994): {@code a + b*sqrt(d)} for seeks shorter than
 * {@code seekBoundaryCylinders}, {@code c + e*d} from there on, {@code d} in cylinders.
 *
 * <p>The {@link #DEFAULT} models a 1 TB 7200 rpm desktop disk of the 2010-2012 kind (datasheets of that
 * class quote track-to-track 0.8-1 ms, average 8.5 ms, full stroke 16-18 ms, 125-150 MB/s outer-zone
 * media rate): 200,000 cylinders; a = 0.86 ms, b = 0.042 ms per sqrt(cylinder), boundary 10,000
 * cylinders (the two branches meet there at 5.06 ms), c = 4.432 ms, e = 62.8 ns per cylinder. That gives
 * track-to-track 0.902 ms, full stroke 16.99 ms and a mean of 8.51 ms over uniformly random start and
 * target positions. Media rate 150 MB/s everywhere (zones are not modelled); queue depth 1 (no NCQ, as
 * the brief's baseline); a cache flush costs 1 ms of command overhead (the model keeps no dirty cache).
 *
 * @param capacitySectors size in 512-byte sectors
 * @param cylinders number of cylinders the capacity is spread over (sectors map to cylinders linearly)
 * @param rpm spindle speed
 * @param mediaBytesPerSecond media transfer rate
 * @param seekShortBaseNs a: constant part of a short seek
 * @param seekShortSqrtNs b: ns per square root of a cylinder
 * @param seekBoundaryCylinders distances from here on use the linear branch
 * @param seekLongBaseNs c: constant part of a long seek
 * @param seekLongPerCylinderNs e: ns per cylinder of a long seek
 * @param cacheFlushNs cost of a cache flush command
 * @param queueDepth commands accepted at once
 */
public record RotatingDiskConfig(
        long capacitySectors,
        long cylinders,
        int rpm,
        long mediaBytesPerSecond,
        double seekShortBaseNs,
        double seekShortSqrtNs,
        long seekBoundaryCylinders,
        double seekLongBaseNs,
        double seekLongPerCylinderNs,
        long cacheFlushNs,
        int queueDepth) {

    /** A 1 TB 7200 rpm disk; see the class comment for the fit. */
    public static final RotatingDiskConfig DEFAULT = new RotatingDiskConfig(
            1_953_525_168L, 200_000L, 7200, 150_000_000L,
            860_000.0, 42_000.0, 10_000L, 4_432_000.0, 62.8,
            1_000_000L, 1);

    public RotatingDiskConfig {
        if (capacitySectors <= 0 || cylinders <= 0 || cylinders > capacitySectors) {
            throw new IllegalArgumentException("disk needs 0 < cylinders <= capacity sectors, got "
                    + cylinders + " cylinders for " + capacitySectors + " sectors");
        }
        if (rpm <= 0 || mediaBytesPerSecond <= 0) {
            throw new IllegalArgumentException("disk rpm and media rate must be positive, got rpm " + rpm
                    + ", " + mediaBytesPerSecond + " bytes/s");
        }
        if (seekShortBaseNs < 0 || seekShortSqrtNs < 0 || seekLongBaseNs < 0 || seekLongPerCylinderNs < 0
                || seekBoundaryCylinders < 1 || cacheFlushNs < 0) {
            throw new IllegalArgumentException("disk seek parameters must be non-negative (boundary >= 1)");
        }
        if (queueDepth < 1) {
            throw new IllegalArgumentException("disk queue depth must be at least 1, got " + queueDepth);
        }
    }
}
