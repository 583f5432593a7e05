package io.sharedatomic;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.sharedatomic.internal.WideValue;

/**
 * An atomic byte array in a {@link SharedRegion}: the original's atomic_bytearray, and wide values beyond it.
 *
 * <p><b>One-word values</b> (up to 8 bytes, the original's): the bytes are read as a big-endian unsigned integer held
 * in one word at a width of 1, 2, 4 or 8 bytes, chosen at creation from the length exactly as the original
 * does. {@link #get()} returns the value at the full width (the original's {@code value}), {@link #getBytes(boolean)}
 * with leading zero bytes stripped, and the twelve arithmetic and bitwise operations wrap at the width (NAND gives
 * ones in the high bytes). Every operation is one CAS (or one {@code LOCK XADD} for add at width 8).
 *
 * <p><b>Wide values</b> (a capacity above 8 bytes, up to 16 MiB): a variable-length byte string of at most the
 * capacity, with get, set, getAndSet, compareAndSet, compareAndExchange and updateAndGet. Readers never write and
 * never see a torn value; writers serialize on a lock that survives a writer killed with {@code kill -9}. Arithmetic
 * is defined for one-word values only.
 *
 * <p><b>Fixed shape:</b> the width (or capacity) is part of the shared entry and never changes, so every process
 * attached to a name sees the same width and value at all times; the original instead grew a value by replacing its
 * storage, which silently detached every other holder. {@link #resize} therefore creates a new value.
 *
 * <p><b>Safety and ordering:</b> the handle may be used by any thread; every operation is sequentially consistent.
 * Values that do not fit, and a size mismatch between two values, give {@link IllegalArgumentException} and change
 * nothing.
 */
public final class SharedBytes extends SharedValue
{
    private static final long serialVersionUID = 1L;
    private static final int ADD = 0;
    private static final int SUBTRACT = 1;
    private static final int AND = 2;
    private static final int OR = 3;
    private static final int XOR = 4;
    private static final int NAND = 5;

    private final transient int width;
    private final transient WideValue wide;
    private final transient String format;

    SharedBytes(final SharedRegion region, final String name, final long address, final int width, final String format)
    {
        super(region, name, address);
        this.width = width;
        this.wide = null;
        this.format = format;
    }

    SharedBytes(final SharedRegion region, final String name, final WideValue wide, final long address, final String format)
    {
        super(region, name, address);
        this.width = 0;
        this.wide = wide;
        this.format = format;
    }

    @Override
    ValueType type()
    {
        return wide == null ? ValueType.BYTES : ValueType.WIDE_BYTES;
    }

