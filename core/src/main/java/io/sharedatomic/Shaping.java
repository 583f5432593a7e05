package io.sharedatomic;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.Objects;

/**
 * The original's Python-style shaping of plain values, for code ported from it: padding and trimming bytes and
 * strings to a length as its constructors did, its {@code get_bytes(trim=True)} rendering, and its unsigned 64-bit
 * range. Every method is a pure function of its arguments; none touches shared memory. Feed the results to
 * {@link SharedRegion}'s factories, for example {@code region.sharedBytes(name, Shaping.shape(data, 7, ...))}.
 */
public final class Shaping
{
    private Shaping()
    {
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
        final byte[] encoded = StringValue.encode(value, charset);
        if (encoded.length > length)
        {
            if (trimmingSide == Side.RIGHT)
            {
                return decodeDroppingCutCharacters(encoded, length, charset);
            }
            // The original's left trim: keep the tail by trimming the reversed string on the right.
            final String reversed = new StringBuilder(value).reverse().toString();
            final String trimmed = decodeDroppingCutCharacters(StringValue.encode(reversed, charset), length, charset);
            return new StringBuilder(trimmed).reverse().toString();
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
            final int nextBytes = StringValue.encode(next, charset).length;
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

    /** Decodes the first {@code length} bytes of a valid encoding, dropping the character that the cut splits. */
    private static String decodeDroppingCutCharacters(final byte[] encoded, final int length, final Charset charset)
    {
        try
        {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.IGNORE).onUnmappableCharacter(CodingErrorAction.IGNORE)
                .decode(ByteBuffer.wrap(encoded, 0, length)).toString();
        }
        catch (final CharacterCodingException ex)
        {
            // IGNORE reports nothing; kept for the checked signature.
            throw new IllegalStateException("the stored bytes are not valid " + charset.name() + ": " + ex, ex);
        }
    }

    /**
     * @param value 0 to 2^64-1.
     * @return its 64 bits, as {@link SharedULong} holds them.
     * @throws IllegalArgumentException if {@code value} is outside that range.
     */
    public static long toBits(final BigInteger value)
    {
        if (value.signum() < 0 || value.bitLength() > 64)
        {
            throw new IllegalArgumentException("unsigned 64-bit value out of range 0..18446744073709551615: " + value);
        }
        return value.longValue();
    }

    /**
     * @param decimal a decimal number from 0 to 18446744073709551615.
     * @return its 64 bits, as {@link SharedULong} holds them.
     * @throws IllegalArgumentException if it is not a decimal number in that range.
     */
    public static long parse(final String decimal)
    {
        try
        {
            return toBits(new BigInteger(decimal));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a decimal unsigned 64-bit value: '" + decimal + "'", ex);
        }
    }
}
