package io.sharedatomic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.sharedatomic.cluster.internal.EtcdStore;
import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Test;

/**
 * What the operations cost on the wire, counted by a gRPC interceptor: a read-modify-write is one transaction when
 * nobody else wrote since the handle last saw the value, one more after another client's write; a read is one range
 * request; attaching is one transaction.
 */
class RoundTripTest
{
    /** Requests by gRPC method name (Txn, Range, LeaseGrant, ...). */
    private final Map<String, Integer> requests = new ConcurrentHashMap<>();

    private final ClientInterceptor counter = new ClientInterceptor()
    {
        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(final MethodDescriptor<Q, A> method, final CallOptions options, final Channel next)
        {
            requests.merge(method.getBareMethodName(), 1, Integer::sum);
            return next.newCall(method, options);
        }
    };

    private Map<String, Integer> take()
    {
        final Map<String, Integer> taken = Map.copyOf(requests);
        requests.clear();
        return taken;
    }

    @Test
    void shouldCostOneTransactionPerReadModifyWriteWhenTheRevisionIsCurrent() throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(3))
        {
            final ClusterSpec spec = Etcd.spec(etcd);
            final EtcdStore store = new EtcdStore(spec.endpoints(), null, null, spec.connectTimeout(), spec.operationTimeout(), null,
                List.of(counter));
            try (ClusterValues cluster = ClusterValues.connect(spec, store); ClusterValues other = ClusterValues.connect(spec))
            {
                take();
                final ClusterLong value = cluster.clusterLong("orders.next-id", 0);
                assertEquals(Map.of("Txn", 1), take(), "attach: one transaction");
                value.getAndAdd(1);
                // The first write also grants the lease for operation keys (once a minute).
                assertEquals(Map.of("Txn", 1, "LeaseGrant", 1), take());
                for (int i = 0; i < 5; i++)
                {
                    value.getAndAdd(1);
                    assertEquals(Map.of("Txn", 1), take(), "a read-modify-write on the revision this handle wrote");
                }
                assertTrue(value.compareAndSet(6, 7));
                assertEquals(Map.of("Txn", 1), take(), "a compare-and-set");
                other.clusterLong("orders.next-id").getAndAdd(10);
                take();
                assertEquals(17, value.getAndAdd(1));
                assertEquals(Map.of("Txn", 2), take(), "after another client's write: one conflict, one retry");
                assertEquals(18, value.get());
                assertEquals(Map.of("Range", 1), take(), "a linearizable read");
            }
        }
    }
}
