package io.sharedatomic.benchmarks;

import java.nio.MappedByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.StringValue;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * String values, one thread: {@code set(CharSequence)} (alternating between two strings, so every call encodes and
 * publishes), {@code get(StringBuilder)} into a reused builder, and {@code get()}, which returns a new {@code String}.
 * {@code word7} is a one-word {@code SharedString} holding 7 ASCII characters (the most a word holds); {@code ascii40}
 * and {@code mixed40} are a {@code SharedWideString} of capacity 64 holding 40 characters, all ASCII or with 8
 * non-ASCII Latin-1 letters (2 bytes each in UTF-8, 1 in ISO-8859-1).
 *
 * <p><b>Baseline</b>, in the same class: {@code agrona}, Agrona's {@code UnsafeBuffer} over a mapping of a file of
 * the region's length, {@code putStringAscii} and {@code getStringAscii(index, Appendable)} (a length prefix and one
 * byte a character, no atomicity, no charset). It stores ASCII only: for {@code mixed40} it writes {@code '?'} for the
 * non-ASCII letters, so only its ASCII rows compare like with like. Issue 12: set and get(StringBuilder) allocate
 * nothing; a wide set on ASCII text at most 2x Agrona's; get() allocates only its String.
 */
@Baselines(value = {"agrona"},
    description = "agrona: Agrona 2.6's UnsafeBuffer over a mapped file of the same length, putStringAscii / " +
        "getStringAscii(index, Appendable) / getStringAscii(index): a length prefix and one byte a character, no atomicity.")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StringBenchmark
{
    /** Offset of the baseline's string in its file: cache-line aligned, like a wide value's buffer. */
    private static final int BASELINE_OFFSET = 128;
    /** Capacity of the wide values, in encoded bytes. */
    private static final int WIDE_CAPACITY = 64;

    /** The text: 7 ASCII characters in one word, or 40 characters (all ASCII, or some Latin-1) in a wide value. */
    @Param({"word7", "ascii40", "mixed40"})
    public String text;

    /** The value's charset. */
    @Param({"UTF-8", "ISO-8859-1"})
    public String charset;

    private Path regionPath;
    private Path bufferPath;
    private SharedRegion region;
    private StringValue string;
    private MappedByteBuffer mapped;
    private UnsafeBuffer agrona;
    private String first;
    private String second;
    private StringBuilder into;
    private boolean toggle;

    /**
     * Creates the value with {@code first}, and the baseline file with the same string.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        switch (text)
        {
            case "word7" ->
            {
                first = "EURUSD1";
                second = "GBPJPY2";
            }
            case "ascii40" ->
            {
                first = "EURUSD 1.08345 bid 1000000 venue LMAX-01";
                second = "GBPJPY 188.123 ask 2500000 venue EBS--02";
            }
            case "mixed40" ->
            {
                first = "Café déjà vu, naïve façade: Euro? no é12";
                second = "Zürich Straße, Köln Ärger, Øre ångström!";
            }
            default -> throw new IllegalArgumentException(text);
        }
        if (first.length() != second.length())
        {
            throw new IllegalStateException("the two strings differ in length");
        }
        final Charset chosen = Charset.forName(charset);
        if (!chosen.newEncoder().canEncode(first) || !chosen.newEncoder().canEncode(second))
        {
            throw new IllegalStateException("the text cannot be encoded in " + charset);
        }
        into = new StringBuilder(WIDE_CAPACITY);
        regionPath = BenchFiles.newPath("string");
        bufferPath = BenchFiles.newPath("string-agrona");
        region = SharedRegion.open(regionPath, RegionSpec.defaults().withEntryCapacity(16).withDataCapacity(64 * 1024));
        // One kind per trial, so each call site below sees one class.
        string = "word7".equals(text) ? region.sharedString("string", first.length(), chosen, first) :
            region.sharedWideString("string", WIDE_CAPACITY, chosen, first);
        mapped = BenchFiles.createAndMap(bufferPath, region.byteLength());
        agrona = new UnsafeBuffer(mapped);
        agrona.putStringAscii(BASELINE_OFFSET, first);
    }

    /**
     * Closes and deletes the files.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        region.close();
        BenchFiles.delete(regionPath);
        BenchFiles.delete(bufferPath);
    }

    private String next()
    {
        toggle = !toggle;
        return toggle ? second : first;
    }

    // ----- set -------------------------------------------------------------------------------------------------------

    /** Alternates between two values. */
    @Benchmark
    public void string_set()
    {
        string.set(next());
    }

    /**
     * Alternates between two values.
     *
     * @return the bytes written.
     */
    @Benchmark
    public int agrona_set()
    {
        return agrona.putStringAscii(BASELINE_OFFSET, next());
    }

    // ----- get into a reused builder ---------------------------------------------------------------------------------

    /** @return the reused builder holding the value. */
    @Benchmark
    public StringBuilder string_getBuilder()
    {
        into.setLength(0);
        string.get(into);
        return into;
    }

    /** @return the reused builder holding the value. */
    @Benchmark
    public StringBuilder agrona_getBuilder()
    {
        into.setLength(0);
        agrona.getStringAscii(BASELINE_OFFSET, into);
        return into;
    }

    // ----- get a new String ------------------------------------------------------------------------------------------

    /** @return a new String. */
    @Benchmark
    public String string_get()
    {
        return string.get();
    }

    /** @return a new String. */
    @Benchmark
    public String agrona_get()
    {
        return agrona.getStringAscii(BASELINE_OFFSET);
    }

    /**
     * Runs this class alone through {@link RunAll}, with its options.
     *
     * @param args RunAll's options, e.g. {@code --quick}.
     * @throws Exception if the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        RunAll.main(RunAll.only(StringBenchmark.class, args));
    }
}
