package io.sharedatomic;

import java.lang.ref.Reference;
import java.nio.charset.Charset;
import java.util.function.UnaryOperator;

import io.sharedatomic.internal.Words;

/**
 * An atomic string of at most 7 encoded bytes in one word of a {@link SharedRegion}, stored in a fixed charset: the
 * original's atomic_string. The word, at a width of 2, 4 or 8 bytes, holds a length byte, the encoded bytes and zeros,
 * read as a big-endian integer; every operation is one CAS.
 *
 * <p>Longer strings are {@link SharedWideString}; {@link StringValue} describes what both have, including the fixed
 * shape of a shared entry and how encoding errors are reported.
 *
 * <p><b>Safety and ordering:</b> the handle may be used by any thread; every operation is sequentially consistent.
 */
public final class SharedString extends StringValue
{
    private static final long serialVersionUID = 1L;

    private final transient int width;

    SharedString(final SharedRegion region, final String name, final long address, final int width, final Charset charset)
    {
        super(region, name, address, charset);
        this.width = width;
    }

    @Override
    ValueType type()
    {
        return ValueType.STRING;
    }

    /**
     * @return most encoded bytes: 1, 3 or 7 for a width of 2, 4 or 8.
     */
    @Override
    public int capacity()
    {
        return width - 1;
    }

    /**
     * @return the width of the word: 2, 4 or 8 bytes.
     */
    int width()
    {
        return width;
    }

    /**
     * Sequentially consistent (volatile).
     *
     * @return the value.
     */
    @Override
    public String get()
    {
        return decodeWord(loadVolatile());
    }

    private String decodeWord(final long word)
    {
        final byte[] bytes = new byte[Long.BYTES];
        return new String(bytes, 0, SmallWords.wordToString(word, width, bytes), charset());
    }

    private long encodeWord(final CharSequence value)
    {
        final byte[] encoded = encode(value, charset());
        return SmallWords.stringToWord(encoded, encoded.length, width);
    }

    /**
     * Appends the value to {@code into}.
     * Sequentially consistent (volatile).
     *
     * @param into receives the value.
     */
    @Override
    public void get(final StringBuilder into)
    {
        into.append(get());
    }

    /**
     * Sets the value.
     * Sequentially consistent (volatile).
     *
     * @param value the new value.
     */
    @Override
    public void set(final CharSequence value)
    {
        storeVolatile(encodeWord(value));
    }

    /**
     * Sequentially consistent (volatile).
     *
     * @param value the new value.
     * @return the previous value.
     */
    @Override
    public String getAndSet(final CharSequence value)
    {
        return decodeWord(exchangeWord(encodeWord(value)));
    }

    /**
     * Compares the encoded bytes.
     * Sequentially consistent (volatile).
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return true if successful.
     */
    @Override
    public boolean compareAndSet(final CharSequence expected, final CharSequence update)
    {
        final long updateWord = encodeWord(update);
        final byte[] expectedBytes = encode(expected, charset());
        return expectedBytes.length < width && casWord(SmallWords.stringToWord(expectedBytes, expectedBytes.length, width), updateWord);
    }

    /**
     * Sequentially consistent (volatile).
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return the value before the operation.
     */
    @Override
    public String compareAndExchange(final CharSequence expected, final CharSequence update)
    {
        final long updateWord = encodeWord(update);
        final byte[] expectedBytes = encode(expected, charset());
        if (expectedBytes.length >= width)
        {
            return get();
        }
        return decodeWord(compareAndExchangeWord(SmallWords.stringToWord(expectedBytes, expectedBytes.length, width), updateWord));
    }

    /**
     * Atomically applies {@code function} in a CAS loop (it may run more than once).
     *
     * @param function maps the current value to the new one.
     * @return the new value.
     */
    @Override
    public String updateAndGet(final UnaryOperator<String> function)
    {
        final long word = writableAddress();
        final long next = Words.updateAndGet(word, current -> encodeWord(function.apply(decodeWord(current))));
        Reference.reachabilityFence(this);
        return decodeWord(next);
    }

    @Override
    boolean compareAndSetSameShape(final StringValue expected, final CharSequence update)
    {
        return compareAndSetWriteBack(expected, encodeWord(update));
    }

    @Override
    void storeSameShape(final StringValue source)
    {
        storeVolatile(source.loadVolatile());
    }

    @Override
    void shiftSameShape(final StringValue source, final StringValue previousOut)
    {
        shiftWords(source, previousOut);
    }

    @Override
    StringValue reencoded(final String newName, final Charset newCharset, final String value, final int encodedLength)
    {
        return encodedLength < Long.BYTES ? region().sharedString(newName, value, newCharset) :
            region().sharedWideString(newName, Math.max(Math.max(capacity(), encodedLength), Long.BYTES), newCharset, value);
    }
}
