package io.sharedatomic.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Allocation-free strict coding of the common charsets: UTF-8, and every single-byte charset (ISO-8859-1, US-ASCII,
 * windows-125x and the like), character by character into and out of a caller's arrays. It is only a fast path: where
 * it cannot give exactly what {@link StrictCharsets} gives (another charset, a character or byte it has not verified,
 * malformed or unmappable input, or text too long for the room given) it says so, and the caller goes through its
 * strict path, which then encodes, decodes or throws exactly as it always did.
 *
 * <p>Instances are immutable and shared by every value of a charset.
 */
public final class TextCodec
{
    private static final ConcurrentHashMap<Charset, TextCodec> CODECS = new ConcurrentHashMap<>();

    /** No fast path: every call says so. */
    private static final int OTHER = 0;
    private static final int UTF_8 = 1;
    private static final int SINGLE_BYTE = 2;

    /** Returned by the one-word encoder when the fast path cannot encode: never a word, whose length is at most 7. */
    public static final long NO_WORD = -1L;

    private static final int ONE_BYTE = 0x80;
    private static final int TWO_BYTES = 0x800;
    private static final int CONTINUATION = 0x80;
    private static final int SIX_BITS = 0x3F;
    private static final int MAX_WORD_BYTES = Long.BYTES - 1;

    private final Charset charset;
    private final int kind;
    /** Single-byte: whether {@code new String(bytes, charset)} allocates only the String (ISO-8859-1, US-ASCII). */
    private final boolean jdkFastString;
    /** Single-byte: the verified byte (0 to 255) of each of the chars 0 to 255, or -1. */
    private final short[] lowBytes;
    /** Single-byte: the verified chars above 255, sorted, and their bytes. */
    private final char[] highChars;
    private final byte[] highBytes;
    /** Single-byte: the verified char of each byte (as unsigned), or -1. */
    private final int[] byteChars;

