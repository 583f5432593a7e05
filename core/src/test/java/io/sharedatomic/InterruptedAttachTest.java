package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupted threads that attach again (header read through the shared descriptor), probe liveness, take the first
 * lease and wait for a wide value's lock never close the shared descriptor, so the lease stays.
 */
class InterruptedAttachTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldKeepTheLeaseWhenInterruptedThreadsAttachProbeAndWrite() throws Exception
    {
        final Path path = tempDir.resolve("int.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final long[] token = new long[1];
            final Thread thread = new Thread(() ->
            {
                try
                {
                    Thread.currentThread().interrupt();
                    token[0] = region.ownerToken();
                    Thread.currentThread().interrupt();
                    try (SharedRegion again = SharedRegion.attach(path))
                    {
                        Thread.currentThread().interrupt();
                        again.isOwnerAlive(token[0] + 5);
                        Thread.currentThread().interrupt();
                        again.sharedWideBytes("w", 64, new byte[0]).set(new byte[]{1, 2, 3});
                    }
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            });
            thread.start();
            thread.join();
            if (failure.get() != null)
            {
                throw new AssertionError(failure.get());
            }
            final String seen = ChildJvm.start(LeaseProbeChildMain.class, "probe", path.toString(), Long.toString(token[0]))
                .await(Duration.ofMinutes(2)).assertSuccess().stdout().trim();
            assertEquals(token[0] + "=alive", seen);
        }
    }
}
