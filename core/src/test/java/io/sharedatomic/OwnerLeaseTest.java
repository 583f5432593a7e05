package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owner tokens ({@link SharedRegion#ownerToken()}, {@link SharedRegion#isOwnerAlive(long)}): one per process and
 * region file, never reused, alive exactly while its process has the region open (a stopped process included), dead
 * at once when it is killed; and a waiter for a wide value's lock that has an interrupt pending sleeps instead of
 * spinning.
 */
class OwnerLeaseTest
{
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path tempDir;

    @Test
    void shouldGiveOneTokenPerProcessAndFileAndANewOneAfterTheLastClose()
    {
        final Path path = tempDir.resolve("tokens.region");
        final long first;
        try (SharedRegion a = SharedRegion.open(path))
        {
            final SharedRegion b = SharedRegion.attach(path);
            first = a.ownerToken();
            assertTrue(first > 0);
            assertEquals(first, b.ownerToken(), "every SharedRegion of one file in one JVM is the same owner");
            assertEquals(first, a.ownerToken());
            assertTrue(a.isOwnerAlive(first) && b.isOwnerAlive(first));
            assertFalse(a.isOwnerAlive(first + 1), "a token nobody took has no live owner");
            assertFalse(a.isOwnerAlive(0));
            assertFalse(a.isOwnerAlive(-5));
            b.close();
            assertTrue(a.isOwnerAlive(first), "closing one of two SharedRegion objects keeps the lease");
            assertEquals(first, a.ownerToken());
        }
        try (SharedRegion again = SharedRegion.attach(path); SharedRegion reader = SharedRegion.attachReadOnly(path))
        {
            assertFalse(again.isOwnerAlive(first), "the lease ended with the last close, for good");
            final long second = again.ownerToken();
            assertNotEquals(first, second, "tokens are never reused");
            assertTrue(reader.isOwnerAlive(second), "a read-only region can ask");
            assertThrows(IllegalStateException.class, reader::ownerToken, "a read-only region owns nothing");
        }
        final SharedRegion closed = SharedRegion.attach(path);
        closed.close();
        assertThrows(IllegalStateException.class, closed::ownerToken);
        assertThrows(IllegalStateException.class, () -> closed.isOwnerAlive(1));
        try (SharedRegion local = SharedRegion.inMemory())
        {
            assertTrue(local.isOwnerAlive(local.ownerToken()));
            assertFalse(local.isOwnerAlive(local.ownerToken() + 1));
        }
    }

    @Test
    void shouldSeeAnotherProcessAliveWhileItRunsOrIsStoppedAndDeadOnceKilled() throws Exception
    {
        final Path path = tempDir.resolve("processes.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final ChildJvm child = ChildJvm.start(OwnerLeaseChildMain.class, "hold", path.toString());
            try
            {
                final long token = awaitToken(child);
                assertNotEquals(region.ownerToken(), token);
                assertTrue(region.isOwnerAlive(token));

                child.stop();
                try
                {
                    Thread.sleep(200);
                    assertTrue(region.isOwnerAlive(token), "a stopped process is alive");
                }
                finally
                {
                    child.resume();
                }
                assertTrue(region.isOwnerAlive(token));

                final long killed = System.nanoTime();
                assertEquals(137, child.kill());
                final long seen = System.nanoTime();
                assertFalse(region.isOwnerAlive(token), "dead as soon as kill -9 has been reaped");
                assertTrue(seen - killed < TimeUnit.SECONDS.toNanos(5));
            }
            finally
            {
                child.kill();
            }
        }
    }

    @Test
    void shouldLetAProcessThatClosedTheRegionBeDeadWhileItStillRuns() throws Exception
    {
        final Path path = tempDir.resolve("closer.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final Path closeNow = tempDir.resolve("close-now");
            final ChildJvm child = ChildJvm.start(OwnerLeaseChildMain.class, "hold-then-close", path.toString(), closeNow.toString());
            try
            {
                final long token = awaitToken(child);
                assertTrue(region.isOwnerAlive(token));
                Files.writeString(closeNow, "");
                child.awaitOutput("closed", TIMEOUT);
                assertTrue(child.process().isAlive());
                assertFalse(region.isOwnerAlive(token), "closing the region gives up the lease");
            }
            finally
            {
                child.kill();
            }
        }
    }

    @Test
    void shouldKeepTheLeaseAfterTheLastCloseUntilAWriterInsideAnUpdateLetsGo() throws Exception
    {
        final Path path = tempDir.resolve("pending.region");
        final SharedRegion region = SharedRegion.open(path);
        final SharedWideBytes wide = region.sharedWideBytes("wide", 64, new byte[]{0});
        final long token = region.ownerToken();
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        final Thread writer = new Thread(() -> wide.updateAndGet(current ->
        {
            inside.countDown();
            try
            {
                finish.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            return new byte[]{1};
        }));
        writer.start();
        assertTrue(inside.await(30, TimeUnit.SECONDS));
        final long closing = System.nanoTime();
        region.close();
        assertTrue(System.nanoTime() - closing < TimeUnit.SECONDS.toNanos(5), "close() does not wait for the writer");
        assertEquals(token + "=alive", LeaseProbe.seenByAnotherProcess(path, token), "the lease outlives the last close while a writer is inside");
        finish.countDown();
        writer.join(30_000);
        assertEquals(token + "=dead", LeaseProbe.seenByAnotherProcess(path, token), "the writer let go: the lease is given up");
        try (SharedRegion again = SharedRegion.attach(path))
        {
            assertArrayEquals(new byte[]{1}, again.sharedWideBytes("wide", 64, new byte[0]).get(), "the write inside completed");
        }
    }

    @Test
    void shouldSleepNotSpinWhileWaitingWithAnInterruptPendingAndKeepTheInterrupt() throws Exception
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (SharedRegion region = SharedRegion.open(tempDir.resolve("interrupt.region")))
        {
            final SharedWideBytes wide = region.sharedWideBytes("wide", 64, new byte[]{0});
            final CountDownLatch holding = new CountDownLatch(1);
            final Thread holder = new Thread(() -> wide.updateAndGet(current ->
            {
                holding.countDown();
                sleep(1_000);
                return new byte[]{1};
            }));
            holder.start();
            assertTrue(holding.await(30, TimeUnit.SECONDS));

            final AtomicLong cpuNanos = new AtomicLong();
            final AtomicLong wallNanos = new AtomicLong();
            final AtomicBoolean stillInterrupted = new AtomicBoolean();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread waiter = new Thread(() ->
            {
                try
                {
                    Thread.currentThread().interrupt();
                    final long cpu = threads.getCurrentThreadCpuTime();
                    final long wall = System.nanoTime();
                    wide.set(new byte[]{2});
                    cpuNanos.set(threads.getCurrentThreadCpuTime() - cpu);
                    wallNanos.set(System.nanoTime() - wall);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
                catch (final Throwable th)
                {
                    failure.set(th);
                }
            });
            waiter.start();
            waiter.join(30_000);
            holder.join(30_000);
            assertEquals(null, failure.get());
            assertTrue(wallNanos.get() > TimeUnit.MILLISECONDS.toNanos(300), "the waiter waited for the holder: " + wallNanos.get());
            assertTrue(cpuNanos.get() < wallNanos.get() / 10, "the waiter used " + cpuNanos.get() / 1_000_000 + " ms of CPU in " +
                wallNanos.get() / 1_000_000 + " ms of waiting");
            assertTrue(stillInterrupted.get(), "the interrupt is kept for the caller");
            assertEquals(2, wide.get()[0]);
        }
    }

    private static long awaitToken(final ChildJvm child) throws Exception
    {
        final String output = child.awaitOutput("\n", TIMEOUT);
        return Long.parseLong(output.substring(output.indexOf("token ") + 6, output.indexOf('\n')).strip());
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
     * The child JVMs of this test.
     */
    static final class OwnerLeaseChildMain
    {
        private OwnerLeaseChildMain()
        {
        }

        public static void main(final String[] args) throws Exception
        {
            final SharedRegion region = SharedRegion.attach(Path.of(args[1]));
            System.out.println("token " + region.ownerToken());
            System.out.flush();
            if (args[0].equals("hold-then-close"))
            {
                // Closes when the parent has seen it alive and says so.
                final Path closeNow = Path.of(args[2]);
                while (!Files.exists(closeNow))
                {
                    Thread.sleep(5);
                }
                region.close();
                System.out.println("closed");
                System.out.flush();
            }
            // Lives until killed; the parent kills it.
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
