package io.sharedatomic;

import java.lang.ref.Reference;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

import io.sharedatomic.internal.Words;

/**
 * The 64-bit integer operations shared by {@link SharedLong} (read as signed) and {@link SharedULong} (the same bits
 * read as unsigned): the bits, the arithmetic and its wrap-around at 64 bits are identical; only printing and
 * comparing differ.
 *
 * @param <T> the concrete handle type, for the original's object-taking forms.
 */
abstract sealed class AbstractSharedLong<T extends AbstractSharedLong<T>> extends SharedValue permits SharedLong, SharedULong
{
    private static final long serialVersionUID = 1L;

    AbstractSharedLong(final SharedRegion region, final String name, final long address)
    {
        super(region, name, address);
    }

    /**
     * Volatile read (sequentially consistent): one load of the handle's address field and one of the value. A close of
     * the region is seen by the next read of every thread (see {@link SharedRegion}, Closing).
     *
     * @return the value.
     * @throws IllegalStateException if the region was closed.
     */
    public final long get()
    {
        return loadVolatile();
    }

    /**
     * Acquire read: pairs with {@link #setRelease(long)}. Implemented as a volatile read, which is stronger.
     *
     * @return the value.
     */
    public final long getAcquire()
    {
        return loadVolatile();
    }

    /**
     * Opaque read: pairs with {@link #setOpaque(long)}. Implemented as a volatile read, which is stronger.
     *
     * @return the value.
     */
    public final long getOpaque()
    {
        return loadVolatile();
    }

    /**
     * Plain read: no ordering; the compiler may reorder or hoist it. The hardware never tears it.
     *
     * @return the value.
     */
    public final long getPlain()
    {
        return loadPlain();
    }

    /**
     * Volatile write (sequentially consistent).
     *
     * @param newValue the value.
     */
    public final void set(final long newValue)
    {
        storeVolatile(newValue);
    }

    /**
     * Release write: everything written before it is visible to a thread or process that reads this value with
     * {@link #getAcquire()} and sees the new value.
     *
     * @param newValue the value.
     */
    public final void setRelease(final long newValue)
    {
        storeRelease(newValue);
    }

    /**
     * Opaque write: pairs with {@link #getOpaque()}. Implemented as a release write, which is stronger.
     *
     * @param newValue the value.
     */
    public final void setOpaque(final long newValue)
    {
        storeRelease(newValue);
    }

    /**
     * Plain write: no ordering.
     *
     * @param newValue the value.
     */
    public final void setPlain(final long newValue)
    {
        storePlain(newValue);
    }

    /**
     * Atomically sets the value and returns the old one (the original's get_and_set).
     *
     * @param newValue the value.
     * @return the previous value.
     */
    public final long getAndSet(final long newValue)
    {
        return exchangeWord(newValue);
    }

    /**
     * Strong compare-and-set (sequentially consistent).
     *
     * @param expectedValue the value expected.
     * @param newValue      the value to set if the current value equals {@code expectedValue}.
     * @return true if successful.
     */
    public final boolean compareAndSet(final long expectedValue, final long newValue)
    {
        return casWord(expectedValue, newValue);
    }

    /**
     * Compare-and-exchange (sequentially consistent): like {@link #compareAndSet(long, long)} but returns the witness.
     *
     * @param expectedValue the value expected.
     * @param newValue      the value to set if the current value equals {@code expectedValue}.
     * @return the value before the operation: equal to {@code expectedValue} if and only if it succeeded.
     */
    public final long compareAndExchange(final long expectedValue, final long newValue)
    {
        return compareAndExchangeWord(expectedValue, newValue);
    }

    /**
     * The original's compare_and_set: compares with the value of {@code expected}; on failure writes the current
     * value into {@code expected} (a volatile write) and returns false.
     *
     * @param expected holds the expected value; receives the current value on failure.
     * @param newValue the value to set on success.
     * @return true if successful.
     */
    public final boolean compareAndSet(final T expected, final long newValue)
    {
        return compareAndSetWriteBack(expected, newValue);
    }

