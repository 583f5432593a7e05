package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.layout.RegionFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not regular files never block a region operation: a FIFO named like a temporary file of a region
 * (anyone who may write {@code /dev/shm} can plant one) is left alone by {@code SharedRegion.open}, and a FIFO at a
 * region's path gives a clear exception at once. An open(2) of a FIFO for reading would wait for a writer for ever.
 */
class FifoTemporaryTest
{
    @TempDir
    Path tempDir;

    private Path fifo(final String name) throws Exception
    {
        final Path fifo = tempDir.resolve(name);
        final Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        return fifo;
    }

    @Test
    void shouldLeaveAFifoNamedLikeATemporaryAloneAndNotBlock() throws Exception
    {
        final Path fifo = fifo(".victim.region.1.abc.creating");
        final CompletableFuture<Long> opened = CompletableFuture.supplyAsync(() ->
        {
            try (SharedRegion region = SharedRegion.open(tempDir.resolve("victim.region")))
            {
                return region.sharedLong("n", 5).get();
            }
        });
        opened.get(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS), "a file that is not ours to judge is left alone");
    }

    @Test
    void shouldRefuseAFifoAtARegionPathAtOnce() throws Exception
    {
        final Path fifo = fifo("pipe.region");
        final CompletableFuture<RegionFormatException> attached = CompletableFuture.supplyAsync(() ->
            assertThrows(RegionFormatException.class, () -> SharedRegion.attach(fifo)));
        assertTrue(attached.get(30, TimeUnit.SECONDS).getMessage().contains("not a regular file"));
        final CompletableFuture<RegionFormatException> readOnly = CompletableFuture.supplyAsync(() ->
            assertThrows(RegionFormatException.class, () -> SharedRegion.attachReadOnly(fifo)));
        assertTrue(readOnly.get(30, TimeUnit.SECONDS).getMessage().contains("not a regular file"));
    }
}
