package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.sharedatomic.layout.RegionFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged entry name (bytes that are no UTF-8) is reported as a corrupt record, never listed as a name with U+FFFD in
 * it that no lookup can find.
 */
class CorruptNameTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldReportANameThatIsNotUtf8AsACorruptRecord() throws Exception
    {
        final Path path = tempDir.resolve("names.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            region.sharedLong("order.count.zzqx", 5);
        }
        final byte[] file = Files.readAllBytes(path);
        final byte[] name = "order.count.zzqx".getBytes(StandardCharsets.UTF_8);
        final int at = indexOf(file, name);
        assertTrue(at > 0, "the name is stored as UTF-8 bytes");
        assertEquals(-1, indexOf(java.util.Arrays.copyOfRange(file, at + 1, file.length), name), "stored once");
        file[at + 12] = (byte)0xFF;
        Files.write(path, file);

        try (SharedRegion region = SharedRegion.attachReadOnly(path))
        {
            final RegionFormatException corrupt = assertThrows(RegionFormatException.class, region::entries);
            assertTrue(corrupt.getMessage().startsWith(path + ": record at "), corrupt.getMessage());
            assertTrue(corrupt.getMessage().contains(" is corrupt: "), corrupt.getMessage());
            assertEquals(Optional.empty(), region.find("order.count.zzqx"));
        }
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
