package io.wbreplay.traces;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An output stream that writes to a temporary file beside the target and renames it into place on
 * {@link #close()}, so an interrupted or failed run never leaves a half-written file. Call
 * {@link #abandon()} on failure to delete the temporary file instead.
 *
 * <p>The temporary file is {@code .NAME.PID.tmp}. Every one still open is known here, so that an exit
 * on a signal or an error removes them all ({@link #abandonAll}); one left by a killed process (its
 * pid no longer running) is removed by the next output into the same directory.
 */
public final class AtomicOutput extends FilterOutputStream {
    private static final Set<AtomicOutput> OPEN = ConcurrentHashMap.newKeySet();
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();
    private static final Pattern TEMP = Pattern.compile("\\..+\\.(\\d+)\\.tmp");
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong COMPLETED = new AtomicLong();
    private static volatile Path lastCompleted;
    private static volatile boolean exiting;

    private final Path target;
    private final Path temp;
    private boolean done;

    private AtomicOutput(Path target, Path temp) throws IOException {
        super(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
        this.target = target;
        this.temp = temp;
    }

    public static AtomicOutput create(Path target) throws IOException {
        if (exiting) {
            throw new IOException(target + ": not written, the process is exiting");
        }
        if (Files.isDirectory(target)) {
            throw new IOException(target + ": is a directory; expected a file name to write");
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (SWEPT.add(dir)) {
            removeStale(dir);
        }
        Path temp = dir.resolve("." + target.getFileName() + "." + PID + ".tmp");
        AtomicOutput out = new AtomicOutput(target, temp);
        OPEN.add(out);
        return out;
    }

    /** Removes temporary files in {@code dir} of processes no longer running (a run that was killed). */
    private static void removeStale(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : files) {
                Matcher m = TEMP.matcher(f.getFileName().toString());
                if (m.matches()) {
                    long pid = Long.parseLong(m.group(1));
                    if (pid != PID && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // best effort: a stale file left is only clutter
        }
    }

    /**
     * Deletes the temporary file of every output still open; with {@code forExit}, outputs can no
     * longer be created (threads still running while the process exits would leave new ones).
     *
     * @return how many were removed
     */
    public static int abandonAll(boolean forExit) {
        if (forExit) {
            exiting = true;
        }
        int n = 0;
        for (AtomicOutput o : OPEN) {
            if (o.abandonQuietly()) {
                n++;
            }
        }
        return n;
    }

    /** True once the process is exiting (a signal): failures of outputs then are its consequence, not news. */
    public static boolean exiting() {
        return exiting;
    }

    /** "N file(s) completed, the last PATH", for the line printed when a run is interrupted. */
    public static String completedSummary() {
        long n = COMPLETED.get();
        return n == 0 ? "no output file was completed" : n + " output file(s) completed, the last " + lastCompleted;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw named(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw named(e);
        }
    }

    /** {@code e} naming the target ("No space left on device" alone names nothing). */
    private IOException named(IOException e) {
        String m = e.getMessage() != null ? e.getMessage() : exiting ? "closed, the process is exiting" : e.getClass().getSimpleName();
        return m.contains(target.toString()) ? e : new IOException(target + ": " + m, e);
    }

    /** Flushes, then moves the temporary file onto the target. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        try {
            out.close();
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            COMPLETED.incrementAndGet();
            lastCompleted = target;
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw named(e);
        } finally {
            OPEN.remove(this);
        }
    }

    /** Drops what was written: the target is left as it was. */
    public void abandon() {
        abandonQuietly();
    }

    private boolean abandonQuietly() {
        synchronized (this) {
            if (done) {
                return false;
            }
            done = true;
        }
        OPEN.remove(this);
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is deleted next; a close failure changes nothing
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing more can be done; the next output into this directory removes it
        }
        return true;
    }

    /** Writes {@code content} to {@code target} atomically. */
    public static void writeString(Path target, String content) throws IOException {
        AtomicOutput out = create(target);
        try {
            out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            out.abandon();
            throw e;
        }
        out.close();
    }
}
