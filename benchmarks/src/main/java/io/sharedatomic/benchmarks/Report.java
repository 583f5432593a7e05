package io.sharedatomic.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
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
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns one run's JMH results and cross-process results into the Markdown report (each result with its ratio to its
 * class's baseline, then issue 6's targets, met or missed) and the bar chart.
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

    private final List<Row> rows;
    private final CrossProcessHarness.Results harness;

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
    }

    Report(final Collection<RunResult> results, final CrossProcessHarness.Results harness)
    {
        this.rows = results.stream().map(Report::row).sorted(rowOrder()).collect(Collectors.toList());
        this.harness = harness;
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
            .append("B/op is allocation per operation from JMH's GC profiler (— when the profiler was off).\n\n");
        md.append("![ns/op by operation and thread count](benchmarks.png)\n\n");
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
        md.append("| operation | implementation | params | threads | ns/op | ± | ratio | B/op |").append(cas ? " CAS failures per success |" : "")
            .append('\n');
        md.append("|---|---|---|---:|---:|---:|---:|---:|").append(cas ? "---:|" : "").append('\n');
        for (final Row row : classRows)
        {
            final Row baseline = baselineOf(row);
            final String ratio = baseline == null ? "—" : baseline == row ? "1.00 (baseline)" :
                String.format(Locale.ROOT, "%.2f× %s", row.score() / baseline.score(), baseline.implementation());
            md.append("| ").append(row.operation()).append(" | ").append(row.isBaseline() ? "*" + row.implementation() + "*" : "**" +
                row.implementation() + "**").append(" | ").append(row.params().isEmpty() ? "" : "`" + row.params() + "`").append(" | ")
                .append(row.threads()).append(" | ").append(format(row.score())).append(" | ").append(format(row.error())).append(" | ")
                .append(ratio).append(" | ").append(formatBytes(row.bytesPerOp())).append(" |");
            if (cas)
            {
                md.append(' ').append(Double.isNaN(row.casFailures()) || row.casSuccesses() <= 0 ? "" :
                    String.format(Locale.ROOT, "%.3f", row.casFailures() / row.casSuccesses())).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
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
        md.append("## Targets (issue 6)\n\n");
        md.append("Each target is evaluated on this run's numbers. **inconclusive** means the ratio is over the limit but the ")
            .append("99.9% intervals overlap it (measure again on a quiet machine); \"not run\" means the benchmarks it needs were not ")
            .append("part of this run.\n\n");
        final Targets targets = new Targets();
        // 1. Uncontended numeric operations.
        String target = "uncontended: ≤ 1.15× AtomicLong, ≤ 1.00× VarHandle, 0 B/op";
        int before = targets.size();
        for (final String implementation : List.of("sharedLong", "sharedULong", "sharedDouble", "sharedBoolean"))
        {
            for (final String operation : List.of("get", "set", "getAndAdd", "casSuccess", "casLoop"))
            {
                final Row row = find("NumericBenchmark", implementation, operation, "", 1);
                if (row == null)
                {
                    continue;
                }
                final Row atomic = find("NumericBenchmark", "atomicLong", operation, "", 1);
                final Row varHandle = find("NumericBenchmark", "varHandle", operation, "", 1);
                final Verdict allocation = Double.isNaN(row.bytesPerOp()) ? Verdict.NOT_RUN :
                    absolute(row.bytesPerOp() < 0.5, String.format(Locale.ROOT, "%.1f B/op", row.bytesPerOp()));
                targets.add(target, implementation + " " + operation, ratioText(row, atomic) + ", " + ratioText(row, varHandle) + ", " +
                    formatBytes(row.bytesPerOp()) + " B/op", combine(ratio(row, atomic, 1.15), ratio(row, varHandle, 1.0), allocation));
            }
        }
        targets.ensure(target, before);
        // 2. Contended: 2 threads, and 2 processes.
        target = "contended, 2 threads: throughput ≥ AtomicLong's (ns/op ≤ 1.00×)";
        before = targets.size();
        for (final String implementation : List.of("sharedLong", "sharedULong", "sharedDouble", "sharedBoolean"))
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
        target = "contended, 2 processes: throughput ≥ 2 threads on AtomicLong";
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
        // 3. Bit set.
        target = "bitset single-bit ops: ≤ 1.2× AtomicLongArray bitset";
        before = targets.size();
        for (final String operation : List.of("addRemove", "contains"))
        {
            for (final Row row : select(r -> r.className().equals("BitSetBenchmark") && r.implementation().equals("shared") &&
                r.operation().equals(operation)))
            {
                final Row baseline = find("BitSetBenchmark", "atomicArray", operation, row.params(), row.threads());
                targets.add(target, "shared " + operation + " `" + row.params() + "`", ratioText(row, baseline), ratio(row, baseline, 1.2));
            }
        }
        targets.ensure(target, before);
        target = "claimFirstClear on a 99%-full 1M-bit set: < 1 µs (claim + release measured together)";
        before = targets.size();
        for (final Row row : select(r -> r.className().equals("BitSetBenchmark") && r.implementation().equals("shared") &&
            r.operation().equals("claimRelease") && r.params().contains("fillPercent=99")))
        {
            targets.add(target, "shared claimRelease `" + row.params() + "`", format(row.score()) + " ns",
                absolute(row.score() < 1000, format(row.score()) + " ns"));
        }
        targets.ensure(target, before);
        // 4. Wide values.
        for (final String[] wide : new String[][]{{"get", "3.0"}, {"set", "5.0"}})
        {
            final double limit = Double.parseDouble(wide[1]);
            target = String.format(Locale.ROOT, "wide 64-byte %s: ≤ %.0f× plain copy", wide[0], limit);
            before = targets.size();
            final Row row = find("WideValueBenchmark", "bytes", wide[0], "size=64", 1);
            if (row != null)
            {
                final Row baseline = find("WideValueBenchmark", "copy", wide[0], "size=64", 1);
                targets.add(target, "bytes " + wide[0] + " `size=64`", ratioText(row, baseline), ratio(row, baseline, limit));
            }
            targets.ensure(target, before);
        }
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
    private static final Color[] BASELINE_PALETTE = {new Color(0x7f7f7f), new Color(0xff7f0e), new Color(0xd62728)};

    /**
     * Draws ns/op of every result as a horizontal bar on a log scale, grouped by class, then operation, parameters and
     * thread count; library implementations in cool colours, baselines in grey, orange and red.
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
            g.drawString("ns/op per thread, log scale (lower is better). Library in colour, baselines in grey/orange/red. " +
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
