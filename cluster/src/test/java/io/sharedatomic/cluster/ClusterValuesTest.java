package io.sharedatomic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.sharedatomic.IncompatibleEntryException;
import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every operation of the cluster values against a real 3-node ETCD.cluster(), checked against an AtomicLong doing the same; bad
 * names, values another tool wrote, and an unreachable cluster.
 */
class ClusterValuesTest
{
    @RegisterExtension
    static final Etcd.PerClass ETCD = new Etcd.PerClass();

    private static String unique(final String name)
    {
        return name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @Test
    void shouldBehaveAsAnAtomicLong()
    {
        try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(ETCD.cluster())))
        {
            final String name = unique("orders.next-id");
            final ClusterLong value = cluster.clusterLong(name, 40);
            assertSame(value, cluster.clusterLong(name, 99), "one handle per name and connection; the initial value only creates");
            final AtomicLong model = new AtomicLong(40);
            assertEquals(model.get(), value.get());
            assertEquals(model.getAndAdd(5), value.getAndAdd(5));
            assertEquals(model.addAndGet(-7), value.addAndGet(-7));
            assertEquals(model.getAndIncrement(), value.getAndIncrement());
            assertEquals(model.incrementAndGet(), value.incrementAndGet());
            assertEquals(model.getAndDecrement(), value.getAndDecrement());
            assertEquals(model.decrementAndGet(), value.decrementAndGet());
            assertEquals(model.getAndAdd(-3), value.getAndSubtract(3));
            assertEquals(model.addAndGet(-3), value.subtractAndGet(3));
            assertEquals(model.getAndSet(0b1100), value.getAndSet(0b1100));
            assertEquals(model.getAndUpdate(v -> v & 0b0110), value.getAndAnd(0b0110));
            assertEquals(model.updateAndGet(v -> v & 0b0100), value.andAndGet(0b0100));
            assertEquals(model.getAndUpdate(v -> v | 0b0011), value.getAndOr(0b0011));
            assertEquals(model.updateAndGet(v -> v | 0b1000), value.orAndGet(0b1000));
            assertEquals(model.getAndUpdate(v -> v ^ 0b1111), value.getAndXor(0b1111));
            assertEquals(model.updateAndGet(v -> v ^ 0b0101), value.xorAndGet(0b0101));
            assertEquals(model.getAndUpdate(v -> ~(v & 0b0110)), value.getAndNand(0b0110));
            assertEquals(model.updateAndGet(v -> ~(v & 0b0011)), value.nandAndGet(0b0011));
            assertEquals(model.getAndUpdate(v -> v * 3), value.getAndUpdate(v -> v * 3));
            assertEquals(model.updateAndGet(v -> v - 1), value.updateAndGet(v -> v - 1));
            assertEquals(model.getAndAccumulate(10, Long::sum), value.getAndAccumulate(10, Long::sum));
            assertEquals(model.accumulateAndGet(2, Math::max), value.accumulateAndGet(2, Math::max));
            assertFalse(value.compareAndSet(model.get() + 1, 5));
            assertTrue(value.compareAndSet(model.get(), Long.MIN_VALUE));
            model.set(Long.MIN_VALUE);
            assertEquals(Long.MIN_VALUE, value.compareAndExchange(3, 4), "the witness");
            assertEquals(Long.MIN_VALUE, value.compareAndExchange(Long.MIN_VALUE, Long.MAX_VALUE));
            value.set(-1);
            assertEquals(-1, value.get());

            // Another connection (another process, as far as etcd knows) sees every write, and its writes are seen.
            try (ClusterValues other = ClusterValues.connect(Etcd.spec(ETCD.cluster())))
            {
                final ClusterLong same = other.clusterLong(name);
                assertNotSame(value, same);
                assertEquals(-1, same.get());
                assertEquals(-1, same.getAndAdd(100));
                // This handle's cached revision is stale now: its next read-modify-write conflicts once and retries.
                assertEquals(99, value.getAndIncrement());
                assertEquals(100, same.get());
            }
        }
    }

    @Test
    void shouldBehaveAsAnAtomicBoolean()
    {
        try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(ETCD.cluster())))
        {
            final String name = unique("risk.halt");
            final ClusterBoolean halt = cluster.clusterBoolean(name);
            assertFalse(halt.get());
            assertFalse(halt.getAndSet(true));
            assertTrue(halt.get());
            assertFalse(halt.compareAndSet(false, false));
            assertTrue(halt.compareAndExchange(false, false), "the witness");
            assertTrue(halt.compareAndSet(true, false));
            halt.set(true);
            assertTrue(cluster.clusterBoolean(name, false).get());
        }
    }

    @Test
    void shouldWorkWithTimeoutsUnderASecond()
    {
        // jetcd's own first retry waits 500 ms by default, and refused every request when its retries had to end sooner.
        try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(ETCD.cluster()).withOperationTimeout(Duration.ofMillis(500))))
        {
            final ClusterLong value = cluster.clusterLong(unique("quick"), 1);
            assertEquals(1, value.getAndIncrement());
            assertEquals(2, value.get());
        }
        final IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
            () -> Etcd.spec(ETCD.cluster()).withOperationTimeout(Duration.ofMillis(9)));
        assertEquals("a timeout of at least 10 ms, not PT0.009S", tooShort.getMessage());
    }

    @Test
    void shouldResolveALandedWriteAndFenceOneThatHasNot()
    {
        try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(ETCD.cluster())))
        {
            final ClusterLong value = cluster.clusterLong(unique("orders.sent"), 10);
            assertEquals(10, value.getAndAdd(5));
            // The write just made, and one that was never sent, by their operation ids (the next id, less one).
            final OperationId unused = cluster.nextOperation();
            final OperationId landed = new OperationId(unused.prefix(), unused.client(), unused.sequence() - 1, unused.lease());
            assertEquals(new Resolution(landed, true, 10, 15), cluster.resolve(landed));
            assertEquals(new Resolution(unused, false, 0, 0), cluster.resolve(unused));
            // Final: asked again, from another connection (even one with another prefix: the id names its own), the same.
            try (ClusterValues other = ClusterValues.connect(Etcd.spec(ETCD.cluster()).withPrefix("/elsewhere/")))
            {
                assertEquals(new Resolution(landed, true, 10, 15), other.resolve(landed));
                assertEquals(new Resolution(unused, false, 0, 0), other.resolve(unused));
            }
            assertEquals(15, value.get());
        }
    }

    @Test
    void shouldRefuseAnotherTypeBadNamesAndForeignValues() throws Exception
    {
        try (ClusterValues cluster = ClusterValues.connect(Etcd.spec(ETCD.cluster())))
        {
            final String name = unique("limits.lots");
            cluster.clusterLong(name, 7);
            final IncompatibleEntryException mismatch = assertThrows(IncompatibleEntryException.class, () -> cluster.clusterBoolean(name));
            assertEquals("entry '" + name + "' in etcd " + ETCD.cluster().endpoints() + " under /shared-atomic/ is a cluster long; you asked for a cluster " +
                "boolean", mismatch.getMessage());
            assertEquals(7, cluster.clusterLong(name).get(), "nothing changed");

            assertThrows(IllegalArgumentException.class, () -> cluster.clusterLong(""));
            assertThrows(IllegalArgumentException.class, () -> cluster.clusterLong("x".repeat(ClusterLayout.MAX_NAME_BYTES + 1)));
            assertThrows(IllegalArgumentException.class, () -> cluster.clusterLong("line\nbreak"));
            assertThrows(IllegalArgumentException.class, () -> ClusterSpec.of());
            assertThrows(IllegalArgumentException.class, () -> ClusterSpec.of("127.0.0.1:2379"));
            assertThrows(IllegalArgumentException.class, () -> Etcd.spec(ETCD.cluster()).withPrefix("no-slash"));
            // A '/' would let names of one prefix meet those of a longer one; an unpaired surrogate has no UTF-8.
            assertThrows(IllegalArgumentException.class, () -> cluster.clusterLong("values/y"));
            assertThrows(IllegalArgumentException.class, () -> cluster.clusterLong("a\uD800"));
            // An https endpoint without TLS settings is refused rather than spoken to in clear text (ClusterTlsTest).
            assertThrows(IllegalArgumentException.class, () -> ClusterValues.connect(ClusterSpec.of("https://127.0.0.1:2379")));
            assertThrows(IllegalArgumentException.class, () -> Etcd.spec(ETCD.cluster()).withResolveWindow(Duration.ofSeconds(1)));
            // A value key another tool wrote without the type key: refused, not overwritten.
            final String orphan = unique("orphan");
            ETCD.cluster().etcdctl("put", "/shared-atomic/values/" + orphan, "7");
            assertThrows(ClusterException.class, () -> cluster.clusterLong(orphan, 1));
            assertEquals("7", ETCD.cluster().etcdctl("get", "--print-value-only", "/shared-atomic/values/" + orphan).strip());

            // A value another tool wrote that is no number: a clear exception, nothing written over it.
            final String foreign = unique("foreign");
            final ClusterLong victim = cluster.clusterLong(foreign, 1);
            ETCD.cluster().etcdctl("put", "/shared-atomic/values/" + foreign, "forty-two");
            final ClusterException garbled = assertThrows(ClusterException.class, victim::get);
            assertEquals("the value of '" + foreign + "' in etcd (/shared-atomic/values/" + foreign + ") is 'forty-two', which is no long: " +
                "something other than shared-atomic wrote it", garbled.getMessage());
            assertThrows(ClusterException.class, () -> victim.getAndAdd(1));
            assertEquals("forty-two", ETCD.cluster().etcdctl("get", "--print-value-only", "/shared-atomic/values/" + foreign).strip());
        }
    }

    @Test
    void shouldSayWithinTheTimeoutThatNoClusterAnswers() throws Exception
    {
        final int port = EtcdCluster.freePort();
        final long start = System.nanoTime();
        final ClusterUnavailableException unavailable = assertThrows(ClusterUnavailableException.class,
            () -> ClusterValues.connect(ClusterSpec.of("http://127.0.0.1:" + port).withConnectTimeout(Duration.ofSeconds(2))));
        final Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "gave up after " + took);
        assertTrue(unavailable.getMessage().contains("http://127.0.0.1:" + port), unavailable.getMessage());
    }
}
