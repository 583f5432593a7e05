package io.sharedatomic;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.sharedatomic.internal.WideValue;

/**
 * An atomic string in a {@link SharedRegion}, stored in a fixed charset: the original's atomic_string, and wide
 * strings beyond it. Lengths and capacities count encoded bytes.
 *
 * <p><b>One-word strings</b> (up to 7 encoded bytes, the original's): one word at a width of 2, 4 or 8 bytes
 * holding a length byte, the encoded bytes and zeros, read as a big-endian integer; every operation is one CAS.
 * <b>Wide strings</b> (a capacity above 7 bytes, up to 16 MiB) use the mechanism described in {@link SharedBytes}:
 * readers never write or see a torn string, and a writer killed with {@code kill -9} blocks nobody for long.
 *
 * <p><b>Fixed shape:</b> the charset and the width or capacity are part of the shared entry, so every process sees
 * the same charset, width and value at all times; {@link #reencode} and {@link #resize} create a new value. A string
 * that cannot be encoded in the charset, or does not fit, gives an {@link IllegalArgumentException} (wrapping the
 * {@link CharacterCodingException} where there is one) and changes nothing.
 *
 * <p><b>Safety and ordering:</b> the handle may be used by any thread; every operation is sequentially consistent.
 */
public final class SharedString extends SharedValue
{
    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<CharsetEncoder> ENCODER = new ThreadLocal<>();

    private final transient int width;
    private final transient WideValue wide;
    private final transient Charset charset;
    private final transient ThreadLocal<WideStringScratch> scratch;

    SharedString(final SharedRegion region, final String name, final long address, final int width, final Charset charset)
    {
        super(region, name, address);
        this.width = width;
        this.wide = null;
        this.charset = charset;
        this.scratch = null;
    }

    SharedString(final SharedRegion region, final String name, final WideValue wide, final long address, final Charset charset)
    {
        super(region, name, address);
        this.width = 0;
        this.wide = wide;
        this.charset = charset;
        this.scratch = ThreadLocal.withInitial(() -> new WideStringScratch(charset, wide.capacity()));
    }

    @Override
    ValueType type()
    {
        return wide == null ? ValueType.STRING : ValueType.WIDE_STRING;
    }

