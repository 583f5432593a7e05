package io.sharedatomic;

import java.util.Objects;
import java.util.function.UnaryOperator;

import io.sharedatomic.internal.WideValue;

/**
 * An atomic byte string of up to a fixed capacity (9 bytes to 16 MiB) in a {@link SharedRegion}: get, set,
 * getAndSet, compareAndSet, compareAndExchange and updateAndGet on the whole value, plus the original's object forms.
 * It has no arithmetic: that is defined for the one-word {@link SharedBytes} only. {@link BytesValue} describes what
 * both have, including the fixed shape of a shared entry.
 *
 * <p>Readers never write and never see a torn value; writers serialize on a lock that survives a writer killed with
 * {@code kill -9}. Reading into a caller's array and writing from one allocate nothing.
 *
 * <p><b>Safety and ordering:</b> the handle may be used by any thread; every operation is sequentially consistent.
 * Values longer than the capacity, and a size mismatch between two values, give {@link IllegalArgumentException} and
 * change nothing.
 */
public final class SharedWideBytes extends BytesValue
{
    private static final long serialVersionUID = 1L;

    private final transient WideValue wide;

    SharedWideBytes(final SharedRegion region, final String name, final WideValue wide, final long address, final String format)
    {
        super(region, name, address, format);
        this.wide = wide;
    }

    @Override
    ValueType type()
    {
        return ValueType.WIDE_BYTES;
    }

    /**
     * @return the capacity in bytes.
     */
    @Override
    public int capacity()
    {
        return wide.capacity();
    }

    /**
     * Sequentially consistent: the wide value's volatile version store (a write) or a version check (a read) orders it.
     *
     * @return a copy of the value as stored.
     */
    @Override
    public byte[] get()
    {
        return wide.read();
    }

    /**
     * Allocation-free read.
     * Sequentially consistent: the wide value's volatile version store (a write) or a version check (a read) orders it.
     *
     * @param into receives the value from index 0; an array of {@link #capacity()} bytes always fits.
     * @return the value's length.
     * @throws IllegalArgumentException if {@code into} is shorter than the value.
     */
    @Override
    public int get(final byte[] into)
    {
        return wide.read(into);
    }

    /**
     * Sets the value from part of an array (allocation-free).
     * Sequentially consistent: the wide value's volatile version store (a write) or a version check (a read) orders it.
     *
     * @param value  source.
     * @param offset first byte.
     * @param length bytes, at most the capacity.
     */
    @Override
    public void set(final byte[] value, final int offset, final int length)
    {
        wide.write(value, offset, length);
    }

    /**
     * Atomically sets the value.
     *
     * @param value the new value.
     * @return the previous value.
     */
    @Override
    public byte[] getAndSet(final byte[] value)
    {
        return wide.exchange(value, 0, value.length);
    }

    /**
     * Compare-and-set by value: the bytes and their length are compared.
     * Sequentially consistent: the wide value's volatile version store (a write) or a version check (a read) orders it.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return true if successful.
     */
    @Override
    public boolean compareAndSet(final byte[] expected, final byte[] update)
    {
        Objects.requireNonNull(expected, "expected");
        return wide.compareAndWrite(expected, update);
    }

    /**
     * Compare-and-exchange by value.
     * Sequentially consistent: the wide value's volatile version store (a write) or a version check (a read) orders it.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return the value before the operation.
     */
    @Override
    public byte[] compareAndExchange(final byte[] expected, final byte[] update)
    {
        Objects.requireNonNull(expected, "expected");
        return wide.compareAndExchange(expected, update);
    }

    /**
     * Atomically applies {@code function}, once, under the writer lock.
     *
     * @param function maps the current value to the new one; must not use this value.
     * @return the new value.
     */
    @Override
    public byte[] updateAndGet(final UnaryOperator<byte[]> function)
    {
        return wide.update(function)[1];
    }

    @Override
    boolean compareAndSetSameShape(final BytesValue expected, final byte[] update)
    {
        return wide.compareAndSetWriteBack(((SharedWideBytes)expected).wide, update);
    }

    @Override
    void storeSameShape(final BytesValue source)
    {
        wide.store(((SharedWideBytes)source).wide);
    }

    @Override
    void shiftSameShape(final BytesValue source, final BytesValue previousOut)
    {
        wide.shift(((SharedWideBytes)source).wide, ((SharedWideBytes)previousOut).wide);
    }

    @Override
    BytesValue resized(final String newName, final int length, final byte[] shaped)
    {
        return region().wideBytes(newName, Math.max(length, Long.BYTES + 1), shaped, format());
    }
}
