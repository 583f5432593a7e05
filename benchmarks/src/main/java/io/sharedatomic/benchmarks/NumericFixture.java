package io.sharedatomic.benchmarks;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedDouble;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.SharedULong;
import net.openhft.chronicle.bytes.MappedBytes;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The values {@link NumericBenchmark} and {@link NumericContendedBenchmark} measure: the library's four numeric
 * handles in one region file, and the four baselines, each on its own cache line of its own file of the region's
 * length.
 */
final class NumericFixture
{
    /** View of a mapped buffer as longs in native order, as {@code MemorySegment} and Chronicle see it. */
    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** Offset of the baseline word in its file: 8-byte aligned, alone on its cache line, like a padded value. */
    static final int BASELINE_OFFSET = 128;

    final SharedLong sharedLong;
    final SharedULong sharedULong;
    final SharedDouble sharedDouble;
    final SharedBoolean sharedBoolean;
    final AtomicLong atomicLong = new AtomicLong();
    final MappedByteBuffer buffer;
    final MappedBytes chronicle;
    /** Agrona's {@code UnsafeBuffer} over a {@code MappedByteBuffer} of its own file; its word is at {@link #BASELINE_OFFSET}. */
    final UnsafeBuffer agrona;

    private final SharedRegion region;
    private final Path regionPath;
    private final Path bufferPath;
    private final Path chroniclePath;
    private final Path agronaPath;

    NumericFixture()
    {
        regionPath = BenchFiles.newPath("numeric");
        bufferPath = BenchFiles.newPath("numeric-varhandle");
        chroniclePath = BenchFiles.newPath("numeric-chronicle");
        agronaPath = BenchFiles.newPath("numeric-agrona");
        region = SharedRegion.open(regionPath, RegionSpec.defaults().withEntryCapacity(16).withDataCapacity(4096));
        sharedLong = region.sharedLong("long");
        sharedULong = region.sharedULong("ulong");
        sharedDouble = region.sharedDouble("double");
        sharedBoolean = region.sharedBoolean("boolean");
        buffer = BenchFiles.createAndMap(bufferPath, region.byteLength());
        // Bounds checks on, as Agrona ships (-Dagrona.disable.bounds.checks=true would turn them off).
        agrona = new UnsafeBuffer(BenchFiles.createAndMap(agronaPath, region.byteLength()));
        BenchFiles.createZeroed(chroniclePath, region.byteLength());
        try
        {
            chronicle = MappedBytes.singleMappedBytes(chroniclePath.toFile(), region.byteLength());
        }
        catch (final FileNotFoundException ex)
        {
            throw new UncheckedIOException(ex);
        }
        // Shared by JMH's threads: without this Chronicle throws on the second thread (CHRONICLE-NOTES §7.2).
        chronicle.singleThreadedCheckDisabled(true);
    }

    void close()
    {
        region.close();
        chronicle.releaseLast();
        BenchFiles.delete(regionPath);
        BenchFiles.delete(bufferPath);
        BenchFiles.delete(chroniclePath);
        BenchFiles.delete(agronaPath);
    }
}
