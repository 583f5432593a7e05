package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.sharedatomic.testkit.RegionKind;
import io.sharedatomic.testkit.Tasks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The original's test_atomic_string.py (SEED-SPEC 4.5) and the atomic_string rules of SEED-SPEC 1.8 as conformance
 * vectors, then wide strings, which the original lacks. Every case runs over both region kinds, which stand in for
 * the original's {@code change_mode}. The original's {@code resize} and {@code reencode} replaced the storage in place;
 * ours create a new value, so each is checked to leave the old value, and its charset, unchanged.
 *
 * <p>The raw one-word layouts of SEED-SPEC 1.8 ({@code 'a'} is the word {@code 0x0161}) are not reachable through the
 * public API (a string has no integer getter and a string entry cannot be attached as bytes); they are checked here
 * through the widths they imply ({@link SharedString#capacity()} of 1, 3 or 7) and round trips.
 */
class OriginalStringConformanceTest
{
    private static final int TASKS = 10_000;
    private static final int THREADS = 8;
    /** The original's inlist and exlist, of 1, 2, 4 and 6 bytes in UTF-8. */
    private static final String[] IN = {"a", "é", "重1", "重重"};
    private static final String[] EX = {"b", "è", "启2", "轻轻"};
    private static final String[] INITIAL = {"a", "aa", "aaaa", "aaaaaaa"};
    private static final int[] CAPACITY = {1, 3, 7, 7};
    /** After reencode to UTF-16LE: 'b' and 'è' need 2 bytes (a 4-byte width), '启2' and '轻轻' need 4. */
    private static final int[] UTF_16LE_CAPACITY = {3, 3, 7, 7};

    @TempDir
    Path tempDir;

    private static SharedString shaped(final SharedRegion region, final String name, final String value, final int length,
        final Side paddingSide, final String padding, final Side trimmingSide)
    {
        final Charset utf8 = StandardCharsets.UTF_8;
        return region.sharedString(name, Shaping.shape(value, length, paddingSide, padding, trimmingSide, utf8), utf8);
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestInit(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedString constructed = shaped(region, "constructed", "ab1234567", 7, Side.RIGHT, " ", Side.RIGHT);
            assertEquals("ab12345", constructed.get());
            assertEquals(7, constructed.capacity());

            final SharedString plain = region.sharedString("plain", "ab");
            assertEquals("ab", plain.get());
            assertEquals(3, plain.capacity());
            assertEquals(StandardCharsets.UTF_8, plain.charset());

            assertEquals("01201ab", shaped(region, "left", "ab", 7, Side.LEFT, "012", Side.RIGHT).get());
            assertEquals("ab01201", shaped(region, "right", "ab", 7, Side.RIGHT, "012", Side.RIGHT).get());
            assertEquals("ab     ", shaped(region, "spaces", "ab", 7, Side.RIGHT, " ", Side.RIGHT).get());
            assertEquals("1234567", shaped(region, "trimmedLeft", "ab1234567", 7, Side.RIGHT, " ", Side.LEFT).get());
            assertEquals("ab12345", shaped(region, "trimmedRight", "ab1234567", 7, Side.RIGHT, " ", Side.RIGHT).get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldShapeMultiByteStringsAsSeedSpecOneEight(final RegionKind kind)
    {
        final Charset utf8 = StandardCharsets.UTF_8;
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            // a character cut in two is dropped, either way
            assertEquals("重重", Shaping.shape("重重重", 7, Side.RIGHT, " ", Side.RIGHT, utf8));
            assertEquals("重重", Shaping.shape("重重重", 7, Side.RIGHT, " ", Side.LEFT, utf8));
            assertEquals("12重", Shaping.shape("012重", 5, Side.RIGHT, " ", Side.LEFT, utf8));
            // multi-byte padding goes in whole characters while they fit
            assertEquals("重a", Shaping.shape("a", 5, Side.LEFT, "重", Side.RIGHT, utf8));
            assertEquals("a重重", Shaping.shape("a", 7, Side.RIGHT, "重", Side.RIGHT, utf8));
            // the empty length gives the empty string
            assertEquals("", Shaping.shape("abc", 0, Side.RIGHT, " ", Side.RIGHT, utf8));

            final SharedString trimmed = shaped(region, "trimmed", "重重重", 7, Side.RIGHT, " ", Side.LEFT);
            assertEquals("重重", trimmed.get());
            assertEquals(7, trimmed.capacity());
            final SharedString padded = shaped(region, "padded", "a", 5, Side.LEFT, "重", Side.RIGHT);
            assertEquals("重a", padded.get());
            assertEquals(7, padded.capacity());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldUseTheOriginalWidthsForOneWordStrings(final RegionKind kind)
    {
        final String[] values = {"", "a", "ab", "abc", "abcd", "abcdefg", "重", "é", "重1"};
        final int[] capacities = {3, 1, 3, 3, 7, 7, 3, 3, 7};
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            for (int k = 0; k < values.length; k++)
            {
                final SharedString value = region.sharedString("s" + k, values[k]);
                assertEquals(ValueType.STRING, region.entry("s" + k).orElseThrow().type());
                assertEquals(capacities[k], value.capacity(), values[k]);
                assertEquals(values[k], value.get());
                assertEquals(values[k], value.toString());
            }

            // a short set keeps the width; '' reads back as ''
            final SharedString word = region.sharedString("word", "abcdefg");
            word.set("");
            assertEquals("", word.get());
            word.set("x");
            assertEquals("x", word.get());
            assertEquals(7, word.capacity());

            // a BOM is stored inside the 7 bytes: 'ab' in UTF-16 is 6 bytes
            final SharedString bom = region.sharedString("bom", "ab", StandardCharsets.UTF_16);
            assertEquals(7, bom.capacity());
            assertEquals("ab", bom.get());
            assertEquals(StandardCharsets.UTF_16, bom.charset());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestResizeOnTheLogicalStringAndKeepTheOldValue(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedString a = shaped(region, "a", "ab1234567", 7, Side.RIGHT, " ", Side.RIGHT);
            assertEquals("ab12345", a.get());

            final SharedString r1 = assertInstanceOf(SharedString.class, a.resize("r1", 6, Side.RIGHT, " ", Side.RIGHT));
            assertEquals("ab1234", r1.get());
            final SharedString r2 = assertInstanceOf(SharedString.class, r1.resize("r2", 5, Side.RIGHT, " ", Side.LEFT));
            assertEquals("b1234", r2.get());
            final SharedString r3 = assertInstanceOf(SharedString.class, r2.resize("r3", 7, Side.LEFT, "a", Side.RIGHT));
            assertEquals("aab1234", r3.get());
            final SharedString r4 = assertInstanceOf(SharedString.class, r3.resize("r4", 6, Side.RIGHT, " ", Side.LEFT));
            assertEquals("ab1234", r4.get());
            final SharedString r5 = assertInstanceOf(SharedString.class, r4.resize("r5", 7, Side.RIGHT, "a", Side.RIGHT));
            assertEquals("ab1234a", r5.get());

            // every resize made a new value and left its source alone
            assertEquals("ab12345", a.get());
            assertEquals("ab1234", r1.get());
            assertEquals("b1234", r2.get());
            assertEquals("aab1234", r3.get());
            assertEquals("ab1234", r4.get());
            for (final SharedString value : List.of(a, r1, r2, r3, r4, r5))
            {
                assertEquals(7, value.capacity(), value.name());
                assertEquals(StandardCharsets.UTF_8, value.charset());
            }
            assertEquals(6, region.entries().size());

            r1.set("zz");
            assertEquals("ab12345", a.get());
            assertEquals("b1234", r2.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldKeepTheCharsetOnResizeWhereTheOriginalLostIt(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedString a = region.sharedString("a", "ab");
            final SharedString utf16 = assertInstanceOf(SharedString.class, a.reencode("utf16", StandardCharsets.UTF_16LE));
            assertEquals("ab", utf16.get());
            assertEquals(StandardCharsets.UTF_16LE, utf16.charset());
            assertEquals(7, utf16.capacity());

            // the original gave 'ab     ' in UTF-8; ours pads whole UTF-16LE spaces while they fit 7 bytes
            final SharedString resized = assertInstanceOf(SharedString.class, utf16.resize("resized", 7, Side.RIGHT, " ", Side.RIGHT));
            assertEquals(StandardCharsets.UTF_16LE, resized.charset());
            assertEquals("ab ", resized.get());
            assertEquals(7, resized.capacity());

            final SharedString shrunk = assertInstanceOf(SharedString.class, utf16.resize("shrunk", 3, Side.RIGHT, " ", Side.RIGHT));
            assertEquals(StandardCharsets.UTF_16LE, shrunk.charset());
            assertEquals("a", shrunk.get());
            assertEquals(3, shrunk.capacity());

            assertEquals("ab", a.get());
            assertEquals(StandardCharsets.UTF_8, a.charset());
            assertEquals("ab", utf16.get());
            assertEquals(StandardCharsets.UTF_16LE, utf16.charset());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestString(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedString a = shaped(region, "a", "ab", 7, Side.RIGHT, "012", Side.RIGHT);
            assertEquals("ab01201", a.get());
            a.set("abc");
            assertEquals("abc", a.get());
            assertEquals(7, a.capacity());

            final SharedString aa = shaped(region, "aa", "aa", 7, Side.RIGHT, "012", Side.RIGHT);
            final SharedString bb = shaped(region, "bb", "bb", 7, Side.RIGHT, "012", Side.RIGHT);

            assertFalse(aa.compareAndSet(bb, "ab"));
            assertEquals(aa.get(), bb.get());
            assertEquals("aa01201", bb.get());
            assertEquals("aa01201", aa.get());

            assertTrue(aa.compareAndSet(bb, "ab"));
            assertEquals("ab", aa.get());
            assertEquals("aa01201", bb.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestValueString(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            for (int i = 0; i < 4; i++)
            {
                final SharedString a = region.sharedString("a" + i, INITIAL[i]);
                assertEquals(CAPACITY[i], a.capacity());

                final SharedString b = region.sharedString("b" + i, IN[i]);
                assertEquals(CAPACITY[i], b.capacity());
                a.store(b);
                assertEquals(IN[i], a.get());

                assertEquals(IN[i], a.getAndSet(EX[i]));
                assertEquals(EX[i], a.get());

                assertTrue(a.compareAndSet(region.sharedString("cas" + i, EX[i]), IN[i]));
                assertEquals(IN[i], a.get());

                final SharedString c1 = region.sharedString("c1-" + i, IN[i]);
                final SharedString c2 = region.sharedString("c2-" + i, EX[i]);
                a.shift(c2, c1);
                assertEquals(c2.get(), a.get());
                assertEquals(EX[i], a.get());
                assertEquals(IN[i], c1.get());

                final SharedString reencoded = assertInstanceOf(SharedString.class, a.reencode("utf16-" + i, StandardCharsets.UTF_16LE));
                assertEquals(EX[i], reencoded.get());
                assertEquals(StandardCharsets.UTF_16LE, reencoded.charset());
                assertEquals(UTF_16LE_CAPACITY[i], reencoded.capacity());
                assertEquals(ValueType.STRING, region.entry("utf16-" + i).orElseThrow().type());
                assertEquals(EX[i], a.get());
                assertEquals(StandardCharsets.UTF_8, a.charset());
                assertEquals(CAPACITY[i], a.capacity());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldReencodeIntoANewValue(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            // SEED-SPEC 1.8: 'a' (size 2) in UTF-16LE is 61 00, which needs the 4-byte width
            final SharedString a = region.sharedString("a", "a");
            assertEquals(1, a.capacity());
            final SharedString utf16 = assertInstanceOf(SharedString.class, a.reencode("utf16", StandardCharsets.UTF_16LE));
            assertEquals("a", utf16.get());
            assertEquals(3, utf16.capacity());
            assertEquals(StandardCharsets.UTF_16LE, utf16.charset());
            assertEquals("a", a.get());
            assertEquals(1, a.capacity());
            assertEquals(StandardCharsets.UTF_8, a.charset());

            // and back, through the same path
            final SharedString utf8 = assertInstanceOf(SharedString.class, utf16.reencode("utf8", StandardCharsets.UTF_8));
            assertEquals("a", utf8.get());
            assertEquals(1, utf8.capacity());

            // more than 7 bytes: the original refused; ours makes a wide value
            final SharedString abcd = region.sharedString("abcd", "abcd");
            final SharedWideString wide = assertInstanceOf(SharedWideString.class, abcd.reencode("wide", StandardCharsets.UTF_16LE));
            assertEquals(ValueType.WIDE_STRING, region.entry("wide").orElseThrow().type());
            assertEquals(8, wide.capacity());
            assertEquals("abcd", wide.get());
            assertEquals(StandardCharsets.UTF_16LE, wide.charset());
            assertEquals("abcd", abcd.get());
            assertEquals(ValueType.STRING, region.entry("abcd").orElseThrow().type());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassTestThreadAtomicWithExactlyOneWinner(final RegionKind kind) throws Exception
    {
        final RegionSpec spec = RegionSpec.defaults().withEntryCapacity(16384).withDataCapacity(4 << 20);
        try (SharedRegion region = kind.open(tempDir, spec, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedString a = region.sharedString("a", "ab");
            final SharedLong winners = region.sharedLong("winners", 0);

            final List<Boolean> results = Tasks.call(TASKS, THREADS, i ->
            {
                final SharedString expected = region.sharedString("expected-" + i, "ab");
                final boolean won = a.compareAndSet(expected, "cd");
                if (won)
                {
                    winners.addAndGet(1);
                }
                return won;
            });

            assertEquals("cd", a.get());
            assertEquals(1L, winners.get());
            assertEquals(1L, results.stream().filter(Boolean::booleanValue).count());
            // the winner's expected value still reads 'ab'; every loser's received 'cd'
            for (int i = 0; i < TASKS; i++)
            {
                final String expected = region.sharedString("expected-" + i, "").get();
                assertEquals(results.get(i) ? "ab" : "cd", expected, "expected-" + i);
            }
            assertEquals(TASKS + 2, region.entries().size());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRoundTripWideStringsOfEveryLength(final RegionKind kind)
    {
        final Charset utf8 = StandardCharsets.UTF_8;
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedWideString s = region.sharedWideString("s", 4096, utf8, "héllo, 重");
            assertEquals(ValueType.WIDE_STRING, region.entry("s").orElseThrow().type());
            assertEquals(4096, s.capacity());
            assertEquals(utf8, s.charset());
            assertEquals("héllo, 重", s.get());

            final StringBuilder ascii = new StringBuilder(4096);
            for (int length = 0; length <= 4096; length++)
            {
                final String value = ascii.toString();
                s.set(value);
                assertEquals(value, s.get(), "length " + length);
                ascii.append((char)('a' + length % 26));
            }

            // lengths count encoded bytes
            final String threeByte = "重".repeat(1365);
            s.set(threeByte);
            assertEquals(threeByte, s.get());
            final String twoByte = "é".repeat(2048);
            s.set(twoByte);
            assertEquals(twoByte, s.get());

            final SharedWideString utf16 = region.sharedWideString("utf16", 16, StandardCharsets.UTF_16LE, "abcdefgh");
            assertEquals("abcdefgh", utf16.get());
            assertEquals(StandardCharsets.UTF_16LE, utf16.charset());
            utf16.set("重重重重重重重重");
            assertEquals("重重重重重重重重", utf16.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldExchangeCompareAndUpdateWideStrings(final RegionKind kind)
    {
        final Charset utf8 = StandardCharsets.UTF_8;
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final String first = "first ".repeat(600);
            final String second = "второй";
            final SharedWideString s = region.sharedWideString("s", 4096, utf8, first);

            assertEquals(first, s.getAndSet(second));
            assertEquals(second, s.get());

            assertFalse(s.compareAndSet(first, ""));
            assertFalse(s.compareAndSet("второ", ""));
            assertFalse(s.compareAndSet("второйй", ""));
            assertEquals(second, s.get());
            assertTrue(s.compareAndSet(new StringBuilder(second), ""));
            assertEquals("", s.get());
            assertTrue(s.compareAndSet("", first));
            assertEquals(first, s.get());

            assertEquals(first, s.compareAndExchange(second, "x"));
            assertEquals(first, s.get());
            assertEquals(first, s.compareAndExchange(first, second));
            assertEquals(second, s.get());

            assertEquals(second + "!", s.updateAndGet(current -> current + "!"));
            assertEquals(second + "!", s.get());
            assertEquals("", s.updateAndGet(current -> ""));
            assertEquals("", s.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldCompareAndSetWideStringsWithTheOriginalsWriteBack(final RegionKind kind)
    {
        final Charset utf8 = StandardCharsets.UTF_8;
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final String current = "重".repeat(1000);
            final String update = "u".repeat(4096);
            final SharedWideString s = region.sharedWideString("s", 4096, utf8, current);
            final SharedWideString expected = region.sharedWideString("expected", 4096, utf8, "other");

            assertFalse(s.compareAndSet(expected, update));
            assertEquals(current, expected.get());
            assertEquals(current, s.get());

            assertTrue(s.compareAndSet(expected, update));
            assertEquals(update, s.get());
            assertEquals(current, expected.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldStoreAndShiftBetweenWideStringsOfEqualCapacity(final RegionKind kind)
    {
        final Charset utf8 = StandardCharsets.UTF_8;
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final String one = "one ".repeat(1000);
            final String two = "two";
            final String three = "三".repeat(1365);
            final SharedWideString a = region.sharedWideString("a", 4096, utf8, one);
            final SharedWideString b = region.sharedWideString("b", 4096, utf8, two);
            final SharedWideString c = region.sharedWideString("c", 4096, utf8, three);

            a.store(b);
            assertEquals(two, a.get());
            assertEquals(two, b.get());

            // a takes c's value, b receives a's previous value
            a.set(one);
            a.shift(c, b);
            assertEquals(three, a.get());
            assertEquals(one, b.get());
            assertEquals(three, c.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldHoldA64KibWideString(final RegionKind kind)
    {
        final int capacity = 64 << 10;
        try (SharedRegion region = kind.open(tempDir, RegionSpec.defaults().withDataCapacity(1 << 20), SharedRegion::inMemory,
            SharedRegion::open))
        {
            final String full = "重".repeat(capacity / 3) + "a";
            final SharedWideString s = region.sharedWideString("s", capacity, StandardCharsets.UTF_8, full);
            assertEquals(capacity, s.capacity());
            assertEquals(full, s.get());

            final String half = "h".repeat(capacity / 2);
            assertEquals(full, s.getAndSet(half));
            assertEquals(half, s.get());
            assertTrue(s.compareAndSet(half, full));
            assertEquals(full, s.get());
            assertEquals(full, s.compareAndExchange(half, half));
            assertEquals(full, s.get());
        }
    }
}
