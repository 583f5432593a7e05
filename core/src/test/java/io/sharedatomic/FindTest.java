package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SharedRegion#find} returns the handle of an existing entry of any type, the same object its typed factory
 * returns, on a read-write and on a read-only attach.
 */
class FindTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldReturnTheHandleOfEveryKindOfEntry()
    {
        final Path path = tempDir.resolve("find.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedLong counter = region.sharedLong("counter", 7);
            region.sharedULong("max", "18446744073709551615");
            region.sharedDouble("px", 1.25);
            region.sharedBoolean("halt", true);
            region.sharedBytes("tag", new byte[]{1, 2});
            region.sharedWideBytes("blob", 32, new byte[]{3});
            region.sharedString("venue", "XLON");
            region.sharedWideString("status", 64, StandardCharsets.ISO_8859_1, "open");
            region.sharedLongArray("words", 3);

            assertSame(counter, region.find("counter").orElseThrow());
            assertEquals(-1L, assertInstanceOf(SharedULong.class, region.find("max").orElseThrow()).get());
            assertEquals(1.25, assertInstanceOf(SharedDouble.class, region.find("px").orElseThrow()).get());
            assertTrue(assertInstanceOf(SharedBoolean.class, region.find("halt").orElseThrow()).get());
            assertEquals(2, assertInstanceOf(SharedBytes.class, region.find("tag").orElseThrow()).capacity());
            assertEquals(32, assertInstanceOf(SharedWideBytes.class, region.find("blob").orElseThrow()).capacity());
            assertEquals("XLON", assertInstanceOf(SharedString.class, region.find("venue").orElseThrow()).get());
            final SharedWideString status = assertInstanceOf(SharedWideString.class, region.find("status").orElseThrow());
            assertEquals(StandardCharsets.ISO_8859_1, status.charset());
            assertEquals(3, assertInstanceOf(SharedLongArray.class, region.find("words").orElseThrow()).length());
            assertSame(status, region.sharedWideString("status", 64, StandardCharsets.ISO_8859_1, ""));
            assertEquals(Optional.empty(), region.find("absent"));
        }
        final SharedRegion readOnly = SharedRegion.attachReadOnly(path);
        final SharedLong counter = assertInstanceOf(SharedLong.class, readOnly.find("counter").orElseThrow());
        assertEquals(7, counter.get());
        assertThrows(IllegalStateException.class, () -> counter.set(8));
        readOnly.close();
        assertThrows(IllegalStateException.class, () -> readOnly.find("counter"));
        assertThrows(IllegalStateException.class, counter::get);
    }
}
