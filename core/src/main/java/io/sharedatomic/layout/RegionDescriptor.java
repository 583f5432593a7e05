package io.sharedatomic.layout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Layout of the region header, the first 128 bytes of every region file. All fields are in the byte order of the
 * machine that created the file, which {@code BYTE_ORDER} records.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Magic "SHATOMIC" (8 bytes)                    |   0
 *  +---------------------------------------------------------------+
 *  |         Layout Version          |   Byte Order (0x01020304)   |   8
 *  +---------------------------------------------------------------+
 *  |                  Region Length (whole file)                   |  16
 *  +---------------------------------------------------------------+
 *  |                     Directory Offset                          |  24
 *  +---------------------------------------------------------------+
 *  |    Directory Capacity (slots)   |  Value Alignment (8 or 64)  |  32
 *  +---------------------------------------------------------------+
 *  |                        Data Offset                            |  40
 *  +---------------------------------------------------------------+
 *  |              Entry Capacity (most named entries)              |  48
 *  +---------------------------------------------------------------+
 *  |           State: READY, release-stored last                   |  56
 *  +---------------------------------------------------------------+
 *  |     Allocation Cursor: next free data byte, advanced by CAS   |  64
 *  +---------------------------------------------------------------+
 *  |     Entry Count: entries published or being published (CAS)  |  72
 *  +---------------------------------------------------------------+
 *  |     Lease Counter: owner tokens handed out (LeaseDescriptor)  |  80
 *  |   (cursor, count and lease counter alone on their cache line) |
 *  +---------------------------------------------------------------+ 128
 * </pre>
 *
 * <p>The directory has twice as many slots as the entry capacity, rounded up to a power of two, so that its linear
 * probes stay short even when the region is full.
 *
 * <p>A file is written completely, state last, under a temporary name and only then linked to its path, so an
 * attacher never sees a half-written header; the state word still guards against files copied or damaged mid-way.
 */
public final class RegionDescriptor
{
    /** "SHATOMIC" read as a little-endian long. */
    public static final long MAGIC = 0x43494D4F54414853L;
    /** Layout version this code reads and writes. */
    public static final int LAYOUT_VERSION = 2;
    /** Written in native order; reads back differently on a machine of the other byte order. */
    public static final int BYTE_ORDER_MARK = 0x01020304;
    /** State value published last. */
    public static final long STATE_READY = 0x5245414459L;

    public static final int MAGIC_OFFSET = 0;
    public static final int LAYOUT_VERSION_OFFSET = MAGIC_OFFSET + Long.BYTES;
    public static final int BYTE_ORDER_OFFSET = LAYOUT_VERSION_OFFSET + Integer.BYTES;
    public static final int REGION_LENGTH_OFFSET = BYTE_ORDER_OFFSET + Integer.BYTES;
    public static final int DIRECTORY_OFFSET_OFFSET = REGION_LENGTH_OFFSET + Long.BYTES;
    public static final int DIRECTORY_CAPACITY_OFFSET = DIRECTORY_OFFSET_OFFSET + Long.BYTES;
    public static final int VALUE_ALIGNMENT_OFFSET = DIRECTORY_CAPACITY_OFFSET + Integer.BYTES;
    public static final int DATA_OFFSET_OFFSET = VALUE_ALIGNMENT_OFFSET + Integer.BYTES;
    public static final int ENTRY_CAPACITY_OFFSET = DATA_OFFSET_OFFSET + Long.BYTES;
    public static final int STATE_OFFSET = ENTRY_CAPACITY_OFFSET + Long.BYTES;
    public static final int ALLOCATION_CURSOR_OFFSET = STATE_OFFSET + Long.BYTES;
    public static final int ENTRY_COUNT_OFFSET = ALLOCATION_CURSOR_OFFSET + Long.BYTES;
    public static final int LEASE_COUNTER_OFFSET = ENTRY_COUNT_OFFSET + Long.BYTES;
    /** Two cache lines; the bytes after the lease counter are reserved (zero). */
    public static final int HEADER_LENGTH = 2 * 64;

    /** Largest region: directory words hold data offsets divided by 8 in 32 bits. */
    public static final long MAX_REGION_LENGTH = 1L << 35;

    private RegionDescriptor()
    {
    }

    /**
     * The validated shape of a region, as its header states it.
     *
     * @param regionLength      bytes in the file.
     * @param directoryOffset   where the directory starts.
     * @param directoryCapacity slots in the directory (a power of two, at least the entry capacity).
     * @param valueAlignment    8 (packed) or 64 (one value per cache line).
     * @param dataOffset        where entry records start.
     * @param entryCapacity        most named entries.
     */
    public record Shape(long regionLength, long directoryOffset, int directoryCapacity, int valueAlignment, long dataOffset,
        int entryCapacity)
    {
        /**
         * Computes the shape of a new region.
         *
         * @param entryCapacity     most named entries.
         * @param dataCapacity   bytes for entries and values.
         * @param valueAlignment 8 or 64.
         * @param pageSize       the region length is rounded up to it.
         * @return the shape.
         */
        public static Shape of(final int entryCapacity, final long dataCapacity, final int valueAlignment, final int pageSize)
        {
            final int directoryCapacity = directoryCapacityFor(entryCapacity);
            final long directoryOffset = HEADER_LENGTH;
            final long dataOffset = align(directoryOffset + DirectoryDescriptor.directoryLength(directoryCapacity), 64);
            final long regionLength = align(dataOffset + dataCapacity, pageSize);
            return new Shape(regionLength, directoryOffset, directoryCapacity, valueAlignment, dataOffset, entryCapacity);
        }
    }

