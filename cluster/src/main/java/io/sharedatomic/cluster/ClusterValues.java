package io.sharedatomic.cluster;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
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
    private long leaseId;
    private long leaseRenewAt = System.nanoTime();

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
     */
    public static ClusterValues connect(final ClusterSpec spec)
    {
        final EtcdStore store = new EtcdStore(spec.endpoints(), spec.user(), spec.password(), spec.connectTimeout(), spec.operationTimeout());
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
            result = store.txn(List.of(new EtcdStore.CreateRevisionIs(typeKey, 0)),
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
     * (it takes the write's operation key first). Works from any process, within the resolve window of the write.
     *
     * @param operation {@link OutcomeUnknownException#operation()}.
     * @return what happened to it.
     * @throws ClusterUnavailableException if the cluster did not answer; asking again is safe.
     */
    public Resolution resolve(final OperationId operation)
    {
        final String key = ClusterLayout.operationKey(spec.prefix(), operation);
        final EtcdStore.TxnResult result;
        try
        {
            result = store.txn(List.of(new EtcdStore.CreateRevisionIs(key, 0)),
                List.of(new EtcdStore.Put(key, ClusterLayout.text(ClusterLayout.ABORTED), operationLease())), List.of(), List.of(key));
        }
        catch (final EtcdFailure ex)
        {
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

    OperationId nextOperation()
    {
        return new OperationId(client, sequence.incrementAndGet());
    }

    /**
     * The lease for operation keys: a new one every minute, each ending a resolve window plus a minute after its grant,
     * so every key lives at least the window, and none forever.
     */
    synchronized long operationLease()
    {
        final long now = System.nanoTime();
        if (leaseId == 0 || now - leaseRenewAt >= 0)
        {
            try
            {
                leaseId = store.grantLease(spec.resolveWindow().toSeconds() + TimeUnit.NANOSECONDS.toSeconds(LEASE_BUCKET_NANOS));
            }
            catch (final EtcdFailure ex)
            {
                throw readFailure(ex);
            }
            leaseRenewAt = now + LEASE_BUCKET_NANOS;
        }
        return leaseId;
    }

    /** A failure of a request that changed nothing. */
    static ClusterException readFailure(final EtcdFailure ex)
    {
        return ex.kind() == EtcdFailure.Kind.REFUSED ? new ClusterException(ex.getMessage(), ex) : new ClusterUnavailableException(ex.getMessage(), ex);
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
