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
 * Two threads that call {@code getAndAdd(1)} on one shared long at once never lose an update: they see different
 * previous values and the sum is 2.
 */
@JCStressTest
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "Actor 1 added first.")
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "Actor 2 added first.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@State
public class GetAndAddNoLostUpdate
{
    private static final ValuePool<SharedLong> POOL = ValuePool.longs("get-and-add");

    private final long lease = POOL.lease();
    private final SharedLong value = POOL.value(lease);

    public GetAndAddNoLostUpdate()
    {
        value.set(0);
    }

    @Actor
    public void actor1(final JJJ_Result r)
    {
        r.r1 = value.getAndAdd(1);
    }

    @Actor
    public void actor2(final JJJ_Result r)
    {
        r.r2 = value.getAndAdd(1);
    }

    @Arbiter
    public void arbiter(final JJJ_Result r)
    {
        r.r3 = value.get();
        POOL.checkLease(lease);
    }
}
