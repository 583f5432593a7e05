package io.sharedatomic.layout;

/**
 * Layout of a bitmap stored in a long-array entry (what {@code SharedBitSet} writes), and of the owner table of an id
 * pool ({@code SharedIdPool}), which ends with the same padding and hint. Both are ordinary long arrays to the region:
 * the format tag stored with the entry ({@link EntryDescriptor}) is what says how to read the words, and what makes an
 * attach with another capacity fail. The bit words (or owner words) start at word 0.
 *
 * <p>A bitmap of {@code bitCapacity} bits, {@code n = wordsFor(bitCapacity)}, format {@code "bitset:" + bitCapacity}:
 * <pre>
 *                                                                      word
 *  +---------------------------------------------------------------+
 *  |  Bits 0 .. 63: bit i is bit (i mod 64) of word (i / 64)       |   0
 *  +---------------------------------------------------------------+
 *  |  Bits 64 .. 127, and so on                                  ...   1
 *  +---------------------------------------------------------------+
 *  |  Last bits: those at or past the capacity are never set       |   n - 1
 *  |  (lastWordMask(bitCapacity) keeps the others)                 |
 *  +---------------------------------------------------------------+
 *  |  Padding: 7 words, never touched, so that the hint never    ...   n
 *  |  shares a cache line with a bit word                          |
 *  +---------------------------------------------------------------+
 *  |  Hint: a word index that recently had a clear bit, where a    |   n + 7
 *  |  claim starts its search; any process may write it, so a      |
 *  |  reader checks it against n before using it                   |
 *  +---------------------------------------------------------------+   n + 8 words
 * </pre>
 *
 * <p>An id pool named {@code name} of {@code capacity} ids is a bitmap of {@code capacity} bits named {@code name}
 * (the index of free ids) and this owner table named {@code name + ".owners"}, format {@code "idpool:" + capacity}:
 * <pre>
 *                                                                      word
 *  +---------------------------------------------------------------+
 *  |  Owner of id 0: an owner token (LeaseDescriptor), 0 if free   |   0
 *  +---------------------------------------------------------------+
 *  |  Owner of id 1, and so on                                   ...   1
 *  +---------------------------------------------------------------+
 *  |  Padding: 7 words, never touched                            ...   capacity
 *  +---------------------------------------------------------------+
 *  |  Hint: an id that was recently free (taken modulo capacity)   |   capacity + 7
 *  +---------------------------------------------------------------+   capacity + 8 words
 * </pre>
 */
public final class BitmapDescriptor
{
    /** Format tag of a bitmap, followed by its bit capacity in decimal. */
    public static final String FORMAT_PREFIX = "bitset:";
    /** Format tag of an id pool's owner table, followed by its id capacity in decimal. */
    public static final String ID_POOL_FORMAT_PREFIX = "idpool:";
    /** An id pool's owner table is named like the pool's bitmap plus this. */
    public static final String ID_POOL_OWNERS_SUFFIX = ".owners";

    /** Bits in a word. */
    public static final int BITS_PER_WORD = Long.SIZE;
    /** Bit i is in word {@code i >>> WORD_SHIFT}. */
    public static final int WORD_SHIFT = 6;
    /** Bit i is bit {@code i & BIT_MASK} of its word. */
    public static final int BIT_MASK = BITS_PER_WORD - 1;

    /** Words of padding after the last bit word (or owner word): the hint, 64 bytes further, never shares its cache line. */
    public static final int PADDING_WORDS = 7;
    /** Words of the hint after the padding. */
    public static final int HINT_WORDS = 1;
    /** Words after the last bit word (or owner word): the padding and the hint. */
    public static final int TRAILER_WORDS = PADDING_WORDS + HINT_WORDS;

