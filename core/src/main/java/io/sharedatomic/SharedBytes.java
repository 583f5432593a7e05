package io.sharedatomic;

import java.lang.ref.Reference;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.sharedatomic.internal.Words;

/**
 * An atomic byte value of at most 8 bytes in one word of a {@link SharedRegion}: the original's atomic_bytearray.
 * The bytes are read as a big-endian unsigned integer held in one word at a width of 1, 2, 4 or 8 bytes, chosen at
 * creation from the length exactly as the original does. {@link #get()} returns the value at the full width (the
 * original's {@code value}), {@link #getBytes(boolean)} with leading zero bytes stripped, and the twelve arithmetic
 * and bitwise operations wrap at the width (NAND gives ones in the high bytes). Every operation is one CAS (or one
 * {@code LOCK XADD} for add at width 8), and reading into an array or doing arithmetic allocates nothing.
 *
 * <p>Longer values are {@link SharedWideBytes}, which have no arithmetic; {@link BytesValue} describes what both
 * have, including the fixed shape of a shared entry.
 *
 * <p><b>Safety and ordering:</b> the handle may be used by any thread; every operation is sequentially consistent.
 * Values and operands that do not fit the width, and a size mismatch between two values, give
 * {@link IllegalArgumentException} and change nothing.
 */
public final class SharedBytes extends BytesValue
{
    private static final long serialVersionUID = 1L;
    private static final int ADD = 0;
    private static final int SUBTRACT = 1;
    private static final int AND = 2;
    private static final int OR = 3;
    private static final int XOR = 4;
    private static final int NAND = 5;

    private final transient int width;

    SharedBytes(final SharedRegion region, final String name, final long address, final int width, final String format)
    {
        super(region, name, address, format);
        this.width = width;
    }

    @Override
    ValueType type()
    {
        return ValueType.BYTES;
    }

    /**
     * @return the width: 1, 2, 4 or 8 bytes.
     */
    @Override
    public int capacity()
    {
        return width;
    }

    /**
     * Sequentially consistent (volatile).
     *
     * @return the value at its full width (the original's {@code value}).
     */
    @Override
    public byte[] get()
    {
        return SmallWords.wordToBytes(loadVolatile(), width);
    }

    /**
     * Allocation-free read.
     * Sequentially consistent (volatile).
     *
     * @param into receives the value at its full width from index 0.
     * @return the width.
     * @throws IllegalArgumentException if {@code into} is shorter than the width.
     */
    @Override
    public int get(final byte[] into)
    {
        if (into.length < width)
        {
            throw new IllegalArgumentException("the value has " + width + " bytes but the array holds " + into.length);
        }
        SmallWords.wordToBytes(loadVolatile(), width, into);
        return width;
    }

    /**
     * The original's {@code get_int}: the value as an unsigned integer.
     * Sequentially consistent (volatile).
     *
     * @return the value's bits.
     */
    public long getAsLong()
    {
        return loadVolatile();
    }

    /**
     * Sets the value from part of an array (allocation-free): a big-endian integer that must fit the width (extra
     * leading zero bytes are fine).
     * Sequentially consistent (volatile).
     *
     * @param value  source.
     * @param offset first byte.
     * @param length bytes.
     */
    @Override
    public void set(final byte[] value, final int offset, final int length)
    {
        storeVolatile(SmallWords.bytesToWord(value, offset, length, width));
    }

    /**
     * Atomically sets the value.
     *
     * @param value the new value.
     * @return the previous value at the full width.
     */
    @Override
    public byte[] getAndSet(final byte[] value)
    {
        return SmallWords.wordToBytes(exchangeWord(SmallWords.bytesToWord(value, width)), width);
    }

