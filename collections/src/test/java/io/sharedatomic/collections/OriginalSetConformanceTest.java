package io.sharedatomic.collections;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.sharedatomic.IncompatibleEntryException;
import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.Tasks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The original's test_atomic_set.py (SEED-SPEC 4.6) as conformance vectors for {@link SharedSet}: test_init, every step
 * of test_set and test_thread_atomic (the process test is in {@link SetListMultiProcessTest}), plus what SEED-SPEC 5
 * item 13 and 6 ("Typed collection elements") ask instead of the original's bugs: canonical order, clean rejections,
 * typed attach checks and an honest reencode error.
 *
 * <p>Where the original grows a value on set_set (4 to 8 bytes), ours keeps the width fixed at creation: the value is
 * created with capacity 8, and a 4-byte value is shown to reject the wider set without changing.
 */
class OriginalSetConformanceTest
{
    private static final ByteString AB = bytes("ab");
    private static final ByteString CD = bytes("cd");
    private static final ByteString X12 = bytes("x12");
    private static final ByteString X21 = bytes("x21");
    private static final ByteString X2 = bytes("x2");
    private static final int TASKS = 10_000;
    private static final int THREADS = 8;

    @TempDir
    Path tempDir;

    /** The two kinds of region every test runs over. */
    enum Kind
    {
        IN_MEMORY,
        FILE;

        SharedRegion open(final Path directory)
        {
            return open(directory, RegionSpec.defaults());
        }

        SharedRegion open(final Path directory, final RegionSpec spec)
        {
            return this == IN_MEMORY ? SharedRegion.inMemory(spec) : SharedRegion.open(directory.resolve("sets.region"), spec);
        }

        /** A second view of the same values: the region itself in memory, a second mapping of the file otherwise. */
        SharedRegion second(final Path directory, final SharedRegion region)
        {
            return this == IN_MEMORY ? region : SharedRegion.attach(directory.resolve("sets.region"));
        }
    }

    /** One test_init collection: what is passed, what reads back, and the original's width. */
    private record InitCase(String name, Charset charset, Collection<?> initial, Set<?> expected, int capacity)
    {
    }

    private static ByteString bytes(final String text)
    {
        return ByteString.of(text.getBytes(ISO_8859_1));
    }

    private static Set<Object> linked(final Object... elements)
    {
        return new LinkedHashSet<>(Arrays.asList(elements));
    }

