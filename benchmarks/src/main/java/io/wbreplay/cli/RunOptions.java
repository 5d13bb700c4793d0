package io.wbreplay.cli;

import io.wbreplay.replay.driver.RunConfig;
import io.wbreplay.replay.driver.RunConfig.Kind;
import io.wbreplay.replay.driver.RunConfig.Setting;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options of a replay, made from {@link RunConfig#SETTINGS} (one source for names, help and
 * defaults): {@code replay} takes one value each ({@link Single}), {@code compare} comma-separated
 * values to sweep ({@link Swept}). A command names one of them as its {@code modelTransformer}.
 */
final class RunOptions {
    /** Settings {@code compare} has options of its own for: its --seed (one per run) and --format (the report's). */
    private static final Set<String> COMPARE_OWN = Set.of("seed", "format");

    private RunOptions() {
    }

    /** {@code --NAME VALUE} (flags: {@code --NAME}) for every setting. */
    static final class Single implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (Setting s : RunConfig.SETTINGS) {
                spec.addOption(option(s, false).build());
            }
            return spec;
        }
    }

    /**
     * {@code --NAME V1,V2,...} for every setting but the seed (compare's own, one per run) and the trace
     * format (compare's --format is the report's; a sweep file's {@code format} key still sets it).
     */
    static final class Swept implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (Setting s : RunConfig.SETTINGS) {
                if (!COMPARE_OWN.contains(s.name())) {
                    spec.addOption(option(s, true).type(List.class).auxiliaryTypes(String.class).splitRegex(",").build());
                }
            }
            return spec;
        }
    }

    private static OptionSpec.Builder option(Setting s, boolean swept) {
        String d = s.defaultText();
        String text = s.description();
        if (d != null) {
            text = text.substring(0, text.length() - 1) + " (default: " + d + ").";
        }
        OptionSpec.Builder b = OptionSpec.builder("--" + s.name()).description(text.replace("%", "%%")); // picocli formats it
        if (s.kind() == Kind.FLAG && !swept) {
            return b.type(boolean.class).arity("0");
        }
        b.paramLabel(s.kind() == Kind.FLAG ? "BOOL" : s.paramLabel()).type(String.class);
        if (swept) {
            return b; // each cell's values are checked before any runs, naming the cell
        }
        return b.converters(value -> {
            try {
                s.parse(value); // refuse a malformed value while parsing, as picocli does its own types
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
            return value;
        });
    }

    /** The configuration the options given to {@code replay} describe: the defaults, then each option given. */
    static RunConfig config(CommandSpec spec) throws IOException {
        RunConfig c = new RunConfig();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (Setting s : RunConfig.SETTINGS) {
            OptionSpec o = parsed.matchedOption("--" + s.name());
            if (o != null) {
                s.apply(c, String.valueOf((Object) o.getValue()));
            }
        }
        return c;
    }

    /** The values given to {@code compare} per setting name, in the order of the settings. */
    static Map<String, List<String>> swept(CommandSpec spec) {
        Map<String, List<String>> given = new LinkedHashMap<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (Setting s : RunConfig.SETTINGS) {
            OptionSpec o = COMPARE_OWN.contains(s.name()) ? null : parsed.matchedOption("--" + s.name());
            if (o != null) {
                List<String> values = o.getValue();
                given.put(s.name(), values);
            }
        }
        return given;
    }
}
