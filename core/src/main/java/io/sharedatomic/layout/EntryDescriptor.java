package io.sharedatomic.layout;

/**
 * Layout of an entry record in the data area. A record is written completely by its creator before a directory slot
 * points at it, and never changes afterwards; only its value bytes do.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            Type Id            |    Name Length (UTF-8 bytes)  |   0
 *  +---------------------------------------------------------------+
 *  |                 Value Length (bytes)                          |   8
 *  +---------------------------------------------------------------+
 *  |             Value Offset (from the region base)               |  16
 *  +---------------------------------------------------------------+
 *  |    Parameter (type-specific: width, capacity, length, or 0)   |  24
 *  +---------------------------------------------------------------+
 *  |     Format Length (ASCII)     |           Reserved            |  32
 *  +---------------------------------------------------------------+
 *  |  Name (UTF-8), then Format (ASCII: a charset name, a tag)  ...  40
 *  +---------------------------------------------------------------+
 *  |  padding up to the value alignment (8, or 64 for one value per line)
 *  +---------------------------------------------------------------+
 *  |                 Value, padded to the value alignment         ...
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class EntryDescriptor
{
    public static final int TYPE_ID_OFFSET = 0;
    public static final int NAME_LENGTH_OFFSET = TYPE_ID_OFFSET + Integer.BYTES;
    public static final int VALUE_LENGTH_OFFSET = NAME_LENGTH_OFFSET + Integer.BYTES;
    public static final int VALUE_OFFSET_OFFSET = VALUE_LENGTH_OFFSET + Long.BYTES;
    public static final int PARAMETER_OFFSET = VALUE_OFFSET_OFFSET + Long.BYTES;
    public static final int FORMAT_LENGTH_OFFSET = PARAMETER_OFFSET + Long.BYTES;
    /** The format length is an int; the int after it is reserved. */
    public static final int NAME_OFFSET = FORMAT_LENGTH_OFFSET + Long.BYTES;

    /** Longest entry name in UTF-8 bytes. */
    public static final int MAX_NAME_LENGTH = 255;
    /** Longest format in ASCII characters. */
    public static final int MAX_FORMAT_LENGTH = 64;

    private EntryDescriptor()
    {
    }

    /**
     * @param recordOffset    where the record starts (8-byte aligned).
     * @param nameLength      UTF-8 bytes of the name.
     * @param formatLength ASCII bytes of the format.
     * @param valueAlignment  8 or 64.
     * @return where the value starts.
     */
    public static long valueOffset(final long recordOffset, final int nameLength, final int formatLength, final int valueAlignment)
    {
        return RegionDescriptor.align(recordOffset + NAME_OFFSET + nameLength + formatLength, valueAlignment);
    }

    /**
     * @param recordOffset    where the record starts (8-byte aligned).
     * @param nameLength      UTF-8 bytes of the name.
     * @param formatLength ASCII bytes of the format.
     * @param valueLength     bytes of the value.
     * @param valueAlignment  8 or 64.
     * @return where the next record may start: the value's cache lines are never shared when the alignment is 64.
     */
    public static long recordEnd(final long recordOffset, final int nameLength, final int formatLength, final long valueLength,
        final int valueAlignment)
    {
        return RegionDescriptor.align(valueOffset(recordOffset, nameLength, formatLength, valueAlignment) + valueLength, valueAlignment);
    }
}
