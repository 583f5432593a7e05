package io.sharedatomic.layout;

/**
 * Layout of the directory: an open-addressing hash table of 8-byte slots that follows the region header. A slot is
 * either zero (free) or names one published entry record:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |              Record Offset / 8 (low 32 bits, never 0)         |
 *  +---------------------------------------------------------------+
 *  |              Name Hash (FNV-1a of the UTF-8 name)             |
 *  +---------------------------------------------------------------+
 * </pre>
 * (shown as two 32-bit halves of one native-order long: the low half first).
 *
 * <p>Why this is lock-free and crash-safe: a creator writes its whole record (name, type, value) into data space that
 * only it knows about, then publishes it with one CAS of a free slot from zero. Readers that see a non-zero slot see
 * a complete record. A process killed before the CAS leaves unreachable bytes, never a half-made entry, so nobody
 * ever waits for anybody. A name is found by probing linearly from {@code hash & (capacity - 1)} to the first free
 * slot; slots are never freed, so that probe is exact.
 */
public final class DirectoryDescriptor
{
    public static final int SLOT_LENGTH = Long.BYTES;

    private DirectoryDescriptor()
    {
    }

    /**
     * @param capacity slots.
     * @return bytes of the directory.
     */
    public static long directoryLength(final int capacity)
    {
        return (long)capacity * SLOT_LENGTH;
    }

    /**
     * @param recordOffset offset of the record from the region base, 8-byte aligned, below {@code 2^35}.
     * @param nameHash     hash of the entry name.
     * @return the slot word.
     */
    public static long slotWord(final long recordOffset, final int nameHash)
    {
        return ((long)nameHash << 32) | (recordOffset >>> 3);
    }

    /**
     * @param slotWord a non-zero slot.
     * @return the record offset it names.
     */
    public static long recordOffset(final long slotWord)
    {
        return (slotWord & 0xFFFF_FFFFL) << 3;
    }

    /**
     * @param slotWord a non-zero slot.
     * @return the name hash it holds.
     */
    public static int nameHash(final long slotWord)
    {
        return (int)(slotWord >>> 32);
    }

    /**
     * 32-bit FNV-1a over UTF-8 bytes: fixed by the layout, the same in every process and language.
     *
     * @param utf8Name name bytes.
     * @return the hash.
     */
    public static int hash(final byte[] utf8Name)
    {
        int hash = 0x811C9DC5;
        for (final byte b : utf8Name)
        {
            hash ^= b & 0xFF;
            hash *= 0x01000193;
        }
        return hash;
    }
}
