package io.sharedatomic.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.ValuePadding;
import io.sharedatomic.testkit.ChildJvm;

/**
 * Contention across processes, outside JMH (JMH cannot run a benchmark in two JVMs at once). Each worker, a thread or
 * a child JVM started by {@link ChildJvm} with this JVM's flags, warms up on a process-local region, waits at a
 * barrier in the shared region, then calls {@code incrementAndGet()} N times on its value. Aggregate ns/op is the
 * wall time from the first worker's start to the last one's end, divided by all the increments; the median of the
 * runs is reported, and every run checks the counts are exact.
 *
 * <p>Scenarios: two processes on ONE {@code SharedLong}; two processes on two {@code SharedLong}s in a padded region
 * (each on its own cache line) and in a packed region (two values chosen so that they share one 64-byte line: false
 * sharing; their file offsets are found by scanning the file and are printed); the same three with two threads in
 * this process; and, as baselines, one thread alone on one {@code SharedLong} and two threads on one heap
 * {@code AtomicLong}. Issue 6 asks that two processes on one value reach at least the throughput of two threads on
 * one {@code AtomicLong}. For reference, the original Python library measured about 280 ns per
 * {@code int_add_and_fetch} from one thread and about 190 ns aggregate with two processes on this machine.
 *
 * <pre>
 * java ${flags} -cp benchmarks/target/benchmarks.jar io.sharedatomic.benchmarks.CrossProcessHarness \
 *     [--increments 20000000] [--runs 3] [--json docs/cross-process.json]
 * </pre>
 */
public final class CrossProcessHarness
{
    /** Original Python library, one thread, ns per {@code int_add_and_fetch} (issue 6; not measured by this harness). */
    public static final double PYTHON_ONE_THREAD_NS = 280;
    /** Original Python library, two processes, aggregate ns per increment (issue 6; not measured by this harness). */
    public static final double PYTHON_TWO_PROCESSES_NS = 190;

    private static final String READY = "ready";
    private static final long MAGIC = 0x5A5A_0000_0000_0000L;

    private CrossProcessHarness()
    {
    }

    /**
     * One scenario's result.
     *
     * @param scenario           identifier, e.g. {@code processes-2-shared}.
     * @param description        what ran.
     * @param workers            threads or processes.
     * @param increments         increments per worker.
     * @param aggregateNsPerOp   median over the runs of wall time / all increments.
     * @param minAggregate       fastest run.
     * @param maxAggregate       slowest run.
     * @param workerNsPerOp      median over the runs of the workers' mean time per own increment.
     * @param exact              every run's counts were exact.
     * @param layout             file offsets of the values, for the separate-value scenarios.
     */
    public record Row(String scenario, String description, int workers, long increments, double aggregateNsPerOp,
        double minAggregate, double maxAggregate, double workerNsPerOp, boolean exact, String layout)
    {
    }

    /**
     * All scenarios of one harness run.
     *
     * @param increments increments per worker.
     * @param runs       runs per scenario.
     * @param rows       the results, in the order run.
     */
    public record Results(long increments, int runs, List<Row> rows) implements HarnessResults
    {
        /**
         * @param scenario identifier.
         * @return the row, or null if it was not run.
         */
        public Row find(final String scenario)
        {
            return rows.stream().filter(row -> row.scenario().equals(scenario)).findFirst().orElse(null);
        }

