package io.sharedatomic.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.cluster.ClusterBoolean;
import io.sharedatomic.cluster.ClusterLong;
import io.sharedatomic.cluster.ClusterMirror;
import io.sharedatomic.cluster.ClusterSpec;
import io.sharedatomic.cluster.ClusterValues;
import io.sharedatomic.testkit.EtcdCluster;
import io.sharedatomic.testkit.ScratchDirectory;
import org.HdrHistogram.Histogram;

/**
 * Latency of the cluster values against a real 3-node etcd on loopback, beside raw jetcd doing the same in the same
 * run, in alternating rounds: {@code get} against a raw linearizable get; {@code compareAndSet} and {@code getAndAdd}
 * against a raw jetcd transaction of the same shape (If the revision is the one seen Then put Else get), so the ratio
 * is our overhead (the operation key written in the same transaction, the handle's bookkeeping). Then the mirror's
 * propagation: a cluster boolean toggled, and a thread spinning on the local value it is mirrored into.
 *
 * <pre>
 * java @shared-atomic.args -cp benchmarks/target/benchmarks.jar io.sharedatomic.benchmarks.ClusterLatencyHarness [OPERATIONS]
 * </pre>
 */
public final class ClusterLatencyHarness
{
    private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(10);

    private ClusterLatencyHarness()
    {
    }

    /**
     * One operation's latency percentiles, in microseconds.
     *
     * @param name      what was timed.
     * @param baseline  the raw jetcd row it is compared with, or "" for a baseline.
     * @param count     operations.
     * @param p50       median.
     * @param p90       90th percentile.
     * @param p99       99th percentile.
     * @param p999      99.9th percentile.
     * @param max       maximum.
     */
    record Row(String name, String baseline, long count, long p50, long p90, long p99, long p999, long max)
    {
        static Row of(final String name, final String baseline, final Histogram histogram)
        {
            return new Row(name, baseline, histogram.getTotalCount(), histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
        }
    }

    /**
     * A run's rows.
     *
     * @param operations operations per row.
     * @param rows       the rows, baselines first.
     */
    record Results(int operations, List<Row> rows) implements HarnessResults
    {
        Row row(final String name)
        {
            return rows.stream().filter(row -> row.name().equals(name)).findFirst().orElseThrow();
        }

        String ratio(final Row row)
        {
            if (row.baseline().isEmpty())
            {
                return "";
            }
            return String.format(Locale.ROOT, "%.2f×", (double)row.p50() / row(row.baseline()).p50());
        }

        @Override
        public String toTable()
        {
            final StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-42s %8s %8s %8s %8s %9s %10s%n", "operation (µs)",
                "p50", "p90", "p99", "p99.9", "max", "p50 ratio"));
            for (final Row row : rows)
            {
                table.append(String.format(Locale.ROOT, "%-42s %8d %8d %8d %8d %9d %10s%n", row.name(), row.p50(), row.p90(), row.p99(),
                    row.p999(), row.max(), ratio(row)));
            }
            return table.toString();
        }

        String toMarkdown()
        {
            final StringBuilder md = new StringBuilder("## Cluster values (ClusterLatencyHarness)\n\n");
            md.append("A real 3-node etcd on loopback on this machine; ").append(operations)
                .append(" operations per row, rounds alternating between ours and raw jetcd; microseconds; the ratio is our p50 ")
                .append("over the raw jetcd row's. The mirror row is a write of a cluster boolean (issued) until a thread spinning on ")
                .append("the local value it is mirrored into sees it, in one JVM.\n\n");
            md.append("| operation | p50 | p90 | p99 | p99.9 | max | vs raw jetcd (p50) |\n|---|---:|---:|---:|---:|---:|---:|\n");
            for (final Row row : rows)
            {
                md.append("| ").append(row.name()).append(" | ").append(row.p50()).append(" | ").append(row.p90()).append(" | ")
                    .append(row.p99()).append(" | ").append(row.p999()).append(" | ").append(row.max()).append(" | ").append(ratio(row))
                    .append(" |\n");
            }
            return md.append('\n').toString();
        }

        @Override
        public String toJson()
        {
            final List<String> items = new ArrayList<>();
            for (final Row row : rows)
            {
                items.add(String.format(Locale.ROOT, "{\"name\": %s, \"baseline\": %s, \"count\": %d, \"p50\": %d, \"p90\": %d, \"p99\": %d, " +
                    "\"p999\": %d, \"max\": %d, \"unit\": \"us\"}", Json.string(row.name()), Json.string(row.baseline()), row.count(), row.p50(),
                    row.p90(), row.p99(), row.p999(), row.max()));
            }
            return "{\"operations\": " + operations + ", \"rows\": [\n  " + String.join(",\n  ", items) + "\n]}\n";
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final Results results = run(args.length > 0 ? Integer.parseInt(args[0]) : 5000);
        System.out.print(results.toTable());
    }

