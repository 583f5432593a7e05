package io.sharedatomic.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;

import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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

    /**
     * One 3-node cluster for all the tests of a class, started before the first and killed after the last:
     * {@code @RegisterExtension static final Etcd.PerClass ETCD = new Etcd.PerClass();}, then {@code ETCD.cluster()}.
     */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback
    {
        private EtcdCluster cluster;

        @Override
        public void beforeAll(final ExtensionContext context) throws IOException
        {
            cluster = start(3);
        }

        @Override
        public void afterAll(final ExtensionContext context)
        {
            if (cluster != null)
            {
                cluster.close();
                cluster = null;
            }
        }

        EtcdCluster cluster()
        {
            return cluster;
        }
    }

    static ClusterSpec spec(final EtcdCluster cluster)
    {
        return ClusterSpec.of(cluster.endpoints().toArray(String[]::new));
    }
}
