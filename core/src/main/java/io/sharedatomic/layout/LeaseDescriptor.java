package io.sharedatomic.layout;

/**
 * Layout of owner leases: how a process proves it is alive to the others, with locks the kernel holds for it rather
 * than with pids, clocks or {@code /proc}.
 *
 * <pre>
 *   region file (mapped)                      byte-range locks on the same file (never mapped, never written)
 *  +------------------------------+          +----------------------------------------------------------+
 *  | header ... Lease Counter (80)|          | 2^62 - 1        : creator's lock on a .creating file     |
 *  | directory, records, values   |          | 2^62 + token    : exclusive lock of the token's owner    |
 *  +------------------------------+          +----------------------------------------------------------+
 * </pre>
 *
 * <p>A process that needs to own something in a region (a wide value's writer lock, an id of a pool) takes a lease:
 * it increments the Lease Counter in the header to get a token no process ever had or will have in this file, and
 * takes an exclusive {@code fcntl} lock on byte {@code LOCK_BASE + token} of the region file. It writes the token
 * into whatever it owns. Whether a token's owner is alive is asked by trying a shared lock on that byte: refused
 * means a live process holds it; granted means nobody does, and since tokens are never reused, nobody ever will
 * again. The kernel drops the lock when its process dies or closes the file, whatever PID namespace, user,
 * {@code /proc} mount or clock the processes have; a stopped or paused process keeps it. Locks live on the inode, so
 * every path, hard link, bind mount or container that reaches the file sees the same locks. The locks lie far beyond
 * any region's end, so they can never overlap each other or the file's bytes.
 *
 * <p>A temporary file that {@code SharedRegion.open} is creating carries an exclusive lock on byte
 * {@link #CREATOR_LOCK_OFFSET} while its creator lives, so a later open can tell an abandoned one from one in progress.
 */
public final class LeaseDescriptor
{
    /** Byte offset of the lock of token 0; token {@code t} locks byte {@code LOCK_BASE + t}. */
    public static final long LOCK_BASE = 1L << 62;
    /** Largest token: its lock byte is still a valid file offset. */
    public static final long MAX_TOKEN = Long.MAX_VALUE - LOCK_BASE - 1;
    /** The byte a creator locks on its temporary file. */
    public static final long CREATOR_LOCK_OFFSET = LOCK_BASE - 1;

    private LeaseDescriptor()
    {
    }

    /**
     * @param token an owner token.
     * @return the file offset of its lock byte.
     */
    public static long lockOffset(final long token)
    {
        return LOCK_BASE + token;
    }

    /**
     * @param token a word read from shared memory.
     * @return true if it can be a token at all (a corrupt word cannot, and then nobody owns it).
     */
    public static boolean isToken(final long token)
    {
        return token > 0 && token <= MAX_TOKEN;
    }
}
