package io.sharedatomic.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.sharedatomic.SharedLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * Two threads that increment one shared long with a {@code get}/{@code compareAndSet} retry loop at once never lose an
 * update: their successful CASes replace different values and the sum is 2.
 */
@JCStressTest
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "Actor 1's CAS succeeded first.")
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "Actor 2's CAS succeeded first.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@State
public class CasLoopNoLostUpdate
{
    private static final ValuePool<SharedLong> POOL = ValuePool.longs("cas-loop");

    private final long lease = POOL.lease();
    private final SharedLong value = POOL.value(lease);

    public CasLoopNoLostUpdate()
    {
        value.set(0);
    }

    @Actor
    public void actor1(final JJJ_Result r)
    {
        r.r1 = increment(value);
    }

    @Actor
    public void actor2(final JJJ_Result r)
    {
        r.r2 = increment(value);
    }

    @Arbiter
    public void arbiter(final JJJ_Result r)
    {
        r.r3 = value.get();
        POOL.checkLease(lease);
    }

    /**
     * @return the value the successful CAS replaced.
     */
    private static long increment(final SharedLong value)
    {
        long seen;
        do
        {
            seen = value.get();
        }
        // A failed CAS means the other actor got in between: read again rather than overwrite its increment.
        while (!value.compareAndSet(seen, seen + 1));
        return seen;
    }
}
