package io.sharedatomic.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Txn;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.ClientInterceptor;
import io.grpc.Status;

/**
 * The one class that talks to etcd (through jetcd): linearizable reads, transactions and leases, each bounded by the
 * operation timeout, with every failure turned into an {@link EtcdFailure} that says whether the request may have been
 * applied. Keys and values are bytes; what they mean is the public package's business.
 */
public final class EtcdStore implements AutoCloseable
{
    static
    {
        QuietLogs.prepare();
    }

    private final Client client;
    private final List<String> endpoints;
    private final Duration timeout;
    private volatile boolean closed;

    /**
     * A key's value and the revision that last changed it.
     *
     * @param value       the value, or null if the key is absent.
     * @param modRevision the revision of its last change, 0 if absent.
     */
    public record Versioned(byte[] value, long modRevision)
    {
        /**
         * @return true if the key exists.
         */
        public boolean present()
        {
            return value != null;
        }
    }

    /**
     * What a transaction did.
     *
     * @param succeeded whether its conditions held (its Then branch ran).
     * @param revision  the store's revision after it.
     * @param gets      what each get of the branch that ran read, in order.
     */
    public record TxnResult(boolean succeeded, long revision, List<Versioned> gets)
    {
    }

    /**
     * A linearizable read of one key, and the store's revision when it was read.
     *
     * @param value    the key's value and the revision that last changed it.
     * @param revision the store's revision at the read: a watch from {@code revision + 1} misses nothing after it.
     */
    public record Read(Versioned value, long revision)
    {
    }

    /**
     * What a watch hands over: the changes of its key, in revision order, or its end.
     */
    public interface WatchListener
    {
        /**
         * @param change the key's new value and its revision; a null value when the key was deleted.
         */
        void changed(Versioned change);

        /**
         * The watch ended and will deliver nothing more (its member lost the leader, the connection broke, the revision
         * was compacted, or it was closed); the caller reads again and starts a new one.
         *
         * @param why what ended it, or null if it was closed.
         */
        void ended(EtcdFailure why);
    }

    /** A condition of a transaction. */
    public sealed interface Condition permits ModRevisionIs, CreateRevisionIs, ValueIs
    {
    }

    /**
     * The key was last changed at this revision (0: it does not exist).
     *
     * @param key      the key.
     * @param revision the revision.
     */
    public record ModRevisionIs(String key, long revision) implements Condition
    {
    }

    /**
     * The key was created at this revision (0: it does not exist).
     *
     * @param key      the key.
     * @param revision the revision.
     */
    public record CreateRevisionIs(String key, long revision) implements Condition
    {
    }

    /**
     * The key holds exactly these bytes.
     *
     * @param key   the key.
     * @param value the bytes.
     */
    public record ValueIs(String key, byte[] value) implements Condition
    {
    }

    /**
     * A put of a transaction.
     *
     * @param key     the key.
     * @param value   the value.
     * @param leaseId a lease to attach the key to, or 0 for none.
     */
    public record Put(String key, byte[] value, long leaseId)
    {
    }

    /**
     * @param endpoints      client URLs.
     * @param user           user name, or null without authentication.
     * @param password       password, or null.
     * @param connectTimeout how long a connection attempt may take.
     * @param timeout        how long any one request may take.
     */
    public EtcdStore(final List<String> endpoints, final String user, final String password, final Duration connectTimeout,
        final Duration timeout)
    {
        this(endpoints, user, password, connectTimeout, timeout, null, List.of());
    }

    /**
     * TLS files, PEM.
     *
     * @param trustedCa   the CA certificate(s) to trust.
     * @param certificate this client's certificate chain, or null.
     * @param key         its PKCS#8 private key, or null.
     */
    public record Tls(Path trustedCa, Path certificate, Path key)
    {
    }

