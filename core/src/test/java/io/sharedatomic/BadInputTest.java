package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

import io.sharedatomic.layout.DirectoryDescriptor;
import io.sharedatomic.layout.EntryDescriptor;
import io.sharedatomic.layout.RegionDescriptor;
import io.sharedatomic.layout.RegionFormatException;
import io.sharedatomic.layout.RegionFullException;
import io.sharedatomic.layout.UnsupportedLayoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Foreign, damaged and misused regions each give a specific exception that says what to do; none crashes the JVM.
 * Damaged files are made by copying a good region's bytes, so no damaged file is ever mapped by a live region.
 */
class BadInputTest
{
    @TempDir
    Path tempDir;

    private byte[] goodRegionBytes() throws Exception
    {
        final Path path = tempDir.resolve("good.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            region.sharedLong("x", 42);
        }
        return Files.readAllBytes(path);
    }

    private Path damaged(final Consumer<ByteBuffer> damage) throws Exception
    {
        final ByteBuffer bytes = ByteBuffer.wrap(goodRegionBytes()).order(ByteOrder.nativeOrder());
        damage.accept(bytes);
        final Path path = Files.createTempFile(tempDir, "damaged", ".region");
        Files.write(path, bytes.array());
        return path;
    }

    private static RegionFormatException assertFormatError(final Path path, final String messagePart)
    {
        final RegionFormatException ex = assertThrows(RegionFormatException.class, () -> SharedRegion.attach(path));
        assertTrue(ex.getMessage().contains(messagePart), ex.getMessage());
        assertTrue(ex.getMessage().contains(path.toString()), ex.getMessage());
        return ex;
    }

    @Test
    void shouldRejectAForeignFile() throws Exception
    {
        final byte[] foreign = new byte[8192];
        new Random(7).nextBytes(foreign);
        final Path path = tempDir.resolve("foreign.bin");
        Files.write(path, foreign);

        assertFormatError(path, "not a shared-atomic region");
        assertThrows(RegionFormatException.class, () -> SharedRegion.open(path));
    }

    @Test
    void shouldRejectWrongMagic() throws Exception
    {
        assertFormatError(damaged(b -> b.put(RegionDescriptor.MAGIC_OFFSET, (byte)'X')), "wrong magic");
    }

    @Test
    void shouldRejectTruncatedFiles() throws Exception
    {
        final byte[] good = goodRegionBytes();
        for (final int length : new int[]{0, 10, RegionDescriptor.HEADER_LENGTH - 1, RegionDescriptor.HEADER_LENGTH, 4096, good.length - 8})
        {
            final Path path = tempDir.resolve("truncated-" + length + ".region");
            Files.write(path, Arrays.copyOf(good, length));
            assertFormatError(path, length < RegionDescriptor.HEADER_LENGTH ? "fewer than the" : "truncated");
        }
    }

    @Test
    void shouldRejectAnExtendedFile() throws Exception
    {
        final byte[] good = goodRegionBytes();
        final Path path = tempDir.resolve("extended.region");
        Files.write(path, Arrays.copyOf(good, good.length + 4096));
        assertFormatError(path, "extended");
    }

    @Test
    void shouldRejectANewerLayoutVersion() throws Exception
    {
        final Path path = damaged(b -> b.putInt(RegionDescriptor.LAYOUT_VERSION_OFFSET, RegionDescriptor.LAYOUT_VERSION + 1));
        final UnsupportedLayoutException ex = (UnsupportedLayoutException)assertFormatError(path, "layout version");
        assertEquals(RegionDescriptor.LAYOUT_VERSION + 1, ex.fileVersion());
        assertEquals(RegionDescriptor.LAYOUT_VERSION, ex.supportedVersion());
    }

    @Test
    void shouldRejectAnUnfinishedOrCorruptHeader() throws Exception
    {
        assertFormatError(damaged(b -> b.putLong(RegionDescriptor.STATE_OFFSET, 0)), "never completely initialized");
        assertFormatError(damaged(b -> b.putInt(RegionDescriptor.DIRECTORY_CAPACITY_OFFSET, 1000)), "corrupt header");
        assertFormatError(damaged(b -> b.putLong(RegionDescriptor.ENTRY_CAPACITY_OFFSET, 0)), "entry capacity");
        assertFormatError(damaged(b -> b.putLong(RegionDescriptor.ENTRY_CAPACITY_OFFSET, 1L << 40)), "entry capacity");
        assertFormatError(damaged(b -> b.putInt(RegionDescriptor.VALUE_ALIGNMENT_OFFSET, 16)), "corrupt header");
        assertFormatError(damaged(b -> b.putLong(RegionDescriptor.DATA_OFFSET_OFFSET, 1 << 40)), "corrupt header");
        assertFormatError(damaged(b -> b.putInt(RegionDescriptor.BYTE_ORDER_OFFSET, 0x04030201)), "byte-order");
    }

