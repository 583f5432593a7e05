package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path atomically swapped between files (rename(2), as a deployment that replaces a region file does) while this
 * JVM attaches it: the descriptor that attach opened is identified by itself, not by the path; one of a file this JVM
 * holds a lease on is kept (closing it would drop the lease) until that file's last close, and the table never serves
 * one file for another.
 */
class PathSwapRaceTest
{
    /** Attaches tried while the path is swapped: each lost race may keep a descriptor open until the end. */
    private static final long MAX_TRIES = 5_000;

    @TempDir
    Path tempDir;

    @Test
    void shouldKeepTheLeaseWhenThePathIsSwappedToALeasedFileDuringAttach() throws Exception
    {
        final Path a = tempDir.resolve("a.region");
        final Path b = tempDir.resolve("b.region");
        SharedRegion.open(a).close();
        final Path p = tempDir.resolve("p.region");
        try (SharedRegion leased = SharedRegion.open(b))
        {
            final long token = leased.ownerToken();
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong swaps = new AtomicLong();
            Files.createLink(p, a);
            final Thread swapper = startSwapping(p, a, b, stop, swaps);
            long attaches = 0;
            long tries = 0;
            // Each lost race leaves one descriptor of b open until b's last close (closing it would drop this JVM's
            // fcntl lock on b): bounded here by time and by count, so that a fast machine stays far below the
            // descriptor limit (a CI run on Temurin 25 reached it at 20,000).
            final long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end && tries++ < MAX_TRIES)
            {
                try (SharedRegion r = SharedRegion.attach(p))
                {
                    attaches += r.isClosed() ? 0 : 1;
                }
                catch (final RuntimeException ex)
                {
                    // "keeps being replaced" or a vanished link: fine, keep going
                }
            }
            stop.set(true);
            swapper.join();
            final String seen = ChildJvm.start(LeaseProbeChildMain.class, "probe", b.toString(), Long.toString(token))
                .await(Duration.ofMinutes(2)).assertSuccess().stdout().trim();
            assertEquals(token + "=alive", seen, "after " + attaches + " attaches and " + swaps.get() + " swaps, this live JVM's lease on " +
                b + " is seen as: " + seen);
        }
        final Object bKey = Files.readAttributes(b, BasicFileAttributes.class).fileKey();
        assertEquals(0, LeaseProbe.descriptorsOf(bKey), "every descriptor of b kept during the races is closed with b's last region");
    }

    @Test
    void shouldNeverServeOneFileForAnotherWhileThePathIsSwappedBackAndForth() throws Exception
    {
        final Path a = tempDir.resolve("a.region");
        final Path b = tempDir.resolve("b.region");
        try (SharedRegion ra = SharedRegion.open(a); SharedRegion rb = SharedRegion.open(b))
        {
            ra.sharedLong("who", 1);
            rb.sharedLong("who", 2);
        }
        final Path p = tempDir.resolve("p.region");
        Files.createLink(p, a);
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread swapper = startSwapping(p, a, b, stop, new AtomicLong());
        String wrong = null;
        long attaches = 0;
        try
        {
            final long end = System.nanoTime() + 6_000_000_000L;
            while (System.nanoTime() < end && wrong == null)
            {
                try (SharedRegion viaP = SharedRegion.attach(p); SharedRegion viaA = SharedRegion.attach(a))
                {
                    attaches++;
                    final long who = viaA.sharedLong("who").get();
                    if (who != 1 || viaP.isClosed())
                    {
                        wrong = "attach(" + a + ") served the memory of " + b + " (who=" + who + ") after " + attaches + " attaches";
                    }
                }
                catch (final RuntimeException ex)
                {
                    // keeps being replaced / vanished link: keep going
                }
            }
        }
        finally
        {
            stop.set(true);
            swapper.join();
        }
        if (wrong != null)
        {
            fail(wrong);
        }
    }

    /**
     * Points {@code p} at {@code b}, then {@code a}, and so on, each time with one atomic rename of a fresh hard link,
     * until {@code stop} is set.
     */
    private Thread startSwapping(final Path p, final Path a, final Path b, final AtomicBoolean stop, final AtomicLong swaps)
    {
        final Thread swapper = new Thread(() ->
        {
            try
            {
                for (int i = 0; !stop.get(); i++)
                {
                    final Path link = tempDir.resolve("tmp");
                    Files.createLink(link, (i & 1) == 0 ? b : a);
                    Files.move(link, p, StandardCopyOption.ATOMIC_MOVE);
                    swaps.incrementAndGet();
                }
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        swapper.setDaemon(true);
        swapper.start();
        return swapper;
    }
}