    /**
     * The same, with gRPC interceptors on every call (tests count the requests an operation makes).
     *
     * @param endpoints      client URLs.
     * @param user           user name, or null without authentication.
     * @param password       password, or null.
     * @param connectTimeout how long a connection attempt may take.
     * @param timeout        how long any one request may take.
     * @param tls            TLS files, or null for plain text.
     * @param interceptors   interceptors, in order.
     * @throws IllegalArgumentException if the TLS files cannot be used.
     */
    public EtcdStore(final List<String> endpoints, final String user, final String password, final Duration connectTimeout,
        final Duration timeout, final Tls tls, final List<ClientInterceptor> interceptors)
    {
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        final ClientBuilder builder = Client.builder().endpoints(endpoints.toArray(String[]::new)).connectTimeout(connectTimeout)
            // Our own deadline bounds every request; jetcd's retries (of refused-before-applied requests only: an old auth
            // token) end well within it, so none is sent after the caller was told the outcome is unknown.
            // The first retry waits a tenth of that (jetcd's 500 ms default would refuse any timeout under a second).
            .retryMaxDuration(timeout.dividedBy(2)).retryChronoUnit(ChronoUnit.MILLIS)
            .retryDelay(Math.max(1, Math.min(500, timeout.toMillis() / 10))).retryMaxDelay(Math.max(1, Math.min(2500, timeout.toMillis() / 4)))
            .waitForReady(false);
        if (user != null)
        {
            builder.user(bytes(user)).password(bytes(password == null ? "" : password));
        }
        if (!interceptors.isEmpty())
        {
            builder.interceptors(List.copyOf(interceptors));
        }
        if (tls != null)
        {
            try
            {
                builder.sslContext(ssl ->
                {
                    ssl.trustManager(tls.trustedCa().toFile());
                    if (tls.certificate() != null)
                    {
                        ssl.keyManager(tls.certificate().toFile(), tls.key().toFile());
                    }
                });
            }
            catch (final SSLException | RuntimeException ex)
            {
                throw new IllegalArgumentException("cannot use the TLS files " + tls + ": " + ex.getMessage() +
                    " (PEM certificates; the key unencrypted PKCS#8)", ex);
            }
        }
        this.client = builder.build();
    }

    /**
     * @return the endpoints, for messages.
     */
    public List<String> endpoints()
    {
        return endpoints;
    }

    /**
     * @return the per-request timeout.
     */
    public Duration timeout()
    {
        return timeout;
    }

    /**
     * A linearizable read.
     *
     * @param key the key.
     * @return its value and revision.
     * @throws EtcdFailure if the cluster did not answer in time or refused.
     */
    public Versioned get(final String key)
    {
        return get(key, timeout);
    }

    /**
     * A linearizable read with its own time limit (the first request of a new client also pays for loading gRPC).
     *
     * @param key   the key.
     * @param limit how long it may take.
     * @return its value and revision.
     * @throws EtcdFailure if the cluster did not answer in time or refused.
     */
    public Versioned get(final String key, final Duration limit)
    {
        return versioned(await(client.getKVClient().get(bytes(key)), false, limit));
    }

    /**
     * A linearizable read that also says the store's revision, to start a watch from.
     *
     * @param key   the key.
     * @param limit how long it may take.
     * @return its value and the store's revision.
     * @throws EtcdFailure if the cluster did not answer in time or refused.
     */
    public Read read(final String key, final Duration limit)
    {
        final GetResponse response = await(client.getKVClient().get(bytes(key)), false, limit);
        return new Read(versioned(response), response.getHeader().getRevision());
    }

    /**
     * Watches one key from a revision. The member must have a leader (a member cut off from the others ends the watch
     * rather than go quiet). Changes arrive on a client thread, one at a time, in revision order.
     *
     * @param key          the key.
     * @param fromRevision the first revision to deliver.
     * @param listener     gets the changes, then the end.
     * @return closes the watch.
     */
    public AutoCloseable watch(final String key, final long fromRevision, final WatchListener listener)
    {
        final WatchOption option = WatchOption.builder().withRevision(fromRevision).withRequireLeader(true).build();
        final Watch.Watcher watcher = client.getWatchClient().watch(bytes(key), option, new Watch.Listener()
        {
            private volatile boolean ended;

            @Override
            public void onNext(final WatchResponse response)
            {
                if (ended)
                {
                    return;
                }
                for (final WatchEvent event : response.getEvents())
                {
                    final KeyValue kv = event.getKeyValue();
                    listener.changed(event.getEventType() == WatchEvent.EventType.DELETE ? new Versioned(null, kv.getModRevision()) :
                        new Versioned(kv.getValue().getBytes(), kv.getModRevision()));
                }
            }

            @Override
            public void onError(final Throwable error)
            {
                // jetcd would resume some watches by itself; ours ends at the first error, and the caller re-reads, so
                // that a compaction or a lost leader is handled in one place.
                if (!ended)
                {
                    ended = true;
                    listener.ended(failure(error, false));
                }
            }

            @Override
            public void onCompleted()
            {
                if (!ended)
                {
                    ended = true;
                    listener.ended(null);
                }
            }
        });
        return watcher::close;
    }