    @Test
    void shouldRejectCorruptDirectoryAndRecordsOnUseWithoutCrashing() throws Exception
    {
        final int slots = RegionDescriptor.directoryCapacityFor(RegionSpec.defaults().entryCapacity());
        final long dataOffset = RegionDescriptor.Shape.of(RegionSpec.defaults().entryCapacity(), RegionSpec.defaults().dataCapacity(), 64,
            4096).dataOffset();
        final Consumer<ByteBuffer> everySlotPointsFarAway = b ->
        {
            for (int slot = 0; slot < slots; slot++)
            {
                b.putLong(RegionDescriptor.HEADER_LENGTH + slot * 8, DirectoryDescriptor.slotWord(1L << 34, DirectoryDescriptor.hash("x".getBytes(StandardCharsets.UTF_8))));
            }
        };
        final Consumer<ByteBuffer> hugeNameLength = b -> b.putInt((int)dataOffset + EntryDescriptor.NAME_LENGTH_OFFSET, 1 << 30);
        final Consumer<ByteBuffer> valueOutside = b -> b.putLong((int)dataOffset + EntryDescriptor.VALUE_OFFSET_OFFSET, 1L << 40);
        final Consumer<ByteBuffer> cursorOutside = b -> b.putLong(RegionDescriptor.ALLOCATION_CURSOR_OFFSET, -8);
        for (final Consumer<ByteBuffer> damage : Arrays.asList(everySlotPointsFarAway, hugeNameLength, valueOutside))
        {
            try (SharedRegion region = SharedRegion.attach(damaged(damage)))
            {
                assertThrows(RegionFormatException.class, region::entries);
                assertThrows(RegionFormatException.class, () -> region.sharedLong("x"));
            }
        }
        try (SharedRegion region = SharedRegion.attach(damaged(cursorOutside)))
        {
            assertEquals(42, region.sharedLong("x").get());
            assertThrows(RegionFormatException.class, () -> region.sharedLong("new"));
        }
    }

