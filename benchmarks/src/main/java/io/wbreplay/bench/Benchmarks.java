package io.wbreplay.bench;

import io.wbreplay.replay.vmscan.strategy.ReclaimStrategies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JMH's own main, with one default added: unless the arguments set {@code -p strategy=...}, the
 * {@code strategy} parameter of {@link ReplayBenchmark} takes every strategy in
 * {@link ReclaimStrategies}, so a newly registered strategy is benchmarked without editing the
 * benchmark. Benchmarks without that parameter ignore it.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(withStrategies(args));
    }

    /** {@code args} plus {@code -p strategy=ALL,...} if they do not set the parameter themselves. */
    public static String[] withStrategies(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-p") && args[i + 1].startsWith("strategy=")) {
                return args;
            }
        }
        List<String> out = new ArrayList<>(Arrays.asList(args));
        out.add("-p");
        out.add("strategy=" + String.join(",", ReclaimStrategies.names()));
        return out.toArray(new String[0]);
    }
}
