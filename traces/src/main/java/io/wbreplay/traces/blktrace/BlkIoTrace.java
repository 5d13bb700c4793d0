package io.wbreplay.traces.blktrace;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;

/**
 * The vocabulary of {@code struct blk_io_trace} (include/uapi/linux/blktrace_api.h): the record layout,
 * action codes, category bits, and how they map to {@link EventKind}, {@link Operation} and the
 * {@link IoRecord} flags in both directions.
 *
 * <p>Layout (48 bytes, recording host's byte order): magic u32 @0, sequence u32 @4, time u64 @8,
 * sector u64 @16, bytes u32 @24, action u32 @28, pid u32 @32, device u32 @36, cpu u32 @40,
 * error u16 @44, pdu_len u16 @46, then {@code pdu_len} payload bytes.
 */
final class BlkIoTrace {
    /** BLK_IO_TRACE_MAGIC: the upper 24 bits of the magic field; the low 8 bits are the version. */
    static final int MAGIC = 0x65617400;
    /** BLK_IO_TRACE_VERSION: the only version read and written here. */
    static final int VERSION = 7;
    /** The proposed {@code struct blk_io_trace2}; recognised only to reject it clearly. */
    static final int VERSION_2 = 8;
    static final int HEADER_BYTES = 48;

    static final int OFF_MAGIC = 0;
    static final int OFF_SEQUENCE = 4;
    static final int OFF_TIME = 8;
    static final int OFF_SECTOR = 16;
    static final int OFF_BYTES = 24;
    static final int OFF_ACTION = 28;
    static final int OFF_PID = 32;
    static final int OFF_DEVICE = 36;
    static final int OFF_CPU = 40;
    static final int OFF_ERROR = 44;
    static final int OFF_PDU_LEN = 46;

    /** Action codes live in the low 8 bits; modern kernels set bit 8 when a u64 cgroup id leads the payload. */
    static final int ACTION_MASK = 0xff;
    /** __BLK_TA_CGROUP / __BLK_TN_CGROUP. */
    static final int CGROUP = 1 << 8;
    static final int CGROUP_ID_BYTES = 8;
    static final int CATEGORY_SHIFT = 16;

    // Category bits (BLK_TC_*), before shifting.
    static final int TC_READ = 1;
    static final int TC_WRITE = 1 << 1;
    static final int TC_FLUSH = 1 << 2;
    static final int TC_SYNC = 1 << 3;
    static final int TC_QUEUE = 1 << 4;
    static final int TC_REQUEUE = 1 << 5;
    static final int TC_ISSUE = 1 << 6;
    static final int TC_COMPLETE = 1 << 7;
    static final int TC_FS = 1 << 8;
    static final int TC_PC = 1 << 9;
    static final int TC_NOTIFY = 1 << 10;
    static final int TC_AHEAD = 1 << 11;
    static final int TC_META = 1 << 12;
    static final int TC_DISCARD = 1 << 13;
    static final int TC_DRV_DATA = 1 << 14;
    static final int TC_FUA = 1 << 15;

    // Notify codes (enum blktrace_notify), in the action code of a NOTIFY record.
    static final int TN_PROCESS = 0;
    static final int TN_TIMESTAMP = 1;
    static final int TN_MESSAGE = 2;
    /** TASK_COMM_LEN: a PROCESS notify carries the command name NUL-padded to 16 bytes. */
    static final int COMM_BYTES = 16;

    static final int TA_DRV_DATA = 17;

    /** EventKind by action code (__BLK_TA_QUEUE = 1 ... __BLK_TA_DRV_DATA = 17); null = no such code. */
    private static final EventKind[] KIND_BY_ACTION = {
        null, EventKind.QUEUE, EventKind.BACKMERGE, EventKind.FRONTMERGE, EventKind.GETRQ, EventKind.SLEEPRQ,
        EventKind.REQUEUE, EventKind.ISSUE, EventKind.COMPLETE, EventKind.PLUG, EventKind.UNPLUG,
        EventKind.UNPLUG_TIMER, EventKind.INSERT, EventKind.SPLIT, EventKind.BOUNCE, EventKind.REMAP,
        EventKind.ABORT, EventKind.DRV_DATA,
    };