    /**
     * Weak compare-and-set with volatile semantics. The memory primitive under it has only a strong CAS, so it never
     * fails spuriously; offered so that code written for {@code AtomicLong} ports unchanged.
     *
     * @param expectedValue the value expected.
     * @param newValue      the value to set.
     * @return true if successful.
     */
    public final boolean weakCompareAndSetVolatile(final long expectedValue, final long newValue)
    {
        return casWord(expectedValue, newValue);
    }

    /**
     * Weak compare-and-set with plain semantics: implemented as the strong, volatile CAS.
     *
     * @param expectedValue the value expected.
     * @param newValue      the value to set.
     * @return true if successful.
     */
    public final boolean weakCompareAndSetPlain(final long expectedValue, final long newValue)
    {
        return casWord(expectedValue, newValue);
    }

    /**
     * Weak compare-and-set with acquire semantics: implemented as the strong, volatile CAS.
     *
     * @param expectedValue the value expected.
     * @param newValue      the value to set.
     * @return true if successful.
     */
    public final boolean weakCompareAndSetAcquire(final long expectedValue, final long newValue)
    {
        return casWord(expectedValue, newValue);
    }

    /**
     * Weak compare-and-set with release semantics: implemented as the strong, volatile CAS.
     *
     * @param expectedValue the value expected.
     * @param newValue      the value to set.
     * @return true if successful.
     */
    public final boolean weakCompareAndSetRelease(final long expectedValue, final long newValue)
    {
        return casWord(expectedValue, newValue);
    }

    /**
     * The original's store: sets this value to {@code source}'s current value (two volatile accesses, not one atomic
     * copy).
     *
     * @param source the value to copy.
     */
    public final void store(final T source)
    {
        storeVolatile(source.loadVolatile());
    }

    /**
     * The original's shift: atomically exchanges this value for {@code source}'s current value and writes the old
     * value into {@code previousOut}. Only the exchange on this value is atomic; reading {@code source} and writing
     * {@code previousOut} are separate volatile accesses.
     *
     * @param source      the value this one takes.
     * @param previousOut receives this value's previous value.
     */
    public final void shift(final T source, final T previousOut)
    {
        shiftWords(source, previousOut);
    }

    /**
     * Atomic add ({@code LOCK XADD}), wrapping at 64 bits.
     * Sequentially consistent (volatile).
     *
     * @param delta to add.
     * @return the new value.
     */
    public final long addAndGet(final long delta)
    {
        return getAndAddWord(delta) + delta;
    }

    /**
     * Atomic add ({@code LOCK XADD}), wrapping at 64 bits.
     * Sequentially consistent (volatile).
     *
     * @param delta to add.
     * @return the previous value.
     */
    public final long getAndAdd(final long delta)
    {
        return getAndAddWord(delta);
    }

    /**
     * Atomic subtract, wrapping at 64 bits.
     * Sequentially consistent (volatile).
     *
     * @param delta to subtract.
     * @return the new value.
     */
    public final long subtractAndGet(final long delta)
    {
        return getAndAddWord(-delta) - delta;
    }

    /**
     * Atomic subtract, wrapping at 64 bits.
     * Sequentially consistent (volatile).
     *
     * @param delta to subtract.
     * @return the previous value.
     */
    public final long getAndSubtract(final long delta)
    {
        return getAndAddWord(-delta);
    }

    /**
     * Sequentially consistent (volatile).
     *
     * @return the new value after adding one.
     */
    public final long incrementAndGet()
    {
        return getAndAddWord(1) + 1;
    }

    /**
     * Sequentially consistent (volatile).
     *
     * @return the previous value; one is added.
     */
    public final long getAndIncrement()
    {
        return getAndAddWord(1);
    }

    /**
     * Sequentially consistent (volatile).
     *
     * @return the new value after subtracting one.
     */
    public final long decrementAndGet()
    {
        return getAndAddWord(-1) - 1;
    }

    /**
     * Sequentially consistent (volatile).
     *
     * @return the previous value; one is subtracted.
     */
    public final long getAndDecrement()
    {
        return getAndAddWord(-1);
    }

