package io.sharedatomic;

import java.util.HexFormat;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What both kinds of atomic byte value in a {@link SharedRegion} have: a {@link SharedBytes} in one word (the
 * original's atomic_bytearray, with its arithmetic) and a {@link SharedWideBytes} of up to 16 MiB (without). Code that
 * only reads, writes, compares and exchanges bytes can take either as a {@code BytesValue}; the arithmetic exists on
 * {@link SharedBytes} alone, so asking a wide value for it does not compile.
 *
 * <p><b>Fixed shape:</b> the kind, the width (or capacity) and the format tag are part of the shared entry and never
 * change, so every process attached to a name sees the same shape and value at all times; the original instead grew
 * a value by replacing its storage, which silently detached every other holder. {@link #resize} therefore creates a
 * new value.
 *
 * <p><b>Safety and ordering:</b> the handle may be used by any thread; every operation is sequentially consistent.
 * Values that do not fit, and a shape mismatch between two values, give {@link IllegalArgumentException} and change
 * nothing.
 */
public abstract sealed class BytesValue extends SharedValue permits SharedBytes, SharedWideBytes
{
    private static final long serialVersionUID = 1L;

    private final transient String format;

    BytesValue(final SharedRegion region, final String name, final long address, final String format)
    {
        super(region, name, address);
        this.format = format;
    }

    /**
     * @return the format tag given at creation, empty if none (see {@link StructureEntries}).
     */
    public final String format()
    {
        return format;
    }

    /**
     * @return the width of a one-word value (1, 2, 4 or 8), or the capacity of a wide value, in bytes.
     */
    public abstract int capacity();

    /**
     * Sequentially consistent, for either kind.
     *
     * @return a one-word value at its full width (the original's {@code value}); a wide value as stored.
     */
    public abstract byte[] get();

    /**
     * Allocation-free read.
     * Sequentially consistent, for either kind.
     *
     * @param into receives the value from index 0: the full width of a one-word value, or the bytes of a wide one.
     * @return how many bytes were written.
     * @throws IllegalArgumentException if {@code into} is too short.
     */
    public abstract int get(byte[] into);

    /**
     * The original's {@code get_bytes}.
     * Sequentially consistent, for either kind.
     *
     * @param trim whether to strip leading zero bytes.
     * @return the value.
     */
    public final byte[] getBytes(final boolean trim)
    {
        return trim ? Shaping.trimLeadingZeros(get()) : get();
    }

    /**
     * Sets the value. For a one-word value the bytes are a big-endian integer that must fit the width (extra
     * leading zero bytes are fine); for a wide value they must fit the capacity.
     * Sequentially consistent, for either kind.
     *
     * @param value the new value.
     */
    public final void set(final byte[] value)
    {
        set(value, 0, value.length);
    }

    /**
     * Sets the value from part of an array (allocation-free).
     * Sequentially consistent, for either kind.
     *
     * @param value  source.
     * @param offset first byte.
     * @param length bytes.
     */
    public abstract void set(byte[] value, int offset, int length);

    /**
     * Atomically sets the value.
     *
     * @param value the new value.
     * @return the previous value, as {@link #get()} returns it.
     */
    public abstract byte[] getAndSet(byte[] value);

    /**
     * Compare-and-set by value: for a one-word value the integers are compared, for a wide value the bytes and
     * their length.
     * Sequentially consistent, for either kind.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return true if successful.
     */
    public abstract boolean compareAndSet(byte[] expected, byte[] update);

    /**
     * Compare-and-exchange by value.
     * Sequentially consistent, for either kind.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return the value before the operation, as {@link #get()} returns it.
     */
    public abstract byte[] compareAndExchange(byte[] expected, byte[] update);

    /**
     * Atomically applies {@code function}: a CAS loop for a one-word value (it may run more than once), once under
     * the writer lock for a wide value.
     *
     * @param function maps the current value to the new one.
     * @return the new value.
     */
    public abstract byte[] updateAndGet(UnaryOperator<byte[]> function);

    /**
     * The original's {@code array_compare_and_set}: compares with {@code expected}'s value; on failure writes the
     * current value into {@code expected}.
     * Sequentially consistent, for either kind.
     *
     * @param expected a value of the same kind, capacity and format.
     * @param update   the new value.
     * @return true if successful.
     * @throws IllegalArgumentException if the shapes differ.
     */
    public final boolean compareAndSet(final BytesValue expected, final byte[] update)
    {
        checkSameShape(expected, "expected");
        return compareAndSetSameShape(expected, update);
    }

    /**
     * The original's {@code array_store}: sets this value to {@code source}'s.
     * Sequentially consistent, for either kind.
     *
     * @param source a value of the same kind, capacity and format.
     * @throws IllegalArgumentException if the shapes differ.
     */
    public final void store(final BytesValue source)
    {
        checkSameShape(source, "source");
        storeSameShape(source);
    }

    /**
     * The original's {@code array_shift}: atomically takes {@code source}'s value and writes the previous one into
     * {@code previousOut}.
     *
     * @param source      a value of the same kind, capacity and format.
     * @param previousOut a value of the same kind, capacity and format.
     * @throws IllegalArgumentException if the shapes differ.
     */
    public final void shift(final BytesValue source, final BytesValue previousOut)
    {
        checkSameShape(source, "source");
        checkSameShape(previousOut, "previousOut");
        shiftSameShape(source, previousOut);
    }

    /**
     * The original's {@code resize}: a new value named {@code newName}, holding this value at its full width shaped
     * to {@code length} (so, as in the original, leading zero bytes of the word count). A one-word value of up to 8
     * bytes gives a {@link SharedBytes}; a longer one, or any resize of a wide value, a {@link SharedWideBytes}.
     * Sequentially consistent, for either kind.
     *
     * @param newName      name of the new value.
     * @param length       its length.
     * @param paddingSide  where padding goes.
     * @param padding      padding bytes.
     * @param trimmingSide which end trimming removes.
     * @return the new value; this one is unchanged.
     */
    public final BytesValue resize(final String newName, final int length, final Side paddingSide, final byte[] padding,
        final Side trimmingSide)
    {
        return resized(newName, length, Shaping.shape(get(), length, paddingSide, padding, trimmingSide));
    }

    /** {@link #compareAndSet(BytesValue, byte[])} on a value of the same class and shape. */
    abstract boolean compareAndSetSameShape(BytesValue expected, byte[] update);

    /** {@link #store} from a value of the same class and shape. */
    abstract void storeSameShape(BytesValue source);

    /** {@link #shift} with values of the same class and shape. */
    abstract void shiftSameShape(BytesValue source, BytesValue previousOut);

    /** The value {@link #resize} creates, holding {@code shaped} of {@code length} bytes. */
    abstract BytesValue resized(String newName, int length, byte[] shaped);

    private void checkSameShape(final BytesValue other, final String what)
    {
        Objects.requireNonNull(other, what);
        if (other.getClass() != getClass() || other.capacity() != capacity() || !other.format.equals(format))
        {
            throw new IllegalArgumentException(what + " '" + other.name() + "' has " + other.capacity() + " bytes but '" + name() +
                "' has " + capacity() + "; the original's object forms need values of the same size");
        }
    }

    /**
     * @return the value in hex at its full width, or "closed" once the region is closed.
     */
    @Override
    public final String toString()
    {
        return region().isClosed() ? "closed" : HexFormat.of().formatHex(get());
    }
}
