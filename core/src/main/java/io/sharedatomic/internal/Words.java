package io.sharedatomic.internal;

import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * The one engine for read-modify-writes of a 64-bit word at a raw address: every handle that changes a word from
 * its old value goes through here ({@code SharedLong}, {@code SharedULong} and {@code SharedLongArray} for their
 * loops, every handle for CAS, exchange and add; the masked forms reproduce the one-word {@code SharedBytes} op
 * table), so that each operation is written once, with one set of rules, instead of once per handle with slightly
 * different loops.
 *
 * <p><b>The rules.</b>
 * <ul>
 *   <li><b>No checks here.</b> Every method works on a raw address that must lie inside a live mapping, 8-byte
 *       aligned (see {@link NativeMemory}). The caller checks once, before the call, that its region is open and
 *       writable (and its index in range), holds the address in a {@code final} local, and ends with
 *       {@link java.lang.ref.Reference#reachabilityFence} on its handle, so the mapping cannot be released in the
 *       middle of a loop. Checking writability before the call, not per attempt, also matters because of the next
 *       rule: an operation that changes nothing never writes, so it would otherwise pass on a read-only view.</li>
 *   <li><b>The native instruction where the hardware has one:</b> {@link #getAndAdd} is {@code LOCK XADD},
 *       {@link #getAndSet} is {@code XCHG}, {@link #compareAndSet} is {@code LOCK CMPXCHG}, all through
 *       {@link NativeMemory}. Everything else (AND, OR and XOR, which x86 applies atomically only without returning
 *       the old value; NAND, which it lacks; narrow arithmetic; update functions) is a CAS loop: a volatile load,
 *       the new value computed from it, one CAS; a failed CAS means another thread or process changed the word, so
 *       the loop computes again from what is there now.</li>
 *   <li><b>No CAS when nothing changes.</b> A loop whose new value equals the old one returns the old one at once
 *       without writing. The operation is then a volatile read of the word, linearized at that read: it orders as
 *       a volatile read does (later accesses stay after it), but, being no write, it releases nothing to a later
 *       reader of the word, and it leaves the cache line shared instead of taking it exclusive, which is the point:
 *       setting a bit that is already set, from many threads or processes, costs a read, not a contended
 *       {@code LOCK CMPXCHG}. The single-instruction operations ({@code getAndAdd}, {@code getAndSet},
 *       {@code compareAndSet}, {@code compareAndExchange}) always execute their instruction.</li>
 *   <li><b>Masked forms</b> ({@code ...Masked(address, operand, mask)}) are for values narrower than the word, held
 *       in the bits of {@code mask}: the operation is computed on the whole word, the result is wrapped to the mask,
 *       and the bits outside the mask stay as they are. They return the previous value wrapped to the mask. For the
 *       bitwise operations any mask works; for addition the mask must be one run of bits and the operand given in
 *       place (its bits below the run zero), so that no carry enters the value from below. With
 *       {@code mask == -1L} they are the full-width operations ({@link #getAndAddMasked} is then
 *       {@code LOCK XADD}). On a word whose bits outside the mask are zero (a one-word {@code SharedBytes}) they
 *       store exactly {@code (old OP operand) & mask}, the one-word op table's result.</li>
 *   <li><b>Update functions</b> ({@link LongUnaryOperator}, {@link LongBinaryOperator}) may run more than once
 *       under contention, so they must be free of side effects; if one throws, nothing has been written.</li>
 *   <li>Static methods that allocate nothing; every successful write is a sequentially consistent atomic
 *       instruction.</li>
 * </ul>
 *
 * <p>{@code xAndGet} forms of the bitwise and arithmetic operations are the caller's: the new value is a function of
 * the returned old value and the operand (for example {@code getAndAnd(address, m) & m}), computed without another
 * access.
 */
public final class Words
{
    private Words()
    {
    }

    // ----- single instructions ---------------------------------------------------------------------------------------

    /**
     * Strong, sequentially consistent compare-and-set ({@code LOCK CMPXCHG}).
     *
     * @param address  of the word.
     * @param expected the value expected.
     * @param update   the value to set if the word holds {@code expected}.
     * @return true if the word held {@code expected} and now holds {@code update}.
     */
    public static boolean compareAndSet(final long address, final long expected, final long update)
    {
        return NativeMemory.compareAndSet(address, expected, update);
    }

    /**
     * Compare-and-exchange: one CAS when it succeeds.
     *
     * @param address  of the word.
     * @param expected the value expected.
     * @param update   the value to set if the word holds {@code expected}.
     * @return the value before the operation: equal to {@code expected} if and only if it succeeded.
     */
    public static long compareAndExchange(final long address, final long expected, final long update)
    {
        while (true)
        {
            if (NativeMemory.compareAndSet(address, expected, update))
            {
                return expected;
            }
            final long witness = NativeMemory.getVolatile(address);
            // Retry only if the value went back to expected between the failed CAS and the read: a witness equal to
            // expected would claim a success that did not happen.
            if (witness != expected)
            {
                return witness;
            }
        }
    }

    /**
     * Atomic exchange ({@code XCHG}).
     *
     * @param address of the word.
     * @param value   the new value.
     * @return the previous value.
     */
    public static long getAndSet(final long address, final long value)
    {
        return NativeMemory.getAndSet(address, value);
    }

    /**
     * Atomic add ({@code LOCK XADD}), wrapping at 64 bits.
     *
     * @param address of the word.
     * @param delta   added.
     * @return the previous value.
     */
    public static long getAndAdd(final long address, final long delta)
    {
        return NativeMemory.getAndAdd(address, delta);
    }

    // ----- bitwise: CAS loops ----------------------------------------------------------------------------------------

    /**
     * Atomic bitwise AND.
     *
     * @param address of the word.
     * @param operand ANDed in.
     * @return the previous value.
     */
    public static long getAndAnd(final long address, final long operand)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = current & operand;
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return current;
            }
        }
    }

    /**
     * Atomic bitwise OR.
     *
     * @param address of the word.
     * @param operand ORed in.
     * @return the previous value.
     */
    public static long getAndOr(final long address, final long operand)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = current | operand;
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return current;
            }
        }
    }

    /**
     * Atomic bitwise XOR.
     *
     * @param address of the word.
     * @param operand XORed in.
     * @return the previous value.
     */
    public static long getAndXor(final long address, final long operand)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = current ^ operand;
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return current;
            }
        }
    }

    /**
     * Atomic NAND: the word becomes {@code ~(word & operand)}.
     *
     * @param address of the word.
     * @param operand the second operand.
     * @return the previous value.
     */
    public static long getAndNand(final long address, final long operand)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = ~(current & operand);
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return current;
            }
        }
    }

    // ----- update functions: CAS loops -------------------------------------------------------------------------------

    /**
     * Atomically applies {@code function}.
     *
     * @param address  of the word.
     * @param function maps the current value to the new one; may run more than once.
     * @return the previous value.
     */
    public static long getAndUpdate(final long address, final LongUnaryOperator function)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = function.applyAsLong(current);
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return current;
            }
        }
    }

    /**
     * Atomically applies {@code function}.
     *
     * @param address  of the word.
     * @param function maps the current value to the new one; may run more than once.
     * @return the new value.
     */
    public static long updateAndGet(final long address, final LongUnaryOperator function)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = function.applyAsLong(current);
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return next;
            }
        }
    }

    /**
     * Atomically combines the word with {@code x}.
     *
     * @param address  of the word.
     * @param x        the second operand.
     * @param function combines the current value and {@code x}; may run more than once.
     * @return the previous value.
     */
    public static long getAndAccumulate(final long address, final long x, final LongBinaryOperator function)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = function.applyAsLong(current, x);
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return current;
            }
        }
    }

    /**
     * Atomically combines the word with {@code x}.
     *
     * @param address  of the word.
     * @param x        the second operand.
     * @param function combines the current value and {@code x}; may run more than once.
     * @return the new value.
     */
    public static long accumulateAndGet(final long address, final long x, final LongBinaryOperator function)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = function.applyAsLong(current, x);
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return next;
            }
        }
    }

    // ----- masked: a value in the bits of mask; the bits outside it stay as they are ---------------------------------

    /**
     * Atomic add wrapping at the mask: {@code LOCK XADD} for {@code mask == -1L}, a CAS loop otherwise.
     *
     * @param address of the word.
     * @param delta   added, in place (subtract by adding the negation: it wraps the same way).
     * @param mask    the bits of the value: one run of bits.
     * @return the previous value, wrapped to the mask.
     */
    public static long getAndAddMasked(final long address, final long delta, final long mask)
    {
        if (mask == -1L)
        {
            return NativeMemory.getAndAdd(address, delta);
        }
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = merge(current, current + delta, mask);
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return current & mask;
            }
        }
    }

    /**
     * Atomic bitwise AND within the mask.
     *
     * @param address of the word.
     * @param operand ANDed in (its bits outside the mask are ignored).
     * @param mask    the bits of the value.
     * @return the previous value, wrapped to the mask.
     */
    public static long getAndAndMasked(final long address, final long operand, final long mask)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = merge(current, current & operand, mask);
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return current & mask;
            }
        }
    }

    /**
     * Atomic bitwise OR within the mask.
     *
     * @param address of the word.
     * @param operand ORed in (its bits outside the mask are ignored).
     * @param mask    the bits of the value.
     * @return the previous value, wrapped to the mask.
     */
    public static long getAndOrMasked(final long address, final long operand, final long mask)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = merge(current, current | operand, mask);
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return current & mask;
            }
        }
    }

    /**
     * Atomic bitwise XOR within the mask.
     *
     * @param address of the word.
     * @param operand XORed in (its bits outside the mask are ignored).
     * @param mask    the bits of the value.
     * @return the previous value, wrapped to the mask.
     */
    public static long getAndXorMasked(final long address, final long operand, final long mask)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = merge(current, current ^ operand, mask);
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return current & mask;
            }
        }
    }

    /**
     * Atomic NAND within the mask: the value becomes {@code ~(value & operand)} wrapped to the mask, so the bits of
     * the mask where the operand or the value is zero become ones.
     *
     * @param address of the word.
     * @param operand the second operand (its bits outside the mask are ignored).
     * @param mask    the bits of the value.
     * @return the previous value, wrapped to the mask.
     */
    public static long getAndNandMasked(final long address, final long operand, final long mask)
    {
        while (true)
        {
            final long current = NativeMemory.getVolatile(address);
            final long next = merge(current, ~(current & operand), mask);
            if (next == current || NativeMemory.compareAndSet(address, current, next))
            {
                return current & mask;
            }
        }
    }

    /**
     * @return {@code result} in the bits of {@code mask}, {@code current} outside them:
     *     {@code (current & ~mask) | (result & mask)}.
     */
    private static long merge(final long current, final long result, final long mask)
    {
        return current ^ ((current ^ result) & mask);
    }
}
