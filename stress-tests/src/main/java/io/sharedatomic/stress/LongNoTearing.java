package io.sharedatomic.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.sharedatomic.SharedLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Ref;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * A shared long is never torn, even by plain accesses: a reader racing a writer that replaces 0 with -1 sees 0 or -1,
 * never one half of each.
 */
@JCStressTest
@Outcome(id = "0, -1", expect = ACCEPTABLE, desc = "Reader saw the old value whole.")
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "Reader saw the new value whole.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@Ref("https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.7")
@State
public class LongNoTearing
{
    private static final ValuePool<SharedLong> POOL = ValuePool.longs("long-tearing");

    private final long lease = POOL.lease();
    private final SharedLong value = POOL.value(lease);

    public LongNoTearing()
    {
        value.set(0);
    }

    @Actor
    public void writer()
    {
        value.setPlain(-1);
    }

    @Actor
    public void reader(final JJ_Result r)
    {
        r.r1 = value.getPlain();
    }

    @Arbiter
    public void arbiter(final JJ_Result r)
    {
        r.r2 = value.get();
        POOL.checkLease(lease);
    }
}
