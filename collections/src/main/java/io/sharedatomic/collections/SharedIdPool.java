package io.sharedatomic.collections;

import io.sharedatomic.SharedLongArray;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.StructureEntries;
import io.sharedatomic.layout.BitmapDescriptor;

/**
 * A pool of ids 0 .. capacity - 1 handed out to processes, which survives processes killed at any instruction: every
 * id is either held by a live process or recoverable with {@link #recoverDead()}.
 *
 * <p><b>How:</b> an owner table is the truth, a {@link SharedBitSet} is the index that makes finding a free id fast.
 * A claim takes the owner slot of a candidate id with one CAS from 0 to this process's owner token in the region
 * ({@link SharedRegion#ownerToken()}; that CAS decides, across threads and processes), then sets the id's bit; a
 * release clears the bit, then the owner slot. So a set bit always has an owner, and a process killed between the two
 * steps leaves an owner slot naming a dead process, which {@link #recoverDead()} frees. Nothing is ever left set
 * without a recorded owner. Claims and releases by threads of one process share that process's token.
 *
 * <p><b>Who is alive:</b> {@link SharedRegion#isOwnerAlive(long)}, a lock the kernel holds for the owner, so a live
 * holder's ids are never recovered, whatever PID namespace, user, {@code /proc} mount or clock the processes have,
 * and a stopped process keeps its ids. A process holds its ids while it has the region open: once it closes its last
 * {@link SharedRegion} of the file, or the last one it never closed is garbage-collected, or it dies, they are
 * recoverable. So keep a reference to the region for as long as you hold ids.
 *
 * <p><b>Safety:</b> the handle may be used by any thread; the pool is safe across threads and processes, claims and
 * releases are linearizable (at the owner CAS), and no id is held by two claimants at once.
 *
 * <p><b>Layout:</b> a {@link SharedBitSet} named {@code name} and a {@link SharedLongArray} named
 * {@code name + ".owners"} of {@code capacity + 8} words (owner tokens, padding, and at the last word a search hint),
 * tagged {@code "idpool:" + capacity}, as {@link BitmapDescriptor} draws it.
 */
public final class SharedIdPool
{
    private final SharedRegion region;
    private final SharedBitSet index;
    private final SharedLongArray owners;
    private final int capacity;
    private final int hintIndex;

    private SharedIdPool(final SharedRegion region, final SharedBitSet index, final SharedLongArray owners, final int capacity)
    {
        this.region = region;
        this.index = index;
        this.owners = owners;
        this.capacity = capacity;
        this.hintIndex = BitmapDescriptor.ownersHintIndex(capacity);
    }

    /**
     * The pool of this name, created empty if absent.
     *
     * @param region   the region.
     * @param name     entry name of the index; the owner table is {@code name + ".owners"}.
     * @param capacity number of ids, 1 to {@code SharedRegion.MAX_ARRAY_LENGTH - 8}.
     * @return a handle on the pool.
     * @throws io.sharedatomic.IncompatibleEntryException if the names exist with another type or capacity.
     */
    public static SharedIdPool of(final SharedRegion region, final String name, final int capacity)
    {
        final int maxCapacity = BitmapDescriptor.maxIdCapacity(SharedRegion.MAX_ARRAY_LENGTH);
        if (capacity < 1 || capacity > maxCapacity)
        {
            throw new IllegalArgumentException("capacity " + capacity + " is outside 1.." + maxCapacity);
        }
        final SharedLongArray owners = StructureEntries.words(region, BitmapDescriptor.ownersNameOf(name),
            BitmapDescriptor.ownersArrayLength(capacity), BitmapDescriptor.ownersFormatOf(capacity));
        return new SharedIdPool(region, SharedBitSet.of(region, name, capacity), owners, capacity);
    }

    /**
     * @return the number of ids.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Claims a free id for this process.
     *
     * @return the id, or -1 if every id was held when the search looked at it.
     */
    public long claim()
    {
        final long token = region.ownerToken();
        final long start = Math.floorMod(owners.get(hintIndex), capacity);
        long from = start;
        boolean wrapped = false;
        // Each failed CAS moves past its candidate, so the search ends after at most one pass over the ids.
        for (int attempts = 0; attempts <= capacity; attempts++)
        {
            final long candidate = index.nextClearBit(from);
            if (candidate < 0 || (wrapped && candidate >= start))
            {
                if (wrapped || start == 0)
                {
                    return -1;
                }
                wrapped = true;
                from = 0;
                continue;
            }
            // The owner CAS hands the id out; a candidate whose bit is clear but whose owner slot is not is being
            // claimed or released right now, or belongs to a dead process: skip it.
            if (owners.compareAndSet((int)candidate, 0, token))
            {
                index.set(candidate);
                if (candidate != start)
                {
                    owners.setRelease(hintIndex, candidate);
                }
                return candidate;
            }
            from = candidate + 1;
            if (from >= capacity)
            {
                if (wrapped)
                {
                    return -1;
                }
                wrapped = true;
                from = 0;
            }
        }
        return -1;
    }

    /**
     * Gives back an id this process holds.
     *
     * @param id the id.
     * @throws IllegalStateException     if this process does not hold it.
     * @throws IndexOutOfBoundsException if it is outside 0 .. capacity - 1.
     */
    public void release(final long id)
    {
        final long token = region.ownerToken();
        if (owners.get(checkId(id)) != token)
        {
            throw new IllegalStateException("id " + id + " of '" + index.name() + "' is not held by this process");
        }
        // Bit first, owner second: a set bit must always have an owner.
        index.clear(id);
        owners.compareAndSet((int)id, token, 0);
        if (id < Math.floorMod(owners.get(hintIndex), capacity))
        {
            owners.setRelease(hintIndex, id);
        }
    }

    /**
     * @param id an id.
     * @return the owner token ({@link SharedRegion#ownerToken()}) of the process holding it, or 0 if it is free.
     */
    public long owner(final long id)
    {
        return owners.get(checkId(id));
    }

    /**
     * Frees every id whose owner no longer holds the region (killed, exited or closed it without releasing). Safe to
     * call at any time from any process, also while others claim and release; call it when a process starts, or
     * periodically. Costs one {@code fcntl} call for each owner met that is neither the last live nor the last dead one.
     *
     * @return how many ids were freed.
     */
    public int recoverDead()
    {
        final long self = region.ownerToken();
        int recovered = 0;
        long alive = 0;
        long dead = 0;
        for (int id = 0; id < capacity; id++)
        {
            final long owner = owners.get(id);
            if (owner == 0 || owner == self || owner == alive)
            {
                continue;
            }
            // Tokens are never reused, so a dead one stays dead; a live one may die during the scan, which a later
            // call frees.
            if (owner == dead || !region.isOwnerAlive(owner))
            {
                dead = owner;
                index.clear(id);
                if (owners.compareAndSet(id, owner, 0))
                {
                    recovered++;
                }
            }
            else
            {
                alive = owner;
            }
        }
        return recovered;
    }

    /**
     * @return how many ids are held (a weakly consistent count of owner slots).
     */
    public int held()
    {
        int held = 0;
        for (int id = 0; id < capacity; id++)
        {
            held += owners.get(id) != 0 ? 1 : 0;
        }
        return held;
    }

    private int checkId(final long id)
    {
        if (id < 0 || id >= capacity)
        {
            throw new IndexOutOfBoundsException("id " + id + " is outside 0.." + (capacity - 1) + " of '" + index.name() + "'");
        }
        return (int)id;
    }

    @Override
    public String toString()
    {
        return "SharedIdPool[" + index.name() + ", " + held() + " of " + capacity + " held]";
    }
}
