package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import java.util.function.UnaryOperator;

import io.sharedatomic.internal.NativeMemory;
import io.sharedatomic.layout.EntryDescriptor;
import io.sharedatomic.layout.RegionDescriptor;
import io.sharedatomic.layout.RegionFullException;
import io.sharedatomic.layout.WideValueDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misuse gives a clear exception, never a JVM crash or a silent success: null arguments to every public method of
 * the region, its spec and every value type (found by reflection, so new methods are covered), indexes outside an
 * array, names with illegal characters, capacities of zero, negative, beyond the maximum or beyond the region, and
 * handles used while another thread closes their region.
 */
class MisuseTest
{
    @TempDir
    Path tempDir;

    private int names;

    private String freshName()
    {
        return "misuse-" + names++;
    }

    /**
     * Values for the parameters of the method under test: valid ones, so that only the null under test can fail.
     */
    private final class Defaults
    {
        private final Path existingRegion;
        private final Object partner;

        Defaults(final Path existingRegion, final Object partner)
        {
            this.existingRegion = existingRegion;
            this.partner = partner;
        }

        Object[] of(final Method method, final Object receiver)
        {
            final Class<?>[] types = method.getParameterTypes();
            final Object[] args = new Object[types.length];
            for (int i = 0; i < types.length; i++)
            {
                final boolean entryName = i == 0 && namesAnEntry(method, receiver) ||
                    i == 1 && method.getDeclaringClass() == StructureEntries.class;
                args[i] = of(types[i], entryName);
                if (types[i] == int.class && method.getName().startsWith("sharedWide"))
                {
                    // The smallest valid wide capacity; a one-word size is refused there.
                    args[i] = 16;
                }
            }
            return args;
        }

        private boolean namesAnEntry(final Method method, final Object receiver)
        {
            return receiver instanceof SharedRegion || method.getName().equals("resize") || method.getName().equals("reencode");
        }

        private Object of(final Class<?> type, final boolean entryName)
        {
            if (type == String.class)
            {
                // "1" is a valid decimal, format tag, padding and one-byte string alike.
                return entryName ? freshName() : "1";
            }
            if (partner != null && type.isInstance(partner))
            {
                return partner;
            }
            if (type == int.class)
            {
                return 1;
            }
            if (type == long.class)
            {
                return 64L;
            }
            if (type == double.class)
            {
                return 1.0;
            }
            if (type == boolean.class)
            {
                return true;
            }
            if (type == byte[].class)
            {
                return new byte[]{0, 1};
            }
            if (type == CharSequence.class)
            {
                return "1";
            }
            if (type == Path.class)
            {
                return existingRegion;
            }
            if (type == RegionSpec.class)
            {
                return RegionSpec.defaults();
            }
            if (type == Set.class)
            {
                return PosixFilePermissions.fromString("rw-------");
            }
            if (type == ValuePadding.class)
            {
                return ValuePadding.PACKED;
            }
            if (type == Side.class)
            {
                return Side.RIGHT;
            }
            if (type == Charset.class)
            {
                return StandardCharsets.UTF_8;
            }
            if (type == BigInteger.class)
            {
                return BigInteger.ONE;
            }
            if (type == StringBuilder.class)
            {
                return new StringBuilder();
            }
            if (type == LongUnaryOperator.class)
            {
                return (LongUnaryOperator)x -> x;
            }
            if (type == LongBinaryOperator.class)
            {
                return (LongBinaryOperator)(x, y) -> x;
            }
            if (type == DoubleUnaryOperator.class)
            {
                return (DoubleUnaryOperator)x -> x;
            }
            if (type == UnaryOperator.class)
            {
                return UnaryOperator.identity();
            }
            throw new AssertionError("the test has no value for a parameter of type " + type.getName() + ": add one");
        }
    }

