package io.sharedatomic.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The stored type ids are part of the file format: they never change, and every kind accepts exactly the shapes
 * creation writes for it.
 */
class EntryTypeTest
{
    @Test
    void shouldKeepEveryStoredId()
    {
        final Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("LONG", 1);
        expected.put("ULONG", 2);
        expected.put("DOUBLE", 3);
        expected.put("BOOLEAN", 4);
        expected.put("BYTES", 5);
        expected.put("STRING", 6);
        expected.put("WIDE_BYTES", 7);
        expected.put("WIDE_STRING", 8);
        expected.put("LONG_ARRAY", 9);
        final Map<String, Integer> actual = new LinkedHashMap<>();
        for (final EntryType type : EntryType.values())
        {
            actual.put(type.name(), type.id());
            assertSame(type, EntryType.ofId(type.id()));
        }
        assertEquals(expected, actual);
        assertNull(EntryType.ofId(0));
        assertNull(EntryType.ofId(10));
        assertNull(EntryType.ofId(-1));
    }

    @Test
    void shouldAcceptWhatCreationWritesAndNothingNext()
    {
        assertTrue(EntryType.LONG.accepts(EntryType.LONG.shape(0, "")));
        assertFalse(EntryType.LONG.accepts(EntryType.LONG.shape(1, "")));
        for (final int width : new int[]{1, 2, 4, 8})
        {
            assertTrue(EntryType.BYTES.accepts(EntryType.BYTES.shape(width, "")));
        }
        assertFalse(EntryType.BYTES.accepts(EntryType.BYTES.shape(3, "")));
        assertFalse(EntryType.STRING.accepts(EntryType.STRING.shape(1, "UTF-8")));
        assertTrue(EntryType.STRING.accepts(EntryType.STRING.shape(2, "UTF-8")));
        assertTrue(EntryType.WIDE_BYTES.accepts(EntryType.WIDE_BYTES.shape(EntryType.MIN_WIDE_BYTES_CAPACITY, "")));
        assertFalse(EntryType.WIDE_BYTES.accepts(EntryType.WIDE_BYTES.shape(EntryType.MIN_WIDE_BYTES_CAPACITY - 1, "")));
        assertTrue(EntryType.WIDE_STRING.accepts(EntryType.WIDE_STRING.shape(EntryType.MIN_WIDE_STRING_CAPACITY, "UTF-8")));
        assertFalse(EntryType.WIDE_STRING.accepts(EntryType.WIDE_STRING.shape(EntryType.MIN_WIDE_STRING_CAPACITY - 1, "UTF-8")));
        assertTrue(EntryType.LONG_ARRAY.accepts(EntryType.LONG_ARRAY.shape(EntryType.MAX_ARRAY_LENGTH, "")));
        assertFalse(EntryType.LONG_ARRAY.accepts(EntryType.LONG_ARRAY.shape(EntryType.MAX_ARRAY_LENGTH + 1L, "")));
        assertFalse(EntryType.LONG_ARRAY.accepts(new EntryShape(EntryType.LONG_ARRAY.id(), 16, 3, "")));
    }

    @Test
    void shouldDescribeShapes()
    {
        assertEquals("width 4, UTF-8", EntryType.STRING.detail(EntryType.STRING.shape(4, "UTF-8")));
        assertEquals("length 3, bitset:100", EntryType.LONG_ARRAY.detail(EntryType.LONG_ARRAY.shape(3, "bitset:100")));
        assertEquals("", EntryType.LONG.detail(EntryType.LONG.shape(0, "")));
        assertEquals("a value of unknown type id 42 of 8 bytes", EntryType.describe(new EntryShape(42, 8, 0, "")));
    }

    @Test
    void shouldDescribeShapesInTheWordsOfTheApi()
    {
        assertEquals("a SharedLong", EntryType.inUserTerms(EntryType.LONG.shape(0, "")));
        assertEquals("a SharedBoolean", EntryType.inUserTerms(EntryType.BOOLEAN.shape(0, "")));
        assertEquals("a one-word SharedString (UTF-8, width 8)", EntryType.inUserTerms(EntryType.STRING.shape(8, "UTF-8")));
        assertEquals("a one-word SharedBytes (width 4)", EntryType.inUserTerms(EntryType.BYTES.shape(4, "")));
        assertEquals("a SharedWideString (ISO-8859-1, capacity 64 bytes)",
            EntryType.inUserTerms(EntryType.WIDE_STRING.shape(64, "ISO-8859-1")));
        assertEquals("a SharedWideBytes (capacity 100, format 'set:x')", EntryType.inUserTerms(EntryType.WIDE_BYTES.shape(100, "set:x")));
        assertEquals("a SharedLongArray of 3 longs", EntryType.inUserTerms(EntryType.LONG_ARRAY.shape(3, "")));
        assertEquals("a SharedBitSet of 100 bits", EntryType.inUserTerms(EntryType.LONG_ARRAY.shape(10, BitmapDescriptor.formatOf(100))));
        assertEquals("the owner table of a SharedIdPool of 16 ids",
            EntryType.inUserTerms(EntryType.LONG_ARRAY.shape(24, BitmapDescriptor.ownersFormatOf(16))));
        assertEquals("a value of unknown type id 42 (8 bytes)", EntryType.inUserTerms(new EntryShape(42, 8, 0, "")));
    }
}
