package io.wbreplay.traces.blktrace;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.MalformedRecords;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads blkparse's default text output line by line from a reused byte buffer (see {@link BlkparseLine}
 * for one line). Around the events it passes over the "Input file ... added" banners, blank lines, and
 * from the first summary header on ("CPU0 (8,0):", "Total (8,0):", a per-process "name (pid)",
 * "Throughput (R/W): ...") everything to the end. Messages and passthrough requests count as ignored.
 * Process names come from the commands in brackets (the first name seen for a pid; "(null)" is none).
 */
public final class BlkparseTextReader implements TraceReader {
    private static final int BUFFER_BYTES = 1 << 20;
    private static final byte[] INPUT_BANNER = "Input file ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] THROUGHPUT = "Throughput (R/W): ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CPU = "CPU".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOTAL = "Total (".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MORE_PIDS = ", ...".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_COMMAND = "(null)".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final InputStream in;
    private final MalformedRecords malformed;
    private final BlkparseLine parser = new BlkparseLine();
    private final PidNames names = new PidNames();
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNumber;
    private int lineStart;
    private int lineEnd;
    private boolean inSummary;
    private long ignored;

    public BlkparseTextReader(Path file, ReadOptions options) throws IOException {
        this.file = file;
        this.in = Files.newInputStream(file);
        this.malformed = new MalformedRecords(file, options);
    }

    @Override
    public boolean next(IoRecord into) throws IOException {
        while (!inSummary && nextLine()) {
            int outcome = parser.parse(buf, lineStart, lineEnd, into);
            if (outcome == BlkparseLine.RECORD) {
                rememberCommand(into.pid);
                return true;
            }
            if (outcome == BlkparseLine.IGNORED) {
                ignored++;
            } else if (!isBannerOrBlank()) {
                if (isSummaryHeader()) {
                    inSummary = true;
                } else {
                    malformed.atLine(lineNumber, "expected a blkparse event line (" + parser.problem + "): '" + lineText() + "'");
                }
            }
        }
        if (lineNumber == 0) {
            throw TraceFormatException.atLine(file, 1, "the file is empty; expected blkparse text output");
        }
        return false;
    }

    private void rememberCommand(int pid) {
        int from = parser.commandStart;
        if (from < 0 || names.contains(pid)) {
            return;
        }
        int length = parser.commandEnd - from;
        if (length == 0 || Arrays.equals(buf, from, parser.commandEnd, NULL_COMMAND, 0, NULL_COMMAND.length)) {
            return;
        }
        names.putIfAbsent(pid, new String(buf, from, length, StandardCharsets.UTF_8));
    }

    private boolean isBannerOrBlank() {
        int i = lineStart;
        while (i < lineEnd && buf[i] == ' ') {
            i++;
        }
        return i == lineEnd || startsWith(INPUT_BANNER);
    }

    /**
     * The first line of blkparse's footer: "CPU0 (8,0):", "Total (8,0):", a per-process header
     * "bash (1234)" or "bash (1234, ...)" (with -s), or "Throughput (R/W): ...".
     */
    private boolean isSummaryHeader() {
        if (startsWith(THROUGHPUT)) {
            return true;
        }
        if (startsWith(CPU) || startsWith(TOTAL)) {
            return lineEnd - lineStart > 2 && buf[lineEnd - 2] == ')' && buf[lineEnd - 1] == ':';
        }
        // per-process: ends in " (PID)" or " (PID, ...)"
        int last = lineEnd - 1;
        if (last <= lineStart || buf[last] != ')') {
            return false;
        }
        int open = last - 1;
        while (open > lineStart && buf[open] != '(') {
            open--;
        }
        int i = open + 1;
        int digits = 0;
        while (i < last && buf[i] >= '0' && buf[i] <= '9') {
            i++;
            digits++;
        }
        return open > lineStart && buf[open - 1] == ' ' && digits > 0
                && (i == last || Arrays.equals(buf, i, last, MORE_PIDS, 0, MORE_PIDS.length));
    }

    private boolean startsWith(byte[] prefix) {
        return lineEnd - lineStart >= prefix.length
                && Arrays.equals(buf, lineStart, lineStart + prefix.length, prefix, 0, prefix.length);
    }

    private String lineText() {
        int n = Math.min(lineEnd - lineStart, 200);
        return new String(buf, lineStart, n, StandardCharsets.UTF_8);
    }

    /** Sets [lineStart, lineEnd) to the next line without its end-of-line; false at the end. */
    private boolean nextLine() throws IOException {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    setLine(pos, i);
                    pos = i + 1;
                    return true;
                }
            }
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            if (pos == 0 && limit == buf.length) {
                lineNumber++;
                malformed.atLine(lineNumber, "line longer than " + buf.length + " bytes; expected blkparse text");
                skipLongLine();
                continue;
            }
            refill();
        }
    }

    private void setLine(int start, int end) {
        lineNumber++;
        lineStart = start;
        lineEnd = end > start && buf[end - 1] == '\r' ? end - 1 : end;
    }

    /** Lenient mode: drops the rest of an overlong line. */
    private void skipLongLine() throws IOException {
        while (true) {
            pos = 0;
            limit = 0;
            refill();
            for (int i = 0; i < limit; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    return;
                }
            }
            if (eof) {
                pos = limit;
                return;
            }
        }
    }

    private void refill() throws IOException {
        int left = limit - pos;
        System.arraycopy(buf, pos, buf, 0, left);
        pos = 0;
        limit = left;
        while (limit < buf.length) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                break;
            }
            limit += n;
        }
    }

    @Override
    public long skipped() {
        return malformed.skipped();
    }

    @Override
    public String skippedSummary() {
        return malformed.summary();
    }

    /** Message lines and passthrough (PC) events. */
    @Override
    public long ignored() {
        return ignored;
    }

    /** The first command printed in brackets for {@code pid}, or null. */
    @Override
    public String processName(int pid) {
        return names.get(pid);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
