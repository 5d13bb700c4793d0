package io.wbreplay.replay.metrics;

import java.util.Locale;

/** A tiny JSON writer: keys in the order written, numbers in a stable text form, two-space indent. */
final class JsonWriter {
    private final StringBuilder b = new StringBuilder();
    private int depth;
    private boolean first = true;

    JsonWriter begin() {
        b.append('{');
        depth++;
        first = true;
        return this;
    }

    JsonWriter object(String key) {
        key(key);
        b.append('{');
        depth++;
        first = true;
        return this;
    }

    JsonWriter end() {
        depth--;
        b.append('\n').append("  ".repeat(depth)).append('}');
        first = false;
        return this;
    }

    JsonWriter field(String key, long v) {
        key(key);
        b.append(v);
        return this;
    }

    JsonWriter field(String key, double v) {
        key(key);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            b.append("null");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            b.append((long) v);
        } else {
            b.append(String.format(Locale.ROOT, "%.6g", v).replaceAll("0+(e|$)", "$1").replaceAll("\\.(e|$)", "$1"));
        }
        return this;
    }

    JsonWriter field(String key, String v) {
        key(key);
        b.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
        return this;
    }

    JsonWriter field(String key, boolean v) {
        key(key);
        b.append(v);
        return this;
    }

    private void key(String key) {
        if (!first) {
            b.append(',');
        }
        first = false;
        b.append('\n').append("  ".repeat(depth)).append('"').append(key).append("\": ");
    }

    @Override
    public String toString() {
        return b + "\n";
    }
}
