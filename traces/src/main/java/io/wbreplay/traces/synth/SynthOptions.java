package io.wbreplay.traces.synth;

/**
 * The knobs of the synthetic workloads. Each workload reads the ones it needs; a field left at
 * {@link #UNSET} takes that workload's own default (listed on the field).
 */
public final class SynthOptions {
    /** Marks a count or size the workload chooses itself. */
    public static final long UNSET = -1;

    /** Seed of the pseudo-random generator: the same seed gives the same trace. */
    public long seed = 1;
    /** Data operations (writes, reads, page dirties) to generate; UNSET: file size / block size for seq-write, streams x that for streams, 16384 otherwise. */
    public long count = UNSET;
    /** Bytes per data operation (mmap-dirty always dirties 4096-byte pages). */
    public long blockSize = 4096;
    /** Size of each file; UNSET: 16 KiB for small-files, 1 GiB for mmap-dirty, 64 MiB otherwise. */
    public long fileSize = UNSET;
    /** Mean gap between consecutive records in nanoseconds (exponentially distributed; 0 = all at time 0). 1e9 / rate. */
    public long thinkTimeNs = 10_000;
    /** Interleaved sequential writers (streams) or concurrent writers (reclaim-hazards). */
    public int streams = 4;
    /** Files; UNSET: 1000 for small-files, 8 for reclaim-hazards. */
    public long files = UNSET;
    /** Small files that exist at once before the oldest is unlinked (small-files). */
    public int liveFiles = 100;
    /** Zipf exponent s of the hot-set popularity: rank k is chosen with probability proportional to 1/k^s. */
    public double zipfExponent = 1.0;
    /** Fraction of data operations that are reads (mixed; zipf). UNSET-like default: 0.3 for mixed, 0 for zipf. */
    public double readFraction = Double.NaN;
    /** An fsync every this many data operations (0: only at the end). */
    public long fsyncEvery = 0;

    long count(long fallback) {
        return count == UNSET ? fallback : count;
    }

    long fileSize(long fallback) {
        return fileSize == UNSET ? fallback : fileSize;
    }

    long files(long fallback) {
        return files == UNSET ? fallback : files;
    }

    double readFraction(double fallback) {
        return Double.isNaN(readFraction) ? fallback : readFraction;
    }

    /** Rejects values no workload can use; the message names the option. */
    void validate() {
        require(blockSize > 0, "--block-size must be > 0");
        require(fileSize == UNSET || fileSize > 0, "--file-size must be > 0");
        require(count == UNSET || count >= 0, "--count must be >= 0");
        require(thinkTimeNs >= 0, "--think-time must be >= 0");
        require(streams > 0, "--streams must be > 0");
        require(files == UNSET || files > 0, "--files must be > 0");
        require(liveFiles > 0, "--live-files must be > 0");
        require(zipfExponent > 0 && Double.isFinite(zipfExponent), "--zipf-exponent must be > 0");
        require(Double.isNaN(readFraction) || readFraction >= 0 && readFraction <= 1, "--read-fraction must be within 0..1");
        require(fsyncEvery >= 0, "--fsync-every must be >= 0");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
