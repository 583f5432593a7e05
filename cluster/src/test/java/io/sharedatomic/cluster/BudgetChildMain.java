package io.sharedatomic.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.sharedatomic.SharedRegion;

/**
 * A child JVM of {@link ClusterBudgetTest}: one host spending a cluster budget one unit at a time, as fast as it can,
 * from when the go file appears until the stop file appears. It prints {@code ready} once started, {@code spent N}
 * every 20 ms and {@code final N} at the end.
 *
 * <pre>
 * BudgetChildMain ENDPOINTS(comma-separated) REGION LIMIT_NAME CHUNK LEASE_SECONDS STOP_FILE GO_FILE
 * </pre>
 */
public final class BudgetChildMain
{
    private BudgetChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final ClusterSpec spec = ClusterSpec.of(args[0].split(",")).withOperationTimeout(Duration.ofSeconds(1));
        final Path stop = Path.of(args[5]);
        final AtomicLong spent = new AtomicLong();
        try (SharedRegion region = SharedRegion.open(Path.of(args[1]));
             ClusterValues cluster = ClusterValues.connect(spec);
             ClusterBudget budget = ClusterBudget.start(Repeat.untilAnswered(() -> cluster.clusterLong(args[2])), region, Long.parseLong(args[3]),
                 Duration.ofSeconds(Long.parseLong(args[4]))))
        {
            final Thread reporter = new Thread(() ->
            {
                while (true)
                {
                    System.out.println("spent " + spent.get());
                    System.out.flush();
                    try
                    {
                        Thread.sleep(20);
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
            });
            reporter.setDaemon(true);
            System.out.println("ready");
            System.out.flush();
            while (!Files.exists(Path.of(args[6])))
            {
                Thread.sleep(1);
            }
            reporter.start();
            while (!Files.exists(stop))
            {
                if (budget.trySpend(1))
                {
                    spent.incrementAndGet();
                }
                else
                {
                    Thread.sleep(1);
                }
            }
            reporter.interrupt();
            reporter.join();
        }
        System.out.println("final " + spent.get());
    }
}
