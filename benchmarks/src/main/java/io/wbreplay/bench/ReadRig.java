package io.wbreplay.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@link TraceReaderBenchmark}'s file and read loop outside JMH, timed by the thread's CPU time, which
 * other work on a shared machine disturbs far less than wall time. Prints records per CPU second of
 * each pass (the first ones warm the JIT) and the best.
 *
 * <pre>java -cp benchmarks/target/wbreplay.jar io.wbreplay.bench.ReadRig wbreplay-csv 2000000 8</pre>
 */
public final class ReadRig {
    private ReadRig() {
    }

    public static void main(String[] args) throws IOException {
        TraceReaderBenchmark b = new TraceReaderBenchmark();
        b.format = args.length > 0 ? args[0] : "wbreplay-csv";
        b.records = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        b.write();
        try {
            double best = 0;
            for (int i = 0; i < passes; i++) {
                TraceReaderBenchmark.Read read = new TraceReaderBenchmark.Read();
                long cpuStart = threads.getCurrentThreadCpuTime();
                b.readAll(read);
                double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
                best = Math.max(best, read.records / cpu);
                System.err.printf(Locale.ROOT, "pass %d: %d records in %.3f s cpu: %.2f M records per cpu second%n",
                        i + 1, read.records, cpu, read.records / cpu / 1e6);
            }
            System.out.printf(Locale.ROOT, "%s: best %.2f M records per cpu second%n", b.format, best / 1e6);
        } finally {
            b.delete();
        }
    }
}