    /**
     * One transaction: If all conditions hold Then the puts (and the gets after them) Else the gets.
     *
     * @param conditions the conditions.
     * @param puts       writes of the Then branch.
     * @param thenGets   keys the Then branch reads after its writes.
     * @param elseGets   keys the Else branch reads.
     * @return what it did.
     * @throws EtcdFailure if it failed; {@link EtcdFailure#mayHaveApplied()} says whether it may have taken effect.
     */
    public TxnResult txn(final List<Condition> conditions, final List<Put> puts, final List<String> thenGets, final List<String> elseGets)
    {
        final Txn txn = client.getKVClient().txn();
        txn.If(conditions.stream().map(EtcdStore::cmp).toArray(Cmp[]::new));
        final List<Op> then = new ArrayList<>();
        for (final Put put : puts)
        {
            final PutOption option = put.leaseId() == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(put.leaseId()).build();
            then.add(Op.put(bytes(put.key()), ByteSequence.from(put.value()), option));
        }
        thenGets.forEach(key -> then.add(Op.get(bytes(key), GetOption.DEFAULT)));
        txn.Then(then.toArray(Op[]::new));
        txn.Else(elseGets.stream().map(key -> Op.get(bytes(key), GetOption.DEFAULT)).toArray(Op[]::new));
        final TxnResponse response = await(txn.commit(), !puts.isEmpty());
        final List<Versioned> gets = response.getGetResponses().stream().map(EtcdStore::versioned).toList();
        return new TxnResult(response.isSucceeded(), response.getHeader().getRevision(), gets);
    }

    /**
     * Grants a lease that is never kept alive: it ends after its time to live.
     *
     * @param ttlSeconds its time to live.
     * @return its id.
     */
    public long grantLease(final long ttlSeconds)
    {
        return await(client.getLeaseClient().grant(ttlSeconds), false).getID();
    }

    /**
     * Grants a lease, to be kept alive with {@link #keepAliveOnce}.
     *
     * @param ttlSeconds the time to live asked for.
     * @return its id and the time to live the cluster granted (it may raise a short one to its minimum).
     */
    public Grant grant(final long ttlSeconds)
    {
        final LeaseGrantResponse response = await(client.getLeaseClient().grant(ttlSeconds), false);
        return new Grant(response.getID(), response.getTTL());
    }

    /**
     * A lease granted.
     *
     * @param id         its id.
     * @param ttlSeconds its time to live.
     */
    public record Grant(long id, long ttlSeconds)
    {
    }

    /**
     * Renews a lease once: it lives its full time to live from when the cluster got this request.
     *
     * @param id the lease.
     * @return its time to live now, 0 if it had already ended.
     * @throws EtcdFailure if the cluster did not answer in time.
     */
    public long keepAliveOnce(final long id)
    {
        try
        {
            return Math.max(0, await(client.getLeaseClient().keepAliveOnce(id), false).getTTL());
        }
        catch (final EtcdFailure ex)
        {
            if (ex.kind() == EtcdFailure.Kind.LEASE_ENDED)
            {
                return 0;
            }
            throw ex;
        }
    }

    /**
     * Reads some keys and every key under a prefix at one revision, in one transaction.
     *
     * @param keys   single keys.
     * @param prefix a prefix.
     * @return what it read.
     * @throws EtcdFailure if the cluster did not answer in time.
     */
    public Snapshot snapshot(final List<String> keys, final String prefix)
    {
        final Txn txn = client.getKVClient().txn();
        final List<Op> gets = new ArrayList<>();
        keys.forEach(key -> gets.add(Op.get(bytes(key), GetOption.DEFAULT)));
        gets.add(Op.get(bytes(prefix), GetOption.builder().isPrefix(true).build()));
        txn.Then(gets.toArray(Op[]::new));
        final TxnResponse response = await(txn.commit(), false);
        final List<GetResponse> responses = response.getGetResponses();
        final List<Versioned> values = responses.subList(0, keys.size()).stream().map(EtcdStore::versioned).toList();
        final Map<String, Versioned> under = new TreeMap<>();
        for (final KeyValue kv : responses.get(keys.size()).getKvs())
        {
            under.put(kv.getKey().toString(StandardCharsets.UTF_8), new Versioned(kv.getValue().getBytes(), kv.getModRevision()));
        }
        return new Snapshot(values, under, response.getHeader().getRevision());
    }

