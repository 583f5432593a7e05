package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.sharedatomic.testkit.RegionKind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The allocation-free forms of wide strings: {@code set(CharSequence)} through a per-thread encoder and
 * {@code get(StringBuilder)}.
 */
class WideStringBufferTest
{
    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldSetFromACharSequenceAndReadIntoABuilder(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedWideString quote = region.sharedWideString("q", 32, StandardCharsets.UTF_8, "");
            final StringBuilder source = new StringBuilder();
            final StringBuilder into = new StringBuilder();
            for (int i = 0; i < 1000; i++)
            {
                source.setLength(0);
                source.append("EURUSD ").append(i).append(" ¥€");
                quote.set(source);
                into.setLength(0);
                quote.get(into);
                assertEquals(source.toString(), into.toString());
            }
            quote.set("x".repeat(32));
            into.setLength(0);
            quote.get(into);
            assertEquals("x".repeat(32), into.toString());

            assertThrows(IllegalArgumentException.class, () -> quote.set(new StringBuilder("y".repeat(33))));
            assertEquals("x".repeat(32), quote.get());
            final SharedWideString ascii = region.sharedWideString("a", 16, StandardCharsets.US_ASCII, "ok");
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ascii.set(new StringBuilder("é")));
            assertInstanceOf(CharacterCodingException.class, ex.getCause());
            assertEquals("ok", ascii.get());
        }
    }
}
