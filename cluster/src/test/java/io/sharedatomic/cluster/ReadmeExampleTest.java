package io.sharedatomic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Beyond one host" example is the tagged part of {@link #sendOrder}, which runs here against a real etcd.
 */
class ReadmeExampleTest
{
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "io", "sharedatomic", "cluster", "ReadmeExampleTest.java");

    @TempDir
    Path tempDir;

    /**
     * @return the order id, or -1 if trading is halted.
     */
    static long sendOrder(final String[] endpoints, final Path regionFile) throws InterruptedException
    {
        // tag::cluster[]
        try (ClusterValues cluster = ClusterValues.connect(ClusterSpec.of(endpoints));   // "http://etcd-1:2379", ...
             SharedRegion region = SharedRegion.open(regionFile);                         // this host's region
             // Keeps the local switch equal to the cluster's (one process per host writes it; start it in a second
             // one for a standby). After 2 s without an answer from etcd it trips the switch: true, stop trading.
             ClusterMirror mirror = ClusterMirror.start(cluster.clusterBoolean("firm.halt"), region, Duration.ofSeconds(2), true);
             // Order ids from blocks of 10,000 handed to this host, one etcd transaction per block.
             ClusterIdBlocks ids = ClusterIdBlocks.start(cluster.clusterLong("orders.ids", 1), region, 10_000))
        {
            SharedBoolean halt = region.sharedBoolean("firm.halt");   // created true (the safe value) until etcd answers
            while (mirror.state() != ClusterMirror.State.LIVE)
            {
                Thread.sleep(1);
            }
            if (halt.get())                                           // the trader's check: a local volatile read
            {
                return -1;
            }
            return ids.nextId();                                      // a local getAndAdd while a block is ready
        }
        // end::cluster[]
    }

    @Test
    void shouldRunTheExample() throws Exception
    {
        try (EtcdCluster etcd = Etcd.start(3))
        {
            final String[] endpoints = etcd.endpoints().toArray(String[]::new);
            assertEquals(1, sendOrder(endpoints, tempDir.resolve("host.region")), "trading, and the first id");
            try (ClusterValues cluster = ClusterValues.connect(ClusterSpec.of(endpoints)))
            {
                cluster.clusterBoolean("firm.halt").set(true);
            }
            assertEquals(-1, sendOrder(endpoints, tempDir.resolve("host.region")), "halted firm-wide");
        }
    }

    @Test
    void shouldShowTheExampleInTheReadme() throws IOException
    {
        final String source = Files.readString(SOURCE);
        final String tagged = source.substring(source.indexOf("// tag::cluster[]\n") + "// tag::cluster[]\n".length(),
            source.indexOf("// end::cluster[]"));
        final String readme = Files.readString(README);
        assertTrue(readme.contains("<!-- snippet:cluster -->"), "README marks the example");
        final String block = readme.substring(readme.indexOf("<!-- snippet:cluster -->"));
        final String snippet = block.substring(block.indexOf("```java\n") + "```java\n".length(), block.indexOf("```\n", 10));
        // stripTrailing first: stripIndent counts a blank last line as having no indentation.
        assertEquals(tagged.stripTrailing().stripIndent().strip(), snippet.strip());
    }
}
