package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code close()} never waits: called inside an update function (directly, or by a helper that attaches and closes
 * its own region of the same file after another thread closed the caller's), it returns, and an interrupted closer
 * burns no CPU. The lease ends when the writer lets go (see {@code OwnerLeaseTest}).
 */
class CloseInsideUpdateTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldReturnFromACloseInsideAnUpdateFunction() throws Exception
    {
        final Path path = tempDir.resolve("self.region");
        final SharedRegion region = SharedRegion.open(path);
        final SharedWideBytes wide = region.sharedWideBytes("w", 64, new byte[0]);
        final Thread thread = new Thread(() -> wide.updateAndGet(v ->
        {
            region.close();
            return v;
        }));
        thread.setDaemon(true);
        thread.start();
        thread.join(5_000);
        if (thread.isAlive())
        {
            final String where = Arrays.toString(thread.getStackTrace());
            fail("close() inside an update function self-deadlocked (still waiting after 5 s, forever): " + where.substring(0, Math.min(500,
                where.length())));
        }
    }

    @Test
    void shouldNotHangAHelperThatAttachesAndClosesInsideAnUpdateAfterTheCallerWasClosed() throws Exception
    {
        final Path path = tempDir.resolve("helper.region");
        final SharedRegion region = SharedRegion.open(path);
        final SharedWideBytes wide = region.sharedWideBytes("w", 64, new byte[0]);
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch closing = new CountDownLatch(1);
        final Thread writer = new Thread(() -> wide.updateAndGet(v ->
        {
            inside.countDown();
            try
            {
                closing.await();
                Thread.sleep(200);
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
            // An innocent helper: reads a counter through its own short-lived SharedRegion of the same file.
            try (SharedRegion own = SharedRegion.attach(path))
            {
                own.sharedLong("n").incrementAndGet();
            }
            return v;
        }));
        writer.setDaemon(true);
        writer.start();
        assertTrue(inside.await(30, TimeUnit.SECONDS));
        final Thread closer = new Thread(region::close);
        closer.setDaemon(true);
        closer.start();
        closing.countDown();
        writer.join(6_000);
        if (writer.isAlive())
        {
            fail("writer (inside update) and closer both hang: writer at " + Arrays.toString(writer.getStackTrace()).substring(0, 300) +
                " closer alive=" + closer.isAlive());
        }
    }

    @Test
    void shouldNotSpinInAnInterruptedCloseWhileAWriterIsInside() throws Exception
    {
        final Path path = tempDir.resolve("spin.region");
        final SharedRegion region = SharedRegion.open(path);
        final SharedWideBytes wide = region.sharedWideBytes("w", 64, new byte[0]);
        final CountDownLatch inside = new CountDownLatch(1);
        final Thread writer = new Thread(() -> wide.updateAndGet(v ->
        {
            inside.countDown();
            try
            {
                Thread.sleep(1_500);
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
            return v;
        }));
        writer.start();
        assertTrue(inside.await(30, TimeUnit.SECONDS));
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final long[] cpu = new long[1];
        final Thread closer = new Thread(() ->
        {
            Thread.currentThread().interrupt();
            final long before = mx.getCurrentThreadCpuTime();
            region.close();
            cpu[0] = mx.getCurrentThreadCpuTime() - before;
        });
        closer.start();
        closer.join(30_000);
        writer.join(30_000);
        assertTrue(cpu[0] < 200_000_000L, "an interrupted close() burnt " + cpu[0] / 1_000_000 + " ms of CPU while waiting ~1.5 s for a writer");
    }
}
