package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first {@code ownerToken()} while another thread of this JVM asks whether the next token's owner lives (a shared
 * lock on that byte, which the JDK's lock table reports as overlapping): the token is taken, never an exception.
 */
class OwnerTokenProbeRaceTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldTakeTheFirstTokenWhileAnotherThreadProbesTheNextOne() throws Exception
    {
        final long end = System.nanoTime() + 5_000_000_000L;
        int regions = 0;
        while (System.nanoTime() < end)
        {
            final Path path = tempDir.resolve("o" + regions++ + ".region");
            try (SharedRegion region = SharedRegion.open(path))
            {
                final AtomicBoolean stop = new AtomicBoolean();
                final Thread prober = new Thread(() ->
                {
                    while (!stop.get())
                    {
                        region.isOwnerAlive(1);
                    }
                });
                prober.start();
                Thread.sleep(1);
                try
                {
                    region.ownerToken();
                }
                catch (final OverlappingFileLockException ex)
                {
                    fail("ownerToken() threw " + ex + " on region #" + regions + " because another thread was probing token 1");
                }
                finally
                {
                    stop.set(true);
                    prober.join();
                }
            }
        }
    }
}
