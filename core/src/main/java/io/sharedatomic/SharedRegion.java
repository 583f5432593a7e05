package io.sharedatomic;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.sharedatomic.internal.JvmFlags;
import io.sharedatomic.internal.NativeMemory;
import io.sharedatomic.internal.RegionFiles;
import io.sharedatomic.internal.RegionMemory;
import io.sharedatomic.internal.Registry;
import io.sharedatomic.internal.WideValue;
import io.sharedatomic.layout.EntryShape;
import io.sharedatomic.layout.EntryType;
import io.sharedatomic.layout.RegionDescriptor;
import io.sharedatomic.layout.RegionFormatException;
import io.sharedatomic.layout.RegionFullException;
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
 * <p><b>Handles:</b> a handle is immutable and thread-safe. Each region object remembers the handles its factories
 * returned, by name: asking it again for an existing name with the same shape (type, width, capacity or length,
 * charset or format) returns the same handle, without reading the directory or allocating (the string factories
 * still encode their initial value, to check it). A name asked for with another shape is reported as before.
 *
 * <p><b>Closing:</b> {@link #close()} is idempotent and makes every handle of this region object throw
 * {@link IllegalStateException}, also while other threads are using them; other {@code SharedRegion} objects of the
 * same file stay open. How soon: an access a thread starts after {@code close()} returned throws; an access racing
 * with it either throws or, if it was already past its check, completes on the still-mapped memory (it cannot crash
 * or tear a value, but a write of a thread descheduled just after its check may land after {@code close()} returned),
 * and every thread's next access throws. The one-word handles pay for this check with no
 * load of their own: {@code close()} writes a marker into the address field each access reads anyway. When the last one of a file is closed (or collected unclosed), this JVM gives up its owner
 * lease and closes the file's descriptors: at once, or, if a thread of this JVM is inside a write to one of the
 * file's wide values, when that thread lets go, so no other process ever takes over a lock a thread here still holds.
 * The mapping is unmapped once no region object and no handle of the file is reachable any more, because unmapping
 * under a thread that is mid-access would crash the JVM; until then a new attach of the file reuses it. So the memory
 * of a closed region (also of a file deleted while attached) is returned when its handles have been collected.
 */
public final class SharedRegion implements AutoCloseable
{
    /** Most words of a {@link SharedLongArray}: 2 GiB, enough for a bitmap of 2^34 bits. */
    public static final int MAX_ARRAY_LENGTH = EntryType.MAX_ARRAY_LENGTH;

    private final Path path;
    private final RegionMemory memory;
    private final Registry registry;
    /**
     * The handles this region object returned, by name: a factory asked again for a name of the same shape returns
     * the same handle without re-reading the directory. A name of another shape falls through to the directory, which
     * reports the mismatch. Entries are never removed or reshaped, so a cached handle stays right while the region
     * is open.
     */
    private final ConcurrentHashMap<String, SharedValue> handles = new ConcurrentHashMap<>();

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
     * @throws IllegalStateException if the JVM lacks the flags Chronicle needs (the message lists them; README, "JVM
     *                               flags").
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
     * @throws IllegalStateException if the JVM lacks the flags Chronicle needs (the message lists them; README, "JVM
     *                               flags").
     */
    public static SharedRegion open(final Path path, final RegionSpec spec)
    {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(spec, "spec");
        // First: without the flags, the first Chronicle call fails deep inside Chronicle, saying nothing useful.
        JvmFlags.check();
        return new SharedRegion(path, RegionFiles.openOrCreate(path, shapeOf(spec), spec.filePermissions()));
    }

    /**
     * Attaches read-write to an existing region file; never creates one.
     *
     * @param path region file.
     * @return the open region.
     * @throws RegionFormatException if the file is not a valid region.
     * @throws UncheckedIOException  if it does not exist or cannot be read or mapped.
     * @throws IllegalStateException if the JVM lacks the flags Chronicle needs (the message lists them; README, "JVM
     *                               flags").
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
     * @throws IllegalStateException if the JVM lacks the flags Chronicle needs (the message lists them; README, "JVM
     *                               flags").
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
        JvmFlags.check();
        return new SharedRegion(path, RegionFiles.attachExisting(path, readOnly));
    }

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
        if (cached(name) instanceof SharedLong handle)
        {
            return handle;
        }
        return remember(new SharedLong(this, name, valueAddress(name, ValueType.LONG, initialValue)));
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
        if (cached(name) instanceof SharedULong handle)
        {
            return handle;
        }
        return remember(new SharedULong(this, name, valueAddress(name, ValueType.ULONG, initialBits)));
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
        return sharedULong(name, Shaping.toBits(initialValue));
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
        return sharedULong(name, Shaping.parse(initialValue));
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
        if (cached(name) instanceof SharedDouble handle)
        {
            return handle;
        }
        return remember(new SharedDouble(this, name, valueAddress(name, ValueType.DOUBLE, Double.doubleToRawLongBits(initialValue))));
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
        if (cached(name) instanceof SharedBoolean handle)
        {
            return handle;
        }
        return remember(new SharedBoolean(this, name, valueAddress(name, ValueType.BOOLEAN, initialValue ? 1 : 0)));
    }

    /**
     * Returns the one-word byte value of this name (the original's atomic_bytearray), creating it with
     * {@code initial} if absent; its width is the original's width for {@code initial.length} (1, 2, 4 or 8). Shape
     * the initial bytes first with {@link Shaping#shape(byte[], int, Side, byte[], Side)} to get the original's length,
     * padding and trimming.
     *
     * @param name    entry name.
     * @param initial 0 to 8 bytes, read as a big-endian unsigned integer.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if {@code initial} is longer than 8 bytes (see {@link #sharedWideBytes}).
     * @throws IncompatibleEntryException if the name exists with another type or width.
     */
    public SharedBytes sharedBytes(final String name, final byte[] initial)
    {
        return oneWordBytes(name, SmallWords.bytesWidth(initial.length), initial, "");
    }

    /**
     * Returns the one-word byte value of this name, creating it with {@code initial} if absent, at the original's
     * width for {@code width} bytes: 1, 2 or 4 as given, 3 as 4, and 5 to 8 as 8.
     *
     * @param name    entry name.
     * @param width   most bytes: 1 to 8.
     * @param initial a big-endian unsigned integer that fits the width.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if {@code width} is outside 1..8 (a longer value is a
     *                                    {@link #sharedWideBytes wide value}) or {@code initial} does not fit.
     * @throws IncompatibleEntryException if the name exists with another type or width.
     */
    public SharedBytes sharedBytes(final String name, final int width, final byte[] initial)
    {
        return oneWordBytes(name, oneWordBytesWidth(width), initial, "");
    }

    /**
     * Returns the wide byte value of this name, creating it with {@code initial} if absent: a byte string of at most
     * {@code capacity} bytes, without the one-word value's arithmetic.
     *
     * @param name     entry name.
     * @param capacity most bytes: 9 to 16 MiB (fewer fit a one-word {@link #sharedBytes(String, int, byte[])}).
     * @param initial  initial bytes, at most {@code capacity}.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if the capacity is out of range or {@code initial} does not fit.
     * @throws IncompatibleEntryException if the name exists with another type or capacity.
     */
    public SharedWideBytes sharedWideBytes(final String name, final int capacity, final byte[] initial)
    {
        return wideBytes(name, capacity, initial, "");
    }

    /**
     * A byte value with a format tag stored with the entry, for {@link StructureEntries#bytes}: one-word of the
     * original's width for a capacity of 1 to 8, wide above.
     */
    BytesValue sharedBytes(final String name, final int capacity, final byte[] initial, final String format)
    {
        if (capacity < 1 || capacity > WideValueDescriptor.MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity " + capacity + " is outside 1.." + WideValueDescriptor.MAX_CAPACITY);
        }
        return capacity <= Long.BYTES ? oneWordBytes(name, SmallWords.bytesWidth(capacity), initial, format) :
            wideBytes(name, capacity, initial, format);
    }

    private static int oneWordBytesWidth(final int width)
    {
        if (width < 1 || width > Long.BYTES)
        {
            throw new IllegalArgumentException("width " + width + " is outside 1..8, the sizes of a one-word value" + (width > Long.BYTES ?
                "; use sharedWideBytes(name, capacity, initial) for a wide value of " + EntryType.MIN_WIDE_BYTES_CAPACITY + ".." +
                WideValueDescriptor.MAX_CAPACITY + " bytes" : ""));
        }
        return SmallWords.bytesWidth(width);
    }

    private SharedBytes oneWordBytes(final String name, final int width, final byte[] initial, final String format)
    {
        final long word = SmallWords.bytesToWord(initial, width);
        if (cached(name) instanceof SharedBytes handle && handle.capacity() == width && handle.format().equals(format))
        {
            return handle;
        }
        final EntryShape shape = EntryType.BYTES.shape(width, format);
        return remember(new SharedBytes(this, name, entryAddress(name, shape, value -> NativeMemory.setPlain(value, word)), width, format));
    }

    SharedWideBytes wideBytes(final String name, final int capacity, final byte[] initial, final String format)
    {
        checkWideCapacity(capacity, EntryType.MIN_WIDE_BYTES_CAPACITY,
            "use sharedBytes(name, width, initial) for a one-word value of 1..8 bytes");
        checkFits(initial.length, capacity);
        if (cached(name) instanceof SharedWideBytes handle && handle.capacity() == capacity && handle.format().equals(format))
        {
            return handle;
        }
        final long address = entryAddress(name, EntryType.WIDE_BYTES.shape(capacity, format),
            value -> WideValue.initialize(value, capacity, initial));
        return remember(new SharedWideBytes(this, name, new WideValue(memory, address, capacity), address, format));
    }

    /**
     * Returns the one-word UTF-8 string of this name (the original's atomic_string), creating it with
     * {@code initial} if absent.
     *
     * @param name    entry name.
     * @param initial at most 7 bytes in UTF-8.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if {@code initial} does not fit 7 bytes (see {@link #sharedWideString}).
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
     * @throws IllegalArgumentException   if {@code initial} cannot be encoded or does not fit (see
     *                                    {@link #sharedWideString}).
     * @throws IncompatibleEntryException if the name exists with another type, width or charset.
     */
    public SharedString sharedString(final String name, final String initial, final Charset charset)
    {
        final byte[] encoded = StringValue.encode(initial, charset);
        return oneWordString(name, SmallWords.stringWidth(encoded.length), charset, encoded);
    }

    /**
     * Returns the one-word string of this name, creating it with {@code initial} if absent, at the original's width
     * for {@code capacity} encoded bytes.
     *
     * @param name     entry name.
     * @param capacity most encoded bytes: 1 to 7.
     * @param charset  the charset, fixed for the value's lifetime.
     * @param initial  initial value.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if the capacity is outside 1..7 (a longer string is a
     *                                    {@link #sharedWideString wide string}), or {@code initial} cannot be encoded
     *                                    or does not fit.
     * @throws IncompatibleEntryException if the name exists with another type, capacity or charset.
     */
    public SharedString sharedString(final String name, final int capacity, final Charset charset, final String initial)
    {
        final byte[] encoded = StringValue.encode(initial, charset);
        if (capacity < 1 || capacity >= Long.BYTES)
        {
            throw new IllegalArgumentException("capacity " + capacity + " is outside 1..7, the encoded sizes of a one-word string" +
                (capacity >= Long.BYTES ? "; use sharedWideString(name, capacity, charset, initial) for a wide string of " +
                EntryType.MIN_WIDE_STRING_CAPACITY + ".." + WideValueDescriptor.MAX_CAPACITY + " encoded bytes" : ""));
        }
        return oneWordString(name, SmallWords.stringWidth(capacity), charset, encoded);
    }

    /**
     * Returns the wide string of this name, creating it with {@code initial} if absent.
     *
     * @param name     entry name.
     * @param capacity most encoded bytes: 8 to 16 MiB (fewer fit a one-word
     *                 {@link #sharedString(String, int, Charset, String)}).
     * @param charset  the charset, fixed for the value's lifetime.
     * @param initial  initial value.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if the capacity is out of range or {@code initial} cannot be encoded or fit.
     * @throws IncompatibleEntryException if the name exists with another type, capacity or charset.
     */
    public SharedWideString sharedWideString(final String name, final int capacity, final Charset charset, final String initial)
    {
        final byte[] encoded = StringValue.encode(initial, charset);
        checkWideCapacity(capacity, EntryType.MIN_WIDE_STRING_CAPACITY,
            "use sharedString(name, capacity, charset, initial) for a one-word string of 1..7 encoded bytes");
        checkFits(encoded.length, capacity);
        if (cached(name) instanceof SharedWideString handle && handle.capacity() == capacity && handle.charset().equals(charset))
        {
            return handle;
        }
        final long address = entryAddress(name, EntryType.WIDE_STRING.shape(capacity, charset.name()),
            value -> WideValue.initialize(value, capacity, encoded));
        return remember(new SharedWideString(this, name, new WideValue(memory, address, capacity), address, charset));
    }

    private SharedString oneWordString(final String name, final int width, final Charset charset, final byte[] encoded)
    {
        final long word = SmallWords.stringToWord(encoded, encoded.length, width);
        if (cached(name) instanceof SharedString handle && handle.width() == width && handle.charset().equals(charset))
        {
            return handle;
        }
        final EntryShape shape = EntryType.STRING.shape(width, charset.name());
        return remember(new SharedString(this, name, entryAddress(name, shape, value -> NativeMemory.setPlain(value, word)), width, charset));
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
     * An array with a format tag stored with the entry, for {@link StructureEntries#words}.
     */
    SharedLongArray sharedLongArray(final String name, final int length, final String format)
    {
        if (length < 1 || length > MAX_ARRAY_LENGTH)
        {
            throw new IllegalArgumentException("array length " + length + " is outside 1.." + MAX_ARRAY_LENGTH);
        }
        if (cached(name) instanceof SharedLongArray handle && handle.length() == length && handle.format().equals(format))
        {
            return handle;
        }
        final EntryShape shape = EntryType.LONG_ARRAY.shape(length, format);
        return remember(new SharedLongArray(this, name, entryAddress(name, shape, value -> { }), length, format));
    }

    private static void checkWideCapacity(final int capacity, final int minimum, final String oneWordHint)
    {
        if (capacity < minimum || capacity > WideValueDescriptor.MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity " + capacity + " is outside " + minimum + ".." + WideValueDescriptor.MAX_CAPACITY +
                ", the sizes of a wide value" + (capacity < minimum ? "; " + oneWordHint : ""));
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
     * Returns the handle of an existing entry whatever its type and shape, for tools that act on names they did not
     * create (the command line's {@code set}): a {@link SharedLong}, {@link SharedString}, {@link SharedLongArray} and so
     * on, as the entry was created; test it with {@code instanceof}. The same handle the typed factory returns.
     *
     * @param name entry name.
     * @return the handle, or empty if the region has no such name.
     * @throws IllegalStateException if the region is closed.
     * @throws RegionFormatException if the entry's stored shape is corrupt.
     */
    public Optional<SharedValue> find(final String name)
    {
        memory.checkReadable();
        final Registry.Entry entry = registry.find(name);
        return entry == null ? Optional.empty() : Optional.of(remember(handleFor(entry)));
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
        // Every handle this object returned is in the cache (remember() sees to it): mark each, so that its next access
        // throws, then drop them so they can be collected with the mapping. A factory racing with this loop sees the
        // closed state after caching its handle, and marks it itself.
        for (final SharedValue handle : handles.values())
        {
            handle.markClosed();
        }
        handles.clear();
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
            throw new IncompatibleEntryException("entry '" + name + "' in " + memory.description() + " is " +
                EntryType.inUserTerms(entry.shape()) + "; the serialized handle was a " + type.name());
        }
        return remember(handle);
    }

    /**
     * The handle this region object last returned for {@code name}, for the caller to check its shape; the region
     * check of every factory, made first so that a closed region throws whether or not the name is cached.
     *
     * @param name entry name, maybe null or invalid (then never cached).
     * @return the cached handle, or null.
     * @throws IllegalStateException if the region is closed.
     */
    private SharedValue cached(final String name)
    {
        memory.checkReadable();
        return name == null ? null : handles.get(name);
    }

    /**
     * Caches a handle a factory made for a name found or created in the directory (whose shape it checked), and returns
     * the cached one: every handle a factory returns is in the cache, so that {@link #close()} can mark it closed.
     */
    @SuppressWarnings("unchecked")
    private <T extends SharedValue> T remember(final T handle)
    {
        final SharedValue earlier = handles.putIfAbsent(handle.name(), handle);
        // A thread that cached the same name first made a handle of the same shape: the directory holds one shape per name.
        final T remembered = earlier != null && earlier.getClass() == handle.getClass() ? (T)earlier : handle;
        if (memory.isClosed())
        {
            // close() may have marked the cache before this handle was in it.
            remembered.markClosed();
            handle.markClosed();
            memory.checkReadable();
        }
        return remembered;
    }

    private long valueAddress(final String name, final ValueType type, final long initialWord)
    {
        return entryAddress(name, type.stored.shape(0, ""), address -> NativeMemory.setPlain(address, initialWord));
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
            throw new IncompatibleEntryException("entry '" + entry.name() + "' in " + memory.description() + " is " + EntryType.inUserTerms(actual) +
                "; you asked for " + EntryType.inUserTerms(expected));
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
        final ValueType type = ValueType.of(EntryType.ofId(shape.typeId()));
        if (type == null || !type.stored.accepts(shape))
        {
            throw new RegionFormatException(memory.description() + ": entry '" + entry.name() + "' is " + EntryType.describe(shape) +
                ", which this library does not know");
        }
        return type.factory.create(this, entry.name(), checkedValueAddress(entry, shape), shape);
    }

    WideValue wideValue(final long address, final EntryShape shape)
    {
        return new WideValue(memory, address, (int)shape.parameter());
    }

    Charset charsetOf(final String name, final EntryShape shape)
    {
        final Charset charset;
        try
        {
            charset = Charset.forName(shape.format());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RegionFormatException(memory.description() + ": entry '" + name + "' is stored in charset '" +
                shape.format() + "', which this JVM does not support");
        }
        if (!charset.canEncode())
        {
            throw new RegionFormatException(memory.description() + ": entry '" + name + "' is stored in charset '" +
                charset.name() + "', which can only decode: no library version creates such an entry");
        }
        return charset;
    }

    private RegionEntry snapshot(final Registry.Entry entry)
    {
        final SharedValue handle = handleFor(entry);
        final EntryShape shape = entry.shape();
        return new RegionEntry(entry.name(), handle.type(), shape.valueLength(), handle.type().stored.detail(shape), shape.format(),
            handle.toString());
    }
}
