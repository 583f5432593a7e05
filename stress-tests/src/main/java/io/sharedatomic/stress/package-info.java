/**
 * jcstress tests of shared-atomic's concurrency guarantees, one class per property, and
 * {@link io.sharedatomic.stress.RunStressTests}, which runs them with the JVM flags Chronicle needs and fails when any
 * result is forbidden, any test errs or any test did not run.
 *
 * <p>jcstress makes millions of {@code @State} objects per test, while a region never frees an entry. So each test
 * class maps one region per forked JVM and its states lease values from a fixed pool in it
 * ({@link io.sharedatomic.stress.ValuePool}); only the creation test needs a new name per state, and it gets them from
 * {@link io.sharedatomic.stress.FreshNames}, which moves on to a new region when one is three quarters full.
 *
 * <p>Not API: nothing here is published.
 */
package io.sharedatomic.stress;
