package io.sharedatomic;

/**
 * The type of a named entry, with the id stored in the region file. Ids are part of the file layout and never change.
 */
public enum ValueType
{
    /** {@link SharedLong}: signed 64-bit (the original's atomic_int). */
    LONG(1),
    /** {@link SharedULong}: unsigned 64-bit (the original's atomic_uint). */
    ULONG(2),
    /** {@link SharedDouble}: IEEE 754 double, stored as its raw bits (the original's atomic_float). */
    DOUBLE(3),
    /** {@link SharedBoolean}: stored as a 64-bit 0 or 1 (the original's atomic_bool). */
    BOOLEAN(4),
    /** {@link SharedBytes} of at most 8 bytes in one word (the original's atomic_bytearray). */
    BYTES(5),
    /** {@link SharedString} of at most 7 encoded bytes in one word (the original's atomic_string). */
    STRING(6),
    /** {@link SharedBytes} with a capacity above 8 bytes. */
    WIDE_BYTES(7),
    /** {@link SharedString} with a capacity above 7 bytes. */
    WIDE_STRING(8),
    /** {@link SharedLongArray}: a span of 64-bit words. */
    LONG_ARRAY(9);

    private static final ValueType[] BY_ID = {null, LONG, ULONG, DOUBLE, BOOLEAN, BYTES, STRING, WIDE_BYTES, WIDE_STRING, LONG_ARRAY};

    private final int id;

    ValueType(final int id)
    {
        this.id = id;
    }

    /**
     * @return the id stored in region files.
     */
    public int id()
    {
        return id;
    }

    /**
     * @param id stored type id.
     * @return the type, or null if the id is unknown.
     */
    static ValueType ofId(final int id)
    {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
