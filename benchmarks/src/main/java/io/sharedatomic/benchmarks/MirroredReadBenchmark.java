package io.sharedatomic.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.cluster.ClusterMirror;
import io.sharedatomic.cluster.ClusterSpec;
import io.sharedatomic.cluster.ClusterValues;
import io.sharedatomic.testkit.EtcdCluster;
import io.sharedatomic.testkit.ScratchDirectory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a trader pays to read a kill switch that a {@link ClusterMirror} keeps equal to a value in etcd, against the
 * same read of a switch nobody mirrors, in the same region and the same run: both are one volatile load of a mapped
 * word, and the mirror's threads (a linearizable read every 500 ms, a check every 100 ms, a watch) write only when the
 * value changes. The fork starts a real 3-node etcd on loopback (etcd must be installed).
 *
 * <p><b>Baseline</b>: {@code unmirrored}, a {@code SharedBoolean} in the same region that no mirror touches.
 */
@Baselines(value = {"unmirrored"}, description = "a SharedBoolean in the same region that no mirror touches: the switch without the cluster")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MirroredReadBenchmark
{
    private EtcdCluster etcd;
    private ClusterValues cluster;
    private SharedRegion region;
    private ClusterMirror mirror;
    private Path directory;
    private SharedBoolean mirrored;
    private SharedBoolean unmirrored;

    @Setup
    public void setUp() throws Exception
    {
        etcd = EtcdCluster.start(3);
        cluster = ClusterValues.connect(ClusterSpec.of(etcd.endpoints().toArray(String[]::new)));
        directory = Files.createTempDirectory(BenchFiles.directory(), "mirrored-read");
        region = SharedRegion.open(directory.resolve("host.region"));
        mirror = ClusterMirror.start(cluster.clusterBoolean("bench.halt", false), region, Duration.ofSeconds(2), true);
        mirrored = region.sharedBoolean("bench.halt");
        unmirrored = region.sharedBoolean("bench.plain", false);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (mirror.state() != ClusterMirror.State.LIVE || mirrored.get())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the mirror did not go live: " + mirror);
            }
            Thread.sleep(1);
        }
    }

    @TearDown
    public void tearDown() throws Exception
    {
        if (mirror.state() != ClusterMirror.State.LIVE)
        {
            throw new IllegalStateException("the mirror left the live state during the run: " + mirror);
        }
        mirror.close();
        region.close();
        cluster.close();
        etcd.close();
        ScratchDirectory.delete(directory);
    }

    /** The trader's check of the mirrored kill switch. */
    @Benchmark
    public boolean mirrored_switchGet()
    {
        return mirrored.get();
    }

    /** The same check of a switch nobody mirrors. */
    @Benchmark
    public boolean unmirrored_switchGet()
    {
        return unmirrored.get();
    }
}
