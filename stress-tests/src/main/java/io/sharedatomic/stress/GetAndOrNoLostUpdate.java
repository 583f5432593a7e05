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
 * Two threads that call {@code getAndOr} on one shared long at once, each setting a different bit, never lose an
 * update: each sees the other's bit or none, and both bits end up set.
 */
@JCStressTest
@Outcome(id = "0, 1, 3", expect = ACCEPTABLE, desc = "Actor 1 set bit 0 first, then actor 2 set bit 1.")
@Outcome(id = "2, 0, 3", expect = ACCEPTABLE, desc = "Actor 2 set bit 1 first, then actor 1 set bit 0.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@State
public class GetAndOrNoLostUpdate
{
    private static final ValuePool<SharedLong> POOL = ValuePool.longs("get-and-or");

    private final long lease = POOL.lease();
    private final SharedLong value = POOL.value(lease);

    public GetAndOrNoLostUpdate()
    {
        value.set(0);
    }

    @Actor
    public void actor1(final JJJ_Result r)
    {
        r.r1 = value.getAndOr(1);
    }

    @Actor
    public void actor2(final JJJ_Result r)
    {
        r.r2 = value.getAndOr(2);
    }

    @Arbiter
    public void arbiter(final JJJ_Result r)
    {
        r.r3 = value.get();
        POOL.checkLease(lease);
    }
}
