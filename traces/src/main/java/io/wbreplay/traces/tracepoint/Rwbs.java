package io.wbreplay.traces.tracepoint;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.TextLine;

/**
 * Decodes the RWBS letters the kernel prints for a bio or request (kernel/trace/blktrace.c:
 * blk_fill_rwbs()): an optional F for REQ_PREFLUSH, the operation (R read, W write, D discard, DE secure
 * erase, WZ write zeroes, F flush, Z? zone operations, N other), then F (FUA), A (readahead), S (sync),
 * M (meta) and letters added by newer kernels, which are skipped.
 */
final class Rwbs {
    /** The letters named a data, discard or flush operation: {@code op} and {@code flags} are set. */
    static final int IO = 0;
    /** A valid operation that moves no data the simulator models (zone management, N). */
    static final int NOT_IO = 1;
    /** Not RWBS letters. */
    static final int INVALID = 2;

    private Rwbs() {
    }

    /** Decodes line bytes {@code [from, to)} into {@code r.op} and {@code r.flags}. */
    static int decode(TextLine line, int from, int to, IoRecord r) {
        if (from >= to) {
            return INVALID;
        }
        int flags = 0;
        int i = from;
        if (line.charAt(i) == 'F' && to - from > 1 && isOperation(line.charAt(i + 1))) {
            flags |= IoRecord.PREFLUSH;
            i++;
        }
        int result = IO;
        switch (line.charAt(i++)) {
            case 'R':
                r.op = Operation.READ;
                break;
            case 'W':
                if (i < to && line.charAt(i) == 'Z') { // REQ_OP_WRITE_ZEROES: no data leaves memory
                    r.op = Operation.DISCARD;
                    i++;
                } else {
                    r.op = Operation.WRITE;
                }
                break;
            case 'D':
                r.op = Operation.DISCARD;
                if (i < to && line.charAt(i) == 'E') {
                    i++;
                }
                break;
            case 'F':
                r.op = Operation.FLUSH;
                break;
            case 'Z':
                result = NOT_IO;
                i++;
                break;
            case 'N':
                result = NOT_IO;
                break;
            default:
                return INVALID;
        }
        for (; i < to; i++) {
            int c = line.charAt(i);
            switch (c) {
                case 'F': flags |= IoRecord.FUA; break;
                case 'A': flags |= IoRecord.READAHEAD; break;
                case 'S': flags |= IoRecord.SYNC; break;
                case 'M': flags |= IoRecord.META; break;
                default:
                    if (!Character.isLetter(c)) {
                        return INVALID;
                    }
            }
        }
        r.flags = flags;
        return result;
    }

    private static boolean isOperation(int c) {
        return c == 'R' || c == 'W' || c == 'D' || c == 'F' || c == 'N' || c == 'Z';
    }
}
