package io.sharedatomic.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;

import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts a real etcd cluster for a test, or skips the test where etcd is not installed: unless the run requires etcd
 * ({@code -Detcd.required=true}, as .ci/run sets), in which case a missing etcd fails it.
 */
final class Etcd
{
    private Etcd()
    {
    }

    static EtcdCluster start(final int members) throws IOException
    {
        requireInstalled();
        return EtcdCluster.start(members);
    }

    /**
     * Skips the calling test where etcd is not installed, or fails it if the run requires etcd.
     */
    static void requireInstalled()
    {
        EtcdCluster.availability().ifPresent(why ->
        {
            if (EtcdCluster.required())
            {
                fail("etcd is required (-D" + EtcdCluster.REQUIRED_PROPERTY + "=true) but " + why);
            }
            Assumptions.abort("skipped: " + why);
        });
    }

    static ClusterSpec spec(final EtcdCluster cluster)
    {
        return ClusterSpec.of(cluster.endpoints().toArray(String[]::new));
    }
}