    /**
     * @param operations operations per row.
     * @return the rows.
     * @throws IllegalStateException if etcd is not installed.
     */
    static Results run(final int operations) throws Exception
    {
        final String missing = EtcdCluster.availability().orElse(null);
        if (missing != null)
        {
            throw new IllegalStateException("the cluster harness starts a 3-node etcd, but " + missing);
        }
        final Histogram rawGet = histogram();
        final Histogram rawTxn = histogram();
        final Histogram get = histogram();
        final Histogram cas = histogram();
        final Histogram getAndAdd = histogram();
        final Histogram mirror = histogram();
        final Path directory = Files.createTempDirectory(BenchFiles.directory(), "cluster-harness");
        try (EtcdCluster etcd = EtcdCluster.start(3);
             ClusterValues cluster = ClusterValues.connect(ClusterSpec.of(etcd.endpoints().toArray(String[]::new)));
             Client raw = Client.builder().endpoints(etcd.endpoints().toArray(String[]::new)).build())
        {
            final ClusterLong value = cluster.clusterLong("bench.counter", 0);
            final KV kv = raw.getKVClient();
            final ByteSequence rawKey = ByteSequence.from("/bench/raw", StandardCharsets.UTF_8);
            kv.put(rawKey, ByteSequence.from("0", StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            final long[] rawState = {0, kv.get(rawKey).get(10, TimeUnit.SECONDS).getKvs().get(0).getModRevision()};
            final int warmup = Math.max(10, operations / 10);
            for (int i = 0; i < warmup; i++)
            {
                rawRound(kv, rawKey, rawState, null, null);
                value.get();
                value.getAndAdd(1);
            }
            final int rounds = 10;
            for (int round = 0; round < rounds; round++)
            {
                final int count = operations / rounds + (round < operations % rounds ? 1 : 0);
                for (int i = 0; i < count; i++)
                {
                    rawRound(kv, rawKey, rawState, rawGet, rawTxn);
                }
                for (int i = 0; i < count; i++)
                {
                    long start = System.nanoTime();
                    final long seen = value.get();
                    record(get, start);
                    start = System.nanoTime();
                    if (!value.compareAndSet(seen, seen + 1))
                    {
                        throw new IllegalStateException("nobody else writes the counter, yet a CAS failed");
                    }
                    record(cas, start);
                    start = System.nanoTime();
                    value.getAndAdd(1);
                    record(getAndAdd, start);
                }
            }
            measureMirror(cluster, directory, operations, mirror);
        }
        finally
        {
            ScratchDirectory.delete(directory);
        }
        return new Results(operations, List.of(Row.of("raw jetcd: linearizable get", "", rawGet),
            Row.of("raw jetcd: Txn (If rev Then put Else get)", "", rawTxn),
            Row.of("ClusterLong.get", "raw jetcd: linearizable get", get),
            Row.of("ClusterLong.compareAndSet", "raw jetcd: Txn (If rev Then put Else get)", cas),
            Row.of("ClusterLong.getAndAdd", "raw jetcd: Txn (If rev Then put Else get)", getAndAdd),
            Row.of("mirror: write issued -> local value", "", mirror)));
    }

    /** A raw get, then a raw Txn that adds one on the revision seen: what getAndAdd does, without our operation key. */
    private static void rawRound(final KV kv, final ByteSequence key, final long[] state, final Histogram getTimes, final Histogram txnTimes)
        throws Exception
    {
        long start = System.nanoTime();
        kv.get(key).get(10, TimeUnit.SECONDS);
        if (getTimes != null)
        {
            record(getTimes, start);
        }
        start = System.nanoTime();
        final TxnResponse response = kv.txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(state[1])))
            .Then(Op.put(key, ByteSequence.from(Long.toString(state[0] + 1), StandardCharsets.UTF_8), PutOption.DEFAULT))
            .Else(Op.get(key, GetOption.DEFAULT)).commit().get(10, TimeUnit.SECONDS);
        if (txnTimes != null)
        {
            record(txnTimes, start);
        }
        if (!response.isSucceeded())
        {
            throw new IllegalStateException("nobody else writes the raw key, yet its Txn failed");
        }
        state[0]++;
        state[1] = response.getHeader().getRevision();
    }

    private static void measureMirror(final ClusterValues cluster, final Path directory, final int operations, final Histogram times)
        throws Exception
    {
        final ClusterBoolean halt = cluster.clusterBoolean("bench.halt", false);
        try (SharedRegion region = SharedRegion.open(directory.resolve("host.region"));
             ClusterMirror mirror = ClusterMirror.start(halt, region, Duration.ofSeconds(2), true))
        {
            final SharedBoolean local = region.sharedBoolean("bench.halt");
            final long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (mirror.state() != ClusterMirror.State.LIVE || local.get())
            {
                if (System.nanoTime() - ready > 0)
                {
                    throw new IllegalStateException("the mirror did not go live: " + mirror);
                }
                Thread.sleep(1);
            }
            final int count = Math.max(10, operations / 10);
            for (int i = 0; i < count; i++)
            {
                final boolean next = i % 2 == 0;
                final long start = System.nanoTime();
                halt.set(next);
                while (local.get() != next)
                {
                    if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(10))
                    {
                        throw new IllegalStateException("write " + i + " did not reach the local value within 10 s");
                    }
                    Thread.onSpinWait();
                }
                record(times, start);
            }
        }
    }

    private static Histogram histogram()
    {
        return new Histogram(MAX_MICROS, 3);
    }

    private static void record(final Histogram histogram, final long startNanos)
    {
        histogram.recordValue(Math.min(MAX_MICROS, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos)));
    }
}
