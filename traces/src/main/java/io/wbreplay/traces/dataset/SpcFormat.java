package io.wbreplay.traces.dataset;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The UMass Trace Repository's SPC format (Financial, WebSearch): {@code ASU,LBA,Size,Opcode,Timestamp}
 * and optional further fields, LBA in 512-byte blocks, Size in bytes, Opcode r or w (either case),
 * Timestamp in seconds from the start of the trace. Records are QUEUE events; the ASU (application
 * storage unit) becomes the device minor (major 0). Read only.
 */
public final class SpcFormat implements TraceFormat {
    static final String LAYOUT = "ASU,LBA,Size,Opcode,Timestamp[,...]";
    private static final byte[] HEADER = "ASU".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "spc";
    }

    @Override
    public String description() {
        return "UMass/SPC CSV (ASU,LBA,Size,Opcode,Timestamp)";
    }

    @Override
    public boolean sniff(Path file, byte[] head, int length) {
        return Sniffing.firstRowParses(head, length, SpcFormat::isHeader, SpcFormat::parseRow);
    }

    static boolean isHeader(CommaFields f) {
        return f.is(0, HEADER);
    }

    static String parseRow(CommaFields f, IoRecord r) {
        if (f.count() < 5) {
            return DatasetReader.columns(f, 5, true);
        }
        long asu = f.unsigned(0);
        if (asu == TextLine.NONE || asu > 0xfffff) {
            return DatasetReader.notUnsigned(f, 0, "an ASU below 1048576");
        }
        long lba = f.unsigned(1);
        if (lba == TextLine.NONE) {
            return DatasetReader.notUnsigned(f, 1, "an LBA in 512-byte blocks");
        }
        long size = f.unsigned(2);
        if (size == TextLine.NONE) {
            return DatasetReader.notUnsigned(f, 2, "a Size in bytes");
        }
        int op = f.length(3) == 1 ? f.charAt(3, 0) | 0x20 : 0;
        if (op == 'r') {
            r.op = Operation.READ;
        } else if (op == 'w') {
            r.op = Operation.WRITE;
        } else {
            return "expected Opcode r or w in field 4, found '" + f.text(3) + "'";
        }
        long ns = f.seconds(4);
        if (ns == TextLine.NONE) {
            return "expected a Timestamp in seconds (such as 0.013413) in field 5, found '" + f.text(4) + "'";
        }
        r.kind = EventKind.QUEUE;
        r.timeNs = ns;
        r.device = IoRecord.device(0, (int) asu);
        r.sector = lba;
        r.bytes = size;
        return IoRecord.sectorRangeProblem(lba, size);
    }

    @Override
    public TraceReader open(Path file, ReadOptions options) throws IOException {
        return new DatasetReader(file, options) {
            @Override
            String layout() {
                return LAYOUT;
            }

            @Override
            boolean isHeader(CommaFields f) {
                return SpcFormat.isHeader(f);
            }

            @Override
            String parse(CommaFields f, IoRecord r) {
                return parseRow(f, r);
            }
        };
    }
}
