package io.sharedatomic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect --watch} follows its path as a service deletes, recreates and damages the region under it: it shows
 * the new file, and stops with one line and status 2 when the file is gone or truncated, never with a stack trace.
 */
class FollowTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tempDir;

    @Test
    void shouldFollowARecreatedRegionAndStopWhenItIsDeleted() throws Exception
    {
        final Path path = tempDir.resolve("desk.region");
        create(path, 42);
        try (ChildJvm watch = ChildJvm.start(SharedAtomicCli.class, "inspect", "--watch", "0.05", path.toString()))
        {
            watch.awaitOutput("orders.sent  LONG", TIMEOUT);
            // Replaced while the watcher is stopped (SIGSTOP), so that no poll falls between the delete and the create
            // and takes the region for deleted.
            watch.stop();
            Files.delete(path);
            create(path, 777);
            watch.resume();
            watch.awaitOutput(" 777\n", TIMEOUT);
            Files.delete(path);
            final ChildJvm.Result result = watch.await(TIMEOUT);
            assertEquals(ExitCodes.NOT_A_REGION, result.exitCode(), result.toString());
            assertEquals("shared-atomic inspect: " + path + " was deleted\n", result.stderr());
        }
    }

    @Test
    void shouldStopWithOneLineWhenTheRegionIsTruncatedUnderIt() throws Exception
    {
        final Path path = tempDir.resolve("desk.region");
        create(path, 42);
        try (ChildJvm watch = ChildJvm.start(SharedAtomicCli.class, "inspect", "--watch", "0.05", path.toString()))
        {
            watch.awaitOutput("orders.sent  LONG", TIMEOUT);
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
            {
                channel.truncate(0);
            }
            final ChildJvm.Result result = watch.await(TIMEOUT);
            assertEquals(ExitCodes.NOT_A_REGION, result.exitCode(), result.toString());
            assertEquals(1, result.stderr().lines().count(), result.stderr());
            assertTrue(result.stderr().startsWith("shared-atomic inspect: the region file was truncated or damaged while it was mapped ("),
                result.stderr());
        }
    }

    private static void create(final Path path, final long value)
    {
        try (SharedRegion region = SharedRegion.open(path))
        {
            region.sharedLong("orders.sent", value);
        }
    }
}
