package io.sharedatomic.cluster;

/**
 * The local words of a host's id blocks ({@link ClusterIdBlocks}): one {@code SharedLongArray} named
 * {@code NAME@ids} in the host's region, where NAME is the cluster counter's name.
 *
 * <pre>
 *   [0] CURSOR       (local block number k) &lt;&lt; 32 | offset: the next id to hand out is offset in local block k;
 *                    every process of the host takes ids with one getAndAdd(1) on it
 *   [1] BLOCK_SIZE   ids per block, fixed by the first process (a process asking for another size is refused)
 *   [2] KEEPER       owner token of the process that fetches blocks from the cluster, 0 if none; taken by CAS
 *                    from 0, from a dead token or from a stalled keeper
 *   [3] BEAT         System.nanoTime (the host's monotonic clock) of the keeper's last round; a keeper silent for
 *                    four operation timeouts and a second has stalled, and another process takes over
 *   [4 + 2j] TAG     slot j holds local block k = TAG - 1 (k mod SLOTS = j); 0 empty; -TOKEN while the keeper of
 *                    that owner token writes it
 *   [5 + 2j] START   the first id of that block, as the cluster counter's getAndAdd(BLOCK_SIZE) returned it
 *   [12] FINGERPRINT a hash of the cluster prefix and the counter's name: blocks of another prefix are refused
 * </pre>
 *
 * The keeper fills the slots of local blocks k .. k + SLOTS - 1 ahead of the cursor's block k: a CAS of TAG from
 * what it read to -TOKEN, a CAS of START from what it read to the block's first id, a CAS of TAG from -TOKEN to k + 1;
 * it overwrites a slot only once the cursor has passed its block. A process that took (k, offset) reads TAG, START,
 * TAG again and uses START + offset only if both reads of TAG said k + 1. So a keeper killed at any point leaves no
 * half-written block in use (the next keeper takes the marked slot and fetches that block afresh), a keeper that
 * stalled and resumes after another took over finds its CASes fail, and ids a keeper fetched but never published are
 * skipped, never handed out twice.
 */
public final class IdBlocksLayout
{
    /** Appended to the counter's name for the words. */
    public static final String WORDS_SUFFIX = "@ids";
    /** Blocks the keeper keeps ready, the current one included. */
    public static final int SLOTS = 4;
    /** Number of words. */
    public static final int WORDS = 5 + 2 * SLOTS;
    /** Index of the cursor. */
    public static final int CURSOR = 0;
    /** Index of the block size. */
    public static final int BLOCK_SIZE = 1;
    /** Index of the keeper's owner token. */
    public static final int KEEPER = 2;
    /** Index of the keeper's heartbeat. */
    public static final int BEAT = 3;
    /** The largest block: the offset has 32 bits, and a block must fit many times in it. */
    public static final int MAX_BLOCK_SIZE = 1 << 30;
    /** Index of the fingerprint of the prefix and name. */
    public static final int FINGERPRINT = 4 + 2 * SLOTS;
    /** TAG of a slot being written by the keeper of owner token 1 (the marker is minus the writer's token). */
    public static final long WRITING = -1;

    private IdBlocksLayout()
    {
    }

    /**
     * @param slot a slot, 0 to {@link #SLOTS} - 1.
     * @return the index of its tag.
     */
    public static int tag(final int slot)
    {
        return 4 + 2 * slot;
    }

    /**
     * @param slot a slot, 0 to {@link #SLOTS} - 1.
     * @return the index of its first id.
     */
    public static int start(final int slot)
    {
        return 5 + 2 * slot;
    }
}
