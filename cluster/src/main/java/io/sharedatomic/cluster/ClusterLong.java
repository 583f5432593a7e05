package io.sharedatomic.cluster;

import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A 64-bit signed value held in etcd, with {@code SharedLong}'s method names. Every operation is linearizable: a read
 * is a linearizable read of the cluster, a write one transaction. A read-modify-write costs one round trip when no
 * other client wrote since this handle last saw the value, and one more per conflict. A write whose answer was lost
 * throws {@link OutcomeUnknownException}; nothing is retried behind the caller's back.
 */
public final class ClusterLong extends ClusterWord
{
    ClusterLong(final ClusterValues values, final String name, final long value, final long revision)
    {
        super(values, name, value, revision);
    }

    @Override
    String type()
    {
        return ClusterLayout.LONG;
    }

    /**
     * @return the value, by a linearizable read.
     */
    public long get()
    {
        return read();
    }

    /**
     * @param newValue the value to write.
     */
    public void set(final long newValue)
    {
        update(current -> newValue);
    }

    /**
     * @param newValue the value to write.
     * @return the value it replaced.
     */
    public long getAndSet(final long newValue)
    {
        return update(current -> newValue)[0];
    }

    /**
     * @param expectedValue the value it must hold.
     * @param newValue      the value to write if so.
     * @return true if it wrote.
     */
    public boolean compareAndSet(final long expectedValue, final long newValue)
    {
        return compareAndExchangeWord(expectedValue, newValue) == expectedValue;
    }

    /**
     * @param expectedValue the value it must hold.
     * @param newValue      the value to write if so.
     * @return the value it held (the witness): {@code expectedValue} if it wrote.
     */
    public long compareAndExchange(final long expectedValue, final long newValue)
    {
        return compareAndExchangeWord(expectedValue, newValue);
    }

    /**
     * @param delta the amount to add.
     * @return the value before.
     */
    public long getAndAdd(final long delta)
    {
        return update(current -> current + delta)[0];
    }

    /**
     * @param delta the amount to add.
     * @return the value after.
     */
    public long addAndGet(final long delta)
    {
        return update(current -> current + delta)[1];
    }

    /**
     * @return the value before adding one.
     */
    public long getAndIncrement()
    {
        return getAndAdd(1);
    }

    /**
     * @return the value after adding one.
     */
    public long incrementAndGet()
    {
        return addAndGet(1);
    }

    /**
     * @return the value before subtracting one.
     */
    public long getAndDecrement()
    {
        return getAndAdd(-1);
    }

    /**
     * @return the value after subtracting one.
     */
    public long decrementAndGet()
    {
        return addAndGet(-1);
    }

    /**
     * @param delta the amount to subtract.
     * @return the value before.
     */
    public long getAndSubtract(final long delta)
    {
        return update(current -> current - delta)[0];
    }

    /**
     * @param delta the amount to subtract.
     * @return the value after.
     */
    public long subtractAndGet(final long delta)
    {
        return update(current -> current - delta)[1];
    }

    /**
     * @param mask bits to keep.
     * @return the value before.
     */
    public long getAndAnd(final long mask)
    {
        return update(current -> current & mask)[0];
    }

    /**
     * @param mask bits to keep.
     * @return the value after.
     */
    public long andAndGet(final long mask)
    {
        return update(current -> current & mask)[1];
    }

    /**
     * @param mask bits to set.
     * @return the value before.
     */
    public long getAndOr(final long mask)
    {
        return update(current -> current | mask)[0];
    }

    /**
     * @param mask bits to set.
     * @return the value after.
     */
    public long orAndGet(final long mask)
    {
        return update(current -> current | mask)[1];
    }

    /**
     * @param mask bits to flip.
     * @return the value before.
     */
    public long getAndXor(final long mask)
    {
        return update(current -> current ^ mask)[0];
    }

    /**
     * @param mask bits to flip.
     * @return the value after.
     */
    public long xorAndGet(final long mask)
    {
        return update(current -> current ^ mask)[1];
    }

    /**
     * @param mask the mask.
     * @return the value before it became {@code ~(value & mask)}.
     */
    public long getAndNand(final long mask)
    {
        return update(current -> ~(current & mask))[0];
    }

    /**
     * @param mask the mask.
     * @return the value after it became {@code ~(value & mask)}.
     */
    public long nandAndGet(final long mask)
    {
        return update(current -> ~(current & mask))[1];
    }

    /**
     * @param function applied to the value, maybe more than once (on conflicts): free of side effects.
     * @return the value before.
     */
    public long getAndUpdate(final LongUnaryOperator function)
    {
        return update(function)[0];
    }

    /**
     * @param function applied to the value, maybe more than once: free of side effects.
     * @return the value after.
     */
    public long updateAndGet(final LongUnaryOperator function)
    {
        return update(function)[1];
    }

    /**
     * @param x        the other operand.
     * @param function applied as {@code function(value, x)}, maybe more than once: free of side effects.
     * @return the value before.
     */
    public long getAndAccumulate(final long x, final LongBinaryOperator function)
    {
        return update(current -> function.applyAsLong(current, x))[0];
    }

    /**
     * @param x        the other operand.
     * @param function applied as {@code function(value, x)}, maybe more than once: free of side effects.
     * @return the value after.
     */
    public long accumulateAndGet(final long x, final LongBinaryOperator function)
    {
        return update(current -> function.applyAsLong(current, x))[1];
    }
}
