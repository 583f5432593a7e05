package io.sharedatomic.cluster;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A child JVM of {@link ClusterLinearizabilityTest}: {@code threads} threads each make {@code operations} increments of
 * one cluster long, alternately with {@code getAndAdd(1)} and with a {@code get} + {@code compareAndSet} loop, and write
 * one line per increment to the output file: {@code ack VALUE} (the value it replaced) or {@code unknown PREFIX CLIENT
 * SEQUENCE LEASE} (the outcome was unknown: its operation id).
 *
 * <pre>
 * ClusterChildMain ENDPOINTS(comma-separated) NAME THREADS OPERATIONS OUTPUT
 * </pre>
 */
public final class ClusterChildMain
{
    private ClusterChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final ClusterSpec spec = ClusterSpec.of(args[0].split(",")).withOperationTimeout(Duration.ofSeconds(2));
        final String name = args[1];
        final int threads = Integer.parseInt(args[2]);
        final int operations = Integer.parseInt(args[3]);
        final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        try (ClusterValues cluster = ClusterValues.connect(spec))
        {
            final ClusterLong counter = Repeat.untilAnswered(() -> cluster.clusterLong(name));
            final List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final boolean casLoop = t % 2 == 1;
                workers.add(new Thread(() ->
                {
                    for (int i = 0; i < operations; i++)
                    {
                        lines.add(increment(counter, casLoop));
                    }
                }));
            }
            workers.forEach(Thread::start);
            for (final Thread worker : workers)
            {
                worker.join();
            }
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[4]), StandardCharsets.UTF_8)))
        {
            lines.forEach(out::println);
        }
    }

    private static String increment(final ClusterLong counter, final boolean casLoop)
    {
        while (true)
        {
            try
            {
                if (!casLoop)
                {
                    return "ack " + counter.getAndAdd(1);
                }
                final long seen = counter.get();
                if (counter.compareAndSet(seen, seen + 1))
                {
                    return "ack " + seen;
                }
            }
            catch (final OutcomeUnknownException ex)
            {
                final OperationId operation = ex.operation();
                return "unknown " + operation.prefix() + " " + operation.client() + " " + operation.sequence() + " " + operation.lease();
            }
            catch (final ClusterUnavailableException ex)
            {
                // A read or a lease grant without an answer (an election under way): nothing changed, try again.
                sleep();
            }
        }
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(20);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
