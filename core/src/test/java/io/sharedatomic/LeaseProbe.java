package io.sharedatomic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.stream.Stream;

import io.sharedatomic.testkit.ChildJvm;

/**
 * What the lease tests look at from outside the library: whether another process sees a token alive, and how many
 * descriptors of a file this JVM has open.
 */
final class LeaseProbe
{
    private LeaseProbe()
    {
    }

    /**
     * Asks a new JVM, which attaches the region read-only, whether the owner of {@code token} is alive.
     *
     * @return {@code "TOKEN=alive"} or {@code "TOKEN=dead"}.
     */
    static String seenByAnotherProcess(final Path path, final long token) throws Exception
    {
        return ChildJvm.start(LeaseProbeChildMain.class, "probe", path.toString(), Long.toString(token)).await(Duration.ofMinutes(2))
            .assertSuccess().stdout().strip();
    }

    /**
     * @param fileKey a file's key ({@link BasicFileAttributes#fileKey()}).
     * @return how many descriptors of that file this JVM has open.
     */
    static long descriptorsOf(final Object fileKey) throws IOException
    {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd")))
        {
            return descriptors.filter(descriptor ->
            {
                try
                {
                    return fileKey.equals(Files.readAttributes(descriptor, BasicFileAttributes.class).fileKey());
                }
                catch (final IOException ex)
                {
                    // Closed while we looked (the listing's own descriptor among them).
                    return false;
                }
            }).count();
        }
    }
}
