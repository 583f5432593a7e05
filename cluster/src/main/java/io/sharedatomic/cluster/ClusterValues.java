package io.sharedatomic.cluster;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.sharedatomic.IncompatibleEntryException;
import io.sharedatomic.cluster.internal.EtcdFailure;
import io.sharedatomic.cluster.internal.EtcdStore;

/**
 * A connection to the cluster and the named values in it ({@link ClusterLayout}). Thread-safe; one per process is
 * enough. Every operation of its values is linearizable, and waits at most the operation timeout.
 *
 * <pre>
 * try (ClusterValues cluster = ClusterValues.connect(ClusterSpec.of(endpoints)))
 * {
 *     ClusterBoolean halt = cluster.clusterBoolean("risk.halt", false);
 *     ClusterLong nextBlock = cluster.clusterLong("orders.next-block", 0);
 *     long block = nextBlock.getAndAdd(1000);
 * }
 * </pre>
 */
public final class ClusterValues implements AutoCloseable
{
    /** A new lease for operation keys at most this often; each lives for the resolve window plus this. */
    private static final long LEASE_BUCKET_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ClusterSpec spec;
    private final EtcdStore store;
    private final String client = UUID.randomUUID().toString().replace("-", "");
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentMap<String, ClusterWord> handles = new ConcurrentHashMap<>();
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile Lease lease;

    /** A lease for operation keys: renewed from {@code renewAt}, used until {@code usableUntil} (nanoTime). */
    private record Lease(long id, long renewAt, long usableUntil)
    {
    }

    private ClusterValues(final ClusterSpec spec, final EtcdStore store)
    {
        this.spec = spec;
        this.store = store;
    }

    /**
     * Connects, and checks with one linearizable read that the cluster answers and takes the credentials.
     *
     * @param spec endpoints, prefix, timeouts, credentials.
     * @return the connection, to close.
     * @throws ClusterUnavailableException if the cluster did not answer within the connect timeout.
     * @throws ClusterException            if it refused the credentials.
     * @throws IllegalArgumentException    if an endpoint's scheme does not match the TLS settings, or a TLS file is bad.
     */
    public static ClusterValues connect(final ClusterSpec spec)
    {
        spec.checkSchemes();
        final ClusterSpec.Tls tls = spec.tls();
        return connect(spec, new EtcdStore(spec.endpoints(), spec.user(), spec.password(), spec.connectTimeout(), spec.operationTimeout(),
            tls == null ? null : new EtcdStore.Tls(tls.trustedCa(), tls.certificate(), tls.key()), List.of()));
    }

    /**
     * Connects through a store made by the caller (tests give it an interceptor that counts requests).
     */
    static ClusterValues connect(final ClusterSpec spec, final EtcdStore store)
    {
        try
        {
            // The connect timeout: the first request also pays for loading gRPC and Netty, a second or more on a busy host.
            store.get(spec.prefix() + "types/", spec.connectTimeout());
            return new ClusterValues(spec, store);
        }
        catch (final EtcdFailure ex)
        {
            store.close();
            throw readFailure(ex);
        }
        catch (final RuntimeException ex)
        {
            store.close();
            throw ex;
        }
    }

    /**
     * The long of this name, created with {@code initialValue} if absent, in one transaction (lock-free: of racing
     * creators, one creates and the others attach).
     *
     * @param name         entry name: 1 to {@value ClusterLayout#MAX_NAME_BYTES} UTF-8 bytes, no control characters.
     * @param initialValue its value if this call creates it.
     * @return the handle.
     * @throws IncompatibleEntryException  if the name holds a boolean.
     * @throws ClusterUnavailableException if the cluster did not answer (asking again is safe: at most one creates it).
     */
    public ClusterLong clusterLong(final String name, final long initialValue)
    {
        return (ClusterLong)handle(name, ClusterLayout.LONG, initialValue);
    }

    /**
     * @param name entry name.
     * @return the long of this name, created as 0 if absent (see {@link #clusterLong(String, long)}).
     */
    public ClusterLong clusterLong(final String name)
    {
        return clusterLong(name, 0);
    }

    /**
     * The boolean of this name, created with {@code initialValue} if absent (see {@link #clusterLong(String, long)}).
     *
     * @param name         entry name.
     * @param initialValue its value if this call creates it.
     * @return the handle.
     * @throws IncompatibleEntryException  if the name holds a long.
     * @throws ClusterUnavailableException if the cluster did not answer.
     */
    public ClusterBoolean clusterBoolean(final String name, final boolean initialValue)
    {
        return (ClusterBoolean)handle(name, ClusterLayout.BOOLEAN, initialValue ? 1 : 0);
    }

    /**
     * @param name entry name.
     * @return the boolean of this name, created as false if absent.
     */
    public ClusterBoolean clusterBoolean(final String name)
    {
        return clusterBoolean(name, false);
    }

