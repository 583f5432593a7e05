package io.sharedatomic;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.sharedatomic.internal.StrictCharsets;
import io.sharedatomic.internal.TextCodec;

/**
 * What both kinds of atomic string in a {@link SharedRegion} have: a {@link SharedString} in one word (the original's
 * atomic_string, up to 7 encoded bytes) and a {@link SharedWideString} of up to 16 MiB. Lengths and capacities count
 * encoded bytes.
 *
 * <p><b>Fixed shape:</b> the kind, the charset and the width or capacity are part of the shared entry, so every
 * process sees the same charset, shape and value at all times; {@link #reencode} and {@link #resize} create a new
 * value. A string that cannot be encoded in the charset, or does not fit, gives an {@link IllegalArgumentException}
 * (wrapping the {@link CharacterCodingException} where there is one) and changes nothing.
 *
 * <p><b>Safety and ordering:</b> the handle may be used by any thread; every operation is sequentially consistent.
 */
public abstract sealed class StringValue extends SharedValue permits SharedString, SharedWideString
{
    private static final long serialVersionUID = 1L;

    private final transient Charset charset;
    private final transient TextCodec codec;

    StringValue(final SharedRegion region, final String name, final long address, final Charset charset)
    {
        super(region, name, address);
        this.charset = charset;
        this.codec = TextCodec.of(charset);
    }

    /** The allocation-free fast path of the charset, shared by its values. */
    final TextCodec codec()
    {
        return codec;
    }

    /**
     * Encodes strictly: an unmappable or malformed character is an error, never a silent replacement.
     *
     * @param value   the string.
     * @param charset its charset.
     * @return the encoded bytes.
     * @throws IllegalArgumentException wrapping the {@link CharacterCodingException}, or if the charset can only
     *                                  decode.
     */
    static byte[] encode(final CharSequence value, final Charset charset)
    {
        try
        {
            return StrictCharsets.encode(value, charset);
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException("'" + value + "' cannot be encoded in " + charset.name() + ": " + ex, ex);
        }
    }

    /**
     * @param bytes   stored bytes.
     * @param charset their charset.
     * @return the string.
     * @throws IllegalStateException if they are not valid in the charset.
     */
    static String decode(final byte[] bytes, final Charset charset)
    {
        try
        {
            return StrictCharsets.decode(bytes, 0, bytes.length, charset);
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalStateException("the stored bytes are not valid " + charset.name() + ": " + ex, ex);
        }
    }

    /**
     * @return the charset the value is stored in.
     */
    public final Charset charset()
    {
        return charset;
    }

    /**
     * @return most encoded bytes: 1, 3 or 7 for a one-word string of width 2, 4 or 8, or the capacity of a wide one.
     */
    public abstract int capacity();

    /**
     * Sequentially consistent, for either kind. In UTF-8 or a single-byte charset this allocates only the String once
     * the thread has used it.
     *
     * @return the value.
     */
    public abstract String get();

    /**
     * Appends the value to {@code into}; in UTF-8 or a single-byte charset (such as ISO-8859-1 or windows-1252) this
     * allocates nothing once the thread has used it (other than to grow {@code into}).
     * Sequentially consistent, for either kind.
     *
     * @param into receives the value.
     */
    public abstract void get(StringBuilder into);

    /**
     * Sets the value; in UTF-8 or a single-byte charset (such as ISO-8859-1 or windows-1252) this allocates nothing
     * once the thread has used it (the encoding goes character by character into a word or a per-thread buffer).
     * Sequentially consistent, for either kind.
     *
     * @param value the new value.
     */
    public abstract void set(CharSequence value);

    /**
     * Sequentially consistent, for either kind.
     *
     * @param value the new value.
     * @return the previous value.
     */
    public abstract String getAndSet(CharSequence value);

    /**
     * Compares the encoded bytes.
     * Sequentially consistent, for either kind.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return true if successful.
     */
    public abstract boolean compareAndSet(CharSequence expected, CharSequence update);

    /**
     * Sequentially consistent, for either kind.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return the value before the operation.
     */
    public abstract String compareAndExchange(CharSequence expected, CharSequence update);

