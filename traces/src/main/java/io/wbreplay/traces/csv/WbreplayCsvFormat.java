package io.wbreplay.traces.csv;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.TraceWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * wbreplay's own CSV: one {@link IoRecord} per row, every field kept, so any trace converts to it and
 * back without loss. The header is {@value #HEADER}.
 *
 * <ul>
 *   <li>{@code time_ns}: nanoseconds from the start of the trace (negative before the first record, as in a
 *       tracepoint file that joins several recordings);</li>
 *   <li>{@code kind}: an {@link EventKind} name ({@code QUEUE}, {@code ISSUE}, {@code COMPLETE}, ...,
 *       {@code FILE_OP} for file-level rows); {@code op}: an {@link Operation} name;</li>
 *   <li>{@code device} {@code MAJOR:MINOR} and {@code sector} (512-byte units) for sector-level rows, or
 *       {@code file} (its name) and {@code offset} (bytes) for file-level rows; the other pair is empty;</li>
 *   <li>{@code flags}: letters, {@code S} sync, {@code M} meta, {@code F} FUA, {@code P} preflush,
 *       {@code A} readahead (empty for none); {@code error}: the completion error, usually 0.</li>
 * </ul>
 */
public final class WbreplayCsvFormat implements TraceFormat {
    /** The first line of every file. */
    public static final String HEADER = "time_ns,kind,op,pid,cpu,device,sector,file,offset,bytes,flags,error";
    static final List<String> COLUMNS = List.of(HEADER.split(","));
    static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private static final String FLAG_LETTERS = "SMFPA";
    private static final int[] FLAG_BITS = {IoRecord.SYNC, IoRecord.META, IoRecord.FUA, IoRecord.PREFLUSH, IoRecord.READAHEAD};

    @Override
    public String name() {
        return "wbreplay-csv";
    }

    @Override
    public String description() {
        return "wbreplay's own CSV (" + HEADER + "), lossless";
    }

    @Override
    public boolean sniff(Path file, byte[] head, int length) {
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        if (length < header.length + 1) {
            return false;
        }
        for (int i = 0; i < header.length; i++) {
            if (head[i] != header[i]) {
                return false;
            }
        }
        return head[header.length] == '\n' || head[header.length] == '\r';
    }

    @Override
    public TraceReader open(Path file, ReadOptions options) throws IOException {
        return new WbreplayCsvReader(file, options);
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    @Override
    public TraceWriter create(Path file) throws IOException {
        return new WbreplayCsvWriter(file);
    }

    /** The flag letters of {@code flags}, e.g. {@code "SM"}. */
    static String flagLetters(int flags) {
        StringBuilder b = new StringBuilder(FLAG_BITS.length);
        for (int i = 0; i < FLAG_BITS.length; i++) {
            if ((flags & FLAG_BITS[i]) != 0) {
                b.append(FLAG_LETTERS.charAt(i));
            }
        }
        return b.toString();
    }

    /** The flag bits of {@code letters}, or -1 if a letter is unknown. */
    static int parseFlags(String letters) {
        int flags = 0;
        for (int i = 0; i < letters.length(); i++) {
            int bit = flagBit(letters.charAt(i));
            if (bit < 0) {
                return -1;
            }
            flags |= bit;
        }
        return flags;
    }

    /** The flag bit of {@code letter}, or -1 if it is not a flag letter. */
    static int flagBit(int letter) {
        int k = FLAG_LETTERS.indexOf(letter);
        return k < 0 ? -1 : FLAG_BITS[k];
    }
}
