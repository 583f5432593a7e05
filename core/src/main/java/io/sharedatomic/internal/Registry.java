package io.sharedatomic.internal;

import java.lang.ref.Reference;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.sharedatomic.layout.DirectoryDescriptor;
import io.sharedatomic.layout.EntryDescriptor;
import io.sharedatomic.layout.EntryShape;
import io.sharedatomic.layout.RegionDescriptor;
import io.sharedatomic.layout.RegionFormatException;
import io.sharedatomic.layout.RegionFullException;

/**
 * The named entries of one region: lock-free create-or-attach across threads and processes, lookup and enumeration.
 * See {@link DirectoryDescriptor} for why publishing a complete record with one CAS makes this race-free and
 * crash-safe. Everything here is an admin path: it allocates and validates every offset it reads. Each public method
 * ends with a reachability fence on the region's memory, which keeps the mapping alive while raw addresses are in use.
 */
public final class Registry
{
    /**
     * Writes the initial value of a new entry into memory nobody else can see yet.
     */
    @FunctionalInterface
    public interface Initializer
    {
        /**
         * @param valueAddress address of the value bytes (zeroed, aligned).
         */
        void initialize(long valueAddress);
    }

    /**
     * One published entry.
     *
     * @param name        entry name.
     * @param shape       what it is.
     * @param valueOffset offset of the value from the region base (validated, aligned).
     */
    public record Entry(String name, EntryShape shape, long valueOffset)
    {
    }

    private final RegionMemory memory;
    private final RegionDescriptor.Shape shape;
    private final long directoryAddress;

    /**
     * @param memory the region's memory.
     * @param shape  its validated shape.
     */
    public Registry(final RegionMemory memory, final RegionDescriptor.Shape shape)
    {
        this.memory = memory;
        this.shape = shape;
        this.directoryAddress = memory.address() + shape.directoryOffset();
    }

    /**
     * @return the region's shape.
     */
    public RegionDescriptor.Shape shape()
    {
        return shape;
    }

    /**
     * @param name entry name.
     * @return the entry, or null if there is none of that name.
     */
    public Entry find(final String name)
    {
        try
        {
            return findUnfenced(name);
        }
        finally
        {
            Reference.reachabilityFence(memory);
        }
    }

    private Entry findUnfenced(final String name)
    {
        final byte[] utf8 = encodeName(name);
        final Probe probe = probe(utf8, DirectoryDescriptor.hash(utf8));
        return probe.entry;
    }

    /**
     * Returns the entry of this name, creating it if absent. When several threads or processes create the same name
     * at once, exactly one record is published and initialized, and all of them return it.
     *
     * @param name        entry name.
     * @param entryShape  shape of a new entry.
     * @param initializer writes a new entry's initial value before it is published.
     * @return the existing or new entry; the caller checks its shape.
     */
    public Entry findOrCreate(final String name, final EntryShape entryShape, final Initializer initializer)
    {
        try
        {
            return findOrCreateUnfenced(name, entryShape, initializer);
        }
        finally
        {
            Reference.reachabilityFence(memory);
        }
    }

