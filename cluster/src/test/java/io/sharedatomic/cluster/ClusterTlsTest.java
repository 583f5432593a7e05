package io.sharedatomic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to a real etcd member that requires client certificates ({@code --client-cert-auth}), with certificates made
 * here by openssl: the right CA and certificate work; no client certificate, a CA that did not sign the member, an
 * https endpoint without TLS settings and an http endpoint with them are refused.
 */
class ClusterTlsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSpeakTlsWithAClientCertificateAndRefuseEverythingElse() throws Exception
    {
        Etcd.requireInstalled();
        Files.writeString(dir.resolve("server.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
        Files.writeString(dir.resolve("client.cnf"), "extendedKeyUsage=clientAuth\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test-ca");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca-key.pem", "-out", "other-ca.pem", "-days", "2", "-subj",
            "/CN=other-ca");
        for (final String who : List.of("server", "client"))
        {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + "-key.pem", "-out", who + ".csr", "-subj", "/CN=" + who);
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", who + ".pem", "-days",
                "2", "-extfile", who + ".cnf");
        }
        final int clientPort = EtcdCluster.freePort();
        final int peerPort = EtcdCluster.freePort();
        final String endpoint = "https://127.0.0.1:" + clientPort;
        final Process etcd = new ProcessBuilder(EtcdCluster.executable().toString(), "--name", "tls0", "--data-dir", dir.resolve("data").toString(),
            "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
            "--listen-peer-urls", "http://127.0.0.1:" + peerPort, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPort,
            "--initial-cluster", "tls0=http://127.0.0.1:" + peerPort, "--cert-file", dir.resolve("server.pem").toString(),
            "--key-file", dir.resolve("server-key.pem").toString(), "--trusted-ca-file", dir.resolve("ca.pem").toString(), "--client-cert-auth",
            "--logger", "zap", "--log-outputs", "stderr")
            .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        try
        {
            final ClusterSpec mutual = ClusterSpec.of(endpoint).withTls(dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("client-key.pem"))
                .withConnectTimeout(Duration.ofSeconds(5)).withOperationTimeout(Duration.ofSeconds(2));
            try (ClusterValues cluster = connectWhenUp(mutual))
            {
                final ClusterLong counter = cluster.clusterLong("tls.counter", 5);
                assertEquals(5, counter.getAndAdd(1));
                assertEquals(6, counter.get());
                assertTrue(cluster.spec().toString().endsWith("TLS with a client certificate"), cluster.spec().toString());
            }
            final ClusterException noCertificate = assertThrows(ClusterException.class,
                () -> ClusterValues.connect(ClusterSpec.of(endpoint).withTls(dir.resolve("ca.pem")).withConnectTimeout(Duration.ofSeconds(3))).close(),
                "the member requires a client certificate");
            assertTrue(noCertificate.getMessage().contains(endpoint), noCertificate.getMessage());
            assertThrows(ClusterException.class, () -> ClusterValues.connect(ClusterSpec.of(endpoint)
                .withTls(dir.resolve("other-ca.pem"), dir.resolve("client.pem"), dir.resolve("client-key.pem"))
                .withConnectTimeout(Duration.ofSeconds(3))).close(), "a CA that did not sign the member's certificate");
            final IllegalArgumentException clear = assertThrows(IllegalArgumentException.class, () -> ClusterValues.connect(ClusterSpec.of(endpoint)));
            assertTrue(clear.getMessage().contains("withTls"), clear.getMessage());
            assertThrows(IllegalArgumentException.class,
                () -> ClusterValues.connect(ClusterSpec.of("http://127.0.0.1:" + clientPort).withTls(dir.resolve("ca.pem"))));
            assertThrows(IllegalArgumentException.class, () -> ClusterSpec.of(endpoint).withTls(dir.resolve("missing.pem")));
            final IllegalArgumentException badKey = assertThrows(IllegalArgumentException.class, () -> ClusterValues.connect(ClusterSpec.of(endpoint)
                .withTls(dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("ca.pem"))));
            assertTrue(badKey.getMessage().contains("PKCS#8"), badKey.getMessage());
        }
        finally
        {
            etcd.destroyForcibly();
            etcd.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static ClusterValues connectWhenUp(final ClusterSpec spec) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            try
            {
                return ClusterValues.connect(spec);
            }
            catch (final ClusterUnavailableException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw ex;
                }
                Thread.sleep(200);
            }
        }
    }

    private void openssl(final String... arguments) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        final Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "openssl " + String.join(" ", arguments) + ":\n" + output);
    }
}