    @Test
    void shouldRejectANullArgumentOfEveryPublicMethodWithAMessage() throws Exception
    {
        final Path existing = tempDir.resolve("existing.region");
        final List<String> problems = new ArrayList<>();
        final List<String> covered = new ArrayList<>();
        try (SharedRegion file = SharedRegion.open(existing); SharedRegion region = SharedRegion.inMemory())
        {
            final Defaults statics = new Defaults(existing, null);
            for (final Class<?> type : List.of(SharedRegion.class, RegionSpec.class, SharedLong.class, SharedULong.class,
                SharedDouble.class, SharedBoolean.class, SharedBytes.class, SharedWideBytes.class, SharedString.class,
                SharedWideString.class, SharedLongArray.class, Shaping.class))
            {
                checkNulls(type, null, statics, problems, covered);
            }
            checkNulls(StructureEntries.class, null, new Defaults(existing, region), problems, covered);
            checkNulls(SharedRegion.class, file, statics, problems, covered);
            checkNulls(SharedRegion.class, region, statics, problems, covered);
            checkNulls(RegionSpec.class, RegionSpec.defaults(), statics, problems, covered);
            final List<SharedValue> handles = List.of(
                region.sharedLong(freshName(), 5), region.sharedLong(freshName(), 6),
                region.sharedULong(freshName(), 5), region.sharedULong(freshName(), 6),
                region.sharedDouble(freshName(), 5), region.sharedDouble(freshName(), 6),
                region.sharedBoolean(freshName(), true), region.sharedBoolean(freshName(), false),
                region.sharedBytes(freshName(), new byte[]{0, 1}), region.sharedBytes(freshName(), new byte[]{0, 2}),
                region.sharedWideBytes(freshName(), 16, new byte[]{0, 1}), region.sharedWideBytes(freshName(), 16, new byte[]{0, 2}),
                region.sharedString(freshName(), "a"), region.sharedString(freshName(), "b"),
                region.sharedWideString(freshName(), 16, StandardCharsets.UTF_8, "a"),
                region.sharedWideString(freshName(), 16, StandardCharsets.UTF_8, "b"),
                region.sharedLongArray(freshName(), 4), region.sharedLongArray(freshName(), 4));
            for (int i = 0; i < handles.size(); i += 2)
            {
                checkNulls(handles.get(i).getClass(), handles.get(i), new Defaults(existing, handles.get(i + 1)), problems, covered);
            }
        }
        assertTrue(covered.size() > 150, "every public method with a reference parameter was tried: " + covered);
        assertTrue(problems.isEmpty(), problems.size() + " null arguments were not rejected clearly:\n" + String.join("\n", problems));
    }

