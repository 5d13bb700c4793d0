package io.wbreplay.traces;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output stream that writes to a temporary file beside the target and renames it into place on
 * {@link #close()}, so an interrupted or failed run never leaves a half-written file. Call
 * {@link #abandon()} on failure to delete the temporary file instead.
 */
public final class AtomicOutput extends FilterOutputStream {
    private final Path target;
    private final Path temp;
    private boolean done;

    private AtomicOutput(Path target, Path temp) throws IOException {
        super(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
        this.target = target;
        this.temp = temp;
    }

    public static AtomicOutput create(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + ".tmp");
        return new AtomicOutput(target, temp);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /** Flushes, then moves the temporary file onto the target. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            out.close();
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Drops what was written: the target is left as it was. */
    public void abandon() {
        if (done) {
            return;
        }
        done = true;
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is deleted next; a close failure changes nothing
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing more can be done; the temp name starts with a dot
        }
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
