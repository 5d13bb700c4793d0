package io.wbreplay.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for a command that reads a trace: how much of the input has been read, the
 * records so far and their rate, and the time left. It appears only on a terminal ({@link #onTerminal()})
 * and only once the command has run {@value #DELAY_MS} ms, so short runs and output redirected to a file
 * or a pipe get nothing extra.
 *
 * <p>How far the input has been read comes from the kernel: the file position of each descriptor this
 * process has open on an input file ({@code /proc/self/fdinfo}), whatever the reader does with the bytes.
 * Where that is not available the bar shows records and rate without an end.
 */
final class Progress implements AutoCloseable {
    /** A run shorter than this shows no bar. */
    static final long DELAY_MS = 2000;
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Path FDINFO = Path.of("/proc/self/fdinfo");

    private final String task;
    private final Set<Path> inputs;
    private final long inputBytes;
    private final int runs;
    private final AtomicLong records = new AtomicLong();
    private final AtomicInteger finishedRuns = new AtomicInteger();
    private final long startNs = System.nanoTime();
    private final ScheduledExecutorService timer;
    private ProgressBar bar;
    private boolean closed;

    /** True when stdin and stdout are a terminal (a user is watching). */
    static boolean onTerminal() {
        return System.console() != null;
    }

    /**
     * A bar for {@code runs} passes over {@code trace} (blktrace: NAME of NAME.blktrace.N), or one that
     * never shows when not on a terminal.
     */
    static Progress start(String task, Path trace, int runs) {
        return new Progress(task, trace, runs, onTerminal());
    }

    private Progress(String task, Path trace, int runs, boolean show) {
        this.task = task;
        this.runs = runs;
        this.inputs = inputFiles(trace);
        long bytes = 0;
        for (Path p : inputs) {
            try {
                bytes += Files.size(p);
            } catch (IOException e) {
                // a file that went away adds nothing
            }
        }
        this.inputBytes = bytes;
        if (show) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::update, DELAY_MS, 500, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /** The counter the readers add their records to. */
    AtomicLong records() {
        return records;
    }

    /** One pass over the input is done. */
    void runFinished() {
        finishedRuns.incrementAndGet();
    }

    private synchronized void update() {
        if (!closed) {
            refresh();
        }
    }

    private void refresh() {
        long n = records.get();
        long read = inputBytes == 0 ? -1 : position();
        long total = (long) runs * inputBytes;
        if (bar == null) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNs);
            bar = new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII)
                    .setInitialMax(read < 0 ? -1 : Math.max(total, 1)).setUnit(" MiB", 1 << 20)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500)
                    .startsFrom(0, elapsed).continuousUpdate().build();
        }
        if (read >= 0) {
            bar.stepTo(Math.min(read, total));
        }
        double seconds = (System.nanoTime() - startNs) / 1e9;
        bar.setExtraMessage(String.format("%,d records, %,.0f/s", n, n / seconds));
    }

    /** Bytes read over all runs: the finished ones whole, the open descriptors at their position. */
    private long position() {
        long sum = (long) finishedRuns.get() * inputBytes;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                try {
                    if (inputs.contains(Files.readSymbolicLink(fd))) {
                        for (String line : Files.readAllLines(FDINFO.resolve(fd.getFileName()))) {
                            if (line.startsWith("pos:")) {
                                sum += Long.parseLong(line.substring(4).strip());
                            }
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // closed meanwhile: its run is counted when it finishes
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    /** The files a trace path names: itself, or blktrace's NAME.blktrace.N; real paths. */
    private static Set<Path> inputFiles(Path trace) {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(trace)) {
            files.add(trace);
        } else {
            Path dir = trace.toAbsolutePath().getParent();
            String prefix = trace.getFileName() + ".blktrace.";
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
                ds.forEach(files::add);
            } catch (IOException | RuntimeException e) {
                // no such files: nothing to measure
            }
        }
        Set<Path> real = new HashSet<>();
        for (Path f : files) {
            try {
                real.add(f.toRealPath());
            } catch (IOException e) {
                // gone
            }
        }
        return real;
    }

    /** Stops the bar, leaving its last line. */
    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
        if (bar != null) {
            refresh();
            bar.close();
        }
    }
}
