package io.wbreplay.traces.blktrace;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Rwbs;
import io.wbreplay.traces.TextLine;

/**
 * Parses one event line of blkparse's default output (blkparse_fmt.c, process_default) in place, with
 * no regex and no allocation: the header {@code %3d,%-3d %2d %8d %5d.%09lu %5u %2s %3s} (device, CPU,
 * sequence, seconds.nanoseconds, pid, action, RWBS), then the action's own tail, e.g.
 * {@code SECTOR + BLOCKS [COMMAND]}, {@code SECTOR + BLOCKS [ERROR]} for completions,
 * {@code [COMMAND] DEPTH} for unplugs, {@code SECTOR + BLOCKS <- (MAJ,MIN) FROM} for remaps.
 *
 * <p>Events that are not block I/O are reported as {@link #IGNORED}: messages ({@code m}) and
 * passthrough (PC) requests, which print a byte count or a CDB instead of a sector range. Split
 * events print the split point rather than a length, so their bytes read as 0. Events whose length is
 * under one sector print no sector range, so their sector and bytes read as 0.
 */
final class BlkparseLine {
    static final int RECORD = 0;
    static final int IGNORED = 1;
    static final int MALFORMED = 2;

    private static final int NANOS_DIGITS = 9;
    private static final long NO_ERROR_NUMBER = Long.MIN_VALUE;
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

    /** What was wrong, after {@link #parse} returned {@link #MALFORMED}. */
    String problem;
    /** The command in brackets, as line indexes [start, end); start < 0 if the line has none. */
    int commandStart;
    int commandEnd;

    private TextLine line;

    /** Parses {@code line} into {@code into}: {@link #RECORD}, {@link #IGNORED} or {@link #MALFORMED}. */
    int parse(TextLine line, IoRecord into) {
        this.line = line;
        commandStart = -1;
        problem = null;
        return parseEvent(into);
    }

    private int parseEvent(IoRecord r) {
        line.skipSpaces();
        long major = line.unsigned();
        if (major == TextLine.NONE || !line.accept(',')) {
            return fail("expected the device as MAJOR,MINOR");
        }
        long minor = line.unsigned();
        if (minor == TextLine.NONE || major > 0xfff || minor > 0xfffff) {
            return fail("expected the device as MAJOR,MINOR");
        }
        line.skipSpaces();
        long cpu = line.unsigned();
        line.skipSpaces();
        long sequence = line.unsigned();
        line.skipSpaces();
        if (cpu == TextLine.NONE || cpu > Integer.MAX_VALUE || sequence == TextLine.NONE) {
            return fail("expected the CPU and sequence numbers after the device");
        }
        long seconds = line.unsigned();
        if (seconds == TextLine.NONE || seconds > MAX_SECONDS || !line.accept('.')) {
            return fail("expected the time as SECONDS.NANOSECONDS");
        }
        int nanosStart = line.position();
        long nanos = line.unsigned();
        if (nanos == TextLine.NONE || line.position() - nanosStart != NANOS_DIGITS) {
            return fail("expected 9 digits of nanoseconds in the time");
        }
        line.skipSpaces();
        long pid = line.unsigned();
        if (pid == TextLine.NONE || pid > Integer.MAX_VALUE) {
            return fail("expected the pid (below 2^31) after the time");
        }
        line.skipSpaces();
        int actStart = line.position();
        int actLength = line.skipToken();
        line.skipSpaces();
        int rwbsStart = line.position();
        int rwbsEnd = rwbsStart + line.skipToken();
        if (actLength == 0 || rwbsEnd == rwbsStart) {
            return fail("expected the action and RWBS after the pid");
        }
        char act = (char) line.charAt(actStart);
        if (actLength == 2 && (act != 'U' || line.charAt(actStart + 1) != 'T')) {
            return fail("unknown action '" + line.text(actStart, actStart + actLength) + "'");
        }
        EventKind kind = actLength == 2 ? EventKind.UNPLUG_TIMER : kindOf(act);
        if (act == 'm') {
            return IGNORED;
        }
        if (kind == null || actLength > 2) {
            return fail("unknown action '" + line.text(actStart, actStart + actLength) + "'");
        }
        if (Rwbs.decode(line, rwbsStart, rwbsEnd, r) == Rwbs.INVALID) {
            return fail("bad RWBS '" + line.text(rwbsStart, rwbsEnd) + "'; expected " + Rwbs.LETTERS);
        }
        line.skipSpaces();
        r.sector = 0;
        r.bytes = 0;
        r.error = 0;
        int outcome = tail(kind, r);
        if (outcome != RECORD) {
            return outcome;
        }
        String range = IoRecord.sectorRangeProblem(r.sector, r.bytes);
        if (range != null) {
            return fail(range);
        }
        r.timeNs = seconds * 1_000_000_000L + nanos;
        r.kind = kind;
        r.device = IoRecord.device((int) major, (int) minor);
        r.cpu = (int) cpu;
        r.pid = (int) pid;
        r.file = IoRecord.NO_FILE;
        r.offset = 0;
        // blkparse prints BLK_TC_FLUSH as F both for a preflush and for a flush; decide by the length,
        // exactly as the binary record is decoded
        BlkIoTrace.decode(BlkIoTrace.encode(r.op, r.flags), r.bytes, r);
        return RECORD;
    }

