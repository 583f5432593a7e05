package io.sharedatomic.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark jar's main: runs the JMH suite through the Runner API, then the {@link CrossProcessHarness} and the
 * {@link StartupHarness}, {@link CliStartupHarness}, {@link ClusterLatencyHarness} (it needs etcd installed), and
 * writes {@code benchmarks.json} (JMH's JSON), {@code benchmarks-run.json} (the pass, its command, date and duration,
 * and every row's score), {@code cross-process.json}, {@code startup.json}, {@code cli-startup.json},
 * {@code cluster-latency.json}, {@code benchmarks.md} (every result with its ratio to its
 * baseline and to Agrona, and issue 12's targets, met or missed) and {@code benchmarks.png}.
 *
 * <pre>
 * java ${shared.atomic.jvm.args} -jar benchmarks/target/benchmarks.jar            # full: 2 forks, 3x1 s warm-up, 5x1 s
 * java ${shared.atomic.jvm.args} -jar benchmarks/target/benchmarks.jar --quick    # 1 fork, 3x1 s, 3x500 ms
 * java ${shared.atomic.jvm.args} -jar benchmarks/target/benchmarks.jar --smoke    # does every benchmark run?
 * </pre>
 *
 * Options: {@code --include REGEX} (repeatable; JMH benchmark-name regex), {@code --forks N}, {@code --out DIR},
 * {@code --note TEXT} (printed in the report, e.g. "measured under load"), {@code --no-harness},
 * {@code --harness-only}, {@code --increments N} (harness), {@code --compare FILE} (the full pass's
 * {@code benchmarks-run.json} a quick pass is compared with; default the project's {@code docs/benchmarks-run.json}).
 *
 * <p>Quick against full: a quick pass reads the full pass's {@code benchmarks-run.json} before it starts (it must say
 * {@code "pass": "full"}), and its report gives every row's ratio to the same full-pass row, marking the rows more
 * than 20% away; without a full result the report says so.
 *
 * <p>JVM flags: the parent pom's {@code shared.atomic.jvm.args} reach this class as a filtered resource; every JMH fork
 * gets them appended, and if this JVM was started without them it starts itself again with them, so the flags are
 * written down in exactly one place. Results of a full pass go to the project's {@code docs/}; a quick pass writes to
 * {@code benchmarks/target/quick/} and a smoke pass to {@code benchmarks/target/smoke/}, so that neither replaces the
 * published (full) results.
 */
public final class RunAll
{
    private static final String PACKAGE = "io.sharedatomic.benchmarks";
    private static final String RELAUNCHED = "shared.atomic.benchmarks.relaunched";
    private static final String SINGLE_SHOT_CLASS = "RegionLifecycleBenchmark";

    private RunAll()
    {
    }

    /** How long and how carefully to measure. */
    enum Pass
    {
        /** Only checks that every benchmark runs: all in this JVM, 1x50 ms warm-up, 1x50 ms measurement. */
        SMOKE(0, 1, 50, 1, 50, 1, 1, 200_000, 1, 1, 50, false),
        /**
         * A short look: 1 fork, 3x1 s warm-up (long enough for C2 to compile the deep paths, such as a registry
         * lookup), 3x500 ms measurement, GC profiler.
         */
        QUICK(1, 3, 1000, 3, 500, 5, 10, 5_000_000, 3, 5, 2000, true),
        /** The published numbers: 2 forks, 3x1 s warm-up, 5x1 s measurement, GC profiler. */
        FULL(2, 3, 1000, 5, 1000, 10, 30, 20_000_000, 5, 15, 10_000, true);

        final int forks;
        final int warmups;
        final int warmupMillis;
        final int measurements;
        final int measurementMillis;
        final int singleShotWarmups;
        final int singleShots;
        final long increments;
        final int harnessRuns;
        final int startupRuns;
        final int clusterOperations;
        final boolean profileAllocation;

        Pass(final int forks, final int warmups, final int warmupMillis, final int measurements, final int measurementMillis,
            final int singleShotWarmups, final int singleShots, final long increments, final int harnessRuns,
            final int startupRuns, final int clusterOperations, final boolean profileAllocation)
        {
            this.forks = forks;
            this.warmups = warmups;
            this.warmupMillis = warmupMillis;
            this.measurements = measurements;
            this.measurementMillis = measurementMillis;
            this.singleShotWarmups = singleShotWarmups;
            this.singleShots = singleShots;
            this.increments = increments;
            this.harnessRuns = harnessRuns;
            this.startupRuns = startupRuns;
            this.clusterOperations = clusterOperations;
            this.profileAllocation = profileAllocation;
        }
    }

    /** Parsed command line. */
    static final class Settings
    {
        Pass pass = Pass.FULL;
        final List<String> includes = new ArrayList<>();
        Integer forks;
        Path out;
        String note = "";
        boolean harness = true;
        boolean jmh = true;
        Long increments;
        Path compare;

        static Settings parse(final String[] args)
        {
            final Settings settings = new Settings();
            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                switch (arg)
                {
                    case "--smoke" -> settings.pass = Pass.SMOKE;
                    case "--quick" -> settings.pass = Pass.QUICK;
                    case "--full" -> settings.pass = Pass.FULL;
                    case "--include" -> settings.includes.add(value(args, ++i, arg));
                    case "--forks" -> settings.forks = Integer.parseInt(value(args, ++i, arg));
                    case "--out" -> settings.out = Path.of(value(args, ++i, arg));
                    case "--note" -> settings.note = value(args, ++i, arg);
                    case "--no-harness" -> settings.harness = false;
                    case "--harness-only" -> settings.jmh = false;
                    case "--increments" -> settings.increments = Long.parseLong(value(args, ++i, arg).replace("_", ""));
                    case "--compare" -> settings.compare = Path.of(value(args, ++i, arg));
                    case "--help", "-h" ->
                    {
                        System.out.println(usage());
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + usage());
                }
            }
            return settings;
        }

        private static String value(final String[] args, final int index, final String option)
        {
            if (index >= args.length)
            {
                throw new IllegalArgumentException(option + " needs a value\n" + usage());
            }
            return args[index];
        }
    }

    static String usage()
    {
        return "usage: java <shared.atomic.jvm.args> -jar benchmarks/target/benchmarks.jar [--smoke | --quick | --full]\n" +
            "       [--include REGEX]... [--forks N] [--out DIR] [--note TEXT] [--no-harness | --harness-only] [--increments N]\n" +
            "       [--compare FULL_PASS_BENCHMARKS_RUN_JSON]";
    }

    /**
     * Adds {@code --include} for one class to a benchmark class's command line.
     *
     * @param benchmark the class.
     * @param args      the rest of the options.
     * @return the options for {@link #main}.
     */
    static String[] only(final Class<?> benchmark, final String[] args)
    {
        final String[] all = Arrays.copyOf(args, args.length + 3);
        all[args.length] = "--include";
        all[args.length + 1] = "\\." + benchmark.getSimpleName() + "\\.";
        all[args.length + 2] = "--no-harness";
        return all;
    }

    /**
     * Runs the suite.
     *
     * @param args see the class comment.
     * @throws Exception if a benchmark fails, so that the exit status is not 0.
     */
    public static void main(final String[] args) throws Exception
    {
        final Settings settings = Settings.parse(args);
        final List<String> flags = jvmFlags();
        if (!hasFlags(flags))
        {
            System.exit(relaunch(flags, args));
            return;
        }
        System.setProperty("java.awt.headless", "true");
        final long started = System.nanoTime();
        final Pass pass = settings.pass;
        final Path out = settings.out != null ? settings.out : defaultOut(pass);
        Files.createDirectories(out);
        // Read the full pass before anything is written: --out may name the directory it is in.
        final Path comparePath = settings.compare != null ? settings.compare : projectRoot().resolve("docs").resolve(Report.Reference.FILE);
        Report.Reference reference = null;
        String referenceNote = "";
        if (pass == Pass.QUICK && settings.jmh)
        {
            final Report.Reference found = Report.Reference.read(comparePath);
            if (found == null)
            {
                referenceNote = "**No full-pass result to compare with** (" + comparePath + " does not exist): the quick rows are not " +
                    "checked against a full pass. Run the full pass (no option) on a quiet machine to write one.";
            }
            else if (!found.pass().equals(Pass.FULL.name().toLowerCase(Locale.ROOT)))
            {
                referenceNote = "**No full-pass result to compare with**: " + comparePath + " was written by a " + found.pass() +
                    " pass, not a full one; the quick rows are not checked against a full pass.";
            }
            else
            {
                reference = found;
                referenceNote = "Compared with the full pass in " + comparePath + ": run " + found.date() + ", " + found.duration() +
                    ", command `" + found.command() + "`.";
            }
        }

        final List<RunResult> results = new ArrayList<>();
        if (settings.jmh)
        {
            results.addAll(jmh(settings, flags, false));
            results.addAll(jmh(settings, flags, true));
            if (results.isEmpty())
            {
                throw new IllegalArgumentException("no benchmark matches " + settings.includes);
            }
            try (PrintStream json = new PrintStream(Files.newOutputStream(out.resolve("benchmarks.json")), true, StandardCharsets.UTF_8))
            {
                ResultFormatFactory.getInstance(ResultFormatType.JSON, json).writeOut(results);
            }
        }
        CrossProcessHarness.Results harness = null;
        StartupHarness.Results startup = null;
        CliStartupHarness.Results cliStartup = null;
        ClusterLatencyHarness.Results cluster = null;
        if (settings.harness)
        {
            final long increments = settings.increments != null ? settings.increments : pass.increments;
            harness = runHarness("Cross-process harness", () -> CrossProcessHarness.run(increments, pass.harnessRuns),
                out.resolve("cross-process.json"));
            startup = runHarness("Start-up harness", () -> StartupHarness.run(pass.startupRuns), out.resolve("startup.json"));
            cliStartup = runHarness("Command-line start-up harness", () -> CliStartupHarness.run(pass.startupRuns),
                out.resolve("cli-startup.json"));
            cluster = runHarness("Cluster harness (3-node etcd on loopback)", () -> ClusterLatencyHarness.run(pass.clusterOperations),
                out.resolve("cluster-latency.json"));
        }
        final Report report = new Report(results, harness, startup, cliStartup, cluster, reference, referenceNote);
        final String passName = pass.name().toLowerCase(Locale.ROOT);
        final String title = "shared-atomic benchmarks (" + passName + " pass)";
        final String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        final String duration = formatDuration(System.nanoTime() - started);
        final String command = "java <shared.atomic.jvm.args> -jar benchmarks/target/benchmarks.jar" +
            Arrays.stream(args).map(RunAll::quote).collect(Collectors.joining(" ", args.length == 0 ? "" : " ", ""));
        final List<String> context = new ArrayList<>();
        context.add("Run: " + date + "; the " + passName + " pass took " + duration + ".");
        context.add("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " (" +
            System.getProperty("java.vendor") + "); OS: " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", " +
            Runtime.getRuntime().availableProcessors() + " CPUs; files in " + BenchFiles.directory() + ".");
        context.add("Command: `" + command + "`; forks " + forks(settings) + ", warm-up " + pass.warmups + "×" +
            pass.warmupMillis + " ms, measurement " + pass.measurements + "×" + pass.measurementMillis + " ms (single-shot: " +
            pass.singleShotWarmups + " + " + pass.singleShots + " shots).");
        if (!settings.note.isEmpty())
        {
            context.add("**Note: " + settings.note + "**");
        }
        if (pass == Pass.SMOKE)
        {
            context.add("**Smoke pass: one short iteration in one JVM, to check that everything runs. These numbers mean nothing.**");
        }
        if (settings.jmh)
        {
            Files.writeString(out.resolve(Report.Reference.FILE), report.referenceJson(passName, date, duration, command), StandardCharsets.UTF_8);
        }
        Files.writeString(out.resolve("benchmarks.md"), report.markdown(title, context), StandardCharsets.UTF_8);
        report.chart(title, out.resolve("benchmarks.png"));
        System.out.println("\nwrote " + out.toAbsolutePath().normalize() + "/{" + (settings.jmh ? "benchmarks.json, " + Report.Reference.FILE + ", " : "") +
            (settings.harness ? "cross-process.json, startup.json, cli-startup.json, cluster-latency.json, " : "") + "benchmarks.md, benchmarks.png} in " +
            formatDuration(System.nanoTime() - started));
    }

    private static String quote(final String arg)
    {
        return arg.matches("[A-Za-z0-9_./=:,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    private static int forks(final Settings settings)
    {
        return settings.forks != null ? settings.forks : settings.pass.forks;
    }

    private static Collection<RunResult> jmh(final Settings settings, final List<String> flags, final boolean singleShot)
        throws RunnerException
    {
        final Pass pass = settings.pass;
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .forks(forks(settings))
            // Forks inherit this JVM's flags (JMH's default), which main() made sure include ours; append only what is
            // missing, so that no fork's command line carries them twice.
            .jvmArgsAppend(missing(flags).toArray(new String[0]))
            .shouldFailOnError(true);
        if (settings.includes.isEmpty())
        {
            options.include(PACKAGE.replace(".", "\\.") + "\\.");
        }
        settings.includes.forEach(options::include);
        final String singleShotPattern = "\\." + SINGLE_SHOT_CLASS + "\\.";
        if (singleShot)
        {
            // Only the single-shot class: exclude every name that does not contain it.
            options.exclude("^(?!.*" + singleShotPattern + ")")
                .warmupIterations(pass.singleShotWarmups)
                .measurementIterations(pass.singleShots);
        }
        else
        {
            options.exclude(singleShotPattern)
                .warmupIterations(pass.warmups)
                .warmupTime(TimeValue.milliseconds(pass.warmupMillis))
                .measurementIterations(pass.measurements)
                .measurementTime(TimeValue.milliseconds(pass.measurementMillis));
        }
        if (pass.profileAllocation)
        {
            options.addProfiler(GCProfiler.class);
        }
        try
        {
            return new Runner(options.build()).run();
        }
        catch (final NoBenchmarksException ex)
        {
            return List.of();
        }
    }

    /**
     * @return the flags every JMH fork gets: the library's and what the baselines need, from the resource Maven
     *     filtered.
     */
    static List<String> jvmFlags()
    {
        return List.of(buildProperty("jvm.args").split("\\s+"));
    }

    /**
     * @param key a key of {@code jvm-args.properties}, which Maven filled in from the parent pom when it built this
     *            module.
     * @return its value.
     */
    static String buildProperty(final String key)
    {
        final Properties properties = new Properties();
        try (InputStream in = RunAll.class.getResourceAsStream("jvm-args.properties"))
        {
            if (in == null)
            {
                throw new IllegalStateException("jvm-args.properties is missing: build the jar with Maven");
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final String value = properties.getProperty(key, "").trim();
        if (value.isEmpty() || value.contains("${"))
        {
            throw new IllegalStateException("jvm-args.properties has no " + key + " filled in by Maven: '" + value + "'");
        }
        return value;
    }

    private static List<String> missing(final List<String> flags)
    {
        final List<String> present = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return flags.stream().filter(flag -> !present.contains(flag)).collect(Collectors.toList());
    }

    private static boolean hasFlags(final List<String> flags)
    {
        return Boolean.getBoolean(RELAUNCHED) || missing(flags).isEmpty();
    }

    /**
     * Starts this main again in a JVM with the flags, and waits for it.
     */
    private static int relaunch(final List<String> flags, final String[] args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(flags);
        command.add("-D" + RELAUNCHED + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RunAll.class.getName());
        command.addAll(Arrays.asList(args));
        System.err.println("RunAll: this JVM lacks the flags of shared.atomic.jvm.args; running again with them:\n  " +
            String.join(" ", command));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /**
     * @return the project's root (found from where this class was loaded: the directory with {@code pom.xml} and
     *     {@code benchmarks/pom.xml}), else the working directory.
     */
    private static Path projectRoot()
    {
        try
        {
            Path location = Path.of(RunAll.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            for (; location != null; location = location.getParent())
            {
                if (Files.isRegularFile(location.resolve("benchmarks").resolve("pom.xml")) && Files.isRegularFile(location.resolve("pom.xml")))
                {
                    return location;
                }
            }
        }
        catch (final URISyntaxException | SecurityException | NullPointerException ex)
        {
            // Fall through to the working directory.
        }
        return Path.of("").toAbsolutePath();
    }

    /** Runs a harness, prints its table and writes its JSON. */
    private static <R extends HarnessResults> R runHarness(final String heading, final Callable<R> harness, final Path json) throws Exception
    {
        System.out.println("\n# " + heading);
        final R results = harness.call();
        System.out.print(results.toTable());
        Files.writeString(json, results.toJson(), StandardCharsets.UTF_8);
        return results;
    }

    /**
     * docs/ of the project for a full pass; benchmarks/target/quick/ or target/smoke/ for the others, so that only a
     * full pass replaces the published results.
     */
    private static Path defaultOut(final Pass pass)
    {
        final Path root = projectRoot();
        return switch (pass)
        {
            case FULL -> root.resolve("docs");
            case QUICK -> root.resolve("benchmarks").resolve("target").resolve("quick");
            case SMOKE -> root.resolve("benchmarks").resolve("target").resolve("smoke");
        };
    }

    private static String formatDuration(final long nanos)
    {
        final Duration duration = Duration.ofNanos(nanos);
        return duration.toMinutes() > 0 ? String.format(Locale.ROOT, "%d min %d s", duration.toMinutes(), duration.toSecondsPart()) :
            String.format(Locale.ROOT, "%.1f s", nanos / (double)TimeUnit.SECONDS.toNanos(1));
    }
}
