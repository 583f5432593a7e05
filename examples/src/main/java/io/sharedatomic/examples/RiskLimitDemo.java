package io.sharedatomic.examples;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;
import org.HdrHistogram.Histogram;

/**
 * A risk limit and a kill switch shared by trader processes. Each trader reserves quantity against one position
 * limit with compare-and-set on a {@link SharedLong}, releases it again later (fills and cancels), and checks a
 * {@link SharedBoolean} kill switch before every order. The controller (this process) trips the switch; every trader
 * stops within a bounded time, and the position never exceeded the limit.
 *
 * <pre>
 * RiskLimitDemo [--traders N] [--millis M] [--limit L] [--pin]      (defaults: 3 traders, 2000 ms, limit 8,000)
 * </pre>
 *
 * Prints per-order latency percentiles (p50/p99/p99.9/max), recorded without allocation in an HdrHistogram.
 */
public final class RiskLimitDemo
{
    /**
     * A trader must notice the switch within this long after it is tripped. It checks before every order, so on a
     * quiet machine it stops within microseconds; the bound leaves room for the OS scheduler on an oversubscribed one.
     */
    static final long STOP_BOUND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int OUTSTANDING = 64;

    private RiskLimitDemo()
    {
    }

    /**
     * What a run measured.
     *
     * @param orders        orders accepted by all traders.
     * @param rejected      orders rejected because the limit was reached.
     * @param violations    times a trader saw the position above the limit (must be 0).
     * @param maxPosition   highest position any trader saw.
     * @param limit         the limit.
     * @param maxStopNanos  longest time from the trip to a trader stopping.
     * @param latency       per-order latency of all traders, in nanoseconds.
     * @param pinningNotes  what each trader said about pinning.
     */
    record Result(long orders, long rejected, long violations, long maxPosition, long limit, long maxStopNanos, Histogram latency,
        List<String> pinningNotes)
    {
        boolean passed()
        {
            return violations == 0 && maxPosition <= limit && maxStopNanos <= STOP_BOUND_NANOS && orders > 0;
        }
    }

