package io.wbreplay.traces.blktrace;

import static io.wbreplay.traces.blktrace.BlkIoTrace.*;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;

/**
 * Parses one event line of blkparse's default output (blkparse_fmt.c, process_default) from bytes, with
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
    /** The letters fill_rwbs() may print after the direction, in its order, each with its category bit. */
    private static final int[] RWBS_SUFFIX = {'F', TC_FUA, 'A', TC_AHEAD, 'S', TC_SYNC, 'M', TC_META};

    /** What was wrong, after {@link #parse} returned {@link #MALFORMED}. */
    String problem;
    /** The command in brackets, as [start, end) of the line's bytes; start < 0 if the line has none. */
    int commandStart;
    int commandEnd;

    private byte[] b;
    private int p;
    private int end;

    /** Parses {@code line[start, end)} into {@code into}: {@link #RECORD}, {@link #IGNORED} or {@link #MALFORMED}. */
    int parse(byte[] line, int start, int end, IoRecord into) {
        this.b = line;
        this.p = start;
        this.end = end;
        commandStart = -1;
        problem = null;
        try {
            return parseEvent(into);
        } catch (ArithmeticException e) {
            problem = "a number is too large";
            return MALFORMED;
        }
    }

    private int parseEvent(IoRecord r) {
        skipSpaces();
        long major = number();
        if (major < 0 || !expect(',')) {
            return fail("expected the device as MAJOR,MINOR");
        }
        long minor = number();
        if (minor < 0) {
            return fail("expected the device as MAJOR,MINOR");
        }
        skipSpaces();
        long cpu = number();
        skipSpaces();
        long sequence = number();
        skipSpaces();
        if (cpu < 0 || sequence < 0) {
            return fail("expected the CPU and sequence numbers after the device");
        }
        long seconds = number();
        if (seconds < 0 || !expect('.')) {
            return fail("expected the time as SECONDS.NANOSECONDS");
        }
        int nanosStart = p;
        long nanos = number();
        if (nanos < 0 || p - nanosStart != NANOS_DIGITS) {
            return fail("expected 9 digits of nanoseconds in the time");
        }
        skipSpaces();
        long pid = number();
        if (pid < 0 || pid > 0xffffffffL) {
            return fail("expected the pid after the time");
        }
        skipSpaces();
        int actStart = p;
        skipWord();
        int actLength = p - actStart;
        skipSpaces();
        int rwbsStart = p;
        skipWord();
        int rwbsEnd = p;
        if (actLength == 0 || rwbsEnd == rwbsStart) {
            return fail("expected the action and RWBS after the pid");
        }
        char act = (char) b[actStart];
        if (actLength == 2 && (act != 'U' || b[actStart + 1] != 'T')) {
            return fail("unknown action '" + new String(b, actStart, actLength, US_ASCII) + "'");
        }
        EventKind kind = actLength == 2 ? EventKind.UNPLUG_TIMER : kindOf(act);
        if (act == 'm') {
            return IGNORED;
        }
        if (kind == null || actLength > 2) {
            return fail("unknown action '" + new String(b, actStart, actLength, US_ASCII) + "'");
        }
        int categories = rwbs(rwbsStart, rwbsEnd);
        if (categories < 0) {
            return fail("bad RWBS '" + new String(b, rwbsStart, rwbsEnd - rwbsStart, US_ASCII)
                    + "'; expected [F]R|W|D|N[F][A][S][M]");
        }
        skipSpaces();
        r.sector = 0;
        r.bytes = 0;
        r.error = 0;
        int outcome = tail(kind, r);
        if (outcome != RECORD) {
            return outcome;
        }
        r.timeNs = Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
        r.kind = kind;
        r.device = IoRecord.device((int) major, (int) minor);
        r.cpu = (int) cpu;
        r.pid = (int) pid;
        r.file = IoRecord.NO_FILE;
        r.offset = 0;
        decode(categories, r.bytes, r);
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
                if (error < 0) {
                    return fail("expected the completion error in brackets");
                }
                r.error = (int) error;
                return RECORD;
            case ISSUE:
            case INSERT:
            case QUEUE:
            case BOUNCE:
                if (isDigit()) {
                    int save = p;
                    number();
                    skipSpaces();
                    if (p >= end || b[p] != '+') {
                        return IGNORED; // a passthrough request: "BYTES [(CDB)] [COMMAND]"
                    }
                    p = save;
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
                skipSpaces();
                return p + 1 < end && b[p] == '<' && b[p + 1] == '-' ? RECORD : fail("expected '<- (MAJOR,MINOR) FROM' in a remap");
            case SPLIT:
                r.sector = number();
                skipSpaces();
                if (r.sector < 0 || !expect('/')) {
                    return fail("expected SECTOR / NEW_SECTOR [COMMAND]");
                }
                skipSpaces();
                if (number() < 0) {
                    return fail("expected SECTOR / NEW_SECTOR [COMMAND]");
                }
                skipSpaces();
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

    /**
     * RWBS (fill_rwbs) back to category bits: F before the direction is a flush, then one of D W R N,
     * then F (FUA), A (readahead), S (sync), M (meta) in that order. -1 if malformed.
     */
    private int rwbs(int from, int to) {
        int i = from;
        int c = 0;
        if (b[i] == 'F') {
            c |= TC_FLUSH;
            i++;
        }
        if (i == to) {
            return -1;
        }
        switch (b[i++]) {
            case 'D': c |= TC_DISCARD | TC_WRITE; break;
            case 'W': c |= TC_WRITE; break;
            case 'R':
            case 'N': c |= TC_READ; break;
            default: return -1;
        }
        for (int s = 0; s < RWBS_SUFFIX.length && i < to; s += 2) {
            if (b[i] == RWBS_SUFFIX[s]) {
                c |= RWBS_SUFFIX[s + 1];
                i++;
            }
        }
        return i == to ? c : -1;
    }

    /** {@code SECTOR [+ BLOCKS]}: fills sector and bytes (blocks are 512-byte sectors). */
    private boolean sectorRange(IoRecord r) {
        long sector = number();
        if (sector < 0) {
            return false;
        }
        r.sector = sector;
        skipSpaces();
        if (p < end && b[p] == '+') {
            p++;
            skipSpaces();
            long blocks = number();
            if (blocks < 0) {
                return false;
            }
            r.bytes = blocks * 512;
            skipSpaces();
        }
        return true;
    }

    /** Skips {@code (ELAPSED)}, which blkparse -t prints before the bracket. */
    private void skipElapsed() {
        if (p < end && b[p] == '(') {
            while (p < end && b[p] != ')') {
                p++;
            }
            p++;
            skipSpaces();
        }
    }

    /** {@code [COMMAND]}: the command may hold spaces and brackets, so it ends at the line's last ']'. */
    private boolean command() {
        if (p >= end || b[p] != '[') {
            return false;
        }
        int close = end - 1;
        while (close > p && b[close] != ']') {
            close--;
        }
        if (close == p) {
            return false;
        }
        commandStart = p + 1;
        commandEnd = close;
        return true;
    }

    private long bracketNumber() {
        if (!expect('[')) {
            return -1;
        }
        boolean negative = expect('-');
        long n = number();
        if (n < 0 || !expect(']')) {
            return -1;
        }
        return negative ? -n : n;
    }

    private boolean isDigit() {
        return p < end && b[p] >= '0' && b[p] <= '9';
    }

    /** Unsigned decimal at the cursor, or -1 if there is no digit. */
    private long number() {
        if (!isDigit()) {
            return -1;
        }
        long n = 0;
        while (isDigit()) {
            n = Math.addExact(Math.multiplyExact(n, 10), b[p++] - '0');
        }
        return n;
    }

    private boolean expect(char c) {
        if (p < end && b[p] == c) {
            p++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (p < end && b[p] == ' ') {
            p++;
        }
    }

    private void skipWord() {
        while (p < end && b[p] != ' ') {
            p++;
        }
    }

    private int fail(String what) {
        problem = what;
        return MALFORMED;
    }
}
