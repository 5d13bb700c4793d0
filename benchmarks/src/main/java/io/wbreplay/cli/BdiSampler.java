package io.wbreplay.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples the recorded device's own dirty and writeback pages every 100 ms from debugfs
 * {@code bdi/MAJ:MIN/stats} (BdiReclaimable, BdiWriteback: mm/backing-dev.c bdi_debug_stats_show), which,
 * unlike global_dirty_state, leave out what other programs dirty on other devices. debugfs is mounted
 * privately in a temporary directory when /sys/kernel/debug is not mounted, and unmounted on close.
 */
final class BdiSampler implements AutoCloseable {
    static final Path SYSTEM = Path.of("/sys/kernel/debug");
    /** The file written: one "NS_SINCE_START RECLAIMABLE_KB WRITEBACK_KB" line per sample. */
    static final String FILE = io.wbreplay.reports.Recording.BDI_SAMPLES;
    static final long PERIOD_MS = 100;

    private final Path root;
    private final boolean mountedHere;
    private final Path stats;
    private final StringBuilder out = new StringBuilder("# ns_since_start bdi_reclaimable_kb bdi_writeback_kb (debugfs bdi stats, every 100 ms)\n");
    private Thread thread;
    private volatile boolean running;
    private long startNs;

    private BdiSampler(Path root, boolean mountedHere, Path stats) {
        this.root = root;
        this.mountedHere = mountedHere;
        this.stats = stats;
    }

    /** A sampler of {@code dev}'s bdi, or null (with the reason in {@code why[0]}) when debugfs has none. */
    static BdiSampler open(Tracefs.Device dev, String[] why) throws IOException {
        Path root = SYSTEM;
        boolean here = false;
        if (!Files.isDirectory(SYSTEM.resolve("bdi"))) {
            root = Files.createTempDirectory("wbreplay-debugfs");
            String result = Tracefs.run("mount", "-t", "debugfs", "none", root.toString());
            if (result != null) {
                Files.deleteIfExists(root);
                why[0] = "debugfs could not be mounted: " + result;
                return null;
            }
            here = true;
        }
        BdiSampler s = new BdiSampler(root, here, root.resolve("bdi").resolve(dev.major() + ":" + dev.minor()).resolve("stats"));
        if (!Files.exists(s.stats)) {
            why[0] = s.stats + ": no such file";
            s.close();
            return null;
        }
        return s;
    }

    void start() {
        startNs = System.nanoTime();
        running = true;
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bdi-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        long t = System.nanoTime() - startNs;
        long reclaimable = -1;
        long writeback = -1;
        try {
            for (String line : RecordCommand.readProc(stats).split("\n")) {
                String[] p = line.trim().split("\\s+");
                if (p.length >= 2 && p[0].equals("BdiReclaimable:")) {
                    reclaimable = Long.parseLong(p[1]);
                } else if (p.length >= 2 && p[0].equals("BdiWriteback:")) {
                    writeback = Long.parseLong(p[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return; // a sample lost; the next one follows
        }
        if (reclaimable >= 0 && writeback >= 0) {
            synchronized (out) {
                out.append(t).append(' ').append(reclaimable).append(' ').append(writeback).append('\n');
            }
        }
    }

    /** Stops sampling (after one last sample) and writes the samples to {@code file}. */
    void stopAndWrite(Path file) throws IOException, InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        sample();
        synchronized (out) {
            Files.writeString(file, out);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        if (mountedHere && Files.exists(root)) {
            String result = Tracefs.run("umount", root.toString());
            if (result != null) {
                throw new IOException("umount " + root + " failed: " + result);
            }
            Files.deleteIfExists(root);
        }
    }
}
