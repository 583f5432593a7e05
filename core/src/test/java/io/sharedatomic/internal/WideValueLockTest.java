package io.sharedatomic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wide-value writer lock's waiting rules, with a short "stuck" limit so they can be watched: a waiter whose lock
 * keeps going to other threads of its own JVM never gives up; one live acquisition by another process that lasts
 * past the limit makes the waiter give up with an exception and never take over; another process whose threads keep
 * taking the lock in turn is not "stuck"; and a killed holder's lock is taken over.
 */
class WideValueLockTest
{
    private static final int CAPACITY = 256;
    private static final long SHORT_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path tempDir;

    private WideValue open(final Path path) throws Exception
    {
        final RegionMemory memory = RegionFiles.attach(path, false, path.toString());
        final Registry.Entry entry = new Registry(memory, memory.shape()).find("wide");
        return new WideValue(memory, memory.address() + entry.valueOffset(), CAPACITY, SHORT_LIMIT_NANOS);
    }

    private Path region(final String name)
    {
        final Path path = tempDir.resolve(name);
        try (SharedRegion region = SharedRegion.open(path))
        {
            region.sharedWideBytes("wide", CAPACITY, new byte[]{0});
        }
        return path;
    }

    @Test
    void shouldNeverCallALockStuckWhileThreadsOfThisJvmKeepWinningIt() throws Exception
    {
        final WideValue wide = open(region("same-jvm.region"));
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong updates = new AtomicLong();
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++)
        {
            final Thread thread = new Thread(() ->
            {
                try
                {
                    while (System.nanoTime() < end)
                    {
                        // Each holds the lock for a while, so the others wait far longer than the 200 ms limit in all.
                        wide.update(current ->
                        {
                            sleep(30);
                            return new byte[]{(byte)(current[0] + 1)};
                        });
                        updates.incrementAndGet();
                    }
                }
                catch (final Throwable th)
                {
                    failure.compareAndSet(null, th);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (final Thread thread : threads)
        {
            thread.join(60_000);
        }
        assertNull(failure.get(), () -> "a waiter gave up on a lock its own JVM kept winning: " + failure.get());
        assertEquals((byte)updates.get(), wide.read()[0]);
    }

    @Test
    void shouldGiveUpOnOneLongHoldByALiveProcessButTakeOverOnceItIsKilled() throws Exception
    {
        final Path path = region("stopped.region");
        final ChildJvm holder = ChildJvm.start(LockChildMain.class, "hold-forever", path.toString());
        try
        {
            holder.awaitOutput("holding", TIMEOUT);
            final WideValue wide = open(path);
            final long start = System.nanoTime();
            final IllegalStateException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> wide.write(new byte[]{7}, 0, 1));
            final long waited = System.nanoTime() - start;
            assertTrue(ex.getMessage().contains("another process") && ex.getMessage().contains("stopped"), ex.getMessage());
            assertTrue(waited >= SHORT_LIMIT_NANOS, "gave up after " + waited / 1_000_000 + " ms");
            assertArrayEquals(new byte[]{0}, wide.read(), "a live holder is never taken over");

            assertEquals(137, holder.kill());
            final long killed = System.nanoTime();
            wide.write(new byte[]{8}, 0, 1);
            assertTrue(System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(2), "a dead holder's lock is taken over quickly");
            assertArrayEquals(new byte[]{8}, wide.read());
        }
        finally
        {
            holder.kill();
        }
    }

    @Test
    void shouldNotCallALockStuckWhileAnotherProcessKeepsTakingItInTurn() throws Exception
    {
        final Path path = region("turns.region");
        final ChildJvm turns = ChildJvm.start(LockChildMain.class, "take-turns", path.toString(), "2000");
        try
        {
            turns.awaitOutput("holding", TIMEOUT);
            final WideValue wide = open(path);
            // Two threads of the child hold it 50 ms each, in turn, for 2 s: the same token all along, but never one
            // acquisition longer than the 200 ms limit.
            wide.write(new byte[]{9}, 0, 1);
            assertEquals(9, wide.read()[0]);
            turns.await(TIMEOUT).assertSuccess();
        }
        finally
        {
            turns.kill();
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
        }
    }

    /**
     * Child JVMs that hold the lock of the value "wide".
     */
    static final class LockChildMain
    {
        private LockChildMain()
        {
        }

        public static void main(final String[] args) throws Exception
        {
            final Path path = Path.of(args[1]);
            final RegionMemory memory = RegionFiles.attach(path, false, path.toString());
            final Registry.Entry entry = new Registry(memory, memory.shape()).find("wide");
            final WideValue wide = new WideValue(memory, memory.address() + entry.valueOffset(), CAPACITY);
            if (args[0].equals("hold-forever"))
            {
                wide.update(current ->
                {
                    System.out.println("holding");
                    System.out.flush();
                    sleep(TimeUnit.MINUTES.toMillis(5));
                    return current;
                });
                return;
            }
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2]));
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++)
            {
                final Thread thread = new Thread(() ->
                {
                    while (System.nanoTime() < end)
                    {
                        wide.update(current ->
                        {
                            System.out.println("holding");
                            System.out.flush();
                            sleep(50);
                            return current;
                        });
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
        }
    }
}
