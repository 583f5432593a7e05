package io.sharedatomic.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where benchmark files live, and the plain-JDK mappings the baselines use.
 *
 * <p>Files go to {@code -Dshared.atomic.benchmarks.dir} if set, else {@code /dev/shm} (memory-backed, as a shared
 * region usually is, so no disk write-back disturbs the numbers), else {@code java.io.tmpdir}.
 */
final class BenchFiles
{
    /** System property naming the directory for benchmark files. */
    static final String DIRECTORY_PROPERTY = "shared.atomic.benchmarks.dir";

    private BenchFiles()
    {
    }

    /**
     * @return the directory benchmark files are created in.
     */
    static Path directory()
    {
        final String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank())
        {
            return Path.of(configured);
        }
        final Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * @param prefix start of the file name.
     * @return a path that does not exist yet, unique to this process.
     */
    static Path newPath(final String prefix)
    {
        return directory().resolve(prefix + "-" + ProcessHandle.current().pid() + "-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".region");
    }

    /**
     * Creates a file of {@code length} zero bytes, every byte written as a region file's are.
     *
     * @param path   file to create; must not exist.
     * @param length bytes.
     */
    static void createZeroed(final Path path, final long length)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            final ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long written = 0; written < length; )
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - written));
                written += channel.write(zeros, written);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Creates a file of {@code length} zero bytes, as {@link #createZeroed}, and maps it.
     *
     * @param path   file to create; must not exist.
     * @param length bytes.
     * @return the read-write mapping, in native byte order.
     */
    static MappedByteBuffer createAndMap(final Path path, final long length)
    {
        createZeroed(path, length);
        return map(path, length);
    }

    /**
     * Maps an existing file read-write.
     *
     * @param path   the file.
     * @param length bytes to map.
     * @return the mapping, in native byte order.
     */
    static MappedByteBuffer map(final Path path, final long length)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            return (MappedByteBuffer)channel.map(FileChannel.MapMode.READ_WRITE, 0, length).order(ByteOrder.nativeOrder());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Deletes a file if it exists; a benchmark's tear-down never fails on it.
     *
     * @param path the file, or null.
     */
    static void delete(final Path path)
    {
        if (path == null)
        {
            return;
        }
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            System.err.println("could not delete " + path + ": " + ex);
        }
    }
}
