package io.wbreplay.traces.fio;

import io.wbreplay.traces.Operation;
import java.nio.charset.StandardCharsets;

/** The actions of a fio iolog line (fio iolog.c: read_iolog()), and the operation each becomes. */
enum FioAction {
    ADD(null, false), OPEN(Operation.OPEN, false), CLOSE(Operation.CLOSE, false),
    READ(Operation.READ, true), WRITE(Operation.WRITE, true), SYNC(Operation.FSYNC, true),
    DATASYNC(Operation.FSYNC, true), TRIM(Operation.DISCARD, true),
    /** Version 2 only: advance the clock by OFFSET microseconds. */
    WAIT(null, true);

    private static final FioAction[] VALUES = values();

    /** The record's operation, or null for actions that are not records (add, wait). */
    final Operation operation;
    /** True if the line carries OFFSET and LENGTH after the action. */
    final boolean hasRange;
    /** The word in the iolog. */
    final byte[] word;

    FioAction(Operation operation, boolean hasRange) {
        this.operation = operation;
        this.hasRange = hasRange;
        this.word = name().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    /** The action spelled by bytes {@code [from, to)} of the line, or null. */
    static FioAction of(io.wbreplay.traces.TextLine line, int from, int to) {
        for (FioAction a : VALUES) {
            if (line.regionEquals(from, to, a.word)) {
                return a;
            }
        }
        return null;
    }

    /** The words, for messages. */
    static String words() {
        StringBuilder b = new StringBuilder();
        for (FioAction a : VALUES) {
            b.append(b.length() == 0 ? "" : ", ").append(a.name().toLowerCase(java.util.Locale.ROOT));
        }
        return b.toString();
    }
}
