package io.sharedatomic.collections.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.sharedatomic.collections.ByteString;
import org.junit.jupiter.api.Test;

/**
 * The original's set/list bit layout: its observed vectors (SEED-SPEC 1.9, 4.6, 4.7), its limits, canonical set order,
 * and clean rejections where the original corrupted, hung or raised a bogus error.
 */
class BitLayoutCodecTest
{
    private static final ByteString X12 = bytes("x12");
    private static final ByteString X21 = bytes("x21");

    private static ByteString bytes(final String ascii)
    {
        return ByteString.of(ascii.getBytes(US_ASCII));
    }

    private static long word(final List<?> elements, final Charset charset)
    {
        return BitLayoutCodec.toWord(BitLayoutCodec.encode(elements, charset));
    }

    private static long setWord(final Set<?> set, final Charset charset)
    {
        return word(BitLayoutCodec.canonicalOrder(set, charset), charset);
    }

    private static void assertListRoundTrip(final List<?> elements, final Charset charset)
    {
        assertEquals(elements, BitLayoutCodec.decode(BitLayoutCodec.encode(elements, charset), charset));
    }

    private static void assertSetRoundTrip(final Set<?> set, final Charset charset)
    {
        final byte[] encoded = BitLayoutCodec.encode(BitLayoutCodec.canonicalOrder(set, charset), charset);
        assertEquals(set, new HashSet<>(BitLayoutCodec.decode(encoded, charset)));
    }

