package io.sharedatomic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.time.Duration;

import io.sharedatomic.testkit.ChildJvm;
import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The test fixture's etcd ports under the kernel's ephemeral port ranges a host may have. A CI run failed when the
 * fixture, having misread the range, fell back to ports the kernel picked, got one twice, and etcd refused a cluster
 * naming a peer URL twice. Each case runs a child JVM in a network namespace of its own with that range.
 */
class EtcdPortsTest
{
    @ParameterizedTest(name = "ephemeral range {0}-{1}")
    @CsvSource({
        "1024, 65535, " + PortsChildMain.PORTS, // no room outside: ports the kernel picks, never the same twice
        "40000, 65535, 0", // room below the range only
        "1024, 30000, 0", // room above the range only
        "32768, 60999, 0" // Linux's default
    })
    void shouldHandOutDistinctPortsOutsideTheEphemeralRangeWhereThereIsRoom(final int low, final int high,
        final int expectedInRange) throws IOException, InterruptedException
    {
        Etcd.requireInstalled();
        if (!(ChildJvm.runningAsRoot() && ChildJvm.hasTool("unshare") && ChildJvm.hasTool("ip")))
        {
            final String why = "needs root, unshare and ip to give a child JVM a network namespace of its own";
            assertFalse(EtcdCluster.required(), why + " (and this run requires the etcd tests)");
            Assumptions.abort(why);
        }
        final ChildJvm.Result result = ChildJvm.launcher(PortsChildMain.class)
            .wrappedIn("unshare", "--net", "--fork", "--kill-child")
            .inShell("ip link set lo up\necho '" + low + " " + high + "' > /proc/sys/net/ipv4/ip_local_port_range")
            .start().await(Duration.ofSeconds(60)).assertSuccess();
        assertEquals("range " + low + " " + high + " distinct " + PortsChildMain.PORTS + " inEphemeralRange " + expectedInRange
            + "\nstarted 3\n", result.stdout());
    }
}
