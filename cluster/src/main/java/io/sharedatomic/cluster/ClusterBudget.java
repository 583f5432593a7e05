package io.sharedatomic.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.SharedLongArray;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.cluster.internal.EtcdFailure;
import io.sharedatomic.cluster.internal.EtcdStore;

/**
 * A host's share of a cluster-wide limit (a position limit in lots, say), spent at local cost. The limit is a
 * {@link ClusterLong}; each host holds part of it in etcd, on the host's lease ({@link ClusterLayout}), and spends what
 * it holds with one CAS on a word of its region ({@link BudgetLayout}). One process per host (the keeper) reserves the
 * next chunk before the host runs out, with a transaction that refuses to take the holdings of all hosts together over
 * the limit, and keeps the lease alive; another takes over when it dies.
 *
 * <ul>
 *   <li><b>Never over the limit:</b> what the hosts whose leases live hold together never exceeds the limit, and a
 *       host spends only what it holds, so what the live hosts have spent never exceeds it either. Lowering the limit
 *       stops new reservations until the holdings fit under it.</li>
 *   <li><b>Spent stays held:</b> what a host spent stays in its holding while its lease lives; what it has not spent
 *       goes back to the cluster when its keeper closes.</li>
 *   <li><b>A dead host's share comes back:</b> when every process of a host is gone, nobody renews its lease, and its
 *       whole holding comes back once the lease's time to live has passed.</li>
 *   <li><b>Cut off, a host stops spending:</b> {@link #trySpend} refuses once the last renewal the cluster answered
 *       is older than the lease's time to live less a margin ({@link BudgetLayout#VALID_UNTIL}, on the host's
 *       monotonic clock), so a host never spends what the cluster may already have handed to another host. When a
 *       renewal is answered again, it goes on; if the lease did end, the keeper starts afresh with a new one, and what
 *       the host had spent under the old one is no longer counted: to the cluster, a host silent for a whole lease is
 *       dead, and its holding came back.</li>
 * </ul>
 *
 * A stalled keeper (stopped, or paused longer than the lease) is not replaced while it lives: the host stops spending
 * at {@code VALID_UNTIL} and goes on once the keeper resumes. The words of one budget name in a region belong to one
 * cluster prefix; starting it with another is refused.
 *
 * <pre>
 * ClusterLong limit = cluster.clusterLong("desk.position-limit", 10_000);
 * try (ClusterBudget budget = ClusterBudget.start(limit, region, 500, Duration.ofSeconds(10)))
 * {
 *     if (budget.trySpend(lots)) { ... send the order ... }
 * }
 * </pre>
 */
public final class ClusterBudget extends HostKeeper
{
    /** The shortest lease: renewals run every quarter of it, and etcd raises shorter ones anyway. */
    public static final Duration MIN_LEASE_TTL = Duration.ofSeconds(2);
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long REFUSED_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ClusterLong limit;
    private final EtcdStore store;
    private final long chunk;
    private final long ttlSeconds;
    private final String versionKey;
    private final String holdersPrefix;
    private final String budgetPrefix;
    /** When the keeper renews the lease next (nanoTime); its own thread only. */
    private long renewAt;

    private ClusterBudget(final ClusterLong limit, final LocalIdentity.View view, final SharedLongArray words, final long chunk,
        final long ttlSeconds, final List<Object> identity)
    {
        super(view, words, BudgetLayout.KEEPER, identity, "shared-atomic-budget " + limit.name());
        this.limit = limit;
        this.store = limit.values().store();
        this.chunk = chunk;
        this.ttlSeconds = ttlSeconds;
        final String prefix = limit.values().spec().prefix();
        this.versionKey = ClusterLayout.budgetVersionKey(prefix, limit.name());
        this.holdersPrefix = ClusterLayout.budgetHoldersPrefix(prefix, limit.name());
        this.budgetPrefix = ClusterLayout.budgetPrefix(prefix, limit.name());
    }

