package io.sharedatomic.cluster;

/**
 * The local words of a host's share of a cluster budget ({@link ClusterBudget}): one {@code SharedLongArray} named
 * {@code NAME@budget} in the host's region, where NAME is the limit's name.
 *
 * <pre>
 *   [0] AVAILABLE    GENERATION &lt;&lt; 40 | what the host holds and has not spent: trySpend takes from the low bits
 *                    with one CAS; the keeper adds what it reserves only while the generation is its own
 *   [1] HELD         GENERATION &lt;&lt; 40 | what the host holds in etcd, as the keeper last knew it (lowered before a
 *                    return is sent, raised after a reservation is acknowledged, so it never says more than etcd holds);
 *                    whoever moves it by CAS adds the difference to AVAILABLE, so nothing is counted twice
 *   [2] KEEPER       owner token of the process that reserves for the host, 0 if none
 *   [3] LEASE        the host's etcd lease, 0 if none: its holding lives on it, and a keeper that takes over keeps it
 *   [4] VALID_UNTIL  wall-clock milliseconds until which the lease surely lives (from the last renewal that was
 *                    answered, less a margin); past it, any process of the host withdraws: it starts a new generation
 *                    in HELD and AVAILABLE (both 0) and forgets the lease, before the cluster can hand the holding to
 *                    another host; a keeper that stalled and resumes can then add nothing of the old lease
 *   [5] CHUNK        how much the keeper reserves at a time, fixed by the first process
 * </pre>
 *
 * Amounts are below 2^40; the generation takes the top 24 bits and wraps.
 */
public final class BudgetLayout
{
    /** Appended to the limit's name for the words. */
    public static final String WORDS_SUFFIX = "@budget";
    /** Number of words. */
    public static final int WORDS = 6;
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
