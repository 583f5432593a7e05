package io.sharedatomic.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach the cluster: its endpoints, the key prefix, timeouts and credentials. Immutable; each {@code with}
 * returns a copy.
 *
 * <pre>
 * ClusterSpec.of("http://etcd-1:2379", "http://etcd-2:2379", "http://etcd-3:2379")
 *     .withPrefix("/desk-ny/").withCredentials("desk", password).withOperationTimeout(Duration.ofSeconds(2));
 * </pre>
 */
public final class ClusterSpec
{
    /** The shortest resolve window: far longer than any request can stay in flight. */
    public static final Duration MIN_RESOLVE_WINDOW = Duration.ofMinutes(1);
    /** The shortest timeout: a round trip on loopback, and room for the client's own first retry within half of it. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(10);

    private final List<String> endpoints;
    private final String prefix;
    private final Duration operationTimeout;
    private final Duration connectTimeout;
    private final String user;
    private final String password;
    private final Duration resolveWindow;
    private final Tls tls;

    /**
     * TLS settings: the CA that signed the members' certificates, and for mutual TLS this client's certificate and key.
     *
     * @param trustedCa   PEM file of the CA certificate(s) to trust.
     * @param certificate PEM file of this client's certificate chain, or null.
     * @param key         PEM file of its private key in PKCS#8 ({@code openssl pkcs8 -topk8 -nocrypt}), or null.
     */
    public record Tls(Path trustedCa, Path certificate, Path key)
    {
    }

    private ClusterSpec(final List<String> endpoints, final String prefix, final Duration operationTimeout, final Duration connectTimeout,
        final String user, final String password, final Duration resolveWindow, final Tls tls)
    {
        this.endpoints = endpoints;
        this.prefix = prefix;
        this.operationTimeout = operationTimeout;
        this.connectTimeout = connectTimeout;
        this.user = user;
        this.password = password;
        this.resolveWindow = resolveWindow;
        this.tls = tls;
    }

    /**
     * A spec with the defaults: prefix {@code /shared-atomic/}, operation timeout 5 s, connect timeout 10 s, no
     * credentials, resolve window 10 minutes.
     *
     * @param endpoints client URLs of the members, such as {@code http://10.0.0.1:2379}.
     * @return the spec.
     * @throws IllegalArgumentException if there is none, or one is not an http(s) URL ({@code https://} needs
     *                                  {@link #withTls}).
     */
    public static ClusterSpec of(final String... endpoints)
    {
        if (endpoints.length == 0)
        {
            throw new IllegalArgumentException("name at least one etcd endpoint, such as http://127.0.0.1:2379");
        }
        for (final String endpoint : endpoints)
        {
            if (endpoint == null || !endpoint.matches("https?://[^/\\s@]+(:\\d+)?/?"))
            {
                throw new IllegalArgumentException("'" + endpoint + "' is no etcd endpoint: use http://HOST:PORT, or https://HOST:PORT with " +
                    "withTls (credentials go in withCredentials)");
            }
        }
        return new ClusterSpec(List.of(endpoints), "/shared-atomic/", Duration.ofSeconds(5), Duration.ofSeconds(10), null, null,
            Duration.ofMinutes(10), null);
    }

    /**
     * @param newPrefix the start of every key, ending in '/': values of different prefixes never meet.
     * @return a copy with it.
     */
    public ClusterSpec withPrefix(final String newPrefix)
    {
        if (newPrefix == null || !newPrefix.startsWith("/") || !newPrefix.endsWith("/"))
        {
            throw new IllegalArgumentException("a prefix starts and ends with '/', such as /desk-ny/: '" + newPrefix + "'");
        }
        return new ClusterSpec(endpoints, newPrefix, operationTimeout, connectTimeout, user, password, resolveWindow, tls);
    }

    /**
     * @param timeout the longest any one operation waits for the cluster before it throws.
     * @return a copy with it.
     */
    public ClusterSpec withOperationTimeout(final Duration timeout)
    {
        return new ClusterSpec(endpoints, prefix, positive(timeout), connectTimeout, user, password, resolveWindow, tls);
    }

    /**
     * @param timeout the longest {@link ClusterValues#connect} waits for the cluster's first answer (which also pays for
     *                loading the client's classes), and a connection attempt to one endpoint takes.
     * @return a copy with it.
     */
    public ClusterSpec withConnectTimeout(final Duration timeout)
    {
        return new ClusterSpec(endpoints, prefix, operationTimeout, positive(timeout), user, password, resolveWindow, tls);
    }

