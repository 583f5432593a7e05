package io.sharedatomic.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scratch directories for fixtures, demos and harnesses: made on {@code /dev/shm} where it exists (memory, as the
 * regions users share), else in the temporary directory, and deleted with everything in them.
 */
public final class ScratchDirectory
{
    private ScratchDirectory()
    {
    }

    /**
     * @param prefix the start of its name.
     * @return a new, empty directory.
     * @throws IOException if it cannot be made.
     */
    public static Path create(final String prefix) throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        return Files.createTempDirectory(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")), prefix);
    }

    /**
     * Deletes a directory and everything in it, as far as it can: a leftover in a scratch place harms nothing, so a
     * caller's clean-up never fails on it.
     *
     * @param root the directory (or file); nothing happens if it is gone.
     */
    public static void delete(final Path root)
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(root))
        {
            final List<Path> deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
            for (final Path file : deepestFirst)
            {
                Files.deleteIfExists(file);
            }
        }
        catch (final IOException | UncheckedIOException ex)
        {
            // Best effort, as documented.
        }
    }
}
