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
 * Two threads that call {@code getAndNand} on one shared long of -1 at once, with masks 1 and 2, never lose an update:
 * the second sees the first's result, and the value ends as the two NANDs applied in that order.
 */
@JCStressTest
@Outcome(id = "-1, -2, -3", expect = ACCEPTABLE, desc = "Actor 1 first: ~(-1 & 1) = -2, then ~(-2 & 2) = -3.")
@Outcome(id = "-3, -1, -2", expect = ACCEPTABLE, desc = "Actor 2 first: ~(-1 & 2) = -3, then ~(-3 & 1) = -2.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@State
public class GetAndNandNoLostUpdate
{
    private static final ValuePool<SharedLong> POOL = ValuePool.longs("get-and-nand");

    private final long lease = POOL.lease();
    private final SharedLong value = POOL.value(lease);

    public GetAndNandNoLostUpdate()
    {
        value.set(-1);
    }

    @Actor
    public void actor1(final JJJ_Result r)
    {
        r.r1 = value.getAndNand(1);
    }

    @Actor
    public void actor2(final JJJ_Result r)
    {
        r.r2 = value.getAndNand(2);
    }

    @Arbiter
    public void arbiter(final JJJ_Result r)
    {
        r.r3 = value.get();
        POOL.checkLease(lease);
    }
}
