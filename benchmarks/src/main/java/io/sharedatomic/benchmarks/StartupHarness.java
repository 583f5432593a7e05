package io.sharedatomic.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import io.sharedatomic.SharedRegion;

/**
 * Start-up, measured as issue 12 asks: whole JVMs, one after another, each timed from the moment this harness starts
 * it to the first line it prints, which it prints right after its first operation. Two programs alternate:
 * <ul>
 *   <li>{@code plain}: {@link StartupPlainProbe}, a JDK-only program that maps an existing 4 KiB file and makes one
 *       {@code getAndAdd} through a VarHandle, run without JVM flags;</li>
 *   <li>{@code shared-atomic}: {@link StartupRegionProbe}, which attaches an existing region, looks up a long and makes
 *       one {@code getAndAdd}, run with the library's flags ({@code shared.atomic.jvm.args}) and the class path a user of
 *       {@code shared-atomic-core} has (the core jar and its runtime dependencies, nothing of the benchmarks).</li>
 * </ul>
 * Both probes run from a small jar this harness writes, without class-data sharing beyond the JDK's default archive.
 * Two warm-up runs of each (page cache) are not counted; medians of the rest are compared. Every run must exit 0 and
 * print the value the previous run left, so each one really made its operation. What each wrote to stderr is counted:
 * a user's program should print nothing it did not ask for.
 *
 * <pre>
 * java ${flags} -cp benchmarks/target/benchmarks.jar io.sharedatomic.benchmarks.StartupHarness [--runs 15] [--json FILE]
 * </pre>
 */
public final class StartupHarness
{
    private static final int WARMUP_RUNS = 2;
    private static final Class<?>[] PROBES = {StartupPlainProbe.class, StartupRegionProbe.class};

    private StartupHarness()
    {
    }

    /**
     * One program's runs.
     *
     * @param name        short name.
     * @param description what it runs.
     * @param command     the command line, with the file last.
     * @param millis      each counted run, start to first line, in milliseconds.
     * @param stderrLines lines the counted runs wrote to stderr, all together.
     */
    record Row(String name, String description, List<String> command, double[] millis, int stderrLines)
    {
        double median()
        {
            final double[] sorted = millis.clone();
            Arrays.sort(sorted);
            final int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        double min()
        {
            return Arrays.stream(millis).min().orElse(Double.NaN);
        }

        double max()
        {
            return Arrays.stream(millis).max().orElse(Double.NaN);
        }
    }

    /**
     * @param javaVersion the JDK that ran the probes.
     * @param runs        counted runs per program.
     * @param plain       the baseline's runs.
     * @param ours        our runs.
     */
    record Results(String javaVersion, int runs, Row plain, Row ours) implements HarnessResults
    {
        /**
         * @return our median over the baseline's.
         */
        double ratio()
        {
            return ours.median() / plain.median();
        }

        @Override
        public String toTable()
        {
            final StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Java %s, %d runs each (after %d warm-up runs)%n",
                javaVersion, runs, WARMUP_RUNS));
            out.append(String.format(Locale.ROOT, "%-14s %10s %10s %10s %8s%n", "program", "median ms", "min ms", "max ms", "stderr"));
            for (final Row row : List.of(plain, ours))
            {
                out.append(String.format(Locale.ROOT, "%-14s %10.1f %10.1f %10.1f %8d%n", row.name(), row.median(), row.min(), row.max(),
                    row.stderrLines()));
            }
            return out.append(String.format(Locale.ROOT, "ratio %.2fx%n", ratio())).toString();
        }

        @Override
        public String toJson()
        {
            return json(javaVersion, runs, WARMUP_RUNS, ratio(), List.of(plain, ours));
        }

