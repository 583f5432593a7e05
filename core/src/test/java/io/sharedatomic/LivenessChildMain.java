package io.sharedatomic;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the child JVMs of {@link DeploymentLivenessTest}: writers that count up a large wide value with
 * {@code updateAndGet} while holding its writer lock for a while, and a reader that checks every value it sees.
 * They meet in one region, whose narrow values the parent uses to start and stop them.
 *
 * <p>Commands:
 * <ul>
 * <li>{@code writer PATH OPS HOLD_MILLIS ROLE}: counts itself in at {@link #READY}, waits for {@link #GO}, then
 * runs OPS updates that each sleep HOLD_MILLIS inside the update function. ROLE {@code plain}; {@code owner-N},
 * whose Nth update signals {@link #HOLDING} from inside the function and waits there for {@link #PROCEED}; or
 * {@code waiter}, which starts only once {@link #HOLDING} is set, says so at {@link #WAITING} and counts its
 * completed updates at {@link #PROGRESS}. Prints {@code counts c1 c2 ...} (the count each update produced) and
 * {@code torn-under-lock n} (values found damaged while holding the lock).</li>
 * <li>{@code reader PATH}: prints {@code started}, then reads and checks the value until {@link #DONE} is set;
 * prints {@code reads r torn t decreases d last c} and the first torn value's description, if any.</li>
 * </ul>
 */
final class LivenessChildMain
{
    /** The wide value: {@link #value(long)} of its count. */
    static final String WIDE = "wide";
    /** 256 KiB: copying it takes long enough for a reader to overlap writers. */
    static final int CAPACITY = 256 * 1024;
    static final String READY = "ready";
    static final String GO = "go";
    static final String DONE = "done";
    static final String HOLDING = "holding";
    static final String PROCEED = "proceed";
    static final String WAITING = "waiting";
    static final String PROGRESS = "progress";

    private static final long GATE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private LivenessChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path path = Path.of(args[1]);
        switch (args[0])
        {
            case "writer":
                write(path, Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
                break;
            case "reader":
                read(path);
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /**
     * Makes the entries the children use.
     *
     * @param region a new region, with room for two buffers of {@link #CAPACITY}.
     * @return the wide value.
     */
    static SharedWideBytes populate(final SharedRegion region)
    {
        for (final String name : new String[]{READY, GO, DONE, HOLDING, PROCEED, WAITING, PROGRESS})
        {
            region.sharedLong(name, 0);
        }
        return region.sharedWideBytes(WIDE, CAPACITY, value(0));
    }

    /**
     * The value of a count: the count at both ends, and between them bytes that all derive from it, so that a mix of
     * two values never passes {@link #countOf}.
     *
     * <pre>
     * count (8) | body (CAPACITY - 16) | count (8)
     * </pre>
     */
    static byte[] value(final long count)
    {
        final byte[] value = new byte[CAPACITY];
        final ByteBuffer buffer = ByteBuffer.wrap(value);
        buffer.putLong(0, count);
        buffer.putLong(CAPACITY - Long.BYTES, count);
        final int seed = seed(count);
        for (int i = Long.BYTES; i < CAPACITY - Long.BYTES; i++)
        {
            value[i] = (byte)(seed + i);
        }
        return value;
    }

    private static int seed(final long count)
    {
        return (int)((count * 0x9E37_79B9_7F4A_7C15L) >>> 32);
    }

    /**
     * @return the count of a complete value, or -1 if the value is torn or damaged.
     */
    static long countOf(final byte[] value, final int length)
    {
        if (length != CAPACITY)
        {
            return -1;
        }
        final ByteBuffer buffer = ByteBuffer.wrap(value);
        final long count = buffer.getLong(0);
        if (buffer.getLong(CAPACITY - Long.BYTES) != count)
        {
            return -1;
        }
        final int seed = seed(count);
        for (int i = Long.BYTES; i < CAPACITY - Long.BYTES; i++)
        {
            if (value[i] != (byte)(seed + i))
            {
                return -1;
            }
        }
        return count;
    }

    private static String describe(final byte[] value, final int length)
    {
        if (length != CAPACITY)
        {
            return "length " + length;
        }
        final ByteBuffer buffer = ByteBuffer.wrap(value);
        final long count = buffer.getLong(0);
        final int seed = seed(count);
        int firstBad = -1;
        int bad = 0;
        for (int i = Long.BYTES; i < CAPACITY - Long.BYTES; i++)
        {
            if (value[i] != (byte)(seed + i))
            {
                firstBad = firstBad < 0 ? i : firstBad;
                bad++;
            }
        }
        return "head count " + count + ", tail count " + buffer.getLong(CAPACITY - Long.BYTES) + ", " + bad +
            " body bytes not of the head count, first at " + firstBad;
    }

    private static void write(final Path path, final int operations, final int holdMillis, final String role) throws Exception
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedWideBytes wide = region.sharedWideBytes(WIDE, CAPACITY, value(0));
            final SharedLong holding = region.sharedLong(HOLDING);
            final SharedLong proceed = region.sharedLong(PROCEED);
            final int stopAt = role.startsWith("owner-") ? Integer.parseInt(role.substring("owner-".length())) : -1;
            final boolean waiter = "waiter".equals(role);
            region.sharedLong(READY).incrementAndGet();
            awaitNonZero(region.sharedLong(GO), GO);
            if (waiter)
            {
                awaitNonZero(holding, HOLDING);
                region.sharedLong(WAITING).set(1);
            }
            final SharedLong progress = region.sharedLong(PROGRESS);
            final StringBuilder counts = new StringBuilder("counts");
            final long[] tornUnderLock = {0};
            for (int i = 1; i <= operations; i++)
            {
                final boolean stopHere = i == stopAt;
                final byte[] next = wide.updateAndGet(current ->
                {
                    long count = countOf(current, current.length);
                    if (count < 0)
                    {
                        // Only possible if another writer holds the lock too; carry on from the head count.
                        tornUnderLock[0]++;
                        count = current.length >= Long.BYTES ? ByteBuffer.wrap(current).getLong(0) : 0;
                    }
                    if (stopHere)
                    {
                        holding.set(1);
                        awaitNonZero(proceed, PROCEED);
                    }
                    // Hold the lock long enough for a waiting writer to ask whether we are alive.
                    sleep(holdMillis);
                    return value(count + 1);
                });
                counts.append(' ').append(countOf(next, next.length));
                if (waiter)
                {
                    progress.incrementAndGet();
                }
            }
            System.out.println(counts);
            System.out.println("torn-under-lock " + tornUnderLock[0]);
            System.out.flush();
        }
    }

    private static void read(final Path path)
    {
        try (SharedRegion region = SharedRegion.attachReadOnly(path))
        {
            final SharedWideBytes wide = region.sharedWideBytes(WIDE, CAPACITY, new byte[0]);
            final SharedLong done = region.sharedLong(DONE);
            final byte[] into = new byte[CAPACITY];
            System.out.println("started");
            System.out.flush();
            final long deadline = System.nanoTime() + GATE_TIMEOUT_NANOS;
            long reads = 0;
            long torn = 0;
            long decreases = 0;
            long last = 0;
            String firstTorn = "";
            while (done.get() == 0 && System.nanoTime() - deadline < 0)
            {
                final int length = wide.get(into);
                final long count = countOf(into, length);
                reads++;
                if (count < 0)
                {
                    torn++;
                    firstTorn = firstTorn.isEmpty() ? describe(into, length) : firstTorn;
                    continue;
                }
                if (count < last)
                {
                    decreases++;
                }
                last = count;
            }
            System.out.println("reads " + reads + " torn " + torn + " decreases " + decreases + " last " + last);
            if (!firstTorn.isEmpty())
            {
                System.out.println("first-torn " + firstTorn);
            }
            System.out.flush();
        }
    }

    private static void awaitNonZero(final SharedLong flag, final String name)
    {
        final long deadline = System.nanoTime() + GATE_TIMEOUT_NANOS;
        while (flag.get() == 0)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("timed out waiting for " + name);
            }
            sleep(1);
        }
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
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
