package io.sharedatomic.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.sharedatomic.SharedLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Ref;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * A plain write to one shared long, followed by {@code setRelease} of a flag in the same region, is visible to a
 * thread whose {@code getAcquire} sees the flag, even when that thread reads the data with {@code getPlain}.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Reader ran before the writer: no flag, no data.")
@Outcome(id = "0, 42", expect = ACCEPTABLE, desc = "Reader saw the data but not yet the flag.")
@Outcome(id = "1, 42", expect = ACCEPTABLE, desc = "Reader saw the flag, and so the data.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@Ref("https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/lang/invoke/VarHandle.html#setRelease(java.lang.Object...)")
@State
public class ReleaseAcquirePublication
{
    private static final ValuePool<SharedLong> POOL = ValuePool.longs("release-acquire");

    // No arbiter, so no lease check: jcstress never builds states while actors run (see ValuePool).
    private final SharedLong data = POOL.value(POOL.lease());
    private final SharedLong flag = POOL.value(POOL.lease());

    public ReleaseAcquirePublication()
    {
        data.set(0);
        flag.set(0);
    }

    @Actor
    public void writer()
    {
        data.setPlain(42);
        flag.setRelease(1);
    }

    @Actor
    public void reader(final JJ_Result r)
    {
        r.r1 = flag.getAcquire();
        r.r2 = data.getPlain();
    }
}
