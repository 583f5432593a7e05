package io.sharedatomic.collections;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedBytes;
import io.sharedatomic.SharedDouble;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedLongArray;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.SharedString;
import io.sharedatomic.SharedULong;
import io.sharedatomic.SharedWideBytes;

/**
 * Entry point of the child JVMs of {@link TortureTest}: after a barrier with the other children, {@value #THREADS}
 * threads pick seeded random operations on every value type for a bounded time, count what they did, and the child
 * prints the sums as {@code name count} lines. Each thread holds a few bit set and pool ids at a time and proves that
 * it holds them alone with a CAS from 0 on an owner table; a CAS that fails is counted as a conflict.
 */
final class TortureChildMain
{
    static final int THREADS = 2;

    static final String READY = "ready";
    static final String LONG_ADD = "long-add";
    static final String LONG_CAS = "long-cas";
    static final String ULONG = "ulong";
    static final String DOUBLE = "double";
    static final String FLAG = "flag";
    static final String BYTES8 = "bytes8";
    static final String BYTES2 = "bytes2";
    static final String RING = "ring";
    static final String WIDE = "wide";
    static final String SET = "set";
    static final String BITS = "bits";
    static final String BIT_OWNERS = "bit-owners";
    static final String POOL = "pool";
    static final String POOL_OWNERS = "pool-owners";

    /** Initial bits of the unsigned value: 2^64 - 1000, so that the additions wrap around. */
    static final long ULONG_START = -1000L;
    /** Each unsigned addition adds this. */
    static final long ULONG_STEP = 3;
    /** Capacity of the bit set and of the pool; the threads together may hold all of it. */
    static final int ID_CAPACITY = 24;
    /** Most ids of each kind a thread holds at once. */
    static final int HOLD = 5;
    static final int WIDE_CAPACITY = CrashChildMain.WIDE_CAPACITY;

    /** The counts each child prints, in this order. */
    enum Count
    {
        LONG_ADD_SUM, LONG_CAS_SUCCESSES, LONG_CAS_FAILURES, ULONG_ADDS, DOUBLE_SUM, FLAG_UPS, FLAG_DOWNS, FLAG_MISSES,
        BYTES8_SUM, BYTES2_SUM, RING_AB, RING_BC, RING_CA, RING_MISSES, WIDE_SUCCESSES, WIDE_MISSES, SET_TO_TWO, SET_TO_ONE,
        SET_MISSES, BIT_CLAIMS, BIT_RELEASES, BIT_FULL, BIT_CONFLICTS, POOL_CLAIMS, POOL_RELEASES, POOL_FULL, POOL_CONFLICTS,
        OPERATIONS
    }

    private static final int OPERATION_KINDS = 12;

