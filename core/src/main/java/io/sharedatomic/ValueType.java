package io.sharedatomic;

import io.sharedatomic.internal.EntryShape;

/**
 * The type of a named entry, with the id stored in the region file. Ids are part of the file layout and never change.
 */
public enum ValueType
{
    /** {@link SharedLong}: signed 64-bit (the original's atomic_int). */
    LONG(1, Long.BYTES),
    /** {@link SharedULong}: unsigned 64-bit (the original's atomic_uint). */
    ULONG(2, Long.BYTES),
    /** {@link SharedDouble}: IEEE 754 double, stored as its raw bits (the original's atomic_float). */
    DOUBLE(3, Long.BYTES),
    /** {@link SharedBoolean}: stored as a 64-bit 0 or 1 (the original's atomic_bool). */
    BOOLEAN(4, Long.BYTES);

    private static final ValueType[] BY_ID = {null, LONG, ULONG, DOUBLE, BOOLEAN};

    private final int id;
    private final int byteLength;
    private final EntryShape shape;

    ValueType(final int id, final int byteLength)
    {
        this.id = id;
        this.byteLength = byteLength;
        this.shape = EntryShape.of(id, byteLength);
    }

    /**
     * @return the id stored in region files.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return bytes the value occupies.
     */
    public int byteLength()
    {
        return byteLength;
    }

    /**
     * @return the shape an entry of this type has in a region file.
     */
    EntryShape shape()
    {
        return shape;
    }

    /**
     * @param id stored type id.
     * @return the type, or null if the id is unknown.
     */
    static ValueType ofId(final int id)
    {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /**
     * @param word the stored 64-bit word.
     * @return the value as its type prints it.
     */
    String render(final long word)
    {
        switch (this)
        {
            case LONG:
                return Long.toString(word);
            case ULONG:
                return Long.toUnsignedString(word);
            case DOUBLE:
                return Double.toString(Double.longBitsToDouble(word));
            default:
                return Boolean.toString(word != 0);
        }
    }
}
