package io.sharedatomic.collections;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable byte string: the byte-string element kind of the shared collections (the original's {@code bytes}).
 *
 * <p>Java's {@code byte[]} compares by identity, so it cannot serve as a set element; this type compares by value.
 * Equality and {@link #hashCode()} follow the content, and {@link #compareTo(ByteString)} is unsigned lexicographic
 * order (a proper prefix sorts first), the order the collections use to encode sets canonically.
 *
 * <p><b>Safety:</b> instances are immutable and may be shared by any number of threads.
 */
public final class ByteString implements Comparable<ByteString>
{
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final byte[] bytes;

    private ByteString(final byte[] bytes)
    {
        this.bytes = bytes;
    }

    /**
     * Makes a byte string holding a copy of {@code bytes}, so later changes to the array do not affect it.
     *
     * @param bytes the content, possibly empty.
     * @return a byte string with the same content.
     * @throws NullPointerException if {@code bytes} is null.
     */
    public static ByteString of(final byte[] bytes)
    {
        Objects.requireNonNull(bytes, "bytes");
        return new ByteString(bytes.clone());
    }

    /**
     * @return a new array with the content; changing it does not change this byte string.
     */
    public byte[] toByteArray()
    {
        return bytes.clone();
    }

    /**
     * @return the number of bytes.
     */
    public int length()
    {
        return bytes.length;
    }

    /**
     * @param index position, from 0 to {@code length() - 1}.
     * @return the byte at {@code index}.
     * @throws IndexOutOfBoundsException if {@code index} is outside the content.
     */
    public byte byteAt(final int index)
    {
        return bytes[Objects.checkIndex(index, bytes.length)];
    }

    /**
     * Orders byte strings by unsigned lexicographic order: the first differing byte decides, compared as 0..255,
     * and a proper prefix comes first.
     *
     * @param other the byte string to compare with.
     * @return a negative number, zero or a positive number as this is before, equal to or after {@code other}.
     */
    @Override
    public int compareTo(final ByteString other)
    {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /**
     * @param obj the object to compare with.
     * @return true if {@code obj} is a byte string with the same content.
     */
    @Override
    public boolean equals(final Object obj)
    {
        return this == obj || obj instanceof ByteString && Arrays.equals(bytes, ((ByteString)obj).bytes);
    }

    /**
     * @return a hash of the content.
     */
    @Override
    public int hashCode()
    {
        return Arrays.hashCode(bytes);
    }

    /**
     * Renders the content as Python's {@code repr(bytes)} does, so values read the same in both languages:
     * {@code b'x12'}, {@code b'\x00\xff'}, {@code b"it's"}.
     *
     * @return the Python-style literal of the content.
     */
    @Override
    public String toString()
    {
        final char quote = pythonQuote();
        final StringBuilder sb = new StringBuilder(bytes.length + 3).append('b').append(quote);
        for (final byte b : bytes)
        {
            final int c = b & 0xFF;
            if (c == quote || c == '\\')
            {
                sb.append('\\').append((char)c);
            }
            else if (c == '\t')
            {
                sb.append("\\t");
            }
            else if (c == '\n')
            {
                sb.append("\\n");
            }
            else if (c == '\r')
            {
                sb.append("\\r");
            }
            else if (c < 0x20 || c >= 0x7F)
            {
                sb.append("\\x").append(HEX_DIGITS[c >>> 4]).append(HEX_DIGITS[c & 0xF]);
            }
            else
            {
                sb.append((char)c);
            }
        }
        return sb.append(quote).toString();
    }

    // Python quotes with ' unless the content has a ' and no ", which avoids escaping the quote.
    private char pythonQuote()
    {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (final byte b : bytes)
        {
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        return hasSingle && !hasDouble ? '"' : '\'';
    }
}
