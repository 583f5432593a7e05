package io.sharedatomic;

import java.lang.ref.Reference;
import java.util.function.DoubleUnaryOperator;

import io.sharedatomic.internal.Words;

/**
 * A double atomic value in a {@link SharedRegion}, stored as its raw IEEE 754 bits: the original's atomic_float,
 * with what it lacked (getAndSet, compare-and-set, add).
 *
 * <p><b>Compare-and-set compares bits</b>, not {@code ==}: an expected NaN matches a stored NaN of the same bits, and
 * {@code -0.0} does not match {@code 0.0}. Use {@link Double#doubleToRawLongBits(double)} reasoning, as
 * {@link java.lang.invoke.VarHandle} does for doubles.
 *
 * <p><b>Safety and ordering</b> are those of {@link SharedLong}: methods without a mode in their name are volatile;
 * pair {@link #setRelease(double)} with {@link #getAcquire()}. Adding is a CAS loop (there is no floating-point
 * atomic add instruction). Nothing allocates.
 */
public final class SharedDouble extends SharedValue
{
    private static final long serialVersionUID = 1L;

    SharedDouble(final SharedRegion region, final String name, final long address)
    {
        super(region, name, address);
    }

    @Override
    ValueType type()
    {
        return ValueType.DOUBLE;
    }

    private static double toDouble(final long bits)
    {
        return Double.longBitsToDouble(bits);
    }

    private static long toBits(final double value)
    {
        return Double.doubleToRawLongBits(value);
    }

    /**
     * Volatile read (sequentially consistent).
     *
     * @return the value.
     */
    public double get()
    {
        return toDouble(loadVolatile());
    }

    /**
     * Acquire read: pairs with {@link #setRelease(double)}. Implemented as a volatile read, which is stronger.
     *
     * @return the value.
     */
    public double getAcquire()
    {
        return toDouble(loadVolatile());
    }

    /**
     * Opaque read: pairs with {@link #setOpaque(double)}. Implemented as a volatile read, which is stronger.
     *
     * @return the value.
     */
    public double getOpaque()
    {
        return toDouble(loadVolatile());
    }

    /**
     * Plain read: no ordering; the compiler may reorder or hoist it. The hardware never tears it.
     *
     * @return the value.
     */
    public double getPlain()
    {
        return toDouble(loadPlain());
    }

    /**
     * Volatile write (sequentially consistent).
     *
     * @param newValue the value.
     */
    public void set(final double newValue)
    {
        storeVolatile(toBits(newValue));
    }

    /**
     * Release write: everything written before it is visible to a thread or process that reads this value with
     * {@link #getAcquire()} (or a volatile read) and sees the new value.
     *
     * @param newValue the value.
     */
    public void setRelease(final double newValue)
    {
        storeRelease(toBits(newValue));
    }

    /**
     * Opaque write: pairs with {@link #getOpaque()}. Implemented as a release write, which is stronger.
     *
     * @param newValue the value.
     */
    public void setOpaque(final double newValue)
    {
        storeRelease(toBits(newValue));
    }

    /**
     * Plain write: no ordering.
     *
     * @param newValue the value.
     */
    public void setPlain(final double newValue)
    {
        storePlain(toBits(newValue));
    }

    /**
     * Atomically sets the value and returns the old one ({@code XCHG}; volatile, sequentially consistent).
     *
     * @param newValue the value.
     * @return the previous value.
     */
    public double getAndSet(final double newValue)
    {
        return toDouble(exchangeWord(toBits(newValue)));
    }

    /**
     * Strong compare-and-set on the raw bits (volatile, sequentially consistent).
     *
     * @param expectedValue compared bit for bit.
     * @param newValue      the value to set.
     * @return true if successful.
     */
    public boolean compareAndSet(final double expectedValue, final double newValue)
    {
        return casWord(toBits(expectedValue), toBits(newValue));
    }

    /**
     * Compare-and-exchange on the raw bits (volatile, sequentially consistent).
     *
     * @param expectedValue compared bit for bit.
     * @param newValue      the value to set.
     * @return the witness: bit-identical to {@code expectedValue} if and only if it succeeded.
     */
    public double compareAndExchange(final double expectedValue, final double newValue)
    {
        return toDouble(compareAndExchangeWord(toBits(expectedValue), toBits(newValue)));
    }

    /**
     * The original's compare_and_set form: compares with {@code expected}'s value, bit for bit; on failure writes
     * the current value into {@code expected}. Three separate volatile accesses, not one atomic step: a volatile read
     * of {@code expected}, a volatile CAS on this value, and on failure a volatile write of {@code expected}.
     *
     * @param expected holds the expected value; receives the current value on failure.
     * @param newValue the value to set on success.
     * @return true if successful.
     */
    public boolean compareAndSet(final SharedDouble expected, final double newValue)
    {
        return compareAndSetWriteBack(expected, toBits(newValue));
    }

    /**
     * The original's float_store: sets this value to {@code source}'s current value (two volatile accesses, a read
     * of {@code source} and a write of this value, not one atomic step).
     *
     * @param source the value to copy.
     */
    public void store(final SharedDouble source)
    {
        storeVolatile(source.loadVolatile());
    }

    /**
     * Atomically takes {@code source}'s value and writes the previous one into {@code previousOut}, as
     * {@link SharedLong#shift}: one volatile exchange on this value; reading {@code source} and writing
     * {@code previousOut} are separate volatile accesses.
     *
     * @param source      the value this one takes.
     * @param previousOut receives this value's previous value.
     */
    public void shift(final SharedDouble source, final SharedDouble previousOut)
    {
        shiftWords(source, previousOut);
    }

    /**
     * Atomically adds (a CAS loop of volatile reads and volatile CAS; sequentially consistent).
     *
     * @param delta to add.
     * @return the new value.
     */
    public double addAndGet(final double delta)
    {
        return updateAndGet(current -> current + delta);
    }

    /**
     * Atomically adds (a CAS loop of volatile reads and volatile CAS; sequentially consistent).
     *
     * @param delta to add.
     * @return the previous value.
     */
    public double getAndAdd(final double delta)
    {
        return getAndUpdate(current -> current + delta);
    }

    /**
     * Atomically applies {@code function} (a CAS loop of volatile reads and volatile CAS, sequentially consistent;
     * the function may run more than once, so it must be free of side effects).
     *
     * @param function maps the current value to the new one.
     * @return the new value.
     */
    public double updateAndGet(final DoubleUnaryOperator function)
    {
        final long word = writableAddress();
        final long next = Words.updateAndGet(word, bits -> toBits(function.applyAsDouble(toDouble(bits))));
        Reference.reachabilityFence(this);
        return toDouble(next);
    }

    /**
     * Atomically applies {@code function}, as {@link #updateAndGet(DoubleUnaryOperator)} (volatile CAS loop).
     *
     * @param function maps the current value to the new one.
     * @return the previous value.
     */
    public double getAndUpdate(final DoubleUnaryOperator function)
    {
        final long word = writableAddress();
        final long previous = Words.getAndUpdate(word, bits -> toBits(function.applyAsDouble(toDouble(bits))));
        Reference.reachabilityFence(this);
        return toDouble(previous);
    }

    /**
     * The value as text, read with a volatile read.
     *
     * @return the current value, or "closed" once the region is closed.
     */
    @Override
    public String toString()
    {
        return region().isClosed() ? "closed" : Double.toString(get());
    }
}
