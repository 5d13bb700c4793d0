package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command's --help renders cleanly: picocli formats descriptions with String.format, so a bare
 * '%' (a "95%" in a description) makes it print a warning and the raw text instead.
 */
class HelpTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"replay", "compare", "reproduce", "report", "merge", "validate", "record",
            "trace generate", "trace stats", "trace convert"})
    void helpPrintsWithoutWarnings(String command) {
        PrintStream saved = System.err;
        ByteArrayOutputStream picocliErr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(picocliErr, true, StandardCharsets.UTF_8)); // picocli's tracer writes here
        Cli cli = new Cli();
        int rc;
        try {
            rc = cli.run((command + " --help").split(" "));
        } finally {
            System.setErr(saved);
        }
        assertThat(rc).isZero();
        assertThat(cli.out.toString()).startsWith("Usage: wbreplay " + command);
        assertThat(picocliErr.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
    }
}
