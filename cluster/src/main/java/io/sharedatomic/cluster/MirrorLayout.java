package io.sharedatomic.cluster;

/**
 * The local entries of a mirrored value ({@link ClusterMirror}), in the host's region beside the entries of other
 * values:
 *
 * <pre>
 * NAME             SharedBoolean or SharedLong   the value traders read: the cluster's value, or the safe value
 * NAME@mirror      SharedLongArray of 6 words, written only by the process that owns the mirror:
 *   [0] OWNER      owner token (SharedRegion.ownerToken) of the process that mirrors, 0 if none; taken by CAS from 0,
 *                  from a dead token, or from a stalled owner (BEAT older than the silence), so one process per host
 *                  writes, and another takes over when it dies or stalls
 *   [1] REVISION   the etcd revision of what NAME holds (a value, or a deletion that tripped it): only a later
 *                  revision is written over it, so a stale or replayed event, a read overtaken by an event, or a
 *                  process that read before another, never moves NAME back in time
 *   [2] HEARD_AT   wall-clock milliseconds since the epoch when the owner last heard from a quorum of the cluster
 *   [3] STATE      0 nobody mirrors (never started, or closed), 1 live: NAME is the cluster's value at REVISION,
 *                  2 fail-safe: NAME holds the safe value, because the owner heard nothing for the configured time
 *   [4] BEAT       System.nanoTime (the host's monotonic clock) of the owner's last check (every 1/20 of the silence,
 *                  at most 100 ms)
 *   [5] FINGERPRINT a hash of the cluster prefix and the value's name, written once: a mirror of another prefix or
 *                  value into the same local name is refused
 * </pre>
 *
 * NAME is created with the safe value, so a trader that starts before the first answer reads the safe value.
 */
public final class MirrorLayout
{
    /** Appended to the value's name for its words. */
    public static final String WORDS_SUFFIX = "@mirror";
    /** Number of words. */
    public static final int WORDS = 6;
    /** Index of the owner token. */
    public static final int OWNER = 0;
    /** Index of the revision of the value. */
    public static final int REVISION = 1;
    /** Index of the time the owner last heard from the cluster. */
    public static final int HEARD_AT = 2;
    /** Index of the state. */
    public static final int STATE = 3;
    /** Index of the owner's heartbeat. */
    public static final int BEAT = 4;
    /** Index of the fingerprint of the prefix and name. */
    public static final int FINGERPRINT = 5;

    private MirrorLayout()
    {
    }
}
