package io.sharedatomic.cluster;

/**
 * A boolean held in etcd, with {@code SharedBoolean}'s method names; linearizable, as {@link ClusterLong}.
 */
public final class ClusterBoolean extends ClusterWord
{
    ClusterBoolean(final ClusterValues values, final String name, final long value, final long revision)
    {
        super(values, name, value, revision);
    }

    @Override
    String type()
    {
        return ClusterLayout.BOOLEAN;
    }

    /**
     * @return the value, by a linearizable read.
     */
    public boolean get()
    {
        return read() != 0;
    }

    /**
     * @param newValue the value to write.
     */
    public void set(final boolean newValue)
    {
        update(current -> newValue ? 1 : 0);
    }

    /**
     * @param newValue the value to write.
     * @return the value it replaced.
     */
    public boolean getAndSet(final boolean newValue)
    {
        return update(current -> newValue ? 1 : 0)[0] != 0;
    }

    /**
     * @param expectedValue the value it must hold.
     * @param newValue      the value to write if so.
     * @return true if it wrote.
     */
    public boolean compareAndSet(final boolean expectedValue, final boolean newValue)
    {
        return compareAndExchange(expectedValue, newValue) == expectedValue;
    }

    /**
     * @param expectedValue the value it must hold.
     * @param newValue      the value to write if so.
     * @return the value it held: {@code expectedValue} if it wrote.
     */
    public boolean compareAndExchange(final boolean expectedValue, final boolean newValue)
    {
        return compareAndExchangeWord(expectedValue ? 1 : 0, newValue ? 1 : 0) != 0;
    }
}