    /** Action code by EventKind ordinal; -1 where blktrace has none. */
    private static final int[] ACTION_BY_KIND = new int[EventKind.values().length];

    static {
        java.util.Arrays.fill(ACTION_BY_KIND, -1);
        for (int code = 1; code < KIND_BY_ACTION.length; code++) {
            ACTION_BY_KIND[KIND_BY_ACTION[code].ordinal()] = code;
        }
    }

    private BlkIoTrace() {
    }

    /** The kind of action code {@code code} (already masked with {@link #ACTION_MASK}), or null if unknown. */
    static EventKind kind(int code) {
        return code < KIND_BY_ACTION.length ? KIND_BY_ACTION[code] : null;
    }

    /** The action code of {@code kind}, or -1 if blktrace has none (MESSAGE, FILE_OP). */
    static int actionCode(EventKind kind) {
        return ACTION_BY_KIND[kind.ordinal()];
    }

    /**
     * The category bits the kernel sets for {@code kind} itself, as in the BLK_TA_* definitions, plus
     * BLK_TC_FS on the request-level events (insert, issue, complete, requeue) as blk_add_trace_rq does.
     */
    static int kindCategories(EventKind kind) {
        switch (kind) {
            case INSERT:
                return TC_QUEUE | TC_FS;
            case REQUEUE:
                return TC_REQUEUE | TC_FS;
            case ISSUE:
                return TC_ISSUE | TC_FS;
            case COMPLETE:
                return TC_COMPLETE | TC_FS;
            case SPLIT:
            case BOUNCE:
                return 0;
            case DRV_DATA:
                return TC_DRV_DATA;
            default:
                return TC_QUEUE;
        }
    }

    /**
     * Sets {@code into.op} and {@code into.flags} from category bits (as __blk_add_trace sets them):
     * DISCARD wins, then WRITE; a FLUSH bit with no data is a flush, with data it is a preflush.
     */
    static void decode(int categories, long bytes, IoRecord into) {
        boolean flush = (categories & TC_FLUSH) != 0;
        Operation op;
        if ((categories & TC_DISCARD) != 0) {
            op = Operation.DISCARD;
        } else if (flush && bytes == 0) {
            op = Operation.FLUSH;
        } else if ((categories & TC_WRITE) != 0) {
            op = Operation.WRITE;
        } else {
            op = Operation.READ;
        }
        int flags = 0;
        if (flush && op != Operation.FLUSH) {
            flags |= IoRecord.PREFLUSH;
        }
        if ((categories & TC_SYNC) != 0) {
            flags |= IoRecord.SYNC;
        }
        if ((categories & TC_META) != 0) {
            flags |= IoRecord.META;
        }
        if ((categories & TC_FUA) != 0) {
            flags |= IoRecord.FUA;
        }
        if ((categories & TC_AHEAD) != 0) {
            flags |= IoRecord.READAHEAD;
        }
        into.op = op;
        into.flags = flags;
    }

    /**
     * The category bits for an operation and flags, the inverse of {@link #decode}: the direction bit
     * as op_is_write() gives it (a discard is a write), REQ_PREFLUSH and REQ_OP_FLUSH as BLK_TC_FLUSH.
     */
    static int encode(Operation op, int flags) {
        int c;
        switch (op) {
            case READ:
                c = TC_READ;
                break;
            case WRITE:
                c = TC_WRITE;
                break;
            case DISCARD:
                c = TC_DISCARD | TC_WRITE;
                break;
            case FLUSH:
                c = TC_FLUSH | TC_READ;
                break;
            default:
                throw new IllegalArgumentException("blktrace has no " + op + " operation; expected READ, WRITE, DISCARD or FLUSH");
        }
        if ((flags & IoRecord.PREFLUSH) != 0) {
            c |= TC_FLUSH;
        }
        if ((flags & IoRecord.SYNC) != 0) {
            c |= TC_SYNC;
        }
        if ((flags & IoRecord.META) != 0) {
            c |= TC_META;
        }
        if ((flags & IoRecord.FUA) != 0) {
            c |= TC_FUA;
        }
        if ((flags & IoRecord.READAHEAD) != 0) {
            c |= TC_AHEAD;
        }
        return c;
    }
}
