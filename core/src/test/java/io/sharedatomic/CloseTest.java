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
            final CountDownLatch started = new CountDownLatch(4);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++)
            {
                final Thread thread = new Thread(() ->
                {
                    started.countDown();
                    try
                    {
                        while (true)
                        {
                            counter.incrementAndGet();
                            flag.getAndSet(!flag.get());
                            succeeded.incrementAndGet();
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
            Thread.sleep(5);
            region.close();
            for (final Thread thread : threads)
            {
                thread.join(10_000);
                assertTrue(!thread.isAlive(), "every thread saw the close");
            }
            if (unexpected.get() != null)
            {
                throw new AssertionError("only IllegalStateException may escape", unexpected.get());
            }
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
            final CountDownLatch started = new CountDownLatch(2);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++)
            {
                final Thread thread = new Thread(() ->
                {
                    started.countDown();
                    try
                    {
                        for (int i = 0; ; i = (i + 1) % 64)
                        {
                            // Both threads ask for the same names: cache hits, misses and put races all happen.
                            returned.add(i % 2 == 0 ? region.sharedLong("long." + i) : region.sharedBoolean("flag." + i));
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
            while (returned.isEmpty())
            {
                Thread.onSpinWait();
            }
            Thread.sleep(round % 3);
            region.close();
            for (final Thread thread : threads)
            {
                thread.join(10_000);
                assertTrue(!thread.isAlive(), "every thread saw the close");
            }
            if (unexpected.get() != null)
            {
                throw new AssertionError("only IllegalStateException may escape", unexpected.get());
            }
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
}
