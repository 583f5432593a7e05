package io.sharedatomic.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns one run's JMH results and cross-process results into the Markdown report (each result with its ratio to its
 * class's baseline and, where the class runs it, to Agrona; a quick pass's comparison with a full pass; then issue 12's
 * targets, met or missed) and the bar chart.
 */
final class Report
{
    /** Order of the sections; classes not listed follow in name order. */
    private static final List<String> CLASS_ORDER = List.of("NumericBenchmark", "NumericContendedBenchmark", "WideValueBenchmark",
        "BitSetBenchmark", "RegistryBenchmark", "RegionLifecycleBenchmark");
    /** Order of operations within a section. */
    private static final List<String> OPERATION_ORDER = List.of("get", "set", "getAndAdd", "casSuccess", "casLoop", "getAndXor",
        "getAndOrAnd", "getAndOrUnchanged", "getAndNand", "updateAndGet", "accumulateAndGet", "addRemove",
        "contains", "claimRelease", "lookupHandle", "lookupEntry", "create", "open", "attach");

    /** The second ratio column: to this baseline, where a class has it. */
    static final String AGRONA = "agrona";
    /** A quick row differing from the full pass's by more than this fraction of the full figure is marked. */
    static final double FULL_TOLERANCE = 0.20;
    /** The library's numeric handles, in NumericBenchmark's method-name prefixes. */
    private static final List<String> NUMERIC_HANDLES = List.of("sharedLong", "sharedULong", "sharedDouble", "sharedBoolean");

    private final List<Row> rows;
    private final CrossProcessHarness.Results harness;
    private final StartupHarness.Results startup;
    private final CliStartupHarness.Results cliStartup;
    private final ClusterLatencyHarness.Results cluster;
    private final Reference reference;
    private final String referenceNote;

    /**
     * One benchmark result, split into the parts the report needs.
     *
     * @param className    simple class name.
     * @param implementation the part of the method name before '_'.
     * @param operation    the part after it.
     * @param params       "name=value" pairs, or "".
     * @param threads      threads per fork.
     * @param score        ns/op.
     * @param error        99.9% half-width, NaN with too few samples.
     * @param bytesPerOp   allocation per op, NaN without the GC profiler.
     * @param casFailures  contended CAS loops: failed attempts, else NaN.
     * @param casSuccesses contended CAS loops: successful attempts, else NaN.
     * @param baselines    the class's baselines, preferred first.
     */
    record Row(String className, String implementation, String operation, String params, int threads, double score, double error,
        double bytesPerOp, double casFailures, double casSuccesses, List<String> baselines)
    {
        String groupKey()
        {
            return className + "|" + operation + "|" + params + "|" + threads;
        }

        boolean isBaseline()
        {
            return baselines.contains(implementation);
        }

        String label()
        {
            return className + "." + implementation + "_" + operation;
        }

        /** @return the key a full pass's {@link Reference} files this row's score under. */
        String referenceKey()
        {
            return label() + (params.isEmpty() ? "" : " " + params) + " t=" + threads;
        }
    }

    /**
     * Another run's scores, by {@link Row#referenceKey()}: a full pass that a quick pass is compared with.
     *
     * @param pass     the pass that wrote it ("full", "quick", "smoke").
     * @param date     when it ran.
     * @param duration how long it took.
     * @param command  its command line.
     * @param scores   ns/op by row key.
     */
    record Reference(String pass, String date, String duration, String command, Map<String, Double> scores)
    {
        /** File name of a run's summary, next to {@code benchmarks.json}. */
        static final String FILE = "benchmarks-run.json";
        private static final Pattern FIELD = Pattern.compile("^\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[-+0-9.eE]+|null)\\s*,?\\s*$");

        /**
         * @param rows     this run's rows.
         * @param pass     its pass.
         * @param date     when it ran.
         * @param duration how long it took.
         * @param command  its command line.
         * @return the summary as JSON, one field or score per line (which is what {@link #read} relies on).
         */
        static String toJson(final List<Row> rows, final String pass, final String date, final String duration, final String command)
        {
            final StringBuilder json = new StringBuilder("{\n");
            json.append("  \"pass\": ").append(Json.string(pass)).append(",\n");
            json.append("  \"date\": ").append(Json.string(date)).append(",\n");
            json.append("  \"duration\": ").append(Json.string(duration)).append(",\n");
            json.append("  \"command\": ").append(Json.string(command)).append(",\n");
            json.append("  \"unit\": \"ns/op\",\n");
            json.append("  \"scores\": {\n");
            for (int i = 0; i < rows.size(); i++)
            {
                json.append("    ").append(Json.string(rows.get(i).referenceKey())).append(": ").append(Json.number(rows.get(i).score()))
                    .append(i + 1 < rows.size() ? ",\n" : "\n");
            }
            return json.append("  }\n}\n").toString();
        }