    /**
     * Keys read at one revision.
     *
     * @param keys        the single keys' values, in order.
     * @param underPrefix every key under the prefix, by key.
     * @param revision    the revision they were read at.
     */
    public record Snapshot(List<Versioned> keys, Map<String, Versioned> underPrefix, long revision)
    {
    }

    private static Cmp cmp(final Condition condition)
    {
        if (condition instanceof ModRevisionIs mod)
        {
            return new Cmp(bytes(mod.key()), Cmp.Op.EQUAL, CmpTarget.modRevision(mod.revision()));
        }
        if (condition instanceof CreateRevisionIs create)
        {
            return new Cmp(bytes(create.key()), Cmp.Op.EQUAL, CmpTarget.createRevision(create.revision()));
        }
        final ValueIs value = (ValueIs)condition;
        return new Cmp(bytes(value.key()), Cmp.Op.EQUAL, CmpTarget.value(ByteSequence.from(value.value())));
    }

    private static Versioned versioned(final GetResponse response)
    {
        if (response.getKvs().isEmpty())
        {
            return new Versioned(null, 0);
        }
        final KeyValue kv = response.getKvs().get(0);
        return new Versioned(kv.getValue().getBytes(), kv.getModRevision());
    }

    private <T> T await(final CompletableFuture<T> future, final boolean write)
    {
        return await(future, write, timeout);
    }

    private <T> T await(final CompletableFuture<T> future, final boolean write, final Duration limit)
    {
        try
        {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (final TimeoutException ex)
        {
            future.cancel(true);
            throw new EtcdFailure(EtcdFailure.Kind.TIMEOUT, "etcd at " + endpoints + " did not answer within " + seconds(limit), write, ex);
        }
        catch (final ExecutionException ex)
        {
            throw failure(ex.getCause() == null ? ex : ex.getCause(), write);
        }
        catch (final InterruptedException ex)
        {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new EtcdFailure(EtcdFailure.Kind.INTERRUPTED, "interrupted while waiting for etcd at " + endpoints, write, ex);
        }
    }

    private EtcdFailure failure(final Throwable cause, final boolean write)
    {
        // jetcd hands most failures over as gRPC's StatusRuntimeException, some as its EtcdException: the status code
        // says which requests the server refused before applying anything.
        final String message = String.valueOf(cause.getMessage());
        final Status.Code code = cause instanceof EtcdException etcd ? Status.Code.valueOf(etcd.getErrorCode().name()) :
            Status.fromThrowable(cause).getCode();
        if (message.contains("requested lease not found"))
        {
            return new EtcdFailure(EtcdFailure.Kind.LEASE_ENDED, "etcd at " + endpoints + ": " + message, false, cause);
        }
        switch (code)
        {
            case UNAUTHENTICATED, PERMISSION_DENIED ->
            {
                return new EtcdFailure(EtcdFailure.Kind.REFUSED, "etcd at " + endpoints + " refused the credentials: " + message, false, cause);
            }
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, RESOURCE_EXHAUSTED, NOT_FOUND ->
            {
                return new EtcdFailure(EtcdFailure.Kind.REFUSED, "etcd at " + endpoints + " refused the request: " + message, false, cause);
            }
            default ->
            {
                // UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, ABORTED, UNKNOWN, INTERNAL: a write may have been applied.
                if (message.contains("authentication failed") || message.contains("invalid auth token") || message.contains("user name is empty"))
                {
                    return new EtcdFailure(EtcdFailure.Kind.REFUSED, "etcd at " + endpoints + " refused the credentials: " + message, false, cause);
                }
                return new EtcdFailure(EtcdFailure.Kind.UNAVAILABLE, "etcd at " + endpoints + " failed: " + message, write, cause);
            }
        }
    }

    private static String seconds(final Duration duration)
    {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static ByteSequence bytes(final String text)
    {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    /**
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return closed;
    }

    @Override
    public void close()
    {
        closed = true;
        client.close();
    }
}
