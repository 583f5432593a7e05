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
     * @return the value (volatile read).
     */
    public boolean get()
    {
        return loadVolatile() != 0;
    }

    /**
     * @return the value (acquire read, implemented as volatile); pairs with {@link #setRelease(boolean)}.
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
     * @return the value (plain read).
     */
    public boolean getPlain()
    {
        return loadPlain() != 0;
    }

    /**
     * @param newValue the value (volatile write).
     */
    public void set(final boolean newValue)
    {
        storeVolatile(toWord(newValue));
    }

    /**
     * @param newValue the value (release write); pairs with {@link #getAcquire()}.
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
     * @param newValue the value (plain write).
     */
    public void setPlain(final boolean newValue)
    {
        storePlain(toWord(newValue));
    }

    /**
     * Atomically sets the value ({@code XCHG}).
     *
     * @param newValue the value.
     * @return the previous value.
     */
    public boolean getAndSet(final boolean newValue)
    {
        return exchangeWord(toWord(newValue)) != 0;
    }

    /**
     * Strong compare-and-set.
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
     * Compare-and-exchange.
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
     * The original's compare_and_set form: on failure writes the current value into {@code expected}.
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
     * The original's bool_store: sets this value to {@code source}'s current value.
     *
     * @param source the value to copy.
     */
    public void store(final SharedBoolean source)
    {
        storeVolatile(source.loadVolatile());
    }

    /**
     * The original's bool_shift: atomically takes {@code source}'s value and writes the previous one into
     * {@code previousOut}.
     *
     * @param source      the value this one takes.
     * @param previousOut receives this value's previous value.
     */
    public void shift(final SharedBoolean source, final SharedBoolean previousOut)
    {
        shiftWords(source, previousOut);
    }

    /**
     * @return "true" or "false", or "closed" once the region is closed.
     */
    @Override
    public String toString()
    {
        return region().isClosed() ? "closed" : Boolean.toString(get());
    }
}
