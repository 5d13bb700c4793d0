package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json and report.json as the commands write them match their schemas in docs/schema/. */
class OutputSchemaTest {
    private static final Path SCHEMAS = Path.of("../docs/schema");

    @TempDir
    Path dir;

    private static Schema schema(String name) throws IOException {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMAS.resolve(name)), InputFormat.JSON);
    }

    private static List<Error> errors(Schema schema, Path file) throws IOException {
        return schema.validate(Files.readString(file), InputFormat.JSON);
    }

    @Test
    void everySummaryOfEveryStrategyMatchesTheSchema() throws IOException {
        Cli cli = new Cli();
        // the hazards sample under a memory hog: write-around records its first hazards (hazardFirst)
        assertThat(cli.run("replay", "../traces/samples/synth-reclaim-hazards.csv", "--strategy", "all", "--memory", "32M",
                "--pinned", "../traces/samples/memory-hog-24m-20ms.csv", "--dirty-bytes", "1G",
                "--dirty-background-bytes", "512M", "-j", "2", "-o", dir.toString())).as(cli.err.toString()).isZero();
        Schema schema = schema("summary.schema.json");
        List<Path> summaries;
        try (Stream<Path> s = Files.walk(dir)) {
            summaries = s.filter(p -> p.getFileName().toString().equals("summary.json")).toList();
        }
        assertThat(summaries).hasSize((int) java.util.stream.StreamSupport.stream(
                io.wbreplay.replay.vmscan.strategy.ReclaimStrategies.names().spliterator(), false).count());
        for (Path p : summaries) {
            assertThat(errors(schema, p)).as(p.toString()).isEmpty();
        }
        assertThat(Files.readString(dir.resolve("write-around/summary.json"))).contains("\"hazardFirst\": {\n    \"");
    }

    @Test
    void theSchemaRejectsAMissingOrMisspelledKey() throws IOException {
        Cli cli = new Cli();
        assertThat(cli.run("replay", CompareCommandTest.TRACE, "-o", dir.toString())).as(cli.err.toString()).isZero();
        String summary = Files.readString(dir.resolve("summary.json"));
        Schema schema = schema("summary.schema.json");
        assertThat(schema.validate(summary, InputFormat.JSON)).isEmpty();
        assertThat(schema.validate(summary.replace("\"writeDispatches\"", "\"writeDispatch\""), InputFormat.JSON))
                .extracting(Error::getMessage).anySatisfy(m -> assertThat(m).contains("writeDispatch"));
        assertThat(schema.validate(summary.replace("\"deadlocked\": false", "\"deadlocked\": 0"), InputFormat.JSON)).isNotEmpty();
    }

    @Test
    void reportJsonMatchesTheSchema() throws IOException {
        Cli cli = new Cli();
        Path report = dir.resolve("report");
        assertThat(cli.run("compare", "--trace", CompareCommandTest.TRACE, "--strategy", "writepage,no-reclaim-writeback",
                "--memory", "32M,64M", "-j", "2", "-o", report.toString())).as(cli.err.toString()).isZero();
        assertThat(errors(schema("report.schema.json"), report.resolve("report.json"))).isEmpty();
        Schema summary = schema("summary.schema.json");
        try (Stream<Path> s = Files.walk(report.resolve("cells"))) {
            for (Path p : s.filter(f -> f.getFileName().toString().equals("summary.json")).toList()) {
                assertThat(errors(summary, p)).as(p.toString()).isEmpty();
            }
        }
        String text = Files.readString(report.resolve("report.json"));
        assertThat(schema("report.schema.json").validate(text.replace("\"baseline\"", "\"base\""), InputFormat.JSON)).isNotEmpty();
    }
}
