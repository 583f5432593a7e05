package io.sharedatomic;

import io.sharedatomic.layout.EntryShape;
import io.sharedatomic.layout.EntryType;

/**
 * The type of a named entry.
 *
 * <p>Each constant is also the row that {@link SharedRegion} builds handles from (in package-private fields): the
 * layout's {@link EntryType} it is stored as, and the factory of its handle. Adding a value type adds one row here and
 * one in {@link EntryType}.
 */
public enum ValueType
{
    /** {@link SharedLong}: signed 64-bit (the original's atomic_int). */
    LONG(EntryType.LONG, (region, name, address, shape) -> new SharedLong(region, name, address)),
    /** {@link SharedULong}: unsigned 64-bit (the original's atomic_uint). */
    ULONG(EntryType.ULONG, (region, name, address, shape) -> new SharedULong(region, name, address)),
    /** {@link SharedDouble}: IEEE 754 double, stored as its raw bits (the original's atomic_float). */
    DOUBLE(EntryType.DOUBLE, (region, name, address, shape) -> new SharedDouble(region, name, address)),
    /** {@link SharedBoolean}: stored as a 64-bit 0 or 1 (the original's atomic_bool). */
    BOOLEAN(EntryType.BOOLEAN, (region, name, address, shape) -> new SharedBoolean(region, name, address)),
    /** {@link SharedBytes}: at most 8 bytes in one word (the original's atomic_bytearray). */
    BYTES(EntryType.BYTES, (region, name, address, shape) ->
        new SharedBytes(region, name, address, (int)shape.parameter(), shape.format())),
    /** {@link SharedString}: at most 7 encoded bytes in one word (the original's atomic_string). */
    STRING(EntryType.STRING, (region, name, address, shape) ->
        new SharedString(region, name, address, (int)shape.parameter(), region.charsetOf(name, shape))),
    /** {@link SharedWideBytes}: a capacity above 8 bytes. */
    WIDE_BYTES(EntryType.WIDE_BYTES, (region, name, address, shape) ->
        new SharedWideBytes(region, name, region.wideValue(address, shape), address, shape.format())),
    /** {@link SharedWideString}: a capacity above 7 encoded bytes. */
    WIDE_STRING(EntryType.WIDE_STRING, (region, name, address, shape) ->
        new SharedWideString(region, name, region.wideValue(address, shape), address, region.charsetOf(name, shape))),
    /** {@link SharedLongArray}: a span of 64-bit words. */
    LONG_ARRAY(EntryType.LONG_ARRAY, (region, name, address, shape) ->
        new SharedLongArray(region, name, address, (int)shape.parameter(), shape.format()));

    private static final ValueType[] BY_STORED = new ValueType[EntryType.values().length];

    static
    {
        for (final ValueType type : values())
        {
            BY_STORED[type.stored.ordinal()] = type;
        }
    }

    /** How entries of this type are stored. */
    final EntryType stored;
    /** Makes the handle of a validated entry of this type. */
    final HandleFactory factory;

    ValueType(final EntryType stored, final HandleFactory factory)
    {
        this.stored = stored;
        this.factory = factory;
    }

    /**
     * The type of a stored entry.
     *
     * @param stored the layout's kind of the entry record, or null.
     * @return the type, or null if {@code stored} is null.
     */
    static ValueType of(final EntryType stored)
    {
        return stored == null ? null : BY_STORED[stored.ordinal()];
    }

    /** Makes a handle for an entry whose shape {@link EntryType#accepts} and whose value address was validated. */
    @FunctionalInterface
    interface HandleFactory
    {
        SharedValue create(SharedRegion region, String name, long address, EntryShape shape);
    }

}