    private ClusterWord handle(final String name, final String type, final long initialValue)
    {
        ClusterLayout.checkName(name);
        final ClusterWord cached = handles.get(name);
        if (cached != null && cached.type().equals(type))
        {
            return cached;
        }
        final String typeKey = ClusterLayout.typeKey(spec.prefix(), name);
        final String valueKey = ClusterLayout.valueKey(spec.prefix(), name);
        final EtcdStore.TxnResult result;
        try
        {
            result = store.txn(List.of(new EtcdStore.CreateRevisionIs(typeKey, 0), new EtcdStore.CreateRevisionIs(valueKey, 0)),
                List.of(new EtcdStore.Put(typeKey, ClusterLayout.text(type), 0), new EtcdStore.Put(valueKey, ClusterWord.encode(type, initialValue), 0)),
                List.of(), List.of(typeKey, valueKey));
        }
        catch (final EtcdFailure ex)
        {
            // Creating is the same whichever call lands first: a lost answer is only unavailability.
            throw readFailure(ex);
        }
        final ClusterWord handle;
        if (result.succeeded())
        {
            handle = ClusterWord.create(this, name, type, initialValue, result.revision());
        }
        else
        {
            if (!result.gets().get(0).present())
            {
                throw new ClusterException("cannot create '" + name + "': " + valueKey + " exists without its type key " + typeKey +
                    " (written by another tool); remove it or choose another name", null);
            }
            final String found = ClusterLayout.text(result.gets().get(0).value());
            if (!found.equals(type))
            {
                throw new IncompatibleEntryException("entry '" + name + "' in etcd " + spec.endpoints() + " under " + spec.prefix() + " is a cluster " +
                    found + "; you asked for a cluster " + type);
            }
            final EtcdStore.Versioned value = result.gets().get(1);
            handle = ClusterWord.create(this, name, type, 0, 0);
            if (value.present())
            {
                handle.remember(value);
            }
        }
        final ClusterWord earlier = handles.putIfAbsent(name, handle);
        return earlier != null && earlier.type().equals(type) ? earlier : handle;
    }

    /**
     * Says for good whether a write whose outcome was unknown landed: if it has not, this makes sure it never will
     * (it takes the write's operation key first). Works from any process connected to the same cluster, within the
     * resolve window of the write.
     *
     * @param operation {@link OutcomeUnknownException#operation()}.
     * @return what happened to it.
     * @throws ClusterUnavailableException if the cluster did not answer; asking again is safe.
     * @throws ClusterException            if the resolve window has passed.
     */
    public Resolution resolve(final OperationId operation)
    {
        final String key = ClusterLayout.operationKey(operation);
        final EtcdStore.TxnResult result;
        try
        {
            // The fence lives on the write's own lease: once that lease has ended, the write cannot land any more (its
            // put names the lease), and the fence cannot be made either, so no answer is given after the window.
            result = store.txn(List.of(new EtcdStore.CreateRevisionIs(key, 0)),
                List.of(new EtcdStore.Put(key, ClusterLayout.text(ClusterLayout.ABORTED), operation.lease())), List.of(), List.of(key));
        }
        catch (final EtcdFailure ex)
        {
            if (ex.kind() == EtcdFailure.Kind.LEASE_ENDED)
            {
                throw new ClusterException("cannot resolve " + operation + ": its resolve window has passed (the lease of its operation key " +
                    "ended); it can no longer land, but whether it did is no longer recorded", ex);
            }
            throw readFailure(ex);
        }
        if (result.succeeded())
        {
            return new Resolution(operation, false, 0, 0);
        }
        final String recorded = ClusterLayout.text(result.gets().get(0).value());
        if (recorded.equals(ClusterLayout.ABORTED))
        {
            return new Resolution(operation, false, 0, 0);
        }
        final String[] values = recorded.split(" ");
        return new Resolution(operation, true, Long.parseLong(values[0]), Long.parseLong(values[1]));
    }

    /**
     * @return the spec it connected with.
     */
    public ClusterSpec spec()
    {
        return spec;
    }

    EtcdStore store()
    {
        return store;
    }

    /**
     * The id of the next write, on the current lease for operation keys (granted here when due).
     */
    OperationId nextOperation()
    {
        return new OperationId(spec.prefix(), client, sequence.incrementAndGet(), operationLease());
    }

    /**
     * The lease for operation keys: granted at most once a minute, each ending a resolve window plus a minute after its
     * grant, so that a key written while it is in use lives at least the window, and none forever. One thread renews it
     * half-way through its minute while the others go on using the old one; only a thread that finds no usable lease
     * at all waits for a grant (bounded by the operation timeout), and never behind a lock.
     */
    long operationLease()
    {
        final Lease current = lease;
        final long now = System.nanoTime();
        if (current != null && now - current.renewAt() < 0)
        {
            return current.id();
        }
        final boolean usable = current != null && now - current.usableUntil() < 0;
        if (usable && !renewing.compareAndSet(false, true))
        {
            return current.id();
        }
        try
        {
            final long id = store.grantLease(spec.resolveWindow().toSeconds() + TimeUnit.NANOSECONDS.toSeconds(LEASE_BUCKET_NANOS));
            lease = new Lease(id, now + LEASE_BUCKET_NANOS / 2, now + LEASE_BUCKET_NANOS);
            return id;
        }
        catch (final EtcdFailure ex)
        {
            if (usable)
            {
                // The old lease still serves; the next write tries again.
                return current.id();
            }
            throw readFailure(ex);
        }
        finally
        {
            if (usable)
            {
                renewing.set(false);
            }
        }
    }

    /** A failure of a request that changed nothing. */
    static ClusterException readFailure(final EtcdFailure ex)
    {
        return ex.kind() == EtcdFailure.Kind.REFUSED || ex.kind() == EtcdFailure.Kind.LEASE_ENDED ? new ClusterException(ex.getMessage(), ex) :
            new ClusterUnavailableException(ex.getMessage(), ex);
    }

    /** A failure of a write: unknown outcome unless the cluster refused it outright. */
    static ClusterException writeFailure(final EtcdFailure ex, final OperationId operation)
    {
        return ex.mayHaveApplied() ? new OutcomeUnknownException(operation, ex.getMessage(), ex) : readFailure(ex);
    }

    /**
     * Closes the connection; the values' handles then fail.
     */
    @Override
    public void close()
    {
        store.close();
    }

    @Override
    public String toString()
    {
        return "ClusterValues " + spec;
    }
}
