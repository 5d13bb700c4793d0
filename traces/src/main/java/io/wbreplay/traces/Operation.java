package io.wbreplay.traces;

/**
 * What a trace record does. Sector-level formats use {@link #READ}, {@link #WRITE}, {@link #FLUSH} and
 * {@link #DISCARD}; file-level formats (fio iologs, synthetic workloads) also use the file operations.
 */
public enum Operation {
    READ, WRITE, FLUSH, DISCARD,
    /** File-level only. */
    OPEN, CLOSE, FSYNC, TRUNCATE, UNLINK;

    /** True for operations that move data (READ, WRITE, DISCARD). */
    public boolean hasData() {
        return this == READ || this == WRITE || this == DISCARD;
    }
}
