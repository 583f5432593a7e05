package io.sharedatomic.examples;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.cluster.ClusterBoolean;
import io.sharedatomic.cluster.ClusterBudget;
import io.sharedatomic.cluster.ClusterIdBlocks;
import io.sharedatomic.cluster.ClusterMirror;
import io.sharedatomic.cluster.ClusterSpec;
import io.sharedatomic.cluster.ClusterUnavailableException;
import io.sharedatomic.cluster.ClusterValues;
import io.sharedatomic.cluster.OutcomeUnknownException;
import io.sharedatomic.testkit.ChildJvm;
import io.sharedatomic.testkit.EtcdCluster;
import io.sharedatomic.testkit.ScratchDirectory;

/**
 * A firm-wide kill switch across hosts. It starts a 3-node etcd on this machine and two "hosts" (two region files),
 * each with trader JVMs. Before every order a trader reads the host's mirrored kill switch (a local read), takes an
 * order id from the host's cluster id blocks and spends lots of the firm's position budget (local CAS). Mid-run it
 * kills the etcd leader with SIGKILL (trading goes on: nothing on the order path waits for etcd), then trips the switch
 * in etcd, and checks that every trader on every host stopped within the bound it prints, that no trader stopped
 * before the switch, that no order id was used twice, and that the lots spent stayed within the limit.
 *
 * <pre>
 * FirmKillSwitchDemo [--hosts N] [--traders-per-host N] [--millis M] [--limit LOTS]   (defaults: 2, 2, 4000, 30000)
 * </pre>
 */
public final class FirmKillSwitchDemo
{
    /** Without an answer from etcd for this long, a host's switch trips by itself: several elections long. */
    static final Duration SILENCE = Duration.ofSeconds(3);
    /** Each trader's mirror reads etcd every quarter of the silence even when its watch is broken: the stop bound. */
    static final Duration STOP_BOUND = SILENCE.dividedBy(4).plusMillis(250);
    private static final String HALT = "firm.halt";
    private static final String IDS = "firm.order-ids";
    private static final String LOTS = "firm.position-lots";

    private FirmKillSwitchDemo()
    {
    }

