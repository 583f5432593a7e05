package io.sharedatomic.collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * ByteString is a value: equal content means equal objects, order is unsigned, and no caller can change it.
 */
class ByteStringTest
{
    private static ByteString ascii(final String text)
    {
        return ByteString.of(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteString bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return ByteString.of(bytes);
    }

    @Test
    void shouldBeEqualByContent()
    {
        assertEquals(ascii("x12"), ascii("x12"));
        assertEquals(ascii("x12").hashCode(), ascii("x12").hashCode());
        assertEquals(ByteString.of(new byte[0]), ByteString.of(new byte[0]));
        assertNotEquals(ascii("x12"), ascii("x21"));
        assertNotEquals(ascii("x1"), ascii("x12"));
        assertNotEquals(ascii("x12"), "x12");
        assertNotEquals(ascii("x12"), null);
    }

    @Test
    void shouldOrderUnsignedLexicographically()
    {
        final List<ByteString> values = new ArrayList<>(List.of(bytes(0xFF), bytes(0x01, 0x00), bytes(0x7F),
            bytes(0x01), bytes(), bytes(0x80)));
        Collections.sort(values);

        assertEquals(List.of(bytes(), bytes(0x01), bytes(0x01, 0x00), bytes(0x7F), bytes(0x80), bytes(0xFF)), values);
        assertTrue(bytes(0x80).compareTo(bytes(0x7F)) > 0, "0x80 is 128 unsigned, not -128");
        assertEquals(0, ascii("ab").compareTo(ascii("ab")));
    }

    @Test
    void shouldCopyOnWayInAndOut()
    {
        final byte[] source = {1, 2, 3};
        final ByteString value = ByteString.of(source);
        source[0] = 9;
        assertEquals(1, value.byteAt(0));

        final byte[] out = value.toByteArray();
        out[1] = 9;
        assertEquals(2, value.byteAt(1));
        assertArrayEquals(new byte[]{1, 2, 3}, value.toByteArray());
    }

    @Test
    void shouldExposeLengthAndBytes()
    {
        final ByteString value = bytes(0x00, 0xFF);
        assertEquals(2, value.length());
        assertEquals(0, value.byteAt(0));
        assertEquals((byte)0xFF, value.byteAt(1));
        assertThrows(IndexOutOfBoundsException.class, () -> value.byteAt(2));
        assertThrows(IndexOutOfBoundsException.class, () -> value.byteAt(-1));
        assertThrows(NullPointerException.class, () -> ByteString.of(null));
    }

    @Test
    void shouldRenderLikePythonRepr()
    {
        assertEquals("b'x12'", ascii("x12").toString());
        assertEquals("b''", bytes().toString());
        assertEquals("b'\\x00\\xffa\\x7f'", bytes(0x00, 0xFF, 'a', 0x7F).toString());
        assertEquals("b'\\t\\n\\r\\\\'", bytes('\t', '\n', '\r', '\\').toString());
        assertEquals("b\"it's\"", ascii("it's").toString());
        assertEquals("b'\"q\\''", ascii("\"q'").toString());
    }
}
