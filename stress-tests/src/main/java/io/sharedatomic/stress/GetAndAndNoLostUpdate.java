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
 * Two threads that call {@code getAndAnd} on one shared long at once, each clearing a different bit of 0xFF, never
 * lose an update: each sees the other's bit cleared or not yet, and both bits end up clear.
 */
@JCStressTest
@Outcome(id = "255, 254, 252", expect = ACCEPTABLE, desc = "Actor 1 cleared bit 0 first, then actor 2 cleared bit 1.")
@Outcome(id = "253, 255, 252", expect = ACCEPTABLE, desc = "Actor 2 cleared bit 1 first, then actor 1 cleared bit 0.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@State
public class GetAndAndNoLostUpdate
{
    private static final ValuePool<SharedLong> POOL = ValuePool.longs("get-and-and");

    private final long lease = POOL.lease();
    private final SharedLong value = POOL.value(lease);

    public GetAndAndNoLostUpdate()
    {
        value.set(0xFF);
    }

    @Actor
    public void actor1(final JJJ_Result r)
    {
        r.r1 = value.getAndAnd(~1L);
    }

    @Actor
    public void actor2(final JJJ_Result r)
    {
        r.r2 = value.getAndAnd(~2L);
    }

    @Arbiter
    public void arbiter(final JJJ_Result r)
    {
        r.r3 = value.get();
        POOL.checkLease(lease);
    }
}
