package io.wbreplay.traces.tracepoint;

import io.wbreplay.traces.TextLine;

/**
 * Recognises the prefix of a trace event line and where its event name is. Three printers are understood:
 * <pre>
 *   tracefs trace/trace_pipe:  COMM-PID [CPU] FLAGS TIMESTAMP: EVENT: BODY    (optionally "(TGID)" before [CPU])
 *   trace-cmd report:          COMM-PID [CPU] TIMESTAMP: EVENT: BODY
 *   perf script:               COMM PID [CPU] TIMESTAMP: SYSTEM:EVENT: BODY
 * </pre>
 * COMM may hold spaces and dashes (the pid is the last number before the CPU bracket) or be {@code <...>}.
 * TIMESTAMP is seconds with any number of decimals.
 */
final class EventLinePrefix {
    private static final byte[] BLOCK_SYSTEM = {'b', 'l', 'o', 'c', 'k', ':'};

    int pid;
    /** The task's command: line indices [commFrom, commTo), empty if the printer left it out ("<...>"). */
    int commFrom;
    int commTo;
    int cpu;
    long timeNs;
    /** The event name, without "block:" or the trailing colon: line indices [eventFrom, eventTo). */
    int eventFrom;
    int eventTo;
    /** True if perf named a system other than block ("writeback:..."). */
    boolean otherSystem;

    /**
     * Parses the prefix of {@code line}; on success the cursor is at the body.
     *
     * @return false if the line is not an event line (comments, headers, prose, stack traces)
     */
    boolean parse(TextLine line) {
        int open = cpuBracket(line);
        if (open < 0 || !pidBefore(line, open)) {
            return false;
        }
        line.position(open + 1);
        long c = line.unsigned();
        if (c > Integer.MAX_VALUE || !line.accept(']')) {
            return false;
        }
        cpu = (int) c;
        if (line.skipSpaces() == 0) {
            return false;
        }
        timeNs = timestamp(line);
        if (timeNs == TextLine.NONE) {
            line.skipToken(); // latency flags such as "d..1." or "....."
            line.skipSpaces();
            timeNs = timestamp(line);
            if (timeNs == TextLine.NONE) {
                return false;
            }
        }
        if (line.skipSpaces() == 0) {
            return false;
        }
        eventFrom = line.position();
        line.skipToken();
        eventTo = line.position() - 1;
        if (eventTo <= eventFrom || line.charAt(eventTo) != ':') {
            return false;
        }
        otherSystem = false;
        int colon = line.indexOf(':', eventFrom);
        if (colon < eventTo) {
            line.position(eventFrom);
            if (line.accept(BLOCK_SYSTEM)) {
                eventFrom += BLOCK_SYSTEM.length;
            } else {
                otherSystem = true;
            }
        }
        line.position(eventTo + 1);
        line.skipSpaces();
        return true;
    }

    /** "SECONDS.FRACTION:" at the cursor, in nanoseconds, or NONE. */
    private static long timestamp(TextLine line) {
        int at = line.position();
        long ns = line.secondsAsNanos();
        if (ns != TextLine.NONE && line.accept(':')) {
            return ns;
        }
        line.position(at);
        return TextLine.NONE;
    }

    /** Index of the first "[digits]" in the line, or -1. */
    private static int cpuBracket(TextLine line) {
        int from = 0;
        while (true) {
            int open = line.indexOf('[', from);
            if (open < 0) {
                return -1;
            }
            int i = open + 1;
            while (i < line.length() && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
                i++;
            }
            if (i > open + 1 && i < line.length() && line.charAt(i) == ']') {
                return open;
            }
            from = open + 1;
        }
    }

    /** Reads the pid ending before the CPU bracket ("comm-123 [", "comm 123 [", "comm-123 (  45) ["). */
    private boolean pidBefore(TextLine line, int open) {
        int i = open - 1;
        while (i >= 0 && line.charAt(i) == ' ') {
            i--;
        }
        if (i >= 0 && line.charAt(i) == ')') { // the tgid column of the record-tgid option
            while (i >= 0 && line.charAt(i) != '(') {
                i--;
            }
            i--;
            while (i >= 0 && line.charAt(i) == ' ') {
                i--;
            }
        }
        int end = i + 1;
        while (i >= 0 && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
            i--;
        }
        if (i == end - 1 || end - i > 11 || i < 1 || (line.charAt(i) != '-' && line.charAt(i) != ' ')) {
            return false;
        }
        long p = line.unsigned(i + 1, end);
        if (p > Integer.MAX_VALUE) {
            return false;
        }
        pid = (int) p;
        int from = 0;
        while (from < i && line.charAt(from) == ' ') {
            from++;
        }
        commFrom = from;
        commTo = i;
        if (i - from == 5 && line.charAt(from) == '<' && line.charAt(i - 1) == '>') {
            commTo = from; // "<...>": the command was not recorded
        }
        return true;
    }
}
