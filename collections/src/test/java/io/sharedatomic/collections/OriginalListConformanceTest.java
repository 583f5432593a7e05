package io.sharedatomic.collections;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.sharedatomic.IncompatibleEntryException;
import io.sharedatomic.SharedBytes;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.RegionKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The original's test_atomic_list.py (SEED-SPEC 4.7) as conformance vectors for {@link SharedList}: test_init, every
 * step of test_list and test_thread_atomic (the process test is in {@link SetListMultiProcessTest}), the observed words
 * and element-count limits of SEED-SPEC 1.9, plus what SEED-SPEC 5 item 13 and 6 ask instead of the original's bugs:
 * clean rejections, typed attach checks and an honest reencode error.
 *
 * <p>Where the original grows a value on set_list (4 to 8 bytes), ours keeps the width fixed at creation: the value is
 * created with capacity 8, and a 4-byte value is shown to reject the wider list without changing.
 *
 * <p>test_thread_atomic and the checks that {@link SharedSet} shares are in {@link EncodedCollectionContractTest}.
 */
class OriginalListConformanceTest extends EncodedCollectionContractTest<List<Object>, SharedList>
{
    private static final ByteString ONE = bytes("1");

    @Override
    SharedList of(final SharedRegion region, final String name, final Collection<?> initial)
    {
        return SharedList.of(region, name, initial);
    }

    @Override
    SharedList of(final SharedRegion region, final String name, final int capacity, final Charset charset, final Collection<?> initial)
    {
        return SharedList.of(region, name, capacity, charset, initial);
    }

    @Override
    List<Object> collection(final Object... elements)
    {
        return List.of(elements);
    }

