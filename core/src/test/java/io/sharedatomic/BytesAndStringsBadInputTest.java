package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import io.sharedatomic.testkit.RegionKind;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The byte and string misuses that the original answered with OverflowError, UnicodeEncodeError, ZeroDivisionError,
 * Python slice rules or a silent resize (SEED-SPEC 1.7, 1.8 and 5, items 8 to 14) each give a specific exception here
 * and change nothing: every entry of the region, value included, reads the same afterwards, and no entry is added.
 */
class BytesAndStringsBadInputTest
{
    private static final Charset ASCII = StandardCharsets.US_ASCII;
    private static final Charset UTF_8 = StandardCharsets.UTF_8;

    @TempDir
    Path tempDir;

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] hex(final String hex)
    {
        return HexFormat.of().parseHex(hex);
    }

    /**
     * Asserts that {@code action} throws {@code type} and that the region's entries, with their values, are unchanged.
     */
    private static <T extends Throwable> T assertRejected(final Class<T> type, final SharedRegion region, final Executable action)
    {
        final List<RegionEntry> before = region.entries();
        final T thrown = assertThrows(type, action);
        final List<RegionEntry> after = region.entries();
        assertEquals(before.size(), after.size());
        assertEquals(before, after);
        return thrown;
    }

    private static IllegalArgumentException assertRejected(final SharedRegion region, final Executable action)
    {
        return assertRejected(IllegalArgumentException.class, region, action);
    }

    private static void assertUnencodable(final SharedRegion region, final Executable action)
    {
        final IllegalArgumentException ex = assertRejected(region, action);
        assertInstanceOf(CharacterCodingException.class, ex.getCause(), ex.toString());
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRejectUnencodableCharactersWithTheCodingErrorAsCause(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedString one = region.sharedString("one", "ab", ASCII);
            final SharedString oneExpected = region.sharedString("oneExpected", "ab", ASCII);
            final SharedWideString wide = region.sharedWideString("wide", 16, ASCII, "ab");
            final SharedWideString wideExpected = region.sharedWideString("wideExpected", 16, ASCII, "ab");
            final SharedString chinese = region.sharedString("chinese", "重");

            assertUnencodable(region, () -> region.sharedString("new", "é", ASCII));
            assertUnencodable(region, () -> region.sharedWideString("newWide", 16, ASCII, "é"));
            assertUnencodable(region, () -> Shaping.shape("é", 3, Side.RIGHT, " ", Side.RIGHT, ASCII));
            assertUnencodable(region, () -> Shaping.shape("a", 3, Side.RIGHT, "é", Side.RIGHT, ASCII));

            // the expected values match, so only the encoding failure stops these from writing
            for (final StringValue value : List.of(one, wide))
            {
                final StringValue expected = value == one ? oneExpected : wideExpected;
                assertUnencodable(region, () -> value.set("é"));
                assertUnencodable(region, () -> value.getAndSet("é"));
                assertUnencodable(region, () -> value.compareAndSet("ab", "é"));
                assertUnencodable(region, () -> value.compareAndSet(expected, "é"));
                assertUnencodable(region, () -> value.compareAndExchange("ab", "é"));
                assertUnencodable(region, () -> value.set("aé"));
                assertEquals("ab", value.get());
                assertEquals("ab", expected.get());
            }

            assertUnencodable(region, () -> chinese.reencode("ascii", ASCII));
            assertUnencodable(region, () -> chinese.reencode("latin1", StandardCharsets.ISO_8859_1));
            assertEquals("重", chinese.get());
            assertEquals(UTF_8, chinese.charset());
            assertTrue(region.entry("ascii").isEmpty());
            assertTrue(region.entry("new").isEmpty());
            assertEquals(5, region.entries().size());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRejectBytesTooLongForTheWidth(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBytes two = region.sharedBytes("two", ascii("ab"));
            final SharedBytes twoExpected = region.sharedBytes("twoExpected", ascii("ab"));

            assertRejected(region, () -> region.sharedBytes("nine", ascii("ab1234567")));
            assertRejected(region, () -> region.sharedBytes("nineZeros", new byte[9]));
            assertRejected(region, () -> region.sharedBytes("fourOfFive", 4, ascii("abcde")));
            assertRejected(region, () -> region.sharedBytes("wideTooLong", 16, new byte[17]));
            assertRejected(region, () -> region.sharedWideBytes("wideTooLong", 16, new byte[17]));
            assertRejected(region, () -> region.sharedBytes("zero", 0, new byte[0]));
            assertRejected(region, () -> region.sharedWideBytes("zero", 0, new byte[0]));
            assertRejected(region, () -> region.sharedBytes("huge", (1 << 24) + 1, new byte[0]));
            assertRejected(region, () -> region.sharedWideBytes("huge", (1 << 24) + 1, new byte[0]));

            // the original resized on set; ours, like its get_and_set and CAS, rejects
            assertRejected(region, () -> two.set(ascii("abc")));
            assertRejected(region, () -> two.set(hex("010000")));
            assertRejected(region, () -> two.getAndSet(ascii("abc")));
            assertRejected(region, () -> two.compareAndSet(ascii("ab"), ascii("abc")));
            assertRejected(region, () -> two.compareAndSet(twoExpected, ascii("abc")));
            assertRejected(region, () -> two.compareAndExchange(ascii("ab"), ascii("abc")));
            assertRejected(region, () -> two.updateAndGet(current -> ascii("abc")));
            // operands wider than the word: the original's OverflowError
            assertRejected(region, () -> two.addAndGet(hex("010000")));
            assertRejected(region, () -> two.getAndNand(hex("010000")));
            assertRejected(region, () -> two.addAndGet(0x10000L));
            assertRejected(region, () -> two.getAndXor(-1L));

            assertArrayEquals(ascii("ab"), two.get());
            assertArrayEquals(ascii("ab"), twoExpected.get());
            assertEquals(2, region.entries().size());

            // a get into an array shorter than the width
            assertRejected(region, () -> two.get(new byte[1]));
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRejectStringsTooLongForTheWidth(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedString s = region.sharedString("s", "ab");
            final SharedString expected = region.sharedString("expected", "ab");

            assertRejected(region, () -> region.sharedString("eight", "abcdefgh"));
            assertRejected(region, () -> region.sharedString("nine", "重重重"));
            assertRejected(region, () -> region.sharedString("wideTooLong", 8, UTF_8, "abcdefghi"));
            assertRejected(region, () -> region.sharedWideString("wideTooLong", 8, UTF_8, "abcdefghi"));
            assertRejected(region, () -> region.sharedString("oneWordTooLong", 3, UTF_8, "abcd"));
            assertRejected(region, () -> region.sharedString("zero", 0, UTF_8, ""));
            assertRejected(region, () -> region.sharedWideString("zero", 0, UTF_8, ""));

            // the original resized on set_string; ours rejects, as its string_get_and_set did
            assertRejected(region, () -> s.set("abcd"));
            assertRejected(region, () -> s.set("重1"));
            assertRejected(region, () -> s.getAndSet("abcd"));
            assertRejected(region, () -> s.compareAndSet("ab", "abcd"));
            assertRejected(region, () -> s.compareAndSet(expected, "abcd"));
            assertRejected(region, () -> s.compareAndExchange("ab", "abcd"));
            assertRejected(region, () -> s.updateAndGet(current -> current + "cd"));

            assertEquals("ab", s.get());
            assertEquals("ab", expected.get());
            assertEquals(2, region.entries().size());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRejectAWrongPaddingSpec(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBytes bytes = region.sharedBytes("bytes", ascii("ab"));
            final SharedString string = region.sharedString("string", "ab");

            // empty padding where padding is needed: the original's ZeroDivisionError
            assertRejected(region, () -> Shaping.shape(ascii("ab"), 7, Side.RIGHT, new byte[0], Side.RIGHT));
            assertRejected(region, () -> Shaping.shape("ab", 7, Side.RIGHT, "", Side.RIGHT, UTF_8));
            assertRejected(region, () -> bytes.resize("r1", 7, Side.RIGHT, new byte[0], Side.RIGHT));
            assertRejected(region, () -> string.resize("r2", 7, Side.LEFT, "", Side.RIGHT));

            // a negative length: the original followed Python slice rules
            assertRejected(region, () -> Shaping.shape(ascii("abc"), -1, Side.RIGHT, new byte[] {0}, Side.RIGHT));
            assertRejected(region, () -> Shaping.shape("abc", -1, Side.RIGHT, " ", Side.RIGHT, UTF_8));
            assertRejected(region, () -> bytes.resize("r3", -1, Side.RIGHT, new byte[] {0}, Side.RIGHT));
            assertRejected(region, () -> string.resize("r4", -1, Side.RIGHT, " ", Side.RIGHT));

            assertArrayEquals(ascii("ab"), bytes.get());
            assertEquals("ab", string.get());
            assertEquals(2, region.entries().size());
            assertTrue(region.entry("r1").isEmpty());
            assertTrue(region.entry("r2").isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRejectSizeMismatchesBetweenBytes(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBytes two = region.sharedBytes("two", ascii("ab"));
            final SharedBytes otherTwo = region.sharedBytes("otherTwo", ascii("cd"));
            final SharedBytes four = region.sharedBytes("four", ascii("abcd"));
            final SharedWideBytes wide16 = region.sharedWideBytes("wide16", 16, ascii("sixteen"));
            final SharedWideBytes wide32 = region.sharedWideBytes("wide32", 32, ascii("thirty-two"));
            final BytesValue tagged16 = StructureEntries.bytes(region, "tagged16", 16, ascii("tagged"), "some-format");

            assertRejected(region, () -> two.store(four));
            assertRejected(region, () -> four.store(two));
            assertRejected(region, () -> two.shift(four, otherTwo));
            assertRejected(region, () -> two.shift(otherTwo, four));
            assertRejected(region, () -> two.compareAndSet(four, ascii("ab")));
            assertRejected(region, () -> four.compareAndSet(two, ascii("ab")));

            assertRejected(region, () -> wide16.store(wide32));
            assertRejected(region, () -> wide16.shift(wide32, wide16));
            assertRejected(region, () -> wide32.compareAndSet(wide16, ascii("x")));
            assertRejected(region, () -> wide16.store(tagged16));
            assertRejected(region, () -> wide16.store(two));

            assertArrayEquals(ascii("ab"), two.get());
            assertArrayEquals(ascii("cd"), otherTwo.get());
            assertArrayEquals(ascii("abcd"), four.get());
            assertArrayEquals(ascii("sixteen"), wide16.get());
            assertArrayEquals(ascii("thirty-two"), wide32.get());
            assertArrayEquals(ascii("tagged"), tagged16.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRejectSizeOrCharsetMismatchesBetweenStrings(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedString utf8 = region.sharedString("utf8", "ab");
            final SharedString otherUtf8 = region.sharedString("otherUtf8", "cd");
            final SharedString utf16 = region.sharedString("utf16", "a", StandardCharsets.UTF_16LE);
            final SharedString small = region.sharedString("small", "a");
            final SharedWideString wide8 = region.sharedWideString("wide8", 8, UTF_8, "wide");
            final SharedWideString wide8Utf16 = region.sharedWideString("wide8Utf16", 8, StandardCharsets.UTF_16LE, "wide");
            assertEquals(utf8.capacity(), utf16.capacity());

            assertRejected(region, () -> utf8.store(utf16));
            assertRejected(region, () -> utf16.store(utf8));
            assertRejected(region, () -> utf8.shift(utf16, otherUtf8));
            assertRejected(region, () -> utf8.shift(otherUtf8, utf16));
            assertRejected(region, () -> utf8.compareAndSet(utf16, "cd"));
            assertRejected(region, () -> utf8.store(small));
            assertRejected(region, () -> small.compareAndSet(utf8, "b"));
            assertRejected(region, () -> wide8.store(wide8Utf16));
            assertRejected(region, () -> wide8.compareAndSet(wide8Utf16, "x"));
            assertRejected(region, () -> wide8.shift(wide8, utf8));

            assertEquals("ab", utf8.get());
            assertEquals("cd", otherUtf8.get());
            assertEquals("a", utf16.get());
            assertEquals("a", small.get());
            assertEquals("wide", wide8.get());
            assertEquals("wide", wide8Utf16.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRejectWideValuesBeyondTheirCapacity(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedWideBytes bytes = region.sharedWideBytes("bytes", 16, ascii("hello"));
            final SharedWideBytes bytesExpected = region.sharedWideBytes("bytesExpected", 16, ascii("hello"));
            final byte[] seventeen = new byte[17];

            assertRejected(region, () -> bytes.set(seventeen));
            assertRejected(region, () -> bytes.getAndSet(seventeen));
            assertRejected(region, () -> bytes.compareAndSet(ascii("hello"), seventeen));
            assertRejected(region, () -> bytes.compareAndSet(bytesExpected, seventeen));
            assertRejected(region, () -> bytes.compareAndExchange(ascii("hello"), seventeen));
            assertRejected(region, () -> bytes.updateAndGet(current -> seventeen));
            assertRejected(region, () -> bytes.get(new byte[4]));
            assertArrayEquals(ascii("hello"), bytes.get());
            assertArrayEquals(ascii("hello"), bytesExpected.get());

            final SharedWideString string = region.sharedWideString("string", 8, UTF_8, "abc");
            final SharedWideString stringExpected = region.sharedWideString("stringExpected", 8, UTF_8, "abc");

            assertRejected(region, () -> string.set("abcdefghi"));
            assertRejected(region, () -> string.set("重重重"));
            assertRejected(region, () -> string.getAndSet("abcdefghi"));
            assertRejected(region, () -> string.compareAndSet("abc", "abcdefghi"));
            assertRejected(region, () -> string.compareAndSet(stringExpected, "abcdefghi"));
            assertRejected(region, () -> string.compareAndExchange("abc", "abcdefghi"));
            assertRejected(region, () -> string.updateAndGet(current -> current + "defghi"));
            assertEquals("abc", string.get());
            assertEquals("abc", stringExpected.get());

            final SharedWideString big = region.sharedWideString("big", 4096, UTF_8, "");
            assertRejected(region, () -> big.set("重".repeat(1366)));
            assertRejected(region, () -> big.set("a".repeat(4097)));
            assertEquals("", big.get());
            assertEquals(5, region.entries().size());
        }
    }

    /**
     * The one-word arithmetic used to throw {@link IllegalStateException} on a wide value at run time; now a wide
     * value is a {@link SharedWideBytes}, which has none of it, so such a call does not compile. Asking
     * {@code sharedBytes} for a wide capacity is refused and points at {@code sharedWideBytes}.
     */
    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldHaveNoIntegerOperationsOnWideBytes(final RegionKind kind) throws Exception
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedWideBytes wide = region.sharedWideBytes("wide", 16, hex("01"));
            final List<String> operations = List.of("getAsLong",
                "addAndGet", "getAndAdd", "subtractAndGet", "getAndSubtract", "andAndGet", "getAndAnd",
                "orAndGet", "getAndOr", "xorAndGet", "getAndXor", "nandAndGet", "getAndNand");
            for (final String operation : operations)
            {
                final List<Class<?>[]> overloads = operation.equals("getAsLong") ? List.of(new Class<?>[][]{{}}) :
                    List.of(new Class<?>[]{long.class}, new Class<?>[]{byte[].class});
                for (final Class<?>[] parameters : overloads)
                {
                    assertThrows(NoSuchMethodException.class, () -> SharedWideBytes.class.getMethod(operation, parameters), operation);
                    assertEquals(SharedBytes.class, SharedBytes.class.getMethod(operation, parameters).getDeclaringClass(), operation);
                }
            }
            final List<String> hints = List.of(
                assertRejected(region, () -> region.sharedBytes("wideAsOneWord", 16, hex("01"))).getMessage(),
                assertRejected(region, () -> region.sharedString("wideAsOneWord", 16, UTF_8, "")).getMessage(),
                assertRejected(region, () -> region.sharedWideBytes("oneWordAsWide", 8, hex("01"))).getMessage(),
                assertRejected(region, () -> region.sharedWideString("oneWordAsWide", 7, UTF_8, "")).getMessage());
            final List<String> factories = List.of("sharedWideBytes(", "sharedWideString(", "sharedBytes(", "sharedString(");
            for (int i = 0; i < hints.size(); i++)
            {
                assertTrue(hints.get(i).contains(factories.get(i)), hints.get(i));
            }
            assertArrayEquals(hex("01"), wide.get());
            assertEquals(1, region.entries().size());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRejectAnotherTypeOrShapeUnderAnExistingName(final RegionKind kind)
    {
        try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final SharedBytes bytes = region.sharedBytes("bytes", ascii("ab"));
            final SharedString string = region.sharedString("string", "ab");
            final SharedWideBytes wideBytes = region.sharedWideBytes("wideBytes", 16, ascii("wide"));
            final SharedWideString wideString = region.sharedWideString("wideString", 16, UTF_8, "wide");

            // bytes, then string, and the other way round
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedString("bytes", "ab"));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedWideString("bytes", 16, UTF_8, "ab"));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedBytes("string", ascii("ab")));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedWideBytes("string", 16, ascii("ab")));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedLong("bytes", 0));

            // the same name with another width, capacity, charset or format
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedBytes("bytes", ascii("abc")));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedBytes("bytes", ascii("a")));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedBytes("bytes", 8, ascii("ab")));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedWideBytes("bytes", 16, ascii("ab")));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedWideBytes("wideBytes", 32, ascii("wide")));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedBytes("wideBytes", 8, ascii("wide")));
            assertRejected(IncompatibleEntryException.class, region,
                () -> StructureEntries.bytes(region, "wideBytes", 16, ascii("wide"), "tag"));
            assertRejected(IncompatibleEntryException.class, region, () -> StructureEntries.bytes(region, "bytes", 2, ascii("ab"), "tag"));
            assertRejected(IncompatibleEntryException.class, region, () -> StructureEntries.words(region, "wideBytes", 4, "tag"));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedString("wideString", 7, UTF_8, "wide"));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedString("string", "abcd"));
            assertRejected(IncompatibleEntryException.class, region, () -> region.sharedString("string", "a", StandardCharsets.UTF_16LE));
            assertRejected(IncompatibleEntryException.class, region,
                () -> region.sharedWideString("wideString", 32, UTF_8, "wide"));
            assertRejected(IncompatibleEntryException.class, region,
                () -> region.sharedWideString("wideString", 16, StandardCharsets.UTF_16LE, "wide"));

            // a resize or reencode onto a taken name of another shape
            assertRejected(IncompatibleEntryException.class, region, () -> bytes.resize("string", 2, Side.RIGHT, ascii("x"), Side.RIGHT));
            assertRejected(IncompatibleEntryException.class, region, () -> bytes.resize("bytes", 4, Side.RIGHT, ascii("x"), Side.RIGHT));
            assertRejected(IncompatibleEntryException.class, region, () -> string.resize("string", 7, Side.RIGHT, " ", Side.RIGHT));
            assertRejected(IncompatibleEntryException.class, region, () -> string.reencode("string", StandardCharsets.UTF_16LE));

            // the same name and shape attaches to the existing value; the initial value is ignored
            assertArrayEquals(ascii("ab"), region.sharedBytes("bytes", ascii("cd")).get());
            assertEquals("ab", region.sharedString("string", "cd").get());
            assertArrayEquals(ascii("wide"), region.sharedWideBytes("wideBytes", 16, ascii("other")).get());
            assertEquals("wide", region.sharedWideString("wideString", 16, UTF_8, "other").get());

            assertArrayEquals(ascii("ab"), bytes.get());
            assertEquals("ab", string.get());
            assertArrayEquals(ascii("wide"), wideBytes.get());
            assertEquals("wide", wideString.get());
            assertEquals(4, region.entries().size());
        }
    }
}