    private TortureChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path path = Path.of(args[0]);
        final int jvm = Integer.parseInt(args[1]);
        final int parties = Integer.parseInt(args[2]);
        final long millis = Long.parseLong(args[3]);
        final long seed = Long.parseLong(args[4]);
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final Values values = new Values(region);
            final SharedLong ready = region.sharedLong(READY);
            ready.incrementAndGet();
            final long barrierDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (ready.get() < parties)
            {
                if (System.nanoTime() > barrierDeadline)
                {
                    throw new IllegalStateException("barrier timed out");
                }
                Thread.sleep(1);
            }
            final long end = System.nanoTime() + Duration.ofMillis(millis).toNanos();
            final long[][] counts = new long[THREADS][];
            final Thread[] threads = new Thread[THREADS];
            final Throwable[] failures = new Throwable[THREADS];
            for (int t = 0; t < THREADS; t++)
            {
                final int thread = t;
                threads[t] = new Thread(() ->
                {
                    try
                    {
                        final int me = jvm * THREADS + thread + 1;
                        counts[thread] = hammer(values, me, new SplittableRandom(seed * 31 + me), end);
                    }
                    catch (final Throwable ex)
                    {
                        failures[thread] = ex;
                    }
                }, "torture-" + jvm + "-" + thread);
                threads[t].start();
            }
            final long[] sums = new long[Count.values().length];
            for (int t = 0; t < THREADS; t++)
            {
                threads[t].join();
                if (failures[t] != null)
                {
                    throw new IllegalStateException("thread " + t + " of JVM " + jvm + " failed", failures[t]);
                }
                for (int c = 0; c < sums.length; c++)
                {
                    sums[c] += counts[t][c];
                }
            }
            final StringBuilder out = new StringBuilder();
            for (final Count count : Count.values())
            {
                out.append(count.name()).append(' ').append(sums[count.ordinal()]).append('\n');
            }
            System.out.print(out);
        }
    }

    /** The handles of every value, as the parent created them. */
    static final class Values
    {
        final SharedLong longAdd;
        final SharedLong longCas;
        final SharedULong ulong;
        final SharedDouble sum;
        final SharedBoolean flag;
        final SharedBytes bytes8;
        final SharedBytes bytes2;
        final SharedString ring;
        final SharedWideBytes wide;
        final SharedSet set;
        final SharedBitSet bits;
        final SharedLongArray bitOwners;
        final SharedIdPool pool;
        final SharedLongArray poolOwners;
        final long token;

        Values(final SharedRegion region)
        {
            longAdd = region.sharedLong(LONG_ADD);
            longCas = region.sharedLong(LONG_CAS);
            ulong = region.sharedULong(ULONG, ULONG_START);
            sum = region.sharedDouble(DOUBLE);
            flag = region.sharedBoolean(FLAG);
            bytes8 = region.sharedBytes(BYTES8, 8, new byte[8]);
            bytes2 = region.sharedBytes(BYTES2, 2, new byte[2]);
            ring = region.sharedString(RING, "a");
            wide = region.sharedWideBytes(WIDE, WIDE_CAPACITY, CrashChildMain.bytesPattern(0, 0));
            set = SharedSet.of(region, SET, List.of(1));
            bits = SharedBitSet.of(region, BITS, ID_CAPACITY);
            bitOwners = region.sharedLongArray(BIT_OWNERS, ID_CAPACITY);
            pool = SharedIdPool.of(region, POOL, ID_CAPACITY);
            poolOwners = region.sharedLongArray(POOL_OWNERS, ID_CAPACITY);
            token = region.ownerToken();
        }
    }

    private static long[] hammer(final Values v, final int me, final SplittableRandom random, final long end)
    {
        final long[] c = new long[Count.values().length];
        final ArrayDeque<Long> bitsHeld = new ArrayDeque<>();
        final ArrayDeque<Long> poolHeld = new ArrayDeque<>();
        final long token = v.token;
        for (long operation = 0; ; operation++)
        {
            if ((operation & 63) == 0 && System.nanoTime() > end)
            {
                break;
            }
            c[Count.OPERATIONS.ordinal()]++;
            switch (random.nextInt(OPERATION_KINDS))
            {
                case 0:
                {
                    final long delta = 1 + random.nextInt(5);
                    v.longAdd.getAndAdd(delta);
                    c[Count.LONG_ADD_SUM.ordinal()] += delta;
                    break;
                }
                case 1:
                {
                    long current = v.longCas.get();
                    while (!v.longCas.compareAndSet(current, current + 1))
                    {
                        c[Count.LONG_CAS_FAILURES.ordinal()]++;
                        current = v.longCas.get();
                    }
                    c[Count.LONG_CAS_SUCCESSES.ordinal()]++;
                    break;
                }
                case 2:
                    v.ulong.addAndGet(ULONG_STEP);
                    c[Count.ULONG_ADDS.ordinal()]++;
                    break;
                case 3:
                {
                    // Integral steps: every partial sum is exact in a double, so the total must be too.
                    final int delta = 1 + random.nextInt(3);
                    v.sum.addAndGet(delta);
                    c[Count.DOUBLE_SUM.ordinal()] += delta;
                    break;
                }
                case 4:
                {
                    final boolean up = random.nextBoolean();
                    if (v.flag.compareAndSet(!up, up))
                    {
                        c[(up ? Count.FLAG_UPS : Count.FLAG_DOWNS).ordinal()]++;
                    }
                    else
                    {
                        c[Count.FLAG_MISSES.ordinal()]++;
                    }
                    break;
                }
                case 5:
                {
                    final long delta = 1 + random.nextInt(1000);
                    if (random.nextBoolean())
                    {
                        v.bytes8.addAndGet(delta);
                    }
                    else
                    {
                        v.bytes8.getAndAdd(delta);
                    }
                    c[Count.BYTES8_SUM.ordinal()] += delta;
                    break;
                }
                case 6:
                {
                    final long delta = 1 + random.nextInt(0xFFFF);
                    if (random.nextBoolean())
                    {
                        v.bytes2.addAndGet(delta);
                    }
                    else
                    {
                        v.bytes2.addAndGet(new byte[]{(byte)(delta >>> 8), (byte)delta});
                    }
                    c[Count.BYTES2_SUM.ordinal()] += delta;
                    break;
                }
                case 7:
                    ringStep(v.ring, c);
                    break;
                case 8:
                {
                    final byte[] current = v.wide.get();
                    final long count = CrashChildMain.checkBytes(current);
                    if (v.wide.compareAndSet(current, CrashChildMain.bytesPattern(count + 1, me)))
                    {
                        c[Count.WIDE_SUCCESSES.ordinal()]++;
                    }
                    else
                    {
                        c[Count.WIDE_MISSES.ordinal()]++;
                    }
                    break;
                }
                case 9:
                {
                    final Set<Object> current = v.set.get();
                    final boolean toTwo = current.equals(Set.of(1));
                    if (!toTwo && !current.equals(Set.of(2)))
                    {
                        throw new IllegalStateException("the set holds " + current);
                    }
                    if (v.set.compareAndSet(current, toTwo ? List.of(2) : List.of(1)))
                    {
                        c[(toTwo ? Count.SET_TO_TWO : Count.SET_TO_ONE).ordinal()]++;
                    }
                    else
                    {
                        c[Count.SET_MISSES.ordinal()]++;
                    }
                    break;
                }
                case 10:
                    bitStep(v, me, random, bitsHeld, c);
                    break;
                default:
                    poolStep(v, me, token, random, poolHeld, c);
                    break;
            }
        }
        while (!bitsHeld.isEmpty())
        {
            releaseBit(v, me, bitsHeld.poll(), c);
        }
        while (!poolHeld.isEmpty())
        {
            releaseId(v, me, poolHeld.poll(), c);
        }
        return c;
    }

    /** One compare-and-set along the ring a → b → c → a, counted per transition. */
    private static void ringStep(final SharedString ring, final long[] c)
    {
        final String current = ring.get();
        final String next;
        final Count transition;
        switch (current)
        {
            case "a":
                next = "b";
                transition = Count.RING_AB;
                break;
            case "b":
                next = "c";
                transition = Count.RING_BC;
                break;
            case "c":
                next = "a";
                transition = Count.RING_CA;
                break;
            default:
                throw new IllegalStateException("the ring holds '" + current + "'");
        }
        c[(ring.compareAndSet(current, next) ? transition : Count.RING_MISSES).ordinal()]++;
    }

    private static void bitStep(final Values v, final int me, final SplittableRandom random, final ArrayDeque<Long> held, final long[] c)
    {
        final long id = v.bits.claimFirstClear();
        if (id >= 0)
        {
            c[Count.BIT_CLAIMS.ordinal()]++;
            if (!v.bitOwners.compareAndSet((int)id, 0, me))
            {
                c[Count.BIT_CONFLICTS.ordinal()]++;
            }
            held.add(id);
        }
        else
        {
            c[Count.BIT_FULL.ordinal()]++;
        }
        if (held.size() > random.nextInt(HOLD) || id < 0 && !held.isEmpty())
        {
            releaseBit(v, me, held.poll(), c);
        }
    }

    private static void releaseBit(final Values v, final int me, final long id, final long[] c)
    {
        if (!v.bitOwners.compareAndSet((int)id, me, 0))
        {
            c[Count.BIT_CONFLICTS.ordinal()]++;
        }
        if (!v.bits.release(id))
        {
            c[Count.BIT_CONFLICTS.ordinal()]++;
        }
        c[Count.BIT_RELEASES.ordinal()]++;
    }

    private static void poolStep(final Values v, final int me, final long token, final SplittableRandom random, final ArrayDeque<Long> held,
        final long[] c)
    {
        final long id = v.pool.claim();
        if (id >= 0)
        {
            c[Count.POOL_CLAIMS.ordinal()]++;
            if (!v.poolOwners.compareAndSet((int)id, 0, me) || v.pool.owner(id) != token)
            {
                c[Count.POOL_CONFLICTS.ordinal()]++;
            }
            held.add(id);
        }
        else
        {
            c[Count.POOL_FULL.ordinal()]++;
        }
        if (held.size() > random.nextInt(HOLD) || id < 0 && !held.isEmpty())
        {
            releaseId(v, me, held.poll(), c);
        }
    }

    private static void releaseId(final Values v, final int me, final long id, final long[] c)
    {
        if (!v.poolOwners.compareAndSet((int)id, me, 0))
        {
            c[Count.POOL_CONFLICTS.ordinal()]++;
        }
        v.pool.release(id);
        c[Count.POOL_RELEASES.ordinal()]++;
    }
}
