package io.sharedatomic.collections.internal;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import io.sharedatomic.collections.ByteString;
import io.sharedatomic.internal.StrictCharsets;

/**
 * The original's {@code atomic_set}/{@code atomic_list} bit layout: a small heterogeneous collection packed into the
 * big-endian bytes of one unsigned integer.
 *
 * <pre>
 *   most significant bit first
 *   +-----------+---+----------------------------------+--------------------------+
 *   | 0 ... 0   | 1 | header 1 | header 2 | ... | hdr n | payload 1 | ... | pay n  |
 *   +-----------+---+----------------------------------+--------------------------+
 *    zero pad    sentinel
 *
 *   header, bool:          | 00 | c |                 (3 bits)
 *   header, int/str/bytes: | kk | lll | c |           (6 bits) kk = 01 int, 10 str, 11 bytes
 *       lll = bit length of the int (0 is the single bit 0, so 1), or byte length of the str/bytes
 *       c   = 1 if another element follows, 0 for the last one
 *
 *   payload, bool:  1 bit;  int: its minimal binary form (lll bits);  str/bytes: lll bytes, 8 bits each
 * </pre>
 *
 * <p>The encoded form is B = ceil(T / 8) bytes for T = 1 + header bits + payload bits, the bit string right-aligned so
 * the zero padding sits at the top of the first byte. Element kinds are {@link Boolean} (kept distinct from the
 * integer 1, unlike Python), {@link Integer} 0..127, {@link String} (bytes in the collection's charset) and
 * {@link ByteString}. Every rejection is an {@link IllegalArgumentException} saying what to do instead.
 *
 * <p>Decoding is exact: it accepts only bit strings that {@link #encode(List, Charset)} produces, so a word that
 * decodes is the encoding of what it decodes to. Nothing here is on a hot path; the methods allocate freely.
 *
 * <p><b>Safety:</b> stateless; every method may be called from any thread.
 */
public final class BitLayoutCodec
{
    /** Kind of a {@link Boolean} element. */
    public static final int KIND_BOOL = 0;
    /** Kind of an {@link Integer} element. */
    public static final int KIND_INT = 1;
    /** Kind of a {@link String} element. */
    public static final int KIND_STR = 2;
    /** Kind of a {@link ByteString} element. */
    public static final int KIND_BYTES = 3;

    /** Largest integer element: its bit length must fit the 3-bit length field. */
    public static final int MAX_INT = 127;
    /** Most bytes of one string or byte-string element: the 3-bit length field counts bytes. */
    public static final int MAX_ELEMENT_BYTES = 7;

    private static final int KIND_BITS = 2;
    private static final int LENGTH_BITS = 3;
    private static final int BOOL_HEADER_BITS = KIND_BITS + 1;
    private static final int HEADER_BITS = KIND_BITS + LENGTH_BITS + 1;
    private static final int SMALL_BUCKET_BYTES = 4;
    private static final int LARGE_BUCKET_BYTES = 8;

    // Bools, then ints, then strings, then byte strings; within a kind by value (strings by encoded bytes).
    private static final Comparator<Item> CANONICAL_ORDER = BitLayoutCodec::compareCanonical;

    private BitLayoutCodec()
    {
    }

    /**
     * Encodes {@code elements} in the given order into the bit layout described on the class.
     *
     * <p>There is no width limit here: a caller with one 64-bit word checks that the result has at most 8 bytes
     * (see {@link #widthFor(int)}), a wide caller allows more.
     *
     * @param elements {@link Boolean}, {@link Integer} 0..127, {@link String} and {@link ByteString} elements; not
     *                 empty, and not only empty strings or byte strings.
     * @param charset  the charset that turns strings into bytes.
     * @return the big-endian bytes, exactly ceil(T / 8) of them; the first one is never zero.
     * @throws IllegalArgumentException if an element or the collection cannot be encoded; the message says why.
     */
    public static byte[] encode(final List<?> elements, final Charset charset)
    {
        checkNotNull(elements, "elements");
        checkNotNull(charset, "charset");
        final List<Item> items = toItems(elements, charset);
        checkEncodable(items);
        return write(items);
    }