    /**
     * Starts spending this host's share of a limit.
     *
     * @param limit    the cluster-wide limit (at most {@link BudgetLayout#MAX_AMOUNT}).
     * @param region   the host's region (writable).
     * @param chunk    how much the keeper reserves at a time: every process of the host must ask for the same; larger
     *                 chunks mean fewer transactions, and more held by one host while others want it.
     * @param leaseTtl how long after its last process dies a host's holding comes back (whole seconds, rounded up); at
     *                 least {@link #MIN_LEASE_TTL}, and longer than twice the operation timeout.
     * @return the budget, to close.
     * @throws IllegalArgumentException if the chunk or the lease is out of range, the region is read-only, or the chunk
     *                                  or the cluster prefix differs from the host's.
     * @throws IllegalStateException    if this process already started it in this region.
     */
    public static ClusterBudget start(final ClusterLong limit, final SharedRegion region, final long chunk, final Duration leaseTtl)
    {
        if (chunk < 1 || chunk > BudgetLayout.MAX_AMOUNT)
        {
            throw new IllegalArgumentException("a chunk of " + chunk + " is outside 1.." + BudgetLayout.MAX_AMOUNT);
        }
        final Duration operationTimeout = limit.values().spec().operationTimeout();
        final long ttlSeconds = leaseTtl == null ? 0 : (leaseTtl.toMillis() + 999) / 1000;
        if (leaseTtl == null || leaseTtl.compareTo(MIN_LEASE_TTL) < 0 || TimeUnit.SECONDS.toMillis(ttlSeconds) <= 2 * operationTimeout.toMillis())
        {
            throw new IllegalArgumentException("a lease of " + leaseTtl + " is shorter than " + MIN_LEASE_TTL.toSeconds() +
                " s or than twice the operation timeout (" + operationTimeout + "): renewals could not keep it alive");
        }
        final String localName = limit.name() + BudgetLayout.WORDS_SUFFIX;
        final List<Object> identity = List.of(LocalIdentity.of(region), localName);
        final LocalIdentity.View view = LocalIdentity.view(region, "the budget '" + limit.name() + "'");
        final SharedLongArray words;
        try
        {
            words = view.region().sharedLongArray(localName, BudgetLayout.WORDS);
            LocalIdentity.claim(words, BudgetLayout.FINGERPRINT, limit.values().spec().prefix(), limit.name(), "the budget '" + limit.name() + "' in " + region);
            final long found = words.compareAndExchange(BudgetLayout.CHUNK, 0, chunk);
            if (found != 0 && found != chunk)
            {
                throw new IllegalArgumentException("the budget '" + limit.name() + "' in " + region + " reserves " + found +
                    " at a time; every process of a host must use the same chunk (you asked for " + chunk + ")");
            }
        }
        catch (final RuntimeException ex)
        {
            view.close();
            throw ex;
        }
        return HostKeeper.start(new ClusterBudget(limit, view, words, chunk, ttlSeconds, identity), "the budget '" + limit.name() + "' in " + region);
    }

    /**
     * Spends {@code amount} of what this host holds: a read of the clock and the lease's deadline, and one CAS on a
     * local word; never waits for the cluster.
     *
     * @param amount how much, at least 1.
     * @return true if it was spent; false if the host holds too little right now (the keeper reserves more unless
     *         the limit is reached), or its lease may have ended (the cluster is out of reach).
     * @throws IllegalArgumentException if the amount is below 1.
     * @throws IllegalStateException    if closed.
     */
    public boolean trySpend(final long amount)
    {
        if (amount < 1)
        {
            throw new IllegalArgumentException("spend at least 1, not " + amount);
        }
        if (isClosed())
        {
            throw new IllegalStateException("the budget '" + limit.name() + "' is closed");
        }
        while (true)
        {
            final long available = words.get(BudgetLayout.AVAILABLE);
            if (BudgetLayout.amount(available) < amount || words.get(BudgetLayout.VALID_UNTIL) - System.nanoTime() <= 0)
            {
                return false;
            }
            // Only the low bits change: the generation stays.
            if (words.compareAndSet(BudgetLayout.AVAILABLE, available, available - amount))
            {
                return true;
            }
        }
    }

    /**
     * @return what this host holds and has not spent (spendable only while its lease surely lives).
     */
    public long available()
    {
        return BudgetLayout.amount(words.get(BudgetLayout.AVAILABLE));
    }

    @Override
    void tookOver()
    {
        // The lease, if any, is the host's: renew it at once.
        renewAt = System.nanoTime();
    }

    @Override
    void failed(final EtcdFailure failure)
    {
        if (failure.kind() == EtcdFailure.Kind.LEASE_ENDED)
        {
            startAfresh("the lease ended");
        }
    }

    /**
     * One step of the keeper: the lease first, then what is available.
     *
     * @return how long to rest before the next step.
     */
    @Override
    long step()
    {
        final long lease = words.get(BudgetLayout.LEASE);
        if (lease == 0)
        {
            final long sent = System.nanoTime();
            final EtcdStore.Grant grant = store.grant(ttlSeconds);
            words.set(BudgetLayout.VALID_UNTIL, validUntil(sent, grant.ttlSeconds()));
            words.set(BudgetLayout.LEASE, grant.id());
            renewAt = sent + TimeUnit.SECONDS.toNanos(grant.ttlSeconds()) / 4;
            return 0;
        }
        if (System.nanoTime() - renewAt >= 0)
        {
            final long sent = System.nanoTime();
            final long ttl = store.keepAliveOnce(lease);
            if (ttl == 0)
            {
                startAfresh("the lease had ended");
                return 0;
            }
            words.set(BudgetLayout.VALID_UNTIL, validUntil(sent, ttl));
            renewAt = sent + TimeUnit.SECONDS.toNanos(ttl) / 4;
        }
        final long available = available();
        if (available < Math.max(1, chunk / 2))
        {
            return reserve(lease) ? 0 : REFUSED_NANOS;
        }
        if (available > 2 * chunk)
        {
            giveBack(lease, available - chunk);
            return 0;
        }
        return IDLE_NANOS;
    }

