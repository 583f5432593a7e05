package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;

import io.sharedatomic.layout.EntryType;
import org.junit.jupiter.api.Test;

/**
 * The table of entry kinds is complete: every stored kind has exactly one row with a factory, so an entry of any
 * kind the layout knows can be attached and listed.
 */
class ValueTypeTableTest
{
    @Test
    void shouldHaveOneRowPerStoredKind()
    {
        assertEquals(EntryType.values().length, ValueType.values().length);
        for (final EntryType stored : EntryType.values())
        {
            final ValueType type = ValueType.of(stored);
            assertSame(stored, type.stored);
            assertEquals(stored.name(), type.name());
        }
    }

    @Test
    void shouldListEveryKindWithItsDetail()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            region.sharedLong("long", 1);
            region.sharedBytes("bytes", 4, new byte[]{1});
            region.sharedWideString("wide", 20, StandardCharsets.UTF_8, "x");
            region.sharedLongArray("array", 3);
            assertEquals("", region.entry("long").orElseThrow().detail());
            assertEquals("width 4", region.entry("bytes").orElseThrow().detail());
            assertEquals("capacity 20, UTF-8", region.entry("wide").orElseThrow().detail());
            assertEquals("length 3", region.entry("array").orElseThrow().detail());
            assertSame(ValueType.WIDE_STRING, region.entry("wide").orElseThrow().type());
        }
    }
}
