package io.sharedatomic.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

import io.sharedatomic.SharedLongArray;
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

    /**
     * The region a bridge writes through: its own view of the file (so the caller may close its region first), or the
     * region itself when it is in memory.
     *
     * @param region a region.
     * @param what   the bridge, for messages.
     * @return the view, to close when the bridge ends.
     * @throws IllegalArgumentException if the region is read-only.
     */
    static View view(final SharedRegion region, final String what)
    {
        if (region.isReadOnly())
        {
            throw new IllegalArgumentException(what + " writes to the region: " + region + " is read-only; open it with SharedRegion.open or attach");
        }
        final Optional<Path> path = region.path();
        return path.isEmpty() ? new View(region, false) : new View(SharedRegion.attach(path.get()), true);
    }

    /**
     * A bridge's region.
     *
     * @param region the region.
     * @param own    whether the bridge opened it, and closes it.
     */
    record View(SharedRegion region, boolean own)
    {
        void close()
        {
            if (own)
            {
                region.close();
            }
        }
    }

    /**
     * Claims words for a cluster prefix and name (a hash of both, never 0), or checks that they are claimed for them:
     * one local name of two prefixes must not share words.
     *
     * @throws IllegalArgumentException if another prefix or name holds them.
     */
    static void claim(final SharedLongArray words, final int index, final String prefix, final String name, final String what)
    {
        final long fingerprint = fingerprint(prefix + "\u0000" + name);
        final long found = words.compareAndExchange(index, 0, fingerprint);
        if (found != 0 && found != fingerprint)
        {
            throw new IllegalArgumentException(what + " already belongs to another cluster prefix than " + prefix +
                " (or another value): give it another name, or use another region");
        }
    }

    private static long fingerprint(final String text)
    {
        // FNV-1a, 64 bits, over UTF-16 units; 0 is reserved for "not claimed".
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++)
        {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash == 0 ? 1 : hash;
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
