package io.wbreplay.traces.tracepoint;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.Rwbs;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.tracepoint.BlockEvent.Body;

/**
 * Parses the body of a block tracepoint line (what its TP_printk printed) into a record: device,
 * operation and flags from RWBS, sector and length. Scans bytes in place; no regex, no allocation
 * unless the body is malformed.
 */
final class BlockEventBody {
    /** Returned by {@link #parse} for a well-formed event that is not data I/O (zone management, N). */
    static final String NOT_IO = "";

    private static final long NO_SECTOR = -1L; // (sector_t)-1, printed for requests with no data

    private BlockEventBody() {
    }

    /**
     * Parses the body at the cursor of {@code line} into {@code r} (device, op, flags, sector, bytes,
     * error).
     *
     * @return null on success, {@link #NOT_IO}, or what was expected where the body went wrong
     */
    static String parse(TextLine line, BlockEvent event, IoRecord r) {
        Body body = event.body;
        long major = line.unsigned();
        if (major == TextLine.NONE || !line.accept(',')) {
            return expected(line, event, "the device as MAJ,MIN");
        }
        long minor = line.unsigned();
        if (minor == TextLine.NONE || major > 0xfff || minor > 0xfffff) {
            return expected(line, event, "the device as MAJ,MIN");
        }
        r.device = IoRecord.device((int) major, (int) minor);
        if (line.skipSpaces() == 0) {
            return expected(line, event, "a space and RWBS after the device");
        }
        int rwbsFrom = line.position();
        line.skipToken();
        int io = Rwbs.decode(line, rwbsFrom, line.position(), r);
        if (io == Rwbs.INVALID) {
            line.position(rwbsFrom);
            return expected(line, event, "RWBS letters " + Rwbs.LETTERS);
        }
        line.skipSpaces();
        long bytesField = 0;
        if (body == Body.RQ) {
            bytesField = line.unsigned();
            if (bytesField == TextLine.NONE) {
                return expected(line, event, "the request's size in bytes");
            }
            line.skipSpaces();
        }
        if (body == Body.RQ || body == Body.RQ_ERROR) {
            if (!line.accept('(')) {
                return expected(line, event, "'(' opening the command bytes");
            }
            int close = line.indexOf(')', line.position());
            if (close < 0) {
                return expected(line, event, "')' closing the command bytes");
            }
            line.position(close + 1);
            line.skipSpaces();
        }
        if (!line.unsigned64()) {
            return expected(line, event, "the start sector");
        }
        long sector = line.u64();
        line.skipSpaces();
        long sectors = 0;
        if (body == Body.SPLIT) {
            if (!line.accept('/') || line.skipSpaces() == 0 || !line.unsigned64()) {
                return expected(line, event, "'/ NEW-SECTOR' after the sector");
            }
        } else {
            if (!line.accept('+') || line.skipSpaces() == 0) {
                return expected(line, event, "'+ SECTORS' after the sector");
            }
            sectors = line.unsigned();
            if (sectors == TextLine.NONE) {
                return expected(line, event, "the number of sectors after '+'");
            }
        }
        line.skipSpaces();
        String tail = tail(line, event);
        if (tail != null) {
            return tail;
        }
        if (io == Rwbs.NOT_IO) {
            if (line.charAt(rwbsFrom) != 'N' || (sectors == 0 && bytesField == 0)) {
                return NOT_IO;
            }
            // a kernel without the WZ letters prints N for REQ_OP_WRITE_ZEROES: a range, zeroed without data
            r.op = Operation.DISCARD;
        }
        r.kind = event.kind;
        r.sector = sector == NO_SECTOR ? 0 : sector;
        if (sectors > Long.MAX_VALUE / 512) {
            return expected(line, event, "a number of sectors below 2^54");
        }
        r.bytes = bytesField > 0 ? bytesField : sectors * 512;
        return IoRecord.sectorRangeProblem(r.sector, r.bytes);
    }

    /** Checks what follows the length: ioprio, then [COMM] or [ERROR]; or the remap source. */
    private static String tail(TextLine line, BlockEvent event) {
        Body body = event.body;
        if (body == Body.REMAP) {
            if (!line.accept('<') || !line.accept('-')) {
                return expected(line, event, "'<- (MAJ,MIN) SECTOR' naming the source");
            }
            return null;
        }
        if ((body == Body.RQ || body == Body.RQ_ERROR) && line.peek() != '[' && !line.atEnd()) {
            line.skipToken(); // ioprio: "be,0,4" from the kernel, "0x2,0,4" from perf
            line.skipSpaces();
        }
        if (!line.accept('[')) {
            return expected(line, event, body == Body.RQ_ERROR || body == Body.BIO_ERROR ? "'[ERROR]'" : "'[COMM]'");
        }
        if (body == Body.RQ_ERROR || body == Body.BIO_ERROR) {
            line.accept('-');
            if (line.unsigned() == TextLine.NONE || !line.accept(']')) {
                return expected(line, event, "the error number in brackets");
            }
            line.skipSpaces();
            return line.atEnd() ? null : expected(line, event, "the end of the line after '[ERROR]'");
        }
        int last = line.length() - 1;
        while (last > line.position() && (line.charAt(last) == ' ' || line.charAt(last) == '\t')) {
            last--;
        }
        return last >= line.position() && line.charAt(last) == ']' ? null
                : expected(line, event, "']' closing the command name at the end of the line");
    }

    private static String expected(TextLine line, BlockEvent event, String what) {
        int at = line.position();
        String found = line.atEnd() ? "the end of the line" : "'" + line.text(at, Math.min(line.length(), at + 20)) + "'";
        return event.tracepoint() + ": expected " + what + " at column " + (at + 1) + ", found " + found
                + " (layout: " + event.body.layout + ")";
    }
}
