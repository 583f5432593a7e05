package io.sharedatomic.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sharedatomic.Shaping;
import io.sharedatomic.SharedBytes;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.Side;
import io.sharedatomic.testkit.ChildJvm;
import io.sharedatomic.testkit.Tasks;

/**
 * The original shared_atomic's README demo, across separate JVMs: a 7-byte {@link SharedBytes} shaped from "ab"
 * with padding "012" on the right (0x61623031323031), two processes each running 5,000 tasks of
 * {@code subtractAndGet(0x0F)}; the value ends exactly at 27411031864108609.
 *
 * <pre>
 * OriginalDemo [processes] [tasksPerProcess]      (defaults: 2 processes, 5,000 tasks each)
 * </pre>
 */
public final class OriginalDemo
{
    static final String NAME = "readme.bytes";
    private static final long SHAPED = 0x61623031323031L;

    private OriginalDemo()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "worker".equals(args[0]))
        {
            work(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        final int processes = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        final int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        final Result result = run(processes, tasks);
        System.out.printf("%d processes x %,d tasks of subtractAndGet(0x0F) on b'ab01201': value %d (expected %d)%n",
            processes, tasks, result.value(), result.expected());
        System.out.printf("bytes %s, %d ms, %,.0f operations per second%n", result.hex(), result.elapsed().toMillis(),
            processes * (double)tasks / Math.max(1, result.elapsed().toNanos()) * 1e9);
        if (result.value() != result.expected())
        {
            System.out.println("FAILED: the value is not exact");
            System.exit(1);
        }
    }

    /**
     * @param value    the final value as an unsigned integer.
     * @param expected what it must be.
     * @param hex      its 8 bytes in hex.
     * @param elapsed  wall time of the tasks, from the first start to the last end.
     */
    record Result(long value, long expected, String hex, Duration elapsed)
    {
    }

    static SharedBytes shapedValue(final SharedRegion region)
    {
        return region.sharedBytes(NAME, Shaping.shape("ab".getBytes(StandardCharsets.US_ASCII), 7, Side.RIGHT,
            "012".getBytes(StandardCharsets.US_ASCII), Side.RIGHT));
    }

    static Result run(final int processes, final int tasks) throws Exception
    {
        final Path directory = Files.createTempDirectory("shared-atomic-original");
        final Path path = directory.resolve("original.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedBytes value = shapedValue(region);
            final DemoBarrier barrier = new DemoBarrier(region, processes);
            final List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < processes; i++)
            {
                children.add(ChildJvm.start(OriginalDemo.class, "worker", path.toString(), Integer.toString(tasks)));
            }
            barrier.release();
            for (final ChildJvm child : children)
            {
                child.await(Duration.ofMinutes(5)).assertSuccess();
            }
            return new Result(value.getAsLong(), SHAPED - 15L * processes * tasks, java.util.HexFormat.of().formatHex(value.get()),
                barrier.elapsed());
        }
        finally
        {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }

    private static void work(final Path path, final int tasks) throws Exception
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedBytes value = shapedValue(region);
            final byte[] operand = {0x0F};
            final DemoBarrier barrier = new DemoBarrier(region, 0);
            barrier.arriveAndWait();
            Tasks.run(tasks, 4, task -> value.subtractAndGet(operand));
            barrier.finished();
        }
    }
}