    /**
     * Shapes bytes to a length as the original's constructor does: longer data is trimmed on {@code trimmingSide};
     * shorter data is padded on {@code paddingSide} with {@code padding} repeated cyclically.
     *
     * @param data         the bytes.
     * @param length       the length wanted, 0 or more.
     * @param paddingSide  where padding goes.
     * @param padding      padding bytes, repeated; not empty when padding is needed.
     * @param trimmingSide which end trimming removes.
     * @return the shaped bytes, exactly {@code length} long.
     * @throws IllegalArgumentException for a negative length or empty padding.
     */
    public static byte[] shape(final byte[] data, final int length, final Side paddingSide, final byte[] padding, final Side trimmingSide)
    {
        Objects.requireNonNull(paddingSide, "paddingSide");
        Objects.requireNonNull(trimmingSide, "trimmingSide");
        Objects.requireNonNull(padding, "padding");
        if (length < 0)
        {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        if (data.length >= length)
        {
            return trimmingSide == Side.RIGHT ? Arrays.copyOf(data, length) : Arrays.copyOfRange(data, data.length - length, data.length);
        }
        if (padding.length == 0)
        {
            throw new IllegalArgumentException("padding must not be empty: " + (length - data.length) + " bytes of padding are needed");
        }
        final byte[] shaped = new byte[length];
        final int missing = length - data.length;
        final int dataStart = paddingSide == Side.LEFT ? missing : 0;
        final int padStart = paddingSide == Side.LEFT ? 0 : data.length;
        System.arraycopy(data, 0, shaped, dataStart, data.length);
        for (int i = 0; i < missing; i++)
        {
            shaped[padStart + i] = padding[i % padding.length];
        }
        return shaped;
    }

    /**
     * @param bytes a value.
     * @return the bytes without their leading zero bytes (the original's {@code get_bytes(trim=True)} rendering).
     */
    public static byte[] trimLeadingZeros(final byte[] bytes)
    {
        int start = 0;
        while (start < bytes.length && bytes[start] == 0)
        {
            start++;
        }
        return Arrays.copyOfRange(bytes, start, bytes.length);
    }

    /**
     * @return the format tag given at creation, empty if none.
     */
    public String format()
    {
        return format;
    }

    /**
     * @return true for a wide value, false for a one-word value.
     */
    public boolean isWide()
    {
        return wide != null;
    }

    /**
     * @return the width of a one-word value (1, 2, 4 or 8), or the capacity of a wide value, in bytes.
     */
    public int capacity()
    {
        return wide == null ? width : wide.capacity();
    }

    /**
     * @return a one-word value at its full width (the original's {@code value}); a wide value as stored.
     */
    public byte[] get()
    {
        return wide == null ? SmallWords.wordToBytes(loadVolatile(), width) : wide.read();
    }

    /**
     * Allocation-free read.
     *
     * @param into receives the value from index 0: the full width of a one-word value, or the bytes of a wide one.
     * @return how many bytes were written.
     * @throws IllegalArgumentException if {@code into} is too short.
     */
    public int get(final byte[] into)
    {
        if (wide != null)
        {
            return wide.read(into);
        }
        if (into.length < width)
        {
            throw new IllegalArgumentException("the value has " + width + " bytes but the array holds " + into.length);
        }
        SmallWords.wordToBytes(loadVolatile(), width, into);
        return width;
    }

    /**
     * The original's {@code get_bytes}.
     *
     * @param trim whether to strip leading zero bytes.
     * @return the value.
     */
    public byte[] getBytes(final boolean trim)
    {
        return trim ? trimLeadingZeros(get()) : get();
    }

    /**
     * The original's {@code get_int}: a one-word value as an unsigned integer.
     *
     * @return the value's bits.
     */
    public long getAsLong()
    {
        checkOneWord();
        return loadVolatile();
    }

    /**
     * Sets the value. For a one-word value the bytes are a big-endian integer that must fit the width (extra
     * leading zero bytes are fine); for a wide value they must fit the capacity.
     *
     * @param value the new value.
     */
    public void set(final byte[] value)
    {
        set(value, 0, value.length);
    }

    /**
     * Sets the value from part of an array (allocation-free).
     *
     * @param value  source.
     * @param offset first byte.
     * @param length bytes.
     */
    public void set(final byte[] value, final int offset, final int length)
    {
        if (wide != null)
        {
            wide.write(value, offset, length);
        }
        else
        {
            storeVolatile(SmallWords.bytesToWord(value, offset, length, width));
        }
    }

    /**
     * Atomically sets the value.
     *
     * @param value the new value.
     * @return the previous value, as {@link #get()} returns it.
     */
    public byte[] getAndSet(final byte[] value)
    {
        if (wide != null)
        {
            return wide.exchange(value, 0, value.length);
        }
        return SmallWords.wordToBytes(exchangeWord(SmallWords.bytesToWord(value, width)), width);
    }

    /**
     * Compare-and-set by value: for a one-word value the integers are compared, for a wide value the bytes and
     * their length.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return true if successful.
     */
    public boolean compareAndSet(final byte[] expected, final byte[] update)
    {
        Objects.requireNonNull(expected, "expected");
        if (wide != null)
        {
            return wide.compareAndWrite(expected, update);
        }
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
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return the value before the operation, as {@link #get()} returns it.
     */
    public byte[] compareAndExchange(final byte[] expected, final byte[] update)
    {
        Objects.requireNonNull(expected, "expected");
        if (wide != null)
        {
            return wide.compareAndExchange(expected, update);
        }
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
     * The original's {@code array_compare_and_set}: compares with {@code expected}'s value; on failure writes the
     * current value into {@code expected}.
     *
     * @param expected a value of the same capacity.
     * @param update   the new value.
     * @return true if successful.
     * @throws IllegalArgumentException if the capacities differ.
     */
    public boolean compareAndSet(final SharedBytes expected, final byte[] update)
    {
        checkSameCapacity(expected, "expected");
        if (wide == null)
        {
            return compareAndSetWriteBack(expected, SmallWords.bytesToWord(update, width));
        }
        return wide.compareAndSetWriteBack(expected.wide, update);
    }

    /**
     * The original's {@code array_store}: sets this value to {@code source}'s.
     *
     * @param source a value of the same capacity.
     */
    public void store(final SharedBytes source)
    {
        checkSameCapacity(source, "source");
        if (wide == null)
        {
            storeVolatile(source.loadVolatile());
        }
        else
        {
            wide.store(source.wide);
        }
    }

    /**
     * The original's {@code array_shift}: atomically takes {@code source}'s value and writes the previous one into
     * {@code previousOut}.
     *
     * @param source      a value of the same capacity.
     * @param previousOut a value of the same capacity.
     */
    public void shift(final SharedBytes source, final SharedBytes previousOut)
    {
        checkSameCapacity(source, "source");
        checkSameCapacity(previousOut, "previousOut");
        if (wide == null)
        {
            shiftWords(source, previousOut);
        }
        else
        {
            wide.shift(source.wide, previousOut.wide);
        }
    }

    /**
     * Atomically applies {@code function}: a CAS loop for a one-word value (it may run more than once), once under
     * the writer lock for a wide value.
     *
     * @param function maps the current value to the new one.
     * @return the new value.
     */
    public byte[] updateAndGet(final UnaryOperator<byte[]> function)
    {
        if (wide != null)
        {
            return wide.update(function)[1];
        }
        while (true)
        {
            final long current = loadVolatile();
            final long next = SmallWords.bytesToWord(function.apply(SmallWords.wordToBytes(current, width)), width);
            if (casWord(current, next))
            {
                return SmallWords.wordToBytes(next, width);
            }
        }
    }

    /**
     * The original's {@code resize}: a new value named {@code newName}, holding this value at its full width shaped
     * to {@code length} (so, as in the original, leading zero bytes of the word count).
     *
     * @param newName      name of the new value.
     * @param length       its length.
     * @param paddingSide  where padding goes.
     * @param padding      padding bytes.
     * @param trimmingSide which end trimming removes.
     * @return the new value; this one is unchanged.
     */
    public SharedBytes resize(final String newName, final int length, final Side paddingSide, final byte[] padding, final Side trimmingSide)
    {
        final byte[] shaped = shape(get(), length, paddingSide, padding, trimmingSide);
        return wide == null && length <= Long.BYTES ? region().sharedBytes(newName, shaped) :
            region().sharedBytes(newName, Math.max(length, Long.BYTES + 1), shaped, format);
    }

    /** @param operand added, wrapping at the width. @return the new value. */
    public long addAndGet(final long operand)
    {
        return apply(ADD, operand, true);
    }

    /** @param operand added, wrapping at the width. @return the previous value. */
    public long getAndAdd(final long operand)
    {
        return apply(ADD, operand, false);
    }

    /** @param operand subtracted, wrapping at the width. @return the new value. */
    public long subtractAndGet(final long operand)
    {
        return apply(SUBTRACT, operand, true);
    }

    /** @param operand subtracted, wrapping at the width. @return the previous value. */
    public long getAndSubtract(final long operand)
    {
        return apply(SUBTRACT, operand, false);
    }

    /** @param operand ANDed. @return the new value. */
    public long andAndGet(final long operand)
    {
        return apply(AND, operand, true);
    }

    /** @param operand ANDed. @return the previous value. */
    public long getAndAnd(final long operand)
    {
        return apply(AND, operand, false);
    }

    /** @param operand ORed. @return the new value. */
    public long orAndGet(final long operand)
    {
        return apply(OR, operand, true);
    }

    /** @param operand ORed. @return the previous value. */
    public long getAndOr(final long operand)
    {
        return apply(OR, operand, false);
    }

    /** @param operand XORed. @return the new value. */
    public long xorAndGet(final long operand)
    {
        return apply(XOR, operand, true);
    }

    /** @param operand XORed. @return the previous value. */
    public long getAndXor(final long operand)
    {
        return apply(XOR, operand, false);
    }

    /** @param operand the value becomes {@code ~(value & operand)} at the width. @return the new value. */
    public long nandAndGet(final long operand)
    {
        return apply(NAND, operand, true);
    }

    /** @param operand the value becomes {@code ~(value & operand)} at the width. @return the previous value. */
    public long getAndNand(final long operand)
    {
        return apply(NAND, operand, false);
    }

    /** @param operand big-endian integer added. @return the new value at the full width. */
    public byte[] addAndGet(final byte[] operand)
    {
        return asBytes(addAndGet(operand(operand)));
    }

    /** @param operand big-endian integer added. @return the previous value at the full width. */
    public byte[] getAndAdd(final byte[] operand)
    {
        return asBytes(getAndAdd(operand(operand)));
    }

    /** @param operand big-endian integer subtracted. @return the new value at the full width. */
    public byte[] subtractAndGet(final byte[] operand)
    {
        return asBytes(subtractAndGet(operand(operand)));
    }

    /** @param operand big-endian integer subtracted. @return the previous value at the full width. */
    public byte[] getAndSubtract(final byte[] operand)
    {
        return asBytes(getAndSubtract(operand(operand)));
    }

    /** @param operand big-endian integer ANDed. @return the new value at the full width. */
    public byte[] andAndGet(final byte[] operand)
    {
        return asBytes(andAndGet(operand(operand)));
    }

    /** @param operand big-endian integer ANDed. @return the previous value at the full width. */
    public byte[] getAndAnd(final byte[] operand)
    {
        return asBytes(getAndAnd(operand(operand)));
    }

    /** @param operand big-endian integer ORed. @return the new value at the full width. */
    public byte[] orAndGet(final byte[] operand)
    {
        return asBytes(orAndGet(operand(operand)));
    }

    /** @param operand big-endian integer ORed. @return the previous value at the full width. */
    public byte[] getAndOr(final byte[] operand)
    {
        return asBytes(getAndOr(operand(operand)));
    }

    /** @param operand big-endian integer XORed. @return the new value at the full width. */
    public byte[] xorAndGet(final byte[] operand)
    {
        return asBytes(xorAndGet(operand(operand)));
    }

    /** @param operand big-endian integer XORed. @return the previous value at the full width. */
    public byte[] getAndXor(final byte[] operand)
    {
        return asBytes(getAndXor(operand(operand)));
    }

    /** @param operand big-endian integer; the value becomes {@code ~(value & operand)}. @return the new value. */
    public byte[] nandAndGet(final byte[] operand)
    {
        return asBytes(nandAndGet(operand(operand)));
    }

    /** @param operand big-endian integer; the value becomes {@code ~(value & operand)}. @return the previous value. */
    public byte[] getAndNand(final byte[] operand)
    {
        return asBytes(getAndNand(operand(operand)));
    }

    private long operand(final byte[] operand)
    {
        checkOneWord();
        return SmallWords.bytesToWord(operand, width);
    }

    private byte[] asBytes(final long word)
    {
        return SmallWords.wordToBytes(word, width);
    }

    private long apply(final int op, final long operand, final boolean returnNew)
    {
        checkOneWord();
        final long mask = SmallWords.mask(width);
        if ((operand & ~mask) != 0)
        {
            throw new IllegalArgumentException("operand 0x" + Long.toHexString(operand) + " does not fit a value of " + width + " bytes");
        }
        if (width == Long.BYTES && op <= SUBTRACT)
        {
            // At the full 64 bits wrapping is free: one LOCK XADD.
            final long delta = op == ADD ? operand : -operand;
            final long previous = getAndAddWord(delta);
            return returnNew ? previous + delta : previous;
        }
        while (true)
        {
            final long current = loadVolatile();
            final long next = combine(op, current, operand) & mask;
            // A failed CAS means another thread or process changed the word: recompute from what is there now.
            if (casWord(current, next))
            {
                return returnNew ? next : current;
            }
        }
    }

    private static long combine(final int op, final long current, final long operand)
    {
        switch (op)
        {
            case ADD:
                return current + operand;
            case SUBTRACT:
                return current - operand;
            case AND:
                return current & operand;
            case OR:
                return current | operand;
            case XOR:
                return current ^ operand;
            default:
                return ~(current & operand);
        }
    }

    private void checkOneWord()
    {
        if (wide != null)
        {
            throw new IllegalStateException("'" + name() + "' is a wide value of " + wide.capacity() +
                " bytes; integer operations are defined for values of at most 8 bytes");
        }
    }

    private void checkSameCapacity(final SharedBytes other, final String what)
    {
        if (other.capacity() != capacity() || other.isWide() != isWide() || !other.format.equals(format))
        {
            throw new IllegalArgumentException(what + " '" + other.name() + "' has " + other.capacity() + " bytes but '" + name() +
                "' has " + capacity() + "; the original's object forms need values of the same size");
        }
    }

    /**
     * @return the value in hex at its full width, or "closed" once the region is closed.
     */
    @Override
    public String toString()
    {
        return region().isClosed() ? "closed" : HexFormat.of().formatHex(get());
    }
}
