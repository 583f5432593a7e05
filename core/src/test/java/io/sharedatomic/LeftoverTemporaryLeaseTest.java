package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SharedRegion.open} removes abandoned temporary files without ever closing a descriptor of a file this JVM
 * holds a lease on (POSIX would drop every lock of the process on it): a hard link left by a creator killed between
 * link(2) and unlink(2), and a live region that happens to be named like a temporary, keep this JVM alive in the eyes
 * of other processes, and no other process takes over a wide value's lock that a thread here is inside.
 */
class LeftoverTemporaryLeaseTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldKeepOurLeaseWhenACreatorLeftAHardLinkNamedLikeATemporary() throws Exception
    {
        final Path path = tempDir.resolve("orders.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final long token = region.ownerToken();
            assertEquals(token + "=alive", LeaseProbe.seenByAnotherProcess(path, token), "baseline");
            // What a creator killed between Files.createLink(path, temporary) and Files.delete(temporary) leaves behind.
            final Path leftover = tempDir.resolve(".orders.region.424242.deadbeef.creating");
            Files.createLink(leftover, path);
            // Any later open of the same path in this JVM (a second SharedRegion object, e.g. per request).
            try (SharedRegion second = SharedRegion.open(path))
            {
                assertTrue(region.isOwnerAlive(token), "this JVM still believes it holds the lease");
                assertEquals(token, second.ownerToken());
                final String seen = LeaseProbe.seenByAnotherProcess(path, token);
                assertEquals(token + "=alive", seen, "another process must see this live JVM alive; it saw " + seen);
            }
        }
    }

    @Test
    void shouldNeverDeleteARegionWeHaveOpenThatIsNamedLikeATemporary() throws Exception
    {
        final Path victim = tempDir.resolve(".a.b.creating");
        try (SharedRegion region = SharedRegion.open(victim))
        {
            final long token = region.ownerToken();
            try (SharedRegion other = SharedRegion.open(tempDir.resolve("a")))
            {
                assertTrue(other.byteLength() > 0);
                assertTrue(Files.exists(victim), "opening region 'a' deleted the live region file " + victim);
                assertEquals(token + "=alive", LeaseProbe.seenByAnotherProcess(victim, token));
            }
        }
    }

    @Test
    void shouldNeverLetAnotherProcessTakeOverOurWideLockWhenOpenLooksAtTemporaries() throws Exception
    {
        final Path path = tempDir.resolve("wide.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedWideBytes wide = region.sharedWideBytes("w", 64, new byte[0]);
            final CountDownLatch inside = new CountDownLatch(1);
            final CountDownLatch leave = new CountDownLatch(1);
            final Thread writer = new Thread(() -> wide.updateAndGet(v ->
            {
                inside.countDown();
                try
                {
                    leave.await(60, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    throw new IllegalStateException(ex);
                }
                return new byte[]{1};
            }));
            writer.start();
            assertTrue(inside.await(30, TimeUnit.SECONDS));
            try (ChildJvm child = ChildJvm.start(LeaseProbeChildMain.class, "write", path.toString(), "w"))
            {
                child.awaitOutput("writing", Duration.ofMinutes(2));
                Thread.sleep(500);
                assertFalse(child.stdoutSoFar().contains("written"), "baseline: the child waits for our writer");
                Files.createLink(tempDir.resolve(".wide.region.424242.deadbeef.creating"), path);
                SharedRegion.open(path).close();
                Thread.sleep(1_000);
                final boolean tookOver = child.stdoutSoFar().contains("written");
                leave.countDown();
                writer.join();
                assertFalse(tookOver, "another process took over the wide value's lock and published while our writer was inside its update");
            }
        }
    }
}
