package io.sharedatomic.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which thread of this JVM holds a lock word that names this process's owner token. The threads of one process share
 * its token, so the word in shared memory says only "this process"; this object, one per word and JVM, says which
 * thread, and so decides among them.
 *
 * <p>A thread holds such a lock when the word names our token AND it claimed this object. The word is set first (it
 * decides between processes), the claim second (it decides between threads of this process), and on release the
 * claim is given up first: so a word that names our token while nobody here claims it is either a thread between
 * its two steps, or a token left by a process that had it before (a region file restored from a copy while in use),
 * which a waiter takes over after it has seen it unchanged for a while.
 *
 * <p>It also tells the last close of a region file whether a thread of this JVM is still inside a write, so that the
 * lease is given up only after that write ({@link RegionFile}).
 */
public final class LocalLock
{
    private static final VarHandle HOLDER;

    static
    {
        try
        {
            HOLDER = MethodHandles.lookup().findVarHandle(LocalLock.class, "holder", Thread.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") // through HOLDER
    private volatile Thread holder;

    /**
     * @return true if the current thread now holds it; false if another thread of this JVM does.
     */
    public boolean claim()
    {
        return HOLDER.compareAndSet(this, null, Thread.currentThread());
    }

    /**
     * Gives it up; only its holder calls this, and then takes its lock word back with a CAS, which orders this
     * store before that CAS: a release store is enough.
     */
    public void release()
    {
        HOLDER.setRelease(this, null);
    }

    /**
     * @return true if a thread of this JVM holds it.
     */
    public boolean isHeld()
    {
        return HOLDER.getVolatile(this) != null;
    }
}
