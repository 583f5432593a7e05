package io.sharedatomic;

import java.lang.ref.Reference;
import java.nio.charset.Charset;
import java.util.function.UnaryOperator;

import io.sharedatomic.internal.TextCodec;
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

    /** Each thread's bytes and chars of a word being decoded. */
    private static final ThreadLocal<WordScratch> SCRATCH = ThreadLocal.withInitial(WordScratch::new);

    private final transient int width;

    /** A word's bytes and their chars. */
    private static final class WordScratch
    {
        final byte[] bytes = new byte[Long.BYTES];
        final char[] chars = new char[Long.BYTES];
    }

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
        final WordScratch buffers = SCRATCH.get();
        return codec().newString(buffers.bytes, 0, SmallWords.wordToString(word, width, buffers.bytes), buffers.chars);
    }

    private long encodeWord(final CharSequence value)
    {
        final long fast = codec().encodeWord(value);
        // The fast path gives a word of width 8; a narrower word that holds its length is its top bytes.
        if (fast != TextCodec.NO_WORD && (int)(fast >>> (Byte.SIZE * (Long.BYTES - 1))) < width)
        {
            return fast >>> (Byte.SIZE * (Long.BYTES - width));
        }
        // The strict path: characters the fast path does not know, and every error, with its message.
        final byte[] encoded = encode(value, charset());
        return SmallWords.stringToWord(encoded, encoded.length, width);
    }

    /**
     * Appends the value to {@code into}; in UTF-8 or a single-byte charset this allocates nothing once the thread has
     * used it (other than to grow {@code into}).
     * Sequentially consistent (volatile).
     *
     * @param into receives the value.
     */
    @Override
    public void get(final StringBuilder into)
    {
        final WordScratch buffers = SCRATCH.get();
        final int length = SmallWords.wordToString(loadVolatile(), width, buffers.bytes);
        if (!codec().decode(buffers.bytes, 0, length, buffers.chars, into))
        {
            into.append(new String(buffers.bytes, 0, length, charset()));
        }
    }

    /**
     * Sets the value; in UTF-8 or a single-byte charset this allocates nothing (the encoding goes character by
     * character into the word).
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