    private Entry findOrCreateUnfenced(final String name, final EntryShape entryShape, final Initializer initializer)
    {
        final byte[] utf8 = encodeName(name);
        final byte[] format = encodeText(entryShape.format(), StandardCharsets.US_ASCII, "format");
        final int hash = DirectoryDescriptor.hash(utf8);
        long recordOffset = -1;
        long recordEnd = -1;
        while (true)
        {
            final Probe probe = probe(utf8, hash);
            if (probe.entry != null)
            {
                if (recordOffset >= 0)
                {
                    // Lost a race for this name: give back the entry count, and our unpublished record, zeroed as
                    // allocations expect, if nothing was allocated after it; otherwise its bytes stay unused.
                    NativeMemory.getAndAdd(memory.address() + RegionDescriptor.ENTRY_COUNT_OFFSET, -1);
                    NativeMemory.zero(memory.address() + recordOffset, recordEnd - recordOffset);
                    NativeMemory.compareAndSet(memory.address() + RegionDescriptor.ALLOCATION_CURSOR_OFFSET, recordEnd, recordOffset);
                }
                return probe.entry;
            }
            if (memory.isReadOnly())
            {
                throw new IllegalStateException(memory.description() + " was attached read-only and has no entry '" + name +
                    "'; attach it read-write to create entries");
            }
            if (probe.freeSlot < 0)
            {
                throw new RegionFullException(memory.description() + " has no free directory slot for '" + name + "': all " +
                    shape.directoryCapacity() + " are used; create the region with a larger RegionSpec.entryCapacity");
            }
            if (recordOffset < 0)
            {
                reserveEntry(name);
                try
                {
                    recordOffset = allocate(name, utf8.length, format.length, entryShape.valueLength());
                }
                catch (final RuntimeException ex)
                {
                    NativeMemory.getAndAdd(memory.address() + RegionDescriptor.ENTRY_COUNT_OFFSET, -1);
                    throw ex;
                }
                recordEnd = EntryDescriptor.recordEnd(recordOffset, utf8.length, format.length, entryShape.valueLength(),
                    shape.valueAlignment());
                writeRecord(recordOffset, utf8, format, entryShape, initializer);
            }
            final long slotAddress = directoryAddress + (long)probe.freeSlot * DirectoryDescriptor.SLOT_LENGTH;
            // The CAS is a full fence: the record written above is visible to whoever reads the slot.
            if (NativeMemory.compareAndSet(slotAddress, 0L, DirectoryDescriptor.slotWord(recordOffset, hash)))
            {
                return readRecord(recordOffset);
            }
            // Another creator took the slot: probe again, it may have published this very name.
        }
    }

    /**
     * @return every published entry, in directory order.
     */
    public List<Entry> entries()
    {
        try
        {
            return entriesUnfenced();
        }
        finally
        {
            Reference.reachabilityFence(memory);
        }
    }

    private List<Entry> entriesUnfenced()
    {
        final List<Entry> entries = new ArrayList<>();
        for (int slot = 0; slot < shape.directoryCapacity(); slot++)
        {
            final long word = slotWord(slot);
            if (word != 0)
            {
                entries.add(readRecord(DirectoryDescriptor.recordOffset(word)));
            }
        }
        return entries;
    }

    private static final class Probe
    {
        Entry entry;
        int freeSlot = -1;
    }

    private Probe probe(final byte[] utf8, final int hash)
    {
        final Probe probe = new Probe();
        final int mask = shape.directoryCapacity() - 1;
        int slot = hash & mask;
        for (int probes = 0; probes <= mask; probes++, slot = (slot + 1) & mask)
        {
            final long word = slotWord(slot);
            if (word == 0)
            {
                probe.freeSlot = slot;
                return probe;
            }
            // The hash in the slot spares reading the record of almost every other name.
            if (DirectoryDescriptor.nameHash(word) == hash && nameEquals(DirectoryDescriptor.recordOffset(word), utf8))
            {
                probe.entry = readRecord(DirectoryDescriptor.recordOffset(word));
                return probe;
            }
        }
        return probe;
    }

    /** Directory slots lie inside the region: checkShape validated the directory once. */
    private long slotWord(final int slot)
    {
        return NativeMemory.getVolatile(directoryAddress + (long)slot * DirectoryDescriptor.SLOT_LENGTH);
    }

