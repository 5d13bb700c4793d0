package io.wbreplay.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's tracefs (Documentation/trace/ftrace.rst) as {@code wbreplay record} uses it: the mount
 * at /sys/kernel/tracing, or a private mount in a temporary directory when there is none (unmounted
 * again on close, so the system's mounts are as they were), and instances of its own.
 */
final class Tracefs implements AutoCloseable {
    static final Path SYSTEM = Path.of("/sys/kernel/tracing");
    private final Path root;
    private final boolean mountedHere;

    private Tracefs(Path root, boolean mountedHere) {
        this.root = root;
        this.mountedHere = mountedHere;
    }

    /** The system's tracefs if mounted, else a private mount; an IOException saying why when tracefs cannot be had. */
    static Tracefs open() throws IOException {
        if (Files.exists(SYSTEM.resolve("instances"))) {
            return new Tracefs(SYSTEM, false);
        }
        Path dir = Files.createTempDirectory("wbreplay-tracefs");
        String result = run("mount", "-t", "tracefs", "nodev", dir.toString());
        if (result != null || !Files.exists(dir.resolve("instances"))) {
            Files.deleteIfExists(dir);
            throw new IOException("tracefs is not available: mount -t tracefs failed" + (result != null ? ": " + result : ""));
        }
        return new Tracefs(dir, true);
    }

    boolean mountedHere() {
        return mountedHere;
    }

    /** A new instance {@code name} (refused if it already exists: another recording's). */
    Instance instance(String name) throws IOException {
        Path dir = root.resolve("instances").resolve(name);
        if (Files.exists(dir)) {
            throw new IOException(dir + ": already exists (another recording?)");
        }
        Files.createDirectory(dir); // tracefs creates the instance's files
        return new Instance(dir);
    }

    @Override
    public void close() throws IOException {
        if (mountedHere) {
            String result = run("umount", root.toString());
            if (result != null) {
                throw new IOException("umount " + root + " failed: " + result);
            }
            Files.deleteIfExists(root);
        }
    }

    /** Runs a system command; null on success, else its output (one line). */
    static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes()).trim().replace('\n', ' ');
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : output.isEmpty() ? "exit " + p.exitValue() : output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", cmd) + ": interrupted");
        }
    }

    /** One trace instance: its own ring buffer and event switches; removed on close. */
    static final class Instance implements AutoCloseable {
        private final Path dir;

        Instance(Path dir) {
            this.dir = dir;
        }

        Path file(String name) {
            return dir.resolve(name);
        }

        void bufferKb(int kb) throws IOException {
            write("buffer_size_kb", Integer.toString(kb));
        }

        /** Enables {@code system/event} with an optional filter; false if this kernel has no such event. */
        boolean enable(String event, String filter) throws IOException {
            Path e = dir.resolve("events").resolve(event);
            if (!Files.isDirectory(e)) {
                return false;
            }
            if (filter != null) {
                Files.writeString(e.resolve("filter"), filter);
            }
            Files.writeString(e.resolve("enable"), "1");
            return true;
        }

        /** Writes {@code text} into the ring buffer as a tracing_mark_write event (where the command started and ended). */
        void mark(String text) throws IOException {
            write("trace_marker", text);
        }

        void on(boolean on) throws IOException {
            write("tracing_on", on ? "1" : "0");
        }

        /** Per CPU: events overwritten or dropped because the ring buffer was full (per_cpu/cpuN/stats). */
        List<String> lostEvents() throws IOException {
            List<String> lost = new ArrayList<>();
            try (var s = Files.list(dir.resolve("per_cpu"))) {
                for (Path cpu : s.sorted().toList()) {
                    StringBuilder b = new StringBuilder(cpu.getFileName().toString());
                    for (String line : Files.readAllLines(cpu.resolve("stats"))) {
                        if (line.startsWith("overrun") || line.startsWith("dropped")) {
                            b.append(' ').append(line.trim());
                        }
                    }
                    lost.add(b.toString());
                }
            }
            return lost;
        }

        private void write(String file, String value) throws IOException {
            Files.writeString(dir.resolve(file), value);
        }

        /** Tracing and every event off, then the instance removed (rmdir, as tracefs wants). */
        @Override
        public void close() throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            write("tracing_on", "0");
            write("events/enable", "0");
            Files.delete(dir);
        }
    }

    /** A block device as the block tracepoints name it: the whole disk (requests are the disk's, not a partition's). */
    record Device(int major, int minor, String name) {
        /** /dev/NAME (its rdev) or MAJ:MIN. */
        static Device named(String s) throws IOException {
            if (s.matches("\\d+:\\d+")) {
                String[] p = s.split(":");
                return disk(Integer.parseInt(p[0]), Integer.parseInt(p[1]), s);
            }
            Path p = Path.of(s);
            if (!Files.exists(p)) {
                throw new IOException(s + ": no such device (expected /dev/NAME or MAJ:MIN)");
            }
            long rdev = ((Number) Files.getAttribute(p, "unix:rdev")).longValue();
            if (rdev == 0) {
                throw new IOException(s + ": not a block device (expected /dev/NAME or MAJ:MIN)");
            }
            return disk(major(rdev), minor(rdev), s);
        }

        /** The disk holding {@code path}'s file system. */
        static Device holding(Path path) throws IOException {
            long dev = ((Number) Files.getAttribute(path.toAbsolutePath(), "unix:dev")).longValue();
            return disk(major(dev), minor(dev), path.toAbsolutePath().toString());
        }

        // glibc's dev_t layout (gnu_dev_major/minor)
        private static int major(long dev) {
            return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
        }

        private static int minor(long dev) {
            return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
        }

        private static Device disk(int major, int minor, String what) throws IOException {
            Path sys = Path.of("/sys/dev/block", major + ":" + minor);
            if (!Files.exists(sys)) {
                throw new IOException(what + ": on no block device (" + major + ":" + minor + "); give --device");
            }
            Path real = sys.toRealPath();
            if (Files.exists(real.resolve("partition"))) { // a partition: its disk is the parent directory
                real = real.getParent();
                String[] mm = RecordCommand.readProc(real.resolve("dev")).trim().split(":");
                major = Integer.parseInt(mm[0]);
                minor = Integer.parseInt(mm[1]);
            }
            return new Device(major, minor, real.getFileName().toString());
        }

        /** dev_t as the kernel's tracepoints print and filter it: major << 20 | minor. */
        long kernelDev() {
            return ((long) major << 20) | minor;
        }

        String describe() {
            return name + " (" + major + ":" + minor + ")";
        }

        /** Where a file system of this disk or one of its partitions is mounted (from /proc/self/mountinfo). */
        List<String> mountPoints() throws IOException {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length < 5) {
                    continue;
                }
                String[] mm = f[2].split(":");
                Path sys = Path.of("/sys/dev/block", f[2]);
                boolean ours = mm.length == 2 && (f[2].equals(major + ":" + minor)
                        || Files.exists(sys) && sys.toRealPath().getParent().getFileName().toString().equals(name));
                if (ours) {
                    out.add(f[4].replace("\\040", " "));
                }
            }
            return out;
        }

        /** NAME=VALUE for each of {@code names} under /sys/dev/block/MAJ:MIN/queue that exists, then size= (the device's bytes). */
        String queueSettings(List<String> names) throws IOException {
            StringBuilder b = new StringBuilder();
            Path q = Path.of("/sys/dev/block", major + ":" + minor, "queue");
            for (String n : names) {
                if (Files.exists(q.resolve(n))) {
                    b.append(n).append('=').append(RecordCommand.readProc(q.resolve(n)).trim()).append('\n');
                }
            }
            Path size = q.resolveSibling("size"); // in 512-byte sectors, whatever the logical block size
            if (Files.exists(size)) {
                b.append("size=").append(Long.parseLong(RecordCommand.readProc(size).trim()) * 512).append('\n');
            }
            return b.toString();
        }
    }
}
