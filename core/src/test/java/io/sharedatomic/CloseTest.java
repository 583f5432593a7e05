package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Using a value after its region is closed throws {@link IllegalStateException}, also while another thread closes
 * the region under running operations: never a JVM crash.
 */
class CloseTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldThrowOnEveryUseAfterClose() throws Exception
    {
        final SharedRegion region = SharedRegion.open(tempDir.resolve("closed.region"));
        final SharedLong counter = region.sharedLong("counter", 3);
        final SharedDouble price = region.sharedDouble("price", 1.5);
        final SharedBoolean flag = region.sharedBoolean("flag");
        region.close();
        region.close();

        assertTrue(region.isClosed());
        assertEquals("closed", counter.toString());
        assertThrows(IllegalStateException.class, counter::get);
        assertThrows(IllegalStateException.class, () -> counter.set(1));
        assertThrows(IllegalStateException.class, () -> counter.addAndGet(1));
        assertThrows(IllegalStateException.class, () -> counter.compareAndSet(3, 4));
        assertThrows(IllegalStateException.class, () -> counter.getAndOr(1));
        assertThrows(IllegalStateException.class, price::get);
        assertThrows(IllegalStateException.class, () -> price.addAndGet(1));
        assertThrows(IllegalStateException.class, () -> flag.set(true));
        assertThrows(IllegalStateException.class, () -> region.sharedLong("counter"));
        assertThrows(IllegalStateException.class, region::entries);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, counter::incrementAndGet);
        assertTrue(ex.getMessage().contains("closed.region") && ex.getMessage().contains("attach"), ex.getMessage());
    }

    @Test
    void shouldOnlyThrowIllegalStateWhenClosedUnderRunningOperations() throws Exception
    {
        for (int round = 0; round < 20; round++)
        {
            final SharedRegion region = SharedRegion.open(tempDir.resolve("race-" + round + ".region"));
            final SharedLong counter = region.sharedLong("counter");
            final SharedBoolean flag = region.sharedBoolean("flag");
            final AtomicLong succeeded = new AtomicLong();
            final AtomicReference<Throwable> unexpected = new AtomicReference<>();
            final List<Thread> threads = startUntilClosed(4, unexpected, () ->
            {
                counter.incrementAndGet();
                flag.getAndSet(!flag.get());
                succeeded.incrementAndGet();
            });
            // Close while they work: once one operation went through, and a little later.
            while (succeeded.get() == 0)
            {
                Thread.onSpinWait();
            }
            Thread.sleep(5);
            region.close();
            awaitOnlyIllegalState(threads, unexpected);
            assertTrue(succeeded.get() > 0);
            assertInstanceOf(IllegalStateException.class, assertThrows(IllegalStateException.class, counter::get));
        }
    }

    /**
     * The handles check a field of their own, which close() sets in every handle the region returned: a handle that
     * a factory returned while another thread closed the region must throw as well, or it would go on using the
     * region after close without a word.
     */
    @Test
    void shouldCloseEveryHandleAFactoryReturnsWhileTheRegionCloses() throws Exception
    {
        for (int round = 0; round < 30; round++)
        {
            final SharedRegion region = SharedRegion.open(tempDir.resolve("factory-race-" + round + ".region"));
            final List<SharedValue> returned = Collections.synchronizedList(new ArrayList<>());
            final AtomicReference<Throwable> unexpected = new AtomicReference<>();
            final List<Thread> threads = startUntilClosed(2, unexpected, () ->
            {
                // Both threads ask for the same 64 names: cache hits, misses and put races all happen.
                final int i = ThreadLocalRandom.current().nextInt(64);
                returned.add(i % 2 == 0 ? region.sharedLong("long." + i) : region.sharedBoolean("flag." + i));
            });
            while (returned.isEmpty())
            {
                Thread.onSpinWait();
            }
            Thread.sleep(round % 3);
            region.close();
            awaitOnlyIllegalState(threads, unexpected);
            assertTrue(!returned.isEmpty());
            synchronized (returned)
            {
                for (final SharedValue handle : returned)
                {
                    assertThrows(IllegalStateException.class, handle::loadVolatile, handle.name());
                    assertThrows(IllegalStateException.class, () -> handle.storeVolatile(1), handle.name());
                }
            }
        }
    }

    @Test
    void shouldCloseAHandleReadBackFromItsSerializedForm() throws Exception
    {
        final Path path = tempDir.resolve("serialized.region");
        try (SharedRegion creator = SharedRegion.open(path))
        {
            creator.sharedLong("counter", 5);
        }
        final SharedRegion region = SharedRegion.attach(path);
        final SharedLong counter = (SharedLong)region.existing("counter", ValueType.LONG);
        assertEquals(5, counter.get());
        region.close();
        assertThrows(IllegalStateException.class, counter::get);
        assertThrows(IllegalStateException.class, () -> counter.set(6));
    }

    /**
     * Starts threads that repeat {@code step} until it throws, as a close makes it; anything but an
     * {@link IllegalStateException} is kept in {@code unexpected}. Returns once all have started.
     */
    private static List<Thread> startUntilClosed(final int count, final AtomicReference<Throwable> unexpected, final Runnable step)
        throws InterruptedException
    {
        final CountDownLatch started = new CountDownLatch(count);
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < count; t++)
        {
            final Thread thread = new Thread(() ->
            {
                started.countDown();
                try
                {
                    while (true)
                    {
                        step.run();
                    }
                }
                catch (final Throwable th)
                {
                    if (!(th instanceof IllegalStateException))
                    {
                        unexpected.set(th);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        started.await();
        return threads;
    }

    private static void awaitOnlyIllegalState(final List<Thread> threads, final AtomicReference<Throwable> unexpected)
        throws InterruptedException
    {
        for (final Thread thread : threads)
        {
            thread.join(10_000);
            assertTrue(!thread.isAlive(), "every thread saw the close");
        }
        if (unexpected.get() != null)
        {
            throw new AssertionError("only IllegalStateException may escape", unexpected.get());
        }
    }
}
