package io.wbreplay.traces;

/**
 * Decodes RWBS, the letters that name a block I/O's operation and flags. The kernel prints them in the
 * block tracepoints (kernel/trace/blktrace.c: blk_fill_rwbs()) and blkparse prints the same letters from
 * a blktrace record (blkparse_fmt.c: fill_rwbs()): an optional F (REQ_PREFLUSH), the operation (R read,
 * W write, D discard, DE secure erase, WZ write zeroes, F flush, N none, Z? zone management), then F
 * (FUA), A (readahead), S (sync), M (meta) and letters newer kernels add (U, atomic), which are skipped.
 *
 * <p>Both printers agree on every letter but N: the kernel prints it for an operation that is not a
 * read, write, discard or flush, blkparse for a read-direction event that carries no data (a plug, an
 * unplug) and, after an F, for a flush, so FN decodes as a flush.
 */
public final class Rwbs {
    /** The letters named a data, discard or flush operation: {@code op} and {@code flags} are set. */
    public static final int IO = 0;
    /** N or Z?: valid letters naming no data operation; {@code op} is READ, {@code flags} are set. */
    public static final int NOT_IO = 1;
    /** Not RWBS letters. */
    public static final int INVALID = 2;
    /** The grammar, for messages. */
    public static final String LETTERS = "[F]R|W|WZ|D|DE|F|N|Z?[F][A][S][M]";

    private Rwbs() {
    }

    /** Decodes bytes {@code [from, to)} of {@code line} into {@code r.op} and {@code r.flags}: IO, NOT_IO or INVALID. */
    public static int decode(TextLine line, int from, int to, IoRecord r) {
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
                if ((flags & IoRecord.PREFLUSH) != 0) { // blkparse's flush: BLK_TC_FLUSH, no data
                    r.op = Operation.FLUSH;
                    flags &= ~IoRecord.PREFLUSH;
                } else {
                    result = NOT_IO;
                }
                break;
            default:
                return INVALID;
        }
        if (result == NOT_IO) {
            r.op = Operation.READ;
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
