package io.sharedatomic.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedRegion;

/**
 * Region files for the stress tests: on {@code /dev/shm} when it exists (tmpfs, so nothing reaches a disk), else in
 * {@code java.io.tmpdir}, and unlinked as soon as they are mapped.
 */
final class StressRegions
{
    private static final Path SHM = Path.of("/dev/shm");

    private StressRegions()
    {
    }

    /**
     * Creates a new region file, maps it and removes its name at once. The mapping outlives the name, and no file is
     * left behind even when jcstress kills a fork that timed out.
     *
     * @param label part of the file name, for whoever lists the directory meanwhile.
     * @param spec  shape of the region.
     * @return the open region, private to this JVM.
     */
    static SharedRegion create(final String label, final RegionSpec spec)
    {
        final Path directory = Files.isDirectory(SHM) && Files.isWritable(SHM) ? SHM : Path.of(System.getProperty("java.io.tmpdir"));
        // A random part as well as the pid: open() would attach to a file left by an earlier JVM with the same pid.
        final Path file = directory.resolve("shared-atomic-jcstress-" + label + "-" + ProcessHandle.current().pid() + "-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".region");
        final SharedRegion region = SharedRegion.open(file, spec);
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove " + file, ex);
        }
        return region;
    }
}
