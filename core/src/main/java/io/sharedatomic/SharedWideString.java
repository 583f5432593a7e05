package io.sharedatomic;

import java.nio.charset.Charset;
import java.util.function.UnaryOperator;

import io.sharedatomic.internal.WideValue;

/**
 * An atomic string of up to a fixed capacity (8 encoded bytes to 16 MiB) in a {@link SharedRegion}, stored in a fixed
 * charset, with the mechanism of {@link SharedWideBytes}: readers never write or see a torn string, and a writer killed
 * with {@code kill -9} blocks nobody for long. In UTF-8 or a single-byte charset, setting from a {@link CharSequence}
 * and reading into a {@link StringBuilder} allocate nothing once the thread has used them, and {@link #get()} only
 * its String.
 *
 * <p>Strings of up to 7 encoded bytes can also be a one-word {@link SharedString}; {@link StringValue} describes what
 * both have, including the fixed shape of a shared entry and how encoding errors are reported.
 *
 * <p><b>Safety and ordering:</b> the handle may be used by any thread; every operation is sequentially consistent.
 */
public final class SharedWideString extends StringValue
{
    private static final long serialVersionUID = 1L;

    private final transient WideValue wide;
    private final transient ThreadLocal<WideStringScratch> scratch;

    SharedWideString(final SharedRegion region, final String name, final WideValue wide, final long address, final Charset charset)
    {
        super(region, name, address, charset);
        this.wide = wide;
        this.scratch = ThreadLocal.withInitial(() -> new WideStringScratch(charset, wide.capacity()));
    }

    @Override
    ValueType type()
    {
        return ValueType.WIDE_STRING;
    }

    /**
     * @return the capacity in encoded bytes.
     */
    @Override
    public int capacity()
    {
        return wide.capacity();
    }

    /**
     * Sequentially consistent: the wide value's volatile version store (a write) or a version check (a read) orders it.
     *
     * @return the value.
     */
    @Override
    public String get()
    {
        // Stored bytes were validated when they were encoded, so the JDK's fast decoding path is exact here.
        final WideStringScratch buffers = scratch.get();
        return codec().newString(buffers.bytes(), 0, wide.read(buffers.bytes()), buffers.chars());
    }

    private byte[] encodeWide(final CharSequence value)
    {
        final byte[] encoded = encode(value, charset());
        if (encoded.length > wide.capacity())
        {
            throw new IllegalArgumentException("a string of " + encoded.length + " encoded bytes does not fit the capacity of " +
                wide.capacity() + " bytes");
        }
        return encoded;
    }

    /**
     * Appends the value to {@code into}; in UTF-8 or a single-byte charset this allocates nothing once the thread has
     * used it (other than to grow {@code into}).
     * Sequentially consistent: the wide value's volatile version store (a write) or a version check (a read) orders it.
     *
     * @param into receives the value.
     */
    @Override
    public void get(final StringBuilder into)
    {
        final WideStringScratch buffers = scratch.get();
        final int length = wide.read(buffers.bytes());
        if (!codec().decode(buffers.bytes(), 0, length, buffers.chars(), into))
        {
            buffers.decodeInto(length, into);
        }
    }

    /**
     * Sets the value; in UTF-8 or a single-byte charset this allocates nothing once the thread has used it (the
     * encoding goes character by character into a per-thread buffer).
     * Sequentially consistent: the wide value's volatile version store (a write) or a version check (a read) orders it.
     *
     * @param value the new value.
     */
    @Override
    public void set(final CharSequence value)
    {
        final WideStringScratch buffers = scratch.get();
        int length = codec().encode(value, buffers.bytes(), wide.capacity());
        if (length < 0)
        {
            // The strict path: characters the fast path does not know, and every error, with its message.
            length = buffers.encode(value, wide.capacity());
        }
        wide.write(buffers.bytes(), 0, length);
    }

    /**
     * Sequentially consistent: the wide value's volatile version store (a write) or a version check (a read) orders it.
     *
     * @param value the new value.
     * @return the previous value.
     */
    @Override
    public String getAndSet(final CharSequence value)
    {
        final byte[] encoded = encodeWide(value);
        return decode(wide.exchange(encoded, 0, encoded.length), charset());
    }

    /**
     * Compares the encoded bytes.
     * Sequentially consistent: the wide value's volatile version store (a write) or a version check (a read) orders it.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return true if successful.
     */
    @Override
    public boolean compareAndSet(final CharSequence expected, final CharSequence update)
    {
        return wide.compareAndWrite(encode(expected, charset()), encodeWide(update));
    }

    /**
     * Sequentially consistent: the wide value's volatile version store (a write) or a version check (a read) orders it.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return the value before the operation.
     */
    @Override
    public String compareAndExchange(final CharSequence expected, final CharSequence update)
    {
        return decode(wide.compareAndExchange(encode(expected, charset()), encodeWide(update)), charset());
    }

    /**
     * Atomically applies {@code function}, once, under the writer lock.
     *
     * @param function maps the current value to the new one; must not use this value.
     * @return the new value.
     */
    @Override
    public String updateAndGet(final UnaryOperator<String> function)
    {
        return decode(wide.update(current -> encodeWide(function.apply(decode(current, charset()))))[1], charset());
    }

    @Override
    boolean compareAndSetSameShape(final StringValue expected, final CharSequence update)
    {
        // Compares and copies encoded bytes: the two values share a charset, so no decoding is needed.
        return wide.compareAndSetWriteBack(((SharedWideString)expected).wide, encodeWide(update));
    }

    @Override
    void storeSameShape(final StringValue source)
    {
        wide.store(((SharedWideString)source).wide);
    }

    @Override
    void shiftSameShape(final StringValue source, final StringValue previousOut)
    {
        wide.shift(((SharedWideString)source).wide, ((SharedWideString)previousOut).wide);
    }

    @Override
    StringValue reencoded(final String newName, final Charset newCharset, final String value, final int encodedLength)
    {
        return region().sharedWideString(newName, Math.max(Math.max(capacity(), encodedLength), Long.BYTES), newCharset, value);
    }
}
