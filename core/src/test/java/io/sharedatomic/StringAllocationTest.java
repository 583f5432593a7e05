package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

import io.sharedatomic.testkit.RegionKind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12: in UTF-8 and in a single-byte charset, {@code set(CharSequence)} and {@code get(StringBuilder)} of a
 * one-word and of a wide string allocate nothing once warm, and {@code get()} only the String it returns; measured
 * with the thread's allocation counter over many calls, with a small fixed allowance for the measurement itself.
 */
class StringAllocationTest
{
    private static final int WARM_UP_CALLS = 20_000;
    private static final int CALLS = 10_000;
    /** Bytes the whole measurement may allocate besides the calls: the counter's own calls, a stray JIT deopt. */
    private static final long FIXED_ALLOWANCE = 2_048;

    private static final String WORD_A = "EURUSD1";
    private static final String WORD_B = "GBPJPY2";
    private static final String WIDE_A = "EURUSD 1.08345 bid 1000000 venue LMAX-01";
    private static final String WIDE_B = "GBPJPY 188.123 ask 2500000 venue EBS--02";
    private static final String MIXED_A = "Café déjà vu, naïve façade: Euro? no é12";
    private static final String MIXED_B = "Zürich Straße, Köln Ärger, Øre ångström!";

    @TempDir
    Path tempDir;

    static Iterable<Arguments> cases()
    {
        final Charset windows1252 = Charset.forName("windows-1252");
        return List.of(
            Arguments.of(StandardCharsets.UTF_8, WORD_A, WORD_B),
            Arguments.of(StandardCharsets.ISO_8859_1, WORD_A, WORD_B),
            Arguments.of(StandardCharsets.UTF_8, "ab€", "é€"),
            Arguments.of(StandardCharsets.ISO_8859_1, "café", "Øre"),
            Arguments.of(windows1252, "€uro", "Œuvre"),
            Arguments.of(StandardCharsets.UTF_8, WIDE_A, WIDE_B),
            Arguments.of(StandardCharsets.ISO_8859_1, WIDE_A, WIDE_B),
            Arguments.of(StandardCharsets.UTF_8, MIXED_A, MIXED_B),
            Arguments.of(StandardCharsets.ISO_8859_1, MIXED_A, MIXED_B),
            Arguments.of(StandardCharsets.UTF_8, "emoji \uD83D\uDE00 and € and ¥ and 重", "plain"),
            Arguments.of(windows1252, "€ and Œ and ‰ and é, 40 chars long text!", "short €"));
    }

    /**
     * com.sun.management.ThreadMXBean's counter, through reflection: the tests compile in this module, which does not
     * read jdk.management.
     */
    private static final Method ALLOCATED_BYTES;

    static
    {
        try
        {
            ALLOCATED_BYTES = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private static long allocatedBytes()
    {
        try
        {
            return (Long)ALLOCATED_BYTES.invoke(ManagementFactory.getThreadMXBean());
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return bytes allocated by {@link #CALLS} calls of {@code call} after {@link #WARM_UP_CALLS} calls.
     */
    private static long allocatedBy(final IntConsumer call)
    {
        for (int i = 0; i < WARM_UP_CALLS; i++)
        {
            call.accept(i);
        }
        // Twice: the first measurement may pay for the counter's own first use.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 2; round++)
        {
            final long before = allocatedBytes();
            for (int i = 0; i < CALLS; i++)
            {
                call.accept(i);
            }
            allocated = Math.min(allocated, allocatedBytes() - before);
        }
        return allocated;
    }

    private static StringValue create(final SharedRegion region, final Charset charset, final String first)
    {
        final int encoded = first.getBytes(charset).length;
        return encoded < Long.BYTES && first.length() <= 7 ? region.sharedString("s", Long.BYTES - 1, charset, first) :
            region.sharedWideString("s", 64, charset, first);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldSetAndGetIntoABuilderWithoutAllocating(final Charset charset, final String first, final String second)
    {
        try (SharedRegion region = RegionKind.FILE.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final StringValue value = create(region, charset, first);
            final StringBuilder into = new StringBuilder(128);
            final StringBuilder source = new StringBuilder(128);

            final long set = allocatedBy(i -> value.set((i & 1) == 0 ? first : second));
            assertTrue(set <= FIXED_ALLOWANCE, value.getClass().getSimpleName() + " " + charset + " set(String) allocated " + set +
                " bytes in " + CALLS + " calls");

            final long setBuilder = allocatedBy(i ->
            {
                source.setLength(0);
                source.append((i & 1) == 0 ? first : second);
                value.set(source);
            });
            assertTrue(setBuilder <= FIXED_ALLOWANCE, value.getClass().getSimpleName() + " " + charset + " set(StringBuilder) allocated " +
                setBuilder + " bytes in " + CALLS + " calls");

            value.set(second);
            final long get = allocatedBy(i ->
            {
                into.setLength(0);
                value.get(into);
            });
            assertTrue(get <= FIXED_ALLOWANCE, value.getClass().getSimpleName() + " " + charset + " get(StringBuilder) allocated " + get +
                " bytes in " + CALLS + " calls");
            assertEquals(second, into.toString());

            // get(): the String alone, a 24-byte object and its array (16-byte header, the Latin-1 bytes, to 8). A
            // String with a character above U+00FF costs more inside the JDK (it tries Latin-1 first), so is not
            // bounded here.
            if (second.chars().allMatch(c -> c < 256))
            {
                final long stringBytes = 24 + ((16 + second.length() + 7) & ~7L);
                final long getString = allocatedBy(i -> value.get());
                assertTrue(getString <= stringBytes * CALLS + FIXED_ALLOWANCE, value.getClass().getSimpleName() + " " + charset +
                    " get() allocated " + getString + " bytes in " + CALLS + " calls, more than " + stringBytes + " a call");
            }
            assertEquals(second, value.get());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldRoundTripAndStayStrict(final Charset charset, final String first, final String second)
    {
        try (SharedRegion region = RegionKind.IN_MEMORY.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
        {
            final StringValue value = create(region, charset, first);
            for (final String text : new String[]{first, second, "", "a"})
            {
                value.set(new StringBuilder(text));
                assertEquals(text, value.get());
                final StringBuilder into = new StringBuilder("prefix:");
                value.get(into);
                assertEquals("prefix:" + text, into.toString());
            }
            value.set(first);
            // Malformed (unpaired surrogates) and unmappable input still throws, with the coding error as cause, and
            // changes nothing.
            for (final String bad : new String[]{"\uD800", "a\uDC00", "\uDBFF", "ab\uD83Dx", "\uDE00\uD83D", "重", "\u0100"})
            {
                if (charset.newEncoder().canEncode(bad))
                {
                    continue;
                }
                final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> value.set(bad), bad);
                assertInstanceOf(CharacterCodingException.class, ex.getCause(), ex.toString());
                assertTrue(ex.getMessage().startsWith("'" + bad + "' cannot be encoded in " + charset.name() + ": "), ex.getMessage());
                final IllegalArgumentException fromBuilder = assertThrows(IllegalArgumentException.class,
                    () -> value.set(new StringBuilder(bad)), bad);
                assertEquals(ex.getMessage(), fromBuilder.getMessage());
                assertEquals(first, value.get());
            }
            // Too long still throws and changes nothing.
            assertThrows(IllegalArgumentException.class, () -> value.set("x".repeat(value.capacity() + 1)));
            assertThrows(IllegalArgumentException.class, () -> value.set(new StringBuilder("é".repeat(value.capacity() + 1))));
            assertEquals(first, value.get());
        }
    }
}