    /**
     * Until when (nanoTime) a lease renewed or granted by a request sent at {@code sent} surely lives: the cluster
     * counts its time to live from when it got the request, later; less a fifth of it (at least half a second) for
     * the clocks' drift and the cluster's own timing.
     */
    private static long validUntil(final long sent, final long ttlSeconds)
    {
        final long ttl = TimeUnit.SECONDS.toNanos(ttlSeconds);
        return sent + ttl - Math.max(TimeUnit.MILLISECONDS.toNanos(500), ttl / 5);
    }

    /**
     * The lease ended in etcd, and with it the host's holding: a new generation with nothing held or available, and no
     * lease (the next step grants one). Only the keeper calls it.
     */
    private void startAfresh(final String why)
    {
        final long held = words.get(BudgetLayout.HELD);
        final long next = BudgetLayout.word(BudgetLayout.generation(held) + 1, 0);
        words.set(BudgetLayout.VALID_UNTIL, 0);
        words.set(BudgetLayout.HELD, next);
        words.set(BudgetLayout.AVAILABLE, next);
        words.set(BudgetLayout.LEASE, 0);
        lastFailure = why;
    }

    /**
     * Moves HELD from {@code from} to {@code to} (same generation) and adds the difference to AVAILABLE.
     */
    private void raise(final long from, final long to)
    {
        if (words.compareAndSet(BudgetLayout.HELD, from, to))
        {
            final long generation = BudgetLayout.generation(from);
            while (true)
            {
                final long available = words.get(BudgetLayout.AVAILABLE);
                if (BudgetLayout.generation(available) != generation ||
                    words.compareAndSet(BudgetLayout.AVAILABLE, available, available + BudgetLayout.amount(to) - BudgetLayout.amount(from)))
                {
                    return;
                }
            }
        }
    }

    /** The holdings at one revision, this host's among them, and HELD after taking in what etcd holds beyond it. */
    private record Holdings(long limit, long limitRevision, long versionRevision, long total, long mine, long held)
    {
    }

    private Holdings read(final long lease)
    {
        Holdings holdings = snapshot(lease);
        if (holdings.mine() > BudgetLayout.amount(holdings.held()))
        {
            // etcd holds more for this host than it counted: a reservation whose answer was lost landed, or a return
            // did not. A return still in flight could land after this read, so first fence every conditional write in
            // flight (they all require the version key's revision), then read again and count what etcd holds.
            store.txn(List.of(), List.of(new EtcdStore.Put(versionKey, new byte[0], 0)), List.of(), List.of());
            holdings = snapshot(lease);
            if (holdings.mine() > BudgetLayout.amount(holdings.held()))
            {
                raise(holdings.held(), BudgetLayout.word(BudgetLayout.generation(holdings.held()), holdings.mine()));
                holdings = new Holdings(holdings.limit(), holdings.limitRevision(), holdings.versionRevision(), holdings.total(), holdings.mine(),
                    words.get(BudgetLayout.HELD));
            }
        }
        return holdings;
    }

    private Holdings snapshot(final long lease)
    {
        final long held = words.get(BudgetLayout.HELD);
        final EtcdStore.Snapshot snapshot = store.snapshot(List.of(limit.valueKey()), budgetPrefix);
        final EtcdStore.Versioned limitValue = snapshot.keys().get(0);
        if (!limitValue.present())
        {
            throw new ClusterException("the limit '" + limit.name() + "' is no longer in etcd (" + limit.valueKey() + ")", null);
        }
        final long limitAmount = limit.decode(limitValue.value());
        if (limitAmount > BudgetLayout.MAX_AMOUNT)
        {
            throw new ClusterException("the limit '" + limit.name() + "' is " + limitAmount + ", above the largest budget, " + BudgetLayout.MAX_AMOUNT, null);
        }
        long total = 0;
        long mine = 0;
        long versionRevision = 0;
        final String myKey = holdersPrefix + Long.toHexString(lease);
        for (final Map.Entry<String, EtcdStore.Versioned> entry : snapshot.underPrefix().entrySet())
        {
            if (entry.getKey().equals(versionKey))
            {
                versionRevision = entry.getValue().modRevision();
            }
            else if (entry.getKey().startsWith(holdersPrefix))
            {
                final long amount = parseHolding(entry.getKey(), entry.getValue().value());
                total += amount;
                if (entry.getKey().equals(myKey))
                {
                    mine = amount;
                }
            }
        }
        return new Holdings(limitAmount, limitValue.modRevision(), versionRevision, total, mine, held);
    }

