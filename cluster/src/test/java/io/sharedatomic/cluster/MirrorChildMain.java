package io.sharedatomic.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.sharedatomic.SharedRegion;

/**
 * A child JVM of {@link ClusterMirrorTest}: a host's mirror process. It mirrors one cluster value into its region
 * until the stop file appears, and prints {@code owner} / {@code standby} when that changes and {@code state STATE
 * REASON} at each change of state.
 *
 * <pre>
 * MirrorChildMain ENDPOINTS(comma-separated) REGION NAME long|boolean SILENCE_MILLIS SAFE_VALUE STOP_FILE
 * </pre>
 */
public final class MirrorChildMain
{
    private MirrorChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final ClusterSpec spec = ClusterSpec.of(args[0].split(",")).withOperationTimeout(Duration.ofSeconds(1));
        final String name = args[2];
        final boolean isLong = args[3].equals("long");
        final Duration silence = Duration.ofMillis(Long.parseLong(args[4]));
        final Path stop = Path.of(args[6]);
        final ClusterMirror.Listener listener = (localName, state, reason) -> print("state " + state + " " + reason);
        try (SharedRegion region = SharedRegion.open(Path.of(args[1]));
             ClusterValues cluster = ClusterValues.connect(spec);
             ClusterMirror mirror = isLong ?
                 ClusterMirror.start(Repeat.untilAnswered(() -> cluster.clusterLong(name, 0)), region, name, silence,
                     Long.parseLong(args[5]), listener) :
                 ClusterMirror.start(Repeat.untilAnswered(() -> cluster.clusterBoolean(name, false)), region, name, silence,
                     Boolean.parseBoolean(args[5]), listener))
        {
            boolean owner = false;
            print("standby");
            while (!Files.exists(stop))
            {
                if (mirror.isOwner() != owner)
                {
                    owner = !owner;
                    print(owner ? "owner" : "standby");
                }
                Thread.sleep(2);
            }
        }
    }

    private static synchronized void print(final String line)
    {
        System.out.println(line);
        System.out.flush();
    }
}