        /**
         * @param path a summary written by {@link #toJson}.
         * @return it, or null if the file does not exist.
         * @throws IOException if it cannot be read.
         */
        static Reference read(final Path path) throws IOException
        {
            if (!Files.isRegularFile(path))
            {
                return null;
            }
            final Map<String, String> fields = new LinkedHashMap<>();
            final Map<String, Double> scores = new LinkedHashMap<>();
            boolean inScores = false;
            for (final String line : Files.readAllLines(path, StandardCharsets.UTF_8))
            {
                if (line.trim().startsWith("\"scores\"") && line.trim().endsWith("{"))
                {
                    inScores = true;
                    continue;
                }
                final Matcher matcher = FIELD.matcher(line);
                if (!matcher.matches())
                {
                    inScores = inScores && !line.trim().startsWith("}");
                    continue;
                }
                final String key = unescape(matcher.group(1));
                if (inScores)
                {
                    scores.put(key, matcher.group(2).equals("null") ? Double.NaN : Double.parseDouble(matcher.group(2)));
                }
                else
                {
                    fields.put(key, matcher.group(3) != null ? unescape(matcher.group(3)) : matcher.group(2));
                }
            }
            return new Reference(fields.getOrDefault("pass", "?"), fields.getOrDefault("date", "?"), fields.getOrDefault("duration", "?"),
                fields.getOrDefault("command", "?"), scores);
        }

