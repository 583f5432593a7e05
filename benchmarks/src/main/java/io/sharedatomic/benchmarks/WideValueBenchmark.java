package io.sharedatomic.benchmarks;

import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.BytesValue;
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
 * Byte and string values of {@code size} bytes, one thread: {@code get} (bytes into a reused array; a string decodes
 * a new {@code String}), {@code set} (bytes from an array; a string encodes first) and a {@code compareAndSet} that
 * always succeeds (it alternates between two values). Size 8 is a one-word value ({@code SharedBytes} of width 8, a
 * {@code SharedString} of 7 bytes, the most a word holds); 64 and 1024 are wide values ({@code SharedWideBytes},
 * {@code SharedWideString}), which readers copy under a version check and writers publish under a lock.
 *
 * <p><b>Baseline</b>, in the same class: {@code copy}, the same bytes copied out of ({@code MappedByteBuffer.get(int,
 * byte[], int, int)}) and into ({@code put}) a mapping of a file of the region's length, and for compareAndSet a copy
 * out, {@code Arrays.equals} and a copy in, without any atomicity: the cost of moving the bytes, which is the least
 * any atomic wide value can cost. Issue 12: a 64-byte get at most 1.5x that, a set at most 3x. And {@code agrona}:
 * Agrona's {@code UnsafeBuffer} over a mapping of a file of the same length, {@code getBytes} and {@code putBytes} of
 * the same bytes (bounds checks on, Agrona's default), also without atomicity: what the off-heap peer costs.
 */
@Baselines(value = {"copy", "agrona"},
    description = "copy: the same bytes copied out of / into a MappedByteBuffer of a file of the same length " +
        "(compareAndSet: copy out, Arrays.equals, copy in), with no atomicity; agrona: Agrona's UnsafeBuffer over a " +
        "MappedByteBuffer of a file of the same length, getBytes / putBytes, with no atomicity either.")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WideValueBenchmark
{
    /** Offset of the baseline's bytes in its file: cache-line aligned, like a wide value's buffer. */
    private static final int BASELINE_OFFSET = 128;

    /** Value size in bytes: 8 is one word (7 for a string), above 8 a wide value. */
    @Param({"8", "64", "1024"})
    public int size;

    private Path regionPath;
    private Path bufferPath;
    private SharedRegion region;
    private BytesValue bytes;
    private StringValue string;
    private MappedByteBuffer buffer;
    private Path agronaPath;
    private UnsafeBuffer agrona;
    private byte[] first;
    private byte[] second;
    private String firstString;
    private String secondString;
    private byte[] into;
    private byte[] scratch;
    private boolean toggle;

    /**
     * Creates the values with {@code first}, and the baseline file with the same bytes.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        first = filled(size, (byte)'a');
        second = filled(size, (byte)'b');
        final int stringLength = size == 8 ? 7 : size;
        firstString = "a".repeat(stringLength);
        secondString = "b".repeat(stringLength);
        into = new byte[size];
        scratch = new byte[size];
        regionPath = BenchFiles.newPath("wide");
        bufferPath = BenchFiles.newPath("wide-copy");
        region = SharedRegion.open(regionPath, RegionSpec.defaults().withEntryCapacity(16).withDataCapacity(64 * 1024));
        // One kind per trial, so each call site below sees one class.
        bytes = size > 8 ? region.sharedWideBytes("bytes", size, first) : region.sharedBytes("bytes", size, first);
        string = size > 8 ? region.sharedWideString("string", stringLength, StandardCharsets.UTF_8, firstString) :
            region.sharedString("string", stringLength, StandardCharsets.UTF_8, firstString);
        buffer = BenchFiles.createAndMap(bufferPath, region.byteLength());
        buffer.put(BASELINE_OFFSET, first, 0, size);
        agronaPath = BenchFiles.newPath("wide-agrona");
        agrona = new UnsafeBuffer(BenchFiles.createAndMap(agronaPath, region.byteLength()));
        agrona.putBytes(BASELINE_OFFSET, first, 0, size);
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
        BenchFiles.delete(agronaPath);
    }

    private static byte[] filled(final int length, final byte value)
    {
        final byte[] array = new byte[length];
        Arrays.fill(array, value);
        return array;
    }

    private byte[] nextBytes()
    {
        toggle = !toggle;
        return toggle ? second : first;
    }

    private String nextString()
    {
        toggle = !toggle;
        return toggle ? secondString : firstString;
    }

    // ----- get -------------------------------------------------------------------------------------------------------

    /** @return the reused array holding the value. */
    @Benchmark
    public byte[] bytes_get()
    {
        bytes.get(into);
        return into;
    }

    /** @return a new String. */
    @Benchmark
    public String string_get()
    {
        return string.get();
    }

    /** @return the reused array holding the bytes. */
    @Benchmark
    public byte[] copy_get()
    {
        buffer.get(BASELINE_OFFSET, into, 0, size);
        return into;
    }

    /** @return the reused array holding the bytes. */
    @Benchmark
    public byte[] agrona_get()
    {
        agrona.getBytes(BASELINE_OFFSET, into, 0, size);
        return into;
    }

    // ----- set -------------------------------------------------------------------------------------------------------

    /** Alternates between two values. */
    @Benchmark
    public void bytes_set()
    {
        final byte[] value = nextBytes();
        bytes.set(value, 0, value.length);
    }

    /** Alternates between two values. */
    @Benchmark
    public void string_set()
    {
        string.set(nextString());
    }

    /** Alternates between two values. */
    @Benchmark
    public void copy_set()
    {
        buffer.put(BASELINE_OFFSET, nextBytes(), 0, size);
    }

    /** Alternates between two values. */
    @Benchmark
    public void agrona_set()
    {
        agrona.putBytes(BASELINE_OFFSET, nextBytes(), 0, size);
    }

    // ----- compareAndSet that succeeds -------------------------------------------------------------------------------

    /** @return true. */
    @Benchmark
    public boolean bytes_casSuccess()
    {
        final byte[] update = nextBytes();
        return bytes.compareAndSet(update == first ? second : first, update);
    }

    /** @return true. */
    @Benchmark
    public boolean string_casSuccess()
    {
        final String update = nextString();
        return string.compareAndSet(update == firstString ? secondString : firstString, update);
    }

    /** @return true: copy out, compare, copy in, with no atomicity. */
    @Benchmark
    public boolean copy_casSuccess()
    {
        final byte[] update = nextBytes();
        final byte[] expected = update == first ? second : first;
        buffer.get(BASELINE_OFFSET, scratch, 0, size);
        if (!Arrays.equals(scratch, expected))
        {
            return false;
        }
        buffer.put(BASELINE_OFFSET, update, 0, size);
        return true;
    }

    /**
     * Runs this class alone through {@link RunAll}, with its options.
     *
     * @param args RunAll's options, e.g. {@code --quick}.
     * @throws Exception if the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        RunAll.main(RunAll.only(WideValueBenchmark.class, args));
    }
}
