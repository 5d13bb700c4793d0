package io.wbreplay.traces.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter.Indenter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The project's JSON text (summary.json, report.json, {@code trace stats --json}) through Jackson's
 * {@link JsonGenerator}: keys in the order written, two-space indentation, {@code "key": value}, empty
 * containers as {@code {}} and {@code []}, a final newline, numbers independent of the locale.
 *
 * <pre>{@code
 * String text = Json.write(g -> { g.writeStartObject(); g.writeNumberField("records", 42); g.writeEndObject(); });
 * }</pre>
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .characterEscapes(new LineSeparatorEscapes())
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE) // \u001f, as JavaScript's JSON.stringify
            .build();

    private Json() {
    }

    /** What writes one JSON value into a generator. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** The pretty-printed text {@code body} writes, ending with a newline. */
    public static String write(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(new Printer());
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append('\n').toString();
    }

    /** {@code v} as the shortest decimal that reads back as it, integers without ".0"; null for NaN and infinities. */
    public static void number(JsonGenerator g, double v) throws IOException {
        if (!Double.isFinite(v)) {
            g.writeNull();
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(v);
        }
    }

    /** {@code v} rounded to {@code decimals} places (ties to even, as printf), trailing zeros dropped. */
    public static void number(JsonGenerator g, double v, int decimals) throws IOException {
        if (!Double.isFinite(v)) {
            g.writeNull();
        } else {
            g.writeNumber(Decimal.trimmed(v, decimals));
        }
    }

    /** Jackson's default printer with ": " between key and value and nothing inside empty containers. */
    private static final class Printer extends DefaultPrettyPrinter {
        Printer() {
            DefaultIndenter lines = new DefaultIndenter("  ", "\n");
            indentObjectsWith(lines);
            indentArraysWith(lines);
        }

        Printer(Printer base) {
            super(base);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new Printer(this);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            end(g, _objectIndenter, entries, '}');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            end(g, _arrayIndenter, values, ']');
        }

        private void end(JsonGenerator g, Indenter indenter, int members, char bracket) throws IOException {
            _nesting--;
            if (members > 0) {
                indenter.writeIndentation(g, _nesting);
            }
            g.writeRaw(bracket);
        }
    }

    /** Also escapes U+2028 and U+2029, which end a line in JavaScript source. */
    private static final class LineSeparatorEscapes extends CharacterEscapes {
        private static final SerializedString LS = new SerializedString("\\u2028");
        private static final SerializedString PS = new SerializedString("\\u2029");

        @Override
        public int[] getEscapeCodesForAscii() {
            return standardAsciiEscapesForJSON();
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? LS : ch == 0x2029 ? PS : null;
        }
    }
}