    /**
     * Atomic bitwise AND (a CAS loop: x86 has no fetch-and-AND).
     * Sequentially consistent (volatile).
     *
     * @param mask operand.
     * @return the new value.
     */
    public final long andAndGet(final long mask)
    {
        return getAndAnd(mask) & mask;
    }

    /**
     * Atomic bitwise AND.
     * Sequentially consistent (volatile).
     *
     * @param mask operand.
     * @return the previous value.
     */
    public final long getAndAnd(final long mask)
    {
        final long word = writableAddress();
        final long previous = Words.getAndAnd(word, mask);
        Reference.reachabilityFence(this);
        return previous;
    }

    /**
     * Atomic bitwise OR.
     * Sequentially consistent (volatile).
     *
     * @param mask operand.
     * @return the new value.
     */
    public final long orAndGet(final long mask)
    {
        return getAndOr(mask) | mask;
    }

    /**
     * Atomic bitwise OR.
     * Sequentially consistent (volatile).
     *
     * @param mask operand.
     * @return the previous value.
     */
    public final long getAndOr(final long mask)
    {
        final long word = writableAddress();
        final long previous = Words.getAndOr(word, mask);
        Reference.reachabilityFence(this);
        return previous;
    }

    /**
     * Atomic bitwise XOR.
     * Sequentially consistent (volatile).
     *
     * @param mask operand.
     * @return the new value.
     */
    public final long xorAndGet(final long mask)
    {
        return getAndXor(mask) ^ mask;
    }

    /**
     * Atomic bitwise XOR.
     * Sequentially consistent (volatile).
     *
     * @param mask operand.
     * @return the previous value.
     */
    public final long getAndXor(final long mask)
    {
        final long word = writableAddress();
        final long previous = Words.getAndXor(word, mask);
        Reference.reachabilityFence(this);
        return previous;
    }

    /**
     * Atomic NAND: the value becomes {@code ~(value & mask)}.
     * Sequentially consistent (volatile).
     *
     * @param mask operand.
     * @return the new value.
     */
    public final long nandAndGet(final long mask)
    {
        return ~(getAndNand(mask) & mask);
    }

    /**
     * Atomic NAND: the value becomes {@code ~(value & mask)}.
     * Sequentially consistent (volatile).
     *
     * @param mask operand.
     * @return the previous value.
     */
    public final long getAndNand(final long mask)
    {
        final long word = writableAddress();
        final long previous = Words.getAndNand(word, mask);
        Reference.reachabilityFence(this);
        return previous;
    }

    /**
     * Atomically applies {@code function} (a CAS loop: it may run more than once under contention, so it must be free
     * of side effects).
     *
     * @param function maps the current value to the new one.
     * @return the new value.
     */
    public final long updateAndGet(final LongUnaryOperator function)
    {
        final long word = writableAddress();
        final long next = Words.updateAndGet(word, function);
        Reference.reachabilityFence(this);
        return next;
    }

    /**
     * Atomically applies {@code function}, as {@link #updateAndGet(LongUnaryOperator)}.
     *
     * @param function maps the current value to the new one.
     * @return the previous value.
     */
    public final long getAndUpdate(final LongUnaryOperator function)
    {
        final long word = writableAddress();
        final long previous = Words.getAndUpdate(word, function);
        Reference.reachabilityFence(this);
        return previous;
    }

    /**
     * Atomically combines the value with {@code x}, as {@link #updateAndGet(LongUnaryOperator)}.
     *
     * @param x        second operand.
     * @param function combines the current value and {@code x}.
     * @return the new value.
     */
    public final long accumulateAndGet(final long x, final LongBinaryOperator function)
    {
        final long word = writableAddress();
        final long next = Words.accumulateAndGet(word, x, function);
        Reference.reachabilityFence(this);
        return next;
    }

    /**
     * Atomically combines the value with {@code x}, as {@link #updateAndGet(LongUnaryOperator)}.
     *
     * @param x        second operand.
     * @param function combines the current value and {@code x}.
     * @return the previous value.
     */
    public final long getAndAccumulate(final long x, final LongBinaryOperator function)
    {
        final long word = writableAddress();
        final long previous = Words.getAndAccumulate(word, x, function);
        Reference.reachabilityFence(this);
        return previous;
    }
}
