package io.sharedatomic.internal;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.sharedatomic.RegionFormatException;

/**
 * Creates, attaches and releases region files: the only code that opens, maps or closes them. One
 * {@link RegionFile} per file (device and inode) is shared by every view of it in this JVM; see there for why.
 *
 * <p>Every operation here is an admin path and runs under one JVM-wide lock, except writing a new file's zeros.
 */
public final class RegionFiles
{
    /** Guards the table and every {@link RegionFile}'s fields. */
    static final Object LOCK = new Object();
    /** Releases views that were never closed and mappings nobody can reach, off the threads that use them. */
    static final Cleaner CLEANER = Cleaner.create();

    private static final Map<Object, RegionFile> OPEN = new HashMap<>();
    /** Temporary files this JVM is creating right now: never "abandoned", whatever a lock probe says. */
    private static final Set<Path> CREATING = new HashSet<>();
    private static final String TEMPORARY_SUFFIX = ".creating";

    private RegionFiles()
    {
    }

    /**
     * Attaches to an existing region file: validates its header through the descriptor it maps, reuses this JVM's
     * mapping of the file when there is one, and never writes.
     *
     * @param path        region file (a symlink is followed).
     * @param readOnly    whether the view refuses writes; then only read permission is needed.
     * @param description the path as the caller named it, for messages.
     * @return a new view of the region.
     * @throws IOException           if the file cannot be opened or mapped ({@link NoSuchFileException},
     *                               {@link AccessDeniedException} among others).
     * @throws RegionFormatException if it is not a valid region.
     */
    public static RegionMemory attach(final Path path, final boolean readOnly, final String description) throws IOException
    {
        synchronized (LOCK)
        {
            for (int attempt = 1; ; attempt++)
            {
                final Object key = fileKey(path);
                RegionFile file = OPEN.get(key);
                // A file whose last view is being released still has its descriptor and lease: reuse them.
                final Opened opened = file == null || file.channel == null ? openChannel(path, readOnly) : null;
                if (opened != null && !key.equals(fileKey(path)))
                {
                    // The path was pointed at another file between our two looks: look again.
                    closeQuietly(opened.channel);
                    if (attempt == 10)
                    {
                        throw new FileSystemException(path.toString(), null, "keeps being replaced while it is attached");
                    }
                    continue;
                }
                if (file == null)
                {
                    file = new RegionFile(key, description);
                    OPEN.put(key, file);
                }
                if (opened != null)
                {
                    file.channel = opened.channel;
                    file.channelWritable = opened.writable;
                }
                try
                {
                    return newView(file, path, readOnly, description);
                }
                catch (final IOException | RuntimeException ex)
                {
                    if (opened != null)
                    {
                        // Nothing of ours holds a lock on the file yet: closing drops nothing.
                        file.closeDescriptors();
                        forgetIfUnused(file);
                    }
                    throw ex;
                }
            }
        }
    }

    private static RegionMemory newView(final RegionFile file, final Path path, final boolean readOnly, final String description)
        throws IOException
    {
        FileChannel channel = file.channel;
        if (!readOnly && !file.channelWritable)
        {
            channel = writableLaterChannel(file, path);
        }
        final RegionDescriptor.Shape shape = readShape(channel, description);
        RegionFile.Mapping mapping = file.mapping(!readOnly);
        if (mapping == null || mapping.length() != shape.regionLength())
        {
            // Read-write when the descriptor allows, even for a read-only view, so a later read-write view reuses it.
            final boolean writable = !readOnly || channel == file.channel && file.channelWritable;
            mapping = map(file, channel, shape.regionLength(), !writable);
        }
        if (file.views++ == 0)
        {
            file.epoch++;
        }
        return view(file, mapping, shape, readOnly, description);
    }

    private static FileChannel writableLaterChannel(final RegionFile file, final Path path) throws IOException
    {
        if (!file.laterChannels.isEmpty())
        {
            return file.laterChannels.get(file.laterChannels.size() - 1);
        }
        // This JVM has the file open read-only only; a read-write view needs a read-write descriptor too. It stays
        // open until the last view closes, since closing it would drop the locks taken through the other.
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        NativeMemory.keepOpenOnInterrupt(channel);
        file.laterChannels.add(channel);
        return channel;
    }