    private BitmapDescriptor()
    {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bitmap.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @param bitCapacity number of bits, at least 1.
     * @return the number of bit words, {@code n}: {@code ceil(bitCapacity / 64)}.
     */
    public static int wordsFor(final long bitCapacity)
    {
        return (int)((bitCapacity + BIT_MASK) >>> WORD_SHIFT);
    }

    /**
     * @param bitCapacity number of bits, at least 1.
     * @return the index of the hint word, after the bit words and the padding.
     */
    public static int hintIndex(final long bitCapacity)
    {
        return wordsFor(bitCapacity) + PADDING_WORDS;
    }

    /**
     * @param bitCapacity number of bits, at least 1.
     * @return the length in words of the long array that holds the bitmap.
     */
    public static int arrayLength(final long bitCapacity)
    {
        return hintIndex(bitCapacity) + HINT_WORDS;
    }

    /**
     * @param maxArrayLength the most words a long array may have.
     * @return the largest bit capacity whose bitmap fits such an array.
     */
    public static long maxBitCapacity(final int maxArrayLength)
    {
        return (long)BITS_PER_WORD * (maxArrayLength - TRAILER_WORDS);
    }

    /**
     * @param bitCapacity number of bits, at least 1.
     * @return the format tag of a bitmap of this capacity.
     */
    public static String formatOf(final long bitCapacity)
    {
        return FORMAT_PREFIX + bitCapacity;
    }

    /**
     * @param format the format tag of a long array entry.
     * @return the bit capacity if it is a bitmap's tag exactly as {@link #formatOf} writes it, else -1. The capacity is
     *     not checked against the largest array.
     */
    public static long bitCapacityOf(final String format)
    {
        if (!format.startsWith(FORMAT_PREFIX))
        {
            return -1;
        }
        final long bitCapacity;
        try
        {
            bitCapacity = Long.parseLong(format.substring(FORMAT_PREFIX.length()));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
        // Only the form formatOf writes: no sign, no leading zero, at least one bit.
        return bitCapacity >= 1 && format.equals(formatOf(bitCapacity)) ? bitCapacity : -1;
    }

    /**
     * @param bitCapacity number of bits, at least 1.
     * @return the bits of the last word that are below the capacity: the low {@code bitCapacity mod 64} bits, or all
     *     64 when the capacity is a multiple of 64.
     */
    public static long lastWordMask(final long bitCapacity)
    {
        // A shift uses the low six bits of its distance only: -1L >>> (64 - bitCapacity mod 64), or >>> 0.
        return -1L >>> -bitCapacity;
    }

    /**
     * @param index a bit, not negative.
     * @return the index of the word that holds it.
     */
    public static int wordOf(final long index)
    {
        return (int)(index >>> WORD_SHIFT);
    }

    /**
     * @param index a bit.
     * @return its mask in its word: {@code 1L << (index & 63)}.
     */
    public static long maskOf(final long index)
    {
        // A shift uses the low six bits of its distance only, which is index & BIT_MASK.
        return 1L << index;
    }

    /**
     * @param word a bit word.
     * @return the index of its bit 0; bit {@code b} of the word is index {@code firstBitOf(word) + b}.
     */
    public static long firstBitOf(final int word)
    {
        return (long)word << WORD_SHIFT;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Id pool owner table.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @param poolName the name of an id pool, which its bitmap has.
     * @return the name of its owner table.
     */
    public static String ownersNameOf(final String poolName)
    {
        return poolName + ID_POOL_OWNERS_SUFFIX;
    }

    /**
     * @param idCapacity number of ids.
     * @return the format tag of the owner table of a pool of that many ids.
     */
    public static String ownersFormatOf(final int idCapacity)
    {
        return ID_POOL_FORMAT_PREFIX + idCapacity;
    }

    /**
     * @param idCapacity number of ids.
     * @return the index of the owner table's hint word, after one owner word per id and the padding.
     */
    public static int ownersHintIndex(final int idCapacity)
    {
        return idCapacity + PADDING_WORDS;
    }

    /**
     * @param idCapacity number of ids.
     * @return the length in words of the owner table.
     */
    public static int ownersArrayLength(final int idCapacity)
    {
        return ownersHintIndex(idCapacity) + HINT_WORDS;
    }

    /**
     * @param maxArrayLength the most words a long array may have.
     * @return the largest id capacity whose owner table fits such an array.
     */
    public static int maxIdCapacity(final int maxArrayLength)
    {
        return maxArrayLength - TRAILER_WORDS;
    }
}
