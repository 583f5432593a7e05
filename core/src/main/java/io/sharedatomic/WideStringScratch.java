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
 * One thread's reusable strict coders ({@link StrictCharsets}) and buffers for a {@link SharedWideString}, so that
 * setting from a {@link CharSequence} and reading into a {@link StringBuilder} allocate nothing once warm.
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
        this.chars = CharBuffer.allocate((int)Math.ceil(capacity * (double)decoder.maxCharsPerByte()) + 1);
    }

    byte[] bytes()
    {
        return bytes;
    }

    /**
     * @return the encoded length in {@link #bytes()}.
     * @throws IllegalArgumentException if the value cannot be encoded or is longer than the capacity.
     */
    int encode(final CharSequence value, final int capacity)
    {
        encoder.reset();
        byteBuffer.clear();
        CoderResult result = encoder.encode(CharBuffer.wrap(value), byteBuffer, true);
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
        final CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, 0, length), chars, true);
        if (result.isError())
        {
            throw new IllegalStateException("the stored bytes are not valid " + decoder.charset().name());
        }
        decoder.flush(chars);
        chars.flip();
        into.append(chars);
    }
}