    /**
     * Decodes the bytes produced by {@link #encode(List, Charset)}: skips leading zero bits, drops the sentinel, reads
     * the headers up to the one whose continuation bit is 0, then the payloads.
     *
     * @param bigEndian the encoded bytes; leading zero bytes are allowed (a word rendered at its full width).
     * @param charset   the charset that turns string payloads back into strings.
     * @return the elements in encoded order, as an unmodifiable list.
     * @throws IllegalArgumentException if the bytes are not an encoding (all zero, truncated, trailing bits, an int
     *                                  that is not in minimal form, a string malformed in {@code charset}, ...).
     */
    public static List<Object> decode(final byte[] bigEndian, final Charset charset)
    {
        checkNotNull(bigEndian, "bytes");
        checkNotNull(charset, "charset");
        final BitReader reader = new BitReader(bigEndian);
        final long sentinel = reader.firstSetBit();
        if (sentinel < 0)
        {
            throw notAnEncoding(bigEndian, "no sentinel bit: the value was never set (all " + bigEndian.length +
                " bytes are zero)");
        }
        reader.skipTo(sentinel + 1);

        // Each header advances the reader by at least 3 bits, so this ends within the input whatever it holds.
        final List<int[]> headers = new ArrayList<>();
        int continuation;
        do
        {
            final int kind = reader.read(KIND_BITS, "a header's kind");
            final int length = kind == KIND_BOOL ? 1 : reader.read(LENGTH_BITS, "a header's length");
            continuation = reader.read(1, "a header's continuation bit");
            headers.add(new int[]{kind, length});
        }
        while (continuation == 1);

        final long payloadStart = reader.position();
        final List<Object> elements = new ArrayList<>(headers.size());
        for (final int[] header : headers)
        {
            elements.add(readPayload(reader, header[0], header[1], charset));
        }
        if (reader.position() == payloadStart)
        {
            throw notAnEncoding(bigEndian, "the payload has no bits (only empty strings or byte strings), which " +
                "encode never produces");
        }
        if (reader.remaining() != 0)
        {
            throw notAnEncoding(bigEndian, reader.remaining() + " bits left over after the last payload");
        }
        return Collections.unmodifiableList(elements);
    }

