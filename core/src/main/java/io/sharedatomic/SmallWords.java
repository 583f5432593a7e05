package io.sharedatomic;

/**
 * The original's one-word encodings of byte arrays (a big-endian unsigned integer at a width of 1, 2, 4 or 8
 * bytes) and strings (a length byte, then the encoded bytes, then zeros, at 2, 4 or 8 bytes). A word always holds
 * the canonical value masked to its width, so that compare-and-set compares exactly.
 */
final class SmallWords
{
    private SmallWords()
    {
    }

    /**
     * @param length shaped byte count, 0 to 8.
     * @return the original's width: 1 for 1, 2 for 2, 4 for 0, 3 and 4, 8 for 5 to 8.
     */
    static int bytesWidth(final int length)
    {
        if (length < 0 || length > Long.BYTES)
        {
            throw new IllegalArgumentException("a one-word byte value holds at most 8 bytes, not " + length +
                "; create a wide value with sharedWideBytes(name, capacity, initial)");
        }
        return length == 1 || length == 2 ? length : length <= 4 ? 4 : 8;
    }

    /**
     * @param encodedLength encoded byte count, 0 to 7.
     * @return the original's width: 2 for 1, 4 for 0, 2 and 3, 8 for 4 to 7.
     */
    static int stringWidth(final int encodedLength)
    {
        if (encodedLength < 0 || encodedLength > Long.BYTES - 1)
        {
            throw new IllegalArgumentException("a one-word string holds at most 7 encoded bytes, not " + encodedLength +
                "; create a wide value with sharedWideString(name, capacity, charset, initial)");
        }
        return encodedLength == 1 ? 2 : encodedLength <= 3 ? 4 : 8;
    }

    /**
     * @param width 1 to 8 bytes.
     * @return the mask of a value of that width.
     */
    static long mask(final int width)
    {
        return width == Long.BYTES ? -1L : (1L << (Byte.SIZE * width)) - 1;
    }

    /**
     * @param data  big-endian unsigned integer; leading zero bytes beyond the width are allowed.
     * @param width 1, 2, 4 or 8 bytes.
     * @return the word.
     * @throws IllegalArgumentException if the integer does not fit the width.
     */
    static long bytesToWord(final byte[] data, final int width)
    {
        return bytesToWord(data, 0, data.length, width);
    }

    /**
     * @param data   holds a big-endian unsigned integer.
     * @param offset where it starts.
     * @param length how many bytes it has; leading zero bytes beyond the width are allowed.
     * @param width  width.
     * @return the word.
     * @throws IllegalArgumentException if the integer does not fit the width.
     */
    static long bytesToWord(final byte[] data, final int offset, final int length, final int width)
    {
        if (offset < 0 || length < 0 || offset > data.length - length)
        {
            throw new IndexOutOfBoundsException("offset " + offset + " and length " + length + " do not fit an array of " + data.length);
        }
        final int significant = Math.max(offset, offset + length - Long.BYTES);
        if (!leadingZeros(data, offset, significant))
        {
            throw new IllegalArgumentException(length + " bytes do not fit a value of " + width + " bytes");
        }
        long word = 0;
        for (int i = significant; i < offset + length; i++)
        {
            word = (word << Byte.SIZE) | (data[i] & 0xFF);
        }
        if ((word & ~mask(width)) != 0)
        {
            throw new IllegalArgumentException("0x" + Long.toHexString(word) + " (" + length + " bytes) does not fit a value of " +
                width + " bytes");
        }
        return word;
    }

    private static boolean leadingZeros(final byte[] data, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (data[i] != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param word  canonical word.
     * @param width 1, 2, 4 or 8 bytes.
     * @param into  receives the big-endian bytes at indexes 0 to width - 1.
     */
    static void wordToBytes(final long word, final int width, final byte[] into)
    {
        for (int i = 0; i < width; i++)
        {
            into[i] = (byte)(word >>> (Byte.SIZE * (width - 1 - i)));
        }
    }

    /**
     * @param word  canonical word.
     * @param width 1, 2, 4 or 8 bytes.
     * @return the big-endian bytes at the full width.
     */
    static byte[] wordToBytes(final long word, final int width)
    {
        final byte[] bytes = new byte[width];
        wordToBytes(word, width, bytes);
        return bytes;
    }

    /**
     * @param encoded string bytes, at most width - 1.
     * @param length  how many of them.
     * @param width  2, 4 or 8.
     * @return the word: the length byte, the bytes, zeros.
     */
    static long stringToWord(final byte[] encoded, final int length, final int width)
    {
        if (length > width - 1)
        {
            throw new IllegalArgumentException("a string of " + length + " encoded bytes does not fit a value of " + (width - 1) +
                " bytes; create the value with a larger length");
        }
        long word = length;
        for (int i = 0; i < width - 1; i++)
        {
            word = (word << Byte.SIZE) | (i < length ? encoded[i] & 0xFF : 0);
        }
        return word;
    }

    /**
     * @param word   a string word.
     * @param width 2, 4 or 8.
     * @param into   receives the encoded bytes (at least width - 1 long).
     * @return how many bytes the string has.
     */
    static int wordToString(final long word, final int width, final byte[] into)
    {
        final int length = (int)(word >>> (Byte.SIZE * (width - 1))) & 0xFF;
        if (length > width - 1)
        {
            throw new IllegalStateException("a one-word string of " + (width - 1) + " bytes holds a corrupt length " + length);
        }
        for (int i = 0; i < length; i++)
        {
            into[i] = (byte)(word >>> (Byte.SIZE * (width - 2 - i)));
        }
        return length;
    }
}
