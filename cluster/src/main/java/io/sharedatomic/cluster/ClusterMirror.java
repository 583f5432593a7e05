package io.sharedatomic.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;

import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedLongArray;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.cluster.internal.EtcdFailure;
import io.sharedatomic.cluster.internal.EtcdStore;

/**
 * Keeps a local {@link SharedBoolean} or {@link SharedLong} equal to a cluster value, so that the order path reads it
 * at the cost of a local volatile read while etcd holds the truth. Words beside the value ({@link MirrorLayout}) hold
 * the etcd revision it came from, the owner and the state.
 *
 * <ul>
 *   <li><b>Propagation:</b> an etcd watch delivers each change; a linearizable read every quarter of the silence
 *       (at most every second; one check period after a read that failed, until the value trips) confirms the value
 *       and the contact, and catches what a broken watch missed. After a
 *       compaction, a lost leader or a broken connection the watch is started again from the revision of that read.</li>
 *   <li><b>Never back in time:</b> a value (or the safe value, for a deleted key) is written only with a later revision
 *       than the one beside it; a read overtaken on its way by a later event is dropped. Only a linearizable read that
 *       answers with an earlier revision than the one beside the value when it was sent (etcd's history itself started
 *       again: a cluster rebuilt or restored from a backup) writes over it, and tells the listener.</li>
 *   <li><b>One writer per host:</b> every process of the host may start a mirror of the same value; one owns it (its
 *       owner token in the words) and the others stand by, and take over within one check period once the owner dies
 *       (even {@code kill -9}), closes, or stalls (stopped, or paused longer than the silence: its heartbeat word
 *       stops). A stalled owner that resumes finds it lost the ownership and stops writing. In one process a value is
 *       mirrored once.</li>
 *   <li><b>Fail-safe:</b> when the owner has had no answer to a linearizable read sent within the silence (the reads
 *       failed or hung), it writes the safe value, sets the state to fail-safe and tells the listener; it trips at most
 *       one check period (1/20 of the silence, at most 100 ms) after the silence ran out. The next successful read
 *       writes the cluster's value again. A process that takes over counts the silence from the last contact of the
 *       one before.</li>
 * </ul>
 *
 * The mirror attaches its own view of the region's file, so the caller may close its region first. It stops, and
 * hands the value to a standby, when its {@link ClusterValues} is closed; the listener is told, and what it throws is
 * ignored.
 *
 * If no process of the host mirrors the value (all closed or dead), nothing trips it: the state word says 0, and the
 * heard-at word how old the value is. Run the mirror in two processes for a standby.
 *
 * <pre>
 * ClusterBoolean halt = cluster.clusterBoolean("risk.halt");
 * try (ClusterMirror mirror = ClusterMirror.start(halt, region, Duration.ofSeconds(2), true))
 * {
 *     SharedBoolean localHalt = region.sharedBoolean("risk.halt");   // what traders read before every order
 * }
 * </pre>
 */
public final class ClusterMirror implements AutoCloseable
{
    /** The shortest silence: the reads that prove contact run several times within it. */
    public static final Duration MIN_SILENCE = Duration.ofMillis(100);
    private static final long MAX_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Which mirror of a value runs in this process: one per region file and name. */
    private static final ConcurrentMap<List<Object>, ClusterMirror> ACTIVE = new ConcurrentHashMap<>();

    /** What the local value is. */
    public enum State
    {
        /** Nobody mirrors it: never started, or closed; it may be stale. */
        NOT_MIRRORED,
        /** It is the cluster's value at the revision beside it. */
        LIVE,
        /** It holds the safe value: the owner heard nothing from the cluster for the silence. */
        FAIL_SAFE;

        static State of(final long word)
        {
            return word == 1 ? LIVE : word == 2 ? FAIL_SAFE : NOT_MIRRORED;
        }
    }

    /**
     * Told when the local value changes state; runs on a mirror thread, under the mirror's lock: be brief. What it
     * throws is ignored.
     */
    @FunctionalInterface
    public interface Listener
    {
        /**
         * @param localName the local value.
         * @param state     its new state.
         * @param reason    why, in words.
         */
        void stateChanged(String localName, State state, String reason);
    }

