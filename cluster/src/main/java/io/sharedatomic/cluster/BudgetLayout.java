package io.sharedatomic.cluster;

/**
 * The local words of a host's share of a cluster budget ({@link ClusterBudget}): one {@code SharedLongArray} named
 * {@code NAME@budget} in the host's region, where NAME is the limit's name.
 *
 * <pre>
 *   [0] AVAILABLE    GENERATION &lt;&lt; 40 | what the host holds and has not spent: trySpend takes from the low bits
 *                    with one CAS (while VALID_UNTIL has not passed); the keeper adds what it reserves only while the
 *                    generation is the one it read
 *   [1] HELD         GENERATION &lt;&lt; 40 | what the host holds in etcd, as the keeper last knew it (lowered before a
 *                    return is sent, raised after a reservation is acknowledged, so it never says more than etcd holds);
 *                    whoever moves it by CAS adds the difference to AVAILABLE, so nothing is counted twice
 *   [2] KEEPER       owner token of the process that reserves for the host, 0 if none
 *   [3] LEASE        the host's etcd lease, 0 if none: its holding lives on it, and a keeper that takes over keeps it
 *   [4] VALID_UNTIL  System.nanoTime (the host's monotonic clock, shared by its processes) until which the lease
 *                    surely lives: the sending of the last renewal the cluster answered, plus the time to live, less a
 *                    fifth of it (at least 0.5 s); trySpend refuses past it, so a host cut off never spends what the
 *                    cluster may already have handed to another host; 0 while there is no lease
 *   [5] CHUNK        how much the keeper reserves at a time, fixed by the first process
 *   [6] FINGERPRINT  a hash of the cluster prefix and the limit's name: a budget of another prefix is refused
 * </pre>
 *
 * When etcd says the lease ended, the keeper starts a new generation in HELD and AVAILABLE (both 0) and a new lease.
 *
 * Amounts are below 2^40; the generation takes the top 24 bits and wraps.
 */
public final class BudgetLayout
{
    /** Appended to the limit's name for the words. */
    public static final String WORDS_SUFFIX = "@budget";
    /** Number of words. */
    public static final int WORDS = 7;
    /** Index of what is available to spend. */
    public static final int AVAILABLE = 0;
    /** Index of what the host holds in etcd. */
    public static final int HELD = 1;
    /** Index of the keeper's owner token. */
    public static final int KEEPER = 2;
    /** Index of the lease id. */
    public static final int LEASE = 3;
    /** Index of the time the lease surely lives until. */
    public static final int VALID_UNTIL = 4;
    /** Index of the chunk size. */
    public static final int CHUNK = 5;
    /** Index of the fingerprint of the prefix and name. */
    public static final int FINGERPRINT = 6;
    /** Bits of an amount; the generation is above them. */
    public static final int AMOUNT_BITS = 40;
    /** The largest amount, and so the largest limit. */
    public static final long MAX_AMOUNT = (1L << AMOUNT_BITS) - 1;

    /**
     * @param word AVAILABLE or HELD.
     * @return its amount.
     */
    public static long amount(final long word)
    {
        return word & MAX_AMOUNT;
    }

    /**
     * @param word AVAILABLE or HELD.
     * @return its generation.
     */
    public static long generation(final long word)
    {
        return word >>> AMOUNT_BITS;
    }

    /**
     * @param generation a generation (wraps at 2^24).
     * @param amount     an amount.
     * @return the word.
     */
    public static long word(final long generation, final long amount)
    {
        return (generation & 0xFF_FFFFL) << AMOUNT_BITS | amount;
    }

    private BudgetLayout()
    {
    }
}