    private boolean nameEquals(final long recordOffset, final byte[] utf8)
    {
        if (nameLength(recordOffset) != utf8.length)
        {
            return false;
        }
        final long name = memory.checkedAddress(recordOffset + EntryDescriptor.NAME_OFFSET, utf8.length, "record name");
        for (int i = 0; i < utf8.length; i++)
        {
            if (NativeMemory.getByte(name + i) != utf8[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Counts a new entry against the limit before it is published. A process killed between this and the publication
     * leaves the count one too high: like the data bytes it had claimed, that room is lost, never an entry.
     */
    private void reserveEntry(final String name)
    {
        final long countAddress = memory.address() + RegionDescriptor.ENTRY_COUNT_OFFSET;
        while (true)
        {
            final long count = NativeMemory.getVolatile(countAddress);
            if (count >= shape.entryCapacity())
            {
                throw new RegionFullException(memory.description() + " holds its limit of " + shape.entryCapacity() + " entries; '" + name +
                    "' does not fit: create the region with a larger RegionSpec.entryCapacity");
            }
            if (NativeMemory.compareAndSet(countAddress, count, count + 1))
            {
                return;
            }
        }
    }

    private long allocate(final String name, final int nameLength, final int formatLength, final long valueLength)
    {
        final long cursorAddress = memory.address() + RegionDescriptor.ALLOCATION_CURSOR_OFFSET;
        while (true)
        {
            final long start = NativeMemory.getVolatile(cursorAddress);
            if (start < shape.dataOffset() || start > shape.regionLength() || (start & 7) != 0)
            {
                throw new RegionFormatException(memory.description() + " has a corrupt allocation cursor " + start);
            }
            final long end = EntryDescriptor.recordEnd(start, nameLength, formatLength, valueLength, shape.valueAlignment());
            if (valueLength > shape.regionLength() || end > shape.regionLength())
            {
                throw new RegionFullException(memory.description() + " has " + (shape.regionLength() - start) +
                    " free data bytes, too few for '" + name + "' (" + valueLength + " value bytes); create the region with a larger " +
                    "RegionSpec.dataCapacity");
            }
            // Claims [start, end) for this process alone until it is published.
            if (NativeMemory.compareAndSet(cursorAddress, start, end))
            {
                return start;
            }
        }
    }

    private void writeRecord(final long recordOffset, final byte[] utf8, final byte[] format, final EntryShape entryShape,
        final Initializer initializer)
    {
        final long valueOffset = EntryDescriptor.valueOffset(recordOffset, utf8.length, format.length, shape.valueAlignment());
        final long record = memory.checkedAddress(recordOffset, valueOffset + entryShape.valueLength() - recordOffset, "new record");
        NativeMemory.putInt(record + EntryDescriptor.TYPE_ID_OFFSET, entryShape.typeId());
        NativeMemory.putInt(record + EntryDescriptor.NAME_LENGTH_OFFSET, utf8.length);
        NativeMemory.setPlain(record + EntryDescriptor.VALUE_LENGTH_OFFSET, entryShape.valueLength());
        NativeMemory.setPlain(record + EntryDescriptor.VALUE_OFFSET_OFFSET, valueOffset);
        NativeMemory.setPlain(record + EntryDescriptor.PARAMETER_OFFSET, entryShape.parameter());
        NativeMemory.putInt(record + EntryDescriptor.FORMAT_LENGTH_OFFSET, format.length);
        for (int i = 0; i < utf8.length; i++)
        {
            NativeMemory.putByte(record + EntryDescriptor.NAME_OFFSET + i, utf8[i]);
        }
        for (int i = 0; i < format.length; i++)
        {
            NativeMemory.putByte(record + EntryDescriptor.NAME_OFFSET + utf8.length + i, format[i]);
        }
        initializer.initialize(memory.address() + valueOffset);
    }

    private int nameLength(final long recordOffset)
    {
        checkRecordOffset(recordOffset);
        final int nameLength = memory.checkedGetInt(recordOffset + EntryDescriptor.NAME_LENGTH_OFFSET, "record name length");
        if (nameLength <= 0 || nameLength > EntryDescriptor.MAX_NAME_LENGTH)
        {
            throw new RegionFormatException(memory.description() + ": record at " + recordOffset + " has a corrupt name length " + nameLength);
        }
        return nameLength;
    }

    private byte[] readName(final long recordOffset)
    {
        final byte[] name = new byte[nameLength(recordOffset)];
        memory.checkedRead(recordOffset + EntryDescriptor.NAME_OFFSET, name, "record name");
        return name;
    }

    private Entry readRecord(final long recordOffset)
    {
        final byte[] utf8 = readName(recordOffset);
        final int typeId = memory.checkedGetInt(recordOffset + EntryDescriptor.TYPE_ID_OFFSET, "record type");
        final long valueLength = memory.checkedGetVolatile(recordOffset + EntryDescriptor.VALUE_LENGTH_OFFSET, "record value length");
        final long valueOffset = memory.checkedGetVolatile(recordOffset + EntryDescriptor.VALUE_OFFSET_OFFSET, "record value offset");
        final long parameter = memory.checkedGetVolatile(recordOffset + EntryDescriptor.PARAMETER_OFFSET, "record parameter");
        final int formatLength = memory.checkedGetInt(recordOffset + EntryDescriptor.FORMAT_LENGTH_OFFSET, "record format length");
        if (formatLength < 0 || formatLength > EntryDescriptor.MAX_FORMAT_LENGTH || valueLength <= 0 ||
            valueOffset != EntryDescriptor.valueOffset(recordOffset, utf8.length, formatLength, shape.valueAlignment()))
        {
            throw new RegionFormatException(memory.description() + ": record at " + recordOffset + " has a corrupt value offset " +
                valueOffset + ", value length " + valueLength + " or format length " + formatLength);
        }
        final byte[] format = new byte[formatLength];
        memory.checkedRead(recordOffset + EntryDescriptor.NAME_OFFSET + utf8.length, format, "record format");
        memory.checkedAddress(valueOffset, valueLength, "record value");
        final EntryShape entryShape;
        final String name;
        try
        {
            entryShape = new EntryShape(typeId, valueLength, parameter,
                StrictCharsets.decode(format, 0, format.length, StandardCharsets.US_ASCII));
            // Strictly: a damaged name must not come out with U+FFFD in it, as a name no lookup can find.
            name = StrictCharsets.decode(utf8, 0, utf8.length, StandardCharsets.UTF_8);
        }
        catch (final IllegalArgumentException | CharacterCodingException ex)
        {
            throw new RegionFormatException(memory.description() + ": record at " + recordOffset + " is corrupt: " + ex.getMessage());
        }
        return new Entry(name, entryShape, valueOffset);
    }

    private void checkRecordOffset(final long recordOffset)
    {
        if (recordOffset < shape.dataOffset() || recordOffset > shape.regionLength() - EntryDescriptor.NAME_OFFSET)
        {
            throw new RegionFormatException(memory.description() + ": directory points at " + recordOffset +
                ", outside the data area");
        }
    }

    /**
     * Validates a name and returns its UTF-8 bytes.
     *
     * @param name entry name.
     * @return UTF-8 bytes.
     * @throws IllegalArgumentException if the name is empty, too long, has control characters or is not valid Unicode.
     */
    public static byte[] encodeName(final String name)
    {
        if (name == null || name.isEmpty())
        {
            throw new IllegalArgumentException("an entry name must not be null or empty");
        }
        // A lone surrogate would silently become '?' in UTF-8: refuse it instead (before any later control character).
        final int surrogate = StrictCharsets.unpairedSurrogate(name);
        final int end = surrogate < 0 ? name.length() : surrogate;
        for (int i = 0; i < end; i++)
        {
            if (Character.isISOControl(name.charAt(i)))
            {
                throw new IllegalArgumentException("entry name '" + name.replaceAll("\\p{Cntrl}", "?") +
                    "' has a control character at index " + i + "; use printable characters");
            }
        }
        if (surrogate >= 0)
        {
            throw new IllegalArgumentException("entry name has an unpaired surrogate at index " + surrogate + "; it is not valid Unicode");
        }
        final byte[] utf8 = encodeText(name, StandardCharsets.UTF_8, "entry name");
        if (utf8.length > EntryDescriptor.MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException("entry name is " + utf8.length + " UTF-8 bytes long; the limit is " +
                EntryDescriptor.MAX_NAME_LENGTH);
        }
        return utf8;
    }

    /** Names and formats were validated: encoding them strictly cannot fail, and would say so if it did. */
    private static byte[] encodeText(final String text, final Charset charset, final String what)
    {
        try
        {
            return StrictCharsets.encode(text, charset);
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException(what + " '" + text + "' cannot be encoded in " + charset.name() + ": " + ex, ex);
        }
    }
}
