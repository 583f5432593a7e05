package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import io.sharedatomic.layout.RegionFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A header corrupted by another process makes a re-attach fail without leaking or closing a descriptor, with a view
 * open and with none; the lease of the open view survives.
 */
class CorruptReattachTest
{
    @TempDir
    Path tempDir;

    private static void poke(final Path path, final long magic) throws Exception
    {
        final Process python = new ProcessBuilder("python3", "-c",
            "import os,sys,struct\nfd=os.open(sys.argv[1],os.O_RDWR)\nos.pwrite(fd,struct.pack('<q',int(sys.argv[2])),0)\nos.close(fd)\n",
            path.toString(), Long.toString(magic)).inheritIO().start();
        assertEquals(0, python.waitFor());
    }

    @Test
    void shouldLeakNothingAndKeepTheLeaseWhenAReattachMeetsACorruptHeader() throws Exception
    {
        final Path path = tempDir.resolve("c.region");
        final Object key;
        try (SharedRegion first = SharedRegion.open(path))
        {
            key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            final long token = first.ownerToken();
            poke(path, 12345);
            assertThrows(RegionFormatException.class, () -> SharedRegion.attach(path));
            assertThrows(RegionFormatException.class, () -> SharedRegion.attachReadOnly(path));
            assertEquals(1, LeaseProbe.descriptorsOf(key));
            // The probe attaches the region in another JVM, so the header is mended first.
            poke(path, io.sharedatomic.layout.RegionDescriptor.MAGIC);
            assertEquals(token + "=alive", LeaseProbe.seenByAnotherProcess(path, token));
        }
        assertEquals(0, LeaseProbe.descriptorsOf(key));
        poke(path, 12345);
        assertThrows(RegionFormatException.class, () -> SharedRegion.attach(path));
        assertEquals(0, LeaseProbe.descriptorsOf(key));
        poke(path, io.sharedatomic.layout.RegionDescriptor.MAGIC);
        try (SharedRegion again = SharedRegion.attach(path); SharedRegion reader = SharedRegion.attachReadOnly(path))
        {
            final long token = again.ownerToken();
            assertEquals(1, LeaseProbe.descriptorsOf(key));
            assertEquals(token + "=alive", LeaseProbe.seenByAnotherProcess(path, token));
            assertEquals(0, reader.entries().size());
        }
        assertEquals(0, LeaseProbe.descriptorsOf(key));
    }
}