    /**
     * Atomically applies {@code function}: a CAS loop for a one-word string (it may run more than once), once under
     * the writer lock for a wide one.
     *
     * @param function maps the current value to the new one.
     * @return the new value.
     */
    public abstract String updateAndGet(UnaryOperator<String> function);

    /**
     * The original's {@code string_compare_and_set}: compares with {@code expected}'s value; on failure writes the
     * current value into {@code expected}.
     * Sequentially consistent, for either kind.
     *
     * @param expected a value of the same kind, size and charset.
     * @param update   the new value.
     * @return true if successful.
     * @throws IllegalArgumentException if the shapes differ.
     */
    public final boolean compareAndSet(final StringValue expected, final CharSequence update)
    {
        checkSameShape(expected, "expected");
        return compareAndSetSameShape(expected, update);
    }

    /**
     * The original's {@code string_store}.
     * Sequentially consistent, for either kind.
     *
     * @param source a value of the same kind, size and charset.
     * @throws IllegalArgumentException if the shapes differ.
     */
    public final void store(final StringValue source)
    {
        checkSameShape(source, "source");
        storeSameShape(source);
    }

    /**
     * The original's {@code string_shift}.
     * Sequentially consistent, for either kind.
     *
     * @param source      a value of the same kind, size and charset; this value takes its value.
     * @param previousOut a value of the same kind, size and charset; receives this value's previous value.
     * @throws IllegalArgumentException if the shapes differ.
     */
    public final void shift(final StringValue source, final StringValue previousOut)
    {
        checkSameShape(source, "source");
        checkSameShape(previousOut, "previousOut");
        shiftSameShape(source, previousOut);
    }

    /**
     * The original's {@code reencode}, as a new value: {@code newName} holds this value encoded in {@code newCharset},
     * a {@link SharedString} if it fits 7 bytes and this value is one, otherwise a {@link SharedWideString} with this
     * value's capacity or more.
     * Sequentially consistent, for either kind.
     *
     * @param newName    name of the new value.
     * @param newCharset its charset.
     * @return the new value; this one is unchanged.
     * @throws IllegalArgumentException if the value cannot be encoded in {@code newCharset}.
     */
    public final StringValue reencode(final String newName, final Charset newCharset)
    {
        final String value = get();
        return reencoded(newName, newCharset, value, encode(value, newCharset).length);
    }

    /**
     * The original's {@code resize}, as a new value in the same charset (the original lost the charset here):
     * {@code newName} holds this value shaped to {@code length} encoded bytes, a {@link SharedString} for a length of
     * up to 7, a {@link SharedWideString} above.
     * Sequentially consistent, for either kind.
     *
     * @param newName      name of the new value.
     * @param length       encoded bytes.
     * @param paddingSide  where padding goes.
     * @param padding      padding characters.
     * @param trimmingSide which end trimming removes.
     * @return the new value; this one is unchanged.
     */
    public final StringValue resize(final String newName, final int length, final Side paddingSide, final String padding,
        final Side trimmingSide)
    {
        final String shaped = Shaping.shape(get(), length, paddingSide, padding, trimmingSide, charset);
        return length < Long.BYTES ? region().sharedString(newName, shaped, charset) :
            region().sharedWideString(newName, length, charset, shaped);
    }

    /** {@link #compareAndSet(StringValue, CharSequence)} on a value of the same class and shape. */
    abstract boolean compareAndSetSameShape(StringValue expected, CharSequence update);

    /** {@link #store} from a value of the same class and shape. */
    abstract void storeSameShape(StringValue source);

    /** {@link #shift} with values of the same class and shape. */
    abstract void shiftSameShape(StringValue source, StringValue previousOut);

    /** The value {@link #reencode} creates, holding {@code value}, which is {@code encodedLength} bytes in {@code newCharset}. */
    abstract StringValue reencoded(String newName, Charset newCharset, String value, int encodedLength);

    private void checkSameShape(final StringValue other, final String what)
    {
        Objects.requireNonNull(other, what);
        if (other.getClass() != getClass() || other.capacity() != capacity() || !other.charset.equals(charset))
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
    public final String toString()
    {
        return region().isClosed() ? "closed" : get();
    }
}