    private static long parseHolding(final String key, final byte[] value)
    {
        final String text = ClusterLayout.text(value);
        try
        {
            final long amount = Long.parseLong(text);
            if (amount >= 0 && amount <= BudgetLayout.MAX_AMOUNT)
            {
                return amount;
            }
        }
        catch (final NumberFormatException ex)
        {
            // Refused below.
        }
        throw new ClusterException("holding " + key + " is '" + text + "', which no budget wrote", null);
    }

    /**
     * Reserves up to a chunk, as much as fits under the limit.
     *
     * @return false if nothing fits.
     */
    private boolean reserve(final long lease)
    {
        final Holdings holdings = read(lease);
        if (BudgetLayout.amount(holdings.held()) > holdings.mine())
        {
            // The holding is gone from etcd while the lease was thought alive: it ended.
            startAfresh("the holding disappeared from etcd: its lease ended");
            return true;
        }
        final long grant = Math.min(chunk, holdings.limit() - holdings.total());
        if (grant <= 0)
        {
            lastFailure = "the limit " + holdings.limit() + " is fully held (" + holdings.total() + ")";
            return false;
        }
        final long next = holdings.mine() + grant;
        final EtcdStore.TxnResult result;
        try
        {
            result = store.txn(
                List.of(new EtcdStore.ModRevisionIs(limit.valueKey(), holdings.limitRevision()), new EtcdStore.ModRevisionIs(versionKey,
                    holdings.versionRevision())),
                List.of(new EtcdStore.Put(holdersPrefix + Long.toHexString(lease), ClusterLayout.text(Long.toString(next)), lease),
                    new EtcdStore.Put(versionKey, new byte[0], 0)),
                List.of(), List.of());
        }
        catch (final EtcdFailure ex)
        {
            if (ex.kind() == EtcdFailure.Kind.LEASE_ENDED)
            {
                startAfresh("the lease ended");
                return true;
            }
            // Landed or not, the next read counts it.
            lastFailure = ex.getMessage();
            return true;
        }
        if (result.succeeded())
        {
            raise(holdings.held(), BudgetLayout.word(BudgetLayout.generation(holdings.held()), next));
        }
        return true;
    }

    /**
     * Returns up to {@code amount} of what is available to the cluster.
     */
    private void giveBack(final long lease, final long amount)
    {
        final Holdings holdings = read(lease);
        final long generation = BudgetLayout.generation(holdings.held());
        if (BudgetLayout.amount(holdings.held()) != holdings.mine())
        {
            return;
        }
        long taken;
        while (true)
        {
            final long available = words.get(BudgetLayout.AVAILABLE);
            taken = Math.min(amount, BudgetLayout.amount(available));
            if (taken <= 0 || BudgetLayout.generation(available) != generation)
            {
                return;
            }
            if (words.compareAndSet(BudgetLayout.AVAILABLE, available, available - taken))
            {
                break;
            }
        }
        // HELD lowered before the request: if it does not land, the next read finds the difference, fences, and makes it
        // available again.
        final long left = holdings.mine() - taken;
        words.set(BudgetLayout.HELD, BudgetLayout.word(generation, left));
        try
        {
            store.txn(List.of(new EtcdStore.ModRevisionIs(versionKey, holdings.versionRevision())),
                List.of(new EtcdStore.Put(holdersPrefix + Long.toHexString(lease), ClusterLayout.text(Long.toString(left)), lease),
                    new EtcdStore.Put(versionKey, new byte[0], 0)),
                List.of(), List.of());
        }
        catch (final EtcdFailure ex)
        {
            lastFailure = ex.getMessage();
        }
    }

    @Override
    void closing()
    {
        final long lease = words.get(BudgetLayout.LEASE);
        if (lease != 0)
        {
            giveBack(lease, Long.MAX_VALUE);
        }
    }

    /**
     * Stops: this process spends no more; if it is the keeper, it gives what the host has not spent back to the
     * cluster (the host's other processes get more from the next keeper) and leaves the lease to that keeper (or to
     * end, with the spent part, after its time to live).
     */
    @Override
    public void close()
    {
        super.close();
    }

    @Override
    public String toString()
    {
        return "ClusterBudget " + limit.name() + (isClosed() ? " (closed)" : " (" + available() + " available" + (isKeeper() ? ", keeper" : "") + ")");
    }
}