    /**
     * @param entryCapacity most named entries.
     * @return slots for them: twice as many, rounded up to a power of two, so that probes stay short.
     */
    public static int directoryCapacityFor(final int entryCapacity)
    {
        return Integer.highestOneBit(Math.max(1, 2 * entryCapacity - 1)) << 1;
    }

    /**
     * Validates a header read from a file before anything is mapped.
     *
     * @param header     at least {@link #HEADER_LENGTH} bytes from offset 0 of the file, or fewer if the file is shorter.
     * @param fileLength the file's length.
     * @param path       for messages.
     * @return the shape, consistent with the file's length.
     * @throws RegionFormatException       if the file is not a complete region.
     * @throws UnsupportedLayoutException  if it is a region of another layout version.
     */
    public static Shape checkHeader(final ByteBuffer header, final long fileLength, final String path)
    {
        if (fileLength < HEADER_LENGTH || header.remaining() < HEADER_LENGTH)
        {
            throw new RegionFormatException(path + " is not a shared-atomic region: it has " + fileLength +
                " bytes, fewer than the " + HEADER_LENGTH + "-byte header (truncated or not a region file)");
        }
        final ByteBuffer buffer = header.duplicate().order(ByteOrder.nativeOrder());
        final long magic = buffer.getLong(MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            if (magic == Long.reverseBytes(MAGIC))
            {
                throw new RegionFormatException(path + " is a shared-atomic region written on a machine of the other byte order; " +
                    "it can only be attached on such a machine");
            }
            throw new RegionFormatException(path + " is not a shared-atomic region (wrong magic number 0x" +
                Long.toHexString(magic) + "); check the path");
        }
        final int version = buffer.getInt(LAYOUT_VERSION_OFFSET);
        if (version != LAYOUT_VERSION)
        {
            throw new UnsupportedLayoutException(path + " has region layout version " + version + " but this library reads version " +
                LAYOUT_VERSION + "; use the shared-atomic release that created it", version, LAYOUT_VERSION);
        }
        if (buffer.getInt(BYTE_ORDER_OFFSET) != BYTE_ORDER_MARK)
        {
            throw new RegionFormatException(path + " has a corrupt byte-order mark");
        }
        if (buffer.getLong(STATE_OFFSET) != STATE_READY)
        {
            throw new RegionFormatException(path + " was never completely initialized (state 0x" +
                Long.toHexString(buffer.getLong(STATE_OFFSET)) + "); delete it and create the region again");
        }
        final Shape shape = new Shape(
            buffer.getLong(REGION_LENGTH_OFFSET),
            buffer.getLong(DIRECTORY_OFFSET_OFFSET),
            buffer.getInt(DIRECTORY_CAPACITY_OFFSET),
            buffer.getInt(VALUE_ALIGNMENT_OFFSET),
            buffer.getLong(DATA_OFFSET_OFFSET),
            (int)Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, buffer.getLong(ENTRY_CAPACITY_OFFSET))));
        if (shape.regionLength() != fileLength)
        {
            throw new RegionFormatException(path + " is truncated or was extended: its header says " + shape.regionLength() +
                " bytes but the file has " + fileLength);
        }
        checkShape(shape, path);
        return shape;
    }

    /**
     * Validates the relations between the fields of a shape.
     *
     * @param shape to validate.
     * @param path  for messages.
     * @throws RegionFormatException if the shape is impossible.
     */
    public static void checkShape(final Shape shape, final String path)
    {
        final String problem = shapeProblem(shape);
        if (problem != null)
        {
            throw new RegionFormatException(path + " has a corrupt header: " + problem + " is impossible");
        }
    }

    /**
     * The one rule for what shapes a region may have: what creation refuses to make is exactly what attach refuses
     * to read.
     *
     * @param shape to validate.
     * @return null if the shape is possible, else the field that is not, with its value.
     */
    public static String shapeProblem(final Shape shape)
    {
        if (shape.regionLength() <= HEADER_LENGTH || shape.regionLength() > MAX_REGION_LENGTH)
        {
            return "region length " + shape.regionLength();
        }
        if (shape.directoryOffset() != HEADER_LENGTH)
        {
            return "directory offset " + shape.directoryOffset();
        }
        if (shape.directoryCapacity() <= 0 || Integer.bitCount(shape.directoryCapacity()) != 1)
        {
            return "directory capacity " + shape.directoryCapacity();
        }
        if (shape.entryCapacity() < 1 || shape.entryCapacity() > shape.directoryCapacity())
        {
            return "entry capacity " + shape.entryCapacity();
        }
        if (shape.valueAlignment() != 8 && shape.valueAlignment() != 64)
        {
            return "value alignment " + shape.valueAlignment();
        }
        if (shape.dataOffset() != align(shape.directoryOffset() + DirectoryDescriptor.directoryLength(shape.directoryCapacity()), 64) ||
            shape.dataOffset() >= shape.regionLength())
        {
            return "data offset " + shape.dataOffset();
        }
        return null;
    }

    /**
     * @param value     to round up.
     * @param alignment a power of two.
     * @return the smallest multiple of {@code alignment} not below {@code value}.
     */
    public static long align(final long value, final long alignment)
    {
        return (value + alignment - 1) & -alignment;
    }
}
