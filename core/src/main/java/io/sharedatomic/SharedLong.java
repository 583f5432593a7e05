package io.sharedatomic;

/**
 * A signed 64-bit atomic value in a {@link SharedRegion}, shared by threads and processes: the original's
 * atomic_int, under {@link java.util.concurrent.atomic.AtomicLong}'s names.
 *
 * <p><b>Safety:</b> the handle is immutable and may be used by any thread; the value is safe across threads and
 * processes at the ordering each method names. Arithmetic wraps at 64 bits.
 *
 * <p><b>Ordering:</b> methods without a mode in their name are volatile (sequentially consistent), like the
 * original's. Pair {@link #setRelease(long)} with {@link #getAcquire()}, {@link #setOpaque(long)} with
 * {@link #getOpaque()}, and volatile writes with volatile reads; plain accesses order nothing.
 *
 * <p><b>Cost:</b> {@code getAndAdd} and its relatives are one {@code LOCK XADD}, {@code getAndSet} one {@code XCHG},
 * compare-and-set one {@code LOCK CMPXCHG}; the bitwise and update methods are CAS loops, and one that would not
 * change the value skips its CAS: it then writes nothing and is a volatile read. None allocates. Every call first
 * checks, once, that the region is open (and, for a write, writable): after {@link SharedRegion#close()} it throws
 * {@link IllegalStateException}.
 */
public final class SharedLong extends AbstractSharedLong<SharedLong>
{
    private static final long serialVersionUID = 1L;

    SharedLong(final SharedRegion region, final String name, final long address)
    {
        super(region, name, address);
    }

    @Override
    ValueType type()
    {
        return ValueType.LONG;
    }

    /**
     * The value as text, read with a volatile read.
     *
     * @return the current value in decimal, or "closed" once the region is closed.
     */
    @Override
    public String toString()
    {
        return region().isClosed() ? "closed" : Long.toString(get());
    }
}
