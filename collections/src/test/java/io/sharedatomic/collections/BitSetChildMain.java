package io.sharedatomic.collections;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;

/**
 * Entry point of the child JVMs that {@link SharedBitSetMultiProcessTest} starts. Command {@code claim}: wait on a
 * barrier with the other children, then claim ids from a shared bit set until it is full, giving back every tenth id
 * claimed (in batches of {@link #RELEASE_LAG}, and whatever is pending once the set is full), and log each claim and
 * release with a global sequence number to this child's own file. It stops when the set is full and it holds nothing
 * it still has to give back.
 */
final class BitSetChildMain
{
    /** Name of the bit set in the region. */
    static final String BITS = "ids";
    /** Name of the global event counter in the region. */
    static final String SEQUENCE = "sequence";
    /** Name of the barrier counter in the barrier region. */
    static final String READY = "ready";
    /** Every this many claims, the child gives back the id it just claimed. */
    static final int RELEASE_EVERY = 10;
    /** How many such ids the child holds before giving them all back. */
    static final int RELEASE_LAG = 8;
    /** How long the child uses each id it claims. */
    static final long WORK_NANOS = 5_000;

    private BitSetChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (!"claim".equals(args[0]))
        {
            throw new IllegalArgumentException("unknown command " + args[0]);
        }
        claim(Path.of(args[1]), Long.parseLong(args[2]), Path.of(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
    }

    /**
     * Writes lines {@code C id seq} after each claim and {@code R id seq} before each release; the sequence number is
     * taken right after the claim succeeded and right before the release, so a later claimant of the same id always
     * logs a higher number than the release that freed it.
     */
    private static void claim(final Path path, final long capacity, final Path barrierPath, final int parties,
        final Path out) throws Exception
    {
        try (SharedRegion region = SharedRegion.attach(path);
             BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.US_ASCII))
        {
            final SharedBitSet bits = SharedBitSet.of(region, BITS, capacity);
            final SharedLong sequence = region.sharedLong(SEQUENCE);
            awaitBarrier(barrierPath, parties);

            final StringBuilder log = new StringBuilder(1 << 20);
            final long[] pending = new long[RELEASE_LAG];
            int pendingCount = 0;
            long claims = 0;
            while (true)
            {
                final long id = bits.claimFirstClear();
                if (id >= 0)
                {
                    log.append("C ").append(id).append(' ').append(sequence.getAndIncrement()).append('\n');
                    // Use the id for a moment, so that the JVMs' runs overlap on a small machine instead of one JVM
                    // doing all its work within a single time slice.
                    final long busyUntil = System.nanoTime() + WORK_NANOS;
                    while (System.nanoTime() < busyUntil)
                    {
                        Thread.onSpinWait();
                    }
                    if (++claims % RELEASE_EVERY == 0)
                    {
                        pending[pendingCount++] = id;
                    }
                }
                // Give the ids back a while after claiming them (or once the set is full), so that the hint has moved on
                // and any JVM may claim them next.
                if (pendingCount == RELEASE_LAG || (id < 0 && pendingCount > 0))
                {
                    for (int i = 0; i < pendingCount; i++)
                    {
                        log.append("R ").append(pending[i]).append(' ').append(sequence.getAndIncrement()).append('\n');
                        if (!bits.release(pending[i]))
                        {
                            throw new IllegalStateException("id " + pending[i] + " was claimed here but is no longer set");
                        }
                    }
                    pendingCount = 0;
                }
                else if (id < 0)
                {
                    break;
                }
            }
            writer.append(log);
            System.out.println(claims);
        }
    }

    private static void awaitBarrier(final Path barrierPath, final int parties)
    {
        try (SharedRegion barrierRegion = SharedRegion.attach(barrierPath))
        {
            final SharedLong ready = barrierRegion.sharedLong(READY);
            ready.incrementAndGet();
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ready.get() < parties)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("barrier timed out");
                }
                Thread.onSpinWait();
            }
        }
    }
}
