package io.sharedatomic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path agrees with {@link StrictCharsets} wherever it answers, on random text and bytes rich in the edge
 * cases (surrogates, unmappable characters, malformed and overlong UTF-8), and answers for everything valid that is
 * common.
 */
class TextCodecTest
{
    private static final char[] INTERESTING = {'a', 'Z', '0', ' ', '\u0000', '\u007f', '\u0080', '\u00e9', '\u00ff', '\u0100',
        '\u0152', '\u20ac', '\u2030', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\ufffd', '\ufffe', '\uffff', '\ud800', '\udbff',
        '\udc00', '\udfff', '\ud83d', '\ude00', '\u91cd'};

    private static String randomText(final SplittableRandom random, final int length)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            final int pick = random.nextInt(10);
            if (pick < 4)
            {
                text.append((char)random.nextInt(0x80));
            }
            else if (pick < 8)
            {
                text.append(INTERESTING[random.nextInt(INTERESTING.length)]);
            }
            else if (pick == 8)
            {
                text.appendCodePoint(0x10000 + random.nextInt(0x100000));
            }
            else
            {
                text.append((char)random.nextInt(0x10000));
            }
        }
        return text.toString();
    }

    private static byte[] strictEncode(final String text, final Charset charset)
    {
        try
        {
            return StrictCharsets.encode(text, charset);
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
    }

    private static String strictDecode(final byte[] bytes, final Charset charset)
    {
        try
        {
            return StrictCharsets.newDecoder(charset).decode(ByteBuffer.wrap(bytes)).toString();
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "ISO-8859-1", "US-ASCII", "windows-1252", "windows-1251", "IBM437", "UTF-16LE"})
    void shouldEncodeExactlyAsTheStrictEncoderWhereverItEncodes(final String name)
    {
        final Charset charset = Charset.forName(name);
        final TextCodec codec = TextCodec.of(charset);
        final SplittableRandom random = new SplittableRandom(name.hashCode());
        final byte[] into = new byte[64];
        int fast = 0;
        for (int round = 0; round < 200_000; round++)
        {
            final String text = randomText(random, random.nextInt(random.nextBoolean() ? 8 : 24));
            final byte[] expected = strictEncode(text, charset);
            final int length = codec.encode(text, into, 40);
            if (length >= 0)
            {
                fast++;
                assertArrayEquals(expected, Arrays.copyOf(into, length), text);
            }
            else if (!"UTF-16LE".equals(name) && expected != null && expected.length <= 40 && allVerified(codec, text, charset))
            {
                throw new AssertionError("the fast path refused " + text);
            }
            final long word = codec.encodeWord(new StringBuilder(text));
            if (word != TextCodec.NO_WORD)
            {
                final int count = (int)(word >>> 56);
                final byte[] bytes = new byte[count];
                for (int i = 0; i < count; i++)
                {
                    bytes[i] = (byte)(word >>> (48 - 8 * i));
                }
                assertArrayEquals(expected, bytes, text);
                assertEquals(0, count == 7 ? 0 : word & ((1L << (8 * (7 - count))) - 1), text);
            }
            else if (!"UTF-16LE".equals(name) && expected != null && expected.length <= 7 && allVerified(codec, text, charset))
            {
                throw new AssertionError("the one-word fast path refused " + text);
            }
        }
        assertEquals("UTF-16LE".equals(name), fast == 0, "fast encodings: " + fast);
    }

    /** Whether every char of {@code text} is one the codec knows: all of UTF-8's, a single-byte charset's round trips. */
    private static boolean allVerified(final TextCodec codec, final String text, final Charset charset)
    {
        if (charset.equals(StandardCharsets.UTF_8))
        {
            return true;
        }
        final byte[] one = new byte[1];
        for (int i = 0; i < text.length(); i++)
        {
            if (codec.encode(text.substring(i, i + 1), one, 1) < 0)
            {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "ISO-8859-1", "US-ASCII", "windows-1252", "windows-1251", "IBM437", "UTF-16LE"})
    void shouldDecodeExactlyAsTheStrictDecoderWhereverItDecodes(final String name)
    {
        final Charset charset = Charset.forName(name);
        final TextCodec codec = TextCodec.of(charset);
        final SplittableRandom random = new SplittableRandom(name.hashCode() * 31L);
        final char[] scratch = new char[64];
        int fast = 0;
        for (int round = 0; round < 200_000; round++)
        {
            final byte[] bytes;
            if (random.nextBoolean())
            {
                final byte[] encoded = strictEncode(randomText(random, random.nextInt(12)), charset);
                bytes = encoded == null || encoded.length > 40 ? new byte[0] : encoded;
                if (bytes.length > 0 && random.nextInt(4) == 0)
                {
                    bytes[random.nextInt(bytes.length)] = (byte)random.nextInt(256);
                }
            }
            else
            {
                bytes = new byte[random.nextInt(8)];
                for (int i = 0; i < bytes.length; i++)
                {
                    bytes[i] = (byte)(random.nextInt(3) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
                }
            }
            final String expected = strictDecode(bytes, charset);
            final StringBuilder into = new StringBuilder("x");
            final boolean decoded = codec.decode(bytes, 0, bytes.length, scratch, into);
            if (decoded)
            {
                fast++;
                assertEquals("x" + expected, into.toString(), HexFormat.of().formatHex(bytes));
            }
            else
            {
                assertEquals("x", into.toString());
                if (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.ISO_8859_1))
                {
                    assertEquals(null, expected, HexFormat.of().formatHex(bytes));
                }
            }
            assertEquals(new String(bytes, charset), codec.newString(bytes, 0, bytes.length, scratch), HexFormat.of().formatHex(bytes));
        }
        assertEquals("UTF-16LE".equals(name), fast == 0, "fast decodings: " + fast);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed a0 80", "c0 af", "e0 80 af", "f0 80 80 af", "f4 90 80 80", "f8 88 80 80 80", "c2", "e2 82", "80", "ff"})
    void shouldLeaveMalformedUtf8ToTheStrictDecoder(final String hex)
    {
        final byte[] bytes = HexFormat.ofDelimiter(" ").parseHex(hex);
        assertFalse(TextCodec.of(StandardCharsets.UTF_8).decode(bytes, 0, bytes.length, new char[8], new StringBuilder()));
        assertEquals(null, strictDecode(bytes, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "a\udc00", "\udbff", "ab\ud83dx", "\ude00\ud83d"})
    void shouldLeaveUnpairedSurrogatesToTheStrictEncoder(final String text)
    {
        assertEquals(-1, TextCodec.of(StandardCharsets.UTF_8).encode(text, new byte[16], 16));
        assertEquals(TextCodec.NO_WORD, TextCodec.of(StandardCharsets.UTF_8).encodeWord(text));
        assertTrue(strictEncode(text, StandardCharsets.UTF_8) == null);
    }
}
