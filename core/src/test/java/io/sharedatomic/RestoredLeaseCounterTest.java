package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import io.sharedatomic.layout.RegionDescriptor;
import io.sharedatomic.layout.WideValueDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A region file restored from a copy while in use, so that its lease counter went backwards: a token that a dead
 * process left in a wide value's lock word may be handed to this JVM again. The lock word then names "us" although no
 * thread here holds it; a writer takes it over instead of waiting for ever, and the last close does not wait on it.
 */
class RestoredLeaseCounterTest
{
    @TempDir
    Path tempDir;

    private static void putLong(final RandomAccessFile file, final long offset, final long value) throws Exception
    {
        file.seek(offset);
        file.writeLong(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Long.reverseBytes(value) : value);
    }

    @Test
    void shouldTakeOverALockWordLeftWithOurTokenByAProcessBeforeARestore() throws Exception
    {
        final Path path = tempDir.resolve("restored.region");
        final long lockOffset;
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedWideBytes wide = region.sharedWideBytes("w", 64, new byte[0]);
            lockOffset = wide.address() - region.memory().address() + WideValueDescriptor.LOCK_OFFSET;
        }
        // Done while this JVM has no descriptor of the file open (so no lock of ours is dropped by closing this one).
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
        {
            putLong(file, lockOffset, 7);
            putLong(file, RegionDescriptor.LEASE_COUNTER_OFFSET, 6);
        }
        final SharedRegion region = SharedRegion.attach(path);
        final SharedWideBytes wide = region.sharedWideBytes("w", 64, new byte[0]);
        final Thread writer = new Thread(() -> wide.set(new byte[]{1}));
        writer.setDaemon(true);
        writer.start();
        writer.join(5_000);
        if (writer.isAlive())
        {
            fail("token " + region.ownerToken() + " was reissued; a write has waited 5 s (forever) for a lock word that names it, held " +
                "by a dead process: " + Arrays.toString(writer.getStackTrace()).substring(0, 300));
        }
        assertArrayEquals(new byte[]{1}, wide.get(), "the write went through");
        region.close();
    }
}
