package io.sharedatomic.internal;

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

/**
 * Encoding and decoding that never substitutes: an unmappable or malformed character, or bytes that are not valid in
 * the charset, are reported, never silently replaced by {@code '?'} or U+FFFD. Every text that goes into or comes out
 * of shared memory (strings, the strings of encoded collections, entry names and format tags) passes through here;
 * callers turn a {@link CharacterCodingException} into the exception and message their API documents.
 */
public final class StrictCharsets
{
    /** Making an encoder costs more than encoding a short string: each thread keeps its last one. */
    private static final ThreadLocal<CharsetEncoder> ENCODER = new ThreadLocal<>();

    private StrictCharsets()
    {
    }

    /**
     * @param charset a charset.
     * @return {@code charset}.
     * @throws IllegalArgumentException if it can only decode (such as ISO-2022-CN): text stored in shared memory must
     *                                  be writable.
     */
    public static Charset checkCanEncode(final Charset charset)
    {
        if (!Objects.requireNonNull(charset, "charset").canEncode())
        {
            throw new IllegalArgumentException("charset " + charset.name() + " can only decode; choose one that can encode, such as UTF-8");
        }
        return charset;
    }

    /**
     * Encodes strictly.
     *
     * @param value   the text.
     * @param charset its charset.
     * @return the encoded bytes.
     * @throws CharacterCodingException if a character is unmappable in {@code charset} or malformed (an unpaired
     *                                  surrogate).
     * @throws IllegalArgumentException if {@code charset} can only decode.
     */
    public static byte[] encode(final CharSequence value, final Charset charset) throws CharacterCodingException
    {
        Objects.requireNonNull(value, "value");
        checkCanEncode(charset);
        // UTF-8 of a String is the JDK's intrinsic fast path; it is exact whenever no surrogate is unpaired (it would
        // silently become '?'), so only those strings go through the strict encoder.
        if (charset == StandardCharsets.UTF_8 && value instanceof String text && unpairedSurrogate(text) < 0)
        {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        // Likewise US-ASCII (entry formats, ASCII strings): exact when every character is ASCII.
        if (charset == StandardCharsets.US_ASCII && value instanceof String text && isAscii(text))
        {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
        CharsetEncoder encoder = ENCODER.get();
        if (encoder == null || !encoder.charset().equals(charset))
        {
            encoder = newEncoder(charset);
            ENCODER.set(encoder);
        }
        final ByteBuffer encoded = encoder.encode(CharBuffer.wrap(value));
        return Arrays.copyOf(encoded.array(), encoded.limit());
    }

    /**
     * Decodes strictly.
     *
     * @param bytes   holds the encoded text.
     * @param offset  where it starts.
     * @param length  how many bytes it has.
     * @param charset its charset.
     * @return the text.
     * @throws CharacterCodingException if the bytes are not valid in {@code charset}.
     */
    public static String decode(final byte[] bytes, final int offset, final int length, final Charset charset)
        throws CharacterCodingException
    {
        // ASCII bytes are valid and mean the same in both: the JDK's fast path is exact for them.
        if ((charset == StandardCharsets.UTF_8 || charset == StandardCharsets.US_ASCII) && isAscii(bytes, offset, length))
        {
            return new String(bytes, offset, length, charset);
        }
        return newDecoder(charset).decode(ByteBuffer.wrap(bytes, offset, length)).toString();
    }

    private static boolean isAscii(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            if (text.charAt(i) >= 0x80)
            {
                return false;
            }
        }
        return true;
    }

    /** Whether every byte is below 0x80; shared with {@link TextCodec}'s fast path. */
    static boolean isAscii(final byte[] bytes, final int offset, final int length)
    {
        for (int i = offset; i < offset + length; i++)
        {
            if (bytes[i] < 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param charset a charset that can encode.
     * @return a new encoder of it that reports malformed and unmappable input, for a caller that reuses its buffers.
     */
    public static CharsetEncoder newEncoder(final Charset charset)
    {
        return charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * @param charset a charset.
     * @return a new decoder of it that reports malformed and unmappable input.
     */
    public static CharsetDecoder newDecoder(final Charset charset)
    {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * @param text any text.
     * @return the index of its first surrogate that is not half of a pair (such text is not valid Unicode and has no
     *         exact encoding), or -1 if there is none.
     */
    public static int unpairedSurrogate(final String text)
    {
        final int length = text.length();
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                return i;
            }
        }
        return -1;
    }
}