    private static List<Object> repeat(final int count, final Object... cycle)
    {
        final List<Object> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            list.add(cycle[i % cycle.length]);
        }
        return list;
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRoundTripEveryTestInitList(final RegionKind kind)
    {
        final List<InitCase> cases = List.of(
            new InitCase("ints", UTF_8, List.of(1, 2, 2, 3), List.of(1, 2, 2, 3), 4),
            // The original passes the tuple (True, False).
            new InitCase("bools", UTF_8, List.of(true, false), List.of(true, false), 4),
            new InitCase("byte-strings", UTF_8, List.of(AB, CD), List.of(AB, CD), 8),
            new InitCase("strings", UTF_8, List.of("ab", "cd"), List.of("ab", "cd"), 8),
            new InitCase("chinese", UTF_16LE, List.of("中", "国", ONE), List.of("中", "国", ONE), 8),
            // 4 elements, true stays a boolean: exactly 64 bits.
            new InitCase("mixed", UTF_16LE, List.of(1, "中", true, X12), List.of(1, "中", true, X12), 8));
        try (SharedRegion region = open(kind))
        {
            for (final InitCase c : cases)
            {
                final SharedList list = SharedList.of(region, c.name(), 0, c.charset(), c.initial());
                assertEquals(c.expected(), list.get(), c.name());
                assertEquals(c.capacity(), list.capacity(), c.name());
                assertEquals(c.charset(), list.charset(), c.name());
            }

            try (SharedRegion second = second(kind, region))
            {
                for (final InitCase c : cases)
                {
                    assertEquals(c.expected(), SharedList.of(second, c.name(), 0, c.charset(), c.initial()).get(), c.name());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldHoldTheOriginalsObservedWords(final RegionKind kind)
    {
        try (SharedRegion region = open(kind))
        {
            // SEED-SPEC 1.9: [1] = 1|010010|1 = 165 and [True] = 1|000|1 = 17, both in 4 bytes.
            final SharedList one = SharedList.of(region, "one", List.of(1));
            assertEquals(4, one.capacity());
            assertEquals(165L, ((SharedBytes)one.bytes()).getAsLong());
            final SharedList yes = SharedList.of(region, "true", List.of(true));
            assertEquals(17L, ((SharedBytes)yes.bytes()).getAsLong());

            final SharedList mixed = SharedList.of(region, "mixed", 0, UTF_16LE, List.of(1, "中", true, X12));
            assertEquals(Long.parseUnsignedLong("12045398761102913842"), ((SharedBytes)mixed.bytes()).getAsLong());

            // A word written by the original decodes here.
            one.bytes().set(new byte[]{17});
            assertEquals(List.of(true), one.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldAcceptTheOriginalsLargestListsInOneWord(final RegionKind kind)
    {
        try (SharedRegion region = open(kind))
        {
            // SEED-SPEC 1.9: 15 bools (61 bits), 9 ints that are 0 or 1 (64 bits), 4 one-byte strings (57 bits),
            // one 7-byte string (63 bits); and [0..6] in 58 bits. One more element does not fit a word.
            final List<List<Object>> largest = List.of(
                repeat(15, true, false),
                repeat(9, 0, 1),
                repeat(4, "a", "b"),
                List.of("abcdefg"),
                List.of(bytes("abcdefg")),
                List.of(0, 1, 2, 3, 4, 5, 6));
            final List<List<Object>> oneMore = List.of(
                repeat(16, true, false),
                repeat(10, 0, 1),
                repeat(5, "a", "b"),
                List.of("abcdefg", true),
                List.of(bytes("abcdefg"), 0),
                List.of(0, 1, 2, 3, 4, 5, 6, 7));
            for (int i = 0; i < largest.size(); i++)
            {
                final SharedList list = SharedList.of(region, "largest-" + i, largest.get(i));
                assertEquals(8, list.capacity());
                assertEquals(largest.get(i), list.get());
                final List<Object> tooLong = oneMore.get(i);
                assertThrows(IllegalArgumentException.class, () -> list.set(tooLong), tooLong::toString);
                assertEquals(largest.get(i), list.get());
                final String name = "one-more-" + i;
                assertThrows(IllegalArgumentException.class, () -> SharedList.of(region, name, tooLong), tooLong::toString);
                assertTrue(region.entry(name).isEmpty());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldPassEveryTestListStep(final RegionKind kind)
    {
        try (SharedRegion region = open(kind))
        {
            // a = [1,'中',True,b'x12'] utf-16-le round-trips.
            final SharedList mixed = SharedList.of(region, "mixed", 0, UTF_16LE, List.of(1, "中", true, X12));
            assertEquals(List.of(1, "中", true, X12), mixed.get());

            // a = [1] utf-16-le: the original makes it 4 bytes and grows it to 8 on set_list; ours is created with
            // capacity 8, and a 4-byte list rejects the 64-bit value and keeps [1].
            final SharedList small = SharedList.of(region, "small", 0, UTF_16LE, List.of(1));
            assertEquals(4, small.capacity());
            final List<Object> wider = List.of(0, "国", true, X21);
            assertThrows(IllegalArgumentException.class, () -> small.set(wider));
            assertEquals(List.of(1), small.get());

            final SharedList a = SharedList.of(region, "a", 8, UTF_16LE, List.of(1));
            assertEquals(8, a.capacity());
            assertEquals(List.of(1), a.get());
            a.set(wider);
            assertEquals(List.of(0, "国", true, X21), a.get());

            // b = [0,'国',True,b'x12']: CAS fails and b takes a's value; again it succeeds.
            final SharedList b = SharedList.of(region, "b", 0, UTF_16LE, List.of(0, "国", true, X12));
            assertFalse(a.compareAndSet(b, List.of(1, 2, 3)));
            assertEquals(a.get(), b.get());
            assertEquals(List.of(0, "国", true, X21), b.get());
            assertEquals(List.of(0, "国", true, X21), a.get());
            assertTrue(a.compareAndSet(b, List.of(0, 1, 2, 3, 4, 5, 6)));
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), a.get());
            assertEquals(List.of(0, "国", true, X21), b.get());

            // set_list([0,'国',True,b'x2']); reencode('utf-8') fits (64 bits). Ours returns a new value.
            a.set(List.of(0, "国", true, X2));
            assertEquals(List.of(0, "国", true, X2), a.get());
            final SharedList utf8 = a.reencode("a-utf-8", UTF_8);
            assertEquals(List.of(0, "国", true, X2), utf8.get());
            assertEquals(UTF_8, utf8.charset());
            assertEquals(8, utf8.capacity());
            assertEquals(List.of(0, "国", true, X2), a.get());
            assertEquals(UTF_16LE, a.charset());

            // a.value = [0,'国',True,b'x2']; b = [12,'s',True,b'x12']; a.list_store(b).
            utf8.set(List.of(0, "国", true, X2));
            assertEquals(List.of(0, "国", true, X2), utf8.get());
            final SharedList b4 = SharedList.of(region, "b4", List.of(12, "s", true, X12));
            utf8.store(b4);
            assertEquals(b4.get(), utf8.get());
            assertEquals(List.of(12, "s", true, X12), utf8.get());
            assertEquals(List.of(12, "s", true, X12), b4.get());

            // list_get_and_set([0,1,2,3]) returns the old value.
            assertEquals(List.of(12, "s", true, X12), utf8.getAndSet(List.of(0, 1, 2, 3)));
            assertEquals(List.of(0, 1, 2, 3), utf8.get());

            // list_shift(b=[0,1,4,3,2,5,6], c=[12,'s',3,4,5]): order is preserved.
            final SharedList c6 = SharedList.of(region, "c6", List.of(12, "s", 3, 4, 5));
            final SharedList b6 = SharedList.of(region, "b6", List.of(0, 1, 4, 3, 2, 5, 6));
            utf8.shift(b6, c6);
            assertEquals(List.of(0, 1, 4, 3, 2, 5, 6), utf8.get());
            assertEquals(List.of(0, 1, 2, 3), c6.get());
            assertEquals(List.of(0, 1, 4, 3, 2, 5, 6), b6.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldKeepOrderAndDuplicatesInCompareAndSet(final RegionKind kind)
    {
        try (SharedRegion region = open(kind))
        {
            final SharedList list = SharedList.of(region, "list", 8, UTF_8, List.of(16, 8, 8));
            assertEquals(List.of(16, 8, 8), list.get());
            assertFalse(list.compareAndSet(List.of(8, 16, 8), List.of(1)));
            assertFalse(list.compareAndSet(List.of(16, 8), List.of(1)));
            assertEquals(List.of(16, 8, 8), list.get());
            assertTrue(list.compareAndSet(new LinkedList<>(List.of(16, 8, 8)), new ArrayList<>(List.of(true, "s", 5, X12))));
            assertEquals(List.of(true, "s", 5, X12), list.get());

            final SharedList expected = SharedList.of(region, "expected", List.of(true, 5, "s", X12));
            assertFalse(list.compareAndSet(expected, List.of(2)));
            assertEquals(List.of(true, "s", 5, X12), expected.get());
            assertTrue(list.compareAndSet(expected, List.of(2)));
            assertEquals(List.of(2), list.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRoundTripAndCompareAndSetAWideList(final RegionKind kind)
    {
        try (SharedRegion region = open(kind))
        {
            // 20 booleans take 81 bits; the original's word held at most 15.
            final List<Object> bools = repeat(20, true, false, false);
            final SharedList wide = SharedList.of(region, "wide", 64, UTF_8, bools);
            assertEquals(64, wide.capacity());
            assertEquals(bools, wide.get());

            final List<Object> reversed = new ArrayList<>(bools);
            Collections.reverse(reversed);
            assertFalse(wide.compareAndSet(reversed, List.of(1)));
            assertEquals(bools, wide.get());
            assertTrue(wide.compareAndSet(new ArrayList<>(bools), reversed));
            assertEquals(reversed, wide.get());

            final SharedList expected = SharedList.of(region, "expected", 64, UTF_8, bools);
            assertFalse(wide.compareAndSet(expected, List.of(1)));
            assertEquals(reversed, expected.get());
            assertTrue(wide.compareAndSet(expected, repeat(30, 0, 1, 2, 127)));
            assertEquals(repeat(30, 0, 1, 2, 127), wide.get());
            assertEquals(repeat(30, 0, 1, 2, 127), wide.getAndSet(bools));
            assertEquals(bools, wide.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRejectWhatTheLayoutCannotHoldAndChangeNothing(final RegionKind kind)
    {
        final List<Collection<?>> rejected = List.of(
            List.of(),
            List.of(""),
            List.of("", ByteString.of(new byte[0])),
            List.of(128),
            List.of(200, 1),
            List.of(-1),
            List.of(5L),
            List.of(1.0),
            Arrays.asList(1, null),
            List.of("abcdefgh"),
            List.of(new byte[]{1}),
            List.of(List.of(1)),
            // 16 booleans need 65 bits: more than any one-word capacity.
            repeat(16, true),
            // 64 bits: fits 8 bytes but not this list's 4.
            List.of(0, "国", true, X21));
        try (SharedRegion region = open(kind))
        {
            final SharedList list = SharedList.of(region, "list", 0, UTF_16LE, List.of(1));
            assertEquals(4, list.capacity());
            for (final Collection<?> bad : rejected)
            {
                final String what = String.valueOf(bad);
                assertThrows(IllegalArgumentException.class, () -> list.set(bad), what);
                assertEquals(List.of(1), list.get(), what);
                assertThrows(IllegalArgumentException.class, () -> list.getAndSet(bad), what);
                assertEquals(List.of(1), list.get(), what);
                assertThrows(IllegalArgumentException.class, () -> list.compareAndSet(List.of(1), bad), what);
                assertEquals(List.of(1), list.get(), what);
                assertThrows(IllegalArgumentException.class, () -> list.compareAndExchange(List.of(1), bad), what);
                assertEquals(List.of(1), list.get(), what);
                assertThrows(IllegalArgumentException.class, () -> list.updateAndGet(current -> new ArrayList<Object>(bad)), what);
                assertEquals(List.of(1), list.get(), what);
                // A value that cannot be stored cannot be the current one.
                assertFalse(list.compareAndSet(bad, List.of(2)), what);
                assertEquals(List.of(1), list.get(), what);
                assertThrows(IllegalArgumentException.class, () -> SharedList.of(region, "new", 4, UTF_16LE, bad), what);
                assertTrue(region.entry("new").isEmpty(), what);
            }

            final SharedList ascii = SharedList.of(region, "ascii", 0, US_ASCII, List.of("a"));
            assertThrows(IllegalArgumentException.class, () -> ascii.set(List.of("é")));
            assertThrows(IllegalArgumentException.class, () -> ascii.getAndSet(List.of(1, "é")));
            assertThrows(IllegalArgumentException.class, () -> ascii.compareAndSet(List.of("a"), List.of("é")));
            assertEquals(List.of("a"), ascii.get());
            assertThrows(IllegalArgumentException.class, () -> SharedList.of(region, "new-ascii", 0, US_ASCII, List.of("é")));
            assertTrue(region.entry("new-ascii").isEmpty());

            // More than a wide capacity: 9 seven-byte strings take 559 bits, 70 bytes.
            final SharedList wide = SharedList.of(region, "wide", 64, UTF_8, List.of(1));
            final List<Object> tooMany = repeat(9, "abcdefg");
            assertThrows(IllegalArgumentException.class, () -> wide.set(tooMany));
            assertEquals(List.of(1), wide.get());
            assertThrows(IllegalArgumentException.class, () -> SharedList.of(region, "new-wide", 64, UTF_8, tooMany));
            assertTrue(region.entry("new-wide").isEmpty());
            final List<Object> fits = repeat(8, "abcdefg");
            wide.set(fits);
            assertEquals(fits, wide.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldRefuseToAttachAListAsASetOrWithAnotherCharset(final RegionKind kind)
    {
        try (SharedRegion region = open(kind))
        {
            final SharedList list = SharedList.of(region, "list", 0, UTF_8, List.of(1));
            assertThrows(IncompatibleEntryException.class, () -> SharedSet.of(region, "list", 0, UTF_8, Set.of(1)));
            assertThrows(IncompatibleEntryException.class, () -> SharedList.of(region, "list", 0, UTF_16LE, List.of(1)));
            assertThrows(IncompatibleEntryException.class, () -> SharedList.of(region, "list", 64, UTF_8, List.of(1)));
            assertEquals(List.of(1), list.get());
            assertEquals(List.of(1), SharedList.of(region, "list", 0, UTF_8, List.of(2)).get());

            // And a name created as a set is not a list.
            SharedSet.of(region, "set", 0, UTF_8, Set.of(1));
            assertThrows(IncompatibleEntryException.class, () -> SharedList.of(region, "set", 0, UTF_8, List.of(1)));
        }
    }

    @ParameterizedTest
    @EnumSource(RegionKind.class)
    void shouldReportAnUnencodableElementOnReencodeAsAnEncodingError(final RegionKind kind)
    {
        try (SharedRegion region = open(kind))
        {
            final SharedList list = SharedList.of(region, "list", List.of(1, "é"));
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> list.reencode("ascii", US_ASCII));
            final String message = ex.getMessage().toLowerCase(Locale.ROOT);
            assertTrue(message.contains("encod"), message);
            assertFalse(message.contains("larger space"), message);
            assertEquals(List.of(1, "é"), list.get());
            assertEquals(UTF_8, list.charset());
            assertTrue(region.entry("ascii").isEmpty());

            // A reencoding that needs more than the capacity is refused too: ['ab'] is 39 bits in UTF-16LE.
            final SharedList ab = SharedList.of(region, "ab", List.of("ab"));
            assertEquals(4, ab.capacity());
            assertThrows(IllegalArgumentException.class, () -> ab.reencode("ab-utf-16", UTF_16LE));
            assertEquals(List.of("ab"), ab.get());
            assertTrue(region.entry("ab-utf-16").isEmpty());

            final SharedList ascii = SharedList.of(region, "ab-ascii", List.of("ab", 1)).reencode("ab-ascii-2", US_ASCII);
            assertEquals(List.of("ab", 1), ascii.get());
            assertEquals(US_ASCII, ascii.charset());
        }
    }
}
