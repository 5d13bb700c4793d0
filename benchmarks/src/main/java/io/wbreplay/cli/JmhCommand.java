package io.wbreplay.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wbreplay jmh [JMH options]}: hands over to JMH's own main, so the one jar runs the benchmarks. */
@Command(name = "jmh", description = "Run the JMH benchmarks; all arguments go to JMH (try: jmh -h, jmh -l).")
final class JmhCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "JMH-OPTION", description = "Options for JMH, as for its own jar.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // JMH knows -h only; --help is what every other wbreplay command takes
        String[] jmhArgs = args.stream().map(a -> a.equals("--help") ? "-h" : a).toArray(String[]::new);
        org.openjdk.jmh.Main.main(io.wbreplay.bench.Benchmarks.withStrategies(jmhArgs));
        return 0;
    }
}
