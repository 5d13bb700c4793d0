package io.wbreplay.traces.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void compactObjectKeepsKeyOrder() {
        String json = new JsonWriter(false).beginObject()
                .name("z").value(1)
                .name("a").beginArray().value("x").value(true).nullValue().endArray()
                .name("m").beginObject().endObject()
                .endObject().toString();
        assertThat(json).isEqualTo("{\"z\":1,\"a\":[\"x\",true,null],\"m\":{}}");
    }

    @Test
    void prettyIndentsTwoSpaces() {
        String json = new JsonWriter(true).beginObject().name("a").value(1).name("b").beginObject()
                .name("c").value("d").endObject().endObject().toString();
        assertThat(json).isEqualTo("{\n  \"a\": 1,\n  \"b\": {\n    \"c\": \"d\"\n  }\n}\n");
    }

    @Test
    void escapesStrings() {
        String json = new JsonWriter(false).value("q\" b\\ n\n t\t c\u0001 ls\u2028 é").toString();
        assertThat(json).isEqualTo("\"q\\\" b\\\\ n\\n t\\t c\\u0001 ls\\u2028 é\"");
    }

    @Test
    void numbersAreStable() {
        assertThat(new JsonWriter(false).value(3.0).toString()).isEqualTo("3");
        assertThat(new JsonWriter(false).value(0.1).toString()).isEqualTo("0.1");
        assertThat(new JsonWriter(false).value(-2.5).toString()).isEqualTo("-2.5");
        assertThat(new JsonWriter(false).value(Double.NaN).toString()).isEqualTo("null");
        assertThat(new JsonWriter(false).value(Long.MIN_VALUE).toString()).isEqualTo("-9223372036854775808");
        assertThat(new JsonWriter(false).value(43322159.684319831, 9).toString()).isEqualTo("43322159.684319831");
        assertThat(new JsonWriter(false).value(2.5, 3).toString()).isEqualTo("2.5");
        assertThat(new JsonWriter(false).value(0.125, 2).toString()).as("ties to even").isEqualTo("0.12");
        assertThat(new JsonWriter(false).value(-0.0001, 2).toString()).isEqualTo("0");
    }

    @Test
    void misuseIsRejected() {
        assertThatThrownBy(() -> new JsonWriter(false).beginObject().value(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter(false).beginArray().name("a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter(false).beginArray().endObject()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter(false).value(1).value(2)).isInstanceOf(IllegalStateException.class);
    }
}
