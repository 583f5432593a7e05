package io.sharedatomic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in a JVM of its own, scraped over HTTP as Prometheus scrapes it, while this JVM writes the region:
 * every numeric entry and bitset is in the exposition text with the value it has at that scrape.
 */
class ServeTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)\\} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    @TempDir
    Path tempDir;

    @Test
    void shouldExposeEveryNumberAndBitsetAsItIsAtEachScrape() throws Exception
    {
        final Path path = tempDir.resolve("desk \"ny4\".region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedLong sent = region.sharedLong("orders.sent", 42);
            region.sharedULong("ids.next", "18446744073709551615");
            region.sharedDouble("risk.exposure", -1.25);
            region.sharedBoolean("risk.halt");
            final SharedBitSet slots = SharedBitSet.of(region, "desk.slots", 128);
            slots.add(5);
            region.sharedString("venue", "XLON");
            region.sharedLongArray("raw", 2);

            try (ChildJvm server = ChildJvm.start(SharedAtomicCli.class, "serve", path.toString(), "--port", "0", "--bind", "127.0.0.1"))
            {
                final String line = server.awaitOutput("/metrics\n", TIMEOUT).strip();
                final Matcher url = Pattern.compile("serving .* on (http://127\\.0\\.0\\.1:\\d+/metrics)").matcher(line);
                assertTrue(url.matches(), line);
                final URI metrics = URI.create(url.group(1));

                final Map<String, Double> first = scrape(metrics);
                final String where = "region=\"" + path.toString().replace("\"", "\\\"") + "\"";
                assertEquals(42.0, first.get("shared_atomic_value{entry=\"orders.sent\"," + where + ",type=\"LONG\"}"), first.toString());
                assertEquals(18446744073709551615.0, first.get("shared_atomic_value{entry=\"ids.next\"," + where + ",type=\"ULONG\"}"));
                assertEquals(-1.25, first.get("shared_atomic_value{entry=\"risk.exposure\"," + where + ",type=\"DOUBLE\"}"));
                assertEquals(0.0, first.get("shared_atomic_value{entry=\"risk.halt\"," + where + ",type=\"BOOLEAN\"}"));
                assertEquals(1.0, first.get("shared_atomic_bitset_cardinality{entry=\"desk.slots\"," + where + "}"));
                assertEquals(128.0, first.get("shared_atomic_bitset_capacity{entry=\"desk.slots\"," + where + "}"));
                assertEquals(1.0, first.get("shared_atomic_region_up{" + where + "}"));
                assertEquals(7, first.size(), "strings and plain arrays have no number: " + first);

                sent.addAndGet(8);
                region.sharedBoolean("risk.halt").set(true);
                slots.add(6);
                region.sharedLong("orders.rejected", 3);
                final Map<String, Double> second = scrape(metrics);
                assertEquals(50.0, second.get("shared_atomic_value{entry=\"orders.sent\"," + where + ",type=\"LONG\"}"), second.toString());
                assertEquals(1.0, second.get("shared_atomic_value{entry=\"risk.halt\"," + where + ",type=\"BOOLEAN\"}"));
                assertEquals(2.0, second.get("shared_atomic_bitset_cardinality{entry=\"desk.slots\"," + where + "}"));
                assertEquals(3.0, second.get("shared_atomic_value{entry=\"orders.rejected\"," + where + ",type=\"LONG\"}"),
                    "an entry created after the server started appears at the next scrape");

                // Clients that hang up in the middle of a response are no news: nothing on stderr (checked below).
                for (int i = 0; i < 20; i++)
                {
                    try (java.net.Socket client = new java.net.Socket(metrics.getHost(), metrics.getPort()))
                    {
                        client.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        client.setSoLinger(true, 0);
                    }
                }

                // Connections that never finish their request cannot starve the scrapes: the server drops them after
                // 5 s (more of them than the server has threads).
                final java.util.List<java.net.Socket> idle = new java.util.ArrayList<>();
                try
                {
                    for (int i = 0; i < 16; i++)
                    {
                        final java.net.Socket socket = new java.net.Socket(metrics.getHost(), metrics.getPort());
                        socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost:".getBytes(StandardCharsets.US_ASCII));
                        idle.add(socket);
                    }
                    assertEquals(50.0, scrape(metrics).get("shared_atomic_value{entry=\"orders.sent\"," + where + ",type=\"LONG\"}"));
                }
                finally
                {
                    for (final java.net.Socket socket : idle)
                    {
                        socket.close();
                    }
                }

                // The service deletes its region and creates it again: the server follows the path.
                java.nio.file.Files.delete(path);
                final String gone = "shared_atomic_region_up{" + where + "}";
                assertEquals(Map.of(gone, 0.0), scrape(metrics), "a deleted region is down, with no values");
                try (SharedRegion recreated = SharedRegion.open(path))
                {
                    recreated.sharedLong("orders.sent", 777);
                    final Map<String, Double> third = scrape(metrics);
                    assertEquals(1.0, third.get(gone));
                    assertEquals(777.0, third.get("shared_atomic_value{entry=\"orders.sent\"," + where + ",type=\"LONG\"}"), third.toString());
                }

                // Stopped as a service manager stops it: SIGTERM, then it closes the region and exits.
                server.signal("TERM");
                final ChildJvm.Result result = server.await(TIMEOUT);
                assertEquals(143, result.exitCode(), result.toString());
                assertEquals("", result.stderr());
                assertEquals(1, result.stdout().lines().count(), result.stdout());
            }
        }
    }

    @Test
    void shouldSayWhenThePortIsTaken() throws Exception
    {
        final Path path = tempDir.resolve("desk.region");
        try (SharedRegion region = SharedRegion.open(path); ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            region.sharedLong("orders.sent");
            final CliTest.Run run = CliTest.cli("serve", path.toString(), "--port", Integer.toString(taken.getLocalPort()), "--bind", "127.0.0.1");
            assertEquals(ExitCodes.FAILED, run.status());
            assertEquals("shared-atomic serve: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use", run.oneErrorLine());
        }
    }

    /**
     * Fetches the endpoint and parses the Prometheus text format: each sample keyed by its name and sorted labels.
     */
    private static Map<String, Double> scrape(final URI metrics) throws Exception
    {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).timeout(TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), response.headers().toString());
        final Map<String, Double> samples = new TreeMap<>();
        for (final String line : response.body().split("\n"))
        {
            if (line.isEmpty() || line.startsWith("#"))
            {
                assertTrue(line.isEmpty() || line.startsWith("# HELP shared_atomic_") || line.startsWith("# TYPE shared_atomic_"), line);
                continue;
            }
            final Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not a sample line: " + line);
            final Map<String, String> labels = new TreeMap<>();
            final Matcher label = LABEL.matcher(sample.group(2));
            int end = 0;
            while (label.find() && label.start() == end)
            {
                labels.put(label.group(1), label.group(2));
                end = label.end();
            }
            assertEquals(sample.group(2).length(), end, "labels do not parse: " + line);
            final StringBuilder key = new StringBuilder(sample.group(1)).append('{');
            labels.forEach((name, value) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",").append(name).append("=\"").append(value)
                .append('"'));
            assertEquals(null, samples.put(key.append('}').toString(), Double.parseDouble(sample.group(3))), "a sample twice: " + line);
        }
        return samples;
    }
}
