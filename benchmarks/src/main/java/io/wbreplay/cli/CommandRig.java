package io.wbreplay.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one {@code wbreplay} command line in this JVM and prints, on stderr, its wall time and the CPU
 * time of the threads that ran the work ({@code wbreplay-run}, the replay's; {@code trace-reader},
 * the read-ahead of {@code trace stats}) apart from the JVM's own (JIT compiler, garbage collector):
 * on a shared machine the CPU time of the working thread is the steadier figure for comparing two jars.
 * The threads' CPU times are sampled every 10 ms (a thread's last few milliseconds may be missed).
 *
 * <pre>java -cp benchmarks/target/wbreplay.jar io.wbreplay.cli.CommandRig replay r.iolog --memory 5g --device ssd -o run</pre>
 */
public final class CommandRig {
    private CommandRig() {
    }

    public static void main(String[] args) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                synchronized (cpu) {
                    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                        long ns = t == null ? -1 : threads.getThreadCpuTime(t.getThreadId());
                        if (ns > 0) {
                            cpu.merge(t.getThreadId(), ns, Math::max);
                            names.put(t.getThreadId(), t.getThreadName());
                        }
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "command-rig");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        int status = Main.commandLine().execute(args);
        double wall = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();
        Map<String, Long> byName = new HashMap<>();
        synchronized (cpu) {
            cpu.forEach((id, ns) -> byName.merge(names.get(id), ns, Long::sum));
        }
        System.err.printf(Locale.ROOT, "exit %d, %.2f s wall; CPU s: main %.2f, wbreplay-run %.2f, trace-reader %.2f%n", status,
                wall, byName.getOrDefault("main", 0L) / 1e9, byName.getOrDefault("wbreplay-run", 0L) / 1e9,
                byName.getOrDefault("trace-reader", 0L) / 1e9);
        System.exit(status);
    }
}