        /**
         * @return a fixed-width table for the console.
         */
        @Override
        public String toTable()
        {
            final StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%-30s %7s %12s %28s %16s %6s%n", "scenario", "workers", "incr/worker",
                "aggregate ns/op (min..max)", "worker ns/op", "exact"));
            for (final Row row : rows)
            {
                out.append(String.format(Locale.ROOT, "%-30s %7d %12d %10.2f (%6.2f..%6.2f) %16.2f %6s%n", row.scenario(), row.workers(),
                    row.increments(), row.aggregateNsPerOp(), row.minAggregate(), row.maxAggregate(), row.workerNsPerOp(), row.exact()));
                if (!row.layout().isEmpty())
                {
                    out.append("    ").append(row.layout()).append(System.lineSeparator());
                }
            }
            return out.toString();
        }

        /**
         * @return the results as JSON.
         */
        @Override
        public String toJson()
        {
            final StringBuilder out = new StringBuilder();
            out.append("{\n  \"jdk\": ").append(Json.string(System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")))
                .append(",\n  \"incrementsPerWorker\": ").append(increments)
                .append(",\n  \"runs\": ").append(runs)
                .append(",\n  \"reference\": {\"pythonOneThreadNs\": ").append(PYTHON_ONE_THREAD_NS)
                .append(", \"pythonTwoProcessesAggregateNs\": ").append(PYTHON_TWO_PROCESSES_NS).append("}")
                .append(",\n  \"scenarios\": [");
            for (int i = 0; i < rows.size(); i++)
            {
                final Row row = rows.get(i);
                out.append(i == 0 ? "\n" : ",\n").append("    {\"scenario\": ").append(Json.string(row.scenario()))
                    .append(", \"description\": ").append(Json.string(row.description()))
                    .append(", \"workers\": ").append(row.workers())
                    .append(", \"incrementsPerWorker\": ").append(row.increments())
                    .append(", \"aggregateNsPerOp\": ").append(Json.number(row.aggregateNsPerOp()))
                    .append(", \"minAggregateNsPerOp\": ").append(Json.number(row.minAggregate()))
                    .append(", \"maxAggregateNsPerOp\": ").append(Json.number(row.maxAggregate()))
                    .append(", \"workerNsPerOp\": ").append(Json.number(row.workerNsPerOp()))
                    .append(", \"exact\": ").append(row.exact())
                    .append(", \"layout\": ").append(Json.string(row.layout())).append('}');
            }
            return out.append("\n  ]\n}\n").toString();
        }
    }

    /**
     * Runs every scenario, prints the table and writes the JSON.
     *
     * @param args {@code --increments N} (per worker, default 20,000,000), {@code --runs R} (default 3),
     *             {@code --json PATH} (default: none).
     * @throws Exception if a worker fails or a count is wrong.
     */
    public static void main(final String[] args) throws Exception
    {
        long increments = 20_000_000;
        int runs = 3;
        Path json = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--increments" -> increments = Long.parseLong(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] +
                    "; use --increments N, --runs R, --json PATH");
            }
        }
        final Results results = run(increments, runs);
        System.out.print(results.toTable());
        if (json != null)
        {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.writeString(json, results.toJson(), StandardCharsets.UTF_8);
            System.out.println("wrote " + json);
        }
        final boolean exact = results.rows().stream().allMatch(Row::exact);
        if (!exact)
        {
            throw new IllegalStateException("a count was not exact: " + results.rows());
        }
    }

    /**
     * Runs every scenario.
     *
     * @param increments increments per worker.
     * @param runs       runs of each scenario.
     * @return the results.
     * @throws Exception if a worker fails.
     */
    public static Results run(final long increments, final int runs) throws Exception
    {
        final List<Row> rows = new ArrayList<>();
        rows.add(scenario("thread-1-shared", "1 thread, one SharedLong (uncontended)", increments, runs,
            () -> threads(1, Layout.SHARED, increments)));
        rows.add(scenario("threads-2-atomicLong", "2 threads, one heap AtomicLong (baseline)", increments, runs,
            () -> atomicThreads(increments)));
        rows.add(scenario("threads-2-shared", "2 threads, one SharedLong", increments, runs,
            () -> threads(2, Layout.SHARED, increments)));
        rows.add(scenario("threads-2-separate-padded", "2 threads, two SharedLongs on their own cache lines", increments, runs,
            () -> threads(2, Layout.PADDED, increments)));
        rows.add(scenario("threads-2-separate-packed", "2 threads, two SharedLongs sharing one cache line", increments, runs,
            () -> threads(2, Layout.PACKED, increments)));
        rows.add(scenario("processes-2-shared", "2 processes, one SharedLong", increments, runs,
            () -> processes(Layout.SHARED, increments)));
        rows.add(scenario("processes-2-separate-padded", "2 processes, two SharedLongs on their own cache lines", increments, runs,
            () -> processes(Layout.PADDED, increments)));
        rows.add(scenario("processes-2-separate-packed", "2 processes, two SharedLongs sharing one cache line", increments, runs,
            () -> processes(Layout.PACKED, increments)));
        return new Results(increments, runs, rows);
    }

    /** What one run measured. */
    private record Run(int workers, long increments, long[] starts, long[] ends, boolean exact, String layout)
    {
        double aggregateNsPerOp()
        {
            return (double)(Arrays.stream(ends).max().orElseThrow() - Arrays.stream(starts).min().orElseThrow()) / (workers * increments);
        }

        double workerNsPerOp()
        {
            double sum = 0;
            for (int i = 0; i < workers; i++)
            {
                sum += (double)(ends[i] - starts[i]) / increments;
            }
            return sum / workers;
        }
    }

    @FunctionalInterface
    private interface RunBody
    {
        Run run() throws Exception;
    }

    private static Row scenario(final String id, final String description, final long increments, final int runs, final RunBody body)
        throws Exception
    {
        final double[] aggregate = new double[runs];
        final double[] worker = new double[runs];
        boolean exact = true;
        String layout = "";
        int workers = 0;
        for (int i = 0; i < runs; i++)
        {
            final Run run = body.run();
            aggregate[i] = run.aggregateNsPerOp();
            worker[i] = run.workerNsPerOp();
            exact &= run.exact();
            layout = run.layout();
            workers = run.workers();
        }
        final Row row = new Row(id, description, workers, increments, median(aggregate), Arrays.stream(aggregate).min().orElseThrow(),
            Arrays.stream(aggregate).max().orElseThrow(), median(worker), exact, layout);
        System.out.printf(Locale.ROOT, "cross-process harness: %-28s %8.2f ns/op aggregate%s%n", id, row.aggregateNsPerOp(),
            exact ? "" : "  COUNT NOT EXACT");
        return row;
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // ----- layouts ---------------------------------------------------------------------------------------------------

    private enum Layout
    {
        SHARED, PADDED, PACKED
    }

    /** A fresh region file with the values the workers increment, created and zeroed. */
    private record Prepared(Path path, SharedRegion region, String[] names, String layout)
    {
    }

    private static Prepared prepare(final Layout layout, final int workers)
    {
        final Path path = BenchFiles.newPath("xproc");
        final RegionSpec spec = RegionSpec.defaults().withEntryCapacity(64).withDataCapacity(64 * 1024)
            .withPadding(layout == Layout.PACKED ? ValuePadding.PACKED : ValuePadding.CACHE_LINE);
        final SharedRegion region = SharedRegion.open(path, spec);
        region.sharedLong(READY);
        final String[] names = new String[workers];
        String description = "";
        if (layout == Layout.SHARED || workers == 1)
        {
            Arrays.fill(names, "counter");
            region.sharedLong("counter");
        }
        else
        {
            // Create candidates in order, find their offsets in the file, and take two neighbours on one line (packed)
            // or two values on different lines (padded: any two are).
            final int candidates = 16;
            final Map<String, SharedLong> values = new LinkedHashMap<>();
            for (int i = 0; i < candidates; i++)
            {
                final SharedLong value = region.sharedLong("v" + i);
                value.set(MAGIC + i);
                values.put("v" + i, value);
            }
            final long[] offsets = offsetsOf(path, region.byteLength(), candidates);
            int chosen = -1;
            for (int i = 0; i + 1 < candidates && chosen < 0; i++)
            {
                final boolean sameLine = offsets[i] / 64 == offsets[i + 1] / 64;
                if (sameLine == (layout == Layout.PACKED))
                {
                    chosen = i;
                }
            }
            if (chosen < 0)
            {
                throw new IllegalStateException("no two values with the wanted layout among offsets " + Arrays.toString(offsets));
            }
            values.values().forEach(value -> value.set(0));
            names[0] = "v" + chosen;
            names[1] = "v" + (chosen + 1);
            description = String.format(Locale.ROOT, "values at file offsets %d and %d: %s", offsets[chosen], offsets[chosen + 1],
                offsets[chosen] / 64 == offsets[chosen + 1] / 64 ? "one 64-byte line" : "different 64-byte lines");
        }
        return new Prepared(path, region, names, description);
    }

    private static long[] offsetsOf(final Path path, final long length, final int candidates)
    {
        final long[] offsets = new long[candidates];
        Arrays.fill(offsets, -1);
        final ByteBuffer file = ByteBuffer.allocate((int)length).order(ByteOrder.nativeOrder());
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            while (file.hasRemaining() && channel.read(file) > 0)
            {
                // read the whole file: the mapping's writes are in the page cache it reads from
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        for (int offset = 0; offset + 8 <= length; offset += 8)
        {
            final long word = file.getLong(offset);
            if ((word & ~0xFFL) == MAGIC && (word & 0xFF) < candidates)
            {
                offsets[(int)(word & 0xFF)] = offset;
            }
        }
        for (final long offset : offsets)
        {
            if (offset < 0)
            {
                throw new IllegalStateException("could not find every value in " + path + ": " + Arrays.toString(offsets));
            }
        }
        return offsets;
    }

    private static boolean exact(final Prepared prepared, final long increments)
    {
        final String[] names = prepared.names();
        final boolean shared = names.length == 1 || names[0].equals(names[1]);
        if (shared)
        {
            return prepared.region().sharedLong(names[0]).get() == names.length * increments;
        }
        return Arrays.stream(names).allMatch(name -> prepared.region().sharedLong(name).get() == increments);
    }

    private static void dispose(final Prepared prepared)
    {
        prepared.region().close();
        BenchFiles.delete(prepared.path());
    }

    // ----- workers ---------------------------------------------------------------------------------------------------

    private static Run threads(final int workers, final Layout layout, final long increments) throws InterruptedException
    {
        final Prepared prepared = prepare(layout, workers);
        try
        {
            final long[] starts = new long[workers];
            final long[] ends = new long[workers];
            final Thread[] threads = new Thread[workers];
            final Throwable[] failure = new Throwable[1];
            for (int i = 0; i < workers; i++)
            {
                final int index = i;
                final SharedLong value = prepared.region().sharedLong(prepared.names()[i]);
                final SharedLong ready = prepared.region().sharedLong(READY);
                threads[i] = new Thread(() ->
                {
                    final long[] times = work(value, ready::incrementAndGet, ready::get, workers, increments);
                    starts[index] = times[0];
                    ends[index] = times[1];
                }, "xproc-worker-" + i);
                threads[i].setUncaughtExceptionHandler((thread, ex) -> failure[0] = ex);
                threads[i].start();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            if (failure[0] != null)
            {
                throw new IllegalStateException("a worker thread failed", failure[0]);
            }
            return new Run(workers, increments, starts, ends, exact(prepared, increments), prepared.layout());
        }
        finally
        {
            dispose(prepared);
        }
    }

    private static Run atomicThreads(final long increments) throws InterruptedException
    {
        final int workers = 2;
        final AtomicLong counter = new AtomicLong();
        final AtomicLong ready = new AtomicLong();
        final long[] starts = new long[workers];
        final long[] ends = new long[workers];
        final Thread[] threads = new Thread[workers];
        for (int i = 0; i < workers; i++)
        {
            final int index = i;
            threads[i] = new Thread(() ->
            {
                warmUpAtomic(increments);
                ready.incrementAndGet();
                while (ready.get() < workers)
                {
                    Thread.onSpinWait();
                }
                starts[index] = System.nanoTime();
                incrementAtomic(counter, increments);
                ends[index] = System.nanoTime();
            }, "xproc-atomic-" + i);
            threads[i].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        return new Run(workers, increments, starts, ends, counter.get() == workers * increments, "");
    }

    private static Run processes(final Layout layout, final long increments) throws IOException, InterruptedException
    {
        final int workers = 2;
        final Prepared prepared = prepare(layout, workers);
        try
        {
            final List<String[]> argsEach = new ArrayList<>();
            for (int i = 0; i < workers; i++)
            {
                argsEach.add(new String[]{prepared.path().toString(), prepared.names()[i], Long.toString(increments), Integer.toString(workers)});
            }
            final Duration timeout = Duration.ofSeconds(120 + increments / 1_000_000 * 2);
            final List<ChildJvm.Result> results = ChildJvm.runAll(timeout, Worker.class, argsEach);
            final long[] starts = new long[workers];
            final long[] ends = new long[workers];
            for (int i = 0; i < workers; i++)
            {
                final String[] fields = results.get(i).stdout().trim().split("\\s+");
                starts[i] = Long.parseLong(fields[0].substring("start=".length()));
                ends[i] = Long.parseLong(fields[1].substring("end=".length()));
            }
            return new Run(workers, increments, starts, ends, exact(prepared, increments), prepared.layout());
        }
        finally
        {
            dispose(prepared);
        }
    }

    /**
     * Warms the increment loop up on a process-local value, waits until all parties are ready, then increments.
     *
     * @return start and end, from {@link System#nanoTime()} (one clock for every process on Linux).
     */
    private static long[] work(final SharedLong value, final LongSupplier arrive, final LongSupplier arrived, final int parties,
        final long increments)
    {
        try (SharedRegion local = SharedRegion.inMemory(RegionSpec.defaults().withEntryCapacity(4).withDataCapacity(4096)))
        {
            final SharedLong warm = local.sharedLong("warm-up");
            for (int round = 0; round < 5; round++)
            {
                increment(warm, Math.min(increments, 2_000_000));
            }
        }
        arrive.getAsLong();
        while (arrived.getAsLong() < parties)
        {
            Thread.onSpinWait();
        }
        final long start = System.nanoTime();
        increment(value, increments);
        final long end = System.nanoTime();
        return new long[]{start, end};
    }

    private static long increment(final SharedLong value, final long increments)
    {
        long last = 0;
        for (long i = 0; i < increments; i++)
        {
            last = value.incrementAndGet();
        }
        return last;
    }

    private static void warmUpAtomic(final long increments)
    {
        final AtomicLong warm = new AtomicLong();
        for (int round = 0; round < 5; round++)
        {
            incrementAtomic(warm, Math.min(increments, 2_000_000));
        }
    }

    private static long incrementAtomic(final AtomicLong value, final long increments)
    {
        long last = 0;
        for (long i = 0; i < increments; i++)
        {
            last = value.incrementAndGet();
        }
        return last;
    }

    /**
     * A child JVM's work: attach the region, increment one value after the barrier, print start and end.
     */
    public static final class Worker
    {
        private Worker()
        {
        }

        /**
         * @param args region file, value name, increments, parties.
         */
        public static void main(final String[] args)
        {
            final Path path = Path.of(args[0]);
            final long increments = Long.parseLong(args[2]);
            final int parties = Integer.parseInt(args[3]);
            try (SharedRegion region = SharedRegion.attach(path))
            {
                final SharedLong value = region.sharedLong(args[1]);
                final SharedLong ready = region.sharedLong(READY);
                final long[] times = work(value, ready::incrementAndGet, ready::get, parties, increments);
                System.out.println("start=" + times[0] + " end=" + times[1]);
            }
        }
    }
}
