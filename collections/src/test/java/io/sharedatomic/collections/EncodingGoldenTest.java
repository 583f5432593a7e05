package io.sharedatomic.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.sharedatomic.RegionEntry;
import io.sharedatomic.SharedRegion;
import org.junit.jupiter.api.Test;

/**
 * The bytes of set and list words in the original's bit layout, compared with a checked-in copy: a change of the
 * encoding that writes and reads consistently (and so passes every other test) would still misread files written by
 * another version, or by the original, and shows up here as a reviewable diff.
 */
class EncodingGoldenTest
{
    @Test
    void shouldMatchTheGoldenSetAndListWords() throws Exception
    {
        final StringBuilder dump = new StringBuilder();
        try (SharedRegion region = SharedRegion.inMemory())
        {
            SharedSet.of(region, "set of ints", List.of(1, 2));
            SharedSet.of(region, "set of a string", List.of("ab"));
            SharedList.of(region, "list", List.of(3, "c"));
            SharedList.of(region, "list with a boolean", List.of(true, 127));
            for (final RegionEntry entry : region.entries())
            {
                dump.append(entry.name()).append(": ").append(entry.detail()).append(": ").append(entry.value()).append('\n');
            }
        }
        try (InputStream expected = EncodingGoldenTest.class.getResourceAsStream("/encoding-golden.txt"))
        {
            assertEquals(new String(expected.readAllBytes(), StandardCharsets.UTF_8), dump.toString(), "actual:\n" + dump);
        }
    }
}