    private static IllegalArgumentException assertRejected(final List<?> elements, final String messagePart)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> BitLayoutCodec.encode(elements, UTF_8));
        assertTrue(ex.getMessage().contains(messagePart), ex.getMessage());
        return ex;
    }

    private static void assertNotDecodable(final byte[] input, final String messagePart)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> BitLayoutCodec.decode(input, UTF_8));
        assertTrue(ex.getMessage().contains(messagePart), ex.getMessage());
    }

    // ---- observed vectors ---------------------------------------------------------------------------------------

    @Test
    void shouldEncodeOneSmallIntLikeTheOriginal()
    {
        final byte[] encoded = BitLayoutCodec.encode(List.of(1), UTF_8);

        assertArrayEquals(new byte[]{(byte)0b1010_0101}, encoded);
        assertEquals(165, BitLayoutCodec.toWord(encoded));
        assertEquals(4, BitLayoutCodec.widthFor(encoded.length));
    }

    @Test
    void shouldEncodeOneBoolLikeTheOriginal()
    {
        assertEquals(17, word(List.of(true), UTF_8));
        assertEquals(0b10000, word(List.of(false), UTF_8));
    }

    @Test
    void shouldEncodeMixedListInExactly64Bits()
    {
        final byte[] encoded = BitLayoutCodec.encode(List.of(1, "中", true, X12), UTF_16LE);

        assertEquals(8, encoded.length);
        assertEquals(Long.parseUnsignedLong("12045398761102913842"), BitLayoutCodec.toWord(encoded));
        assertEquals(8, BitLayoutCodec.widthFor(encoded.length));
    }

    @Test
    void shouldGrowTheMixedSetToExactly64Bits()
    {
        // 22 header bits including the sentinel + 42 payload bits: no padding, so the sentinel is the top bit.
        final Set<Object> set = Set.of(0, "国", true, X21);
        final byte[] encoded = BitLayoutCodec.encode(BitLayoutCodec.canonicalOrder(set, UTF_16LE), UTF_16LE);

        assertEquals(8, encoded.length);
        assertTrue(BitLayoutCodec.toWord(encoded) < 0, "top bit (the sentinel) must be set");
        assertEquals(Long.parseUnsignedLong("10729222468892373553"), BitLayoutCodec.toWord(encoded));
        assertSetRoundTrip(set, UTF_16LE);
    }

    @Test
    void shouldEncodeZeroToSixIn58Bits()
    {
        final byte[] encoded = BitLayoutCodec.encode(List.of(0, 1, 2, 3, 4, 5, 6), UTF_8);
        final long word = BitLayoutCodec.toWord(encoded);

        assertEquals(8, encoded.length);
        assertEquals(57, 63 - Long.numberOfLeadingZeros(word), "sentinel is bit 57: top 6 bits are padding");
        assertEquals(187579616002258734L, word);
    }

    @Test
    void shouldEncodeListsOf8And16InTheOriginalsTwoOrders()
    {
        assertEquals(2929936, word(List.of(8, 16), UTF_8));
        assertEquals(2994440, word(List.of(16, 8), UTF_8));
    }

    // ---- limits -------------------------------------------------------------------------------------------------

    @Test
    void shouldFit15BoolsButNot16InOneWord()
    {
        final byte[] fifteen = BitLayoutCodec.encode(Collections.nCopies(15, true), UTF_8);
        assertEquals(8, fifteen.length);
        assertEquals(60, 63 - Long.numberOfLeadingZeros(BitLayoutCodec.toWord(fifteen)), "61 bits");
        assertEquals(1317624576693534719L, BitLayoutCodec.toWord(fifteen));

        final byte[] sixteen = BitLayoutCodec.encode(Collections.nCopies(16, true), UTF_8);
        assertEquals(9, sixteen.length, "65 bits");
        assertEquals(0b1, sixteen[0], "65 bits leave only the sentinel in the first byte");
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.widthFor(sixteen.length));
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.toWord(sixteen));
        assertEquals(Collections.nCopies(16, true), BitLayoutCodec.decode(sixteen, UTF_8));
    }

    @Test
    void shouldFitNineBinaryIntsInExactly64Bits()
    {
        final List<Integer> nine = List.of(0, 1, 0, 1, 0, 1, 0, 1, 1);
        final byte[] encoded = BitLayoutCodec.encode(nine, UTF_8);

        assertEquals(8, encoded.length);
        assertTrue(BitLayoutCodec.toWord(encoded) < 0, "64 bits: the sentinel is the top bit");
        assertEquals(9, BitLayoutCodec.encode(List.of(0, 1, 0, 1, 0, 1, 0, 1, 1, 0), UTF_8).length, "10 need 71");
        assertListRoundTrip(nine, UTF_8);
    }

    @Test
    void shouldFitOneSevenByteStringIn63Bits()
    {
        final byte[] string = BitLayoutCodec.encode(List.of("abcdefg"), UTF_8);
        final byte[] byteString = BitLayoutCodec.encode(List.of(bytes("abcdefg")), UTF_8);

        assertEquals(8, string.length);
        assertEquals(62, 63 - Long.numberOfLeadingZeros(BitLayoutCodec.toWord(string)), "63 bits");
        assertEquals(62, 63 - Long.numberOfLeadingZeros(BitLayoutCodec.toWord(byteString)), "63 bits");
        assertListRoundTrip(List.of("abcdefg"), UTF_8);
    }

    @Test
    void shouldMapEncodedLengthsToTheOriginalsWidths()
    {
        for (int length = 0; length <= 4; length++)
        {
            assertEquals(4, BitLayoutCodec.widthFor(length));
        }
        for (int length = 5; length <= 8; length++)
        {
            assertEquals(8, BitLayoutCodec.widthFor(length));
        }
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.widthFor(9));
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.widthFor(-1));
    }

    @Test
    void shouldConvertBetweenWordsAndMinimalBigEndianBytes()
    {
        assertArrayEquals(new byte[0], BitLayoutCodec.fromWord(0));
        assertArrayEquals(new byte[]{(byte)0xA5}, BitLayoutCodec.fromWord(165));
        assertArrayEquals(new byte[]{1, 0}, BitLayoutCodec.fromWord(256));
        assertArrayEquals(new byte[]{(byte)0x80, 0, 0, 0, 0, 0, 0, 1}, BitLayoutCodec.fromWord(Long.MIN_VALUE + 1));
        assertEquals(0, BitLayoutCodec.toWord(new byte[0]));
        assertEquals(165, BitLayoutCodec.toWord(new byte[]{0, 0, 0, (byte)0xA5}));
        assertEquals(-1L, BitLayoutCodec.toWord(BitLayoutCodec.fromWord(-1L)));
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.toWord(new byte[9]));

        final Random random = new Random(42);
        for (int i = 0; i < 1_000; i++)
        {
            final long word = random.nextLong() >>> random.nextInt(64);
            assertEquals(word, BitLayoutCodec.toWord(BitLayoutCodec.fromWord(word)));
        }
    }

    @Test
    void shouldDecodeAWordRenderedAtFullWidth()
    {
        assertEquals(List.of(1), BitLayoutCodec.decode(new byte[]{0, 0, 0, (byte)165}, UTF_8));
        assertEquals(List.of(true), BitLayoutCodec.decode(new byte[]{0, 0, 0, 0, 0, 0, 0, 17}, UTF_8));
    }

    // ---- round trips of the original's test_init collections -------------------------------------------------------

    @Test
    void shouldRoundTripTheSetTestInitCollections()
    {
        assertSetRoundTrip(Set.of(1, 2, 3), UTF_8);
        assertSetRoundTrip(Set.of(true, false), UTF_8);
        assertSetRoundTrip(Set.of(bytes("ab"), bytes("cd")), UTF_8);
        assertSetRoundTrip(Set.of("ab", "cd"), UTF_8);
        assertSetRoundTrip(Set.of("中", "国"), UTF_16LE);
        assertSetRoundTrip(Set.of(1, "中", true, X12), UTF_16LE);
        assertSetRoundTrip(Set.of(0, "国", true, bytes("x2")), UTF_8);
        assertSetRoundTrip(Set.of(12, "s", true, X12), UTF_8);
        assertSetRoundTrip(Set.of(12, "s", 3, 4, 5), UTF_8);
        assertSetRoundTrip(Set.of(0, 1, 2, 3, 4, 5, 6), UTF_8);
        assertSetRoundTrip(Set.of("ab"), UTF_8);
        assertSetRoundTrip(Set.of("cd"), UTF_8);
    }

    @Test
    void shouldKeepTrueAndOneDistinctInSets()
    {
        // Python's {1, '中', True, b'x12'} has 3 elements because True == 1; in Java they are different values.
        final Set<Object> set = Set.of(1, "中", true, X12);
        assertEquals(4, set.size());

        final List<Object> decoded = BitLayoutCodec.decode(
            BitLayoutCodec.encode(BitLayoutCodec.canonicalOrder(set, UTF_16LE), UTF_16LE), UTF_16LE);
        assertEquals(List.of(true, 1, "中", X12), decoded);
        assertInstanceOf(Boolean.class, decoded.get(0));
        assertInstanceOf(Integer.class, decoded.get(1));
    }

    @Test
    void shouldRoundTripTheListTestInitCollections()
    {
        assertListRoundTrip(List.of(1, 2, 2, 3), UTF_8);
        assertListRoundTrip(List.of(true, false), UTF_8);
        assertListRoundTrip(List.of(bytes("ab"), bytes("cd")), UTF_8);
        assertListRoundTrip(List.of("ab", "cd"), UTF_8);
        assertListRoundTrip(List.of("中", "国", bytes("1")), UTF_16LE);
        assertListRoundTrip(List.of(1, "中", true, X12), UTF_16LE);
        assertListRoundTrip(List.of(0, "国", true, X21), UTF_16LE);
        assertListRoundTrip(List.of(0, 1, 4, 3, 2, 5, 6), UTF_8);
        assertListRoundTrip(List.of(12, "s", 3, 4, 5), UTF_8);
        assertListRoundTrip(List.of("ab"), UTF_8);

        final List<Object> decoded = BitLayoutCodec.decode(BitLayoutCodec.encode(List.of(1, true), UTF_8), UTF_8);
        assertInstanceOf(Integer.class, decoded.get(0));
        assertInstanceOf(Boolean.class, decoded.get(1), "True stays a bool in a list");
    }

    @Test
    void shouldAllowEmptyStringsAlongsideOtherElements()
    {
        assertListRoundTrip(List.of("", 1), UTF_8);
        assertListRoundTrip(List.of(ByteString.of(new byte[0]), "a"), UTF_8);
        assertSetRoundTrip(Set.of("", false), UTF_8);
    }

    @Test
    void shouldReturnAnUnmodifiableList()
    {
        final List<Object> decoded = BitLayoutCodec.decode(BitLayoutCodec.encode(List.of(1, 2), UTF_8), UTF_8);
        assertThrows(UnsupportedOperationException.class, () -> decoded.add(3));
        final List<Object> ordered = BitLayoutCodec.canonicalOrder(Set.of(1), UTF_8);
        assertThrows(UnsupportedOperationException.class, ordered::clear);
    }

    @Test
    void shouldRoundTripRandomValidLists()
    {
        final Random random = new Random(20240601);
        for (int i = 0; i < 2_000; i++)
        {
            final List<Object> elements = new ArrayList<>();
            final int count = 1 + random.nextInt(6);
            for (int j = 0; j < count; j++)
            {
                switch (random.nextInt(4))
                {
                    case 0:
                        elements.add(random.nextBoolean());
                        break;
                    case 1:
                        elements.add(random.nextInt(128));
                        break;
                    case 2:
                        final char[] chars = new char[random.nextInt(4)];
                        for (int k = 0; k < chars.length; k++)
                        {
                            chars[k] = random.nextBoolean() ?
                                (char)('a' + random.nextInt(26)) : (char)(0x4E00 + random.nextInt(512));
                        }
                        elements.add(new String(chars));
                        break;
                    default:
                        final byte[] content = new byte[random.nextInt(8)];
                        random.nextBytes(content);
                        elements.add(ByteString.of(content));
                        break;
                }
            }
            if (elements.stream().allMatch(e -> "".equals(e) || ByteString.of(new byte[0]).equals(e)))
            {
                continue;
            }
            if (elements.stream().anyMatch(e -> e instanceof String && ((String)e).getBytes(UTF_8).length > 7))
            {
                assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.encode(elements, UTF_8));
                continue;
            }
            assertListRoundTrip(elements, UTF_8);
        }
    }

    // ---- canonical set order ------------------------------------------------------------------------------------

    @Test
    void shouldEncodeEqualSetsToEqualBytesWhateverTheInsertionOrder()
    {
        assertEquals(setWord(new LinkedHashSet<>(List.of(8, 16)), UTF_8),
            setWord(new LinkedHashSet<>(List.of(16, 8)), UTF_8));
        assertEquals(2929936, setWord(new LinkedHashSet<>(List.of(16, 8)), UTF_8), "ascending, like Python's {8, 16}");

        final List<Object> mixed = new ArrayList<>(List.of(5, "国", true, X21, false, "a", bytes(""), 0));
        final byte[] expected = BitLayoutCodec.encode(BitLayoutCodec.canonicalOrder(mixed, UTF_8), UTF_8);
        final Random random = new Random(7);
        for (int i = 0; i < 50; i++)
        {
            Collections.shuffle(mixed, random);
            assertArrayEquals(expected,
                BitLayoutCodec.encode(BitLayoutCodec.canonicalOrder(new LinkedHashSet<>(mixed), UTF_8), UTF_8));
        }
    }

    @Test
    void shouldOrderBoolsThenIntsThenStringsThenByteStrings()
    {
        final List<Object> ordered = BitLayoutCodec.canonicalOrder(
            Set.of(ByteString.of(new byte[]{(byte)0xFF}), bytes("a"), "b", "\u00e9", "a", 100, 3, true, false), UTF_8);

        // "é" is C3 A9 in UTF-8, after "a" and "b"; the byte string 0xFF sorts after "a" unsigned.
        final ByteString ff = ByteString.of(new byte[]{(byte)0xFF});
        assertEquals(List.of(false, true, 3, 100, "a", "b", "\u00e9", bytes("a"), ff), ordered);
    }

    @Test
    void shouldOrderStringsByTheirBytesInTheCharset()
    {
        // "中" is 2D 4E in UTF-16LE and E4 B8 AD in UTF-8; "国" is FD 56 and E5 9B BD.
        assertEquals(List.of("中", "国"), BitLayoutCodec.canonicalOrder(Set.of("国", "中"), UTF_8));
        assertEquals(List.of("中", "国"), BitLayoutCodec.canonicalOrder(Set.of("国", "中"), UTF_16LE));
        assertEquals(List.of("\u0100", "\u00ff"), BitLayoutCodec.canonicalOrder(Set.of("\u00ff", "\u0100"), UTF_16LE),
            "UTF-16LE puts the low byte first: 00 01 before FF 00");
    }

    @Test
    void shouldEncodeSmallIntSetsAscendingLikePython()
    {
        assertEquals(List.of(0, 1, 2, 3), BitLayoutCodec.canonicalOrder(Set.of(3, 1, 0, 2), UTF_8));
        assertArrayEquals(BitLayoutCodec.encode(List.of(0, 1, 2, 3), UTF_8),
            BitLayoutCodec.encode(BitLayoutCodec.canonicalOrder(Set.of(0, 1, 2, 3), UTF_8), UTF_8));
        assertEquals(word(List.of(false, true), UTF_8), setWord(Set.of(true, false), UTF_8));
    }

    @Test
    void shouldDropDuplicatesInCanonicalOrder()
    {
        assertEquals(List.of(1, "a", X12),
            BitLayoutCodec.canonicalOrder(List.of("a", 1, X12, 1, bytes("x12"), "a"), UTF_8));
    }

    @Test
    void shouldValidateInCanonicalOrderLikeEncode()
    {
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.canonicalOrder(Set.of(), UTF_8));
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.canonicalOrder(Set.of(""), UTF_8));
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.canonicalOrder(Set.of(128), UTF_8));
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.canonicalOrder(Set.of(1L), UTF_8));
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.canonicalOrder(Set.of("abcdefgh"), UTF_8));
        assertThrows(IllegalArgumentException.class,
            () -> BitLayoutCodec.canonicalOrder(Arrays.asList(1, null), UTF_8));
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.canonicalOrder(Set.of("中"), US_ASCII));
    }

    // ---- encode rejections ----------------------------------------------------------------------------------------

    @Test
    void shouldRejectNullElements()
    {
        assertRejected(Arrays.asList(1, null), "null");
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.encode(null, UTF_8));
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.encode(List.of(1), null));
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.decode(null, UTF_8));
    }

    @Test
    void shouldRejectEmptyCollections()
    {
        assertRejected(List.of(), "empty");
    }

    @Test
    void shouldRejectCollectionsOfOnlyEmptyStrings()
    {
        assertRejected(List.of(""), "cannot represent");
        assertRejected(List.of(ByteString.of(new byte[0])), "cannot represent");
        assertRejected(List.of("", ByteString.of(new byte[0])), "cannot represent");
    }

    @Test
    void shouldRejectIntsOutside0To127()
    {
        assertRejected(List.of(128), "3-bit");
        assertRejected(List.of(200, 1), "3-bit");
        assertRejected(List.of(-1), "0..127");
        assertRejected(List.of(Integer.MIN_VALUE), "0..127");
        assertEquals(List.of(127), BitLayoutCodec.decode(BitLayoutCodec.encode(List.of(127), UTF_8), UTF_8));
    }

    @Test
    void shouldRejectOtherElementTypesWithAHint()
    {
        assertRejected(List.of(1L), "Integer");
        assertRejected(List.of((short)1), "Integer");
        assertRejected(List.of(1.0), "Double");
        assertRejected(List.of('a'), "String");
        assertRejected(List.of(new byte[]{1}), "ByteString.of");
        assertRejected(List.of(List.of(1)), "unsupported");
    }

    @Test
    void shouldRejectElementsLongerThanSevenBytes()
    {
        assertRejected(List.of("abcdefgh"), "at most 7");
        assertRejected(List.of(bytes("abcdefgh")), "at most 7");
        assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.encode(List.of("中国人民"), UTF_16LE),
            "4 characters are 8 bytes in UTF-16LE");
        assertEquals(7, BitLayoutCodec.encode(List.of("中国"), UTF_8).length, "6 bytes fit: 55 bits");
    }

    @Test
    void shouldRejectUnencodableStringsWithTheCodingErrorAsCause()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> BitLayoutCodec.encode(List.of("中"), US_ASCII));
        assertInstanceOf(CharacterCodingException.class, ex.getCause());

        final IllegalArgumentException surrogate = assertThrows(IllegalArgumentException.class,
            () -> BitLayoutCodec.encode(List.of("\ud800"), UTF_8));
        assertInstanceOf(CharacterCodingException.class, surrogate.getCause());
    }

    @Test
    void shouldNotLimitEncodeToOneWord()
    {
        final byte[] wide = BitLayoutCodec.encode(List.of("abcdefg", "hijklmn", 127, true), UTF_8);
        assertTrue(wide.length > 8);
        assertEquals(List.of("abcdefg", "hijklmn", 127, true), BitLayoutCodec.decode(wide, UTF_8));
    }

    // ---- decode of garbage ----------------------------------------------------------------------------------------

    @Test
    void shouldRejectAWordThatWasNeverSet()
    {
        assertNotDecodable(new byte[8], "no sentinel bit");
        assertNotDecodable(new byte[0], "no sentinel bit");
        assertNotDecodable(new byte[4], "never set");
    }

    @Test
    void shouldRejectTruncatedEncodings()
    {
        final byte[] full = BitLayoutCodec.encode(List.of(1, "中", true, X12), UTF_16LE);
        for (int length = 1; length < full.length; length++)
        {
            final byte[] truncated = Arrays.copyOf(full, length);
            assertThrows(IllegalArgumentException.class, () -> BitLayoutCodec.decode(truncated, UTF_16LE));
        }
        assertNotDecodable(new byte[]{0b1010}, "truncated");
        assertNotDecodable(new byte[]{(byte)0b1100_1010}, "truncated");
    }

    @Test
    void shouldRejectBitStringsThatEncodeNeverProduces()
    {
        // [1] followed by one stray bit.
        assertNotDecodable(new byte[]{0b1, 0b0100_1011}, "left over");
        // An int of length 0.
        assertNotDecodable(new byte[]{(byte)0b1010_0000}, "length 0");
        // The int 1 written as 01 in two bits.
        assertNotDecodable(new byte[]{0b1, 0b0101_0001}, "leading zero");
        // [""]: a header with no payload at all.
        assertNotDecodable(new byte[]{0b110_0000}, "no bits");
        // A one-byte UTF-16LE string cannot be decoded.
        final byte[] oddUtf16 = BitLayoutCodec.encode(List.of(bytes("a")), UTF_8);
        oddUtf16[0] &= (byte)~0b0001_0000;
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> BitLayoutCodec.decode(oddUtf16, UTF_16LE));
        assertInstanceOf(CharacterCodingException.class, ex.getCause());
    }

    @Test
    void shouldOnlyEverThrowIllegalArgumentOnRandomBytes()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        {
            final Random random = new Random(0x5EED);
            int decoded = 0;
            for (int i = 0; i < 1_000; i++)
            {
                final byte[] input = new byte[random.nextInt(13)];
                random.nextBytes(input);
                for (final Charset charset : List.of(UTF_8, UTF_16LE))
                {
                    try
                    {
                        final List<Object> elements = BitLayoutCodec.decode(input, charset);
                        decoded++;
                        // Decoding is exact: what decodes re-encodes to the same bits.
                        assertArrayEquals(stripLeadingZeroBytes(input), BitLayoutCodec.encode(elements, charset));
                    }
                    catch (final IllegalArgumentException expected)
                    {
                        assertNotEquals(null, expected.getMessage());
                    }
                }
            }
            assertTrue(decoded > 0, "some random inputs should decode");
        });
    }

    @Test
    void shouldReencodeEverySmallDecodableWordToItself()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        {
            // Every word of up to 16 bits: small enough to try them all.
            for (int value = 0; value < 1 << 16; value++)
            {
                final byte[] input = {(byte)(value >>> 8), (byte)value};
                try
                {
                    final List<Object> elements = BitLayoutCodec.decode(input, UTF_8);
                    assertArrayEquals(stripLeadingZeroBytes(input), BitLayoutCodec.encode(elements, UTF_8));
                }
                catch (final IllegalArgumentException expected)
                {
                    // Not an encoding: rejected cleanly.
                }
            }
        });
    }

    private static byte[] stripLeadingZeroBytes(final byte[] input)
    {
        int start = 0;
        while (start < input.length && input[start] == 0)
        {
            start++;
        }
        return Arrays.copyOfRange(input, start, input.length);
    }
}
