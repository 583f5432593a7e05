package io.sharedatomic.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.sharedatomic.layout.LeaseDescriptor;
import io.sharedatomic.layout.RegionDescriptor;
import io.sharedatomic.layout.RegionFormatException;

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
    /** Temporary files this JVM is creating right now, by path and by file key: never "abandoned". */
    private static final Set<Object> CREATING = new HashSet<>();
    /** Descriptors of unknown files on which this JVM holds locks: never closed (see {@link #discard}). */
    private static final List<FileChannel> KEPT_OPEN = new ArrayList<>();
    private static final String TEMPORARY_SUFFIX = ".creating";
    private static final int OPEN_ATTEMPTS = 10;

    private RegionFiles()
    {
    }

    /**
     * Attaches to an existing region file: validates its header through the descriptor it maps, reuses this JVM's
     * descriptor and mapping of the file when there are some, and never writes.
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
        for (int attempt = 1; ; attempt++)
        {
            final Object key = keyOf(requireRegularFile(Files.readAttributes(path, BasicFileAttributes.class), description), path);
            synchronized (LOCK)
            {
                final RegionFile file = OPEN.get(key);
                if (file != null && file.channel != null)
                {
                    return newView(file, path, readOnly, description);
                }
            }
            // Opened and read outside the lock: an open can block on a file swapped in, and must block nobody else.
            final Opened opened = openChannel(path, readOnly);
            boolean kept = false;
            try
            {
                final Object openedKey = identify(opened.channel, path, description);
                if (!openedKey.equals(key))
                {
                    // The path was pointed at another file between our two looks: look again.
                    if (attempt == 10)
                    {
                        throw new FileSystemException(path.toString(), null, "keeps being replaced while it is attached");
                    }
                    continue;
                }
                readShape(opened.channel, description);
                synchronized (LOCK)
                {
                    RegionFile file = OPEN.get(key);
                    if (file == null)
                    {
                        file = new RegionFile(key, description);
                        OPEN.put(key, file);
                    }
                    if (file.channel == null)
                    {
                        file.channel = opened.channel;
                        file.channelWritable = opened.writable;
                    }
                    else
                    {
                        // Another thread opened the file meanwhile; ours stays open with it, since closing any
                        // descriptor of the file would drop the locks taken through the other.
                        file.laterChannels.add(opened.channel);
                    }
                    kept = true;
                    try
                    {
                        return newView(file, path, readOnly, description);
                    }
                    catch (final IOException | RuntimeException ex)
                    {
                        if (file.views == 0 && !file.hasLocalHolders())
                        {
                            // No view, so no lease and no lock of ours on the file: closing drops nothing.
                            file.closeDescriptors();
                            forgetIfUnused(file);
                        }
                        throw ex;
                    }
                }
            }
            finally
            {
                if (!kept)
                {
                    discard(opened.channel);
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
            channel = writableLaterChannel(file, path, description);
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
            // Re-attached while the last release waited for a writer: the lease goes on.
            file.releasePending = false;
        }
        return view(file, mapping, shape, readOnly, description);
    }

    private static FileChannel writableLaterChannel(final RegionFile file, final Path path, final String description) throws IOException
    {
        final FileChannel existing = file.writableChannel();
        if (existing != null)
        {
            return existing;
        }
        // This JVM has the file open read-only only; a read-write view needs a read-write descriptor too. It stays
        // open until the last view closes, since closing it would drop the locks taken through the other.
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        NativeMemory.keepOpenOnInterrupt(channel);
        boolean kept = false;
        try
        {
            if (!identify(channel, path, description).equals(file.key))
            {
                throw new FileSystemException(path.toString(), null, "was replaced while it was being attached; attach it again");
            }
            file.laterChannels.add(channel);
            kept = true;
            return channel;
        }
        finally
        {
            if (!kept)
            {
                discard(channel);
            }
        }
    }

    /**
     * Which file an open descriptor is: asked of the descriptor itself where the platform can tell, else of the path
     * right after opening.
     */
    private static Object identify(final FileChannel channel, final Path path, final String description) throws IOException
    {
        final BasicFileAttributes attributes = NativeMemory.attributesOf(channel);
        if (attributes == null)
        {
            return keyOf(Files.readAttributes(path, BasicFileAttributes.class), path);
        }
        return keyOf(requireRegularFile(attributes, description), path);
    }

    private static BasicFileAttributes requireRegularFile(final BasicFileAttributes attributes, final String description)
    {
        if (!attributes.isRegularFile())
        {
            throw new RegionFormatException(description + " is not a shared-atomic region: it is not a regular file");
        }
        return attributes;
    }

    /**
     * Closes a descriptor that was opened but not kept, unless this JVM holds locks on its file (it was swapped in
     * under the path): closing it would drop them, so it joins that file's descriptors instead.
     */
    private static void discard(final FileChannel channel)
    {
        synchronized (LOCK)
        {
            final BasicFileAttributes attributes = NativeMemory.attributesOf(channel);
            final RegionFile owner = attributes == null ? null : OPEN.get(attributes.fileKey());
            if (owner != null && owner.channel != null)
            {
                owner.laterChannels.add(channel);
                return;
            }
            if (attributes == null && holdsLocksOf(channel))
            {
                // Its file is unknown here but this JVM holds a lock on it: keeping it open is the lesser harm.
                KEPT_OPEN.add(channel);
                return;
            }
        }
        closeQuietly(channel);
    }

    /**
     * @return true if this JVM may hold a lock anywhere on the channel's file (the JDK keeps one table per file).
     */
    private static boolean holdsLocksOf(final FileChannel channel)
    {
        return RegionFile.probe(channel, 0, Long.MAX_VALUE) == RegionFile.Probe.UNKNOWN;
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
     * closes the descriptors, at once if no thread of this JVM holds a lock word of the file, else when the last such
     * thread lets go ({@link #completePendingRelease}): so no other process takes over a lock a thread of ours still
     * holds, and a close never waits (not even one called from inside a write).
     *
     * <p>Why no thread can take a lock word after the look at the holders: a writer claims its {@link LocalLock},
     * then looks at its view's state; the closer stored the view's state before this look at the holders. Both are
     * sequentially consistent, so either the writer sees its view closed and lets go, or this look sees the writer.
     */
    private static void release(final RegionFile file)
    {
        synchronized (LOCK)
        {
            if (--file.views > 0)
            {
                return;
            }
            if (file.hasLocalHolders())
            {
                file.releasePending = true;
                return;
            }
            file.closeDescriptors();
            forgetIfUnused(file);
        }
    }

    /**
     * A thread let go of a lock word of a file whose last view is gone: end the lease if it was the last.
     *
     * @param file the file.
     */
    static void completePendingRelease(final RegionFile file)
    {
        synchronized (LOCK)
        {
            if (file.releasePending && file.views == 0 && !file.hasLocalHolders())
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
        final Path absolute = path.toAbsolutePath().normalize();
        final Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "." +
            Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMPORARY_SUFFIX);
        synchronized (LOCK)
        {
            CREATING.add(temporary);
        }
        FileChannel channel = null;
        Object createdKey = null;
        long address = 0;
        boolean registered = false;
        try
        {
            channel = createExclusive(temporary, permissions);
            NativeMemory.keepOpenOnInterrupt(channel);
            final BasicFileAttributes created = NativeMemory.attributesOf(channel);
            createdKey = created != null ? created.fileKey() : null;
            synchronized (LOCK)
            {
                if (createdKey != null)
                {
                    CREATING.add(createdKey);
                }
            }
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
            RegionMemory.writeHeader(address, shape);
            final Object key = createdKey != null ? createdKey :
                keyOf(Files.readAttributes(temporary, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), temporary);
            synchronized (LOCK)
            {
                // Atomic and exclusive: the path shows a complete region or nothing, and an existing file or symlink wins.
                Files.createLink(path, temporary);
                Files.deleteIfExists(temporary);
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
                CREATING.remove(createdKey);
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
     * lock on its file, which the kernel drops when it dies. Only regular files of this process's user named exactly
     * as a creator names them are looked at, never under the JVM-wide lock, and a file this JVM has open as a region
     * is never opened (closing the probe's descriptor would drop this JVM's locks on it).
     *
     * @param path a region path about to be opened.
     */
    public static void removeAbandonedTemporaries(final Path path)
    {
        final Path absolute = path.toAbsolutePath().normalize();
        final Path directory = absolute.getParent();
        final Object ourUid = OwnUid.VALUE;
        if (directory == null || absolute.getFileName() == null || ourUid == null)
        {
            return;
        }
        final Pattern name = Pattern.compile(Pattern.quote("." + absolute.getFileName() + ".") + "[0-9]+\\.[0-9a-f]+" +
            Pattern.quote(TEMPORARY_SUFFIX));
        final List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
            entry -> name.matcher(entry.getFileName().toString()).matches()))
        {
            entries.forEach(candidates::add);
        }
        catch (final IOException | RuntimeException ex)
        {
            // An unreadable directory: cleaning up is a courtesy, never a reason to fail.
            return;
        }
        for (final Path candidate : candidates)
        {
            try
            {
                removeIfAbandoned(candidate, ourUid);
            }
            catch (final IOException | RuntimeException ex)
            {
                // Gone meanwhile, or not ours to remove: leave it and look at the next.
            }
        }
    }

    private static void removeIfAbandoned(final Path candidate, final Object ourUid) throws IOException
    {
        final Map<String, Object> attributes = Files.readAttributes(candidate, "unix:uid,nlink,ino,dev,mode", LinkOption.NOFOLLOW_LINKS);
        final BasicFileAttributes basic = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!basic.isRegularFile() || !ourUid.equals(attributes.get("uid")))
        {
            return;
        }
        synchronized (LOCK)
        {
            if (CREATING.contains(candidate) || CREATING.contains(basic.fileKey()) || OPEN.containsKey(basic.fileKey()))
            {
                return;
            }
        }
        if (((Number)attributes.get("nlink")).intValue() > 1)
        {
            // Its creator linked it to the region's path and died before removing this name: the name is all that is left.
            Files.deleteIfExists(candidate);
            return;
        }
        final FileChannel channel = FileChannel.open(candidate, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        final boolean abandoned;
        try
        {
            final BasicFileAttributes opened = NativeMemory.attributesOf(channel);
            // A live creator holds its exclusive lock; a thread of this JVM holding one makes the probe unknown.
            abandoned = opened != null && opened.fileKey().equals(basic.fileKey()) &&
                RegionFile.probe(channel, LeaseDescriptor.CREATOR_LOCK_OFFSET, 1) == RegionFile.Probe.GRANTED;
        }
        finally
        {
            discard(channel);
        }
        if (abandoned)
        {
            Files.deleteIfExists(candidate);
        }
    }

    /**
     * This process's user id as the file system reports owners (null if it cannot tell), read once, when first needed.
     */
    private static final class OwnUid
    {
        static final Object VALUE = read();

        private OwnUid()
        {
        }

        private static Object read()
        {
            try
            {
                return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            }
            catch (final IOException | RuntimeException ex)
            {
                return null;
            }
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

    private static Object keyOf(final BasicFileAttributes attributes, final Path path) throws IOException
    {
        final Object key = attributes.fileKey();
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

    /**
     * Attaches to the region file at {@code path}, or creates it with {@code shape} if absent; a file that another
     * process creates or removes meanwhile is looked at again (a few times).
     *
     * @param path        region file.
     * @param shape       of a new region.
     * @param permissions of a new file.
     * @return a new view of the region.
     * @throws UncheckedIOException  if the file cannot be created, read or mapped, with what to do.
     * @throws RegionFormatException if the file exists and is not a valid region.
     */
    public static RegionMemory openOrCreate(final Path path, final RegionDescriptor.Shape shape, final Set<PosixFilePermission> permissions)
    {
        removeAbandonedTemporaries(path);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS))
                {
                    return attach(path, false, path.toString());
                }
                return create(path, shape, permissions, path.toString());
            }
            catch (final FileAlreadyExistsException | NoSuchFileException ex)
            {
                final Path parent = path.toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent))
                {
                    throw new UncheckedIOException("cannot create region " + path + ": directory " + parent + " does not exist", ex);
                }
                if (Files.isSymbolicLink(path) && !Files.exists(path))
                {
                    throw new UncheckedIOException(path + " is a symlink to a missing file; shared-atomic never creates a " +
                        "region through a symlink: remove the link or point it at an existing region", ex);
                }
                // Another process created (or removed) the file between our check and our link: look again.
                if (attempt == OPEN_ATTEMPTS)
                {
                    throw new UncheckedIOException("cannot open " + path + ": it keeps appearing and disappearing", ex);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot open region " + path + ": " + ex, ex);
            }
        }
    }

    /**
     * Attaches to an existing region file, with messages that say what to do.
     *
     * @param path     region file.
     * @param readOnly whether the view refuses writes.
     * @return a new view of the region.
     * @throws UncheckedIOException  if it does not exist or cannot be read or mapped.
     * @throws RegionFormatException if it is not a valid region.
     */
    public static RegionMemory attachExisting(final Path path, final boolean readOnly)
    {
        try
        {
            return attach(path, readOnly, path.toString());
        }
        catch (final NoSuchFileException ex)
        {
            throw new UncheckedIOException("no region file at " + path + "; create it with SharedRegion.open(path, spec)", ex);
        }
        catch (final AccessDeniedException ex)
        {
            throw new UncheckedIOException("no permission to " + (readOnly ? "read " : "read and write ") + path +
                (readOnly ? "" : "; attach it with SharedRegion.attachReadOnly to read only"), ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot attach region " + path + ": " + ex, ex);
        }
    }
}
