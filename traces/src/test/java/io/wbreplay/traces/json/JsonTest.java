package io.wbreplay.traces.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void prettyIndentsTwoSpacesKeepsKeyOrderAndEndsWithANewline() {
        String json = Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("z", 1);
            g.writeArrayFieldStart("a");
            g.writeString("x");
            g.writeBoolean(true);
            g.writeNull();
            g.writeEndArray();
            g.writeObjectFieldStart("m");
            g.writeEndObject();
            g.writeArrayFieldStart("e");
            g.writeEndArray();
            g.writeObjectFieldStart("b");
            g.writeStringField("c", "d");
            g.writeEndObject();
            g.writeEndObject();
        });
        assertThat(json).isEqualTo("{\n  \"z\": 1,\n  \"a\": [\n    \"x\",\n    true,\n    null\n  ],\n  \"m\": {},\n"
                + "  \"e\": [],\n  \"b\": {\n    \"c\": \"d\"\n  }\n}\n");
    }

    @Test
    void escapesStrings() {
        String json = Json.write(g -> g.writeString("q\" b\\ n\n t\t c\u0001 ls\u2028 ps\u2029 é"));
        assertThat(json).isEqualTo("\"q\\\" b\\\\ n\\n t\\t c\\u0001 ls\\u2028 ps\\u2029 é\"\n");
    }

    @Test
    void numbersAreStable() {
        assertThat(Json.write(g -> Json.number(g, 3.0))).isEqualTo("3\n");
        assertThat(Json.write(g -> Json.number(g, 0.1))).isEqualTo("0.1\n");
        assertThat(Json.write(g -> Json.number(g, -2.5))).isEqualTo("-2.5\n");
        assertThat(Json.write(g -> Json.number(g, Double.NaN))).isEqualTo("null\n");
        assertThat(Json.write(g -> g.writeNumber(Long.MIN_VALUE))).isEqualTo("-9223372036854775808\n");
        assertThat(Json.write(g -> Json.number(g, 43322159.684319831, 9))).isEqualTo("43322159.684319831\n");
        assertThat(Json.write(g -> Json.number(g, 2.5, 3))).isEqualTo("2.5\n");
        assertThat(Json.write(g -> Json.number(g, 0.125, 2))).as("ties to even").isEqualTo("0.12\n");
        assertThat(Json.write(g -> Json.number(g, -0.0001, 2))).isEqualTo("0\n");
    }
}
