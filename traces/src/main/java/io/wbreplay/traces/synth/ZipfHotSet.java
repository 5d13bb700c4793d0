package io.wbreplay.traces.synth;

import java.util.Arrays;

/**
 * {@code zipf}: block-sized I/O to the blocks of f0 with Zipf popularity: the block of rank k (1-based)
 * is chosen with probability (1/k^s) / H(n, s). Ranks map to blocks through a seeded shuffle, so the
 * hot set is scattered over the file rather than packed at its start.
 */
final class ZipfHotSet extends SingleFileIo {
    /** cdf[k] = P(rank <= k + 1). */
    private final double[] cdf;
    /** block of rank k + 1. */
    private final int[] blockOfRank;

    ZipfHotSet(SynthOptions o) {
        super(o, o.blockSize, o.readFraction(0));
        long blocks = Math.max(1, o.fileSize(64L << 20) / o.blockSize);
        if (blocks > 1 << 26) {
            throw new IllegalArgumentException("zipf: at most 2^26 blocks (file size / block size), got " + blocks);
        }
        int n = (int) blocks;
        cdf = cdf(n, o.zipfExponent);
        blockOfRank = new int[n];
        for (int i = 0; i < n; i++) {
            blockOfRank[i] = i;
        }
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int t = blockOfRank[i];
            blockOfRank[i] = blockOfRank[j];
            blockOfRank[j] = t;
        }
    }

    /** The cumulative Zipf distribution over ranks 1..n. */
    static double[] cdf(int n, double s) {
        double[] c = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / StrictMath.pow(k, s);
            c[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            c[k] /= sum;
        }
        c[n - 1] = 1.0;
        return c;
    }

    /** A rank (1-based) drawn by inverting the cumulative distribution. */
    private int rank() {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return (i >= 0 ? i : -i - 1) + 1;
    }

    @Override
    long nextOffset() {
        return (long) blockOfRank[rank() - 1] * blockSize();
    }
}
