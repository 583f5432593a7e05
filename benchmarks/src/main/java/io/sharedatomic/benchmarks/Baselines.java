package io.sharedatomic.benchmarks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the baselines a benchmark class runs next to the library, so that {@link Report} can print every result as
 * a ratio to a baseline measured in the same run.
 *
 * <p>Benchmark methods are named {@code implementation_operation} (for example {@code sharedLong_getAndAdd} and
 * {@code atomicLong_getAndAdd}). A result's ratio is to the first implementation listed here that has a result for
 * the same operation, parameters and thread count.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Baselines
{
    /**
     * @return implementation prefixes of the baseline methods, the preferred one first.
     */
    String[] value();

    /**
     * @return one sentence for the report: what the baselines are and why they are the bound to compare with.
     */
    String description();
}