    public static void main(final String[] args) throws Exception
    {
        Pinning.quietAffinityLogging();
        if (args.length > 0 && "trader".equals(args[0]))
        {
            trade(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]), Boolean.parseBoolean(args[4]));
            return;
        }
        int traders = 3;
        long millis = 2000;
        long limit = 8_000;
        boolean pin = false;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--traders" -> traders = Integer.parseInt(args[++i]);
                case "--millis" -> millis = Long.parseLong(args[++i]);
                case "--limit" -> limit = Long.parseLong(args[++i]);
                case "--pin" -> pin = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final Result result = run(traders, millis, limit, pin);
        result.pinningNotes().forEach(note -> System.out.println(note));
        final Histogram latency = result.latency();
        System.out.printf("%d traders: %,d orders accepted, %,d rejected at the limit; highest position %,d of limit %,d; violations %d%n",
            traders, result.orders(), result.rejected(), result.maxPosition(), result.limit(), result.violations());
        System.out.printf("kill switch: every trader stopped within %.3f ms of the trip (bound %d ms)%n", result.maxStopNanos() / 1e6,
            TimeUnit.NANOSECONDS.toMillis(STOP_BOUND_NANOS));
        System.out.printf("order latency (reserve with CAS + switch check): p50 %d ns, p99 %d ns, p99.9 %d ns, max %d ns%n",
            latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9), latency.getMaxValue());
        if (!result.passed())
        {
            System.out.println("FAILED: the limit was exceeded or a trader did not stop in time");
            System.exit(1);
        }
    }

    static Result run(final int traders, final long millis, final long limit, final boolean pin) throws Exception
    {
        final Path directory = Files.createTempDirectory("shared-atomic-risk");
        final Path path = directory.resolve("risk.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            region.sharedLong("risk.limit", limit);
            final SharedBoolean killSwitch = region.sharedBoolean("risk.kill-switch");
            final SharedLong trippedAt = region.sharedLong("risk.tripped-at-nanos");
            final DemoBarrier barrier = new DemoBarrier(region, traders);
            final List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < traders; i++)
            {
                children.add(ChildJvm.start(RiskLimitDemo.class, "trader", path.toString(), Integer.toString(i), Long.toString(limit),
                    Boolean.toString(pin)));
            }
            barrier.release();
            Thread.sleep(millis);
            trippedAt.set(System.nanoTime());
            killSwitch.set(true);

            long orders = 0;
            long rejected = 0;
            long violations = 0;
            long maxPosition = 0;
            final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            final List<String> notes = new ArrayList<>();
            for (final ChildJvm child : children)
            {
                for (final String line : child.await(Duration.ofMinutes(2)).assertSuccess().stdout().split("\n"))
                {
                    final String[] parts = line.split(" ", 2);
                    switch (parts[0])
                    {
                        case "PIN" -> notes.add(parts[1]);
                        case "HIST" -> latency.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(parts[1])), 0));
                        case "STATS" ->
                        {
                            final String[] stats = parts[1].split(" ");
                            orders += Long.parseLong(stats[0]);
                            rejected += Long.parseLong(stats[1]);
                            violations += Long.parseLong(stats[2]);
                            maxPosition = Math.max(maxPosition, Long.parseLong(stats[3]));
                        }
                        default -> throw new IllegalStateException("unexpected trader output: " + line);
                    }
                }
            }
            long maxStop = 0;
            for (int i = 0; i < traders; i++)
            {
                maxStop = Math.max(maxStop, region.sharedLong("risk.stopped-at-nanos." + i).get() - trippedAt.get());
            }
            return new Result(orders, rejected, violations, maxPosition, limit, maxStop, latency, notes);
        }
        finally
        {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }

    private static void trade(final Path path, final int id, final long limit, final boolean pin)
    {
        try (SharedRegion region = SharedRegion.attach(path);
             Pinning pinning = Pinning.pinCurrentThread(pin))
        {
            if (!pinning.note().isEmpty())
            {
                System.out.println("PIN trader " + id + ": " + pinning.note());
            }
            final SharedLong position = region.sharedLong("risk.position");
            final SharedBoolean killSwitch = region.sharedBoolean("risk.kill-switch");
            final SharedLong stoppedAt = region.sharedLong("risk.stopped-at-nanos." + id);
            final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            final long[] outstanding = new long[OUTSTANDING];
            final SplittableRandom random = new SplittableRandom(id);
            final DemoBarrier barrier = new DemoBarrier(region, 0);
            barrier.arriveAndWait();
            long orders = 0;
            long rejected = 0;
            long violations = 0;
            long maxPosition = 0;
            int next = 0;
            while (true)
            {
                final long start = System.nanoTime();
                if (killSwitch.get())
                {
                    stoppedAt.set(System.nanoTime());
                    break;
                }
                // Settle the oldest reservation first (a fill or a cancel), so the position keeps moving at the limit.
                position.getAndAdd(-outstanding[next]);
                outstanding[next] = 0;
                final long quantity = 1 + random.nextInt(100);
                long current;
                boolean accepted;
                // Reserve only if the limit still holds after it: a CAS loop, so no two traders can both take the last units.
                do
                {
                    current = position.get();
                    accepted = current + quantity <= limit;
                }
                while (accepted && !position.compareAndSet(current, current + quantity));
                latency.recordValue(System.nanoTime() - start);
                if (accepted)
                {
                    orders++;
                    maxPosition = Math.max(maxPosition, current + quantity);
                    violations += current + quantity > limit ? 1 : 0;
                    outstanding[next] = quantity;
                }
                else
                {
                    rejected++;
                }
                next = (next + 1) % OUTSTANDING;
            }
            for (final long quantity : outstanding)
            {
                position.getAndAdd(-quantity);
            }
            final ByteBuffer encoded = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
            final int length = latency.encodeIntoCompressedByteBuffer(encoded);
            System.out.println("HIST " + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(encoded.array(), length)));
            System.out.println("STATS " + orders + " " + rejected + " " + violations + " " + maxPosition);
        }
    }
}
