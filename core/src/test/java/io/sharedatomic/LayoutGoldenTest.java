package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.sharedatomic.layout.EntryDescriptor;
import io.sharedatomic.layout.EntryType;
import io.sharedatomic.layout.RegionDescriptor;
import io.sharedatomic.layout.WideValueDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file layout as an annotated hex dump, compared with a checked-in copy: any change to a Descriptor shows up
 * here as a reviewable diff, and must come with a layout version bump.
 */
class LayoutGoldenTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldMatchTheGoldenLayout() throws Exception
    {
        final Path path = tempDir.resolve("golden.region");
        try (SharedRegion region = SharedRegion.open(path, RegionSpec.defaults().withEntryCapacity(4).withDataCapacity(256)
            .withPadding(ValuePadding.PACKED)))
        {
            region.sharedLong("a", 0x1122334455667788L);
            region.sharedBoolean("flag", true);
            // Takes the first lease, so the dump pins where the lease counter lives.
            region.ownerToken();
        }
        final ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.nativeOrder());
        final String dump = dump(file, 320);

        try (InputStream expected = LayoutGoldenTest.class.getResourceAsStream("/layout-golden-" + ByteOrder.nativeOrder() + ".txt"))
        {
            assertEquals(new String(expected.readAllBytes(), StandardCharsets.UTF_8), dump, "actual dump:\n" + dump);
        }
    }

    /**
     * The encodings of values, so a format change that writes and reads consistently (and so passes every other
     * test) still shows here: a one-word string (UTF-8, length in the word), one-word bytes, and a wide value's
     * header, version, lock, acquisition count and both buffers after one write.
     */
    @Test
    void shouldMatchTheGoldenEncodings() throws Exception
    {
        final Path path = tempDir.resolve("encodings.region");
        try (SharedRegion region = SharedRegion.open(path, RegionSpec.defaults().withEntryCapacity(4).withDataCapacity(1024)
            .withPadding(ValuePadding.PACKED)))
        {
            region.sharedString("s", "h\u00e9!", StandardCharsets.UTF_8);
            region.sharedBytes("b", new byte[]{1, 2, 3});
            final SharedWideBytes wide = region.sharedWideBytes("w", 16, new byte[]{(byte)0xA1, (byte)0xA2});
            wide.set(new byte[]{(byte)0xB1, (byte)0xB2, (byte)0xB3});
        }
        final ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.nativeOrder());
        final String dump = dump(file, (int)file.getLong(RegionDescriptor.ALLOCATION_CURSOR_OFFSET));

        try (InputStream expected = LayoutGoldenTest.class.getResourceAsStream("/layout-golden-encodings-" + ByteOrder.nativeOrder() + ".txt"))
        {
            assertEquals(new String(expected.readAllBytes(), StandardCharsets.UTF_8), dump, "actual dump:\n" + dump);
        }
    }

    private static String dump(final ByteBuffer file, final int length)
    {
        final Map<Integer, String> labels = new TreeMap<>();
        labels.put(RegionDescriptor.MAGIC_OFFSET, "magic");
        labels.put(RegionDescriptor.LAYOUT_VERSION_OFFSET, "layout version | byte order");
        labels.put(RegionDescriptor.REGION_LENGTH_OFFSET, "region length");
        labels.put(RegionDescriptor.DIRECTORY_OFFSET_OFFSET, "directory offset");
        labels.put(RegionDescriptor.DIRECTORY_CAPACITY_OFFSET, "directory capacity | value alignment");
        labels.put(RegionDescriptor.DATA_OFFSET_OFFSET, "data offset");
        labels.put(RegionDescriptor.ENTRY_CAPACITY_OFFSET, "entry capacity");
        labels.put(RegionDescriptor.ENTRY_COUNT_OFFSET, "entry count");
        labels.put(RegionDescriptor.STATE_OFFSET, "state");
        labels.put(RegionDescriptor.ALLOCATION_CURSOR_OFFSET, "allocation cursor");
        labels.put(RegionDescriptor.LEASE_COUNTER_OFFSET, "lease counter");
        final int directory = (int)file.getLong(RegionDescriptor.DIRECTORY_OFFSET_OFFSET);
        for (int slot = 0; slot < file.getInt(RegionDescriptor.DIRECTORY_CAPACITY_OFFSET); slot++)
        {
            labels.put(directory + slot * 8, "directory slot " + slot);
        }
        for (int record = (int)file.getLong(RegionDescriptor.DATA_OFFSET_OFFSET); record < file.getLong(RegionDescriptor.ALLOCATION_CURSOR_OFFSET); )
        {
            final int nameLength = file.getInt(record + EntryDescriptor.NAME_LENGTH_OFFSET);
            final int formatLength = file.getInt(record + EntryDescriptor.FORMAT_LENGTH_OFFSET);
            final int valueOffset = (int)file.getLong(record + EntryDescriptor.VALUE_OFFSET_OFFSET);
            labels.put(record + EntryDescriptor.TYPE_ID_OFFSET, "record: type id | name length");
            labels.put(record + EntryDescriptor.VALUE_LENGTH_OFFSET, "record: value length");
            labels.put(record + EntryDescriptor.VALUE_OFFSET_OFFSET, "record: value offset");
            labels.put(record + EntryDescriptor.PARAMETER_OFFSET, "record: parameter");
            labels.put(record + EntryDescriptor.FORMAT_LENGTH_OFFSET, "record: format length | reserved");
            labels.put(record + EntryDescriptor.NAME_OFFSET, "record: name, format");
            labels.put(valueOffset, "value");
            final int typeId = file.getInt(record + EntryDescriptor.TYPE_ID_OFFSET);
            if (typeId == EntryType.WIDE_BYTES.id() || typeId == EntryType.WIDE_STRING.id())
            {
                final long bufferLength = WideValueDescriptor.bufferLength((int)file.getLong(record + EntryDescriptor.PARAMETER_OFFSET));
                labels.put(valueOffset + WideValueDescriptor.VERSION_OFFSET, "wide: version");
                labels.put(valueOffset + WideValueDescriptor.LOCK_OFFSET, "wide: writer lock");
                labels.put(valueOffset + WideValueDescriptor.LOCK_ACQUISITIONS_OFFSET, "wide: lock acquisitions");
                labels.put(valueOffset + WideValueDescriptor.BUFFERS_OFFSET, "wide: buffer 0 length | reserved");
                labels.put((int)(valueOffset + WideValueDescriptor.BUFFERS_OFFSET + bufferLength), "wide: buffer 1 length | reserved");
            }
            record = (int)EntryDescriptor.recordEnd(record, nameLength, formatLength,
                file.getLong(record + EntryDescriptor.VALUE_LENGTH_OFFSET), 8);
        }
        final StringBuilder out = new StringBuilder();
        for (int offset = 0; offset < length; offset += 8)
        {
            out.append(String.format("%04x ", offset));
            for (int i = 0; i < 8; i++)
            {
                out.append(String.format(" %02x", file.get(offset + i)));
            }
            final String label = labels.get(offset);
            out.append(label == null ? "" : "  # " + label).append('\n');
        }
        return out.toString();
    }
}