    /** The part after the RWBS, which depends on the action (process_default). */
    private int tail(EventKind kind, IoRecord r) {
        switch (kind) {
            case COMPLETE:
            case REQUEUE:
                if (!isDigit()) {
                    return IGNORED; // a passthrough request: "(CDB) [ERROR]" or "[ERROR]"
                }
                if (!sectorRange(r)) {
                    return fail("expected SECTOR [+ BLOCKS] [ERROR]");
                }
                skipElapsed();
                long error = bracketNumber();
                if (error == NO_ERROR_NUMBER) {
                    return fail("expected the completion error in brackets");
                }
                r.error = (int) error;
                return RECORD;
            case ISSUE:
            case INSERT:
            case QUEUE:
            case BOUNCE:
                if (isDigit()) {
                    int save = line.position();
                    if (line.unsigned() == TextLine.NONE) {
                        return fail("expected SECTOR + BLOCKS [COMMAND]; the sector is too large");
                    }
                    line.skipSpaces();
                    if (line.peek() != '+') {
                        return IGNORED; // a passthrough request: "BYTES [(CDB)] [COMMAND]"
                    }
                    line.position(save);
                    if (!sectorRange(r)) {
                        return fail("expected SECTOR + BLOCKS [COMMAND]");
                    }
                }
                skipElapsed();
                return command() ? RECORD : fail("expected the command in brackets");
            case BACKMERGE:
            case FRONTMERGE:
            case GETRQ:
            case SLEEPRQ:
                if (isDigit() && !sectorRange(r)) {
                    return fail("expected SECTOR + BLOCKS [COMMAND]");
                }
                return command() ? RECORD : fail("expected the command in brackets");
            case PLUG:
            case UNPLUG:
            case UNPLUG_TIMER:
                return command() ? RECORD : fail("expected the command in brackets");
            case REMAP:
                if (!sectorRange(r)) {
                    return fail("expected SECTOR + BLOCKS <- (MAJOR,MINOR) FROM");
                }
                line.skipSpaces();
                return line.accept('<') && line.accept('-') ? RECORD : fail("expected '<- (MAJOR,MINOR) FROM' in a remap");
            case SPLIT:
                r.sector = line.unsigned();
                line.skipSpaces();
                if (r.sector == TextLine.NONE || !line.accept('/')) {
                    return fail("expected SECTOR / NEW_SECTOR [COMMAND]");
                }
                line.skipSpaces();
                if (line.unsigned() == TextLine.NONE) {
                    return fail("expected SECTOR / NEW_SECTOR [COMMAND]");
                }
                line.skipSpaces();
                return command() ? RECORD : fail("expected the command in brackets");
            default:
                return fail("unexpected action " + kind.letter());
        }
    }

    private static EventKind kindOf(char act) {
        switch (act) {
            case 'Q': return EventKind.QUEUE;
            case 'M': return EventKind.BACKMERGE;
            case 'F': return EventKind.FRONTMERGE;
            case 'G': return EventKind.GETRQ;
            case 'S': return EventKind.SLEEPRQ;
            case 'R': return EventKind.REQUEUE;
            case 'D': return EventKind.ISSUE;
            case 'C': return EventKind.COMPLETE;
            case 'P': return EventKind.PLUG;
            case 'U': return EventKind.UNPLUG;
            case 'I': return EventKind.INSERT;
            case 'X': return EventKind.SPLIT;
            case 'B': return EventKind.BOUNCE;
            case 'A': return EventKind.REMAP;
            default: return null;
        }
    }

    /** {@code SECTOR [+ BLOCKS]}: fills sector and bytes (blocks are 512-byte sectors). */
    private boolean sectorRange(IoRecord r) {
        long sector = line.unsigned();
        if (sector == TextLine.NONE) {
            return false;
        }
        r.sector = sector;
        line.skipSpaces();
        if (line.accept('+')) {
            line.skipSpaces();
            long blocks = line.unsigned();
            if (blocks == TextLine.NONE || blocks > Long.MAX_VALUE / 512) {
                return false;
            }
            r.bytes = blocks * 512;
            line.skipSpaces();
        }
        return true;
    }

    /** Skips {@code (ELAPSED)}, which blkparse -t prints before the bracket. */
    private void skipElapsed() {
        if (line.accept('(')) {
            int close = line.indexOf(')', line.position());
            line.position(close < 0 ? line.length() : close + 1);
            line.skipSpaces();
        }
    }

    /** {@code [COMMAND]}: the command may hold spaces and brackets, so it ends at the line's last ']'. */
    private boolean command() {
        int open = line.position();
        int close = line.lastIndexOf(']');
        if (line.peek() != '[' || close <= open) {
            return false;
        }
        commandStart = open + 1;
        commandEnd = close;
        return true;
    }

    /** {@code [N]} or {@code [-N]}, or {@link #NO_ERROR_NUMBER}. */
    private long bracketNumber() {
        if (!line.accept('[')) {
            return NO_ERROR_NUMBER;
        }
        boolean negative = line.accept('-');
        long n = line.unsigned();
        if (n == TextLine.NONE || n > Integer.MAX_VALUE || !line.accept(']')) {
            return NO_ERROR_NUMBER;
        }
        return negative ? -n : n;
    }

    private boolean isDigit() {
        int c = line.peek();
        return c >= '0' && c <= '9';
    }

    private int fail(String what) {
        problem = what;
        return MALFORMED;
    }
}
