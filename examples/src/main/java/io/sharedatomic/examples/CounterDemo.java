package io.sharedatomic.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;

/**
 * The main demo: separate JVMs increment one named {@link SharedLong} in a region file, and the total is exact.
 *
 * <pre>
 * CounterDemo [workers] [incrementsPerWorker]      (defaults: 2 workers, 1,000,000 increments each)
 * </pre>
 *
 * Exits with status 1 if the total is not exactly {@code workers * incrementsPerWorker}.
 */
public final class CounterDemo
{
    static final String COUNTER = "demo.counter";

    private CounterDemo()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "worker".equals(args[0]))
        {
            work(Path.of(args[1]), Long.parseLong(args[2]));
            return;
        }
        final int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        final long increments = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        final Result result = run(workers, increments);
        System.out.printf("%d JVMs x %,d increments of '%s': total %,d (expected %,d) in %d ms, %.1f ns per increment%n",
            workers, increments, COUNTER, result.total(), result.expected(), result.elapsed().toMillis(),
            result.elapsed().toNanos() / (double)result.expected());
        if (result.total() != result.expected())
        {
            System.out.println("FAILED: the total is not exact");
            System.exit(1);
        }
    }

    /**
     * What a run of the demo measured.
     *
     * @param total    the counter after all workers finished.
     * @param expected workers times increments.
     * @param elapsed  wall time from the start of the first worker's loop to the end of the last one's.
     */
    record Result(long total, long expected, Duration elapsed)
    {
    }

    static Result run(final int workers, final long increments) throws Exception
    {
        final Path directory = Files.createTempDirectory("shared-atomic-demo");
        final Path path = directory.resolve("counter.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedLong counter = region.sharedLong(COUNTER);
            final DemoBarrier barrier = new DemoBarrier(region, workers);
            final List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < workers; i++)
            {
                children.add(ChildJvm.start(CounterDemo.class, "worker", path.toString(), Long.toString(increments)));
            }
            // Start all loops together, so the JVMs really contend, and time only the loops, not JVM start-up.
            barrier.release();
            for (final ChildJvm child : children)
            {
                child.await(Duration.ofMinutes(5)).assertSuccess();
            }
            return new Result(counter.get(), workers * increments, barrier.elapsed());
        }
        finally
        {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }

    private static void work(final Path path, final long increments)
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedLong counter = region.sharedLong(COUNTER);
            final DemoBarrier barrier = new DemoBarrier(region, 0);
            barrier.arriveAndWait();
            for (long i = 0; i < increments; i++)
            {
                counter.incrementAndGet();
            }
            barrier.finished();
        }
    }
}
