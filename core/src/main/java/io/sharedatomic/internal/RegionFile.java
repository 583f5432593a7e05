package io.sharedatomic.internal;

import java.io.IOException;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * One region file (one inode) as this JVM has it open, however many {@code SharedRegion} objects, paths or links
 * name it: the descriptor, the mappings and this process's lease. {@link RegionFiles} keeps one per file.
 *
 * <p>Why one per file: POSIX drops every lock a process holds on a file when the process closes ANY descriptor of
 * that file, so the process must have exactly one descriptor of it open while it holds a lease, and may close it
 * only when giving the lease up. Sharing the mapping as well is what lets a service attach and close a region for
 * weeks without piling up mappings.
 *
 * <p>Lifetimes: the descriptor and the lease last while at least one view is open (explicitly, or until the
 * view is collected); a mapping lasts while any view or handle that uses it is reachable, because unmapping under a
 * thread that passed a view's open check would crash the JVM. An idle mapping is reused by the next attach.
 *
 * <p>All mutable fields are guarded by {@link RegionFiles#LOCK}, except {@link #lease}, which is volatile so that
 * the owner of a lease reads its token with one load.
 */
final class RegionFile implements Owners
{
    private static final WeakReference<Mapping> NO_MAPPING = new WeakReference<>(null);
    private static final long WAIT_NANOS = 100_000L;

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
    /** Open views; the descriptor is open and the lease may be held while this is positive. */
    int views;
    /** Counts each time the file went from no view to one, so a release can tell it was re-attached meanwhile. */
    long epoch;
    /** The descriptor for header reads, mapping and locks, open while views are; null otherwise. */
    volatile FileChannel channel;
    boolean channelWritable;
    /** A read-write descriptor opened after a read-only one; closed with it, since closing it drops every lock. */
    final List<FileChannel> laterChannels = new ArrayList<>();
    WeakReference<Mapping> writableMapping = NO_MAPPING;
    WeakReference<Mapping> readOnlyMapping = NO_MAPPING;
    /** Mappings not yet unmapped; the file leaves the table when this and {@link #views} are 0. */
    int liveMappings;
    private volatile Lease lease;
    private final Set<Long> ownedWordOffsets = ConcurrentHashMap.newKeySet();

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
            if (channel == null || !channelWritable && laterChannels.isEmpty())
            {
                throw new IllegalStateException(description + " is not open read-write in this process, so it cannot own anything");
            }
            final FileChannel writableChannel = channelWritable ? channel : laterChannels.get(laterChannels.size() - 1);
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
        if (probeChannel == null)
        {
            // This process is closing the region: it cannot tell, so it says alive and takes nothing over.
            return true;
        }
        try
        {
            // A shared lock is refused while the owner holds its exclusive one, and granted once nobody does.
            final FileLock probe = probeChannel.tryLock(LeaseDescriptor.lockOffset(token), 1, true);
            if (probe == null)
            {
                return true;
            }
            probe.release();
            return false;
        }
        catch (final OverlappingFileLockException ex)
        {
            // This JVM holds a lock there: another thread is probing the same token right now. Ask again later.
            return true;
        }
        catch (final IOException ex)
        {
            // Closed under us, or the system refused: never call a process dead on a failure to ask.
            return true;
        }
    }

    @Override
    public void registerOwnedWord(final long regionAddress, final long wordAddress)
    {
        ownedWordOffsets.add(wordAddress - regionAddress);
    }

    /**
     * Waits until no owned word of a writable mapping names this process's lease: threads of this JVM that took such
     * a lock through a view that was open at the time finish their write first. Called without the lock, before the
     * lease is given up; such a thread re-checks its view after taking the lock, so none takes one after this look.
     */
    void awaitOwnedWordsReleased()
    {
        final Lease current = lease;
        final Mapping mapping = writableMapping.get();
        if (current == null || mapping == null)
        {
            return;
        }
        for (final long offset : ownedWordOffsets)
        {
            final long address = mapping.address() + offset;
            while (NativeMemory.getVolatile(address) == current.token)
            {
                LockSupport.parkNanos(WAIT_NANOS);
            }
        }
        Reference.reachabilityFence(mapping);
    }

    /**
     * Gives up the lease and closes every descriptor (which drops every lock). Called under the lock when the last
     * view is gone.
     */
    void closeDescriptors()
    {
        lease = null;
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
