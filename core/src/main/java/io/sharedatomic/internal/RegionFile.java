package io.sharedatomic.internal;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.sharedatomic.layout.LeaseDescriptor;
import io.sharedatomic.layout.RegionDescriptor;

/**
 * One region file (one inode) as this JVM has it open, however many {@code SharedRegion} objects, paths or links
 * name it: its descriptors, its mappings, this process's lease, and which threads hold its lock words.
 * {@link RegionFiles} keeps one per file.
 *
 * <p>Why one per file: POSIX drops every lock a process holds on a file when the process closes ANY descriptor of
 * that file, so the process may close a descriptor of a file only when it gives up every lock on it. Sharing the
 * mapping as well is what lets a service attach and close a region for weeks without piling up mappings.
 *
 * <p>Lifetimes: the descriptors and the lease last while at least one view is open (explicitly, or until the view is
 * collected) and then until no thread of this JVM holds a lock word of the file; a mapping lasts while any view or
 * handle that uses it is reachable, because unmapping under a thread that passed a view's open check would crash
 * the JVM. An idle mapping is reused by the next attach.
 *
 * <p>All mutable fields are guarded by {@link RegionFiles#LOCK}, except {@link #lease}, {@link #channel} and
 * {@link #releasePending}, which are volatile so that the hot paths read them with one load.
 */
final class RegionFile implements Owners
{
    private static final WeakReference<Mapping> NO_MAPPING = new WeakReference<>(null);

    /**
     * A live mapping of the file. Views hold it strongly; the file holds it weakly; a Cleaner unmaps it once it is
     * unreachable.
     *
     * @param address  base address.
     * @param length   bytes mapped.
     * @param writable mapped read-write.
     */
    record Mapping(long address, long length, boolean writable)
    {
    }

    /**
     * This process's lease: its token and the exclusive lock that proves it alive.
     */
    private record Lease(long token, FileLock lock)
    {
    }

    final Object key;
    final String description;
    /** Open views; the descriptors are open and the lease may be held while this is positive. */
    int views;
    /** The descriptor for header reads, mapping and locks, open while the file is in use; null otherwise. */
    volatile FileChannel channel;
    boolean channelWritable;
    /**
     * Further descriptors of this file: a read-write one opened after a read-only one, or one opened by a race and
     * found to be of this file. Closed with the first, since closing any of them drops every lock.
     */
    final List<FileChannel> laterChannels = new ArrayList<>();
    WeakReference<Mapping> writableMapping = NO_MAPPING;
    WeakReference<Mapping> readOnlyMapping = NO_MAPPING;
    /** Mappings not yet unmapped; the file leaves the table when this and {@link #views} are 0 and it is closed. */
    int liveMappings;
    /** Set when the last view went while a thread of this JVM held a lock word: the last unlock ends the lease. */
    volatile boolean releasePending;
    private volatile Lease lease;
    private final ConcurrentMap<Long, LocalLock> localLocks = new ConcurrentHashMap<>();

    RegionFile(final Object key, final String description)
    {
        this.key = key;
        this.description = description;
    }

    /**
     * @param writable whether the caller needs a read-write mapping.
     * @return a live mapping usable for that, or null.
     */
    Mapping mapping(final boolean writable)
    {
        final Mapping rw = writableMapping.get();
        if (rw != null || writable)
        {
            return rw;
        }
        return readOnlyMapping.get();
    }

    void setMapping(final Mapping mapping)
    {
        if (mapping.writable())
        {
            writableMapping = new WeakReference<>(mapping);
        }
        else
        {
            readOnlyMapping = new WeakReference<>(mapping);
        }
        liveMappings++;
    }

    /**
     * @return a read-write descriptor of this file, or null.
     */
    FileChannel writableChannel()
    {
        if (channel != null && channelWritable)
        {
            return channel;
        }
        return laterChannels.isEmpty() ? null : laterChannels.get(laterChannels.size() - 1);
    }

