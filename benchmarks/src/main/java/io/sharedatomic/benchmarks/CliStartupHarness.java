package io.sharedatomic.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.sharedatomic.SharedRegion;

/**
 * Start-up of the {@code shared-atomic} command line (issue 13), measured as the issue asks: process start to first
 * output, against {@code java -version} of the same JDK, in one run, alternating. Four programs:
 * <ul>
 *   <li>{@code java -version}: its first line (on stderr);</li>
 *   <li>{@code launcher}: {@code bin/shared-atomic get REGION NAME} of the distribution the build made, which uses the
 *       class-data archive made at build time for this JDK ({@code lib/cds/});</li>
 *   <li>{@code launcher, JDK archive}: the same with {@code JAVA_OPTS} pointing the JVM at the JDK's own default
 *       archive instead, to show what the application archive is worth;</li>
 *   <li>{@code java -jar}: the executable jar with no flags and no archive, as a user may run it.</li>
 * </ul>
 * Each run must exit 0 and print the value; what each wrote to stderr is counted (on Java 24 and later {@code java -jar}
 * writes the JDK's {@code sun.misc.Unsafe} warning, which only a command-line flag can switch off).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.sharedatomic.benchmarks.CliStartupHarness [--runs 15] [--json FILE]
 * </pre>
 */
public final class CliStartupHarness
{
    private static final int WARMUP_RUNS = 2;
    private static final String NAME = "orders.sent";
    private static final long VALUE = 42;

    private CliStartupHarness()
    {
    }

    /**
     * @param javaVersion the JDK that ran the programs.
     * @param runs        counted runs per program.
     * @param baseline    {@code java -version}.
     * @param rows        the command line's ways to start, the launcher first.
     */
    record Results(String javaVersion, int runs, StartupHarness.Row baseline, List<StartupHarness.Row> rows) implements HarnessResults
    {
        /**
         * @return the launcher's median over {@code java -version}'s.
         */
        double ratio()
        {
            return rows.get(0).median() / baseline.median();
        }

        List<StartupHarness.Row> all()
        {
            final List<StartupHarness.Row> all = new ArrayList<>();
            all.add(baseline);
            all.addAll(rows);
            return all;
        }

