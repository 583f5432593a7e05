package io.sharedatomic;

/**
 * A boolean atomic value in a {@link SharedRegion}, stored as a 64-bit 0 or 1: the original's atomic_bool, for
 * flags and kill switches shared between processes.
 *
 * <p><b>Safety and ordering</b> are those of {@link SharedLong}: methods without a mode in their name are volatile;
 * pair {@link #setRelease(boolean)} with {@link #getAcquire()}. Nothing allocates.
 */
public final class SharedBoolean extends SharedValue
{
    private static final long serialVersionUID = 1L;

    SharedBoolean(final SharedRegion region, final String name, final long address)
    {
        super(region, name, address);
    }

    @Override
    ValueType type()
    {
        return ValueType.BOOLEAN;
    }

    private static long toWord(final boolean value)
    {
        return value ? 1L : 0L;
    }

    /**
     * Volatile read (sequentially consistent).
     *
     * @return the value.
     */
    public boolean get()
    {
        return loadVolatile() != 0;
    }

    /**
     * Acquire read: pairs with {@link #setRelease(boolean)}. Implemented as a volatile read, which is stronger.
     *
     * @return the value.
     */
    public boolean getAcquire()
    {
        return loadVolatile() != 0;
    }

    /**
     * Opaque read: pairs with {@link #setOpaque(boolean)}. Implemented as a volatile read, which is stronger.
     *
     * @return the value.
     */
    public boolean getOpaque()
    {
        return loadVolatile() != 0;
    }

    /**
     * Plain read: no ordering; the compiler may reorder or hoist it. The hardware never tears it.
     *
     * @return the value.
     */
    public boolean getPlain()
    {
        return loadPlain() != 0;
    }

    /**
     * Volatile write (sequentially consistent).
     *
     * @param newValue the value.
     */
    public void set(final boolean newValue)
    {
        storeVolatile(toWord(newValue));
    }

    /**
     * Release write: everything written before it is visible to a thread or process that reads this value with
     * {@link #getAcquire()} (or a volatile read) and sees the new value.
     *
     * @param newValue the value.
     */
    public void setRelease(final boolean newValue)
    {
        storeRelease(toWord(newValue));
    }

    /**
     * Opaque write: pairs with {@link #getOpaque()}. Implemented as a release write, which is stronger.
     *
     * @param newValue the value.
     */
    public void setOpaque(final boolean newValue)
    {
        storeRelease(toWord(newValue));
    }

    /**
     * Plain write: no ordering.
     *
     * @param newValue the value.
     */
    public void setPlain(final boolean newValue)
    {
        storePlain(toWord(newValue));
    }

    /**
     * Atomically sets the value and returns the old one ({@code XCHG}; volatile, sequentially consistent).
     *
     * @param newValue the value.
     * @return the previous value.
     */
    public boolean getAndSet(final boolean newValue)
    {
        return exchangeWord(toWord(newValue)) != 0;
    }

    /**
     * Strong compare-and-set (volatile, sequentially consistent).
     *
     * @param expectedValue the value expected.
     * @param newValue      the value to set.
     * @return true if successful.
     */
    public boolean compareAndSet(final boolean expectedValue, final boolean newValue)
    {
        return casWord(toWord(expectedValue), toWord(newValue));
    }

    /**
     * Compare-and-exchange (volatile, sequentially consistent).
     *
     * @param expectedValue the value expected.
     * @param newValue      the value to set.
     * @return the witness: equal to {@code expectedValue} if and only if it succeeded.
     */
    public boolean compareAndExchange(final boolean expectedValue, final boolean newValue)
    {
        return compareAndExchangeWord(toWord(expectedValue), toWord(newValue)) != 0;
    }

    /**
     * The original's compare_and_set form: on failure writes the current value into {@code expected}. Three
     * separate volatile accesses, not one atomic step: a volatile read of {@code expected}, a volatile CAS on this
     * value, and on failure a volatile write of {@code expected}.
     *
     * @param expected holds the expected value; receives the current value on failure.
     * @param newValue the value to set on success.
     * @return true if successful.
     */
    public boolean compareAndSet(final SharedBoolean expected, final boolean newValue)
    {
        return compareAndSetWriteBack(expected, toWord(newValue));
    }

    /**
     * The original's bool_store: sets this value to {@code source}'s current value (two volatile accesses, a read
     * of {@code source} and a write of this value, not one atomic step).
     *
     * @param source the value to copy.
     */
    public void store(final SharedBoolean source)
    {
        storeVolatile(source.loadVolatile());
    }

    /**
     * The original's bool_shift: atomically takes {@code source}'s value and writes the previous one into
     * {@code previousOut}: one volatile exchange on this value; reading {@code source} and writing
     * {@code previousOut} are separate volatile accesses.
     *
     * @param source      the value this one takes.
     * @param previousOut receives this value's previous value.
     */
    public void shift(final SharedBoolean source, final SharedBoolean previousOut)
    {
        shiftWords(source, previousOut);
    }

    /**
     * The value as text, read with a volatile read.
     *
     * @return "true" or "false", or "closed" once the region is closed.
     */
    @Override
    public String toString()
    {
        return region().isClosed() ? "closed" : Boolean.toString(get());
    }
}
