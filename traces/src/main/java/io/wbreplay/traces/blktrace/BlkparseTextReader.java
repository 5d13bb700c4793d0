package io.wbreplay.traces.blktrace;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.TextTraceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads blkparse's default text output line by line (see {@link BlkparseLine} for one line). Around the
 * events it passes over the "Input file ... added" banners, blank lines, and from the first summary
 * header on ("CPU0 (8,0):", "Total (8,0):", a per-process "name (pid)", "Throughput (R/W): ...")
 * everything to the end. Messages and passthrough requests count as ignored. Process names come from
 * the commands in brackets (the first name seen for a pid; "(null)" is none).
 */
public final class BlkparseTextReader extends TextTraceReader {
    static final byte[] INPUT_BANNER = ascii("Input file ");
    private static final byte[] THROUGHPUT = ascii("Throughput (R/W): ");
    private static final byte[] CPU = ascii("CPU");
    private static final byte[] TOTAL = ascii("Total (");
    private static final byte[] MORE_PIDS = ascii(", ...");
    private static final byte[] NULL_COMMAND = ascii("(null)");
    private static final int QUOTED_BYTES = 200;

    private final BlkparseLine parser = new BlkparseLine();
    private final PidNames names = new PidNames();
    private boolean inSummary;

    public BlkparseTextReader(Path file, ReadOptions options) throws IOException {
        super(file, options);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean next(IoRecord into) throws IOException {
        while (!inSummary && lines.next()) {
            TextLine line = lines.line();
            int outcome = parser.parse(line, into);
            if (outcome == BlkparseLine.RECORD) {
                rememberCommand(line, into.pid);
                return true;
            }
            if (outcome == BlkparseLine.IGNORED) {
                ignoreLine();
            } else if (!line.isBlank() && !line.startsWith(INPUT_BANNER)) {
                if (isSummaryHeader(line)) {
                    inSummary = true;
                } else {
                    malformedLine("expected a blkparse event line (" + parser.problem + "): '"
                            + line.text(0, Math.min(line.length(), QUOTED_BYTES)) + "'");
                }
            }
        }
        if (lines.number() == 0) {
            throw emptyFile("expected blkparse text output");
        }
        return false;
    }

    private void rememberCommand(TextLine line, int pid) {
        int from = parser.commandStart;
        int to = parser.commandEnd;
        if (from < 0 || from == to || names.contains(pid) || line.regionEquals(from, to, NULL_COMMAND)) {
            return;
        }
        names.putIfAbsent(pid, line.text(from, to));
    }

    /**
     * The first line of blkparse's footer: "CPU0 (8,0):", "Total (8,0):", a per-process header
     * "bash (1234)" or "bash (1234, ...)" (with -s), or "Throughput (R/W): ...".
     */
    private static boolean isSummaryHeader(TextLine line) {
        if (line.startsWith(THROUGHPUT)) {
            return true;
        }
        int last = line.length() - 1;
        if (line.startsWith(CPU) || line.startsWith(TOTAL)) {
            return last > 1 && line.charAt(last - 1) == ')' && line.charAt(last) == ':';
        }
        // per-process: ends in " (PID)" or " (PID, ...)"
        if (last <= 0 || line.charAt(last) != ')') {
            return false;
        }
        int open = last - 1;
        while (open > 0 && line.charAt(open) != '(') {
            open--;
        }
        int i = open + 1;
        while (i < last && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
            i++;
        }
        return open > 0 && line.charAt(open - 1) == ' ' && i > open + 1
                && (i == last || line.regionEquals(i, last, MORE_PIDS));
    }

    /** The first command printed in brackets for {@code pid}, or null. */
    @Override
    public String processName(int pid) {
        return names.get(pid);
    }

    @Override
    public boolean namesProcesses() {
        return true;
    }
}
