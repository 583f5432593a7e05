package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name asked for with another type is reported in the words of the API: the handle type the entry is, and the one
 * asked for, with the shape that differs.
 */
class IncompatibleEntryMessageTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldNameBothTypesAsTheApiDoes()
    {
        final Path path = tempDir.resolve("app.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            region.sharedLong("app.counter");
            region.sharedWideString("app.quote", 64, StandardCharsets.UTF_8, "");
            region.sharedLongArray("app.slots", 4);

            assertEquals("entry 'app.counter' in " + path + " is a SharedLong; you asked for a one-word SharedString (UTF-8, width 8)",
                assertThrows(IncompatibleEntryException.class, () -> region.sharedString("app.counter", 7, StandardCharsets.UTF_8, "x")).getMessage());
            assertEquals("entry 'app.counter' in " + path + " is a SharedLong; you asked for a SharedBoolean",
                assertThrows(IncompatibleEntryException.class, () -> region.sharedBoolean("app.counter")).getMessage());
            assertEquals("entry 'app.quote' in " + path + " is a SharedWideString (UTF-8, capacity 64 bytes); you asked for a " +
                    "SharedWideString (UTF-8, capacity 128 bytes)",
                assertThrows(IncompatibleEntryException.class,
                    () -> region.sharedWideString("app.quote", 128, StandardCharsets.UTF_8, "")).getMessage());
            assertEquals("entry 'app.slots' in " + path + " is a SharedLongArray of 4 longs; you asked for a SharedLongArray of 8 longs",
                assertThrows(IncompatibleEntryException.class, () -> region.sharedLongArray("app.slots", 8)).getMessage());
        }
    }
}
