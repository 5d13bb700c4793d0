package io.wbreplay.traces;

/**
 * How a reader treats malformed records: strict (the default) stops at the first with a
 * {@link TraceFormatException}; lenient counts and skips them.
 */
public record ReadOptions(boolean lenient) {
    public static final ReadOptions STRICT = new ReadOptions(false);
    public static final ReadOptions LENIENT = new ReadOptions(true);
}
