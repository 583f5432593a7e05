package io.sharedatomic.cluster;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sharedatomic.SharedRegion;

/**
 * A child JVM of {@link ClusterIdBlocksTest}: a trader process of one host. Its threads take ids until the stop file
 * appears, each writing its ids to {@code OUTPUT.THREAD}, one per line (flushed every 100). It prints {@code keeper}
 * when it becomes the host's keeper and {@code done} at the end.
 *
 * <pre>
 * IdChildMain ENDPOINTS(comma-separated) REGION NAME BLOCK_SIZE THREADS OUTPUT STOP_FILE
 * </pre>
 */
public final class IdChildMain
{
    private IdChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final ClusterSpec spec = ClusterSpec.of(args[0].split(",")).withOperationTimeout(Duration.ofSeconds(2));
        final int threads = Integer.parseInt(args[4]);
        final Path stop = Path.of(args[6]);
        try (SharedRegion region = SharedRegion.open(Path.of(args[1]));
             ClusterValues cluster = ClusterValues.connect(spec);
             ClusterIdBlocks ids = ClusterIdBlocks.start(Repeat.untilAnswered(() -> cluster.clusterLong(args[2], 1)), region,
                 Integer.parseInt(args[3])))
        {
            final Thread announcer = new Thread(() ->
            {
                while (!ids.isKeeper())
                {
                    sleep(1);
                }
                System.out.println("keeper");
                System.out.flush();
            });
            announcer.setDaemon(true);
            announcer.start();
            final List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final Path output = Path.of(args[5] + "." + t);
                workers.add(new Thread(() ->
                {
                    try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8))
                    {
                        for (int n = 1; !Files.exists(stop); n++)
                        {
                            out.write(Long.toString(ids.nextId()));
                            out.write('\n');
                            if (n % 100 == 0)
                            {
                                out.flush();
                            }
                        }
                    }
                    catch (final Exception ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                }));
            }
            workers.forEach(Thread::start);
            for (final Thread worker : workers)
            {
                worker.join();
            }
        }
        System.out.println("done");
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