    /**
     * What a run measured.
     *
     * @param traders       trader JVMs.
     * @param orders        orders sent by all of them.
     * @param rejected      orders refused for want of budget on hand: at the limit, or while the host's keeper could not
     *                      reserve (during the leader's failover).
     * @param duplicates    order ids used twice (must be 0).
     * @param spent         lots spent by all traders.
     * @param limit         the firm's limit in lots.
     * @param earlyStops    traders that stopped before the switch was tripped (must be 0).
     * @param slowestStop   the longest time from tripping the switch in etcd to a trader's stop.
     * @param stops         each trader's time from tripping the switch to its stop, in milliseconds, in order.
     * @param write         how long the write that tripped the switch took to be acknowledged.
     * @param leaderKilled  the etcd member killed mid-run.
     */
    record Result(int traders, long orders, long rejected, long duplicates, long spent, long limit, int earlyStops, Duration slowestStop,
        List<Long> stops, Duration write, int leaderKilled)
    {
        boolean passed()
        {
            return orders > 0 && duplicates == 0 && spent <= limit && earlyStops == 0 && slowestStop.compareTo(STOP_BOUND) <= 0;
        }
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "trader".equals(args[0]))
        {
            trade(args[1], Path.of(args[2]), Path.of(args[3]));
            return;
        }
        int hosts = 2;
        int tradersPerHost = 2;
        long millis = 4000;
        long limit = 30_000;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--hosts" -> hosts = Integer.parseInt(args[++i]);
                case "--traders-per-host" -> tradersPerHost = Integer.parseInt(args[++i]);
                case "--millis" -> millis = Long.parseLong(args[++i]);
                case "--limit" -> limit = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final Optional<String> missing = EtcdCluster.availability();
        if (missing.isPresent())
        {
            System.out.println("This demo starts a 3-node etcd on this machine, but " + missing.get() +
                ". Install it (Debian: apt-get install -y etcd-server etcd-client) and run it again.");
            System.exit(2);
        }
        final Result result = run(hosts, tradersPerHost, millis, limit);
        System.out.printf("%d traders on %d hosts sent %,d orders (%,d refused: no budget on hand), spent %,d of %,d lots%n", result.traders(),
            hosts, result.orders(), result.rejected(), result.spent(), result.limit());
        System.out.printf("etcd leader (member %d) killed mid-run: trading went on; order ids used twice: %d%n", result.leaderKilled(),
            result.duplicates());
        System.out.printf("kill switch tripped in etcd (the write took %d ms): every trader stopped within %d ms of sending it (bound %d ms; " +
            "each: %s ms); stopped before it: %d%n", result.write().toMillis(), result.slowestStop().toMillis(), STOP_BOUND.toMillis(), result.stops(),
            result.earlyStops());
        if (!result.passed())
        {
            System.out.println("FAILED: " + result);
            System.exit(1);
        }
    }

    static Result run(final int hosts, final int tradersPerHost, final long millis, final long limit) throws Exception
    {
        final Path directory = ScratchDirectory.create("firm-kill-switch");
        try (EtcdCluster etcd = EtcdCluster.start(3))
        {
            final String endpoints = String.join(",", etcd.endpoints());
            try (ClusterValues cluster = ClusterValues.connect(ClusterSpec.of(etcd.endpoints().toArray(String[]::new))))
            {
                cluster.clusterBoolean(HALT, false);
                cluster.clusterLong(IDS, 1);
                cluster.clusterLong(LOTS, limit);
            }
            final List<ChildJvm> traders = new ArrayList<>();
            final List<Path> outputs = new ArrayList<>();
            try
            {
                for (int h = 0; h < hosts; h++)
                {
                    for (int t = 0; t < tradersPerHost; t++)
                    {
                        final Path output = directory.resolve("trader-" + h + "-" + t + ".txt");
                        outputs.add(output);
                        traders.add(ChildJvm.start(FirmKillSwitchDemo.class, "trader", endpoints, directory.resolve("host-" + h + ".region").toString(),
                            output.toString()));
                    }
                }
                for (final ChildJvm trader : traders)
                {
                    trader.awaitOutput("trading", Duration.ofSeconds(60));
                }
                Thread.sleep(millis / 2);
                final int leader = etcd.leader();
                etcd.kill(leader);
                Thread.sleep(millis / 2);
                etcd.restart(leader);
                etcd.awaitReady(Duration.ofSeconds(30));
                Thread.sleep(1000);

                final Instant tripped;
                final Duration write;
                try (ClusterValues cluster = ClusterValues.connect(ClusterSpec.of(etcd.endpoints().toArray(String[]::new))))
                {
                    final ClusterBoolean halt = cluster.clusterBoolean(HALT);
                    tripped = setTrue(halt);
                    write = Duration.between(tripped, Instant.now());
                }
                for (final ChildJvm trader : traders)
                {
                    final ChildJvm.Result done = trader.await(Duration.ofSeconds(60)).assertSuccess();
                    if (!done.stderr().isEmpty())
                    {
                        throw new IllegalStateException("a trader wrote to stderr:\n" + done.stderr());
                    }
                }
                return collect(outputs, tripped, write, limit, leader);
            }
            finally
            {
                for (final ChildJvm trader : traders)
                {
                    trader.process().destroyForcibly();
                }
            }
        }
        finally
        {
            ScratchDirectory.delete(directory);
        }
    }

    /**
     * Trips the switch, and says when: just before the first write that may have done it was sent. Setting true
     * again is harmless, so a write refused (the restarted member may still be catching up) or of unknown outcome is
     * simply sent again.
     */
    private static Instant setTrue(final ClusterBoolean halt) throws InterruptedException
    {
        Instant firstSent = null;
        while (true)
        {
            final Instant sent = Instant.now();
            try
            {
                halt.set(true);
                return firstSent == null ? sent : firstSent;
            }
            catch (final OutcomeUnknownException ex)
            {
                // It may have landed: traders may stop from this write on.
                firstSent = firstSent == null ? sent : firstSent;
                Thread.sleep(50);
            }
            catch (final ClusterUnavailableException ex)
            {
                Thread.sleep(50);
            }
        }
    }

    private static Result collect(final List<Path> outputs, final Instant tripped, final Duration write, final long limit, final int leader)
        throws Exception
    {
        final Set<Long> ids = new HashSet<>();
        long orders = 0;
        long rejected = 0;
        long duplicates = 0;
        long spent = 0;
        int earlyStops = 0;
        Duration slowest = Duration.ZERO;
        final List<Long> stops = new ArrayList<>();
        for (final Path output : outputs)
        {
            for (final String line : Files.readAllLines(output, StandardCharsets.UTF_8))
            {
                final String[] words = line.split(" ");
                switch (words[0])
                {
                    case "order" ->
                    {
                        orders++;
                        spent += Long.parseLong(words[2]);
                        if (!ids.add(Long.parseLong(words[1])))
                        {
                            duplicates++;
                        }
                    }
                    case "rejected" -> rejected += Long.parseLong(words[1]);
                    case "stopped" ->
                    {
                        final Instant stopped = Instant.ofEpochSecond(0, Long.parseLong(words[1]));
                        if (stopped.isBefore(tripped))
                        {
                            earlyStops++;
                        }
                        final Duration took = Duration.between(tripped, stopped);
                        stops.add(took.toMillis());
                        slowest = took.compareTo(slowest) > 0 ? took : slowest;
                    }
                    default -> throw new IllegalStateException("unexpected line from a trader: " + line);
                }
            }
        }
        stops.sort(null);
        return new Result(outputs.size(), orders, rejected, duplicates, spent, limit, earlyStops, slowest, List.copyOf(stops), write, leader);
    }

    /**
     * A trader JVM: starts the host's bridges (one process per host owns each; the others stand by), then sends orders
     * until the kill switch reads true, and writes what it did.
     */
    private static void trade(final String endpoints, final Path regionFile, final Path output) throws Exception
    {
        try (SharedRegion region = SharedRegion.open(regionFile);
             ClusterValues cluster = ClusterValues.connect(ClusterSpec.of(endpoints.split(",")).withOperationTimeout(Duration.ofSeconds(1)));
             ClusterMirror mirror = ClusterMirror.start(cluster.clusterBoolean(HALT), region, SILENCE, true);
             ClusterIdBlocks orderIds = ClusterIdBlocks.start(cluster.clusterLong(IDS), region, 1000);
             ClusterBudget lots = ClusterBudget.start(cluster.clusterLong(LOTS), region, 200, Duration.ofSeconds(10));
             BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8))
        {
            final SharedBoolean halt = region.sharedBoolean(HALT);
            while (halt.get())
            {
                // Created true (the safe value) until the host's mirror first hears from etcd.
                Thread.sleep(1);
            }
            System.out.println("trading" + (mirror.isOwner() ? " (this process mirrors the switch for its host)" : ""));
            System.out.flush();
            long rejected = 0;
            for (long n = 0; ; n++)
            {
                if (halt.get())
                {
                    final Instant now = Instant.now();
                    out.write("stopped " + ChronoUnit.NANOS.between(Instant.EPOCH, now) + "\n");
                    break;
                }
                final long size = 1 + n % 3;
                if (lots.trySpend(size))
                {
                    out.write("order " + orderIds.nextId() + " " + size + "\n");
                }
                else
                {
                    rejected++;
                }
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
            out.write("rejected " + rejected + "\n");
        }
    }
}
