package io.sharedatomic;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Self-checking wide values for torture tests: a count, the writer's id, a body whose every byte derives from both,
 * and a CRC32 of all of it, so that any mix of two values is detected.
 *
 * <pre>
 * count (8) | writer (4) | body length (4) | body (body length) | crc32 (8)
 * </pre>
 */
final class WidePattern
{
    static final int CAPACITY = 1024;
    private static final int HEADER = 16;
    private static final int MAX_BODY = CAPACITY - HEADER - Long.BYTES;

    private WidePattern()
    {
    }

    static byte[] make(final long count, final int writer)
    {
        final int bodyLength = (int)((count * 13 + writer * 101) % MAX_BODY);
        final ByteBuffer value = ByteBuffer.allocate(HEADER + bodyLength + Long.BYTES);
        value.putLong(count).putInt(writer).putInt(bodyLength);
        for (int i = 0; i < bodyLength; i++)
        {
            value.put((byte)(count * 31 + writer * 7 + i));
        }
        value.putLong(crc(value.array(), HEADER + bodyLength));
        return value.array();
    }

    /**
     * @return the count of a complete value.
     * @throws IllegalStateException if the value is torn or damaged.
     */
    static long check(final byte[] value, final int length)
    {
        if (length < HEADER + Long.BYTES)
        {
            throw new IllegalStateException("torn: only " + length + " bytes");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(value, 0, length);
        final long count = buffer.getLong();
        final int writer = buffer.getInt();
        final int bodyLength = buffer.getInt();
        if (bodyLength != length - HEADER - Long.BYTES || bodyLength != (int)((count * 13 + writer * 101) % MAX_BODY))
        {
            throw new IllegalStateException("torn: body length " + bodyLength + " in a value of " + length + " bytes");
        }
        for (int i = 0; i < bodyLength; i++)
        {
            if (buffer.get() != (byte)(count * 31 + writer * 7 + i))
            {
                throw new IllegalStateException("torn: body byte " + i + " of count " + count + " writer " + writer);
            }
        }
        if (buffer.getLong() != crc(value, HEADER + bodyLength))
        {
            throw new IllegalStateException("torn: checksum of count " + count + " writer " + writer);
        }
        return count;
    }

    static long check(final byte[] value)
    {
        return check(value, value.length);
    }

    private static long crc(final byte[] bytes, final int length)
    {
        final CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