        private static String unescape(final String text)
        {
            final StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if (c != '\\' || i + 1 == text.length())
                {
                    out.append(c);
                    continue;
                }
                final char next = text.charAt(++i);
                switch (next)
                {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' ->
                    {
                        out.append((char)Integer.parseInt(text.substring(i + 1, Math.min(i + 5, text.length())), 16));
                        i += 4;
                    }
                    default -> out.append(next);
                }
            }
            return out.toString();
        }
    }

    /**
     * @param results       this run's JMH results.
     * @param harness       cross-process results, or null.
     * @param startup       start-up results, or null.
     * @param cliStartup    the command line's start-up results, or null.
     * @param cluster       the cluster values' latencies, or null.
     * @param reference     a full pass to compare every row with (a "vs full" column), or null.
     * @param referenceNote one paragraph on the comparison (or on why there is none); "" for nothing.
     */
    Report(final Collection<RunResult> results, final CrossProcessHarness.Results harness, final StartupHarness.Results startup,
        final CliStartupHarness.Results cliStartup, final ClusterLatencyHarness.Results cluster,
        final Reference reference, final String referenceNote)
    {
        this.rows = results.stream().map(Report::row).sorted(rowOrder()).collect(Collectors.toList());
        this.harness = harness;
        this.startup = startup;
        this.cliStartup = cliStartup;
        this.cluster = cluster;
        this.reference = reference;
        this.referenceNote = referenceNote;
    }

    /**
     * @param pass     this run's pass.
     * @param date     when it ran.
     * @param duration how long it took.
     * @param command  its command line.
     * @return the run's summary for {@link Reference#read}.
     */
    String referenceJson(final String pass, final String date, final String duration, final String command)
    {
        return Reference.toJson(rows, pass, date, duration, command);
    }

    /** @return the reference's score for a row, NaN if it has none. */
    private double fullScore(final Row row)
    {
        final Double score = reference == null ? null : reference.scores().get(row.referenceKey());
        return score == null ? Double.NaN : score;
    }

    private static boolean differs(final double quick, final double full)
    {
        return Math.abs(quick / full - 1) > FULL_TOLERANCE;
    }

    private static Comparator<Row> rowOrder()
    {
        return Comparator.comparingInt((Row row) -> indexOr(CLASS_ORDER, row.className()))
            .thenComparing(Row::className)
            .thenComparing(Row::threads)
            .thenComparingInt(row -> indexOr(OPERATION_ORDER, row.operation()))
            .thenComparing(Row::operation)
            .thenComparing(row -> paramsSortKey(row.params()))
            .thenComparingInt(row -> row.isBaseline() ? row.baselines().indexOf(row.implementation()) - 100 : 0)
            .thenComparing(Row::implementation);
    }

    private static String paramsSortKey(final String params)
    {
        // Numeric parameters sort by value: pad every number.
        final StringBuilder key = new StringBuilder();
        for (final String part : params.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)"))
        {
            key.append(!part.isEmpty() && Character.isDigit(part.charAt(0)) ? String.format(Locale.ROOT, "%012d", Long.parseLong(part)) : part);
        }
        return key.toString();
    }

    private static int indexOr(final List<String> order, final String value)
    {
        final int index = order.indexOf(value);
        return index < 0 ? order.size() : index;
    }

    private static Row row(final RunResult result)
    {
        final BenchmarkParams params = result.getParams();
        final String benchmark = params.getBenchmark();
        final String classFullName = benchmark.substring(0, benchmark.lastIndexOf('.'));
        final String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        final int split = method.indexOf('_');
        final String implementation = split < 0 ? method : method.substring(0, split);
        final String operation = split < 0 ? method : method.substring(split + 1);
        final String paramText = params.getParamsKeys().stream().map(key -> key + "=" + params.getParam(key))
            .collect(Collectors.joining(" "));
        final Result<?> primary = result.getPrimaryResult();
        double bytesPerOp = Double.NaN;
        double casFailures = Double.NaN;
        double casSuccesses = Double.NaN;
        // JMH declares the map with the raw Result type: read scores without naming it.
        final Map<String, Double> secondaries = new LinkedHashMap<>();
        result.getSecondaryResults().keySet().forEach(key -> secondaries.put(key, result.getSecondaryResults().get(key).getScore()));
        for (final Map.Entry<String, Double> secondary : secondaries.entrySet())
        {
            final String key = secondary.getKey();
            if (key.endsWith("gc.alloc.rate.norm"))
            {
                bytesPerOp = secondary.getValue();
            }
            else if (key.equals("casFailures"))
            {
                casFailures = secondary.getValue();
            }
            else if (key.equals("casSuccesses"))
            {
                casSuccesses = secondary.getValue();
            }
        }
        List<String> baselines = List.of();
        try
        {
            final Baselines annotation = Class.forName(classFullName).getAnnotation(Baselines.class);
            if (annotation != null)
            {
                baselines = List.of(annotation.value());
            }
        }
        catch (final ClassNotFoundException ex)
        {
            // A result from a class this jar does not have: no baselines.
        }
        return new Row(classFullName.substring(classFullName.lastIndexOf('.') + 1), implementation, operation, paramText, params.getThreads(),
            primary.getScore(), primary.getScoreError(), bytesPerOp, casFailures, casSuccesses, baselines);
    }

    /**
     * @param row a result.
     * @return its baseline: the first of its class's baselines with a result for the same operation, parameters and
     *     threads (the row itself if it comes first); null if none.
     */
    Row baselineOf(final Row row)
    {
        for (final String implementation : row.baselines())
        {
            if (implementation.equals(row.implementation()))
            {
                // No preferred baseline has this operation: this row is the baseline.
                return row;
            }
            final Row baseline = find(row.className(), implementation, row.operation(), row.params(), row.threads());
            if (baseline != null)
            {
                return baseline;
            }
        }
        return null;
    }

    Row find(final String className, final String implementation, final String operation, final String params, final int threads)
    {
        for (final Row row : rows)
        {
            if (row.className().equals(className) && row.implementation().equals(implementation) && row.operation().equals(operation) &&
                row.params().equals(params) && row.threads() == threads)
            {
                return row;
            }
        }
        return null;
    }

    // ----- Markdown --------------------------------------------------------------------------------------------------

    /**
     * @param title   first line.
     * @param context lines describing the run (machine, JDK, command, notes).
     * @return the Markdown report.
     */
    String markdown(final String title, final List<String> context)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("<!-- Generated by io.sharedatomic.benchmarks.RunAll; do not edit by hand. -->\n\n");
        for (final String line : context)
        {
            md.append(line).append("  \n");
        }
        md.append("\nScores are average time per operation per thread (ns/op, lower is better) with the 99.9% confidence half-width; ")
            .append("**ratio** is to the class's first baseline with the same operation, parameters and threads, measured in the same run; ")
            .append("**vs agrona** (where a class runs Agrona's UnsafeBuffer) is to the Agrona row with the same operation, parameters ")
            .append("and threads; B/op is allocation per operation from JMH's GC profiler (— when the profiler was off).\n\n");
        md.append("![ns/op by operation and thread count](benchmarks.png)\n\n");
        if (!referenceNote.isEmpty() || reference != null)
        {
            fullComparison(md);
        }
        targets(md);
        final Map<String, List<Row>> byClass = new LinkedHashMap<>();
        for (final Row row : rows)
        {
            byClass.computeIfAbsent(row.className(), key -> new ArrayList<>()).add(row);
        }
        for (final Map.Entry<String, List<Row>> section : byClass.entrySet())
        {
            classSection(md, section.getKey(), section.getValue());
        }
        if (harness != null)
        {
            harnessSection(md);
        }
        if (startup != null)
        {
            startupSection(md);
        }
        if (cliStartup != null)
        {
            cliStartupSection(md);
        }
        if (cluster != null)
        {
            md.append(cluster.toMarkdown());
        }
        return md.toString();
    }

    private void classSection(final StringBuilder md, final String className, final List<Row> classRows)
    {
        md.append("## ").append(className).append("\n\n");
        final String description = describe(className);
        if (!description.isEmpty())
        {
            md.append("Baselines: ").append(description).append("\n\n");
        }
        final boolean cas = classRows.stream().anyMatch(row -> !Double.isNaN(row.casFailures()));
        // A second ratio column, to Agrona, where the class runs Agrona as a baseline.
        final boolean agrona = classRows.stream().anyMatch(row -> row.isBaseline() && row.implementation().equals(AGRONA));
        final boolean full = reference != null;
        md.append("| operation | implementation | params | threads | ns/op | ± | ratio |").append(agrona ? " vs agrona |" : "")
            .append(" B/op |").append(cas ? " CAS failures per success |" : "").append(full ? " vs full |" : "").append('\n');
        md.append("|---|---|---|---:|---:|---:|---:|").append(agrona ? "---:|" : "").append("---:|").append(cas ? "---:|" : "")
            .append(full ? "---:|" : "").append('\n');
        for (final Row row : classRows)
        {
            final Row baseline = baselineOf(row);
            final String ratio = baseline == null ? "—" : baseline == row ? "1.00 (baseline)" :
                String.format(Locale.ROOT, "%.2f× %s", row.score() / baseline.score(), baseline.implementation());
            md.append("| ").append(row.operation()).append(" | ").append(row.isBaseline() ? "*" + row.implementation() + "*" : "**" +
                row.implementation() + "**").append(" | ").append(row.params().isEmpty() ? "" : "`" + row.params() + "`").append(" | ")
                .append(row.threads()).append(" | ").append(format(row.score())).append(" | ").append(format(row.error())).append(" | ")
                .append(ratio).append(" |");
            if (agrona)
            {
                final Row agronaRow = find(row.className(), AGRONA, row.operation(), row.params(), row.threads());
                md.append(' ').append(agronaRow == null ? "—" : agronaRow == row ? "1.00" :
                    String.format(Locale.ROOT, "%.2f×", row.score() / agronaRow.score())).append(" |");
            }
            md.append(' ').append(formatBytes(row.bytesPerOp())).append(" |");
            if (cas)
            {
                md.append(' ').append(Double.isNaN(row.casFailures()) || row.casSuccesses() <= 0 ? "" :
                    String.format(Locale.ROOT, "%.3f", row.casFailures() / row.casSuccesses())).append(" |");
            }
            if (full)
            {
                final double fullScore = fullScore(row);
                md.append(' ').append(Double.isNaN(fullScore) ? "—" : differs(row.score(), fullScore) ?
                    String.format(Locale.ROOT, "**%.2f× ⚠**", row.score() / fullScore) :
                    String.format(Locale.ROOT, "%.2f×", row.score() / fullScore)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    /**
     * The quick pass against the full one: the paragraph RunAll gave, and the rows more than
     * {@link #FULL_TOLERANCE} away from their full-pass figure.
     */
    private void fullComparison(final StringBuilder md)
    {
        md.append("## Quick pass vs full pass\n\n");
        if (!referenceNote.isEmpty())
        {
            md.append(referenceNote).append("\n\n");
        }
        if (reference == null)
        {
            return;
        }
        final List<Row> compared = select(row -> !Double.isNaN(fullScore(row)));
        final List<Row> off = compared.stream().filter(row -> differs(row.score(), fullScore(row))).collect(Collectors.toList());
        md.append(String.format(Locale.ROOT, "Each row's **vs full** is this run's ns/op over the full pass's for the same benchmark, " +
            "parameters and threads; **⚠** marks a row more than %.0f%% away. **%d of %d** row(s) agree within %.0f%%, %d do not, " +
            "%d without a full-pass row.%n%n", FULL_TOLERANCE * 100, compared.size() - off.size(), compared.size(), FULL_TOLERANCE * 100,
            off.size(), rows.size() - compared.size()));
        if (!off.isEmpty())
        {
            md.append("| benchmark | params | threads | quick ns/op | full ns/op | quick / full |\n|---|---|---:|---:|---:|---:|\n");
            for (final Row row : off)
            {
                md.append("| ").append(row.label()).append(" | ").append(row.params().isEmpty() ? "" : "`" + row.params() + "`").append(" | ")
                    .append(row.threads()).append(" | ").append(format(row.score())).append(" | ").append(format(fullScore(row))).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f× ⚠", row.score() / fullScore(row))).append(" |\n");
            }
            md.append('\n');
        }
    }

    private static String describe(final String className)
    {
        try
        {
            final Baselines annotation = Class.forName(Report.class.getPackageName() + "." + className).getAnnotation(Baselines.class);
            return annotation == null ? "" : annotation.description();
        }
        catch (final ClassNotFoundException ex)
        {
            return "";
        }
    }

    private void harnessSection(final StringBuilder md)
    {
        md.append("## Cross-process (CrossProcessHarness)\n\n");
        md.append("Outside JMH: each worker warms up, waits at a barrier in the region, then calls `incrementAndGet()` ")
            .append(harness.increments()).append(" times. Aggregate ns/op = wall time from the first start to the last end / all increments; ")
            .append("median of ").append(harness.runs()).append(" run(s), with the fastest and slowest. Worker ns/op = each worker's own time ")
            .append("per increment. Child JVMs get this JVM's flags plus `-Xmx256m -XX:+UseSerialGC` (testkit's ChildJvm).\n\n");
        md.append("| scenario | what | aggregate ns/op | min..max | worker ns/op | counts exact | layout |\n");
        md.append("|---|---|---:|---:|---:|---|---|\n");
        for (final CrossProcessHarness.Row row : harness.rows())
        {
            md.append("| ").append(row.scenario()).append(" | ").append(row.description()).append(" | ").append(format(row.aggregateNsPerOp()))
                .append(" | ").append(format(row.minAggregate())).append("..").append(format(row.maxAggregate())).append(" | ")
                .append(format(row.workerNsPerOp())).append(" | ").append(row.exact() ? "yes" : "**NO**").append(" | ").append(row.layout())
                .append(" |\n");
        }
        md.append("\nFor reference (issue 6, measured separately on this machine, not in this run): the original Python library took about ")
            .append(format(CrossProcessHarness.PYTHON_ONE_THREAD_NS)).append(" ns per `int_add_and_fetch` from one thread and about ")
            .append(format(CrossProcessHarness.PYTHON_TWO_PROCESSES_NS)).append(" ns aggregate with two processes.\n\n");
    }

    private void startupSection(final StringBuilder md)
    {
        md.append("## Start-up (StartupHarness)\n\n");
        md.append("Whole JVMs on Java ").append(startup.javaVersion()).append(", alternating, each timed from its start to the first line it ")
            .append("prints, right after its first operation; ").append(startup.runs()).append(" counted runs each after 2 warm-up runs; ")
            .append("no class-data sharing beyond the JDK's default archive. `stderr` counts the lines all counted runs wrote there.\n\n");
        md.append("| program | what | median ms | min..max ms | stderr lines |\n|---|---|---:|---:|---:|\n");
        for (final StartupHarness.Row row : List.of(startup.plain(), startup.ours()))
        {
            md.append("| ").append(row.name()).append(" | ").append(row.description()).append(" | ").append(format(row.median())).append(" | ")
                .append(format(row.min())).append("..").append(format(row.max())).append(" | ").append(row.stderrLines()).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%nRatio of the medians: %.2f×.%n%n", startup.ratio()));
    }

    private void cliStartupSection(final StringBuilder md)
    {
        md.append("## Command-line start-up (CliStartupHarness)\n\n");
        md.append("The `shared-atomic` command against `java -version` on Java ").append(cliStartup.javaVersion())
            .append(", alternating, each timed from its start to its first line of output; ").append(cliStartup.runs())
            .append(" counted runs each after 2 warm-up runs. `stderr` counts the lines all counted runs wrote there.\n\n");
        md.append("| program | what | median ms | min..max ms | stderr lines |\n|---|---|---:|---:|---:|\n");
        for (final StartupHarness.Row row : cliStartup.all())
        {
            md.append("| ").append(row.name()).append(" | ").append(row.description()).append(" | ").append(format(row.median())).append(" | ")
                .append(format(row.min())).append("..").append(format(row.max())).append(" | ").append(row.stderrLines()).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%nRatio of the medians, launcher over `java -version`: %.2f×.%n%n", cliStartup.ratio()));
    }

    // ----- targets ---------------------------------------------------------------------------------------------------

    /** How a target fared. */
    private enum Status
    {
        MET, INCONCLUSIVE, MISSED, NOT_RUN
    }

    private record Verdict(String text, Status status)
    {
        static final Verdict NOT_RUN = new Verdict("not run", Status.NOT_RUN);
        static final Verdict MET = new Verdict("met", Status.MET);
    }

    /**
     * Ratio target: met when score <= limit x baseline; inconclusive when it is over, but the row's lower bound is
     * within the limit of the baseline's upper bound (99.9% intervals); missed otherwise.
     */
    private static Verdict ratio(final Row row, final Row baseline, final double limit)
    {
        if (row == null || baseline == null)
        {
            return Verdict.NOT_RUN;
        }
        final double ratio = row.score() / baseline.score();
        if (ratio <= limit)
        {
            return Verdict.MET;
        }
        final double low = row.score() - orZero(row.error());
        final double high = baseline.score() + orZero(baseline.error());
        final String measured = String.format(Locale.ROOT, "%.2f× %s > %.2f×", ratio, baseline.implementation(), limit);
        if (low <= limit * high)
        {
            return new Verdict("inconclusive (within error): " + measured, Status.INCONCLUSIVE);
        }
        return new Verdict(String.format(Locale.ROOT, "**missed**: %s (+%.0f%%)", measured, (ratio / limit - 1) * 100), Status.MISSED);
    }

    private static Verdict absolute(final boolean met, final String missed)
    {
        return met ? Verdict.MET : new Verdict("**missed**: " + missed, Status.MISSED);
    }

    private static double orZero(final double value)
    {
        return Double.isNaN(value) ? 0 : value;
    }

    private static String ratioText(final Row row, final Row baseline)
    {
        return row == null || baseline == null ? "—" : String.format(Locale.ROOT, "%.2f× %s", row.score() / baseline.score(),
            baseline.implementation());
    }

    /** The worst of the parts that ran: missed, then inconclusive, then met. */
    private static Verdict combine(final Verdict... verdicts)
    {
        final List<String> texts = new ArrayList<>();
        Status status = Status.NOT_RUN;
        for (final Verdict verdict : verdicts)
        {
            if (verdict.status() == Status.NOT_RUN)
            {
                continue;
            }
            if (status == Status.NOT_RUN || verdict.status().ordinal() > status.ordinal())
            {
                status = verdict.status();
            }
            if (verdict.status() != Status.MET)
            {
                texts.add(verdict.text());
            }
        }
        return status == Status.NOT_RUN ? Verdict.NOT_RUN : new Verdict(texts.isEmpty() ? "met" : String.join("; ", texts), status);
    }

    /** The lines of the targets table. */
    private static final class Targets
    {
        private final List<String[]> lines = new ArrayList<>();
        private final Map<Status, Integer> counts = new LinkedHashMap<>();

        void add(final String target, final String subject, final String measured, final Verdict verdict)
        {
            lines.add(new String[]{target, subject, measured, verdict.text()});
            counts.merge(verdict.status(), 1, Integer::sum);
        }

        /** Adds a "not run" line for a target none of whose benchmarks ran. */
        void ensure(final String target, final int linesBefore)
        {
            if (lines.size() == linesBefore)
            {
                add(target, "—", "—", Verdict.NOT_RUN);
            }
        }

        int size()
        {
            return lines.size();
        }
    }

    private void targets(final StringBuilder md)
    {
        md.append("## Targets (issue 12)\n\n");
        md.append("Each target is evaluated on this run's numbers. **inconclusive** means the ratio is over the limit but the ")
            .append("99.9% intervals overlap it (measure again on a quiet machine); \"not run\" means the benchmarks it needs were not ")
            .append("part of this run. Targets of issue 6 that issue 12 does not restate are kept, marked (issue 6).\n\n");
        final Targets targets = new Targets();
        // 1. Uncontended numeric get (issue 12), then the other uncontended operations (issue 6).
        String target = "uncontended get: ≤ 1.10× AtomicLong, ≤ 1.00× Agrona getLongVolatile, 0 B/op";
        int before = targets.size();
        for (final String implementation : NUMERIC_HANDLES)
        {
            final Row row = find("NumericBenchmark", implementation, "get", "", 1);
            if (row != null)
            {
                final Row atomic = find("NumericBenchmark", "atomicLong", "get", "", 1);
                final Row agrona = find("NumericBenchmark", "agrona", "get", "", 1);
                targets.add(target, implementation + " get", ratioText(row, atomic) + ", " + ratioText(row, agrona) + ", " +
                    formatBytes(row.bytesPerOp()) + " B/op", combine(ratio(row, atomic, 1.10), ratio(row, agrona, 1.0), noAllocation(row)));
            }
        }
        targets.ensure(target, before);
        target = "uncontended set, getAndAdd, CAS (issue 6): ≤ 1.15× AtomicLong, ≤ 1.00× VarHandle, 0 B/op";
        before = targets.size();
        for (final String implementation : NUMERIC_HANDLES)
        {
            for (final String operation : List.of("set", "getAndAdd", "casSuccess", "casLoop"))
            {
                final Row row = find("NumericBenchmark", implementation, operation, "", 1);
                if (row != null)
                {
                    final Row atomic = find("NumericBenchmark", "atomicLong", operation, "", 1);
                    final Row varHandle = find("NumericBenchmark", "varHandle", operation, "", 1);
                    targets.add(target, implementation + " " + operation, ratioText(row, atomic) + ", " + ratioText(row, varHandle) +
                        ", " + formatBytes(row.bytesPerOp()) + " B/op",
                        combine(ratio(row, atomic, 1.15), ratio(row, varHandle, 1.0), noAllocation(row)));
                }
            }
        }
        targets.ensure(target, before);
        // 2. Contended: 2 threads, and 2 processes (issue 6).
        target = "contended, 2 threads (issue 6): throughput ≥ AtomicLong's (ns/op ≤ 1.00×)";
        before = targets.size();
        for (final String implementation : NUMERIC_HANDLES)
        {
            for (final String operation : List.of("get", "set", "getAndAdd", "casLoop"))
            {
                final Row row = find("NumericContendedBenchmark", implementation, operation, "", 2);
                if (row != null)
                {
                    final Row atomic = find("NumericContendedBenchmark", "atomicLong", operation, "", 2);
                    targets.add(target, implementation + " " + operation, ratioText(row, atomic), ratio(row, atomic, 1.0));
                }
            }
        }
        targets.ensure(target, before);
        target = "contended, 2 processes (issue 6): throughput ≥ 2 threads on AtomicLong";
        before = targets.size();
        if (harness != null)
        {
            final CrossProcessHarness.Row processes = harness.find("processes-2-shared");
            final CrossProcessHarness.Row atomic = harness.find("threads-2-atomicLong");
            if (processes != null && atomic != null)
            {
                final double ratio = processes.aggregateNsPerOp() / atomic.aggregateNsPerOp();
                targets.add(target, "processes-2-shared vs threads-2-atomicLong", String.format(Locale.ROOT,
                    "%.2f vs %.2f aggregate ns/op (%.2f×)", processes.aggregateNsPerOp(), atomic.aggregateNsPerOp(), ratio),
                    absolute(ratio <= 1.0, String.format(Locale.ROOT, "+%.0f%%", (ratio - 1) * 100)));
            }
        }
        targets.ensure(target, before);
        target = "start-up (issue 12): JVM start to first operation on an existing region ≤ 1.5× a plain MappedByteBuffer + VarHandle " +
            "program, Java 17, no CDS";
        before = targets.size();
        if (startup != null)
        {
            targets.add(target, "shared-atomic vs plain, medians of " + startup.runs() + " runs (Java " + startup.javaVersion() + ")",
                String.format(Locale.ROOT, "%.1f vs %.1f ms (%.2f×)", startup.ours().median(), startup.plain().median(), startup.ratio()),
                absolute(startup.ratio() <= 1.5, String.format(Locale.ROOT, "%.2f×", startup.ratio())));
        }
        targets.ensure(target, before);
        // 3. Bit set: the same algorithm on an AtomicLongArray is the bound.
        target = "bitset single-bit ops and claimFirstClear: ≤ 1.05× the AtomicLongArray algorithm";
        before = targets.size();
        for (final String operation : List.of("addRemove", "contains", "claimRelease"))
        {
            for (final Row row : select(r -> r.className().equals("BitSetBenchmark") && r.implementation().equals("shared") &&
                r.operation().equals(operation)))
            {
                final Row baseline = find("BitSetBenchmark", "atomicArray", operation, row.params(), row.threads());
                targets.add(target, "shared " + operation + " `" + row.params() + "`", ratioText(row, baseline), ratio(row, baseline, 1.05));
            }
        }
        targets.ensure(target, before);
        target = "claimFirstClear on a 99%-full 1M-bit set (issue 6): < 1 µs (claim + release measured together)";
        before = targets.size();
        for (final Row row : select(r -> r.className().equals("BitSetBenchmark") && r.implementation().equals("shared") &&
            r.operation().equals("claimRelease") && r.params().contains("fillPercent=99")))
        {
            targets.add(target, "shared claimRelease `" + row.params() + "`", format(row.score()) + " ns",
                absolute(row.score() < 1000, format(row.score()) + " ns"));
        }
        targets.ensure(target, before);
        // 4. Registry lookups.
        target = "registry lookup: ≤ 3× ConcurrentHashMap.get, 0 B/op";
        before = targets.size();
        for (final Row row : select(r -> r.className().equals("RegistryBenchmark") && !r.isBaseline() &&
            r.operation().startsWith("lookup")))
        {
            final Row baseline = find("RegistryBenchmark", "map", row.operation(), row.params(), row.threads());
            targets.add(target, row.implementation() + " " + row.operation() + (row.params().isEmpty() ? "" : " `" + row.params() + "`"),
                ratioText(row, baseline) + ", " + formatBytes(row.bytesPerOp()) + " B/op",
                combine(ratio(row, baseline, 3.0), noAllocation(row)));
        }
        targets.ensure(target, before);
        // 5. Wide values.
        for (final String[] wide : new String[][]{{"get", "1.5"}, {"set", "3.0"}})
        {
            final double limit = Double.parseDouble(wide[1]);
            target = String.format(Locale.ROOT, "wide 64-byte %s: ≤ %.1f× plain copy", wide[0], limit);
            before = targets.size();
            final Row row = find("WideValueBenchmark", "bytes", wide[0], "size=64", 1);
            if (row != null)
            {
                final Row baseline = find("WideValueBenchmark", "copy", wide[0], "size=64", 1);
                final Row agrona = find("WideValueBenchmark", "agrona", wide[0], "size=64", 1);
                targets.add(target, "bytes " + wide[0] + " `size=64`", ratioText(row, baseline) +
                    (agrona == null ? "" : " (" + ratioText(row, agrona) + ")"), ratio(row, baseline, limit));
            }
            targets.ensure(target, before);
        }
        // 6. Strings (StringBenchmark): no allocation on set and get into a StringBuilder; wide set against Agrona.
        target = "strings: set and get(StringBuilder) 0 B/op";
        before = targets.size();
        for (final Row row : select(r -> r.className().equals("StringBenchmark") && !r.isBaseline() && (r.operation().startsWith("set") ||
            r.operation().startsWith("get") && r.operation().toLowerCase(Locale.ROOT).contains("builder"))))
        {
            targets.add(target, row.implementation() + " " + row.operation() + (row.params().isEmpty() ? "" : " `" + row.params() + "`"),
                formatBytes(row.bytesPerOp()) + " B/op", noAllocation(row));
        }
        targets.ensure(target, before);
        target = "strings: wide set on ASCII text ≤ 2× Agrona putStringAscii";
        before = targets.size();
        for (final Row row : select(r -> r.className().equals("StringBenchmark") && r.implementation().equals("string") &&
            r.operation().equals("set") && r.params().contains("text=ascii40")))
        {
            final Row baseline = find(row.className(), AGRONA, row.operation(), row.params(), row.threads());
            targets.add(target, row.implementation() + " " + row.operation() + " `" + row.params() + "`",
                ratioText(row, baseline), ratio(row, baseline, 2.0));
        }
        targets.ensure(target, before);
        md.append("| target | subject | measured | result |\n|---|---|---|---|\n");
        for (final String[] line : targets.lines)
        {
            md.append("| ").append(String.join(" | ", line)).append(" |\n");
        }
        md.append("\n**Summary: ").append(targets.counts.getOrDefault(Status.MET, 0)).append(" met, ")
            .append(targets.counts.getOrDefault(Status.INCONCLUSIVE, 0)).append(" inconclusive, ")
            .append(targets.counts.getOrDefault(Status.MISSED, 0)).append(" missed, ")
            .append(targets.counts.getOrDefault(Status.NOT_RUN, 0)).append(" not run.**\n\n");
    }

    /** Zero allocation per operation; not run without the GC profiler. */
    private static Verdict noAllocation(final Row row)
    {
        return Double.isNaN(row.bytesPerOp()) ? Verdict.NOT_RUN :
            absolute(row.bytesPerOp() < 0.5, String.format(Locale.ROOT, "%.1f B/op", row.bytesPerOp()));
    }

    private List<Row> select(final Predicate<Row> filter)
    {
        return rows.stream().filter(filter).collect(Collectors.toList());
    }

    static String format(final double value)
    {
        if (Double.isNaN(value))
        {
            return "—";
        }
        if (Math.abs(value) >= 10_000)
        {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 100)
        {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String formatBytes(final double value)
    {
        if (Double.isNaN(value))
        {
            return "—";
        }
        return value < 0.5 ? "0" : String.format(Locale.ROOT, "%.0f", value);
    }

    // ----- chart -----------------------------------------------------------------------------------------------------

    private static final int WIDTH = 1400;
    private static final int LABEL_WIDTH = 430;
    private static final int VALUE_WIDTH = 110;
    private static final int BAR = 11;
    private static final int BAR_GAP = 2;
    private static final int GROUP_GAP = 7;
    private static final int SECTION_HEADER = 30;
    private static final int TOP = 70;
    private static final int BOTTOM = 40;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x17becf), new Color(0x9467bd), new Color(0x8c564b),
        new Color(0xe377c2), new Color(0xbcbd22)};
    private static final Color[] BASELINE_PALETTE = {new Color(0x7f7f7f), new Color(0xff7f0e), new Color(0xd62728), new Color(0xb8860b)};

    /**
     * Draws ns/op of every result as a horizontal bar on a log scale, grouped by class, then operation, parameters and
     * thread count; library implementations in cool colours, baselines in grey, orange, red and gold.
     *
     * @param title   chart title.
     * @param path    PNG to write.
     * @throws IOException if it cannot be written.
     */
    void chart(final String title, final Path path) throws IOException
    {
        final List<Row> drawn = rows.stream().filter(row -> row.score() > 0 && Double.isFinite(row.score())).collect(Collectors.toList());
        int height = TOP + BOTTOM;
        String lastClass = null;
        String lastGroup = null;
        for (final Row row : drawn)
        {
            if (!row.className().equals(lastClass))
            {
                height += SECTION_HEADER;
                lastClass = row.className();
                lastGroup = null;
            }
            if (!row.groupKey().equals(lastGroup))
            {
                height += GROUP_GAP;
                lastGroup = row.groupKey();
            }
            height += BAR + BAR_GAP;
        }
        final double min = drawn.stream().mapToDouble(Row::score).min().orElse(1);
        final double max = drawn.stream().mapToDouble(Row::score).max().orElse(10);
        final double logMin = Math.floor(Math.log10(Math.max(min, 1e-3)));
        final double logMax = Math.max(logMin + 1, Math.ceil(Math.log10(max)));
        final int plotLeft = LABEL_WIDTH;
        final int plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;

        final BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try
        {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            final Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
            final Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 12);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, 10, 22);
            g.setFont(plain);
            g.drawString("ns/op per thread, log scale (lower is better). Library in colour, baselines in grey/orange/red/gold. " +
                "Label: operation, parameters, threads.", 10, 40);
            // Decade grid lines with labels at the top and bottom.
            for (double decade = logMin; decade <= logMax; decade++)
            {
                final int x = plotLeft + (int)Math.round((decade - logMin) / (logMax - logMin) * plotWidth);
                g.setColor(new Color(0xdddddd));
                g.setStroke(new BasicStroke(1));
                g.drawLine(x, TOP - 8, x, height - BOTTOM + 4);
                g.setColor(Color.DARK_GRAY);
                final String label = decadeLabel(decade);
                final int labelWidth = g.getFontMetrics().stringWidth(label);
                g.drawString(label, x - labelWidth / 2, TOP - 12);
                g.drawString(label, x - labelWidth / 2, height - BOTTOM + 18);
            }
            final Map<String, Color> colours = new LinkedHashMap<>();
            int y = TOP;
            lastClass = null;
            lastGroup = null;
            for (final Row row : drawn)
            {
                if (!row.className().equals(lastClass))
                {
                    y += SECTION_HEADER;
                    g.setFont(bold);
                    g.setColor(Color.BLACK);
                    g.drawString(row.className(), 10, y - 8);
                    lastClass = row.className();
                    lastGroup = null;
                }
                g.setFont(plain);
                final FontMetrics metrics = g.getFontMetrics();
                if (!row.groupKey().equals(lastGroup))
                {
                    y += GROUP_GAP;
                    lastGroup = row.groupKey();
                    g.setColor(Color.BLACK);
                    final String group = row.operation() + (row.params().isEmpty() ? "" : "  " + row.params()) + "  t=" + row.threads();
                    g.drawString(group, 20, y + BAR - 1);
                }
                final Color colour = colours.computeIfAbsent(row.implementation() + (row.isBaseline() ? "#b" : ""), key ->
                {
                    if (row.isBaseline())
                    {
                        return BASELINE_PALETTE[Math.min(row.baselines().indexOf(row.implementation()), BASELINE_PALETTE.length - 1)];
                    }
                    final long library = colours.keySet().stream().filter(name -> !name.endsWith("#b")).count();
                    return PALETTE[(int)(library % PALETTE.length)];
                });
                g.setColor(Color.DARK_GRAY);
                final String name = row.implementation();
                g.drawString(name, plotLeft - 6 - metrics.stringWidth(name), y + BAR - 1);
                final double position = (Math.log10(row.score()) - logMin) / (logMax - logMin);
                final int length = Math.max(1, (int)Math.round(Math.max(0, position) * plotWidth));
                g.setColor(colour);
                g.fillRect(plotLeft, y, length, BAR);
                g.setColor(Color.BLACK);
                g.drawString(format(row.score()) + (Double.isNaN(row.error()) ? "" : " ± " + format(row.error())), plotLeft + length + 4,
                    y + BAR - 1);
                y += BAR + BAR_GAP;
            }
        }
        finally
        {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", Objects.requireNonNull(path).toFile()))
        {
            throw new IOException("no PNG writer");
        }
    }

    private static String decadeLabel(final double decade)
    {
        final double value = Math.pow(10, decade);
        if (value >= 1_000_000)
        {
            return String.format(Locale.ROOT, "%.0f ms", value / 1_000_000);
        }
        if (value >= 1_000)
        {
            return String.format(Locale.ROOT, "%.0f µs", value / 1_000);
        }
        return value >= 1 ? String.format(Locale.ROOT, "%.0f ns", value) : String.format(Locale.ROOT, "%.3f ns", value);
    }
}
