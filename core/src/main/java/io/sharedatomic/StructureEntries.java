package io.sharedatomic;

import java.util.Objects;

/**
 * Entries for data structures built on core, such as those of {@code io.sharedatomic.collections}: a named span of
 * words, or a named byte value, that carries the structure's format tag. The tag is stored with the entry and must
 * match whenever the name is attached, so a process that asks for the same name as a plain value (through
 * {@link SharedRegion}'s factories, which use no tag), or as another structure, or as the same structure with other
 * parameters encoded in the tag, gets {@link IncompatibleEntryException} instead of a value that means something else.
 * {@link SharedRegion#entries()} shows the tag in each entry's detail.
 *
 * <p>Ordinary code uses {@link SharedRegion}'s factories; this class is for the author of a structure, who chooses
 * one tag per layout (say {@code "bitset:200"} for a bitmap of 200 bits) and never changes its meaning.
 *
 * <p>A tag is printable ASCII of at most 64 characters. The handles returned are the ordinary ones: a
 * {@link SharedLongArray}, {@link SharedBytes} or {@link SharedWideBytes}, with the same safety and ordering.
 */
public final class StructureEntries
{
    private StructureEntries()
    {
    }

    /**
     * Returns the tagged byte value of this name, creating it with {@code initial} if absent: a {@link SharedBytes}
     * of the original's width for {@code capacity} (1, 2 or 4 as given, 3 as 4, 5 to 8 as 8) for a capacity of 1 to
     * 8, a {@link SharedWideBytes} of that capacity above 8.
     *
     * @param region   the region.
     * @param name     entry name.
     * @param capacity most bytes: 1 to 16 MiB.
     * @param initial  initial bytes: a big-endian integer that fits the width, or at most {@code capacity} bytes of a
     *                 wide value.
     * @param format   the structure's format tag: printable ASCII, at most 64 characters.
     * @return a handle on the value.
     * @throws IllegalArgumentException   if the capacity is out of range, {@code initial} does not fit or the tag is
     *                                    not printable ASCII of at most 64 characters.
     * @throws IncompatibleEntryException if the name exists with another type, capacity or format.
     */
    public static BytesValue bytes(final SharedRegion region, final String name, final int capacity, final byte[] initial,
        final String format)
    {
        return Objects.requireNonNull(region, "region").sharedBytes(name, capacity, initial, format);
    }

    /**
     * Returns the tagged span of 64-bit words of this name, creating it with all words 0 if absent.
     *
     * @param region the region.
     * @param name   entry name.
     * @param length number of words, 1 to {@link SharedRegion#MAX_ARRAY_LENGTH}.
     * @param format the structure's format tag: printable ASCII, at most 64 characters.
     * @return a handle on the words.
     * @throws IllegalArgumentException   if the length is out of range or the tag is not printable ASCII of at most 64
     *                                    characters.
     * @throws IncompatibleEntryException if the name exists with another type, length or format.
     */
    public static SharedLongArray words(final SharedRegion region, final String name, final int length, final String format)
    {
        return Objects.requireNonNull(region, "region").sharedLongArray(name, length, format);
    }
}
