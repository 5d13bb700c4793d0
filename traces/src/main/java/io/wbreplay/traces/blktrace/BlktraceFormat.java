package io.wbreplay.traces.blktrace;

import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.TraceWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The blktrace binary format ({@code struct blk_io_trace}, version 7, either byte order): per-CPU files
 * {@code NAME.blktrace.N} merged by time, or one file such as a {@code blkparse -d} dump.
 */
public final class BlktraceFormat implements TraceFormat {
    @Override
    public String name() {
        return "blktrace";
    }

    @Override
    public String description() {
        return "blktrace binary (NAME.blktrace.N per-CPU files or a blkparse -d dump), read and write";
    }

    /** A blktrace magic (any version, so that an unsupported one is reported as such) in either byte order. */
    @Override
    public boolean sniff(Path file, byte[] head, int length) {
        if (length < 4) {
            return false;
        }
        int big = (head[0] & 0xff) << 24 | (head[1] & 0xff) << 16 | (head[2] & 0xff) << 8 | (head[3] & 0xff);
        return (big & 0xffffff00) == BlkIoTrace.MAGIC || (Integer.reverseBytes(big) & 0xffffff00) == BlkIoTrace.MAGIC;
    }

    /** Every per-CPU file {@code NAME.blktrace.N} beside {@code name}, by N; empty if there is none. */
    public static List<Path> perCpuFiles(Path name) throws IOException {
        return BlktraceFiles.perCpuFiles(name);
    }

    @Override
    public TraceReader open(Path file, ReadOptions options) throws IOException {
        return new BlktraceReader(file, options);
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    /** Writes {@code file.blktrace.N}, one file per CPU used. */
    @Override
    public TraceWriter create(Path file) {
        return new BlktraceWriter(file);
    }
}