    /**
     * Calls every public method of {@code type} (static ones if {@code receiver} is null) once with valid arguments
     * and then once for each reference parameter with null in its place: that must throw a {@link NullPointerException}
     * or an {@link IllegalArgumentException} with a message.
     */
    private void checkNulls(final Class<?> type, final Object receiver, final Defaults defaults, final List<String> problems,
        final List<String> covered) throws Exception
    {
        final Method[] methods = type.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::toGenericString));
        for (final Method method : methods)
        {
            if (method.getDeclaringClass() == Object.class || Modifier.isStatic(method.getModifiers()) != (receiver == null) ||
                Arrays.stream(method.getParameterTypes()).allMatch(Class::isPrimitive))
            {
                continue;
            }
            final String name = type.getSimpleName() + "." + method.getName() +
                Arrays.toString(Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toArray());
            final Throwable baseline = invoke(method, receiver, defaults.of(method, receiver));
            if (baseline != null)
            {
                problems.add(name + " with valid arguments threw " + baseline + ": fix the test's defaults or the library");
                continue;
            }
            for (int i = 0; i < method.getParameterCount(); i++)
            {
                if (method.getParameterTypes()[i].isPrimitive())
                {
                    continue;
                }
                final Object[] args = defaults.of(method, receiver);
                args[i] = null;
                final Throwable thrown = invoke(method, receiver, args);
                covered.add(name + "#" + i);
                if (thrown == null)
                {
                    problems.add(name + " accepted null as argument " + i + " silently");
                }
                else if (!(thrown instanceof NullPointerException || thrown instanceof IllegalArgumentException) ||
                    thrown.getMessage() == null || thrown.getMessage().isBlank())
                {
                    problems.add(name + " with null as argument " + i + " threw " + thrown.getClass().getName() + " with message '" +
                        thrown.getMessage() + "'");
                }
            }
        }
    }

    /** @return what the call threw, or null if it returned (closing a region it returned). */
    private static Throwable invoke(final Method method, final Object receiver, final Object[] args)
    {
        try
        {
            final Object result = method.invoke(receiver, args);
            if (result instanceof SharedRegion && result != receiver)
            {
                ((SharedRegion)result).close();
            }
            return null;
        }
        catch (final InvocationTargetException ex)
        {
            return ex.getCause();
        }
        catch (final IllegalAccessException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void shouldRejectIndexesOutsideAnArrayAndTouchNothing() throws Exception
    {
        try (SharedRegion region = SharedRegion.inMemory(RegionSpec.defaults().withPadding(ValuePadding.PACKED)))
        {
            final SharedLong before = region.sharedLong("before", 0x1111);
            final SharedLongArray array = region.sharedLongArray("array", 3);
            final SharedLong after = region.sharedLong("after", 0x2222);
            for (int i = 0; i < array.length(); i++)
            {
                array.set(i, 100 + i);
            }
            final Defaults defaults = new Defaults(null, null);
            int tried = 0;
            for (final Method method : SharedLongArray.class.getMethods())
            {
                if (method.getParameterCount() == 0 || method.getParameterTypes()[0] != int.class)
                {
                    continue;
                }
                for (final int index : new int[]{-1, -2, Integer.MIN_VALUE, array.length(), array.length() + 1, Integer.MAX_VALUE})
                {
                    final Object[] args = defaults.of(method, array);
                    args[0] = index;
                    final Throwable thrown = invoke(method, array, args);
                    assertTrue(thrown instanceof IndexOutOfBoundsException, method.getName() + "(" + index + ") threw " + thrown);
                    assertTrue(thrown.getMessage().contains(Integer.toString(index)), thrown.getMessage());
                    tried++;
                }
            }
            assertTrue(tried >= 13 * 6, "every index method was tried: " + tried);
            for (int i = 0; i < array.length(); i++)
            {
                assertEquals(100 + i, array.get(i));
            }
            assertEquals(0x1111, before.get());
            assertEquals(0x2222, after.get());
        }
    }

    @Test
    void shouldRejectNamesWithIllegalCharactersEverywhereAndCreateNothing() throws Exception
    {
        final List<String> badNames = Arrays.asList(null, "", "tab\there", "nul\0", "line\nfeed", "del\u007f", "c1 \u0085 next line",
            "c1 \u009f", "\u001b[31mred", "lone high \uD800", "lone low \uDC00", "reversed \uDC00\uD800", "ends high \uD83D",
            "a".repeat(EntryDescriptor.MAX_NAME_LENGTH + 1), "\u00e9".repeat(EntryDescriptor.MAX_NAME_LENGTH / 2 + 1));
        try (SharedRegion region = SharedRegion.open(tempDir.resolve("names.region")))
        {
            final SharedBytes bytes = region.sharedBytes("bytes", new byte[]{1});
            final SharedWideString string = region.sharedWideString("string", 16, StandardCharsets.UTF_8, "text");
            final int entries = region.entries().size();
            final List<String> problems = new ArrayList<>();
            int tried = 0;
            for (final String badName : badNames)
            {
                for (final Method method : SharedRegion.class.getMethods())
                {
                    if (!Modifier.isStatic(method.getModifiers()) && method.getParameterCount() > 0 &&
                        method.getParameterTypes()[0] == String.class)
                    {
                        tried++;
                        checkName(method, region, badName, problems);
                    }
                }
                for (final Method method : List.of(
                    SharedBytes.class.getMethod("resize", String.class, int.class, Side.class, byte[].class, Side.class),
                    SharedString.class.getMethod("resize", String.class, int.class, Side.class, String.class, Side.class),
                    SharedString.class.getMethod("reencode", String.class, Charset.class)))
                {
                    tried++;
                    checkName(method, method.getDeclaringClass().isInstance(bytes) ? bytes : string, badName, problems);
                }
            }
            assertTrue(tried >= badNames.size() * 20, "every method that takes a name was tried: " + tried);
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            assertEquals(entries, region.entries().size(), "no entry was created under a bad name");
            region.sharedLong("emoji \uD83D\uDE00 and \u00e9", 1);
            region.sharedLong("\u00e9".repeat(EntryDescriptor.MAX_NAME_LENGTH / 2), 1);
            assertEquals(entries + 2, region.entries().size(), "surrogate pairs and names of exactly the limit are fine");
        }
    }

    private void checkName(final Method method, final Object receiver, final String badName, final List<String> problems)
    {
        final Object[] args = new Defaults(null, null).of(method, receiver);
        args[0] = badName;
        final Throwable thrown = invoke(method, receiver, args);
        if (!(thrown instanceof IllegalArgumentException) || thrown.getMessage() == null || thrown.getMessage().isBlank())
        {
            problems.add(method.getDeclaringClass().getSimpleName() + "." + method.getName() + Arrays.toString(method.getParameterTypes()) +
                " with the name " + (badName == null ? "null" : "'" + badName.replaceAll("\\p{Cntrl}", "?") + "'") + " gave " + thrown);
        }
    }

    @Test
    void shouldRejectCapacitiesOutOfRangeWithAMessage()
    {
        for (final long capacity : new long[]{0, -1, 63, Long.MIN_VALUE, RegionSpec.MAX_DATA_CAPACITY + 1, Long.MAX_VALUE})
        {
            assertClear(IllegalArgumentException.class, Long.toString(capacity), () -> RegionSpec.defaults().withDataCapacity(capacity));
        }
        for (final int capacity : new int[]{0, -1, Integer.MIN_VALUE, RegionSpec.MAX_ENTRY_CAPACITY + 1, Integer.MAX_VALUE})
        {
            assertClear(IllegalArgumentException.class, Integer.toString(capacity),
                () -> RegionSpec.defaults().withEntryCapacity(capacity));
        }
        assertEquals(RegionSpec.MAX_DATA_CAPACITY, RegionSpec.defaults().withDataCapacity(RegionSpec.MAX_DATA_CAPACITY).dataCapacity());
        assertEquals(64, RegionSpec.defaults().withDataCapacity(64).dataCapacity());

        try (SharedRegion region = SharedRegion.inMemory())
        {
            for (final int capacity : new int[]{0, -1, Integer.MIN_VALUE, WideValueDescriptor.MAX_CAPACITY + 1, Integer.MAX_VALUE})
            {
                final String text = Integer.toString(capacity);
                assertClear(IllegalArgumentException.class, text, () -> region.sharedBytes(freshName(), capacity, new byte[0]));
                assertClear(IllegalArgumentException.class, text, () -> region.sharedWideBytes(freshName(), capacity, new byte[0]));
                assertClear(IllegalArgumentException.class, text,
                    () -> StructureEntries.bytes(region, freshName(), capacity, new byte[0], "format"));
                assertClear(IllegalArgumentException.class, text,
                    () -> region.sharedString(freshName(), capacity, StandardCharsets.UTF_8, ""));
                assertClear(IllegalArgumentException.class, text,
                    () -> region.sharedWideString(freshName(), capacity, StandardCharsets.UTF_8, ""));
            }
            for (final int length : new int[]{0, -1, Integer.MIN_VALUE, SharedRegion.MAX_ARRAY_LENGTH + 1, Integer.MAX_VALUE})
            {
                assertClear(IllegalArgumentException.class, Integer.toString(length), () -> region.sharedLongArray(freshName(), length));
                assertClear(IllegalArgumentException.class, Integer.toString(length),
                    () -> StructureEntries.words(region, freshName(), length, "f"));
            }
            assertClear(IllegalArgumentException.class, "17", () -> region.sharedWideBytes(freshName(), 16, new byte[17]));
            assertClear(IllegalArgumentException.class, "9", () -> region.sharedBytes(freshName(), new byte[9]));
            assertClear(IllegalArgumentException.class, "17",
                () -> region.sharedWideString(freshName(), 16, StandardCharsets.UTF_8, "x".repeat(17)));
            assertEquals(0, region.entries().size(), "no entry was created with a bad capacity");
        }
    }

    @Test
    void shouldSayTheRegionIsFullForValuesBeyondItsDataAreaAndLeakNothing()
    {
        final RegionSpec spec = RegionSpec.defaults().withDataCapacity(64 * 1024);
        for (final SharedRegion region : List.of(SharedRegion.open(tempDir.resolve("full.region"), spec), SharedRegion.inMemory(spec)))
        {
            try (region)
            {
                final List<Executable> tooBig = List.of(
                    () -> region.sharedWideBytes("bytes", WideValueDescriptor.MAX_CAPACITY, new byte[0]),
                    () -> region.sharedWideString("string", WideValueDescriptor.MAX_CAPACITY, StandardCharsets.UTF_8, ""),
                    () -> region.sharedLongArray("array", SharedRegion.MAX_ARRAY_LENGTH),
                    () -> region.sharedLongArray("array", (int)(region.byteLength() / Long.BYTES)));
                for (final Executable call : tooBig)
                {
                    assertClear(RegionFullException.class, "dataCapacity", call);
                }
                // The largest array that fits exactly: one word more is refused, and the refusals above took no space.
                final long dataOffset = RegionDescriptor.Shape.of(spec.entryCapacity(), spec.dataCapacity(), spec.padding().alignment(),
                    NativeMemory.pageSize()).dataOffset();
                int fits = (int)((region.byteLength() - dataOffset) / Long.BYTES);
                while (EntryDescriptor.recordEnd(dataOffset, "array".length(), 0, (long)fits * Long.BYTES, spec.padding().alignment()) >
                    region.byteLength())
                {
                    fits--;
                }
                final int largest = fits;
                assertClear(RegionFullException.class, "dataCapacity", () -> region.sharedLongArray("array", largest + 1));
                final SharedLongArray array = region.sharedLongArray("array", largest);
                array.set(largest - 1, 7);
                assertEquals(7, array.get(largest - 1));
                assertClear(RegionFullException.class, "dataCapacity", () -> region.sharedLong("one-more"));
                assertEquals(1, region.entries().size());
            }
        }
    }

    @Test
    void shouldRejectACharsetThatCannotEncodeWithAMessage()
    {
        // The JDK's own (ISO-2022-CN and x-JISAutoDetect on JDK 17), plus one of ours, so every JVM has one.
        final List<Charset> decodeOnly = new ArrayList<>(Charset.availableCharsets().values().stream().filter(c -> !c.canEncode())
            .toList());
        decodeOnly.add(new Charset("x-decode-only-test", new String[0])
        {
            @Override
            public boolean contains(final Charset other)
            {
                return false;
            }

            @Override
            public CharsetDecoder newDecoder()
            {
                return StandardCharsets.US_ASCII.newDecoder();
            }

            @Override
            public CharsetEncoder newEncoder()
            {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean canEncode()
            {
                return false;
            }
        });
        try (SharedRegion region = SharedRegion.inMemory())
        {
            for (final Charset charset : decodeOnly)
            {
                assertClear(IllegalArgumentException.class, charset.name(), () -> region.sharedString(freshName(), "", charset));
                assertClear(IllegalArgumentException.class, charset.name(), () -> region.sharedString(freshName(), 7, charset, ""));
                assertClear(IllegalArgumentException.class, charset.name(), () -> region.sharedWideString(freshName(), 16, charset, ""));
            }
            assertEquals(0, region.entries().size(), "no entry was created in a charset that cannot encode");
        }
    }

    private static <T extends Throwable> void assertClear(final Class<T> type, final String messagePart, final Executable call)
    {
        final T thrown = assertThrows(type, call);
        assertTrue(thrown.getMessage() != null && thrown.getMessage().contains(messagePart), "message '" + thrown.getMessage() +
            "' should mention " + messagePart);
    }

    @Test
    void shouldOnlyThrowIllegalStateWhenClosedUnderRunningOperationsOnEveryValueType() throws Exception
    {
        final Random random = new Random(30);
        for (int round = 0; round < 30; round++)
        {
            final SharedRegion region = SharedRegion.open(tempDir.resolve("close-race-" + round + ".region"));
            final SharedLong counter = region.sharedLong("counter");
            final SharedWideBytes wideBytes = region.sharedWideBytes("wide-bytes", 64, new byte[0]);
            final SharedWideString wideString = region.sharedWideString("wide-string", 64, StandardCharsets.UTF_8, "");
            final SharedString string = region.sharedString("string", "abcdefg");
            final SharedLongArray bits = region.sharedLongArray("bits", 8);
            final List<Runnable> operations = List.of(
                () ->
                {
                    final long seen = counter.get();
                    counter.set(seen);
                    counter.compareAndSet(seen, seen + 1);
                    counter.getAndAdd(1);
                },
                () ->
                {
                    wideBytes.set(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
                    wideBytes.get();
                    wideBytes.get(new byte[64]);
                },
                () ->
                {
                    wideString.set("a wide string of some length");
                    wideString.get();
                },
                () -> string.set(string.get().isEmpty() ? "abcdefg" : ""),
                () -> bits.getAndOr(someIndex(bits), 1L << (System.nanoTime() & 63)));
            final AtomicReference<Throwable> unexpected = new AtomicReference<>();
            final AtomicLong[] succeeded = new AtomicLong[operations.size()];
            final CountDownLatch running = new CountDownLatch(operations.size());
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < operations.size(); t++)
            {
                final Runnable operation = operations.get(t);
                final AtomicLong count = new AtomicLong();
                succeeded[t] = count;
                final Thread thread = new Thread(() ->
                {
                    try
                    {
                        while (true)
                        {
                            operation.run();
                            if (count.incrementAndGet() == 1)
                            {
                                running.countDown();
                            }
                        }
                    }
                    catch (final Throwable th)
                    {
                        if (!(th instanceof IllegalStateException) || th.getMessage() == null)
                        {
                            unexpected.compareAndSet(null, th);
                        }
                        running.countDown();
                    }
                }, "close-race-" + round + "-" + t);
                threads.add(thread);
                thread.start();
            }
            running.await();
            Thread.sleep(random.nextInt(6));
            region.close();
            for (final Thread thread : threads)
            {
                thread.join(10_000);
                assertTrue(!thread.isAlive(), thread.getName() + " saw the close");
            }
            if (unexpected.get() != null)
            {
                throw new AssertionError("round " + round + ": only IllegalStateException may escape", unexpected.get());
            }
            for (final AtomicLong count : succeeded)
            {
                assertTrue(count.get() > 0, "every operation ran before the close");
            }
            final List<Executable> afterwards = List.of(counter::get, () -> counter.set(1), () -> counter.compareAndSet(0, 1),
                () -> counter.getAndAdd(1), wideBytes::get, () -> wideBytes.set(new byte[]{1}), wideString::get, () -> wideString.set("x"),
                string::get, () -> string.set("x"), () -> bits.get(0), () -> bits.getAndOr(0, 1), () -> bits.set(0, 1), region::entries,
                () -> region.sharedLong("counter"), () -> region.sharedLong("new"));
            for (final Executable call : afterwards)
            {
                assertClear(IllegalStateException.class, "closed", call);
            }
        }
    }

    private static int someIndex(final SharedLongArray array)
    {
        return (int)(System.nanoTime() % array.length());
    }
}