    @Override
    public long token(final long regionAddress)
    {
        final Lease current = lease;
        if (current != null)
        {
            return current.token;
        }
        synchronized (RegionFiles.LOCK)
        {
            if (lease != null)
            {
                return lease.token;
            }
            final FileChannel writableChannel = writableChannel();
            if (writableChannel == null)
            {
                throw new IllegalStateException(description + " is not open read-write in this process, so it cannot own anything");
            }
            for (int attempt = 0; attempt < 64; attempt++)
            {
                final long token = NativeMemory.getAndAdd(regionAddress + RegionDescriptor.LEASE_COUNTER_OFFSET, 1) + 1;
                if (!LeaseDescriptor.isToken(token))
                {
                    throw new IllegalStateException(description + " has a corrupt lease counter " + (token - 1) + "; restore the region");
                }
                final FileLock lock;
                try
                {
                    lock = writableChannel.tryLock(LeaseDescriptor.lockOffset(token), 1, false);
                }
                catch (final OverlappingFileLockException ex)
                {
                    // Another thread of ours is asking whether this token's owner lives: it is not free; take the next.
                    continue;
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(description + ": cannot take an owner lease (an fcntl lock): " + ex, ex);
                }
                if (lock != null)
                {
                    lease = new Lease(token, lock);
                    return token;
                }
                // Another live process holds this token: the counter went backwards (a file restored from a copy
                // while in use). Tokens above it are as new to us; take the next.
            }
            throw new IllegalStateException(description + ": 64 owner tokens in a row are held by other processes; " +
                "the lease counter is damaged: restore the region");
        }
    }

    @Override
    public boolean isAlive(final long token)
    {
        final Lease current = lease;
        if (current != null && current.token == token)
        {
            return true;
        }
        if (!LeaseDescriptor.isToken(token))
        {
            return false;
        }
        final FileChannel probeChannel = channel;
        // Refused while the owner holds its exclusive lock, granted once nobody does. Closing (this process is
        // closing the region), a thread of ours asking the same right now, or a failure to ask: never "dead".
        return probeChannel == null || probe(probeChannel, LeaseDescriptor.lockOffset(token), 1) != Probe.GRANTED;
    }

    /** What a probe with a shared lock found. */
    enum Probe
    {
        /** Nobody holds an exclusive lock there. */
        GRANTED,
        /** Another process holds an exclusive lock there. */
        REFUSED,
        /** This JVM holds a lock there (the JDK keeps one table of locks per file), or the system refused to say. */
        UNKNOWN
    }

    /**
     * Tries a shared lock on a range and gives it back at once.
     *
     * @param channel a readable descriptor of the file.
     * @param offset  first byte.
     * @param length  bytes.
     * @return what it found.
     */
    static Probe probe(final FileChannel channel, final long offset, final long length)
    {
        try
        {
            final FileLock probe = channel.tryLock(offset, length, true);
            if (probe == null)
            {
                return Probe.REFUSED;
            }
            probe.release();
            return Probe.GRANTED;
        }
        catch (final OverlappingFileLockException | IOException ex)
        {
            return Probe.UNKNOWN;
        }
    }

    @Override
    public LocalLock localLock(final long regionAddress, final long wordAddress)
    {
        return localLocks.computeIfAbsent(wordAddress - regionAddress, offset -> new LocalLock());
    }

    @Override
    public void unlocked()
    {
        if (releasePending)
        {
            RegionFiles.completePendingRelease(this);
        }
    }

    /**
     * @return true if a thread of this JVM holds one of the file's lock words.
     */
    boolean hasLocalHolders()
    {
        for (final LocalLock local : localLocks.values())
        {
            if (local.isHeld())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives up the lease and closes every descriptor (which drops every lock). Called under the lock when the last
     * view is gone and no thread of this JVM holds a lock word of the file.
     */
    void closeDescriptors()
    {
        lease = null;
        releasePending = false;
        for (final FileChannel later : laterChannels)
        {
            closeQuietly(later);
        }
        laterChannels.clear();
        if (channel != null)
        {
            closeQuietly(channel);
            channel = null;
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            // The descriptor is gone either way; nobody can act on this.
        }
    }
}