    /**
     * Compare-and-set by value: the integers are compared, so leading zero bytes do not matter.
     * Sequentially consistent (volatile).
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return true if successful.
     */
    @Override
    public boolean compareAndSet(final byte[] expected, final byte[] update)
    {
        Objects.requireNonNull(expected, "expected");
        final long updateWord = SmallWords.bytesToWord(update, width);
        final long expectedWord;
        try
        {
            expectedWord = SmallWords.bytesToWord(expected, width);
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
        return casWord(expectedWord, updateWord);
    }

    /**
     * Compare-and-exchange by value.
     * Sequentially consistent (volatile).
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return the value before the operation at the full width.
     */
    @Override
    public byte[] compareAndExchange(final byte[] expected, final byte[] update)
    {
        Objects.requireNonNull(expected, "expected");
        final long updateWord = SmallWords.bytesToWord(update, width);
        long expectedWord;
        try
        {
            expectedWord = SmallWords.bytesToWord(expected, width);
        }
        catch (final IllegalArgumentException ex)
        {
            return get();
        }
        return SmallWords.wordToBytes(compareAndExchangeWord(expectedWord, updateWord), width);
    }

    /**
     * Atomically applies {@code function} in a CAS loop (it may run more than once).
     *
     * @param function maps the current value to the new one.
     * @return the new value.
     */
    @Override
    public byte[] updateAndGet(final UnaryOperator<byte[]> function)
    {
        final long word = writableAddress();
        final long next = Words.updateAndGet(word, current -> SmallWords.bytesToWord(function.apply(SmallWords.wordToBytes(current, width)), width));
        Reference.reachabilityFence(this);
        return SmallWords.wordToBytes(next, width);
    }

    @Override
    boolean compareAndSetSameShape(final BytesValue expected, final byte[] update)
    {
        return compareAndSetWriteBack(expected, SmallWords.bytesToWord(update, width));
    }

    @Override
    void storeSameShape(final BytesValue source)
    {
        storeVolatile(source.loadVolatile());
    }

    @Override
    void shiftSameShape(final BytesValue source, final BytesValue previousOut)
    {
        shiftWords(source, previousOut);
    }

    @Override
    BytesValue resized(final String newName, final int length, final byte[] shaped)
    {
        return length <= Long.BYTES ? region().sharedBytes(newName, shaped) :
            region().wideBytes(newName, Math.max(length, Long.BYTES + 1), shaped, format());
    }

    /**
     * Atomically adds the operand and returns the new value (volatile: sequentially consistent).
     *
     * @param operand added, wrapping at the width.
     * @return the new value.
     */
    public long addAndGet(final long operand)
    {
        return apply(ADD, operand, true);
    }

    /**
     * Atomically adds the operand and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand added, wrapping at the width.
     * @return the previous value.
     */
    public long getAndAdd(final long operand)
    {
        return apply(ADD, operand, false);
    }

    /**
     * Atomically subtracts the operand and returns the new value (volatile: sequentially consistent).
     *
     * @param operand subtracted, wrapping at the width.
     * @return the new value.
     */
    public long subtractAndGet(final long operand)
    {
        return apply(SUBTRACT, operand, true);
    }

    /**
     * Atomically subtracts the operand and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand subtracted, wrapping at the width.
     * @return the previous value.
     */
    public long getAndSubtract(final long operand)
    {
        return apply(SUBTRACT, operand, false);
    }

    /**
     * Atomically ANDs the operand and returns the new value (volatile: sequentially consistent).
     *
     * @param operand ANDed.
     * @return the new value.
     */
    public long andAndGet(final long operand)
    {
        return apply(AND, operand, true);
    }

    /**
     * Atomically ANDs the operand and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand ANDed.
     * @return the previous value.
     */
    public long getAndAnd(final long operand)
    {
        return apply(AND, operand, false);
    }

    /**
     * Atomically ORs the operand and returns the new value (volatile: sequentially consistent).
     *
     * @param operand ORed.
     * @return the new value.
     */
    public long orAndGet(final long operand)
    {
        return apply(OR, operand, true);
    }

    /**
     * Atomically ORs the operand and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand ORed.
     * @return the previous value.
     */
    public long getAndOr(final long operand)
    {
        return apply(OR, operand, false);
    }

    /**
     * Atomically XORs the operand and returns the new value (volatile: sequentially consistent).
     *
     * @param operand XORed.
     * @return the new value.
     */
    public long xorAndGet(final long operand)
    {
        return apply(XOR, operand, true);
    }

    /**
     * Atomically XORs the operand and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand XORed.
     * @return the previous value.
     */
    public long getAndXor(final long operand)
    {
        return apply(XOR, operand, false);
    }

    /**
     * Atomically NANDs the operand (stores {@code ~(value & operand)}) and returns the new value (volatile: sequentially consistent).
     *
     * @param operand the value becomes {@code ~(value & operand)} at the width.
     * @return the new value.
     */
    public long nandAndGet(final long operand)
    {
        return apply(NAND, operand, true);
    }

    /**
     * Atomically NANDs the operand (stores {@code ~(value & operand)}) and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand the value becomes {@code ~(value & operand)} at the width.
     * @return the previous value.
     */
    public long getAndNand(final long operand)
    {
        return apply(NAND, operand, false);
    }

    /**
     * Atomically adds the operand and returns the new value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer added.
     * @return the new value at the full width.
     */
    public byte[] addAndGet(final byte[] operand)
    {
        return asBytes(addAndGet(operand(operand)));
    }

    /**
     * Atomically adds the operand and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer added.
     * @return the previous value at the full width.
     */
    public byte[] getAndAdd(final byte[] operand)
    {
        return asBytes(getAndAdd(operand(operand)));
    }

    /**
     * Atomically subtracts the operand and returns the new value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer subtracted.
     * @return the new value at the full width.
     */
    public byte[] subtractAndGet(final byte[] operand)
    {
        return asBytes(subtractAndGet(operand(operand)));
    }

    /**
     * Atomically subtracts the operand and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer subtracted.
     * @return the previous value at the full width.
     */
    public byte[] getAndSubtract(final byte[] operand)
    {
        return asBytes(getAndSubtract(operand(operand)));
    }

    /**
     * Atomically ANDs the operand and returns the new value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer ANDed.
     * @return the new value at the full width.
     */
    public byte[] andAndGet(final byte[] operand)
    {
        return asBytes(andAndGet(operand(operand)));
    }

    /**
     * Atomically ANDs the operand and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer ANDed.
     * @return the previous value at the full width.
     */
    public byte[] getAndAnd(final byte[] operand)
    {
        return asBytes(getAndAnd(operand(operand)));
    }

    /**
     * Atomically ORs the operand and returns the new value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer ORed.
     * @return the new value at the full width.
     */
    public byte[] orAndGet(final byte[] operand)
    {
        return asBytes(orAndGet(operand(operand)));
    }

    /**
     * Atomically ORs the operand and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer ORed.
     * @return the previous value at the full width.
     */
    public byte[] getAndOr(final byte[] operand)
    {
        return asBytes(getAndOr(operand(operand)));
    }

    /**
     * Atomically XORs the operand and returns the new value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer XORed.
     * @return the new value at the full width.
     */
    public byte[] xorAndGet(final byte[] operand)
    {
        return asBytes(xorAndGet(operand(operand)));
    }

    /**
     * Atomically XORs the operand and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer XORed.
     * @return the previous value at the full width.
     */
    public byte[] getAndXor(final byte[] operand)
    {
        return asBytes(getAndXor(operand(operand)));
    }

    /**
     * Atomically NANDs the operand (stores {@code ~(value & operand)}) and returns the new value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer; the value becomes {@code ~(value & operand)}.
     * @return the new value.
     */
    public byte[] nandAndGet(final byte[] operand)
    {
        return asBytes(nandAndGet(operand(operand)));
    }

    /**
     * Atomically NANDs the operand (stores {@code ~(value & operand)}) and returns the previous value (volatile: sequentially consistent).
     *
     * @param operand big-endian integer; the value becomes {@code ~(value & operand)}.
     * @return the previous value.
     */
    public byte[] getAndNand(final byte[] operand)
    {
        return asBytes(getAndNand(operand(operand)));
    }

    private long operand(final byte[] operand)
    {
        return SmallWords.bytesToWord(operand, width);
    }

    private byte[] asBytes(final long word)
    {
        return SmallWords.wordToBytes(word, width);
    }

    private long apply(final int op, final long operand, final boolean returnNew)
    {
        final long mask = SmallWords.mask(width);
        if ((operand & ~mask) != 0)
        {
            throw new IllegalArgumentException("operand 0x" + Long.toHexString(operand) + " does not fit a value of " + width + " bytes");
        }
        final long word = writableAddress();
        final long previous;
        final long next;
        switch (op)
        {
            case ADD:
                previous = Words.getAndAddMasked(word, operand, mask);
                next = (previous + operand) & mask;
                break;
            case SUBTRACT:
                previous = Words.getAndAddMasked(word, -operand, mask);
                next = (previous - operand) & mask;
                break;
            case AND:
                previous = Words.getAndAndMasked(word, operand, mask);
                next = previous & operand;
                break;
            case OR:
                previous = Words.getAndOrMasked(word, operand, mask);
                next = previous | operand;
                break;
            case XOR:
                previous = Words.getAndXorMasked(word, operand, mask);
                next = previous ^ operand;
                break;
            default:
                previous = Words.getAndNandMasked(word, operand, mask);
                next = ~(previous & operand) & mask;
                break;
        }
        Reference.reachabilityFence(this);
        return returnNew ? next : previous;
    }
}