        @Override
        public String toTable()
        {
            final StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Java %s, %d runs each (after %d warm-up runs)%n",
                javaVersion, runs, WARMUP_RUNS));
            out.append(String.format(Locale.ROOT, "%-24s %10s %10s %10s %8s%n", "program", "median ms", "min ms", "max ms", "stderr"));
            for (final StartupHarness.Row row : all())
            {
                out.append(String.format(Locale.ROOT, "%-24s %10.1f %10.1f %10.1f %8d%n", row.name(), row.median(), row.min(), row.max(),
                    row.stderrLines()));
            }
            return out.append(String.format(Locale.ROOT, "launcher / java -version: %.2fx%n", ratio())).toString();
        }

        @Override
        public String toJson()
        {
            return StartupHarness.Results.json(javaVersion, runs, WARMUP_RUNS, ratio(), all());
        }
    }

    /**
     * @param args {@code [--runs N] [--json FILE]}.
     * @throws Exception if a program fails.
     */
    public static void main(final String[] args) throws Exception
    {
        StartupHarness.main(args, runs ->
        {
            final Results results = run(runs);
            return new StartupHarness.Report(results.toTable(), results.toJson());
        });
    }

    /**
     * @param runs counted runs of each program, at least 1.
     * @return every program's times.
     * @throws IOException          if a file or a process cannot be made.
     * @throws InterruptedException if interrupted while waiting for a program.
     */
    static Results run(final int runs) throws IOException, InterruptedException
    {
        if (runs < 1)
        {
            throw new IllegalArgumentException("runs must be at least 1: " + runs);
        }
        final Path home = Path.of(RunAll.buildProperty("cli.home"));
        final Path launcher = home.resolve("bin").resolve("shared-atomic");
        final Path javaHome = Path.of(System.getProperty("java.home"));
        final Path archive = home.resolve("lib").resolve("cds").resolve("java-" + System.getProperty("java.runtime.version") + ".jsa");
        if (!Files.isExecutable(launcher))
        {
            throw new IllegalStateException("no distribution at " + home + ": build the cli module (mvn -pl cli -am package)");
        }
        final Path jar;
        try (Stream<Path> files = Files.list(home.resolve("lib")))
        {
            jar = files.filter(file -> file.getFileName().toString().startsWith("shared-atomic-cli-")).findFirst().orElseThrow();
        }
        final Path directory = Files.createTempDirectory(BenchFiles.directory(), "cli-startup-");
        try
        {
            final Path region = directory.resolve("cli.region");
            try (SharedRegion shared = SharedRegion.open(region))
            {
                shared.sharedLong(NAME, VALUE);
            }
            final String java = javaHome.resolve("bin").resolve("java").toString();
            final String expected = Long.toString(VALUE);
            ensureArchive(launcher, archive, javaHome, region);
            final Map<String, String> env = Map.of("JAVA_HOME", javaHome.toString());
            final Program version = new Program("java -version", "the JDK's own start-up (first line, on stderr)",
                List.of(java, "-version"), Map.of(), true, null, directory);
            final List<Program> programs = List.of(
                new Program("launcher", "bin/shared-atomic get, with the class-data archive made at build time",
                    List.of(launcher.toString(), "get", region.toString(), NAME), env, false, expected, directory),
                new Program("launcher, JDK archive", "the same with JAVA_OPTS=-XX:SharedArchiveFile=<the JDK's default archive>",
                    List.of(launcher.toString(), "get", region.toString(), NAME),
                    Map.of("JAVA_HOME", javaHome.toString(), "JAVA_OPTS", "-XX:SharedArchiveFile=" + javaHome.resolve("lib/server/classes.jsa")),
                    false, expected, directory),
                new Program("java -jar", "java -jar lib/shared-atomic-cli.jar get: no flags, no archive",
                    List.of(java, "-jar", jar.toString(), "get", region.toString(), NAME), Map.of(), false, expected, directory));
            for (int i = 0; i < WARMUP_RUNS; i++)
            {
                version.launch();
                for (final Program program : programs)
                {
                    program.launch();
                }
            }
            programs.forEach(Program::resetCounts);
            final double[] versionMillis = new double[runs];
            final double[][] millis = new double[programs.size()][runs];
            for (int i = 0; i < runs; i++)
            {
                // Alternating, so that whatever else the machine does falls on all alike.
                versionMillis[i] = version.launch();
                for (int p = 0; p < programs.size(); p++)
                {
                    millis[p][i] = programs.get(p).launch();
                }
            }
            final List<StartupHarness.Row> rows = new ArrayList<>();
            for (int p = 0; p < programs.size(); p++)
            {
                rows.add(programs.get(p).row(millis[p]));
            }
            return new Results(System.getProperty("java.version"), runs, version.row(versionMillis), rows);
        }
        finally
        {
            try (Stream<Path> files = Files.list(directory))
            {
                files.forEach(BenchFiles::delete);
            }
            BenchFiles.delete(directory);
        }
    }

    /**
     * Makes sure the launcher runs with an archive for this JDK that the JVM accepts: the build made one for the JDK
     * that built it, and a jar rebuilt since makes it stale. {@code -Xshare:on} fails rather than run without it.
     */
    private static void ensureArchive(final Path launcher, final Path archive, final Path javaHome, final Path region)
        throws IOException, InterruptedException
    {
        final List<String> get = List.of(launcher.toString(), "get", region.toString(), NAME);
        final Map<String, String> strict = Map.of("JAVA_HOME", javaHome.toString(), "JAVA_OPTS", "-Xshare:on");
        if (Files.isRegularFile(archive) && quietly(get, strict) == 0)
        {
            return;
        }
        if (quietly(List.of(launcher.toString(), "cds-archive"), Map.of("JAVA_HOME", javaHome.toString())) != 0 || quietly(get, strict) != 0)
        {
            throw new IllegalStateException("the launcher cannot use a class-data archive for this JDK: " + launcher + " cds-archive failed");
        }
    }

    private static int quietly(final List<String> command, final Map<String, String> environment) throws IOException, InterruptedException
    {
        final ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(environment);
        return builder.start().waitFor();
    }

    /**
     * One way to start, run again and again.
     */
    private static final class Program
    {
        private final String name;
        private final String description;
        private final List<String> command;
        private final Map<String, String> environment;
        private final boolean firstLineOnStderr;
        private final String expected;
        private final Path other;
        private int stderrLines;

        Program(final String name, final String description, final List<String> command, final Map<String, String> environment,
            final boolean firstLineOnStderr, final String expected, final Path directory) throws IOException
        {
            this.name = name;
            this.description = description;
            this.command = command;
            this.environment = environment;
            this.firstLineOnStderr = firstLineOnStderr;
            this.expected = expected;
            this.other = Files.createTempFile(directory, "other-", ".txt");
        }

        /**
         * @return milliseconds from start to the first line of output.
         */
        double launch() throws IOException, InterruptedException
        {
            final ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().remove("JAVA_OPTS");
            builder.environment().putAll(environment);
            if (firstLineOnStderr)
            {
                builder.redirectOutput(other.toFile());
            }
            else
            {
                builder.redirectError(other.toFile());
            }
            final long start = System.nanoTime();
            final Process process = builder.start();
            final String line;
            final long end;
            try (InputStream stream = firstLineOnStderr ? process.getErrorStream() : process.getInputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)))
            {
                line = in.readLine();
                end = System.nanoTime();
                while (in.readLine() != null)
                {
                    // Drain, so the program never blocks on a full pipe.
                }
            }
            final int exit = process.waitFor();
            final List<String> otherLines = Files.readAllLines(other, StandardCharsets.UTF_8);
            if (exit != 0 || line == null || (expected != null && !line.equals(expected)))
            {
                throw new IllegalStateException("start-up run failed (exit " + exit + ", printed " + line + ", expected " + expected + "): " +
                    String.join(" ", command) + "\n" + String.join("\n", otherLines));
            }
            if (!firstLineOnStderr)
            {
                stderrLines += otherLines.size();
            }
            return (end - start) / 1e6;
        }

        void resetCounts()
        {
            stderrLines = 0;
        }

        StartupHarness.Row row(final double[] millis)
        {
            return new StartupHarness.Row(name, description, command, Arrays.copyOf(millis, millis.length), stderrLines);
        }
    }
}