    /**
     * Puts a set's elements into the canonical order, so that equal sets always encode to equal bytes and a
     * compare-and-set between equal sets succeeds (in the original, the order was Python's hash-dependent iteration
     * order). The order: all {@link Boolean}s (false before true), then {@link Integer}s ascending, then
     * {@link String}s by their bytes in {@code charset} (unsigned lexicographic), then {@link ByteString}s (unsigned
     * lexicographic). Equal elements appear once.
     *
     * @param set     the elements, validated as {@link #encode(List, Charset)} does.
     * @param charset the charset that turns strings into bytes.
     * @return the elements in canonical order, as an unmodifiable list.
     * @throws IllegalArgumentException if {@link #encode(List, Charset)} would reject the elements.
     */
    public static List<Object> canonicalOrder(final Collection<?> set, final Charset charset)
    {
        checkNotNull(set, "set");
        checkNotNull(charset, "charset");
        final List<Item> items = toItems(set, charset);
        items.sort(CANONICAL_ORDER);
        final List<Object> ordered = new ArrayList<>(items.size());
        final List<Item> distinct = new ArrayList<>(items.size());
        for (final Item item : items)
        {
            // Sorting puts equal elements next to each other, so comparing with the previous one removes duplicates.
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).element.equals(item.element))
            {
                distinct.add(item);
                ordered.add(item.element);
            }
        }
        checkEncodable(distinct);
        return Collections.unmodifiableList(ordered);
    }

    /**
     * The original's size width for an encoding of {@code encodedLength} bytes.
     *
     * @param encodedLength bytes of an encoding, from 0 to 8.
     * @return 4 for up to 4 bytes, 8 for 5 to 8 bytes.
     * @throws IllegalArgumentException if {@code encodedLength} is negative or above 8 (too many elements for one
     *                                  64-bit word).
     */
    public static int widthFor(final int encodedLength)
    {
        if (encodedLength < 0)
        {
            throw new IllegalArgumentException("encoded length must not be negative: " + encodedLength);
        }
        if (encodedLength > LARGE_BUCKET_BYTES)
        {
            throw new IllegalArgumentException("the encoding needs " + encodedLength + " bytes but a word holds " +
                LARGE_BUCKET_BYTES + ": use fewer or shorter elements (at most 64 bits in all)");
        }
        return encodedLength <= SMALL_BUCKET_BYTES ? SMALL_BUCKET_BYTES : LARGE_BUCKET_BYTES;
    }

    /**
     * @param bigEndian at most 8 bytes, most significant first, read as an unsigned integer.
     * @return the word with those bits; 0 for an empty array.
     * @throws IllegalArgumentException if there are more than 8 bytes.
     */
    public static long toWord(final byte[] bigEndian)
    {
        checkNotNull(bigEndian, "bytes");
        if (bigEndian.length > Long.BYTES)
        {
            throw new IllegalArgumentException(bigEndian.length + " bytes do not fit a 64-bit word: at most " +
                Long.BYTES + " are allowed");
        }
        long word = 0;
        for (final byte b : bigEndian)
        {
            word = word << Byte.SIZE | b & 0xFF;
        }
        return word;
    }

    /**
     * @param word a word read as an unsigned integer.
     * @return its big-endian bytes without leading zero bytes; an empty array for 0.
     */
    public static byte[] fromWord(final long word)
    {
        final int length = (Long.SIZE - Long.numberOfLeadingZeros(word) + Byte.SIZE - 1) / Byte.SIZE;
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(word >>> (Byte.SIZE * (length - 1 - i)));
        }
        return bytes;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** One validated element with its header length field and payload. */
    private static final class Item
    {
        final Object element;
        final int kind;
        final int length;
        final int payloadBits;
        final long intPayload;
        final byte[] bytePayload;

        Item(final Object element, final int kind, final int length, final int payloadBits, final long intPayload,
            final byte[] bytePayload)
        {
            this.element = element;
            this.kind = kind;
            this.length = length;
            this.payloadBits = payloadBits;
            this.intPayload = intPayload;
            this.bytePayload = bytePayload;
        }

        int headerBits()
        {
            return kind == KIND_BOOL ? BOOL_HEADER_BITS : HEADER_BITS;
        }
    }

    private static List<Item> toItems(final Collection<?> elements, final Charset charset)
    {
        final List<Item> items = new ArrayList<>(elements.size());
        int index = 0;
        for (final Object element : elements)
        {
            items.add(toItem(element, index++, charset));
        }
        return items;
    }

    private static Item toItem(final Object element, final int index, final Charset charset)
    {
        if (element == null)
        {
            throw new IllegalArgumentException("element " + index + " is null: the layout has no null; leave it out");
        }
        if (element instanceof Boolean)
        {
            final boolean value = (Boolean)element;
            return new Item(element, KIND_BOOL, 1, 1, value ? 1 : 0, null);
        }
        if (element instanceof Integer)
        {
            final int value = (Integer)element;
            if (value < 0)
            {
                throw new IllegalArgumentException("element " + index + " is the int " + value + ": ints are " +
                    "stored as unsigned binary, so only 0.." + MAX_INT + " fit; store it as a String instead");
            }
            if (value > MAX_INT)
            {
                throw new IllegalArgumentException("element " + index + " is the int " + value + ", above " +
                    MAX_INT + ": an int's bit length is stored in a 3-bit field, so at most 7 bits fit (the " +
                    "original silently corrupted larger values); store it as a String or ByteString instead");
            }
            // Minimal binary form; 0 is the single bit 0, so its length is 1.
            final int bits = Math.max(1, Integer.SIZE - Integer.numberOfLeadingZeros(value));
            return new Item(element, KIND_INT, bits, bits, value, null);
        }
        if (element instanceof String)
        {
            final byte[] bytes = encodeString((String)element, index, charset);
            return bytesItem(element, KIND_STR, bytes, index, "string \"" + element + "\" encodes in " +
                charset.name() + " to");
        }
        if (element instanceof ByteString)
        {
            final byte[] bytes = ((ByteString)element).toByteArray();
            return bytesItem(element, KIND_BYTES, bytes, index, "byte string " + element + " has");
        }
        throw new IllegalArgumentException("element " + index + " has the unsupported type " +
            element.getClass().getTypeName() + ": elements must be Boolean, Integer 0.." + MAX_INT +
            ", String or ByteString; " + suggestion(element));
    }

    private static Item bytesItem(
        final Object element, final int kind, final byte[] bytes, final int index, final String description)
    {
        if (bytes.length > MAX_ELEMENT_BYTES)
        {
            throw new IllegalArgumentException("element " + index + ": " + description + " " + bytes.length +
                " bytes, but the 3-bit length field allows at most " + MAX_ELEMENT_BYTES + "; shorten it");
        }
        return new Item(element, kind, bytes.length, bytes.length * Byte.SIZE, 0, bytes);
    }

    private static String suggestion(final Object element)
    {
        if (element instanceof byte[])
        {
            return "wrap a byte[] with ByteString.of(bytes) (arrays compare by identity)";
        }
        if (element instanceof Long || element instanceof Short || element instanceof Byte)
        {
            return "use an Integer 0.." + MAX_INT;
        }
        if (element instanceof Character)
        {
            return "use a one-character String";
        }
        if (element instanceof Number)
        {
            return "store the number as an Integer 0.." + MAX_INT + " or as a String";
        }
        return "convert it to one of those types";
    }

    private static byte[] encodeString(final String value, final int index, final Charset charset)
    {
        try
        {
            return StrictCharsets.encode(value, charset);
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException("element " + index + ", the string \"" + value +
                "\", cannot be encoded in " + charset.name() + ": choose a charset that can represent it", ex);
        }
    }

    private static String decodeString(final byte[] bytes, final Charset charset, final byte[] input)
    {
        try
        {
            return StrictCharsets.decode(bytes, 0, bytes.length, charset);
        }
        catch (final CharacterCodingException ex)
        {
            final IllegalArgumentException iae = notAnEncoding(input, "string payload " +
                HexFormat.of().formatHex(bytes) + " is not valid " + charset.name() +
                " (was it written with another charset?)");
            iae.initCause(ex);
            throw iae;
        }
    }

    private static void checkEncodable(final List<Item> items)
    {
        if (items.isEmpty())
        {
            throw new IllegalArgumentException("the collection is empty, which the layout cannot represent (the " +
                "original rejected it too): store at least one element");
        }
        long payloadBits = 0;
        for (final Item item : items)
        {
            payloadBits += item.payloadBits;
        }
        if (payloadBits == 0)
        {
            throw new IllegalArgumentException("the collection holds only empty strings or byte strings, which the " +
                "layout cannot represent: the payload would have no bits, the original's encoder rejects that " +
                "(\"non-empty bitarray expected\"), so no word stands for it; add a non-empty element");
        }
    }

    private static byte[] write(final List<Item> items)
    {
        long totalBits = 1;
        for (final Item item : items)
        {
            totalBits += item.headerBits() + item.payloadBits;
        }
        final long byteCount = (totalBits + Byte.SIZE - 1) / Byte.SIZE;
        if (byteCount > Integer.MAX_VALUE - Byte.SIZE)
        {
            throw new IllegalArgumentException("too many elements: the encoding would need " + byteCount + " bytes");
        }
        final byte[] out = new byte[(int)byteCount];
        // Right-align the bit string: the zero padding goes to the top of the first byte.
        final BitWriter writer = new BitWriter(out, byteCount * Byte.SIZE - totalBits);
        writer.write(1, 1);
        for (int i = 0; i < items.size(); i++)
        {
            final Item item = items.get(i);
            final int continuation = i + 1 < items.size() ? 1 : 0;
            writer.write(item.kind, KIND_BITS);
            if (item.kind != KIND_BOOL)
            {
                writer.write(item.length, LENGTH_BITS);
            }
            writer.write(continuation, 1);
        }
        for (final Item item : items)
        {
            if (item.bytePayload == null)
            {
                writer.write(item.intPayload, item.payloadBits);
            }
            else
            {
                for (final byte b : item.bytePayload)
                {
                    writer.write(b & 0xFF, Byte.SIZE);
                }
            }
        }
        return out;
    }

    private static Object readPayload(final BitReader reader, final int kind, final int length, final Charset charset)
    {
        switch (kind)
        {
            case KIND_BOOL:
                return reader.read(1, "a bool payload") == 1;
            case KIND_INT:
                if (length == 0)
                {
                    throw notAnEncoding(reader.input, "an int header has length 0 (0 is stored as one bit)");
                }
                final int value = reader.read(length, "an int payload");
                // Only the minimal form is an encoding; this keeps one word per value, which CAS relies on.
                if (length > 1 && value >>> (length - 1) == 0)
                {
                    throw notAnEncoding(reader.input, "the int payload " + value + " in " + length +
                        " bits has a leading zero bit (not minimal)");
                }
                return value;
            case KIND_STR:
                return decodeString(reader.readBytes(length, "a string payload"), charset, reader.input);
            default:
                return ByteString.of(reader.readBytes(length, "a byte-string payload"));
        }
    }

    private static int compareCanonical(final Item a, final Item b)
    {
        if (a.kind != b.kind)
        {
            return Integer.compare(a.kind, b.kind);
        }
        switch (a.kind)
        {
            case KIND_BOOL:
            case KIND_INT:
                return Long.compare(a.intPayload, b.intPayload);
            case KIND_STR:
                final int byBytes = Arrays.compareUnsigned(a.bytePayload, b.bytePayload);
                // Tie-break on the text in case a charset maps two strings to the same bytes: keeps the sort total.
                return byBytes != 0 ? byBytes : ((String)a.element).compareTo((String)b.element);
            default:
                return ((ByteString)a.element).compareTo((ByteString)b.element);
        }
    }

    private static void checkNotNull(final Object argument, final String name)
    {
        if (argument == null)
        {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }

    private static IllegalArgumentException notAnEncoding(final byte[] input, final String reason)
    {
        return new IllegalArgumentException("not a set/list encoding (0x" + HexFormat.of().formatHex(input) + "): " +
            reason);
    }

    /** Writes bits most significant first into a zeroed array. */
    private static final class BitWriter
    {
        private final byte[] out;
        private long position;

        BitWriter(final byte[] out, final long position)
        {
            this.out = out;
            this.position = position;
        }

        void write(final long value, final int count)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                if ((value >>> i & 1) != 0)
                {
                    out[(int)(position >>> 3)] |= (byte)(0x80 >>> (position & 7));
                }
                position++;
            }
        }
    }

    /** Reads bits most significant first; every read checks the end, so garbage cannot run past it. */
    private static final class BitReader
    {
        private final byte[] input;
        private final long end;
        private long position;

        BitReader(final byte[] input)
        {
            this.input = input;
            this.end = (long)input.length * Byte.SIZE;
        }

        long firstSetBit()
        {
            for (int i = 0; i < input.length; i++)
            {
                if (input[i] != 0)
                {
                    return (long)i * Byte.SIZE + Integer.numberOfLeadingZeros(input[i] & 0xFF) - (Integer.SIZE -
                        Byte.SIZE);
                }
            }
            return -1;
        }

        void skipTo(final long newPosition)
        {
            position = newPosition;
        }

        long position()
        {
            return position;
        }

        long remaining()
        {
            return end - position;
        }

        int read(final int count, final String what)
        {
            if (remaining() < count)
            {
                throw notAnEncoding(input, "truncated: " + what + " needs " + count + " bits but only " +
                    remaining() + " remain");
            }
            int value = 0;
            for (int i = 0; i < count; i++)
            {
                value = value << 1 | input[(int)(position >>> 3)] >>> (7 - (position & 7)) & 1;
                position++;
            }
            return value;
        }

        byte[] readBytes(final int length, final String what)
        {
            if (remaining() < (long)length * Byte.SIZE)
            {
                throw notAnEncoding(input, "truncated: " + what + " needs " + length + " bytes but " + remaining() +
                    " bits are left");
            }
            final byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)read(Byte.SIZE, what);
            }
            return bytes;
        }
    }
}