    /**
     * Encodes strictly: an unmappable or malformed character is an error, never a silent replacement.
     *
     * @param value   the string.
     * @param charset its charset.
     * @return the encoded bytes.
     * @throws IllegalArgumentException wrapping the {@link CharacterCodingException}.
     */
    static byte[] encode(final CharSequence value, final Charset charset)
    {
        Objects.requireNonNull(value, "value");
        checkCanEncode(charset);
        // UTF-8 of a String is the JDK's intrinsic fast path; it is exact whenever no surrogate is unpaired (it would
        // silently become '?'), so only those strings go through the strict encoder.
        if (charset == StandardCharsets.UTF_8 && value instanceof String text && !hasUnpairedSurrogate(text))
        {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        // Making an encoder costs more than encoding a short string: keep this thread's last one.
        CharsetEncoder encoder = ENCODER.get();
        if (encoder == null || !encoder.charset().equals(charset))
        {
            encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            ENCODER.set(encoder);
        }
        try
        {
            final ByteBuffer encoded = encoder.encode(CharBuffer.wrap(value));
            return Arrays.copyOf(encoded.array(), encoded.limit());
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException("'" + value + "' cannot be encoded in " + charset.name() + ": " + ex, ex);
        }
    }

    private static boolean hasUnpairedSurrogate(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param charset a charset.
     * @throws IllegalArgumentException if it can only decode (such as ISO-2022-CN): a shared string must be writable.
     */
    static void checkCanEncode(final Charset charset)
    {
        if (!Objects.requireNonNull(charset, "charset").canEncode())
        {
            throw new IllegalArgumentException("charset " + charset.name() + " can only decode; choose one that can encode, such as UTF-8");
        }
    }

    private static String decode(final byte[] bytes, final int length, final Charset charset, final boolean lenient)
    {
        final CodingErrorAction action = lenient ? CodingErrorAction.IGNORE : CodingErrorAction.REPORT;
        final CharsetDecoder decoder = charset.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
        try
        {
            return decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalStateException("the stored bytes are not valid " + charset.name() + ": " + ex, ex);
        }
    }

    /**
     * Shapes a string to {@code length} encoded bytes, as the original's constructor does, with its mixing of bytes
     * and characters fixed: longer strings are trimmed on {@code trimmingSide} (a character cut in two is dropped,
     * so the result can be shorter); shorter ones are padded on {@code paddingSide} with whole characters of
     * {@code padding}, repeated, while they fit.
     *
     * @param value        the string.
     * @param length       encoded bytes wanted, 0 or more.
     * @param paddingSide  where padding goes.
     * @param padding      padding characters, repeated; not empty when padding is needed.
     * @param trimmingSide which end trimming removes.
     * @param charset      the charset that lengths count in.
     * @return the shaped string.
     * @throws IllegalArgumentException for a negative length, empty padding, or an unencodable string.
     */
    public static String shape(final String value, final int length, final Side paddingSide, final String padding,
        final Side trimmingSide, final Charset charset)
    {
        Objects.requireNonNull(paddingSide, "paddingSide");
        Objects.requireNonNull(trimmingSide, "trimmingSide");
        Objects.requireNonNull(padding, "padding");
        if (length < 0)
        {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        final byte[] encoded = encode(value, charset);
        if (encoded.length > length)
        {
            if (trimmingSide == Side.RIGHT)
            {
                return decode(encoded, length, charset, true);
            }
            // The original's left trim: keep the tail by trimming the reversed string on the right.
            final String reversed = new StringBuilder(value).reverse().toString();
            return new StringBuilder(decode(encode(reversed, charset), length, charset, true)).reverse().toString();
        }
        if (encoded.length == length)
        {
            return value;
        }
        if (padding.isEmpty())
        {
            throw new IllegalArgumentException("padding must not be empty: " + (length - encoded.length) + " bytes of padding are needed");
        }
        final StringBuilder pad = new StringBuilder();
        int padBytes = 0;
        for (int i = 0; ; i = (i + Character.charCount(padding.codePointAt(i))) % padding.length())
        {
            final String next = new String(Character.toChars(padding.codePointAt(i)));
            final int nextBytes = encode(next, charset).length;
            if (nextBytes == 0)
            {
                throw new IllegalArgumentException("padding character '" + next + "' encodes to no bytes in " + charset.name());
            }
            if (encoded.length + padBytes + nextBytes > length)
            {
                break;
            }
            pad.append(next);
            padBytes += nextBytes;
        }
        return paddingSide == Side.RIGHT ? value + pad : pad + value;
    }

    /**
     * @return true for a wide string, false for a one-word string.
     */
    public boolean isWide()
    {
        return wide != null;
    }

    /**
     * @return most encoded bytes: 1, 3 or 7 for a one-word string of width 2, 4 or 8, or the capacity of a wide one.
     */
    public int capacity()
    {
        return wide == null ? width - 1 : wide.capacity();
    }

    /**
     * @return the charset the value is stored in.
     */
    public Charset charset()
    {
        return charset;
    }

    /**
     * @return the value.
     */
    public String get()
    {
        if (wide != null)
        {
            // Stored bytes were validated when they were encoded, so the JDK's fast decoding path is exact here.
            return new String(wide.read(), charset);
        }
        return decodeWord(loadVolatile());
    }

    private String decodeWord(final long word)
    {
        final byte[] bytes = new byte[Long.BYTES];
        return new String(bytes, 0, SmallWords.wordToString(word, width, bytes), charset);
    }

    private long encodeWord(final CharSequence value)
    {
        final byte[] encoded = encode(value, charset);
        return SmallWords.stringToWord(encoded, encoded.length, width);
    }

    private byte[] encodeWide(final CharSequence value)
    {
        final byte[] encoded = encode(value, charset);
        if (encoded.length > wide.capacity())
        {
            throw new IllegalArgumentException("a string of " + encoded.length + " encoded bytes does not fit the capacity of " +
                wide.capacity() + " bytes");
        }
        return encoded;
    }

    /**
     * Appends the value to {@code into}; for a wide string this allocates nothing once the thread has used it.
     *
     * @param into receives the value.
     */
    public void get(final StringBuilder into)
    {
        if (wide == null)
        {
            into.append(get());
            return;
        }
        final WideStringScratch buffers = scratch.get();
        buffers.decodeInto(wide.read(buffers.bytes()), into);
    }

    /**
     * Sets the value; for a wide string this allocates nothing once the thread has used it (the encoding goes through
     * a per-thread buffer).
     *
     * @param value the new value.
     */
    public void set(final CharSequence value)
    {
        if (wide != null)
        {
            final WideStringScratch buffers = scratch.get();
            wide.write(buffers.bytes(), 0, buffers.encode(value, wide.capacity()));
        }
        else
        {
            storeVolatile(encodeWord(value));
        }
    }

    /**
     * @param value the new value.
     * @return the previous value.
     */
    public String getAndSet(final CharSequence value)
    {
        if (wide != null)
        {
            final byte[] encoded = encodeWide(value);
            final byte[] previous = wide.exchange(encoded, 0, encoded.length);
            return decode(previous, previous.length, charset, false);
        }
        return decodeWord(exchangeWord(encodeWord(value)));
    }

    /**
     * Compares the encoded bytes.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return true if successful.
     */
    public boolean compareAndSet(final CharSequence expected, final CharSequence update)
    {
        if (wide != null)
        {
            return wide.compareAndWrite(encode(expected, charset), encodeWide(update));
        }
        final long updateWord = encodeWord(update);
        final byte[] expectedBytes = encode(expected, charset);
        return expectedBytes.length < width && casWord(SmallWords.stringToWord(expectedBytes, expectedBytes.length, width), updateWord);
    }

    /**
     * @param expected the value expected.
     * @param update   the new value.
     * @return the value before the operation.
     */
    public String compareAndExchange(final CharSequence expected, final CharSequence update)
    {
        if (wide != null)
        {
            final byte[] witness = wide.compareAndExchange(encode(expected, charset), encodeWide(update));
            return decode(witness, witness.length, charset, false);
        }
        final long updateWord = encodeWord(update);
        final byte[] expectedBytes = encode(expected, charset);
        if (expectedBytes.length >= width)
        {
            return get();
        }
        return decodeWord(compareAndExchangeWord(SmallWords.stringToWord(expectedBytes, expectedBytes.length, width), updateWord));
    }

    /**
     * The original's {@code string_compare_and_set}: compares with {@code expected}'s value; on failure writes the
     * current value into {@code expected}.
     *
     * @param expected a value of the same size and charset.
     * @param update   the new value.
     * @return true if successful.
     */
    public boolean compareAndSet(final SharedString expected, final CharSequence update)
    {
        checkSameShape(expected, "expected");
        if (wide == null)
        {
            return compareAndSetWriteBack(expected, encodeWord(update));
        }
        // Compares and copies encoded bytes: the two values share a charset, so no decoding is needed.
        return wide.compareAndSetWriteBack(expected.wide, encodeWide(update));
    }

    /**
     * The original's {@code string_store}.
     *
     * @param source a value of the same size and charset.
     */
    public void store(final SharedString source)
    {
        checkSameShape(source, "source");
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
     * The original's {@code string_shift}.
     *
     * @param source      a value of the same size and charset; this value takes its value.
     * @param previousOut a value of the same size and charset; receives this value's previous value.
     */
    public void shift(final SharedString source, final SharedString previousOut)
    {
        checkSameShape(source, "source");
        checkSameShape(previousOut, "previousOut");
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
     * Atomically applies {@code function}: a CAS loop for a one-word string, once under the writer lock for a wide
     * one.
     *
     * @param function maps the current value to the new one.
     * @return the new value.
     */
    public String updateAndGet(final UnaryOperator<String> function)
    {
        if (wide != null)
        {
            final byte[] next = wide.update(current -> encodeWide(function.apply(decode(current, current.length, charset, false))))[1];
            return decode(next, next.length, charset, false);
        }
        while (true)
        {
            final long current = loadVolatile();
            final String next = function.apply(decodeWord(current));
            if (casWord(current, encodeWord(next)))
            {
                return next;
            }
        }
    }

    /**
     * The original's {@code reencode}, as a new value: {@code newName} holds this value encoded in {@code newCharset},
     * one-word if it fits 7 bytes and this value is one-word, otherwise wide with this value's capacity or more.
     *
     * @param newName    name of the new value.
     * @param newCharset its charset.
     * @return the new value; this one is unchanged.
     * @throws IllegalArgumentException if the value cannot be encoded in {@code newCharset}.
     */
    public SharedString reencode(final String newName, final Charset newCharset)
    {
        final String value = get();
        final int encodedLength = encode(value, newCharset).length;
        return wide == null && encodedLength < Long.BYTES ? region().sharedString(newName, value, newCharset) :
            region().sharedString(newName, Math.max(Math.max(capacity(), encodedLength), Long.BYTES), newCharset, value);
    }

    /**
     * The original's {@code resize}, as a new value in the same charset (the original lost the charset here):
     * {@code newName} holds this value shaped to {@code length} encoded bytes.
     *
     * @param newName      name of the new value.
     * @param length       encoded bytes.
     * @param paddingSide  where padding goes.
     * @param padding      padding characters.
     * @param trimmingSide which end trimming removes.
     * @return the new value; this one is unchanged.
     */
    public SharedString resize(final String newName, final int length, final Side paddingSide, final String padding, final Side trimmingSide)
    {
        final String shaped = shape(get(), length, paddingSide, padding, trimmingSide, charset);
        return length < Long.BYTES ? region().sharedString(newName, shaped, charset) : region().sharedString(newName, length, charset, shaped);
    }

    private void checkSameShape(final SharedString other, final String what)
    {
        if (other.capacity() != capacity() || other.isWide() != isWide() || !other.charset.equals(charset))
        {
            throw new IllegalArgumentException(what + " '" + other.name() + "' holds " + other.capacity() + " bytes of " +
                other.charset.name() + " but '" + name() + "' holds " + capacity() + " bytes of " + charset.name() +
                "; the original's object forms need values of the same size and charset");
        }
    }

    /**
     * @return the value, or "closed" once the region is closed.
     */
    @Override
    public String toString()
    {
        return region().isClosed() ? "closed" : get();
    }
}