    @Test
    void shouldNameBothTypesOnATypeMismatch()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            region.sharedLong("position", 5);
            final IncompatibleEntryException ex = assertThrows(IncompatibleEntryException.class, () -> region.sharedDouble("position"));
            assertEquals("entry 'position' in in-memory region is a SharedLong; you asked for a SharedDouble", ex.getMessage());
            assertThrows(IncompatibleEntryException.class, () -> region.sharedULong("position"));
            assertThrows(IncompatibleEntryException.class, () -> region.sharedBoolean("position"));
            assertEquals(5, region.sharedLong("position").get());
        }
    }

    @Test
    void shouldRejectBadNames()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            region.sharedLong("a".repeat(255));
            region.sharedLong("é".repeat(127));
            final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> region.sharedLong("a".repeat(256)));
            assertTrue(tooLong.getMessage().contains("256"), tooLong.getMessage());
            assertThrows(IllegalArgumentException.class, () -> region.sharedLong("é".repeat(128)));
            assertThrows(IllegalArgumentException.class, () -> region.sharedLong(""));
            assertThrows(IllegalArgumentException.class, () -> region.sharedLong(null));
            assertThrows(IllegalArgumentException.class, () -> region.sharedLong("tab\there"));
            assertThrows(IllegalArgumentException.class, () -> region.sharedLong("nul\0"));
            assertThrows(IllegalArgumentException.class, () -> region.sharedLong("half \uD800 surrogate"));
            assertEquals(2, region.entries().size());
        }
    }

    @Test
    void shouldRejectOutOfRangeUnsignedValues()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            assertThrows(IllegalArgumentException.class, () -> region.sharedULong("u", BigInteger.ONE.shiftLeft(64)));
            assertThrows(IllegalArgumentException.class, () -> region.sharedULong("u", "-1"));
            assertThrows(IllegalArgumentException.class, () -> region.sharedULong("u", "twelve"));
            assertTrue(region.entry("u").isEmpty());
            assertEquals("18446744073709551615", region.sharedULong("u", "18446744073709551615").toString());
        }
    }

    @Test
    void shouldSayTheDirectoryIsFullAndKeepExistingEntries()
    {
        try (SharedRegion region = SharedRegion.inMemory(RegionSpec.defaults().withEntryCapacity(4)))
        {
            for (int i = 0; i < 4; i++)
            {
                region.sharedLong("n" + i, i);
            }
            final RegionFullException ex = assertThrows(RegionFullException.class, () -> region.sharedLong("n4"));
            assertTrue(ex.getMessage().contains("entryCapacity"), ex.getMessage());
            for (int i = 0; i < 4; i++)
            {
                assertEquals(i, region.sharedLong("n" + i).get());
            }
        }
    }

    @Test
    void shouldSayTheDataAreaIsFullAndKeepExistingEntries() throws Exception
    {
        final Path path = tempDir.resolve("small.region");
        try (SharedRegion region = SharedRegion.open(path, RegionSpec.defaults().withEntryCapacity(1 << 16).withDataCapacity(64)))
        {
            int created = 0;
            RegionFullException full = null;
            while (full == null && created < 1 << 16)
            {
                try
                {
                    region.sharedLong("n" + created, created);
                    created++;
                }
                catch (final RegionFullException ex)
                {
                    full = ex;
                }
            }
            assertTrue(full != null && full.getMessage().contains("dataCapacity"), String.valueOf(full));
            assertTrue(created > 0);
            for (int i = 0; i < created; i++)
            {
                assertEquals(i, region.sharedLong("n" + i).get());
            }
        }
    }

    @Test
    void shouldSayWhenTheFileIsMissing()
    {
        final Path missing = tempDir.resolve("missing.region");
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> SharedRegion.attach(missing));
        assertInstanceOf(NoSuchFileException.class, ex.getCause());
        assertTrue(ex.getMessage().contains("SharedRegion.open"), ex.getMessage());
        assertFalse(Files.exists(missing), "attach never creates");
    }

    @Test
    void shouldSayWhenTheDirectoryIsMissing()
    {
        final Path path = tempDir.resolve("no-such-dir").resolve("r.region");
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> SharedRegion.open(path));
        assertTrue(ex.getMessage().contains("does not exist"), ex.getMessage());
    }

    @Test
    void shouldReadButNotWriteThroughAReadOnlyAttachment() throws Exception
    {
        final Path path = tempDir.resolve("ro.region");
        try (SharedRegion writer = SharedRegion.open(path); SharedRegion reader = SharedRegion.attachReadOnly(path))
        {
            writer.sharedLong("x", 1);
            final SharedLong x = reader.sharedLong("x");
            writer.sharedLong("x").set(7);
            assertEquals(7, x.get());
            assertTrue(reader.isReadOnly());
            assertThrows(IllegalStateException.class, () -> x.set(1));
            assertThrows(IllegalStateException.class, () -> x.addAndGet(1));
            assertThrows(IllegalStateException.class, () -> x.compareAndSet(7, 1));
            assertThrows(IllegalStateException.class, () -> reader.sharedLong("y"));
            assertEquals(7, x.get());
        }
    }

    @Test
    void shouldCreateFilesOwnerOnlyByDefaultAndAsConfigured() throws Exception
    {
        final Path byDefault = tempDir.resolve("default.region");
        final Path configured = tempDir.resolve("group.region");
        try (SharedRegion a = SharedRegion.open(byDefault);
             SharedRegion b = SharedRegion.open(configured, RegionSpec.defaults().withFilePermissions(PosixFilePermissions.fromString("rw-rw----"))))
        {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.path().orElseThrow())));
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(b.path().orElseThrow())));
        }
        try (var files = Files.list(tempDir))
        {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".creating")), "no temporary file is left behind");
        }
    }

    @Test
    void shouldNotCreateARegionThroughAPlantedSymlink() throws Exception
    {
        final Path target = tempDir.resolve("victim");
        final Path link = Files.createSymbolicLink(tempDir.resolve("planted.region"), target);
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> SharedRegion.open(link));
        assertTrue(ex.getMessage().contains("symlink"), ex.getMessage());
        assertFalse(Files.exists(target));
    }
}
