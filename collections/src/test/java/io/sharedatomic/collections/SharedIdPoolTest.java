package io.sharedatomic.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link SharedIdPool}: every id handed out once until given back, ownership by process, exclusive
 * claims across threads, and recovery of the ids of a process killed with {@code kill -9}.
 */
class SharedIdPoolTest
{
    private static final long SEED = 20_240_607L;
    private static final int THREADS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tempDir;

    @Test
    void shouldClaimEveryIdExactlyOnceThenReportMinusOne()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            final SharedIdPool pool = SharedIdPool.of(region, "ids", 100);
            assertEquals(100, pool.capacity());
            final Set<Long> claimed = new TreeSet<>();
            for (int i = 0; i < 100; i++)
            {
                final long id = pool.claim();
                assertTrue(id >= 0 && id < 100, "id " + id);
                assertTrue(claimed.add(id), "id " + id + " handed out twice");
                assertEquals(region.ownerToken(), pool.owner(id));
            }
            assertEquals(-1, pool.claim());
            assertEquals(-1, pool.claim());
            assertEquals(100, pool.held());
        }
    }

    @Test
    void shouldHandOutAReleasedIdAgain()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            final SharedIdPool pool = SharedIdPool.of(region, "ids", 10);
            final Set<Long> first = new HashSet<>();
            for (int i = 0; i < 10; i++)
            {
                first.add(pool.claim());
            }
            assertEquals(Set.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), first);
            pool.release(7);
            assertEquals(0, pool.owner(7));
            assertEquals(9, pool.held());
            assertEquals(7, pool.claim(), "the only free id");
            assertEquals(-1, pool.claim());
            for (long id = 0; id < 10; id++)
            {
                pool.release(id);
                assertEquals(0, pool.owner(id));
            }
            assertEquals(0, pool.held());
            final Set<Long> again = new HashSet<>();
            for (int i = 0; i < 10; i++)
            {
                again.add(pool.claim());
            }
            assertEquals(10, again.size());
            assertEquals(-1, pool.claim());
        }
    }

    @Test
    void shouldRefuseToReleaseAnIdThisProcessDoesNotHold()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            final SharedIdPool pool = SharedIdPool.of(region, "ids", 8);
            assertThrows(IllegalStateException.class, () -> pool.release(3));
            final long id = pool.claim();
            pool.release(id);
            assertThrows(IllegalStateException.class, () -> pool.release(id));
            assertThrows(IndexOutOfBoundsException.class, () -> pool.release(8));
            assertThrows(IndexOutOfBoundsException.class, () -> pool.release(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> pool.owner(8));
            assertEquals(0, pool.held());
        }
    }

    @Test
    void shouldNameThisProcessAsTheOwner()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            final SharedIdPool pool = SharedIdPool.of(region, "ids", 4);
            final long id = pool.claim();
            assertEquals(region.ownerToken(), pool.owner(id));
            assertTrue(pool.owner(id) != 0);
            assertTrue(region.isOwnerAlive(pool.owner(id)));
            assertEquals(0, pool.owner((id + 1) % 4));
            assertEquals(0, pool.recoverDead(), "a live owner's ids are not recovered");
            assertEquals(region.ownerToken(), pool.owner(id));
        }
    }

    @Test
    void shouldNeverGiveOneIdToTwoThreads() throws Exception
    {
        final int capacity = 16;
        final int operations = 40_000;
        try (SharedRegion region = SharedRegion.inMemory())
        {
            final SharedIdPool pool = SharedIdPool.of(region, "ids", capacity);
            // holders[id] is the thread (1-based) that holds id; taking it from 0 proves no other thread held it.
            final AtomicLongArray holders = new AtomicLongArray(capacity);
            final ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try
            {
                final List<Future<long[]>> results = new ArrayList<>();
                for (int t = 1; t <= THREADS; t++)
                {
                    final int thread = t;
                    results.add(threads.submit(() -> claimAndRelease(pool, region.ownerToken(), holders, thread, operations)));
                }
                long claims = 0;
                long full = 0;
                for (final Future<long[]> result : results)
                {
                    final long[] counts = result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    claims += counts[0];
                    full += counts[1];
                }
                assertTrue(claims > operations, "claims " + claims + ", pool full " + full + " times");
            }
            finally
            {
                threads.shutdownNow();
            }
            assertEquals(0, pool.held());
            for (int id = 0; id < capacity; id++)
            {
                assertEquals(0, holders.get(id));
            }
            for (int i = 0; i < capacity; i++)
            {
                assertTrue(pool.claim() >= 0);
            }
            assertEquals(-1, pool.claim());
        }
    }

    /** Claims ids and gives each back a few claims later (seeded), checking exclusivity; returns claims and -1s. */
    private static long[] claimAndRelease(final SharedIdPool pool, final long token, final AtomicLongArray holders, final int thread,
        final int operations)
    {
        final SplittableRandom random = new SplittableRandom(SEED + thread);
        final ArrayDeque<Long> held = new ArrayDeque<>();
        long claims = 0;
        long full = 0;
        for (int i = 0; i < operations; i++)
        {
            final long id = pool.claim();
            if (id >= 0)
            {
                if (!holders.compareAndSet((int)id, 0, thread))
                {
                    fail("thread " + thread + " claimed id " + id + " while thread " + holders.get((int)id) + " held it");
                }
                assertEquals(token, pool.owner(id));
                held.add(id);
                claims++;
            }
            else
            {
                full++;
            }
            if (held.size() > random.nextInt(5) || id < 0 && !held.isEmpty())
            {
                final long released = held.poll();
                if (!holders.compareAndSet((int)released, thread, 0))
                {
                    fail("thread " + thread + " releases id " + released + " but thread " + holders.get((int)released) + " holds it");
                }
                pool.release(released);
            }
        }
        while (!held.isEmpty())
        {
            final long released = held.poll();
            assertTrue(holders.compareAndSet((int)released, thread, 0));
            pool.release(released);
        }
        return new long[]{claims, full};
    }

    @Test
    void shouldRecoverTheIdsOfAKilledJvmAndLeaveLiveOnesAlone() throws Exception
    {
        final Path path = tempDir.resolve("pool.region");
        final int capacity = 32;
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedIdPool pool = SharedIdPool.of(region, "ids", capacity);
            region.sharedLong(CrashChildMain.EXIT);
            final long self = region.ownerToken();
            final long mine = pool.claim();
            final String size = Integer.toString(capacity);
            final ChildJvm live = ChildJvm.start(CrashChildMain.class, "hold-ids", path.toString(), "ids", size, "5");
            final ChildJvm victim = ChildJvm.start(CrashChildMain.class, "hold-ids", path.toString(), "ids", size, "7");
            try
            {
                final Holder liveHolder = Holder.await(live);
                final Holder victimHolder = Holder.await(victim);
                assertEquals(5, liveHolder.ids.size());
                assertEquals(7, victimHolder.ids.size());
                assertEquals(13, pool.held());
                for (final long id : victimHolder.ids)
                {
                    assertEquals(victimHolder.token, pool.owner(id));
                }

                victim.process().destroyForcibly();
                assertEquals(137, victim.await(TIMEOUT).exitCode());
                assertTrue(!region.isOwnerAlive(victimHolder.token));

                assertEquals(7, pool.recoverDead(), "the killed JVM's ids come back");
                for (final long id : victimHolder.ids)
                {
                    assertEquals(0, pool.owner(id), "id " + id + " of the killed JVM");
                }
                for (final long id : liveHolder.ids)
                {
                    assertEquals(liveHolder.token, pool.owner(id), "id " + id + " of the live JVM");
                }
                assertEquals(self, pool.owner(mine));
                assertEquals(6, pool.held());
                assertEquals(0, pool.recoverDead(), "nothing more to recover");

                // The recovered ids can be claimed again, and then the pool is full.
                final Set<Long> claimed = new TreeSet<>();
                for (long id = pool.claim(); id >= 0; id = pool.claim())
                {
                    claimed.add(id);
                }
                assertEquals(capacity - 6, claimed.size());
                assertTrue(claimed.containsAll(victimHolder.ids));

                region.sharedLong(CrashChildMain.EXIT).set(1);
                live.await(TIMEOUT).assertSuccess();
                for (final long id : liveHolder.ids)
                {
                    assertEquals(0, pool.owner(id), "the live JVM released id " + id + " on exit");
                }
            }
            finally
            {
                live.process().destroyForcibly();
                victim.process().destroyForcibly();
            }
        }
    }

    /** What an id holder printed: its token and ids. */
    private record Holder(long token, List<Long> ids)
    {
        static Holder await(final ChildJvm child) throws Exception
        {
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            String out = child.stdoutSoFar();
            while (!out.contains("holding\n"))
            {
                assertTrue(child.process().isAlive(), "the holder died: " + out);
                assertTrue(System.nanoTime() < deadline, "the holder did not claim its ids in time");
                Thread.sleep(5);
                out = child.stdoutSoFar();
            }
            long token = 0;
            final List<Long> ids = new ArrayList<>();
            for (final String line : out.split("\n"))
            {
                final String[] parts = line.split(" ");
                if (parts[0].equals("token"))
                {
                    token = Long.parseLong(parts[1]);
                }
                else if (parts[0].equals("C"))
                {
                    ids.add(Long.parseLong(parts[1]));
                }
            }
            return new Holder(token, ids);
        }
    }
}