    /**
     * @param newUser     an etcd user (with {@code auth enable} on the cluster).
     * @param newPassword its password.
     * @return a copy with them.
     */
    public ClusterSpec withCredentials(final String newUser, final String newPassword)
    {
        return new ClusterSpec(endpoints, prefix, operationTimeout, connectTimeout, Objects.requireNonNull(newUser, "user"),
            Objects.requireNonNull(newPassword, "password"), resolveWindow, tls);
    }

    /**
     * @param window how long after a write its outcome can still be {@link ClusterValues#resolve resolved}; its
     *               operation key lives that long.
     * @return a copy with it.
     */
    public ClusterSpec withResolveWindow(final Duration window)
    {
        if (positive(window).compareTo(MIN_RESOLVE_WINDOW) < 0)
        {
            throw new IllegalArgumentException("the resolve window must be at least " + MIN_RESOLVE_WINDOW + ", not " + window +
                ": a write still in flight must not outlive the keys that decide it");
        }
        return new ClusterSpec(endpoints, prefix, operationTimeout, connectTimeout, user, password, window, tls);
    }

    /**
     * TLS with server authentication: every endpoint must be {@code https://}.
     *
     * @param trustedCa PEM file of the CA certificate(s) that signed the members' certificates.
     * @return a copy with it.
     * @throws IllegalArgumentException if the file cannot be read.
     */
    public ClusterSpec withTls(final Path trustedCa)
    {
        return new ClusterSpec(endpoints, prefix, operationTimeout, connectTimeout, user, password, resolveWindow, new Tls(readable(trustedCa), null, null));
    }

    /**
     * Mutual TLS: the members check this client's certificate too ({@code --client-cert-auth}).
     *
     * @param trustedCa   PEM file of the CA certificate(s) that signed the members' certificates.
     * @param certificate PEM file of this client's certificate chain.
     * @param key         PEM file of its private key, unencrypted PKCS#8 ({@code openssl pkcs8 -topk8 -nocrypt -in k.pem}).
     * @return a copy with them.
     * @throws IllegalArgumentException if a file cannot be read.
     */
    public ClusterSpec withTls(final Path trustedCa, final Path certificate, final Path key)
    {
        return new ClusterSpec(endpoints, prefix, operationTimeout, connectTimeout, user, password, resolveWindow,
            new Tls(readable(trustedCa), readable(certificate), readable(key)));
    }

    private static Path readable(final Path file)
    {
        if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file))
        {
            throw new IllegalArgumentException("TLS file " + file + " is not a readable file");
        }
        return file;
    }

    /**
     * @return the TLS settings, or null for plain text.
     */
    public Tls tls()
    {
        return tls;
    }

    /**
     * @throws IllegalArgumentException if the endpoints' schemes do not match the TLS settings: an {@code https://}
     *                                  endpoint without them would be spoken to in clear text.
     */
    void checkSchemes()
    {
        for (final String endpoint : endpoints)
        {
            if (tls == null && endpoint.startsWith("https://"))
            {
                throw new IllegalArgumentException("'" + endpoint + "' is a TLS endpoint: give the CA with withTls(caCertificate), or the " +
                    "client would speak to it in clear text");
            }
            if (tls != null && endpoint.startsWith("http://"))
            {
                throw new IllegalArgumentException("'" + endpoint + "' is a plain-text endpoint, but TLS is configured: use https:// for " +
                    "every endpoint");
            }
        }
    }

    private static Duration positive(final Duration duration)
    {
        if (duration == null || duration.compareTo(MIN_TIMEOUT) < 0)
        {
            throw new IllegalArgumentException("a timeout of at least " + MIN_TIMEOUT.toMillis() + " ms, not " + duration);
        }
        return duration;
    }

    /**
     * @return the endpoints.
     */
    public List<String> endpoints()
    {
        return endpoints;
    }

    /**
     * @return the key prefix.
     */
    public String prefix()
    {
        return prefix;
    }

    /**
     * @return the operation timeout.
     */
    public Duration operationTimeout()
    {
        return operationTimeout;
    }

    /**
     * @return the connect timeout.
     */
    public Duration connectTimeout()
    {
        return connectTimeout;
    }

    /**
     * @return the user, or null.
     */
    public String user()
    {
        return user;
    }

    String password()
    {
        return password;
    }

    /**
     * @return the resolve window.
     */
    public Duration resolveWindow()
    {
        return resolveWindow;
    }

    @Override
    public String toString()
    {
        return "ClusterSpec" + endpoints + " prefix " + prefix + (user == null ? "" : " user " + user) + (tls == null ? "" : " TLS" +
            (tls.certificate() == null ? "" : " with a client certificate"));
    }
}