        /**
         * The JSON of a start-up run, shared with {@link CliStartupHarness}.
         */
        static String json(final String javaVersion, final int runs, final int warmupRuns, final double ratio, final List<Row> rows)
        {
            final StringBuilder out = new StringBuilder("{\n  \"javaVersion\": ").append(Json.string(javaVersion))
                .append(",\n  \"runs\": ").append(runs)
                .append(",\n  \"warmupRuns\": ").append(warmupRuns)
                .append(",\n  \"ratio\": ").append(Json.number(ratio))
                .append(",\n  \"rows\": [");
            String separator = "\n";
            for (final Row row : rows)
            {
                out.append(separator).append("    {\"name\": ").append(Json.string(row.name()))
                    .append(", \"description\": ").append(Json.string(row.description()))
                    .append(", \"command\": ").append(Json.string(String.join(" ", row.command())))
                    .append(", \"medianMs\": ").append(Json.number(row.median()))
                    .append(", \"minMs\": ").append(Json.number(row.min()))
                    .append(", \"maxMs\": ").append(Json.number(row.max()))
                    .append(", \"stderrLines\": ").append(row.stderrLines())
                    .append(", \"millis\": [");
                for (int i = 0; i < row.millis().length; i++)
                {
                    out.append(i == 0 ? "" : ", ").append(Json.number(row.millis()[i]));
                }
                out.append("]}");
                separator = ",\n";
            }
            return out.append("\n  ]\n}\n").toString();
        }
    }

    /**
     * @param args {@code [--runs N] [--json FILE]}.
     * @throws Exception if a probe fails.
     */
    public static void main(final String[] args) throws Exception
    {
        main(args, runs ->
        {
            final Results results = run(runs);
            return new Report(results.toTable(), results.toJson());
        });
    }

    /**
     * What a start-up harness prints and writes.
     *
     * @param table for the console.
     * @param json  for {@code --json FILE}.
     */
    record Report(String table, String json)
    {
    }

    /**
     * A run of a start-up harness, as measured.
     */
    @FunctionalInterface
    interface Measurement
    {
        Report measure(int runs) throws IOException, InterruptedException;
    }

    /**
     * The command line of both start-up harnesses: {@code [--runs N] [--json FILE]}.
     */
    static void main(final String[] args, final Measurement measurement) throws IOException, InterruptedException
    {
        int runs = 15;
        Path json = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use [--runs N] [--json FILE]");
            }
        }
        final Report report = measurement.measure(runs);
        System.out.print(report.table());
        if (json != null)
        {
            Files.writeString(json, report.json(), StandardCharsets.UTF_8);
        }
    }

    /**
     * @param runs counted runs of each program, at least 1.
     * @return both programs' times.
     * @throws IOException          if a file or a process cannot be made.
     * @throws InterruptedException if interrupted while waiting for a probe.
     */
    static Results run(final int runs) throws IOException, InterruptedException
    {
        if (runs < 1)
        {
            throw new IllegalArgumentException("runs must be at least 1: " + runs);
        }
        final Path directory = Files.createTempDirectory(BenchFiles.directory(), "startup-");
        try
        {
            final Path probes = writeProbeJar(directory.resolve("probes.jar"));
            final Path plainFile = directory.resolve("plain.bin");
            Files.write(plainFile, new byte[StartupPlainProbe.LENGTH]);
            final Path regionFile = directory.resolve("startup.region");
            try (SharedRegion region = SharedRegion.open(regionFile))
            {
                region.sharedLong(StartupRegionProbe.NAME, 0);
            }
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            final List<String> plainCommand = List.of(java, "-cp", probes.toString(), StartupPlainProbe.class.getName(), plainFile.toString());
            final List<String> ourCommand = new ArrayList<>();
            ourCommand.add(java);
            ourCommand.addAll(List.of(RunAll.buildProperty("library.jvm.args").split("\\s+")));
            ourCommand.add("-cp");
            ourCommand.add(probes + File.pathSeparator + userClassPath());
            ourCommand.add(StartupRegionProbe.class.getName());
            ourCommand.add(regionFile.toString());

            final Probe plain = new Probe(plainCommand, directory);
            final Probe ours = new Probe(ourCommand, directory);
            for (int i = 0; i < WARMUP_RUNS; i++)
            {
                plain.launch();
                ours.launch();
            }
            final double[] plainMillis = new double[runs];
            final double[] ourMillis = new double[runs];
            int plainStderr = 0;
            int ourStderr = 0;
            for (int i = 0; i < runs; i++)
            {
                // Alternating, so that whatever else the machine does falls on both alike.
                plainMillis[i] = plain.launch();
                plainStderr += plain.lastStderrLines;
                ourMillis[i] = ours.launch();
                ourStderr += ours.lastStderrLines;
            }
            return new Results(System.getProperty("java.version"), runs,
                new Row("plain", "JDK only: map a 4 KiB file, VarHandle getAndAdd; no flags", plainCommand, plainMillis, plainStderr),
                new Row("shared-atomic", "SharedRegion.attach, sharedLong, getAndAdd; core's class path and flags", ourCommand, ourMillis,
                    ourStderr));
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
     * Runs one program after another, checking that each run saw the value the previous one left.
     */
    private static final class Probe
    {
        private final List<String> command;
        private final Path stderr;
        private long expected;
        int lastStderrLines;

        Probe(final List<String> command, final Path directory) throws IOException
        {
            this.command = command;
            this.stderr = Files.createTempFile(directory, "stderr-", ".txt");
        }

        /**
         * @return milliseconds from start to the first line of output.
         */
        double launch() throws IOException, InterruptedException
        {
            final ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            final long start = System.nanoTime();
            final Process process = builder.start();
            final String line;
            final long end;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                line = out.readLine();
                end = System.nanoTime();
                while (out.readLine() != null)
                {
                    // Drain, so the probe never blocks on a full pipe.
                }
            }
            final int exit = process.waitFor();
            final List<String> errors = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            if (exit != 0 || line == null || !line.equals(Long.toString(expected)))
            {
                throw new IllegalStateException("start-up probe failed (exit " + exit + ", printed " + line + ", expected " + expected +
                    "): " + String.join(" ", command) + "\n" + String.join("\n", errors));
            }
            expected++;
            lastStderrLines = errors.size();
            return (end - start) / 1e6;
        }
    }

    /**
     * @return the class path of a program that depends on {@code shared-atomic-core}.
     */
    private static String userClassPath()
    {
        final String classPath = RunAll.buildProperty("core.class.path");
        // The benchmarks' own class path has Chronicle's posix stack (the MappedBytes baseline needs it); core's has not.
        if (classPath.matches("(?s).*(posix|jnr|jffi|jna)[^" + File.pathSeparator + "]*\\.jar.*"))
        {
            throw new IllegalStateException("core.class.path holds a jar core leaves out: " + classPath);
        }
        return classPath;
    }

    /**
     * Copies the two probe classes out of this class path into a jar of their own, so that no other class of the
     * benchmarks (nor JMH, nor Agrona) is on the probes' class path.
     */
    private static Path writeProbeJar(final Path jar) throws IOException
    {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file))
        {
            for (final Class<?> probe : PROBES)
            {
                final String entry = probe.getName().replace('.', '/') + ".class";
                try (InputStream in = StartupHarness.class.getClassLoader().getResourceAsStream(entry))
                {
                    if (in == null)
                    {
                        throw new IllegalStateException("class file not found: " + entry);
                    }
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
