package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.sharedatomic.internal.NativeMemory;
import io.sharedatomic.layout.DirectoryDescriptor;
import io.sharedatomic.layout.EntryDescriptor;
import io.sharedatomic.layout.EntryType;
import io.sharedatomic.layout.RegionDescriptor;
import io.sharedatomic.layout.WideValueDescriptor;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of damaged region files, each attached in a child JVM (read-only and read-write), listed, and every entry
 * attached by type, read and written: every attempt ends in success or a clear exception, never in a JVM crash
 * (SIGSEGV or SIGBUS would show as the child's exit status), a hang or an exception of another type or without a
 * message. The damage starts from good regions holding entries of every type and is seeded, so a failing file can be
 * made again from its id; a failure prints the file's difference from its good region and its bytes in hex, and
 * keeps a copy under {@code target/fuzz-repro}.
 *
 * <p>{@code -Dfuzz.files=N} (default 3000) sets the number of files, {@code -Dfuzz.seed=S} the seed and
 * {@code -Dfuzz.children=C} (default 2) how many child JVMs share them.
 */
@Tag("slow")
class FuzzRegionFilesTest
{
    private static final int FILES = Integer.getInteger("fuzz.files", 3000);
    private static final long SEED = Long.getLong("fuzz.seed", 0x5EED_2024L);
    private static final int CHILDREN = Integer.getInteger("fuzz.children", 2);
    /** One file taking longer than this in a child is a hang. */
    private static final long HANG_MILLIS = 20_000;
    private static final int PAGE = NativeMemory.pageSize();
    private static final int HEADER = RegionDescriptor.HEADER_LENGTH;
    private static final int MAX_HEX_DUMPS = 3;

    /** The kinds of damage; every one must make the library reject something. NONE marks the undamaged controls. */
    enum Damage
    {
        NONE, TRUNCATE, HEADER_BYTES, DIRECTORY_BYTES, RECORD_FIELDS, WRONG_SIZE, PAST_END, WIDE_WORDS, FOREIGN_CHARSET
    }

    private static final Damage[] KINDS = Arrays.copyOfRange(Damage.values(), 1, Damage.values().length);

    /**
     * A record of a good region, as its bytes hold it.
     */
    private record Entry(String name, int offset, int typeId, int nameLength, int formatLength, long valueOffset, long valueLength,
        long parameter)
    {
        boolean isWide()
        {
            return typeId == EntryType.WIDE_BYTES.id() || typeId == EntryType.WIDE_STRING.id();
        }

        boolean isString()
        {
            return typeId == EntryType.STRING.id() || typeId == EntryType.WIDE_STRING.id();
        }
    }

    /**
     * A good region to damage, and where its parts lie.
     */
    private record Base(String label, byte[] bytes, int directoryCapacity, int dataOffset, List<Entry> entries)
    {
        int directoryEnd()
        {
            return HEADER + directoryCapacity * DirectoryDescriptor.SLOT_LENGTH;
        }
    }

    /**
     * One damaged file: how it was made, so that it can be made again.
     */
    private record Sample(int id, Damage damage, Base base, long seed, String description)
    {
    }

    /**
     * Damaged bytes and what was done to them.
     */
    private record Damaged(byte[] bytes, String description)
    {
    }

    @TempDir
    Path tempDir;

    @Test
    void shouldRejectEveryDamagedFileClearlyAndNeverCrash() throws Exception
    {
        final List<Base> bases = List.of(
            base("cache-line", RegionSpec.defaults().withEntryCapacity(16).withDataCapacity(9000), 1),
            base("packed", RegionSpec.defaults().withEntryCapacity(32).withDataCapacity(7000).withPadding(ValuePadding.PACKED), 1),
            base("cache-line-rewritten", RegionSpec.defaults().withEntryCapacity(16).withDataCapacity(9000), 2));
        assertTrue(FILES >= bases.size() + KINDS.length, "fuzz.files must be at least " + (bases.size() + KINDS.length));

        final List<Sample> samples = new ArrayList<>();
        for (int id = 0; id < FILES; id++)
        {
            final Damage damage = id < bases.size() ? Damage.NONE : KINDS[(id - bases.size()) % KINDS.length];
            final Base base = bases.get(id % bases.size());
            final long seed = mix(SEED + id);
            final Damaged damaged = damage(damage, base, new Random(seed));
            Files.write(fileOf(id), damaged.bytes());
            samples.add(new Sample(id, damage, base, seed, damaged.description()));
        }

        final List<ChildJvm> children = new ArrayList<>();
        for (int child = 0; child < CHILDREN; child++)
        {
            final StringBuilder list = new StringBuilder();
            for (int id = child; id < FILES; id += CHILDREN)
            {
                list.append(id).append('\t').append(fileOf(id)).append('\n');
            }
            final Path listFile = tempDir.resolve("child-" + child + ".list");
            Files.writeString(listFile, list, StandardCharsets.UTF_8);
            children.add(ChildJvm.start(FuzzChildMain.class, listFile.toString(), Long.toString(HANG_MILLIS)));
        }
        final Duration timeout = Duration.ofSeconds(120 + FILES / 10);
        final List<ChildJvm.Result> results = new ArrayList<>();
        for (final ChildJvm child : children)
        {
            results.add(child.await(timeout));
        }

        check(samples, results);
    }

    /**
     * SplitMix64's finalizer: seeds of neighbouring files must not be neighbours, because the first numbers that
     * {@link Random} draws from nearby seeds are correlated.
     */
    private static long mix(final long value)
    {
        long z = value * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private Path fileOf(final int id)
    {
        return tempDir.resolve(id + ".region");
    }

    private void check(final List<Sample> samples, final List<ChildJvm.Result> results) throws Exception
    {
        final Map<Integer, String[]> fileLines = new HashMap<>();
        final Map<Integer, List<String>> badLines = new LinkedHashMap<>();
        final StringBuilder failures = new StringBuilder();
        for (final ChildJvm.Result result : results)
        {
            Integer unfinished = null;
            boolean done = false;
            for (final String line : result.stdout().split("\n"))
            {
                final String[] words = line.split(" ", 3);
                if (line.startsWith("BEGIN "))
                {
                    unfinished = Integer.valueOf(words[1]);
                }
                else if (line.startsWith("FILE "))
                {
                    fileLines.put(Integer.valueOf(words[1]), line.split(" "));
                    unfinished = null;
                }
                else if (line.startsWith("BAD "))
                {
                    badLines.computeIfAbsent(Integer.valueOf(words[1]), id -> new ArrayList<>()).add(words[2]);
                }
                else if (line.startsWith("DONE "))
                {
                    done = true;
                }
            }
            if (result.exitCode() != 0 || !done)
            {
                failures.append("A child JVM exited with ").append(result.exitCode())
                    .append(result.exitCode() == FuzzChildMain.HANG_EXIT_CODE ? " (a file hung)" :
                        result.exitCode() > 128 ? " (killed by signal " + (result.exitCode() - 128) + ": a JVM crash)" : "")
                    .append(unfinished == null ? " between files" : " while on this file:\n")
                    .append(unfinished == null ? "" : reproduction(samples.get(unfinished), true))
                    .append("\n--- child stdout (tail) ---\n").append(tail(result.stdout(), 4000))
                    .append("\n--- child stderr (tail) ---\n").append(tail(result.stderr(), 4000)).append('\n');
            }
        }
        int dumps = 0;
        for (final Map.Entry<Integer, List<String>> bad : badLines.entrySet())
        {
            failures.append("Unclear outcome on ").append(reproduction(samples.get(bad.getKey()), dumps++ < MAX_HEX_DUMPS));
            for (final String line : bad.getValue())
            {
                failures.append("    BAD ").append(line).append('\n');
            }
        }

        // Outcomes per kind of damage: [files, files with a rejection, then one count per outcome class].
        final List<String> outcomes = List.of(FuzzChildMain.ATTACH_REJECTED, FuzzChildMain.ENTRIES_REJECTED, FuzzChildMain.VALUE_REJECTED,
            FuzzChildMain.ACCEPTED);
        final Map<Damage, int[]> perKind = new EnumMap<>(Damage.class);
        for (final Sample sample : samples)
        {
            final String[] line = fileLines.get(sample.id());
            if (line == null)
            {
                failures.append("No outcome for file ").append(sample.id()).append(" (").append(sample.damage()).append(")\n");
                continue;
            }
            final String outcome = line[2];
            final int rejected = Integer.parseInt(line[4]);
            final int[] counts = perKind.computeIfAbsent(sample.damage(), kind -> new int[2 + outcomes.size()]);
            counts[0]++;
            counts[1] += rejected > 0 ? 1 : 0;
            counts[2 + outcomes.indexOf(outcome)]++;
            if (sample.damage() == Damage.NONE && (!outcome.equals(FuzzChildMain.ACCEPTED) || rejected != 0))
            {
                failures.append("An undamaged region was not accepted in full (").append(outcome).append(", ").append(rejected)
                    .append(" rejections): ").append(reproduction(sample, false));
            }
            if (sample.damage() == Damage.TRUNCATE && !outcome.equals(FuzzChildMain.ATTACH_REJECTED))
            {
                failures.append("A truncated file attached (").append(outcome).append("): ").append(reproduction(sample, false));
            }
        }
        for (final Damage kind : KINDS)
        {
            final int[] counts = perKind.get(kind);
            if (counts == null || counts[1] == 0)
            {
                failures.append("The ").append(kind).append(" damage never made the library reject anything, so it tests nothing\n");
            }
        }
        if (failures.length() > 0)
        {
            throw new AssertionError(badLines.size() + " damaged files were not rejected clearly (copies in target/fuzz-repro); " +
                "outcomes per damage: " + summary(perKind, outcomes) + "\n" + failures);
        }
    }

    private static String summary(final Map<Damage, int[]> perKind, final List<String> outcomes)
    {
        final StringBuilder out = new StringBuilder();
        perKind.forEach((kind, counts) ->
        {
            out.append("\n    ").append(kind).append(": ").append(counts[1]).append(" of ").append(counts[0]).append(" with rejections;");
            for (int i = 0; i < outcomes.size(); i++)
            {
                out.append(' ').append(outcomes.get(i)).append(' ').append(counts[2 + i]);
            }
        });
        return out.toString();
    }

    private static String tail(final String text, final int length)
    {
        return text.length() <= length ? text : "..." + text.substring(text.length() - length);
    }

    /**
     * Describes a sample, makes its bytes again, keeps a copy under target/fuzz-repro and shows how they differ from the
     * good region, with a full hex dump if asked.
     */
    private static String reproduction(final Sample sample, final boolean hexDump) throws Exception
    {
        final byte[] bytes = damage(sample.damage(), sample.base(), new Random(sample.seed())).bytes();
        final Path copy = Path.of("target", "fuzz-repro", sample.id() + "-" + sample.damage() + ".region");
        Files.createDirectories(copy.getParent());
        Files.write(copy, bytes);
        final StringBuilder out = new StringBuilder("file ").append(sample.id()).append(" (").append(sample.damage())
            .append(" of base '").append(sample.base().label()).append("', seed ").append(sample.seed()).append("): ")
            .append(sample.description()).append("\n    kept as ").append(copy.toAbsolutePath())
            .append("\n    difference from the good region: ")
            .append(difference(sample.base().bytes(), bytes)).append('\n');
        if (hexDump)
        {
            out.append(hexDump(bytes));
        }
        return out.toString();
    }

    private static String difference(final byte[] good, final byte[] bad)
    {
        final StringBuilder out = new StringBuilder();
        if (good.length != bad.length)
        {
            out.append("length ").append(good.length).append(" -> ").append(bad.length).append("; ");
        }
        int shown = 0;
        for (int i = 0; i < Math.min(good.length, bad.length); i++)
        {
            if (good[i] != bad[i] && shown++ < 64)
            {
                out.append(String.format("@%d %02x->%02x ", i, good[i] & 0xFF, bad[i] & 0xFF));
            }
        }
        return shown > 64 ? out + "... (" + shown + " bytes differ)" : out.toString();
    }

    /**
     * @return 16 bytes a line, with runs of all-zero lines shown as one {@code *} line.
     */
    static String hexDump(final byte[] bytes)
    {
        final StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (int line = 0; line < bytes.length; line += 16)
        {
            final int end = Math.min(line + 16, bytes.length);
            boolean zero = true;
            for (int i = line; i < end; i++)
            {
                zero &= bytes[i] == 0;
            }
            if (zero && line > 0 && end < bytes.length)
            {
                if (!skipping)
                {
                    out.append("    *\n");
                }
                skipping = true;
                continue;
            }
            skipping = false;
            out.append(String.format("    %08x:", line));
            for (int i = line; i < end; i++)
            {
                out.append(String.format(" %02x", bytes[i] & 0xFF));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private Base base(final String label, final RegionSpec spec, final int writes) throws Exception
    {
        final Path path = tempDir.resolve("base-" + label + ".region");
        try (SharedRegion region = SharedRegion.open(path, spec))
        {
            FuzzChildMain.populate(region, writes);
        }
        final byte[] bytes = Files.readAllBytes(path);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        final int capacity = buffer.getInt(RegionDescriptor.DIRECTORY_CAPACITY_OFFSET);
        final List<Entry> entries = new ArrayList<>();
        for (int slot = 0; slot < capacity; slot++)
        {
            final long word = buffer.getLong(HEADER + slot * DirectoryDescriptor.SLOT_LENGTH);
            if (word != 0)
            {
                final int offset = (int)DirectoryDescriptor.recordOffset(word);
                final int nameLength = buffer.getInt(offset + EntryDescriptor.NAME_LENGTH_OFFSET);
                entries.add(new Entry(new String(bytes, offset + EntryDescriptor.NAME_OFFSET, nameLength, StandardCharsets.UTF_8), offset,
                    buffer.getInt(offset + EntryDescriptor.TYPE_ID_OFFSET), nameLength,
                    buffer.getInt(offset + EntryDescriptor.FORMAT_LENGTH_OFFSET),
                    buffer.getLong(offset + EntryDescriptor.VALUE_OFFSET_OFFSET),
                    buffer.getLong(offset + EntryDescriptor.VALUE_LENGTH_OFFSET),
                    buffer.getLong(offset + EntryDescriptor.PARAMETER_OFFSET)));
            }
        }
        assertEquals(12, entries.size(), "the good region " + label + " holds every fuzzed entry");
        assertTrue(entries.stream().filter(Entry::isWide).count() == 2 && entries.stream().filter(Entry::isString).count() == 3);
        return new Base(label, bytes, capacity, (int)buffer.getLong(RegionDescriptor.DATA_OFFSET_OFFSET), List.copyOf(entries));
    }

    /**
     * Damages a copy of a good region. Deterministic for a given random.
     */
    private static Damaged damage(final Damage kind, final Base base, final Random random)
    {
        final byte[] good = base.bytes();
        if (kind == Damage.TRUNCATE)
        {
            final int length;
            switch (random.nextInt(5))
            {
                case 0:
                    length = random.nextInt(HEADER + 1);
                    break;
                case 1:
                    length = PAGE * random.nextInt(good.length / PAGE);
                    break;
                case 2:
                    length = good.length - 1 - random.nextInt(64);
                    break;
                case 3:
                    length = base.dataOffset() - 32 + random.nextInt(64);
                    break;
                default:
                    length = random.nextInt(good.length);
                    break;
            }
            return new Damaged(Arrays.copyOf(good, length), "truncated to " + length + " of " + good.length + " bytes");
        }
        if (kind == Damage.WRONG_SIZE)
        {
            return wrongSize(base, random);
        }
        final ByteBuffer bytes = ByteBuffer.wrap(good.clone()).order(ByteOrder.nativeOrder());
        final String description;
        switch (kind)
        {
            case NONE:
                description = "undamaged";
                break;
            case HEADER_BYTES:
                description = headerBytes(bytes, random);
                break;
            case DIRECTORY_BYTES:
                description = directoryBytes(base, bytes, random);
                break;
            case RECORD_FIELDS:
                description = recordFields(base, bytes, random);
                break;
            case PAST_END:
                description = pastEnd(base, bytes, random);
                break;
            case WIDE_WORDS:
                description = wideWords(base, bytes, random);
                break;
            case FOREIGN_CHARSET:
                description = foreignCharset(base, bytes, random);
                break;
            default:
                throw new IllegalArgumentException(kind.toString());
        }
        return new Damaged(bytes.array(), description);
    }

    /** A long that is random, or one of the values that tend to sit on edges. */
    private static long edgy(final Random random, final long near)
    {
        switch (random.nextInt(8))
        {
            case 0:
                return 0;
            case 1:
                return -1;
            case 2:
                return near + 1 + random.nextInt(8);
            case 3:
                return near - 1 - random.nextInt(8);
            case 4:
                return Long.MAX_VALUE - random.nextInt(2);
            case 5:
                return Integer.MAX_VALUE + (long)random.nextInt(3) - 1;
            case 6:
                return near ^ (1L << random.nextInt(64));
            default:
                return random.nextLong();
        }
    }

    private static String putRandomBytes(final ByteBuffer bytes, final Random random, final int from, final int to, final int count)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            final int at = from + random.nextInt(to - from);
            final byte value = (byte)random.nextInt(256);
            bytes.put(at, value);
            out.append(String.format("@%d=%02x ", at, value & 0xFF));
        }
        return out.toString().trim();
    }

    private static String headerBytes(final ByteBuffer bytes, final Random random)
    {
        final int[] longFields = {RegionDescriptor.MAGIC_OFFSET, RegionDescriptor.REGION_LENGTH_OFFSET,
            RegionDescriptor.DIRECTORY_OFFSET_OFFSET,
            RegionDescriptor.DATA_OFFSET_OFFSET, 48, RegionDescriptor.STATE_OFFSET, RegionDescriptor.ALLOCATION_CURSOR_OFFSET};
        final int[] intFields = {RegionDescriptor.LAYOUT_VERSION_OFFSET, RegionDescriptor.BYTE_ORDER_OFFSET,
            RegionDescriptor.DIRECTORY_CAPACITY_OFFSET, RegionDescriptor.VALUE_ALIGNMENT_OFFSET};
        final StringBuilder out = new StringBuilder("header:");
        final int damages = 1 + random.nextInt(3);
        for (int i = 0; i < damages; i++)
        {
            switch (random.nextInt(3))
            {
                case 0:
                {
                    final int field = longFields[random.nextInt(longFields.length)];
                    final long value = edgy(random, bytes.getLong(field));
                    bytes.putLong(field, value);
                    out.append(" long@").append(field).append('=').append(value);
                    break;
                }
                case 1:
                {
                    final int field = intFields[random.nextInt(intFields.length)];
                    final int value = (int)edgy(random, bytes.getInt(field));
                    bytes.putInt(field, value);
                    out.append(" int@").append(field).append('=').append(value);
                    break;
                }
                default:
                    out.append(' ').append(putRandomBytes(bytes, random, 0, HEADER, 1 + random.nextInt(4)));
                    break;
            }
        }
        return out.toString();
    }

    private static int usedSlot(final Base base, final ByteBuffer bytes, final Random random)
    {
        while (true)
        {
            final int slot = random.nextInt(base.directoryCapacity());
            if (bytes.getLong(slotOffset(slot)) != 0)
            {
                return slot;
            }
        }
    }

    private static int slotOffset(final int slot)
    {
        return HEADER + slot * DirectoryDescriptor.SLOT_LENGTH;
    }

    private static String directoryBytes(final Base base, final ByteBuffer bytes, final Random random)
    {
        final int capacity = base.directoryCapacity();
        final int slot = usedSlot(base, bytes, random);
        final long word = bytes.getLong(slotOffset(slot));
        final long offset = DirectoryDescriptor.recordOffset(word);
        final int hash = DirectoryDescriptor.nameHash(word);
        switch (random.nextInt(7))
        {
            case 0:
                return "directory bytes " + putRandomBytes(bytes, random, HEADER, base.directoryEnd(), 1 + random.nextInt(8));
            case 1:
            {
                final int other = random.nextInt(capacity);
                final long value = edgy(random, bytes.getLong(slotOffset(other)));
                bytes.putLong(slotOffset(other), value);
                return "slot " + other + " = 0x" + Long.toHexString(value);
            }
            case 2:
            {
                final int newHash = hash ^ (1 + random.nextInt(Integer.MAX_VALUE));
                bytes.putLong(slotOffset(slot), DirectoryDescriptor.slotWord(offset, newHash));
                return "slot " + slot + " hash changed to 0x" + Integer.toHexString(newHash);
            }
            case 3:
            {
                final long target = base.dataOffset() + 8L * random.nextInt((base.bytes().length - base.dataOffset()) / 8);
                bytes.putLong(slotOffset(slot), DirectoryDescriptor.slotWord(target, hash));
                return "slot " + slot + " points at " + target + " instead of " + offset;
            }
            case 4:
            {
                final int free = random.nextInt(capacity);
                bytes.putLong(slotOffset(free), word);
                return "slot " + slot + " copied into slot " + free;
            }
            case 5:
                bytes.putLong(slotOffset(slot), 0);
                return "slot " + slot + " (record at " + offset + ") cleared";
            default:
            {
                final long junk = random.nextLong() | 1;
                for (int other = 0; other < capacity; other++)
                {
                    if (bytes.getLong(slotOffset(other)) == 0)
                    {
                        bytes.putLong(slotOffset(other), junk);
                    }
                }
                return "every free slot = 0x" + Long.toHexString(junk);
            }
        }
    }

    private static String recordFields(final Base base, final ByteBuffer bytes, final Random random)
    {
        final Entry entry = base.entries().get(random.nextInt(base.entries().size()));
        final int at = entry.offset();
        final String where = "record '" + entry.name() + "' at " + at + ": ";
        switch (random.nextInt(8))
        {
            case 0:
            {
                final int value = random.nextBoolean() ? random.nextInt(12) - 1 : (int)edgy(random, entry.typeId());
                bytes.putInt(at + EntryDescriptor.TYPE_ID_OFFSET, value);
                return where + "type id " + entry.typeId() + " -> " + value;
            }
            case 1:
            {
                final int[] choices = {0, -1, 256, 255, entry.nameLength() + 1, entry.nameLength() - 1, random.nextInt(300),
                    (int)edgy(random, entry.nameLength())};
                final int value = choices[random.nextInt(choices.length)];
                bytes.putInt(at + EntryDescriptor.NAME_LENGTH_OFFSET, value);
                return where + "name length " + entry.nameLength() + " -> " + value;
            }
            case 2:
            {
                final long[] choices = {0, -1, 8, 40, entry.valueLength() + 8, entry.valueLength() - 8, WideValueDescriptor.valueLength(40),
                    edgy(random, entry.valueLength())};
                final long value = choices[random.nextInt(choices.length)];
                bytes.putLong(at + EntryDescriptor.VALUE_LENGTH_OFFSET, value);
                return where + "value length " + entry.valueLength() + " -> " + value;
            }
            case 3:
            {
                final long[] choices = {entry.valueOffset() + 8, entry.valueOffset() - 8, entry.valueOffset() + 64,
                    entry.valueOffset() - 64,
                    0, edgy(random, entry.valueOffset())};
                final long value = choices[random.nextInt(choices.length)];
                bytes.putLong(at + EntryDescriptor.VALUE_OFFSET_OFFSET, value);
                return where + "value offset " + entry.valueOffset() + " -> " + value;
            }
            case 4:
            {
                final long[] choices = {0, 1, 2, 4, 8, 7, 16, entry.parameter() + 1, entry.parameter() - 1,
                    WideValueDescriptor.MAX_CAPACITY + 1L,
                    SharedRegion.MAX_ARRAY_LENGTH + 1L, edgy(random, entry.parameter())};
                final long value = choices[random.nextInt(choices.length)];
                bytes.putLong(at + EntryDescriptor.PARAMETER_OFFSET, value);
                return where + "parameter " + entry.parameter() + " -> " + value;
            }
            case 5:
            {
                final int[] choices = {0, -1, 65, 64, entry.formatLength() + 1, entry.formatLength() - 1, (int)edgy(random, 0)};
                final int value = choices[random.nextInt(choices.length)];
                bytes.putInt(at + EntryDescriptor.FORMAT_LENGTH_OFFSET, value);
                return where + "format length " + entry.formatLength() + " -> " + value;
            }
            case 6:
            {
                final int from = at + EntryDescriptor.NAME_OFFSET;
                final StringBuilder out = new StringBuilder(where + "name bytes");
                for (int i = 0, count = 1 + random.nextInt(3); i < count; i++)
                {
                    final int index = from + random.nextInt(entry.nameLength());
                    final int[] choices = {0, 1, '\n', 0x7F, 0x80, 0xC3, 0xED, 0xFF, random.nextInt(256)};
                    final byte value = (byte)choices[random.nextInt(choices.length)];
                    bytes.put(index, value);
                    out.append(String.format(" @%d=%02x", index, value & 0xFF));
                }
                return out.toString();
            }
            default:
                return where + "bytes " + putRandomBytes(bytes, random, at, at + EntryDescriptor.NAME_OFFSET + entry.nameLength() +
                    entry.formatLength(), 1 + random.nextInt(4));
        }
    }

    private static Damaged wrongSize(final Base base, final Random random)
    {
        final byte[] good = base.bytes();
        switch (random.nextInt(4))
        {
            case 0:
            {
                final ByteBuffer bytes = ByteBuffer.wrap(good.clone()).order(ByteOrder.nativeOrder());
                final long[] choices = {good.length + PAGE, good.length - PAGE, good.length * 2L, good.length + 8, HEADER, 0,
                    RegionDescriptor.MAX_REGION_LENGTH, RegionDescriptor.MAX_REGION_LENGTH + PAGE, edgy(random, good.length)};
                final long value = choices[random.nextInt(choices.length)];
                bytes.putLong(RegionDescriptor.REGION_LENGTH_OFFSET, value);
                return new Damaged(bytes.array(), "header region length " + good.length + " -> " + value);
            }
            case 1:
            {
                final int extra = 1 + random.nextInt(2 * PAGE);
                final byte[] extended = Arrays.copyOf(good, good.length + extra);
                if (random.nextBoolean())
                {
                    for (int i = good.length; i < extended.length; i++)
                    {
                        extended[i] = (byte)random.nextInt(256);
                    }
                }
                return new Damaged(extended, "file extended by " + extra + " bytes, header unchanged");
            }
            case 2:
            {
                // Consistent, larger and valid: the extension may only be accepted.
                final int pages = 1 + random.nextInt(3);
                final ByteBuffer bytes = ByteBuffer.wrap(Arrays.copyOf(good, good.length + pages * PAGE)).order(ByteOrder.nativeOrder());
                bytes.putLong(RegionDescriptor.REGION_LENGTH_OFFSET, bytes.capacity());
                return new Damaged(bytes.array(), "file and header length extended by " + pages + " pages");
            }
            default:
            {
                // Consistent but smaller: records, values and the allocation cursor now lie past the end.
                final int pages = PAGE * (1 + random.nextInt(good.length / PAGE - 1));
                final int cut = random.nextBoolean() ? pages : base.dataOffset() + 8 * random.nextInt((pages - base.dataOffset()) / 8);
                final ByteBuffer bytes = ByteBuffer.wrap(Arrays.copyOf(good, cut)).order(ByteOrder.nativeOrder());
                bytes.putLong(RegionDescriptor.REGION_LENGTH_OFFSET, cut);
                return new Damaged(bytes.array(), "file and header length cut to " + cut + " of " + good.length);
            }
        }
    }

    private static String pastEnd(final Base base, final ByteBuffer bytes, final Random random)
    {
        final int length = bytes.capacity();
        final int slot = usedSlot(base, bytes, random);
        final long word = bytes.getLong(slotOffset(slot));
        final int hash = DirectoryDescriptor.nameHash(word);
        final Entry entry = base.entries().get(random.nextInt(base.entries().size()));
        switch (random.nextInt(5))
        {
            case 0:
            {
                final long target = random.nextBoolean() ? length + 8L * random.nextInt(1 << 20) : 0xFFFF_FFFFL << 3;
                bytes.putLong(slotOffset(slot), DirectoryDescriptor.slotWord(target, hash));
                return "slot " + slot + " points at " + target + ", past the end " + length;
            }
            case 1:
            {
                final long target = length - 8L * (1 + random.nextInt(8));
                bytes.putLong(slotOffset(slot), DirectoryDescriptor.slotWord(target, hash));
                return "slot " + slot + " points at " + target + ", a record cut by the end " + length;
            }
            case 2:
            {
                final long value = random.nextBoolean() ? length - entry.valueOffset() + 8L * (1 + random.nextInt(4)) :
                    edgy(random, length);
                bytes.putLong(entry.offset() + EntryDescriptor.VALUE_LENGTH_OFFSET, value);
                return "record '" + entry.name() + "' value length " + value + " from " + entry.valueOffset() + ", past the end " + length;
            }
            case 3:
            {
                final long[] choices = {length, length - 8, length - 64, length + 8, length + PAGE, edgy(random, length)};
                final long value = choices[random.nextInt(choices.length)];
                bytes.putLong(RegionDescriptor.ALLOCATION_CURSOR_OFFSET, value);
                return "allocation cursor = " + value + " (end " + length + ")";
            }
            default:
            {
                final int value = 200 + random.nextInt(56);
                final long target = length - EntryDescriptor.NAME_OFFSET - 8L * (1 + random.nextInt(8));
                bytes.putLong(slotOffset(slot), DirectoryDescriptor.slotWord(target, hash));
                bytes.putInt((int)target + EntryDescriptor.NAME_LENGTH_OFFSET, value);
                return "slot " + slot + " points at " + target + " whose name of " + value + " bytes runs past the end " + length;
            }
        }
    }

    private static String wideWords(final Base base, final ByteBuffer bytes, final Random random)
    {
        final List<Entry> wide = base.entries().stream().filter(Entry::isWide).toList();
        final StringBuilder out = new StringBuilder();
        for (int i = 0, damages = 1 + random.nextInt(2); i < damages; i++)
        {
            final Entry entry = wide.get(random.nextInt(wide.size()));
            final int value = (int)entry.valueOffset();
            final int buffers = value + WideValueDescriptor.BUFFERS_OFFSET;
            final int bufferLength = (int)WideValueDescriptor.bufferLength((int)entry.parameter());
            out.append("'").append(entry.name()).append("' ");
            switch (random.nextInt(4))
            {
                case 0:
                {
                    final long version = edgy(random, bytes.getLong(value + WideValueDescriptor.VERSION_OFFSET));
                    bytes.putLong(value + WideValueDescriptor.VERSION_OFFSET, version);
                    out.append("version = ").append(version).append("; ");
                    break;
                }
                case 1:
                    out.append("version bytes ").append(putRandomBytes(bytes, random, value, value + Long.BYTES, 1 + random.nextInt(3)))
                        .append("; ");
                    break;
                default:
                {
                    final int buffer = buffers + random.nextInt(2) * bufferLength + WideValueDescriptor.BUFFER_LENGTH_OFFSET;
                    final int[] choices = {-1, (int)entry.parameter() + 1, (int)entry.parameter(), Integer.MAX_VALUE, Integer.MIN_VALUE,
                        random.nextInt(), random.nextInt((int)entry.parameter() + 1)};
                    final int length = choices[random.nextInt(choices.length)];
                    if (random.nextBoolean())
                    {
                        bytes.putInt(buffer, length);
                        out.append("buffer length at ").append(buffer).append(" = ").append(length).append("; ");
                    }
                    else
                    {
                        out.append("buffer length bytes ").append(putRandomBytes(bytes, random, buffer, buffer + Integer.BYTES, 1))
                            .append("; ");
                    }
                    break;
                }
            }
        }
        return out.toString().trim();
    }

    /**
     * Replaces a string's charset with another one, as a region written by another implementation could hold it. Half
     * the time a charset this JVM can decode but not encode, the sharpest foreign case: readable here, never writable.
     */
    private static String foreignCharset(final Base base, final ByteBuffer bytes, final Random random)
    {
        final List<Entry> strings = base.entries().stream().filter(Entry::isString).toList();
        final Entry entry = strings.get(random.nextInt(strings.size()));
        final List<String> all = new ArrayList<>(Charset.availableCharsets().keySet());
        final List<String> decodeOnly = Charset.availableCharsets().values().stream().filter(c -> !c.canEncode()).map(Charset::name)
            .toList();
        final String charset;
        final int choice = random.nextInt(10);
        if (choice < 5 && !decodeOnly.isEmpty())
        {
            charset = decodeOnly.get(random.nextInt(decodeOnly.size()));
        }
        else if (choice < 8)
        {
            charset = all.get(random.nextInt(all.size()));
        }
        else
        {
            final StringBuilder junk = new StringBuilder();
            for (int i = 0, length = 1 + random.nextInt(20); i < length; i++)
            {
                junk.append((char)(0x20 + random.nextInt(0x5F)));
            }
            charset = junk.toString();
        }
        final byte[] ascii = charset.getBytes(StandardCharsets.US_ASCII);
        final int at = entry.offset() + EntryDescriptor.NAME_OFFSET + entry.nameLength();
        final int room = (int)entry.valueOffset() - at;
        for (int i = 0; i < Math.min(ascii.length, room); i++)
        {
            bytes.put(at + i, ascii[i]);
        }
        for (int i = ascii.length; i < room; i++)
        {
            bytes.put(at + i, (byte)0);
        }
        bytes.putInt(entry.offset() + EntryDescriptor.FORMAT_LENGTH_OFFSET, ascii.length);
        return "record '" + entry.name() + "' charset -> '" + charset + "'" + (ascii.length > room ? " (does not fit its record)" : "");
    }
}
