package io.sharedatomic;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;

import io.sharedatomic.internal.StrictCharsets;

/**
 * One thread's reusable buffers for a {@link SharedWideString}: the bytes and chars that the charset's
 * {@link io.sharedatomic.internal.TextCodec} fast path codes into, and the strict coders ({@link StrictCharsets}) of
 * the slow path, which handles whatever the fast path does not and reports every error.
 */
final class WideStringScratch
{
    private final CharsetEncoder encoder;
    private final CharsetDecoder decoder;
    private final byte[] bytes;
    private final ByteBuffer byteBuffer;
    private final CharBuffer chars;

    WideStringScratch(final Charset charset, final int capacity)
    {
        this.encoder = StrictCharsets.newEncoder(charset);
        this.decoder = StrictCharsets.newDecoder(charset);
        // One spare byte tells "exactly full" from "too long".
        this.bytes = new byte[capacity + 1];
        this.byteBuffer = ByteBuffer.wrap(bytes);
        this.chars = CharBuffer.allocate(Math.max(capacity, (int)Math.ceil(capacity * (double)decoder.maxCharsPerByte())) + 1);
    }

    byte[] bytes()
    {
        return bytes;
    }

    /**
     * @return at least capacity + 1 chars, overwritten by every use of this scratch.
     */
    char[] chars()
    {
        return chars.array();
    }

    /**
     * @return the encoded length in {@link #bytes()}.
     * @throws IllegalArgumentException if the value cannot be encoded or is longer than the capacity.
     */
    int encode(final CharSequence value, final int capacity)
    {
        encoder.reset();
        byteBuffer.clear();
        final CharBuffer source;
        final int length = value.length();
        if (length <= chars.capacity())
        {
            // Through the reused array: no wrapper, and the encoder's array loop.
            chars.clear();
            for (int i = 0; i < length; i++)
            {
                chars.put(i, value.charAt(i));
            }
            source = chars.limit(length);
        }
        else
        {
            source = CharBuffer.wrap(value);
        }
        CoderResult result = encoder.encode(source, byteBuffer, true);
        if (result.isUnderflow())
        {
            result = encoder.flush(byteBuffer);
        }
        if (result.isOverflow() || byteBuffer.position() > capacity)
        {
            throw new IllegalArgumentException("'" + value + "' encodes to more than the capacity of " + capacity + " bytes");
        }
        if (result.isError())
        {
            try
            {
                result.throwException();
            }
            catch (final CharacterCodingException ex)
            {
                throw new IllegalArgumentException("'" + value + "' cannot be encoded in " + encoder.charset().name() + ": " + ex, ex);
            }
        }
        return byteBuffer.position();
    }

    /**
     * Decodes {@code length} bytes of {@link #bytes()} and appends them.
     */
    void decodeInto(final int length, final StringBuilder into)
    {
        decoder.reset();
        chars.clear();
        byteBuffer.clear().limit(length);
        final CoderResult result = decoder.decode(byteBuffer, chars, true);
        if (result.isError())
        {
            throw new IllegalStateException("the stored bytes are not valid " + decoder.charset().name());
        }
        decoder.flush(chars);
        chars.flip();
        into.append(chars);
    }
}
