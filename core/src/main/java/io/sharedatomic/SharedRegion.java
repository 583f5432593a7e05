package io.sharedatomic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.sharedatomic.internal.EntryShape;
import io.sharedatomic.internal.NativeMemory;
import io.sharedatomic.internal.RegionDescriptor;
import io.sharedatomic.internal.RegionMemory;
import io.sharedatomic.internal.Registry;

/**
 * A region of shared memory holding named, typed atomic values: a memory-mapped file that any process on the host
 * can attach by path, or a process-local block of memory with the same API.
 *
 * <pre>{@code
 * try (SharedRegion region = SharedRegion.open(Path.of("/dev/shm/orders.region")))
 * {
 *     SharedLong nextOrderId = region.sharedLong("next-order-id", 1);
 *     long id = nextOrderId.getAndIncrement();
 * }
 * }</pre>
 *
 * <p><b>Thread and process safety:</b> a region and its handles may be used by any number of threads; the values are
 * safe across threads and processes at the ordering each method states. Creating or attaching a name is lock-free
 * and race-free across processes: when several ask for a new name at once, exactly one initializes it and all get the
 * same value; a process killed at any moment never leaves an entry half made or blocks anyone.
 *
 * <p><b>Files:</b> a new file is written completely under a temporary name, sized once (its length never changes, so
 * no access can fall past its end) and linked to its path atomically, without following a symlink planted there. It
 * is created with mode 0600 unless the {@link RegionSpec} says otherwise. Attaching validates the header before
 * anything is used and never writes. Never truncate a region file while any process has it mapped.
 *
 * <p><b>Closing:</b> {@link #close()} is idempotent and makes every handle of the region throw
 * {@link IllegalStateException}, also while other threads are using them. The mapping itself is released once the
 * region and all its handles are unreachable, because unmapping under a thread that is mid-access would crash the JVM.
 */
public final class SharedRegion implements AutoCloseable
{
    private static final int OPEN_ATTEMPTS = 10;

    private final Path path;
    private final RegionMemory memory;
    private final Registry registry;

    private SharedRegion(final Path path, final RegionMemory memory, final RegionDescriptor.Shape shape)
    {
        this.path = path;
        this.memory = memory;
        this.registry = new Registry(memory, shape);
    }

    /**
     * Opens the region file at {@code path}, creating it with {@link RegionSpec#defaults()} if absent.
     *
     * @param path region file.
     * @return the open region.
     * @throws RegionFormatException if the file exists and is not a valid region.
     * @throws UncheckedIOException  if the file cannot be created, read or mapped.
     */
    public static SharedRegion open(final Path path)
    {
        return open(path, RegionSpec.defaults());
    }

