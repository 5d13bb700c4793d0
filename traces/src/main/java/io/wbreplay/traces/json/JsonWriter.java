package io.wbreplay.traces.json;

import java.util.Arrays;

/**
 * A small streaming JSON writer with no dependencies. Keys appear in the order they are written, so the
 * same calls always give the same text; numbers never depend on the locale. Output is indented with two
 * spaces, or compact.
 *
 * <pre>{@code
 * JsonWriter w = new JsonWriter(true);
 * w.beginObject().name("records").value(42).name("mean").value(1.5, 3).endObject();
 * String json = w.toString();
 * }</pre>
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private final boolean pretty;
    /** Per open container: 0 = empty so far, 1 = has members; bit 2 = object (else array). */
    private int[] stack = new int[16];
    private int depth;
    private boolean afterName;

    /** @param pretty indent with newlines and two spaces per level */
    public JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        push(2);
        return this;
    }

    public JsonWriter endObject() {
        return close('}', true);
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        push(0);
        return this;
    }

    public JsonWriter endArray() {
        return close(']', false);
    }

    /** The next member's key (inside an object). */
    public JsonWriter name(String name) {
        if (depth == 0 || (stack[depth - 1] & 2) == 0 || afterName) {
            throw new IllegalStateException("a name belongs directly inside an object: " + name);
        }
        separate();
        string(name);
        out.append(pretty ? ": " : ":");
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        if (s == null) {
            return nullValue();
        }
        beforeValue();
        string(s);
        return this;
    }

    public JsonWriter value(long v) {
        beforeValue();
        out.append(v);
        return this;
    }

    public JsonWriter value(boolean v) {
        beforeValue();
        out.append(v);
        return this;
    }

    /** The shortest decimal that reads back as {@code v}; {@code null} for NaN and infinities (JSON has none). */
    public JsonWriter value(double v) {
        if (!Double.isFinite(v)) {
            return nullValue();
        }
        beforeValue();
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            out.append((long) v);
        } else {
            out.append(Double.toString(v));
        }
        return this;
    }

    /** {@code v} rounded to {@code decimals} places (ties to even, as printf), trailing zeros dropped. */
    public JsonWriter value(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return nullValue();
        }
        beforeValue();
        out.append(Decimal.trimmed(v, decimals));
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** The text written so far; complete once every object and array is closed. */
    @Override
    public String toString() {
        return out.toString();
    }

    private void push(int state) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = state;
    }

    private JsonWriter close(char bracket, boolean object) {
        if (depth == 0 || ((stack[depth - 1] & 2) != 0) != object || afterName) {
            throw new IllegalStateException("unbalanced " + bracket);
        }
        boolean hadMembers = (stack[depth - 1] & 1) != 0;
        depth--;
        if (hadMembers) {
            newline();
        }
        out.append(bracket);
        if (depth == 0 && pretty) {
            out.append('\n');
        }
        return this;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if ((stack[depth - 1] & 2) != 0) {
                throw new IllegalStateException("a value inside an object needs a name first");
            }
            separate();
        } else if (out.length() > 0) {
            throw new IllegalStateException("one top-level value only");
        }
    }

    private void separate() {
        if ((stack[depth - 1] & 1) != 0) {
            out.append(',');
        }
        stack[depth - 1] |= 1;
        newline();
    }

    private void newline() {
        if (pretty) {
            out.append('\n');
            for (int i = 0; i < depth; i++) {
                out.append("  ");
            }
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
