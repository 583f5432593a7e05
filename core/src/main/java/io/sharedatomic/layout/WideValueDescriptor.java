package io.sharedatomic.layout;

/**
 * Layout of a wide value (more than 8 bytes): a version word, a writer lock, and two buffers. The published buffer
 * is never written; a writer fills the other one and publishes it by storing a new version.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  Version: 2 * publications + published buffer index (0 or 1)  |   0
 *  +---------------------------------------------------------------+
 *  |                     padding to 64 bytes                      ...
 *  +---------------------------------------------------------------+
 *  |  Writer Lock: the writer's owner token (LeaseDescriptor) or 0  |  64
 *  +---------------------------------------------------------------+
 *  |  Lock Acquisitions: +1 by each writer that takes the lock      |  72
 *  +---------------------------------------------------------------+
 *  |                     padding to 128 bytes                     ...
 *  +---------------------------------------------------------------+
 *  |  Buffer 0: Length (int) | Reserved (int) | bytes (capacity)  ... 128
 *  |            padded to 64 bytes                                 |
 *  +---------------------------------------------------------------+
 *  |  Buffer 1: same                                              ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Why it is linearizable and crash-safe: writers serialize on the lock, write only the unpublished buffer, and
 * publish with one volatile store of the version, the linearization point. A reader reads the version, copies the
 * buffer it names, and keeps the copy only if the version is unchanged afterwards: a buffer can be rewritten only
 * after a publication has made it unpublished, which changes the version. Readers never write. A writer killed at
 * any instruction leaves the published buffer and version intact; its lock word names a dead process, which the next
 * writer detects and takes over. The acquisition count lets a waiter tell one long hold (a stopped process) from a
 * process whose threads keep taking the lock in turn, which all write the same token.
 */
public final class WideValueDescriptor
{
    /** Readers poll the version, writers take the lock: each has a cache line of its own. */
    private static final int CACHE_LINE = 64;

    public static final int VERSION_OFFSET = 0;
    public static final int LOCK_OFFSET = VERSION_OFFSET + CACHE_LINE;
    public static final int LOCK_ACQUISITIONS_OFFSET = LOCK_OFFSET + Long.BYTES;
    public static final int BUFFERS_OFFSET = LOCK_OFFSET + CACHE_LINE;
    public static final int BUFFER_LENGTH_OFFSET = 0;
    /** The length is an int; the int after it is reserved. */
    public static final int BUFFER_DATA_OFFSET = BUFFER_LENGTH_OFFSET + Long.BYTES;

    /** Largest capacity of a wide value. */
    public static final int MAX_CAPACITY = 1 << 24;

    private WideValueDescriptor()
    {
    }

    /**
     * @param capacity most data bytes.
     * @return bytes of one buffer, a cache-line multiple.
     */
    public static long bufferLength(final int capacity)
    {
        return RegionDescriptor.align(BUFFER_DATA_OFFSET + (long)capacity, 64);
    }

    /**
     * @param capacity most data bytes.
     * @return bytes of the whole wide value.
     */
    public static long valueLength(final int capacity)
    {
        return BUFFERS_OFFSET + 2 * bufferLength(capacity);
    }
}