    /**
     * Opens the region file at {@code path}, creating it with {@code spec} if absent. If the file exists, or another
     * process creates it first, this attaches to it read-write and ignores {@code spec}.
     *
     * @param path region file.
     * @param spec shape of a new region.
     * @return the open region.
     * @throws RegionFormatException if the file exists and is not a valid region.
     * @throws UncheckedIOException  if the file cannot be created, read or mapped.
     */
    public static SharedRegion open(final Path path, final RegionSpec spec)
    {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(spec, "spec");
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS))
                {
                    return map(path, false);
                }
                return create(path, spec);
            }
            catch (final FileAlreadyExistsException | NoSuchFileException ex)
            {
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
     * Attaches read-write to an existing region file; never creates one.
     *
     * @param path region file.
     * @return the open region.
     * @throws RegionFormatException if the file is not a valid region.
     * @throws UncheckedIOException  if it does not exist or cannot be read or mapped.
     */
    public static SharedRegion attach(final Path path)
    {
        return attach(path, false);
    }

    /**
     * Attaches read-only to an existing region file, which needs only read permission: values can be read, every
     * write throws {@link IllegalStateException}, and no entry can be created.
     *
     * @param path region file.
     * @return the open region.
     * @throws RegionFormatException if the file is not a valid region.
     * @throws UncheckedIOException  if it does not exist or cannot be read or mapped.
     */
    public static SharedRegion attachReadOnly(final Path path)
    {
        return attach(path, true);
    }

    /**
     * Creates a process-local region in native memory with {@link RegionSpec#defaults()}: the same API, shared by
     * the threads of this JVM only (the original's single-process mode).
     *
     * @return the region.
     */
    public static SharedRegion inMemory()
    {
        return inMemory(RegionSpec.defaults());
    }

    /**
     * Creates a process-local region in native memory.
     *
     * @param spec shape of the region (its file permissions are ignored).
     * @return the region.
     */
    public static SharedRegion inMemory(final RegionSpec spec)
    {
        final RegionDescriptor.Shape shape = shapeOf(spec);
        final NativeMemory.Block block = NativeMemory.allocate(shape.regionLength());
        RegionDescriptor.writeHeader(block.address(), shape);
        return new SharedRegion(null, new RegionMemory(block, shape.regionLength(), false, "in-memory region"), shape);
    }

    private static SharedRegion attach(final Path path, final boolean readOnly)
    {
        Objects.requireNonNull(path, "path");
        try
        {
            return map(path, readOnly);
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

    private static SharedRegion map(final Path path, final boolean readOnly) throws IOException
    {
        final RegionDescriptor.Shape shape;
        try (FileChannel channel = FileChannel.open(path, readOnly ? new StandardOpenOption[]{StandardOpenOption.READ} :
            new StandardOpenOption[]{StandardOpenOption.READ, StandardOpenOption.WRITE}))
        {
            final ByteBuffer header = ByteBuffer.allocate(RegionDescriptor.HEADER_LENGTH);
            while (header.hasRemaining() && channel.read(header, header.position()) > 0)
            {
                // read until the header is complete or the file ends
            }
            header.flip();
            shape = RegionDescriptor.checkHeader(header, channel.size(), path.toString());
        }
        if (shape.regionLength() % NativeMemory.pageSize() != 0)
        {
            throw new RegionFormatException(path + " is " + shape.regionLength() + " bytes, not a multiple of this platform's page size " +
                NativeMemory.pageSize() + "; it was created on another platform");
        }
        final NativeMemory.Block block = NativeMemory.map(path.toFile(), shape.regionLength(), readOnly);
        return new SharedRegion(path, new RegionMemory(block, shape.regionLength(), readOnly, path.toString()), shape);
    }

    private static SharedRegion create(final Path path, final RegionSpec spec) throws IOException
    {
        final RegionDescriptor.Shape shape = shapeOf(spec);
        final Path absolute = path.toAbsolutePath();
        final Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "." +
            Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".creating");
        // CREATE_NEW: O_EXCL, which never follows a symlink.
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            final PosixFileAttributeView posix = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
            if (posix != null)
            {
                posix.setPermissions(spec.filePermissions());
            }
            // Write every byte rather than leave a sparse file: a full disk fails here, not later as SIGBUS on a page.
            final ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long written = 0; written < shape.regionLength(); )
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), shape.regionLength() - written));
                written += channel.write(zeros, written);
            }
        }
        try
        {
            final NativeMemory.Block block = NativeMemory.map(temporary.toFile(), shape.regionLength(), false);
            RegionDescriptor.writeHeader(block.address(), shape);
            final RegionMemory memory = new RegionMemory(block, shape.regionLength(), false, path.toString());
            // Atomic and exclusive: the path shows a complete region or nothing, and an existing file, or a symlink, wins.
            Files.createLink(path, temporary);
            return new SharedRegion(path, memory, shape);
        }
        finally
        {
            Files.deleteIfExists(temporary);
        }
    }

    private static RegionDescriptor.Shape shapeOf(final RegionSpec spec)
    {
        return RegionDescriptor.Shape.of(spec.entryCapacity(), spec.dataCapacity(), spec.padding().alignment(),
            NativeMemory.pageSize());
    }

    /**
     * Returns the signed 64-bit value of this name, creating it with 0 if absent.
     *
     * @param name entry name: 1 to 255 UTF-8 bytes, no control characters.
     * @return a handle on the value.
     * @throws IncompatibleEntryException if the name exists with another type.
     * @throws RegionFullException        if the name is new and the region has no room.
     */
    public SharedLong sharedLong(final String name)
    {
        return sharedLong(name, 0);
    }

    /**
     * Returns the signed 64-bit value of this name, creating it with {@code initialValue} if absent (an existing
     * value is left as it is).
     *
     * @param name         entry name: 1 to 255 UTF-8 bytes, no control characters.
     * @param initialValue value of a new entry.
     * @return a handle on the value.
     * @throws IncompatibleEntryException if the name exists with another type.
     * @throws RegionFullException        if the name is new and the region has no room.
     */
    public SharedLong sharedLong(final String name, final long initialValue)
    {
        return new SharedLong(this, name, valueAddress(name, ValueType.LONG, initialValue));
    }

    /**
     * Returns the unsigned 64-bit value of this name, creating it with 0 if absent.
     *
     * @param name entry name.
     * @return a handle on the value.
     * @throws IncompatibleEntryException if the name exists with another type.
     */
    public SharedULong sharedULong(final String name)
    {
        return sharedULong(name, 0);
    }

    /**
     * Returns the unsigned 64-bit value of this name, creating it with {@code initialBits} (read as unsigned) if
     * absent.
     *
     * @param name        entry name.
     * @param initialBits value of a new entry, as the 64 bits of an unsigned number.
     * @return a handle on the value.
     * @throws IncompatibleEntryException if the name exists with another type.
     */
    public SharedULong sharedULong(final String name, final long initialBits)
    {
        return new SharedULong(this, name, valueAddress(name, ValueType.ULONG, initialBits));
    }

    /**
     * Returns the unsigned 64-bit value of this name, creating it with {@code initialValue} if absent.
     *
     * @param name         entry name.
     * @param initialValue value of a new entry, 0 to 2^64-1.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if {@code initialValue} is negative or above 2^64-1.
     * @throws IncompatibleEntryException if the name exists with another type.
     */
    public SharedULong sharedULong(final String name, final BigInteger initialValue)
    {
        return sharedULong(name, SharedULong.toBits(initialValue));
    }

    /**
     * Returns the unsigned 64-bit value of this name, creating it with the decimal {@code initialValue} if absent.
     *
     * @param name         entry name.
     * @param initialValue decimal value of a new entry, 0 to 18446744073709551615.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if {@code initialValue} is not a decimal number in that range.
     * @throws IncompatibleEntryException if the name exists with another type.
     */
    public SharedULong sharedULong(final String name, final String initialValue)
    {
        return sharedULong(name, SharedULong.parse(initialValue));
    }

    /**
     * Returns the double value of this name, creating it with 0.0 if absent.
     *
     * @param name entry name.
     * @return a handle on the value.
     * @throws IncompatibleEntryException if the name exists with another type.
     */
    public SharedDouble sharedDouble(final String name)
    {
        return sharedDouble(name, 0.0);
    }

    /**
     * Returns the double value of this name, creating it with {@code initialValue} if absent.
     *
     * @param name         entry name.
     * @param initialValue value of a new entry.
     * @return a handle on the value.
     * @throws IncompatibleEntryException if the name exists with another type.
     */
    public SharedDouble sharedDouble(final String name, final double initialValue)
    {
        return new SharedDouble(this, name, valueAddress(name, ValueType.DOUBLE, Double.doubleToRawLongBits(initialValue)));
    }

    /**
     * Returns the boolean value of this name, creating it with false if absent.
     *
     * @param name entry name.
     * @return a handle on the value.
     * @throws IncompatibleEntryException if the name exists with another type.
     */
    public SharedBoolean sharedBoolean(final String name)
    {
        return sharedBoolean(name, false);
    }

    /**
     * Returns the boolean value of this name, creating it with {@code initialValue} if absent.
     *
     * @param name         entry name.
     * @param initialValue value of a new entry.
     * @return a handle on the value.
     * @throws IncompatibleEntryException if the name exists with another type.
     */
    public SharedBoolean sharedBoolean(final String name, final boolean initialValue)
    {
        return new SharedBoolean(this, name, valueAddress(name, ValueType.BOOLEAN, initialValue ? 1 : 0));
    }

    /**
     * Reads every entry of the region with its current value, in directory order. Never writes.
     *
     * @return a snapshot of the entries.
     * @throws RegionFormatException if the directory is corrupt.
     */
    public List<RegionEntry> entries()
    {
        memory.checkReadable();
        final List<RegionEntry> entries = new ArrayList<>();
        for (final Registry.Entry entry : registry.entries())
        {
            entries.add(snapshot(entry));
        }
        return entries;
    }

    /**
     * Reads one entry with its current value. Never writes.
     *
     * @param name entry name.
     * @return the entry, or empty if the region has no such name.
     */
    public Optional<RegionEntry> entry(final String name)
    {
        memory.checkReadable();
        final Registry.Entry entry = registry.find(name);
        return entry == null ? Optional.empty() : Optional.of(snapshot(entry));
    }

    /**
     * @return the region file, or empty for an in-memory region.
     */
    public Optional<Path> path()
    {
        return Optional.ofNullable(path);
    }

    /**
     * @return most named entries the region can hold.
     */
    public int entryCapacity()
    {
        return registry.shape().directoryCapacity();
    }

    /**
     * @return how the region places its values.
     */
    public ValuePadding padding()
    {
        return ValuePadding.ofAlignment(registry.shape().valueAlignment());
    }

    /**
     * @return bytes of the region file (or in-memory block).
     */
    public long byteLength()
    {
        return memory.length();
    }

    /**
     * @return true if this region was attached read-only.
     */
    public boolean isReadOnly()
    {
        return memory.isReadOnly();
    }

    /**
     * @return true once {@link #close()} was called.
     */
    public boolean isClosed()
    {
        return memory.isClosed();
    }

    /**
     * Closes the region: every handle of it throws {@link IllegalStateException} from now on. Idempotent. The
     * mapping is released once the region and its handles are unreachable (see the class documentation).
     */
    @Override
    public void close()
    {
        memory.close();
    }

    @Override
    public String toString()
    {
        return "SharedRegion[" + memory.description() + (isReadOnly() ? ", read-only" : "") + (isClosed() ? ", closed" : "") + "]";
    }

    RegionMemory memory()
    {
        return memory;
    }

    /**
     * Finds an existing entry for deserialization.
     */
    SharedValue existing(final String name, final ValueType type)
    {
        final Registry.Entry entry = registry.find(name);
        if (entry == null)
        {
            throw new IllegalStateException(memory.description() + " has no entry '" + name + "' to deserialize");
        }
        final long address = checkedValueAddress(entry, type);
        switch (type)
        {
            case LONG:
                return new SharedLong(this, name, address);
            case ULONG:
                return new SharedULong(this, name, address);
            case DOUBLE:
                return new SharedDouble(this, name, address);
            default:
                return new SharedBoolean(this, name, address);
        }
    }

    private long valueAddress(final String name, final ValueType type, final long initialWord)
    {
        memory.checkReadable();
        final Registry.Entry entry = registry.findOrCreate(name, type.shape(),
            address -> NativeMemory.setPlain(address, initialWord));
        return checkedValueAddress(entry, type);
    }

    private long checkedValueAddress(final Registry.Entry entry, final ValueType type)
    {
        final EntryShape actual = entry.shape();
        if (!actual.equals(type.shape()))
        {
            throw new IncompatibleEntryException("entry '" + entry.name() + "' in " + memory.description() + " is " + describe(actual) +
                ", not the " + describe(type.shape()) + " asked for");
        }
        // Validated once here so that every access through the handle can be one unchecked instruction.
        final long address = memory.checkedAddress(entry.valueOffset(), type.byteLength(), "value of '" + entry.name() + "'");
        if ((address & 7) != 0)
        {
            throw new RegionFormatException(memory.description() + ": value of '" + entry.name() + "' is not 8-byte aligned");
        }
        return address;
    }

    private static String describe(final EntryShape shape)
    {
        final ValueType type = ValueType.ofId(shape.typeId());
        return (type == null ? "a value of unknown type id " + shape.typeId() : "a " + type.name()) + " of " + shape.valueLength() +
            " bytes" + (shape.parameter() == 0 ? "" : ", parameter " + shape.parameter()) +
            (shape.attribute().isEmpty() ? "" : ", " + shape.attribute());
    }

    private RegionEntry snapshot(final Registry.Entry entry)
    {
        final ValueType type = ValueType.ofId(entry.shape().typeId());
        if (type == null || !entry.shape().equals(type.shape()))
        {
            throw new RegionFormatException(memory.description() + ": entry '" + entry.name() + "' is " + describe(entry.shape()) +
                ", which this library does not know");
        }
        final long word = NativeMemory.getVolatile(checkedValueAddress(entry, type));
        return new RegionEntry(entry.name(), type, entry.shape().valueLength(), type.render(word));
    }
}
