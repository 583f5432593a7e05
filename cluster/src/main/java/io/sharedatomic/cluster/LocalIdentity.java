package io.sharedatomic.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

import io.sharedatomic.SharedRegion;

/**
 * What identifies a region's file in this process, whatever path or {@code SharedRegion} object reached it: its
 * device and inode; a region in memory is its own identity. A bridge runs once per process for a file and name.
 */
final class LocalIdentity
{
    private LocalIdentity()
    {
    }

    static Object of(final SharedRegion region)
    {
        final Optional<Path> path = region.path();
        if (path.isEmpty())
        {
            return region;
        }
        try
        {
            final Object key = Files.readAttributes(path.get(), BasicFileAttributes.class).fileKey();
            return key == null ? path.get().toRealPath() : key;
        }
        catch (final IOException ex)
        {
            return path.get().toAbsolutePath().normalize();
        }
    }
}
