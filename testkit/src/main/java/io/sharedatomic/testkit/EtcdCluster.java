package io.sharedatomic.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real etcd cluster for tests and demos: {@code n} {@code etcd} processes on 127.0.0.1 with free ports and their
 * data on {@code /dev/shm} (etcd 3.4 has no switch to skip fsync), started and waited for until a linearizable read
 * succeeds, and killed (SIGKILL) on {@link #close()}. Members can be killed one at a time (a leader's failover) and
 * started again. Talks to etcd only through its JSON gateway and {@code etcdctl}, so it needs nothing on the class path.
 *
 * <p>Where the {@code etcd} binary is absent, {@link #availability()} says why; {@link #required()} says whether that
 * must fail (CI sets {@code -Detcd.required=true}) or may skip.
 */
public final class EtcdCluster implements AutoCloseable
{
    /** The system property that turns a missing etcd from a skip into a failure (.ci/run sets it). */
    public static final String REQUIRED_PROPERTY = "etcd.required";
    private static final Path ETCD = Path.of("/usr/bin/etcd");
    private static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"?(\\d+)\"?");
    private static final Pattern MEMBER = Pattern.compile("\"member_id\"\\s*:\\s*\"?(\\d+)\"?");

    private final Path directory;
    private final List<Member> members;
    private final String initialCluster;
    private final String token;
    private String rootPassword;

    /**
     * One etcd process's addresses and, while it runs, its process.
     */
    private static final class Member
    {
        final String name;
        final int clientPort;
        final int peerPort;
        final Path dataDirectory;
        final Path log;
        Process process;

        Member(final String name, final int clientPort, final int peerPort, final Path dataDirectory, final Path log)
        {
            this.name = name;
            this.clientPort = clientPort;
            this.peerPort = peerPort;
            this.dataDirectory = dataDirectory;
            this.log = log;
        }

        String clientUrl()
        {
            return "http://127.0.0.1:" + clientPort;
        }

        String peerUrl()
        {
            return "http://127.0.0.1:" + peerPort;
        }
    }

    private EtcdCluster(final Path directory, final List<Member> members)
    {
        this.directory = directory;
        this.members = members;
        this.initialCluster = members.stream().map(member -> member.name + "=" + member.peerUrl()).collect(Collectors.joining(","));
        this.token = "shared-atomic-" + UUID.randomUUID();
    }

    /**
     * @return empty if this machine can run a cluster, else why not.
     */
    public static Optional<String> availability()
    {
        if (!Files.isExecutable(ETCD))
        {
            return Optional.of(ETCD + " is not installed (Debian: apt-get install -y etcd-server etcd-client)");
        }
        if (!Files.isExecutable(ETCDCTL))
        {
            return Optional.of(ETCDCTL + " is not installed (Debian: apt-get install -y etcd-client)");
        }
        return Optional.empty();
    }

    /**
     * @return the etcd binary, for a test that starts a member of its own (with TLS, say).
     */
    public static Path executable()
    {
        return ETCD;
    }

    /**
     * @return true if a missing etcd must fail the run rather than skip ({@value #REQUIRED_PROPERTY}=true).
     */
    public static boolean required()
    {
        return Boolean.getBoolean(REQUIRED_PROPERTY);
    }

    /**
     * Starts {@code size} members and waits until the cluster answers a linearizable read.
     *
     * @param size members, usually 3.
     * @return the running cluster.
     * @throws IOException if a process or a file cannot be made, or the cluster does not come up in time (with the logs).
     */
    public static EtcdCluster start(final int size) throws IOException
    {
        availability().ifPresent(why ->
        {
            throw new IllegalStateException(why);
        });
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return startOnce(size);
            }
            catch (final IOException ex)
            {
                // A port found free was bound by something else before etcd bound it: start again on other ports.
                if (attempt == START_ATTEMPTS || !String.valueOf(ex.getMessage()).contains("address already in use"))
                {
                    throw ex;
                }
            }
        }
    }

    private static EtcdCluster startOnce(final int size) throws IOException
    {
        final Path directory = ScratchDirectory.create("etcd-");
        final List<Member> members = new ArrayList<>();
        for (int i = 0; i < size; i++)
        {
            members.add(new Member("n" + i, freePort(), freePort(), directory.resolve("n" + i), directory.resolve("n" + i + ".log")));
        }
        final EtcdCluster cluster = new EtcdCluster(directory, members);
        try
        {
            for (int i = 0; i < size; i++)
            {
                cluster.startMember(i, "new");
            }
            cluster.awaitReady(START_TIMEOUT);
            // A quorum answers before every member does: wait for all, so that a failover test never starts on a
            // cluster that is one member short (one that could not bind its port, say).
            cluster.awaitEveryMember(START_TIMEOUT);
            return cluster;
        }
        catch (final IOException | RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
    }

    /**
     * A loopback port that nothing listens on, for a server process about to be started. It lies outside the kernel's
     * ephemeral range ({@code net.ipv4.ip_local_port_range}) where there is room, below it or else above it, so the
     * local port of an outgoing connection (jetcd's, or another member's) cannot take it before the server binds it;
     * and this JVM never hands the same port out twice, on any path (etcd refuses a cluster that names one twice).
     *
     * @return the port.
     * @throws IOException if no port is free.
     */
    public static synchronized int freePort() throws IOException
    {
        final int[] ephemeral = ephemeralRange();
        final int belowLow = Math.max(1024, ephemeral[0] - 16_384);
        final int aboveHigh = Math.min(65_535, ephemeral[1] + 16_384);
        if (ephemeral[0] - belowLow >= 1024)
        {
            return freePortIn(belowLow, ephemeral[0]);
        }
        if (aboveHigh - ephemeral[1] >= 1024)
        {
            return freePortIn(ephemeral[1] + 1, aboveHigh + 1);
        }
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
            {
                if (HANDED_OUT.add(socket.getLocalPort()))
                {
                    return socket.getLocalPort();
                }
            }
        }
        throw new IOException("no loopback port found that this JVM has not handed out already");
    }

    private static int freePortIn(final int fromInclusive, final int toExclusive) throws IOException
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            final int port = fromInclusive + ThreadLocalRandom.current().nextInt(toExclusive - fromInclusive);
            if (!HANDED_OUT.contains(port) && isFree(port))
            {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IOException("no free loopback port in " + fromInclusive + ".." + (toExclusive - 1) + " after 1000 tries");
    }

    /** The kernel's ephemeral port range, low and high, or Linux's default where it cannot be read. */
    private static int[] ephemeralRange()
    {
        try
        {
            // Not Files.readString: on a sysctl file (size 0) it returned the first byte only ("3"), here on 17 and 25.
            final String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+");
            return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
        }
        catch (final IOException | RuntimeException ex)
        {
            return new int[] {32_768, 60_999};
        }
    }

    private static boolean isFree(final int port)
    {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.isBound();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private void startMember(final int index, final String state) throws IOException
    {
        final Member member = members.get(index);
        member.process = new ProcessBuilder(ETCD.toString(), "--name", member.name, "--data-dir", member.dataDirectory.toString(),
            "--listen-client-urls", member.clientUrl(), "--advertise-client-urls", member.clientUrl(),
            "--listen-peer-urls", member.peerUrl(), "--initial-advertise-peer-urls", member.peerUrl(),
            "--initial-cluster", initialCluster, "--initial-cluster-state", state, "--initial-cluster-token", token,
            "--heartbeat-interval", "50", "--election-timeout", "500", "--logger", "zap", "--log-outputs", "stderr")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(member.log.toFile())).start();
    }

    /**
     * Waits until a linearizable read through any member succeeds.
     *
     * @param timeout how long.
     * @throws IOException with every member's log if the cluster did not answer in time.
     */
    public void awaitReady(final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0)
        {
            for (int i = 0; i < members.size(); i++)
            {
                if (isRunning(i) && post(i, "/v3/kv/range", "{\"key\":\"AA==\"}").isPresent())
                {
                    return;
                }
            }
            sleep(50);
        }
        throw new IOException("etcd did not answer a linearizable read within " + timeout + "\n" + logs());
    }

    private void awaitEveryMember(final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < members.size(); i++)
        {
            while (!isRunning(i) || post(i, "/v3/maintenance/status", "{}").isEmpty())
            {
                if (!isRunning(i) || System.nanoTime() - deadline > 0)
                {
                    throw new IOException("etcd member " + members.get(i).name + " is not up\n" + logs());
                }
                sleep(50);
            }
        }
    }

    /**
     * @return the client URLs of every member, running or not, for a client's endpoint list.
     */
    public List<String> endpoints()
    {
        return members.stream().map(Member::clientUrl).toList();
    }

    /**
     * @return the number of members.
     */
    public int size()
    {
        return members.size();
    }

    /**
     * @param index a member.
     * @return whether its process runs.
     */
    public boolean isRunning(final int index)
    {
        final Process process = members.get(index).process;
        return process != null && process.isAlive();
    }

    /**
     * @return the index of the member that leads now, as the running members report it; waits up to 10 s for an
     *         election under way.
     * @throws IllegalStateException if no running member names a leader in that time.
     */
    public int leader()
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            final int leader = leaderNow();
            if (leader >= 0)
            {
                return leader;
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("no running etcd member names a leader\n" + logs());
            }
            sleep(50);
        }
    }

    private int leaderNow()
    {
        for (int i = 0; i < members.size(); i++)
        {
            if (!isRunning(i))
            {
                continue;
            }
            final Optional<String> status = post(i, "/v3/maintenance/status", "{}");
            if (status.isEmpty())
            {
                continue;
            }
            final Matcher leader = LEADER.matcher(status.get());
            final Matcher member = MEMBER.matcher(status.get());
            if (leader.find() && member.find())
            {
                if (leader.group(1).equals(member.group(1)))
                {
                    return i;
                }
                for (int j = 0; j < members.size(); j++)
                {
                    final Optional<String> other = isRunning(j) ? post(j, "/v3/maintenance/status", "{}") : Optional.empty();
                    final Matcher id = other.map(MEMBER::matcher).filter(Matcher::find).orElse(null);
                    if (id != null && id.group(1).equals(leader.group(1)))
                    {
                        return j;
                    }
                }
            }
        }
        return -1;
    }

    /**
     * Kills a member with SIGKILL and waits for it to be gone.
     *
     * @param index the member.
     */
    public void kill(final int index)
    {
        final Process process = members.get(index).process;
        if (process != null)
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts a killed member again on its data, to rejoin the cluster.
     *
     * @param index the member.
     * @throws IOException if it cannot be started.
     */
    public void restart(final int index) throws IOException
    {
        if (!isRunning(index))
        {
            startMember(index, "existing");
        }
    }

    /**
     * Turns on authentication with a root user (etcd needs one first) and one more user with read-write access to every
     * key; clients must then log in.
     *
     * @param user     the user to add.
     * @param password its password, also root's.
     * @throws IOException if an etcdctl command fails.
     */
    public void enableAuth(final String user, final String password) throws IOException
    {
        etcdctl("user", "add", "root:" + password);
        etcdctl("role", "add", "readwrite");
        etcdctl("role", "grant-permission", "readwrite", "--prefix=true", "readwrite", "");
        etcdctl("user", "add", user + ":" + password);
        etcdctl("user", "grant-role", user, "readwrite");
        etcdctl("auth", "enable");
        rootPassword = password;
    }

    /**
     * Runs {@code etcdctl} against the cluster (as root once {@link #enableAuth} ran).
     *
     * @param arguments its command and arguments, such as {@code put KEY VALUE}.
     * @return what it printed.
     * @throws IOException if it failed.
     */
    public String etcdctl(final String... arguments) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints", String.join(",", endpoints())));
        if (rootPassword != null)
        {
            command.add("--user=root:" + rootPassword);
        }
        command.addAll(List.of(arguments));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ETCDCTL_API", "3");
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try
        {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                throw new IOException("etcdctl " + String.join(" ", arguments) + " failed: " + output);
            }
            return output;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }

    /**
     * @return every member's log, for a failure message.
     */
    public String logs()
    {
        final StringBuilder out = new StringBuilder();
        for (final Member member : members)
        {
            out.append("--- etcd ").append(member.name).append(" (").append(member.clientUrl()).append(") ---\n");
            try
            {
                final List<String> lines = Files.exists(member.log) ? Files.readAllLines(member.log, StandardCharsets.UTF_8) : List.of();
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(line -> out.append(line).append('\n'));
            }
            catch (final IOException ex)
            {
                out.append("(unreadable: ").append(ex).append(")\n");
            }
        }
        return out.toString();
    }

    private Optional<String> post(final int index, final String path, final String body)
    {
        try
        {
            final HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()
                .send(HttpRequest.newBuilder(URI.create(members.get(index).clientUrl() + path)).timeout(Duration.ofSeconds(2))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && !response.body().contains("\"error\"") ? Optional.of(response.body()) : Optional.empty();
        }
        catch (final IOException ex)
        {
            return Optional.empty();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    /**
     * Kills every member and deletes their data.
     */
    @Override
    public void close()
    {
        for (int i = 0; i < members.size(); i++)
        {
            kill(i);
        }
        ScratchDirectory.delete(directory);
    }
}
