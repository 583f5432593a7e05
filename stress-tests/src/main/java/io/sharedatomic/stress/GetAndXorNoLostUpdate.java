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
 * Two threads that call {@code getAndXor} on one shared long at once, one flipping set bit 0 off and one flipping
 * clear bit 1 on, never lose an update: each sees the other's flip or none, and the value ends as 2.
 */
@JCStressTest
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "Actor 1 flipped bit 0 off first, then actor 2 flipped bit 1 on.")
@Outcome(id = "3, 1, 2", expect = ACCEPTABLE, desc = "Actor 2 flipped bit 1 on first, then actor 1 flipped bit 0 off.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@State
public class GetAndXorNoLostUpdate
{
    private static final ValuePool<SharedLong> POOL = ValuePool.longs("get-and-xor");

    private final long lease = POOL.lease();
    private final SharedLong value = POOL.value(lease);

    public GetAndXorNoLostUpdate()
    {
        value.set(1);
    }

    @Actor
    public void actor1(final JJJ_Result r)
    {
        r.r1 = value.getAndXor(1);
    }

    @Actor
    public void actor2(final JJJ_Result r)
    {
        r.r2 = value.getAndXor(2);
    }

    @Arbiter
    public void arbiter(final JJJ_Result r)
    {
        r.r3 = value.get();
        POOL.checkLease(lease);
    }
}