    private static Set<Integer> range(final int from, final int toExclusive)
    {
        final Set<Integer> set = new LinkedHashSet<>();
        for (int i = from; i < toExclusive; i++)
        {
            set.add(i);
        }
        return set;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRoundTripEveryTestInitSet(final Kind kind)
    {
        final List<InitCase> cases = List.of(
            new InitCase("ints", UTF_8, Set.of(1, 2, 3), Set.of(1, 2, 3), 4),
            // The original passes the tuple (True, False).
            new InitCase("bools", UTF_8, List.of(true, false), Set.of(true, false), 4),
            new InitCase("byte-strings", UTF_8, Set.of(AB, CD), Set.of(AB, CD), 8),
            new InitCase("strings", UTF_8, Set.of("ab", "cd"), Set.of("ab", "cd"), 8),
            new InitCase("chinese", UTF_16LE, Set.of("中", "国"), Set.of("中", "国"), 8),
            // Python's set has 3 elements because True == 1; in Java true and 1 are distinct, so it has 4, which take
            // exactly 64 bits (1 + 4 + 7 + 22 + 30).
            new InitCase("mixed", UTF_16LE, Set.of(1, "中", true, X12), Set.of(1, "中", true, X12), 8));
        try (SharedRegion region = kind.open(tempDir))
        {
            for (final InitCase c : cases)
            {
                final SharedSet set = SharedSet.of(region, c.name(), 0, c.charset(), c.initial());
                assertEquals(c.expected(), set.get(), c.name());
                assertEquals(c.capacity(), set.capacity(), c.name());
                assertEquals(c.charset(), set.charset(), c.name());
            }
            assertEquals(4, SharedSet.of(region, "mixed", 0, UTF_16LE, Set.of(1, "中", true, X12)).get().size());

            try (SharedRegion second = kind.second(tempDir, region))
            {
                for (final InitCase c : cases)
                {
                    assertEquals(c.expected(), SharedSet.of(second, c.name(), 0, c.charset(), c.initial()).get(), c.name());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldPassEveryTestSetStep(final Kind kind)
    {
        try (SharedRegion region = kind.open(tempDir))
        {
            // a = {1,'中',True,b'x12'} utf-16-le round-trips (4 elements in Java, see test_init).
            final SharedSet mixed = SharedSet.of(region, "mixed", 0, UTF_16LE, Set.of(1, "中", true, X12));
            assertEquals(Set.of(1, "中", true, X12), mixed.get());

            // a = {1} utf-16-le: the original makes it 4 bytes and grows it to 8 on set_set; ours is created with
            // capacity 8, and a 4-byte set rejects the 64-bit value and keeps {1}.
            final SharedSet small = SharedSet.of(region, "small", 0, UTF_16LE, Set.of(1));
            assertEquals(4, small.capacity());
            final Set<Object> wider = Set.of(0, "国", true, X21);
            assertThrows(IllegalArgumentException.class, () -> small.set(wider));
            assertEquals(Set.of(1), small.get());

            final SharedSet a = SharedSet.of(region, "a", 8, UTF_16LE, Set.of(1));
            assertEquals(8, a.capacity());
            assertEquals(Set.of(1), a.get());
            // 22 header bits with the sentinel + 42 payload bits = exactly 64.
            a.set(wider);
            assertEquals(Set.of(0, "国", true, X21), a.get());

            // b = {0,'国',True,b'x12'}: CAS fails and b takes a's value; again it succeeds.
            final SharedSet b = SharedSet.of(region, "b", 0, UTF_16LE, Set.of(0, "国", true, X12));
            assertFalse(a.compareAndSet(b, Set.of(1, 2, 3)));
            assertEquals(a.get(), b.get());
            assertEquals(Set.of(0, "国", true, X21), b.get());
            assertEquals(Set.of(0, "国", true, X21), a.get());
            assertTrue(a.compareAndSet(b, Set.of(0, 1, 2, 3, 4, 5, 6)));
            assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6), a.get());
            assertEquals(Set.of(0, "国", true, X21), b.get());

            // set_set({0,'国',True,b'x2'}); reencode('utf-8') fits (64 bits). Ours returns a new value.
            a.set(Set.of(0, "国", true, X2));
            assertEquals(Set.of(0, "国", true, X2), a.get());
            final SharedSet utf8 = a.reencode("a-utf-8", UTF_8);
            assertEquals(Set.of(0, "国", true, X2), utf8.get());
            assertEquals(UTF_8, utf8.charset());
            assertEquals(8, utf8.capacity());
            assertEquals(Set.of(0, "国", true, X2), a.get());
            assertEquals(UTF_16LE, a.charset());

            // a.value = {0,'国',True,b'x2'}; b = {12,'s',True,b'x12'}; a.set_store(b).
            utf8.set(Set.of(0, "国", true, X2));
            assertEquals(Set.of(0, "国", true, X2), utf8.get());
            final SharedSet b4 = SharedSet.of(region, "b4", Set.of(12, "s", true, X12));
            utf8.store(b4);
            assertEquals(b4.get(), utf8.get());
            assertEquals(Set.of(12, "s", true, X12), utf8.get());
            assertEquals(Set.of(12, "s", true, X12), b4.get());

            // set_get_and_set({0,1,2,3}) returns the old value.
            assertEquals(Set.of(12, "s", true, X12), utf8.getAndSet(Set.of(0, 1, 2, 3)));
            assertEquals(Set.of(0, 1, 2, 3), utf8.get());

            // c = {12,'s',3,4,5}, b = {0,1,4,3,2,5,6}; a.set_shift(b, c).
            final SharedSet c6 = SharedSet.of(region, "c6", Set.of(12, "s", 3, 4, 5));
            final SharedSet b6 = SharedSet.of(region, "b6", linked(0, 1, 4, 3, 2, 5, 6));
            utf8.shift(b6, c6);
            assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6), utf8.get());
            assertEquals(Set.of(0, 1, 2, 3), c6.get());
            assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6), b6.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldCompareAndSetBetweenEqualSetsBuiltInDifferentOrders(final Kind kind)
    {
        try (SharedRegion region = kind.open(tempDir))
        {
            // The original encoded {8, 16} as 2929936 and {16, 8} as 2994440, so a CAS between them failed; ours
            // encodes both canonically, as the original's fresh small-int set (ascending).
            final SharedSet ints = SharedSet.of(region, "ints", linked(16, 8));
            assertEquals(2929936L, ints.bytes().getAsLong());
            assertEquals(List.of(8, 16), new ArrayList<>(ints.get()));
            assertTrue(ints.compareAndSet(linked(8, 16), Set.of(1)));
            assertEquals(Set.of(1), ints.get());
            ints.set(linked(8, 16));
            assertEquals(2929936L, ints.bytes().getAsLong());
            final SharedSet expectedInts = SharedSet.of(region, "expected-ints", linked(16, 8));
            assertTrue(ints.compareAndSet(expectedInts, Set.of(2)));
            assertEquals(Set.of(2), ints.get());

            // Mixed kinds: canonical order is booleans, ints, strings, byte strings.
            final SharedSet mixed = SharedSet.of(region, "mixed", linked(X12, "s", 5, true));
            assertEquals(List.of(true, 5, "s", X12), new ArrayList<>(mixed.get()));
            assertTrue(mixed.compareAndSet(linked(true, 5, "s", X12), linked("t", false)));
            assertEquals(List.of(false, "t"), new ArrayList<>(mixed.get()));
            assertTrue(mixed.compareAndSet(new HashSet<>(List.of("t", false)), linked(5, X12, true, "s")));
            final SharedSet expectedMixed = SharedSet.of(region, "expected-mixed", linked("s", X12, true, 5));
            assertTrue(mixed.compareAndSet(expectedMixed, Set.of(3)));
            assertEquals(Set.of(3), mixed.get());
            assertEquals(Set.of(true, 5, "s", X12), expectedMixed.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRoundTripAndCompareAndSetAWideSet(final Kind kind)
    {
        try (SharedRegion region = kind.open(tempDir))
        {
            // 20 ints 0..19 take 1 + 120 + 70 = 191 bits, far more than one word.
            final Set<Integer> ascending = range(0, 20);
            final Set<Integer> descending = new LinkedHashSet<>(ascending.stream().sorted((x, y) -> y - x).toList());
            final SharedSet wide = SharedSet.of(region, "wide", 64, UTF_8, descending);
            assertEquals(64, wide.capacity());
            assertEquals(ascending, wide.get());
            assertEquals(new ArrayList<>(ascending), new ArrayList<>(wide.get()));

            assertTrue(wide.compareAndSet(ascending, Set.of("a", "b", true, X12)));
            assertEquals(Set.of("a", "b", true, X12), wide.get());
            assertFalse(wide.compareAndSet(ascending, Set.of(1)));
            assertEquals(Set.of("a", "b", true, X12), wide.get());

            final SharedSet expected = SharedSet.of(region, "expected", 64, UTF_8, ascending);
            assertFalse(wide.compareAndSet(expected, descending));
            assertEquals(Set.of("a", "b", true, X12), expected.get());
            wide.set(ascending);
            expected.set(descending);
            assertTrue(wide.compareAndSet(expected, range(100, 108)));
            assertEquals(range(100, 108), wide.get());
            assertEquals(range(100, 108), wide.getAndSet(descending));
            assertEquals(ascending, wide.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRejectWhatTheLayoutCannotHoldAndChangeNothing(final Kind kind)
    {
        final List<Collection<?>> rejected = List.of(
            Set.of(),
            Set.of(""),
            Set.of("", ByteString.of(new byte[0])),
            Set.of(128),
            Set.of(-1),
            Set.of(5L),
            Set.of(1.0),
            new HashSet<>(Arrays.asList(1, null)),
            Set.of("abcdefgh"),
            Set.of(new byte[]{1}),
            // {0..9} needs 87 bits: more than any one-word capacity.
            range(0, 10),
            // 64 bits: fits 8 bytes but not this set's 4.
            Set.of(0, "国", true, X21));
        try (SharedRegion region = kind.open(tempDir))
        {
            final SharedSet set = SharedSet.of(region, "set", 0, UTF_16LE, Set.of(1));
            assertEquals(4, set.capacity());
            for (final Collection<?> bad : rejected)
            {
                final String what = String.valueOf(bad);
                assertThrows(IllegalArgumentException.class, () -> set.set(bad), what);
                assertEquals(Set.of(1), set.get(), what);
                assertThrows(IllegalArgumentException.class, () -> set.getAndSet(bad), what);
                assertEquals(Set.of(1), set.get(), what);
                assertThrows(IllegalArgumentException.class, () -> set.compareAndSet(Set.of(1), bad), what);
                assertEquals(Set.of(1), set.get(), what);
                assertThrows(IllegalArgumentException.class, () -> set.compareAndExchange(Set.of(1), bad), what);
                assertEquals(Set.of(1), set.get(), what);
                assertThrows(IllegalArgumentException.class, () -> set.updateAndGet(current -> new HashSet<Object>(bad)), what);
                assertEquals(Set.of(1), set.get(), what);
                // A value that cannot be stored cannot be the current one.
                assertFalse(set.compareAndSet(bad, Set.of(2)), what);
                assertEquals(Set.of(1), set.get(), what);
                assertThrows(IllegalArgumentException.class, () -> SharedSet.of(region, "new", 4, UTF_16LE, bad), what);
                assertTrue(region.entry("new").isEmpty(), what);
            }

            final SharedSet ascii = SharedSet.of(region, "ascii", 0, US_ASCII, Set.of("a"));
            assertThrows(IllegalArgumentException.class, () -> ascii.set(Set.of("é")));
            assertThrows(IllegalArgumentException.class, () -> ascii.getAndSet(Set.of("é", 1)));
            assertThrows(IllegalArgumentException.class, () -> ascii.compareAndSet(Set.of("a"), Set.of("é")));
            assertEquals(Set.of("a"), ascii.get());
            assertThrows(IllegalArgumentException.class, () -> SharedSet.of(region, "new-ascii", 0, US_ASCII, Set.of("é")));
            assertTrue(region.entry("new-ascii").isEmpty());

            // More than a wide capacity: 9 seven-byte strings take 559 bits, 70 bytes.
            final SharedSet wide = SharedSet.of(region, "wide", 64, UTF_8, Set.of(1));
            final Set<String> tooMany = new LinkedHashSet<>();
            for (int i = 0; i < 9; i++)
            {
                tooMany.add("abcdef" + i);
            }
            assertThrows(IllegalArgumentException.class, () -> wide.set(tooMany));
            assertThrows(IllegalArgumentException.class, () -> SharedSet.of(region, "new-wide", 64, UTF_8, tooMany));
            assertTrue(region.entry("new-wide").isEmpty());
            tooMany.remove("abcdef8");
            wide.set(tooMany);
            assertEquals(tooMany, wide.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRefuseToAttachASetAsAListOrWithAnotherCharset(final Kind kind)
    {
        try (SharedRegion region = kind.open(tempDir))
        {
            final SharedSet set = SharedSet.of(region, "set", 0, UTF_8, Set.of(1));
            assertThrows(IncompatibleEntryException.class, () -> SharedList.of(region, "set", 0, UTF_8, List.of(1)));
            assertThrows(IncompatibleEntryException.class, () -> SharedSet.of(region, "set", 0, UTF_16LE, Set.of(1)));
            assertThrows(IncompatibleEntryException.class, () -> SharedSet.of(region, "set", 64, UTF_8, Set.of(1)));
            assertEquals(Set.of(1), set.get());
            assertEquals(Set.of(1), SharedSet.of(region, "set", 0, UTF_8, Set.of(2)).get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRejectObjectFormsWithAnotherCapacityOrCharset(final Kind kind)
    {
        try (SharedRegion region = kind.open(tempDir))
        {
            final SharedSet a = SharedSet.of(region, "a", 0, UTF_8, Set.of(1));
            final SharedSet otherCharset = SharedSet.of(region, "utf-16", 0, UTF_16LE, Set.of(1));
            final SharedSet otherCapacity = SharedSet.of(region, "eight", 8, UTF_8, Set.of(1));
            final SharedSet same = SharedSet.of(region, "same", 0, UTF_8, Set.of(2));
            for (final SharedSet other : List.of(otherCharset, otherCapacity))
            {
                assertThrows(IllegalArgumentException.class, () -> a.compareAndSet(other, Set.of(3)), other.name());
                assertThrows(IllegalArgumentException.class, () -> a.store(other), other.name());
                assertThrows(IllegalArgumentException.class, () -> a.shift(other, same), other.name());
                assertThrows(IllegalArgumentException.class, () -> a.shift(same, other), other.name());
                assertEquals(Set.of(1), a.get());
                assertEquals(Set.of(1), other.get());
                assertEquals(Set.of(2), same.get());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldReportAnUnencodableElementOnReencodeAsAnEncodingError(final Kind kind)
    {
        try (SharedRegion region = kind.open(tempDir))
        {
            final SharedSet set = SharedSet.of(region, "set", Set.of("é", 1));
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> set.reencode("ascii", US_ASCII));
            final String message = ex.getMessage().toLowerCase(Locale.ROOT);
            assertTrue(message.contains("encod"), message);
            assertFalse(message.contains("larger space"), message);
            assertEquals(Set.of("é", 1), set.get());
            assertEquals(UTF_8, set.charset());
            assertTrue(region.entry("ascii").isEmpty());

            // A reencoding that needs more than the capacity is refused too: {'ab'} is 39 bits in UTF-16LE.
            final SharedSet ab = SharedSet.of(region, "ab", Set.of("ab"));
            assertEquals(4, ab.capacity());
            assertThrows(IllegalArgumentException.class, () -> ab.reencode("ab-utf-16", UTF_16LE));
            assertEquals(Set.of("ab"), ab.get());
            assertTrue(region.entry("ab-utf-16").isEmpty());

            final SharedSet ascii = SharedSet.of(region, "ab-ascii", Set.of("ab", 1)).reencode("ab-ascii-2", US_ASCII);
            assertEquals(Set.of("ab", 1), ascii.get());
            assertEquals(US_ASCII, ascii.charset());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldHaveExactlyOneWinnerAmongTenThousandCompareAndSets(final Kind kind) throws Exception
    {
        try (SharedRegion region = kind.open(tempDir))
        {
            final SharedSet a = SharedSet.of(region, "a", Set.of("ab"));
            final SharedLong winners = region.sharedLong("winners");
            runTasks(task ->
            {
                if (a.compareAndSet(Set.of("ab"), Set.of("cd")))
                {
                    winners.incrementAndGet();
                }
            });
            assertEquals(1L, winners.get());
            assertEquals(Set.of("cd"), a.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldHaveExactlyOneWinnerWithTheOriginalsExpectedSetPerTask(final Kind kind) throws Exception
    {
        final RegionSpec spec = RegionSpec.defaults().withEntryCapacity(16384).withDataCapacity(4 << 20);
        try (SharedRegion region = kind.open(tempDir, spec))
        {
            final SharedSet a = SharedSet.of(region, "a", Set.of("ab"));
            final SharedLong winners = region.sharedLong("winners");
            runTasks(task ->
            {
                final SharedSet expected = SharedSet.of(region, "expected-" + task, Set.of("ab"));
                if (a.compareAndSet(expected, Set.of("cd")))
                {
                    winners.incrementAndGet();
                }
            });
            assertEquals(1L, winners.get());
            assertEquals(Set.of("cd"), a.get());
            // Every loser got the current value {'cd'} written back; only the winner's expected still holds {'ab'}.
            int stillAb = 0;
            for (int i = 0; i < TASKS; i++)
            {
                final Set<Object> expected = SharedSet.of(region, "expected-" + i, Set.of("ab")).get();
                stillAb += expected.equals(Set.of("ab")) ? 1 : 0;
                assertTrue(expected.equals(Set.of("ab")) || expected.equals(Set.of("cd")), expected::toString);
            }
            assertEquals(1, stillAb);
        }
    }

    private static void runTasks(final Tasks.Action task) throws Exception
    {
        Tasks.run(TASKS, THREADS, task);
    }
}