    private static RegionDescriptor.Shape readShape(final FileChannel channel, final String description) throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(RegionDescriptor.HEADER_LENGTH);
        while (header.hasRemaining() && channel.read(header, header.position()) > 0)
        {
            // read until the header is complete or the file ends
        }
        header.flip();
        final RegionDescriptor.Shape shape = RegionDescriptor.checkHeader(header, channel.size(), description);
        if (shape.regionLength() % NativeMemory.pageSize() != 0)
        {
            throw new RegionFormatException(description + " is " + shape.regionLength() + " bytes, not a multiple of this platform's " +
                "page size " + NativeMemory.pageSize() + "; it was created on another platform");
        }
        return shape;
    }

    private static RegionFile.Mapping map(final RegionFile file, final FileChannel channel, final long length, final boolean readOnly)
        throws IOException
    {
        final long address = NativeMemory.map(channel, length, readOnly);
        final RegionFile.Mapping mapping = new RegionFile.Mapping(address, length, !readOnly);
        file.setMapping(mapping);
        // Runs once no view or handle can reach the mapping, so no thread can be touching it.
        CLEANER.register(mapping, () -> unmap(file, address, length));
        return mapping;
    }

    private static void unmap(final RegionFile file, final long address, final long length)
    {
        try
        {
            NativeMemory.unmap(address, length);
        }
        catch (final IOException ex)
        {
            // munmap of a mapping we made cannot fail short of a JVM bug; there is nobody to tell on this thread.
        }
        synchronized (LOCK)
        {
            file.liveMappings--;
            forgetIfUnused(file);
        }
    }

    private static RegionMemory view(final RegionFile file, final RegionFile.Mapping mapping, final RegionDescriptor.Shape shape,
        final boolean readOnly, final String description)
    {
        return new RegionMemory(mapping.address(), shape, readOnly, description, mapping, file, () -> release(file));
    }

    /**
     * One view of the file is gone: closed, or collected without being closed. The last one gives up the lease and
     * closes the descriptor, after this JVM's writers that hold a lock under the lease have finished.
     */
    private static void release(final RegionFile file)
    {
        final long epoch;
        synchronized (LOCK)
        {
            if (--file.views > 0)
            {
                return;
            }
            epoch = file.epoch;
        }
        // Outside the lock: a writer may be running user code that attaches a region.
        file.awaitOwnedWordsReleased();
        synchronized (LOCK)
        {
            // Re-attached meanwhile: the new views keep the descriptor and lease, and their last release ends them.
            if (file.views == 0 && file.epoch == epoch)
            {
                file.closeDescriptors();
                forgetIfUnused(file);
            }
        }
    }

    private static void forgetIfUnused(final RegionFile file)
    {
        if (file.views == 0 && file.liveMappings == 0 && file.channel == null && OPEN.get(file.key) == file)
        {
            OPEN.remove(file.key);
        }
    }

    /**
     * Creates a region file: written completely under a temporary name that is created with its final permissions,
     * then linked to {@code path} atomically, so the path shows a complete region or nothing and an existing file or
     * symlink wins.
     *
     * @param path        where the region goes; must not exist.
     * @param shape       its validated shape.
     * @param permissions the file's mode, applied exactly.
     * @param description the path as the caller named it, for messages.
     * @return a view of the new region.
     * @throws java.nio.file.FileAlreadyExistsException if something exists at {@code path}.
     * @throws IOException                              if the file cannot be created, written or mapped.
     */
    public static RegionMemory create(final Path path, final RegionDescriptor.Shape shape, final Set<PosixFilePermission> permissions,
        final String description) throws IOException
    {
        final Path absolute = path.toAbsolutePath();
        final Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "." +
            Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMPORARY_SUFFIX);
        synchronized (LOCK)
        {
            CREATING.add(temporary);
        }
        FileChannel channel = null;
        long address = 0;
        boolean registered = false;
        try
        {
            channel = createExclusive(temporary, permissions);
            NativeMemory.keepOpenOnInterrupt(channel);
            // Marks the file as being created by a live process, so that a later open removes it only once we died.
            // Blocking: another process's probe may hold a shared lock on the byte for an instant.
            final FileLock creating = channel.lock(LeaseDescriptor.CREATOR_LOCK_OFFSET, 1, false);
            // Write every byte rather than leave a sparse file: a full disk fails here, not later as SIGBUS on a page.
            final ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long written = 0; written < shape.regionLength(); )
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), shape.regionLength() - written));
                written += channel.write(zeros, written);
            }
            address = NativeMemory.map(channel, shape.regionLength(), false);
            RegionDescriptor.writeHeader(address, shape);
            synchronized (LOCK)
            {
                final Object key = fileKey(temporary);
                // Atomic and exclusive: the path shows a complete region or nothing, and an existing file or symlink wins.
                Files.createLink(path, temporary);
                Files.delete(temporary);
                creating.release();
                final RegionFile file = new RegionFile(key, description);
                file.channel = channel;
                file.channelWritable = true;
                OPEN.put(key, file);
                final RegionFile.Mapping mapping = new RegionFile.Mapping(address, shape.regionLength(), true);
                file.setMapping(mapping);
                final long mappedAddress = address;
                CLEANER.register(mapping, () -> unmap(file, mappedAddress, shape.regionLength()));
                registered = true;
                file.views = 1;
                file.epoch = 1;
                return view(file, mapping, shape, false, description);
            }
        }
        finally
        {
            if (!registered)
            {
                if (address != 0)
                {
                    NativeMemory.unmap(address, shape.regionLength());
                }
                if (channel != null)
                {
                    closeQuietly(channel);
                }
                Files.deleteIfExists(temporary);
            }
            synchronized (LOCK)
            {
                CREATING.remove(temporary);
            }
        }
    }

    private static FileChannel createExclusive(final Path temporary, final Set<PosixFilePermission> permissions) throws IOException
    {
        // CREATE_NEW is O_EXCL, which never follows a symlink; the mode goes into open(2) itself, so the file never
        // exists with a wider mode than asked for (the umask can only narrow it, and is undone right after).
        final Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        final boolean posix = temporary.getFileSystem().supportedFileAttributeViews().contains("posix");
        final FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(permissions)} :
            new FileAttribute<?>[0];
        final FileChannel channel = FileChannel.open(temporary, options, attributes);
        if (posix)
        {
            Files.setPosixFilePermissions(temporary, permissions);
        }
        return channel;
    }

    /**
     * Removes the temporary files of creators of {@code path} that died before finishing: a live creator holds a
     * lock on its file, which the kernel drops when it dies. Files this process cannot open are left alone.
     *
     * @param path a region path about to be opened.
     */
    public static void removeAbandonedTemporaries(final Path path)
    {
        final Path absolute = path.toAbsolutePath();
        final Path directory = absolute.getParent();
        if (directory == null || absolute.getFileName() == null)
        {
            return;
        }
        final String prefix = "." + absolute.getFileName() + ".";
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(directory,
            entry -> entry.getFileName().toString().startsWith(prefix) && entry.getFileName().toString().endsWith(TEMPORARY_SUFFIX)))
        {
            for (final Path candidate : candidates)
            {
                synchronized (LOCK)
                {
                    if (!CREATING.contains(candidate) && isAbandoned(candidate))
                    {
                        Files.deleteIfExists(candidate);
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            // An unreadable directory or a file that just went away: cleaning up is a courtesy, never a reason to fail.
        }
    }

    private static boolean isAbandoned(final Path temporary)
    {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))
        {
            final FileLock probe = channel.tryLock(LeaseDescriptor.CREATOR_LOCK_OFFSET, 1, true);
            if (probe == null)
            {
                return false;
            }
            probe.release();
            return true;
        }
        catch (final IOException | OverlappingFileLockException ex)
        {
            return false;
        }
    }

    private static Opened openChannel(final Path path, final boolean readOnly) throws IOException
    {
        FileChannel channel;
        boolean writable = true;
        try
        {
            // Read-write even for a read-only view when permitted: this JVM keeps one descriptor per file, and a
            // later read-write view of it will need to lock through that one.
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        catch (final FileSystemException ex)
        {
            // No write permission (AccessDeniedException), or a read-only file system.
            if (!readOnly || ex instanceof NoSuchFileException)
            {
                throw ex;
            }
            channel = FileChannel.open(path, StandardOpenOption.READ);
            writable = false;
        }
        NativeMemory.keepOpenOnInterrupt(channel);
        return new Opened(channel, writable);
    }

    private record Opened(FileChannel channel, boolean writable)
    {
    }

    private static Object fileKey(final Path path) throws IOException
    {
        final Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        // Only file systems without inodes lack a key; there the real path is the best identity there is.
        return key != null ? key : path.toRealPath().toString();
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            // Nothing was written through it that could be lost.
        }
    }
}