    private final ClusterWord source;
    private final EtcdStore store;
    private final SharedRegion view;
    private final boolean ownView;
    private final String localName;
    private final SharedLongArray words;
    private final LongConsumer writeLocal;
    private final long safeValue;
    private final long silenceNanos;
    private final Duration readLimit;
    private final Listener listener;
    private final List<Object> identity;
    private final ScheduledThreadPoolExecutor timer;
    private final Object lock = new Object();

    // Guarded by lock.
    private boolean owner;
    private volatile boolean closed;
    private long token;
    /** nanoTime at which the last answered linearizable read was sent. */
    private long heardNanos;
    private String lastFailure = "";
    /** Touched by the poll thread, and by close. */
    private volatile WatchHandle watch;
    /** Reads sent; written by the poll thread only (tests count them). */
    private volatile long readsSent;
    /** The latest event that came while the value was tripped, for the read that restores it; guarded by lock. */
    private EtcdStore.Versioned pendingEvent;

    private ClusterMirror(final ClusterWord source, final SharedRegion view, final boolean ownView, final String localName,
        final LongConsumer writeLocal, final long safeValue, final Duration silence, final Listener listener, final List<Object> identity)
    {
        this.source = source;
        this.store = source.values().store();
        this.view = view;
        this.ownView = ownView;
        this.localName = localName;
        this.words = view.sharedLongArray(localName + MirrorLayout.WORDS_SUFFIX, MirrorLayout.WORDS);
        this.writeLocal = writeLocal;
        this.safeValue = safeValue;
        this.silenceNanos = silence.toNanos();
        final Duration operationTimeout = source.values().spec().operationTimeout();
        this.readLimit = operationTimeout.compareTo(silence.dividedBy(2)) < 0 ? operationTimeout : silence.dividedBy(2);
        this.listener = listener;
        this.identity = identity;
        this.timer = new ScheduledThreadPoolExecutor(2, task ->
        {
            final Thread thread = new Thread(task, "shared-atomic-mirror " + localName);
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Mirrors a cluster boolean into the local boolean of the same name.
     *
     * @param source    the cluster value.
     * @param region    the host's region (writable).
     * @param silence   how long without an answer from the cluster before the local value trips to {@code safeValue}.
     * @param safeValue the value for when the cluster is out of reach (true for a kill switch).
     * @return the running mirror, to close.
     * @throws IllegalArgumentException if the silence is shorter than {@link #MIN_SILENCE}, or the region is read-only.
     * @throws IllegalStateException    if this process already mirrors it into this region.
     */
    public static ClusterMirror start(final ClusterBoolean source, final SharedRegion region, final Duration silence, final boolean safeValue)
    {
        return start(source, region, source.name(), silence, safeValue, (name, state, reason) -> { });
    }

    /**
     * Mirrors a cluster boolean into a local boolean.
     *
     * @param source    the cluster value.
     * @param region    the host's region (writable).
     * @param localName the local value's name.
     * @param silence   how long without an answer from the cluster before the local value trips to {@code safeValue}.
     * @param safeValue the value for when the cluster is out of reach.
     * @param listener  told of each change of state.
     * @return the running mirror, to close.
     */
    public static ClusterMirror start(final ClusterBoolean source, final SharedRegion region, final String localName, final Duration silence,
        final boolean safeValue, final Listener listener)
    {
        return start(source, region, localName, silence, safeValue ? 1 : 0, listener, view ->
        {
            final SharedBoolean local = view.sharedBoolean(localName, safeValue);
            return value -> local.set(value != 0);
        });
    }

    /**
     * Mirrors a cluster long into the local long of the same name.
     *
     * @param source    the cluster value.
     * @param region    the host's region (writable).
     * @param silence   how long without an answer from the cluster before the local value is set to {@code safeValue}.
     * @param safeValue the value for when the cluster is out of reach (0 for a limit).
     * @return the running mirror, to close.
     */
    public static ClusterMirror start(final ClusterLong source, final SharedRegion region, final Duration silence, final long safeValue)
    {
        return start(source, region, source.name(), silence, safeValue, (name, state, reason) -> { });
    }

    /**
     * Mirrors a cluster long into a local long.
     *
     * @param source    the cluster value.
     * @param region    the host's region (writable).
     * @param localName the local value's name.
     * @param silence   how long without an answer from the cluster before the local value is set to {@code safeValue}.
     * @param safeValue the value for when the cluster is out of reach.
     * @param listener  told of each change of state.
     * @return the running mirror, to close.
     */
    public static ClusterMirror start(final ClusterLong source, final SharedRegion region, final String localName, final Duration silence,
        final long safeValue, final Listener listener)
    {
        return start(source, region, localName, silence, safeValue, listener, view ->
        {
            final SharedLong local = view.sharedLong(localName, safeValue);
            return local::set;
        });
    }

    private static ClusterMirror start(final ClusterWord source, final SharedRegion region, final String localName, final Duration silence,
        final long safeValue, final Listener listener, final Function<SharedRegion, LongConsumer> localValue)
    {
        if (silence == null || silence.compareTo(MIN_SILENCE) < 0)
        {
            throw new IllegalArgumentException("a silence of " + silence + " is shorter than " + MIN_SILENCE.toMillis() +
                " ms: the mirror must be able to read the cluster several times within it");
        }
        if (listener == null)
        {
            throw new IllegalArgumentException("a listener is needed; use (name, state, reason) -> { } for none");
        }
        final List<Object> identity = List.of(LocalIdentity.of(region), localName);
        final LocalIdentity.View view = LocalIdentity.view(region, "mirror '" + localName + "'");
        final ClusterMirror mirror;
        try
        {
            LocalIdentity.claim(view.region().sharedLongArray(localName + MirrorLayout.WORDS_SUFFIX, MirrorLayout.WORDS), MirrorLayout.FINGERPRINT,
                source.values().spec().prefix(), source.name(), "the mirror words of '" + localName + "' in " + region);
            mirror = new ClusterMirror(source, view.region(), view.own(), localName, localValue.apply(view.region()), safeValue, silence, listener,
                identity);
        }
        catch (final RuntimeException ex)
        {
            view.close();
            throw ex;
        }
        if (ACTIVE.putIfAbsent(identity, mirror) != null)
        {
            mirror.timer.shutdownNow();
            view.close();
            throw new IllegalStateException("'" + localName + "' of " + region + " is already mirrored by this process; share that mirror");
        }
        mirror.timer.scheduleAtFixedRate(mirror::check, 0, mirror.checkNanos(), TimeUnit.NANOSECONDS);
        mirror.timer.execute(mirror::pollThenSchedule);
        return mirror;
    }

    /**
     * Reads, then schedules the next read: a quarter of the silence (at most a second) after an answer or once tripped;
     * one check period after a read that failed while the silence runs, so that a short election or a dropped
     * connection does not use it up; and one check period while standing by, so that a process that takes over reads at
     * once.
     */
    private void pollThenSchedule()
    {
        final boolean soon = poll();
        if (closed)
        {
            return;
        }
        try
        {
            timer.schedule(this::pollThenSchedule, soon ? checkNanos() : pollNanos(), TimeUnit.NANOSECONDS);
        }
        catch (final RejectedExecutionException ex)
        {
            // Closed meanwhile: the timer is shut down.
        }
    }

    private long pollNanos()
    {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(MAX_POLL_NANOS, silenceNanos / 4));
    }

    private long checkNanos()
    {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(MAX_CHECK_NANOS, silenceNanos / 20));
    }

    /**
     * Beats, takes the ownership if it is free, gives it up if another process took it, and trips the fail-safe when
     * the silence ran out. Never waits for the network.
     */
    private void check()
    {
        try
        {
            synchronized (lock)
            {
                if (closed)
                {
                    return;
                }
                if (!owner)
                {
                    takeOverIfFree();
                    return;
                }
                if (!stillOwner())
                {
                    return;
                }
                words.set(MirrorLayout.BEAT, System.nanoTime());
                if (State.of(words.get(MirrorLayout.STATE)) != State.FAIL_SAFE && System.nanoTime() - heardNanos > silenceNanos)
                {
                    trip("heard nothing from etcd at " + store.endpoints() + " for " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - heardNanos) +
                        " ms (the silence is " + TimeUnit.NANOSECONDS.toMillis(silenceNanos) + " ms)" + lastFailure);
                }
            }
        }
        catch (final Throwable ex)
        {
            stop(ex);
        }
    }

    /**
     * @return false, and stops writing, if another process took the ownership while this one stalled.
     */
    private boolean stillOwner()
    {
        if (words.get(MirrorLayout.OWNER) == token)
        {
            return true;
        }
        owner = false;
        return false;
    }

    private void takeOverIfFree()
    {
        final long current = words.get(MirrorLayout.OWNER);
        final long mine = view.ownerToken();
        final long beat = words.get(MirrorLayout.BEAT);
        final boolean stalled = current != 0 && System.nanoTime() - beat > silenceNanos;
        if (current != 0 && current != mine && view.isOwnerAlive(current) && !stalled)
        {
            return;
        }
        if (!words.compareAndSet(MirrorLayout.OWNER, current, mine))
        {
            return;
        }
        owner = true;
        token = mine;
        pendingEvent = null;
        words.set(MirrorLayout.BEAT, System.nanoTime());
        // The silence counts from the last contact of whoever mirrored before, so a takeover cannot extend it.
        final long heardAt = words.get(MirrorLayout.HEARD_AT);
        final long sinceMillis = heardAt == 0 ? 0 : Math.max(0, System.currentTimeMillis() - heardAt);
        heardNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(Math.min(sinceMillis, TimeUnit.NANOSECONDS.toMillis(silenceNanos) + 1));
    }

    /** A running watch; ended once it delivers nothing more. */
    private static final class WatchHandle
    {
        private volatile boolean ended;
        private volatile AutoCloseable closer;
    }

    /**
     * A linearizable read: proves contact (as of when it was sent), writes a later value, and starts the watch if none
     * runs. The watch is started and closed outside the mirror's lock, because jetcd calls its listener while holding
     * its own.
     *
     * @return true if the next read should come after a check period: standing by, or the read failed and the value has
     *         not tripped.
     */
    private boolean poll()
    {
        try
        {
            if (!isOwner())
            {
                final WatchHandle left = watch;
                if (left != null)
                {
                    // Ownership was lost to a process that took over while this one stalled.
                    watch = null;
                    closeQuietly(left.closer);
                }
                return true;
            }
            // Read before the request is sent: a linearizable read cannot answer with an earlier revision than this
            // within one history, but it may be overtaken by a later watch event while on its way.
            final long revisionBeforeRead = words.get(MirrorLayout.REVISION);
            final long sentNanos = System.nanoTime();
            final long sentMillis = System.currentTimeMillis();
            readsSent++;
            final EtcdStore.Read read;
            try
            {
                read = store.read(source.valueKey(), readLimit);
            }
            catch (final RuntimeException ex)
            {
                if (store.isClosed())
                {
                    stop(new IllegalStateException("its ClusterValues was closed"));
                    return false;
                }
                return failed(ex instanceof EtcdFailure ? ex.getMessage() : ex.toString());
            }
            if (!answered(read, revisionBeforeRead, sentNanos, sentMillis))
            {
                return true;
            }
            final WatchHandle current = watch;
            if (current != null && current.ended)
            {
                watch = null;
                closeQuietly(current.closer);
            }
            if (watch == null)
            {
                startWatch(read.revision() + 1);
            }
            return false;
        }
        catch (final Throwable ex)
        {
            stop(ex);
            return false;
        }
    }

    /**
     * Takes the answer of a linearizable read, if this process still owns the value: it proves contact as of when the
     * read was sent.
     *
     * @return false if this process does not own the value (standing by, handed over, or closed).
     */
    private boolean answered(final EtcdStore.Read read, final long revisionBeforeRead, final long sentNanos, final long sentMillis)
    {
        synchronized (lock)
        {
            if (closed || !owner || !stillOwner())
            {
                return false;
            }
            if (sentNanos - heardNanos > 0)
            {
                heardNanos = sentNanos;
                words.set(MirrorLayout.HEARD_AT, sentMillis);
            }
            acceptRead(read, revisionBeforeRead);
            return true;
        }
    }

    /**
     * @return true if the value has not tripped: the next read comes soon.
     */
    private boolean failed(final String message)
    {
        synchronized (lock)
        {
            lastFailure = "; last failure: " + message;
            return !closed && State.of(words.get(MirrorLayout.STATE)) != State.FAIL_SAFE;
        }
    }

    private void startWatch(final long fromRevision)
    {
        final WatchHandle handle = new WatchHandle();
        handle.closer = store.watch(source.valueKey(), fromRevision, new EtcdStore.WatchListener()
        {
            @Override
            public void changed(final EtcdStore.Versioned change)
            {
                if (!handle.ended)
                {
                    onChange(change);
                }
            }

            @Override
            public void ended(final EtcdFailure why)
            {
                // Only a flag: jetcd holds its lock here. The next read starts another watch from its revision.
                handle.ended = true;
            }
        });
        final boolean keep;
        synchronized (lock)
        {
            keep = owner && !closed;
            if (keep)
            {
                watch = handle;
            }
        }
        if (!keep)
        {
            closeQuietly(handle.closer);
        }
    }

    private void onChange(final EtcdStore.Versioned change)
    {
        try
        {
            synchronized (lock)
            {
                if (closed || !owner || !stillOwner())
                {
                    return;
                }
                acceptEvent(change);
            }
        }
        catch (final Throwable ex)
        {
            stop(ex);
        }
    }

    /**
     * Takes a watch event if its revision is later than the one beside the local value; a replayed or stale event
     * changes nothing. After a fail-safe only a linearizable read (which proves contact) restores the value; the latest
     * event that came meanwhile is kept for it.
     */
    private void acceptEvent(final EtcdStore.Versioned change)
    {
        if (change.modRevision() <= words.get(MirrorLayout.REVISION))
        {
            return;
        }
        if (State.of(words.get(MirrorLayout.STATE)) == State.FAIL_SAFE)
        {
            pendingEvent = change;
            return;
        }
        take(change, change.modRevision(), 0);
    }

    /**
     * Takes a linearizable read, unless a later watch event was taken while it was on its way (it answers with an
     * earlier revision than the one beside the value, but not earlier than the one there when it was sent). An answer
     * earlier than the revision there when it was sent cannot happen within one history: etcd's history started again
     * (a cluster rebuilt or restored from a backup), and the read is taken.
     *
     * @param read               the answer; for an absent key, the store's revision at the read is the revision.
     * @param revisionBeforeRead the revision beside the value just before the read was sent.
     */
    private void acceptRead(final EtcdStore.Read read, final long revisionBeforeRead)
    {
        final long revision = words.get(MirrorLayout.REVISION);
        final long readAt = read.value().present() ? read.value().modRevision() : read.revision();
        final boolean newHistory = readAt < revisionBeforeRead;
        if (!newHistory && readAt < revision)
        {
            return;
        }
        // At the same revision the answer is written again (the same value): that repairs words a process killed or
        // stalled between its writes left out of step (the safe value and a deletion's revision, but the state LIVE).
        take(read.value(), readAt, newHistory ? revision : 0);
        final EtcdStore.Versioned pending = pendingEvent;
        pendingEvent = null;
        if (!newHistory && pending != null && pending.modRevision() > readAt && State.of(words.get(MirrorLayout.STATE)) == State.LIVE)
        {
            // A change the watch delivered while the value was tripped, later than the read that restored it.
            take(pending, pending.modRevision(), 0);
        }
    }

    /**
     * Writes what etcd holds at a revision: its value, or the safe value if the key is absent or not a value of the
     * type; then the revision; then the state. The order lets a reader that sees the state trust the value.
     *
     * @param replacedRevision nonzero if etcd's history started again: the revision of the other history.
     */
    private void take(final EtcdStore.Versioned value, final long revision, final long replacedRevision)
    {
        String unusable = null;
        long decoded = safeValue;
        if (!value.present())
        {
            unusable = "'" + source.name() + "' was deleted from etcd (" + source.valueKey() + ")";
        }
        else
        {
            try
            {
                decoded = source.decode(value.value());
            }
            catch (final ClusterException ex)
            {
                unusable = ex.getMessage();
            }
        }
        writeLocal.accept(decoded);
        words.set(MirrorLayout.REVISION, revision);
        if (unusable != null)
        {
            trip(unusable);
        }
        else if (State.of(words.get(MirrorLayout.STATE)) != State.LIVE)
        {
            words.set(MirrorLayout.STATE, State.LIVE.ordinal());
            tell(State.LIVE, "the cluster's value at revision " + revision);
        }
        if (replacedRevision != 0)
        {
            tell(State.of(words.get(MirrorLayout.STATE)), "etcd's history started again (a linearizable read found revision " + revision +
                ", earlier than " + replacedRevision + "): the cluster was rebuilt or restored; took its value");
        }
    }

    /** Writes the safe value, then the state; tells the listener if the state changed. */
    private void trip(final String reason)
    {
        writeLocal.accept(safeValue);
        if (State.of(words.get(MirrorLayout.STATE)) != State.FAIL_SAFE)
        {
            words.set(MirrorLayout.STATE, State.FAIL_SAFE.ordinal());
            tell(State.FAIL_SAFE, reason);
        }
    }

    private void tell(final State state, final String reason)
    {
        try
        {
            listener.stateChanged(localName, state, reason);
        }
        catch (final Throwable ex)
        {
            // The listener's failure must not stop the mirror, least of all its fail-safe.
        }
    }

    /**
     * Applies a change as if the watch had delivered it (tests replay stale events through this).
     */
    void deliver(final long value, final long revision)
    {
        onChange(new EtcdStore.Versioned(ClusterWord.encode(source.type(), value), revision));
    }

    /**
     * @return how many linearizable reads this mirror has sent (tests check their pace).
     */
    long readsSent()
    {
        return readsSent;
    }

    /**
     * Applies the answer of a linearizable read as if it had just arrived (tests replay late answers through this).
     *
     * @param value              the value read, or null for an absent key.
     * @param revision           its revision; for an absent key, the store's revision at the read.
     * @param revisionBeforeRead the revision beside the value when the read was sent.
     */
    void deliverRead(final Long value, final long revision, final long revisionBeforeRead)
    {
        final EtcdStore.Versioned read = value == null ? new EtcdStore.Versioned(null, 0) :
            new EtcdStore.Versioned(ClusterWord.encode(source.type(), value), revision);
        answered(new EtcdStore.Read(read, revision), revisionBeforeRead, System.nanoTime(), System.currentTimeMillis());
    }

    private static void closeQuietly(final AutoCloseable closer)
    {
        if (closer == null)
        {
            return;
        }
        try
        {
            closer.close();
        }
        catch (final Exception ex)
        {
            // A watch that fails to close is dropped; it delivers nothing we act on.
        }
    }

    /**
     * @return the state of the local value, as its words say (whichever process owns the mirror).
     * @throws IllegalStateException if this mirror is closed (read the words of {@link MirrorLayout} instead).
     */
    public State state()
    {
        return State.of(openWords().get(MirrorLayout.STATE));
    }

    /**
     * @return the etcd revision of the local value.
     * @throws IllegalStateException if this mirror is closed.
     */
    public long revision()
    {
        return openWords().get(MirrorLayout.REVISION);
    }

    private SharedLongArray openWords()
    {
        if (closed)
        {
            throw new IllegalStateException("the mirror of '" + localName + "' is closed; its words are " + localName + MirrorLayout.WORDS_SUFFIX);
        }
        return words;
    }

    /**
     * @return true if this process writes the local value; false while it stands by.
     */
    public boolean isOwner()
    {
        synchronized (lock)
        {
            return owner && !closed;
        }
    }

    /**
     * @return the local value's name.
     */
    public String localName()
    {
        return localName;
    }

    private void stop(final Throwable why)
    {
        if (finish())
        {
            tell(State.NOT_MIRRORED, "the mirror stopped: " + why);
        }
    }

    /**
     * Stops mirroring: the local value keeps its last value, the state word says nobody mirrors, and a standby process
     * takes over. The cluster value and its connection stay open.
     */
    @Override
    public void close()
    {
        if (finish())
        {
            tell(State.NOT_MIRRORED, "closed");
        }
    }

    private boolean finish()
    {
        timer.shutdownNow();
        final WatchHandle ending;
        synchronized (lock)
        {
            if (closed)
            {
                return false;
            }
            closed = true;
            ending = watch;
            watch = null;
            try
            {
                if (owner && stillOwner())
                {
                    words.set(MirrorLayout.STATE, State.NOT_MIRRORED.ordinal());
                    words.compareAndSet(MirrorLayout.OWNER, token, 0);
                }
            }
            finally
            {
                owner = false;
                if (ownView)
                {
                    view.close();
                }
                ACTIVE.remove(identity, this);
            }
        }
        closeQuietly(ending == null ? null : ending.closer);
        return true;
    }

    @Override
    public String toString()
    {
        return "ClusterMirror " + source.name() + " -> " + localName + (closed ? " (closed)" : " (" + state() + " at revision " + revision() + ")");
    }
}