    private TextCodec(final Charset charset)
    {
        this.charset = charset;
        this.jdkFastString = charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII);
        final short[] low = new short[256];
        final int[] chars = new int[256];
        Arrays.fill(low, (short)-1);
        Arrays.fill(chars, -1);
        final char[] high = new char[256];
        final byte[] highOf = new byte[256];
        int highCount = 0;
        int found = OTHER;
        if (charset.equals(StandardCharsets.UTF_8))
        {
            found = UTF_8;
        }
        else if (charset.canEncode())
        {
            final CharsetEncoder encoder = StrictCharsets.newEncoder(charset);
            final CharsetDecoder decoder = StrictCharsets.newDecoder(charset);
            if (encoder.maxBytesPerChar() == 1.0f && decoder.maxCharsPerByte() == 1.0f)
            {
                found = SINGLE_BYTE;
                final ByteBuffer oneByte = ByteBuffer.allocate(2);
                final CharBuffer oneChar = CharBuffer.allocate(2);
                for (int b = 0; b < 256; b++)
                {
                    final int c = roundTrip(encoder, decoder, (byte)b, oneByte, oneChar);
                    if (c < 0)
                    {
                        continue;
                    }
                    chars[b] = c;
                    if (c < 256)
                    {
                        low[c] = (short)b;
                    }
                    else
                    {
                        high[highCount] = (char)c;
                        highOf[highCount++] = (byte)b;
                    }
                }
            }
        }
        this.kind = found;
        this.lowBytes = low;
        this.byteChars = chars;
        // Sort the high chars with their bytes (at most 256 of them: insertion sort).
        for (int i = 1; i < highCount; i++)
        {
            for (int j = i; j > 0 && high[j - 1] > high[j]; j--)
            {
                final char c = high[j];
                high[j] = high[j - 1];
                high[j - 1] = c;
                final byte b = highOf[j];
                highOf[j] = highOf[j - 1];
                highOf[j - 1] = b;
            }
        }
        this.highChars = Arrays.copyOf(high, highCount);
        this.highBytes = Arrays.copyOf(highOf, highCount);
    }

    /**
     * @return the one char that byte {@code b} strictly decodes to, if that char strictly encodes back to exactly
     *         {@code b}; otherwise -1.
     */
    private static int roundTrip(final CharsetEncoder encoder, final CharsetDecoder decoder, final byte b, final ByteBuffer bytes,
        final CharBuffer chars)
    {
        decoder.reset();
        bytes.clear();
        bytes.put(b).flip();
        chars.clear();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError())
        {
            result = decoder.flush(chars);
        }
        if (result.isError() || bytes.hasRemaining() || chars.position() != 1)
        {
            return -1;
        }
        final char c = chars.get(0);
        encoder.reset();
        chars.flip();
        bytes.clear();
        result = encoder.encode(chars, bytes, true);
        if (!result.isError())
        {
            result = encoder.flush(bytes);
        }
        return !result.isError() && !chars.hasRemaining() && bytes.position() == 1 && bytes.get(0) == b ? c : -1;
    }

    /**
     * @param charset a charset.
     * @return its codec, shared.
     */
    public static TextCodec of(final Charset charset)
    {
        return CODECS.computeIfAbsent(charset, TextCodec::new);
    }

    /**
     * @return the charset.
     */
    public Charset charset()
    {
        return charset;
    }

    /**
     * @return the byte of a verified single-byte char, or -1.
     */
    private int byteOf(final char c)
    {
        if (c < 256)
        {
            return lowBytes[c];
        }
        final int i = Arrays.binarySearch(highChars, c);
        return i >= 0 ? highBytes[i] & 0xFF : -1;
    }

    /**
     * Encodes {@code value} into {@code into} from index 0.
     *
     * @param value the text.
     * @param into  receives the bytes.
     * @param max   most bytes, at most {@code into.length}.
     * @return how many bytes, or -1 if the fast path cannot encode {@code value} in at most {@code max} bytes (the
     *         strict path must then encode it or report why not); {@code into} may then hold anything.
     */
    public int encode(final CharSequence value, final byte[] into, final int max)
    {
        final int length = value.length();
        // Every char is at least one byte in both kinds.
        if (length > max || kind == OTHER)
        {
            return -1;
        }
        if (kind == SINGLE_BYTE)
        {
            for (int i = 0; i < length; i++)
            {
                final int b = byteOf(value.charAt(i));
                if (b < 0)
                {
                    return -1;
                }
                into[i] = (byte)b;
            }
            return length;
        }
        int i = 0;
        while (i < length)
        {
            final char c = value.charAt(i);
            if (c >= ONE_BYTE)
            {
                break;
            }
            into[i++] = (byte)c;
        }
        return i == length ? length : encodeUtf8(value, i, into, i, max);
    }

    private static int encodeUtf8(final CharSequence value, final int from, final byte[] into, final int at, final int max)
    {
        final int length = value.length();
        int p = at;
        for (int i = from; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c < ONE_BYTE)
            {
                if (p >= max)
                {
                    return -1;
                }
                into[p++] = (byte)c;
            }
            else if (c < TWO_BYTES)
            {
                if (p + 2 > max)
                {
                    return -1;
                }
                into[p++] = (byte)(0xC0 | c >> 6);
                into[p++] = (byte)(CONTINUATION | c & SIX_BITS);
            }
            else if (Character.isSurrogate(c))
            {
                // Only a high surrogate followed by a low one is a character; anything else is malformed.
                if (!Character.isHighSurrogate(c) || i + 1 >= length || !Character.isLowSurrogate(value.charAt(i + 1)) || p + 4 > max)
                {
                    return -1;
                }
                final int cp = Character.toCodePoint(c, value.charAt(++i));
                into[p++] = (byte)(0xF0 | cp >> 18);
                into[p++] = (byte)(CONTINUATION | cp >> 12 & SIX_BITS);
                into[p++] = (byte)(CONTINUATION | cp >> 6 & SIX_BITS);
                into[p++] = (byte)(CONTINUATION | cp & SIX_BITS);
            }
            else
            {
                if (p + 3 > max)
                {
                    return -1;
                }
                into[p++] = (byte)(0xE0 | c >> 12);
                into[p++] = (byte)(CONTINUATION | c >> 6 & SIX_BITS);
                into[p++] = (byte)(CONTINUATION | c & SIX_BITS);
            }
        }
        return p;
    }

    /**
     * Encodes {@code value} as a one-word string of width 8: the length byte, the bytes, zeros, as a big-endian
     * integer (shift it right by 8 bits a byte less in width for a narrower word that holds it).
     *
     * @param value the text.
     * @return the word, or {@link #NO_WORD} if the fast path cannot encode {@code value} in at most 7 bytes.
     */
    public long encodeWord(final CharSequence value)
    {
        final int length = value.length();
        if (length > MAX_WORD_BYTES || kind == OTHER)
        {
            return NO_WORD;
        }
        long bytes = 0;
        int count = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (kind == SINGLE_BYTE)
            {
                final int b = byteOf(c);
                if (b < 0)
                {
                    return NO_WORD;
                }
                bytes = bytes << Byte.SIZE | b;
                count++;
            }
            else if (c < ONE_BYTE)
            {
                bytes = bytes << Byte.SIZE | c;
                count++;
            }
            else if (c < TWO_BYTES)
            {
                if (count + 2 > MAX_WORD_BYTES)
                {
                    return NO_WORD;
                }
                bytes = bytes << 16 | (0xC0L | c >> 6) << Byte.SIZE | CONTINUATION | c & SIX_BITS;
                count += 2;
            }
            else if (Character.isSurrogate(c))
            {
                if (!Character.isHighSurrogate(c) || i + 1 >= length || !Character.isLowSurrogate(value.charAt(i + 1)) ||
                    count + 4 > MAX_WORD_BYTES)
                {
                    return NO_WORD;
                }
                final int cp = Character.toCodePoint(c, value.charAt(++i));
                bytes = bytes << 32 | (0xF0L | cp >> 18) << 24 | (long)(CONTINUATION | cp >> 12 & SIX_BITS) << 16 |
                    (CONTINUATION | cp >> 6 & SIX_BITS) << Byte.SIZE | CONTINUATION | cp & SIX_BITS;
                count += 4;
            }
            else
            {
                if (count + 3 > MAX_WORD_BYTES)
                {
                    return NO_WORD;
                }
                bytes = bytes << 24 | (0xE0L | c >> 12) << 16 | (CONTINUATION | c >> 6 & SIX_BITS) << Byte.SIZE | CONTINUATION | c & SIX_BITS;
                count += 3;
            }
            if (count > MAX_WORD_BYTES)
            {
                return NO_WORD;
            }
        }
        return (long)count << (Byte.SIZE * MAX_WORD_BYTES) | (count == 0 ? 0 : bytes << (Byte.SIZE * (MAX_WORD_BYTES - count)));
    }

    /**
     * Strictly decodes bytes and appends the text, through {@code scratch}.
     *
     * @param from    holds the bytes.
     * @param offset  where they start.
     * @param length  how many.
     * @param scratch at least {@code length} chars, overwritten.
     * @param into    receives the text, only if this returns true.
     * @return false, having appended nothing, if the fast path cannot decode the bytes (the strict path must then
     *         decode them or report why not).
     */
    public boolean decode(final byte[] from, final int offset, final int length, final char[] scratch, final StringBuilder into)
    {
        final int chars = decode(from, offset, length, scratch);
        if (chars < 0)
        {
            return false;
        }
        into.append(scratch, 0, chars);
        return true;
    }

    /**
     * @return how many chars went into {@code scratch}, or -1.
     */
    private int decode(final byte[] from, final int offset, final int length, final char[] scratch)
    {
        if (kind == SINGLE_BYTE)
        {
            for (int i = 0; i < length; i++)
            {
                final int c = byteChars[from[offset + i] & 0xFF];
                if (c < 0)
                {
                    return -1;
                }
                scratch[i] = (char)c;
            }
            return length;
        }
        if (kind == UTF_8)
        {
            return decodeUtf8(from, offset, length, scratch);
        }
        return -1;
    }

    private static int decodeUtf8(final byte[] from, final int offset, final int length, final char[] scratch)
    {
        final int end = offset + length;
        int i = offset;
        int n = 0;
        while (i < end)
        {
            final int b = from[i];
            if (b >= 0)
            {
                scratch[n++] = (char)b;
                i++;
                continue;
            }
            final int lead = b & 0xFF;
            if (lead >= 0xC2 && lead <= 0xDF)
            {
                if (i + 1 >= end || !continuation(from[i + 1]))
                {
                    return -1;
                }
                scratch[n++] = (char)((lead & 0x1F) << 6 | from[i + 1] & SIX_BITS);
                i += 2;
            }
            else if (lead >= 0xE0 && lead <= 0xEF)
            {
                if (i + 2 >= end || !continuation(from[i + 1]) || !continuation(from[i + 2]))
                {
                    return -1;
                }
                final int second = from[i + 1] & 0xFF;
                // Overlong forms (E0 80-9F) and surrogates (ED A0-BF) are malformed.
                if (lead == 0xE0 && second < 0xA0 || lead == 0xED && second >= 0xA0)
                {
                    return -1;
                }
                scratch[n++] = (char)((lead & 0x0F) << 12 | (second & SIX_BITS) << 6 | from[i + 2] & SIX_BITS);
                i += 3;
            }
            else if (lead >= 0xF0 && lead <= 0xF4)
            {
                if (i + 3 >= end || !continuation(from[i + 1]) || !continuation(from[i + 2]) || !continuation(from[i + 3]))
                {
                    return -1;
                }
                final int second = from[i + 1] & 0xFF;
                // Overlong forms (F0 80-8F) and code points above U+10FFFF (F4 90-BF) are malformed.
                if (lead == 0xF0 && second < 0x90 || lead == 0xF4 && second >= 0x90)
                {
                    return -1;
                }
                final int cp = (lead & 0x07) << 18 | (second & SIX_BITS) << 12 | (from[i + 2] & SIX_BITS) << 6 | from[i + 3] & SIX_BITS;
                scratch[n++] = Character.highSurrogate(cp);
                scratch[n++] = Character.lowSurrogate(cp);
                i += 4;
            }
            else
            {
                return -1;
            }
        }
        return n;
    }

    private static boolean continuation(final byte b)
    {
        return (b & 0xC0) == CONTINUATION;
    }

    /**
     * What {@code new String(from, offset, length, charset)} gives, allocating only the String where the fast path
     * knows the bytes.
     *
     * @param from    holds the bytes.
     * @param offset  where they start.
     * @param length  how many.
     * @param scratch at least {@code length} chars, overwritten.
     * @return the text.
     */
    public String newString(final byte[] from, final int offset, final int length, final char[] scratch)
    {
        if (kind == UTF_8 && !StrictCharsets.isAscii(from, offset, length))
        {
            // The JDK decodes non-ASCII UTF-8 into a scratch array of its own and copies it: through chars, the
            // String's array is the only one (when every char is Latin-1).
            final int chars = decodeUtf8(from, offset, length, scratch);
            if (chars >= 0)
            {
                return new String(scratch, 0, chars);
            }
        }
        else if (kind == SINGLE_BYTE && !jdkFastString)
        {
            final int chars = decode(from, offset, length, scratch);
            if (chars >= 0)
            {
                return new String(scratch, 0, chars);
            }
        }
        return new String(from, offset, length, charset);
    }
}
