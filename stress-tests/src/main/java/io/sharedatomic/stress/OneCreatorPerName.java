package io.sharedatomic.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.sharedatomic.SharedRegion;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * When two threads create the same new name at once, exactly one creates it: both get the one value, initialized by
 * one of them (10 or 20), and both of their increments land on it.
 *
 * <p>Each actor asks for {@code sharedLong(name, initial)} with its own initial value and adds 1. Two creators would
 * show as two values that each got one increment ("10, 20, …"); a half-made entry as 0 or an exception.
 */
@JCStressTest
@Outcome(id = "10, 11, 12", expect = ACCEPTABLE, desc = "Actor 1 created the value with 10 and added first.")
@Outcome(id = "11, 10, 12", expect = ACCEPTABLE, desc = "Actor 1 created the value with 10; actor 2 added first.")
@Outcome(id = "20, 21, 22", expect = ACCEPTABLE, desc = "Actor 2 created the value with 20; actor 1 added first.")
@Outcome(id = "21, 20, 22", expect = ACCEPTABLE, desc = "Actor 2 created the value with 20 and added first.")
@Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
@State
public class OneCreatorPerName
{
    /** Every state needs a name nobody has created: see {@link FreshNames} for how the regions keep up. */
    private static final FreshNames NAMES = new FreshNames("one-creator");

    private final SharedRegion region;
    private final String name;

    public OneCreatorPerName()
    {
        final FreshNames.FreshName fresh = NAMES.next();
        this.region = fresh.region();
        this.name = fresh.name();
    }

    @Actor
    public void actor1(final JJJ_Result r)
    {
        r.r1 = region.sharedLong(name, 10).getAndAdd(1);
    }

    @Actor
    public void actor2(final JJJ_Result r)
    {
        r.r2 = region.sharedLong(name, 20).getAndAdd(1);
    }

    @Arbiter
    public void arbiter(final JJJ_Result r)
    {
        r.r3 = region.sharedLong(name).get();
    }
}
