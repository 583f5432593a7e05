package io.sharedatomic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Test;

/**
 * A cluster with authentication on: the right credentials work, wrong or missing ones give a clear exception that
 * changes nothing.
 */
class ClusterAuthTest
{
    @Test
    void shouldWorkWithTheRightCredentialsAndRefuseOthers() throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(1))
        {
            etcd.enableAuth("desk", "s3cret");
            try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd).withCredentials("desk", "s3cret")))
            {
                assertEquals(5, cluster.clusterLong("limits.lots", 5).get());
            }
            final ClusterException wrong = assertThrows(ClusterException.class,
                () -> ClusterValues.connect(Etcd.spec(etcd).withCredentials("desk", "wrong")));
            assertTrue(wrong.getMessage().startsWith("etcd at " + etcd.endpoints() + " refused the credentials: "), wrong.getMessage());
            assertTrue(!(wrong instanceof ClusterUnavailableException), "a refusal is no unavailability");
            assertThrows(ClusterException.class, () -> ClusterValues.connect(Etcd.spec(etcd)), "no credentials");
            try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(etcd).withCredentials("desk", "s3cret")))
            {
                assertEquals(5, cluster.clusterLong("limits.lots").get(), "nothing changed");
            }
        }
    }
}
