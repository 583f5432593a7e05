package io.sharedatomic.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import io.sharedatomic.testkit.EtcdCluster;

/**
 * Child JVM of {@link EtcdPortsTest}, run in a network namespace of its own with the ephemeral range the test set:
 * takes {@value #PORTS} ports from {@link EtcdCluster#freePort()}, then starts and stops a 3-node etcd cluster, and
 * prints what it found for the parent to check.
 */
public final class PortsChildMain
{
    static final int PORTS = 300;

    private PortsChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+");
        final int low = Integer.parseInt(range[0]);
        final int high = Integer.parseInt(range[1]);
        final Set<Integer> ports = new HashSet<>();
        int inEphemeralRange = 0;
        for (int i = 0; i < PORTS; i++)
        {
            final int port = EtcdCluster.freePort();
            ports.add(port);
            if (port >= low && port <= high)
            {
                inEphemeralRange++;
            }
        }
        System.out.println("range " + low + " " + high + " distinct " + ports.size() + " inEphemeralRange " + inEphemeralRange);
        try (EtcdCluster cluster = EtcdCluster.start(3))
        {
            System.out.println("started " + cluster.endpoints().size());
        }
    }
}
