package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path unlinked between attach's open and its look at what it opened: the descriptor is neither leaked (to be
 * closed by a GC later, which would drop a lease taken on the file meanwhile) nor kept.
 */
class UnlinkDuringAttachTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldLeakNoDescriptorAndKeepTheLeaseWhenThePathIsUnlinkedDuringAttach() throws Exception
    {
        final Path a = tempDir.resolve("a.region");
        SharedRegion.open(a).close();
        final Object key = Files.readAttributes(a, BasicFileAttributes.class).fileKey();
        final Path p = tempDir.resolve("p.region");
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread toggler = new Thread(() ->
        {
            try
            {
                while (!stop.get())
                {
                    Files.createLink(p, a);
                    Files.delete(p);
                }
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        toggler.setDaemon(true);
        toggler.start();
        long leaked = 0;
        final long end = System.nanoTime() + 4_000_000_000L;
        while (System.nanoTime() < end && leaked == 0)
        {
            for (int i = 0; i < 200; i++)
            {
                try (SharedRegion r = SharedRegion.attach(p))
                {
                    r.isClosed();
                }
                catch (final RuntimeException ex)
                {
                    // no such file: expected most of the time
                }
            }
            leaked = LeaseProbe.descriptorsOf(key);
        }
        stop.set(true);
        toggler.join();
        final long leakedBeforeLease = leaked;
        // Now this JVM takes a lease on the same inode through its one proper descriptor ...
        try (SharedRegion region = SharedRegion.attach(a))
        {
            final long token = region.ownerToken();
            // ... and a GC runs the JDK cleaner of the leaked FileChannel, which closes the second descriptor.
            for (int i = 0; i < 10; i++)
            {
                System.gc();
                Thread.sleep(50);
            }
            final String seen = ChildJvm.start(LeaseProbeChildMain.class, "probe", a.toString(), Long.toString(token))
                .await(Duration.ofMinutes(2)).assertSuccess().stdout().trim();
            assertEquals(0, leakedBeforeLease, "descriptors of " + a + " left open with no view: " + leakedBeforeLease + "; lease after GC: " + seen);
            assertEquals(token + "=alive", seen);
        }
    }
}
