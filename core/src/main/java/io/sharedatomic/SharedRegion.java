package io.sharedatomic;

import io.sharedatomic.layout.RegionFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.sharedatomic.layout.EntryShape;
import io.sharedatomic.internal.NativeMemory;
import io.sharedatomic.layout.RegionDescriptor;
import io.sharedatomic.internal.RegionFiles;
import io.sharedatomic.internal.RegionMemory;
import io.sharedatomic.internal.Registry;
import io.sharedatomic.internal.WideValue;
import io.sharedatomic.layout.WideValueDescriptor;

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
 * no access can fall past its end) and linked to its path atomically, without following a symlink planted there. The
 * temporary file is created with its final mode in the same system call (0600 unless the {@link RegionSpec} says
 * otherwise), so no other user can open it in between. {@link #open} removes the temporary files of creators of the
 * same path that died. Attaching validates the header before anything is used and never writes. Never truncate a
 * region file while any process has it mapped.
 *
 * <p><b>One file, one mapping per JVM:</b> every {@code SharedRegion} object of one file (whatever path, link or
 * bind mount names it) shares this JVM's one descriptor and one mapping of it, so a service can attach and close
 * regions for as long as it runs. Do not open and close the region file by other means (a copy, a checksum) in a
 * process that has it attached: POSIX drops every {@code fcntl} lock a process holds on a file when it closes any
 * descriptor of that file, and those locks are how other processes see this one alive (see {@link #ownerToken()}).
 *
 * <p><b>Closing:</b> {@link #close()} is idempotent and makes every handle of this region object throw
 * {@link IllegalStateException}, also while other threads are using them; other {@code SharedRegion} objects of the
 * same file stay open. When the last one of a file is closed (or collected unclosed), this JVM gives up its owner
 * lease and closes the file's descriptors: at once, or, if a thread of this JVM is inside a write to one of the
 * file's wide values, when that thread lets go, so no other process ever takes over a lock a thread here still holds.
 * The mapping is unmapped once no region object and no handle of the file is reachable any more, because unmapping
 * under a thread that is mid-access would crash the JVM; until then a new attach of the file reuses it. So the memory
 * of a closed region (also of a file deleted while attached) is returned when its handles have been collected.
 */
public final class SharedRegion implements AutoCloseable
{
    /** Most words of a {@link SharedLongArray}: 2 GiB, enough for a bitmap of 2^34 bits. */
    public static final int MAX_ARRAY_LENGTH = 1 << 28;
    private static final int OPEN_ATTEMPTS = 10;

    private final Path path;
    private final RegionMemory memory;
    private final Registry registry;

    private SharedRegion(final Path path, final RegionMemory memory)
    {
        this.path = path;
        this.memory = memory;
        this.registry = new Registry(memory, memory.shape());
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
        RegionFiles.removeAbandonedTemporaries(path);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS))
                {
                    return new SharedRegion(path, RegionFiles.attach(path, false, path.toString()));
                }
                return new SharedRegion(path, RegionFiles.create(path, shapeOf(spec), spec.filePermissions(), path.toString()));
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
        return new SharedRegion(null, RegionMemory.allocate(shapeOf(spec)));
    }

    private static SharedRegion attach(final Path path, final boolean readOnly)
    {
        Objects.requireNonNull(path, "path");
        try
        {
            return new SharedRegion(path, RegionFiles.attach(path, readOnly, path.toString()));
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

    /**
     * The shape a spec asks for on this platform; {@link RegionSpec} already refused every shape attach would refuse.
     */
    private static RegionDescriptor.Shape shapeOf(final RegionSpec spec)
    {
        return RegionDescriptor.Shape.of(spec.entryCapacity(), spec.dataCapacity(), spec.padding().alignment(), NativeMemory.pageSize());
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
     * Returns the one-word byte value of this name (the original's atomic_bytearray), creating it with
     * {@code initial} if absent; its width is the original's width for {@code initial.length} (1, 2, 4 or 8). Shape
     * the initial bytes first with {@link SharedBytes#shape} to get the original's length, padding and trimming.
     *
     * @param name    entry name.
     * @param initial 0 to 8 bytes, read as a big-endian unsigned integer.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if {@code initial} is longer than 8 bytes.
     * @throws IncompatibleEntryException if the name exists with another type or width.
     */
    public SharedBytes sharedBytes(final String name, final byte[] initial)
    {
        return oneWordBytes(name, SmallWords.bytesWidth(initial.length), initial, "");
    }

    /**
     * Returns the byte value of this name, creating it with {@code initial} if absent: a one-word value of the
     * original's width for a capacity of 1 to 8, a wide value of that capacity above 8.
     *
     * @param name     entry name.
     * @param capacity most bytes: 1 to 16 MiB.
     * @param initial  initial bytes, at most {@code capacity}.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if the capacity is out of range or {@code initial} does not fit.
     * @throws IncompatibleEntryException if the name exists with another type or capacity.
     */
    public SharedBytes sharedBytes(final String name, final int capacity, final byte[] initial)
    {
        return sharedBytes(name, capacity, initial, "");
    }

    /**
     * As {@link #sharedBytes(String, int, byte[])}, with a format tag stored with the entry that must match on
     * attach, so that a structure encoded in the bytes (a set, say) is never attached as another one.
     *
     * @param name     entry name.
     * @param capacity most bytes: 1 to 16 MiB.
     * @param initial  initial bytes, at most {@code capacity}.
     * @param format   printable ASCII, at most 64 characters, naming the encoding (empty for none).
     * @return a handle on the value.
     * @throws IllegalArgumentException   if the capacity is out of range or {@code initial} does not fit.
     * @throws IncompatibleEntryException if the name exists with another type, capacity or format.
     */
    public SharedBytes sharedBytes(final String name, final int capacity, final byte[] initial, final String format)
    {
        if (capacity <= Long.BYTES)
        {
            checkCapacity(capacity, 1);
            return oneWordBytes(name, SmallWords.bytesWidth(capacity), initial, format);
        }
        checkCapacity(capacity, Long.BYTES + 1);
        checkFits(initial.length, capacity);
        final long address = entryAddress(name, wideShape(ValueType.WIDE_BYTES, capacity, format),
            value -> WideValue.initialize(value, capacity, initial));
        return new SharedBytes(this, name, new WideValue(memory, address, capacity), address, format);
    }

    private SharedBytes oneWordBytes(final String name, final int width, final byte[] initial, final String format)
    {
        final long word = SmallWords.bytesToWord(initial, width);
        final EntryShape shape = new EntryShape(ValueType.BYTES.id(), Long.BYTES, width, format);
        return new SharedBytes(this, name, entryAddress(name, shape, value -> NativeMemory.setPlain(value, word)), width, format);
    }

    /**
     * Returns the one-word UTF-8 string of this name (the original's atomic_string), creating it with
     * {@code initial} if absent.
     *
     * @param name    entry name.
     * @param initial at most 7 bytes in UTF-8.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if {@code initial} does not fit 7 bytes.
     * @throws IncompatibleEntryException if the name exists with another type, width or charset.
     */
    public SharedString sharedString(final String name, final String initial)
    {
        return sharedString(name, initial, StandardCharsets.UTF_8);
    }

    /**
     * Returns the one-word string of this name in {@code charset}, creating it with {@code initial} if absent; its
     * width is the original's width for the encoded length (2, 4 or 8 bytes).
     *
     * @param name    entry name.
     * @param initial at most 7 encoded bytes.
     * @param charset the charset, fixed for the value's lifetime.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if {@code initial} cannot be encoded or does not fit.
     * @throws IncompatibleEntryException if the name exists with another type, width or charset.
     */
    public SharedString sharedString(final String name, final String initial, final Charset charset)
    {
        final byte[] encoded = SharedString.encode(initial, charset);
        return oneWordString(name, SmallWords.stringWidth(encoded.length), charset, encoded);
    }

    /**
     * Returns the string of this name, creating it with {@code initial} if absent: one-word of the original's
     * width for a capacity of 1 to 7 encoded bytes, wide above 7.
     *
     * @param name     entry name.
     * @param capacity most encoded bytes: 1 to 16 MiB.
     * @param charset  the charset, fixed for the value's lifetime.
     * @param initial  initial value.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if the capacity is out of range or {@code initial} cannot be encoded or fit.
     * @throws IncompatibleEntryException if the name exists with another type, capacity or charset.
     */
    public SharedString sharedString(final String name, final int capacity, final Charset charset, final String initial)
    {
        final byte[] encoded = SharedString.encode(initial, charset);
        if (capacity < Long.BYTES)
        {
            checkCapacity(capacity, 1);
            return oneWordString(name, SmallWords.stringWidth(capacity), charset, encoded);
        }
        checkCapacity(capacity, Long.BYTES);
        checkFits(encoded.length, capacity);
        final long address = entryAddress(name, wideShape(ValueType.WIDE_STRING, capacity, charset.name()),
            value -> WideValue.initialize(value, capacity, encoded));
        return new SharedString(this, name, new WideValue(memory, address, capacity), address, charset);
    }

    private SharedString oneWordString(final String name, final int width, final Charset charset, final byte[] encoded)
    {
        final long word = SmallWords.stringToWord(encoded, encoded.length, width);
        final EntryShape shape = new EntryShape(ValueType.STRING.id(), Long.BYTES, width, charset.name());
        return new SharedString(this, name, entryAddress(name, shape, value -> NativeMemory.setPlain(value, word)), width, charset);
    }

    /**
     * Returns the array of 64-bit words of this name, creating it with all words 0 if absent.
     *
     * @param name   entry name.
     * @param length number of words, 1 to 2^28.
     * @return a handle on the array.
     * @throws IncompatibleEntryException if the name exists with another type or length.
     */
    public SharedLongArray sharedLongArray(final String name, final int length)
    {
        return sharedLongArray(name, length, "");
    }

    /**
     * Returns the array of 64-bit words of this name, creating it with all words 0 if absent. The format tag is
     * stored with the entry and must match on attach, so that a structure built on the array (a bitmap, say) is never
     * attached as another one.
     *
     * @param name   entry name.
     * @param length number of words, 1 to 2^28.
     * @param format printable ASCII, at most 64 characters, naming what the words mean (empty for none).
     * @return a handle on the array.
     * @throws IncompatibleEntryException if the name exists with another type, length or format.
     */
    public SharedLongArray sharedLongArray(final String name, final int length, final String format)
    {
        if (length < 1 || length > MAX_ARRAY_LENGTH)
        {
            throw new IllegalArgumentException("array length " + length + " is outside 1.." + MAX_ARRAY_LENGTH);
        }
        final EntryShape shape = new EntryShape(ValueType.LONG_ARRAY.id(), (long)length * Long.BYTES, length, format);
        return new SharedLongArray(this, name, entryAddress(name, shape, value -> { }), length, format);
    }

    private static EntryShape wideShape(final ValueType type, final int capacity, final String format)
    {
        return new EntryShape(type.id(), WideValueDescriptor.valueLength(capacity), capacity, format);
    }

    private static void checkCapacity(final int capacity, final int minimum)
    {
        if (capacity < minimum || capacity > WideValueDescriptor.MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity " + capacity + " is outside " + minimum + ".." + WideValueDescriptor.MAX_CAPACITY);
        }
    }

    private static void checkFits(final int length, final int capacity)
    {
        if (length > capacity)
        {
            throw new IllegalArgumentException("an initial value of " + length + " bytes does not fit the capacity of " + capacity + " bytes");
        }
    }

    /**
     * This process's owner token in this region, for structures that record who holds something in shared memory
     * (as {@code SharedIdPool} does): non-zero, and never the token of any other process, before or after, in this
     * region file. It stays valid while this JVM has the region open through any {@code SharedRegion} object of
     * the file; once the last one is closed (or, never closed, collected), or the process dies, it is dead for good,
     * and {@link #isOwnerAlive} says so to every process. The first call takes the lease: an {@code fcntl} lock on
     * the region file (see the class documentation for why nothing else in this process may close the file).
     *
     * @return the token.
     * @throws IllegalStateException if the region is closed or read-only.
     */
    public long ownerToken()
    {
        return memory.ownerToken();
    }

    /**
     * Whether the process that holds {@code token} in this region still has it: false only once that process died
     * (even {@code kill -9}) or closed the region, and then for good. Does not depend on pids, {@code /proc}, clocks
     * or users, so it is right across containers that share the file, under {@code hidepid}, and for a stopped
     * process (alive). Costs one {@code fcntl} call for a token of another process.
     *
     * @param token a token from {@link #ownerToken()} of some process.
     * @return true if its owner is alive (always for this process's own token).
     */
    public boolean isOwnerAlive(final long token)
    {
        memory.checkReadable();
        return memory.isOwnerAlive(token);
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
        return registry.shape().entryCapacity();
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
     * Closes this region object: every handle of it throws {@link IllegalStateException} from now on. Idempotent,
     * and never waits. The last region object of a file to close gives up this process's owner token and closes the
     * file's descriptors, at once or as soon as this JVM's threads that are inside a write to one of the file's wide
     * values let go. The mapping is released once the file's region objects and handles are unreachable (see the
     * class documentation).
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
        final SharedValue handle = handleFor(entry);
        if (handle.type() != type)
        {
            throw new IncompatibleEntryException("entry '" + name + "' in " + memory.description() + " is " + describe(entry.shape()) +
                ", not a " + type.name());
        }
        return handle;
    }

    private long valueAddress(final String name, final ValueType type, final long initialWord)
    {
        return entryAddress(name, EntryShape.of(type.id(), Long.BYTES), address -> NativeMemory.setPlain(address, initialWord));
    }

    private long entryAddress(final String name, final EntryShape shape, final Registry.Initializer initializer)
    {
        memory.checkReadable();
        return checkedValueAddress(registry.findOrCreate(name, shape, initializer), shape);
    }

    private long checkedValueAddress(final Registry.Entry entry, final EntryShape expected)
    {
        final EntryShape actual = entry.shape();
        if (!actual.equals(expected))
        {
            throw new IncompatibleEntryException("entry '" + entry.name() + "' in " + memory.description() + " is " + describe(actual) +
                ", not the " + describe(expected) + " asked for");
        }
        // Validated once here so that every access through the handle can be one unchecked instruction.
        final long address = memory.checkedAddress(entry.valueOffset(), actual.valueLength(), "entry value");
        if ((address & 7) != 0)
        {
            throw new RegionFormatException(memory.description() + ": value of '" + entry.name() + "' is not 8-byte aligned");
        }
        return address;
    }

    /**
     * Makes the handle an entry's stored shape describes, validating that shape as a corrupt file could have it.
     */
    private SharedValue handleFor(final Registry.Entry entry)
    {
        final EntryShape shape = entry.shape();
        final ValueType type = ValueType.ofId(shape.typeId());
        final long parameter = shape.parameter();
        final boolean valid;
        if (type == null)
        {
            valid = false;
        }
        else
        {
            switch (type)
            {
                case BYTES:
                    valid = shape.valueLength() == Long.BYTES && (parameter == 1 || parameter == 2 || parameter == 4 || parameter == 8);
                    break;
                case STRING:
                    valid = shape.valueLength() == Long.BYTES && (parameter == 2 || parameter == 4 || parameter == 8);
                    break;
                case WIDE_BYTES:
                case WIDE_STRING:
                    valid = parameter >= Long.BYTES && parameter <= WideValueDescriptor.MAX_CAPACITY &&
                        shape.valueLength() == WideValueDescriptor.valueLength((int)parameter);
                    break;
                case LONG_ARRAY:
                    valid = parameter >= 1 && parameter <= MAX_ARRAY_LENGTH && shape.valueLength() == parameter * Long.BYTES;
                    break;
                default:
                    valid = shape.valueLength() == Long.BYTES && parameter == 0;
                    break;
            }
        }
        if (!valid)
        {
            throw new RegionFormatException(memory.description() + ": entry '" + entry.name() + "' is " + describe(shape) +
                ", which this library does not know");
        }
        final String name = entry.name();
        final long address = checkedValueAddress(entry, shape);
        switch (type)
        {
            case LONG:
                return new SharedLong(this, name, address);
            case ULONG:
                return new SharedULong(this, name, address);
            case DOUBLE:
                return new SharedDouble(this, name, address);
            case BOOLEAN:
                return new SharedBoolean(this, name, address);
            case BYTES:
                return new SharedBytes(this, name, address, (int)parameter, shape.format());
            case STRING:
                return new SharedString(this, name, address, (int)parameter, charsetOf(entry));
            case WIDE_BYTES:
                return new SharedBytes(this, name, new WideValue(memory, address, (int)parameter), address, shape.format());
            case WIDE_STRING:
                return new SharedString(this, name, new WideValue(memory, address, (int)parameter), address, charsetOf(entry));
            default:
                return new SharedLongArray(this, name, address, (int)parameter, shape.format());
        }
    }

    private Charset charsetOf(final Registry.Entry entry)
    {
        final Charset charset;
        try
        {
            charset = Charset.forName(entry.shape().format());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RegionFormatException(memory.description() + ": entry '" + entry.name() + "' is stored in charset '" +
                entry.shape().format() + "', which this JVM does not support");
        }
        if (!charset.canEncode())
        {
            throw new RegionFormatException(memory.description() + ": entry '" + entry.name() + "' is stored in charset '" +
                charset.name() + "', which can only decode: no library version creates such an entry");
        }
        return charset;
    }

    private static String describe(final EntryShape shape)
    {
        final ValueType type = ValueType.ofId(shape.typeId());
        return (type == null ? "a value of unknown type id " + shape.typeId() : "a " + type.name()) + " of " + shape.valueLength() +
            " bytes" + (shape.parameter() == 0 ? "" : ", parameter " + shape.parameter()) +
            (shape.format().isEmpty() ? "" : ", " + shape.format());
    }

    private RegionEntry snapshot(final Registry.Entry entry)
    {
        final SharedValue handle = handleFor(entry);
        final EntryShape shape = entry.shape();
        final String detail;
        switch (handle.type())
        {
            case BYTES:
                detail = "width " + shape.parameter() + (shape.format().isEmpty() ? "" : ", " + shape.format());
                break;
            case STRING:
                detail = "width " + shape.parameter() + ", " + shape.format();
                break;
            case WIDE_BYTES:
                detail = "capacity " + shape.parameter() + (shape.format().isEmpty() ? "" : ", " + shape.format());
                break;
            case WIDE_STRING:
                detail = "capacity " + shape.parameter() + ", " + shape.format();
                break;
            case LONG_ARRAY:
                detail = "length " + shape.parameter() + (shape.format().isEmpty() ? "" : ", " + shape.format());
                break;
            default:
                detail = "";
                break;
        }
        return new RegionEntry(entry.name(), handle.type(), shape.valueLength(), detail, handle.toString());
    }
}
